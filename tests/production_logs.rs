//! Production logs (production.md §5.6) and pane logs (§5.7) against the real server: CRUD
//! with references, nulls on update, events and rooms; the pane-log list with its filters and
//! aliases; a material's timeline.

mod common;

use common::TestServer;
use common::production::{customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, id, me};
use serde_json::{Value, json};

#[tokio::test]
async fn production_logs_are_plain_crud_with_events() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let order = order(api, &admin, &customer, &material, json!({})).await;
    let pane = api
        .post("/api/panes", &admin, json!({"paneNumber": "PNE-L"}))
        .await;
    pane.expect(201);
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join) in [("production", "join_production"), ("log", "join_log")] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, join, vec![]).await;
    }

    let body = json!({"pane": id(pane.data()), "order": id(&order), "station": cut, "action": "rework",
                      "operator": admin_id, "status": "rework", "durationMs": 1500,
                      "qcResults": [{"label": "edges", "passed": true}]});
    let refused = api
        .post(
            "/api/production-logs",
            &admin,
            json!({"pane": MISSING, "order": id(&order), "station": cut, "action": "start"}),
        )
        .await;
    refused.expect(400);
    assert_eq!(refused.message(), "Pane not found");
    let invalid = api
        .post(
            "/api/production-logs",
            &admin,
            json!({"pane": id(pane.data())}),
        )
        .await;
    invalid.expect(400);

    let created = api.post("/api/production-logs", &admin, body).await;
    created.expect(201);
    assert_eq!(created.message(), "Production log created");
    let log = created.data().clone();
    assert_eq!(log["pane"]["paneNumber"], "PNE-L");
    assert_eq!(log["order"]["orderNumber"], "ORD-0001");
    assert_eq!(log["operator"]["username"], "admin");
    assert_eq!(log["station"], json!({"_id": cut, "name": "Cutting"}));
    assert_eq!(
        log["qcResults"],
        json!([{"label": "edges", "passed": true, "note": ""}])
    );
    assert_eq!(log["durationMs"], 1500);
    let event = sockets
        .expect_event("production", "production-log:updated")
        .await;
    assert_eq!(event[0]["action"], "created");
    assert_eq!(
        sockets
            .count_after("log", "production-log:updated", SETTLE)
            .await,
        0
    );

    let path = format!("/api/production-logs/{}", id(&log));
    let updated = api
        .patch(
            &path,
            &admin,
            json!({"status": null, "durationMs": null, "action": "qc_pass"}),
        )
        .await;
    updated.expect(200);
    assert_eq!(updated.message(), "Production log updated");
    assert_eq!(updated.data()["status"], Value::Null);
    assert_eq!(updated.data()["durationMs"], Value::Null);
    assert_eq!(updated.data()["action"], "qc_pass");
    sockets
        .expect_event("production", "production-log:updated")
        .await;

    let listed = api.get("/api/production-logs", &admin).await;
    assert_eq!(listed.body["pagination"]["total"], 1);
    api.get(&path, &admin).await.expect(200);
    let deleted = api.delete(&path, &admin).await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Production log deleted");
    let event = sockets
        .expect_event("production", "production-log:updated")
        .await;
    assert_eq!(event[0]["action"], "deleted");
    api.get(&path, &admin).await.expect(404);
    let bulk = api
        .delete_with("/api/production-logs", &admin, json!({"ids": [MISSING]}))
        .await;
    bulk.expect(200);
    assert_eq!(bulk.message(), "Production logs deleted");
    assert_eq!(bulk.data()["deletedCount"], 0);
    server.stop().await;
}

#[tokio::test]
async fn pane_logs_list_and_a_materials_timeline() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let order = order(api, &admin, &customer, &material, json!({})).await;
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-T", "order": id(&order), "routing": [a, b], "currentStation": a,
               "glassTypeLabel": "Clear 6"}),
    )
    .await
    .expect(201);
    api.post(
        "/api/material-logs",
        &admin,
        json!({"material": material, "actionType": "import", "quantityChanged": 5, "order": id(&order)}),
    )
    .await
    .expect(201);
    for action in ["scan_in", "complete", "scan_out"] {
        api.post(
            "/api/panes/PNE-T/scan",
            &admin,
            json!({"station": a, "action": action}),
        )
        .await
        .expect(200);
    }

    let listed = api.get("/api/pane-logs", &admin).await;
    listed.expect(200);
    assert!(listed.body.get("pagination").is_none());
    let rows = listed.data().as_array().expect("rows").clone();
    let actions: Vec<_> = rows.iter().map(|r| r["action"].clone()).collect();
    assert_eq!(
        actions,
        [json!("scan_out"), json!("complete"), json!("scan_in")],
        "newest first"
    );
    assert_eq!(rows[0]["pane"]["paneNumber"], "PNE-T");
    assert_eq!(rows[0]["pane"]["glassTypeLabel"], "Clear 6");
    assert_eq!(rows[0]["paneId"], rows[0]["pane"]);
    assert_eq!(rows[0]["orderId"], order["_id"]);
    assert_eq!(rows[0]["station"], json!({"_id": a, "name": "A"}));
    let filtered = api
        .get("/api/pane-logs?action=complete&limit=0", &admin)
        .await;
    assert_eq!(filtered.data().as_array().map(Vec::len), Some(1));
    let elsewhere = api
        .get(&format!("/api/pane-logs?station={b}"), &admin)
        .await;
    assert_eq!(elsewhere.data().as_array().map(Vec::len), Some(0));

    let missing = api.get("/api/pane-logs/timeline", &admin).await;
    missing.expect(400);
    assert_eq!(missing.message(), "materialId is required");
    let timeline = api
        .get(
            &format!("/api/pane-logs/timeline?materialId={material}"),
            &admin,
        )
        .await;
    timeline.expect(200);
    let rows = timeline.data().as_array().expect("rows").clone();
    let kinds: Vec<_> = rows.iter().map(|r| r["logType"].clone()).collect();
    assert_eq!(
        kinds,
        [
            json!("material_log"),
            json!("pane_log"),
            json!("pane_log"),
            json!("pane_log")
        ]
    );
    assert_eq!(
        rows[0]["order"],
        json!({"_id": order["_id"], "orderNumber": "ORD-0001"})
    );
    assert_eq!(rows[1]["worker"]["username"], "admin");
    assert!(rows[1]["pane"]["dimensions"].is_object());
    assert_eq!(rows[1]["orderId"], rows[1]["order"]);
    server.stop().await;
}
