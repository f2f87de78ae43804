//! Logging in and recognising callers (core.md §2).

use super::workers::{WorkerView, normalise_username};
use super::{Core, devices, roles};
use crate::auth::token::TokenError;
use crate::auth::{device_token, password};
use crate::domain::Id;
use crate::domain::worker::Actor;
use crate::error::{AppError, AppResult};
use crate::store;
use std::net::IpAddr;

pub struct LoggedIn {
    pub token: String,
    pub worker: WorkerView,
}

fn bad_credentials() -> AppError {
    AppError::Unauthorized("Invalid username or password".to_owned())
}

pub async fn login(
    core: &Core,
    username: &str,
    password: String,
    client: IpAddr,
) -> AppResult<LoggedIn> {
    let username = normalise_username(username);
    if let Some(wait) = core.login_throttle.locked_for(&username, client) {
        let minutes = wait.as_secs().div_ceil(60).max(1);
        return Err(AppError::TooManyRequests(format!(
            "Too many failed login attempts. Try again in {minutes} minute(s)."
        )));
    }
    let lookup = username.clone();
    let found = core
        .db
        .read(move |conn| Ok(store::workers::password_hash(conn, &lookup)?))
        .await?;
    let Some((worker, hash)) = found else {
        password::verify_against_nothing(password).await?;
        core.login_throttle.record_failure(&username, client);
        return Err(bad_credentials());
    };
    if !password::verify(password, hash).await? {
        core.login_throttle.record_failure(&username, client);
        return Err(bad_credentials());
    }
    core.login_throttle.record_success(&username, client);
    let token = core.tokens.issue(worker.id)?;
    let role = core
        .db
        .read(move |conn| roles::resolve(conn, &worker.role).map(|role| (worker, role)))
        .await?;
    Ok(LoggedIn {
        token,
        worker: role,
    })
}

/// Why a caller could not be recognised; the HTTP and socket layers word these per §2.2, §6.2.
#[derive(Debug, PartialEq, Eq)]
pub enum AuthFailure {
    InvalidToken,
    UserGone,
}

impl AuthFailure {
    pub fn message(&self) -> &'static str {
        match self {
            AuthFailure::InvalidToken => "Invalid or expired token",
            AuthFailure::UserGone => "User no longer exists",
        }
    }
}

/// Verifies a token and loads its worker with the current role, or the paired device a
/// device token belongs to.
pub async fn authenticate(core: &Core, token: &str) -> Result<Actor, AuthFailure> {
    if device_token::is_device_token(token) {
        return devices::actor_for_token(core, token).await;
    }
    let id = core
        .tokens
        .verify(token)
        .map_err(|TokenError::Invalid| AuthFailure::InvalidToken)?;
    load_actor(core, id).await
}

/// The caller as it is now: a worker with its current role, or a device that is still paired.
pub async fn reload(core: &Core, actor: &Actor) -> Result<Actor, AuthFailure> {
    match &actor.device {
        Some(device) => devices::actor_for_id(core, device.id).await,
        None => load_actor(core, actor.worker.id).await,
    }
}

/// Loads a worker with its current role, so that role changes apply at once: from the caller
/// cache while no worker or role has changed since it was loaded, else from the database.
pub async fn load_actor(core: &Core, id: Id) -> Result<Actor, AuthFailure> {
    let generation = core.db.caller_generation();
    if let Some(actor) = core.callers.get(id, generation) {
        return Ok(actor);
    }
    let loaded = core
        .db
        .read(move |conn| {
            let Some(worker) = store::workers::get(conn, id)? else {
                return Ok(None);
            };
            let role = roles::resolve(conn, &worker.role)?;
            Ok(Some(Actor::new(worker, role)))
        })
        .await;
    match loaded {
        Ok(Some(actor)) => {
            core.callers.put(id, generation, actor.clone());
            Ok(actor)
        }
        Ok(None) => Err(AuthFailure::UserGone),
        // Upstream answers any lookup failure as an invalid token.
        Err(error) => {
            tracing::warn!(%error, "authentication lookup failed");
            Err(AuthFailure::InvalidToken)
        }
    }
}
