//! The end-to-end smoke test of a built `stdplus` binary: the life of a box from its first start
//! to a restart, all through the spawned process. `cargo test` runs it against the native binary;
//! `scripts/smoke-pi` runs it against the Raspberry Pi build under qemu-user
//! (`STDPLUS_TEST_BINARY` + `STDPLUS_TEST_RUNNER`, see tests/common).

mod common;

use common::floor::pane;
use common::production::{customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::id;
use common::{Process, stdplus_command};
use serde_json::json;
use std::path::Path;
use std::time::{Duration, Instant};

/// Scans at the first station then the second: (station index, action).
const WALK: [(usize, &str); 6] = [
    (0, "scan_in"),
    (0, "complete"),
    (0, "scan_out"),
    (1, "scan_in"),
    (1, "complete"),
    (1, "scan_out"),
];

fn pane_rows(db: &Path, pane_number: &str) -> (String, String, i64) {
    let conn = rusqlite::Connection::open(db).expect("open the backup");
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity_check");
    let status: String = conn
        .query_row(
            "SELECT current_status FROM panes WHERE pane_number = ?1",
            [pane_number],
            |row| row.get(0),
        )
        .expect("the pane is in the backup");
    let logs: i64 = conn
        .query_row("SELECT count(*) FROM pane_logs", [], |row| row.get(0))
        .expect("count pane logs");
    (verdict, status, logs)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_box_starts_scans_broadcasts_backs_up_stops_on_sigterm_and_restarts_with_its_data() {
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");

    // First start: no password configured, so the box makes one and keeps it in the data dir.
    let mut process = Process::spawn(&data, &[]);
    let password = std::fs::read_to_string(data.join("initial-admin-password"))
        .expect("the first start writes the admin password")
        .trim()
        .to_owned();
    assert!(password.len() >= 12, "a strong password: {password:?}");
    let api = process.api.clone();
    let admin = api.token("admin", &password).await;

    let customer = customer(&api, &admin, "Smoke Glass Co").await;
    let material = material_id(&api, &admin, "Clear 6 mm").await;
    let stations = [
        station(&api, &admin, "Cutting", false).await,
        station(&api, &admin, "Tempering", false).await,
    ];
    let order = id(&order(&api, &admin, &customer, &material, json!({})).await);
    let pane = pane(&api, &admin, Some(&order), &[&stations[0], &stations[1]]).await;

    // A real Socket.IO client in each station's room and one on the dashboard.
    let sockets = Sockets::start(&api.base).await;
    for (sock, join, args) in [
        ("cutting", "join-station", vec![json!(stations[0])]),
        ("tempering", "join-station", vec![json!(stations[1])]),
        ("dashboard", "join_dashboard", vec![]),
    ] {
        sockets.connect(sock, &admin).await;
        let joined = sockets.ack(sock, join, args).await;
        assert_eq!(joined["ok"], true, "{sock} joined: {joined}");
    }

    for (at, action) in WALK {
        let answer = api
            .post(
                &format!("/api/panes/{pane}/scan"),
                &admin,
                json!({"station": stations[at], "action": action}),
            )
            .await;
        answer.expect(200);
        let updated = sockets.expect_event("dashboard", "pane:updated").await;
        assert_eq!(updated[0]["action"], "scanned", "{action} at {at}");
    }
    let arrived = sockets
        .expect_event("tempering", "station:pane_arrived")
        .await;
    assert_eq!(arrived[0]["paneNumber"], json!(pane));
    assert_eq!(arrived[0]["fromStation"], json!(stations[0]));
    assert_eq!(arrived[0]["toStation"], json!(stations[1]));
    assert_eq!(
        sockets
            .count_after(
                "cutting",
                "station:pane_arrived",
                Duration::from_millis(300)
            )
            .await,
        0,
        "the arrival is announced only in the receiving station's room"
    );
    let finished = api.get(&format!("/api/orders/{order}"), &admin).await;
    finished.expect(200);
    assert_eq!(finished.data()["status"], "completed");

    // `stdplus backup` (the same binary, through the same runner) while the box serves.
    let copy = dir.path().join("smoke-backup.db");
    let backup = tokio::task::spawn_blocking({
        let (copy, data) = (copy.clone(), data.clone());
        move || {
            stdplus_command()
                .arg("backup")
                .arg(&copy)
                .arg("--data-dir")
                .arg(&data)
                .env_remove("STDPLUS_DATA_DIR")
                .output()
                .expect("run stdplus backup")
        }
    })
    .await
    .expect("join");
    assert!(
        backup.status.success(),
        "stdplus backup: {}",
        String::from_utf8_lossy(&backup.stderr)
    );
    let (verdict, status, logs) = pane_rows(&copy, &pane);
    assert_eq!(verdict, "ok");
    assert_eq!(status, "completed");
    assert_eq!(logs, WALK.len() as i64, "one pane log per scan");

    // SIGTERM, as systemd stops the unit: a clean shutdown with exit code 0.
    let exit = process.terminate();
    assert_eq!(exit.code(), Some(0), "exit after SIGTERM: {exit:?}");
    assert!(
        process.log_text().contains("shutting down"),
        "{}",
        process.log_text()
    );
    drop(process);

    // A restart sees everything and does not make a new admin password.
    let restarted = Process::spawn(&data, &[]);
    let admin = restarted.api.token("admin", &password).await;
    let again = restarted
        .api
        .get(&format!("/api/panes/{pane}"), &admin)
        .await;
    again.expect(200);
    assert_eq!(again.data()["currentStatus"], "completed");
    let order_again = restarted
        .api
        .get(&format!("/api/orders/{order}"), &admin)
        .await;
    assert_eq!(order_again.data()["status"], "completed");
    assert!(
        !restarted.log_text().contains("first start"),
        "{}",
        restarted.log_text()
    );
    eprintln!(
        "smoke: the whole flow took {:.1} s",
        started.elapsed().as_secs_f64()
    );
}
