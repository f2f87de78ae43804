//! The station floor's reads: `GET /api/stations/:id/queue` and `GET /api/board` (additive;
//! README "Floor API").

use super::query::PathId;
use super::reply;
use crate::app::AppState;
use crate::error::AppResult;
use crate::ops;
use axum::extract::State;
use axum::response::Response;

pub async fn queue(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let queue = ops::floor::queue(&state.core, id).await?;
    Ok(reply::ok("Success", queue))
}

pub async fn board(State(state): State<AppState>) -> AppResult<Response> {
    let board = ops::floor::board(&state.core).await?;
    Ok(reply::ok("Success", board))
}
