//! Orders (production.md §2): a customer's order for a material and quantity, with the
//! progress counters that scans, claims and remakes move (§2.6).

use super::claim::Claim;
use super::customer::Customer;
use super::json::{JsNumber, js_number};
use super::material::Material;
use super::request::Request;
use super::station::StationName;
use super::withdrawal::Withdrawal;
use super::worker::{Worker, WorkerDoc};
use super::{Id, Timestamp};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub const STATUSES: &[&str] = &["pending", "in_progress", "completed", "cancelled"];

/// One visit of the order to a station (`stationHistory[]`, its own `_id`).
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryEntry {
    pub id: Id,
    pub station: Id,
    pub entered_at: Timestamp,
    pub exited_at: Option<Timestamp>,
    pub completed_by: Option<Id>,
}

/// A stored order.
#[derive(Clone, Debug, PartialEq)]
pub struct Order {
    pub id: Id,
    pub order_number: Option<String>,
    pub request: Option<Id>,
    pub priority: f64,
    pub customer: Id,
    pub material: Id,
    pub quantity: f64,
    pub stations: Vec<Id>,
    pub current_station_index: i64,
    pub station_history: Vec<HistoryEntry>,
    pub station_data: Map<String, Value>,
    pub pane_count: f64,
    pub panes_completed: f64,
    pub progress_percent: f64,
    /// Station hex → panes there (approximate by design, §2.6).
    pub station_breakdown: BTreeMap<String, f64>,
    pub notes: String,
    pub status: String,
    pub claim: Option<Id>,
    pub withdrawal: Option<Id>,
    pub assigned_to: Option<Id>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

/// A station-breakdown map whose counts render as JavaScript numbers.
fn js_counts<S: Serializer>(map: &BTreeMap<String, f64>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_map(map.iter().map(|(k, v)| (k, JsNumber(*v))))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryDoc<S: Serialize> {
    #[serde(rename = "_id")]
    id: Id,
    station: S,
    entered_at: Timestamp,
    exited_at: Option<Timestamp>,
    completed_by: Option<Id>,
}

/// An order's JSON. The type parameters render the references: as ids, or populated in the
/// shape each context of production.md §1.5 wants (request, customer, material, claim,
/// withdrawal, assignee, stations).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderDoc<'a, R, C, M, X, D, W, S>
where
    R: Serialize,
    C: Serialize,
    M: Serialize,
    X: Serialize,
    D: Serialize,
    W: Serialize,
    S: Serialize,
{
    #[serde(rename = "_id")]
    id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_number: Option<&'a str>,
    request: R,
    #[serde(serialize_with = "js_number")]
    priority: f64,
    customer: C,
    material: M,
    #[serde(serialize_with = "js_number")]
    quantity: f64,
    stations: Vec<S>,
    current_station_index: i64,
    station_history: Vec<HistoryDoc<Option<S>>>,
    station_data: &'a Map<String, Value>,
    #[serde(serialize_with = "js_number")]
    pane_count: f64,
    #[serde(serialize_with = "js_number")]
    panes_completed: f64,
    #[serde(serialize_with = "js_number")]
    progress_percent: f64,
    #[serde(serialize_with = "js_counts")]
    station_breakdown: &'a BTreeMap<String, f64>,
    notes: &'a str,
    status: &'a str,
    claim: X,
    withdrawal: D,
    assigned_to: W,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

/// The documents an order refers to, loaded for a populated answer. A gone target is `None`.
#[derive(Clone, Debug, Default)]
pub struct OrderRefs {
    pub request: Option<Request>,
    pub customer: Option<Customer>,
    pub material: Option<Material>,
    pub claim: Option<Claim>,
    pub withdrawal: Option<Withdrawal>,
    pub assigned_to: Option<Worker>,
}

/// `?populate=true` narrows an order's request to these fields (§2.2).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestBrief<'a> {
    #[serde(rename = "_id")]
    id: Id,
    deadline: Option<Timestamp>,
    details: &'a super::request::Details,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_number: Option<&'a str>,
}

impl<'a> RequestBrief<'a> {
    pub fn of(request: &'a Request) -> Self {
        RequestBrief {
            id: request.id,
            deadline: request.deadline,
            details: &request.details,
            request_number: request.request_number.as_deref(),
        }
    }
}

type Embedded<'a> = Option<WorkerDoc<'a, &'a str>>;
/// Request, customer, material, claim, withdrawal and assignee, rendered full.
type FullRefs<'a> = (
    Option<Value>,
    Option<&'a Customer>,
    Option<&'a Material>,
    Option<&'a Claim>,
    Option<&'a Withdrawal>,
    Embedded<'a>,
);

impl Order {
    #[allow(clippy::type_complexity)]
    fn doc<R, C, M, X, D, W, S>(
        &self,
        refs: (R, C, M, X, D, W),
        stations: Vec<S>,
        history_station: impl Fn(Id) -> Option<S>,
    ) -> OrderDoc<'_, R, C, M, X, D, W, S>
    where
        R: Serialize,
        C: Serialize,
        M: Serialize,
        X: Serialize,
        D: Serialize,
        W: Serialize,
        S: Serialize,
    {
        let (request, customer, material, claim, withdrawal, assigned_to) = refs;
        OrderDoc {
            id: self.id,
            order_number: self.order_number.as_deref(),
            request,
            priority: self.priority,
            customer,
            material,
            quantity: self.quantity,
            stations,
            current_station_index: self.current_station_index,
            station_history: self
                .station_history
                .iter()
                .map(|h| HistoryDoc {
                    id: h.id,
                    station: history_station(h.station),
                    entered_at: h.entered_at,
                    exited_at: h.exited_at,
                    completed_by: h.completed_by,
                })
                .collect(),
            station_data: &self.station_data,
            pane_count: self.pane_count,
            panes_completed: self.panes_completed,
            progress_percent: self.progress_percent,
            station_breakdown: &self.station_breakdown,
            notes: &self.notes,
            status: &self.status,
            claim,
            withdrawal,
            assigned_to,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// Every reference as an id: delete events, claim pulls, and orders embedded in logs.
    #[allow(clippy::type_complexity)]
    pub fn plain(
        &self,
    ) -> OrderDoc<'_, Option<Id>, Id, Id, Option<Id>, Option<Id>, Option<Id>, Id> {
        self.plain_with(self.request)
    }

    /// As [`Order::plain`] with the request rendered by the caller (the dashboard embeds it).
    #[allow(clippy::type_complexity)]
    pub fn plain_with<R: Serialize>(
        &self,
        request: R,
    ) -> OrderDoc<'_, R, Id, Id, Option<Id>, Option<Id>, Option<Id>, Id> {
        let refs = (
            request,
            self.customer,
            self.material,
            self.claim,
            self.withdrawal,
            self.assigned_to,
        );
        self.doc(refs, self.stations.clone(), Some)
    }

    /// The order REST answers and order events: references full, stations `{_id, name}`
    /// (gone stations drop out of `stations`, and are null in the history). `brief` narrows
    /// the request (`?populate=true`).
    pub fn populated<'a>(
        &'a self,
        refs: &'a OrderRefs,
        stations: &'a [StationName],
        brief: bool,
    ) -> impl Serialize + 'a {
        let find = |id: Id| stations.iter().find(|s| s.id == id).cloned();
        let listed: Vec<StationName> = self.stations.iter().filter_map(|id| find(*id)).collect();
        let request = refs.request.as_ref().map(|r| {
            if brief {
                serde_json::to_value(RequestBrief::of(r)).unwrap_or(Value::Null)
            } else {
                serde_json::to_value(r.plain()).unwrap_or(Value::Null)
            }
        });
        self.doc(Self::full_refs(refs, request), listed, find)
    }

    /// The order inside `order:updated` from scans, qc_fail and pane linking: references full,
    /// stations left as ids (§1.5 row 4).
    pub fn with_refs<'a>(&'a self, refs: &'a OrderRefs) -> impl Serialize + 'a {
        let request = refs
            .request
            .as_ref()
            .map(|r| serde_json::to_value(r.plain()).unwrap_or(Value::Null));
        self.doc(Self::full_refs(refs, request), self.stations.clone(), Some)
    }

    fn full_refs(refs: &OrderRefs, request: Option<Value>) -> FullRefs<'_> {
        (
            request,
            refs.customer.as_ref(),
            refs.material.as_ref(),
            refs.claim.as_ref(),
            refs.withdrawal.as_ref(),
            refs.assigned_to.as_ref().map(Worker::embedded),
        )
    }

    /// The denominator of `progressPercent`: `paneCount`, else the quantity, else 1 (§2.6).
    pub fn effective_count(&self) -> f64 {
        if self.pane_count > 0.0 {
            self.pane_count
        } else if self.quantity > 0.0 {
            self.quantity
        } else {
            1.0
        }
    }

    /// The first scan_in/start/complete of any of its panes starts the order (§2.6); true when
    /// it changed.
    pub fn start(&mut self) -> bool {
        if self.status == "pending" || self.status.is_empty() {
            self.status = "in_progress".to_owned();
            return true;
        }
        false
    }

    /// `stationBreakdown[station]` −1, never below 0.
    pub fn leave_station(&mut self, station: Id) {
        if let Some(count) = self.station_breakdown.get_mut(&station.to_hex())
            && *count > 0.0
        {
            *count -= 1.0;
        }
    }

    /// A scan_out/qc_pass of one of its panes (§2.6): the hand-off between stations, or a
    /// finished non-sheet pane counting towards completion.
    pub fn hand_off(&mut self, from: Id, next: Option<Id>, is_sheet: bool) {
        self.leave_station(from);
        match next {
            Some(next) => *self.station_breakdown.entry(next.to_hex()).or_insert(0.0) += 1.0,
            None if !is_sheet => {
                self.panes_completed += 1.0;
                let effective = self.effective_count();
                self.progress_percent = (self.panes_completed / effective * 100.0).round();
                if self.panes_completed >= effective {
                    self.status = "completed".to_owned();
                }
            }
            None => {}
        }
    }

    /// The station at `currentStationIndex`, when there is one.
    pub fn current_station(&self) -> Option<Id> {
        usize::try_from(self.current_station_index)
            .ok()
            .and_then(|i| self.stations.get(i).copied())
    }

    /// `station:check_in`'s action: `exited` when the last visit has ended (§2.4 step 4).
    pub fn check_in_action(&self) -> &'static str {
        match self.station_history.last() {
            Some(entry) if entry.exited_at.is_some() => "exited",
            _ => "entered",
        }
    }

    /// The station screens' `order_arrived` notification (not stored, §2.3 step 5).
    pub fn arrival_notice(&self, title: &str) -> Value {
        let number = self
            .order_number
            .clone()
            .unwrap_or_else(|| self.id.to_hex());
        json!({
            "type": "order_arrived",
            "title": title,
            "message": format!("ออเดอร์ {number} เข้าสถานีนี้แล้ว"),
            "referenceId": self.id,
            "referenceType": "Order",
            "priority": "high",
            "readStatus": false,
        })
    }
}

/// The title of the notification on order create.
pub const NEW_ORDER_TITLE: &str = "มีออเดอร์ใหม่เข้า";
/// The title of the notification when an update moves the order to another station.
pub const ORDER_MOVED_TITLE: &str = "มีออเดอร์เข้า";

/// An order embedded in another document (material logs, withdrawals): the plain order.
impl Serialize for Order {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.plain().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order() -> Order {
        let now = Timestamp::now();
        Order {
            id: Id::new(),
            order_number: Some("ORD-0001".into()),
            request: None,
            priority: 0.0,
            customer: Id::new(),
            material: Id::new(),
            quantity: 4.0,
            stations: vec![Id::new(), Id::new()],
            current_station_index: 1,
            station_history: Vec::new(),
            station_data: Map::new(),
            pane_count: 0.0,
            panes_completed: 0.0,
            progress_percent: 0.0,
            station_breakdown: BTreeMap::from([("a".into(), 2.0)]),
            notes: String::new(),
            status: "pending".into(),
            claim: None,
            withdrawal: None,
            assigned_to: None,
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }

    #[test]
    fn plain_orders_render_ids_and_js_numbers() {
        let order = order();
        let value = serde_json::to_value(order.plain()).expect("json");
        assert_eq!(value["orderNumber"], "ORD-0001");
        assert_eq!(value["quantity"], json!(4));
        assert_eq!(value["stationBreakdown"], json!({"a": 2}));
        assert_eq!(value["stations"][0], json!(order.stations[0].to_hex()));
        assert_eq!(value["request"], Value::Null);
        assert_eq!(value["__v"], json!(0));
    }

    #[test]
    fn counters_and_check_in_follow_the_spec() {
        let mut order = order();
        assert_eq!(order.effective_count(), 4.0);
        order.pane_count = 3.0;
        assert_eq!(order.effective_count(), 3.0);
        assert_eq!(order.current_station(), Some(order.stations[1]));
        order.current_station_index = 5;
        assert_eq!(order.current_station(), None);
        assert_eq!(order.check_in_action(), "entered");
        order.station_history.push(HistoryEntry {
            id: Id::new(),
            station: order.stations[0],
            entered_at: Timestamp::now(),
            exited_at: Some(Timestamp::now()),
            completed_by: None,
        });
        assert_eq!(order.check_in_action(), "exited");
        let notice = order.arrival_notice(NEW_ORDER_TITLE);
        let (a, b) = (order.stations[0], order.stations[1]);
        order.hand_off(a, Some(b), false);
        assert_eq!(order.station_breakdown.get(&b.to_hex()), Some(&1.0));
        order.hand_off(b, None, true);
        assert_eq!(order.panes_completed, 0.0, "sheets do not count");
        order.hand_off(b, None, false);
        order.hand_off(b, None, false);
        assert_eq!(order.station_breakdown.get(&b.to_hex()), Some(&0.0));
        assert_eq!((order.panes_completed, order.progress_percent), (2.0, 67.0));
        order.hand_off(b, None, false);
        assert_eq!(order.status, "completed");
        assert_eq!(notice["message"], "ออเดอร์ ORD-0001 เข้าสถานีนี้แล้ว");
    }
}
