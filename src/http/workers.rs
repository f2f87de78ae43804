//! `/api/workers` (core.md §4).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, Len, Obj, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::worker::{PreferencesPatch, SoundsPatch};
use crate::error::AppResult;
use crate::ops;
use crate::ops::workers::{WorkerDraft, WorkerPatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

const PASSWORD: Len = Len {
    min: 6,
    trim: false,
};

/// `notificationPreferences`: `{enabled?, volume? 0..1, sounds?: {low?, medium?, high?, urgent?}}`.
pub fn read_preferences(p: &Obj<'_>) -> PreferencesPatch {
    PreferencesPatch {
        enabled: p.opt_bool("enabled"),
        volume: p.opt_number("volume", Some(0.0), Some(1.0)),
        sounds: p.opt_obj("sounds", |s| SoundsPatch {
            low: s.opt_str("low", TRIMMED_NON_EMPTY),
            medium: s.opt_str("medium", TRIMMED_NON_EMPTY),
            high: s.opt_str("high", TRIMMED_NON_EMPTY),
            urgent: s.opt_str("urgent", TRIMMED_NON_EMPTY),
        }),
    }
}

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (workers, total) = ops::workers::list(&state.core, page.clone()).await?;
    let docs: Vec<_> = workers
        .iter()
        .map(|(worker, role)| worker.with_role(role))
        .collect();
    Ok(reply::page(docs, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let (worker, role) = ops::workers::get(&state.core, id).await?;
    Ok(reply::ok("Success", worker.with_role(&role)))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.req_str("name", TRIMMED_NON_EMPTY);
        let username = b.req_str("username", TRIMMED_NON_EMPTY);
        let password = b.req_str("password", PASSWORD);
        let position = b.req_str("position", TRIMMED_NON_EMPTY);
        let role = b.opt_str("role", ANY);
        let notification_preferences = b.opt_obj("notificationPreferences", read_preferences);
        Some(WorkerDraft {
            name: name?,
            username: username?,
            password: password?,
            position: position?,
            role,
            notification_preferences,
        })
    })?;
    let (worker, role) = ops::workers::create(&state.core, draft).await?;
    Ok(reply::created("Worker created", worker.with_role(&role)))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(WorkerPatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            username: b.opt_str("username", TRIMMED_NON_EMPTY),
            password: b.opt_str("password", PASSWORD),
            position: b.opt_str("position", TRIMMED_NON_EMPTY),
            role: b.opt_str("role", ANY),
            notification_preferences: b.opt_obj("notificationPreferences", read_preferences),
        })
    })?;
    let (worker, role) = ops::workers::update(&state.core, id, patch).await?;
    Ok(reply::ok("Worker updated", worker.with_role(&role)))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::workers::delete(&state.core, id).await?;
    Ok(reply::done("Worker deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::workers::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Workers deleted", count))
}
