//! The `laminate` scan (production.md §4.5): the sheets of a laminate group, all present at
//! the lamination station, merge into one survivor that carries the parent's routing; the
//! other sheets and the dormant parent retire as `merged_into`. Runs inside the scan's
//! transaction, so parallel merges of one group cannot both pass (§8 #7).

use super::{Events, populate};
use crate::domain::events::{Event, LaminateEvent, Topic};
use crate::domain::pane::Pane;
use crate::domain::pane_log::PaneLog;
use crate::domain::scan::{is_active_sheet, is_present_at};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::{self, WriteTx};
use serde_json::{Value, json};

fn refuse(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// The group's parent, from the scanned sheet or the scanned parent itself (checks L1–L4).
fn parent_of(tx: &WriteTx<'_>, pane: &Pane, survivor: Option<&str>) -> AppResult<Pane> {
    match pane.laminate_role.as_str() {
        "sheet" => {
            let id = pane
                .parent_pane
                .ok_or_else(|| refuse("Sheet pane has no parent"))?;
            store::panes::get(tx, id)?.ok_or_else(|| refuse("Parent pane not found"))
        }
        "parent" if survivor.is_none() => Err(refuse(
            "laminateSurvivorPaneNumber is required when merging via parent pane",
        )),
        "parent" => Ok(pane.clone()),
        _ => Err(refuse(
            "Laminate merge must use a sheet pane (QR) or the dormant parent pane",
        )),
    }
}

fn log(
    pane: &Pane,
    parent: &Pane,
    worker: Id,
    station: Id,
    action: &str,
    finished: bool,
    now: Timestamp,
) -> PaneLog {
    let mut log = PaneLog::new(pane, worker, station, action, finished, now);
    log.order = log.order.or(parent.order);
    log.material = log.material.or(parent.material);
    log
}

fn retire(pane: &mut Pane, survivor: Id, now: Timestamp) {
    pane.current_station = None;
    pane.current_status = "merged_into".to_owned();
    pane.merged_into = Some(survivor);
    pane.completed_at = None;
    pane.updated_at = now;
    pane.version += 1;
}

/// Merges the group of `pane` at `station` (the lamination station when the parent has none).
pub fn merge(
    tx: &WriteTx<'_>,
    events: &mut Events,
    worker: Id,
    pane: Pane,
    station: Id,
    survivor: Option<&str>,
) -> AppResult<Value> {
    let mut parent = parent_of(tx, &pane, survivor)?;
    let active: Vec<Pane> = store::panes::children(tx, parent.id)?
        .into_iter()
        .filter(is_active_sheet)
        .collect();
    if active.is_empty() {
        return Err(refuse("No active child sheets found"));
    }
    let lam = parent.laminate_station.unwrap_or(station);
    let present = active.iter().filter(|s| is_present_at(s, lam)).count();
    if present < active.len() {
        return Err(refuse(format!(
            "Not all sheets present at lamination station ({present}/{})",
            active.len()
        )));
    }
    let survivor_number = survivor.unwrap_or(&pane.pane_number).to_uppercase();
    let Some(mut kept) = active
        .iter()
        .find(|s| s.pane_number == survivor_number)
        .cloned()
    else {
        return Err(refuse(format!(
            "Survivor sheet {survivor_number} is not an active sheet in this laminate group"
        )));
    };

    let now = Timestamp::now();
    let mut retired = Vec::new();
    for sheet in active.iter().filter(|s| s.id != kept.id) {
        let mut sheet = sheet.clone();
        retire(&mut sheet, kept.id, now);
        store::panes::save(tx, &sheet)?;
        retired.push(sheet.pane_number.clone());
        let entry = log(&sheet, &parent, worker, lam, "laminate_complete", true, now);
        store::pane_logs::insert(tx, &entry)?;
    }
    retire(&mut parent, kept.id, now);
    store::panes::save(tx, &parent)?;
    retired.push(parent.pane_number.clone());
    store::pane_logs::insert(
        tx,
        &log(
            &parent,
            &parent,
            worker,
            lam,
            "laminate_complete",
            true,
            now,
        ),
    )?;

    kept.laminate_role = "single".to_owned();
    kept.routing = parent.routing.clone();
    kept.parent_pane = None;
    kept.current_station = Some(lam);
    kept.current_status = "awaiting_scan_out".to_owned();
    store::pane_logs::insert(
        tx,
        &log(&kept, &parent, worker, lam, "laminate_complete", true, now),
    )?;
    kept.laminate_merged_at = Some(now);
    kept.laminate_station = parent.laminate_station;
    kept.started_at = kept.started_at.or(Some(now));
    kept.updated_at = now;
    kept.version += 1;
    store::panes::save(tx, &kept)?;
    store::pane_logs::insert(
        tx,
        &log(&kept, &parent, worker, lam, "laminate_start", false, now),
    )?;

    if let Some(mut order) = parent
        .order
        .map(|id| store::orders::get(tx, id))
        .transpose()?
        .flatten()
    {
        let key = lam.to_hex();
        let count = order.station_breakdown.get(&key).copied().unwrap_or(0.0);
        let rest = if count > 0.0 {
            (count - active.len() as f64).max(0.0)
        } else {
            0.0
        };
        order.station_breakdown.insert(key, rest + 1.0);
        order.updated_at = now;
        order.version += 1;
        store::orders::save(tx, &order)?;
        // Upstream changed the order silently (§8 #14); clients showing it need to hear.
        let refs = populate::order_refs(tx, &order)?;
        events.push(Event::resource(
            Topic::Order,
            "updated",
            order.with_refs(&refs),
        ));
    }

    let survivor = populate::pane(tx, kept, true)?;
    let sheets: Vec<&str> = active.iter().map(|s| s.pane_number.as_str()).collect();
    events.push(Event::laminate(
        LaminateEvent::Laminated,
        lam,
        json!({"survivor": survivor, "parent": survivor, "sheets": sheets,
               "retiredPaneNumbers": retired, "parentPaneNumber": parent.pane_number}),
    ));
    Ok(json!({
        "pane": survivor,
        "mergedSheets": active.len(),
        "survivorPaneNumber": survivor_number,
        "retiredPaneNumbers": retired,
        "parentRetired": true,
    }))
}
