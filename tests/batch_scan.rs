//! `POST /api/panes/batch-scan` (production.md §4.9) against the real server: all or nothing
//! in one transaction, events only after success, upstream's messages, and idempotent retries.

mod common;

use common::TestServer;
use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{SETTLE, id};
use serde_json::json;

#[tokio::test]
async fn batch_scans_are_all_or_nothing() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let order = order(api, &admin, &customer, &material, json!({})).await;
    for (number, status) in [
        ("PNE-B1", "pending"),
        ("PNE-B2", "pending"),
        ("PNE-DONE", "completed"),
    ] {
        api.post(
            "/api/panes",
            &admin,
            json!({"paneNumber": number, "order": id(&order), "routing": [a, b], "currentStation": a,
                   "currentStatus": status}),
        )
        .await
        .expect(201);
    }
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join) in [
        ("dashboard", "join_dashboard"),
        ("log", "join_log"),
        ("inventory", "join_inventory"),
    ] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, join, vec![]).await;
    }

    // One bad pane: nothing changes and nothing is announced.
    let refused = api
        .post(
            "/api/panes/batch-scan",
            &admin,
            json!({"paneNumbers": ["pne-b1", "PNE-DONE"], "station": b, "action": "scan_in"}),
        )
        .await;
    refused.expect(400);
    assert_eq!(refused.message(), "Pane PNE-DONE is already completed");
    assert_eq!(count(&server, "SELECT count(*) FROM pane_logs").await, 0);
    let b1 = api.get("/api/panes/PNE-B1", &admin).await;
    assert_eq!(b1.data()["currentStatus"], "pending");
    assert_eq!(b1.data()["currentStation"]["_id"], json!(a));
    let stored = api
        .get(&format!("/api/orders/{}", id(&order)), &admin)
        .await;
    assert_eq!(
        stored.data()["status"],
        "pending",
        "the order flip rolled back too"
    );
    for name in ["pane:updated", "order:updated"] {
        assert_eq!(
            sockets.count_after("dashboard", name, SETTLE).await,
            0,
            "{name}"
        );
    }

    let wrong = api
        .post(
            "/api/panes/batch-scan",
            &admin,
            json!({"paneNumbers": ["PNE-B1"], "station": b, "action": "complete"}),
        )
        .await;
    wrong.expect(400);
    assert_eq!(
        wrong.message(),
        format!("Pane PNE-B1 is at station {a}, cannot complete at {b}")
    );
    let none = api
        .post(
            "/api/panes/batch-scan",
            &admin,
            json!({"paneNumbers": ["PNE-NOPE"], "station": b, "action": "start"}),
        )
        .await;
    none.expect(400);
    assert_eq!(none.message(), "No valid panes found for the given numbers");
    for body in [
        json!({"paneNumbers": ["PNE-B1"], "station": b, "action": "scan_out"}),
        json!({"paneNumbers": [], "station": b, "action": "start"}),
    ] {
        let invalid = api.post("/api/panes/batch-scan", &admin, body).await;
        invalid.expect(400);
        assert_eq!(invalid.message(), "Validation failed");
    }

    let body = json!({"paneNumbers": ["pne-b2", "PNE-NOPE", "PNE-B1", "PNE-B2"], "station": b, "action": "start"});
    let scanned = api
        .post_keyed("/api/panes/batch-scan", &admin, "batch-1", body.clone())
        .await;
    scanned.expect(200);
    assert_eq!(scanned.data()["updatedCount"], 2);
    let numbers: Vec<_> = scanned.data()["panes"]
        .as_array()
        .expect("panes")
        .iter()
        .map(|p| p["paneNumber"].clone())
        .collect();
    assert_eq!(
        numbers,
        [json!("PNE-B2"), json!("PNE-B1")],
        "in input order"
    );
    assert!(
        scanned.data()["panes"][0]["startedAt"].is_string(),
        "batch start stamps startedAt"
    );
    assert_eq!(
        scanned.data()["panes"][0]["currentStation"]["_id"],
        json!(b)
    );
    let flipped = sockets.expect_event("dashboard", "order:updated").await;
    assert_eq!(flipped[0]["data"]["status"], "in_progress");
    for number in ["PNE-B2", "PNE-B1"] {
        let event = sockets.expect_event("dashboard", "pane:updated").await;
        assert_eq!(event[0]["action"], "scanned");
        assert_eq!(event[0]["data"]["paneNumber"], number);
        let log = sockets.expect_event("log", "log:updated").await;
        assert_eq!(log[0]["data"]["paneLog"]["action"], "start");
    }
    assert_eq!(
        sockets
            .count_after("inventory", "pane:updated", SETTLE)
            .await,
        0
    );

    let retry = api
        .post_keyed("/api/panes/batch-scan", &admin, "batch-1", body)
        .await;
    retry.expect(200);
    assert_eq!(retry.body, scanned.body);
    assert_eq!(
        retry
            .headers
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(count(&server, "SELECT count(*) FROM pane_logs").await, 2);
    assert_eq!(
        sockets
            .count_after("dashboard", "pane:updated", SETTLE)
            .await,
        0
    );
    server.stop().await;
}
