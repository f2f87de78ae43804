//! Row mapping of `sticker_templates`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::sticker_template::StickerTemplate;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, width, height, elements, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("width", "width"),
    ("height", "height"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<StickerTemplate> {
    Ok(StickerTemplate {
        id: row.get(0)?,
        name: row.get(1)?,
        width: row.get(2)?,
        height: row.get(3)?,
        elements: from_json_text(4, &row.get::<_, String>(4)?)?,
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
        version: row.get(7)?,
    })
}

pub fn insert(conn: &Connection, template: &StickerTemplate) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO sticker_templates ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ),
        params![
            template.id,
            template.name,
            template.width,
            template.height,
            to_json_text(&template.elements)?,
            template.created_at,
            template.updated_at,
            template.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, template: &StickerTemplate) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE sticker_templates SET name = ?2, width = ?3, height = ?4, elements = ?5,
             updated_at = ?6, version = ?7
         WHERE id = ?1",
        params![
            template.id,
            template.name,
            template.width,
            template.height,
            to_json_text(&template.elements)?,
            template.updated_at,
            template.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<StickerTemplate>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM sticker_templates WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

/// The id of the template named `name`, if any.
pub fn id_by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<Id>> {
    conn.prepare_cached("SELECT id FROM sticker_templates WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()
}

pub fn page(
    conn: &Connection,
    request: &PageRequest,
) -> rusqlite::Result<(Vec<StickerTemplate>, u64)> {
    let query = ListQuery {
        table: "sticker_templates",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
