//! Claims (production.md §5.1–§5.5) against the real server: both create routes, pulling the
//! pane off its station, row-level access, approval making exactly one remake (also when two
//! approvals race), deletes, and every event with its rooms.

mod common;

use common::TestServer;
use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, id, me};
use serde_json::{Value, json};

#[tokio::test]
async fn claims_pull_their_pane_and_approval_remakes_it_once() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let boss = api.user_with(&admin, "boss", &["production:view"]).await;
    let boss_id = me(api, &boss).await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "Clear").await;
    let release = station(api, &admin, "Order Release", false).await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"assignedTo": boss_id, "paneCount": 2, "stationBreakdown": { b.clone(): 1 }}),
    )
    .await;
    let order_id = id(&order);
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-C", "order": order_id, "material": material, "routing": [a, b],
               "currentStation": b, "currentStatus": "in_progress"}),
    )
    .await
    .expect(201);
    let pane_id = id(api.get("/api/panes/PNE-C", &admin).await.data());

    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join, arg) in [
        ("claim", "join_claim", None),
        ("order", "join_order", None),
        ("pane", "join_pane", None),
        ("inventory", "join_inventory", None),
        ("b", "join-station", Some(&b)),
        ("release", "join-station", Some(&release)),
    ] {
        sockets.connect(sock, &admin).await;
        sockets
            .ack(sock, join, arg.map(|x| vec![json!(x)]).unwrap_or_default())
            .await;
    }
    sockets.connect("boss", &boss).await;

    let path = format!("/api/orders/{order_id}/claims");
    let body = |extra: Value| {
        let mut body = json!({"source": "customer", "material": material, "description": " cracked ",
                              "reportedBy": admin_id, "pane": pane_id});
        if let (Some(body), Value::Object(extra)) = (body.as_object_mut(), extra) {
            body.extend(extra);
        }
        body
    };
    for (extra, status, message) in [
        (json!({"defectCode": "stain"}), 400, "Validation failed"),
        (json!({"material": MISSING}), 400, "Material not found"),
        (
            json!({"reportedBy": MISSING}),
            400,
            "Worker (reportedBy) not found",
        ),
        (json!({"pane": MISSING}), 400, "Pane not found"),
    ] {
        let refused = api.post(&path, &admin, body(extra)).await;
        refused.expect(status);
        assert_eq!(refused.message(), message);
    }

    let created = api
        .post(&path, &admin, body(json!({"defectCode": "broken"})))
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Claim created");
    let claim = created.data().clone();
    assert_eq!(claim["claimNumber"], "CLM-0001");
    assert_eq!(claim["description"], "cracked");
    assert_eq!(claim["status"], "pending");
    assert_eq!(claim["order"]["orderNumber"], "ORD-0001");
    assert_eq!(claim["material"]["name"], "Clear");
    assert_eq!(claim["reportedBy"]["username"], "admin");
    assert_eq!(claim["pane"]["paneNumber"], "PNE-C");
    assert_eq!(claim["remadePane"], Value::Null);

    let event = sockets.expect_event("claim", "claim:updated").await;
    assert_eq!(event[0]["action"], "created");
    let pulled = sockets.expect_event("order", "order:updated").await;
    assert_eq!(pulled[0]["data"]["paneCount"], 1);
    assert_eq!(
        pulled[0]["data"]["stationBreakdown"],
        json!({ b.clone(): 0 })
    );
    assert_eq!(
        pulled[0]["data"]["customer"],
        json!(customer),
        "unpopulated"
    );
    let claimed = sockets.expect_event("pane", "pane:updated").await;
    assert_eq!(claimed[0]["action"], "claimed");
    assert_eq!(claimed[0]["data"]["currentStatus"], "claimed");
    sockets.expect_event("b", "pane:updated").await;
    assert_eq!(
        sockets
            .count_after("inventory", "claim:updated", SETTLE)
            .await,
        0
    );

    // An order linked to the claim embeds it (plain).
    let linked = api
        .patch(
            &format!("/api/orders/{order_id}"),
            &admin,
            json!({"claim": id(&claim)}),
        )
        .await;
    linked.expect(200);
    assert_eq!(linked.data()["claim"]["claimNumber"], "CLM-0001");
    assert_eq!(linked.data()["claim"]["reportedBy"], json!(admin_id));

    // Only the reporter or a claims manager sees it.
    let viewer = api.user_with(&admin, "viewer", &["production:view"]).await;
    let hidden = api
        .get(&format!("/api/claims/{}", id(&claim)), &viewer)
        .await;
    hidden.expect(403);
    assert_eq!(hidden.message(), "Not authorized");
    assert_eq!(
        api.get("/api/claims", &viewer).await.body["pagination"]["total"],
        0
    );
    assert_eq!(
        api.get("/api/claims", &admin).await.body["pagination"]["total"],
        1
    );

    let claim_path = format!("/api/claims/{}", id(&claim));
    let bad_station = api
        .patch(
            &claim_path,
            &admin,
            json!({"status": "approved", "remakeStation": MISSING}),
        )
        .await;
    bad_station.expect(400);
    assert_eq!(bad_station.message(), "Remake station not found");

    // Two approvals race: one remake.
    let tasks: Vec<_> = (0..2)
        .map(|_| {
            let (api, admin, path) = (api.clone(), admin.clone(), claim_path.clone());
            tokio::spawn(async move {
                api.patch(&path, &admin, json!({"status": "approved"}))
                    .await
            })
        })
        .collect();
    let mut remade = Vec::new();
    for task in tasks {
        let answer = task.await.expect("task");
        answer.expect(200);
        assert_eq!(answer.message(), "Claim updated");
        remade.push(answer.data()["remadePane"]["_id"].clone());
    }
    assert_eq!(remade[0], remade[1], "both answers name the one remake");
    assert_eq!(
        count(
            &server,
            "SELECT count(*) FROM panes WHERE remake_of IS NOT NULL"
        )
        .await,
        1
    );
    let remake = api.get("/api/panes/PNE-0001", &admin).await;
    assert_eq!(
        remake.data()["currentStation"]["_id"],
        json!(release),
        "the order-release station"
    );
    assert_eq!(
        remake.data()["order"],
        Value::Null,
        "claim remakes belong to no order"
    );
    let arrived = sockets
        .expect_event("release", "station:pane_arrived")
        .await;
    assert_eq!(arrived[0]["isRemake"], true);
    let notice = sockets.expect_event("release", "notification").await;
    assert_eq!(
        notice[0]["message"],
        "กระจกรีเมค PNE-0001 (แทน PNE-C) arrived"
    );
    let note = sockets.expect_event("boss", "notification").await;
    assert_eq!(note[0]["type"], "claim_approved");
    assert_eq!(
        note[0]["message"],
        "เคลม CLM-0001: กระจก PNE-C → รีเมค PNE-0001"
    );
    assert_eq!(note[0]["referenceType"], "Claim");

    let deleted = api.delete(&claim_path, &admin).await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Claim deleted");
    let stays = api.get("/api/panes/PNE-C", &admin).await;
    assert_eq!(
        stays.data()["currentStatus"],
        "claimed",
        "the pane stays claimed"
    );
    api.delete(&claim_path, &admin).await.expect(404);
    server.stop().await;
}

#[tokio::test]
async fn claims_from_a_pane_take_its_order_and_material() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let order = order(api, &admin, &customer, &material, json!({})).await;
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-F", "order": id(&order), "material": material}),
    )
    .await
    .expect(201);
    api.post("/api/panes", &admin, json!({"paneNumber": "PNE-LOOSE"}))
        .await
        .expect(201);
    let body = |number: &str| {
        json!({"paneNumber": number, "source": "worker", "description": "chip", "reportedBy": admin_id,
               "defectCode": "stain"})
    };
    let created = api
        .post("/api/claims/from-pane", &admin, body("pne-f"))
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Claim created from pane");
    assert_eq!(created.data()["order"]["_id"], order["_id"]);
    assert_eq!(created.data()["material"]["_id"], json!(material));
    assert_eq!(created.data()["defectCode"], "stain");
    let loose = api
        .post("/api/claims/from-pane", &admin, body("PNE-LOOSE"))
        .await;
    loose.expect(400);
    assert_eq!(loose.message(), "Pane has no associated order");
    api.post("/api/claims/from-pane", &admin, body("PNE-NOPE"))
        .await
        .expect(404);
    let bulk = api
        .delete_with(
            "/api/claims",
            &admin,
            json!({"ids": [id(created.data()), MISSING]}),
        )
        .await;
    bulk.expect(200);
    assert_eq!(bulk.data()["deletedCount"], 1);
    server.stop().await;
}
