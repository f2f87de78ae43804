//! Row mapping of `station_templates`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::station::StationTemplate;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, ui_schema, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<StationTemplate> {
    Ok(StationTemplate {
        id: row.get(0)?,
        name: row.get(1)?,
        ui_schema: from_json_text(2, &row.get::<_, String>(2)?)?,
        created_at: row.get(3)?,
        updated_at: row.get(4)?,
        version: row.get(5)?,
    })
}

pub fn insert(conn: &Connection, template: &StationTemplate) -> rusqlite::Result<()> {
    conn.execute(
        &format!("INSERT INTO station_templates ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"),
        params![
            template.id,
            template.name,
            to_json_text(&template.ui_schema)?,
            template.created_at,
            template.updated_at,
            template.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, template: &StationTemplate) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE station_templates SET name = ?2, ui_schema = ?3, updated_at = ?4, version = ?5
         WHERE id = ?1",
        params![
            template.id,
            template.name,
            to_json_text(&template.ui_schema)?,
            template.updated_at,
            template.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<StationTemplate>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM station_templates WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

pub fn page(
    conn: &Connection,
    request: &PageRequest,
) -> rusqlite::Result<(Vec<StationTemplate>, u64)> {
    let query = ListQuery {
        table: "station_templates",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
