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
use std::collections::HashMap;

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
fn existing_panes(conn: &Connection, ids: &[Id]) -> AppResult<Vec<Pane>> {
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
        panes: existing_panes(conn, &log.panes)?,
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
        panes: existing_panes(conn, &w.panes)?,
        inventory: match w.inventory {
            Some(id) => store::inventories::get(conn, id)?,
            None => None,
        },
    };
    Ok(w.populate(refs))
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
    PaneLookups::new(conn, nested_request).populate(pane)
}

/// Panes populated as [`pane`] does, reading each shared reference once: a page of 200 panes
/// names the same few stations, materials, orders and requests again and again (the pane list
/// at 1M panes spent most of its time on these repeated reads).
pub fn panes(
    conn: &Connection,
    panes: Vec<Pane>,
    nested_request: bool,
) -> AppResult<Vec<PopulatedPane>> {
    let mut lookups = PaneLookups::new(conn, nested_request);
    panes.into_iter().map(|p| lookups.populate(p)).collect()
}

/// The references of panes, each read at most once (within one read, so all are consistent).
struct PaneLookups<'c> {
    conn: &'c Connection,
    nested_request: bool,
    orders: HashMap<Id, Option<OrderBrief>>,
    requests: HashMap<Id, Option<RequestDeadline>>,
    materials: HashMap<Id, Option<MaterialName>>,
    stations: HashMap<Id, Option<StationName>>,
}

impl<'c> PaneLookups<'c> {
    fn new(conn: &'c Connection, nested_request: bool) -> Self {
        PaneLookups {
            conn,
            nested_request,
            orders: HashMap::new(),
            requests: HashMap::new(),
            materials: HashMap::new(),
            stations: HashMap::new(),
        }
    }

    fn deadline(&mut self, id: Option<Id>) -> AppResult<Option<RequestDeadline>> {
        deadline(self.conn, &mut self.requests, id)
    }

    fn order(&mut self, id: Option<Id>) -> AppResult<Option<OrderBrief>> {
        let (conn, nested_request, requests) = (self.conn, self.nested_request, &mut self.requests);
        remembered(&mut self.orders, id, |id| {
            let Some(order) = store::orders::get(conn, id)? else {
                return Ok(None);
            };
            let request = if nested_request {
                deadline(conn, requests, order.request)?
                    .map_or(OrderRequest::Id(None), OrderRequest::Brief)
            } else {
                OrderRequest::Id(order.request)
            };
            Ok(Some(OrderBrief::of(&order, request)))
        })
    }

    fn material(&mut self, id: Option<Id>) -> AppResult<Option<MaterialName>> {
        let conn = self.conn;
        remembered(&mut self.materials, id, |id| {
            Ok(material(conn, id)?.map(|m| MaterialName {
                id: m.id,
                name: m.name,
            }))
        })
    }

    fn station(&mut self, id: Option<Id>) -> AppResult<Option<StationName>> {
        let conn = self.conn;
        remembered(&mut self.stations, id, |id| {
            Ok(store::stations::get(conn, id)?.map(|station| StationName {
                id: station.id,
                name: station.name,
            }))
        })
    }

    fn populate(&mut self, pane: Pane) -> AppResult<PopulatedPane> {
        let mut routing = Vec::with_capacity(pane.routing.len());
        for id in &pane.routing {
            routing.extend(self.station(Some(*id))?);
        }
        let conn = self.conn;
        let refs = PaneRefs {
            order: self.order(pane.order)?,
            request: self.deadline(pane.request)?,
            withdrawal: match pane.withdrawal {
                Some(id) => store::withdrawals::get(conn, id)?,
                None => None,
            },
            remake_of: pane_ref(conn, pane.remake_of)?,
            material: self.material(pane.material)?,
            current_station: self.station(pane.current_station)?,
            routing,
            parent_pane: pane_ref(conn, pane.parent_pane)?
                .as_ref()
                .map(PaneBrief::parent),
            child_panes: existing_panes(conn, &pane.child_panes)?
                .iter()
                .map(PaneBrief::child)
                .collect(),
            laminate_station: self.station(pane.laminate_station)?,
            merged_into: pane_ref(conn, pane.merged_into)?
                .as_ref()
                .map(PaneBrief::merged_into),
        };
        Ok(PopulatedPane { pane, refs })
    }
}

/// `load(id)` the first time an id is asked for, the remembered answer (found or gone) after.
fn remembered<T: Clone>(
    known: &mut HashMap<Id, Option<T>>,
    id: Option<Id>,
    load: impl FnOnce(Id) -> AppResult<Option<T>>,
) -> AppResult<Option<T>> {
    let Some(id) = id else { return Ok(None) };
    if let Some(answer) = known.get(&id) {
        return Ok(answer.clone());
    }
    let answer = load(id)?;
    known.insert(id, answer.clone());
    Ok(answer)
}

/// A request as `{_id, deadline}`, remembered in `known`.
fn deadline(
    conn: &Connection,
    known: &mut HashMap<Id, Option<RequestDeadline>>,
    id: Option<Id>,
) -> AppResult<Option<RequestDeadline>> {
    remembered(known, id, |id| {
        Ok(store::requests::get(conn, id)?.map(|r| RequestDeadline {
            id: r.id,
            deadline: r.deadline,
        }))
    })
}
