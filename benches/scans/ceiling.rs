//! The two ceilings of the disk and the SQLite build the box uses (the lib's bundled rusqlite),
//! measured without HTTP: one pane-log-shaped row per transaction, committed one after another
//! from one connection in WAL mode.
//!
//! - fsync per commit: `synchronous = FULL`, so every COMMIT fsyncs the WAL. This is the naive
//!   durable design (what the box would do without group commit).
//! - no fsync per commit: `synchronous = NORMAL`. In WAL mode NORMAL does not sync on COMMIT,
//!   only when the WAL is checkpointed into the database, so commits cost only the SQL and the
//!   write() into the page cache, and the checkpoints' fsyncs are paid as they are by the box.
//!   That is the SQL ceiling: no commit discipline can beat it on this disk. (`OFF` would also
//!   skip the checkpoint fsyncs: a ceiling of nothing the box could ever run.)

use rusqlite::Connection;
use std::path::Path;
use std::time::{Duration, Instant};

#[derive(Clone, Copy, Debug)]
pub enum Sync {
    Full,
    Normal,
}

impl Sync {
    fn pragma(self) -> &'static str {
        match self {
            Sync::Full => "FULL",
            Sync::Normal => "NORMAL",
        }
    }
}

/// The columns of `pane_logs` (migrations/0002), its primary key and no secondary index.
const SCHEMA: &str = "CREATE TABLE pane_logs (
    id           BLOB PRIMARY KEY NOT NULL CHECK (length(id) = 12),
    pane_id      BLOB NOT NULL,
    order_id     BLOB,
    material_id  BLOB,
    worker_id    BLOB,
    station_id   BLOB NOT NULL,
    action       TEXT NOT NULL,
    reason       TEXT,
    description  TEXT NOT NULL DEFAULT '',
    completed_at INTEGER,
    created_at   INTEGER NOT NULL,
    updated_at   INTEGER NOT NULL,
    version      INTEGER NOT NULL DEFAULT 0
) STRICT;";

const INSERT: &str = "INSERT INTO pane_logs (id, pane_id, order_id, material_id, worker_id,
    station_id, action, completed_at, created_at, updated_at)
    VALUES (?1, ?2, ?3, ?3, ?3, ?3, 'scan_out', ?4, ?4, ?4)";

/// Commits per second: single-row transactions in `dir` for `duration` (at most `limit`).
pub fn commits_per_second(dir: &Path, sync: Sync, duration: Duration, limit: u64) -> f64 {
    let path = dir.join(format!("ceiling-{}.db", sync.pragma().to_lowercase()));
    let conn = Connection::open(&path).expect("open the ceiling database");
    let mode: String = conn
        .query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))
        .expect("journal_mode");
    assert!(mode.eq_ignore_ascii_case("wal"), "WAL is on: {mode}");
    conn.execute_batch(&format!("PRAGMA synchronous = {};", sync.pragma()))
        .expect("synchronous");
    conn.execute_batch(SCHEMA).expect("schema");
    let mut insert = conn.prepare(INSERT).expect("prepare");
    let mut commits: u64 = 0;
    let started = Instant::now();
    while commits < limit && started.elapsed() < duration {
        // Ids like ObjectIds: 4 bytes of time then a counter, so rows append like the box's.
        let mut id = [0u8; 12];
        id[..4].copy_from_slice(&(started.elapsed().as_secs() as u32).to_be_bytes());
        id[4..].copy_from_slice(&commits.to_be_bytes());
        let other = [7u8; 12];
        let now = 1_700_000_000_000_i64 + commits as i64;
        conn.execute_batch("BEGIN IMMEDIATE").expect("begin");
        insert
            .execute(rusqlite::params![&id[..], &other[..], &other[..], now])
            .expect("insert");
        conn.execute_batch("COMMIT").expect("commit");
        commits += 1;
    }
    let rate = commits as f64 / started.elapsed().as_secs_f64();
    drop(insert);
    drop(conn);
    for suffix in ["", "-wal", "-shm"] {
        let mut file = path.as_os_str().to_owned();
        file.push(suffix);
        let _ = std::fs::remove_file(file);
    }
    rate
}
