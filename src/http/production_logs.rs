//! `/api/production-logs` (production.md §5.6).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, NON_EMPTY, Obj, parse};
use crate::app::AppState;
use crate::domain::production_log::{ACTIONS, QcResult, STATUSES};
use crate::error::AppResult;
use crate::ops;
use crate::ops::production_logs::LogFields;
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

/// A field that may be sent as `null` (update): `Some(None)` then.
fn nullable<T>(b: &Obj<'_>, key: &str, read: impl FnOnce() -> Option<T>) -> Option<Option<T>> {
    match b.get(key) {
        None => None,
        Some(Value::Null) => Some(None),
        Some(_) => read().map(Some),
    }
}

fn read_fields(b: &Obj<'_>) -> LogFields {
    LogFields {
        pane: b.opt_str("pane", NON_EMPTY),
        order: b.opt_str("order", NON_EMPTY),
        station: b.opt_id("station"),
        action: b.opt_enum("action", ACTIONS),
        operator: b.opt_str("operator", ANY),
        defect_code: nullable(b, "defectCode", || b.opt_str("defectCode", ANY)),
        rework_reason: nullable(b, "reworkReason", || b.opt_str("reworkReason", ANY)),
        qc_results: b.opt_obj_array("qcResults", |q| {
            let label = q.req_str("label", ANY);
            let passed = q.opt_bool("passed");
            let note = q.opt_str("note", ANY);
            Some(QcResult {
                label: label?,
                passed: passed.unwrap_or(false),
                note: note.unwrap_or_default(),
            })
        }),
        status: nullable(b, "status", || b.opt_enum("status", STATUSES)),
        started_at: nullable(b, "startedAt", || b.opt_datetime("startedAt")),
        completed_at: nullable(b, "completedAt", || b.opt_datetime("completedAt")),
        duration_ms: nullable(b, "durationMs", || {
            b.opt_number("durationMs", Some(0.0), None)
        }),
    }
}

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (logs, total) = ops::production_logs::list(&state.core, page.clone()).await?;
    Ok(reply::page(logs, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let log = ops::production_logs::get(&state.core, id).await?;
    Ok(reply::ok("Success", log))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let fields = parse(&body, |b| {
        let fields = read_fields(b);
        for key in ["pane", "order", "station"] {
            if !b.has(key) {
                b.req_str(key, NON_EMPTY);
            }
        }
        if !b.has("action") {
            b.req_enum("action", ACTIONS);
        }
        Some(fields)
    })?;
    let log = ops::production_logs::create(&state.core, fields).await?;
    Ok(reply::created("Production log created", log))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let fields = parse(&body, |b| Some(read_fields(b)))?;
    let log = ops::production_logs::update(&state.core, id, fields).await?;
    Ok(reply::ok("Production log updated", log))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::production_logs::delete(&state.core, id).await?;
    Ok(reply::done("Production log deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::production_logs::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Production logs deleted", count))
}
