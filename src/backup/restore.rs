//! `stdplus restore <file>`: checks a backup, then puts it in place of the data dir's database
//! while no server holds the data dir. The database it replaces is kept beside it.

use super::{match_owner, open_read_only, sync_dir, vacuum_into};
use crate::app::DATABASE_FILE;
use crate::data_dir::DataDirLock;
use crate::error::{AppError, AppResult};
use crate::store::SCHEMA_VERSION;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// What a restore did.
#[derive(Debug)]
pub struct Restored {
    pub schema_version: u32,
    /// Where the replaced database went, when there was one.
    pub kept_aside: Option<PathBuf>,
}

/// Opens `source` and checks that it is a whole stdplus database this binary can serve.
pub fn check(source: &Path) -> AppResult<(Connection, u32)> {
    let unusable = |detail: String| {
        AppError::BadRequest(format!(
            "{} is not a usable backup: {detail}",
            source.display()
        ))
    };
    let conn = open_read_only(source)?;
    let verdict: Vec<String> = conn
        .prepare("PRAGMA integrity_check")
        .and_then(|mut statement| {
            statement
                .query_map([], |row| row.get::<_, String>(0))?
                .collect::<Result<_, _>>()
        })
        .map_err(|e| unusable(e.to_string()))?;
    if verdict != ["ok"] {
        let shown: Vec<&str> = verdict.iter().take(5).map(String::as_str).collect();
        return Err(unusable(format!(
            "integrity_check failed: {}",
            shown.join("; ")
        )));
    }
    let version: u32 = conn
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .map_err(|e| unusable(e.to_string()))?;
    if version == 0 {
        return Err(unusable("it holds no stdplus schema".to_owned()));
    }
    if version > SCHEMA_VERSION {
        return Err(unusable(format!(
            "its schema version {version} is newer than this binary's {SCHEMA_VERSION}; \
             restore it with a newer stdplus"
        )));
    }
    Ok((conn, version))
}

/// Checks `source`, then replaces `<data dir>/stdplus.db` with a copy of it. Refuses while a
/// server holds the data dir. The old database (and its `-wal`, which holds commits not yet
/// checkpointed) is renamed to `stdplus.db.<time>.before-restore`; its `-shm` is removed.
pub fn restore(data_dir: &Path, source: &Path) -> AppResult<Restored> {
    let (conn, schema_version) = check(source)?;
    std::fs::create_dir_all(data_dir)
        .map_err(|e| AppError::internal(format!("cannot create {}: {e}", data_dir.display())))?;
    let _lock = DataDirLock::acquire(data_dir)?;
    let db = data_dir.join(DATABASE_FILE);
    // A self-contained copy first, so a failure leaves the current database untouched.
    let incoming = data_dir.join(format!("{DATABASE_FILE}.restoring"));
    vacuum_into(&conn, &incoming, true)?;
    drop(conn);
    // Restored as root into a service's data dir: the service must still own its database.
    match_owner(&incoming, data_dir);

    let mut kept_aside = None;
    if db.exists() {
        let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
        let aside = data_dir.join(format!("{DATABASE_FILE}.{stamp}.before-restore"));
        move_file(&db, &aside)?;
        // Named so that SQLite finds the WAL when the kept copy is opened.
        let wal = sidecar(&db, "-wal");
        if wal.exists() {
            move_file(&wal, &sidecar(&aside, "-wal"))?;
        }
        kept_aside = Some(aside);
    }
    for stale in ["-wal", "-shm", "-journal"] {
        let path = sidecar(&db, stale);
        if path.exists() {
            std::fs::remove_file(&path).map_err(|e| {
                AppError::internal(format!("cannot remove {}: {e}", path.display()))
            })?;
        }
    }
    move_file(&incoming, &db)?;
    sync_dir(data_dir);
    Ok(Restored {
        schema_version,
        kept_aside,
    })
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn move_file(from: &Path, to: &Path) -> AppResult<()> {
    std::fs::rename(from, to).map_err(|e| {
        AppError::internal(format!(
            "cannot move {} to {}: {e}",
            from.display(),
            to.display()
        ))
    })
}
