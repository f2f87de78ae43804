//! Deducting and restoring stock (core.md §9.2) inside the caller's transaction. Every
//! withdrawal, its update and its delete go through here, and because all writes are applied
//! one transaction at a time by the single writer, concurrent withdrawals can never oversell.

use crate::domain::Id;
use crate::domain::json::js_display;
use crate::domain::stock::take_fifo;
use crate::error::{AppError, AppResult};
use crate::store::WriteTx;
use rusqlite::{OptionalExtension, params};

/// What a withdrawal takes: material, stock type, quantity, and optionally one record.
#[derive(Clone, Debug, PartialEq)]
pub struct StockTake {
    pub material: Id,
    pub stock_type: String,
    pub quantity: f64,
    pub inventory: Option<Id>,
}

fn add_to_record(tx: &WriteTx<'_>, record: Id, delta: f64, now: i64) -> AppResult<()> {
    tx.execute(
        "UPDATE inventories SET quantity = quantity + ?2, updated_at = ?3 WHERE id = ?1",
        params![record, delta, now],
    )?;
    Ok(())
}

/// Takes stock for a withdrawal, or fails with upstream's message and changes nothing.
pub fn deduct(tx: &WriteTx<'_>, take: &StockTake, now: i64) -> AppResult<()> {
    if let Some(record) = take.inventory {
        let found: Option<(Id, f64)> = tx
            .query_row(
                "SELECT material_id, quantity FROM inventories WHERE id = ?1",
                [record],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        let (material, held) = found
            .ok_or_else(|| AppError::NotFound("Specific inventory record not found".to_owned()))?;
        if material != take.material {
            return Err(AppError::BadRequest(
                "Material mismatch for the specified inventory".to_owned(),
            ));
        }
        if held < take.quantity {
            return Err(AppError::BadRequest(format!(
                "Insufficient stock in specified inventory. Available: {}, Requested: {}",
                js_display(held),
                js_display(take.quantity)
            )));
        }
        return add_to_record(tx, record, -take.quantity, now);
    }
    let mut statement = tx.prepare_cached(
        "SELECT id, quantity FROM inventories WHERE material_id = ?1 AND stock_type = ?2
         ORDER BY created_at, id",
    )?;
    let records = statement
        .query_map(params![take.material, take.stock_type], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })?
        .collect::<rusqlite::Result<Vec<(Id, f64)>>>()?;
    let takes = take_fifo(&records, take.quantity).map_err(|short| {
        AppError::BadRequest(format!(
            "Insufficient {} stock. Available: {}, Requested: {}",
            take.stock_type,
            js_display(short.available),
            js_display(take.quantity)
        ))
    })?;
    for (record, amount) in takes {
        add_to_record(tx, record, -amount, now)?;
    }
    Ok(())
}

/// Gives a withdrawal's stock back: to its own record when that still exists, else to the
/// oldest record of its material and stock type; dropped when there is none (as upstream).
/// Returns whether the stock went somewhere.
pub fn restore(tx: &WriteTx<'_>, take: &StockTake, now: i64) -> AppResult<bool> {
    let own = match take.inventory {
        Some(record) => tx
            .query_row(
                "SELECT id FROM inventories WHERE id = ?1",
                [record],
                |row| row.get(0),
            )
            .optional()?,
        None => None,
    };
    let target: Option<Id> = match own {
        Some(record) => Some(record),
        None => tx
            .prepare_cached(
                "SELECT id FROM inventories WHERE material_id = ?1 AND stock_type = ?2
                 ORDER BY created_at, id LIMIT 1",
            )?
            .query_row(params![take.material, take.stock_type], |row| row.get(0))
            .optional()?,
    };
    match target {
        Some(record) => {
            add_to_record(tx, record, take.quantity, now)?;
            Ok(true)
        }
        None => Ok(false),
    }
}

/// Restores the stock of the given withdrawals before they are deleted (the cascade hook).
/// Returns how many gave stock back.
pub fn restore_withdrawals(tx: &WriteTx<'_>, withdrawals: &[Id], now: i64) -> AppResult<usize> {
    let mut restored = 0;
    let mut statement = tx.prepare_cached(
        "SELECT material_id, stock_type, quantity, inventory_id FROM withdrawals WHERE id = ?1",
    )?;
    for id in withdrawals {
        let take = statement
            .query_row([id], |row| {
                Ok(StockTake {
                    material: row.get(0)?,
                    stock_type: row.get(1)?,
                    quantity: row.get(2)?,
                    inventory: row.get(3)?,
                })
            })
            .optional()?;
        if let Some(take) = take
            && restore(tx, &take, now)?
        {
            restored += 1;
        }
    }
    Ok(restored)
}
