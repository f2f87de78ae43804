//! Row mapping of `stations`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::domain::Id;
use crate::domain::station::Station;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, template_id, color_id, status, is_laminate_station, \
     show_withdraw_claim_actions, notes, created_at, updated_at, version, kind";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("templateId", "template_id"),
    ("colorId", "color_id"),
    ("status", "status"),
    ("isLaminateStation", "is_laminate_station"),
    ("showWithdrawClaimActions", "show_withdraw_claim_actions"),
    ("notes", "notes"),
    ("kind", "kind"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Station> {
    Ok(Station {
        id: row.get(0)?,
        name: row.get(1)?,
        template_id: row.get(2)?,
        color_id: row.get(3)?,
        status: row.get(4)?,
        is_laminate_station: row.get(5)?,
        show_withdraw_claim_actions: row.get(6)?,
        notes: row.get(7)?,
        created_at: row.get(8)?,
        updated_at: row.get(9)?,
        version: row.get(10)?,
        kind: row.get(11)?,
    })
}

pub fn insert(conn: &Connection, station: &Station) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO stations ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
        ),
        params![
            station.id,
            station.name,
            station.template_id,
            station.color_id,
            station.status,
            station.is_laminate_station,
            station.show_withdraw_claim_actions,
            station.notes,
            station.created_at,
            station.updated_at,
            station.version,
            station.kind
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, station: &Station) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE stations SET name = ?2, template_id = ?3, color_id = ?4, status = ?5,
             is_laminate_station = ?6, show_withdraw_claim_actions = ?7, notes = ?8,
             updated_at = ?9, version = ?10, kind = ?11
         WHERE id = ?1",
        params![
            station.id,
            station.name,
            station.template_id,
            station.color_id,
            station.status,
            station.is_laminate_station,
            station.show_withdraw_claim_actions,
            station.notes,
            station.updated_at,
            station.version,
            station.kind
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Station>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM stations WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Station>, u64)> {
    let query = ListQuery {
        table: "stations",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}

/// Every station in the list's default order (`-createdAt`: newest first).
pub fn all(conn: &Connection) -> rusqlite::Result<Vec<Station>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM stations ORDER BY created_at DESC, id DESC"
    ))?
    .query_map([], from_row)?
    .collect()
}
