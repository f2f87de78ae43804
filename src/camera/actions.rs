//! What a decoded code does at a camera's station, through the same use cases as a phone:
//! - a pane sticker `STDPLUS:<paneNumber>` (or a bare pane number) performs the pane's next
//!   logical action at the station (`domain::scan::next_action`, the kiosk's rule) through
//!   `ops::scan`, recorded as the camera's worker, with an idempotency key made of the camera,
//!   the code and the moment the sticker came into view;
//! - a station check-in code (`…/stations/<id>/checkin`) of this station, or a worker badge
//!   `STDPLUS-WORKER:<workerId>`, announces the worker at the station through `Bus::check_in`,
//!   the path of the phone's `mobile-scan` (the same `scan-confirmed`).
//!
//! Not done by a camera: a pane at another station is not pulled here (the phone asks first),
//! a laminate merge needs the kiosk's choice of sticker, and a QC station's camera passes a
//! pane (`qc_pass`); QC failures are entered on the kiosk.

use super::CameraConfig;
use super::pipeline::Sighting;
use crate::domain::events::Event;
use crate::domain::scan::{ScanAction, next_action};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::ops::Core;
use crate::ops::idempotency::Keyed;
use crate::ops::scan::ScanCommand;
use crate::realtime::checkin::{CheckIn, local_time_string};
use crate::store;
use serde_json::{Value, json};

/// What a decoded text means (web/src/lib/qrtext.ts `parseScan`, plus worker badges).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Code {
    Pane(String),
    CheckIn(Id),
    Badge(Id),
    Unknown,
}

pub const BADGE_PREFIX: &str = "STDPLUS-WORKER:";

pub fn parse(raw: &str) -> Code {
    let text = raw.trim();
    if let Some(id) = text.strip_prefix(BADGE_PREFIX) {
        return Id::parse(id.trim()).map_or(Code::Unknown, Code::Badge);
    }
    let lower = text.to_ascii_lowercase();
    for marker in ["/stations/", "/station/"] {
        if let Some(at) = lower.find(marker) {
            let rest = &lower[at + marker.len()..];
            if let Some((id, tail)) = rest.split_once('/')
                && tail.starts_with("checkin")
                && let Some(id) = Id::parse(id)
            {
                return Code::CheckIn(id);
            }
        }
    }
    let number = match text.get(..8) {
        Some(prefix) if prefix.eq_ignore_ascii_case("STDPLUS:") => &text[8..],
        _ => text,
    }
    .trim()
    .to_ascii_uppercase();
    let valid = !number.is_empty()
        && number.len() <= 64
        && number.starts_with(|c: char| c.is_ascii_alphanumeric())
        && number
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if valid {
        Code::Pane(number)
    } else {
        Code::Unknown
    }
}

/// What one sighting did: a line for the camera's live state and, for anything but a check-in
/// (which has its own `scan-confirmed`), the `camera:scan` report for the station's kiosk.
pub struct Outcome {
    pub ok: bool,
    pub line: String,
    pub report: Option<Event>,
}

/// Acts on one sighting.
pub async fn act(core: &Core, camera: &CameraConfig, sighting: &Sighting) -> Outcome {
    let report = Report {
        camera,
        code: &sighting.payload,
        pane: None,
        action: None,
    };
    match parse(&sighting.payload) {
        Code::Pane(pane) => scan_pane(core, camera, sighting, &pane).await,
        Code::CheckIn(station) if station == camera.station => {
            match worker_name(core, camera.actor).await {
                Ok(worker) => check_in(core, camera, worker).await,
                Err(error) => report.refused(&error),
            }
        }
        Code::CheckIn(station) => report.refused(&AppError::BadRequest(format!(
            "the check-in code of station {station} was shown to a camera at another station"
        ))),
        Code::Badge(worker) => match worker_name(core, worker).await {
            Ok(name) => check_in(core, camera, name).await,
            Err(error) => report.refused(&error),
        },
        Code::Unknown => report.refused(&AppError::BadRequest(format!(
            "not a pane sticker or a check-in code: {}",
            sighting.payload.chars().take(40).collect::<String>()
        ))),
    }
}

/// The `camera:scan` payload: the scan's answer in the contract's envelope terms, so that a
/// kiosk words it exactly as it words the answer to its own scan.
struct Report<'a> {
    camera: &'a CameraConfig,
    code: &'a str,
    pane: Option<&'a str>,
    action: Option<ScanAction>,
}

impl Report<'_> {
    fn answered(self, status: u16, body: &Value) -> Outcome {
        let ok = status < 400;
        let message = body["message"].as_str().unwrap_or_default().to_owned();
        let line = match (ok, self.action, self.pane) {
            (true, Some(action), Some(pane)) => format!("{} {pane}", action.as_str()),
            _ => format!("{}: {message}", self.code),
        };
        let payload = json!({
            "camera": {"_id": self.camera.id, "name": self.camera.name},
            "station": self.camera.station,
            "code": self.code,
            "paneNumber": self.pane,
            "action": self.action.map(ScanAction::as_str),
            "ok": ok,
            "status": status,
            "message": message,
            "data": if ok { body.get("data").cloned().unwrap_or(Value::Null) } else { Value::Null },
            "detail": if ok { Value::Null } else { body.clone() },
            "at": Timestamp::now(),
        });
        Outcome {
            ok,
            line,
            report: Some(Event::camera_scan(self.camera.station, payload)),
        }
    }

    fn refused(self, error: &AppError) -> Outcome {
        self.answered(error.status().as_u16(), &error.envelope())
    }
}

async fn worker_name(core: &Core, worker: Id) -> AppResult<String> {
    core.db
        .read(move |conn| Ok(store::workers::get(conn, worker)?))
        .await?
        .map(|w| w.name)
        .ok_or_else(|| AppError::NotFound(format!("worker {worker} not found")))
}

async fn check_in(core: &Core, camera: &CameraConfig, worker: String) -> Outcome {
    let line = format!("check-in {worker}");
    core.bus
        .check_in(
            &camera.station.to_hex(),
            CheckIn {
                worker,
                time: local_time_string(),
            },
        )
        .await;
    Outcome {
        ok: true,
        line,
        report: None,
    }
}

async fn scan_pane(
    core: &Core,
    camera: &CameraConfig,
    sighting: &Sighting,
    pane_number: &str,
) -> Outcome {
    let mut report = Report {
        camera,
        code: &sighting.payload,
        pane: Some(pane_number),
        action: None,
    };
    let action = match next_action_here(core, camera.station, pane_number).await {
        Ok(action) => action,
        Err(error) => return report.refused(&error),
    };
    report.action = Some(action);
    let body = json!({"station": camera.station.to_hex(), "action": action.as_str()});
    let keyed = Keyed {
        key: format!(
            "camera:{}:{}:{}",
            camera.id, sighting.payload, sighting.episode_ms
        ),
        request: format!("POST /api/panes/{pane_number}/scan\n{body}"),
    };
    let command = ScanCommand {
        station: camera.station,
        action,
        reason: None,
        description: None,
        remake_station: None,
        survivor: None,
    };
    match crate::ops::scan::scan_as(
        core,
        camera.actor,
        pane_number.to_owned(),
        command,
        Some(keyed),
    )
    .await
    {
        Ok(answer) => report.answered(answer.status, &answer.body),
        Err(error) => report.refused(&error),
    }
}

/// The pane's next logical action at the camera's station (the kiosk's rule); a pane at
/// another station is refused, not pulled here.
async fn next_action_here(core: &Core, station: Id, pane_number: &str) -> AppResult<ScanAction> {
    let number = pane_number.to_owned();
    let (pane, station_kind) = core
        .db
        .read(move |conn| {
            let pane = store::panes::by_number(conn, &number)?;
            let kind = store::stations::get(conn, station)?.map(|s| s.kind);
            Ok((pane, kind))
        })
        .await?;
    let pane = pane.ok_or_else(|| AppError::NotFound(format!("ไม่พบกระจก {pane_number}")))?;
    let kind =
        station_kind.ok_or_else(|| AppError::NotFound(format!("station {station} not found")))?;
    if let Some(current) = pane.current_station
        && current != station
    {
        return Err(AppError::BadRequest(format!(
            "กระจก {pane_number} อยู่ที่สถานี {current} ไม่ใช่ {station}"
        )));
    }
    // Nothing left to do here: scan_in lets the box word the refusal, as the kiosk does.
    Ok(next_action(&pane.current_status, &kind).unwrap_or(ScanAction::ScanIn))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_like_the_kiosk_reads_them() {
        let station = "64b7f0c2a1b2c3d4e5f60718";
        let id = Id::parse(station).expect("an id");
        assert_eq!(parse("STDPLUS:pne-0001"), Code::Pane("PNE-0001".into()));
        assert_eq!(parse(" PNE-0002 "), Code::Pane("PNE-0002".into()));
        assert_eq!(
            parse(&format!("http://box.local:3000/stations/{station}/checkin")),
            Code::CheckIn(id)
        );
        assert_eq!(parse(&format!("STDPLUS-WORKER:{station}")), Code::Badge(id));
        assert_eq!(parse("STDPLUS-WORKER:nope"), Code::Unknown);
        assert_eq!(parse("hello world"), Code::Unknown);
        assert_eq!(parse(""), Code::Unknown);
    }
}
