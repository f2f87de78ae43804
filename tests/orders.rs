//! Orders (production.md §2) against the real server: numbers, populated references, linking
//! a request's panes, the list's row and station filters, check-ins and arrival notices, the
//! ORDER cascade, and every event with its rooms.

mod common;

use common::TestServer;
use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, id, me, seq};
use serde_json::{Value, json};

#[tokio::test]
async fn orders_are_numbered_populated_and_link_their_request_panes() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let customer = customer(api, &admin, "Glass House").await;
    let material = material_id(api, &admin, "Clear 6mm").await;
    let cutting = station(api, &admin, "Cutting", false).await;
    let request = api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "cut", "quantity": 2}, "customer": customer,
                   "panes": [{"routing": [cutting]}, {"routing": [cutting]}]}),
        )
        .await;
    request.expect(201);
    let request_id = id(request.data());

    let created = api
        .post(
            "/api/orders",
            &admin,
            json!({"customer": customer, "material": material, "quantity": 2, "request": request_id,
                   "stations": [cutting, MISSING], "assignedTo": admin_id, "priority": 3,
                   "stationBreakdown": {"x": 1}, "orderNumber": "ORD-9999"}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Order created");
    let data = created.data();
    assert_eq!(
        data["orderNumber"], "ORD-0001",
        "numbers are not taken from clients"
    );
    assert_eq!(data["customer"]["name"], "Glass House");
    assert_eq!(data["material"]["name"], "Clear 6mm");
    assert_eq!(data["request"]["requestNumber"], "REQ-0001");
    assert_eq!(
        data["request"]["customer"],
        json!(customer),
        "nested refs stay ids"
    );
    assert_eq!(data["assignedTo"]["username"], "admin");
    assert!(data["assignedTo"].get("password").is_none());
    assert_eq!(
        data["stations"],
        json!([{"_id": cutting, "name": "Cutting"}]),
        "gone stations drop out"
    );
    assert_eq!(data["stationBreakdown"], json!({"x": 1}));
    assert_eq!(data["status"], "pending");
    assert_eq!(data["paneCount"], 0, "linking panes does not count them");
    assert_eq!(data["claim"], Value::Null);

    let linked = count(
        &server,
        "SELECT count(*) FROM panes p JOIN orders o ON p.order_id = o.id WHERE p.material_id = o.material_id",
    )
    .await;
    assert_eq!(
        linked, 2,
        "the request's panes are linked and get the material"
    );

    let order_id = id(data);
    let brief = api
        .get(&format!("/api/orders/{order_id}?populate=true"), &admin)
        .await;
    brief.expect(200);
    let mut keys: Vec<_> = brief.data()["request"]
        .as_object()
        .expect("a request")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    assert_eq!(keys, ["_id", "deadline", "details", "requestNumber"]);

    let second = order(api, &admin, &customer, &material, json!({})).await;
    assert_eq!(seq(&second["orderNumber"]), 2);
    assert_eq!(second["request"], Value::Null);

    for (body, message) in [
        (
            json!({"customer": MISSING, "material": material, "quantity": 1}),
            "Customer not found",
        ),
        (
            json!({"customer": customer, "material": MISSING, "quantity": 1}),
            "Material not found",
        ),
        (
            json!({"customer": customer, "material": material, "quantity": 1, "request": MISSING}),
            "Request not found",
        ),
        (
            json!({"customer": customer, "material": material, "quantity": 1, "assignedTo": MISSING}),
            "Worker (assignedTo) not found",
        ),
    ] {
        let answer = api.post("/api/orders", &admin, body).await;
        answer.expect(400);
        assert_eq!(answer.message(), message);
    }
    let invalid = api
        .post(
            "/api/orders",
            &admin,
            json!({"customer": customer, "quantity": 0}),
        )
        .await;
    invalid.expect(400);
    let fields: Vec<_> = invalid.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(fields, ["body.quantity", "body.material"]);
    assert_eq!(count(&server, "SELECT count(*) FROM orders").await, 2);

    api.get(&format!("/api/orders/{MISSING}"), &admin)
        .await
        .expect(404);
    server.stop().await;
}

#[tokio::test]
async fn the_order_list_shows_own_rows_unless_privileged_and_filters_by_station() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let viewer = api.user_with(&admin, "viewer", &["orders:view"]).await;
    let viewer_id = me(api, &viewer).await;
    let planner = api.user_with(&admin, "planner", &["production:view"]).await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cutting = station(api, &admin, "Cutting", false).await;
    let mine = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"assignedTo": viewer_id, "stations": [cutting]}),
    )
    .await;
    order(api, &admin, &customer, &material, json!({})).await;

    let listed = api.get("/api/orders", &viewer).await;
    listed.expect(200);
    assert_eq!(listed.body["pagination"]["total"], 1);
    assert_eq!(listed.data()[0]["_id"], mine["_id"]);
    for token in [&admin, &planner] {
        let listed = api.get("/api/orders", token).await;
        assert_eq!(listed.body["pagination"]["total"], 2);
    }
    let at_cutting = api
        .get(&format!("/api/orders?stationId={cutting}"), &admin)
        .await;
    assert_eq!(at_cutting.body["pagination"]["total"], 1);
    assert_eq!(at_cutting.data()[0]["_id"], mine["_id"]);
    server.stop().await;
}

#[tokio::test]
async fn order_events_reach_their_rooms_and_stations_hear_check_ins() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let first = station(api, &admin, "Cutting", false).await;
    let second = station(api, &admin, "Edging", false).await;
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join, arg) in [
        ("order", "join_order", None),
        ("inventory", "join_inventory", None),
        ("first", "join-station", Some(&first)),
        ("second", "join-station", Some(&second)),
    ] {
        sockets.connect(sock, &admin).await;
        let args = arg.map(|a| vec![json!(a)]).unwrap_or_default();
        sockets.ack(sock, join, args).await;
    }

    let created = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"stations": [first, second]}),
    )
    .await;
    let order_id = id(&created);
    let event = sockets.expect_event("order", "order:updated").await;
    assert_eq!(event[0]["action"], "created");
    assert_eq!(event[0]["data"]["orderNumber"], "ORD-0001");
    assert_eq!(event[0]["data"]["customer"]["name"], "C");
    assert_eq!(
        sockets
            .count_after("inventory", "order:updated", SETTLE)
            .await,
        0
    );
    let notice = sockets.expect_event("first", "notification").await;
    assert_eq!(
        notice[0],
        json!({"type": "order_arrived", "title": "มีออเดอร์ใหม่เข้า",
               "message": "ออเดอร์ ORD-0001 เข้าสถานีนี้แล้ว", "referenceId": order_id,
               "referenceType": "Order", "priority": "high", "readStatus": false})
    );
    assert_eq!(
        sockets.count_after("second", "notification", SETTLE).await,
        0
    );

    let path = format!("/api/orders/{order_id}");
    let moved = api
        .patch(&path, &admin, json!({"currentStationIndex": 1}))
        .await;
    moved.expect(200);
    assert_eq!(moved.message(), "Order updated");
    let event = sockets.expect_event("order", "order:updated").await;
    assert_eq!(event[0]["action"], "updated");
    let check_in = sockets.expect_event("second", "station:check_in").await;
    assert_eq!(
        check_in[0],
        json!({"orderId": order_id, "stationId": second, "action": "entered"})
    );
    let notice = sockets.expect_event("second", "notification").await;
    assert_eq!(notice[0]["title"], "มีออเดอร์เข้า");
    assert_eq!(
        sockets
            .count_after("first", "station:check_in", SETTLE)
            .await,
        0
    );
    assert_eq!(
        sockets.count_after("first", "notification", SETTLE).await,
        0
    );

    let history = json!({"stationHistory": [{"station": second, "enteredAt": "2026-01-01T00:00:00Z",
                                              "exitedAt": "2026-01-01T01:00:00Z", "completedBy": null}]});
    let exited = api.patch(&path, &admin, history).await;
    exited.expect(200);
    assert_eq!(
        exited.data()["stationHistory"][0]["station"],
        json!({"_id": second, "name": "Edging"})
    );
    let check_in = sockets.expect_event("second", "station:check_in").await;
    assert_eq!(check_in[0]["action"], "exited");
    assert_eq!(
        sockets.count_after("second", "notification", SETTLE).await,
        0,
        "no arrival notice when the index did not change"
    );

    api.patch(&path, &admin, json!({"notes": "n"}))
        .await
        .expect(200);
    assert_eq!(
        sockets
            .count_after("second", "station:check_in", SETTLE)
            .await,
        0
    );

    server.stop().await;
}

#[tokio::test]
async fn only_managers_station_users_and_the_assignee_may_patch() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let creator = api.user_with(&admin, "creator", &["orders:create"]).await;
    let creator_id = me(api, &creator).await;
    let floor = api.user_with(&admin, "floor", &["station:enter:x"]).await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let others = order(api, &admin, &customer, &material, json!({})).await;
    let own = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"assignedTo": creator_id}),
    )
    .await;

    let refused = api
        .patch(
            &format!("/api/orders/{}", id(&others)),
            &creator,
            json!({"notes": "x"}),
        )
        .await;
    refused.expect(403);
    assert_eq!(refused.message(), "Not authorized");
    api.patch(
        &format!("/api/orders/{}", id(&own)),
        &creator,
        json!({"notes": "x"}),
    )
    .await
    .expect(200);
    api.patch(
        &format!("/api/orders/{}", id(&others)),
        &floor,
        json!({"status": "in_progress"}),
    )
    .await
    .expect(200);
    api.patch(&format!("/api/orders/{MISSING}"), &admin, json!({}))
        .await
        .expect(404);
    server.stop().await;
}

#[tokio::test]
async fn deleting_orders_cascades_and_announces_updated_then_deleted() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cutting = station(api, &admin, "Cutting", false).await;
    let request = api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "cut", "quantity": 1}, "customer": customer,
                   "panes": [{"routing": [cutting]}]}),
        )
        .await;
    request.expect(201);
    let linked = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"request": id(request.data())}),
    )
    .await;
    let log = api
        .post(
            "/api/material-logs",
            &admin,
            json!({"material": material, "actionType": "import", "quantityChanged": 1, "order": id(&linked)}),
        )
        .await;
    log.expect(201);
    assert_eq!(
        log.data()["order"]["orderNumber"],
        "ORD-0001",
        "logs embed the order"
    );
    assert_eq!(log.data()["order"]["customer"], json!(customer));
    let stats = api.get("/api/dashboard/stats", &admin).await;
    stats.expect(200);
    let activity = &stats.data()["materialLogs"]["recentActivity"][0];
    assert_eq!(activity["order"]["orderNumber"], "ORD-0001");
    assert_eq!(
        activity["order"]["request"]["requestNumber"], "REQ-0001",
        "the dashboard embeds the order's request"
    );

    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join) in [("order", "join_order"), ("pane", "join_pane")] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, join, vec![]).await;
    }
    let path = format!("/api/orders/{}", id(&linked));
    let deleted = api.delete(&path, &admin).await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Order deleted");
    assert_eq!(deleted.data(), &Value::Null);
    let first = sockets.expect_event("order", "order:updated").await;
    let second = sockets.expect_event("order", "order:updated").await;
    assert_eq!(first[0]["action"], "updated");
    assert_eq!(second[0]["action"], "deleted");
    assert_eq!(
        second[0]["data"]["customer"],
        json!(customer),
        "unpopulated"
    );
    assert_eq!(
        sockets.count_after("pane", "order:updated", SETTLE).await,
        0
    );
    assert_eq!(count(&server, "SELECT count(*) FROM panes").await, 0);
    assert_eq!(
        count(&server, "SELECT count(*) FROM material_logs").await,
        0
    );
    assert_eq!(count(&server, "SELECT count(*) FROM requests").await, 1);
    api.delete(&path, &admin).await.expect(404);

    let a = order(api, &admin, &customer, &material, json!({})).await;
    sockets.expect_event("order", "order:updated").await;
    let bulk = api
        .delete_with("/api/orders", &admin, json!({"ids": [id(&a), MISSING]}))
        .await;
    bulk.expect(200);
    assert_eq!(bulk.message(), "Orders deleted");
    assert_eq!(bulk.data()["deletedCount"], 1);
    let event = sockets.expect_event("order", "order:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "deleted", "data": {"ids": [id(&a), MISSING]}})
    );
    server.stop().await;
}
