//! Orders (production.md §2): CRUD with reference checks, ORD numbers, linking a request's
//! panes, the list's row filter, station check-ins and arrival notices, and the ORDER cascade.

use super::cascade::Kind;
use super::refs::{self, Ref};
use super::{Core, Events, deletion, populate};
use crate::domain::events::{Event, Topic};
use crate::domain::numbers::Counter;
use crate::domain::order::{HistoryEntry, NEW_ORDER_TITLE, ORDER_MOVED_TITLE, Order, OrderRefs};
use crate::domain::station::StationName;
use crate::domain::worker::Actor;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::orders::OrderFilter;
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};
use rusqlite::Connection;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// A `stationHistory` entry as a client sends it.
#[derive(Clone, Debug)]
pub struct HistoryInput {
    pub station: Id,
    pub entered_at: Option<Timestamp>,
    pub exited_at: Option<Timestamp>,
    pub completed_by: Option<Id>,
}

/// The fields of a create or update body; create requires customer, material and quantity
/// (the HTTP layer checks that).
#[derive(Clone, Debug, Default)]
pub struct OrderFields {
    pub request: Option<String>,
    pub priority: Option<f64>,
    pub customer: Option<String>,
    pub material: Option<String>,
    pub quantity: Option<f64>,
    pub stations: Option<Vec<Id>>,
    pub current_station_index: Option<i64>,
    pub station_history: Option<Vec<HistoryInput>>,
    pub station_data: Option<Map<String, Value>>,
    pub pane_count: Option<f64>,
    pub panes_completed: Option<f64>,
    pub progress_percent: Option<f64>,
    pub station_breakdown: Option<BTreeMap<String, f64>>,
    pub notes: Option<String>,
    pub status: Option<String>,
    pub claim: Option<String>,
    pub withdrawal: Option<String>,
    pub assigned_to: Option<String>,
}

/// An order with what it refers to, ready to render populated.
pub struct OrderView {
    pub order: Order,
    pub refs: OrderRefs,
    pub stations: Vec<StationName>,
}

impl OrderView {
    /// The populated order; `brief` narrows the request (`?populate=true`).
    pub fn render(&self, brief: bool) -> Value {
        serde_json::to_value(self.order.populated(&self.refs, &self.stations, brief))
            .unwrap_or(Value::Null)
    }
}

pub(super) fn view(conn: &Connection, order: Order) -> AppResult<OrderView> {
    let refs = populate::order_refs(conn, &order)?;
    let mut ids = order.stations.clone();
    ids.extend(order.station_history.iter().map(|h| h.station));
    let stations = populate::station_names(conn, &ids)?;
    Ok(OrderView {
        order,
        refs,
        stations,
    })
}

fn missing() -> AppError {
    AppError::not_found("Order")
}

/// Who sees every order (§1.3): admin, `orders:manage`, `production:view`, `inventory:view`,
/// any station user (which covers `station:enter:<stationId>`); others only their own.
fn sees_all_orders(actor: &Actor) -> bool {
    actor.grants.station_aware(
        &["orders:manage", "production:view", "inventory:view"],
        true,
    )
}

pub async fn list(
    core: &Core,
    actor: &Actor,
    station: Option<String>,
    page: PageRequest,
) -> AppResult<(Vec<OrderView>, u64)> {
    let filter = OrderFilter {
        assigned_to: (!sees_all_orders(actor)).then_some(actor.worker.id),
        station,
    };
    core.db
        .read(move |conn| {
            let (orders, total) = store::orders::page(conn, &filter, &page)?;
            let views = orders
                .into_iter()
                .map(|o| view(conn, o))
                .collect::<AppResult<_>>()?;
            Ok((views, total))
        })
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<OrderView> {
    let id = id.ok_or_else(missing)?;
    core.db
        .read(move |conn| {
            let order = store::orders::get(conn, id)?.ok_or_else(missing)?;
            view(conn, order)
        })
        .await
}

/// The references of a body, checked in §2.3's order before anything is written.
struct CheckedRefs {
    customer: Option<Id>,
    material: Option<Id>,
    request: Option<Id>,
    assigned_to: Option<Id>,
    claim: Option<Id>,
    withdrawal: Option<Id>,
}

fn check_refs(tx: &WriteTx<'_>, fields: &OrderFields) -> AppResult<CheckedRefs> {
    Ok(CheckedRefs {
        customer: refs::require_optional(tx, Ref::Customer, fields.customer.as_deref())?,
        material: refs::require_optional(tx, Ref::Material, fields.material.as_deref())?,
        request: refs::require_optional(tx, Ref::Request, fields.request.as_deref())?,
        assigned_to: refs::require_optional(
            tx,
            Ref::WorkerAssignedTo,
            fields.assigned_to.as_deref(),
        )?,
        claim: refs::require_optional(tx, Ref::Claim, fields.claim.as_deref())?,
        withdrawal: refs::require_optional(tx, Ref::Withdrawal, fields.withdrawal.as_deref())?,
    })
}

fn history(entries: Vec<HistoryInput>, now: Timestamp) -> Vec<HistoryEntry> {
    entries
        .into_iter()
        .map(|h| HistoryEntry {
            id: Id::new(),
            station: h.station,
            entered_at: h.entered_at.unwrap_or(now),
            exited_at: h.exited_at,
            completed_by: h.completed_by,
        })
        .collect()
}

/// Applies the body's plain fields (references are applied by the caller).
fn apply(order: &mut Order, fields: OrderFields, now: Timestamp) {
    let OrderFields {
        priority,
        quantity,
        stations,
        current_station_index,
        station_history,
        station_data,
        pane_count,
        panes_completed,
        progress_percent,
        station_breakdown,
        notes,
        status,
        ..
    } = fields;
    order.priority = priority.unwrap_or(order.priority);
    order.quantity = quantity.unwrap_or(order.quantity);
    if let Some(stations) = stations {
        order.stations = stations;
    }
    order.current_station_index = current_station_index.unwrap_or(order.current_station_index);
    if let Some(entries) = station_history {
        order.station_history = history(entries, now);
    }
    if let Some(data) = station_data {
        order.station_data = data;
    }
    order.pane_count = pane_count.unwrap_or(order.pane_count);
    order.panes_completed = panes_completed.unwrap_or(order.panes_completed);
    order.progress_percent = progress_percent.unwrap_or(order.progress_percent);
    if let Some(breakdown) = station_breakdown {
        order.station_breakdown = breakdown;
    }
    if let Some(notes) = notes {
        order.notes = notes;
    }
    if let Some(status) = status {
        order.status = status;
    }
}

/// `POST /api/orders` (§2.3).
pub async fn create(core: &Core, fields: OrderFields) -> AppResult<OrderView> {
    core.transact(move |tx, events| {
        let checked = check_refs(tx, &fields)?;
        let (Some(customer), Some(material)) = (checked.customer, checked.material) else {
            // The HTTP layer requires both; an empty id is no reference.
            return Err(AppError::BadRequest("Customer not found".to_owned()));
        };
        let now = Timestamp::now();
        let mut order = Order {
            id: Id::new(),
            order_number: Some(store::counters::next(tx, Counter::Order)?),
            request: checked.request,
            priority: 0.0,
            customer,
            material,
            quantity: 1.0,
            stations: Vec::new(),
            current_station_index: 0,
            station_history: Vec::new(),
            station_data: Map::new(),
            pane_count: 0.0,
            panes_completed: 0.0,
            progress_percent: 0.0,
            station_breakdown: BTreeMap::new(),
            notes: String::new(),
            status: "pending".to_owned(),
            claim: checked.claim,
            withdrawal: checked.withdrawal,
            assigned_to: checked.assigned_to,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        apply(&mut order, fields, now);
        store::orders::save(tx, &order)?;
        if let Some(request) = order.request {
            // No pane events and no paneCount change, as upstream (§2.3 step 3).
            store::orders::link_request_panes(tx, request, order.id, order.material, now)?;
        }
        let view = view(tx, order)?;
        events.push(Event::resource(Topic::Order, "created", view.render(false)));
        if let Some(first) = view.order.stations.first() {
            events.push(Event::notification_at_station(
                *first,
                view.order.arrival_notice(NEW_ORDER_TITLE),
            ));
        }
        Ok(view)
    })
    .await
}

/// `PATCH /api/orders/:id` (§2.4).
pub async fn update(
    core: &Core,
    actor: Actor,
    id: Option<Id>,
    fields: OrderFields,
) -> AppResult<OrderView> {
    let id = id.ok_or_else(missing)?;
    core.transact(move |tx, events| {
        let mut order = store::orders::get(tx, id)?.ok_or_else(missing)?;
        check_may_change(&actor, &order)?;
        let checked = check_refs(tx, &fields)?;
        let previous_index = order.current_station_index;
        let checks_in = fields.station_history.is_some() || fields.current_station_index.is_some();
        let now = Timestamp::now();
        order.customer = checked.customer.unwrap_or(order.customer);
        order.material = checked.material.unwrap_or(order.material);
        order.request = checked.request.or(order.request);
        order.assigned_to = checked.assigned_to.or(order.assigned_to);
        order.claim = checked.claim.or(order.claim);
        order.withdrawal = checked.withdrawal.or(order.withdrawal);
        apply(&mut order, fields, now);
        order.updated_at = now;
        store::orders::save(tx, &order)?;
        let view = view(tx, order)?;
        events.push(Event::resource(Topic::Order, "updated", view.render(false)));
        push_station_events(&view.order, checks_in, previous_index, events);
        Ok(view)
    })
    .await
}

/// The row-level rule of order changes (§1.3): without `orders:manage` (ALL-style) and without
/// any station permission, only the assignee may change an order.
pub(super) fn check_may_change(actor: &Actor, order: &Order) -> AppResult<()> {
    let unrestricted = actor.grants.all(&["orders:manage"])
        || actor
            .grants
            .permissions
            .iter()
            .any(|p| p.starts_with("station:enter:"));
    if unrestricted || order.assigned_to == Some(actor.worker.id) {
        Ok(())
    } else {
        Err(AppError::Forbidden("Not authorized".to_owned()))
    }
}

/// §2.4 steps 4 and 5: the check-in event and the arrival notice of an update.
fn push_station_events(order: &Order, checks_in: bool, previous_index: i64, events: &mut Events) {
    let Some(station) = order.current_station() else {
        return;
    };
    if checks_in {
        events.push(Event::station_check_in(
            station,
            order.id,
            order.check_in_action(),
        ));
    }
    if order.current_station_index != previous_index {
        events.push(Event::notification_at_station(
            station,
            order.arrival_notice(ORDER_MOVED_TITLE),
        ));
    }
}

/// `DELETE /api/orders/:id` (§2.5): the ORDER cascade, then `updated` and `deleted` with the
/// order as it was (upstream sends both; clients may listen to either).
pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    core.transact(move |tx, events| {
        let before = id
            .map(|id| store::orders::get(tx, id))
            .transpose()?
            .flatten();
        if let Some(order) = &before {
            events.push(Event::resource(Topic::Order, "updated", order.plain()));
        }
        deletion::delete_one(
            tx,
            events,
            Kind::Order,
            Some(Topic::Order),
            id,
            "Order",
            |_, _| deletion::snapshot(before.as_ref().map(Order::plain)),
        )
    })
    .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    core.transact(move |tx, events| {
        deletion::delete_many(tx, events, Kind::Order, Some(Topic::Order), &ids)
    })
    .await
}
