//! `POST /api/panes/batch-scan` (production.md §4.9): scan_in, start or complete for many
//! panes at one station, all or nothing in one transaction. Upstream "rolled back" by hand,
//! overwriting concurrent changes and leaving order flips and their events behind (§8 #8);
//! here a failure rolls everything back and no event leaves.

use super::idempotency::{self, Answer, Keyed};
use super::{Core, Events, populate};
use crate::domain::events::{Event, Room, Topic};
use crate::domain::pane::{Dimensions, Pane};
use crate::domain::pane_log::PaneLog;
use crate::domain::scan::ScanAction;
use crate::domain::worker::Actor;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::{self, WriteTx};
use serde_json::{Value, json};

#[derive(Clone, Debug)]
pub struct BatchCommand {
    pub pane_numbers: Vec<String>,
    pub station: Id,
    pub action: ScanAction,
}

pub async fn batch_scan(
    core: &Core,
    actor: &Actor,
    command: BatchCommand,
    keyed: Option<Keyed>,
) -> AppResult<Answer> {
    let worker = actor.worker.id;
    idempotency::run(core, worker, keyed, move |tx, events| {
        run(tx, events, worker, &command)
    })
    .await
}

/// The panes named, in the order of the input; unknown numbers and repeats drop out.
fn load(tx: &WriteTx<'_>, numbers: &[String]) -> AppResult<Vec<Pane>> {
    let mut panes: Vec<Pane> = Vec::new();
    for number in numbers {
        let number = number.to_uppercase();
        if let Some(pane) = store::panes::by_number(tx, &number)?
            && !panes.iter().any(|p| p.id == pane.id)
        {
            panes.push(pane);
        }
    }
    Ok(panes)
}

fn refuse(message: String) -> AppError {
    AppError::BadRequest(message)
}

fn run(
    tx: &WriteTx<'_>,
    events: &mut Events,
    worker: Id,
    command: &BatchCommand,
) -> AppResult<Value> {
    let panes = load(tx, &command.pane_numbers)?;
    if panes.is_empty() {
        return Err(refuse(
            "No valid panes found for the given numbers".to_owned(),
        ));
    }
    let station = command.station;
    let now = Timestamp::now();
    let mut done = Vec::with_capacity(panes.len());
    for mut pane in panes {
        let number = pane.pane_number.clone();
        match pane.current_status.as_str() {
            "merged_into" => {
                return Err(refuse(format!(
                    "Pane {number} was merged into another pane"
                )));
            }
            "completed" => return Err(refuse(format!("Pane {number} is already completed"))),
            _ => {}
        }
        if command.action == ScanAction::Complete {
            if pane.current_station != Some(station) {
                let current = pane
                    .current_station
                    .map_or_else(|| "null".to_owned(), Id::to_hex);
                return Err(refuse(format!(
                    "Pane {number} is at station {current}, cannot complete at {station}"
                )));
            }
            pane.current_status = "awaiting_scan_out".to_owned();
        } else {
            // Unlike the single scan, `start` stamps `startedAt` too (§4.9).
            pane.current_station = Some(station);
            pane.current_status = "in_progress".to_owned();
            pane.started_at = pane.started_at.or(Some(now));
        }
        let mut order = match pane.order {
            Some(id) => store::orders::get(tx, id)?,
            None => None,
        };
        if pane.material.is_none()
            && let Some(order) = &order
        {
            pane.material = Some(order.material);
        }
        let d = &pane.spec.dimensions;
        pane.spec.dimensions = Dimensions::new(d.width, d.height, d.thickness);
        pane.updated_at = now;
        pane.version += 1;
        store::panes::save(tx, &pane)?;
        if let Some(order) = order.as_mut()
            && order.start()
        {
            order.updated_at = now;
            order.version += 1;
            store::orders::save(tx, order)?;
            let refs = populate::order_refs(tx, order)?;
            events.push(Event::resource(
                Topic::Order,
                "updated",
                order.with_refs(&refs),
            ));
        }
        let log = PaneLog::new(&pane, worker, station, command.action.as_str(), false, now);
        store::pane_logs::insert(tx, &log)?;
        done.push((pane, log));
    }
    let mut rendered = Vec::with_capacity(done.len());
    for (pane, log) in done {
        let populated = populate::pane(tx, pane, true)?;
        events.push(Event::resource_at_station(
            Topic::Pane,
            "scanned",
            &populated,
            populated.pane.current_station,
        ));
        events.push(Event::resource_to(
            Topic::Log,
            vec![Room::Log],
            json!({"action": "pane_scanned", "data": {"paneLog": log, "material": populated.pane.material}}),
        ));
        rendered.push(json!(populated));
    }
    Ok(json!({"updatedCount": rendered.len(), "panes": rendered}))
}
