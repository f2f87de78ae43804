//! `/api/sticker-templates` (core.md §11.4).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::error::AppResult;
use crate::ops;
use crate::ops::sticker_templates::{StickerDraft, StickerPatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

const MIN_SIZE: Option<f64> = Some(0.0);

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (templates, total) = ops::sticker_templates::list(&state.core, page.clone()).await?;
    Ok(reply::page(templates, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let template = ops::sticker_templates::get(&state.core, id).await?;
    Ok(reply::ok("Success", template))
}

/// Extra keys clients send (`fields`) are dropped.
pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.opt_str("name", TRIMMED_NON_EMPTY);
        let width = b.req_number("width", MIN_SIZE, None);
        let height = b.req_number("height", MIN_SIZE, None);
        let elements = b.opt_any("elements");
        Some(StickerDraft {
            name,
            width: width?,
            height: height?,
            elements,
        })
    })?;
    let template = ops::sticker_templates::create(&state.core, draft).await?;
    Ok(reply::created("Sticker template created", template))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(StickerPatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            width: b.opt_number("width", MIN_SIZE, None),
            height: b.opt_number("height", MIN_SIZE, None),
            elements: b.opt_any("elements"),
        })
    })?;
    let template = ops::sticker_templates::update(&state.core, id, patch).await?;
    Ok(reply::ok("Sticker template updated", template))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::sticker_templates::delete(&state.core, id).await?;
    Ok(reply::done("Sticker template deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::sticker_templates::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Sticker templates deleted", count))
}
