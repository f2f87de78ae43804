//! Roles (core.md §3.7): the seeded system roles, CRUD, the box's fixes of §16 #5 and the live
//! effect of permission changes on existing tokens (§2.1).

mod common;

use common::{Api, TestServer};
use reqwest::Method;
use serde_json::{Value, json};
use std::time::Duration;

const MISSING_ID: &str = "000000000000000000000000";

/// Vocabulary A of §3.2, in list order.
const ALL_PERMISSIONS: [&str; 46] = [
    "workers:view",
    "workers:manage",
    "customers:view",
    "customers:manage",
    "materials:view",
    "materials:manage",
    "inventory:view",
    "inventory:move",
    "inventory:manage",
    "material_logs:view",
    "material_logs:manage",
    "requests:view",
    "requests:manage",
    "orders:view",
    "orders:create",
    "orders:manage",
    "claims:view",
    "claims:create",
    "claims:approve",
    "claims:manage",
    "panes:view",
    "panes:create",
    "panes:scan",
    "panes:manage",
    "pane_logs:view",
    "production_logs:view",
    "production_logs:create",
    "production_logs:manage",
    "stations:view",
    "stations:manage",
    "station_templates:view",
    "station_templates:manage",
    "sticker_templates:view",
    "sticker_templates:manage",
    "job_types:view",
    "job_types:manage",
    "pricing:view",
    "pricing:manage",
    "notifications:view",
    "notifications:create",
    "notifications:manage",
    "withdrawals:view",
    "withdrawals:create",
    "withdrawals:manage",
    "roles:view",
    "roles:manage",
];

/// The seeded worker role of §2.5, in order.
const WORKER_PERMISSIONS: [&str; 24] = [
    "workers:view",
    "customers:view",
    "materials:view",
    "inventory:view",
    "inventory:move",
    "material_logs:view",
    "requests:view",
    "orders:view",
    "claims:view",
    "claims:create",
    "panes:view",
    "panes:scan",
    "pane_logs:view",
    "production_logs:view",
    "production_logs:create",
    "stations:view",
    "station_templates:view",
    "sticker_templates:view",
    "job_types:view",
    "pricing:view",
    "notifications:view",
    "withdrawals:view",
    "withdrawals:create",
    "roles:view",
];

/// §3.2 C, in order.
const LISTED_PERMISSIONS: [&str; 15] = [
    "users:view",
    "users:manage",
    "roles:manage",
    "inventory:view",
    "inventory:manage",
    "production:view",
    "production:manage",
    "orders:view",
    "orders:create",
    "orders:manage",
    "settings:view",
    "settings:manage",
    "dashboard:view",
    "stations:manage",
    "stickers:manage",
];

fn id_of(value: &Value) -> String {
    value["_id"].as_str().expect("an _id").to_owned()
}

async fn roles(api: &Api, token: &str) -> Vec<Value> {
    let answer = api.get("/api/roles?limit=100", token).await;
    answer.expect(200);
    answer.data().as_array().expect("array").clone()
}

async fn role_by_slug(api: &Api, token: &str, slug: &str) -> Value {
    roles(api, token)
        .await
        .into_iter()
        .find(|role| role["slug"] == slug)
        .unwrap_or_else(|| panic!("role {slug} exists"))
}

async fn create_role(api: &Api, admin: &str, body: Value) -> Value {
    let answer = api.post("/api/roles", admin, body).await;
    answer.expect(201);
    assert_eq!(answer.message(), "Role created");
    answer.data().clone()
}

#[tokio::test]
async fn a_fresh_box_has_the_three_system_roles_listed_oldest_first() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let list = api.get("/api/roles", &admin).await;
    list.expect(200);
    assert_eq!(list.message(), "Success");
    assert_eq!(
        list.body["pagination"],
        json!({"page": 1, "limit": 20, "total": 3, "totalPages": 1})
    );
    let system = list.data().as_array().expect("array").clone();
    let mut slugs: Vec<&str> = system
        .iter()
        .map(|r| r["slug"].as_str().expect("slug"))
        .collect();
    slugs.sort_unstable();
    assert_eq!(slugs, ["admin", "manager", "worker"]);

    let manager_permissions: Vec<&str> = ALL_PERMISSIONS
        .iter()
        .copied()
        .filter(|p| *p != "workers:manage" && *p != "roles:manage")
        .collect();
    assert_eq!(manager_permissions.len(), 44);
    for role in &system {
        assert_eq!(role["isSystem"], true, "{role}");
        assert_eq!(role["description"], "", "{role}");
        let (name, permissions) = match role["slug"].as_str() {
            Some("admin") => ("Admin", json!(["*"])),
            Some("manager") => ("Manager", json!(manager_permissions)),
            _ => ("Worker", json!(WORKER_PERMISSIONS)),
        };
        assert_eq!(role["name"], name);
        assert_eq!(role["permissions"], permissions, "{}", role["slug"]);
        let one = api
            .get(&format!("/api/roles/{}", id_of(role)), &admin)
            .await;
        one.expect(200);
        assert_eq!(one.data(), role);
    }
    // The admin worker holds the stored admin role.
    let me = api.get("/api/auth/me", &admin).await;
    assert_eq!(me.data()["role"]["slug"], "admin");
    assert_eq!(me.data()["role"]["isSystem"], true);
    assert!(me.data()["role"]["createdAt"].is_string());

    // New roles come after the system roles; explicit sorts work.
    tokio::time::sleep(Duration::from_millis(5)).await;
    let custom = create_role(api, &admin, json!({"name": "Zeta"})).await;
    let listed = roles(api, &admin).await;
    assert_eq!(listed.len(), 4);
    assert_eq!(listed[3], custom);
    let stamps: Vec<&str> = listed
        .iter()
        .map(|r| r["createdAt"].as_str().expect("createdAt"))
        .collect();
    assert!(stamps.windows(2).all(|w| w[0] <= w[1]), "{stamps:?}");
    let newest = api.get("/api/roles?sort=-createdAt", &admin).await;
    assert_eq!(newest.data()[0], custom);
    let by_name = api.get("/api/roles?sort=-name", &admin).await;
    let names: Vec<&str> = by_name
        .data()
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["Zeta", "Worker", "Manager", "Admin"]);
    let paged = api.get("/api/roles?limit=3&page=2", &admin).await;
    paged.expect(200);
    assert_eq!(
        paged.body["pagination"],
        json!({"page": 2, "limit": 3, "total": 4, "totalPages": 2})
    );
    assert_eq!(paged.data(), &json!([custom]));

    let missing = api.get(&format!("/api/roles/{MISSING_ID}"), &admin).await;
    missing.expect(404);
    assert_eq!(
        missing.body,
        json!({"success": false, "message": "Role not found"})
    );
}

#[tokio::test]
async fn roles_and_the_permission_list_are_readable_by_any_authenticated_user() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let nobody = api.user_with(&admin, "nobody", &[]).await;

    for token in [&admin, &nobody] {
        let answer = api.get("/api/roles/permissions", token).await;
        answer.expect(200);
        assert_eq!(
            answer.body,
            json!({"success": true, "message": "Success", "data": LISTED_PERMISSIONS})
        );
        api.get("/api/roles", token).await.expect(200);
    }
    let anonymous = api
        .send(Method::GET, "/api/roles/permissions", None, None)
        .await;
    anonymous.expect(401);
    assert_eq!(anonymous.message(), "Not authenticated");
    api.send(Method::GET, "/api/roles", None, None)
        .await
        .expect(401);

    // Writing roles needs admin or roles:manage.
    let denied = api
        .post("/api/roles", &nobody, json!({"name": "Mine"}))
        .await;
    denied.expect(403);
    assert_eq!(
        denied.body,
        json!({"success": false, "message": "Not authorized for this action"})
    );
    let manager = api.user_with(&admin, "rolemaker", &["roles:manage"]).await;
    create_role(api, &manager, json!({"name": "Made By Manager"})).await;
}

#[tokio::test]
async fn creating_roles_derives_or_normalises_the_slug() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let role = create_role(api, &admin, json!({"name": "Test CRUD Role"})).await;
    assert_eq!(role["slug"], "test-crud-role");
    assert_eq!(role["name"], "Test CRUD Role");
    assert_eq!(role["description"], "");
    assert_eq!(role["permissions"], json!([]));
    assert_eq!(role["isSystem"], false);
    let fetched = api
        .get(&format!("/api/roles/{}", id_of(&role)), &admin)
        .await;
    fetched.expect(200);
    assert_eq!(fetched.data(), &role);

    let full = create_role(
        api,
        &admin,
        json!({"name": "  Glass Cutter #2 ", "description": " Cuts glass ", "permissions": ["production:view", "station:enter:abc"], "isSystem": true}),
    )
    .await;
    assert_eq!(full["name"], "Glass Cutter #2");
    assert_eq!(full["slug"], "glass-cutter-2");
    assert_eq!(full["description"], "Cuts glass");
    assert_eq!(
        full["permissions"],
        json!(["production:view", "station:enter:abc"])
    );
    assert_eq!(full["isSystem"], false, "isSystem is not client-set");

    let thai = create_role(api, &admin, json!({"name": "ช่างตัด กระจก"})).await;
    assert_eq!(thai["slug"], "ช่างตัด-กระจก");

    let symbols = create_role(api, &admin, json!({"name": "!!! ###"})).await;
    let slug = symbols["slug"].as_str().expect("slug");
    let suffix = slug.strip_prefix("role-").unwrap_or("");
    assert!(
        suffix.len() == 5
            && suffix
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase()),
        "role- and five base-36 characters: {slug}"
    );

    let given = create_role(
        api,
        &admin,
        json!({"name": "Whatever", "slug": "RBAC_Test"}),
    )
    .await;
    assert_eq!(given["slug"], "rbac_test");
    let trimmed = create_role(api, &admin, json!({"name": "Other", "slug": "  Spaced "})).await;
    assert_eq!(trimmed["slug"], "spaced");

    for body in [
        json!({"name": "test crud role!!"}),
        json!({"name": "Another", "slug": "TEST-CRUD-ROLE"}),
        json!({"name": "Admin"}),
        json!({"name": "X", "slug": "manager"}),
    ] {
        let clash = api.post("/api/roles", &admin, body.clone()).await;
        clash.expect(409);
        assert_eq!(
            clash.body,
            json!({"success": false, "message": "Role slug already exists"}),
            "{body}"
        );
    }

    for body in [
        json!({}),
        json!({"name": ""}),
        json!({"name": "X", "permissions": "users:view"}),
        json!({"name": "X", "slug": ""}),
    ] {
        let invalid = api.post("/api/roles", &admin, body.clone()).await;
        invalid.expect(400);
        assert_eq!(invalid.message(), "Validation failed", "{body}");
    }
}

#[tokio::test]
async fn patching_roles_and_the_admin_role_keeps_its_star() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let role = create_role(
        api,
        &admin,
        json!({"name": "Packer", "description": "packs", "permissions": ["inventory:view"]}),
    )
    .await;
    let path = format!("/api/roles/{}", id_of(&role));

    tokio::time::sleep(Duration::from_millis(15)).await;
    let updated = api
        .patch(
            &path,
            &admin,
            json!({"name": "Senior Packer", "description": "", "permissions": ["inventory:view", "inventory:manage"], "slug": "Senior-Packer"}),
        )
        .await;
    updated.expect(200);
    assert_eq!(updated.message(), "Role updated");
    let data = updated.data();
    assert_eq!(data["name"], "Senior Packer");
    assert_eq!(data["description"], "");
    assert_eq!(
        data["permissions"],
        json!(["inventory:view", "inventory:manage"])
    );
    assert_eq!(data["slug"], "senior-packer");
    assert_eq!(data["isSystem"], false);
    assert_eq!(data["createdAt"], role["createdAt"]);
    assert_ne!(data["updatedAt"], role["updatedAt"]);
    assert_eq!(api.get(&path, &admin).await.data(), data);

    // Only the keys sent change.
    let partial = api
        .patch(&path, &admin, json!({"description": "boxes"}))
        .await;
    partial.expect(200);
    assert_eq!(partial.data()["name"], "Senior Packer");
    assert_eq!(partial.data()["description"], "boxes");
    assert_eq!(
        partial.data()["permissions"],
        json!(["inventory:view", "inventory:manage"])
    );
    let cleared = api.patch(&path, &admin, json!({"permissions": []})).await;
    cleared.expect(200);
    assert_eq!(cleared.data()["permissions"], json!([]));

    let clash = api.patch(&path, &admin, json!({"slug": "manager"})).await;
    clash.expect(409);
    assert_eq!(clash.message(), "Role slug already exists");

    let ghost = api
        .patch(
            &format!("/api/roles/{MISSING_ID}"),
            &admin,
            json!({"name": "Ghost"}),
        )
        .await;
    ghost.expect(404);
    assert_eq!(ghost.message(), "Role not found");

    // System roles: name, description and permissions apply; the slug does not.
    let manager = role_by_slug(api, &admin, "manager").await;
    let manager_path = format!("/api/roles/{}", id_of(&manager));
    let renamed = api
        .patch(
            &manager_path,
            &admin,
            json!({"name": "Shift Manager", "slug": "boss", "permissions": ["orders:view"]}),
        )
        .await;
    renamed.expect(200);
    assert_eq!(renamed.data()["name"], "Shift Manager");
    assert_eq!(renamed.data()["slug"], "manager");
    assert_eq!(renamed.data()["permissions"], json!(["orders:view"]));
    assert_eq!(renamed.data()["isSystem"], true);

    // Removing `*` from the system admin role is refused: it would lock everyone out.
    let admin_role = role_by_slug(api, &admin, "admin").await;
    let admin_path = format!("/api/roles/{}", id_of(&admin_role));
    for permissions in [json!(["users:view", "roles:manage"]), json!([])] {
        let refused = api
            .patch(&admin_path, &admin, json!({"permissions": permissions}))
            .await;
        refused.expect(400);
        assert_eq!(refused.body["success"], false);
    }
    assert_eq!(
        api.get(&admin_path, &admin).await.data()["permissions"],
        json!(["*"])
    );
    // The admin can still do everything.
    api.post("/api/roles", &admin, json!({"name": "Still Works"}))
        .await
        .expect(201);
    let described = api
        .patch(&admin_path, &admin, json!({"description": "Everything"}))
        .await;
    described.expect(200);
    assert_eq!(described.data()["permissions"], json!(["*"]));
    assert_eq!(described.data()["slug"], "admin");
}

#[tokio::test]
async fn deleting_roles_refuses_system_and_assigned_roles() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let ghost = api
        .delete(&format!("/api/roles/{MISSING_ID}"), &admin)
        .await;
    ghost.expect(404);
    assert_eq!(
        ghost.body,
        json!({"success": false, "message": "Role not found"})
    );

    for slug in ["admin", "manager", "worker"] {
        let role = role_by_slug(api, &admin, slug).await;
        let refused = api
            .delete(&format!("/api/roles/{}", id_of(&role)), &admin)
            .await;
        refused.expect(400);
        assert_eq!(
            refused.body,
            json!({"success": false, "message": "Cannot delete system roles"}),
            "{slug}"
        );
    }

    let role = create_role(api, &admin, json!({"name": "Temporary"})).await;
    let role_path = format!("/api/roles/{}", id_of(&role));
    let worker = api
        .post(
            "/api/workers",
            &admin,
            json!({"name": "Ton", "username": "ton", "password": "secret1", "position": "x", "role": id_of(&role)}),
        )
        .await;
    worker.expect(201);
    let in_use = api.delete(&role_path, &admin).await;
    in_use.expect(409);
    assert_eq!(
        in_use.body,
        json!({"success": false, "message": "Role is assigned to 1 worker(s)"})
    );
    api.get(&role_path, &admin).await.expect(200);

    api.patch(
        &format!("/api/workers/{}", id_of(worker.data())),
        &admin,
        json!({"role": "worker"}),
    )
    .await
    .expect(200);
    let deleted = api.delete(&role_path, &admin).await;
    deleted.expect(200);
    assert_eq!(
        deleted.body,
        json!({"success": true, "message": "Role deleted", "data": null})
    );
    api.get(&role_path, &admin).await.expect(404);
    api.delete(&role_path, &admin).await.expect(404);

    // There is no bulk delete.
    let bulk = api
        .delete_with("/api/roles", &admin, json!({"ids": [id_of(&role)]}))
        .await;
    bulk.expect(404);
    assert_eq!(
        bulk.body,
        json!({"success": false, "message": "Not found: DELETE /api/roles"})
    );
    assert_eq!(roles(api, &admin).await.len(), 3);
}

#[tokio::test]
async fn permission_changes_apply_to_existing_tokens_at_once() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let token = api.user_with(&admin, "lek", &["users:view"]).await;
    let me = api.get("/api/auth/me", &token).await;
    me.expect(200);
    let role_path = format!("/api/roles/{}", id_of(&me.data()["role"]));
    let newcomer =
        json!({"name": "New", "username": "newcomer", "password": "secret1", "position": "x"});

    api.get("/api/workers", &token).await.expect(200);
    let denied = api.post("/api/workers", &token, newcomer.clone()).await;
    denied.expect(403);
    assert_eq!(denied.message(), "Not authorized for this action");

    api.patch(
        &role_path,
        &admin,
        json!({"permissions": ["users:view", "users:manage"]}),
    )
    .await
    .expect(200);
    let allowed = api.post("/api/workers", &token, newcomer).await;
    allowed.expect(201);
    assert_eq!(allowed.message(), "Worker created");
    assert_eq!(
        api.get("/api/auth/me", &token).await.data()["role"]["permissions"],
        json!(["users:view", "users:manage"])
    );

    // And taken away just as fast.
    api.patch(&role_path, &admin, json!({"permissions": []}))
        .await
        .expect(200);
    let gone = api.get("/api/workers", &token).await;
    gone.expect(403);
    assert_eq!(gone.message(), "Not authorized for this action");
}
