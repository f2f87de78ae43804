//! Row mapping of `orders`. Stations, history, station data and the breakdown are JSON columns.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::order::{HistoryEntry, Order};
use crate::domain::{Id, Timestamp};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde::{Deserialize, Serialize};

const COLUMNS: &str = "id, order_number, request_id, priority, customer_id, material_id, quantity, stations, \
     current_station_index, station_history, station_data, pane_count, panes_completed, progress_percent, \
     station_breakdown, notes, status, claim_id, withdrawal_id, assigned_to, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("orderNumber", "order_number"),
    ("request", "request_id"),
    ("priority", "priority"),
    ("customer", "customer_id"),
    ("material", "material_id"),
    ("quantity", "quantity"),
    ("currentStationIndex", "current_station_index"),
    ("paneCount", "pane_count"),
    ("panesCompleted", "panes_completed"),
    ("progressPercent", "progress_percent"),
    ("notes", "notes"),
    ("status", "status"),
    ("assignedTo", "assigned_to"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

/// A history entry as stored in its JSON column (times in milliseconds).
#[derive(Serialize, Deserialize)]
struct StoredEntry {
    id: Id,
    station: Id,
    entered_at: i64,
    exited_at: Option<i64>,
    completed_by: Option<Id>,
}

fn history_to_text(history: &[HistoryEntry]) -> rusqlite::Result<String> {
    let stored: Vec<StoredEntry> = history
        .iter()
        .map(|h| StoredEntry {
            id: h.id,
            station: h.station,
            entered_at: h.entered_at.millis(),
            exited_at: h.exited_at.map(Timestamp::millis),
            completed_by: h.completed_by,
        })
        .collect();
    to_json_text(&stored)
}

fn history_from_text(index: usize, text: &str) -> rusqlite::Result<Vec<HistoryEntry>> {
    let stored: Vec<StoredEntry> = from_json_text(index, text)?;
    Ok(stored
        .into_iter()
        .map(|s| HistoryEntry {
            id: s.id,
            station: s.station,
            entered_at: Timestamp::from_millis(s.entered_at),
            exited_at: s.exited_at.map(Timestamp::from_millis),
            completed_by: s.completed_by,
        })
        .collect())
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<Order> {
    let text = |index: usize| -> rusqlite::Result<String> { row.get(index) };
    Ok(Order {
        id: row.get(0)?,
        order_number: row.get(1)?,
        request: row.get(2)?,
        priority: row.get(3)?,
        customer: row.get(4)?,
        material: row.get(5)?,
        quantity: row.get(6)?,
        stations: from_json_text(7, &text(7)?)?,
        current_station_index: row.get(8)?,
        station_history: history_from_text(9, &text(9)?)?,
        station_data: from_json_text(10, &text(10)?)?,
        pane_count: row.get(11)?,
        panes_completed: row.get(12)?,
        progress_percent: row.get(13)?,
        station_breakdown: from_json_text(14, &text(14)?)?,
        notes: row.get(15)?,
        status: row.get(16)?,
        claim: row.get(17)?,
        withdrawal: row.get(18)?,
        assigned_to: row.get(19)?,
        created_at: row.get(20)?,
        updated_at: row.get(21)?,
        version: row.get(22)?,
    })
}

/// Inserts a new order or rewrites an existing one (an upsert on the id, so foreign keys
/// pointing at it stay intact).
pub fn save(conn: &Connection, o: &Order) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO orders ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,
             ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)
         ON CONFLICT (id) DO UPDATE SET order_number = excluded.order_number, request_id = excluded.request_id,
             priority = excluded.priority, customer_id = excluded.customer_id, material_id = excluded.material_id,
             quantity = excluded.quantity, stations = excluded.stations,
             current_station_index = excluded.current_station_index, station_history = excluded.station_history,
             station_data = excluded.station_data, pane_count = excluded.pane_count,
             panes_completed = excluded.panes_completed, progress_percent = excluded.progress_percent,
             station_breakdown = excluded.station_breakdown, notes = excluded.notes, status = excluded.status,
             claim_id = excluded.claim_id, withdrawal_id = excluded.withdrawal_id,
             assigned_to = excluded.assigned_to, updated_at = excluded.updated_at, version = excluded.version"
    ))?
    .execute(params![
        o.id,
        o.order_number,
        o.request,
        o.priority,
        o.customer,
        o.material,
        o.quantity,
        to_json_text(&o.stations)?,
        o.current_station_index,
        history_to_text(&o.station_history)?,
        to_json_text(&o.station_data)?,
        o.pane_count,
        o.panes_completed,
        o.progress_percent,
        to_json_text(&o.station_breakdown)?,
        o.notes,
        o.status,
        o.claim,
        o.withdrawal,
        o.assigned_to,
        o.created_at,
        o.updated_at,
        o.version
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Order>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM orders WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The list filters of §2.2 and §1.3: only orders assigned to `assigned_to`, only orders whose
/// `stations` contain `station` (the text as sent).
#[derive(Clone, Debug, Default)]
pub struct OrderFilter {
    pub assigned_to: Option<Id>,
    pub station: Option<String>,
}

pub fn page(
    conn: &Connection,
    filter: &OrderFilter,
    request: &PageRequest,
) -> rusqlite::Result<(Vec<Order>, u64)> {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    if let Some(id) = filter.assigned_to {
        values.push(SqlValue::Blob(id.as_bytes().to_vec()));
        conditions.push(format!("assigned_to = ?{}", values.len()));
    }
    if let Some(station) = &filter.station {
        values.push(SqlValue::Text(station.clone()));
        conditions.push(format!(
            "EXISTS (SELECT 1 FROM json_each(orders.stations) WHERE json_each.value = ?{})",
            values.len()
        ));
    }
    let filter = conditions.join(" AND ");
    let query = ListQuery {
        table: "orders",
        columns: COLUMNS,
        filter: &filter,
        params: params_from_iter(values),
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}

/// Links a request's unlinked panes to a new order and gives them its material (§2.3 step 3).
pub fn link_request_panes(
    conn: &Connection,
    request: Id,
    order: Id,
    material: Id,
    now: Timestamp,
) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE panes SET order_id = ?2, material_id = ?3, updated_at = ?4
         WHERE request_id = ?1 AND order_id IS NULL",
        params![request, order, material, now],
    )
}
