//! Row mapping of `job_types`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::job_type::JobType;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

const COLUMNS: &str = "id, name, code, description, sheets_per_pane, default_raw_glass_types, \
     is_active, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("code", "code"),
    ("description", "description"),
    ("sheetsPerPane", "sheets_per_pane"),
    ("isActive", "is_active"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<JobType> {
    Ok(JobType {
        id: row.get(0)?,
        name: row.get(1)?,
        code: row.get(2)?,
        description: row.get(3)?,
        sheets_per_pane: row.get(4)?,
        default_raw_glass_types: from_json_text(5, &row.get::<_, String>(5)?)?,
        is_active: row.get(6)?,
        created_at: row.get(7)?,
        updated_at: row.get(8)?,
        version: row.get(9)?,
    })
}

pub fn insert(conn: &Connection, job_type: &JobType) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO job_types ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"
        ),
        params![
            job_type.id,
            job_type.name,
            job_type.code,
            job_type.description,
            job_type.sheets_per_pane,
            to_json_text(&job_type.default_raw_glass_types)?,
            job_type.is_active,
            job_type.created_at,
            job_type.updated_at,
            job_type.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, job_type: &JobType) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE job_types SET name = ?2, code = ?3, description = ?4, sheets_per_pane = ?5,
             default_raw_glass_types = ?6, is_active = ?7, updated_at = ?8, version = ?9
         WHERE id = ?1",
        params![
            job_type.id,
            job_type.name,
            job_type.code,
            job_type.description,
            job_type.sheets_per_pane,
            to_json_text(&job_type.default_raw_glass_types)?,
            job_type.is_active,
            job_type.updated_at,
            job_type.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<JobType>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM job_types WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The id of the job type holding `code`, if any (codes are case-sensitive).
pub fn id_by_code(conn: &Connection, code: &str) -> rusqlite::Result<Option<Id>> {
    conn.prepare_cached("SELECT id FROM job_types WHERE code = ?1")?
        .query_row([code], |row| row.get(0))
        .optional()
}

/// A page of job types, only those whose `isActive` equals `active` when given.
pub fn page(
    conn: &Connection,
    request: &PageRequest,
    active: Option<bool>,
) -> rusqlite::Result<(Vec<JobType>, u64)> {
    let query = ListQuery {
        table: "job_types",
        columns: COLUMNS,
        filter: if active.is_some() {
            "is_active = ?1"
        } else {
            ""
        },
        params: params_from_iter(active),
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
