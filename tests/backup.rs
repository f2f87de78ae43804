//! Backups against the real binary: `stdplus backup` while a server takes 1,000 scans,
//! `stdplus restore` into a fresh data dir and its refusals, the nightly copies and their
//! pruning, the copy taken before a migration, and what `/api/health` says about them.

mod common;

use common::production::{pane_log_ids, station_with_panes};
use common::{ADMIN_PASSWORD, Process, TestServer, keys};
use reqwest::Method;
use serde_json::json;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use stdplus::config::ServeArgs;

const PANES: usize = 250;
const ACTIONS: [&str; 4] = ["scan_in", "start", "complete", "scan_out"];

/// Runs the `stdplus` binary with `args` (off the async executor).
async fn stdplus(args: Vec<String>) -> Output {
    tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_stdplus"))
            .args(&args)
            .env_remove("STDPLUS_DATA_DIR")
            .output()
            .expect("run stdplus")
    })
    .await
    .expect("join")
}

fn text(path: &Path) -> String {
    path.to_str().expect("utf-8 path").to_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_during_1000_scans_restores_every_scan_acknowledged_before_it() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let process = Process::spawn(&data, &[("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD)]);
    let api = process.api.clone();
    let admin = api.token("admin", ADMIN_PASSWORD).await;
    let cutting = station_with_panes(&api, &admin, PANES).await;

    // 1,000 scans from 8 clients; each acknowledged scan's log id and when it was answered.
    let acknowledged: Arc<Mutex<Vec<(Instant, String)>>> = Arc::default();
    let mut scanning = Vec::new();
    for worker in 0..8 {
        let (api, admin, cutting, acknowledged) = (
            api.clone(),
            admin.clone(),
            cutting.clone(),
            Arc::clone(&acknowledged),
        );
        scanning.push(tokio::spawn(async move {
            for pane in (worker..PANES).step_by(8) {
                for action in ACTIONS {
                    let answer = api
                        .post(
                            &format!("/api/panes/PNE-{pane:04}/scan"),
                            &admin,
                            json!({"station": cutting, "action": action}),
                        )
                        .await;
                    answer.expect(200);
                    let log = answer.data()["log"]["_id"].as_str().expect("log id");
                    let at = Instant::now();
                    acknowledged
                        .lock()
                        .expect("lock")
                        .push((at, log.to_owned()));
                }
            }
        }));
    }
    while acknowledged.lock().expect("lock").len() < 300 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let copy = dir.path().join("copy.db");
    let started = Instant::now();
    let backup = stdplus(vec![
        "backup".into(),
        text(&copy),
        "--data-dir".into(),
        text(&data),
    ])
    .await;
    let done_at_backup_end = acknowledged.lock().expect("lock").len();
    assert!(backup.status.success(), "backup: {}", stderr(&backup));
    for task in scanning {
        task.await.expect("scans answered");
    }
    let all = acknowledged.lock().expect("lock").clone();
    assert_eq!(all.len(), PANES * ACTIONS.len(), "every scan answered 2xx");
    assert!(
        done_at_backup_end < all.len(),
        "the backup ran while scans were still being written ({done_at_backup_end} done)"
    );

    // Restore into a fresh data dir; the server keeps serving the original one.
    let fresh = dir.path().join("fresh");
    let restore = stdplus(vec![
        "restore".into(),
        text(&copy),
        "--data-dir".into(),
        text(&fresh),
    ])
    .await;
    assert!(restore.status.success(), "restore: {}", stderr(&restore));
    let (verdict, present) = pane_log_ids(&fresh.join("stdplus.db"));
    assert_eq!(verdict, "ok");
    let before: Vec<&String> = all
        .iter()
        .filter(|(at, _)| *at < started)
        .map(|(_, log)| log)
        .collect();
    assert!(
        before.len() >= 300,
        "{} scans before the backup",
        before.len()
    );
    let missing: Vec<_> = before
        .iter()
        .filter(|log| !present.contains(**log))
        .collect();
    assert!(
        missing.is_empty(),
        "acknowledged scans missing: {missing:?}"
    );
    drop(process);

    // The restored dir serves (the JWT secret is per data dir: log in again).
    let restored = Process::spawn(&fresh, &[]);
    restored.api.token("admin", ADMIN_PASSWORD).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restore_refuses_a_corrupt_file_a_newer_schema_and_a_served_data_dir() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let process = Process::spawn(&data, &[("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD)]);
    let good = dir.path().join("good.db");
    let backup = |force: bool| {
        let mut args = vec![
            "backup".to_owned(),
            text(&good),
            "--data-dir".into(),
            text(&data),
        ];
        if force {
            args.push("--force".into());
        }
        stdplus(args)
    };
    let first = backup(false).await;
    assert!(first.status.success(), "{}", stderr(&first));
    let again = backup(false).await;
    assert!(
        !again.status.success(),
        "an existing file is not overwritten"
    );
    assert!(
        stderr(&again).contains("already exists; pass --force"),
        "{}",
        stderr(&again)
    );
    let forced = backup(true).await;
    assert!(forced.status.success(), "{}", stderr(&forced));
    let no_db = stdplus(vec![
        "backup".into(),
        text(&dir.path().join("x.db")),
        "--data-dir".into(),
        text(&dir.path().join("nowhere")),
    ])
    .await;
    assert!(!no_db.status.success());
    assert!(
        stderr(&no_db).contains("no database at"),
        "{}",
        stderr(&no_db)
    );

    let restore = |file: PathBuf| {
        stdplus(vec![
            "restore".into(),
            text(&file),
            "--data-dir".into(),
            text(&data),
        ])
    };
    // A served data dir.
    let busy = restore(good.clone()).await;
    assert!(!busy.status.success());
    assert!(
        stderr(&busy).contains("a stdplus server is running"),
        "{}",
        stderr(&busy)
    );

    // Not a database; a database cut short.
    let garbage = dir.path().join("garbage.db");
    std::fs::write(&garbage, vec![0x5a; 8192]).expect("write");
    let refused = restore(garbage).await;
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("is not a usable backup"),
        "{}",
        stderr(&refused)
    );
    let bytes = std::fs::read(&good).expect("read");
    let truncated = dir.path().join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let refused = restore(truncated).await;
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("is not a usable backup"),
        "{}",
        stderr(&refused)
    );

    // A schema newer than this binary's.
    let newer = dir.path().join("newer.db");
    std::fs::copy(&good, &newer).expect("copy");
    rusqlite::Connection::open(&newer)
        .expect("open")
        .pragma_update(None, "user_version", stdplus::store::SCHEMA_VERSION + 1)
        .expect("bump");
    let refused = restore(newer).await;
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("newer than this binary's"),
        "{}",
        stderr(&refused)
    );

    // Stopped, the same restore goes through and keeps the old database aside.
    process.kill();
    let done = restore(good).await;
    assert!(done.status.success(), "{}", stderr(&done));
    let aside: Vec<String> = std::fs::read_dir(&data)
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".before-restore"))
        .collect();
    assert_eq!(aside.len(), 1, "the replaced database is kept: {aside:?}");
    assert!(!data.join("stdplus.db-shm").exists(), "no stale -shm");
    let restarted = Process::spawn(&data, &[]);
    restarted.api.token("admin", ADMIN_PASSWORD).await;
}

fn nightly(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|list| {
            list.filter_map(|e| e.ok()?.file_name().into_string().ok())
                .filter(|n| n.starts_with("nightly-") && n.ends_with(".db"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[tokio::test]
async fn the_nightly_backup_runs_keeps_only_n_and_shows_in_health() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let mut args = ServeArgs::for_data_dir(data.clone());
    args.admin_password = Some(ADMIN_PASSWORD.to_owned());
    args.backup_every = Some(Duration::from_millis(200));
    args.backup_keep = 2;
    let server = TestServer::start_with(dir, args).await;

    let health = server
        .api
        .send(Method::GET, "/api/health", None, None)
        .await;
    health.expect(200);
    assert_eq!(
        keys(health.data()),
        [
            "status",
            "uptime",
            "timestamp",
            "version",
            "revision",
            "database",
            "lastBackup"
        ]
    );
    assert!(
        health.data()["database"]["sizeBytes"]
            .as_u64()
            .expect("size")
            > 0
    );
    assert!(health.data()["database"]["walBytes"].as_u64().is_some());

    let backups = data.join("backups");
    let mut seen = HashSet::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while seen.len() < 5 {
        assert!(Instant::now() < deadline, "nightly backups ran: {seen:?}");
        seen.extend(nightly(&backups));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let kept = nightly(&backups);
    assert!(kept.len() <= 2, "only the newest 2 are kept: {kept:?}");
    let health = server
        .api
        .send(Method::GET, "/api/health", None, None)
        .await;
    let last = &health.data()["lastBackup"];
    assert_eq!(keys(last), ["at", "file", "sizeBytes"]);
    assert!(
        last["file"].as_str().expect("file").starts_with("nightly-"),
        "{last}"
    );
    assert!(last["sizeBytes"].as_u64().expect("size") > 0);
    assert!(last["at"].as_str().expect("at").ends_with('Z'));
    server.stop().await;
}

#[tokio::test]
async fn health_has_no_last_backup_before_the_first() {
    let server = TestServer::start().await;
    let health = server
        .api
        .send(Method::GET, "/api/health", None, None)
        .await;
    assert_eq!(health.data()["lastBackup"], serde_json::Value::Null);
}

/// A database as the previous release left it: every migration but the last.
fn database_one_migration_behind(db: &Path) -> u32 {
    let migrations = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&migrations)
        .expect("migrations")
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "sql"))
        .collect();
    files.sort();
    assert_eq!(files.len() as u32, stdplus::store::SCHEMA_VERSION);
    let previous = stdplus::store::SCHEMA_VERSION - 1;
    let conn = rusqlite::Connection::open(db).expect("open");
    conn.execute_batch("PRAGMA journal_mode = WAL")
        .expect("wal");
    for file in &files[..previous as usize] {
        conn.execute_batch(&std::fs::read_to_string(file).expect("read"))
            .expect("migration applies");
    }
    conn.pragma_update(None, "user_version", previous)
        .expect("version");
    previous
}

#[tokio::test]
async fn a_pending_migration_is_preceded_by_a_backup_of_the_old_database() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    std::fs::create_dir_all(&data).expect("mkdir");
    let previous = database_one_migration_behind(&data.join("stdplus.db"));
    let mut args = ServeArgs::for_data_dir(data.clone());
    args.admin_password = Some(ADMIN_PASSWORD.to_owned());
    let server = TestServer::start_with(dir, args.clone()).await;
    server.admin_token().await;
    let dir = server.stop().await;

    let backups: Vec<PathBuf> = std::fs::read_dir(data.join("backups"))
        .expect("backups dir")
        .filter_map(|e| Some(e.ok()?.path()))
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    let name = backups[0]
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name");
    assert!(
        name.starts_with(&format!("before-migration-v{previous}-")),
        "{name}"
    );
    let version: u32 = rusqlite::Connection::open(&backups[0])
        .expect("open")
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .expect("version");
    assert_eq!(
        version, previous,
        "the copy is the database before migrating"
    );

    // Up to date now: a restart takes no further copy.
    let server = TestServer::start_with(dir, args).await;
    let _dir = server.stop().await;
    assert_eq!(
        std::fs::read_dir(data.join("backups"))
            .expect("list")
            .count(),
        1
    );
}
