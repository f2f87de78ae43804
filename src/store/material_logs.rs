//! Row mapping of `material_logs`; `panes` is a JSON array of ids.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::material_log::MaterialLog;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

const COLUMNS: &str = "id, material_id, panes, action_type, reference_id, reference_type, \
     quantity_changed, total_price, stock_type, order_id, parent_log, worker_id, created_at, \
     updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("material", "material_id"),
    ("actionType", "action_type"),
    ("referenceId", "reference_id"),
    ("referenceType", "reference_type"),
    ("quantityChanged", "quantity_changed"),
    ("totalPrice", "total_price"),
    ("stockType", "stock_type"),
    ("order", "order_id"),
    ("parentLog", "parent_log"),
    ("worker", "worker_id"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

/// Panes are stored as 24-hex strings in a JSON array.
fn panes_from_text(index: usize, text: &str) -> rusqlite::Result<Vec<Id>> {
    let texts: Vec<String> = from_json_text(index, text)?;
    Ok(texts.iter().filter_map(|t| Id::parse(t)).collect())
}

pub fn panes_to_text(panes: &[Id]) -> rusqlite::Result<String> {
    to_json_text(&panes)
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<MaterialLog> {
    Ok(MaterialLog {
        id: row.get(0)?,
        material: row.get(1)?,
        panes: panes_from_text(2, &row.get::<_, String>(2)?)?,
        action_type: row.get(3)?,
        reference_id: row.get(4)?,
        reference_type: row.get(5)?,
        quantity_changed: row.get(6)?,
        total_price: row.get(7)?,
        stock_type: row.get(8)?,
        order: row.get(9)?,
        parent_log: row.get(10)?,
        worker: row.get(11)?,
        created_at: row.get(12)?,
        updated_at: row.get(13)?,
        version: row.get(14)?,
    })
}

pub fn insert(conn: &Connection, l: &MaterialLog) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO material_logs ({COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
        ),
        params![
            l.id,
            l.material,
            panes_to_text(&l.panes)?,
            l.action_type,
            l.reference_id,
            l.reference_type,
            l.quantity_changed,
            l.total_price,
            l.stock_type,
            l.order,
            l.parent_log,
            l.worker,
            l.created_at,
            l.updated_at,
            l.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, l: &MaterialLog) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE material_logs SET material_id = ?2, panes = ?3, action_type = ?4,
             reference_id = ?5, reference_type = ?6, quantity_changed = ?7, total_price = ?8,
             stock_type = ?9, order_id = ?10, parent_log = ?11, worker_id = ?12,
             updated_at = ?13, version = ?14
         WHERE id = ?1",
        params![
            l.id,
            l.material,
            panes_to_text(&l.panes)?,
            l.action_type,
            l.reference_id,
            l.reference_type,
            l.quantity_changed,
            l.total_price,
            l.stock_type,
            l.order,
            l.parent_log,
            l.worker,
            l.updated_at,
            l.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<MaterialLog>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM material_logs WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

/// The list filters of §7.5, combined with AND.
#[derive(Clone, Debug, Default)]
pub struct LogFilter {
    pub material: Option<Id>,
    pub action_type: Option<String>,
}

pub fn page(
    conn: &Connection,
    filter: &LogFilter,
    request: &PageRequest,
) -> rusqlite::Result<(Vec<MaterialLog>, u64)> {
    let mut conditions = Vec::new();
    let mut values: Vec<Value> = Vec::new();
    if let Some(material) = filter.material {
        values.push(Value::Blob(material.as_bytes().to_vec()));
        conditions.push(format!("material_id = ?{}", values.len()));
    }
    if let Some(action_type) = &filter.action_type {
        values.push(Value::Text(action_type.clone()));
        conditions.push(format!("action_type = ?{}", values.len()));
    }
    let condition = conditions.join(" AND ");
    let query = ListQuery {
        table: "material_logs",
        columns: COLUMNS,
        filter: &condition,
        params: params_from_iter(values),
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
