//! The data dir's lock: a serving box holds an exclusive lock on `<data dir>/stdplus.lock` for
//! its whole life, so that a second server, or a restore, cannot touch the database under it.
//! The OS drops the lock when the process ends, even on SIGKILL: no stale lock files.

use crate::error::{AppError, AppResult};
use std::fs::{File, OpenOptions, TryLockError};
use std::path::Path;

pub const LOCK_FILE: &str = "stdplus.lock";

/// Held while the value lives.
#[derive(Debug)]
pub struct DataDirLock {
    _file: File,
}

impl DataDirLock {
    /// Takes the lock or fails at once (never waits) with a message naming the directory.
    pub fn acquire(dir: &Path) -> AppResult<DataDirLock> {
        let path = dir.join(LOCK_FILE);
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| AppError::internal(format!("cannot open {}: {e}", path.display())))?;
        match file.try_lock() {
            Ok(()) => Ok(DataDirLock { _file: file }),
            Err(TryLockError::WouldBlock) => Err(AppError::Conflict(format!(
                "a stdplus server is running on {} (it holds {LOCK_FILE}); stop it first",
                dir.display()
            ))),
            Err(TryLockError::Error(e)) => Err(AppError::internal(format!(
                "cannot lock {}: {e}",
                path.display()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_holder_is_refused_until_the_first_lets_go() {
        let dir = tempfile::tempdir().expect("dir");
        let first = DataDirLock::acquire(dir.path()).expect("first");
        let refused = DataDirLock::acquire(dir.path()).expect_err("second is refused");
        assert!(
            refused.to_string().contains("server is running"),
            "{refused}"
        );
        drop(first);
        DataDirLock::acquire(dir.path()).expect("free again");
    }
}
