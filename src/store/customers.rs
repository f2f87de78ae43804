//! Row mapping of `customers`.

use super::paging::{ListQuery, PageRequest, SortFields, fetch_page};
use crate::domain::Id;
use crate::domain::customer::Customer;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str = "id, name, address, phone, discount, notes, created_at, updated_at, version";

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("name", "name"),
    ("address", "address"),
    ("phone", "phone"),
    ("discount", "discount"),
    ("notes", "notes"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

fn from_row(row: &Row<'_>) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: row.get(0)?,
        name: row.get(1)?,
        address: row.get(2)?,
        phone: row.get(3)?,
        discount: row.get(4)?,
        notes: row.get(5)?,
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        version: row.get(8)?,
    })
}

pub fn insert(conn: &Connection, c: &Customer) -> rusqlite::Result<()> {
    conn.execute(
        &format!("INSERT INTO customers ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
        params![
            c.id,
            c.name,
            c.address,
            c.phone,
            c.discount,
            c.notes,
            c.created_at,
            c.updated_at,
            c.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, c: &Customer) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE customers SET name = ?2, address = ?3, phone = ?4, discount = ?5, notes = ?6,
             updated_at = ?7, version = ?8
         WHERE id = ?1",
        params![
            c.id,
            c.name,
            c.address,
            c.phone,
            c.discount,
            c.notes,
            c.updated_at,
            c.version
        ],
    )?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Customer>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM customers WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

pub fn page(conn: &Connection, request: &PageRequest) -> rusqlite::Result<(Vec<Customer>, u64)> {
    let query = ListQuery {
        table: "customers",
        columns: COLUMNS,
        filter: "",
        params: [],
        sort_fields: SORT_FIELDS,
    };
    fetch_page(conn, &query, request, from_row)
}
