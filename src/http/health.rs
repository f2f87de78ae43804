//! `GET /api/health` (core.md §1.11), with the box's version added.

use super::reply;
use crate::app::AppState;
use crate::domain::Timestamp;
use axum::extract::State;
use axum::response::Response;
use serde_json::json;

pub async fn get(State(state): State<AppState>) -> Response {
    reply::ok(
        "Success",
        json!({
            "status": "healthy",
            "uptime": state.started.elapsed().as_secs(),
            "timestamp": Timestamp::now(),
            "version": crate::VERSION,
            "revision": crate::GIT_REVISION,
        }),
    )
}
