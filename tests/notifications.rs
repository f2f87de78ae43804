//! Notifications (core.md §10): the populated recipient, visibility and ownership, deletes,
//! and the `notification` event that reaches only the recipient's devices.

mod common;

use common::stock::id as id_of;
use common::stock::{MISSING, SETTLE};

use common::socket::Sockets;
use common::{Api, TestServer};
use serde_json::{Value, json};

async fn me(api: &Api, token: &str) -> Value {
    let answer = api.get("/api/auth/me", token).await;
    answer.expect(200);
    answer.data().clone()
}

async fn notify(api: &Api, token: &str, recipient: &str, title: &str) -> Value {
    let answer = api
        .post(
            "/api/notifications",
            token,
            json!({"recipient": recipient, "type": "info", "title": title}),
        )
        .await;
    answer.expect(201);
    answer.data().clone()
}

/// The worker as embedded in other documents (§1.7): its worker JSON with the raw role string.
async fn embedded(api: &Api, admin: &str, id: &str) -> Value {
    let answer = api.get(&format!("/api/workers/{id}"), admin).await;
    answer.expect(200);
    let mut worker = answer.data().clone();
    let role = worker["role"]["_id"].clone();
    worker["role"] = role;
    worker
}

fn titles(list: &Value) -> Vec<&str> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|n| n["title"].as_str().expect("a title"))
        .collect()
}

#[tokio::test]
async fn notifications_are_created_with_defaults_and_the_recipient_embedded() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let somchai = api
        .user_with(&admin, "somchai", &["notifications:view"])
        .await;
    let somchai_id = id_of(&me(api, &somchai).await);

    let answer = api
        .post(
            "/api/notifications",
            &admin,
            json!({"recipient": somchai_id, "type": " pane_arrived ", "title": "  Pane PNE-0001 arrived ", "extra": 1}),
        )
        .await;
    answer.expect(201);
    assert_eq!(answer.message(), "Notification created");
    let created = answer.data().clone();
    let keys: Vec<&str> = created
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "_id",
            "recipient",
            "type",
            "title",
            "message",
            "referenceId",
            "referenceType",
            "priority",
            "readStatus",
            "createdAt",
            "updatedAt",
            "__v"
        ]
    );
    let recipient = embedded(api, &admin, &somchai_id).await;
    assert!(recipient["role"].is_string(), "the raw role string");
    assert_eq!(created["recipient"], recipient);
    assert!(created["recipient"].get("password").is_none());
    assert_eq!(created["type"], "pane_arrived");
    assert_eq!(created["title"], "Pane PNE-0001 arrived");
    assert_eq!(created["message"], "");
    assert_eq!(created["referenceId"], Value::Null);
    assert_eq!(created["referenceType"], Value::Null);
    assert_eq!(created["priority"], "medium");
    assert_eq!(created["readStatus"], false);
    assert!(created.get("extra").is_none());

    let reference = MISSING.replace('0', "a");
    let full = api
        .post(
            "/api/notifications",
            &admin,
            json!({"recipient": somchai_id, "type": "qc_remake", "title": "Remake", "message": " again ", "referenceId": reference, "referenceType": "Pane", "priority": "urgent", "readStatus": true}),
        )
        .await;
    full.expect(201);
    assert_eq!(full.data()["message"], "again");
    assert_eq!(
        full.data()["referenceId"],
        reference,
        "kept as an id, never populated"
    );
    assert_eq!(full.data()["referenceType"], "Pane");
    assert_eq!(full.data()["priority"], "urgent");
    assert_eq!(full.data()["readStatus"], true);
    let fetched = api
        .get(
            &format!("/api/notifications/{}", id_of(full.data())),
            &admin,
        )
        .await;
    fetched.expect(200);
    assert_eq!(fetched.data(), full.data());

    // The recipient must exist: 400 with the label, well-formed or not.
    for recipient in [MISSING, "somchai"] {
        let bad = api
            .post(
                "/api/notifications",
                &admin,
                json!({"recipient": recipient, "type": "info", "title": "t"}),
            )
            .await;
        bad.expect(400);
        assert_eq!(
            bad.body,
            json!({"success": false, "message": "Recipient (Worker) not found"})
        );
    }
    let bad = api.post("/api/notifications", &admin, json!({})).await;
    bad.expect(400);
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| e["field"].as_str().expect("field"))
        .collect();
    assert_eq!(fields, ["body.recipient", "body.type", "body.title"]);
    for (extra, field) in [
        (json!({"priority": "critical"}), "body.priority"),
        (json!({"referenceId": "not-an-id"}), "body.referenceId"),
        (json!({"readStatus": "true"}), "body.readStatus"),
        (json!({"referenceType": ""}), "body.referenceType"),
    ] {
        let mut body = json!({"recipient": somchai_id, "type": "info", "title": "t"});
        for (k, v) in extra.as_object().expect("object") {
            body[k] = v.clone();
        }
        let bad = api.post("/api/notifications", &admin, body).await;
        bad.expect(400);
        assert_eq!(bad.body["errors"][0]["field"], field, "{}", bad.body);
    }
    let all = api.get("/api/notifications", &admin).await;
    assert_eq!(all.body["pagination"]["total"], 2, "nothing bad was stored");

    // The recipient's delete takes its notifications with it (§13.2), so no notification is
    // left with a dangling recipient.
    api.delete(&format!("/api/workers/{somchai_id}"), &admin)
        .await
        .expect(200);
    let all = api.get("/api/notifications", &admin).await;
    assert_eq!(all.body["pagination"]["total"], 0);
}

#[tokio::test]
async fn non_managers_see_and_touch_only_their_own_notifications() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let nok = api.user_with(&admin, "nok", &["notifications:view"]).await;
    let lek = api.user_with(&admin, "lek", &["notifications:view"]).await;
    let boss = api
        .user_with(
            &admin,
            "boss",
            &["notifications:view", "notifications:manage"],
        )
        .await;
    // Authenticated only: may PATCH its own notifications and nothing else.
    let bare = api.user_with(&admin, "bare", &[]).await;
    let nok_id = id_of(&me(api, &nok).await);
    let lek_id = id_of(&me(api, &lek).await);
    let bare_id = id_of(&me(api, &bare).await);
    let n1 = notify(api, &admin, &nok_id, "n1").await;
    let l1 = notify(api, &admin, &lek_id, "l1").await;
    let n2 = notify(api, &admin, &nok_id, "n2").await;
    let b1 = notify(api, &admin, &bare_id, "b1").await;

    let own = api.get("/api/notifications", &nok).await;
    own.expect(200);
    assert_eq!(titles(own.data()), ["n2", "n1"]);
    assert_eq!(
        own.body["pagination"],
        json!({"page": 1, "limit": 20, "total": 2, "totalPages": 1})
    );
    let page = api.get("/api/notifications?limit=1&page=2", &nok).await;
    assert_eq!(titles(page.data()), ["n1"]);
    assert_eq!(page.body["pagination"]["totalPages"], 2);
    assert_eq!(
        titles(api.get("/api/notifications", &lek).await.data()),
        ["l1"]
    );
    for manager in [&boss, &admin] {
        let everything = api.get("/api/notifications?sort=title", manager).await;
        assert_eq!(titles(everything.data()), ["b1", "l1", "n1", "n2"]);
        assert_eq!(everything.body["pagination"]["total"], 4);
    }

    let not_authorized = json!({"success": false, "message": "Not authorized"});
    let foreign = api
        .get(&format!("/api/notifications/{}", id_of(&l1)), &nok)
        .await;
    foreign.expect(403);
    assert_eq!(foreign.body, not_authorized);
    api.get(&format!("/api/notifications/{}", id_of(&n1)), &nok)
        .await
        .expect(200);
    api.get(&format!("/api/notifications/{}", id_of(&n1)), &boss)
        .await
        .expect(200);
    let missing = api
        .get(&format!("/api/notifications/{MISSING}"), &nok)
        .await;
    missing.expect(404);
    assert_eq!(missing.message(), "Notification not found");

    // PATCH: authentication, then 404, then ownership.
    let read = api
        .patch(
            &format!("/api/notifications/{}", id_of(&b1)),
            &bare,
            json!({"readStatus": true, "priority": "low", "recipient": lek_id}),
        )
        .await;
    read.expect(200);
    assert_eq!(read.message(), "Notification updated");
    assert_eq!(read.data()["readStatus"], true);
    assert_eq!(read.data()["priority"], "low");
    assert_eq!(
        read.data()["recipient"]["_id"],
        bare_id,
        "recipient is not updatable"
    );
    let foreign = api
        .patch(
            &format!("/api/notifications/{}", id_of(&n2)),
            &bare,
            json!({"readStatus": true}),
        )
        .await;
    foreign.expect(403);
    assert_eq!(foreign.body, not_authorized);
    let unchanged = api
        .get(&format!("/api/notifications/{}", id_of(&n2)), &admin)
        .await;
    assert_eq!(unchanged.data()["readStatus"], false);
    api.patch(
        "/api/notifications/nope",
        &bare,
        json!({"readStatus": true}),
    )
    .await
    .expect(404);
    let by_manager = api
        .patch(
            &format!("/api/notifications/{}", id_of(&n2)),
            &boss,
            json!({"title": " Edited ", "message": "m", "type": "claim_approved", "referenceType": "Claim"}),
        )
        .await;
    by_manager.expect(200);
    assert_eq!(by_manager.data()["title"], "Edited");
    assert_eq!(by_manager.data()["type"], "claim_approved");
    assert_eq!(by_manager.data()["referenceType"], "Claim");
    assert_eq!(
        by_manager.data()["recipient"],
        embedded(api, &admin, &nok_id).await
    );
    let bad = api
        .patch(
            &format!("/api/notifications/{}", id_of(&b1)),
            &bare,
            json!({"title": ""}),
        )
        .await;
    bad.expect(400);
    // The bare worker cannot list notifications at all (guard), nor delete them.
    api.get("/api/notifications", &bare).await.expect(403);
    api.delete(&format!("/api/notifications/{}", id_of(&b1)), &bare)
        .await
        .expect(403);
}

#[tokio::test]
async fn notifications_are_deleted_one_at_a_time_and_in_bulk() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = id_of(&me(api, &admin).await);
    let a = id_of(&notify(api, &admin, &admin_id, "a").await);
    let b = id_of(&notify(api, &admin, &admin_id, "b").await);
    let c = id_of(&notify(api, &admin, &admin_id, "c").await);

    let deleted = api.delete(&format!("/api/notifications/{a}"), &admin).await;
    assert_eq!(
        deleted.body,
        json!({"success": true, "message": "Notification deleted", "data": null})
    );
    let again = api.delete(&format!("/api/notifications/{a}"), &admin).await;
    again.expect(404);
    assert_eq!(again.message(), "Notification not found");
    let bulk = api
        .delete_with(
            "/api/notifications",
            &admin,
            json!({"ids": [a, b, MISSING]}),
        )
        .await;
    assert_eq!(
        bulk.body,
        json!({"success": true, "message": "Notifications deleted", "data": {"deletedCount": 1}})
    );
    api.get(&format!("/api/notifications/{b}"), &admin)
        .await
        .expect(404);
    api.get(&format!("/api/notifications/{c}"), &admin)
        .await
        .expect(200);
    api.delete_with("/api/notifications", &admin, json!({"ids": [1]}))
        .await
        .expect(400);
}

/// The bare populated document goes to `user:<recipient>` only: every device of the
/// recipient, and no other socket, whatever rooms it joined. Updates and deletes are silent.
#[tokio::test]
async fn the_notification_event_reaches_only_the_recipient() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let somchai = api
        .user_with(&admin, "somchai", &["notifications:view"])
        .await;
    let other = api
        .user_with(&admin, "other", &["notifications:view"])
        .await;
    let somchai_id = id_of(&me(api, &somchai).await);

    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("phone", &somchai).await;
    sockets.connect("tablet", &somchai).await;
    sockets.connect("colleague", &other).await;
    sockets.connect("admin", &admin).await;
    sockets.ack("admin", "join_me", vec![]).await;
    for room in [
        "dashboard",
        "inventory",
        "station",
        "log",
        "request",
        "withdrawal",
        "order",
        "claim",
        "pane",
        "production",
        "pricing",
    ] {
        sockets.ack("admin", &format!("join_{room}"), vec![]).await;
    }

    let created = notify(api, &admin, &somchai_id, "Pane arrived").await;
    for device in ["phone", "tablet"] {
        let received = sockets.expect_event(device, "notification").await;
        assert_eq!(
            received,
            vec![created.clone()],
            "{device}: the bare document"
        );
        assert_eq!(received[0]["title"], "Pane arrived");
    }
    for sock in ["colleague", "admin"] {
        assert_eq!(
            sockets.count_after(sock, "notification", SETTLE).await,
            0,
            "{sock} is not the recipient"
        );
    }

    let id = id_of(&created);
    api.patch(
        &format!("/api/notifications/{id}"),
        &somchai,
        json!({"readStatus": true}),
    )
    .await
    .expect(200);
    api.delete(&format!("/api/notifications/{id}"), &admin)
        .await
        .expect(200);
    api.delete_with("/api/notifications", &admin, json!({"ids": [id]}))
        .await
        .expect(200);
    for sock in ["phone", "tablet", "colleague", "admin"] {
        assert_eq!(
            sockets.count_after(sock, "notification", SETTLE).await,
            0,
            "{sock}: no event for PATCH or DELETE"
        );
    }
}
