//! Job types and sticker templates (core.md §11.3, §11.4): shapes, unique codes and names
//! (409), the `isActive` filter, pagination, deletes, and their dashboard events (§14).

mod common;

use common::keys;
use common::stock::id as id_of;
use common::stock::{MISSING, SETTLE};

use common::socket::Sockets;
use common::{Answer, Api, TestServer};
use serde_json::{Value, json};

fn codes(answer: &Answer) -> Vec<&str> {
    answer
        .data()
        .as_array()
        .expect("a list")
        .iter()
        .map(|d| d["code"].as_str().expect("a code"))
        .collect()
}

/// The single validation problem of a 400: (field, message).
#[track_caller]
fn problem(answer: &Answer) -> (String, String) {
    answer.expect(400);
    assert_eq!(answer.message(), "Validation failed", "{}", answer.body);
    let errors = answer.body["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{}", answer.body);
    (
        errors[0]["field"].as_str().unwrap_or("").to_owned(),
        errors[0]["message"].as_str().unwrap_or("").to_owned(),
    )
}

async fn job_type(api: &Api, admin: &str, body: Value) -> Value {
    let answer = api.post("/api/job-types", admin, body).await;
    answer.expect(201);
    answer.data().clone()
}

#[tokio::test]
async fn job_types_fill_defaults_and_keep_codes_unique() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let answer = api
        .post(
            "/api/job-types",
            &admin,
            json!({"name": "  ลามิเนต ", "code": " Laminated ", "description": "  two sheets ", "sheetsPerPane": 2, "defaultRawGlassTypes": ["Clear", "Tinted"], "extra": 1}),
        )
        .await;
    answer.expect(201);
    assert_eq!(answer.message(), "Job type created");
    let laminated = answer.data().clone();
    assert_eq!(
        keys(&laminated),
        [
            "_id",
            "name",
            "code",
            "description",
            "sheetsPerPane",
            "defaultRawGlassTypes",
            "isActive",
            "createdAt",
            "updatedAt",
            "__v"
        ]
    );
    assert_eq!(laminated["name"], "ลามิเนต");
    assert_eq!(laminated["code"], "Laminated");
    assert_eq!(laminated["description"], "  two sheets ", "not trimmed");
    assert_eq!(laminated["sheetsPerPane"], 2);
    assert_eq!(
        laminated["defaultRawGlassTypes"],
        json!(["Clear", "Tinted"])
    );
    assert_eq!(laminated["isActive"], true);
    let id = id_of(&laminated);
    let fetched = api.get(&format!("/api/job-types/{id}"), &admin).await;
    fetched.expect(200);
    assert_eq!(fetched.data(), &laminated);

    let plain = job_type(api, &admin, json!({"name": "Tempered", "code": "TEMP"})).await;
    assert_eq!(plain["description"], "");
    assert_eq!(plain["sheetsPerPane"], 1);
    assert_eq!(plain["defaultRawGlassTypes"], json!([]));
    assert_eq!(plain["isActive"], true);

    // Codes are unique after trimming, and case-sensitive.
    let clash = api
        .post(
            "/api/job-types",
            &admin,
            json!({"name": "Other", "code": "Laminated "}),
        )
        .await;
    clash.expect(409);
    assert_eq!(
        clash.body,
        json!({"success": false, "message": "Job type code already exists"})
    );
    job_type(api, &admin, json!({"name": "Lower", "code": "laminated"})).await;
    let clash = api
        .patch(
            &format!("/api/job-types/{}", id_of(&plain)),
            &admin,
            json!({"code": "Laminated"}),
        )
        .await;
    clash.expect(409);
    assert_eq!(clash.message(), "Job type code already exists");
    // Its own code is no clash.
    let same = api
        .patch(
            &format!("/api/job-types/{id}"),
            &admin,
            json!({"code": "Laminated", "isActive": false, "sheetsPerPane": 3}),
        )
        .await;
    same.expect(200);
    assert_eq!(same.message(), "Job type updated");
    assert_eq!(same.data()["isActive"], false);
    assert_eq!(same.data()["sheetsPerPane"], 3);
    assert_eq!(same.data()["name"], "ลามิเนต");

    let missing = api
        .patch(
            &format!("/api/job-types/{MISSING}"),
            &admin,
            json!({"name": "x"}),
        )
        .await;
    missing.expect(404);
    assert_eq!(missing.message(), "Job type not found");
    let missing = api.get("/api/job-types/bad-id", &admin).await;
    missing.expect(404);
    assert_eq!(
        missing.body,
        json!({"success": false, "message": "Job type not found"})
    );

    // Validation: sheetsPerPane is an integer ≥ 1; raw glass types are non-empty strings.
    let bad = |body: Value| {
        let api = api.clone();
        let admin = admin.clone();
        async move { api.post("/api/job-types", &admin, body).await }
    };
    let base = |extra: Value| {
        let mut body = json!({"name": "N", "code": "C"});
        for (k, v) in extra.as_object().expect("object") {
            body[k] = v.clone();
        }
        body
    };
    let cases = [
        (
            json!({"sheetsPerPane": 1.5}),
            "body.sheetsPerPane",
            "Invalid input: expected int, received number",
        ),
        (
            json!({"sheetsPerPane": 0}),
            "body.sheetsPerPane",
            "Too small: expected number to be >=1",
        ),
        (
            json!({"sheetsPerPane": "2"}),
            "body.sheetsPerPane",
            "Invalid input: expected number, received string",
        ),
        (
            json!({"defaultRawGlassTypes": ["Clear", ""]}),
            "body.defaultRawGlassTypes.1",
            "Too small: expected string to have >=1 characters",
        ),
        (
            json!({"isActive": "yes"}),
            "body.isActive",
            "Invalid input: expected boolean, received string",
        ),
        (
            json!({"code": "   "}),
            "body.code",
            "Too small: expected string to have >=1 characters",
        ),
    ];
    for (extra, field, message) in cases {
        let answer = bad(base(extra)).await;
        assert_eq!(problem(&answer), (field.to_owned(), message.to_owned()));
    }
    let total = api.get("/api/job-types", &admin).await;
    assert_eq!(
        total.body["pagination"]["total"], 3,
        "nothing bad was stored"
    );
}

#[tokio::test]
async fn job_type_lists_filter_on_is_active_and_paginate() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    for (code, active) in [
        ("B", true),
        ("D", false),
        ("A", true),
        ("C", false),
        ("E", true),
    ] {
        job_type(
            api,
            &admin,
            json!({"name": code, "code": code, "isActive": active}),
        )
        .await;
    }
    let all = api.get("/api/job-types", &admin).await;
    all.expect(200);
    assert_eq!(codes(&all), ["E", "C", "A", "D", "B"]);
    let active = api
        .get("/api/job-types?isActive=true&sort=code", &admin)
        .await;
    assert_eq!(codes(&active), ["A", "B", "E"]);
    assert_eq!(active.body["pagination"]["total"], 3);
    // Any value other than `true` selects the inactive ones.
    for value in ["false", "yes", "1", ""] {
        let inactive = api
            .get(
                &format!("/api/job-types?isActive={value}&sort=code"),
                &admin,
            )
            .await;
        assert_eq!(codes(&inactive), ["C", "D"], "isActive={value}");
    }
    let page = api
        .get(
            "/api/job-types?isActive=true&sort=-code&limit=2&page=2",
            &admin,
        )
        .await;
    assert_eq!(codes(&page), ["A"]);
    assert_eq!(
        page.body["pagination"],
        json!({"page": 2, "limit": 2, "total": 3, "totalPages": 2})
    );
}

#[tokio::test]
async fn job_types_are_deleted_one_at_a_time_and_in_bulk() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let a = id_of(&job_type(api, &admin, json!({"name": "a", "code": "a"})).await);
    let b = id_of(&job_type(api, &admin, json!({"name": "b", "code": "b"})).await);
    let c = id_of(&job_type(api, &admin, json!({"name": "c", "code": "c"})).await);

    let deleted = api.delete(&format!("/api/job-types/{a}"), &admin).await;
    assert_eq!(
        deleted.body,
        json!({"success": true, "message": "Job type deleted", "data": null})
    );
    let again = api.delete(&format!("/api/job-types/{a}"), &admin).await;
    again.expect(404);
    assert_eq!(again.message(), "Job type not found");
    let bulk = api
        .delete_with("/api/job-types", &admin, json!({"ids": [a, b, MISSING]}))
        .await;
    assert_eq!(
        bulk.body,
        json!({"success": true, "message": "Job types deleted", "data": {"deletedCount": 1}})
    );
    api.get(&format!("/api/job-types/{b}"), &admin)
        .await
        .expect(404);
    api.get(&format!("/api/job-types/{c}"), &admin)
        .await
        .expect(200);
    // The code of a deleted job type is free again.
    job_type(api, &admin, json!({"name": "a again", "code": "a"})).await;
    let bad = api
        .delete_with("/api/job-types", &admin, json!({"ids": []}))
        .await;
    assert_eq!(
        problem(&bad),
        (
            "body.ids".to_owned(),
            "Too small: expected array to have >=1 items".to_owned()
        )
    );
}

async fn sticker(api: &Api, admin: &str, body: Value) -> Value {
    let answer = api.post("/api/sticker-templates", admin, body).await;
    answer.expect(201);
    answer.data().clone()
}

#[tokio::test]
async fn sticker_templates_default_their_name_and_keep_names_unique() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let elements =
        json!([{"type": "text", "value": "{{paneNumber}}", "x": 1.5}, {"type": "qr", "size": 20}]);
    let answer = api
        .post(
            "/api/sticker-templates",
            &admin,
            json!({"width": 100, "height": 50.5, "elements": elements, "fields": ["x"]}),
        )
        .await;
    answer.expect(201);
    assert_eq!(answer.message(), "Sticker template created");
    let first = answer.data().clone();
    assert_eq!(
        keys(&first),
        [
            "_id",
            "name",
            "width",
            "height",
            "elements",
            "createdAt",
            "updatedAt",
            "__v"
        ]
    );
    assert_eq!(first["name"], "default");
    assert_eq!(first["width"], 100);
    assert_eq!(first["height"], 50.5);
    assert_eq!(
        serde_json::to_string(&first["elements"]).expect("json"),
        serde_json::to_string(&elements).expect("json")
    );
    assert!(first.get("fields").is_none());

    // A second unnamed template clashes with "default" (upstream: 500; fix #13: 409).
    let clash = api
        .post(
            "/api/sticker-templates",
            &admin,
            json!({"width": 1, "height": 1}),
        )
        .await;
    clash.expect(409);
    assert_eq!(
        clash.body,
        json!({"success": false, "message": "Sticker template name already exists"})
    );
    let clash = api
        .post(
            "/api/sticker-templates",
            &admin,
            json!({"name": " default ", "width": 1, "height": 1}),
        )
        .await;
    clash.expect(409);

    let small = sticker(
        api,
        &admin,
        json!({"name": "  Small  ", "width": 0, "height": 0}),
    )
    .await;
    assert_eq!(small["name"], "Small");
    assert_eq!(small["elements"], json!([]));
    let id = id_of(&small);
    let clash = api
        .patch(
            &format!("/api/sticker-templates/{id}"),
            &admin,
            json!({"name": "default"}),
        )
        .await;
    clash.expect(409);
    assert_eq!(clash.message(), "Sticker template name already exists");
    let patched = api
        .patch(
            &format!("/api/sticker-templates/{id}"),
            &admin,
            json!({"name": "Small", "height": 25, "elements": {"free": "form"}}),
        )
        .await;
    patched.expect(200);
    assert_eq!(patched.message(), "Sticker template updated");
    assert_eq!(patched.data()["height"], 25);
    assert_eq!(patched.data()["width"], 0);
    assert_eq!(patched.data()["elements"], json!({"free": "form"}));
    let fetched = api
        .get(&format!("/api/sticker-templates/{id}"), &admin)
        .await;
    fetched.expect(200);
    assert_eq!(fetched.data(), patched.data());

    let missing = api
        .get(&format!("/api/sticker-templates/{MISSING}"), &admin)
        .await;
    missing.expect(404);
    assert_eq!(missing.message(), "Sticker template not found");
    api.patch("/api/sticker-templates/zz", &admin, json!({"width": 1}))
        .await
        .expect(404);

    for (body, field, message) in [
        (
            json!({"height": 1}),
            "body.width",
            "Invalid input: expected number, received undefined",
        ),
        (
            json!({"width": -1, "height": 1}),
            "body.width",
            "Too small: expected number to be >=0",
        ),
        (
            json!({"width": 1, "height": "2"}),
            "body.height",
            "Invalid input: expected number, received string",
        ),
        (
            json!({"name": "", "width": 1, "height": 1}),
            "body.name",
            "Too small: expected string to have >=1 characters",
        ),
    ] {
        let answer = api.post("/api/sticker-templates", &admin, body).await;
        assert_eq!(problem(&answer), (field.to_owned(), message.to_owned()));
    }

    // Lists paginate and sort.
    sticker(
        api,
        &admin,
        json!({"name": "Big", "width": 200, "height": 90}),
    )
    .await;
    let by_width = api
        .get("/api/sticker-templates?sort=-width&limit=2", &admin)
        .await;
    by_width.expect(200);
    let widths: Vec<&Value> = by_width
        .data()
        .as_array()
        .expect("list")
        .iter()
        .map(|d| &d["width"])
        .collect();
    assert_eq!(widths, [&json!(200), &json!(100)]);
    assert_eq!(
        by_width.body["pagination"],
        json!({"page": 1, "limit": 2, "total": 3, "totalPages": 2})
    );

    // Deletes.
    let deleted = api
        .delete(&format!("/api/sticker-templates/{id}"), &admin)
        .await;
    assert_eq!(
        deleted.body,
        json!({"success": true, "message": "Sticker template deleted", "data": null})
    );
    api.delete(&format!("/api/sticker-templates/{id}"), &admin)
        .await
        .expect(404);
    let bulk = api
        .delete_with(
            "/api/sticker-templates",
            &admin,
            json!({"ids": [id_of(&first), id]}),
        )
        .await;
    assert_eq!(
        bulk.body,
        json!({"success": true, "message": "Sticker templates deleted", "data": {"deletedCount": 1}})
    );
    // With "default" gone, an unnamed template may be created again.
    assert_eq!(
        sticker(api, &admin, json!({"width": 1, "height": 1})).await["name"],
        "default"
    );
}

/// `dash` in the dashboard room, `floor` in the station room: these events go to the
/// dashboard only.
async fn dashboard_and_floor(server: &TestServer, admin: &str) -> Sockets {
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, room) in [("dash", "join_dashboard"), ("floor", "join_station")] {
        sockets.connect(sock, admin).await;
        sockets.ack(sock, room, vec![]).await;
    }
    sockets
}

async fn dashboard_receives(sockets: &Sockets, event: &str, payload: Value) {
    let received = sockets.expect_event("dash", event).await;
    assert_eq!(received, vec![payload]);
    assert_eq!(sockets.count_after("floor", event, SETTLE).await, 0);
}

#[tokio::test]
async fn job_type_events_reach_the_dashboard_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let sockets = dashboard_and_floor(&server, &admin).await;
    let event = "jobType:updated";

    let created = job_type(api, &admin, json!({"name": "Cut", "code": "CUT"})).await;
    dashboard_receives(
        &sockets,
        event,
        json!({"action": "created", "data": created}),
    )
    .await;
    let id = id_of(&created);
    let updated = api
        .patch(
            &format!("/api/job-types/{id}"),
            &admin,
            json!({"isActive": false}),
        )
        .await;
    dashboard_receives(
        &sockets,
        event,
        json!({"action": "updated", "data": updated.data()}),
    )
    .await;
    api.delete(&format!("/api/job-types/{id}"), &admin)
        .await
        .expect(200);
    dashboard_receives(
        &sockets,
        event,
        json!({"action": "deleted", "data": updated.data()}),
    )
    .await;
    api.delete_with("/api/job-types", &admin, json!({"ids": [id]}))
        .await
        .expect(200);
    dashboard_receives(
        &sockets,
        event,
        json!({"action": "deleted", "data": {"ids": [id]}}),
    )
    .await;
    // A refused create (409) announces nothing.
    job_type(api, &admin, json!({"name": "X", "code": "X"})).await;
    sockets.expect_event("dash", event).await;
    api.post("/api/job-types", &admin, json!({"name": "Y", "code": "X"}))
        .await
        .expect(409);
    assert_eq!(sockets.count_after("dash", event, SETTLE).await, 0);
}

#[tokio::test]
async fn sticker_template_events_reach_the_dashboard_only() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let sockets = dashboard_and_floor(&server, &admin).await;
    let event = "sticker-template:updated";

    let created = sticker(api, &admin, json!({"width": 60, "height": 40})).await;
    dashboard_receives(
        &sockets,
        event,
        json!({"action": "created", "data": created}),
    )
    .await;
    let id = id_of(&created);
    let updated = api
        .patch(
            &format!("/api/sticker-templates/{id}"),
            &admin,
            json!({"elements": [{"type": "text"}]}),
        )
        .await;
    dashboard_receives(
        &sockets,
        event,
        json!({"action": "updated", "data": updated.data()}),
    )
    .await;
    api.delete(&format!("/api/sticker-templates/{id}"), &admin)
        .await
        .expect(200);
    dashboard_receives(
        &sockets,
        event,
        json!({"action": "deleted", "data": updated.data()}),
    )
    .await;
    api.delete_with(
        "/api/sticker-templates",
        &admin,
        json!({"ids": [MISSING, id]}),
    )
    .await
    .expect(200);
    dashboard_receives(
        &sockets,
        event,
        json!({"action": "deleted", "data": {"ids": [MISSING, id]}}),
    )
    .await;
}
