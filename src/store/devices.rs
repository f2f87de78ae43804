//! Row mapping of `devices`. The token hash is written by [`insert`] and read only by
//! [`by_token_hash`]'s lookup; it never leaves the store.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::domain::device::{Device, DeviceKind};
use crate::domain::{Id, Timestamp};
use rusqlite::types::Type;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, kind, station_id, created_by, created_at, last_seen_at";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("kind", "kind"),
    ("station", "station_id"),
    ("createdBy", "created_by"),
    ("createdAt", "created_at"),
    ("lastSeenAt", "last_seen_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Device> {
    let kind: String = row.get(2)?;
    let kind = DeviceKind::parse(&kind).ok_or_else(|| {
        rusqlite::Error::FromSqlConversionFailure(2, Type::Text, format!("kind {kind}").into())
    })?;
    Ok(Device {
        id: row.get(0)?,
        name: row.get(1)?,
        kind,
        station: row.get(3)?,
        created_by: row.get(4)?,
        created_at: row.get(5)?,
        last_seen_at: row.get(6)?,
    })
}

pub fn insert(conn: &Connection, device: &Device, token_hash: &str) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO devices ({COLUMNS}, token_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ),
        params![
            device.id,
            device.name,
            device.kind.as_str(),
            device.station,
            device.created_by,
            device.created_at,
            device.last_seen_at,
            token_hash
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Device>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM devices WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The device whose token hashes to `token_hash`, if it is still paired.
pub fn by_token_hash(conn: &Connection, token_hash: &str) -> rusqlite::Result<Option<Device>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM devices WHERE token_hash = ?1"
    ))?
    .query_row([token_hash], from_row)
    .optional()
}

pub fn touch(conn: &Connection, id: Id, at: Timestamp) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE devices SET last_seen_at = ?2 WHERE id = ?1",
        params![id, at],
    )?;
    Ok(())
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Device>, u64)> {
    let query = ListQuery {
        table: "devices",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
