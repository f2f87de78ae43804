//! Login, the first-run admin, tokens and the login throttle (issue: the box boots).

mod common;

use common::{ADMIN_PASSWORD, Process, TestServer};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn admin_logs_in_with_the_configured_password_and_no_hash_is_returned() {
    let server = TestServer::start().await;
    let answer = server.api.login("admin", ADMIN_PASSWORD).await;
    answer.expect(200);
    assert_eq!(answer.message(), "Login successful");
    assert!(
        answer.data()["token"]
            .as_str()
            .is_some_and(|t| t.split('.').count() == 3)
    );
    let worker = &answer.data()["worker"];
    assert_eq!(worker["username"], "admin");
    assert_eq!(worker["role"]["slug"], "admin");
    assert_eq!(worker["role"]["permissions"], json!(["*"]));
    assert!(
        worker.get("password").is_none(),
        "the hash must never be serialised: {worker}"
    );
    assert!(!answer.body.to_string().contains("$2b$"));

    // Case-insensitive, trimmed username lookup.
    server
        .api
        .login("  ADMIN ", ADMIN_PASSWORD)
        .await
        .expect(200);

    let wrong = server.api.login("admin", "nope").await;
    wrong.expect(401);
    assert_eq!(
        wrong.body,
        json!({"success": false, "message": "Invalid username or password"})
    );
    server.api.login("ghost", "nope").await.expect(401);
}

#[tokio::test]
async fn a_fresh_box_without_a_configured_password_generates_one() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let process = Process::spawn(&data, &[]);
    let saved =
        std::fs::read_to_string(data.join("initial-admin-password")).expect("password file");
    let password = saved.trim();
    assert!(password.len() >= 12, "a strong password: {password:?}");
    assert!(
        process.log_text().contains(password),
        "the password is shown once in the log"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(data.join("initial-admin-password"))
            .expect("meta")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let secret = std::fs::metadata(data.join("jwt-secret"))
            .expect("secret")
            .permissions()
            .mode();
        assert_eq!(secret & 0o777, 0o600);
    }
    process.api.login("admin", "admin123").await.expect(401);
    process.api.login("admin", password).await.expect(200);
    process.kill();

    // A restart keeps the admin and does not generate another password.
    let again = Process::spawn(&data, &[("STDPLUS_ADMIN_PASSWORD", "ignored-now")]);
    again.api.login("admin", password).await.expect(200);
    again.api.login("admin", "ignored-now").await.expect(401);
}

#[tokio::test]
async fn a_one_letter_admin_password_from_the_environment_works() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let process = Process::spawn(&data, &[("STDPLUS_ADMIN_PASSWORD", "x")]);
    process.api.login("admin", "x").await.expect(200);
    assert!(
        !data.join("initial-admin-password").exists(),
        "no file when the password was given"
    );
}

#[tokio::test]
async fn the_eleventh_wrong_password_is_throttled_but_other_users_are_not() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    server
        .api
        .post("/api/workers", &admin, json!({"name": "Somchai", "username": "somchai", "password": "secret1", "position": "cutter"}))
        .await
        .expect(201);
    for attempt in 1..=10 {
        let answer = server.api.login("admin", "wrong").await;
        assert_eq!(answer.status.as_u16(), 401, "attempt {attempt}");
    }
    let locked = server.api.login("admin", "wrong").await;
    locked.expect(429);
    assert_eq!(locked.body["success"], false);
    assert!(
        locked.message().contains("Too many failed login attempts"),
        "{}",
        locked.body
    );
    // While locked, even the right password from this address waits: no oracle for guessing.
    server.api.login("admin", ADMIN_PASSWORD).await.expect(429);
    // Other usernames are unaffected.
    server.api.login("somchai", "secret1").await.expect(200);
}

#[tokio::test]
async fn a_success_resets_the_failure_count() {
    let server = TestServer::start().await;
    for _ in 0..9 {
        server.api.login("admin", "wrong").await.expect(401);
    }
    server.api.login("admin", ADMIN_PASSWORD).await.expect(200);
    for _ in 0..9 {
        server.api.login("admin", "wrong").await.expect(401);
    }
    server.api.login("admin", ADMIN_PASSWORD).await.expect(200);
}

#[tokio::test]
async fn tokens_authenticate_me_and_bad_tokens_get_the_upstream_messages() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let me = server.api.get("/api/auth/me", &admin).await;
    me.expect(200);
    assert_eq!(me.data()["username"], "admin");
    assert_eq!(
        me.data()["notificationPreferences"]["sounds"]["low"],
        "soft_pop"
    );

    let none = server
        .api
        .send(Method::GET, "/api/auth/me", None, None)
        .await;
    none.expect(401);
    assert_eq!(none.message(), "Not authenticated");
    let bad = server.api.get("/api/auth/me", "not.a.token").await;
    bad.expect(401);
    assert_eq!(bad.message(), "Invalid or expired token");

    server
        .api
        .post("/api/auth/logout", &admin, json!({}))
        .await
        .expect(200);
    let logout = server.api.post("/api/auth/logout", &admin, json!({})).await;
    assert_eq!(
        logout.body,
        json!({"success": true, "message": "Logged out successfully", "data": null})
    );
}

#[tokio::test]
async fn a_deleted_workers_token_is_refused() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let created = server
        .api
        .post(
            "/api/workers",
            &admin,
            json!({"name": "Temp", "username": "temp", "password": "secret1", "position": "x"}),
        )
        .await;
    created.expect(201);
    let token = server.api.token("temp", "secret1").await;
    let id = created.data()["_id"].as_str().expect("id").to_owned();
    // Used once first, so the box has met this caller before it is deleted.
    server.api.get("/api/auth/me", &token).await.expect(200);
    server
        .api
        .delete(&format!("/api/workers/{id}"), &admin)
        .await
        .expect(200);
    let gone = server.api.get("/api/auth/me", &token).await;
    gone.expect(401);
    assert_eq!(gone.message(), "User no longer exists");
}

#[tokio::test]
async fn profile_updates_merge_preferences_and_strip_privileged_keys() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let token = server
        .api
        .user_with(&admin, "nok", &["production:view"])
        .await;
    let answer = server
        .api
        .patch(
            "/api/auth/me",
            &token,
            json!({"name": "Nok", "role": "admin", "password": "hijack1", "notificationPreferences": {"volume": 1, "sounds": {"high": "bell"}}}),
        )
        .await;
    answer.expect(200);
    assert_eq!(answer.message(), "Profile updated");
    assert_eq!(answer.data()["name"], "Nok");
    assert_eq!(answer.data()["notificationPreferences"]["volume"], json!(1));
    assert_eq!(
        answer.data()["notificationPreferences"]["sounds"]["high"],
        "bell"
    );
    assert_eq!(
        answer.data()["notificationPreferences"]["sounds"]["low"],
        "soft_pop"
    );
    assert_ne!(
        answer.data()["role"]["slug"],
        "admin",
        "role is not self-service"
    );
    server.api.login("nok", "hijack1").await.expect(401);
    // A clash with another username is a 409, not a 500.
    let clash = server
        .api
        .patch("/api/auth/me", &token, json!({"username": "ADMIN"}))
        .await;
    clash.expect(409);
    assert_eq!(clash.message(), "Username already exists");
}
