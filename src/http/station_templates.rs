//! `/api/station-templates` (core.md §11.1).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::error::AppResult;
use crate::ops;
use crate::ops::station_templates::{TemplateDraft, TemplatePatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (templates, total) = ops::station_templates::list(&state.core, page.clone()).await?;
    Ok(reply::page(templates, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let template = ops::station_templates::get(&state.core, id).await?;
    Ok(reply::ok("Success", template))
}

/// Extra keys clients send (`type`, `allowSkip`) are dropped.
pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.req_str("name", TRIMMED_NON_EMPTY);
        let ui_schema = b.opt_any("uiSchema");
        Some(TemplateDraft {
            name: name?,
            ui_schema,
        })
    })?;
    let template = ops::station_templates::create(&state.core, draft).await?;
    Ok(reply::created("Station template created", template))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(TemplatePatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            ui_schema: b.opt_any("uiSchema"),
        })
    })?;
    let template = ops::station_templates::update(&state.core, id, patch).await?;
    Ok(reply::ok("Station template updated", template))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::station_templates::delete(&state.core, id).await?;
    Ok(reply::done("Station template deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::station_templates::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Station templates deleted", count))
}
