//! Row mapping of `production_logs`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::production_log::ProductionLog;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, pane_id, order_id, station_id, action, operator, defect_code, rework_reason, \
     qc_results, status, started_at, completed_at, duration_ms, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("action", "action"),
    ("status", "status"),
    ("startedAt", "started_at"),
    ("completedAt", "completed_at"),
    ("durationMs", "duration_ms"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<ProductionLog> {
    Ok(ProductionLog {
        id: row.get(0)?,
        pane: row.get(1)?,
        order: row.get(2)?,
        station: row.get(3)?,
        action: row.get(4)?,
        operator: row.get(5)?,
        defect_code: row.get(6)?,
        rework_reason: row.get(7)?,
        qc_results: from_json_text(8, &row.get::<_, String>(8)?)?,
        status: row.get(9)?,
        started_at: row.get(10)?,
        completed_at: row.get(11)?,
        duration_ms: row.get(12)?,
        created_at: row.get(13)?,
        updated_at: row.get(14)?,
        version: row.get(15)?,
    })
}

pub fn save(conn: &Connection, l: &ProductionLog) -> rusqlite::Result<()> {
    let updates: Vec<String> = COLUMNS
        .split(',')
        .map(str::trim)
        .filter(|column| *column != "id" && *column != "created_at")
        .map(|column| format!("{column} = excluded.{column}"))
        .collect();
    conn.prepare_cached(&format!(
        "INSERT INTO production_logs ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,
             ?13, ?14, ?15, ?16) ON CONFLICT (id) DO UPDATE SET {}",
        updates.join(", ")
    ))?
    .execute(params![
        l.id,
        l.pane,
        l.order,
        l.station,
        l.action,
        l.operator,
        l.defect_code,
        l.rework_reason,
        to_json_text(&l.qc_results)?,
        l.status,
        l.started_at,
        l.completed_at,
        l.duration_ms,
        l.created_at,
        l.updated_at,
        l.version
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<ProductionLog>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM production_logs WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

pub fn page(
    conn: &Connection,
    request: &PageRequest,
) -> rusqlite::Result<(Vec<ProductionLog>, u64)> {
    let query = ListQuery {
        table: "production_logs",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
