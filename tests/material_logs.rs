//! Material logs (core.md §7.4, §7.5) against the real server: population, reference checks in
//! order, filters, the one-level delete cascade, and the `log:updated` events.

mod common;

use common::TestServer;
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, all, id, inventory, material, me, quantity};
use serde_json::{Value, json};

#[tokio::test]
async fn logs_are_created_populated_and_never_touch_stock() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    let record = inventory(api, &admin, &id(&glass), "Raw", 10.0, "WH-A").await;

    let created = api
        .post(
            "/api/material-logs",
            &admin,
            json!({"material": id(&glass), "actionType": "cut", "quantityChanged": -3,
                   "totalPrice": 120.5, "stockType": "Raw", "referenceType": "claim",
                   "referenceId": MISSING, "worker": admin_id, "panes": []}),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Material log created");
    let log = created.data().clone();
    assert_eq!(log["material"], glass);
    assert_eq!(log["actionType"], "cut");
    assert_eq!(log["quantityChanged"], -3);
    assert_eq!(log["totalPrice"], 120.5);
    assert_eq!(log["referenceId"], MISSING, "not checked, stays an id");
    assert_eq!(log["referenceType"], "claim");
    assert_eq!(log["order"], Value::Null);
    assert_eq!(log["parentLog"], Value::Null);
    assert_eq!(log["panes"], json!([]));
    let worker = &log["worker"];
    let keys: Vec<&str> = worker
        .as_object()
        .expect("an embedded worker")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "_id",
            "name",
            "username",
            "position",
            "role",
            "notificationPreferences",
            "createdAt",
            "updatedAt",
            "__v"
        ]
    );
    assert!(worker["role"].is_string(), "the raw role string: {worker}");
    // Logs are records only.
    assert_eq!(quantity(api, &admin, &id(&record)).await, 10.0);

    // A child: its parent is populated one level deep (the parent's refs stay ids).
    let child = api
        .post(
            "/api/material-logs",
            &admin,
            json!({"material": id(&glass), "actionType": "import", "quantityChanged": 3, "parentLog": id(&log)}),
        )
        .await;
    child.expect(201);
    assert_eq!(child.data()["parentLog"]["_id"], id(&log));
    assert_eq!(child.data()["parentLog"]["material"], id(&glass));
    assert_eq!(child.data()["parentLog"]["worker"], admin_id);
    assert_eq!(child.data()["worker"], Value::Null, "not auto-filled");
    assert_eq!(child.data()["totalPrice"], 0);
    assert_eq!(child.data()["stockType"], Value::Null);
    assert_eq!(child.data()["referenceType"], Value::Null);

    let read = api
        .get(&format!("/api/material-logs/{}", id(child.data())), &admin)
        .await;
    read.expect(200);
    assert_eq!(read.data(), child.data());
    server.stop().await;
}

#[tokio::test]
async fn log_references_are_checked_in_order_and_unchecked_ids_must_be_well_formed() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let base = json!({"material": id(&glass), "actionType": "withdraw", "quantityChanged": -1});
    let with = |pairs: &[(&str, Value)]| {
        let mut body = base.clone();
        for (key, value) in pairs {
            body[*key] = value.clone();
        }
        body
    };

    for (body, message) in [
        (
            with(&[("material", json!(MISSING)), ("order", json!(MISSING))]),
            "Material not found",
        ),
        (with(&[("material", json!("zz"))]), "Material not found"),
        (
            with(&[("order", json!(MISSING)), ("parentLog", json!(MISSING))]),
            "Order not found",
        ),
        (
            with(&[("parentLog", json!(MISSING)), ("panes", json!([MISSING]))]),
            "Parent log not found",
        ),
        (with(&[("panes", json!([MISSING]))]), "Pane not found"),
        (with(&[("panes", json!(["bad"]))]), "Pane not found"),
    ] {
        let refused = api.post("/api/material-logs", &admin, body.clone()).await;
        refused.expect(400);
        assert_eq!(refused.message(), message, "{body}");
    }
    for (body, field) in [
        (with(&[("actionType", json!("steal"))]), "body.actionType"),
        (
            with(&[("referenceType", json!("order"))]),
            "body.referenceType",
        ),
        (
            with(&[("quantityChanged", json!("1"))]),
            "body.quantityChanged",
        ),
        (with(&[("totalPrice", json!(-1))]), "body.totalPrice"),
        (with(&[("stockType", json!("raw"))]), "body.stockType"),
        (with(&[("worker", json!("not-an-id"))]), "body.worker"),
        (with(&[("referenceId", json!("12"))]), "body.referenceId"),
        (with(&[("panes", json!([""]))]), "body.panes.0"),
        (
            json!({"material": id(&glass), "quantityChanged": 1}),
            "body.actionType",
        ),
    ] {
        let refused = api.post("/api/material-logs", &admin, body.clone()).await;
        refused.expect(400);
        assert_eq!(refused.message(), "Validation failed", "{body}");
        assert_eq!(refused.body["errors"][0]["field"], field, "{body}");
    }
    assert!(all(api, &admin, "/api/material-logs").await.is_empty());

    // `worker` is not checked: a well-formed id of nobody is stored and populates as null.
    let created = api
        .post(
            "/api/material-logs",
            &admin,
            with(&[("worker", json!(MISSING))]),
        )
        .await;
    created.expect(201);
    assert_eq!(created.data()["worker"], Value::Null);

    // PATCH: the reference check runs before the 404.
    let refused = api
        .patch(
            &format!("/api/material-logs/{MISSING}"),
            &admin,
            json!({"order": MISSING}),
        )
        .await;
    refused.expect(400);
    assert_eq!(refused.message(), "Order not found");
    for missing in [MISSING, "nope"] {
        let answer = api
            .patch(
                &format!("/api/material-logs/{missing}"),
                &admin,
                json!({"totalPrice": 1}),
            )
            .await;
        answer.expect(404);
        assert_eq!(answer.message(), "Material log not found");
        api.get(&format!("/api/material-logs/{missing}"), &admin)
            .await
            .expect(404);
        api.delete(&format!("/api/material-logs/{missing}"), &admin)
            .await
            .expect(404);
    }
    let path = format!("/api/material-logs/{}", id(created.data()));
    let updated = api
        .patch(
            &path,
            &admin,
            json!({"totalPrice": 99, "actionType": "claim", "stockType": "Reuse"}),
        )
        .await;
    updated.expect(200);
    assert_eq!(updated.message(), "Material log updated");
    assert_eq!(updated.data()["totalPrice"], 99);
    assert_eq!(updated.data()["actionType"], "claim");
    assert_eq!(updated.data()["stockType"], "Reuse");
    assert_eq!(updated.data()["material"], glass);
    server.stop().await;
}

#[tokio::test]
async fn log_lists_filter_by_material_and_action() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let steel = material(api, &admin, "Steel").await;
    for (m, action) in [
        (&glass, "cut"),
        (&glass, "cut"),
        (&glass, "remake"),
        (&steel, "cut"),
        (&steel, "claim"),
    ] {
        api.post(
            "/api/material-logs",
            &admin,
            json!({"material": id(m), "actionType": action, "quantityChanged": 1}),
        )
        .await
        .expect(201);
    }
    let count = |path: String| {
        let api = api.clone();
        let admin = admin.clone();
        async move {
            let answer = api.get(&path, &admin).await;
            answer.expect(200);
            let total = answer.body["pagination"]["total"].as_u64().expect("total");
            assert_eq!(answer.data().as_array().map(Vec::len), Some(total as usize));
            total
        }
    };
    assert_eq!(count("/api/material-logs".into()).await, 5);
    assert_eq!(
        count(format!("/api/material-logs?materialId={}", id(&glass))).await,
        3
    );
    assert_eq!(count("/api/material-logs?actionType=cut".into()).await, 3);
    assert_eq!(
        count(format!(
            "/api/material-logs?materialId={}&actionType=cut",
            id(&steel)
        ))
        .await,
        1
    );
    assert_eq!(
        count("/api/material-logs?actionType=import".into()).await,
        0
    );
    assert_eq!(
        count("/api/material-logs?materialId=garbage".into()).await,
        0
    );
    assert_eq!(
        count(format!("/api/material-logs?materialId={MISSING}")).await,
        0
    );

    let paged = api.get("/api/material-logs?limit=2&page=3", &admin).await;
    assert_eq!(
        paged.body["pagination"],
        json!({"page": 3, "limit": 2, "total": 5, "totalPages": 3})
    );
    assert_eq!(paged.data().as_array().map(Vec::len), Some(1));
    let sorted = api
        .get("/api/material-logs?sort=actionType&limit=1", &admin)
        .await;
    assert_eq!(sorted.data()[0]["actionType"], "claim");
    server.stop().await;
}

#[tokio::test]
async fn deleting_a_parent_log_removes_its_children_one_level_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let make = |parent: Option<String>| {
        let api = api.clone();
        let admin = admin.clone();
        let material = id(&glass);
        async move {
            let mut body =
                json!({"material": material, "actionType": "import", "quantityChanged": 1});
            if let Some(parent) = parent {
                body["parentLog"] = json!(parent);
            }
            let created = api.post("/api/material-logs", &admin, body).await;
            created.expect(201);
            id(created.data())
        }
    };
    let parent = make(None).await;
    let child = make(Some(parent.clone())).await;
    let grandchild = make(Some(child.clone())).await;
    let unrelated = make(None).await;

    let deleted = api
        .delete(&format!("/api/material-logs/{parent}"), &admin)
        .await;
    deleted.expect(200);
    assert_eq!(deleted.message(), "Material log deleted");
    assert_eq!(deleted.data(), &Value::Null);
    api.get(&format!("/api/material-logs/{parent}"), &admin)
        .await
        .expect(404);
    api.get(&format!("/api/material-logs/{child}"), &admin)
        .await
        .expect(404);
    let survivor = api
        .get(&format!("/api/material-logs/{grandchild}"), &admin)
        .await;
    survivor.expect(200);
    assert_eq!(
        survivor.data()["parentLog"],
        Value::Null,
        "its parent is gone"
    );
    api.get(&format!("/api/material-logs/{unrelated}"), &admin)
        .await
        .expect(200);

    // Bulk: the children of every id go first; the count is of the ids that existed.
    let a = make(None).await;
    let a_child = make(Some(a.clone())).await;
    let bulk = api
        .delete_with(
            "/api/material-logs",
            &admin,
            json!({"ids": [a, grandchild, MISSING]}),
        )
        .await;
    bulk.expect(200);
    assert_eq!(bulk.message(), "Material logs deleted");
    assert_eq!(bulk.data(), &json!({"deletedCount": 2}));
    api.get(&format!("/api/material-logs/{a_child}"), &admin)
        .await
        .expect(404);
    let left: Vec<String> = all(api, &admin, "/api/material-logs")
        .await
        .iter()
        .map(id)
        .collect();
    assert_eq!(left, vec![unrelated]);
    server.stop().await;
}

#[tokio::test]
async fn log_events_reach_the_log_room_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let glass = material(api, &admin, "Glass").await;
    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("log", &admin).await;
    sockets.ack("log", "join_log", vec![]).await;
    sockets.connect("pricing", &admin).await;
    sockets.ack("pricing", "join_pricing", vec![]).await;

    let created = api
        .post(
            "/api/material-logs",
            &admin,
            json!({"material": id(&glass), "actionType": "claim", "quantityChanged": -2}),
        )
        .await;
    created.expect(201);
    let event = sockets.expect_event("log", "log:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "created", "data": created.data()})
    );
    assert_eq!(event[0]["data"]["material"], glass, "populated");

    let path = format!("/api/material-logs/{}", id(created.data()));
    let updated = api
        .patch(&path, &admin, json!({"quantityChanged": -4}))
        .await;
    updated.expect(200);
    let event = sockets.expect_event("log", "log:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "updated", "data": updated.data()})
    );

    api.delete(&path, &admin).await.expect(200);
    let event = sockets.expect_event("log", "log:updated").await;
    let mut stored = updated.data().clone();
    stored["material"] = json!(id(&glass));
    assert_eq!(event[0], json!({"action": "deleted", "data": stored}));

    api.delete_with("/api/material-logs", &admin, json!({"ids": [MISSING]}))
        .await
        .expect(200);
    let event = sockets.expect_event("log", "log:updated").await;
    assert_eq!(
        event[0],
        json!({"action": "deleted", "data": {"ids": [MISSING]}})
    );

    assert_eq!(
        sockets.count_after("pricing", "log:updated", SETTLE).await,
        0
    );
    server.stop().await;
}

/// Stores a pane directly (no pane route exists yet) and returns its id.
async fn stored_pane(server: &TestServer, number: &str) -> String {
    let pane = stdplus::domain::pane::Pane::new(
        number.to_owned(),
        Default::default(),
        stdplus::domain::Timestamp::now(),
    );
    let id = pane.id.to_hex();
    server
        .core()
        .db
        .write(move |tx| Ok(stdplus::store::panes::save(tx, &pane)?))
        .await
        .expect("pane stored");
    id
}

async fn drop_pane(server: &TestServer, id: &str) {
    let id = stdplus::domain::Id::parse(id).expect("an id");
    server
        .core()
        .db
        .write(move |tx| Ok(tx.execute("DELETE FROM panes WHERE id = ?1", [id])?))
        .await
        .expect("pane deleted");
}

#[tokio::test]
async fn panes_are_embedded_and_gone_ones_drop_out() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let glass = material(api, &admin, "Glass").await;
    inventory(api, &admin, &id(&glass), "Raw", 10.0, "WH-A").await;
    let kept = stored_pane(&server, "PNE-T001").await;
    let doomed = stored_pane(&server, "PNE-T002").await;

    let log = api
        .post(
            "/api/material-logs",
            &admin,
            json!({"material": id(&glass), "actionType": "cut", "quantityChanged": -1, "panes": [kept, doomed]}),
        )
        .await;
    log.expect(201);
    let panes = log.data()["panes"].as_array().expect("panes").clone();
    assert_eq!(panes.len(), 2);
    assert_eq!(panes[0]["_id"], kept);
    assert_eq!(panes[0]["paneNumber"], "PNE-T001");
    assert_eq!(panes[0]["qrCode"], "STDPLUS:PNE-T001");
    assert_eq!(panes[1]["_id"], doomed);

    let withdrawal = api
        .post(
            "/api/withdrawals",
            &admin,
            json!({"withdrawnBy": admin_id, "material": id(&glass), "quantity": 1, "stockType": "Raw", "panes": [doomed, kept]}),
        )
        .await;
    withdrawal.expect(201);
    assert_eq!(withdrawal.data()["panes"][0]["paneNumber"], "PNE-T002");
    // The withdrawal's automatic log carries the same panes.
    let auto = all(api, &admin, "/api/material-logs?actionType=withdraw").await;
    assert_eq!(auto[0]["panes"].as_array().map(Vec::len), Some(2));

    drop_pane(&server, &doomed).await;
    let read = api
        .get(&format!("/api/material-logs/{}", id(log.data())), &admin)
        .await;
    read.expect(200);
    let panes = read.data()["panes"].as_array().expect("panes").clone();
    assert_eq!(panes.len(), 1, "the gone pane drops out");
    assert_eq!(panes[0]["_id"], kept);
    let read = api
        .get(
            &format!("/api/withdrawals/{}", id(withdrawal.data())),
            &admin,
        )
        .await;
    read.expect(200);
    assert_eq!(read.data()["panes"].as_array().map(Vec::len), Some(1));
    assert_eq!(read.data()["panes"][0]["_id"], kept);
    server.stop().await;
}
