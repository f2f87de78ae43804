//! Population (core.md §1.7): the documents a stored document's references point at, loaded
//! for list, get, create and update answers and their events. A reference whose target is gone
//! becomes null; array entries whose targets are gone are dropped.

use crate::domain::Id;
use crate::domain::inventory::{Inventory, PopulatedInventory};
use crate::domain::material::Material;
use crate::domain::material_log::{LogRefs, MaterialLog, PopulatedLog};
use crate::domain::order::{Order, OrderRefs};
use crate::domain::pane::Pane;
use crate::domain::pane_view::{
    MaterialName, OrderBrief, OrderRequest, PaneBrief, PaneRefs, PopulatedPane, RequestDeadline,
};
use crate::domain::station::StationName;
use crate::domain::withdrawal::{PopulatedWithdrawal, Withdrawal, WithdrawalRefs};
use crate::domain::worker::Worker;
use crate::error::AppResult;
use crate::store;
use rusqlite::Connection;

fn material(conn: &Connection, id: Id) -> AppResult<Option<Material>> {
    Ok(store::materials::get(conn, id)?)
}

/// A worker reference. Logs written at a paired kiosk name the kiosk (no foreign key), shown
/// as the kiosk's synthetic worker while it is paired.
pub fn worker(conn: &Connection, id: Option<Id>) -> AppResult<Option<Worker>> {
    let Some(id) = id else {
        return Ok(None);
    };
    if let Some(worker) = store::workers::get(conn, id)? {
        return Ok(Some(worker));
    }
    Ok(store::devices::get(conn, id)?.map(|device| device.as_worker()))
}

/// An order embedded in another document: the plain order, or null when it is gone.
fn order(conn: &Connection, id: Option<Id>) -> AppResult<Option<Order>> {
    match id {
        Some(id) => Ok(store::orders::get(conn, id)?),
        None => Ok(None),
    }
}

/// What an order refers to (production.md §1.5); gone targets are `None`.
pub fn order_refs(conn: &Connection, order: &Order) -> AppResult<OrderRefs> {
    Ok(OrderRefs {
        request: match order.request {
            Some(id) => store::requests::get(conn, id)?,
            None => None,
        },
        customer: store::customers::get(conn, order.customer)?,
        material: store::materials::get(conn, order.material)?,
        claim: match order.claim {
            Some(id) => store::claims::get(conn, id)?,
            None => None,
        },
        withdrawal: match order.withdrawal {
            Some(id) => store::withdrawals::get(conn, id)?,
            None => None,
        },
        assigned_to: worker(conn, order.assigned_to)?,
    })
}

/// `{_id, name}` of the stations that still exist, in order.
pub fn station_names(conn: &Connection, ids: &[Id]) -> AppResult<Vec<StationName>> {
    let mut kept = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(station) = store::stations::get(conn, *id)? {
            kept.push(StationName {
                id: station.id,
                name: station.name,
            });
        }
    }
    Ok(kept)
}

/// The panes that still exist, in order; the others drop out.
fn panes(conn: &Connection, ids: &[Id]) -> AppResult<Vec<Pane>> {
    let mut kept = Vec::with_capacity(ids.len());
    for id in ids {
        if let Some(pane) = store::panes::get(conn, *id)? {
            kept.push(pane);
        }
    }
    Ok(kept)
}

pub fn inventory(conn: &Connection, record: Inventory) -> AppResult<PopulatedInventory> {
    let material = material(conn, record.material)?;
    Ok(record.with_material(material))
}

pub fn log(conn: &Connection, log: MaterialLog) -> AppResult<PopulatedLog> {
    let refs = LogRefs {
        material: material(conn, log.material)?,
        panes: panes(conn, &log.panes)?,
        order: order(conn, log.order)?,
        parent_log: match log.parent_log {
            Some(id) => store::material_logs::get(conn, id)?,
            None => None,
        },
        worker: worker(conn, log.worker)?,
    };
    Ok(log.populate(refs))
}

pub fn withdrawal(conn: &Connection, w: Withdrawal) -> AppResult<PopulatedWithdrawal> {
    let refs = WithdrawalRefs {
        order: order(conn, w.order)?,
        withdrawn_by: worker(conn, Some(w.withdrawn_by))?,
        material: material(conn, w.material)?,
        approved_by: worker(conn, w.approved_by)?,
        panes: panes(conn, &w.panes)?,
        inventory: match w.inventory {
            Some(id) => store::inventories::get(conn, id)?,
            None => None,
        },
    };
    Ok(w.populate(refs))
}

fn station_name(conn: &Connection, id: Option<Id>) -> AppResult<Option<StationName>> {
    Ok(match id {
        Some(id) => station_names(conn, &[id])?.pop(),
        None => None,
    })
}

fn pane_ref(conn: &Connection, id: Option<Id>) -> AppResult<Option<Pane>> {
    Ok(match id {
        Some(id) => store::panes::get(conn, id)?,
        None => None,
    })
}

/// A pane populated as production.md §1.5 says; `nested_request` also expands the order's
/// request to `{_id, deadline}` (POST, PATCH, scans, remakes, and GET with `?populate=true`).
pub fn pane(conn: &Connection, pane: Pane, nested_request: bool) -> AppResult<PopulatedPane> {
    let deadline = |id: Option<Id>| -> AppResult<Option<RequestDeadline>> {
        Ok(match id {
            Some(id) => store::requests::get(conn, id)?.map(|r| RequestDeadline {
                id: r.id,
                deadline: r.deadline,
            }),
            None => None,
        })
    };
    let order = match pane.order {
        Some(id) => match store::orders::get(conn, id)? {
            Some(order) => {
                let request = if nested_request {
                    deadline(order.request)?.map_or(OrderRequest::Id(None), OrderRequest::Brief)
                } else {
                    OrderRequest::Id(order.request)
                };
                Some(OrderBrief::of(&order, request))
            }
            None => None,
        },
        None => None,
    };
    let refs = PaneRefs {
        order,
        request: deadline(pane.request)?,
        withdrawal: match pane.withdrawal {
            Some(id) => store::withdrawals::get(conn, id)?,
            None => None,
        },
        remake_of: pane_ref(conn, pane.remake_of)?,
        material: match pane.material {
            Some(id) => material(conn, id)?.map(|m| MaterialName {
                id: m.id,
                name: m.name,
            }),
            None => None,
        },
        current_station: station_name(conn, pane.current_station)?,
        routing: station_names(conn, &pane.routing)?,
        parent_pane: pane_ref(conn, pane.parent_pane)?
            .as_ref()
            .map(PaneBrief::parent),
        child_panes: panes(conn, &pane.child_panes)?
            .iter()
            .map(PaneBrief::child)
            .collect(),
        laminate_station: station_name(conn, pane.laminate_station)?,
        merged_into: pane_ref(conn, pane.merged_into)?
            .as_ref()
            .map(PaneBrief::merged_into),
    };
    Ok(PopulatedPane { pane, refs })
}
