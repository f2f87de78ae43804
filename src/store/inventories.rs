//! Row mapping of `inventories`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::domain::Id;
use crate::domain::inventory::Inventory;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, inventory_number, material_id, stock_type, quantity, location, \
     storage_color, is_active, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("inventoryNumber", "inventory_number"),
    ("material", "material_id"),
    ("stockType", "stock_type"),
    ("quantity", "quantity"),
    ("location", "location"),
    ("storageColor", "storage_color"),
    ("isActive", "is_active"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Inventory> {
    Ok(Inventory {
        id: row.get(0)?,
        inventory_number: row.get(1)?,
        material: row.get(2)?,
        stock_type: row.get(3)?,
        quantity: row.get(4)?,
        location: row.get(5)?,
        storage_color: row.get(6)?,
        is_active: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        version: row.get(10)?,
    })
}

pub fn insert(conn: &Connection, i: &Inventory) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO inventories ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ),
        params![
            i.id,
            i.inventory_number,
            i.material,
            i.stock_type,
            i.quantity,
            i.location,
            i.storage_color,
            i.is_active,
            i.created_at,
            i.updated_at,
            i.version
        ],
    )?;
    Ok(())
}

/// Writes every field but the number, which never changes.
pub fn update(conn: &Connection, i: &Inventory) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE inventories SET material_id = ?2, stock_type = ?3, quantity = ?4, location = ?5,
             storage_color = ?6, is_active = ?7, updated_at = ?8, version = ?9
         WHERE id = ?1",
        params![
            i.id,
            i.material,
            i.stock_type,
            i.quantity,
            i.location,
            i.storage_color,
            i.is_active,
            i.updated_at,
            i.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Inventory>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM inventories WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The first record of a material and stock type at `location` (a move's merge target),
/// oldest first as upstream's `findOne` finds it.
pub fn at_location(
    conn: &Connection,
    material: Id,
    stock_type: &str,
    location: &str,
) -> rusqlite::Result<Option<Inventory>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM inventories
         WHERE material_id = ?1 AND stock_type = ?2 AND location = ?3
         ORDER BY created_at, id LIMIT 1"
    ))?
    .query_row(params![material, stock_type, location], from_row)
    .optional()
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Inventory>, u64)> {
    let query = ListQuery {
        table: "inventories",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
