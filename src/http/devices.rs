//! `/api/devices`: kiosk pairing (README "Kiosk pairing"). Pairing answers the token once;
//! revoking ends it at once.

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{NON_EMPTY, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::device::{DeviceKind, KINDS};
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::devices::DeviceDraft;
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;
use serde_json::json;

const NAME_MAX: usize = 80;

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.req_str_max("name", TRIMMED_NON_EMPTY, NAME_MAX);
        let kind = b
            .req_enum("kind", KINDS)
            .and_then(|k| DeviceKind::parse(&k));
        let station = match kind {
            Some(DeviceKind::Station) => {
                let station = b.opt_str("station", NON_EMPTY);
                if !b.has("station") {
                    b.fail("station", "A station device needs a station");
                }
                station
            }
            Some(DeviceKind::Board) if b.has("station") => {
                b.fail("station", "A board device has no station");
                None
            }
            _ => None,
        };
        Some(DeviceDraft {
            name: name?,
            kind: kind?,
            station,
        })
    })?;
    let paired = ops::devices::pair(&state.core, actor.worker.id, draft).await?;
    Ok(reply::created(
        "Device paired",
        json!({ "device": paired.device.doc(), "token": paired.token }),
    ))
}

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (devices, total) = ops::devices::list(&state.core, page.clone()).await?;
    let docs: Vec<_> = devices.iter().map(|d| d.doc()).collect();
    Ok(reply::page(docs, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let device = ops::devices::get(&state.core, id).await?;
    Ok(reply::ok("Success", device.doc()))
}

pub async fn me(State(state): State<AppState>, actor: Actor) -> AppResult<Response> {
    let (device, station) = ops::devices::me(&state.core, &actor).await?;
    Ok(reply::ok("Success", device.with_station(station.as_ref())))
}

pub async fn revoke(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::devices::revoke(&state.core, id).await?;
    Ok(reply::done("Device revoked"))
}
