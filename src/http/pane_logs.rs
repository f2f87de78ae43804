//! `/api/pane-logs` and `/api/pane-logs/timeline` (production.md §5.7), read-only.

use super::paging::parse_int;
use super::query::QueryMap;
use super::reply;
use crate::app::AppState;
use crate::domain::Id;
use crate::error::{AppError, AppResult};
use crate::ops;
use crate::store::pane_logs::PaneLogFilter;
use axum::extract::State;
use axum::response::Response;

const DEFAULT_LIMIT: i64 = 100;
const MAX_LIMIT: i64 = 500;

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let mut filter = PaneLogFilter::default();
    let mut id = |key: &str| -> Option<Id> {
        let text = query.0.get(key)?;
        let id = Id::parse(text);
        // Upstream: a cast error (500); the box matches nothing.
        filter.nothing |= id.is_none();
        id
    };
    let (station, order, pane, material) =
        (id("station"), id("orderId"), id("paneId"), id("materialId"));
    filter.station = station;
    filter.order = order;
    filter.pane = pane;
    filter.material = material;
    filter.action = query.0.get("action").cloned();
    let limit = query
        .0
        .get("limit")
        .and_then(|l| parse_int(l))
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT) as u64;
    let logs = ops::pane_logs::list(&state.core, filter, limit).await?;
    Ok(reply::ok("Success", logs))
}

pub async fn timeline(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let material = match query.0.get("materialId").filter(|m| !m.is_empty()) {
        None => return Err(AppError::BadRequest("materialId is required".to_owned())),
        Some(text) => Id::parse(text)
            .ok_or_else(|| AppError::BadRequest("materialId must be a valid id".to_owned()))?,
    };
    let rows = ops::pane_logs::timeline(&state.core, material).await?;
    Ok(reply::ok("Success", rows))
}
