//! The station floor's reads (station queue, production board). Each query is an index range
//! (`panes_station_arrival`, `pane_logs_station_done`, `pane_logs_created`, `orders_status`) plus
//! primary-key lookups, so they stay fast at a million panes (the tests below check the plans).

use super::sql::count;
use crate::domain::floor::{FloorOrder, StationCounts};
use crate::domain::{Id, Timestamp};
use rusqlite::{Connection, OptionalExtension, Row};

// Panes at work at a station are pending, in progress or awaiting scan-out (every other
// status clears the station).
const COUNTS: &str = "SELECT current_status, count(*), min(arrived_at) FROM panes
     WHERE current_station = ?1 AND current_status IN ('pending', 'in_progress', 'awaiting_scan_out')
     GROUP BY current_status";
const SLOTS: &str =
    "SELECT id, order_id, laminate_role, parent_pane, laminate_station, arrived_at FROM panes
     WHERE current_station = ?1 AND current_status IN ('pending', 'in_progress', 'awaiting_scan_out')
     ORDER BY created_at, id";
const DONE: &str = "SELECT count(DISTINCT l.pane_id) FROM pane_logs l
     WHERE l.station_id = ?1 AND l.created_at >= ?2
       AND (l.action IN ('scan_out', 'qc_pass')
            OR (l.action = 'laminate_complete' AND EXISTS
                (SELECT 1 FROM panes p WHERE p.id = l.pane_id AND p.laminate_role = 'sheet')))";
// CROSS JOIN keeps the recent logs as the way in: SQLite has no statistics and would otherwise
// walk every completed pane through panes_status_created.
const FINISHED: &str = "SELECT (l.created_at - ?1) / ?2 AS hour, count(*) FROM pane_logs l
     CROSS JOIN panes p ON p.id = l.pane_id
     WHERE l.created_at >= ?1 AND l.action IN ('scan_out', 'qc_pass')
       AND p.current_status = 'completed' AND p.completed_at = l.created_at
     GROUP BY hour";
const ORDER_COLUMNS: &str = "SELECT o.id, o.order_number, o.priority, r.deadline, c.name, o.notes, \
     o.pane_count, o.panes_completed, o.created_at FROM orders o \
     LEFT JOIN requests r ON r.id = o.request_id LEFT JOIN customers c ON c.id = o.customer_id";
const URGENT_WHERE: &str =
    "WHERE o.status IN ('pending', 'in_progress') AND (o.priority >= ?1 OR r.deadline <= ?2)";

/// The panes at `station` by status and the earliest arrival among them (`done_this_shift`
/// is left at 0 for [`done_since`]).
pub fn station_counts(conn: &Connection, station: Id) -> rusqlite::Result<StationCounts> {
    let mut counts = StationCounts::default();
    let mut statement = conn.prepare_cached(COUNTS)?;
    let rows = statement.query_map([station], |row| {
        Ok((
            row.get::<_, String>(0)?,
            count(row, 1)?,
            row.get::<_, Option<Timestamp>>(2)?,
        ))
    })?;
    for row in rows {
        let (status, count, oldest) = row?;
        match status.as_str() {
            "pending" => counts.incoming = count,
            "in_progress" => counts.in_progress = count,
            _ => counts.awaiting_scan_out = count,
        }
        counts.oldest_waiting_since = match (counts.oldest_waiting_since, oldest) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    Ok(counts)
}

/// Distinct panes that left `station` since `since`, as their logs record it: a hand-off
/// (`scan_out`, `qc_pass`), or a sheet retired into its survivor by a laminate merge (the
/// survivor itself leaves later with its own hand-off; the dormant parent was never there).
pub fn done_since(conn: &Connection, station: Id, since: Timestamp) -> rusqlite::Result<u64> {
    conn.prepare_cached(DONE)?
        .query_row(rusqlite::params![station, since], |row| count(row, 0))
}

/// One pane at a station, as much as the queue needs to group and order it.
#[derive(Clone, Debug, PartialEq)]
pub struct PaneSlot {
    pub id: Id,
    pub order: Option<Id>,
    pub laminate_role: String,
    pub parent_pane: Option<Id>,
    pub laminate_station: Option<Id>,
    pub arrived_at: Option<Timestamp>,
}

/// Every pane at work at `station`, in creation order.
pub fn station_slots(conn: &Connection, station: Id) -> rusqlite::Result<Vec<PaneSlot>> {
    conn.prepare_cached(SLOTS)?
        .query_map([station], |row| {
            Ok(PaneSlot {
                id: row.get(0)?,
                order: row.get(1)?,
                laminate_role: row.get(2)?,
                parent_pane: row.get(3)?,
                laminate_station: row.get(4)?,
                arrived_at: row.get(5)?,
            })
        })?
        .collect()
}

/// When a pane reached its current station.
pub fn arrived_at(conn: &Connection, pane: Id) -> rusqlite::Result<Option<Timestamp>> {
    Ok(conn
        .prepare_cached("SELECT arrived_at FROM panes WHERE id = ?1")?
        .query_row([pane], |row| row.get(0))
        .optional()?
        .flatten())
}

fn floor_order(row: &Row<'_>) -> rusqlite::Result<FloorOrder> {
    Ok(FloorOrder {
        id: row.get(0)?,
        order_number: row.get(1)?,
        priority: row.get(2)?,
        deadline: row.get(3)?,
        customer_name: row.get(4)?,
        notes: row.get(5)?,
        pane_count: row.get(6)?,
        panes_completed: row.get(7)?,
        created_at: row.get(8)?,
    })
}

/// An order with its request's deadline and its customer's name.
pub fn order(conn: &Connection, id: Id) -> rusqlite::Result<Option<FloorOrder>> {
    conn.prepare_cached(&format!("{ORDER_COLUMNS} WHERE o.id = ?1"))?
        .query_row([id], floor_order)
        .optional()
}

/// Open orders (pending or in progress) that are critical or a warning at `now`: priority of
/// at least `critical_priority`, or a deadline no later than `warn_until`.
pub fn urgent_candidates(
    conn: &Connection,
    critical_priority: f64,
    warn_until: Timestamp,
) -> rusqlite::Result<Vec<FloorOrder>> {
    conn.prepare_cached(&format!("{ORDER_COLUMNS} {URGENT_WHERE}"))?
        .query_map(
            rusqlite::params![critical_priority, warn_until],
            floor_order,
        )?
        .collect()
}

/// Panes that reached `completed` since `since`, counted per hour after it: (hour index,
/// count). A pane completes with the hand-off log stamped with its `completedAt`.
pub fn finished_per_hour(
    conn: &Connection,
    since: Timestamp,
    hour_ms: i64,
) -> rusqlite::Result<Vec<(i64, u64)>> {
    conn.prepare_cached(FINISHED)?
        .query_map(rusqlite::params![since, hour_ms], |row| {
            Ok((row.get(0)?, count(row, 1)?))
        })?
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().expect("dir");
        let mut conn = Connection::open(dir.path().join("t.db")).expect("open");
        crate::store::migrate::apply(&mut conn).expect("migrate");
        (dir, conn)
    }

    /// The plan of `sql` with every `?n` bound to NULL.
    fn plan(conn: &Connection, sql: &str) -> String {
        let sql = format!("EXPLAIN QUERY PLAN {sql}");
        let mut statement = conn.prepare(&sql).expect("prepare");
        let count = statement.parameter_count();
        let nulls = vec![rusqlite::types::Null; count];
        let rows = statement
            .query_map(rusqlite::params_from_iter(nulls), |row| {
                row.get::<_, String>(3)
            })
            .expect("plan");
        rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("\n")
    }

    /// Each floor query reads through an index, never a scan of panes, logs or orders.
    #[test]
    fn the_floor_queries_use_indexes() {
        let (_dir, conn) = db();
        let urgent = format!("{ORDER_COLUMNS} {URGENT_WHERE}");
        let cases = [
            (COUNTS, "USING COVERING INDEX panes_station_arrival"),
            (SLOTS, "USING INDEX panes_station_arrival"),
            (DONE, "USING COVERING INDEX pane_logs_station_done"),
            (urgent.as_str(), "USING INDEX orders_status"),
            (FINISHED, "USING INDEX pane_logs_created"),
        ];
        for (sql, index) in cases {
            let plan = plan(&conn, sql);
            assert!(plan.contains(index), "{sql}\n{plan}");
            assert!(
                !plan.lines().any(|line| line.starts_with("SCAN ")),
                "{sql}\nscans a table:\n{plan}"
            );
        }
    }
}
