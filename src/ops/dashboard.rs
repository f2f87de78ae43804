//! `GET /api/dashboard/stats` (core.md §11.6): counts, stock totals, the two charts and the five
//! newest material logs, all from one read snapshot.

use super::Core;
use crate::domain::Id;
use crate::domain::dashboard::{ChartRange, bucket_of, buckets, local_now};
use crate::domain::json::JsNumber;
use crate::domain::material::Material;
use crate::domain::material_log::MaterialLog;
use crate::domain::worker::Worker;
use crate::error::AppResult;
use crate::store;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::{Value, json};

const DAY_MS: i64 = 24 * 3600 * 1000;

fn count(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> AppResult<i64> {
    Ok(conn.query_row(sql, params, |row| row.get(0))?)
}

pub async fn stats(core: &Core, range: ChartRange) -> AppResult<Value> {
    core.db.read(move |conn| compute(conn, range)).await
}

fn compute(conn: &Connection, range: ChartRange) -> AppResult<Value> {
    let now_local = local_now();
    let now = now_local.timestamp_millis();
    let requests = json!({
        "totalThisWeek": count(conn, "SELECT count(*) FROM requests WHERE created_at >= ?1", [now - 7 * DAY_MS])?,
        "totalLastWeek": count(
            conn,
            "SELECT count(*) FROM requests WHERE created_at >= ?1 AND created_at < ?2",
            [now - 14 * DAY_MS, now - 7 * DAY_MS],
        )?,
        "pending": count(conn, "SELECT count(*) FROM requests WHERE assigned_to IS NULL AND status <> 'cancelled'", [])?,
        "approaching": count(
            conn,
            "SELECT count(*) FROM requests WHERE deadline >= ?1 AND deadline <= ?2",
            [now, now + 3 * DAY_MS],
        )?,
    });
    let orders = json!({
        "total": count(conn, "SELECT count(*) FROM orders", [])?,
        "completed": count(conn, "SELECT count(*) FROM orders WHERE status = 'completed'", [])?,
        "inProgress": count(conn, "SELECT count(*) FROM orders WHERE status = 'in_progress'", [])?,
        "pending": count(conn, "SELECT count(*) FROM orders WHERE status = 'pending'", [])?,
    });
    let total_stock: f64 = conn.query_row(
        "SELECT coalesce(sum(quantity), 0) FROM inventories",
        [],
        |row| row.get(0),
    )?;
    let low_stock = count(
        conn,
        "SELECT count(*) FROM inventories i LEFT JOIN materials m ON m.id = i.material_id
         WHERE i.quantity <= coalesce(m.reorder_point, 0)",
        [],
    )?;

    let bars = buckets(range, &now_local);
    let since = bars.first().map_or(now, |b| b.start);
    let mut request_counts = vec![0u64; bars.len()];
    let mut created = conn.prepare("SELECT created_at FROM requests WHERE created_at >= ?1")?;
    for at in created.query_map([since], |row| row.get::<_, i64>(0))? {
        if let Some(index) = bucket_of(&bars, at?) {
            request_counts[index] += 1;
        }
    }
    let mut movement = vec![(0.0f64, 0.0f64); bars.len()];
    let mut logs = conn.prepare("SELECT created_at, action_type, quantity_changed FROM material_logs WHERE created_at >= ?1")?;
    let rows = logs.query_map([since], |row| {
        Ok((
            row.get::<_, i64>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, f64>(2)?,
        ))
    })?;
    for row in rows {
        let (at, action, quantity) = row?;
        if let Some(index) = bucket_of(&bars, at) {
            if action == "import" {
                movement[index].0 += quantity.abs();
            } else {
                movement[index].1 += quantity.abs();
            }
        }
    }
    let request_chart: Vec<Value> = bars
        .iter()
        .zip(&request_counts)
        .map(|(bar, count)| json!({"name": bar.label, "count": count}))
        .collect();
    let log_chart: Vec<Value> = bars
        .iter()
        .zip(&movement)
        .map(|(bar, (stock, out))| json!({"name": bar.label, "stock": JsNumber(*stock), "out": JsNumber(*out)}))
        .collect();

    Ok(json!({
        "requests": {
            "totalThisWeek": requests["totalThisWeek"],
            "totalLastWeek": requests["totalLastWeek"],
            "pending": requests["pending"],
            "approaching": requests["approaching"],
            "chart": request_chart,
        },
        "orders": orders,
        "inventory": { "totalStock": JsNumber(total_stock), "lowStockAlerts": low_stock },
        "materialLogs": { "chart": log_chart, "recentActivity": recent_activity(conn)? },
    }))
}

fn recent_activity(conn: &Connection) -> AppResult<Vec<Value>> {
    let mut newest =
        conn.prepare("SELECT id FROM material_logs ORDER BY created_at DESC, id DESC LIMIT 5")?;
    let ids: Vec<Id> = newest
        .query_map([], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    let mut activity = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(log) = store::material_logs::get(conn, id)? else {
            continue;
        };
        activity.push(render_activity(conn, &log)?);
    }
    Ok(activity)
}

/// The dashboard's shape of a log (§1.7): material and worker populated, the order populated
/// with its request, everything else as stored.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ActivityRefs<'a> {
    material: Option<&'a Material>,
    #[serde(serialize_with = "crate::domain::embed::worker")]
    worker: Option<Worker>,
}

fn render_activity(conn: &Connection, log: &MaterialLog) -> AppResult<Value> {
    let material = store::materials::get(conn, log.material)?;
    let worker = match log.worker {
        Some(id) => store::workers::get(conn, id)?,
        None => None,
    };
    let mut value = serde_json::to_value(log).unwrap_or(Value::Null);
    let refs = serde_json::to_value(ActivityRefs {
        material: material.as_ref(),
        worker,
    })
    .unwrap_or(Value::Null);
    if let (Value::Object(target), Value::Object(refs)) = (&mut value, refs) {
        target.extend(refs);
        target.insert("order".to_owned(), order_with_request(conn, log.order)?);
    }
    Ok(value)
}

/// The log's order (plain) with its request embedded (plain), or null when it is gone.
fn order_with_request(conn: &Connection, order: Option<Id>) -> AppResult<Value> {
    let Some(order) = order
        .map(|id| store::orders::get(conn, id))
        .transpose()?
        .flatten()
    else {
        return Ok(Value::Null);
    };
    let request = match order.request {
        Some(id) => store::requests::get(conn, id)?,
        None => None,
    };
    Ok(
        serde_json::to_value(order.plain_with(request.as_ref().map(|r| r.plain())))
            .unwrap_or(Value::Null),
    )
}
