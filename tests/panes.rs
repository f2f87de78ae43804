//! Pane CRUD (production.md §3.4–§3.9) against the real server: creation as sent and the
//! laminate split, populated shapes, list filters, lookup by number, PATCH rules (cancelled
//! owners, split, order linking), deletes, pending counts, and every event with its rooms.

mod common;

use common::TestServer;
use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, id};
use serde_json::{Value, json};

#[tokio::test]
async fn panes_are_created_as_sent_populated_and_found_by_number() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "Clear").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let qc = station(api, &admin, "QC", false).await;
    let request = api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "cut", "quantity": 1}, "customer": customer,
                   "deadline": "2027-01-01T00:00:00Z"}),
        )
        .await;
    request.expect(201);
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"request": id(request.data())}),
    )
    .await;

    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join, arg) in [
        ("pane", "join_pane", None),
        ("inventory", "join_inventory", None),
        ("cut", "join-station", Some(&cut)),
        ("qc", "join-station", Some(&qc)),
    ] {
        sockets.connect(sock, &admin).await;
        sockets
            .ack(sock, join, arg.map(|a| vec![json!(a)]).unwrap_or_default())
            .await;
    }

    let created = api
        .post(
            "/api/panes",
            &admin,
            json!({"paneNumber": " pne-x1 ", "qrCode": "ignored", "order": id(&order), "material": material,
                   "routing": [cut, qc], "currentStation": cut, "dimensions": {"width": 2, "height": 3},
                   "notes": "dropped"}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Pane created");
    let pane = created.data().clone();
    assert_eq!(pane["paneNumber"], "PNE-X1");
    assert_eq!(pane["qrCode"], "STDPLUS:PNE-X1");
    assert_eq!(pane["currentStatus"], "pending");
    assert_eq!(
        pane["currentStation"],
        json!({"_id": cut, "name": "Cutting"})
    );
    assert_eq!(
        pane["routing"],
        json!([{"_id": cut, "name": "Cutting"}, {"_id": qc, "name": "QC"}])
    );
    assert_eq!(pane["material"], json!({"_id": material, "name": "Clear"}));
    assert_eq!(pane["order"]["orderNumber"], "ORD-0001");
    assert_eq!(pane["order"]["customer"], json!(customer));
    assert_eq!(
        pane["order"]["request"]["deadline"], "2027-01-01T00:00:00.000Z",
        "POST nests the order's request"
    );
    assert_eq!(pane["dimensions"]["area"], 6);
    assert!(pane.get("notes").is_none());

    let event = sockets.expect_event("pane", "pane:updated").await;
    assert_eq!(event[0]["action"], "created");
    assert_eq!(event[0]["data"]["paneNumber"], "PNE-X1");
    sockets.expect_event("cut", "pane:updated").await;
    assert_eq!(sockets.count_after("qc", "pane:updated", SETTLE).await, 0);
    assert_eq!(
        sockets
            .count_after("inventory", "pane:updated", SETTLE)
            .await,
        0
    );

    let by_number = api.get("/api/panes/pne-x1", &admin).await;
    by_number.expect(200);
    assert_eq!(by_number.data()["_id"], pane["_id"]);
    assert_eq!(
        by_number.data()["order"]["request"],
        json!(id(request.data())),
        "GET keeps the order's request an id"
    );
    let populated = api
        .get(&format!("/api/panes/{}?populate=true", id(&pane)), &admin)
        .await;
    assert!(populated.data()["order"]["request"].is_object());
    api.get("/api/panes/PNE-NOPE", &admin).await.expect(404);

    // A second pane, merged away: hidden unless asked for.
    api.post(
        "/api/panes",
        &admin,
        json!({"currentStatus": "merged_into", "currentStation": qc}),
    )
    .await
    .expect(201);
    let numbers = |list: &Value| -> Vec<String> {
        list.as_array()
            .expect("a list")
            .iter()
            .map(|p| p["paneNumber"].as_str().unwrap_or("").to_owned())
            .collect()
    };
    let listed = api.get("/api/panes", &admin).await;
    listed.expect(200);
    assert!(listed.body.get("pagination").is_none());
    assert_eq!(numbers(listed.data()), ["PNE-X1"]);
    let all = api.get("/api/panes?includeMerged=true", &admin).await;
    assert_eq!(numbers(all.data()), ["PNE-0001", "PNE-X1"]);
    let merged = api.get("/api/panes?status=merged_into", &admin).await;
    assert_eq!(numbers(merged.data()), ["PNE-0001"]);
    let one = api
        .get("/api/panes?includeMerged=true&limit=0", &admin)
        .await;
    assert_eq!(
        numbers(one.data()).len(),
        1,
        "limit is clamped to at least 1"
    );
    let at_cut = api.get(&format!("/api/panes?station={cut}"), &admin).await;
    assert_eq!(numbers(at_cut.data()), ["PNE-X1"]);
    let nowhere = api
        .get("/api/panes?station=null&includeMerged=true", &admin)
        .await;
    assert_eq!(numbers(nowhere.data()), Vec::<String>::new());
    let of_order = api
        .get(&format!("/api/panes?order={}", id(&order)), &admin)
        .await;
    assert_eq!(numbers(of_order.data()), ["PNE-X1"]);

    let missing = api.get("/api/panes/pending-counts", &admin).await;
    missing.expect(400);
    assert_eq!(
        missing.body,
        json!({"success": false, "message": "station is required"})
    );
    let counts = api
        .get(&format!("/api/panes/pending-counts?station={cut}"), &admin)
        .await;
    counts.expect(200);
    assert_eq!(
        counts.data(),
        &json!([{"order": id(&order), "request": null, "count": 1}])
    );

    let duplicate = api
        .post("/api/panes", &admin, json!({"paneNumber": "PNE-X1"}))
        .await;
    assert_eq!(duplicate.status.as_u16(), 409);
    let bad_ref = api
        .post("/api/panes", &admin, json!({"order": MISSING}))
        .await;
    bad_ref.expect(400);
    assert_eq!(bad_ref.message(), "Order not found");
    server.stop().await;
}

#[tokio::test]
async fn laminate_panes_split_on_post_and_on_patch() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let cut = station(api, &admin, "Cutting", false).await;
    let lam = station(api, &admin, "Laminating", true).await;
    let qc = station(api, &admin, "QC", false).await;
    let created = api
        .post(
            "/api/panes",
            &admin,
            json!({"routing": [cut, lam, qc], "rawGlass": {"sheetsPerPane": 2}}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Laminate pane created");
    let parent = &created.data()["parent"];
    assert_eq!(parent["laminateRole"], "parent");
    assert_eq!(parent["routing"], json!([{"_id": qc, "name": "QC"}]));
    assert_eq!(parent["currentStation"], Value::Null);
    let sheets = created.data()["sheets"].as_array().expect("sheets");
    assert_eq!(sheets.len(), 2);
    assert_eq!(sheets[0]["paneNumber"], "PNE-0001-A");
    assert_eq!(
        sheets[1]["parentPane"], parent["_id"],
        "sheets are not populated"
    );
    assert_eq!(sheets[0]["currentStation"], json!(cut));

    let refused = api
        .post(
            "/api/panes",
            &admin,
            json!({"routing": [cut, qc], "rawGlass": {"sheetsPerPane": 2}}),
        )
        .await;
    refused.expect(400);
    assert_eq!(
        refused.message(),
        "Routing must include a lamination station when sheetsPerPane > 1"
    );

    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("pane", &admin).await;
    sockets.ack("pane", "join_pane", vec![]).await;
    let single = api
        .post("/api/panes", &admin, json!({"routing": [cut, lam]}))
        .await;
    single.expect(201);
    sockets.expect_event("pane", "pane:updated").await;
    let split = api
        .patch(
            &format!("/api/panes/{}", id(single.data())),
            &admin,
            json!({"rawGlass": {"sheetsPerPane": 3}}),
        )
        .await;
    split.expect(200);
    assert_eq!(split.message(), "Laminate pane split created");
    assert_eq!(split.data()["sheets"].as_array().map(Vec::len), Some(3));
    let first = sockets.expect_event("pane", "pane:updated").await;
    assert_eq!(first[0]["action"], "updated");
    assert_eq!(first[0]["data"]["laminateRole"], "parent");
    for _ in 0..3 {
        let sheet = sockets.expect_event("pane", "pane:updated").await;
        assert_eq!(sheet[0]["action"], "created");
    }
    server.stop().await;
}

#[tokio::test]
async fn patching_links_orders_and_refuses_cancelled_ones() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let target = order(api, &admin, &customer, &material, json!({"quantity": 4})).await;
    let pane = api.post("/api/panes", &admin, json!({})).await;
    pane.expect(201);
    let path = format!("/api/panes/{}", id(pane.data()));

    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join) in [
        ("order", "join_order"),
        ("log", "join_log"),
        ("pane", "join_pane"),
    ] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, join, vec![]).await;
    }
    let linked = api
        .patch(
            &path,
            &admin,
            json!({"order": id(&target), "jobType": "temper"}),
        )
        .await;
    linked.expect(200);
    assert_eq!(linked.message(), "Pane updated");
    assert_eq!(linked.data()["jobType"], "temper");
    assert_eq!(linked.data()["order"]["_id"], target["_id"]);
    let event = sockets.expect_event("order", "order:updated").await;
    assert_eq!(event[0]["action"], "updated");
    assert_eq!(event[0]["data"]["paneCount"], 1);
    assert_eq!(event[0]["data"]["customer"]["name"], "C");
    assert_eq!(sockets.count_after("log", "order:updated", SETTLE).await, 0);
    let updated = sockets.expect_event("pane", "pane:updated").await;
    assert_eq!(updated[0]["action"], "updated");
    assert_eq!(updated[0]["data"]["order"]["orderNumber"], "ORD-0001");
    assert_eq!(
        sockets.count_after("order", "pane:updated", SETTLE).await,
        0
    );

    api.patch(&path, &admin, json!({"order": id(&target)}))
        .await
        .expect(200);
    let stored = api
        .get(&format!("/api/orders/{}", id(&target)), &admin)
        .await;
    assert_eq!(
        stored.data()["paneCount"],
        1,
        "only a newly linked pane counts"
    );

    api.patch(
        &format!("/api/orders/{}", id(&target)),
        &admin,
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    let refused = api.patch(&path, &admin, json!({"jobType": "x"})).await;
    refused.expect(400);
    assert_eq!(
        refused.message(),
        "This pane belongs to a cancelled order and cannot be updated"
    );
    api.patch(&format!("/api/panes/{MISSING}"), &admin, json!({}))
        .await
        .expect(404);
    server.stop().await;
}

#[tokio::test]
async fn deleting_panes_cascades_and_announces_ids() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join) in [("production", "join_production"), ("order", "join_order")] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, join, vec![]).await;
    }
    let a = api.post("/api/panes", &admin, json!({})).await;
    let b = api.post("/api/panes", &admin, json!({})).await;
    sockets.expect_event("production", "pane:updated").await;
    sockets.expect_event("production", "pane:updated").await;

    let path = format!("/api/panes/{}", id(a.data()));
    let deleted = api.delete(&path, &admin).await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Pane deleted");
    let event = sockets.expect_event("production", "pane:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "deleted", "data": {"_id": id(a.data())}})
    );
    assert_eq!(
        sockets.count_after("order", "pane:updated", SETTLE).await,
        0
    );
    api.delete(&path, &admin).await.expect(404);

    let bulk = api
        .delete_with(
            "/api/panes",
            &admin,
            json!({"ids": [id(b.data()), MISSING]}),
        )
        .await;
    bulk.expect(200);
    assert_eq!(bulk.message(), "Panes deleted");
    assert_eq!(bulk.data()["deletedCount"], 1);
    let event = sockets.expect_event("production", "pane:updated").await;
    assert_eq!(event[0]["data"], json!({"ids": [id(b.data()), MISSING]}));
    assert_eq!(count(&server, "SELECT count(*) FROM panes").await, 0);
    server.stop().await;
}

#[tokio::test]
async fn a_pane_cut_from_an_inventory_row_logs_the_cut() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let material = material_id(api, &admin, "Clear").await;
    let stock = common::stock::inventory(api, &admin, &material, "Raw", 10.0, "Rack 1").await;
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join) in [("log", "join_log"), ("dashboard", "join_dashboard")] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, join, vec![]).await;
    }
    api.post("/api/panes", &admin, json!({"inventory": id(&stock)}))
        .await
        .expect(201);
    let event = sockets.expect_event("log", "log:updated").await;
    assert_eq!(event[0], json!({"action": "created"}));
    assert_eq!(
        sockets
            .count_after("dashboard", "log:updated", SETTLE)
            .await,
        0
    );
    let logs = api
        .get(&format!("/api/material-logs?material={material}"), &admin)
        .await;
    let cut = logs
        .data()
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["actionType"] == "cut").cloned())
        .expect("a cut log");
    assert_eq!(cut["quantityChanged"], -1);
    assert_eq!(cut["referenceId"], stock["_id"]);
    assert_eq!(cut["stockType"], "Raw");
    assert_eq!(
        common::stock::quantity(api, &admin, &id(&stock)).await,
        10.0,
        "the stock is not decremented, as upstream"
    );
    server.stop().await;
}
