//! SIGTERM in the middle of a burst of scans, as `systemctl stop` or a reboot sends it: the box
//! finishes what it answers, exits 0, and after a restart every acknowledged scan is there.

mod common;

use common::production::{pane_log_ids, station_with_panes};
use common::{ADMIN_PASSWORD, Process};
use serde_json::json;
use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

const PANES: usize = 400;
const CLIENTS: usize = 16;
const ACTIONS: [&str; 4] = ["scan_in", "start", "complete", "scan_out"];

#[derive(Default)]
struct Tally {
    acknowledged: Mutex<Vec<String>>,
    answered_after_term: AtomicUsize,
    refused: AtomicUsize,
    server_errors: Mutex<Vec<String>>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_scan_acknowledged_before_a_sigterm_survives_the_restart() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let mut process = Process::spawn(&data, &[("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD)]);
    let api = process.api.clone();
    let admin = api.token("admin", ADMIN_PASSWORD).await;
    let cutting = station_with_panes(&api, &admin, PANES).await;

    // Scanning clients that keep going until the box stops answering.
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
    let tally = Arc::new(Tally::default());
    let terminated = Arc::new(AtomicBool::new(false));
    let mut scanning = Vec::new();
    for worker in 0..CLIENTS {
        let (client, base, admin, cutting) = (
            client.clone(),
            api.base.clone(),
            admin.clone(),
            cutting.clone(),
        );
        let (tally, terminated) = (Arc::clone(&tally), Arc::clone(&terminated));
        scanning.push(tokio::spawn(async move {
            for pane in (worker..PANES).step_by(CLIENTS) {
                for action in ACTIONS {
                    let sent = client
                        .post(format!("{base}/api/panes/PNE-{pane:04}/scan"))
                        .bearer_auth(&admin)
                        .json(&json!({"station": cutting, "action": action}))
                        .send()
                        .await;
                    let Ok(response) = sent else {
                        // Refused or reset: the box has stopped listening.
                        tally.refused.fetch_add(1, Ordering::Relaxed);
                        return;
                    };
                    let status = response.status();
                    let body: serde_json::Value = response.json().await.unwrap_or_default();
                    if terminated.load(Ordering::Relaxed) {
                        tally.answered_after_term.fetch_add(1, Ordering::Relaxed);
                    }
                    if status.is_server_error() {
                        let mut errors = tally.server_errors.lock().expect("lock");
                        errors.push(format!("{status} {body}"));
                        return;
                    }
                    assert_eq!(status, 200, "scan answered {status}: {body}");
                    let log = body["data"]["log"]["_id"].as_str().expect("log id");
                    tally
                        .acknowledged
                        .lock()
                        .expect("lock")
                        .push(log.to_owned());
                }
            }
        }));
    }
    while tally.acknowledged.lock().expect("lock").len() < 300 {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }

    terminated.store(true, Ordering::Relaxed);
    let status = tokio::task::spawn_blocking(move || {
        let status = process.terminate();
        (status, process.log_text())
    })
    .await
    .expect("join");
    let (status, log) = status;
    assert!(status.success(), "exit after SIGTERM: {status:?}\n{log}");
    assert!(log.contains("stopped"), "the box logs its stop:\n{log}");
    for task in scanning {
        task.await.expect("a scanning client panicked");
    }
    let server_errors = tally.server_errors.lock().expect("lock").clone();
    assert!(
        server_errors.is_empty(),
        "no scan failed with a server error during the stop: {server_errors:?}"
    );
    let acknowledged: HashSet<String> = tally
        .acknowledged
        .lock()
        .expect("lock")
        .iter()
        .cloned()
        .collect();
    let all_scans = PANES * ACTIONS.len();
    assert!(
        acknowledged.len() < all_scans,
        "the stop came in the middle of the burst ({} of {all_scans} answered)",
        acknowledged.len()
    );
    assert!(
        tally.refused.load(Ordering::Relaxed) > 0,
        "clients found the box gone"
    );

    // Restart on the same data: it starts, and every acknowledged scan is in the database.
    let restarted = Process::spawn(&data, &[]);
    let admin = restarted.api.token("admin", ADMIN_PASSWORD).await;
    let logs = restarted
        .api
        .get("/api/production-logs?limit=1", &admin)
        .await;
    logs.expect(200);
    restarted.kill();
    let (verdict, present) = pane_log_ids(&data.join("stdplus.db"));
    assert_eq!(verdict, "ok");
    let lost: Vec<_> = acknowledged.difference(&present).collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged scans lost after SIGTERM: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    eprintln!(
        "{} scans acknowledged, {} answered after SIGTERM, {} clients refused",
        acknowledged.len(),
        tally.answered_after_term.load(Ordering::Relaxed),
        tally.refused.load(Ordering::Relaxed)
    );
}
