//! Pane logs, read-only (production.md §5.7): the filtered list and a material's timeline of
//! material logs and pane logs.

use super::{Core, populate};
use crate::domain::Id;
use crate::domain::pane_log::PaneLog;
use crate::error::{AppError, AppResult};
use crate::store::paging::{PageRequest, SortKey};
use crate::store::pane_logs::PaneLogFilter;
use crate::store::{self};
use rusqlite::Connection;
use serde_json::{Map, Value, json};

fn to_object(value: impl serde::Serialize) -> AppResult<Map<String, Value>> {
    match serde_json::to_value(value).map_err(AppError::internal)? {
        Value::Object(map) => Ok(map),
        _ => Err(AppError::internal("a log is an object")),
    }
}

fn station(conn: &Connection, id: Id) -> AppResult<Value> {
    Ok(json!(populate::station_names(conn, &[id])?.pop()))
}

fn order_number(conn: &Connection, id: Option<Id>) -> AppResult<Value> {
    Ok(
        match id
            .map(|id| store::orders::get(conn, id))
            .transpose()?
            .flatten()
        {
            Some(order) => json!({"_id": order.id, "orderNumber": order.order_number}),
            None => Value::Null,
        },
    )
}

/// A list row: `pane` → `{_id, paneNumber, glassTypeLabel}`, `station` → `{_id, name}`, and
/// the `paneId`/`orderId` aliases.
fn list_row(conn: &Connection, log: &PaneLog) -> AppResult<Value> {
    let mut row = to_object(log)?;
    let pane = match store::panes::get(conn, log.pane)? {
        Some(p) => {
            json!({"_id": p.id, "paneNumber": p.pane_number, "glassTypeLabel": p.spec.glass_type_label})
        }
        None => Value::Null,
    };
    row.insert("pane".to_owned(), pane.clone());
    row.insert("station".to_owned(), station(conn, log.station)?);
    row.insert("paneId".to_owned(), pane);
    row.insert("orderId".to_owned(), json!(log.order));
    Ok(Value::Object(row))
}

pub async fn list(core: &Core, filter: PaneLogFilter, limit: u64) -> AppResult<Vec<Value>> {
    core.db
        .read(move |conn| {
            store::pane_logs::list(conn, &filter, true, limit)?
                .iter()
                .map(|log| list_row(conn, log))
                .collect()
        })
        .await
}

/// `GET /api/pane-logs/timeline?materialId=`: material logs then pane logs, stably sorted by
/// creation time (material logs first on ties).
pub async fn timeline(core: &Core, material: Id) -> AppResult<Vec<Value>> {
    core.db
        .read(move |conn| {
            let mut rows: Vec<(i64, Value)> = Vec::new();
            let everything = PageRequest {
                page: 1,
                limit: i64::MAX as u64 / 2,
                sort: vec![SortKey {
                    field: "createdAt".to_owned(),
                    descending: false,
                }],
            };
            let filter = store::material_logs::LogFilter {
                material: Some(material),
                action_type: None,
            };
            for log in store::material_logs::page(conn, &filter, &everything)?.0 {
                let mut row = to_object(&log)?;
                row.insert("order".to_owned(), order_number(conn, log.order)?);
                let parent = match log.parent_log {
                    Some(id) => store::material_logs::get(conn, id)?.map(|p| {
                        json!({"_id": p.id, "actionType": p.action_type, "createdAt": p.created_at})
                    }),
                    None => None,
                };
                row.insert("parentLog".to_owned(), json!(parent));
                row.insert("logType".to_owned(), json!("material_log"));
                rows.push((log.created_at.millis(), Value::Object(row)));
            }
            let filter = PaneLogFilter {
                material: Some(material),
                ..PaneLogFilter::default()
            };
            for log in store::pane_logs::list(conn, &filter, false, u32::MAX as u64)? {
                let mut row = to_object(&log)?;
                let pane = store::panes::get(conn, log.pane)?.map(|p| {
                    json!({"_id": p.id, "paneNumber": p.pane_number, "glassTypeLabel": p.spec.glass_type_label,
                           "dimensions": p.spec.dimensions})
                });
                let worker = populate::worker(conn, log.worker)?
                    .map(|w| json!({"_id": w.id, "name": w.name, "username": w.username, "role": w.role}));
                let order = order_number(conn, log.order)?;
                row.insert("pane".to_owned(), json!(pane));
                row.insert("order".to_owned(), order.clone());
                row.insert("worker".to_owned(), json!(worker));
                row.insert("station".to_owned(), station(conn, log.station)?);
                row.insert("logType".to_owned(), json!("pane_log"));
                row.insert("paneId".to_owned(), json!(pane));
                row.insert("orderId".to_owned(), order);
                rows.push((log.created_at.millis(), Value::Object(row)));
            }
            // `sort_by_key` is stable: on ties material logs stay first.
            rows.sort_by_key(|(at, _)| *at);
            Ok(rows.into_iter().map(|(_, row)| row).collect())
        })
        .await
}
