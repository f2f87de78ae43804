//! `GET /api/health` (core.md §1.11), with the box's version, the database's size and the
//! latest backup added after upstream's fields.

use super::reply;
use crate::app::AppState;
use crate::backup;
use crate::domain::Timestamp;
use axum::extract::State;
use axum::response::Response;
use serde_json::{Value, json};
use std::path::Path;

pub async fn get(State(state): State<AppState>) -> Response {
    let db = state.core.db.path().to_owned();
    let backups = state.backups.clone();
    // A few stat calls and one directory listing: off the executor all the same.
    let (database, last_backup) =
        tokio::task::spawn_blocking(move || (database(&db), last_backup(&backups)))
            .await
            .unwrap_or((Value::Null, Value::Null));
    reply::ok(
        "Success",
        json!({
            "status": "healthy",
            "uptime": state.started.elapsed().as_secs(),
            "timestamp": Timestamp::now(),
            "version": crate::VERSION,
            "revision": crate::GIT_REVISION,
            "database": database,
            "lastBackup": last_backup,
        }),
    )
}

fn database(db: &Path) -> Value {
    let size = |path: &Path| std::fs::metadata(path).map_or(0, |meta| meta.len());
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    json!({"sizeBytes": size(db), "walBytes": size(Path::new(&wal))})
}

fn last_backup(dir: &Path) -> Value {
    match backup::latest(dir) {
        Some(info) => json!({"at": info.at, "file": info.file, "sizeBytes": info.size_bytes}),
        None => Value::Null,
    }
}
