//! Row mapping of `cameras` (the configured USB-camera QR stations).

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::camera::CameraConfig;
use crate::domain::Id;
use rusqlite::{Connection, OptionalExtension, Row, params};

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("device", "device"),
    ("station", "station_id"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

const COLUMNS: &str = "id, name, device, station_id, actor_id, enabled, created_at, updated_at";

fn from_row(row: &Row<'_>) -> rusqlite::Result<CameraConfig> {
    Ok(CameraConfig {
        id: row.get(0)?,
        name: row.get(1)?,
        device: row.get(2)?,
        station: row.get(3)?,
        actor: row.get(4)?,
        enabled: row.get::<_, i64>(5)? == 1,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
    })
}

/// Inserts or replaces the whole row.
pub fn save(conn: &Connection, camera: &CameraConfig) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT OR REPLACE INTO cameras ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
        ),
        params![
            camera.id,
            camera.name,
            camera.device,
            camera.station,
            camera.actor,
            i64::from(camera.enabled),
            camera.created_at,
            camera.updated_at
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<CameraConfig>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM cameras WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// Every camera, oldest first (a box has a handful).
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<CameraConfig>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM cameras ORDER BY created_at, id"
    ))?
    .query_map([], from_row)?
    .collect()
}

/// A page of cameras, as every list of the API is paged.
pub fn page(
    conn: &Connection,
    request: &PageRequest,
) -> rusqlite::Result<(Vec<CameraConfig>, u64)> {
    let query = ListQuery {
        table: "cameras",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}

/// Whether a row was deleted.
pub fn delete(conn: &Connection, id: Id) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM cameras WHERE id = ?1", [id])? > 0)
}
