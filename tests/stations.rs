//! Station templates and stations (core.md §11.1, §11.2): shapes, the populated template,
//! reference checks, pagination, deletes with the template → stations cascade (§13.2), and
//! their events (§14) on real sockets.

mod common;

use common::keys;
use common::stock::id as id_of;
use common::stock::{MISSING, SETTLE};

use common::socket::Sockets;
use common::{Api, TestServer};
use serde_json::{Value, json};
use std::time::Duration;

async fn template(api: &Api, admin: &str, body: Value) -> Value {
    let answer = api.post("/api/station-templates", admin, body).await;
    answer.expect(201);
    answer.data().clone()
}

async fn station(api: &Api, admin: &str, name: &str, template_id: &str) -> Value {
    let answer = api
        .post(
            "/api/stations",
            admin,
            json!({"name": name, "templateId": template_id}),
        )
        .await;
    answer.expect(201);
    answer.data().clone()
}

fn names(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|d| d["name"].as_str().expect("a name"))
        .collect()
}

#[tokio::test]
async fn station_templates_store_their_ui_schema_verbatim() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let layout =
        json!({"zeta": [1, 2.5, {"b": null, "a": "x"}], "alpha": {"fields": []}, "mid": true});
    let answer = api
        .post(
            "/api/station-templates",
            &admin,
            json!({"name": "  Cutting  ", "uiSchema": layout, "type": "x", "allowSkip": true}),
        )
        .await;
    answer.expect(201);
    assert_eq!(answer.message(), "Station template created");
    let created = answer.data().clone();
    assert_eq!(
        keys(&created),
        ["_id", "name", "uiSchema", "createdAt", "updatedAt", "__v"]
    );
    assert_eq!(created["name"], "Cutting");
    assert_eq!(created["__v"], 0);
    // Echoed as sent, key order included.
    assert_eq!(
        serde_json::to_string(&created["uiSchema"]).expect("json"),
        serde_json::to_string(&layout).expect("json")
    );
    let id = id_of(&created);
    let fetched = api
        .get(&format!("/api/station-templates/{id}"), &admin)
        .await;
    fetched.expect(200);
    assert_eq!(fetched.message(), "Success");
    assert_eq!(fetched.data(), &created);

    // Absent: `{}`; null and any other JSON are kept.
    assert_eq!(
        template(api, &admin, json!({"name": "Plain"})).await["uiSchema"],
        json!({})
    );
    for schema in [json!(null), json!([1, "two"]), json!(7), json!("text")] {
        let made = template(api, &admin, json!({"name": "Odd", "uiSchema": schema})).await;
        let again = api
            .get(&format!("/api/station-templates/{}", id_of(&made)), &admin)
            .await;
        assert_eq!(again.data()["uiSchema"], schema);
    }

    // PATCH sets only what is sent; uiSchema may become null; updatedAt moves even for `{}`.
    tokio::time::sleep(Duration::from_millis(5)).await;
    let patched = api
        .patch(
            &format!("/api/station-templates/{id}"),
            &admin,
            json!({"uiSchema": null}),
        )
        .await;
    patched.expect(200);
    assert_eq!(patched.message(), "Station template updated");
    assert_eq!(patched.data()["name"], "Cutting");
    assert_eq!(patched.data()["uiSchema"], Value::Null);
    assert_ne!(patched.data()["updatedAt"], created["updatedAt"]);
    assert_eq!(patched.data()["createdAt"], created["createdAt"]);
    let renamed = api
        .patch(
            &format!("/api/station-templates/{id}"),
            &admin,
            json!({"name": " Edging "}),
        )
        .await;
    assert_eq!(renamed.data()["name"], "Edging");
    assert_eq!(renamed.data()["uiSchema"], Value::Null);

    // Errors.
    for path in [
        format!("/api/station-templates/{MISSING}"),
        "/api/station-templates/not-an-id".to_owned(),
    ] {
        let missing = api.get(&path, &admin).await;
        missing.expect(404);
        assert_eq!(
            missing.body,
            json!({"success": false, "message": "Station template not found"})
        );
    }
    let missing = api
        .patch(
            &format!("/api/station-templates/{MISSING}"),
            &admin,
            json!({"name": "x"}),
        )
        .await;
    missing.expect(404);
    assert_eq!(missing.message(), "Station template not found");
    for body in [json!({}), json!({"name": "   "}), json!({"name": 5})] {
        let bad = api.post("/api/station-templates", &admin, body).await;
        bad.expect(400);
        assert_eq!(bad.message(), "Validation failed");
        assert_eq!(bad.body["errors"][0]["field"], "body.name");
    }
}

#[tokio::test]
async fn station_and_template_lists_paginate_and_sort() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let mut templates = Vec::new();
    for name in ["Delta", "alpha", "Charlie", "Bravo", "Echo"] {
        templates.push(template(api, &admin, json!({"name": name})).await);
    }
    let first = id_of(&templates[0]);
    for name in ["s3", "s1", "s2"] {
        station(api, &admin, name, &first).await;
    }

    // Newest first by default, with the pagination block.
    let page = api.get("/api/station-templates?limit=2", &admin).await;
    page.expect(200);
    assert_eq!(names(page.data()), ["Echo", "Bravo"]);
    assert_eq!(
        page.body["pagination"],
        json!({"page": 1, "limit": 2, "total": 5, "totalPages": 3})
    );
    let last = api
        .get("/api/station-templates?limit=2&page=3", &admin)
        .await;
    assert_eq!(names(last.data()), ["Delta"]);
    let past = api
        .get("/api/station-templates?limit=2&page=9", &admin)
        .await;
    assert_eq!(past.data(), &json!([]));
    assert_eq!(past.body["pagination"]["page"], 9);
    // Code-point order: upper case before lower case.
    let sorted = api.get("/api/station-templates?sort=name", &admin).await;
    assert_eq!(
        names(sorted.data()),
        ["Bravo", "Charlie", "Delta", "Echo", "alpha"]
    );
    let sorted = api.get("/api/station-templates?sort=-name", &admin).await;
    assert_eq!(names(sorted.data())[0], "alpha");

    let stations = api.get("/api/stations?sort=name&limit=2", &admin).await;
    stations.expect(200);
    assert_eq!(names(stations.data()), ["s1", "s2"]);
    assert_eq!(
        stations.body["pagination"],
        json!({"page": 1, "limit": 2, "total": 3, "totalPages": 2})
    );
    // Every listed station carries its template, populated.
    let template_doc = api
        .get(&format!("/api/station-templates/{first}"), &admin)
        .await;
    for listed in stations.data().as_array().expect("list") {
        assert_eq!(&listed["templateId"], template_doc.data());
    }
    let newest = api.get("/api/stations", &admin).await;
    assert_eq!(names(newest.data()), ["s2", "s1", "s3"]);
}

#[tokio::test]
async fn stations_populate_and_check_their_template() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let cutting = template(
        api,
        &admin,
        json!({"name": "Cutting", "uiSchema": {"a": 1}}),
    )
    .await;
    let edging = template(api, &admin, json!({"name": "Edging"})).await;

    let answer = api
        .post(
            "/api/stations",
            &admin,
            json!({"name": " cutting ", "templateId": id_of(&cutting), "notes": "  front  "}),
        )
        .await;
    answer.expect(201);
    assert_eq!(answer.message(), "Station created");
    let created = answer.data().clone();
    assert_eq!(
        keys(&created),
        [
            "_id",
            "name",
            "templateId",
            "colorId",
            "status",
            "isLaminateStation",
            "showWithdrawClaimActions",
            "notes",
            "kind",
            "createdAt",
            "updatedAt",
            "__v"
        ]
    );
    assert_eq!(created["name"], "cutting");
    assert_eq!(created["templateId"], cutting, "the full template object");
    assert_eq!(created["colorId"], "sky");
    assert_eq!(created["status"], "offline");
    assert_eq!(created["isLaminateStation"], false);
    assert_eq!(created["showWithdrawClaimActions"], true);
    assert_eq!(created["notes"], "front");
    assert_eq!(
        created["kind"], "standard",
        "the additive floor kind defaults"
    );
    let id = id_of(&created);
    let fetched = api.get(&format!("/api/stations/{id}"), &admin).await;
    fetched.expect(200);
    assert_eq!(fetched.data(), &created);

    // Names are not unique; every optional field is accepted.
    let laminate = api
        .post(
            "/api/stations",
            &admin,
            json!({"name": "cutting", "templateId": id_of(&edging), "colorId": "teal", "status": "maintenance", "isLaminateStation": true, "showWithdrawClaimActions": false}),
        )
        .await;
    laminate.expect(201);
    assert_eq!(laminate.data()["colorId"], "teal");
    assert_eq!(laminate.data()["status"], "maintenance");
    assert_eq!(laminate.data()["isLaminateStation"], true);
    assert_eq!(laminate.data()["showWithdrawClaimActions"], false);

    // The floor kind (additive): one of the list, set on create and by PATCH; else 400.
    let qc = api
        .post(
            "/api/stations",
            &admin,
            json!({"name": "QC", "templateId": id_of(&edging), "kind": "qc"}),
        )
        .await;
    qc.expect(201);
    assert_eq!(qc.data()["kind"], "qc");
    let qc_id = id_of(qc.data());
    let cut = api
        .patch(
            &format!("/api/stations/{qc_id}"),
            &admin,
            json!({"kind": "cut"}),
        )
        .await;
    cut.expect(200);
    assert_eq!(cut.data()["kind"], "cut");
    for bad in [json!("qa"), json!(3), json!("")] {
        let refused = api
            .patch(
                &format!("/api/stations/{qc_id}"),
                &admin,
                json!({"kind": bad}),
            )
            .await;
        refused.expect(400);
    }
    let kept = api.get(&format!("/api/stations/{qc_id}"), &admin).await;
    assert_eq!(
        kept.data()["kind"],
        "cut",
        "a refused change writes nothing"
    );

    // Reference checks: well-formed and missing, or malformed → 400 with the label.
    for template_id in [MISSING, "abc"] {
        let bad = api
            .post(
                "/api/stations",
                &admin,
                json!({"name": "x", "templateId": template_id}),
            )
            .await;
        bad.expect(400);
        assert_eq!(
            bad.body,
            json!({"success": false, "message": "Station template not found"})
        );
    }
    let bad = api
        .post(
            "/api/stations",
            &admin,
            json!({"name": "x", "templateId": id_of(&cutting), "colorId": "purple"}),
        )
        .await;
    bad.expect(400);
    assert_eq!(bad.body["errors"][0]["field"], "body.colorId");
    assert_eq!(
        bad.body["errors"][0]["message"],
        "Invalid option: expected one of \"sky\"|\"blue\"|\"violet\"|\"pink\"|\"red\"|\"orange\"|\"yellow\"|\"green\"|\"teal\"|\"slate\""
    );
    let bad = api
        .post("/api/stations", &admin, json!({"status": "busy"}))
        .await;
    bad.expect(400);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["body.name", "body.templateId", "body.status"]);

    // PATCH: the template reference is checked before the station's existence.
    let both_bad = api
        .patch(
            &format!("/api/stations/{MISSING}"),
            &admin,
            json!({"templateId": MISSING}),
        )
        .await;
    both_bad.expect(400);
    assert_eq!(both_bad.message(), "Station template not found");
    let missing = api
        .patch(
            &format!("/api/stations/{MISSING}"),
            &admin,
            json!({"templateId": id_of(&edging)}),
        )
        .await;
    missing.expect(404);
    assert_eq!(missing.message(), "Station not found");
    let moved = api
        .patch(
            &format!("/api/stations/{id}"),
            &admin,
            json!({"templateId": id_of(&edging), "status": "online"}),
        )
        .await;
    moved.expect(200);
    assert_eq!(moved.message(), "Station updated");
    assert_eq!(moved.data()["templateId"], edging);
    assert_eq!(moved.data()["status"], "online");
    assert_eq!(moved.data()["name"], "cutting");
    let unchanged = api
        .patch(
            &format!("/api/stations/{id}"),
            &admin,
            json!({"templateId": MISSING, "name": "renamed"}),
        )
        .await;
    unchanged.expect(400);
    assert_eq!(
        api.get(&format!("/api/stations/{id}"), &admin).await.data()["name"],
        "cutting"
    );
    let gone = api.get("/api/stations/nope", &admin).await;
    gone.expect(404);
    assert_eq!(gone.message(), "Station not found");
}

#[tokio::test]
async fn stations_and_templates_are_deleted_one_at_a_time_and_in_bulk() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let t = id_of(&template(api, &admin, json!({"name": "T"})).await);
    let a = id_of(&station(api, &admin, "a", &t).await);
    let b = id_of(&station(api, &admin, "b", &t).await);
    let c = id_of(&station(api, &admin, "c", &t).await);

    let deleted = api.delete(&format!("/api/stations/{a}"), &admin).await;
    deleted.expect(200);
    assert_eq!(
        deleted.body,
        json!({"success": true, "message": "Station deleted", "data": null})
    );
    api.get(&format!("/api/stations/{a}"), &admin)
        .await
        .expect(404);
    let again = api.delete(&format!("/api/stations/{a}"), &admin).await;
    again.expect(404);
    assert_eq!(again.message(), "Station not found");
    api.delete("/api/stations/xyz", &admin).await.expect(404);
    // Deleting a station touches nothing else.
    api.get(&format!("/api/station-templates/{t}"), &admin)
        .await
        .expect(200);

    let bulk = api
        .delete_with("/api/stations", &admin, json!({"ids": [b, a, MISSING]}))
        .await;
    bulk.expect(200);
    assert_eq!(
        bulk.body,
        json!({"success": true, "message": "Stations deleted", "data": {"deletedCount": 1}})
    );
    api.get(&format!("/api/stations/{c}"), &admin)
        .await
        .expect(200);
    for body in [json!({}), json!({"ids": []}), json!({"ids": ["x"]})] {
        api.delete_with("/api/stations", &admin, body)
            .await
            .expect(400);
    }

    let lone = id_of(&template(api, &admin, json!({"name": "Lone"})).await);
    let deleted = api
        .delete(&format!("/api/station-templates/{lone}"), &admin)
        .await;
    assert_eq!(
        deleted.body,
        json!({"success": true, "message": "Station template deleted", "data": null})
    );
    let again = api
        .delete(&format!("/api/station-templates/{lone}"), &admin)
        .await;
    again.expect(404);
    assert_eq!(again.message(), "Station template not found");
    let bulk = api
        .delete_with(
            "/api/station-templates",
            &admin,
            json!({"ids": [MISSING, lone]}),
        )
        .await;
    assert_eq!(
        bulk.body,
        json!({"success": true, "message": "Station templates deleted", "data": {"deletedCount": 0}})
    );
    api.delete_with("/api/station-templates", &admin, json!({"ids": "all"}))
        .await
        .expect(400);
}

/// Deleting a template deletes exactly its stations, in the one write transaction of the
/// request, and announces only the template (§11.1, §13.2, §14).
#[tokio::test]
async fn deleting_a_template_deletes_exactly_its_stations() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("watcher", &admin).await;
    sockets.ack("watcher", "join_dashboard", vec![]).await;
    sockets.ack("watcher", "join_station", vec![]).await;

    let doomed = id_of(&template(api, &admin, json!({"name": "Doomed"})).await);
    let kept = id_of(&template(api, &admin, json!({"name": "Kept"})).await);
    let mut doomed_stations = Vec::new();
    for n in 0..12 {
        doomed_stations.push(id_of(
            &station(api, &admin, &format!("d{n}"), &doomed).await,
        ));
    }
    let survivor = id_of(&station(api, &admin, "k", &kept).await);
    sockets
        .count_after("watcher", "station:updated", SETTLE)
        .await;
    sockets
        .count_after("watcher", "station-template:updated", Duration::ZERO)
        .await;

    let (pieces_before, _) = server.core().db.writer_stats();
    api.delete(&format!("/api/station-templates/{doomed}"), &admin)
        .await
        .expect(200);
    let (pieces_after, _) = server.core().db.writer_stats();
    assert_eq!(
        pieces_after - pieces_before,
        1,
        "the template and its stations go in one write transaction"
    );
    for id in &doomed_stations {
        let gone = api.get(&format!("/api/stations/{id}"), &admin).await;
        gone.expect(404);
    }
    api.get(&format!("/api/stations/{survivor}"), &admin)
        .await
        .expect(200);
    let listed = api.get("/api/stations", &admin).await;
    assert_eq!(listed.body["pagination"]["total"], 1);
    let event = sockets
        .expect_event("watcher", "station-template:updated")
        .await;
    assert_eq!(event[0]["action"], "deleted");
    assert_eq!(event[0]["data"]["_id"], doomed);
    assert_eq!(
        sockets
            .count_after("watcher", "station:updated", SETTLE)
            .await,
        0,
        "no events for stations removed by the cascade"
    );

    // Bulk: two templates' stations go, a third template's stay.
    let t1 = id_of(&template(api, &admin, json!({"name": "T1"})).await);
    let t2 = id_of(&template(api, &admin, json!({"name": "T2"})).await);
    let s1 = id_of(&station(api, &admin, "s1", &t1).await);
    let s2 = id_of(&station(api, &admin, "s2", &t2).await);
    let s3 = id_of(&station(api, &admin, "s3", &t2).await);
    sockets
        .count_after("watcher", "station:updated", SETTLE)
        .await;
    sockets
        .count_after("watcher", "station-template:updated", Duration::ZERO)
        .await;
    let (pieces_before, _) = server.core().db.writer_stats();
    let bulk = api
        .delete_with(
            "/api/station-templates",
            &admin,
            json!({"ids": [t1, MISSING, t2]}),
        )
        .await;
    bulk.expect(200);
    assert_eq!(bulk.data(), &json!({"deletedCount": 2}));
    let (pieces_after, _) = server.core().db.writer_stats();
    assert_eq!(pieces_after - pieces_before, 1);
    for id in [&s1, &s2, &s3] {
        api.get(&format!("/api/stations/{id}"), &admin)
            .await
            .expect(404);
    }
    api.get(&format!("/api/stations/{survivor}"), &admin)
        .await
        .expect(200);
    api.get(&format!("/api/station-templates/{kept}"), &admin)
        .await
        .expect(200);
    let event = sockets
        .expect_event("watcher", "station-template:updated")
        .await;
    assert_eq!(
        event[0],
        json!({"action": "deleted", "data": {"ids": [t1, MISSING, t2]}})
    );
    assert_eq!(
        sockets
            .count_after("watcher", "station:updated", SETTLE)
            .await,
        0
    );
}

/// Joins `dash` to dashboard, `floor` to station and `elsewhere` to the inventory page.
async fn watchers(server: &TestServer, admin: &str) -> Sockets {
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, room) in [
        ("dash", "join_dashboard"),
        ("floor", "join_station"),
        ("elsewhere", "join_inventory"),
    ] {
        sockets.connect(sock, admin).await;
        sockets.ack(sock, room, vec![]).await;
    }
    sockets
}

/// Both target rooms receive `payload`; the socket elsewhere receives nothing.
async fn both_receive(sockets: &Sockets, event: &str, payload: &Value) {
    for sock in ["dash", "floor"] {
        let received = sockets.expect_event(sock, event).await;
        assert_eq!(&received[0], payload, "{sock} got {event}");
        assert_eq!(received.len(), 1);
    }
    assert_eq!(sockets.count_after("elsewhere", event, SETTLE).await, 0);
}

#[tokio::test]
async fn station_template_events_reach_dashboard_and_station_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let sockets = watchers(&server, &admin).await;
    let event = "station-template:updated";

    let created = template(api, &admin, json!({"name": "Glue", "uiSchema": [1]})).await;
    both_receive(
        &sockets,
        event,
        &json!({"action": "created", "data": created}),
    )
    .await;
    let id = id_of(&created);
    let updated = api
        .patch(
            &format!("/api/station-templates/{id}"),
            &admin,
            json!({"name": "Glue 2"}),
        )
        .await;
    both_receive(
        &sockets,
        event,
        &json!({"action": "updated", "data": updated.data()}),
    )
    .await;
    api.delete(&format!("/api/station-templates/{id}"), &admin)
        .await
        .expect(200);
    both_receive(
        &sockets,
        event,
        &json!({"action": "deleted", "data": updated.data()}),
    )
    .await;
    api.delete_with("/api/station-templates", &admin, json!({"ids": [id]}))
        .await
        .expect(200);
    both_receive(
        &sockets,
        event,
        &json!({"action": "deleted", "data": {"ids": [id]}}),
    )
    .await;
    // A refused change announces nothing.
    api.patch(
        &format!("/api/station-templates/{MISSING}"),
        &admin,
        json!({"name": "x"}),
    )
    .await
    .expect(404);
    assert_eq!(sockets.count_after("dash", event, SETTLE).await, 0);
}

#[tokio::test]
async fn station_events_carry_the_populated_station_to_dashboard_and_station_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let t = template(api, &admin, json!({"name": "Cutting"})).await;
    let sockets = watchers(&server, &admin).await;
    sockets
        .count_after("dash", "station-template:updated", Duration::ZERO)
        .await;
    let event = "station:updated";

    let created = station(api, &admin, "cutting 1", &id_of(&t)).await;
    assert_eq!(created["templateId"], t);
    both_receive(
        &sockets,
        event,
        &json!({"action": "created", "data": created}),
    )
    .await;
    let id = id_of(&created);
    let updated = api
        .patch(
            &format!("/api/stations/{id}"),
            &admin,
            json!({"status": "online"}),
        )
        .await;
    assert_eq!(updated.data()["templateId"], t);
    both_receive(
        &sockets,
        event,
        &json!({"action": "updated", "data": updated.data()}),
    )
    .await;
    // The deleted document is the stored one: templateId is the id.
    let mut stored = updated.data().clone();
    stored["templateId"] = json!(id_of(&t));
    api.delete(&format!("/api/stations/{id}"), &admin)
        .await
        .expect(200);
    both_receive(
        &sockets,
        event,
        &json!({"action": "deleted", "data": stored}),
    )
    .await;
    api.delete_with("/api/stations", &admin, json!({"ids": [id, MISSING]}))
        .await
        .expect(200);
    both_receive(
        &sockets,
        event,
        &json!({"action": "deleted", "data": {"ids": [id, MISSING]}}),
    )
    .await;
}
