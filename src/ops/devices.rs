//! Kiosk pairing: an admin pairs a screen once and it keeps a long-lived device token; revoking
//! the device ends the token at once, over HTTP and on its open sockets.

use super::Core;
use super::auth::AuthFailure;
use super::cascade::Kind;
use super::deletion::{self, Deletion};
use super::refs::{self, Ref};
use crate::auth::device_token;
use crate::domain::device::{Device, DeviceKind};
use crate::domain::station::StationBrief;
use crate::domain::worker::Actor;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::paging::PageRequest;
use rusqlite::Connection;

const WHAT: &str = "Device";

#[derive(Debug)]
pub struct DeviceDraft {
    pub name: String,
    pub kind: DeviceKind,
    /// The kiosk's station as sent (required for a station kiosk, absent for a board).
    pub station: Option<String>,
}

/// A freshly paired device and its token, which is shown only in this answer.
pub struct Paired {
    pub device: Device,
    pub token: String,
}

pub async fn pair(core: &Core, creator: Id, draft: DeviceDraft) -> AppResult<Paired> {
    let token = device_token::generate()
        .ok_or_else(|| AppError::internal("the OS gave no randomness for a device token"))?;
    let token_hash = device_token::hash(&token);
    let device = core
        .transact(move |tx, _events| {
            let station = match draft.kind {
                DeviceKind::Station => {
                    let text = draft.station.as_deref().unwrap_or("");
                    Some(refs::require(tx, Ref::Station, text)?)
                }
                DeviceKind::Board => None,
            };
            let device = Device {
                id: Id::new(),
                name: draft.name,
                kind: draft.kind,
                station,
                created_by: Some(creator),
                created_at: Timestamp::now(),
                last_seen_at: None,
            };
            store::devices::insert(tx, &device, &token_hash)?;
            Ok(device)
        })
        .await?;
    Ok(Paired { device, token })
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<Device>, u64)> {
    core.db
        .read(move |conn| Ok(store::devices::page(conn, &page)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<Device> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.db
        .read(move |conn| store::devices::get(conn, id)?.ok_or_else(|| AppError::not_found(WHAT)))
        .await
}

fn badge(conn: &Connection, station: Option<Id>) -> AppResult<Option<StationBrief>> {
    let Some(station) = station else {
        return Ok(None);
    };
    Ok(store::stations::get(conn, station)?.map(|s| StationBrief::of(&s)))
}

/// The calling device with its station: what a kiosk asks at start to learn what it is.
pub async fn me(core: &Core, actor: &Actor) -> AppResult<(Device, Option<StationBrief>)> {
    let scope = actor
        .device
        .as_ref()
        .ok_or_else(|| AppError::NotFound("This token is not a device".to_owned()))?;
    let id = scope.id;
    core.db
        .read(move |conn| {
            let device = store::devices::get(conn, id)?.ok_or_else(|| AppError::not_found(WHAT))?;
            let station = badge(conn, device.station)?;
            Ok((device, station))
        })
        .await
}

/// How devices are revoked: no resource event (upstream has none to mirror); the cascade tells
/// and disconnects the device's sockets.
const DELETION: Deletion = Deletion {
    kind: Kind::Device,
    topic: None,
    what: WHAT,
};

pub async fn revoke(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::devices::get(tx, id)?.as_ref().map(Device::doc))
        })
        .await
}

/// The device holding `token`, as a caller; a revoked or unknown token is invalid.
pub async fn actor_for_token(core: &Core, token: &str) -> Result<Actor, AuthFailure> {
    let token_hash = device_token::hash(token);
    let found = core
        .db
        .read(move |conn| Ok(store::devices::by_token_hash(conn, &token_hash)?))
        .await;
    seen(core, found, AuthFailure::InvalidToken).await
}

/// The device `id` as it is now (socket events re-check the caller on every join).
pub async fn actor_for_id(core: &Core, id: Id) -> Result<Actor, AuthFailure> {
    let found = core
        .db
        .read(move |conn| Ok(store::devices::get(conn, id)?))
        .await;
    seen(core, found, AuthFailure::UserGone).await
}

/// The caller for a device lookup, noting that the device was seen (at most once a minute).
async fn seen(
    core: &Core,
    found: AppResult<Option<Device>>,
    missing: AuthFailure,
) -> Result<Actor, AuthFailure> {
    let device = match found {
        Ok(Some(device)) => device,
        Ok(None) => return Err(missing),
        Err(error) => {
            tracing::warn!(%error, "device lookup failed");
            return Err(AuthFailure::InvalidToken);
        }
    };
    if core.device_seen.due(device.id) {
        let id = device.id;
        let touched = core
            .transact(move |tx, _events| Ok(store::devices::touch(tx, id, Timestamp::now())?))
            .await;
        // A missed lastSeenAt is not worth refusing the request.
        if let Err(error) = touched {
            tracing::warn!(%error, "device lastSeenAt not written");
        }
    }
    Ok(Actor::device(&device))
}
