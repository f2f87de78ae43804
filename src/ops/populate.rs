//! Population (core.md §1.7): the documents a stored document's references point at, loaded
//! for list, get, create and update answers and their events. A reference whose target is gone
//! becomes null; array entries whose targets are gone are dropped.

use super::refs::{self, Ref};
use crate::domain::Id;
use crate::domain::inventory::{Inventory, PopulatedInventory};
use crate::domain::material::Material;
use crate::domain::material_log::{LogRefs, MaterialLog, PopulatedLog};
use crate::domain::order::{Order, OrderRefs};
use crate::domain::pane::Pane;
use crate::domain::station::StationName;
use crate::domain::withdrawal::{PopulatedWithdrawal, Withdrawal, WithdrawalRefs};
use crate::domain::worker::Worker;
use crate::error::AppResult;
use crate::store;
use rusqlite::Connection;

fn material(conn: &Connection, id: Id) -> AppResult<Option<Material>> {
    Ok(store::materials::get(conn, id)?)
}

fn worker(conn: &Connection, id: Option<Id>) -> AppResult<Option<Worker>> {
    match id {
        Some(id) => Ok(store::workers::get(conn, id)?),
        None => Ok(None),
    }
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
            Some(id) if refs::exists(conn, Ref::Claim, id)? => Some(id),
            _ => None,
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
