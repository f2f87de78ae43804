//! Withdrawals (core.md §9) against the real server: the existing clients' stock sequence, the
//! stock rules of §9.2, the automatic log, visibility, WDW numbers, events, and 50 concurrent
//! withdrawals against a stock of 20.

mod common;

use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, all, id, inventory, material, me, quantity, seq};
use common::{Answer, Api, TestServer};
use serde_json::{Value, json};

async fn withdraw(api: &Api, token: &str, body: Value) -> Answer {
    api.post("/api/withdrawals", token, body).await
}

fn take(worker: &str, material: &Value, quantity: f64, stock_type: &str) -> Value {
    json!({"withdrawnBy": worker, "material": id(material), "quantity": quantity, "stockType": stock_type})
}

#[tokio::test]
async fn the_existing_clients_withdrawal_sequence() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let me = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    let raw = id(&inventory(api, &admin, &id(&glass), "Raw", 100.0, "WH-A").await);

    let first = withdraw(api, &admin, take(&me, &glass, 30.0, "Raw")).await;
    first.expect(201);
    assert_eq!(quantity(api, &admin, &raw).await, 70.0);
    let second = withdraw(api, &admin, take(&me, &glass, 50.0, "Raw")).await;
    second.expect(201);
    assert_eq!(quantity(api, &admin, &raw).await, 20.0);
    let refused = withdraw(api, &admin, take(&me, &glass, 25.0, "Raw")).await;
    refused.expect(400);
    assert_eq!(
        refused.message(),
        "Insufficient Raw stock. Available: 20, Requested: 25"
    );
    assert_eq!(quantity(api, &admin, &raw).await, 20.0);

    let deleted = api
        .delete(&format!("/api/withdrawals/{}", id(first.data())), &admin)
        .await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Withdrawal deleted");
    assert_eq!(deleted.data(), &Value::Null);
    assert_eq!(quantity(api, &admin, &raw).await, 50.0);

    let second_path = format!("/api/withdrawals/{}", id(second.data()));
    let patched = api
        .patch(&second_path, &admin, json!({"quantity": 10}))
        .await;
    patched.expect(200);
    assert_eq!(patched.message(), "Withdrawal updated");
    assert_eq!(patched.data()["quantity"], 10);
    assert_eq!(
        patched.data()["withdrawalNumber"],
        second.data()["withdrawalNumber"]
    );
    assert_eq!(quantity(api, &admin, &raw).await, 90.0);
    let refused = api
        .patch(&second_path, &admin, json!({"quantity": 101}))
        .await;
    refused.expect(400);
    assert!(
        refused.message().starts_with("Insufficient"),
        "{}",
        refused.message()
    );
    assert_eq!(quantity(api, &admin, &raw).await, 90.0);
    assert_eq!(api.get(&second_path, &admin).await.data()["quantity"], 10);

    let reuse = id(&inventory(api, &admin, &id(&glass), "Reuse", 15.0, "WH-B").await);
    let third = withdraw(api, &admin, take(&me, &glass, 10.0, "Reuse")).await;
    third.expect(201);
    assert_eq!(quantity(api, &admin, &reuse).await, 5.0);
    assert_eq!(quantity(api, &admin, &raw).await, 90.0);

    let bulk = api
        .delete_with(
            "/api/withdrawals",
            &admin,
            json!({"ids": [id(second.data()), id(third.data()), MISSING]}),
        )
        .await;
    bulk.expect(200);
    assert_eq!(bulk.message(), "Withdrawals deleted");
    assert_eq!(bulk.data(), &json!({"deletedCount": 2}));
    assert_eq!(quantity(api, &admin, &raw).await, 100.0);
    assert_eq!(quantity(api, &admin, &reuse).await, 15.0);
    server.stop().await;
}

#[tokio::test]
async fn a_withdrawal_is_populated_numbered_and_logged() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let approver = api.user_with(&admin, "approver", &["inventory:view"]).await;
    let approver_id = me(api, &approver).await;
    let glass = material(api, &admin, "Glass").await;
    let record = inventory(api, &admin, &id(&glass), "Raw", 10.0, "WH-A").await;

    let created = withdraw(
        api,
        &admin,
        json!({"withdrawnBy": admin_id, "material": id(&glass), "quantity": 2.5, "stockType": "Raw",
               "approvedBy": approver_id, "status": "rejected", "notes": " cut sheet ",
               "inventory": id(&record), "withdrawnDimensions": {"width": 100, "height": 50.5},
               "withdrawnDate": "2024-01-02T03:04:05Z", "withdrawalNumber": "WDW-9999"}),
    )
    .await;
    created.expect(201);
    assert_eq!(created.message(), "Withdrawal created");
    let w = created.data().clone();
    assert_eq!(w["withdrawalNumber"], "WDW-0001");
    assert_eq!(w["withdrawnBy"]["_id"], admin_id);
    assert!(w["withdrawnBy"]["role"].is_string(), "raw role: {w}");
    assert!(w["withdrawnBy"].get("password").is_none());
    assert_eq!(w["approvedBy"]["_id"], approver_id);
    assert!(w["approvedBy"]["role"].is_string());
    assert_eq!(w["material"], glass);
    assert_eq!(w["inventory"]["_id"], id(&record));
    assert_eq!(
        w["inventory"]["material"],
        id(&glass),
        "refs inside stay ids"
    );
    assert_eq!(w["inventory"]["quantity"], 7.5, "read after the deduction");
    assert_eq!(w["order"], Value::Null);
    assert_eq!(w["panes"], json!([]));
    assert_eq!(w["status"], "rejected");
    assert_eq!(w["notes"], " cut sheet ");
    assert_eq!(
        w["withdrawnDimensions"],
        json!({"width": 100, "height": 50.5, "thickness": null})
    );
    assert_eq!(w["withdrawnDate"], "2024-01-02T03:04:05.000Z");
    assert_eq!(w["quantity"], 2.5);
    // Deducted at creation whatever the status (§16 #6).
    assert_eq!(quantity(api, &admin, &id(&record)).await, 7.5);

    let read = api
        .get(&format!("/api/withdrawals/{}", id(&w)), &admin)
        .await;
    read.expect(200);
    assert_eq!(read.data(), &w);

    let plain = withdraw(api, &admin, take(&admin_id, &glass, 1.0, "Raw")).await;
    plain.expect(201);
    assert_eq!(plain.data()["status"], "pending");
    assert_eq!(plain.data()["approvedBy"], Value::Null);
    assert_eq!(plain.data()["inventory"], Value::Null);
    assert_eq!(plain.data()["notes"], "");
    assert_eq!(
        plain.data()["withdrawnDimensions"],
        json!({"width": null, "height": null, "thickness": null})
    );
    assert!(plain.data()["withdrawnDate"].is_string());

    let logs = all(
        api,
        &admin,
        "/api/material-logs?actionType=withdraw&sort=createdAt",
    )
    .await;
    assert_eq!(logs.len(), 2);
    for (log, (reference, amount)) in logs
        .iter()
        .zip([(json!(id(&record)), -2.5), (Value::Null, -1.0)])
    {
        assert_eq!(
            log["referenceId"], reference,
            "the inventory, not the withdrawal"
        );
        assert_eq!(log["referenceType"], Value::Null);
        assert_eq!(log["quantityChanged"].as_f64(), Some(amount));
        assert_eq!(log["stockType"], "Raw");
        assert_eq!(log["worker"]["_id"], admin_id);
        assert_eq!(log["material"], glass);
    }
    server.stop().await;
}

#[tokio::test]
async fn refused_withdrawals_write_nothing_and_burn_no_number() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let me = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    let steel = material(api, &admin, "Steel").await;
    let record = inventory(api, &admin, &id(&glass), "Raw", 5.0, "WH-A").await;
    let steel_record = inventory(api, &admin, &id(&steel), "Raw", 5.0, "WH-A").await;

    let first = withdraw(api, &admin, take(&me, &glass, 1.0, "Raw")).await;
    first.expect(201);
    let with = |pairs: &[(&str, Value)]| {
        let mut body = take(&me, &glass, 1.0, "Raw");
        for (key, value) in pairs {
            body[*key] = value.clone();
        }
        body
    };
    for (body, status, message) in [
        (
            with(&[
                ("material", json!(MISSING)),
                ("withdrawnBy", json!(MISSING)),
            ]),
            400,
            "Material not found",
        ),
        (
            with(&[
                ("withdrawnBy", json!(MISSING)),
                ("approvedBy", json!(MISSING)),
            ]),
            400,
            "Worker (withdrawnBy) not found",
        ),
        (
            with(&[("approvedBy", json!("garbage")), ("order", json!(MISSING))]),
            400,
            "Worker (approvedBy) not found",
        ),
        (
            with(&[("order", json!(MISSING)), ("panes", json!([MISSING]))]),
            400,
            "Order not found",
        ),
        (with(&[("panes", json!([MISSING]))]), 400, "Pane not found"),
        (
            with(&[("inventory", json!(MISSING))]),
            404,
            "Specific inventory record not found",
        ),
        (
            with(&[("inventory", json!("bad-id"))]),
            404,
            "Specific inventory record not found",
        ),
        (
            with(&[("inventory", json!(id(&steel_record)))]),
            400,
            "Material mismatch for the specified inventory",
        ),
        (
            with(&[("inventory", json!(id(&record))), ("quantity", json!(9))]),
            400,
            "Insufficient stock in specified inventory. Available: 4, Requested: 9",
        ),
        (
            with(&[("stockType", json!("Reuse"))]),
            400,
            "Insufficient Reuse stock. Available: 0, Requested: 1",
        ),
    ] {
        let refused = withdraw(api, &admin, body.clone()).await;
        refused.expect(status);
        assert_eq!(refused.message(), message, "{body}");
    }
    for (body, field) in [
        (with(&[("quantity", json!(0.5))]), "body.quantity"),
        (with(&[("stockType", json!("raw"))]), "body.stockType"),
        (with(&[("status", json!("done"))]), "body.status"),
        (
            with(&[("withdrawnDate", json!("2024-01-01"))]),
            "body.withdrawnDate",
        ),
        (
            with(&[("withdrawnDate", json!("2024-01-01T00:00:00+07:00"))]),
            "body.withdrawnDate",
        ),
        (
            with(&[("withdrawnDimensions", json!({"width": -1}))]),
            "body.withdrawnDimensions.width",
        ),
        (with(&[("notes", json!(null))]), "body.notes"),
        (
            json!({"material": id(&glass), "quantity": 1, "stockType": "Raw"}),
            "body.withdrawnBy",
        ),
    ] {
        let refused = withdraw(api, &admin, body.clone()).await;
        refused.expect(400);
        assert_eq!(refused.message(), "Validation failed", "{body}");
        assert_eq!(refused.body["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(quantity(api, &admin, &id(&record)).await, 4.0);
    assert_eq!(quantity(api, &admin, &id(&steel_record)).await, 5.0);
    assert_eq!(all(api, &admin, "/api/withdrawals").await.len(), 1);
    assert_eq!(
        all(api, &admin, "/api/material-logs?actionType=withdraw")
            .await
            .len(),
        1
    );
    let second = withdraw(api, &admin, take(&me, &glass, 1.0, "Raw")).await;
    second.expect(201);
    assert_eq!(seq(&first.data()["withdrawalNumber"]), 1);
    assert_eq!(
        seq(&second.data()["withdrawalNumber"]),
        2,
        "no number was burnt"
    );
    server.stop().await;
}

#[tokio::test]
async fn stock_is_taken_oldest_first_and_given_back_where_it_belongs() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let me = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    let steel = material(api, &admin, "Steel").await;
    let old = id(&inventory(api, &admin, &id(&glass), "Raw", 10.0, "A").await);
    let new = id(&inventory(api, &admin, &id(&glass), "Raw", 30.0, "B").await);
    let steel_raw = id(&inventory(api, &admin, &id(&steel), "Raw", 8.0, "A").await);

    let fifo = withdraw(api, &admin, take(&me, &glass, 25.0, "Raw")).await;
    fifo.expect(201);
    assert_eq!(quantity(api, &admin, &old).await, 0.0);
    assert_eq!(quantity(api, &admin, &new).await, 15.0);

    let specific = withdraw(
        api,
        &admin,
        json!({"withdrawnBy": me, "material": id(&glass), "quantity": 5, "stockType": "Reuse", "inventory": new}),
    )
    .await;
    specific.expect(201);
    assert_eq!(
        quantity(api, &admin, &new).await,
        10.0,
        "its stock type is not compared"
    );

    // Changing only notes, status or approver has no stock effect.
    let path = format!("/api/withdrawals/{}", id(fifo.data()));
    let patched = api
        .patch(
            &path,
            &admin,
            json!({"notes": "checked", "status": "approved", "approvedBy": me}),
        )
        .await;
    patched.expect(200);
    assert_eq!(patched.data()["status"], "approved");
    assert_eq!(patched.data()["approvedBy"]["_id"], me);
    assert_eq!(quantity(api, &admin, &old).await, 0.0);
    assert_eq!(quantity(api, &admin, &new).await, 10.0);

    // Moving the withdrawal to another material gives glass back (to the oldest record) and
    // takes steel.
    let moved = api
        .patch(
            &path,
            &admin,
            json!({"material": id(&steel), "quantity": 3}),
        )
        .await;
    moved.expect(200);
    assert_eq!(moved.data()["material"], steel.clone());
    assert_eq!(quantity(api, &admin, &old).await, 25.0);
    assert_eq!(quantity(api, &admin, &steel_raw).await, 5.0);

    // Deleting the specific one gives its stock back to its own record.
    api.delete(&format!("/api/withdrawals/{}", id(specific.data())), &admin)
        .await
        .expect(200);
    assert_eq!(quantity(api, &admin, &new).await, 15.0);

    // 404 comes first on PATCH, then the references.
    let answer = api
        .patch(
            &format!("/api/withdrawals/{MISSING}"),
            &admin,
            json!({"material": MISSING}),
        )
        .await;
    answer.expect(404);
    assert_eq!(answer.message(), "Withdrawal not found");
    let answer = api
        .patch(&path, &admin, json!({"approvedBy": MISSING}))
        .await;
    answer.expect(400);
    assert_eq!(answer.message(), "Worker (approvedBy) not found");
    for missing in [MISSING, "nope"] {
        api.get(&format!("/api/withdrawals/{missing}"), &admin)
            .await
            .expect(404);
        api.delete(&format!("/api/withdrawals/{missing}"), &admin)
            .await
            .expect(404);
    }
    server.stop().await;
}

#[tokio::test]
async fn withdrawals_are_visible_to_their_owner_and_to_stock_keepers() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    inventory(api, &admin, &id(&glass), "Raw", 100.0, "A").await;
    let station = api
        .user_with(&admin, "station", &["station:enter:s1", "inventory:manage"])
        .await;
    let viewer = api.user_with(&admin, "viewer", &["inventory:view"]).await;
    let manager = api
        .user_with(
            &admin,
            "manager2",
            &["inventory:view", "withdrawals:manage"],
        )
        .await;
    let station_id = me(api, &station).await;
    let admin_id = me(api, &admin).await;

    let own = withdraw(api, &station, take(&station_id, &glass, 1.0, "Raw")).await;
    own.expect(201);
    let others = withdraw(api, &admin, take(&admin_id, &glass, 1.0, "Raw")).await;
    others.expect(201);

    let list = api.get("/api/withdrawals", &station).await;
    list.expect(200);
    assert_eq!(list.body["pagination"]["total"], 1);
    assert_eq!(id(&list.data()[0]), id(own.data()));
    for token in [&viewer, &manager, &admin] {
        let list = api.get("/api/withdrawals", token).await;
        list.expect(200);
        assert_eq!(list.body["pagination"]["total"], 2);
    }

    let own_path = format!("/api/withdrawals/{}", id(own.data()));
    let others_path = format!("/api/withdrawals/{}", id(others.data()));
    api.get(&own_path, &station).await.expect(200);
    let refused = api.get(&others_path, &station).await;
    refused.expect(403);
    assert_eq!(
        refused.body,
        json!({"success": false, "message": "Not authorized"})
    );
    // inventory:view lists everyone's but may read only its own (as upstream, §16 #9).
    let refused = api.get(&others_path, &viewer).await;
    refused.expect(403);
    assert_eq!(refused.message(), "Not authorized");
    api.get(&others_path, &manager).await.expect(200);
    api.get(&own_path, &admin).await.expect(200);
    // 404 before 403.
    let missing = api
        .get(&format!("/api/withdrawals/{MISSING}"), &station)
        .await;
    missing.expect(404);
    server.stop().await;
}

#[tokio::test]
async fn withdrawal_events_reach_their_rooms_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let me = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    inventory(api, &admin, &id(&glass), "Raw", 50.0, "A").await;
    let sockets = Sockets::start(&server.base_url()).await;
    for room in ["withdrawal", "inventory", "log", "pricing"] {
        sockets.connect(room, &admin).await;
        sockets.ack(room, &format!("join_{room}"), vec![]).await;
    }

    let created = withdraw(api, &admin, take(&me, &glass, 4.0, "Raw")).await;
    created.expect(201);
    let event = sockets
        .expect_event("withdrawal", "withdrawal:updated")
        .await;
    assert_eq!(
        event[0],
        json!({"action": "created", "data": created.data()})
    );
    assert_eq!(
        event[0]["data"]["withdrawalNumber"],
        created.data()["withdrawalNumber"]
    );
    let event = sockets.expect_event("inventory", "inventory:updated").await;
    assert_eq!(event[0], json!({"action": "adjusted"}), "no data key");
    let event = sockets.expect_event("log", "log:updated").await;
    assert_eq!(event[0]["action"], "created");
    assert_eq!(event[0]["data"]["actionType"], "withdraw");
    assert_eq!(event[0]["data"]["quantityChanged"], -4);
    assert_eq!(event[0]["data"]["material"], glass);
    assert_eq!(event[0]["data"]["worker"]["_id"], me);
    assert_eq!(
        event[0]["data"],
        all(api, &admin, "/api/material-logs?actionType=withdraw").await[0]
    );

    let path = format!("/api/withdrawals/{}", id(created.data()));
    let noted = api.patch(&path, &admin, json!({"notes": "n"})).await;
    noted.expect(200);
    let event = sockets
        .expect_event("withdrawal", "withdrawal:updated")
        .await;
    assert_eq!(event[0], json!({"action": "updated", "data": noted.data()}));
    assert_eq!(
        sockets
            .count_after("inventory", "inventory:updated", SETTLE)
            .await,
        0,
        "no stock effect, no adjusted"
    );
    let resized = api.patch(&path, &admin, json!({"quantity": 6})).await;
    resized.expect(200);
    let event = sockets
        .expect_event("withdrawal", "withdrawal:updated")
        .await;
    assert_eq!(
        event[0],
        json!({"action": "updated", "data": resized.data()})
    );
    let event = sockets.expect_event("inventory", "inventory:updated").await;
    assert_eq!(event[0], json!({"action": "adjusted"}));

    let stored = {
        let mut doc = resized.data().clone();
        doc["withdrawnBy"] = json!(me);
        doc["material"] = json!(id(&glass));
        doc
    };
    api.delete(&path, &admin).await.expect(200);
    let event = sockets
        .expect_event("withdrawal", "withdrawal:updated")
        .await;
    assert_eq!(event[0], json!({"action": "deleted", "data": stored}));
    let event = sockets.expect_event("inventory", "inventory:updated").await;
    assert_eq!(event[0], json!({"action": "adjusted"}));
    assert_eq!(
        sockets
            .count_after("inventory", "inventory:updated", SETTLE)
            .await,
        0,
        "exactly one adjusted"
    );

    let other = withdraw(api, &admin, take(&me, &glass, 1.0, "Raw")).await;
    other.expect(201);
    sockets
        .expect_event("withdrawal", "withdrawal:updated")
        .await;
    sockets.expect_event("inventory", "inventory:updated").await;
    api.delete_with(
        "/api/withdrawals",
        &admin,
        json!({"ids": [id(other.data())]}),
    )
    .await
    .expect(200);
    let event = sockets
        .expect_event("withdrawal", "withdrawal:updated")
        .await;
    assert_eq!(
        event[0],
        json!({"action": "deleted", "data": {"ids": [id(other.data())]}})
    );
    let event = sockets.expect_event("inventory", "inventory:updated").await;
    assert_eq!(event[0], json!({"action": "adjusted"}));

    for name in ["withdrawal:updated", "inventory:updated", "log:updated"] {
        assert_eq!(
            sockets.count_after("pricing", name, SETTLE).await,
            0,
            "{name}"
        );
    }
    server.stop().await;
}

#[tokio::test]
async fn fifty_parallel_withdrawals_never_oversell_twenty() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let me = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    let a = id(&inventory(api, &admin, &id(&glass), "Raw", 12.0, "A").await);
    let b = id(&inventory(api, &admin, &id(&glass), "Raw", 8.0, "B").await);

    let calls: Vec<_> = (0..50)
        .map(|_| {
            let api = api.clone();
            let admin = admin.clone();
            let body = take(&me, &glass, 1.0, "Raw");
            tokio::spawn(async move { withdraw(&api, &admin, body).await })
        })
        .collect();
    let mut numbers = Vec::new();
    let mut refused = 0;
    for call in calls {
        let answer = call.await.expect("the call ran");
        match answer.status.as_u16() {
            201 => numbers.push(seq(&answer.data()["withdrawalNumber"])),
            400 => {
                assert!(
                    answer
                        .message()
                        .starts_with("Insufficient Raw stock. Available: 0")
                );
                refused += 1;
            }
            other => panic!("unexpected {other}: {}", answer.body),
        }
    }
    assert_eq!(numbers.len(), 20);
    assert_eq!(refused, 30);
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        (1..=20).collect::<Vec<u64>>(),
        "no number burnt or repeated"
    );
    let left = quantity(api, &admin, &a).await + quantity(api, &admin, &b).await;
    assert_eq!(left, 0.0);
    assert!(quantity(api, &admin, &a).await >= 0.0 && quantity(api, &admin, &b).await >= 0.0);
    let withdrawn: f64 = all(api, &admin, "/api/withdrawals")
        .await
        .iter()
        .filter_map(|w| w["quantity"].as_f64())
        .sum();
    assert_eq!(left + withdrawn, 20.0, "stock + withdrawn is conserved");
    let logs = all(api, &admin, "/api/material-logs?actionType=withdraw").await;
    assert_eq!(logs.len(), 20, "one log per successful withdrawal");
    assert!(logs.iter().all(|l| l["quantityChanged"] == -1));

    // Giving everything back restores the 20 units exactly.
    let ids: Vec<String> = all(api, &admin, "/api/withdrawals")
        .await
        .iter()
        .map(id)
        .collect();
    api.delete_with("/api/withdrawals", &admin, json!({"ids": ids}))
        .await
        .expect(200);
    let restored = quantity(api, &admin, &a).await + quantity(api, &admin, &b).await;
    assert_eq!(restored, 20.0);
    server.stop().await;
}
