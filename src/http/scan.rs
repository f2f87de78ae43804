//! `POST /api/panes/:paneNumber/scan` (production.md §4.1). The SCAN guard has already run.

use super::body::JsonBody;
use super::reply;
use super::validate::{ANY, NON_EMPTY, Obj, parse};
use crate::app::AppState;
use crate::domain::Id;
use crate::domain::scan::ScanAction;
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::scan::ScanCommand;
use axum::extract::{Path, State};
use axum::response::Response;

pub const REASONS: &[&str] = &[
    "broken",
    "chipped",
    "dimension_wrong",
    "scratch",
    "stain",
    "other",
];
const ACTIONS: &[&str] = &[
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

pub async fn scan(
    State(state): State<AppState>,
    actor: Actor,
    Path(pane_number): Path<String>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let command = parse(&body, read_command)?;
    let data = ops::scan::scan(&state.core, &actor, pane_number, command).await?;
    Ok(reply::ok("Success", data))
}
