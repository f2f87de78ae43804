//! Auto-number counters (core.md §12): one atomic increment per allocation, inside the
//! caller's write transaction, so a rolled-back create burns no number.

use crate::domain::numbers::Counter;
use rusqlite::Connection;

/// Allocates the next number of `counter` and returns it formatted (`REQ-0001`).
pub fn next(conn: &Connection, counter: Counter) -> rusqlite::Result<String> {
    let seq: i64 = conn.query_row(
        "INSERT INTO counters (name, seq) VALUES (?1, 1)
         ON CONFLICT (name) DO UPDATE SET seq = seq + 1
         RETURNING seq",
        [counter.name()],
        |row| row.get(0),
    )?;
    Ok(counter.format(seq))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocations_are_consecutive_per_counter() {
        let conn = Connection::open_in_memory().expect("db");
        conn.execute_batch(
            "CREATE TABLE counters (name TEXT PRIMARY KEY NOT NULL, seq INTEGER NOT NULL)",
        )
        .expect("schema");
        assert_eq!(
            next(&conn, Counter::Request).ok().as_deref(),
            Some("REQ-0001")
        );
        assert_eq!(
            next(&conn, Counter::Request).ok().as_deref(),
            Some("REQ-0002")
        );
        assert_eq!(
            next(&conn, Counter::Withdrawal).ok().as_deref(),
            Some("WDW-0001")
        );
    }
}
