//! `/api/job-types` (core.md §11.3).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, NON_EMPTY, Obj, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::error::AppResult;
use crate::ops;
use crate::ops::job_types::{JobTypeDraft, JobTypePatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

/// `sheetsPerPane`: an integer, at least one.
fn sheets_per_pane(b: &Obj<'_>) -> Option<i64> {
    b.opt_int("sheetsPerPane", Some(1))
}

/// `defaultRawGlassTypes`: strings of at least one character.
fn raw_glass_types(b: &Obj<'_>) -> Option<Vec<String>> {
    b.opt_str_array("defaultRawGlassTypes", 0, NON_EMPTY)
}

/// `?isActive=…` filters when present: `true` keeps the active ones, any other value the
/// inactive ones (upstream compared with the string `"true"`).
pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let active = query.0.get("isActive").map(|value| value == "true");
    let (job_types, total) = ops::job_types::list(&state.core, page.clone(), active).await?;
    Ok(reply::page(job_types, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let job_type = ops::job_types::get(&state.core, id).await?;
    Ok(reply::ok("Success", job_type))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.req_str("name", TRIMMED_NON_EMPTY);
        let code = b.req_str("code", TRIMMED_NON_EMPTY);
        let description = b.opt_str("description", ANY);
        let sheets_per_pane = sheets_per_pane(b);
        let default_raw_glass_types = raw_glass_types(b);
        let is_active = b.opt_bool("isActive");
        Some(JobTypeDraft {
            name: name?,
            code: code?,
            description,
            sheets_per_pane,
            default_raw_glass_types,
            is_active,
        })
    })?;
    let job_type = ops::job_types::create(&state.core, draft).await?;
    Ok(reply::created("Job type created", job_type))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(JobTypePatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            code: b.opt_str("code", TRIMMED_NON_EMPTY),
            description: b.opt_str("description", ANY),
            sheets_per_pane: sheets_per_pane(b),
            default_raw_glass_types: raw_glass_types(b),
            is_active: b.opt_bool("isActive"),
        })
    })?;
    let job_type = ops::job_types::update(&state.core, id, patch).await?;
    Ok(reply::ok("Job type updated", job_type))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::job_types::delete(&state.core, id).await?;
    Ok(reply::done("Job type deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::job_types::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Job types deleted", count))
}
