//! Requests (core.md §8) against the real server: CRUD, populated references, the panes a
//! request generates (laminate included), atomic creation, the deadline rule, the cancel
//! cascade and every event with its rooms.

mod common;

use common::TestServer;
use common::socket::Sockets;
use common::stock::{MISSING, SETTLE, id, me, seq};
use serde_json::{Value, json};
use std::time::Duration;
use stdplus::domain::Id;

async fn customer(server: &TestServer, admin: &str, name: &str) -> String {
    let answer = server
        .api
        .post("/api/customers", admin, json!({"name": name}))
        .await;
    answer.expect(201);
    id(answer.data())
}

async fn station(server: &TestServer, admin: &str, name: &str, laminate: bool) -> String {
    let template = server
        .api
        .post(
            "/api/station-templates",
            admin,
            json!({"name": format!("{name} screen")}),
        )
        .await;
    template.expect(201);
    let answer = server
        .api
        .post(
            "/api/stations",
            admin,
            json!({"name": name, "templateId": id(template.data()), "isLaminateStation": laminate}),
        )
        .await;
    answer.expect(201);
    id(answer.data())
}

/// The stored pane with this number, read from the database (pane routes arrive later).
async fn stored_pane(server: &TestServer, number: &str) -> Option<stdplus::domain::pane::Pane> {
    let number = number.to_owned();
    server
        .core()
        .db
        .read(move |conn| Ok(stdplus::store::panes::by_number(conn, &number)?))
        .await
        .expect("read pane")
}

async fn count(server: &TestServer, table: &'static str) -> i64 {
    server
        .core()
        .db
        .read(move |conn| {
            Ok(
                conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |row| {
                    row.get(0)
                })?,
            )
        })
        .await
        .expect("count")
}

#[tokio::test]
async fn requests_are_numbered_populated_and_listed() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let admin_id = me(&server.api, &admin).await;
    let customer = customer(&server, &admin, "Glass House").await;

    let created = server
        .api
        .post(
            "/api/requests",
            &admin,
            json!({
                "details": {"type": " tempered ", "quantity": 4},
                "customer": customer,
                "assignedTo": admin_id,
                "referenceId": "PO-12345",
                "deadline": "2027-01-10T00:00:00Z",
                "deliveryLocation": "Site B",
                "unknown": "stripped"
            }),
        )
        .await;
    created.expect(201);
    assert_eq!(created.message(), "Request created");
    let data = created.data();
    assert_eq!(data["requestNumber"], "REQ-0001");
    assert_eq!(
        data["details"],
        json!({"type": "tempered", "estimatedPrice": 0, "quantity": 4})
    );
    assert_eq!(data["customer"]["name"], "Glass House");
    assert_eq!(data["assignedTo"]["username"], "admin");
    assert!(
        data["assignedTo"]["role"].is_string(),
        "embedded workers keep the raw role string"
    );
    assert!(data["assignedTo"].get("password").is_none());
    assert_eq!(data["status"], "pending");
    assert_eq!(data["deadline"], "2027-01-10T00:00:00.000Z");
    assert_eq!(data["cancelledBy"], Value::Null);
    assert_eq!(data["cancelReason"], Value::Null);
    assert!(data.get("panes").is_none(), "no panes key without panes");
    assert!(data.get("unknown").is_none());

    let second = server
        .api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "cut", "quantity": 1}, "customer": customer}),
        )
        .await;
    second.expect(201);
    assert_eq!(
        seq(&second.data()["requestNumber"]),
        2,
        "consecutive numbers"
    );

    let list = server.api.get("/api/requests?limit=1", &admin).await;
    list.expect(200);
    assert_eq!(
        list.body["pagination"],
        json!({"page": 1, "limit": 1, "total": 2, "totalPages": 2})
    );
    assert_eq!(list.data()[0]["requestNumber"], "REQ-0002", "newest first");
    assert_eq!(list.data()[0]["customer"]["_id"], customer);

    let one = server
        .api
        .get(&format!("/api/requests/{}", id(data)), &admin)
        .await;
    one.expect(200);
    assert_eq!(one.data()["referenceId"], "PO-12345");
    for bad in [MISSING, "abc"] {
        let missing = server
            .api
            .get(&format!("/api/requests/{bad}"), &admin)
            .await;
        missing.expect(404);
        assert_eq!(missing.message(), "Request not found");
    }
}

#[tokio::test]
async fn bad_requests_are_refused_and_write_nothing() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let customer = customer(&server, &admin, "C").await;
    let valid = json!({"details": {"type": "cut", "quantity": 1}, "customer": customer});

    let cases: Vec<(Value, u16, &str)> = vec![
        (json!({"customer": customer}), 400, "Validation failed"),
        (
            json!({"details": {"type": "cut", "quantity": 0}, "customer": customer}),
            400,
            "Validation failed",
        ),
        (
            json!({"details": {"type": "cut", "quantity": 1, "estimatedPrice": null}, "customer": customer}),
            400,
            "Validation failed",
        ),
        (
            json!({"details": {"type": "   ", "quantity": 1}, "customer": customer}),
            400,
            "Validation failed",
        ),
        (
            json!({"details": {"type": "cut", "quantity": "1"}, "customer": customer}),
            400,
            "Validation failed",
        ),
        (
            merge(&valid, json!({"deadline": "2027-01-10T00:00:00+07:00"})),
            400,
            "Validation failed",
        ),
        (
            merge(&valid, json!({"deadline": "2027-01-10"})),
            400,
            "Validation failed",
        ),
        (
            merge(&valid, json!({"status": "done"})),
            400,
            "Validation failed",
        ),
        (
            merge(&valid, json!({"assignedTo": null})),
            400,
            "Validation failed",
        ),
        (
            json!({"details": {"type": "cut", "quantity": 1}, "customer": MISSING}),
            400,
            "Customer not found",
        ),
        (
            json!({"details": {"type": "cut", "quantity": 1}, "customer": "not-an-id"}),
            400,
            "Customer not found",
        ),
        (
            merge(&valid, json!({"assignedTo": MISSING})),
            400,
            "Worker (assignedTo) not found",
        ),
        (
            merge(&valid, json!({"panes": [{"routing": ["zz"]}]})),
            400,
            "Validation failed",
        ),
        (
            merge(
                &valid,
                json!({"panes": [{"rawGlass": {"sheetsPerPane": 1.5}}]}),
            ),
            400,
            "Validation failed",
        ),
    ];
    for (body, status, message) in cases {
        let answer = server.api.post("/api/requests", &admin, body.clone()).await;
        assert_eq!(answer.status.as_u16(), status, "{body} → {}", answer.body);
        assert_eq!(answer.message(), message, "{body}");
        if message == "Validation failed" {
            assert!(
                answer.body["errors"][0]["field"]
                    .as_str()
                    .is_some_and(|f| f.starts_with("body"))
            );
        }
    }
    assert_eq!(count(&server, "requests").await, 0);
    let first = server.api.post("/api/requests", &admin, valid).await;
    first.expect(201);
    assert_eq!(
        first.data()["requestNumber"],
        "REQ-0001",
        "refused creates burned no number"
    );
}

fn merge(base: &Value, extra: Value) -> Value {
    let mut merged = base.clone();
    if let (Value::Object(target), Value::Object(source)) = (&mut merged, extra) {
        target.extend(source);
    }
    merged
}

#[tokio::test]
async fn requests_generate_single_and_laminate_panes_atomically() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let customer = customer(&server, &admin, "Laminate Co").await;
    let cut = station(&server, &admin, "cutting", false).await;
    let lam = station(&server, &admin, "laminating", true).await;
    let qc = station(&server, &admin, "qc", false).await;

    let created = server
        .api
        .post(
            "/api/requests",
            &admin,
            json!({
                "details": {"type": "laminated", "quantity": 3},
                "customer": customer,
                "panes": [
                    {"routing": [cut, qc], "dimensions": {"width": 1000, "height": 500, "thickness": 6},
                     "holes": [{"id": "h1", "type": "circle", "x": 10, "y": 20, "diameter": 8}], "notes": "dropped"},
                    {"dimensions": {"width": 10}},
                    {"routing": [cut, lam, qc], "rawGlass": {"glassType": "Clear", "sheetsPerPane": 2}, "glassTypeLabel": "LAM 10"}
                ]
            }),
        )
        .await;
    created.expect(201);
    let panes = created.data()["panes"].as_array().expect("panes").clone();
    let numbers: Vec<&str> = panes
        .iter()
        .map(|p| p["paneNumber"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        numbers,
        [
            "PNE-0001",
            "PNE-0002",
            "PNE-0003-A",
            "PNE-0003-B",
            "PNE-0003"
        ],
        "sheets before their parent"
    );

    let single = &panes[0];
    assert_eq!(single["currentStation"], cut);
    assert_eq!(single["currentStatus"], "pending");
    assert_eq!(single["qrCode"], "STDPLUS:PNE-0001");
    assert_eq!(single["request"], created.data()["_id"]);
    assert_eq!(single["order"], Value::Null);
    assert_eq!(single["material"], Value::Null);
    assert_eq!(
        single["dimensions"],
        json!({"width": 1000, "height": 500, "thickness": 6, "area": 500000})
    );
    assert_eq!(
        single["holes"],
        json!([{"id": "h1", "type": "circle", "x": 10, "y": 20, "diameter": 8}])
    );
    assert!(single.get("notes").is_none());

    let unrouted = &panes[1];
    assert_eq!(
        unrouted["currentStatus"], "completed",
        "no routing: completed, as upstream"
    );
    assert!(unrouted["completedAt"].is_string());
    assert_eq!(unrouted["currentStation"], Value::Null);

    let (sheet_a, sheet_b, parent) = (&panes[2], &panes[3], &panes[4]);
    assert_eq!(parent["laminateRole"], "parent");
    assert_eq!(parent["laminateStation"], lam);
    assert_eq!(parent["routing"], json!([qc]));
    assert_eq!(parent["currentStation"], Value::Null);
    assert_eq!(
        parent["childPanes"],
        json!([sheet_a["_id"], sheet_b["_id"]])
    );
    for (sheet, label) in [(sheet_a, "A"), (sheet_b, "B")] {
        assert_eq!(sheet["laminateRole"], "sheet");
        assert_eq!(sheet["sheetLabel"], label);
        assert_eq!(
            sheet["parentPane"], parent["_id"],
            "unpopulated: a plain id"
        );
        assert_eq!(sheet["routing"], json!([cut, lam]));
        assert_eq!(sheet["currentStation"], cut);
        assert_eq!(sheet["glassTypeLabel"], "LAM 10");
        assert_eq!(sheet["rawGlass"]["sheetsPerPane"], 2);
    }
    let stored = stored_pane(&server, "PNE-0003-B")
        .await
        .expect("stored sheet");
    assert_eq!(
        stored.parent_pane.map(Id::to_hex).as_deref(),
        parent["_id"].as_str()
    );

    // A laminate item without a lamination station refuses the whole request.
    let before = count(&server, "panes").await;
    let refused = server
        .api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "laminated", "quantity": 1}, "customer": customer,
                   "panes": [{"routing": [cut]}, {"routing": [cut, qc], "rawGlass": {"sheetsPerPane": 2}}]}),
        )
        .await;
    refused.expect(400);
    assert_eq!(
        refused.body,
        json!({"success": false, "message": "Routing must include a lamination station when sheetsPerPane > 1"})
    );
    assert_eq!(
        count(&server, "panes").await,
        before,
        "no pane of the refused request remains"
    );
    assert_eq!(
        count(&server, "requests").await,
        1,
        "nor the request itself"
    );

    // Numbers continue where they were: nothing was burned.
    let next = server
        .api
        .post("/api/requests", &admin, json!({"details": {"type": "cut", "quantity": 1}, "customer": customer, "panes": [{"routing": [cut]}]}))
        .await;
    next.expect(201);
    assert_eq!(next.data()["requestNumber"], "REQ-0002");
    assert_eq!(next.data()["panes"][0]["paneNumber"], "PNE-0004");
}

#[tokio::test]
async fn updates_merge_details_and_changing_the_deadline_needs_a_reason() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let customer = customer(&server, &admin, "C").await;
    let created = server
        .api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "cut", "quantity": 2, "estimatedPrice": 100}, "customer": customer, "deadline": "2027-01-10T00:00:00Z"}),
        )
        .await;
    created.expect(201);
    let path = format!("/api/requests/{}", id(created.data()));

    let merged = server
        .api
        .patch(&path, &admin, json!({"details": {"quantity": 5}}))
        .await;
    merged.expect(200);
    assert_eq!(merged.message(), "Request updated");
    assert_eq!(
        merged.data()["details"],
        json!({"type": "cut", "estimatedPrice": 100, "quantity": 5})
    );

    let same = server
        .api
        .patch(
            &path,
            &admin,
            json!({"deadline": "2027-01-10T00:00:00.000Z"}),
        )
        .await;
    same.expect(200);
    for body in [
        json!({"deadline": "2027-02-01T00:00:00Z"}),
        json!({"deadline": "2027-02-01T00:00:00Z", "deadlineChangeReason": "   "}),
    ] {
        let refused = server.api.patch(&path, &admin, body).await;
        refused.expect(400);
        assert_eq!(
            refused.message(),
            "Reason is required when changing deadline"
        );
    }
    let unchanged = server.api.get(&path, &admin).await;
    assert_eq!(unchanged.data()["deadline"], "2027-01-10T00:00:00.000Z");
    let moved = server
        .api
        .patch(
            &path,
            &admin,
            json!({"deadline": "2027-02-01T00:00:00Z", "deadlineChangeReason": "Customer asked"}),
        )
        .await;
    moved.expect(200);
    assert_eq!(moved.data()["deadline"], "2027-02-01T00:00:00.000Z");
    assert_eq!(moved.data()["deadlineChangeReason"], "Customer asked");

    let bad_ref = server
        .api
        .patch(&path, &admin, json!({"customer": MISSING}))
        .await;
    bad_ref.expect(400);
    assert_eq!(bad_ref.message(), "Customer not found");
    let gone = server
        .api
        .patch(
            &format!("/api/requests/{MISSING}"),
            &admin,
            json!({"notes": 1}),
        )
        .await;
    gone.expect(404);
    assert_eq!(gone.message(), "Request not found");
}

#[tokio::test]
async fn cancelling_a_request_cancels_its_panes_and_tells_the_right_rooms() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let admin_id = me(&server.api, &admin).await;
    let customer = customer(&server, &admin, "C").await;
    let cut = station(&server, &admin, "cutting", false).await;
    let created = server
        .api
        .post("/api/requests", &admin, json!({"details": {"type": "cut", "quantity": 1}, "customer": customer, "panes": [{"routing": [cut]}]}))
        .await;
    created.expect(201);
    let request = id(created.data());

    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, room) in [
        ("station", "join_station"),
        ("production", "join_production"),
        ("dashboard", "join_dashboard"),
        ("order", "join_order"),
        ("request", "join_request"),
        ("pricing", "join_pricing"),
    ] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, room, vec![]).await;
    }

    let cancelled = server
        .api
        .patch(
            &format!("/api/requests/{request}"),
            &admin,
            json!({"status": "cancelled", "cancelReason": "No longer needed"}),
        )
        .await;
    cancelled.expect(200);
    assert_eq!(cancelled.data()["status"], "cancelled");
    assert_eq!(cancelled.data()["cancelledBy"]["_id"], admin_id);
    assert_eq!(cancelled.data()["cancelReason"], "No longer needed");
    let pane = stored_pane(&server, "PNE-0001").await.expect("pane");
    assert_eq!(pane.current_status, "cancelled");
    assert_eq!(pane.current_station, None);

    let expected = json!({"action": "cancelled_by_request", "data": {"requestId": request}});
    for sock in ["production", "dashboard"] {
        assert_eq!(
            sockets.expect_event(sock, "order:updated").await[0],
            expected,
            "{sock}"
        );
    }
    for sock in ["station", "production"] {
        assert_eq!(
            sockets.expect_event(sock, "pane:updated").await[0],
            expected,
            "{sock}"
        );
    }
    for sock in ["request", "dashboard"] {
        let event = sockets.expect_event(sock, "request:updated").await;
        assert_eq!(event[0]["action"], "updated");
        assert_eq!(event[0]["data"]["status"], "cancelled");
    }
    assert_eq!(
        sockets.count_after("order", "order:updated", SETTLE).await,
        0,
        "the order room is not told"
    );
    assert_eq!(
        sockets
            .count_after("dashboard", "pane:updated", Duration::ZERO)
            .await,
        0
    );
    for name in ["order:updated", "pane:updated", "request:updated"] {
        assert_eq!(
            sockets.count_after("pricing", name, Duration::ZERO).await,
            0,
            "{name}"
        );
    }
}

#[tokio::test]
async fn request_events_reach_their_rooms_only() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let customer = customer(&server, &admin, "C").await;
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, room) in [
        ("request", "join_request"),
        ("dashboard", "join_dashboard"),
        ("pricing", "join_pricing"),
    ] {
        sockets.connect(sock, &admin).await;
        sockets.ack(sock, room, vec![]).await;
    }
    let created = server
        .api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "cut", "quantity": 1}, "customer": customer, "panes": [{}]}),
        )
        .await;
    created.expect(201);
    for sock in ["request", "dashboard"] {
        let event = sockets.expect_event(sock, "request:updated").await;
        assert_eq!(event[0]["action"], "created");
        assert_eq!(
            event[0]["data"],
            *created.data(),
            "the same object as the response, panes included"
        );
    }
    let path = format!("/api/requests/{}", id(created.data()));
    server
        .api
        .patch(&path, &admin, json!({"deliveryLocation": "Dock 3"}))
        .await
        .expect(200);
    let updated = sockets.expect_event("request", "request:updated").await;
    assert_eq!(updated[0]["data"]["deliveryLocation"], "Dock 3");
    assert_eq!(updated[0]["data"]["customer"]["name"], "C", "populated");

    let deleted = server.api.delete(&path, &admin).await;
    deleted.expect(200);
    assert_eq!(
        deleted.body,
        json!({"success": true, "message": "Request deleted", "data": null})
    );
    let event = sockets.expect_event("request", "request:updated").await;
    assert_eq!(event[0]["action"], "deleted");
    assert_eq!(event[0]["data"]["_id"], created.data()["_id"]);
    assert_eq!(
        event[0]["data"]["customer"], customer,
        "the deleted document is unpopulated"
    );
    assert!(
        stored_pane(&server, "PNE-0001").await.is_none(),
        "its panes went with it"
    );
    server.api.delete(&path, &admin).await.expect(404);

    let a = server
        .api
        .post(
            "/api/requests",
            &admin,
            json!({"details": {"type": "cut", "quantity": 1}, "customer": customer}),
        )
        .await;
    let ids = vec![id(a.data()), MISSING.to_owned()];
    let bulk = server
        .api
        .delete_with("/api/requests", &admin, json!({"ids": ids}))
        .await;
    bulk.expect(200);
    assert_eq!(
        bulk.body,
        json!({"success": true, "message": "Requests deleted", "data": {"deletedCount": 1}})
    );
    assert_eq!(
        sockets.expect_event("request", "request:updated").await[0]["action"],
        "created"
    );
    assert_eq!(
        sockets.expect_event("request", "request:updated").await[0],
        json!({"action": "deleted", "data": {"ids": ids}})
    );
    assert_eq!(
        sockets
            .count_after("pricing", "request:updated", SETTLE)
            .await,
        0
    );
}
