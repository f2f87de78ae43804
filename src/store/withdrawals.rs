//! Row mapping of `withdrawals`; `panes` and `withdrawnDimensions` are JSON columns.

use super::material_logs::panes_to_text;
use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::withdrawal::Withdrawal;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

const COLUMNS: &str = "id, withdrawal_number, order_id, withdrawn_by, material_id, quantity, \
     stock_type, status, approved_by, panes, withdrawn_dimensions, notes, inventory_id, \
     withdrawn_date, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("withdrawalNumber", "withdrawal_number"),
    ("order", "order_id"),
    ("withdrawnBy", "withdrawn_by"),
    ("material", "material_id"),
    ("quantity", "quantity"),
    ("stockType", "stock_type"),
    ("status", "status"),
    ("approvedBy", "approved_by"),
    ("notes", "notes"),
    ("inventory", "inventory_id"),
    ("withdrawnDate", "withdrawn_date"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Withdrawal> {
    let panes: Vec<String> = from_json_text(9, &row.get::<_, String>(9)?)?;
    Ok(Withdrawal {
        id: row.get(0)?,
        withdrawal_number: row.get(1)?,
        order: row.get(2)?,
        withdrawn_by: row.get(3)?,
        material: row.get(4)?,
        quantity: row.get(5)?,
        stock_type: row.get(6)?,
        status: row.get(7)?,
        approved_by: row.get(8)?,
        panes: panes.iter().filter_map(|t| Id::parse(t)).collect(),
        withdrawn_dimensions: from_json_text(10, &row.get::<_, String>(10)?)?,
        notes: row.get(11)?,
        inventory: row.get(12)?,
        withdrawn_date: row.get(13)?,
        created_at: row.get(14)?,
        updated_at: row.get(15)?,
        version: row.get(16)?,
    })
}

pub fn insert(conn: &Connection, w: &Withdrawal) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO withdrawals ({COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)"
        ),
        params![
            w.id,
            w.withdrawal_number,
            w.order,
            w.withdrawn_by,
            w.material,
            w.quantity,
            w.stock_type,
            w.status,
            w.approved_by,
            panes_to_text(&w.panes)?,
            to_json_text(&w.withdrawn_dimensions)?,
            w.notes,
            w.inventory,
            w.withdrawn_date,
            w.created_at,
            w.updated_at,
            w.version
        ],
    )?;
    Ok(())
}

/// Writes every field but the number, which never changes.
pub fn update(conn: &Connection, w: &Withdrawal) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE withdrawals SET order_id = ?2, withdrawn_by = ?3, material_id = ?4, quantity = ?5,
             stock_type = ?6, status = ?7, approved_by = ?8, panes = ?9,
             withdrawn_dimensions = ?10, notes = ?11, inventory_id = ?12, withdrawn_date = ?13,
             updated_at = ?14, version = ?15
         WHERE id = ?1",
        params![
            w.id,
            w.order,
            w.withdrawn_by,
            w.material,
            w.quantity,
            w.stock_type,
            w.status,
            w.approved_by,
            panes_to_text(&w.panes)?,
            to_json_text(&w.withdrawn_dimensions)?,
            w.notes,
            w.inventory,
            w.withdrawn_date,
            w.updated_at,
            w.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Withdrawal>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM withdrawals WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// A page of withdrawals; `withdrawn_by` restricts it to one worker's (the ownership filter).
pub fn page(
    conn: &Connection,
    withdrawn_by: Option<Id>,
    request: &PageRequest,
) -> rusqlite::Result<(Vec<Withdrawal>, u64)> {
    let values: Vec<Value> = withdrawn_by
        .iter()
        .map(|id| Value::Blob(id.as_bytes().to_vec()))
        .collect();
    let query = ListQuery {
        table: "withdrawals",
        columns: COLUMNS,
        filter: if withdrawn_by.is_some() {
            "withdrawn_by = ?1"
        } else {
            ""
        },
        params: params_from_iter(values),
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
