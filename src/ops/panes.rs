//! Panes (production.md §3): the laminate split shared by the request, pane and remake use
//! cases, and pane CRUD.

use super::cascade::Kind;
use super::deletion::Deletion;
use super::refs::{self, Ref};
use super::{Core, Events, populate};
use crate::domain::events::{Event, Room, Topic};
use crate::domain::material_log::MaterialLog;
use crate::domain::numbers::Counter;
use crate::domain::pane::{
    LaminateSplit, Pane, PaneItem, make_laminate_group, qr_code, split_routing,
};
use crate::domain::pane_view::PopulatedPane;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::SortKey;
use crate::store::panes::PaneCondition;
use crate::store::sql::placeholders;
use crate::store::{self, WriteTx};
use rusqlite::params_from_iter;
use serde_json::{Value, json};
use std::collections::HashSet;

/// The message of a laminate item whose routing has no lamination station.
pub const NO_LAMINATION_STATION: &str =
    "Routing must include a lamination station when sheetsPerPane > 1";

/// Splits `routing` at its first lamination station (production.md §3.3); `None` when no
/// station on it is a lamination station.
pub fn laminate_split(tx: &WriteTx<'_>, routing: &[Id]) -> AppResult<Option<LaminateSplit>> {
    if routing.is_empty() {
        return Ok(None);
    }
    let sql = format!(
        "SELECT id FROM stations WHERE is_laminate_station = 1 AND id IN ({})",
        placeholders(routing.len())
    );
    let mut statement = tx.prepare(&sql)?;
    let laminating: HashSet<Id> = statement
        .query_map(params_from_iter(routing), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(split_routing(routing, |station| {
        laminating.contains(&station)
    }))
}

// ---------------------------------------------------------------------------------------------
// Pane CRUD (production.md §3.4–§3.9).

/// The reference and placement fields of a pane body (§3.1), beside its [`PaneItem`].
#[derive(Clone, Debug, Default)]
pub struct PaneFields {
    pub pane_number: Option<String>,
    pub order: Option<String>,
    pub request: Option<String>,
    pub withdrawal: Option<String>,
    pub remake_of: Option<String>,
    /// Create only (an update drops them, as upstream).
    pub material: Option<Id>,
    pub inventory: Option<Id>,
    pub current_station: Option<Id>,
    pub current_status: Option<String>,
    pub laminate_role: Option<String>,
    pub parent_pane: Option<Id>,
    pub child_panes: Option<Vec<Id>>,
    pub sheet_label: Option<String>,
    pub laminate_station: Option<Id>,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
}

/// A create or update body: the item, the other fields, and which spec keys were sent (an
/// update applies only those).
#[derive(Clone, Debug, Default)]
pub struct PaneBody {
    pub item: PaneItem,
    pub fields: PaneFields,
    pub sent: HashSet<String>,
}

/// What a create or split answers: one populated pane, or a laminate parent and its sheets.
pub enum Created {
    Single(PopulatedPane),
    Laminate {
        parent: PopulatedPane,
        sheets: Vec<Pane>,
    },
}

fn pane_missing() -> AppError {
    AppError::not_found("Pane")
}

/// `pane:updated` to the seed's rooms plus the pane's station (the box never broadcasts).
fn pane_event(action: &str, pane: &Pane, data: impl serde::Serialize) -> Event {
    Event::resource_at_station(Topic::Pane, action, data, pane.current_station)
}

pub async fn list(
    core: &Core,
    conditions: Vec<PaneCondition>,
    sort: Vec<SortKey>,
    limit: u64,
    nested_request: bool,
) -> AppResult<Vec<PopulatedPane>> {
    core.db
        .read(move |conn| {
            let found = store::panes::list(conn, &conditions, &sort, limit)?;
            populate::panes(conn, found, nested_request)
        })
        .await
}

/// By id when `key` is one, else by pane number, case-insensitively (§3.8).
pub async fn get(core: &Core, key: String, nested_request: bool) -> AppResult<PopulatedPane> {
    core.db
        .read(move |conn| {
            let pane = match Id::parse(&key) {
                Some(id) => store::panes::get(conn, id)?,
                None => store::panes::by_number(conn, &key.to_uppercase())?,
            };
            populate::pane(conn, pane.ok_or_else(pane_missing)?, nested_request)
        })
        .await
}

pub async fn pending_counts(core: &Core, station: Id) -> AppResult<Vec<Value>> {
    core.db
        .read(move |conn| {
            Ok(store::panes::pending_counts(conn, station)?
                .into_iter()
                .map(|(order, request, count)| json!({"order": order, "request": request, "count": count}))
                .collect())
        })
        .await
}

struct PaneRefIds {
    order: Option<Id>,
    request: Option<Id>,
    withdrawal: Option<Id>,
    remake_of: Option<Id>,
}

fn check_pane_refs(tx: &WriteTx<'_>, f: &PaneFields) -> AppResult<PaneRefIds> {
    Ok(PaneRefIds {
        request: refs::require_optional(tx, Ref::Request, f.request.as_deref())?,
        order: refs::require_optional(tx, Ref::Order, f.order.as_deref())?,
        withdrawal: refs::require_optional(tx, Ref::Withdrawal, f.withdrawal.as_deref())?,
        remake_of: refs::require_optional(tx, Ref::PaneRemakeOf, f.remake_of.as_deref())?,
    })
}

/// A pane number as stored: trimmed and upper-cased; a taken one is a conflict (upstream 500).
fn claim_number(tx: &WriteTx<'_>, number: Option<String>) -> AppResult<String> {
    let number = match number.map(|n| n.trim().to_uppercase()) {
        Some(n) if !n.is_empty() => n,
        _ => return Ok(store::counters::next(tx, Counter::Pane)?),
    };
    if store::panes::by_number(tx, &number)?.is_some() {
        return Err(AppError::Conflict(format!("Pane {number} already exists")));
    }
    Ok(number)
}

/// Applies the placement fields of a body (references are applied by the caller).
fn apply_fields(pane: &mut Pane, f: &PaneFields) {
    set(&mut pane.current_station, f.current_station);
    if let Some(status) = &f.current_status {
        pane.current_status = status.clone();
    }
    if let Some(role) = &f.laminate_role {
        pane.laminate_role = role.clone();
    }
    set(&mut pane.parent_pane, f.parent_pane);
    if let Some(children) = &f.child_panes {
        pane.child_panes = children.clone();
    }
    if let Some(label) = &f.sheet_label {
        pane.sheet_label = label.clone();
    }
    set(&mut pane.laminate_station, f.laminate_station);
    set(&mut pane.started_at, f.started_at);
    set(&mut pane.completed_at, f.completed_at);
    set(&mut pane.delivered_at, f.delivered_at);
}

fn set<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// The cut log of a pane made from an inventory row (§3.4 step 5): stock is not decremented.
fn cut_log(
    tx: &WriteTx<'_>,
    inventory: Option<Id>,
    order: Option<Id>,
    events: &mut Events,
) -> AppResult<()> {
    let Some(inventory) = inventory
        .map(|id| store::inventories::get(tx, id))
        .transpose()?
        .flatten()
    else {
        return Ok(());
    };
    let mut log = MaterialLog::movement(
        inventory.material,
        "cut",
        -1.0,
        Some(inventory.stock_type),
        None,
    );
    log.reference_id = Some(inventory.id);
    log.order = order;
    store::material_logs::insert(tx, &log)?;
    events.push(Event::resource_to(
        Topic::Log,
        vec![Room::Log],
        json!({"action": "created"}),
    ));
    Ok(())
}

/// Saves a laminate group and queues its events: the parent populated, then each sheet as
/// stored (§3.4 step 3, §3.5 step 3).
fn save_group(
    tx: &WriteTx<'_>,
    parent: Pane,
    sheets: Vec<Pane>,
    parent_action: &str,
    events: &mut Events,
) -> AppResult<Created> {
    store::panes::save(tx, &parent)?;
    for sheet in &sheets {
        store::panes::save(tx, sheet)?;
    }
    let parent = populate::pane(tx, parent, true)?;
    events.push(pane_event(parent_action, &parent.pane, &parent));
    for sheet in &sheets {
        events.push(pane_event("created", sheet, sheet.doc()));
    }
    Ok(Created::Laminate { parent, sheets })
}

/// `POST /api/panes` (§3.4): placed exactly as sent, or split into a laminate group.
pub async fn create(core: &Core, body: PaneBody) -> AppResult<Created> {
    core.transact(move |tx, events| create_in_tx(tx, events, body))
        .await
}

/// [`create`] inside the caller's transaction (an order release makes its panes this way).
pub fn create_in_tx(tx: &WriteTx<'_>, events: &mut Events, body: PaneBody) -> AppResult<Created> {
    let ids = check_pane_refs(tx, &body.fields)?;
    let number = claim_number(tx, body.fields.pane_number.clone())?;
    let now = Timestamp::now();
    let sheets = body.item.sheets_per_pane();
    let mut pane = Pane::new(number, body.item.spec, now);
    pane.order = ids.order;
    pane.request = ids.request;
    pane.withdrawal = ids.withdrawal;
    pane.remake_of = ids.remake_of;
    pane.material = body.fields.material;
    pane.inventory = body.fields.inventory;
    pane.routing = body.item.routing;
    apply_fields(&mut pane, &body.fields);
    if sheets > 1 && !pane.routing.is_empty() {
        let split = laminate_split(tx, &pane.routing)?
            .ok_or_else(|| AppError::BadRequest(NO_LAMINATION_STATION.to_owned()))?;
        let group = make_laminate_group(&mut pane, &split, sheets as usize, now);
        cut_log(tx, pane.inventory, pane.order, events)?;
        return save_group(tx, pane, group, "created", events);
    }
    store::panes::save(tx, &pane)?;
    let populated = populate::pane(tx, pane, true)?;
    cut_log(tx, populated.pane.inventory, populated.pane.order, events)?;
    events.push(pane_event("created", &populated.pane, &populated));
    Ok(Created::Single(populated))
}

/// Applies the spec keys a PATCH body sent.
fn apply_spec(pane: &mut Pane, item: PaneItem, sent: &HashSet<String>) {
    let has = |key: &str| sent.contains(key);
    let spec = item.spec;
    let target = &mut pane.spec;
    if has("routing") {
        pane.routing = item.routing;
    }
    if has("customRouting") {
        target.custom_routing = spec.custom_routing;
    }
    if has("dimensions") {
        target.dimensions = spec.dimensions;
    }
    for (key, slot, value) in [
        ("jobType", &mut target.job_type, spec.job_type),
        ("glassType", &mut target.glass_type, spec.glass_type),
        (
            "glassTypeLabel",
            &mut target.glass_type_label,
            spec.glass_type_label,
        ),
        ("cornerSpec", &mut target.corner_spec, spec.corner_spec),
        (
            "dimensionTolerance",
            &mut target.dimension_tolerance,
            spec.dimension_tolerance,
        ),
    ] {
        if has(key) {
            *slot = value;
        }
    }
    if has("rawGlass") {
        target.raw_glass = spec.raw_glass;
    }
    if has("holes") {
        target.holes = spec.holes;
    }
    if has("notches") {
        target.notches = spec.notches;
    }
    if has("processes") {
        target.processes = spec.processes;
    }
    if has("edgeTasks") {
        target.edge_tasks = spec.edge_tasks;
    }
}

/// Refuses changes to a pane whose order or request was cancelled (§3.5 step 2).
fn refuse_cancelled(tx: &WriteTx<'_>, pane: &Pane) -> AppResult<()> {
    let order_cancelled = match pane.order {
        Some(id) => store::orders::get(tx, id)?.is_some_and(|o| o.status == "cancelled"),
        None => false,
    };
    if order_cancelled {
        return Err(AppError::BadRequest(
            "This pane belongs to a cancelled order and cannot be updated".to_owned(),
        ));
    }
    let request_cancelled = match pane.request {
        Some(id) => store::requests::get(tx, id)?.is_some_and(|r| r.status == "cancelled"),
        None => false,
    };
    if request_cancelled {
        return Err(AppError::BadRequest(
            "This pane belongs to a cancelled request and cannot be updated".to_owned(),
        ));
    }
    Ok(())
}

/// `PATCH /api/panes/:id` (§3.5): the split path or the normal path with order linking.
pub async fn update(core: &Core, id: Option<Id>, body: PaneBody) -> AppResult<Created> {
    core.transact(move |tx, events| {
        let ids = check_pane_refs(tx, &body.fields)?;
        let id = id.ok_or_else(pane_missing)?;
        let mut pane = store::panes::get(tx, id)?.ok_or_else(pane_missing)?;
        refuse_cancelled(tx, &pane)?;
        let was_single = pane.laminate_role == "single";
        let had_order = pane.order.is_some();
        if let Some(number) = &body.fields.pane_number {
            let number = number.trim().to_uppercase();
            if number != pane.pane_number {
                pane.pane_number = claim_number(tx, Some(number))?;
                pane.qr_code = qr_code(&pane.pane_number);
            }
        }
        set(&mut pane.order, ids.order);
        set(&mut pane.request, ids.request);
        set(&mut pane.withdrawal, ids.withdrawal);
        set(&mut pane.remake_of, ids.remake_of);
        apply_spec(&mut pane, body.item, &body.sent);
        apply_fields(&mut pane, &body.fields);
        let now = Timestamp::now();
        pane.updated_at = now;
        let sheets = pane.spec.raw_glass.sheets_per_pane.max(1) as usize;
        if was_single && sheets > 1 && !pane.routing.is_empty() {
            // Without a lamination station the PATCH quietly stays a normal update.
            if let Some(split) = laminate_split(tx, &pane.routing)? {
                let group = make_laminate_group(&mut pane, &split, sheets, now);
                return save_group(tx, pane, group, "updated", events);
            }
        }
        store::panes::save(tx, &pane)?;
        if !had_order
            && pane.laminate_role != "sheet"
            && let Some(order) = pane.order
        {
            link_order(tx, order, events)?;
        }
        let populated = populate::pane(tx, pane, true)?;
        events.push(pane_event("updated", &populated.pane, &populated));
        Ok(Created::Single(populated))
    })
    .await
}

/// A pane newly linked to an order counts in its `paneCount` (§2.6).
fn link_order(tx: &WriteTx<'_>, id: Id, events: &mut Events) -> AppResult<()> {
    let Some(mut order) = store::orders::get(tx, id)? else {
        return Ok(());
    };
    order.pane_count += 1.0;
    order.progress_percent = (order.panes_completed / order.pane_count * 100.0).round();
    order.updated_at = Timestamp::now();
    store::orders::save(tx, &order)?;
    let refs = populate::order_refs(tx, &order)?;
    events.push(Event::resource(
        Topic::Order,
        "updated",
        order.with_refs(&refs),
    ));
    Ok(())
}

/// How panes are deleted (§3.6): the PANE cascade; the event carries only the id.
const DELETION: Deletion = Deletion {
    kind: Kind::Pane,
    topic: Some(Topic::Pane),
    what: "Pane",
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            Ok(store::panes::get(tx, id)?.map(|p| json!({"_id": p.id})))
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
