//! Backups of the one SQLite file: a consistent copy while the box serves, the nightly copies
//! in `<data dir>/backups/`, the copy taken before a migration, and restore.
//!
//! Copies use `VACUUM INTO` on a read-only connection of their own: it reads one snapshot (a
//! WAL read transaction, so the writer is never blocked and the copy is exactly the state of
//! one commit) and writes a compact, self-contained file with no `-wal` beside it. Measured
//! on an 87 MB database under a writer committing every 2 ms: 1.25 s, worst commit 28 ms,
//! against 1.19 s and 62 ms for the online backup API in one step; the backup API would also
//! need another rusqlite feature, and restarts when stepped incrementally under writes.

pub mod restore;
pub mod schedule;

use crate::domain::Timestamp;
use crate::error::{AppError, AppResult};
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Where the box keeps its own backups, inside the data dir.
pub const BACKUPS_DIR: &str = "backups";
/// Name prefix of the nightly copies (the only ones pruned).
pub const NIGHTLY_PREFIX: &str = "nightly-";
/// Name prefix of the copies taken before a migration (kept until removed by hand).
pub const MIGRATION_PREFIX: &str = "before-migration-";

/// A backup file, as `/api/health` reports the latest one.
#[derive(Clone, Debug, PartialEq)]
pub struct BackupInfo {
    pub at: Timestamp,
    pub file: String,
    pub size_bytes: u64,
}

/// Opens `path` read-only for a consistent copy; fails clearly when there is no database.
pub(crate) fn open_read_only(path: &Path) -> AppResult<Connection> {
    if !path.is_file() {
        return Err(AppError::NotFound(format!(
            "no database at {}",
            path.display()
        )));
    }
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    conn.busy_timeout(std::time::Duration::from_secs(10))?;
    Ok(conn)
}

/// Writes a consistent copy of the database `conn` reads into `target`: first under a hidden
/// temporary name beside it, synced, then renamed, so `target` is never half-written.
pub(crate) fn vacuum_into(conn: &Connection, target: &Path, overwrite: bool) -> AppResult<u64> {
    if !overwrite && target.exists() {
        return Err(AppError::Conflict(format!(
            "{} already exists; pass --force to overwrite it",
            target.display()
        )));
    }
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| AppError::BadRequest(format!("{} is not a file name", target.display())))?;
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_owned(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(AppError::NotFound(format!(
            "the directory {} does not exist",
            dir.display()
        )));
    }
    let temp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    let temp_text = temp
        .to_str()
        .ok_or_else(|| AppError::BadRequest(format!("{} is not a UTF-8 path", temp.display())))?;
    let _ = std::fs::remove_file(&temp);
    let written = (|| -> AppResult<u64> {
        conn.execute("VACUUM INTO ?1", [temp_text])?;
        let file = std::fs::File::open(&temp).map_err(AppError::internal)?;
        file.sync_all().map_err(AppError::internal)?;
        let size = file.metadata().map_err(AppError::internal)?.len();
        std::fs::rename(&temp, target).map_err(|e| {
            AppError::internal(format!("cannot rename to {}: {e}", target.display()))
        })?;
        sync_dir(&dir);
        Ok(size)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

/// Makes a rename durable; best effort (not every file system can sync a directory).
pub(crate) fn sync_dir(dir: &Path) {
    if let Ok(handle) = std::fs::File::open(dir) {
        let _ = handle.sync_all();
    }
}

/// `stdplus backup`: copies the database at `db` into `target` while a server may be serving.
pub fn backup_file(db: &Path, target: &Path, overwrite: bool) -> AppResult<u64> {
    let conn = open_read_only(db)?;
    let written = vacuum_into(&conn, target, overwrite);
    drop(conn);
    // Run as root beside a stopped box, SQLite may have created `-wal`/`-shm` owned by root,
    // which the service's user could then not open.
    for suffix in ["-wal", "-shm"] {
        let mut sidecar = db.as_os_str().to_owned();
        sidecar.push(suffix);
        match_owner(Path::new(&sidecar), db);
    }
    written
}

/// Gives `path` the owner of `reference` when they differ (only root can; best effort).
pub(crate) fn match_owner(path: &Path, reference: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(have), Ok(want)) = (std::fs::metadata(path), std::fs::metadata(reference))
            && (have.uid(), have.gid()) != (want.uid(), want.gid())
        {
            let _ = std::os::unix::fs::chown(path, Some(want.uid()), Some(want.gid()));
        }
    }
}

/// A copy into `dir` (created if missing) named `<prefix><local time>.db`.
pub fn backup_into_dir(db: &Path, dir: &Path, prefix: &str) -> AppResult<BackupInfo> {
    std::fs::create_dir_all(dir)
        .map_err(|e| AppError::internal(format!("cannot create {}: {e}", dir.display())))?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S%.3f");
    let file = format!("{prefix}{stamp}.db");
    let size_bytes = backup_file(db, &dir.join(&file), false)?;
    Ok(BackupInfo {
        at: Timestamp::now(),
        file,
        size_bytes,
    })
}

/// Removes the oldest nightly copies in `dir` beyond the newest `keep`; returns the removed.
pub fn prune(dir: &Path, keep: usize) -> AppResult<Vec<String>> {
    let mut nightly: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| AppError::internal(format!("cannot list {}: {e}", dir.display())))?
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with(NIGHTLY_PREFIX) && name.ends_with(".db"))
        .collect();
    // The local-time stamp in the name sorts as the time it was taken.
    nightly.sort();
    let excess = nightly.len().saturating_sub(keep);
    let removed: Vec<String> = nightly.into_iter().take(excess).collect();
    for name in &removed {
        std::fs::remove_file(dir.join(name))
            .map_err(|e| AppError::internal(format!("cannot remove {name}: {e}")))?;
    }
    Ok(removed)
}

/// The newest finished backup in `dir` (by modification time), if any.
pub fn latest(dir: &Path) -> Option<BackupInfo> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|entry| {
            let entry = entry.ok()?;
            let file = entry.file_name().into_string().ok()?;
            // Hidden names are copies still being written.
            if file.starts_with('.') || !file.ends_with(".db") {
                return None;
            }
            let meta = entry.metadata().ok()?;
            let modified = meta.modified().ok()?;
            let millis = modified
                .duration_since(std::time::UNIX_EPOCH)
                .ok()?
                .as_millis();
            Some(BackupInfo {
                at: Timestamp::from_millis(i64::try_from(millis).ok()?),
                file,
                size_bytes: meta.len(),
            })
        })
        .max_by_key(|info| info.at)
}

/// At start, before migrations: when the database exists and a migration is pending, keeps a
/// copy of it as it was in `<backups dir>/before-migration-v<N>-<time>.db`.
pub fn before_migration(db: &Path, backups: &Path) -> AppResult<Option<BackupInfo>> {
    if !db.is_file() {
        return Ok(None);
    }
    let version: u32 =
        open_read_only(db)?.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    if version == 0 || version >= crate::store::SCHEMA_VERSION {
        return Ok(None);
    }
    let prefix = format!("{MIGRATION_PREFIX}v{version}-");
    let info = backup_into_dir(db, backups, &prefix)?;
    tracing::info!(
        file = info.file,
        from = version,
        to = crate::store::SCHEMA_VERSION,
        "backed up the database before migrating it"
    );
    Ok(Some(info))
}
