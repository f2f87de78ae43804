//! `GET /api/dashboard/stats` (core.md §11.6).

use super::query::QueryMap;
use super::reply;
use crate::app::AppState;
use crate::domain::dashboard::ChartRange;
use crate::error::AppResult;
use crate::ops;
use axum::extract::State;
use axum::response::Response;

pub async fn stats(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let range = ChartRange::parse(query.0.get("chartRange").map(String::as_str));
    let stats = ops::dashboard::stats(&state.core, range).await?;
    Ok(reply::ok("Dashboard stats fetched successfully", stats))
}
