//! Row mapping of `panes`. Value objects and id lists are JSON columns.

use super::paging::{SortFields, SortKey, order_by};
use super::sql::{from_json_text, to_json_text};
use crate::domain::Id;
use crate::domain::pane::{Pane, PaneSpec};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use std::sync::LazyLock;

const COLUMNS: &str = "id, pane_number, qr_code, order_id, request_id, withdrawal_id, remake_of, material_id, \
     inventory_id, current_station, current_status, merged_into, laminate_merged_at, routing, custom_routing, \
     dimensions, job_type, glass_type, glass_type_label, corner_spec, dimension_tolerance, raw_glass, holes, \
     notches, processes, edge_tasks, laminate_role, parent_pane, child_panes, sheet_label, laminate_station, \
     started_at, completed_at, delivered_at, created_at, updated_at, version";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Pane> {
    let json = |index: usize| -> rusqlite::Result<String> { row.get(index) };
    Ok(Pane {
        id: row.get(0)?,
        pane_number: row.get(1)?,
        qr_code: row.get(2)?,
        order: row.get(3)?,
        request: row.get(4)?,
        withdrawal: row.get(5)?,
        remake_of: row.get(6)?,
        material: row.get(7)?,
        inventory: row.get(8)?,
        current_station: row.get(9)?,
        current_status: row.get(10)?,
        merged_into: row.get(11)?,
        laminate_merged_at: row.get(12)?,
        routing: from_json_text(13, &json(13)?)?,
        spec: PaneSpec {
            custom_routing: row.get(14)?,
            dimensions: from_json_text(15, &json(15)?)?,
            job_type: row.get(16)?,
            glass_type: row.get(17)?,
            glass_type_label: row.get(18)?,
            corner_spec: row.get(19)?,
            dimension_tolerance: row.get(20)?,
            raw_glass: from_json_text(21, &json(21)?)?,
            holes: from_json_text(22, &json(22)?)?,
            notches: from_json_text(23, &json(23)?)?,
            processes: from_json_text(24, &json(24)?)?,
            edge_tasks: from_json_text(25, &json(25)?)?,
        },
        laminate_role: row.get(26)?,
        parent_pane: row.get(27)?,
        child_panes: from_json_text(28, &json(28)?)?,
        sheet_label: row.get(29)?,
        laminate_station: row.get(30)?,
        started_at: row.get(31)?,
        completed_at: row.get(32)?,
        delivered_at: row.get(33)?,
        created_at: row.get(34)?,
        updated_at: row.get(35)?,
        version: row.get(36)?,
    })
}

/// The upsert of [`save`], written once: it is the statement cache's key on every scan.
static SAVE_SQL: LazyLock<String> = LazyLock::new(|| {
    let placeholders: Vec<String> = (1..=38).map(|i| format!("?{i}")).collect();
    let mut updates: Vec<String> = COLUMNS
        .split(',')
        .map(str::trim)
        .filter(|column| *column != "id" && *column != "created_at")
        .map(|column| format!("{column} = excluded.{column}"))
        .collect();
    // SET expressions read the stored row, so `current_station` here is the old station.
    updates.insert(
        0,
        "arrived_at = CASE WHEN excluded.current_station IS current_station \
         THEN arrived_at ELSE excluded.arrived_at END"
            .to_owned(),
    );
    format!(
        "INSERT INTO panes ({COLUMNS}, arrived_at) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {}",
        placeholders.join(", "),
        updates.join(", ")
    )
});

/// Inserts a new pane, or rewrites every column of an existing one (`INSERT OR REPLACE` would
/// delete the row first and trip foreign keys, so this is an upsert on the id).
///
/// `arrived_at` (when the pane reached its current station, for the floor's queues) is kept
/// here, so every path that moves a pane keeps it right: a new pane arrives when it is made, a
/// stored one when it is saved with another station; otherwise it stays.
pub fn save(conn: &Connection, pane: &Pane) -> rusqlite::Result<()> {
    let spec = &pane.spec;
    conn.prepare_cached(&SAVE_SQL)?.execute(params![
        pane.id,
        pane.pane_number,
        pane.qr_code,
        pane.order,
        pane.request,
        pane.withdrawal,
        pane.remake_of,
        pane.material,
        pane.inventory,
        pane.current_station,
        pane.current_status,
        pane.merged_into,
        pane.laminate_merged_at,
        to_json_text(&pane.routing)?,
        spec.custom_routing,
        to_json_text(&spec.dimensions)?,
        spec.job_type,
        spec.glass_type,
        spec.glass_type_label,
        spec.corner_spec,
        spec.dimension_tolerance,
        to_json_text(&spec.raw_glass)?,
        to_json_text(&spec.holes)?,
        to_json_text(&spec.notches)?,
        to_json_text(&spec.processes)?,
        to_json_text(&spec.edge_tasks)?,
        pane.laminate_role,
        pane.parent_pane,
        to_json_text(&pane.child_panes)?,
        pane.sheet_label,
        pane.laminate_station,
        pane.started_at,
        pane.completed_at,
        pane.delivered_at,
        pane.created_at,
        pane.updated_at,
        pane.version,
        pane.current_station.map(|_| pane.updated_at),
    ])?;
    Ok(())
}

pub fn get(conn: &Connection, id: Id) -> rusqlite::Result<Option<Pane>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM panes WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// The pane with this number (stored upper-case).
pub fn by_number(conn: &Connection, pane_number: &str) -> rusqlite::Result<Option<Pane>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM panes WHERE pane_number = ?1"
    ))?
    .query_row([pane_number], from_row)
    .optional()
}

pub const SORT_FIELDS: SortFields = &[
    ("_id", "id"),
    ("paneNumber", "pane_number"),
    ("currentStatus", "current_status"),
    ("laminateRole", "laminate_role"),
    ("sheetLabel", "sheet_label"),
    ("startedAt", "started_at"),
    ("completedAt", "completed_at"),
    ("createdAt", "created_at"),
    ("updatedAt", "updated_at"),
];

/// One condition of the pane list (production.md §3.7).
#[derive(Clone, Debug, PartialEq)]
pub enum PaneCondition {
    Order(Id),
    Request(Id),
    Material(Id),
    Station(Option<Id>),
    Status(String),
    StatusNot(String),
    LaminateRole(String),
    ParentPane(Id),
    Withdrawn(bool),
    /// A malformed id in the query: nothing matches.
    Nothing,
}

/// The panes matching every condition, sorted, at most `limit`.
pub fn list(
    conn: &Connection,
    conditions: &[PaneCondition],
    sort: &[SortKey],
    limit: u64,
) -> rusqlite::Result<Vec<Pane>> {
    let (sql, values) = list_sql(conditions, sort, limit);
    conn.prepare(&sql)?
        .query_map(params_from_iter(values), from_row)?
        .collect()
}

/// The query of [`list`] and its parameters.
fn list_sql(conditions: &[PaneCondition], sort: &[SortKey], limit: u64) -> (String, Vec<SqlValue>) {
    let mut clauses = Vec::new();
    let mut values: Vec<SqlValue> = Vec::new();
    let blob = |id: &Id| SqlValue::Blob(id.as_bytes().to_vec());
    // With an indexed reference among the conditions (a few dozen panes), that index is the
    // way in; `+` keeps SQLite (which has no statistics) from walking the status index
    // instead, which for `completed` is nearly every pane.
    let narrow = conditions.iter().any(|c| {
        matches!(
            c,
            PaneCondition::Order(_)
                | PaneCondition::Request(_)
                | PaneCondition::Station(Some(_))
                | PaneCondition::ParentPane(_)
        )
    });
    let status = if narrow {
        "+current_status = ?"
    } else {
        "current_status = ?"
    };
    for condition in conditions {
        let (clause, value) = match condition {
            PaneCondition::Order(id) => ("order_id = ?", Some(blob(id))),
            PaneCondition::Request(id) => ("request_id = ?", Some(blob(id))),
            PaneCondition::Material(id) => ("material_id = ?", Some(blob(id))),
            PaneCondition::Station(Some(id)) => ("current_station = ?", Some(blob(id))),
            PaneCondition::Station(None) => ("current_station IS NULL", None),
            PaneCondition::Status(s) => (status, Some(SqlValue::Text(s.clone()))),
            PaneCondition::StatusNot(s) => ("current_status <> ?", Some(SqlValue::Text(s.clone()))),
            PaneCondition::LaminateRole(s) => {
                ("laminate_role = ?", Some(SqlValue::Text(s.clone())))
            }
            PaneCondition::ParentPane(id) => ("parent_pane = ?", Some(blob(id))),
            PaneCondition::Withdrawn(true) => ("withdrawal_id IS NOT NULL", None),
            PaneCondition::Withdrawn(false) => ("withdrawal_id IS NULL", None),
            PaneCondition::Nothing => ("0", None),
        };
        clauses.push(clause);
        values.extend(value);
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    let sql = format!(
        "SELECT {COLUMNS} FROM panes {filter} {} LIMIT {limit}",
        order_by(SORT_FIELDS, sort, "id")
    );
    (sql, values)
}

/// (order, request, how many pending panes).
pub type PendingCount = (Option<Id>, Option<Id>, i64);

/// Pending panes at `station` grouped by (order, request) (§3.9).
pub fn pending_counts(conn: &Connection, station: Id) -> rusqlite::Result<Vec<PendingCount>> {
    conn.prepare_cached(
        "SELECT order_id, request_id, count(*) FROM panes
         WHERE current_station = ?1 AND current_status = 'pending' GROUP BY order_id, request_id",
    )?
    .query_map([station], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?
    .collect()
}

/// How many pieces `order` has: its panes that are not sheets (a laminate group counts once,
/// by its parent and later its survivor) and are at work or completed (not retired, defected,
/// claimed or cancelled).
pub fn pieces_of_order(conn: &Connection, order: Id) -> rusqlite::Result<u64> {
    conn.prepare_cached(
        "SELECT count(*) FROM panes WHERE order_id = ?1 AND laminate_role <> 'sheet'
         AND current_status IN ('pending', 'in_progress', 'awaiting_scan_out', 'completed')",
    )?
    .query_row([order], |row| super::sql::count(row, 0))
}

/// The single panes of `order` that are pending and were never scanned, oldest first.
pub fn unstarted_of_order(conn: &Connection, order: Id) -> rusqlite::Result<Vec<Pane>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM panes WHERE order_id = ?1 AND laminate_role = 'single'
         AND +current_status = 'pending' AND started_at IS NULL
         AND NOT EXISTS (SELECT 1 FROM pane_logs l WHERE l.pane_id = panes.id)
         ORDER BY created_at, id"
    ))?
    .query_map([order], from_row)?
    .collect()
}

/// Every pane of `order`, oldest first (its labels, in the order they were made).
pub fn of_order(conn: &Connection, order: Id) -> rusqlite::Result<Vec<Pane>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM panes WHERE order_id = ?1 ORDER BY created_at, id"
    ))?
    .query_map([order], from_row)?
    .collect()
}

/// The sheets (and remake sheets) of a laminate parent, in database order.
pub fn children(conn: &Connection, parent: Id) -> rusqlite::Result<Vec<Pane>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM panes WHERE parent_pane = ?1 ORDER BY created_at, id"
    ))?
    .query_map([parent], from_row)?
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Timestamp;
    use crate::domain::pane::{Dimensions, LaminateSplit, make_laminate_group};

    fn db() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().expect("dir");
        let mut conn = Connection::open(dir.path().join("t.db")).expect("open");
        conn.execute_batch("PRAGMA foreign_keys = ON").expect("fk");
        crate::store::migrate::apply(&mut conn).expect("migrate");
        (dir, conn)
    }

    #[test]
    fn panes_round_trip_through_their_row() {
        let (_dir, conn) = db();
        let now = Timestamp::now();
        let mut parent = Pane::new(
            "PNE-0001".into(),
            PaneSpec {
                dimensions: Dimensions::new(2.0, 3.0, 6.0),
                ..Default::default()
            },
            now,
        );
        let split = LaminateSplit {
            laminate_station: Id::new(),
            sheet_routing: vec![Id::new()],
            parent_routing: vec![],
        };
        let sheets = make_laminate_group(&mut parent, &split, 2, now);
        save(&conn, &parent).expect("save parent");
        for sheet in &sheets {
            save(&conn, sheet).expect("save sheet");
        }
        assert_eq!(get(&conn, parent.id).expect("get"), Some(parent.clone()));
        assert_eq!(
            by_number(&conn, "PNE-0001-B").expect("by number"),
            Some(sheets[1].clone())
        );

        parent.current_status = "merged_into".into();
        save(&conn, &parent).expect("update");
        assert_eq!(
            get(&conn, parent.id)
                .expect("get")
                .map(|p| p.current_status),
            Some("merged_into".into())
        );
    }

    /// The plan of the list query for `conditions`, newest first as the office asks.
    fn list_plan(conn: &Connection, conditions: &[PaneCondition]) -> String {
        let newest = [SortKey {
            field: "createdAt".into(),
            descending: true,
        }];
        let (sql, values) = list_sql(conditions, &newest, 200);
        let mut statement = conn
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .expect("prepare");
        let rows = statement
            .query_map(params_from_iter(values), |row| row.get::<_, String>(3))
            .expect("plan");
        rows.map(|r| r.expect("row")).collect::<Vec<_>>().join("\n")
    }

    /// A status filter reads its status's index range newest first (no walk of every pane
    /// looking for a rare status, no sort); the default page walks the creation index.
    #[test]
    fn the_pane_list_by_status_reads_an_index_range_in_order() {
        let (_dir, conn) = db();
        let by_status = list_plan(&conn, &[PaneCondition::Status("defected".into())]);
        assert!(
            by_status.contains("USING INDEX panes_status_created (current_status=?)"),
            "{by_status}"
        );
        assert!(!by_status.contains("TEMP B-TREE"), "{by_status}");
        // With an order, its index is the way in, whatever the status.
        let order = Id::new();
        for status in ["completed", "pending"] {
            let conditions = [
                PaneCondition::Order(order),
                PaneCondition::Status(status.into()),
            ];
            let by_order = list_plan(&conn, &conditions);
            assert!(by_order.contains("panes_order (order_id=?)"), "{by_order}");
        }
        let station = [
            PaneCondition::Station(Some(order)),
            PaneCondition::Status("pending".into()),
        ];
        let by_station = list_plan(&conn, &station);
        assert!(by_station.contains("panes_station_arrival"), "{by_station}");
        let default = list_plan(&conn, &[PaneCondition::StatusNot("merged_into".into())]);
        assert!(default.contains("USING INDEX panes_created"), "{default}");
        assert!(!default.contains("TEMP B-TREE"), "{default}");
    }
}
