//! `/api/material-logs` (core.md §7.4, §7.5).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{NON_EMPTY, Obj, parse};
use crate::app::AppState;
use crate::domain::Id;
use crate::domain::material_log::{ACTION_TYPES, REFERENCE_TYPES};
use crate::domain::stock::STOCK_TYPES;
use crate::error::AppResult;
use crate::ops;
use crate::ops::material_logs::{LogDetails, LogDraft, LogPatch};
use crate::store::material_logs::LogFilter;
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

fn read_details(b: &Obj<'_>) -> LogDetails {
    LogDetails {
        panes: b.opt_str_array("panes", 0, NON_EMPTY),
        reference_id: b.opt_id("referenceId"),
        reference_type: b.opt_enum("referenceType", REFERENCE_TYPES),
        total_price: b.opt_number("totalPrice", Some(0.0), None),
        stock_type: b.opt_enum("stockType", STOCK_TYPES),
        order: b.opt_str("order", NON_EMPTY),
        parent_log: b.opt_str("parentLog", NON_EMPTY),
        worker: b.opt_id("worker"),
    }
}

/// `?materialId=&actionType=`. A malformed material id matches nothing (upstream: 500).
pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let material = query.0.get("materialId");
    if material.is_some_and(|text| Id::parse(text).is_none()) {
        return Ok(reply::page(Vec::<()>::new(), Pagination::new(&page, 0)));
    }
    let filter = LogFilter {
        material: material.and_then(|text| Id::parse(text)),
        action_type: query.0.get("actionType").cloned(),
    };
    let (logs, total) = ops::material_logs::list(&state.core, filter, page.clone()).await?;
    Ok(reply::page(logs, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let log = ops::material_logs::get(&state.core, id).await?;
    Ok(reply::ok("Success", log))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let material = b.req_str("material", NON_EMPTY);
        let action_type = b.req_enum("actionType", ACTION_TYPES);
        let quantity_changed = b.req_number("quantityChanged", None, None);
        let details = read_details(b);
        Some(LogDraft {
            material: material?,
            action_type: action_type?,
            quantity_changed: quantity_changed?,
            details,
        })
    })?;
    let log = ops::material_logs::create(&state.core, draft).await?;
    Ok(reply::created("Material log created", log))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(LogPatch {
            material: b.opt_str("material", NON_EMPTY),
            action_type: b.opt_enum("actionType", ACTION_TYPES),
            quantity_changed: b.opt_number("quantityChanged", None, None),
            details: read_details(b),
        })
    })?;
    let log = ops::material_logs::update(&state.core, id, patch).await?;
    Ok(reply::ok("Material log updated", log))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::material_logs::delete(&state.core, id).await?;
    Ok(reply::done("Material log deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::material_logs::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Material logs deleted", count))
}
