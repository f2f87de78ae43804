//! Row mapping of `materials`; `specDetails` is a JSON column.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::material::Material;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, code, name, brand, unit, reorder_point, spec_details, is_active, \
     created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("code", "code"),
    ("name", "name"),
    ("brand", "brand"),
    ("unit", "unit"),
    ("reorderPoint", "reorder_point"),
    ("specDetails.thickness", "spec_details ->> '$.thickness'"),
    ("specDetails.color", "spec_details ->> '$.color'"),
    ("specDetails.glassType", "spec_details ->> '$.glassType'"),
    ("specDetails.width", "spec_details ->> '$.width'"),
    ("specDetails.length", "spec_details ->> '$.length'"),
    ("isActive", "is_active"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Material> {
    Ok(Material {
        id: row.get(0)?,
        code: row.get(1)?,
        name: row.get(2)?,
        brand: row.get(3)?,
        unit: row.get(4)?,
        reorder_point: row.get(5)?,
        spec_details: from_json_text(6, &row.get::<_, String>(6)?)?,
        is_active: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        version: row.get(10)?,
    })
}

pub fn insert(conn: &Connection, m: &Material) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO materials ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ),
        params![
            m.id,
            m.code,
            m.name,
            m.brand,
            m.unit,
            m.reorder_point,
            to_json_text(&m.spec_details)?,
            m.is_active,
            m.created_at,
            m.updated_at,
            m.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, m: &Material) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE materials SET code = ?2, name = ?3, brand = ?4, unit = ?5, reorder_point = ?6,
             spec_details = ?7, is_active = ?8, updated_at = ?9, version = ?10
         WHERE id = ?1",
        params![
            m.id,
            m.code,
            m.name,
            m.brand,
            m.unit,
            m.reorder_point,
            to_json_text(&m.spec_details)?,
            m.is_active,
            m.updated_at,
            m.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Material>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM materials WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Material>, u64)> {
    let query = ListQuery {
        table: "materials",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
