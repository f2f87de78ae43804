//! The REST API under `/api`: one module per resource, the route table with every route's
//! guard, and the contract's conventions (envelope, validation, paging, headers).

pub mod auth;
pub mod body;
pub mod cameras;
pub mod claims;
pub mod connect;
pub mod customers;
pub mod dashboard;
pub mod devices;
pub mod floor;
pub mod guard;
pub mod headers;
pub mod health;
pub mod inventories;
pub mod job_types;
pub mod labels;
pub mod material_logs;
pub mod materials;
pub mod notifications;
pub mod openapi;
pub mod orders;
pub mod paging;
pub mod pane_items;
pub mod pane_logs;
pub mod panes;
pub mod pricing;
pub mod printers;
pub mod production_logs;
pub mod qr;
pub mod query;
pub mod reply;
pub mod requests;
pub mod roles;
pub mod routes;
pub mod scan;
pub mod station_templates;
pub mod stations;
pub mod sticker_templates;
pub mod validate;
pub mod withdrawals;
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

/// The URL as the client sent it, before [`normalize_path`]; 404 messages quote it.
#[derive(Clone)]
pub struct OriginalUrl(pub String);

/// Express routing quirks clients may rely on (core.md §1.2): a trailing slash is tolerated
/// (`/api/health/`) and route names match case-insensitively (`/API/HEALTH`). Only the segments
/// that are literal parts of some route are folded to lower case, so ids and pane numbers keep
/// their case.
pub fn normalize_path(mut request: Request) -> Request {
    let path = request.uri().path();
    if !path.to_ascii_lowercase().starts_with("/api") {
        return request;
    }
    let literals = route_literals();
    let trimmed = path.trim_end_matches('/');
    let normalized: Vec<String> = trimmed
        .split('/')
        .map(|segment| {
            let lower = segment.to_ascii_lowercase();
            if lower != segment && literals.contains(lower.as_str()) {
                lower
            } else {
                segment.to_owned()
            }
        })
        .collect();
    let normalized = normalized.join("/");
    let normalized = if normalized.is_empty() {
        "/".to_owned()
    } else {
        normalized
    };
    if normalized == path {
        return request;
    }
    let original = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_default();
    let rebuilt = match request.uri().query() {
        Some(query) => format!("{normalized}?{query}"),
        None => normalized,
    };
    if let Ok(uri) = rebuilt.parse() {
        request.extensions_mut().insert(OriginalUrl(original));
        *request.uri_mut() = uri;
    }
    request
}

/// Every literal path segment of the API (`api`, `workers`, `permissions`, …).
fn route_literals() -> &'static std::collections::HashSet<&'static str> {
    static LITERALS: std::sync::OnceLock<std::collections::HashSet<&'static str>> =
        std::sync::OnceLock::new();
    LITERALS.get_or_init(|| {
        let mut literals: std::collections::HashSet<&'static str> = routes::table()
            .iter()
            .flat_map(|route| route.path.split('/'))
            .filter(|segment| !segment.is_empty() && !segment.starts_with('{'))
            .collect();
        literals.insert("api");
        literals
    })
}

/// Upstream's 404 for unknown routes and methods: `Not found: <METHOD> <originalUrl>`.
pub fn not_found(request: &Request) -> AppError {
    let original = match request.extensions().get::<OriginalUrl>() {
        Some(OriginalUrl(url)) => url.clone(),
        None => request
            .uri()
            .path_and_query()
            .map(|pq| pq.as_str())
            .unwrap_or("/")
            .to_owned(),
    };
    AppError::NotFound(format!("Not found: {} {original}", request.method()))
}
