//! The single scan (production.md §4.1–§4.4, §4.6): one use case for every caller (HTTP, the
//! phone, the camera), one transaction for the pane, its log, its order's counters and the
//! notifications, so a double tap cannot pass the state check twice and parallel scans of one
//! order cannot lose counter updates (§8 #6, #7). The rules are the pure ones of
//! `domain::scan`; events leave after the commit in §4.3's order.

use super::idempotency::{self, Answer, Keyed};
use super::laminate;
use super::remake::{self, Mode, Remake};
use super::{Core, Events, populate};
use crate::domain::events::{Event, LaminateEvent, Room, Topic};
use crate::domain::order::Order;
use crate::domain::pane::{Dimensions, Pane};
use crate::domain::pane_log::PaneLog;
use crate::domain::scan::{
    ScanAction, Step, check_qc_fail, is_active_sheet, is_present_at, normal_step,
};
use crate::domain::worker::Actor;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::{self, WriteTx};
use serde_json::{Map, Value, json};

/// A validated scan body.
#[derive(Clone, Debug)]
pub struct ScanCommand {
    pub station: Id,
    pub action: ScanAction,
    pub reason: Option<String>,
    pub description: Option<String>,
    pub remake_station: Option<Id>,
    pub survivor: Option<String>,
}

/// `POST /api/panes/:paneNumber/scan`, once per `Idempotency-Key` when one is given.
pub async fn scan(
    core: &Core,
    actor: &Actor,
    pane_number: String,
    command: ScanCommand,
    keyed: Option<Keyed>,
) -> AppResult<Answer> {
    scan_as(core, actor.worker.id, pane_number, command, keyed).await
}

/// The scan recorded as `worker`: the HTTP path above, and a USB camera acting as its
/// configured worker (`camera::actions`).
pub async fn scan_as(
    core: &Core,
    worker: Id,
    pane_number: String,
    command: ScanCommand,
    keyed: Option<Keyed>,
) -> AppResult<Answer> {
    idempotency::run(core, worker, keyed, move |tx, events| {
        scan_in_tx(tx, events, worker, &pane_number, &command)
    })
    .await
}

/// The scan inside the caller's transaction (the idempotent endpoint stores its answer in the
/// same transaction).
pub fn scan_in_tx(
    tx: &WriteTx<'_>,
    events: &mut Events,
    worker: Id,
    pane_number: &str,
    command: &ScanCommand,
) -> AppResult<Value> {
    let pane = store::panes::by_number(tx, &pane_number.to_uppercase())?
        .ok_or_else(|| AppError::NotFound(format!("ไม่พบกระจก {pane_number}")))?;
    if pane.current_status == "merged_into" {
        return Err(merged_into(tx, &pane)?);
    }
    match command.action {
        ScanAction::Laminate => laminate::merge(
            tx,
            events,
            worker,
            pane,
            command.station,
            command.survivor.as_deref(),
        ),
        ScanAction::QcFail => qc_fail(tx, events, worker, pane, command),
        _ => normal(tx, events, worker, pane, command),
    }
}

/// §4.1 step 5: the retired pane points at its survivor.
fn merged_into(tx: &WriteTx<'_>, pane: &Pane) -> AppResult<AppError> {
    let survivor = match pane.merged_into {
        Some(id) => store::panes::get(tx, id)?.map(|p| p.pane_number),
        None => None,
    };
    let message = match &survivor {
        Some(number) => format!("กระจกรวมแล้ว — ใช้ QR {number}"),
        None => "กระจกนี้ถูกรวมเข้าแผ่นอื่นแล้ว".to_owned(),
    };
    Ok(AppError::BadRequestWithDetail {
        message,
        errors: json!({"code": "MERGED_INTO", "survivorPaneNumber": survivor}),
    })
}

/// The events of an order counter change: the order with its references (§1.5 row 4).
fn order_event(tx: &WriteTx<'_>, order: &Order) -> AppResult<Event> {
    let refs = populate::order_refs(tx, order)?;
    Ok(Event::resource(
        Topic::Order,
        "updated",
        order.with_refs(&refs),
    ))
}

fn save_order(tx: &WriteTx<'_>, order: &mut Order, now: Timestamp) -> AppResult<()> {
    order.updated_at = now;
    order.version += 1;
    Ok(store::orders::save(tx, order)?)
}

/// scan_in / start / complete / scan_out / qc_pass (§4.2, §4.3).
fn normal(
    tx: &WriteTx<'_>,
    events: &mut Events,
    worker: Id,
    mut pane: Pane,
    command: &ScanCommand,
) -> AppResult<Value> {
    let station = command.station;
    let action = command.action;
    let step = normal_step(&pane, action, station)
        .map_err(|refusal| AppError::BadRequest(refusal.message()))?;
    let now = Timestamp::now();
    let mut next_station = None;
    match step {
        Step::Enter => {
            pane.current_station = Some(station);
            pane.current_status = "in_progress".to_owned();
            if action == ScanAction::ScanIn && pane.started_at.is_none() {
                pane.started_at = Some(now);
            }
        }
        Step::Complete => pane.current_status = "awaiting_scan_out".to_owned(),
        Step::HandOn { next, merge_hop } => {
            match next {
                Some(next) => {
                    pane.current_station = Some(next);
                    pane.current_status = "pending".to_owned();
                }
                None => {
                    pane.current_station = None;
                    pane.current_status = "completed".to_owned();
                    pane.completed_at = Some(now);
                }
            }
            if merge_hop {
                pane.laminate_merged_at = None;
            }
            next_station = next;
        }
    }
    let mut order = match pane.order {
        Some(id) => store::orders::get(tx, id)?,
        None => None,
    };
    // Material backfill; unlike upstream the answer shows it (§8 #16).
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

    if matches!(step, Step::Enter | Step::Complete)
        && let Some(order) = order.as_mut()
        && order.start()
    {
        save_order(tx, order, now)?;
        events.push(order_event(tx, order)?);
    }
    let log = PaneLog::new(
        &pane,
        worker,
        station,
        action.as_str(),
        action.hands_on(),
        now,
    );
    store::pane_logs::insert(tx, &log)?;
    // Each document is rendered to JSON once, for the answer and the events alike: rendering
    // runs on the single writer thread, where every microsecond caps the scan rate.
    let populated = json!(populate::pane(tx, pane.clone(), true)?);
    let log_json = json!(log);
    events.push(Event::resource_at_station(
        Topic::Pane,
        "scanned",
        &populated,
        pane.current_station,
    ));
    events.push(Event::resource_to(
        Topic::Log,
        vec![Room::Log],
        json!({"action": "pane_scanned", "data": {"paneLog": log_json.clone(), "material": pane.material}}),
    ));
    if action == ScanAction::ScanIn {
        laminate_readiness(tx, &pane, station, events)?;
    }
    if let Step::HandOn { next, .. } = step {
        handed_on(tx, events, &pane, order.as_mut(), station, next, now)?;
    }

    let mut data = Map::new();
    data.insert("pane".to_owned(), populated);
    data.insert("log".to_owned(), log_json);
    // Absent, not null, when the pane did not move on (clients test for undefined).
    if let Some(next) = next_station {
        data.insert("nextStation".to_owned(), json!(next));
    }
    Ok(Value::Object(data))
}

/// §4.3 step 8: the order's counters, the assignee's notification, the next station's news.
fn handed_on(
    tx: &WriteTx<'_>,
    events: &mut Events,
    pane: &Pane,
    order: Option<&mut Order>,
    from: Id,
    next: Option<Id>,
    now: Timestamp,
) -> AppResult<()> {
    let is_sheet = pane.laminate_role == "sheet";
    if let Some(order) = order {
        order.hand_off(from, next, is_sheet);
        save_order(tx, order, now)?;
        events.push(order_event(tx, order)?);
        if let Some(recipient) = order.assigned_to.filter(|_| !is_sheet) {
            let (title, message, priority) = match next {
                None => (
                    "กระจกเสร็จสมบูรณ์",
                    format!("กระจก {} completed all stations", pane.pane_number),
                    "low",
                ),
                Some(_) => (
                    "มีกระจกเข้าสถานี",
                    format!("กระจก {} arrived at next station", pane.pane_number),
                    "medium",
                ),
            };
            remake::notify(
                tx,
                events,
                recipient,
                "pane_arrived",
                title,
                message,
                (pane.id, "Pane"),
                priority,
                now,
            )?;
        }
    }
    if let Some(next) = next {
        events.push(Event::pane_arrived(
            next,
            json!({"paneNumber": pane.pane_number, "paneId": pane.id, "fromStation": from,
                   "toStation": next, "orderId": pane.order}),
        ));
        events.push(Event::notification_at_station(
            next,
            json!({"type": "pane_arrived", "title": "มีกระจกเข้าสถานี",
                   "message": format!("กระจก {} เข้าสถานีนี้แล้ว", pane.pane_number)}),
        ));
    }
    Ok(())
}

/// §4.6: a sheet scanned in at its lamination station tells the station how many of its
/// group are there.
fn laminate_readiness(
    tx: &WriteTx<'_>,
    pane: &Pane,
    station: Id,
    events: &mut Events,
) -> AppResult<()> {
    if pane.laminate_role != "sheet" {
        return Ok(());
    }
    let Some(parent) = pane
        .parent_pane
        .map(|id| store::panes::get(tx, id))
        .transpose()?
        .flatten()
    else {
        return Ok(());
    };
    if parent.laminate_station != Some(station) {
        return Ok(());
    }
    let siblings: Vec<Pane> = store::panes::children(tx, parent.id)?
        .into_iter()
        .filter(is_active_sheet)
        .collect();
    let present = siblings
        .iter()
        .filter(|s| is_present_at(s, station))
        .count();
    let kind = if present >= siblings.len() {
        LaminateEvent::Ready
    } else {
        LaminateEvent::Waiting
    };
    events.push(Event::laminate(
        kind,
        station,
        json!({"parentPaneNumber": parent.pane_number, "parentPaneId": parent.id,
               "sheetsPresent": present, "sheetsTotal": siblings.len()}),
    ));
    Ok(())
}

/// `qc_fail` (§4.7): the pane is defected and a remake queued. Every check, the material's
/// included, runs before anything is written (upstream left a defected pane without a remake
/// when the material check failed, §8 #9), and the remake station must exist (§8 #3).
fn qc_fail(
    tx: &WriteTx<'_>,
    events: &mut Events,
    worker: Id,
    mut pane: Pane,
    command: &ScanCommand,
) -> AppResult<Value> {
    let station = command.station;
    check_qc_fail(&pane, station).map_err(|refusal| AppError::BadRequest(refusal.message()))?;
    let mut order = match pane.order {
        Some(id) => store::orders::get(tx, id)?,
        None => None,
    };
    let material = pane
        .material
        .or(order.as_ref().map(|o| o.material))
        .ok_or_else(|| {
            AppError::BadRequest(
                "Cannot create remake: pane has no material (link an order with material)"
                    .to_owned(),
            )
        })?;
    if let Some(target) = command.remake_station
        && store::stations::get(tx, target)?.is_none()
    {
        return Err(AppError::BadRequest("Remake station not found".to_owned()));
    }
    let now = Timestamp::now();
    if let Some(order) = order.as_mut() {
        order.leave_station(station);
    }
    pane.current_station = None;
    pane.current_status = "defected".to_owned();
    pane.material = Some(material);
    pane.updated_at = now;
    pane.version += 1;
    store::panes::save(tx, &pane)?;
    let mut log = PaneLog::new(&pane, worker, station, "qc_fail", true, now);
    log.reason = command.reason.clone();
    log.description = command.description.clone().unwrap_or_default();
    store::pane_logs::insert(tx, &log)?;

    let remade = remake::remake(
        tx,
        events,
        &pane,
        Remake {
            mode: Mode::QcFail,
            station: command.remake_station,
            material,
            order: order.as_mut(),
            worker,
            now,
        },
    )?;
    let defected = populate::pane(tx, pane, true)?;
    events.push(Event::resource(Topic::Pane, "qc_failed", &defected));
    events.push(Event::resource_to(
        Topic::Log,
        vec![Room::Log],
        json!({"action": "pane_scanned", "data": {"paneLog": log, "material": material}}),
    ));
    if let Some(order) = order.as_mut() {
        save_order(tx, order, now)?;
        events.push(order_event(tx, order)?);
    }
    Ok(json!({"pane": defected, "log": log, "remadePane": remade}))
}
