//! `POST /api/orders/:id/release` (station-floor.md §3.4 "OrderReleasePanel", §5.1 #9): what
//! the release panel did in many browser requests (a half-released order when one failed),
//! as one transaction: the order gets its station route and starts, its unstarted panes follow
//! the new route, and panes are made up to the wanted quantity through the very path of
//! `POST /api/panes` (PNE numbers, `pane:updated created`).

use super::orders::{self, OrderView};
use super::panes::{self, Created, PaneBody, PaneFields};
use super::refs::{self, Ref};
use super::{Core, populate};
use crate::domain::events::{Event, Room, Topic};
use crate::domain::order::{NEW_ORDER_TITLE, Order};
use crate::domain::pane::PaneItem;
use crate::domain::pane_view::PopulatedPane;
use crate::domain::worker::Actor;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;

/// The most panes one release makes an order have.
pub const MAX_PANES: u64 = 1000;

/// A validated release body: the route (1..30 distinct station ids) and how many panes the
/// order should have (`None`: its quantity).
#[derive(Clone, Debug)]
pub struct ReleaseCommand {
    pub stations: Vec<Id>,
    pub quantity: Option<u64>,
}

/// The released order (populated as `PATCH /api/orders/:id` answers it) and the panes the
/// release routed: the re-routed ones first, then the new ones.
pub struct Released {
    pub order: OrderView,
    pub panes: Vec<PopulatedPane>,
}

fn refuse(message: impl Into<String>) -> AppError {
    AppError::BadRequest(message.into())
}

/// How many panes an order should have when the release names no quantity: its quantity.
fn default_quantity(order: &Order) -> AppResult<u64> {
    let quantity = order.quantity.ceil().max(1.0);
    if quantity > MAX_PANES as f64 {
        return Err(refuse(format!(
            "The order's quantity is more than {MAX_PANES} panes: send a quantity"
        )));
    }
    Ok(quantity as u64)
}

/// Checks run in the order of an order PATCH (§2.4): the order (404), the row-level rule
/// (403), then the body's meaning (400); nothing is written before all of them passed.
pub async fn release(
    core: &Core,
    actor: Actor,
    id: Option<Id>,
    command: ReleaseCommand,
) -> AppResult<Released> {
    let missing = || AppError::not_found("Order");
    let id = id.ok_or_else(missing)?;
    core.transact(move |tx, events| {
        let mut order = store::orders::get(tx, id)?.ok_or_else(missing)?;
        orders::check_may_change(&actor, &order)?;
        if order.status == "completed" || order.status == "cancelled" {
            return Err(refuse(format!(
                "A {} order cannot be released",
                order.status
            )));
        }
        let route = command.stations;
        for station in &route {
            if !refs::exists(tx, Ref::Station, *station)? {
                return Err(refuse("Station not found"));
            }
        }
        let first = *route.first().ok_or_else(|| refuse("Station not found"))?;
        let pieces = store::panes::pieces_of_order(tx, id)?;
        let wanted = match command.quantity {
            Some(quantity) => quantity,
            None => default_quantity(&order)?,
        };
        if pieces > wanted {
            return Err(refuse(format!(
                "The order already has {pieces} panes, more than {wanted}"
            )));
        }

        let now = Timestamp::now();
        order.stations = route.clone();
        order.current_station_index = 0;
        order.start();
        // Progress now counts against the panes released, not a client-set paneCount.
        order.pane_count = wanted as f64;
        order.progress_percent = (order.panes_completed / order.pane_count * 100.0).round();
        order.updated_at = now;
        order.version += 1;
        store::orders::save(tx, &order)?;
        let view = orders::view(tx, order)?;
        events.push(Event::resource(Topic::Order, "updated", view.render(false)));
        events.push(Event::notification_at_station(
            first,
            view.order.arrival_notice(NEW_ORDER_TITLE),
        ));

        let mut routed = Vec::new();
        for mut pane in store::panes::unstarted_of_order(tx, id)? {
            let left = pane.current_station.filter(|s| *s != first);
            pane.routing = route.clone();
            pane.current_station = Some(first);
            // As the release panel's PATCH did: the order's material when the pane has none.
            pane.material = pane.material.or(Some(view.order.material));
            pane.updated_at = now;
            pane.version += 1;
            store::panes::save(tx, &pane)?;
            let populated = populate::pane(tx, pane, true)?;
            let mut event =
                Event::resource_at_station(Topic::Pane, "updated", &populated, Some(first));
            // The screen of the station it waited at hears that it is gone.
            event
                .rooms
                .extend(left.map(|s| Room::StationOf(s.to_hex())));
            events.push(event);
            routed.push(populated);
        }
        for _ in pieces..wanted {
            let body = PaneBody {
                item: PaneItem {
                    routing: route.clone(),
                    spec: Default::default(),
                },
                fields: PaneFields {
                    order: Some(id.to_hex()),
                    request: view.order.request.map(|r| r.to_hex()),
                    material: Some(view.order.material),
                    current_station: Some(first),
                    current_status: Some("pending".to_owned()),
                    ..PaneFields::default()
                },
                sent: Default::default(),
            };
            // A body without sheets makes a single pane; a group would answer its parent.
            routed.push(match panes::create_in_tx(tx, events, body)? {
                Created::Single(pane) => pane,
                Created::Laminate { parent, .. } => parent,
            });
        }
        Ok(Released {
            order: view,
            panes: routed,
        })
    })
    .await
}
