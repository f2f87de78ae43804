//! `/api/roles` (core.md §3.7).

use super::body::JsonBody;
use super::paging::OLDEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, NON_EMPTY, TRIMMED, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::permissions::LISTED_PERMISSIONS;
use crate::error::AppResult;
use crate::ops;
use crate::ops::roles::{RoleDraft, RolePatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&OLDEST_FIRST);
    let (roles, total) = ops::roles::list(&state.core, page.clone()).await?;
    Ok(reply::page(roles, Pagination::new(&page, total)))
}

pub async fn permissions() -> Response {
    reply::ok("Success", LISTED_PERMISSIONS)
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let role = ops::roles::get(&state.core, id).await?;
    Ok(reply::ok("Success", role))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.req_str("name", TRIMMED_NON_EMPTY);
        let slug = b.opt_str("slug", NON_EMPTY);
        let description = b.opt_str("description", TRIMMED);
        let permissions = b.opt_str_array("permissions", 0, ANY);
        Some(RoleDraft {
            name: name?,
            slug,
            description,
            permissions,
        })
    })?;
    let role = ops::roles::create(&state.core, draft).await?;
    Ok(reply::created("Role created", role))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(RolePatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            slug: b.opt_str("slug", NON_EMPTY),
            description: b.opt_str("description", TRIMMED),
            permissions: b.opt_str_array("permissions", 0, ANY),
        })
    })?;
    let role = ops::roles::update(&state.core, id, patch).await?;
    Ok(reply::ok("Role updated", role))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::roles::delete(&state.core, id).await?;
    Ok(reply::done("Role deleted"))
}
