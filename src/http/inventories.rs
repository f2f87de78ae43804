//! `/api/inventories` (core.md §7.1–§7.3).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{NON_EMPTY, TRIMMED, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::stock::STOCK_TYPES;
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::inventories::{InventoryDraft, InventoryPatch, Move};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (records, total) = ops::inventories::list(&state.core, page.clone()).await?;
    Ok(reply::page(records, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let record = ops::inventories::get(&state.core, id).await?;
    Ok(reply::ok("Success", record))
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let material = b.req_str("material", NON_EMPTY);
        let stock_type = b.req_enum("stockType", STOCK_TYPES);
        let quantity = b.req_number("quantity", Some(0.0), None);
        let location = b.req_str("location", TRIMMED_NON_EMPTY);
        let storage_color = b.opt_str("storageColor", TRIMMED);
        let is_active = b.opt_bool("isActive");
        Some(InventoryDraft {
            material: material?,
            stock_type: stock_type?,
            quantity: quantity?,
            location: location?,
            storage_color,
            is_active,
        })
    })?;
    let record = ops::inventories::create(&state.core, actor.worker.id, draft).await?;
    Ok(reply::created("Inventory created", record))
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(InventoryPatch {
            material: b.opt_str("material", NON_EMPTY),
            stock_type: b.opt_enum("stockType", STOCK_TYPES),
            quantity: b.opt_number("quantity", Some(0.0), None),
            location: b.opt_str("location", TRIMMED_NON_EMPTY),
            storage_color: b.opt_str("storageColor", TRIMMED),
            is_active: b.opt_bool("isActive"),
        })
    })?;
    let record = ops::inventories::update(&state.core, actor.worker.id, id, patch).await?;
    Ok(reply::ok("Inventory updated", record))
}

/// `POST /api/inventories/:id/move`. A whitespace-only `toLocation` is refused here; upstream
/// let it through and failed with 500 after the source was already decremented (§7.3).
pub async fn move_stock(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let order = parse(&body, |b| {
        let quantity = b.req_number("quantity", Some(1.0), None);
        let to_location = b.req_str("toLocation", TRIMMED_NON_EMPTY);
        let to_storage_color = b.opt_str("toStorageColor", TRIMMED);
        Some(Move {
            quantity: quantity?,
            to_location: to_location?,
            to_storage_color,
        })
    })?;
    let moved = ops::inventories::move_stock(&state.core, actor.worker.id, id, order).await?;
    Ok(reply::ok("Inventory moved", moved))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::inventories::delete(&state.core, id).await?;
    Ok(reply::done("Inventory deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::inventories::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Inventories deleted", count))
}
