//! SQLite storage: one file, WAL, one writer thread with group commit, a pool of read-only
//! connections, embedded migrations, and the row mapping of each table.
//!
//! Nothing here knows HTTP. Only `ops` opens write transactions (through [`Db::write`]).

pub(crate) mod migrate;
mod readers;
mod writer;

pub mod cameras;
pub mod claims;
pub mod counters;
pub mod customers;
pub mod devices;
pub mod floor;
pub mod idempotency;
pub mod inventories;
pub mod job_types;
pub mod material_logs;
pub mod materials;
pub mod notifications;
pub mod orders;
pub mod paging;
pub mod pane_logs;
pub mod panes;
pub mod pricing;
pub mod printers;
pub mod production_logs;
pub mod requests;
pub mod roles;
pub mod sql;
pub mod station_templates;
pub mod stations;
pub mod sticker_templates;
pub mod withdrawals;
pub mod workers;

use crate::error::{AppError, AppResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

pub use migrate::SCHEMA_VERSION;
pub use readers::ReadPool;
pub use writer::{WriteTx, Writer};

/// The database: the single writer and the read pool, cheap to clone.
#[derive(Clone)]
pub struct Db {
    writer: Writer,
    readers: ReadPool,
    path: PathBuf,
}

/// Read connections kept open; reads beyond this wait for a free one.
const READ_CONNECTIONS: usize = 4;

impl Db {
    /// Opens (creating if needed) the database file, applies pending migrations and starts the
    /// writer thread. Blocking: call it before serving, or from `spawn_blocking`.
    pub fn open(path: &Path) -> AppResult<Db> {
        let mut conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        // WAL so readers never block the writer; FULL so a commit is on disk before we answer.
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(AppError::internal(format!(
                "cannot enable WAL (journal_mode = {mode})"
            )));
        }
        // temp_store = MEMORY: each piece of a group commit runs in its own savepoint, whose
        // sub-journal (the pages it changed, for a rollback of that piece alone) is otherwise a
        // temp file written through the kernel on every scan.
        conn.execute_batch(
            "PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA busy_timeout = 5000;
             PRAGMA temp_store = MEMORY;",
        )?;
        migrate::apply(&mut conn)?;
        let readers = ReadPool::open(path, READ_CONNECTIONS)?;
        let writer = Writer::start(conn)?;
        Ok(Db {
            writer,
            readers,
            path: path.to_owned(),
        })
    }

    /// Runs `work` inside the writer's transaction; resolves once the transaction is durable.
    /// If `work` fails, its changes are rolled back and nothing else in the batch is affected.
    pub async fn write<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&WriteTx<'_>) -> AppResult<T> + Send + 'static,
    {
        self.writer.submit(work).await
    }

    /// Runs `work` on a read-only connection off the async executor.
    pub async fn read<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        self.readers.run(work).await
    }

    /// Answers once a reader connection and the writer thread have both done a round-trip:
    /// the liveness check behind the systemd watchdog.
    pub async fn probe(&self) -> AppResult<()> {
        self.read(|conn| Ok(conn.query_row("SELECT 1", [], |_| Ok(()))?))
            .await?;
        self.write(|_| Ok(())).await
    }

    /// Waits until every write queued so far is committed (the writer's queue is first in,
    /// first out): the last step of a graceful stop.
    pub async fn drain(&self) {
        if let Err(error) = self.write(|_| Ok(())).await {
            tracing::warn!(%error, "the database writer did not drain");
        }
    }

    /// Moves on every commit that changed a worker or a role (see `ops::auth`'s caller cache).
    pub fn caller_generation(&self) -> u64 {
        self.writer.caller_generation()
    }

    /// (pieces of work applied, transactions) of the writer: group commit at work.
    pub fn writer_stats(&self) -> (u64, u64) {
        self.writer.stats()
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}
