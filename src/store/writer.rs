//! The single writer: a dedicated thread owns the write connection and applies queued work in
//! group commits. Everything queued while a commit is in flight is applied in the next
//! transaction, each piece inside its own savepoint, then committed with one fsync. A caller
//! hears back only after that commit, so an answered request is durable
//! (`synchronous = FULL`), and a failing piece rolls back alone.

use crate::error::{AppError, AppResult};
use rusqlite::Connection;
use rusqlite::hooks::Action;
use std::ops::Deref;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, mpsc};
use tokio::sync::oneshot;

/// The write connection inside an open transaction. Only the writer hands these out.
pub struct WriteTx<'c> {
    conn: &'c Connection,
}

impl Deref for WriteTx<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

/// Runs one piece of work; returns whether it succeeded and how to answer once the batch's
/// fate (committed or not) is known.
type Job = Box<dyn FnOnce(&WriteTx<'_>) -> (bool, Reply) + Send>;
type Reply = Box<dyn FnOnce(Result<(), String>) + Send>;

/// Upper bound on pieces of work per transaction, so one commit stays short.
const MAX_BATCH: usize = 256;

#[derive(Clone)]
pub struct Writer {
    queue: mpsc::Sender<Job>,
    stats: Arc<WriterStats>,
    callers: Arc<CallerChanges>,
}

/// The tables an authenticated caller is loaded from: the worker row and its role.
const CALLER_TABLES: &[&str] = &["workers", "roles"];

/// Counts commits that changed a caller table, so a cache of callers can tell whether what it
/// holds is still what the database says. SQLite's update hook marks the transaction; the
/// count moves after the commit and before any writer of it hears back.
#[derive(Default)]
struct CallerChanges {
    touched: AtomicBool,
    generation: AtomicU64,
}

impl CallerChanges {
    fn settle(&self) {
        if self.touched.swap(false, Ordering::AcqRel) {
            self.generation.fetch_add(1, Ordering::AcqRel);
        }
    }
}

/// Counters that show group commit at work: pieces of work applied, and transactions used.
#[derive(Default)]
pub struct WriterStats {
    pub pieces: AtomicU64,
    pub commits: AtomicU64,
}

impl Writer {
    pub fn start(mut conn: Connection) -> AppResult<Writer> {
        let (queue, jobs) = mpsc::channel::<Job>();
        let stats = Arc::new(WriterStats::default());
        let callers = Arc::new(CallerChanges::default());
        let marks = Arc::clone(&callers);
        // Not called for WITHOUT ROWID tables; neither caller table is one.
        conn.update_hook(Some(move |_: Action, _: &str, table: &str, _: i64| {
            if CALLER_TABLES.contains(&table) {
                marks.touched.store(true, Ordering::Release);
            }
        }))?;
        let thread_stats = Arc::clone(&stats);
        let thread_callers = Arc::clone(&callers);
        std::thread::Builder::new()
            .name("sqlite-writer".to_owned())
            .spawn(move || run(conn, jobs, &thread_stats, &thread_callers))
            .map_err(AppError::internal)?;
        Ok(Writer {
            queue,
            stats,
            callers,
        })
    }

    /// Moves on every commit that changed a worker or a role; read it before loading a caller
    /// and keep the caller only while it has not moved.
    pub fn caller_generation(&self) -> u64 {
        self.callers.generation.load(Ordering::Acquire)
    }

    pub async fn submit<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&WriteTx<'_>) -> AppResult<T> + Send + 'static,
    {
        let (answer, answered) = oneshot::channel::<AppResult<T>>();
        let job: Job = Box::new(move |tx| {
            let result = work(tx);
            let succeeded = result.is_ok();
            let reply: Reply = Box::new(move |batch| {
                let result = match batch {
                    Ok(()) => result,
                    Err(reason) if succeeded => {
                        Err(AppError::internal(format!("commit failed: {reason}")))
                    }
                    Err(_) => result,
                };
                let _ = answer.send(result);
            });
            (succeeded, reply)
        });
        self.queue
            .send(job)
            .map_err(|_| AppError::internal("the database writer has stopped"))?;
        // A dropped sender means the work panicked or never ran; nothing of it was kept.
        answered
            .await
            .unwrap_or_else(|_| Err(AppError::internal("the write was not applied")))
    }

    /// (pieces of work applied, transactions committed or attempted) since start.
    pub fn stats(&self) -> (u64, u64) {
        (
            self.stats.pieces.load(Ordering::Relaxed),
            self.stats.commits.load(Ordering::Relaxed),
        )
    }
}

fn run(conn: Connection, jobs: mpsc::Receiver<Job>, stats: &WriterStats, callers: &CallerChanges) {
    while let Ok(first) = jobs.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        stats
            .pieces
            .fetch_add(batch.len() as u64, Ordering::Relaxed);
        stats.commits.fetch_add(1, Ordering::Relaxed);
        apply_batch(&conn, batch, callers);
    }
    tracing::debug!("database writer stopped");
}

/// A statement the writer runs for every piece of work, from the statement cache: parsing it
/// anew each time showed in the scan profile.
fn run_cached(conn: &Connection, sql: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(sql)?.execute([]).map(drop)
}

fn roll_back_piece(conn: &Connection) -> rusqlite::Result<()> {
    run_cached(conn, "ROLLBACK TO work")?;
    run_cached(conn, "RELEASE work")
}

fn apply_batch(conn: &Connection, batch: Vec<Job>, callers: &CallerChanges) {
    if let Err(e) = conn.execute_batch("BEGIN IMMEDIATE") {
        // Dropping the work unanswered makes each caller see a failed write.
        tracing::error!(error = %e, pieces = batch.len(), "cannot begin a write transaction");
        return;
    }
    let tx = WriteTx { conn };
    let mut replies: Vec<Reply> = Vec::with_capacity(batch.len());
    let mut aborted: Option<String> = None;
    for job in batch {
        if aborted.is_some() {
            drop(job);
            continue;
        }
        if let Err(e) = run_cached(conn, "SAVEPOINT work") {
            aborted = Some(e.to_string());
            continue;
        }
        match catch_unwind(AssertUnwindSafe(|| job(&tx))) {
            Ok((true, reply)) => {
                replies.push(reply);
                if let Err(e) = run_cached(conn, "RELEASE work") {
                    aborted = Some(e.to_string());
                }
            }
            Ok((false, reply)) => {
                replies.push(reply);
                if let Err(e) = roll_back_piece(conn) {
                    aborted = Some(e.to_string());
                }
            }
            Err(_) => {
                tracing::error!("a write panicked; rolled back");
                if let Err(e) = roll_back_piece(conn) {
                    aborted = Some(e.to_string());
                }
            }
        }
        // SQLite rolls the whole transaction back by itself on some errors (disk full, I/O).
        if aborted.is_none() && conn.is_autocommit() {
            aborted = Some("the transaction was rolled back by SQLite".to_owned());
        }
    }
    let outcome = match aborted {
        None => conn.execute_batch("COMMIT").map_err(|e| e.to_string()),
        Some(reason) => Err(reason),
    };
    if let Err(reason) = &outcome {
        tracing::error!(error = %reason, "write batch not committed");
        if !conn.is_autocommit() {
            let _ = conn.execute_batch("ROLLBACK");
        }
    }
    // Committed or rolled back, the count moves before anyone hears back (a rollback makes
    // the caches reload for nothing, which is harmless).
    callers.settle();
    for reply in replies {
        reply(outcome.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn writer() -> (tempfile::TempDir, Writer, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.db");
        let conn = Connection::open(&path).expect("open");
        conn.execute_batch("PRAGMA journal_mode=WAL; CREATE TABLE t (v INTEGER UNIQUE);")
            .expect("schema");
        (dir, Writer::start(conn).expect("start"), path)
    }

    fn count(path: &std::path::Path) -> i64 {
        let conn = Connection::open(path).expect("open");
        conn.query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .expect("count")
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writes_commit_and_failures_roll_back_alone() {
        let (_dir, writer, path) = writer();
        let mut tasks = Vec::new();
        for i in 0..200 {
            let writer = writer.clone();
            tasks.push(tokio::spawn(async move {
                writer
                    .submit(move |tx| {
                        tx.execute("INSERT INTO t (v) VALUES (?1)", [i % 150])?;
                        Ok(i)
                    })
                    .await
            }));
        }
        let mut ok = 0;
        let mut failed = 0;
        for task in tasks {
            match task.await.expect("join") {
                Ok(_) => ok += 1,
                Err(_) => failed += 1,
            }
        }
        assert_eq!((ok, failed), (150, 50));
        assert_eq!(count(&path), 150);
        let (pieces, commits) = writer.stats();
        assert_eq!(pieces, 200);
        assert!(
            commits < pieces,
            "queued writes share commits: {commits} commits for {pieces} writes"
        );
    }

    #[tokio::test]
    async fn commits_to_worker_or_role_tables_move_the_caller_generation_before_answering() {
        let (_dir, writer, _path) = writer();
        writer
            .submit(|tx| {
                tx.execute_batch(
                    "CREATE TABLE workers (name TEXT); CREATE TABLE roles (name TEXT);",
                )?;
                Ok(())
            })
            .await
            .expect("schema");
        let start = writer.caller_generation();
        writer
            .submit(|tx| Ok(tx.execute("INSERT INTO t (v) VALUES (1)", [])?))
            .await
            .expect("other table");
        assert_eq!(writer.caller_generation(), start, "other tables leave it");
        for sql in [
            "INSERT INTO workers (name) VALUES ('a')",
            "UPDATE workers SET name = 'b'",
            "INSERT INTO roles (name) VALUES ('r')",
            "DELETE FROM roles WHERE name = 'r'",
        ] {
            let before = writer.caller_generation();
            writer
                .submit(move |tx| Ok(tx.execute(sql, [])?))
                .await
                .expect(sql);
            // Already moved when the write is answered.
            assert!(writer.caller_generation() > before, "{sql}");
        }
    }

    #[tokio::test]
    async fn a_panicking_write_is_rolled_back_and_the_writer_survives() {
        let (_dir, writer, path) = writer();
        let result: AppResult<()> = writer
            .submit(|tx| {
                tx.execute("INSERT INTO t (v) VALUES (1)", [])?;
                panic!("boom");
            })
            .await;
        assert!(result.is_err());
        writer
            .submit(|tx| Ok(tx.execute("INSERT INTO t (v) VALUES (2)", [])?))
            .await
            .expect("next write");
        assert_eq!(count(&path), 1);
    }
}
