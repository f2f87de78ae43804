//! Workers CRUD (core.md §4), with role resolution (§3.3) and pagination (§1.8).

mod common;

use common::{Api, TestServer};
use serde_json::{Value, json};
use std::collections::HashSet;
use std::time::Duration;

const MISSING_ID: &str = "000000000000000000000000";

fn default_preferences() -> Value {
    json!({
        "enabled": true,
        "volume": 0.6,
        "sounds": {"low": "soft_pop", "medium": "ding", "high": "alert", "urgent": "alert"}
    })
}

fn pseudo_role(slug: &str, name: &str, permissions: Value) -> Value {
    json!({
        "_id": slug,
        "name": name,
        "slug": slug,
        "description": format!("System Built-in {name} Role"),
        "permissions": permissions,
        "isSystem": true
    })
}

fn id_of(value: &Value) -> String {
    value["_id"].as_str().expect("an _id").to_owned()
}

async fn create_role(api: &Api, admin: &str, name: &str, permissions: &[&str]) -> Value {
    let role = api
        .post(
            "/api/roles",
            admin,
            json!({"name": name, "permissions": permissions}),
        )
        .await;
    role.expect(201);
    role.data().clone()
}

async fn create_worker(api: &Api, admin: &str, body: Value) -> Value {
    let answer = api.post("/api/workers", admin, body).await;
    answer.expect(201);
    answer.data().clone()
}

fn simple_worker(username: &str) -> Value {
    json!({"name": username, "username": username, "password": "secret1", "position": "operator"})
}

#[tokio::test]
async fn creating_a_worker_resolves_its_role_and_fills_the_defaults() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let role = create_role(api, &admin, "Cutter", &["production:view", "orders:view"]).await;
    let role_id = id_of(&role);

    let answer = api
        .post(
            "/api/workers",
            &admin,
            json!({"name": "  Somchai  ", "username": "  SomChai ", "password": "secret1", "position": " cutter ", "role": role_id, "unknownKey": 1}),
        )
        .await;
    answer.expect(201);
    assert_eq!(answer.body["success"], true);
    assert_eq!(answer.message(), "Worker created");
    let worker = answer.data();
    assert_eq!(worker["name"], "Somchai");
    assert_eq!(worker["username"], "somchai");
    assert_eq!(worker["position"], "cutter");
    assert_eq!(worker["notificationPreferences"], default_preferences());
    assert!(worker.get("password").is_none());
    assert!(worker.get("unknownKey").is_none());
    // The role id becomes the full role document.
    let fetched_role = api.get(&format!("/api/roles/{role_id}"), &admin).await;
    fetched_role.expect(200);
    assert_eq!(worker["role"], *fetched_role.data());
    assert_eq!(
        worker["role"]["permissions"],
        json!(["production:view", "orders:view"])
    );

    // No role: the legacy "worker" pseudo-role, without timestamps.
    let plain = create_worker(api, &admin, simple_worker("nok")).await;
    assert_eq!(
        plain["role"],
        pseudo_role("worker", "Worker", json!(["production:view"]))
    );
    assert!(plain["role"].get("createdAt").is_none());
    assert!(plain["role"].get("__v").is_none());

    // Preferences given partially are completed with the defaults.
    let tuned = create_worker(
        api,
        &admin,
        json!({"name": "Lek", "username": "lek", "password": "secret1", "position": "x", "notificationPreferences": {"volume": 0, "sounds": {"high": "bell"}}}),
    )
    .await;
    assert_eq!(
        tuned["notificationPreferences"],
        json!({"enabled": true, "volume": 0, "sounds": {"low": "soft_pop", "medium": "ding", "high": "bell", "urgent": "alert"}})
    );

    // The new worker can log in with the trimmed, lowercased username.
    api.login("SOMCHAI", "secret1").await.expect(200);

    // Duplicate usernames after lowercasing.
    let clash = api.post("/api/workers", &admin, simple_worker("NOK")).await;
    clash.expect(409);
    assert_eq!(
        clash.body,
        json!({"success": false, "message": "Username already exists"})
    );

    // Validation.
    let missing = api.post("/api/workers", &admin, json!({"name": "X"})).await;
    missing.expect(400);
    assert_eq!(missing.message(), "Validation failed");
    let fields: Vec<&str> = missing.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["body.username", "body.password", "body.position"]);
    let short = api
        .post(
            "/api/workers",
            &admin,
            json!({"name": "X", "username": "shorty", "password": "12345", "position": "x"}),
        )
        .await;
    short.expect(400);
    assert_eq!(short.body["errors"][0]["field"], "body.password");
    let loud = api
        .post(
            "/api/workers",
            &admin,
            json!({"name": "X", "username": "loud", "password": "secret1", "position": "x", "notificationPreferences": {"volume": 1.5}}),
        )
        .await;
    loud.expect(400);
    assert_eq!(
        loud.body["errors"][0]["field"],
        "body.notificationPreferences.volume"
    );
}

#[tokio::test]
async fn the_list_is_paginated_sorted_and_stable_across_pages() {
    let server = TestServer::start().await;
    let api = server.api.clone();
    let admin = server.admin_token().await;

    // Eleven workers created concurrently: many share a createdAt millisecond.
    let names = [
        "Pim", "anong", "Zed", "boon", "Chai", "dao", "Ekk", "fon", "Gun", "Nid", "Tong",
    ];
    let mut tasks = tokio::task::JoinSet::new();
    for (index, name) in names.iter().enumerate() {
        let api = api.clone();
        let admin = admin.clone();
        let body = json!({"name": name, "username": format!("user{index}"), "password": "secret1", "position": "operator"});
        tasks.spawn(async move { api.post("/api/workers", &admin, body).await.status });
    }
    while let Some(status) = tasks.join_next().await {
        assert_eq!(status.expect("task").as_u16(), 201);
    }
    let total = names.len() + 1; // and admin

    // Default: page 1, limit 20, newest first, admin (created at boot) last.
    let all = api.get("/api/workers", &admin).await;
    all.expect(200);
    assert_eq!(all.message(), "Success");
    assert_eq!(
        all.body["pagination"],
        json!({"page": 1, "limit": 20, "total": total, "totalPages": 1})
    );
    let docs = all.data().as_array().expect("array").clone();
    assert_eq!(docs.len(), total);
    let stamps: Vec<&str> = docs
        .iter()
        .map(|d| d["createdAt"].as_str().expect("createdAt"))
        .collect();
    assert!(
        stamps.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {stamps:?}"
    );
    assert_eq!(docs[total - 1]["username"], "admin");
    assert!(docs.iter().all(|d| d["role"].is_object()));

    // Paging with limit 5: no overlaps, nothing missing.
    let mut seen = HashSet::new();
    for page in 1..=3 {
        let answer = api
            .get(&format!("/api/workers?limit=5&page={page}"), &admin)
            .await;
        answer.expect(200);
        assert_eq!(
            answer.body["pagination"],
            json!({"page": page, "limit": 5, "total": total, "totalPages": 3})
        );
        let ids: Vec<String> = answer
            .data()
            .as_array()
            .expect("array")
            .iter()
            .map(id_of)
            .collect();
        assert_eq!(ids.len(), if page < 3 { 5 } else { total - 10 });
        for id in ids {
            assert!(seen.insert(id.clone()), "id {id} appears on two pages");
        }
    }
    assert_eq!(seen.len(), total);
    // The same pages asked again give the same ids (a stable order).
    let again = api.get("/api/workers?limit=5&page=1", &admin).await;
    let first_again: Vec<String> = again
        .data()
        .as_array()
        .expect("array")
        .iter()
        .map(id_of)
        .collect();
    let first: Vec<String> = docs.iter().take(5).map(id_of).collect();
    assert_eq!(first_again, first);

    // Past the end: empty, page echoed.
    let past = api.get("/api/workers?limit=5&page=9", &admin).await;
    past.expect(200);
    assert_eq!(past.data(), &json!([]));
    assert_eq!(
        past.body["pagination"],
        json!({"page": 9, "limit": 5, "total": total, "totalPages": 3})
    );

    // Parsing of page and limit.
    let parsed = api.get("/api/workers?limit=2&page=2abc", &admin).await;
    parsed.expect(200);
    assert_eq!(parsed.body["pagination"]["page"], 2);
    assert_eq!(parsed.body["pagination"]["limit"], 2);
    assert_eq!(parsed.body["pagination"]["totalPages"], 6);
    assert_eq!(parsed.data().as_array().map(Vec::len), Some(2));
    let second_page: Vec<String> = parsed
        .data()
        .as_array()
        .expect("array")
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(
        second_page,
        docs[2..4].iter().map(id_of).collect::<Vec<_>>()
    );
    for (query, page, limit) in [
        ("limit=0", 1, 20),
        ("limit=-3&page=-1", 1, 20),
        ("limit=abc&page=0", 1, 20),
        ("limit=5.7", 1, 5),
    ] {
        let answer = api.get(&format!("/api/workers?{query}"), &admin).await;
        answer.expect(200);
        assert_eq!(
            answer.body["pagination"]["page"], page,
            "{query}: {}",
            answer.body["pagination"]
        );
        assert_eq!(
            answer.body["pagination"]["limit"], limit,
            "{query}: {}",
            answer.body["pagination"]
        );
    }

    // Sorting by name, ascending and descending, in code-point order.
    let mut expected: Vec<String> = docs
        .iter()
        .map(|d| d["name"].as_str().expect("name").to_owned())
        .collect();
    expected.sort();
    let by_name = api.get("/api/workers?sort=name", &admin).await;
    by_name.expect(200);
    let got: Vec<&str> = by_name
        .data()
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["name"].as_str().expect("name"))
        .collect();
    assert_eq!(got, expected);
    expected.reverse();
    let by_name_desc = api.get("/api/workers?sort=-name", &admin).await;
    by_name_desc.expect(200);
    let got: Vec<&str> = by_name_desc
        .data()
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["name"].as_str().expect("name"))
        .collect();
    assert_eq!(got, expected);
}

#[tokio::test]
async fn get_patch_and_password_change() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let created = create_worker(api, &admin, simple_worker("malee")).await;
    create_worker(api, &admin, simple_worker("other")).await;
    let id = id_of(&created);
    let path = format!("/api/workers/{id}");

    let fetched = api.get(&path, &admin).await;
    fetched.expect(200);
    assert_eq!(fetched.message(), "Success");
    assert_eq!(fetched.data(), &created);

    let missing = api.get(&format!("/api/workers/{MISSING_ID}"), &admin).await;
    missing.expect(404);
    assert_eq!(
        missing.body,
        json!({"success": false, "message": "Worker not found"})
    );

    tokio::time::sleep(Duration::from_millis(15)).await;
    let updated = api
        .patch(
            &path,
            &admin,
            json!({"name": "Malee S.", "notificationPreferences": {"volume": 1, "sounds": {"high": "bell"}}}),
        )
        .await;
    updated.expect(200);
    assert_eq!(updated.message(), "Worker updated");
    let data = updated.data();
    assert_eq!(data["name"], "Malee S.");
    assert_eq!(data["username"], "malee", "untouched keys stay");
    assert_eq!(data["position"], "operator");
    assert_eq!(
        data["notificationPreferences"],
        json!({"enabled": true, "volume": 1, "sounds": {"low": "soft_pop", "medium": "ding", "high": "bell", "urgent": "alert"}})
    );
    assert_eq!(data["createdAt"], created["createdAt"]);
    assert_ne!(data["updatedAt"], created["updatedAt"], "updatedAt changes");
    assert!(data["updatedAt"].as_str() > created["updatedAt"].as_str());
    assert_eq!(api.get(&path, &admin).await.data(), data);

    // A later partial sounds patch keeps the earlier one.
    let again = api
        .patch(
            &path,
            &admin,
            json!({"notificationPreferences": {"enabled": false, "sounds": {"low": "chime"}}}),
        )
        .await;
    again.expect(200);
    assert_eq!(
        again.data()["notificationPreferences"],
        json!({"enabled": false, "volume": 1, "sounds": {"low": "chime", "medium": "ding", "high": "bell", "urgent": "alert"}})
    );

    // An empty patch still touches updatedAt.
    tokio::time::sleep(Duration::from_millis(15)).await;
    let empty = api.patch(&path, &admin, json!({})).await;
    empty.expect(200);
    assert_ne!(empty.data()["updatedAt"], again.data()["updatedAt"]);

    // Username: lowercased, trimmed, unique.
    let renamed = api
        .patch(&path, &admin, json!({"username": "  MaLee2 "}))
        .await;
    renamed.expect(200);
    assert_eq!(renamed.data()["username"], "malee2");
    let clash = api.patch(&path, &admin, json!({"username": "OTHER"})).await;
    clash.expect(409);
    assert_eq!(clash.message(), "Username already exists");
    // Keeping one's own username is no clash.
    api.patch(&path, &admin, json!({"username": "malee2"}))
        .await
        .expect(200);

    // Password change: re-hashed, the old one stops working.
    api.login("malee2", "secret1").await.expect(200);
    let short = api.patch(&path, &admin, json!({"password": "12345"})).await;
    short.expect(400);
    assert_eq!(short.message(), "Validation failed");
    api.patch(&path, &admin, json!({"password": "newpass1"}))
        .await
        .expect(200);
    api.login("malee2", "secret1").await.expect(401);
    api.login("malee2", "newpass1").await.expect(200);

    let volume = api
        .patch(
            &path,
            &admin,
            json!({"notificationPreferences": {"volume": -0.5}}),
        )
        .await;
    volume.expect(400);

    let ghost = api
        .patch(
            &format!("/api/workers/{MISSING_ID}"),
            &admin,
            json!({"name": "Ghost"}),
        )
        .await;
    ghost.expect(404);
    assert_eq!(ghost.message(), "Worker not found");
}

#[tokio::test]
async fn role_assignment_accepts_role_ids_legacy_slugs_and_empty_but_refuses_unknown_roles() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let role = create_role(api, &admin, "Packer", &["inventory:view"]).await;
    let role_id = id_of(&role);
    let worker = create_worker(api, &admin, simple_worker("dang")).await;
    let path = format!("/api/workers/{}", id_of(&worker));

    let assigned = api.patch(&path, &admin, json!({"role": role_id})).await;
    assigned.expect(200);
    assert_eq!(assigned.data()["role"], role);

    for (slug, name, permissions) in [
        ("manager", "Manager", json!([])),
        ("worker", "Worker", json!(["production:view"])),
        ("admin", "Admin", json!(["*"])),
    ] {
        let answer = api.patch(&path, &admin, json!({"role": slug})).await;
        answer.expect(200);
        assert_eq!(
            answer.data()["role"],
            pseudo_role(slug, name, permissions),
            "legacy slug {slug}"
        );
    }

    let empty = api.patch(&path, &admin, json!({"role": ""})).await;
    empty.expect(200);
    assert_eq!(
        empty.data()["role"],
        pseudo_role("worker", "Worker", json!(["production:view"]))
    );

    // Back to a real role, then unknown strings are refused and change nothing.
    api.patch(&path, &admin, json!({"role": role_id}))
        .await
        .expect(200);
    for unknown in ["boss", "65f1a2b3c4d5e6f708192a3b"] {
        let refused = api.patch(&path, &admin, json!({"role": unknown})).await;
        refused.expect(400);
        assert_eq!(
            refused.body,
            json!({"success": false, "message": "Role not found"}),
            "role {unknown}"
        );
    }
    assert_eq!(api.get(&path, &admin).await.data()["role"], role);

    let refused = api
        .post(
            "/api/workers",
            &admin,
            json!({"name": "X", "username": "bossman", "password": "secret1", "position": "x", "role": "boss"}),
        )
        .await;
    refused.expect(400);
    assert_eq!(refused.message(), "Role not found");
    api.login("bossman", "secret1").await.expect(401);

    // A legacy slug and a role id are accepted on create too.
    let legacy = create_worker(
        api,
        &admin,
        json!({"name": "M", "username": "mgr", "password": "secret1", "position": "x", "role": "manager"}),
    )
    .await;
    assert_eq!(legacy["role"], pseudo_role("manager", "Manager", json!([])));
}

#[tokio::test]
async fn single_and_bulk_deletes() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let first = id_of(&create_worker(api, &admin, simple_worker("one")).await);
    let second = id_of(&create_worker(api, &admin, simple_worker("two")).await);
    let third = id_of(&create_worker(api, &admin, simple_worker("three")).await);

    let path = format!("/api/workers/{first}");
    let deleted = api.delete(&path, &admin).await;
    deleted.expect(200);
    assert_eq!(
        deleted.body,
        json!({"success": true, "message": "Worker deleted", "data": null})
    );
    let again = api.delete(&path, &admin).await;
    again.expect(404);
    assert_eq!(
        again.body,
        json!({"success": false, "message": "Worker not found"})
    );
    api.get(&path, &admin).await.expect(404);

    let bulk = api
        .delete_with(
            "/api/workers",
            &admin,
            json!({"ids": [second, third, first, MISSING_ID]}),
        )
        .await;
    bulk.expect(200);
    assert_eq!(
        bulk.body,
        json!({"success": true, "message": "Workers deleted", "data": {"deletedCount": 2}})
    );
    let left = api.get("/api/workers", &admin).await;
    assert_eq!(left.body["pagination"]["total"], 1);
    assert_eq!(left.data()[0]["username"], "admin");

    let none = api
        .delete_with("/api/workers", &admin, json!({"ids": [MISSING_ID]}))
        .await;
    none.expect(200);
    assert_eq!(none.data(), &json!({"deletedCount": 0}));

    let empty = api
        .delete_with("/api/workers", &admin, json!({"ids": []}))
        .await;
    empty.expect(400);
    assert_eq!(empty.message(), "Validation failed");
    let missing = api.delete_with("/api/workers", &admin, json!({})).await;
    missing.expect(400);
    assert_eq!(missing.message(), "Validation failed");
}
