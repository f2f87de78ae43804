//! Claims (production.md §5.1–§5.5): reports on an order or straight from a pane, pulling the
//! pane off its station, approval spawning exactly one remake, and deletes.

use super::cascade::Kind;
use super::deletion::{self, Deletion};
use super::refs::{self, Ref};
use super::remake::{self, Mode, Remake};
use super::{Core, Events, populate};
use crate::domain::claim::{Claim, ClaimRefs};
use crate::domain::events::{Event, Topic};
use crate::domain::numbers::Counter;
use crate::domain::worker::Actor;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};
use rusqlite::Connection;
use serde_json::Value;

/// The fields of a claim body; which are required depends on the route (HTTP checks that).
#[derive(Clone, Debug, Default)]
pub struct ClaimFields {
    pub material: Option<String>,
    pub source: Option<String>,
    pub pane: Option<String>,
    pub description: Option<String>,
    pub defect_code: Option<String>,
    pub defect_station: Option<Id>,
    pub status: Option<String>,
    pub decision: Option<String>,
    pub reported_by: Option<String>,
    pub approved_by: Option<String>,
    pub remade_pane: Option<String>,
    pub photos: Option<Vec<String>>,
    pub claim_date: Option<Timestamp>,
    /// PATCH only: where an approval's remake is queued.
    pub remake_station: Option<Id>,
}

fn missing() -> AppError {
    AppError::not_found("Claim")
}

fn holds(actor: &Actor, permission: &str) -> bool {
    actor.grants.has_star() || actor.grants.has(permission)
}

fn refs_of(conn: &Connection, claim: &Claim) -> AppResult<ClaimRefs> {
    let worker = |id: Option<Id>| -> AppResult<_> {
        Ok(id
            .map(|id| store::workers::get(conn, id))
            .transpose()?
            .flatten())
    };
    let pane = |id: Option<Id>| -> AppResult<_> {
        Ok(id
            .map(|id| store::panes::get(conn, id))
            .transpose()?
            .flatten())
    };
    Ok(ClaimRefs {
        order: store::orders::get(conn, claim.order)?,
        material: store::materials::get(conn, claim.material)?,
        pane: pane(claim.pane)?,
        defect_station: match claim.defect_station {
            Some(id) => populate::station_names(conn, &[id])?.pop(),
            None => None,
        },
        reported_by: worker(Some(claim.reported_by))?,
        approved_by: worker(claim.approved_by)?,
        remade_pane: pane(claim.remade_pane)?,
    })
}

/// The populated claim as JSON.
fn render(conn: &Connection, claim: &Claim) -> AppResult<Value> {
    let refs = refs_of(conn, claim)?;
    serde_json::to_value(claim.populated(&refs)).map_err(AppError::internal)
}

pub async fn list(core: &Core, actor: &Actor, page: PageRequest) -> AppResult<(Vec<Value>, u64)> {
    let own = (!(holds(actor, "claims:manage") || holds(actor, "inventory:view")))
        .then_some(actor.worker.id);
    core.db
        .read(move |conn| {
            let (claims, total) = store::claims::page(conn, own, &page)?;
            let rendered = claims
                .iter()
                .map(|c| render(conn, c))
                .collect::<AppResult<_>>()?;
            Ok((rendered, total))
        })
        .await
}

/// The reporter or a claims manager may read and change a claim (§1.3).
fn may_touch(actor: &Actor, claim: &Claim) -> AppResult<()> {
    if holds(actor, "claims:manage") || claim.reported_by == actor.worker.id {
        Ok(())
    } else {
        Err(AppError::Forbidden("Not authorized".to_owned()))
    }
}

pub async fn get(core: &Core, actor: Actor, id: Option<Id>) -> AppResult<Value> {
    let id = id.ok_or_else(missing)?;
    core.db
        .read(move |conn| {
            let claim = store::claims::get(conn, id)?.ok_or_else(missing)?;
            may_touch(&actor, &claim)?;
            render(conn, &claim)
        })
        .await
}

/// Where a claim comes from: an order route, or a pane named by number.
pub enum Origin {
    Order(Option<Id>),
    PaneNumber(String),
}

/// Both create routes (§5.2): number, insert, pull the pane, announce.
pub async fn create(core: &Core, origin: Origin, fields: ClaimFields) -> AppResult<Value> {
    core.transact(move |tx, events| {
        let (order, material, pane) = match origin {
            Origin::Order(order) => {
                let order = order
                    .filter(|id| refs::exists(tx, Ref::Order, *id).unwrap_or(false))
                    .ok_or_else(|| AppError::BadRequest("Order not found".to_owned()))?;
                let material =
                    refs::require(tx, Ref::Material, fields.material.as_deref().unwrap_or(""))?;
                (order, material, None)
            }
            Origin::PaneNumber(number) => {
                // Upstream matched the number case-sensitively (§8 #16); numbers are stored
                // upper-case, so the box upper-cases it like every other pane lookup.
                let pane = store::panes::by_number(tx, &number.trim().to_uppercase())?
                    .ok_or_else(|| AppError::not_found("Pane"))?;
                let order = pane.order.ok_or_else(|| {
                    AppError::BadRequest("Pane has no associated order".to_owned())
                })?;
                let material = pane.material.ok_or_else(|| {
                    AppError::BadRequest("Pane has no associated material".to_owned())
                })?;
                (order, material, Some(pane.id))
            }
        };
        let reported_by = refs::require(
            tx,
            Ref::WorkerReportedBy,
            fields.reported_by.as_deref().unwrap_or(""),
        )?;
        let approved_by =
            refs::require_optional(tx, Ref::WorkerApprovedBy, fields.approved_by.as_deref())?;
        let pane = match pane {
            Some(pane) => Some(pane),
            None => refs::require_optional(tx, Ref::Pane, fields.pane.as_deref())?,
        };
        let remade_pane =
            refs::require_optional(tx, Ref::PaneRemadePane, fields.remade_pane.as_deref())?;
        let now = Timestamp::now();
        let claim = Claim {
            id: Id::new(),
            claim_number: Some(store::counters::next(tx, Counter::Claim)?),
            order,
            material,
            source: fields.source.unwrap_or_default(),
            pane,
            description: fields.description.unwrap_or_default(),
            defect_code: fields.defect_code,
            defect_station: fields.defect_station,
            status: fields.status.unwrap_or_else(|| "pending".to_owned()),
            decision: fields.decision,
            reported_by,
            approved_by,
            remade_pane,
            photos: fields.photos.unwrap_or_default(),
            claim_date: fields.claim_date.unwrap_or(now),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::claims::save(tx, &claim)?;
        pull_pane(tx, events, &claim, now)?;
        let value = render(tx, &claim)?;
        events.push(Event::resource(Topic::Claim, "created", &value));
        Ok(value)
    })
    .await
}

/// §5.3: a claimed pane leaves its station, and its order's counters follow.
fn pull_pane(
    tx: &WriteTx<'_>,
    events: &mut Events,
    claim: &Claim,
    now: Timestamp,
) -> AppResult<()> {
    let Some(mut pane) = claim
        .pane
        .map(|id| store::panes::get(tx, id))
        .transpose()?
        .flatten()
    else {
        return Ok(());
    };
    if pane.current_status == "completed" {
        return Ok(());
    }
    let previous = pane.current_station;
    pane.current_station = None;
    pane.current_status = "claimed".to_owned();
    pane.updated_at = now;
    pane.version += 1;
    store::panes::save(tx, &pane)?;
    if let Some(mut order) = pane
        .order
        .map(|id| store::orders::get(tx, id))
        .transpose()?
        .flatten()
    {
        if let Some(previous) = previous {
            order.leave_station(previous);
        }
        if pane.laminate_role != "sheet" {
            order.pane_count = (order.pane_count - 1.0).max(0.0);
            if order.pane_count > 0.0 {
                order.progress_percent = (order.panes_completed / order.pane_count * 100.0).round();
            }
        }
        order.updated_at = now;
        order.version += 1;
        store::orders::save(tx, &order)?;
        events.push(Event::resource(Topic::Order, "updated", order.plain()));
    }
    events.push(Event::resource_at_station(
        Topic::Pane,
        "claimed",
        pane.doc(),
        previous,
    ));
    Ok(())
}

/// `PATCH /api/claims/:id` (§5.4). Approval makes the remake once: the single writer
/// serialises parallel approvals, and the second sees the first's `approved` status.
pub async fn update(
    core: &Core,
    actor: Actor,
    id: Option<Id>,
    fields: ClaimFields,
) -> AppResult<Value> {
    let id = id.ok_or_else(missing)?;
    core.transact(move |tx, events| {
        let mut claim = store::claims::get(tx, id)?.ok_or_else(missing)?;
        may_touch(&actor, &claim)?;
        let material = refs::require_optional(tx, Ref::Material, fields.material.as_deref())?;
        let reported_by =
            refs::require_optional(tx, Ref::WorkerReportedBy, fields.reported_by.as_deref())?;
        let approved_by =
            refs::require_optional(tx, Ref::WorkerApprovedBy, fields.approved_by.as_deref())?;
        let pane = refs::require_optional(tx, Ref::Pane, fields.pane.as_deref())?;
        let remade_pane =
            refs::require_optional(tx, Ref::PaneRemadePane, fields.remade_pane.as_deref())?;
        if let Some(station) = fields.remake_station
            && store::stations::get(tx, station)?.is_none()
        {
            return Err(AppError::BadRequest("Remake station not found".to_owned()));
        }
        let approving = fields.status.as_deref() == Some("approved")
            && claim.status != "approved"
            && claim.remade_pane.is_none();
        claim.material = material.unwrap_or(claim.material);
        claim.reported_by = reported_by.unwrap_or(claim.reported_by);
        claim.approved_by = approved_by.or(claim.approved_by);
        claim.pane = pane.or(claim.pane);
        claim.remade_pane = remade_pane.or(claim.remade_pane);
        if let Some(source) = fields.source {
            claim.source = source;
        }
        if let Some(description) = fields.description {
            claim.description = description;
        }
        claim.defect_code = fields.defect_code.or(claim.defect_code);
        claim.defect_station = fields.defect_station.or(claim.defect_station);
        if let Some(status) = fields.status {
            claim.status = status;
        }
        claim.decision = fields.decision.or(claim.decision);
        if let Some(photos) = fields.photos {
            claim.photos = photos;
        }
        claim.claim_date = fields.claim_date.unwrap_or(claim.claim_date);
        let now = Timestamp::now();
        claim.updated_at = now;
        claim.version += 1;
        if approving {
            approve(tx, events, &actor, &mut claim, fields.remake_station, now)?;
        }
        store::claims::save(tx, &claim)?;
        let value = render(tx, &claim)?;
        events.push(Event::resource(Topic::Claim, "updated", &value));
        Ok(value)
    })
    .await
}

/// The approval's remake (claim mode of §4.8), when the pane and the order still exist.
fn approve(
    tx: &WriteTx<'_>,
    events: &mut Events,
    actor: &Actor,
    claim: &mut Claim,
    station: Option<Id>,
    now: Timestamp,
) -> AppResult<()> {
    let original = claim
        .pane
        .map(|id| store::panes::get(tx, id))
        .transpose()?
        .flatten();
    let (Some(original), Some(mut order)) = (original, store::orders::get(tx, claim.order)?) else {
        return Ok(());
    };
    let remade = remake::remake(
        tx,
        events,
        &original,
        Remake {
            mode: Mode::Claim {
                id: claim.id,
                number: claim.claim_number.clone().unwrap_or_default(),
            },
            station,
            material: claim.material,
            order: Some(&mut order),
            worker: actor.worker.id,
            now,
        },
    )?;
    claim.remade_pane = Some(remade.pane.id);
    Ok(())
}

/// How claims are deleted: the claim alone (§5.5); the pane stays claimed.
const DELETION: Deletion = Deletion {
    kind: Kind::Claim,
    topic: Some(Topic::Claim),
    what: "Claim",
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::claims::get(tx, id)?.as_ref().map(Claim::plain))
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
