//! Row mapping of `idempotency_keys`: the stored first answer of a keyed request.

use crate::domain::Id;
use rusqlite::{Connection, OptionalExtension, params};

/// A stored answer: the request it answered (method, path and body), its status and body.
#[derive(Clone, Debug, PartialEq)]
pub struct StoredAnswer {
    pub request: String,
    pub status: u16,
    pub response: String,
}

/// The answer stored for `key` by `worker` since `since` (ms), if any.
pub fn find(
    conn: &Connection,
    worker: Id,
    key: &str,
    since: i64,
) -> rusqlite::Result<Option<StoredAnswer>> {
    conn.prepare_cached(
        "SELECT request, status, response FROM idempotency_keys
         WHERE worker_id = ?1 AND key = ?2 AND created_at >= ?3",
    )?
    .query_row(params![worker, key, since], |row| {
        Ok(StoredAnswer {
            request: row.get(0)?,
            status: row.get(1)?,
            response: row.get(2)?,
        })
    })
    .optional()
}

/// Stores an answer, replacing an expired one under the same key, and drops expired keys.
pub fn store(
    conn: &Connection,
    worker: Id,
    key: &str,
    answer: &StoredAnswer,
    now: i64,
    expired_before: i64,
) -> rusqlite::Result<()> {
    conn.prepare_cached("DELETE FROM idempotency_keys WHERE created_at < ?1")?
        .execute([expired_before])?;
    conn.prepare_cached(
        "INSERT INTO idempotency_keys (worker_id, key, request, status, response, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT (worker_id, key) DO UPDATE SET request = excluded.request,
             status = excluded.status, response = excluded.response, created_at = excluded.created_at",
    )?
    .execute(params![
        worker,
        key,
        answer.request,
        answer.status,
        answer.response,
        now
    ])?;
    Ok(())
}
