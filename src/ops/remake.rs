//! The remake service (production.md §4.8), shared by qc_fail and claim approval: a fresh pane
//! that replaces a defective one, queued at a station, with its material log, its events and
//! the notifications of the station and the order's assignee.

use super::{Events, populate};
use crate::domain::events::{Event, Room, Topic};
use crate::domain::material_log::MaterialLog;
use crate::domain::notification::Notification;
use crate::domain::numbers::Counter;
use crate::domain::order::Order;
use crate::domain::pane::{Dimensions, Pane};
use crate::domain::pane_view::PopulatedPane;
use crate::domain::{Id, Timestamp};
use crate::error::AppResult;
use crate::store::{self, WriteTx};
use serde_json::json;

/// Why the remake is made.
#[derive(Clone, Debug)]
pub enum Mode {
    QcFail,
    Claim { id: Id, number: String },
}

/// What the remake needs besides the original pane.
pub struct Remake<'a> {
    pub mode: Mode,
    /// The station chosen by the caller (`remakeStationId` / `remakeStation`), already checked.
    pub station: Option<Id>,
    pub material: Id,
    /// The order to look up (`claim.order` in claim mode, else the pane's order).
    pub order: Option<&'a mut Order>,
    pub worker: Id,
    pub now: Timestamp,
}

/// A stored notification to a worker's devices.
#[allow(clippy::too_many_arguments)]
pub fn notify(
    tx: &WriteTx<'_>,
    events: &mut Events,
    recipient: Id,
    kind: &str,
    title: &str,
    message: String,
    reference: (Id, &str),
    priority: &str,
    now: Timestamp,
) -> AppResult<()> {
    let notification = Notification {
        id: Id::new(),
        recipient,
        kind: kind.to_owned(),
        title: title.to_owned(),
        message,
        reference_id: Some(reference.0),
        reference_type: Some(reference.1.to_owned()),
        priority: priority.to_owned(),
        read_status: false,
        created_at: now,
        updated_at: now,
        version: 0,
    };
    store::notifications::insert(tx, &notification)?;
    events.push(Event::notification_to(recipient, notification.bare()));
    Ok(())
}

/// Upstream's `/order\s*rele[a]?[s]?[s]?/i`: "Order Release", "order rele…".
fn is_order_release(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower
        .match_indices("order")
        .any(|(i, _)| lower[i + "order".len()..].trim_start().starts_with("rele"))
}

/// The first station in the database named like an order-release station.
fn order_release_station(tx: &WriteTx<'_>) -> AppResult<Option<Id>> {
    let mut statement =
        tx.prepare_cached("SELECT id, name FROM stations ORDER BY created_at, id")?;
    let stations = statement
        .query_map([], |row| {
            Ok((row.get::<_, Id>(0)?, row.get::<_, String>(1)?))
        })?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(stations
        .into_iter()
        .find(|(_, name)| is_order_release(name))
        .map(|(id, _)| id))
}

/// A remade sheet's label: the original's letters plus the size of its group (§4.8 step 4).
fn remake_label(tx: &WriteTx<'_>, original: &Pane) -> AppResult<String> {
    let base = if original.sheet_label.is_empty() {
        "A"
    } else {
        original
            .sheet_label
            .trim_end_matches(|c: char| c.is_ascii_digit())
    };
    let siblings = match original.parent_pane {
        Some(parent) => store::panes::children(tx, parent)?
            .iter()
            .filter(|p| p.laminate_role == "sheet")
            .count(),
        None => 0,
    };
    let k = if siblings == 0 { 2 } else { siblings };
    Ok(format!("{base}{k}"))
}

/// Makes the remake of `original` (§4.8) and returns it populated.
pub fn remake(
    tx: &WriteTx<'_>,
    events: &mut Events,
    original: &Pane,
    r: Remake<'_>,
) -> AppResult<PopulatedPane> {
    let Remake {
        mode,
        station,
        material,
        mut order,
        worker,
        now,
    } = r;
    let routing = if !original.routing.is_empty() {
        original.routing.clone()
    } else {
        order
            .as_ref()
            .map(|o| o.stations.clone())
            .unwrap_or_default()
    };
    let target = match (&mode, station) {
        (_, Some(station)) => Some(station),
        (Mode::QcFail, None) => routing.first().copied(),
        (Mode::Claim { .. }, None) => match order_release_station(tx)? {
            Some(station) => Some(station),
            None => routing.first().copied(),
        },
    };
    let is_sheet = original.laminate_role == "sheet";
    let mut spec = original.spec.clone();
    let d = &spec.dimensions;
    spec.dimensions = Dimensions::new(d.width, d.height, d.thickness);
    for task in &mut spec.edge_tasks {
        task.status = "pending".to_owned();
    }
    let mut pane = Pane::new(store::counters::next(tx, Counter::Pane)?, spec, now);
    let order_request = order.as_ref().and_then(|o| o.request);
    match mode {
        Mode::QcFail => {
            pane.order = original.order;
            pane.request = original.request.or(order_request);
        }
        Mode::Claim { .. } => pane.request = order_request,
    }
    pane.material = Some(material);
    pane.remake_of = Some(original.id);
    pane.current_station = target;
    pane.routing = routing;
    if is_sheet {
        pane.laminate_role = "sheet".to_owned();
        pane.parent_pane = original.parent_pane;
        pane.laminate_station = original.laminate_station;
        pane.sheet_label = remake_label(tx, original)?;
    }
    store::panes::save(tx, &pane)?;
    if is_sheet
        && let Some(mut parent) = original
            .parent_pane
            .map(|id| store::panes::get(tx, id))
            .transpose()?
            .flatten()
    {
        parent.child_panes.push(pane.id);
        parent.updated_at = now;
        store::panes::save(tx, &parent)?;
    }

    let mut log = MaterialLog::movement(material, "remake", 0.0, None, Some(worker));
    log.panes = vec![pane.id];
    match &mode {
        Mode::Claim { id, .. } => {
            log.reference_id = Some(*id);
            log.reference_type = Some("claim".to_owned());
        }
        Mode::QcFail => {
            log.reference_id = Some(original.id);
            log.reference_type = Some("qc_remake".to_owned());
            log.order = original.order;
        }
    }
    store::material_logs::insert(tx, &log)?;

    if let (Mode::QcFail, Some(order)) = (&mode, order.as_deref_mut())
        && !is_sheet
    {
        order.pane_count += 1.0;
        if order.pane_count > 0.0 {
            order.progress_percent = (order.panes_completed / order.pane_count * 100.0).round();
        }
    }

    let populated = populate::pane(tx, pane, true)?;
    let new = &populated.pane;
    events.push(Event::resource_at_station(
        Topic::Pane,
        "created",
        &populated,
        new.current_station,
    ));
    events.push(Event::resource_to(
        Topic::Log,
        vec![Room::Log],
        json!({"action": "created"}),
    ));
    if let Some(target) = target {
        events.push(Event::pane_arrived(
            target,
            json!({"paneNumber": new.pane_number, "paneId": new.id, "fromStation": null,
                   "toStation": target, "isRemake": true}),
        ));
        let (title, message) = match &mode {
            Mode::QcFail => (
                "มีกระจกรีเมค (QC) เข้าสถานี",
                format!(
                    "กระจกรีเมค {} (แทน {} — QC fail) arrived",
                    new.pane_number, original.pane_number
                ),
            ),
            Mode::Claim { .. } => (
                "มีกระจกรีเมคเข้าสถานี",
                format!(
                    "กระจกรีเมค {} (แทน {}) arrived",
                    new.pane_number, original.pane_number
                ),
            ),
        };
        events.push(Event::notification_at_station(
            target,
            json!({"type": "pane_arrived", "title": title, "message": message, "referenceId": new.id,
                   "referenceType": "Pane", "priority": "high", "readStatus": false}),
        ));
    }
    if let Some(recipient) = order.as_ref().and_then(|o| o.assigned_to) {
        match &mode {
            Mode::QcFail => notify(
                tx,
                events,
                recipient,
                "qc_remake",
                "QC ไม่ผ่าน — สร้างกระจกรีเมคแล้ว",
                format!(
                    "กระจก {} ชำรุด (QC) → รีเมค {}",
                    original.pane_number, new.pane_number
                ),
                (new.id, "Pane"),
                "high",
                now,
            )?,
            Mode::Claim { id, number } => notify(
                tx,
                events,
                recipient,
                "claim_approved",
                "เคลมอนุมัติ — สร้างกระจกรีเมคแล้ว",
                format!(
                    "เคลม {number}: กระจก {} → รีเมค {}",
                    original.pane_number, new.pane_number
                ),
                (*id, "Claim"),
                "high",
                now,
            )?,
        }
    }
    Ok(populated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_release_names_match_like_upstreams_regex() {
        assert!(is_order_release("Order Release"));
        assert!(is_order_release("ORDER   rele"));
        assert!(is_order_release("Main orderrelease desk"));
        assert!(!is_order_release("order_release"));
        assert!(!is_order_release("Cutting"));
    }
}
