//! Route guards (core.md §3.4): who may call a route. Every API route names its guard in the
//! route table (`routes.rs`); this middleware enforces it before the handler runs, in
//! upstream's order: authentication (401), then the guard (403), then the handler's body
//! validation (400).

use crate::app::AppState;
use crate::domain::permissions::Grants;
use crate::domain::worker::Actor;
use crate::error::AppError;
use crate::ops::auth::authenticate;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
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
    if !guard.allows(&actor.grants) {
        return Err(AppError::forbidden_action());
    }
    request.extensions_mut().insert(actor);
    Ok(next.run(request).await)
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
