//! Material logs (core.md §7.4, §7.5): records only, they never change stock.

use super::cascade::Kind;
use super::deletion::{self, Deletion};
use super::refs::{self, Ref};
use super::{Core, populate};
use crate::domain::events::{Event, Topic};
use crate::domain::material_log::{MaterialLog, PopulatedLog};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::material_logs::LogFilter;
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};

/// `POST /api/material-logs`: the required fields and the rest.
#[derive(Debug, Default)]
pub struct LogDraft {
    pub material: String,
    pub action_type: String,
    pub quantity_changed: f64,
    pub details: LogDetails,
}

/// `PATCH /api/material-logs/:id`: any field.
#[derive(Debug, Default)]
pub struct LogPatch {
    pub material: Option<String>,
    pub action_type: Option<String>,
    pub quantity_changed: Option<f64>,
    pub details: LogDetails,
}

/// The optional fields of a log.
#[derive(Debug, Default)]
pub struct LogDetails {
    pub panes: Option<Vec<String>>,
    /// Not checked upstream; already a well-formed id.
    pub reference_id: Option<Id>,
    pub reference_type: Option<String>,
    pub total_price: Option<f64>,
    pub stock_type: Option<String>,
    pub order: Option<String>,
    pub parent_log: Option<String>,
    /// Not checked upstream; already a well-formed id.
    pub worker: Option<Id>,
}

/// The references sent, checked in §13.1's order before anything is written.
struct CheckedRefs {
    material: Option<Id>,
    order: Option<Id>,
    parent_log: Option<Id>,
    panes: Option<Vec<Id>>,
}

fn check_refs(
    tx: &WriteTx<'_>,
    material: Option<&str>,
    details: &LogDetails,
) -> AppResult<CheckedRefs> {
    Ok(CheckedRefs {
        material: refs::require_optional(tx, Ref::Material, material)?,
        order: refs::require_optional(tx, Ref::Order, details.order.as_deref())?,
        parent_log: refs::require_optional(tx, Ref::ParentLog, details.parent_log.as_deref())?,
        panes: details
            .panes
            .as_deref()
            .map(|panes| refs::require_all(tx, Ref::Pane, panes))
            .transpose()?,
    })
}

fn missing() -> AppError {
    AppError::not_found("Material log")
}

pub async fn list(
    core: &Core,
    filter: LogFilter,
    page: PageRequest,
) -> AppResult<(Vec<PopulatedLog>, u64)> {
    core.db
        .read(move |conn| {
            let (logs, total) = store::material_logs::page(conn, &filter, &page)?;
            let populated = logs
                .into_iter()
                .map(|log| populate::log(conn, log))
                .collect::<AppResult<_>>()?;
            Ok((populated, total))
        })
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<PopulatedLog> {
    let id = id.ok_or_else(missing)?;
    core.db
        .read(move |conn| {
            let log = store::material_logs::get(conn, id)?.ok_or_else(missing)?;
            populate::log(conn, log)
        })
        .await
}

pub async fn create(core: &Core, draft: LogDraft) -> AppResult<PopulatedLog> {
    core.transact(move |tx, events| {
        let material = refs::require(tx, Ref::Material, &draft.material)?;
        let checked = check_refs(tx, None, &draft.details)?;
        let details = draft.details;
        let now = Timestamp::now();
        let log = MaterialLog {
            id: Id::new(),
            material,
            panes: checked.panes.unwrap_or_default(),
            action_type: draft.action_type,
            reference_id: details.reference_id,
            reference_type: details.reference_type,
            quantity_changed: draft.quantity_changed,
            total_price: details.total_price.unwrap_or(0.0),
            stock_type: details.stock_type,
            order: checked.order,
            parent_log: checked.parent_log,
            worker: details.worker,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::material_logs::insert(tx, &log)?;
        let populated = populate::log(tx, log)?;
        events.push(Event::resource(Topic::Log, "created", &populated));
        Ok(populated)
    })
    .await
}

/// `PATCH /api/material-logs/:id`: reference checks first, then 404 (§7.5).
pub async fn update(core: &Core, id: Option<Id>, patch: LogPatch) -> AppResult<PopulatedLog> {
    core.transact(move |tx, events| {
        let checked = check_refs(tx, patch.material.as_deref(), &patch.details)?;
        let fields = patch.details;
        let id = id.ok_or_else(missing)?;
        let mut log = store::material_logs::get(tx, id)?.ok_or_else(missing)?;
        if let Some(material) = checked.material {
            log.material = material;
        }
        if let Some(panes) = checked.panes {
            log.panes = panes;
        }
        if let Some(action_type) = patch.action_type {
            log.action_type = action_type;
        }
        if let Some(reference_id) = fields.reference_id {
            log.reference_id = Some(reference_id);
        }
        if let Some(reference_type) = fields.reference_type {
            log.reference_type = Some(reference_type);
        }
        if let Some(quantity_changed) = patch.quantity_changed {
            log.quantity_changed = quantity_changed;
        }
        if let Some(total_price) = fields.total_price {
            log.total_price = total_price;
        }
        if let Some(stock_type) = fields.stock_type {
            log.stock_type = Some(stock_type);
        }
        if let Some(order) = checked.order {
            log.order = Some(order);
        }
        if let Some(parent_log) = checked.parent_log {
            log.parent_log = Some(parent_log);
        }
        if let Some(worker) = fields.worker {
            log.worker = Some(worker);
        }
        log.updated_at = Timestamp::now();
        store::material_logs::update(tx, &log)?;
        let populated = populate::log(tx, log)?;
        events.push(Event::resource(Topic::Log, "updated", &populated));
        Ok(populated)
    })
    .await
}

/// `DELETE /api/material-logs/:id`: its children go too, one level only (§7.5).
/// How material logs are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::MaterialLog,
    topic: Some(Topic::Log),
    what: "Material log",
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::material_logs::get(tx, id)?)
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
