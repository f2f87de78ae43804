//! A small smoke of the socket fuzz of `scripts/fuzz` (issue 9): a few hundred garbage payloads
//! on every client event, with and without acks, through a real socket.io-client. The box must
//! keep the connection, answer every ack it was asked for, and still answer HTTP.

mod common;

use common::TestServer;
use serde_json::Value;
use std::process::Command;

#[tokio::test]
async fn garbage_on_every_socket_event_leaves_the_box_answering() {
    let server = TestServer::start().await;
    let token = server.admin_token().await;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/socket-client/fuzz.mjs");
    let base = server.base_url();
    // 10 rounds over the 33 events: 330 emits.
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .args([script, &base, &token, "10", "3"])
            .output()
            .expect("node runs the socket fuzz (npm ci --prefix tests/socket-client)")
    })
    .await
    .expect("the fuzz finishes");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|_| {
        panic!(
            "fuzz summary: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    assert!(output.status.success(), "socket fuzz failed: {summary}");
    assert!(summary["sent"].as_u64().unwrap_or(0) >= 300, "{summary}");
    assert!(summary["acked"].as_u64().unwrap_or(0) > 0, "{summary}");
    assert_eq!(summary["ackTimeouts"], 0, "{summary}");
    assert_eq!(summary["disconnects"], 0, "{summary}");
    assert_eq!(summary["aliveAfter"], true, "{summary}");

    let health = server
        .api
        .send(reqwest::Method::GET, "/api/health", None, None)
        .await;
    health.expect(200);
    server.stop().await;
}
