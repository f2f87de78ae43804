//! Row mapping of `printers`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::domain::Id;
use crate::domain::printer::Printer;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, kind, host, port, dpi, label_width_mm, label_height_mm, \
     station_id, print_on_release, sticker_template_id, font, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("kind", "kind"),
    ("host", "host"),
    ("station", "station_id"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Printer> {
    Ok(Printer {
        id: row.get(0)?,
        name: row.get(1)?,
        kind: row.get(2)?,
        host: row.get(3)?,
        port: row.get(4)?,
        dpi: row.get(5)?,
        label_width_mm: row.get(6)?,
        label_height_mm: row.get(7)?,
        station: row.get(8)?,
        print_on_release: row.get(9)?,
        sticker_template: row.get(10)?,
        font: row.get(11)?,
        created_at: row.get(12)?,
        updated_at: row.get(13)?,
        version: row.get(14)?,
    })
}

pub fn insert(conn: &Connection, printer: &Printer) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO printers ({COLUMNS})
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
        ),
        params![
            printer.id,
            printer.name,
            printer.kind,
            printer.host,
            printer.port,
            printer.dpi,
            printer.label_width_mm,
            printer.label_height_mm,
            printer.station,
            printer.print_on_release,
            printer.sticker_template,
            printer.font,
            printer.created_at,
            printer.updated_at,
            printer.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, printer: &Printer) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE printers SET name = ?2, kind = ?3, host = ?4, port = ?5, dpi = ?6,
             label_width_mm = ?7, label_height_mm = ?8, station_id = ?9, print_on_release = ?10,
             sticker_template_id = ?11, font = ?12, updated_at = ?13, version = ?14
         WHERE id = ?1",
        params![
            printer.id,
            printer.name,
            printer.kind,
            printer.host,
            printer.port,
            printer.dpi,
            printer.label_width_mm,
            printer.label_height_mm,
            printer.station,
            printer.print_on_release,
            printer.sticker_template,
            printer.font,
            printer.updated_at,
            printer.version
        ],
    )?;
    Ok(())
}

pub fn delete(conn: &Connection, id: Id) -> rusqlite::Result<bool> {
    Ok(conn.execute("DELETE FROM printers WHERE id = ?1", [id])? > 0)
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Printer>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM printers WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The id of the printer named `name`, if any.
pub fn id_by_name(conn: &Connection, name: &str) -> rusqlite::Result<Option<Id>> {
    conn.prepare_cached("SELECT id FROM printers WHERE name = ?1")?
        .query_row([name], |row| row.get(0))
        .optional()
}

/// The printers that print on release, oldest first.
pub fn printing_on_release(conn: &Connection) -> rusqlite::Result<Vec<Printer>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM printers WHERE print_on_release = 1 ORDER BY created_at, id"
    ))?
    .query_map([], from_row)?
    .collect()
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Printer>, u64)> {
    let query = ListQuery {
        table: "printers",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
