//! Route guards (core.md §3.4): who may call a route. Every API route names its guard in the
//! route table (`routes.rs`); this middleware enforces it before the handler runs, in
//! upstream's order: authentication (401), then the guard (403), then the handler's body
//! validation (400).

use super::body::BODY_LIMIT;
use crate::app::AppState;
use crate::domain::permissions::Grants;
use crate::domain::worker::Actor;
use crate::error::AppError;
use crate::ops::auth::authenticate;
use axum::body::Body;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;

/// The guard kinds of §3.4. `Station` is upstream's "station-aware" guard, `G[list]`; its
/// `station_users` flag is the table's `+st`.
#[derive(Clone, Copy, Debug)]
pub enum Guard {
    Public,
    Auth,
    All(&'static [&'static str]),
    Any(&'static [&'static str]),
    Station {
        allowed: &'static [&'static str],
        station_users: bool,
    },
    /// SCAN: admin slug, `*`, `production:manage`, or `station:enter:<body.station>`, checked
    /// before the body is validated (403 `Not authorized to scan at this station`).
    Scan,
}

impl Guard {
    pub fn allows(self, grants: &Grants) -> bool {
        match self {
            Guard::Public | Guard::Auth => true,
            Guard::All(required) => grants.all(required),
            Guard::Any(allowed) => grants.any(allowed),
            Guard::Station {
                allowed,
                station_users,
            } => grants.station_aware(allowed, station_users),
            // Decided by `allows_scan` with the body's station.
            Guard::Scan => false,
        }
    }
}

/// The bearer token of a request: the header must start with `Bearer ` (core.md §2.1).
fn bearer_token(headers: &HeaderMap) -> Result<&str, AppError> {
    let not_authenticated = || AppError::Unauthorized("Not authenticated".to_owned());
    let header = headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(not_authenticated)?;
    if !header.starts_with("Bearer ") {
        return Err(not_authenticated());
    }
    Ok(header.split(' ').nth(1).unwrap_or(""))
}

pub async fn enforce(
    State((state, guard)): State<(AppState, Guard)>,
    mut request: Request,
    next: Next,
) -> Result<Response, AppError> {
    if let Guard::Public = guard {
        return Ok(next.run(request).await);
    }
    let token = bearer_token(request.headers())?;
    let actor = authenticate(&state.core, token)
        .await
        .map_err(|f| AppError::Unauthorized(f.message().to_owned()))?;
    if let Guard::Scan = guard {
        let (station, rebuilt) = body_station(request).await?;
        request = rebuilt;
        if !actor.grants.may_scan_at(&station) {
            return Err(AppError::Forbidden(
                "Not authorized to scan at this station".to_owned(),
            ));
        }
    } else if !guard.allows(&actor.grants) {
        return Err(AppError::forbidden_action());
    }
    if actor.device.is_some() && !device_may_call(guard, request.method()) {
        return Err(AppError::Forbidden(DEVICE_READ_ONLY.to_owned()));
    }
    request.extensions_mut().insert(actor);
    Ok(next.run(request).await)
}

pub const DEVICE_READ_ONLY: &str = "A device token can only read and scan";

/// A paired device reads and scans, nothing else: its station grant (`station:enter:<id>`)
/// would otherwise pass the `+st` write guards (orders, claims, withdrawals, panes), and it
/// has no profile to edit.
fn device_may_call(guard: Guard, method: &Method) -> bool {
    matches!(guard, Guard::Scan) || method == Method::GET || method == Method::HEAD
}

/// `body.station` as text (empty when absent or not a string), read from a buffered copy of
/// the body that is put back for the handler.
async fn body_station(request: Request) -> Result<(String, Request), AppError> {
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| AppError::PayloadTooLarge("Request body is larger than 10 MB".to_owned()))?;
    let station = serde_json::from_slice::<serde_json::Value>(&bytes)
        .ok()
        .and_then(|body| body.get("station")?.as_str().map(str::to_owned))
        .unwrap_or_default();
    Ok((station, Request::from_parts(parts, Body::from(bytes))))
}

/// The caller of a guarded route, as the guard middleware authenticated it.
impl<S: Send + Sync> FromRequestParts<S> for Actor {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Actor>()
            .cloned()
            .ok_or_else(|| AppError::Unauthorized("Not authenticated".to_owned()))
    }
}
