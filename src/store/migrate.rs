//! Embedded, numbered migrations (`migrations/NNNN_name.sql`), applied in order at start, each
//! in its own transaction, recorded in `PRAGMA user_version`.

use crate::error::{AppError, AppResult};
use rusqlite::Connection;

include!(concat!(env!("OUT_DIR"), "/migrations.rs"));

/// The schema version this binary writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

pub fn apply(conn: &mut Connection) -> AppResult<()> {
    let current: u32 = conn.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if current > SCHEMA_VERSION {
        return Err(AppError::internal(format!(
            "the database has schema version {current}, newer than this binary's {SCHEMA_VERSION}; \
             run a newer stdplus or restore a backup"
        )));
    }
    for (number, name, sql) in MIGRATIONS.iter().filter(|(number, _, _)| *number > current) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)
            .map_err(|e| AppError::internal(format!("migration {name} failed: {e}")))?;
        tx.pragma_update(None, "user_version", number)?;
        tx.commit()?;
        tracing::info!(migration = name, "applied migration");
    }
    Ok(())
}
