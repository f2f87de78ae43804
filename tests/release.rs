//! `POST /api/orders/:id/release` against the real server: one transaction that routes and
//! starts the order, re-routes its unstarted panes and makes the rest through the path of
//! `POST /api/panes`; every refusal writes nothing; the events reach their rooms only.

mod common;

use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{SETTLE, id};
use common::{Api, TestServer};
use serde_json::{Value, json};

fn path(order: &str) -> String {
    format!("/api/orders/{order}/release")
}

/// The order's panes as the pane list shows them, oldest first.
async fn panes_of(api: &Api, token: &str, order: &str) -> Vec<Value> {
    let list = api
        .get(&format!("/api/panes?order={order}&sort=createdAt"), token)
        .await;
    list.expect(200);
    list.data().as_array().expect("panes").clone()
}

fn numbers(panes: &[Value]) -> Vec<&str> {
    panes
        .iter()
        .map(|p| p["paneNumber"].as_str().unwrap_or(""))
        .collect()
}

#[tokio::test]
async fn a_release_routes_the_order_and_makes_its_panes_at_once() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let edge = station(api, &admin, "Edging", false).await;
    let other = station(api, &admin, "Elsewhere", false).await;
    let target = order(api, &admin, &customer, &material, json!({"quantity": 3})).await;
    let order_id = id(&target);
    // One pane exists already, unstarted and waiting somewhere else.
    let early = api
        .post(
            "/api/panes",
            &admin,
            json!({"order": order_id, "currentStation": other, "routing": [other]}),
        )
        .await;
    early.expect(201);

    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join, arg) in [
        ("order", "join_order", None),
        ("inventory", "join_inventory", None),
        ("cut", "join-station", Some(&cut)),
        ("edge", "join-station", Some(&edge)),
        ("other", "join-station", Some(&other)),
    ] {
        sockets.connect(sock, &admin).await;
        let args = arg.map(|a| vec![json!(a)]).unwrap_or_default();
        sockets.ack(sock, join, args).await;
    }

    let released = api
        .post(&path(&order_id), &admin, json!({"stations": [cut, edge]}))
        .await;
    released.expect(200);
    assert_eq!(released.message(), "Order released");
    let data = released.data();
    assert_eq!(common::keys(data), ["order", "panes"]);
    let order = &data["order"];
    assert_eq!(order["status"], "in_progress");
    assert_eq!(
        order["stations"],
        json!([{"_id": cut, "name": "Cutting"}, {"_id": edge, "name": "Edging"}])
    );
    assert_eq!(order["currentStationIndex"], 0);
    assert_eq!(order["paneCount"], 3);
    assert_eq!(
        order["customer"]["name"], "C",
        "populated as the PATCH answers it"
    );
    let answered = data["panes"].as_array().expect("panes");
    assert_eq!(numbers(answered), ["PNE-0001", "PNE-0002", "PNE-0003"]);
    for pane in answered {
        assert_eq!(
            pane["routing"],
            json!([{"_id": cut, "name": "Cutting"}, {"_id": edge, "name": "Edging"}])
        );
        assert_eq!(
            pane["currentStation"],
            json!({"_id": cut, "name": "Cutting"})
        );
        assert_eq!(pane["currentStatus"], "pending");
        assert_eq!(pane["order"]["_id"], json!(order_id));
        assert_eq!(pane["material"]["_id"], json!(material));
        assert_eq!(
            pane["qrCode"],
            format!("STDPLUS:{}", pane["paneNumber"].as_str().unwrap_or(""))
        );
    }
    assert_eq!(
        numbers(&panes_of(api, &admin, &order_id).await),
        ["PNE-0001", "PNE-0002", "PNE-0003"]
    );
    let stored = api.get(&format!("/api/orders/{order_id}"), &admin).await;
    assert_eq!(stored.data(), order);

    // Events: the order to its rooms, the arrival notice and the panes to the first station.
    let event = sockets.expect_event("order", "order:updated").await;
    assert_eq!(event[0]["action"], "updated");
    assert_eq!(event[0]["data"]["status"], "in_progress");
    let notice = sockets.expect_event("cut", "notification").await;
    assert_eq!(
        notice[0],
        json!({"type": "order_arrived", "title": "มีออเดอร์ใหม่เข้า",
               "message": "ออเดอร์ ORD-0001 เข้าสถานีนี้แล้ว", "referenceId": order_id,
               "referenceType": "Order", "priority": "high", "readStatus": false})
    );
    let rerouted = sockets.expect_event("cut", "pane:updated").await;
    assert_eq!(rerouted[0]["action"], "updated");
    assert_eq!(rerouted[0]["data"]["paneNumber"], "PNE-0001");
    for number in ["PNE-0002", "PNE-0003"] {
        let created = sockets.expect_event("cut", "pane:updated").await;
        assert_eq!(created[0]["action"], "created");
        assert_eq!(created[0]["data"]["paneNumber"], number);
    }
    let left = sockets.expect_event("other", "pane:updated").await;
    assert_eq!(
        left[0]["data"]["paneNumber"], "PNE-0001",
        "the station it left hears of it"
    );
    for (sock, name) in [
        ("edge", "pane:updated"),
        ("edge", "notification"),
        ("other", "notification"),
        ("inventory", "pane:updated"),
        ("inventory", "order:updated"),
        ("cut", "station:pane_arrived"),
        ("order", "pane:updated"),
    ] {
        assert_eq!(
            sockets.count_after(sock, name, SETTLE).await,
            0,
            "{sock} {name}"
        );
    }
    assert_eq!(sockets.count_after("cut", "pane:updated", SETTLE).await, 0);
    assert_eq!(
        sockets.count_after("other", "pane:updated", SETTLE).await,
        0
    );
    server.stop().await;
}

#[tokio::test]
async fn a_second_release_reroutes_only_unstarted_panes_and_makes_no_more() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let edge = station(api, &admin, "Edging", false).await;
    let qc = station(api, &admin, "QC", false).await;
    let target = order(api, &admin, &customer, &material, json!({"quantity": 2})).await;
    let order_id = id(&target);
    api.post(&path(&order_id), &admin, json!({"stations": [cut, edge]}))
        .await
        .expect(200);
    api.post(
        "/api/panes/PNE-0001/scan",
        &admin,
        json!({"station": cut, "action": "scan_in"}),
    )
    .await
    .expect(200);

    let again = api
        .post(&path(&order_id), &admin, json!({"stations": [qc, edge]}))
        .await;
    again.expect(200);
    assert_eq!(
        numbers(again.data()["panes"].as_array().expect("panes")),
        ["PNE-0002"]
    );
    let panes = panes_of(api, &admin, &order_id).await;
    assert_eq!(numbers(&panes), ["PNE-0001", "PNE-0002"]);
    assert_eq!(
        panes[0]["currentStation"]["_id"],
        json!(cut),
        "a started pane keeps its place"
    );
    assert_eq!(panes[0]["routing"][0]["_id"], json!(cut));
    assert_eq!(panes[1]["currentStation"]["_id"], json!(qc));
    assert_eq!(panes[1]["routing"][0]["_id"], json!(qc));

    // More panes on request; fewer than there are is refused.
    let more = api
        .post(
            &path(&order_id),
            &admin,
            json!({"stations": [qc], "quantity": 4}),
        )
        .await;
    more.expect(200);
    assert_eq!(
        numbers(more.data()["panes"].as_array().expect("panes")),
        ["PNE-0002", "PNE-0003", "PNE-0004"]
    );
    assert_eq!(more.data()["order"]["paneCount"], 4);
    let fewer = api
        .post(
            &path(&order_id),
            &admin,
            json!({"stations": [qc], "quantity": 3}),
        )
        .await;
    fewer.expect(400);
    assert_eq!(
        fewer.message(),
        "The order already has 4 panes, more than 3"
    );
    server.stop().await;
}

/// Every refusal answers 4xx and leaves the order, the panes and the pane counter untouched.
#[tokio::test]
async fn a_refused_release_writes_nothing() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let target = order(api, &admin, &customer, &material, json!({"quantity": 2})).await;
    let order_id = id(&target);
    let missing = "000000000000000000000000";
    let many: Vec<String> = (0..31).map(|i| format!("{i:024x}")).collect();

    // (body, status, message)
    let cases = [
        (
            json!({"stations": [cut, missing]}),
            400,
            "Station not found",
        ),
        (json!({"stations": [cut, "nope"]}), 400, "Validation failed"),
        (json!({"stations": [cut, cut]}), 400, "Validation failed"),
        (json!({"stations": []}), 400, "Validation failed"),
        (json!({"stations": many}), 400, "Validation failed"),
        (json!({}), 400, "Validation failed"),
        (
            json!({"stations": [cut], "quantity": 0}),
            400,
            "Validation failed",
        ),
        (
            json!({"stations": [cut], "quantity": 1001}),
            400,
            "Validation failed",
        ),
        (
            json!({"stations": [cut], "quantity": 1.5}),
            400,
            "Validation failed",
        ),
        (
            json!({"stations": [cut], "quantity": "2"}),
            400,
            "Validation failed",
        ),
    ];
    for (body, status, message) in &cases {
        let answer = api.post(&path(&order_id), &admin, body.clone()).await;
        assert_eq!(answer.status.as_u16(), *status, "{body}: {}", answer.body);
        assert_eq!(answer.message(), *message, "{body}");
    }
    let duplicate = api
        .post(&path(&order_id), &admin, json!({"stations": [cut, cut]}))
        .await;
    assert_eq!(duplicate.body["errors"][0]["field"], "body.stations.1");
    let unknown = api
        .post(&path(missing), &admin, json!({"stations": [cut]}))
        .await;
    unknown.expect(404);
    assert_eq!(unknown.message(), "Order not found");

    for status in ["completed", "cancelled"] {
        let closed = order(api, &admin, &customer, &material, json!({"status": status})).await;
        let answer = api
            .post(&path(&id(&closed)), &admin, json!({"stations": [cut]}))
            .await;
        answer.expect(400);
        assert_eq!(
            answer.message(),
            format!("A {status} order cannot be released")
        );
    }
    // Without orders:manage or a station permission, only the assignee may release.
    let creator = api.user_with(&admin, "creator", &["orders:create"]).await;
    let refused = api
        .post(&path(&order_id), &creator, json!({"stations": [cut]}))
        .await;
    refused.expect(403);
    assert_eq!(refused.message(), "Not authorized");

    assert_eq!(count(&server, "SELECT count(*) FROM panes").await, 0);
    let stored = api.get(&format!("/api/orders/{order_id}"), &admin).await;
    assert_eq!(stored.data()["status"], "pending");
    assert_eq!(stored.data()["stations"], json!([]));
    assert_eq!(stored.data()["updatedAt"], target["updatedAt"]);
    // No pane number was burned.
    let released = api
        .post(&path(&order_id), &admin, json!({"stations": [cut]}))
        .await;
    released.expect(200);
    assert_eq!(
        numbers(released.data()["panes"].as_array().expect("panes")),
        ["PNE-0001", "PNE-0002"]
    );
    server.stop().await;
}
