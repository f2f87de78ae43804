//! Row mapping of `notifications`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::domain::Id;
use crate::domain::notification::Notification;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

const COLUMNS: &str = "id, recipient_id, type, title, message, reference_id, reference_type, \
     priority, read_status, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("recipient", "recipient_id"),
    ("type", "type"),
    ("title", "title"),
    ("message", "message"),
    ("referenceId", "reference_id"),
    ("referenceType", "reference_type"),
    ("priority", "priority"),
    ("readStatus", "read_status"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Notification> {
    Ok(Notification {
        id: row.get(0)?,
        recipient: row.get(1)?,
        kind: row.get(2)?,
        title: row.get(3)?,
        message: row.get(4)?,
        reference_id: row.get(5)?,
        reference_type: row.get(6)?,
        priority: row.get(7)?,
        read_status: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        version: row.get(11)?,
    })
}

pub fn insert(conn: &Connection, notification: &Notification) -> rusqlite::Result<()> {
    let n = notification;
    conn.execute(
        &format!(
            "INSERT INTO notifications ({COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        ),
        params![
            n.id,
            n.recipient,
            n.kind,
            n.title,
            n.message,
            n.reference_id,
            n.reference_type,
            n.priority,
            n.read_status,
            n.created_at,
            n.updated_at,
            n.version
        ],
    )?;
    Ok(())
}

/// Writes every field but the recipient, which never changes.
pub fn update(conn: &Connection, notification: &Notification) -> rusqlite::Result<()> {
    let n = notification;
    conn.execute(
        "UPDATE notifications SET type = ?2, title = ?3, message = ?4, reference_id = ?5,
             reference_type = ?6, priority = ?7, read_status = ?8, updated_at = ?9, version = ?10
         WHERE id = ?1",
        params![
            n.id,
            n.kind,
            n.title,
            n.message,
            n.reference_id,
            n.reference_type,
            n.priority,
            n.read_status,
            n.updated_at,
            n.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Notification>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM notifications WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()
}

/// A page of notifications: every one, or only those addressed to `recipient`.
pub fn page(
    conn: &Connection,
    request: &PageRequest,
    recipient: Option<Id>,
) -> rusqlite::Result<(Vec<Notification>, u64)> {
    let query = ListQuery {
        table: "notifications",
        columns: COLUMNS,
        filter: if recipient.is_some() {
            "recipient_id = ?1"
        } else {
            ""
        },
        params: params_from_iter(recipient),
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
