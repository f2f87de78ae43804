//! `/api/cameras`: USB-camera QR stations (README "Camera stations"). Every change is followed
//! by the manager catching up, so a camera starts, restarts or stops at once.

use super::body::JsonBody;
use super::paging::SortDefaults;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{NON_EMPTY, Obj, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::cameras::{CameraDraft, valid_device};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

const NAME_MAX: usize = 80;

/// A box has a handful of cameras: listed in the order they were added.
const OLDEST_FIRST: SortDefaults = SortDefaults {
    default: "createdAt",
    when_empty: "",
};
const DEVICE_MAX: usize = 512;

fn read_draft(b: &Obj<'_>, creating: bool) -> Option<CameraDraft> {
    let name = if creating {
        b.req_str_max("name", TRIMMED_NON_EMPTY, NAME_MAX)
    } else if b.has("name") {
        Some(b.req_str_max("name", TRIMMED_NON_EMPTY, NAME_MAX)?)
    } else {
        None
    };
    let device = if creating || b.has("device") {
        b.req_str_max("device", TRIMMED_NON_EMPTY, DEVICE_MAX)
    } else {
        None
    };
    if let Some(device) = &device
        && !valid_device(device.trim())
    {
        b.fail(
            "device",
            "device must be a /dev/ path (e.g. /dev/v4l/by-id/…) or folder:/absolute/path",
        );
    }
    let station = if creating {
        b.req_str("station", NON_EMPTY)
    } else {
        b.opt_str("station", NON_EMPTY)
    };
    let actor = b.opt_str("actor", NON_EMPTY);
    let enabled = b.opt_bool("enabled");
    if creating && (name.is_none() || device.is_none() || station.is_none()) {
        return None;
    }
    Some(CameraDraft {
        name: name.map(|n| n.trim().to_owned()),
        device: device.map(|d| d.trim().to_owned()),
        station,
        actor,
        enabled,
    })
}

fn doc(state: &AppState, camera: &crate::camera::CameraConfig) -> Value {
    camera.doc(state.cameras.live(camera.id).as_ref())
}

pub async fn create(
    State(state): State<AppState>,
    actor: Actor,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| read_draft(b, true))?;
    let camera = ops::cameras::create(&state.core, actor.worker.id, draft).await?;
    state.cameras.sync(&state.core).await;
    Ok(reply::created("Camera added", doc(&state, &camera)))
}

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&OLDEST_FIRST);
    let (cameras, total) = ops::cameras::list(&state.core, page.clone()).await?;
    let docs: Vec<Value> = cameras.iter().map(|c| doc(&state, c)).collect();
    Ok(reply::page(docs, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let camera = ops::cameras::get(&state.core, id).await?;
    Ok(reply::ok("Success", doc(&state, &camera)))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| read_draft(b, false))?;
    let camera = ops::cameras::update(&state.core, id, draft).await?;
    state.cameras.sync(&state.core).await;
    Ok(reply::ok("Camera updated", doc(&state, &camera)))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::cameras::delete(&state.core, id).await?;
    state.cameras.sync(&state.core).await;
    Ok(reply::done("Camera removed"))
}
