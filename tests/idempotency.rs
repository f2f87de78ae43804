//! `Idempotency-Key` on the scan endpoint against the real server: a retry within 24 hours gets
//! the first answer (status, body, `Idempotent-Replayed: true`) and changes nothing; the same
//! key with another request is a 422; keys belong to their caller.

mod common;

use common::TestServer;
use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{SETTLE, id};
use serde_json::json;

#[tokio::test]
async fn a_retried_scan_replays_the_first_answer_and_changes_nothing() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"status": "in_progress"}),
    )
    .await;
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-K", "order": id(&order), "routing": [a, b], "currentStation": a,
               "currentStatus": "awaiting_scan_out"}),
    )
    .await
    .expect(201);
    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("dashboard", &admin).await;
    sockets.ack("dashboard", "join_dashboard", vec![]).await;

    let body = json!({"station": a, "action": "scan_out"});
    let first = api
        .post_keyed("/api/panes/PNE-K/scan", &admin, "tap-1", body.clone())
        .await;
    first.expect(200);
    assert!(first.headers.get("idempotent-replayed").is_none());
    assert_eq!(first.data()["nextStation"], json!(b));
    sockets.expect_event("dashboard", "pane:updated").await;

    let retry = api
        .post_keyed("/api/panes/PNE-K/scan", &admin, "tap-1", body.clone())
        .await;
    retry.expect(200);
    assert_eq!(retry.body, first.body, "the first answer, byte for byte");
    assert_eq!(
        retry
            .headers
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    assert_eq!(
        sockets
            .count_after("dashboard", "pane:updated", SETTLE)
            .await,
        0
    );
    assert_eq!(
        sockets
            .count_after("dashboard", "order:updated", SETTLE)
            .await,
        1
    );
    assert_eq!(count(&server, "SELECT count(*) FROM pane_logs").await, 1);
    let stored = api
        .get(&format!("/api/orders/{}", id(&order)), &admin)
        .await;
    assert_eq!(stored.data()["stationBreakdown"], json!({ b.clone(): 1 }));

    // The same key for another request: refused, nothing runs.
    let other = api
        .post_keyed(
            "/api/panes/PNE-K/scan",
            &admin,
            "tap-1",
            json!({"station": b, "action": "scan_in"}),
        )
        .await;
    other.expect(422);
    assert_eq!(other.body["success"], false);
    assert_eq!(count(&server, "SELECT count(*) FROM pane_logs").await, 1);

    // A refusal is an answer too: replayed as it was, even after the pane could pass.
    let early = json!({"station": b, "action": "scan_out"});
    let refused = api
        .post_keyed("/api/panes/PNE-K/scan", &admin, "tap-2", early.clone())
        .await;
    refused.expect(400);
    api.post(
        "/api/panes/PNE-K/scan",
        &admin,
        json!({"station": b, "action": "complete"}),
    )
    .await
    .expect(200);
    let replayed = api
        .post_keyed("/api/panes/PNE-K/scan", &admin, "tap-2", early)
        .await;
    replayed.expect(400);
    assert_eq!(replayed.body, refused.body);
    assert_eq!(
        replayed
            .headers
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );

    // Keys belong to their caller: another worker's "tap-1" is a fresh request.
    let floor = api
        .user_with(&admin, "floor", &[&format!("station:enter:{b}")])
        .await;
    let theirs = api
        .post_keyed(
            "/api/panes/PNE-K/scan",
            &floor,
            "tap-1",
            json!({"station": b, "action": "start"}),
        )
        .await;
    theirs.expect(200);
    assert!(theirs.headers.get("idempotent-replayed").is_none());
    assert_eq!(
        count(&server, "SELECT count(*) FROM idempotency_keys").await,
        3
    );
    server.stop().await;
}

#[tokio::test]
async fn parallel_retries_with_one_key_run_the_scan_once() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let a = station(api, &admin, "A", false).await;
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-R", "routing": [a], "currentStation": a}),
    )
    .await
    .expect(201);
    let tasks: Vec<_> = (0..10)
        .map(|_| {
            let (api, admin, a) = (api.clone(), admin.clone(), a.clone());
            tokio::spawn(async move {
                api.post_keyed(
                    "/api/panes/PNE-R/scan",
                    &admin,
                    "same-tap",
                    json!({"station": a, "action": "scan_in"}),
                )
                .await
            })
        })
        .collect();
    let mut bodies = Vec::new();
    let mut replayed = 0;
    for task in tasks {
        let answer = task.await.expect("task");
        answer.expect(200);
        replayed += usize::from(answer.headers.get("idempotent-replayed").is_some());
        bodies.push(answer.body);
    }
    assert_eq!(replayed, 9, "one ran, nine were replayed");
    assert!(bodies.iter().all(|b| *b == bodies[0]));
    assert_eq!(count(&server, "SELECT count(*) FROM pane_logs").await, 1);
    server.stop().await;
}
