//! The station floor's read models (station-floor.md §3.2, §3.9, §5.2 #6): how urgent an order
//! is, the order in which a queue shows orders, and the JSON of the station queue and the
//! production board.

use super::json::js_number;
use super::pane::{Dimensions, Pane};
use super::station::{StationBrief, StationName};
use super::{Id, Timestamp};
use serde::Serialize;
use std::cmp::Ordering;

/// An order of this priority or higher is critical.
pub const CRITICAL_PRIORITY: f64 = 3.0;
/// An order whose deadline is this close (or closer) is a warning.
pub const WARN_WINDOW_MS: i64 = 3 * 24 * 3600 * 1000;
/// At most this many panes are listed by a station queue.
pub const MAX_LISTED: usize = 500;
/// At most this many orders are listed as urgent on the board.
pub const MAX_URGENT_ORDERS: usize = 20;
/// The board shows this many hours of finished panes (the current one included).
pub const BOARD_HOURS: u32 = 12;

/// §3.2: critical (priority ≥ 3 or the deadline has passed), warn (deadline within 3 days),
/// normal. Ordered most urgent first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    Critical,
    Warn,
    Normal,
}

pub fn urgency(priority: f64, deadline: Option<Timestamp>, now: Timestamp) -> Urgency {
    let left = deadline.map(|d| d.millis() - now.millis());
    if priority >= CRITICAL_PRIORITY || left.is_some_and(|ms| ms < 0) {
        Urgency::Critical
    } else if left.is_some_and(|ms| ms <= WARN_WINDOW_MS) {
        Urgency::Warn
    } else {
        Urgency::Normal
    }
}

/// What the floor needs of an order: the order, its request's deadline and its customer's name.
#[derive(Clone, Debug, PartialEq)]
pub struct FloorOrder {
    pub id: Id,
    pub order_number: Option<String>,
    pub priority: f64,
    pub deadline: Option<Timestamp>,
    pub customer_name: Option<String>,
    pub notes: String,
    pub pane_count: f64,
    pub panes_completed: f64,
    pub created_at: Timestamp,
}

impl FloorOrder {
    pub fn urgency(&self, now: Timestamp) -> Urgency {
        urgency(self.priority, self.deadline, now)
    }
}

/// The queue's order of orders: urgency, then priority (highest first), deadline (soonest
/// first, none last), creation time.
pub fn most_urgent_first(a: &FloorOrder, b: &FloorOrder, now: Timestamp) -> Ordering {
    let deadline = |o: &FloorOrder| o.deadline.map_or(i64::MAX, Timestamp::millis);
    a.urgency(now)
        .cmp(&b.urgency(now))
        .then(b.priority.total_cmp(&a.priority))
        .then(deadline(a).cmp(&deadline(b)))
        .then(a.created_at.cmp(&b.created_at))
        .then(a.id.cmp(&b.id))
}

/// The panes at a station by status, and since when the longest-waiting one is there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StationCounts {
    pub incoming: u64,
    pub in_progress: u64,
    pub awaiting_scan_out: u64,
    pub done_this_shift: u64,
    pub oldest_waiting_since: Option<Timestamp>,
}

impl StationCounts {
    /// Every pane at the station (pending, in progress or awaiting scan-out).
    pub fn total(&self) -> u64 {
        self.incoming + self.in_progress + self.awaiting_scan_out
    }
}

/// `counts` of a station queue: the station's counts plus its critical panes.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueCounts {
    pub incoming: u64,
    pub in_progress: u64,
    pub awaiting_scan_out: u64,
    pub done_this_shift: u64,
    pub urgent: u64,
    pub oldest_waiting_since: Option<Timestamp>,
}

impl QueueCounts {
    pub fn new(counts: StationCounts, urgent: u64) -> Self {
        QueueCounts {
            incoming: counts.incoming,
            in_progress: counts.in_progress,
            awaiting_scan_out: counts.awaiting_scan_out,
            done_this_shift: counts.done_this_shift,
            urgent,
            oldest_waiting_since: counts.oldest_waiting_since,
        }
    }
}

/// An order card's order.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueOrder {
    #[serde(rename = "_id")]
    pub id: Id,
    pub order_number: Option<String>,
    #[serde(serialize_with = "js_number")]
    pub priority: f64,
    pub deadline: Option<Timestamp>,
    pub customer_name: Option<String>,
    pub notes: String,
}

impl QueueOrder {
    pub fn of(order: &FloorOrder) -> Self {
        QueueOrder {
            id: order.id,
            order_number: order.order_number.clone(),
            priority: order.priority,
            deadline: order.deadline,
            customer_name: order.customer_name.clone(),
            notes: order.notes.clone(),
        }
    }
}

/// Width, height and thickness (the area is of no use on the floor).
#[derive(Clone, Debug, Serialize)]
pub struct Size {
    #[serde(serialize_with = "js_number")]
    pub width: f64,
    #[serde(serialize_with = "js_number")]
    pub height: f64,
    #[serde(serialize_with = "js_number")]
    pub thickness: f64,
}

impl Size {
    fn of(d: &Dimensions) -> Self {
        Size {
            width: d.width,
            height: d.height,
            thickness: d.thickness,
        }
    }
}

/// A pane in a queue card.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueuePane {
    #[serde(rename = "_id")]
    pub id: Id,
    pub pane_number: String,
    pub current_status: String,
    pub laminate_role: String,
    pub parent_pane: Option<Id>,
    pub glass_type: String,
    pub glass_type_label: String,
    pub dimensions: Size,
    pub next_station: Option<StationName>,
    pub arrived_at: Option<Timestamp>,
}

impl QueuePane {
    pub fn of(
        pane: &Pane,
        next_station: Option<StationName>,
        arrived_at: Option<Timestamp>,
    ) -> Self {
        QueuePane {
            id: pane.id,
            pane_number: pane.pane_number.clone(),
            current_status: pane.current_status.clone(),
            laminate_role: pane.laminate_role.clone(),
            parent_pane: pane.parent_pane,
            glass_type: pane.spec.glass_type.clone(),
            glass_type_label: pane.spec.glass_type_label.clone(),
            dimensions: Size::of(&pane.spec.dimensions),
            next_station,
            arrived_at,
        }
    }
}

/// One order card: the order (`null` for panes that belong to no order), its urgency, and its
/// panes at the station.
#[derive(Clone, Debug, Serialize)]
pub struct OrderCard {
    pub order: Option<QueueOrder>,
    pub urgency: Urgency,
    pub panes: Vec<QueuePane>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPane {
    #[serde(rename = "_id")]
    pub id: Id,
    pub pane_number: String,
    pub current_status: String,
}

impl GroupPane {
    pub fn of(pane: &Pane) -> Self {
        GroupPane {
            id: pane.id,
            pane_number: pane.pane_number.clone(),
            current_status: pane.current_status.clone(),
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupSheet {
    #[serde(flatten)]
    pub pane: GroupPane,
    pub here: bool,
}

/// A laminate group on the laminate station's board (§3.9): its active sheets, how many are
/// here, and whether the merge would pass now.
#[derive(Clone, Debug, Serialize)]
pub struct LaminateGroup {
    pub parent: GroupPane,
    pub sheets: Vec<GroupSheet>,
    pub present: usize,
    pub total: usize,
    pub ready: bool,
}

/// `GET /api/stations/:id/queue`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StationQueue {
    pub station: StationBrief,
    pub shift_started_at: Timestamp,
    pub counts: QueueCounts,
    pub orders: Vec<OrderCard>,
    pub laminate_groups: Vec<LaminateGroup>,
    pub total: u64,
    pub capped: bool,
}

/// A station's line on the board.
#[derive(Clone, Debug, Serialize)]
pub struct BoardStation {
    #[serde(flatten)]
    pub station: StationBrief,
    #[serde(flatten)]
    pub counts: StationCounts,
}

#[derive(Clone, Debug, Serialize)]
pub struct HourCount {
    pub hour: Timestamp,
    pub count: u64,
}

/// An urgent order on the board.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct UrgentOrder {
    #[serde(rename = "_id")]
    pub id: Id,
    pub order_number: Option<String>,
    pub customer_name: Option<String>,
    #[serde(serialize_with = "js_number")]
    pub priority: f64,
    pub deadline: Option<Timestamp>,
    #[serde(serialize_with = "js_number")]
    pub pane_count: f64,
    #[serde(serialize_with = "js_number")]
    pub panes_completed: f64,
    pub urgency: Urgency,
}

impl UrgentOrder {
    pub fn of(order: &FloorOrder, urgency: Urgency) -> Self {
        UrgentOrder {
            id: order.id,
            order_number: order.order_number.clone(),
            customer_name: order.customer_name.clone(),
            priority: order.priority,
            deadline: order.deadline,
            pane_count: order.pane_count,
            panes_completed: order.panes_completed,
            urgency,
        }
    }
}

/// `GET /api/board`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Board {
    pub generated_at: Timestamp,
    pub shift_started_at: Timestamp,
    pub stations: Vec<BoardStation>,
    pub finished_per_hour: Vec<HourCount>,
    pub urgent_orders: Vec<UrgentOrder>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 3600 * 1000;

    fn at(ms: i64) -> Timestamp {
        Timestamp::from_millis(ms)
    }

    #[test]
    fn urgency_follows_priority_and_deadline() {
        let now = at(100 * DAY);
        // (priority, deadline, expected)
        let cases = [
            (0.0, None, Urgency::Normal),
            (2.9, None, Urgency::Normal),
            (3.0, None, Urgency::Critical),
            (5.0, Some(at(200 * DAY)), Urgency::Critical),
            (0.0, Some(at(100 * DAY - 1)), Urgency::Critical),
            (0.0, Some(at(100 * DAY)), Urgency::Warn),
            (0.0, Some(at(103 * DAY)), Urgency::Warn),
            (0.0, Some(at(103 * DAY + 1)), Urgency::Normal),
            (1.0, Some(at(150 * DAY)), Urgency::Normal),
        ];
        for (priority, deadline, expected) in cases {
            assert_eq!(
                urgency(priority, deadline, now),
                expected,
                "{priority} {deadline:?}"
            );
        }
        assert_eq!(
            serde_json::to_value(Urgency::Critical).ok(),
            Some(serde_json::json!("critical"))
        );
    }

    fn order(priority: f64, deadline: Option<i64>, created: i64) -> FloorOrder {
        FloorOrder {
            id: Id::new(),
            order_number: None,
            priority,
            deadline: deadline.map(at),
            customer_name: None,
            notes: String::new(),
            pane_count: 0.0,
            panes_completed: 0.0,
            created_at: at(created),
        }
    }

    #[test]
    fn orders_sort_by_urgency_priority_deadline_then_age() {
        let now = at(100 * DAY);
        let normal_old = order(0.0, None, 1);
        let normal_high = order(2.0, None, 5);
        let warn_late = order(0.0, Some(102 * DAY), 2);
        let warn_soon = order(0.0, Some(101 * DAY), 3);
        let critical_overdue = order(0.0, Some(99 * DAY), 4);
        let critical_priority = order(4.0, None, 6);
        let normal_young = order(0.0, None, 7);
        let mut orders = [
            normal_young.clone(),
            warn_late.clone(),
            normal_old.clone(),
            critical_overdue.clone(),
            normal_high.clone(),
            warn_soon.clone(),
            critical_priority.clone(),
        ];
        orders.sort_by(|a, b| most_urgent_first(a, b, now));
        let ids: Vec<Id> = orders.iter().map(|o| o.id).collect();
        assert_eq!(
            ids,
            vec![
                critical_priority.id,
                critical_overdue.id,
                warn_soon.id,
                warn_late.id,
                normal_high.id,
                normal_old.id,
                normal_young.id,
            ]
        );
    }
}
