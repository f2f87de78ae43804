//! Row mapping of `pricing_settings`, a table of at most one row (its `singleton` column is
//! unique and always 1).

use super::sql::{from_json_text, to_json_text};
use crate::domain::pricing::PricingSettings;
use rusqlite::{Connection, OptionalExtension, Row, params};

const COLUMNS: &str =
    "id, glass_prices, hole_price_each, notch_price, updated_by, created_at, updated_at, version";

fn from_row(row: &Row<'_>) -> rusqlite::Result<PricingSettings> {
    Ok(PricingSettings {
        id: row.get(0)?,
        glass_prices: from_json_text(1, &row.get::<_, String>(1)?)?,
        hole_price_each: row.get(2)?,
        notch_price: row.get(3)?,
        updated_by: row.get(4)?,
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
        version: row.get(7)?,
    })
}

pub fn get(conn: &Connection) -> rusqlite::Result<Option<PricingSettings>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM pricing_settings WHERE singleton = 1"
    ))?
    .query_row([], from_row)
    .optional()
}

pub fn insert(conn: &Connection, settings: &PricingSettings) -> rusqlite::Result<()> {
    conn.execute(
        &format!(
            "INSERT INTO pricing_settings ({COLUMNS}, singleton)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 1)"
        ),
        params![
            settings.id,
            to_json_text(&settings.glass_prices)?,
            settings.hole_price_each,
            settings.notch_price,
            settings.updated_by,
            settings.created_at,
            settings.updated_at,
            settings.version
        ],
    )?;
    Ok(())
}

pub fn update(conn: &Connection, settings: &PricingSettings) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE pricing_settings SET glass_prices = ?2, hole_price_each = ?3, notch_price = ?4,
             updated_by = ?5, updated_at = ?6, version = ?7
         WHERE id = ?1",
        params![
            settings.id,
            to_json_text(&settings.glass_prices)?,
            settings.hole_price_each,
            settings.notch_price,
            settings.updated_by,
            settings.updated_at,
            settings.version
        ],
    )?;
    Ok(())
}
