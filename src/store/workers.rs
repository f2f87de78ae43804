//! Row mapping of `workers`. The password hash is read only by [`password_hash`].

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::domain::Id;
use crate::domain::worker::{NotificationPreferences, Sounds, Worker};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, username, position, role, notify_enabled, notify_volume, \
     sound_low, sound_medium, sound_high, sound_urgent, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("username", "username"),
    ("position", "position"),
    ("role", "role"),
    ("notificationPreferences.enabled", "notify_enabled"),
    ("notificationPreferences.volume", "notify_volume"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Worker> {
    Ok(Worker {
        id: row.get(0)?,
        name: row.get(1)?,
        username: row.get(2)?,
        position: row.get(3)?,
        role: row.get(4)?,
        notification_preferences: NotificationPreferences {
            enabled: row.get(5)?,
            volume: row.get(6)?,
            sounds: Sounds {
                low: row.get(7)?,
                medium: row.get(8)?,
                high: row.get(9)?,
                urgent: row.get(10)?,
            },
        },
        created_at: row.get(11)?,
        updated_at: row.get(12)?,
        version: row.get(13)?,
    })
}

pub fn insert(conn: &Connection, worker: &Worker, password_hash: &str) -> rusqlite::Result<()> {
    let prefs = &worker.notification_preferences;
    conn.execute(
        &format!("INSERT INTO workers ({COLUMNS}, password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"),
        params![
            worker.id,
            worker.name,
            worker.username,
            worker.position,
            worker.role,
            prefs.enabled,
            prefs.volume,
            prefs.sounds.low,
            prefs.sounds.medium,
            prefs.sounds.high,
            prefs.sounds.urgent,
            worker.created_at,
            worker.updated_at,
            worker.version,
            password_hash
        ],
    )?;
    Ok(())
}

/// Writes every field but the password.
pub fn update(conn: &Connection, worker: &Worker) -> rusqlite::Result<()> {
    let prefs = &worker.notification_preferences;
    conn.execute(
        "UPDATE workers SET name = ?2, username = ?3, position = ?4, role = ?5, notify_enabled = ?6,
             notify_volume = ?7, sound_low = ?8, sound_medium = ?9, sound_high = ?10, sound_urgent = ?11,
             updated_at = ?12, version = ?13
         WHERE id = ?1",
        params![
            worker.id,
            worker.name,
            worker.username,
            worker.position,
            worker.role,
            prefs.enabled,
            prefs.volume,
            prefs.sounds.low,
            prefs.sounds.medium,
            prefs.sounds.high,
            prefs.sounds.urgent,
            worker.updated_at,
            worker.version
        ],
    )?;
    Ok(())
}

pub fn set_password_hash(conn: &Connection, id: Id, password_hash: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE workers SET password_hash = ?2 WHERE id = ?1",
        params![id, password_hash],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Worker>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM workers WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The id of the worker holding `username` (already normalised), if any.
pub fn id_by_username(conn: &Connection, username: &str) -> rusqlite::Result<Option<Id>> {
    conn.prepare_cached("SELECT id FROM workers WHERE username = ?1")?
        .query_row([username], |row| row.get(0))
        .optional()
}

/// The worker and its password hash, for a login.
pub fn password_hash(
    conn: &Connection,
    username: &str,
) -> rusqlite::Result<Option<(Worker, String)>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS}, password_hash FROM workers WHERE username = ?1"
    ))?
    .query_row([username], |row| Ok((from_row(row)?, row.get(14)?)))
    .optional()
}

pub fn count(conn: &Connection) -> rusqlite::Result<u64> {
    let count: i64 = conn.query_row("SELECT count(*) FROM workers", [], |row| row.get(0))?;
    Ok(count.max(0) as u64)
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Worker>, u64)> {
    let query = ListQuery {
        table: "workers",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
