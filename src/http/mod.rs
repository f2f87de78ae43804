//! The REST API under `/api`: one module per resource, the route table with every route's
//! guard, and the contract's conventions (envelope, validation, paging, headers).

pub mod auth;
pub mod body;
pub mod guard;
pub mod headers;
pub mod health;
pub mod paging;
pub mod query;
pub mod reply;
pub mod roles;
pub mod routes;
pub mod validate;
pub mod workers;

use crate::app::AppState;
use crate::error::AppError;
use axum::Router;
use axum::extract::Request;
use axum::middleware::from_fn_with_state;

/// The `/api` routes, each wrapped in its guard.
pub fn api_router(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    for route in routes::table() {
        let guarded = route.handler.layer(from_fn_with_state(
            (state.clone(), route.guard),
            guard::enforce,
        ));
        router = router.route(&format!("/api{}", route.path), guarded);
    }
    router
}

/// Upstream's 404 for unknown routes and methods: `Not found: <METHOD> <originalUrl>`.
pub fn not_found(request: &Request) -> AppError {
    let original = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str())
        .unwrap_or("/");
    AppError::NotFound(format!("Not found: {} {original}", request.method()))
}
