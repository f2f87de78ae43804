//! Customers (core.md §5) and materials (§6) against the real server: CRUD, pagination and
//! sort, bulk delete, the material events and the material delete cascade (§13.2).

mod common;

use common::TestServer;
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, all, id, inventory, material, me};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::Duration;

#[tokio::test]
async fn customers_are_created_read_updated_and_deleted() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let created = api
        .post(
            "/api/customers",
            &admin,
            json!({"name": "  Siam Glass  ", "phone": " 02-123 ", "unknown": 1}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Customer created");
    let customer = created.data().clone();
    assert_eq!(customer["name"], "Siam Glass");
    assert_eq!(customer["phone"], "02-123");
    assert_eq!(customer["address"], "");
    assert_eq!(customer["notes"], "");
    assert_eq!(customer["discount"], 0);
    assert_eq!(customer["__v"], 0);
    assert!(customer.get("unknown").is_none());
    let path = format!("/api/customers/{}", id(&customer));

    let read = api.get(&path, &admin).await;
    read.expect(200);
    assert_eq!(read.message(), "Success");
    assert_eq!(read.data(), &customer);

    let updated = api
        .patch(&path, &admin, json!({"discount": 12.5, "notes": " vip "}))
        .await;
    updated.expect(200);
    assert_eq!(updated.message(), "Customer updated");
    assert_eq!(updated.data()["discount"], 12.5);
    assert_eq!(updated.data()["notes"], "vip");
    assert_eq!(updated.data()["name"], "Siam Glass");
    assert_ne!(updated.data()["updatedAt"], customer["updatedAt"]);

    for body in [
        json!({"discount": 101}),
        json!({"discount": -1}),
        json!({"name": "   "}),
        json!({"discount": "5"}),
        json!({"phone": null}),
    ] {
        let refused = api.patch(&path, &admin, body.clone()).await;
        refused.expect(400);
        assert_eq!(refused.message(), "Validation failed", "{body}");
    }
    let refused = api.post("/api/customers", &admin, json!({})).await;
    refused.expect(400);
    assert_eq!(refused.body["errors"][0]["field"], "body.name");

    for missing in [MISSING, "not-an-id"] {
        let path = format!("/api/customers/{missing}");
        let answer = api.get(&path, &admin).await;
        answer.expect(404);
        assert_eq!(answer.message(), "Customer not found");
        api.patch(&path, &admin, json!({"name": "x"}))
            .await
            .expect(404);
        api.delete(&path, &admin).await.expect(404);
    }

    let deleted = api.delete(&path, &admin).await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Customer deleted");
    assert_eq!(deleted.data(), &Value::Null);
    api.get(&path, &admin).await.expect(404);
    api.delete(&path, &admin).await.expect(404);
    server.stop().await;
}

#[tokio::test]
async fn customer_lists_page_sort_and_bulk_delete() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let mut ids = Vec::new();
    for name in [
        "delta", "alpha", "echo", "charlie", "bravo", "golf", "foxtrot",
    ] {
        let created = api
            .post("/api/customers", &admin, json!({"name": name}))
            .await;
        created.expect(201);
        ids.push(id(created.data()));
    }

    let first = api.get("/api/customers?limit=5&page=1", &admin).await;
    first.expect(200);
    assert_eq!(
        first.body["pagination"],
        json!({"page": 1, "limit": 5, "total": 7, "totalPages": 2})
    );
    let second = api.get("/api/customers?limit=5&page=2", &admin).await;
    let page_ids = |answer: &common::Answer| -> HashSet<String> {
        answer
            .data()
            .as_array()
            .expect("list")
            .iter()
            .map(id)
            .collect()
    };
    assert_eq!(page_ids(&first).len(), 5);
    assert_eq!(page_ids(&second).len(), 2);
    assert!(page_ids(&first).is_disjoint(&page_ids(&second)));
    // Default: newest first.
    assert_eq!(first.data()[0]["name"], "foxtrot");

    let sorted = api.get("/api/customers?sort=name&limit=3", &admin).await;
    let names: Vec<&str> = sorted
        .data()
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|c| c["name"].as_str())
        .collect();
    assert_eq!(names, ["alpha", "bravo", "charlie"]);
    let sorted = api.get("/api/customers?sort=-name&limit=1", &admin).await;
    assert_eq!(sorted.data()[0]["name"], "golf");

    let refused = api
        .delete_with("/api/customers", &admin, json!({"ids": []}))
        .await;
    refused.expect(400);
    let refused = api
        .delete_with("/api/customers", &admin, json!({"ids": ["nope"]}))
        .await;
    refused.expect(400);

    let deleted = api
        .delete_with(
            "/api/customers",
            &admin,
            json!({"ids": [ids[0], ids[1], MISSING]}),
        )
        .await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Customers deleted");
    assert_eq!(deleted.data(), &json!({"deletedCount": 2}));
    assert_eq!(all(api, &admin, "/api/customers").await.len(), 5);
    server.stop().await;
}

#[tokio::test]
async fn customers_emit_no_events() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("everywhere", &admin).await;
    for room in ["dashboard", "inventory", "order", "request", "pricing"] {
        sockets
            .ack("everywhere", &format!("join_{room}"), vec![])
            .await;
    }
    let created = api
        .post("/api/customers", &admin, json!({"name": "Quiet"}))
        .await;
    created.expect(201);
    let path = format!("/api/customers/{}", id(created.data()));
    api.patch(&path, &admin, json!({"phone": "1"}))
        .await
        .expect(200);
    api.delete(&path, &admin).await.expect(200);
    for name in ["customer:updated", "material:updated", "inventory:updated"] {
        assert_eq!(sockets.count_after("everywhere", name, SETTLE).await, 0);
    }
    server.stop().await;
}

#[tokio::test]
async fn materials_fill_defaults_and_keep_optional_fields_absent() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let created = api
        .post(
            "/api/materials",
            &admin,
            json!({"name": " Clear 5mm ", "unit": "sheet", "reorderPoint": 10}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Material created");
    let bare = created.data().clone();
    assert_eq!(bare["name"], "Clear 5mm");
    assert_eq!(bare["isActive"], true);
    assert_eq!(bare["reorderPoint"], 10);
    assert!(bare.get("code").is_none(), "{bare}");
    assert!(bare.get("brand").is_none(), "{bare}");
    assert_eq!(
        bare["specDetails"],
        json!({"thickness": "", "color": "", "glassType": "", "width": 0, "length": 0, "sqft": ""})
    );

    // Dimensions: numbers or numeric strings, stored and returned as numbers (§16 #15).
    let created = api
        .post(
            "/api/materials",
            &admin,
            json!({"name": "Tinted", "code": "T-1", "brand": "AGC", "unit": "sheet", "reorderPoint": 0,
                   "isActive": false,
                   "specDetails": {"thickness": "6mm", "width": "12.5", "length": 30, "dimensionUnit": "mm"}}),
        )
        .await;
    created.expect(201);
    let tinted = created.data().clone();
    assert_eq!(tinted["code"], "T-1");
    assert_eq!(tinted["brand"], "AGC");
    assert_eq!(tinted["isActive"], false);
    assert_eq!(
        tinted["specDetails"],
        json!({"thickness": "6mm", "color": "", "glassType": "", "width": 12.5, "length": 30, "sqft": "", "dimensionUnit": "mm"})
    );
    let read = api
        .get(&format!("/api/materials/{}", id(&tinted)), &admin)
        .await;
    read.expect(200);
    assert_eq!(read.data(), &tinted);

    for (body, field) in [
        (
            json!({"name": "x", "unit": "sheet", "reorderPoint": 0, "specDetails": {"width": "abc"}}),
            "body.specDetails.width",
        ),
        (
            json!({"name": "x", "unit": "sheet", "reorderPoint": 0, "specDetails": {"length": true}}),
            "body.specDetails.length",
        ),
        (json!({"name": "x", "unit": "sheet"}), "body.reorderPoint"),
        (
            json!({"name": "x", "unit": "sheet", "reorderPoint": -1}),
            "body.reorderPoint",
        ),
        (
            json!({"name": "x", "unit": "  ", "reorderPoint": 1}),
            "body.unit",
        ),
        (
            json!({"name": "x", "unit": "kg", "reorderPoint": 1, "specDetails": "big"}),
            "body.specDetails",
        ),
    ] {
        let refused = api.post("/api/materials", &admin, body.clone()).await;
        refused.expect(400);
        assert_eq!(refused.message(), "Validation failed");
        assert_eq!(refused.body["errors"][0]["field"], field, "{body}");
    }
    assert_eq!(all(api, &admin, "/api/materials").await.len(), 2);
    server.stop().await;
}

#[tokio::test]
async fn material_updates_replace_the_spec_and_read_back() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let created = api
        .post(
            "/api/materials",
            &admin,
            json!({"name": "Mirror", "unit": "sheet", "reorderPoint": 1,
                   "specDetails": {"color": "silver", "width": 100, "dimensionUnit": "mm"}}),
        )
        .await;
    created.expect(201);
    let path = format!("/api/materials/{}", id(created.data()));

    let updated = api
        .patch(
            &path,
            &admin,
            json!({"code": "MR-1", "isActive": false, "specDetails": {"length": "250"}}),
        )
        .await;
    updated.expect(200);
    assert_eq!(updated.message(), "Material updated");
    assert_eq!(updated.data()["code"], "MR-1");
    assert_eq!(updated.data()["isActive"], false);
    assert_eq!(updated.data()["name"], "Mirror");
    // The spec sent replaces the stored one: missing keys are back to their defaults.
    assert_eq!(
        updated.data()["specDetails"],
        json!({"thickness": "", "color": "", "glassType": "", "width": 0, "length": 250, "sqft": ""})
    );
    let read = api.get(&path, &admin).await;
    assert_eq!(read.data(), updated.data());

    let refused = api
        .patch(&path, &admin, json!({"specDetails": {"width": "wide"}}))
        .await;
    refused.expect(400);
    assert_eq!(api.get(&path, &admin).await.data(), updated.data());

    for missing in [MISSING, "xyz"] {
        let answer = api
            .patch(
                &format!("/api/materials/{missing}"),
                &admin,
                json!({"name": "n"}),
            )
            .await;
        answer.expect(404);
        assert_eq!(answer.message(), "Material not found");
        api.get(&format!("/api/materials/{missing}"), &admin)
            .await
            .expect(404);
    }
    server.stop().await;
}

/// Sockets joined to the inventory room and to the pricing room (which must hear nothing).
async fn inventory_and_pricing_sockets(server: &TestServer, admin: &str) -> Sockets {
    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("inventory", admin).await;
    sockets.ack("inventory", "join_inventory", vec![]).await;
    sockets.connect("pricing", admin).await;
    sockets.ack("pricing", "join_pricing", vec![]).await;
    sockets
}

#[tokio::test]
async fn material_events_reach_the_inventory_room_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let sockets = inventory_and_pricing_sockets(&server, &admin).await;

    let created = material(api, &admin, "Evented").await;
    let event = sockets.expect_event("inventory", "material:updated").await;
    assert_eq!(event[0], json!({"action": "created", "data": created}));

    let path = format!("/api/materials/{}", id(&created));
    let updated = api.patch(&path, &admin, json!({"brand": "Guardian"})).await;
    updated.expect(200);
    let event = sockets.expect_event("inventory", "material:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "updated", "data": updated.data()})
    );

    api.delete(&path, &admin).await.expect(200);
    let event = sockets.expect_event("inventory", "material:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "deleted", "data": updated.data()})
    );

    let other = material(api, &admin, "Bulk").await;
    sockets.expect_event("inventory", "material:updated").await;
    let deleted = api
        .delete_with(
            "/api/materials",
            &admin,
            json!({"ids": [id(&other), MISSING]}),
        )
        .await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Materials deleted");
    assert_eq!(deleted.data(), &json!({"deletedCount": 1}));
    let event = sockets.expect_event("inventory", "material:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "deleted", "data": {"ids": [id(&other), MISSING]}})
    );

    assert_eq!(
        sockets
            .count_after("pricing", "material:updated", SETTLE)
            .await,
        0
    );
    // A refused change publishes nothing.
    api.patch(&path, &admin, json!({"name": "gone"}))
        .await
        .expect(404);
    assert_eq!(
        sockets
            .count_after("inventory", "material:updated", SETTLE)
            .await,
        0
    );
    server.stop().await;
}

#[tokio::test]
async fn deleting_a_material_takes_its_stock_withdrawals_and_logs_in_one_go() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let doomed = material(api, &admin, "Doomed").await;
    let kept = material(api, &admin, "Kept").await;
    let raw = inventory(api, &admin, &id(&doomed), "Raw", 50.0, "WH-A").await;
    let reuse = inventory(api, &admin, &id(&doomed), "Reuse", 5.0, "WH-B").await;
    let kept_stock = inventory(api, &admin, &id(&kept), "Raw", 9.0, "WH-A").await;
    let withdrawal = api
        .post(
            "/api/withdrawals",
            &admin,
            json!({"withdrawnBy": admin_id, "material": id(&doomed), "quantity": 10, "stockType": "Raw"}),
        )
        .await;
    withdrawal.expect(201);
    let kept_withdrawal = api
        .post(
            "/api/withdrawals",
            &admin,
            json!({"withdrawnBy": admin_id, "material": id(&kept), "quantity": 4, "stockType": "Raw"}),
        )
        .await;
    kept_withdrawal.expect(201);
    assert_eq!(
        all(
            api,
            &admin,
            &format!("/api/material-logs?materialId={}", id(&doomed))
        )
        .await
        .len(),
        3,
        "two imports and one withdraw"
    );

    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("inventory", &admin).await;
    sockets.ack("inventory", "join_inventory", vec![]).await;

    let deleted = api
        .delete(&format!("/api/materials/{}", id(&doomed)), &admin)
        .await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Material deleted");
    let event = sockets.expect_event("inventory", "material:updated").await;
    assert_eq!(event[0]["action"], "deleted");
    assert_eq!(event[0]["data"], doomed);
    // By the time the event arrives everything is gone: it was sent after the commit.
    for path in [
        format!("/api/inventories/{}", id(&raw)),
        format!("/api/inventories/{}", id(&reuse)),
        format!("/api/withdrawals/{}", id(withdrawal.data())),
        format!("/api/materials/{}", id(&doomed)),
    ] {
        api.get(&path, &admin).await.expect(404);
    }
    assert!(
        all(
            api,
            &admin,
            &format!("/api/material-logs?materialId={}", id(&doomed))
        )
        .await
        .is_empty()
    );
    // The withdrawal's restore found no inventory of its own material (they went first), so
    // the other material's stock is untouched and nothing was "adjusted".
    assert_eq!(
        common::stock::quantity(api, &admin, &id(&kept_stock)).await,
        5.0
    );
    api.get(
        &format!("/api/withdrawals/{}", id(kept_withdrawal.data())),
        &admin,
    )
    .await
    .expect(200);
    assert_eq!(
        all(
            api,
            &admin,
            &format!("/api/material-logs?materialId={}", id(&kept))
        )
        .await
        .len(),
        2
    );
    assert_eq!(
        sockets
            .count_after("inventory", "inventory:updated", Duration::from_millis(300))
            .await,
        0
    );

    // Bulk delete cascades the same way.
    let bulk = material(api, &admin, "Bulk").await;
    let bulk_stock = inventory(api, &admin, &id(&bulk), "Raw", 1.0, "WH-C").await;
    api.delete_with("/api/materials", &admin, json!({"ids": [id(&bulk)]}))
        .await
        .expect(200);
    api.get(&format!("/api/inventories/{}", id(&bulk_stock)), &admin)
        .await
        .expect(404);
    server.stop().await;
}
