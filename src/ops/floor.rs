//! The station floor's reads (station-floor.md §5.1 #2, §5.2 #6, #15): one station's queue
//! and the production board, computed by the server from one read snapshot so that kiosks and
//! TV boards no longer fetch hundreds of panes to filter them in the browser.

use super::Core;
use crate::domain::dashboard::local_now;
use crate::domain::floor::{
    BOARD_HOURS, Board, BoardStation, CRITICAL_PRIORITY, FloorOrder, GroupPane, GroupSheet,
    HourCount, LaminateGroup, MAX_LISTED, MAX_URGENT_ORDERS, OrderCard, QueueCounts, QueueOrder,
    QueuePane, StationQueue, Urgency, UrgentOrder, WARN_WINDOW_MS, most_urgent_first,
};
use crate::domain::pane::Pane;
use crate::domain::scan::{is_active_sheet, is_present_at, next_station};
use crate::domain::shift::{HOUR_MS, hour_starts};
use crate::domain::station::{Station, StationBrief, StationName};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::{self, floor::PaneSlot};
use chrono::{DateTime, Local};
use rusqlite::Connection;
use std::collections::HashMap;

fn missing() -> AppError {
    AppError::not_found("Station")
}

/// The floor's clock when a read starts: now, when the running shift started, and now in the
/// box's time zone (for the board's local hours).
struct Clock {
    now: Timestamp,
    shift: Timestamp,
    local: DateTime<Local>,
}

impl Clock {
    fn read(core: &Core) -> Self {
        let local = local_now();
        let shift = core.shifts.current_start(&local);
        Clock {
            now: Timestamp::from_millis(local.timestamp_millis()),
            shift: Timestamp::from_millis(shift.timestamp_millis()),
            local,
        }
    }
}

/// `GET /api/stations/:id/queue`.
pub async fn queue(core: &Core, id: Option<Id>) -> AppResult<StationQueue> {
    let id = id.ok_or_else(missing)?;
    let clock = Clock::read(core);
    core.db
        .read(move |conn| {
            let station = store::stations::get(conn, id)?.ok_or_else(missing)?;
            Queue::new(conn, &station, clock.now)?.build(clock.shift)
        })
        .await
}

/// A station's queue while it is assembled.
struct Queue<'c> {
    conn: &'c Connection,
    station: &'c Station,
    now: Timestamp,
    /// Every pane at work here, in creation order.
    slots: Vec<PaneSlot>,
    /// The orders of those panes.
    orders: HashMap<Id, FloorOrder>,
    /// `{_id, name}` of the next stations named so far (`None`: deleted).
    names: HashMap<Id, Option<StationName>>,
    listed: usize,
}

impl<'c> Queue<'c> {
    fn new(conn: &'c Connection, station: &'c Station, now: Timestamp) -> AppResult<Self> {
        let slots = store::floor::station_slots(conn, station.id)?;
        let mut orders = HashMap::new();
        for order in slots.iter().filter_map(|s| s.order) {
            if !orders.contains_key(&order)
                && let Some(found) = store::floor::order(conn, order)?
            {
                orders.insert(order, found);
            }
        }
        Ok(Queue {
            conn,
            station,
            now,
            slots,
            orders,
            names: HashMap::new(),
            listed: 0,
        })
    }

    fn urgency_of(&self, slot: &PaneSlot) -> Urgency {
        slot.order
            .and_then(|id| self.orders.get(&id))
            .map_or(Urgency::Normal, |o| o.urgency(self.now))
    }

    fn build(mut self, shift: Timestamp) -> AppResult<StationQueue> {
        let station = self.station;
        let mut counts = store::floor::station_counts(self.conn, station.id)?;
        counts.done_this_shift = store::floor::done_since(self.conn, station.id, shift)?;
        let urgent = self
            .slots
            .iter()
            .filter(|s| self.urgency_of(s) == Urgency::Critical)
            .count() as u64;
        let (laminate_groups, grouped) = self.laminate_groups()?;
        let orders = self.order_cards(&grouped)?;
        let total = self.slots.len() as u64;
        Ok(StationQueue {
            station: StationBrief::of(station),
            shift_started_at: shift,
            counts: QueueCounts::new(counts, urgent),
            orders,
            laminate_groups,
            total,
            capped: (self.listed as u64) < total,
        })
    }

    /// §3.9: at a laminate station, the sheets laminated here are shown by group (with their
    /// dormant parent) instead of in the order cards. Groups come oldest arrival first and are
    /// listed whole or not at all. Returns the groups and the sheets they took.
    fn laminate_groups(&mut self) -> AppResult<(Vec<LaminateGroup>, Vec<Id>)> {
        if !self.station.is_laminate_station {
            return Ok((Vec::new(), Vec::new()));
        }
        let here = self.station.id;
        // parent → (earliest arrival of its sheets here, those sheets)
        let mut parents: Vec<(Id, Option<Timestamp>, Vec<Id>)> = Vec::new();
        for slot in &self.slots {
            let (Some(parent), "sheet") = (slot.parent_pane, slot.laminate_role.as_str()) else {
                continue;
            };
            if slot.laminate_station != Some(here) {
                continue;
            }
            match parents.iter_mut().find(|(id, _, _)| *id == parent) {
                Some((_, earliest, sheets)) => {
                    *earliest = earliest_of(*earliest, slot.arrived_at);
                    sheets.push(slot.id);
                }
                None => parents.push((parent, slot.arrived_at, vec![slot.id])),
            }
        }
        parents
            .sort_by_key(|(id, earliest, _)| (earliest.map_or(i64::MAX, Timestamp::millis), *id));
        let mut groups = Vec::new();
        let mut grouped = Vec::new();
        for (parent_id, _, sheets_here) in parents {
            if self.listed + sheets_here.len() > MAX_LISTED {
                break;
            }
            // A sheet whose parent is gone is shown in its order's card instead.
            let Some(parent) = store::panes::get(self.conn, parent_id)? else {
                continue;
            };
            let laminate_at = parent.laminate_station.unwrap_or(here);
            let active: Vec<Pane> = store::panes::children(self.conn, parent_id)?
                .into_iter()
                .filter(is_active_sheet)
                .collect();
            let present = active
                .iter()
                .filter(|s| s.current_station == Some(here))
                .count();
            groups.push(LaminateGroup {
                parent: GroupPane::of(&parent),
                sheets: active
                    .iter()
                    .map(|s| GroupSheet {
                        pane: GroupPane::of(s),
                        here: s.current_station == Some(here),
                    })
                    .collect(),
                present,
                total: active.len(),
                ready: !active.is_empty() && active.iter().all(|s| is_present_at(s, laminate_at)),
            });
            self.listed += sheets_here.len();
            grouped.extend(sheets_here);
        }
        Ok((groups, grouped))
    }

    /// One card per order, most urgent first (panes of no order last), each with its panes
    /// here in creation order, until [`MAX_LISTED`] panes are listed.
    fn order_cards(&mut self, grouped: &[Id]) -> AppResult<Vec<OrderCard>> {
        let mut keys: Vec<Option<Id>> = Vec::new();
        let mut by_order: HashMap<Option<Id>, Vec<PaneSlot>> = HashMap::new();
        for slot in self.slots.iter().filter(|s| !grouped.contains(&s.id)) {
            let key = slot.order.filter(|id| self.orders.contains_key(id));
            if !by_order.contains_key(&key) {
                keys.push(key);
            }
            by_order.entry(key).or_default().push(slot.clone());
        }
        let now = self.now;
        let orders = &self.orders;
        keys.sort_by(|a, b| {
            match (
                a.and_then(|id| orders.get(&id)),
                b.and_then(|id| orders.get(&id)),
            ) {
                (Some(a), Some(b)) => most_urgent_first(a, b, now),
                // Panes of no order come last.
                (a, b) => a.is_none().cmp(&b.is_none()),
            }
        });
        let mut cards = Vec::new();
        for key in keys {
            if self.listed >= MAX_LISTED {
                break;
            }
            let order = key.and_then(|id| self.orders.get(&id));
            let urgency = order.map_or(Urgency::Normal, |o| o.urgency(now));
            let order = order.map(QueueOrder::of);
            let mut panes = Vec::new();
            for slot in by_order.remove(&key).unwrap_or_default() {
                if self.listed >= MAX_LISTED {
                    break;
                }
                let Some(pane) = store::panes::get(self.conn, slot.id)? else {
                    continue;
                };
                let next = match next_station(&pane, self.station.id) {
                    Some(next) => self.name(next)?,
                    None => None,
                };
                panes.push(QueuePane::of(&pane, next, slot.arrived_at));
                self.listed += 1;
            }
            if !panes.is_empty() {
                cards.push(OrderCard {
                    order,
                    urgency,
                    panes,
                });
            }
        }
        Ok(cards)
    }

    fn name(&mut self, id: Id) -> AppResult<Option<StationName>> {
        if let Some(name) = self.names.get(&id) {
            return Ok(name.clone());
        }
        let name = store::stations::get(self.conn, id)?.map(|s| StationName {
            id: s.id,
            name: s.name,
        });
        self.names.insert(id, name.clone());
        Ok(name)
    }
}

fn earliest_of(a: Option<Timestamp>, b: Option<Timestamp>) -> Option<Timestamp> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// `GET /api/board`: every station's counts, the panes finished per hour over the last
/// [`BOARD_HOURS`] hours, and the most urgent open orders.
pub async fn board(core: &Core) -> AppResult<Board> {
    let Clock { now, shift, local } = Clock::read(core);
    let hours = hour_starts(&local, BOARD_HOURS);
    core.db
        .read(move |conn| {
            let mut stations = Vec::new();
            for station in store::stations::all(conn)? {
                let mut counts = store::floor::station_counts(conn, station.id)?;
                counts.done_this_shift = store::floor::done_since(conn, station.id, shift)?;
                stations.push(BoardStation {
                    station: StationBrief::of(&station),
                    counts,
                });
            }
            Ok(Board {
                generated_at: now,
                shift_started_at: shift,
                stations,
                finished_per_hour: finished_per_hour(conn, &hours)?,
                urgent_orders: urgent_orders(conn, now)?,
            })
        })
        .await
}

fn finished_per_hour(conn: &Connection, hours: &[i64]) -> AppResult<Vec<HourCount>> {
    let mut counts = vec![0u64; hours.len()];
    let since = Timestamp::from_millis(hours.first().copied().unwrap_or(0));
    for (index, count) in store::floor::finished_per_hour(conn, since, HOUR_MS)? {
        // A log stamped after now (a clock step back) has no bar.
        if let Some(slot) = usize::try_from(index).ok().and_then(|i| counts.get_mut(i)) {
            *slot += count;
        }
    }
    Ok(hours
        .iter()
        .zip(counts)
        .map(|(hour, count)| HourCount {
            hour: Timestamp::from_millis(*hour),
            count,
        })
        .collect())
}

/// Critical and warning orders that are still open, most urgent first.
fn urgent_orders(conn: &Connection, now: Timestamp) -> AppResult<Vec<UrgentOrder>> {
    let warn_until = Timestamp::from_millis(now.millis() + WARN_WINDOW_MS);
    let mut orders = store::floor::urgent_candidates(conn, CRITICAL_PRIORITY, warn_until)?;
    orders.retain(|o| o.urgency(now) != Urgency::Normal);
    orders.sort_by(|a, b| most_urgent_first(a, b, now));
    Ok(orders
        .iter()
        .take(MAX_URGENT_ORDERS)
        .map(|o| UrgentOrder::of(o, o.urgency(now)))
        .collect())
}
