//! Withdrawals (core.md §9): stock is deducted when one is created, given back when it is
//! deleted, and re-taken when its material, stock type or quantity changes, each time in the
//! same transaction as the withdrawal itself, so stock can never be oversold or lost.

use super::cascade::Kind;
use super::refs::{self, Ref};
use super::stock::{StockTake, deduct, restore};
use super::{Core, Events, deletion, populate};
use crate::domain::events::{Event, Topic};
use crate::domain::material_log::MaterialLog;
use crate::domain::numbers::Counter;
use crate::domain::withdrawal::{Dimensions, PopulatedWithdrawal, Withdrawal};
use crate::domain::worker::Actor;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx, counters};

#[derive(Debug, Default)]
pub struct WithdrawalDraft {
    pub withdrawn_by: String,
    pub material: String,
    pub quantity: f64,
    pub stock_type: String,
    pub details: WithdrawalDetails,
}

#[derive(Debug, Default)]
pub struct WithdrawalPatch {
    pub withdrawn_by: Option<String>,
    pub material: Option<String>,
    pub quantity: Option<f64>,
    pub stock_type: Option<String>,
    pub details: WithdrawalDetails,
}

/// The optional fields of a withdrawal.
#[derive(Debug, Default)]
pub struct WithdrawalDetails {
    pub order: Option<String>,
    pub panes: Option<Vec<String>>,
    pub status: Option<String>,
    pub approved_by: Option<String>,
    pub withdrawn_dimensions: Option<Dimensions>,
    pub notes: Option<String>,
    /// A specific record to take from; empty means none.
    pub inventory: Option<String>,
    pub withdrawn_date: Option<Timestamp>,
}

/// The references sent, checked in §13.1's order before anything is written.
struct CheckedRefs {
    material: Option<Id>,
    withdrawn_by: Option<Id>,
    approved_by: Option<Id>,
    order: Option<Id>,
    panes: Option<Vec<Id>>,
}

fn check_refs(
    tx: &WriteTx<'_>,
    material: Option<&str>,
    withdrawn_by: Option<&str>,
    details: &WithdrawalDetails,
) -> AppResult<CheckedRefs> {
    Ok(CheckedRefs {
        material: refs::require_optional(tx, Ref::Material, material)?,
        withdrawn_by: refs::require_optional(tx, Ref::WorkerWithdrawnBy, withdrawn_by)?,
        approved_by: refs::require_optional(
            tx,
            Ref::WorkerApprovedBy,
            details.approved_by.as_deref(),
        )?,
        order: refs::require_optional(tx, Ref::Order, details.order.as_deref())?,
        panes: details
            .panes
            .as_deref()
            .map(|panes| refs::require_all(tx, Ref::Pane, panes))
            .transpose()?,
    })
}

/// The record a withdrawal names. Not a checked reference upstream: the deduction finds it or
/// answers 404, and a malformed id is answered the same way (upstream: 500).
fn inventory_id(text: Option<&str>) -> AppResult<Option<Id>> {
    match text {
        None | Some("") => Ok(None),
        Some(text) => Id::parse(text)
            .map(Some)
            .ok_or_else(|| AppError::NotFound("Specific inventory record not found".to_owned())),
    }
}

fn missing() -> AppError {
    AppError::not_found("Withdrawal")
}

/// `*` or the exact permission (upstream's `hasPermission`).
fn holds(actor: &Actor, permission: &str) -> bool {
    actor.grants.has_star() || actor.grants.has(permission)
}

fn adjusted() -> Event {
    Event::resource_action(Topic::Inventory, "adjusted")
}

/// One `inventory:updated adjusted`, after the withdrawal's own event as upstream sends it.
fn push_adjusted(events: &mut Events) {
    let adjusted = adjusted();
    events.retain(|event| *event != adjusted);
    events.push(adjusted);
}

/// `GET /api/withdrawals`: everyone's for `*`, `withdrawals:manage` or `inventory:view`, else
/// the caller's own (§9.3).
pub async fn list(
    core: &Core,
    actor: &Actor,
    page: PageRequest,
) -> AppResult<(Vec<PopulatedWithdrawal>, u64)> {
    let sees_all = holds(actor, "withdrawals:manage") || holds(actor, "inventory:view");
    let own = (!sees_all).then_some(actor.worker.id);
    core.db
        .read(move |conn| {
            let (withdrawals, total) = store::withdrawals::page(conn, own, &page)?;
            let populated = withdrawals
                .into_iter()
                .map(|w| populate::withdrawal(conn, w))
                .collect::<AppResult<_>>()?;
            Ok((populated, total))
        })
        .await
}

/// `GET /api/withdrawals/:id`: 404, then the caller's own unless `*` or `withdrawals:manage`
/// (stricter than the list, as upstream, §16 #9).
pub async fn get(core: &Core, actor: &Actor, id: Option<Id>) -> AppResult<PopulatedWithdrawal> {
    let id = id.ok_or_else(missing)?;
    let me = actor.worker.id;
    let manages = holds(actor, "withdrawals:manage");
    core.db
        .read(move |conn| {
            let withdrawal = store::withdrawals::get(conn, id)?.ok_or_else(missing)?;
            if !manages && withdrawal.withdrawn_by != me {
                return Err(AppError::Forbidden("Not authorized".to_owned()));
            }
            populate::withdrawal(conn, withdrawal)
        })
        .await
}

/// `POST /api/withdrawals` (§9.3): checks, deduction, number, insert, log, events.
pub async fn create(core: &Core, draft: WithdrawalDraft) -> AppResult<PopulatedWithdrawal> {
    core.transact(move |tx, events| {
        let material = refs::require(tx, Ref::Material, &draft.material)?;
        let withdrawn_by = refs::require(tx, Ref::WorkerWithdrawnBy, &draft.withdrawn_by)?;
        let checked = check_refs(tx, None, None, &draft.details)?;
        let details = draft.details;
        let inventory = inventory_id(details.inventory.as_deref())?;
        let now = Timestamp::now();
        deduct(
            tx,
            &StockTake {
                material,
                stock_type: draft.stock_type.clone(),
                quantity: draft.quantity,
                inventory,
            },
            now.millis(),
        )?;
        // Only after a successful deduction, so a refused withdrawal burns no number (§12).
        let number = counters::next(tx, Counter::Withdrawal)?;
        let withdrawal = Withdrawal {
            id: Id::new(),
            withdrawal_number: Some(number),
            order: checked.order,
            withdrawn_by,
            material,
            quantity: draft.quantity,
            stock_type: draft.stock_type,
            status: details.status.unwrap_or_else(|| "pending".to_owned()),
            approved_by: checked.approved_by,
            panes: checked.panes.unwrap_or_default(),
            withdrawn_dimensions: details.withdrawn_dimensions.unwrap_or_default(),
            notes: details.notes.unwrap_or_default(),
            inventory,
            withdrawn_date: details.withdrawn_date.unwrap_or(now),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::withdrawals::insert(tx, &withdrawal)?;

        // The log names the inventory record, not the withdrawal, as upstream (§16 #8).
        let mut log = MaterialLog::movement(
            material,
            "withdraw",
            -withdrawal.quantity,
            Some(withdrawal.stock_type.clone()),
            Some(withdrawn_by),
        );
        log.reference_id = inventory;
        log.order = withdrawal.order;
        log.panes = withdrawal.panes.clone();
        store::material_logs::insert(tx, &log)?;
        events.push(Event::resource(
            Topic::Log,
            "created",
            populate::log(tx, log)?,
        ));

        let populated = populate::withdrawal(tx, withdrawal)?;
        events.push(Event::resource(Topic::Withdrawal, "created", &populated));
        events.push(adjusted());
        Ok(populated)
    })
    .await
}

/// `PATCH /api/withdrawals/:id` (§9.3): 404 first, then the references sent; a change of
/// material, stock type or quantity gives the old stock back and takes the new, and a refused
/// deduction rolls the whole update back.
pub async fn update(
    core: &Core,
    id: Option<Id>,
    patch: WithdrawalPatch,
) -> AppResult<PopulatedWithdrawal> {
    core.transact(move |tx, events| {
        let id = id.ok_or_else(missing)?;
        let mut withdrawal = store::withdrawals::get(tx, id)?.ok_or_else(missing)?;
        let checked = check_refs(
            tx,
            patch.material.as_deref(),
            patch.withdrawn_by.as_deref(),
            &patch.details,
        )?;
        let details = patch.details;
        let body_inventory = inventory_id(details.inventory.as_deref())?;
        let now = Timestamp::now();
        let stock_type = patch.stock_type.filter(|s| !s.is_empty());
        let affected =
            checked.material.is_some() || stock_type.is_some() || patch.quantity.is_some();
        if affected {
            let old = StockTake {
                material: withdrawal.material,
                stock_type: withdrawal.stock_type.clone(),
                quantity: withdrawal.quantity,
                inventory: withdrawal.inventory,
            };
            restore(tx, &old, now.millis())?;
            let new = StockTake {
                material: checked.material.unwrap_or(old.material),
                stock_type: stock_type.clone().unwrap_or(old.stock_type.clone()),
                quantity: patch.quantity.unwrap_or(old.quantity),
                inventory: body_inventory.or(old.inventory),
            };
            deduct(tx, &new, now.millis())?;
        }
        if let Some(material) = checked.material {
            withdrawal.material = material;
        }
        if let Some(withdrawn_by) = checked.withdrawn_by {
            withdrawal.withdrawn_by = withdrawn_by;
        }
        if let Some(quantity) = patch.quantity {
            withdrawal.quantity = quantity;
        }
        if let Some(stock_type) = stock_type {
            withdrawal.stock_type = stock_type;
        }
        if let Some(order) = checked.order {
            withdrawal.order = Some(order);
        }
        if let Some(panes) = checked.panes {
            withdrawal.panes = panes;
        }
        if let Some(status) = details.status {
            withdrawal.status = status;
        }
        if let Some(approved_by) = checked.approved_by {
            withdrawal.approved_by = Some(approved_by);
        }
        if let Some(dimensions) = details.withdrawn_dimensions {
            withdrawal.withdrawn_dimensions = dimensions;
        }
        if let Some(notes) = details.notes {
            withdrawal.notes = notes;
        }
        if details.inventory.is_some() {
            withdrawal.inventory = body_inventory;
        }
        if let Some(date) = details.withdrawn_date {
            withdrawal.withdrawn_date = date;
        }
        withdrawal.updated_at = now;
        store::withdrawals::update(tx, &withdrawal)?;
        let populated = populate::withdrawal(tx, withdrawal)?;
        events.push(Event::resource(Topic::Withdrawal, "updated", &populated));
        if affected {
            events.push(adjusted());
        }
        Ok(populated)
    })
    .await
}

/// `DELETE /api/withdrawals/:id`: its stock goes back (the cascade's restore), then it goes.
pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    core.transact(move |tx, events| {
        deletion::delete_one(
            tx,
            events,
            Kind::Withdrawal,
            Some(Topic::Withdrawal),
            id,
            "Withdrawal",
            |tx, id| deletion::snapshot(store::withdrawals::get(tx, id)?),
        )?;
        push_adjusted(events);
        Ok(())
    })
    .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    core.transact(move |tx, events| {
        let deleted =
            deletion::delete_many(tx, events, Kind::Withdrawal, Some(Topic::Withdrawal), &ids)?;
        push_adjusted(events);
        Ok(deleted)
    })
    .await
}
