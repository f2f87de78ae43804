//! Camera configuration (README "Camera stations"). Each change is one transaction; the HTTP
//! layer then asks the camera manager to catch up, so cameras start and stop without a restart.

use super::Core;
use super::refs::{self, Ref};
use crate::camera::CameraConfig;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::paging::PageRequest;

const WHAT: &str = "Camera";

/// A camera's fields as sent; `None` keeps the current value on an update.
#[derive(Debug, Default)]
pub struct CameraDraft {
    pub name: Option<String>,
    pub device: Option<String>,
    pub station: Option<String>,
    pub actor: Option<String>,
    pub enabled: Option<bool>,
}

/// A device the box can open: a V4L2 node or a folder of frames.
pub fn valid_device(device: &str) -> bool {
    device.starts_with("/dev/")
        || device
            .strip_prefix(crate::camera::source::FOLDER_PREFIX)
            .is_some_and(|path| path.starts_with('/'))
}

pub async fn create(core: &Core, creator: Id, draft: CameraDraft) -> AppResult<CameraConfig> {
    core.transact(move |tx, _events| {
        let station = refs::require(tx, Ref::Station, draft.station.as_deref().unwrap_or(""))?;
        let actor = match draft.actor.as_deref() {
            Some(text) => refs::require(tx, Ref::WorkerOperator, text)?,
            None => creator,
        };
        let now = Timestamp::now();
        let camera = CameraConfig {
            id: Id::new(),
            name: draft.name.unwrap_or_default(),
            device: draft.device.unwrap_or_default(),
            station,
            actor,
            enabled: draft.enabled.unwrap_or(true),
            created_at: now,
            updated_at: now,
        };
        store::cameras::save(tx, &camera)?;
        Ok(camera)
    })
    .await
}

pub async fn update(core: &Core, id: Option<Id>, draft: CameraDraft) -> AppResult<CameraConfig> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.transact(move |tx, _events| {
        let mut camera = store::cameras::get(tx, id)?.ok_or_else(|| AppError::not_found(WHAT))?;
        if let Some(text) = draft.station.as_deref() {
            camera.station = refs::require(tx, Ref::Station, text)?;
        }
        if let Some(text) = draft.actor.as_deref() {
            camera.actor = refs::require(tx, Ref::WorkerOperator, text)?;
        }
        if let Some(name) = draft.name {
            camera.name = name;
        }
        if let Some(device) = draft.device {
            camera.device = device;
        }
        if let Some(enabled) = draft.enabled {
            camera.enabled = enabled;
        }
        camera.updated_at = Timestamp::now();
        store::cameras::save(tx, &camera)?;
        Ok(camera)
    })
    .await
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<CameraConfig>, u64)> {
    core.db
        .read(move |conn| Ok(store::cameras::page(conn, &page)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<CameraConfig> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.db
        .read(move |conn| store::cameras::get(conn, id)?.ok_or_else(|| AppError::not_found(WHAT)))
        .await
}

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.transact(move |tx, _events| {
        if store::cameras::delete(tx, id)? {
            Ok(())
        } else {
            Err(AppError::not_found(WHAT))
        }
    })
    .await
}
