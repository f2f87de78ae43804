//! USB-camera QR stations (README "Camera stations"): cameras configured in the database each
//! get a capture thread (`pipeline`) reading a [`source::FrameSource`], and a task that acts on
//! what it decodes (`actions`) through the same use cases as a phone. The [`Manager`] starts and
//! stops them to match the configuration, without a restart.

pub mod actions;
pub mod cli;
pub mod pipeline;
pub mod source;
#[cfg(feature = "camera")]
pub mod v4l;

use crate::domain::{Id, Timestamp};
use crate::ops::Core;
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// A configured camera (a row of `cameras`).
#[derive(Clone, Debug, PartialEq)]
pub struct CameraConfig {
    pub id: Id,
    pub name: String,
    /// `/dev/video0`, `/dev/v4l/by-id/…`, or `folder:/path`.
    pub device: String,
    pub station: Id,
    /// The worker its scans are recorded as.
    pub actor: Id,
    pub enabled: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl CameraConfig {
    /// The API document, with the live state when the camera runs.
    pub fn doc(&self, live: Option<&LiveState>) -> Value {
        json!({
            "_id": self.id,
            "name": self.name,
            "device": self.device,
            "station": self.station,
            "actor": self.actor,
            "enabled": self.enabled,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
            "live": live,
        })
    }
}

/// What a camera is doing now (`GET /api/cameras`).
#[derive(Clone, Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LiveState {
    pub running: bool,
    /// A finite source (a folder) was read to its end.
    pub finished: bool,
    pub source: String,
    pub last_error: Option<String>,
    pub frames: u64,
    pub corrupt_frames: u64,
    pub decoder_panics: u64,
    pub frames_per_second: f64,
    /// Time the decoder took on the latest frame.
    pub decode_ms: f64,
    pub last_code: Option<String>,
    pub last_code_at: Option<Timestamp>,
    /// What the latest code did (`scan_in PNE-0001`, `check-in Somchai`) or why it did nothing.
    pub last_action: Option<String>,
    pub scans: u64,
}

struct Running {
    config: CameraConfig,
    live: Arc<Mutex<LiveState>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Running {
    fn drop(&mut self) {
        // The thread notices within a frame and ends; its action task ends with the channel.
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// The running cameras, kept in step with the `cameras` table.
#[derive(Default)]
pub struct Manager {
    running: Mutex<HashMap<Id, Running>>,
}

/// Sightings waiting for their action; beyond this a camera drops codes instead of blocking.
const QUEUE: usize = 32;

impl Manager {
    /// Starts enabled cameras that do not run, restarts changed ones, stops removed ones.
    pub async fn sync(&self, core: &Arc<Core>) {
        let configured = match core
            .db
            .read(|conn| Ok(crate::store::cameras::all(conn)?))
            .await
        {
            Ok(cameras) => cameras,
            Err(error) => {
                tracing::error!(%error, "cannot read the camera configuration");
                return;
            }
        };
        let Ok(mut running) = self.running.lock() else {
            return;
        };
        running.retain(|id, camera| {
            configured
                .iter()
                .any(|c| c.id == *id && c.enabled && *c == camera.config)
        });
        for config in configured.into_iter().filter(|c| c.enabled) {
            if running.contains_key(&config.id) {
                continue;
            }
            match start(core, config.clone()) {
                Ok(camera) => {
                    running.insert(config.id, camera);
                }
                Err(error) => tracing::error!(%error, camera = %config.id, "camera not started"),
            }
        }
    }

    /// The live state of a running camera.
    pub fn live(&self, id: Id) -> Option<LiveState> {
        let running = self.running.lock().ok()?;
        let camera = running.get(&id)?;
        camera.live.lock().ok().map(|state| state.clone())
    }

    /// Stops every camera (server shutdown).
    pub fn stop_all(&self) {
        if let Ok(mut running) = self.running.lock() {
            running.clear();
        }
    }
}

fn start(core: &Arc<Core>, config: CameraConfig) -> std::io::Result<Running> {
    let live = Arc::new(Mutex::new(LiveState::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let (sender, mut receiver) = tokio::sync::mpsc::channel(QUEUE);
    pipeline::Pipeline {
        device: config.device.clone(),
        live: Arc::clone(&live),
        stop: Arc::clone(&stop),
        sightings: sender,
        decode: crate::qr::decode_luma,
        hold: pipeline::HOLD_GAP,
        open: Box::new(source::open),
        backoff: pipeline::CAMERA_BACKOFF,
    }
    .spawn()?;
    let (core, camera, state) = (Arc::clone(core), config.clone(), Arc::clone(&live));
    // One task per camera acts on its codes in order (scan_in before complete).
    tokio::spawn(async move {
        while let Some(sighting) = receiver.recv().await {
            let outcome = actions::act(&core, &camera, &sighting).await;
            tracing::info!(camera = %camera.name, outcome = %outcome.line, "camera scan");
            if let Ok(mut live) = state.lock() {
                live.scans += u64::from(outcome.ok);
                live.last_action = Some(outcome.line);
            }
            if let Some(report) = outcome.report {
                core.bus.publish(vec![report]).await;
            }
        }
    });
    tracing::info!(camera = %config.name, device = %config.device, "camera started");
    Ok(Running { config, live, stop })
}
