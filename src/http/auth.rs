//! `/api/auth`: login, logout, me, and editing one's own profile (core.md §2.3).

use super::body::JsonBody;
use super::reply;
use super::validate::{NON_EMPTY, Obj, TRIMMED_NON_EMPTY, parse};
use super::workers::read_preferences;
use crate::app::AppState;
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::workers::ProfilePatch;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::response::Response;
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

/// The client's address, for the login throttle.
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let address = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0.ip());
        Ok(ClientAddr(
            address.unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED)),
        ))
    }
}

pub async fn login(
    State(state): State<AppState>,
    ClientAddr(client): ClientAddr,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let (username, password) = parse(&body, |b: &Obj<'_>| {
        let username = b.req_str("username", NON_EMPTY);
        let password = b.req_str("password", NON_EMPTY);
        Some((username?, password?))
    })?;
    let logged_in = ops::auth::login(&state.core, &username, password, client).await?;
    let (worker, role) = &logged_in.worker;
    Ok(reply::ok(
        "Login successful",
        json!({ "token": logged_in.token, "worker": worker.with_role(role) }),
    ))
}

pub async fn logout() -> Response {
    reply::done("Logged out successfully")
}

pub async fn me(actor: Actor) -> Response {
    reply::ok("Success", actor.worker.with_role(&actor.role))
}

pub async fn update_me(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(ProfilePatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            username: b.opt_str("username", TRIMMED_NON_EMPTY),
            notification_preferences: b.opt_obj("notificationPreferences", read_preferences),
        })
    })?;
    let (worker, role) = ops::workers::update_profile(&state.core, actor.worker.id, patch).await?;
    Ok(reply::ok("Profile updated", worker.with_role(&role)))
}
