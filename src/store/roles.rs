//! Row mapping of `roles`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::worker::Role;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str =
    "id, name, slug, description, permissions, is_system, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("slug", "slug"),
    ("description", "description"),
    ("isSystem", "is_system"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Role> {
    Ok(Role {
        id: row.get(0)?,
        name: row.get(1)?,
        slug: row.get(2)?,
        description: row.get(3)?,
        permissions: from_json_text(4, &row.get::<_, String>(4)?)?,
        is_system: row.get(5)?,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        version: row.get(8)?,
    })
}

pub fn insert(conn: &Connection, role: &Role) -> rusqlite::Result<()> {
    conn.execute(
        &format!("INSERT INTO roles ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        params![
            role.id,
            role.name,
            role.slug,
            role.description,
            to_json_text(&role.permissions)?,
            role.is_system,
            role.created_at,
            role.updated_at,
            role.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, role: &Role) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE roles SET name = ?2, slug = ?3, description = ?4, permissions = ?5, updated_at = ?6, version = ?7
         WHERE id = ?1",
        params![
            role.id,
            role.name,
            role.slug,
            role.description,
            to_json_text(&role.permissions)?,
            role.updated_at,
            role.version
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: Id) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM roles WHERE id = ?1", [id])? > 0)
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Role>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM roles WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

pub fn by_slug(conn: &Connection, slug: &str) -> rusqlite::Result<Option<Role>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM roles WHERE slug = ?1"))?
        .query_row([slug], from_row)
        .optional()
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Role>, u64)> {
    let query = ListQuery {
        table: "roles",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}

/// All roles: the role table is small, and lists of workers resolve against it.
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Role>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM roles"))?
        .query_map([], from_row)?
        .collect()
}
