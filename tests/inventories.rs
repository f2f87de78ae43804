//! Inventories (core.md §7.1–§7.3) against the real server: CRUD with the material populated,
//! the automatic material logs, INV numbers, the move (split/merge) with the existing clients'
//! sequence, the inventory events, and concurrent moves that conserve stock.

mod common;

use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, all, id, inventory, material, me, quantity, seq};
use common::{Api, TestServer};
use serde_json::{Value, json};

async fn logs_of(api: &Api, token: &str, material: &Value) -> Vec<Value> {
    let mut logs = all(
        api,
        token,
        &format!(
            "/api/material-logs?materialId={}&sort=createdAt",
            id(material)
        ),
    )
    .await;
    logs.sort_by_key(|log| log["_id"].as_str().unwrap_or("").to_owned());
    logs
}

#[tokio::test]
async fn inventories_are_created_with_their_material_and_an_import_log() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let glass = material(api, &admin, "Clear 5mm").await;

    let created = api
        .post(
            "/api/inventories",
            &admin,
            json!({"material": id(&glass), "stockType": "Raw", "quantity": 0, "location": " WH-A ", "inventoryNumber": "INV-9999"}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Inventory created");
    let record = created.data().clone();
    assert_eq!(record["material"], glass, "material populated");
    assert_eq!(record["location"], "WH-A");
    assert_eq!(record["storageColor"], "");
    assert_eq!(record["isActive"], true);
    assert_eq!(record["quantity"], 0);
    assert_eq!(record["__v"], 0);
    assert_ne!(record["inventoryNumber"], "INV-9999", "never client-set");
    assert!(
        record["inventoryNumber"]
            .as_str()
            .is_some_and(|n| n.starts_with("INV-") && n.len() == 8)
    );

    let read = api
        .get(&format!("/api/inventories/{}", id(&record)), &admin)
        .await;
    read.expect(200);
    assert_eq!(read.data(), &record);
    let listed = api.get("/api/inventories", &admin).await;
    listed.expect(200);
    assert_eq!(listed.data(), &json!([record]));
    assert_eq!(listed.body["pagination"]["total"], 1);

    // The automatic import log, even for a quantity of 0, with the caller as worker.
    let logs = logs_of(api, &admin, &glass).await;
    assert_eq!(logs.len(), 1);
    let log = &logs[0];
    assert_eq!(log["actionType"], "import");
    assert_eq!(log["quantityChanged"], 0);
    assert_eq!(log["stockType"], "Raw");
    assert_eq!(log["material"], glass);
    assert_eq!(log["worker"]["_id"], admin_id);
    assert!(
        log["worker"]["role"].is_string(),
        "embedded raw role: {log}"
    );
    assert!(log["worker"].get("password").is_none());
    assert_eq!(log["referenceId"], Value::Null);
    assert_eq!(log["parentLog"], Value::Null);
    server.stop().await;
}

#[tokio::test]
async fn inventory_input_and_references_are_checked_before_anything_is_written() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let valid =
        json!({"material": id(&glass), "stockType": "Raw", "quantity": 5, "location": "WH-A"});

    for bad_material in [MISSING, "not-an-id"] {
        let mut body = valid.clone();
        body["material"] = json!(bad_material);
        let refused = api.post("/api/inventories", &admin, body).await;
        refused.expect(400);
        assert_eq!(refused.message(), "Material not found");
    }
    for (key, value) in [
        ("stockType", json!("Scrap")),
        ("quantity", json!(-1)),
        ("quantity", json!("5")),
        ("location", json!("   ")),
        ("material", json!("")),
        ("isActive", json!("yes")),
    ] {
        let mut body = valid.clone();
        body[key] = value.clone();
        let refused = api.post("/api/inventories", &admin, body).await;
        refused.expect(400);
        assert_eq!(refused.message(), "Validation failed", "{key}: {value}");
        assert_eq!(refused.body["errors"][0]["field"], format!("body.{key}"));
    }
    let refused = api
        .post("/api/inventories", &admin, json!({"stockType": "Raw"}))
        .await;
    refused.expect(400);
    assert_eq!(
        refused.body["errors"][0]["message"],
        "Invalid input: expected string, received undefined"
    );
    let enum_error = api
        .post(
            "/api/inventories",
            &admin,
            json!({"material": id(&glass), "quantity": 1, "location": "x"}),
        )
        .await;
    assert_eq!(
        enum_error.body["errors"][0],
        json!({"field": "body.stockType", "message": "Invalid option: expected one of \"Raw\"|\"Reuse\""})
    );
    assert!(all(api, &admin, "/api/inventories").await.is_empty());
    assert!(logs_of(api, &admin, &glass).await.is_empty());

    // Consecutive creates get consecutive numbers; the refused ones burned none.
    let first = inventory(api, &admin, &id(&glass), "Raw", 1.0, "A").await;
    let refused = api
        .post(
            "/api/inventories",
            &admin,
            json!({"material": MISSING, "stockType": "Raw", "quantity": 1, "location": "B"}),
        )
        .await;
    refused.expect(400);
    let second = inventory(api, &admin, &id(&glass), "Reuse", 1.0, "B").await;
    let third = inventory(api, &admin, &id(&glass), "Raw", 1.0, "C").await;
    assert_eq!(seq(&first["inventoryNumber"]), 1);
    assert_eq!(seq(&second["inventoryNumber"]), 2);
    assert_eq!(seq(&third["inventoryNumber"]), 3);
    server.stop().await;
}

#[tokio::test]
async fn inventory_updates_log_the_signed_change_of_quantity() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let other = material(api, &admin, "Other").await;
    let record = inventory(api, &admin, &id(&glass), "Raw", 10.0, "WH-A").await;
    let path = format!("/api/inventories/{}", id(&record));

    let updated = api
        .patch(
            &path,
            &admin,
            json!({"quantity": 25, "storageColor": "blue"}),
        )
        .await;
    updated.expect(200);
    assert_eq!(updated.message(), "Inventory updated");
    assert_eq!(updated.data()["quantity"], 25);
    assert_eq!(updated.data()["storageColor"], "blue");
    assert_eq!(updated.data()["material"], glass);
    assert_eq!(updated.data()["inventoryNumber"], record["inventoryNumber"]);

    api.patch(
        &path,
        &admin,
        json!({"quantity": 20.5, "stockType": "Reuse"}),
    )
    .await
    .expect(200);
    // No quantity change, no log.
    api.patch(&path, &admin, json!({"location": "WH-B", "quantity": 20.5}))
        .await
        .expect(200);

    let logs = logs_of(api, &admin, &glass).await;
    let summary: Vec<(Value, Value, Value)> = logs
        .iter()
        .map(|l| {
            (
                l["actionType"].clone(),
                l["quantityChanged"].clone(),
                l["stockType"].clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (json!("import"), json!(10), json!("Raw")),
            (json!("import"), json!(15), json!("Raw")),
            (json!("withdraw"), json!(-4.5), json!("Reuse")),
        ]
    );

    // Moving the record to another material: the reference is checked, and it comes first.
    let refused = api
        .patch(
            &format!("/api/inventories/{MISSING}"),
            &admin,
            json!({"material": MISSING}),
        )
        .await;
    refused.expect(400);
    assert_eq!(refused.message(), "Material not found");
    let moved = api
        .patch(&path, &admin, json!({"material": id(&other)}))
        .await;
    moved.expect(200);
    assert_eq!(moved.data()["material"], other);

    for missing in [MISSING, "bad"] {
        let answer = api
            .patch(
                &format!("/api/inventories/{missing}"),
                &admin,
                json!({"quantity": 1}),
            )
            .await;
        answer.expect(404);
        assert_eq!(answer.message(), "Inventory not found");
        let answer = api
            .get(&format!("/api/inventories/{missing}"), &admin)
            .await;
        answer.expect(404);
        assert_eq!(answer.message(), "Inventory not found");
    }
    server.stop().await;
}

#[tokio::test]
async fn inventory_deletes_leave_withdrawals_with_a_dead_reference() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    let record = inventory(api, &admin, &id(&glass), "Raw", 10.0, "WH-A").await;
    let spare = inventory(api, &admin, &id(&glass), "Raw", 1.0, "WH-B").await;
    let withdrawal = api
        .post(
            "/api/withdrawals",
            &admin,
            json!({"withdrawnBy": admin_id, "material": id(&glass), "quantity": 2, "stockType": "Raw", "inventory": id(&record)}),
        )
        .await;
    withdrawal.expect(201);
    assert_eq!(withdrawal.data()["inventory"]["_id"], id(&record));

    let path = format!("/api/inventories/{}", id(&record));
    let deleted = api.delete(&path, &admin).await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Inventory deleted");
    assert_eq!(deleted.data(), &Value::Null);
    api.get(&path, &admin).await.expect(404);
    let answer = api.delete(&path, &admin).await;
    answer.expect(404);
    assert_eq!(answer.message(), "Inventory not found");
    // The withdrawal survives; its populated inventory is now null.
    let read = api
        .get(
            &format!("/api/withdrawals/{}", id(withdrawal.data())),
            &admin,
        )
        .await;
    read.expect(200);
    assert_eq!(read.data()["inventory"], Value::Null);

    let bulk = api
        .delete_with(
            "/api/inventories",
            &admin,
            json!({"ids": [id(&spare), MISSING]}),
        )
        .await;
    bulk.expect(200);
    assert_eq!(bulk.message(), "Inventories deleted");
    assert_eq!(bulk.data(), &json!({"deletedCount": 1}));
    assert!(all(api, &admin, "/api/inventories").await.is_empty());
    server.stop().await;
}

#[tokio::test]
async fn the_existing_clients_move_sequence() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    let source = inventory(api, &admin, &id(&glass), "Raw", 100.0, "WH-A").await;
    let move_path = format!("/api/inventories/{}/move", id(&source));

    // 100 at WH-A; move 30 to WH-B → source 70, target 30 at WH-B.
    let first = api
        .post(
            &move_path,
            &admin,
            json!({"quantity": 30, "toLocation": "WH-B"}),
        )
        .await;
    first.expect(200);
    assert_eq!(first.message(), "Inventory moved");
    assert_eq!(first.data()["source"]["quantity"], 70);
    assert_eq!(first.data()["source"]["material"], glass, "populated");
    assert_eq!(first.data()["target"]["quantity"], 30);
    assert_eq!(first.data()["target"]["location"], "WH-B");
    assert_eq!(first.data()["target"]["material"], glass, "populated");
    assert_eq!(first.data()["target"]["storageColor"], "");
    assert_eq!(first.data()["target"]["stockType"], "Raw");
    assert_eq!(first.data()["movedQuantity"], 30);
    assert_eq!(
        seq(&first.data()["target"]["inventoryNumber"]),
        seq(&source["inventoryNumber"]) + 1,
        "the split allocates the next INV number"
    );
    let target_id = id(&first.data()["target"]);

    // Move 20 to WH-B → source 50, the same target, now 50.
    let second = api
        .post(
            &move_path,
            &admin,
            json!({"quantity": 20, "toLocation": "WH-B"}),
        )
        .await;
    second.expect(200);
    assert_eq!(second.data()["source"]["quantity"], 50);
    assert_eq!(id(&second.data()["target"]), target_id);
    assert_eq!(second.data()["target"]["quantity"], 50);

    // Move 10 to WH-C with a colour → the new target is red.
    let third = api
        .post(
            &move_path,
            &admin,
            json!({"quantity": 10, "toLocation": "WH-C", "toStorageColor": "red"}),
        )
        .await;
    third.expect(200);
    assert_eq!(third.data()["target"]["storageColor"], "red");
    assert_eq!(third.data()["source"]["quantity"], 40);

    // Move 999 → 400 Insufficient, source unchanged at 40.
    let refused = api
        .post(
            &move_path,
            &admin,
            json!({"quantity": 999, "toLocation": "WH-B"}),
        )
        .await;
    refused.expect(400);
    assert!(refused.message().contains("Insufficient"));
    assert_eq!(
        refused.message(),
        "Insufficient stock. Available: 40, Requested: 999"
    );
    assert_eq!(quantity(api, &admin, &id(&source)).await, 40.0);

    // From an id that does not exist → 404.
    let missing = api
        .post(
            &format!("/api/inventories/{MISSING}/move"),
            &admin,
            json!({"quantity": 1, "toLocation": "WH-B"}),
        )
        .await;
    missing.expect(404);
    assert_eq!(missing.message(), "Source inventory not found");

    // Merging into WH-B again, with a colour, overwrites the target's colour.
    let merged = api
        .post(
            &move_path,
            &admin,
            json!({"quantity": 1.5, "toLocation": "WH-B", "toStorageColor": "green"}),
        )
        .await;
    merged.expect(200);
    assert_eq!(merged.data()["target"]["storageColor"], "green");
    assert_eq!(merged.data()["target"]["quantity"], 51.5);

    // Every move wrote a withdraw then an import whose parent is the withdraw.
    let logs = logs_of(api, &admin, &glass).await;
    assert_eq!(
        logs.len(),
        1 + 2 * 4,
        "the import of the create, then two per move"
    );
    for (pair, moved) in logs[1..].chunks(2).zip([30.0, 20.0, 10.0, 1.5]) {
        assert_eq!(pair[0]["actionType"], "withdraw");
        assert_eq!(pair[0]["quantityChanged"].as_f64(), Some(-moved));
        assert_eq!(pair[0]["parentLog"], Value::Null);
        assert_eq!(pair[1]["actionType"], "import");
        assert_eq!(pair[1]["quantityChanged"].as_f64(), Some(moved));
        assert_eq!(pair[1]["parentLog"]["_id"], pair[0]["_id"]);
        assert_eq!(
            pair[1]["parentLog"]["material"],
            id(&glass),
            "one level deep"
        );
        for log in pair {
            assert_eq!(log["stockType"], "Raw");
            assert_eq!(log["worker"]["_id"], admin_id);
        }
    }
    server.stop().await;
}

#[tokio::test]
async fn moves_onto_the_same_record_or_nowhere_are_refused_and_write_nothing() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let source = inventory(api, &admin, &id(&glass), "Reuse", 10.0, "WH-A").await;
    let move_path = format!("/api/inventories/{}/move", id(&source));

    let own = api
        .post(
            &move_path,
            &admin,
            json!({"quantity": 1, "toLocation": " WH-A "}),
        )
        .await;
    own.expect(400);
    assert!(own.message().contains("WH-A"), "{}", own.message());
    for (body, field) in [
        (
            json!({"quantity": 1, "toLocation": "   "}),
            "body.toLocation",
        ),
        (
            json!({"quantity": 0.5, "toLocation": "WH-B"}),
            "body.quantity",
        ),
        (
            json!({"quantity": "1", "toLocation": "WH-B"}),
            "body.quantity",
        ),
        (json!({"toLocation": "WH-B"}), "body.quantity"),
        (json!({"quantity": 1}), "body.toLocation"),
        (
            json!({"quantity": 1, "toLocation": "WH-B", "toStorageColor": 3}),
            "body.toStorageColor",
        ),
    ] {
        let refused = api.post(&move_path, &admin, body.clone()).await;
        refused.expect(400);
        assert_eq!(refused.message(), "Validation failed", "{body}");
        assert_eq!(refused.body["errors"][0]["field"], field, "{body}");
    }
    let malformed = api
        .post(
            "/api/inventories/zzz/move",
            &admin,
            json!({"quantity": 1, "toLocation": "B"}),
        )
        .await;
    malformed.expect(404);
    assert_eq!(quantity(api, &admin, &id(&source)).await, 10.0);
    assert_eq!(all(api, &admin, "/api/inventories").await.len(), 1);
    assert_eq!(
        logs_of(api, &admin, &glass).await.len(),
        1,
        "only the create's import"
    );

    // A different stock type at the destination is not a merge target.
    let raw_there = inventory(api, &admin, &id(&glass), "Raw", 3.0, "WH-B").await;
    let split = api
        .post(
            &move_path,
            &admin,
            json!({"quantity": 4, "toLocation": "WH-B"}),
        )
        .await;
    split.expect(200);
    assert_ne!(id(&split.data()["target"]), id(&raw_there));
    assert_eq!(split.data()["target"]["stockType"], "Reuse");
    assert_eq!(quantity(api, &admin, &id(&raw_there)).await, 3.0);
    // A source that reaches 0 is kept.
    let emptied = api
        .post(
            &move_path,
            &admin,
            json!({"quantity": 6, "toLocation": "WH-B"}),
        )
        .await;
    emptied.expect(200);
    assert_eq!(emptied.data()["source"]["quantity"], 0);
    assert_eq!(quantity(api, &admin, &id(&source)).await, 0.0);
    server.stop().await;
}

#[tokio::test]
async fn inventory_events_reach_the_inventory_room_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("inventory", &admin).await;
    sockets.ack("inventory", "join_inventory", vec![]).await;
    sockets.connect("dashboard", &admin).await;
    sockets.ack("dashboard", "join_dashboard", vec![]).await;
    sockets.connect("pricing", &admin).await;
    sockets.ack("pricing", "join_pricing", vec![]).await;
    sockets.connect("log", &admin).await;
    sockets.ack("log", "join_log", vec![]).await;

    let created = inventory(api, &admin, &id(&glass), "Raw", 10.0, "WH-A").await;
    for sock in ["inventory", "dashboard"] {
        let event = sockets.expect_event(sock, "inventory:updated").await;
        assert_eq!(event[0], json!({"action": "created", "data": created}));
    }

    let path = format!("/api/inventories/{}", id(&created));
    let updated = api.patch(&path, &admin, json!({"quantity": 12})).await;
    updated.expect(200);
    let event = sockets.expect_event("inventory", "inventory:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "updated", "data": updated.data()})
    );

    let moved = api
        .post(
            &format!("{path}/move"),
            &admin,
            json!({"quantity": 2, "toLocation": "WH-B"}),
        )
        .await;
    moved.expect(200);
    let event = sockets.expect_event("inventory", "inventory:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "moved", "data": {"source": moved.data()["source"], "target": moved.data()["target"], "quantity": 2}})
    );

    let target = id(&moved.data()["target"]);
    let target_doc = api.get(&format!("/api/inventories/{target}"), &admin).await;
    api.delete(&format!("/api/inventories/{target}"), &admin)
        .await
        .expect(200);
    let event = sockets.expect_event("inventory", "inventory:updated").await;
    let mut unpopulated = target_doc.data().clone();
    unpopulated["material"] = json!(id(&glass));
    assert_eq!(event[0], json!({"action": "deleted", "data": unpopulated}));

    api.delete_with("/api/inventories", &admin, json!({"ids": [id(&created)]}))
        .await
        .expect(200);
    let event = sockets.expect_event("inventory", "inventory:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "deleted", "data": {"ids": [id(&created)]}})
    );

    assert_eq!(
        sockets
            .count_after("pricing", "inventory:updated", SETTLE)
            .await,
        0
    );
    // The automatic logs of create, update and move send no log:updated.
    assert_eq!(
        sockets
            .count_after("log", "log:updated", Default::default())
            .await,
        0
    );
    server.stop().await;
}

#[tokio::test]
async fn concurrent_moves_conserve_stock() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let a = inventory(api, &admin, &id(&glass), "Raw", 20.0, "A").await;
    let b = inventory(api, &admin, &id(&glass), "Raw", 20.0, "B").await;

    // 40 moves of 1 from A (to B and to C) and 20 from B to A, all at once: A can give at
    // most what it holds at each moment, and no unit may appear or vanish.
    let mut calls = Vec::new();
    for n in 0..60 {
        let (from, to) = match n % 3 {
            0 => (id(&a), "B"),
            1 => (id(&a), "C"),
            _ => (id(&b), "A"),
        };
        let api = api.clone();
        let admin = admin.clone();
        calls.push(tokio::spawn(async move {
            api.post(
                &format!("/api/inventories/{from}/move"),
                &admin,
                json!({"quantity": 1, "toLocation": to}),
            )
            .await
        }));
    }
    let mut moved = 0;
    for call in calls {
        let answer = call.await.expect("the call ran");
        match answer.status.as_u16() {
            200 => moved += 1,
            400 => assert!(
                answer.message().starts_with("Insufficient stock"),
                "{}",
                answer.body
            ),
            other => panic!("unexpected {other}: {}", answer.body),
        }
    }
    // B always has its 20 to give and A at least its own 20.
    assert!(moved >= 40, "only {moved} moves succeeded");
    let records = all(api, &admin, "/api/inventories").await;
    let total: f64 = records.iter().filter_map(|r| r["quantity"].as_f64()).sum();
    assert_eq!(total, 40.0, "stock conserved: {records:?}");
    assert!(records.iter().all(|r| r["quantity"].as_f64() >= Some(0.0)));
    let locations: Vec<&str> = records
        .iter()
        .filter_map(|r| r["location"].as_str())
        .collect();
    assert_eq!(locations.len(), 3, "one record per location: {locations:?}");
    // Every successful move left exactly its two logs.
    assert_eq!(logs_of(api, &admin, &glass).await.len(), 2 + 2 * moved);
    server.stop().await;
}
