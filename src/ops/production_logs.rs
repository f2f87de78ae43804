//! Production logs (production.md §5.6): plain CRUD with reference checks and events.

use super::cascade::Kind;
use super::deletion::{self, Deletion};
use super::refs::{self, Ref};
use super::{Core, populate};
use crate::domain::events::{Event, Topic};
use crate::domain::production_log::{ProductionLog, ProductionLogRefs, QcResult};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::paging::PageRequest;
use rusqlite::Connection;
use serde_json::Value;

/// A create or update body. `Some(None)` is an explicit null (update only).
#[derive(Clone, Debug, Default)]
pub struct LogFields {
    pub pane: Option<String>,
    pub order: Option<String>,
    pub station: Option<Id>,
    pub action: Option<String>,
    pub operator: Option<String>,
    pub defect_code: Option<Option<String>>,
    pub rework_reason: Option<Option<String>>,
    pub qc_results: Option<Vec<QcResult>>,
    pub status: Option<Option<String>>,
    pub started_at: Option<Option<Timestamp>>,
    pub completed_at: Option<Option<Timestamp>>,
    pub duration_ms: Option<Option<f64>>,
}

fn missing() -> AppError {
    AppError::not_found("Production log")
}

fn render(conn: &Connection, log: &ProductionLog) -> AppResult<Value> {
    let refs = ProductionLogRefs {
        pane: store::panes::get(conn, log.pane)?,
        order: store::orders::get(conn, log.order)?,
        operator: match log.operator {
            Some(id) => store::workers::get(conn, id)?,
            None => None,
        },
        station: populate::station_names(conn, &[log.station])?.pop(),
    };
    serde_json::to_value(log.populated(&refs)).map_err(AppError::internal)
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<Value>, u64)> {
    core.db
        .read(move |conn| {
            let (logs, total) = store::production_logs::page(conn, &page)?;
            let rendered = logs
                .iter()
                .map(|l| render(conn, l))
                .collect::<AppResult<_>>()?;
            Ok((rendered, total))
        })
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<Value> {
    let id = id.ok_or_else(missing)?;
    core.db
        .read(move |conn| {
            let log = store::production_logs::get(conn, id)?.ok_or_else(missing)?;
            render(conn, &log)
        })
        .await
}

fn apply(log: &mut ProductionLog, f: LogFields) {
    if let Some(station) = f.station {
        log.station = station;
    }
    if let Some(action) = f.action {
        log.action = action;
    }
    if let Some(v) = f.defect_code {
        log.defect_code = v;
    }
    if let Some(v) = f.rework_reason {
        log.rework_reason = v;
    }
    if let Some(v) = f.qc_results {
        log.qc_results = v;
    }
    if let Some(v) = f.status {
        log.status = v;
    }
    if let Some(v) = f.started_at {
        log.started_at = v;
    }
    if let Some(v) = f.completed_at {
        log.completed_at = v;
    }
    if let Some(v) = f.duration_ms {
        log.duration_ms = v;
    }
}

pub async fn create(core: &Core, fields: LogFields) -> AppResult<Value> {
    core.transact(move |tx, events| {
        let pane = refs::require(tx, Ref::Pane, fields.pane.as_deref().unwrap_or(""))?;
        let order = refs::require(tx, Ref::Order, fields.order.as_deref().unwrap_or(""))?;
        let operator = refs::require_optional(tx, Ref::WorkerOperator, fields.operator.as_deref())?;
        let now = Timestamp::now();
        let mut log = ProductionLog {
            id: Id::new(),
            pane,
            order,
            station: Id::default(),
            action: String::new(),
            operator,
            defect_code: None,
            rework_reason: None,
            qc_results: Vec::new(),
            status: None,
            started_at: None,
            completed_at: None,
            duration_ms: None,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        apply(&mut log, fields);
        store::production_logs::save(tx, &log)?;
        let value = render(tx, &log)?;
        events.push(Event::resource(Topic::ProductionLog, "created", &value));
        Ok(value)
    })
    .await
}

pub async fn update(core: &Core, id: Option<Id>, fields: LogFields) -> AppResult<Value> {
    let id = id.ok_or_else(missing)?;
    core.transact(move |tx, events| {
        let pane = refs::require_optional(tx, Ref::Pane, fields.pane.as_deref())?;
        let order = refs::require_optional(tx, Ref::Order, fields.order.as_deref())?;
        let operator = refs::require_optional(tx, Ref::WorkerOperator, fields.operator.as_deref())?;
        let mut log = store::production_logs::get(tx, id)?.ok_or_else(missing)?;
        log.pane = pane.unwrap_or(log.pane);
        log.order = order.unwrap_or(log.order);
        log.operator = operator.or(log.operator);
        apply(&mut log, fields);
        log.updated_at = Timestamp::now();
        log.version += 1;
        store::production_logs::save(tx, &log)?;
        let value = render(tx, &log)?;
        events.push(Event::resource(Topic::ProductionLog, "updated", &value));
        Ok(value)
    })
    .await
}

/// How production logs are deleted (§5.6).
const DELETION: Deletion = Deletion {
    kind: Kind::ProductionLog,
    topic: Some(Topic::ProductionLog),
    what: "Production log",
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(
                store::production_logs::get(tx, id)?
                    .as_ref()
                    .map(ProductionLog::plain),
            )
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
