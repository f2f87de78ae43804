//! `qc_fail` and the remake service (production.md §4.7, §4.8) against the real server: the
//! checks (all before any write), the defected pane, the remake queued at its station, the
//! order's counters, and every event in §4.7's order with its rooms.

mod common;

use common::TestServer;
use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, id, me};
use serde_json::{Value, json};

#[tokio::test]
async fn a_qc_fail_defects_the_pane_and_queues_a_remake() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let boss = api.user_with(&admin, "boss", &["production:view"]).await;
    let boss_id = me(api, &boss).await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "Clear").await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"assignedTo": boss_id, "paneCount": 1, "stationBreakdown": { b.clone(): 1 }, "status": "in_progress"}),
    )
    .await;
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-Q", "order": id(&order), "routing": [a, b], "currentStation": b,
               "currentStatus": "in_progress", "edgeTasks": [{"side": "top", "edgeProfile": "flat", "status": "completed"}],
               "dimensions": {"width": 2, "height": 5}}),
    )
    .await
    .expect(201);
    let path = "/api/panes/PNE-Q/scan";
    let fail = |extra: Value| {
        let mut body = json!({"station": b, "action": "qc_fail", "reason": "scratch"});
        if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
            body.extend(extra);
        }
        body
    };

    let early = api.post(path, &admin, fail(json!({}))).await;
    early.expect(400);
    assert_eq!(
        early.message(),
        "กระจกต้องอยู่ในสถานะ awaiting_scan_out (กดเสร็จสิ้นก่อน) ก่อน QC fail"
    );
    api.post(path, &admin, json!({"station": b, "action": "complete"}))
        .await
        .expect(200);
    let elsewhere = api
        .post(
            path,
            &admin,
            json!({"station": a, "action": "qc_fail", "reason": "other"}),
        )
        .await;
    elsewhere.expect(400);
    assert_eq!(elsewhere.message(), format!("กระจกอยู่ที่สถานี {b} ไม่ใช่ {a}"));
    let unknown = api
        .post(path, &admin, fail(json!({"remakeStationId": MISSING})))
        .await;
    unknown.expect(400);
    assert_eq!(unknown.message(), "Remake station not found");
    assert_eq!(
        api.get("/api/panes/PNE-Q", &admin).await.data()["currentStatus"],
        "awaiting_scan_out",
        "a refused qc_fail writes nothing"
    );

    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join, arg) in [
        ("pane", "join_pane", None),
        ("log", "join_log", None),
        ("order", "join_order", None),
        ("inventory", "join_inventory", None),
        ("a", "join-station", Some(&a)),
        ("b", "join-station", Some(&b)),
    ] {
        sockets.connect(sock, &admin).await;
        sockets
            .ack(sock, join, arg.map(|x| vec![json!(x)]).unwrap_or_default())
            .await;
    }
    sockets.connect("boss", &boss).await;

    let failed = api
        .post(
            path,
            &admin,
            fail(json!({"description": "long scratch", "remakeStationId": a})),
        )
        .await;
    failed.expect(200);
    let data = failed.data();
    assert_eq!(data["pane"]["currentStatus"], "defected");
    assert_eq!(data["pane"]["currentStation"], Value::Null);
    assert_eq!(data["log"]["action"], "qc_fail");
    assert_eq!(data["log"]["reason"], "scratch");
    assert_eq!(data["log"]["description"], "long scratch");
    assert!(data["log"]["completedAt"].is_string());
    let remade = &data["remadePane"];
    assert_eq!(remade["paneNumber"], "PNE-0001");
    assert_eq!(remade["currentStatus"], "pending");
    assert_eq!(remade["currentStation"]["_id"], json!(a));
    assert_eq!(remade["remakeOf"]["paneNumber"], "PNE-Q");
    assert_eq!(remade["order"]["_id"], order["_id"]);
    assert_eq!(remade["material"]["_id"], json!(material));
    assert_eq!(remade["dimensions"]["area"], 10);
    assert_eq!(
        remade["edgeTasks"][0]["status"], "pending",
        "edge tasks start over"
    );

    // Events, in §4.7's order.
    let created = sockets.expect_event("pane", "pane:updated").await;
    assert_eq!(created[0]["action"], "created");
    assert_eq!(created[0]["data"]["paneNumber"], "PNE-0001");
    let defected = sockets.expect_event("pane", "pane:updated").await;
    assert_eq!(defected[0]["action"], "qc_failed");
    let log_created = sockets.expect_event("log", "log:updated").await;
    assert_eq!(log_created[0], json!({"action": "created"}));
    let scanned = sockets.expect_event("log", "log:updated").await;
    assert_eq!(scanned[0]["action"], "pane_scanned");
    let arrived = sockets.expect_event("a", "station:pane_arrived").await;
    assert_eq!(
        arrived[0],
        json!({"paneNumber": "PNE-0001", "paneId": remade["_id"], "fromStation": null, "toStation": a, "isRemake": true})
    );
    let notice = sockets.expect_event("a", "notification").await;
    assert_eq!(notice[0]["title"], "มีกระจกรีเมค (QC) เข้าสถานี");
    assert_eq!(
        notice[0]["message"],
        "กระจกรีเมค PNE-0001 (แทน PNE-Q — QC fail) arrived"
    );
    assert_eq!(notice[0]["priority"], "high");
    let note = sockets.expect_event("boss", "notification").await;
    assert_eq!(note[0]["type"], "qc_remake");
    assert_eq!(note[0]["title"], "QC ไม่ผ่าน — สร้างกระจกรีเมคแล้ว");
    assert_eq!(note[0]["message"], "กระจก PNE-Q ชำรุด (QC) → รีเมค PNE-0001");
    let updated = sockets.expect_event("order", "order:updated").await;
    assert_eq!(updated[0]["data"]["paneCount"], 2);
    assert_eq!(
        updated[0]["data"]["stationBreakdown"],
        json!({ b.clone(): 0 })
    );
    assert_eq!(
        sockets
            .count_after("b", "station:pane_arrived", SETTLE)
            .await,
        0
    );
    for name in [
        "pane:updated",
        "log:updated",
        "order:updated",
        "notification",
    ] {
        assert_eq!(
            sockets.count_after("inventory", name, SETTLE).await,
            0,
            "{name}"
        );
    }
    assert_eq!(
        count(
            &server,
            "SELECT count(*) FROM material_logs WHERE action_type = 'remake'"
        )
        .await,
        1
    );

    let again = api.post(path, &admin, fail(json!({}))).await;
    again.expect(400);
    assert_eq!(
        again.message(),
        "กระจก PNE-Q cannot be QC failed in its current state"
    );
    server.stop().await;
}

#[tokio::test]
async fn a_pane_without_material_is_refused_before_anything_is_written() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let a = station(api, &admin, "A", false).await;
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-BARE", "routing": [a], "currentStation": a, "currentStatus": "awaiting_scan_out"}),
    )
    .await
    .expect(201);
    let refused = api
        .post(
            "/api/panes/PNE-BARE/scan",
            &admin,
            json!({"station": a, "action": "qc_fail", "reason": "broken"}),
        )
        .await;
    refused.expect(400);
    assert_eq!(
        refused.message(),
        "Cannot create remake: pane has no material (link an order with material)"
    );
    let pane = api.get("/api/panes/PNE-BARE", &admin).await;
    assert_eq!(pane.data()["currentStatus"], "awaiting_scan_out");
    assert_eq!(count(&server, "SELECT count(*) FROM panes").await, 1);
    server.stop().await;
}
