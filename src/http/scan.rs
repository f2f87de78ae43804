//! `POST /api/panes/:paneNumber/scan` and `/api/panes/batch-scan` (production.md §4.1, §4.9).
//! The SCAN guard has already run.

use super::body::JsonBody;
use super::validate::{ANY, NON_EMPTY, Obj, parse};
use crate::app::AppState;
use crate::domain::Id;
use crate::domain::scan::ScanAction;
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::batch_scan::BatchCommand;
use crate::ops::idempotency::{Answer, Keyed};
use crate::ops::scan::ScanCommand;
use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

pub const REASONS: &[&str] = &[
    "broken",
    "chipped",
    "dimension_wrong",
    "scratch",
    "stain",
    "other",
];
pub const ACTIONS: &[&str] = &[
    "scan_in", "start", "complete", "scan_out", "laminate", "qc_pass", "qc_fail",
];

/// A station id (the guard read it as text; here it must be an id: upstream failed a
/// malformed one with 500 when saving).
pub fn station_id(b: &Obj<'_>, key: &str) -> Option<Id> {
    let text = b.req_str(key, NON_EMPTY)?;
    let id = Id::parse(&text);
    if id.is_none() {
        b.fail(key, "Invalid id: expected 24 hex characters");
    }
    id
}

fn optional_id(b: &Obj<'_>, key: &str) -> Option<Option<Id>> {
    match b.opt_str(key, NON_EMPTY) {
        None => Some(None),
        Some(text) => match Id::parse(&text) {
            Some(id) => Some(Some(id)),
            None => {
                b.fail(key, "Invalid id: expected 24 hex characters");
                None
            }
        },
    }
}

pub fn read_command(b: &Obj<'_>) -> Option<ScanCommand> {
    let station = station_id(b, "station");
    let action = b.req_enum("action", ACTIONS);
    b.opt_str("operator", ANY);
    let reason = b.opt_enum("reason", REASONS);
    let description = b.opt_str("description", ANY);
    let remake_station = optional_id(b, "remakeStationId");
    let survivor = b.opt_str("laminateSurvivorPaneNumber", NON_EMPTY);
    let action = action.and_then(|a| ScanAction::parse(&a));
    if action == Some(ScanAction::QcFail) && reason.is_none() && !b.has("reason") {
        b.fail("reason", "reason is required when action is qc_fail");
    }
    Some(ScanCommand {
        station: station?,
        action: action?,
        reason,
        description,
        remake_station: remake_station?,
        survivor,
    })
}

/// The request's `Idempotency-Key`, with the request it names (path and body).
pub fn keyed(headers: &HeaderMap, uri: &OriginalUri, body: &Option<Value>) -> Option<Keyed> {
    let key = headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty())?;
    let body = body.as_ref().map(Value::to_string).unwrap_or_default();
    Some(Keyed {
        key: key.to_owned(),
        request: format!("POST {}\n{body}", uri.path()),
    })
}

/// The answer as stored (or fresh), marked when replayed.
pub fn respond(answer: Answer) -> Response {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut response = (status, Json(answer.body)).into_response();
    if answer.replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    response
}

pub async fn scan(
    State(state): State<AppState>,
    actor: Actor,
    Path(pane_number): Path<String>,
    headers: HeaderMap,
    uri: OriginalUri,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let command = parse(&body, read_command)?;
    let keyed = keyed(&headers, &uri, &body);
    let answer = ops::scan::scan(&state.core, &actor, pane_number, command, keyed).await?;
    Ok(respond(answer))
}

const BATCH_ACTIONS: &[&str] = &["scan_in", "start", "complete"];

/// `POST /api/panes/batch-scan` (§4.9).
pub async fn batch_scan(
    State(state): State<AppState>,
    actor: Actor,
    headers: HeaderMap,
    uri: OriginalUri,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let command = parse(&body, |b| {
        let pane_numbers = b.req_str_array("paneNumbers", 1, NON_EMPTY);
        let station = station_id(b, "station");
        let action = b.req_enum("action", BATCH_ACTIONS);
        Some(BatchCommand {
            pane_numbers: pane_numbers?,
            station: station?,
            action: ScanAction::parse(&action?)?,
        })
    })?;
    let keyed = keyed(&headers, &uri, &body);
    let answer = ops::batch_scan::batch_scan(&state.core, &actor, command, keyed).await?;
    Ok(respond(answer))
}
