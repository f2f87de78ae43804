//! A small pool of read-only connections. Every read runs on tokio's blocking pool, never on
//! the async executor's threads.

use crate::error::{AppError, AppResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct ReadPool {
    inner: Arc<Inner>,
}

struct Inner {
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
}

impl ReadPool {
    pub fn open(path: &Path, size: usize) -> AppResult<ReadPool> {
        let mut connections = Vec::with_capacity(size);
        for _ in 0..size {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            conn.execute_batch("PRAGMA busy_timeout = 5000; PRAGMA query_only = ON;")?;
            connections.push(conn);
        }
        Ok(ReadPool {
            inner: Arc::new(Inner {
                idle: Mutex::new(connections),
                permits: Semaphore::new(size),
            }),
        })
    }

    pub async fn run<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> AppResult<T> + Send + 'static,
    {
        let _permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(AppError::internal)?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let conn = inner.idle.lock().map_err(AppError::internal)?.pop();
            let conn = conn.ok_or_else(|| AppError::internal("read pool is empty"))?;
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&conn)));
            if let Ok(mut idle) = inner.idle.lock() {
                idle.push(conn);
            }
            result.unwrap_or_else(|_| Err(AppError::internal("a read panicked")))
        })
        .await
        .map_err(AppError::internal)?
    }
}
