//! Row mapping of `pane_logs`.

use crate::domain::Id;
use crate::domain::pane_log::PaneLog;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

const COLUMNS: &str = "id, pane_id, order_id, material_id, worker_id, station_id, action, reason, description, \
     completed_at, created_at, updated_at, version";

fn from_row(row: &Row<'_>) -> rusqlite::Result<PaneLog> {
    Ok(PaneLog {
        id: row.get(0)?,
        pane: row.get(1)?,
        order: row.get(2)?,
        material: row.get(3)?,
        worker: row.get(4)?,
        station: row.get(5)?,
        action: row.get(6)?,
        reason: row.get(7)?,
        description: row.get(8)?,
        completed_at: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
        version: row.get(12)?,
    })
}

pub fn insert(conn: &Connection, l: &PaneLog) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO pane_logs ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
    ))?
    .execute(params![
        l.id,
        l.pane,
        l.order,
        l.material,
        l.worker,
        l.station,
        l.action,
        l.reason,
        l.description,
        l.completed_at,
        l.created_at,
        l.updated_at,
        l.version
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<PaneLog>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM pane_logs WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// A pane's logs, oldest first.
pub fn of_pane(conn: &Connection, pane: Id) -> rusqlite::Result<Vec<PaneLog>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM pane_logs WHERE pane_id = ?1 ORDER BY created_at, id"
    ))?
    .query_map([pane], from_row)?
    .collect()
}

/// The list filters of production.md §5.7, combined with AND.
#[derive(Clone, Debug, Default)]
pub struct PaneLogFilter {
    pub station: Option<Id>,
    pub action: Option<String>,
    pub order: Option<Id>,
    pub pane: Option<Id>,
    pub material: Option<Id>,
    /// A malformed id in the query: nothing matches.
    pub nothing: bool,
}

/// Matching logs, newest first (`newest`) or oldest first, at most `limit`.
pub fn list(
    conn: &Connection,
    filter: &PaneLogFilter,
    newest: bool,
    limit: u64,
) -> rusqlite::Result<Vec<PaneLog>> {
    let mut conditions = vec!["1".to_owned()];
    let mut values: Vec<SqlValue> = Vec::new();
    let mut id = |column: &str, value: Option<Id>, conditions: &mut Vec<String>| {
        if let Some(id) = value {
            values.push(SqlValue::Blob(id.as_bytes().to_vec()));
            conditions.push(format!("{column} = ?{}", values.len()));
        }
    };
    id("station_id", filter.station, &mut conditions);
    id("order_id", filter.order, &mut conditions);
    id("pane_id", filter.pane, &mut conditions);
    id("material_id", filter.material, &mut conditions);
    if let Some(action) = &filter.action {
        values.push(SqlValue::Text(action.clone()));
        conditions.push(format!("action = ?{}", values.len()));
    }
    if filter.nothing {
        conditions.push("0".to_owned());
    }
    let direction = if newest { "DESC" } else { "ASC" };
    let sql = format!(
        "SELECT {COLUMNS} FROM pane_logs WHERE {} ORDER BY created_at {direction}, id {direction} LIMIT {limit}",
        conditions.join(" AND ")
    );
    conn.prepare(&sql)?
        .query_map(params_from_iter(values), from_row)?
        .collect()
}
