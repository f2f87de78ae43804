//! Row mapping of `claims`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::claim::Claim;
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};

const COLUMNS: &str = "id, claim_number, order_id, material_id, source, pane_id, description, defect_code, \
     defect_station, status, decision, reported_by, approved_by, remade_pane, photos, claim_date, created_at, \
     updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("claimNumber", "claim_number"),
    ("status", "status"),
    ("source", "source"),
    ("claimDate", "claim_date"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Claim> {
    Ok(Claim {
        id: row.get(0)?,
        claim_number: row.get(1)?,
        order: row.get(2)?,
        material: row.get(3)?,
        source: row.get(4)?,
        pane: row.get(5)?,
        description: row.get(6)?,
        defect_code: row.get(7)?,
        defect_station: row.get(8)?,
        status: row.get(9)?,
        decision: row.get(10)?,
        reported_by: row.get(11)?,
        approved_by: row.get(12)?,
        remade_pane: row.get(13)?,
        photos: from_json_text(14, &row.get::<_, String>(14)?)?,
        claim_date: row.get(15)?,
        created_at: row.get(16)?,
        updated_at: row.get(17)?,
        version: row.get(18)?,
    })
}

/// Inserts a new claim or rewrites an existing one.
pub fn save(conn: &Connection, c: &Claim) -> rusqlite::Result<()> {
    let updates: Vec<String> = COLUMNS
        .split(',')
        .map(str::trim)
        .filter(|column| *column != "id" && *column != "created_at")
        .map(|column| format!("{column} = excluded.{column}"))
        .collect();
    conn.prepare_cached(&format!(
        "INSERT INTO claims ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14,
             ?15, ?16, ?17, ?18, ?19) ON CONFLICT (id) DO UPDATE SET {}",
        updates.join(", ")
    ))?
    .execute(params![
        c.id,
        c.claim_number,
        c.order,
        c.material,
        c.source,
        c.pane,
        c.description,
        c.defect_code,
        c.defect_station,
        c.status,
        c.decision,
        c.reported_by,
        c.approved_by,
        c.remade_pane,
        to_json_text(&c.photos)?,
        c.claim_date,
        c.created_at,
        c.updated_at,
        c.version
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Claim>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM claims WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// One page of claims; only `reported_by`'s when given.
pub fn page(
    conn: &Connection,
    reported_by: Option<Id>,
    request: &PageRequest,
) -> rusqlite::Result<(Vec<Claim>, u64)> {
    let values: Vec<SqlValue> = reported_by
        .iter()
        .map(|id| SqlValue::Blob(id.as_bytes().to_vec()))
        .collect();
    let query = ListQuery {
        table: "claims",
        columns: COLUMNS,
        filter: if reported_by.is_some() {
            "reported_by = ?1"
        } else {
            ""
        },
        params: params_from_iter(values),
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
