//! Row mapping of `requests`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::domain::Id;
use crate::domain::request::{Details, Request};
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, request_number, details_type, details_estimated_price, details_quantity, customer_id, \
     reference_id, deadline, delivery_location, assigned_to, expected_delivery_date, status, cancel_reason, \
     cancelled_by, deadline_change_reason, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("requestNumber", "request_number"),
    ("details.type", "details_type"),
    ("details.estimatedPrice", "details_estimated_price"),
    ("details.quantity", "details_quantity"),
    ("customer", "customer_id"),
    ("referenceId", "reference_id"),
    ("deadline", "deadline"),
    ("deliveryLocation", "delivery_location"),
    ("assignedTo", "assigned_to"),
    ("expectedDeliveryDate", "expected_delivery_date"),
    ("status", "status"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Request> {
    Ok(Request {
        id: row.get(0)?,
        request_number: row.get(1)?,
        details: Details {
            kind: row.get(2)?,
            estimated_price: row.get(3)?,
            quantity: row.get(4)?,
        },
        customer: row.get(5)?,
        reference_id: row.get(6)?,
        deadline: row.get(7)?,
        delivery_location: row.get(8)?,
        assigned_to: row.get(9)?,
        expected_delivery_date: row.get(10)?,
        status: row.get(11)?,
        cancel_reason: row.get(12)?,
        cancelled_by: row.get(13)?,
        deadline_change_reason: row.get(14)?,
        created_at: row.get(15)?,
        updated_at: row.get(16)?,
        version: row.get(17)?,
    })
}

/// Inserts a new request or rewrites an existing one.
pub fn save(conn: &Connection, r: &Request) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO requests ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)
         ON CONFLICT (id) DO UPDATE SET request_number = excluded.request_number, details_type = excluded.details_type,
             details_estimated_price = excluded.details_estimated_price, details_quantity = excluded.details_quantity,
             customer_id = excluded.customer_id, reference_id = excluded.reference_id, deadline = excluded.deadline,
             delivery_location = excluded.delivery_location, assigned_to = excluded.assigned_to,
             expected_delivery_date = excluded.expected_delivery_date, status = excluded.status,
             cancel_reason = excluded.cancel_reason, cancelled_by = excluded.cancelled_by,
             deadline_change_reason = excluded.deadline_change_reason, updated_at = excluded.updated_at,
             version = excluded.version"
    ))?
    .execute(params![
        r.id,
        r.request_number,
        r.details.kind,
        r.details.estimated_price,
        r.details.quantity,
        r.customer,
        r.reference_id,
        r.deadline,
        r.delivery_location,
        r.assigned_to,
        r.expected_delivery_date,
        r.status,
        r.cancel_reason,
        r.cancelled_by,
        r.deadline_change_reason,
        r.created_at,
        r.updated_at,
        r.version
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Request>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM requests WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Request>, u64)> {
    let query = ListQuery {
        table: "requests",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}

/// Cancels what was made for a request (core.md §8.3 step 7): its orders and its panes.
pub fn cancel_dependents(conn: &Connection, id: Id, now: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE orders SET status = 'cancelled', updated_at = ?2 WHERE request_id = ?1",
        params![id, now],
    )?;
    conn.execute(
        "UPDATE panes SET current_status = 'cancelled', current_station = NULL, updated_at = ?2 WHERE request_id = ?1",
        params![id, now],
    )?;
    Ok(())
}
