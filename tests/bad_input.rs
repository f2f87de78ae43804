//! Bad input on every route that takes input (core.md §1.4, §1.5, §2.3, §3.7, §4): wrong types,
//! `null` for optional fields, missing fields, unknown and malformed ids, malformed or missing
//! bodies, out-of-range numbers, duplicates. Every failure must be a 4xx with the failure
//! envelope, must never be a 5xx, and must write nothing.

mod common;

use common::{ADMIN_PASSWORD, Answer, Api, TestServer};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const MISSING: &str = "000000000000000000000000";

/// Malformed path ids: answered like ids that do not exist (404), never 500 (§1.4).
const MALFORMED_IDS: &[&str] = &[
    "abc",
    "zzzzzzzzzzzzzzzzzzzzzzzz",
    "00000000000000000000000g",
    "0000000000000000000000000",
    "00000000000000000000000",
    "-1",
    "null",
];

// ---------------------------------------------------------------------------------------------
// Helpers.

/// Panics on any 5xx: no bad input may ever cause a server error.
#[track_caller]
fn no_5xx(answer: Answer, what: &str) -> Answer {
    assert!(
        !answer.status.is_server_error(),
        "{what}: server error {}: {}",
        answer.status,
        answer.body
    );
    answer
}

/// Asserts a failure: the given 4xx status and the failure envelope `{success:false, message,
/// errors?}` with nothing else in it.
#[track_caller]
fn assert_failure(answer: &Answer, status: u16, what: &str) {
    assert!(
        answer.status.is_client_error(),
        "{what}: expected a 4xx, got {}: {}",
        answer.status,
        answer.body
    );
    assert_eq!(
        answer.status.as_u16(),
        status,
        "{what}: wrong status: {}",
        answer.body
    );
    let envelope = answer
        .body
        .as_object()
        .unwrap_or_else(|| panic!("{what}: the failure is not a JSON object: {}", answer.body));
    assert_eq!(envelope.get("success"), Some(&json!(false)), "{what}");
    assert!(
        envelope
            .get("message")
            .and_then(Value::as_str)
            .is_some_and(|m| !m.is_empty()),
        "{what}: no message: {}",
        answer.body
    );
    for key in envelope.keys() {
        assert!(
            ["success", "message", "errors"].contains(&key.as_str()),
            "{what}: unexpected key {key} in the failure envelope: {}",
            answer.body
        );
    }
}

/// Asserts a failure with this exact message.
#[track_caller]
fn assert_refused(answer: &Answer, status: u16, message: &str, what: &str) {
    assert_failure(answer, status, what);
    assert_eq!(answer.message(), message, "{what}: {}", answer.body);
    assert!(
        answer.body.get("errors").is_none(),
        "{what}: {}",
        answer.body
    );
}

/// Asserts a validation failure: 400 `Validation failed` with `errors: [{field, message}]`, every
/// field under `body`, and `field` among them.
#[track_caller]
fn assert_invalid(answer: &Answer, field: &str, what: &str) {
    assert_failure(answer, 400, what);
    assert_eq!(
        answer.message(),
        "Validation failed",
        "{what}: {}",
        answer.body
    );
    let errors = answer.body["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("{what}: no errors array: {}", answer.body));
    assert!(!errors.is_empty(), "{what}: empty errors: {}", answer.body);
    for error in errors {
        let object = error
            .as_object()
            .unwrap_or_else(|| panic!("{what}: an error is not an object: {error}"));
        assert_eq!(object.len(), 2, "{what}: {{field, message}} only: {error}");
        let f = error["field"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: field is not a string: {error}"));
        assert!(
            f == "body" || f.starts_with("body."),
            "{what}: field {f} not under body"
        );
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{what}: no message: {error}"
        );
    }
    assert!(
        errors.iter().any(|e| e["field"] == field),
        "{what}: no error for {field}: {}",
        answer.body
    );
}

/// The error message reported for `field`.
fn error_message<'a>(answer: &'a Answer, field: &str) -> &'a str {
    answer.body["errors"]
        .as_array()
        .and_then(|errors| errors.iter().find(|e| e["field"] == field))
        .and_then(|e| e["message"].as_str())
        .unwrap_or("")
}

/// Asserts the single `body` error of a missing or non-JSON body.
#[track_caller]
fn assert_no_body(answer: &Answer, what: &str) {
    assert_invalid(answer, "body", what);
    assert_eq!(answer.body["errors"][0]["field"], "body", "{what}");
    assert_eq!(
        answer.body["errors"].as_array().map(Vec::len),
        Some(1),
        "{what}: one error: {}",
        answer.body
    );
}

/// Asserts the 400 for an unparsable JSON body: a message naming JSON, not a 500.
#[track_caller]
fn assert_malformed_json(answer: &Answer, what: &str) {
    assert_failure(answer, 400, what);
    assert!(
        answer.message().contains("JSON"),
        "{what}: the message should mention JSON: {}",
        answer.body
    );
}

struct Bench {
    server: TestServer,
    admin: String,
}

impl Bench {
    async fn start() -> Bench {
        let server = TestServer::start().await;
        let admin = server.admin_token().await;
        Bench { server, admin }
    }

    fn api(&self) -> &Api {
        &self.server.api
    }

    async fn send(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Answer {
        let what = format!("{method} {path} {body:?}");
        no_5xx(self.api().send(method, path, token, body).await, &what)
    }

    async fn send_raw(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: &'static str,
    ) -> Answer {
        let what = format!("{method} {path} [{content_type}] {body:?}");
        no_5xx(
            self.api()
                .send_raw(method, path, token, content_type, body)
                .await,
            &what,
        )
    }

    async fn as_admin(&self, method: Method, path: &str, body: Option<Value>) -> Answer {
        self.send(method, path, Some(&self.admin), body).await
    }

    /// `(workers, roles)` totals from `pagination.total`.
    async fn totals(&self) -> (u64, u64) {
        let workers = self
            .as_admin(Method::GET, "/api/workers?limit=1000", None)
            .await;
        workers.expect(200);
        let roles = self
            .as_admin(Method::GET, "/api/roles?limit=1000", None)
            .await;
        roles.expect(200);
        (
            workers.body["pagination"]["total"].as_u64().expect("total"),
            roles.body["pagination"]["total"].as_u64().expect("total"),
        )
    }

    async fn document(&self, path: &str) -> Value {
        let answer = self.as_admin(Method::GET, path, None).await;
        answer.expect(200);
        answer.data().clone()
    }

    async fn create_worker(&self, username: &str, role: Option<&str>) -> String {
        let mut body = json!({"name": username, "username": username, "password": "secret1", "position": "cutter"});
        if let Some(role) = role {
            body["role"] = json!(role);
        }
        let created = self
            .as_admin(Method::POST, "/api/workers", Some(body))
            .await;
        created.expect(201);
        created.data()["_id"].as_str().expect("id").to_owned()
    }

    async fn create_role(&self, name: &str, slug: Option<&str>) -> String {
        let mut body = json!({"name": name, "permissions": ["orders:view"]});
        if let Some(slug) = slug {
            body["slug"] = json!(slug);
        }
        let created = self.as_admin(Method::POST, "/api/roles", Some(body)).await;
        created.expect(201);
        created.data()["_id"].as_str().expect("id").to_owned()
    }
}

/// Bodies that are not a JSON object, sent to `method path` by `token`: each must give the
/// `body` error (or the malformed-JSON 400) and write nothing.
async fn non_object_bodies(
    b: &Bench,
    method: Method,
    path: &str,
    token: Option<&str>,
    watch: Option<&str>,
) {
    let before = b.totals().await;
    let doc = match watch {
        Some(p) => Some(b.document(p).await),
        None => None,
    };
    let what = format!("{method} {path}");

    let none = b.send(method.clone(), path, token, None).await;
    assert_no_body(&none, &format!("{what} without a body"));
    assert_eq!(
        error_message(&none, "body"),
        "Invalid input: expected object, received undefined"
    );
    for (content_type, text) in [
        ("application/json", ""),
        ("application/json", "   "),
        (
            "text/plain",
            r#"{"name":"x","username":"x","password":"secret1","position":"p","ids":["000000000000000000000000"]}"#,
        ),
    ] {
        let answer = b
            .send_raw(method.clone(), path, token, content_type, text)
            .await;
        assert_no_body(&answer, &format!("{what} [{content_type}] {text:?}"));
    }
    for text in ["[]", "[{\"name\":\"x\"}]", "\"name\"", "5", "true", "null"] {
        let answer = b
            .send_raw(method.clone(), path, token, "application/json", text)
            .await;
        assert_no_body(&answer, &format!("{what} {text}"));
    }
    for text in [
        "{",
        "{\"name\": }",
        "{'name': 'x'}",
        "{\"name\": \"x\",}",
        "{\"name\": \"x\"} trailing",
        "not json at all",
        "{\"name\": \"\\u12\"}",
    ] {
        let answer = b
            .send_raw(method.clone(), path, token, "application/json", text)
            .await;
        assert_malformed_json(&answer, &format!("{what} {text}"));
    }
    // The JSON content type with parameters and the +json family are still JSON.
    let answer = b
        .send_raw(
            method.clone(),
            path,
            token,
            "application/json; charset=utf-8",
            "{oops",
        )
        .await;
    assert_malformed_json(&answer, &format!("{what} charset"));

    assert_eq!(b.totals().await, before, "{what}: a bad body wrote");
    if let (Some(p), Some(doc)) = (watch, doc) {
        assert_eq!(b.document(p).await, doc, "{what}: a bad body changed {p}");
    }
}

/// Each `(body, field)` must be a validation failure naming `field` and write nothing; `watch`
/// is a document that must stay as it was.
async fn invalid_bodies(
    b: &Bench,
    method: Method,
    path: &str,
    token: &str,
    cases: &[(Value, &str)],
    watch: Option<&str>,
) {
    for (body, field) in cases {
        let before = b.totals().await;
        let doc = match watch {
            Some(p) => Some(b.document(p).await),
            None => None,
        };
        let what = format!("{method} {path} {body}");
        let answer = b
            .send(method.clone(), path, Some(token), Some(body.clone()))
            .await;
        assert_invalid(&answer, field, &what);
        assert_eq!(b.totals().await, before, "{what} wrote");
        if let (Some(p), Some(doc)) = (watch, doc) {
            assert_eq!(b.document(p).await, doc, "{what} changed {p}");
        }
    }
}

fn valid_worker() -> Value {
    json!({"name": "Valid", "username": "valid-user", "password": "secret1", "position": "cutter"})
}

/// `valid_worker()` with `key` set to `value` (or removed when `value` is None).
fn worker_with(key: &str, value: Option<Value>) -> Value {
    let mut body = valid_worker();
    let object = body.as_object_mut().expect("object");
    match value {
        Some(value) => {
            object.insert(key.to_owned(), value);
        }
        None => {
            object.remove(key);
        }
    }
    body
}

/// Bad `notificationPreferences` values, with the field each must be reported at.
fn bad_preferences() -> Vec<(Value, &'static str)> {
    vec![
        (json!(null), "body.notificationPreferences"),
        (json!("loud"), "body.notificationPreferences"),
        (json!([]), "body.notificationPreferences"),
        (json!(true), "body.notificationPreferences"),
        (
            json!({"volume": 1.5}),
            "body.notificationPreferences.volume",
        ),
        (
            json!({"volume": -0.5}),
            "body.notificationPreferences.volume",
        ),
        (json!({"volume": 2}), "body.notificationPreferences.volume"),
        (
            json!({"volume": "0.5"}),
            "body.notificationPreferences.volume",
        ),
        (
            json!({"volume": "5"}),
            "body.notificationPreferences.volume",
        ),
        (
            json!({"volume": null}),
            "body.notificationPreferences.volume",
        ),
        (
            json!({"volume": true}),
            "body.notificationPreferences.volume",
        ),
        (
            json!({"volume": [0.5]}),
            "body.notificationPreferences.volume",
        ),
        (
            json!({"enabled": "true"}),
            "body.notificationPreferences.enabled",
        ),
        (
            json!({"enabled": 1}),
            "body.notificationPreferences.enabled",
        ),
        (
            json!({"enabled": null}),
            "body.notificationPreferences.enabled",
        ),
        (
            json!({"sounds": null}),
            "body.notificationPreferences.sounds",
        ),
        (
            json!({"sounds": "bell"}),
            "body.notificationPreferences.sounds",
        ),
        (
            json!({"sounds": {"low": ""}}),
            "body.notificationPreferences.sounds.low",
        ),
        (
            json!({"sounds": {"medium": 5}}),
            "body.notificationPreferences.sounds.medium",
        ),
        (
            json!({"sounds": {"high": null}}),
            "body.notificationPreferences.sounds.high",
        ),
        (
            json!({"sounds": {"urgent": false}}),
            "body.notificationPreferences.sounds.urgent",
        ),
        (
            json!({"enabled": true, "volume": 0.5, "sounds": {"low": "pop", "urgent": ""}}),
            "body.notificationPreferences.sounds.urgent",
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// Auth.

#[tokio::test]
async fn login_rejects_bad_input_without_a_server_error() {
    let b = Bench::start().await;
    let login = "/api/auth/login";
    let cases: Vec<(Value, &str)> = vec![
        (json!({}), "body.username"),
        (json!({"password": ADMIN_PASSWORD}), "body.username"),
        (json!({"username": "admin"}), "body.password"),
        (
            json!({"username": null, "password": ADMIN_PASSWORD}),
            "body.username",
        ),
        (
            json!({"username": "admin", "password": null}),
            "body.password",
        ),
        (
            json!({"username": 5, "password": ADMIN_PASSWORD}),
            "body.username",
        ),
        (
            json!({"username": true, "password": ADMIN_PASSWORD}),
            "body.username",
        ),
        (
            json!({"username": ["admin"], "password": ADMIN_PASSWORD}),
            "body.username",
        ),
        (
            json!({"username": {"$ne": ""}, "password": ADMIN_PASSWORD}),
            "body.username",
        ),
        (
            json!({"username": "admin", "password": 123456}),
            "body.password",
        ),
        (
            json!({"username": "admin", "password": {"$gt": ""}}),
            "body.password",
        ),
        (
            json!({"username": "", "password": ADMIN_PASSWORD}),
            "body.username",
        ),
        (
            json!({"username": "admin", "password": ""}),
            "body.password",
        ),
    ];
    for (body, field) in &cases {
        let answer = b.send(Method::POST, login, None, Some(body.clone())).await;
        assert_invalid(&answer, field, &format!("login {body}"));
        assert!(answer.body.get("data").is_none());
    }
    // Both problems are reported, in schema order.
    let both = b.send(Method::POST, login, None, Some(json!({}))).await;
    let fields: Vec<&str> = both.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["body.username", "body.password"]);
    assert_eq!(
        error_message(&both, "body.username"),
        "Invalid input: expected string, received undefined"
    );
    let typed = b
        .send(
            Method::POST,
            login,
            None,
            Some(json!({"username": 5, "password": null})),
        )
        .await;
    assert_eq!(
        error_message(&typed, "body.username"),
        "Invalid input: expected string, received number"
    );
    assert_eq!(
        error_message(&typed, "body.password"),
        "Invalid input: expected string, received null"
    );

    non_object_bodies(&b, Method::POST, login, None, None).await;

    // Unknown keys are stripped; the login still works.
    let extra = b
        .send(
            Method::POST,
            login,
            None,
            Some(json!({"username": "admin", "password": ADMIN_PASSWORD, "remember": true, "role": "x"})),
        )
        .await;
    extra.expect(200);
    // Wrong credentials are a 401, not a validation failure.
    let wrong = b
        .send(
            Method::POST,
            login,
            None,
            Some(json!({"username": "admin", "password": "wrong-password"})),
        )
        .await;
    assert_refused(
        &wrong,
        401,
        "Invalid username or password",
        "wrong password",
    );
    b.server.stop().await;
}

#[tokio::test]
async fn profile_updates_reject_bad_input_and_change_nothing() {
    let b = Bench::start().await;
    b.create_worker("taken", None).await;
    let me = "/api/auth/me";
    let admin = b.admin.clone();

    let mut cases: Vec<(Value, &str)> = vec![
        (json!({"name": 5}), "body.name"),
        (json!({"name": null}), "body.name"),
        (json!({"name": ""}), "body.name"),
        (json!({"name": true}), "body.name"),
        (json!({"name": ["Admin"]}), "body.name"),
        (json!({"username": 7}), "body.username"),
        (json!({"username": null}), "body.username"),
        (json!({"username": ""}), "body.username"),
        (json!({"username": false}), "body.username"),
        // One bad field fails the whole update: the good one is not applied either.
        (json!({"name": "Changed", "username": 1}), "body.username"),
    ];
    for (prefs, field) in bad_preferences() {
        cases.push((json!({"notificationPreferences": prefs}), field));
    }
    invalid_bodies(&b, Method::PATCH, me, &admin, &cases, Some(me)).await;
    non_object_bodies(&b, Method::PATCH, me, Some(&admin), Some(me)).await;

    // Messages for null and numeric strings follow zod (§1.5).
    let null = b
        .as_admin(
            Method::PATCH,
            me,
            Some(json!({"notificationPreferences": {"volume": null}})),
        )
        .await;
    assert_eq!(
        error_message(&null, "body.notificationPreferences.volume"),
        "Invalid input: expected number, received null"
    );
    let string = b
        .as_admin(
            Method::PATCH,
            me,
            Some(json!({"notificationPreferences": {"volume": "5"}})),
        )
        .await;
    assert_eq!(
        error_message(&string, "body.notificationPreferences.volume"),
        "Invalid input: expected number, received string"
    );

    // A username clash, case-insensitively and trimmed: 409, and nothing changes.
    for clash in ["taken", "TAKEN", "  Taken "] {
        let before = b.document(me).await;
        let answer = b
            .as_admin(
                Method::PATCH,
                me,
                Some(json!({"username": clash, "name": "Clash"})),
            )
            .await;
        assert_refused(
            &answer,
            409,
            "Username already exists",
            &format!("me → {clash}"),
        );
        assert_eq!(
            b.document(me).await,
            before,
            "a refused clash changed the profile"
        );
    }

    // Edges that are accepted: volume 0 and 1, empty objects, unknown keys stripped.
    for volume in [json!(0), json!(1), json!(0.0), json!(1.0)] {
        let answer = b
            .as_admin(
                Method::PATCH,
                me,
                Some(json!({"notificationPreferences": {"volume": volume}})),
            )
            .await;
        answer.expect(200);
        assert_eq!(
            answer.data()["notificationPreferences"]["volume"].as_f64(),
            volume.as_f64()
        );
    }
    let stripped = b
        .as_admin(
            Method::PATCH,
            me,
            Some(json!({"favourite": "glass", "password": "hijack1", "role": "worker", "position": "boss", "notificationPreferences": {"inApp": true, "sounds": {"chime": "x"}}})),
        )
        .await;
    stripped.expect(200);
    assert!(stripped.data().get("favourite").is_none());
    assert!(
        stripped.data()["notificationPreferences"]
            .get("inApp")
            .is_none()
    );
    assert!(
        stripped.data()["notificationPreferences"]["sounds"]
            .get("chime")
            .is_none()
    );
    assert_eq!(stripped.data()["role"]["slug"], "admin");
    assert_eq!(stripped.data()["position"], "admin");
    b.api().login("admin", "hijack1").await.expect(401);
    b.as_admin(Method::PATCH, me, Some(json!({})))
        .await
        .expect(200);
    b.server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Workers.

#[tokio::test]
async fn worker_create_rejects_bad_input_and_writes_nothing() {
    let b = Bench::start().await;
    let path = "/api/workers";
    let admin = b.admin.clone();
    let mut cases: Vec<(Value, &str)> = Vec::new();
    for field in ["name", "username", "password", "position"] {
        let at: &'static str = match field {
            "name" => "body.name",
            "username" => "body.username",
            "password" => "body.password",
            _ => "body.position",
        };
        cases.push((worker_with(field, None), at));
        cases.push((worker_with(field, Some(json!(null))), at));
        cases.push((worker_with(field, Some(json!(5))), at));
        cases.push((worker_with(field, Some(json!(true))), at));
        cases.push((worker_with(field, Some(json!([]))), at));
        cases.push((worker_with(field, Some(json!({}))), at));
        cases.push((worker_with(field, Some(json!(""))), at));
    }
    cases.push((
        worker_with("password", Some(json!("12345"))),
        "body.password",
    ));
    cases.push((
        worker_with("password", Some(json!(123456))),
        "body.password",
    ));
    cases.push((worker_with("role", Some(json!(null))), "body.role"));
    cases.push((worker_with("role", Some(json!(5))), "body.role"));
    cases.push((worker_with("role", Some(json!(false))), "body.role"));
    cases.push((
        worker_with("role", Some(json!({"slug": "admin"}))),
        "body.role",
    ));
    for (prefs, field) in bad_preferences() {
        cases.push((worker_with("notificationPreferences", Some(prefs)), field));
    }
    invalid_bodies(&b, Method::POST, path, &admin, &cases, None).await;
    non_object_bodies(&b, Method::POST, path, Some(&admin), None).await;

    // All problems are reported, in schema order.
    let empty = b.as_admin(Method::POST, path, Some(json!({}))).await;
    let fields: Vec<&str> = empty.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "body.name",
            "body.username",
            "body.password",
            "body.position"
        ]
    );
    let short = b
        .as_admin(
            Method::POST,
            path,
            Some(worker_with("password", Some(json!("12345")))),
        )
        .await;
    assert_eq!(
        error_message(&short, "body.password"),
        "Too small: expected string to have >=6 characters"
    );
    let big = b
        .as_admin(
            Method::POST,
            path,
            Some(worker_with(
                "notificationPreferences",
                Some(json!({"volume": 1.5})),
            )),
        )
        .await;
    assert_eq!(
        error_message(&big, "body.notificationPreferences.volume"),
        "Too big: expected number to be <=1"
    );
    let small = b
        .as_admin(
            Method::POST,
            path,
            Some(worker_with(
                "notificationPreferences",
                Some(json!({"volume": -0.5})),
            )),
        )
        .await;
    assert_eq!(
        error_message(&small, "body.notificationPreferences.volume"),
        "Too small: expected number to be >=0"
    );

    // Duplicate usernames, after trimming and lowercasing: 409 and nothing written.
    b.create_worker("somchai", None).await;
    for clash in ["somchai", "SOMCHAI", "  SomChai  ", "admin", "Admin"] {
        let before = b.totals().await;
        let answer = b
            .as_admin(
                Method::POST,
                path,
                Some(worker_with("username", Some(json!(clash)))),
            )
            .await;
        assert_refused(
            &answer,
            409,
            "Username already exists",
            &format!("create {clash:?}"),
        );
        assert_eq!(
            b.totals().await,
            before,
            "a duplicate {clash:?} was written"
        );
    }

    // Accepted edges: volume 0 and 1, an empty role, empty preferences, unknown keys stripped.
    for (n, volume) in [json!(0), json!(1)].into_iter().enumerate() {
        let created = b
            .as_admin(
                Method::POST,
                path,
                Some(json!({"name": "Vol", "username": format!("vol{n}"), "password": "secret1", "position": "p", "notificationPreferences": {"volume": volume}})),
            )
            .await;
        created.expect(201);
        assert_eq!(
            created.data()["notificationPreferences"]["volume"].as_f64(),
            volume.as_f64()
        );
    }
    let empty_role = b
        .as_admin(
            Method::POST,
            path,
            Some(json!({"name": "Empty role", "username": "emptyrole", "password": "secret1", "position": "p", "role": "", "notificationPreferences": {}})),
        )
        .await;
    empty_role.expect(201);
    assert_eq!(empty_role.data()["role"]["slug"], "worker");
    let stripped = b
        .as_admin(
            Method::POST,
            path,
            Some(json!({
                "name": "Stripped", "username": "stripped", "password": "secret1", "position": "p",
                "_id": "aaaaaaaaaaaaaaaaaaaaaaaa", "createdAt": "2000-01-01T00:00:00.000Z", "__v": 7,
                "isAdmin": true, "extra": {"deep": 1},
                "notificationPreferences": {"inApp": true, "sounds": {"chime": "x"}}
            })),
        )
        .await;
    stripped.expect(201);
    let data = stripped.data();
    assert_ne!(data["_id"], "aaaaaaaaaaaaaaaaaaaaaaaa");
    assert_ne!(data["createdAt"], "2000-01-01T00:00:00.000Z");
    assert_eq!(data["__v"], 0);
    assert!(data.get("isAdmin").is_none() && data.get("extra").is_none());
    assert!(data["notificationPreferences"].get("inApp").is_none());
    assert!(
        data["notificationPreferences"]["sounds"]
            .get("chime")
            .is_none()
    );
    assert!(data.get("password").is_none());
    b.server.stop().await;
}

#[tokio::test]
async fn worker_update_rejects_bad_input_and_leaves_the_worker_unchanged() {
    let b = Bench::start().await;
    let id = b.create_worker("target", None).await;
    b.create_worker("other", None).await;
    let path = format!("/api/workers/{id}");
    let admin = b.admin.clone();

    let mut cases: Vec<(Value, &str)> = Vec::new();
    for (key, at) in [
        ("name", "body.name"),
        ("username", "body.username"),
        ("password", "body.password"),
        ("position", "body.position"),
        ("role", "body.role"),
    ] {
        // Null is not absent (§1.5).
        cases.push((json!({ key: null }), at));
        cases.push((json!({ key: 5 }), at));
        cases.push((json!({ key: true }), at));
        cases.push((json!({ key: ["x"] }), at));
        cases.push((json!({ key: {"x": 1} }), at));
        if key != "role" {
            cases.push((json!({ key: "" }), at));
        }
    }
    cases.push((json!({"password": "short"}), "body.password"));
    cases.push((json!({"password": 1234567}), "body.password"));
    cases.push((
        json!({"name": "Changed", "password": "abc"}),
        "body.password",
    ));
    for (prefs, field) in bad_preferences() {
        cases.push((json!({"notificationPreferences": prefs}), field));
    }
    invalid_bodies(&b, Method::PATCH, &path, &admin, &cases, Some(&path)).await;
    non_object_bodies(&b, Method::PATCH, &path, Some(&admin), Some(&path)).await;

    // Validation runs before the lookup: a bad body on an unknown id is still 400.
    let answer = b
        .as_admin(
            Method::PATCH,
            &format!("/api/workers/{MISSING}"),
            Some(json!({"name": null})),
        )
        .await;
    assert_invalid(&answer, "body.name", "bad body on an unknown id");

    // Unknown and malformed ids: 404 `Worker not found`, nothing written.
    let before = b.totals().await;
    let doc = b.document(&path).await;
    for bad in std::iter::once(MISSING).chain(MALFORMED_IDS.iter().copied()) {
        let target = format!("/api/workers/{bad}");
        let answer = b
            .as_admin(Method::PATCH, &target, Some(json!({"name": "Ghost"})))
            .await;
        assert_refused(&answer, 404, "Worker not found", &format!("PATCH {target}"));
        let answer = b.as_admin(Method::GET, &target, None).await;
        assert_refused(&answer, 404, "Worker not found", &format!("GET {target}"));
    }
    assert_eq!(b.totals().await, before);
    assert_eq!(b.document(&path).await, doc);

    // A username clash (case-insensitive, trimmed): 409 and the worker is unchanged.
    for clash in ["other", "OTHER", " Other ", "admin", "ADMIN"] {
        let before = b.document(&path).await;
        let answer = b
            .as_admin(
                Method::PATCH,
                &path,
                Some(json!({"username": clash, "name": "Renamed", "position": "moved"})),
            )
            .await;
        assert_refused(
            &answer,
            409,
            "Username already exists",
            &format!("PATCH username {clash:?}"),
        );
        assert_eq!(
            b.document(&path).await,
            before,
            "a refused clash changed the worker"
        );
    }
    // The password was not changed by any refused update.
    b.api().token("target", "secret1").await;

    // Accepted edges: own username in other case, volume 0 and 1, unknown keys stripped.
    b.as_admin(Method::PATCH, &path, Some(json!({"username": "TARGET"})))
        .await
        .expect(200);
    for volume in [0, 1] {
        let answer = b
            .as_admin(
                Method::PATCH,
                &path,
                Some(json!({"notificationPreferences": {"volume": volume}})),
            )
            .await;
        answer.expect(200);
        assert_eq!(
            answer.data()["notificationPreferences"]["volume"],
            json!(volume)
        );
    }
    let stripped = b
        .as_admin(
            Method::PATCH,
            &path,
            Some(json!({"_id": MISSING, "createdAt": "2000-01-01T00:00:00.000Z", "wings": 2})),
        )
        .await;
    stripped.expect(200);
    assert_eq!(stripped.data()["_id"], id.as_str());
    assert!(stripped.data().get("wings").is_none());
    assert_ne!(stripped.data()["createdAt"], "2000-01-01T00:00:00.000Z");
    b.server.stop().await;
}

#[tokio::test]
async fn worker_deletes_reject_bad_ids_and_delete_nothing() {
    let b = Bench::start().await;
    let keep = b.create_worker("keeper", None).await;
    let keep_path = format!("/api/workers/{keep}");
    let admin = b.admin.clone();

    // Single delete: unknown and malformed ids are 404 `Worker not found`.
    let before = b.totals().await;
    for bad in std::iter::once(MISSING).chain(MALFORMED_IDS.iter().copied()) {
        let target = format!("/api/workers/{bad}");
        let answer = b.as_admin(Method::DELETE, &target, None).await;
        assert_refused(
            &answer,
            404,
            "Worker not found",
            &format!("DELETE {target}"),
        );
    }
    assert_eq!(b.totals().await, before);

    // Bulk delete: bad `ids` are validation failures; nothing is deleted.
    let cases: Vec<(Value, &str)> = vec![
        (json!({}), "body.ids"),
        (json!({"ids": null}), "body.ids"),
        (json!({"ids": []}), "body.ids"),
        (json!({"ids": keep}), "body.ids"),
        (json!({"ids": 5}), "body.ids"),
        (json!({"ids": true}), "body.ids"),
        (json!({"ids": {"0": keep}}), "body.ids"),
        (json!({"id": [keep]}), "body.ids"),
        (json!({"ids": [""]}), "body.ids.0"),
        (json!({"ids": [5]}), "body.ids.0"),
        (json!({"ids": [null]}), "body.ids.0"),
        (json!({"ids": [[keep]]}), "body.ids.0"),
        (json!({"ids": ["abc"]}), "body.ids.0"),
        (json!({"ids": ["zzzzzzzzzzzzzzzzzzzzzzzz"]}), "body.ids.0"),
        (json!({"ids": ["0000000000000000000000000"]}), "body.ids.0"),
        // One bad id fails the whole call: the good one is not deleted.
        (json!({"ids": [keep, "abc"]}), "body.ids.1"),
        (json!({"ids": [keep, 7]}), "body.ids.1"),
        (json!({"ids": [keep, null]}), "body.ids.1"),
    ];
    invalid_bodies(
        &b,
        Method::DELETE,
        "/api/workers",
        &admin,
        &cases,
        Some(&keep_path),
    )
    .await;
    non_object_bodies(
        &b,
        Method::DELETE,
        "/api/workers",
        Some(&admin),
        Some(&keep_path),
    )
    .await;

    // Well-formed ids that do not exist are ignored: 200 with a count of 0.
    let answer = b
        .as_admin(
            Method::DELETE,
            "/api/workers",
            Some(json!({"ids": [MISSING], "extra": 1})),
        )
        .await;
    answer.expect(200);
    assert_eq!(answer.data()["deletedCount"], 0);
    assert_eq!(b.totals().await, before);
    b.document(&keep_path).await;
    b.server.stop().await;
}

// ---------------------------------------------------------------------------------------------
// Roles.

#[tokio::test]
async fn role_create_rejects_bad_input_and_writes_nothing() {
    let b = Bench::start().await;
    let path = "/api/roles";
    let admin = b.admin.clone();
    let cases: Vec<(Value, &str)> = vec![
        (json!({}), "body.name"),
        (json!({"slug": "no-name"}), "body.name"),
        (json!({"name": null}), "body.name"),
        (json!({"name": ""}), "body.name"),
        (json!({"name": 5}), "body.name"),
        (json!({"name": true}), "body.name"),
        (json!({"name": ["Role"]}), "body.name"),
        (json!({"name": "Role", "slug": null}), "body.slug"),
        (json!({"name": "Role", "slug": ""}), "body.slug"),
        (json!({"name": "Role", "slug": 5}), "body.slug"),
        (json!({"name": "Role", "slug": false}), "body.slug"),
        (
            json!({"name": "Role", "description": null}),
            "body.description",
        ),
        (
            json!({"name": "Role", "description": 5}),
            "body.description",
        ),
        (
            json!({"name": "Role", "description": {"text": "x"}}),
            "body.description",
        ),
        (
            json!({"name": "Role", "permissions": null}),
            "body.permissions",
        ),
        (
            json!({"name": "Role", "permissions": "users:view"}),
            "body.permissions",
        ),
        (
            json!({"name": "Role", "permissions": 5}),
            "body.permissions",
        ),
        (
            json!({"name": "Role", "permissions": {"0": "users:view"}}),
            "body.permissions",
        ),
        (
            json!({"name": "Role", "permissions": [5]}),
            "body.permissions.0",
        ),
        (
            json!({"name": "Role", "permissions": [null]}),
            "body.permissions.0",
        ),
        (
            json!({"name": "Role", "permissions": ["users:view", true]}),
            "body.permissions.1",
        ),
        (
            json!({"name": "Role", "permissions": [["users:view"]]}),
            "body.permissions.0",
        ),
    ];
    invalid_bodies(&b, Method::POST, path, &admin, &cases, None).await;
    non_object_bodies(&b, Method::POST, path, Some(&admin), None).await;

    // Duplicate slugs, given or derived, after lowercasing: 409 and nothing written.
    b.create_role("Dup", Some("dup-slug")).await;
    for body in [
        json!({"name": "Other", "slug": "dup-slug"}),
        json!({"name": "Other", "slug": "DUP-SLUG"}),
        json!({"name": "Other", "slug": "  Dup-Slug "}),
        json!({"name": "Dup Slug"}),
        json!({"name": "Other", "slug": "admin"}),
        json!({"name": "Admin"}),
        json!({"name": "MANAGER"}),
        json!({"name": "Other", "slug": "worker"}),
    ] {
        let before = b.totals().await;
        let answer = b.as_admin(Method::POST, path, Some(body.clone())).await;
        assert_refused(
            &answer,
            409,
            "Role slug already exists",
            &format!("POST /roles {body}"),
        );
        assert_eq!(
            b.totals().await,
            before,
            "a duplicate slug was written: {body}"
        );
    }

    // Unknown keys are stripped: the client cannot make a system role.
    let created = b
        .as_admin(
            Method::POST,
            path,
            Some(json!({"name": "Sneaky", "isSystem": true, "_id": MISSING, "extra": 1, "permissions": []})),
        )
        .await;
    created.expect(201);
    assert_eq!(created.data()["isSystem"], false);
    assert_ne!(created.data()["_id"], MISSING);
    assert!(created.data().get("extra").is_none());
    b.server.stop().await;
}

#[tokio::test]
async fn role_update_and_delete_reject_bad_input_and_change_nothing() {
    let b = Bench::start().await;
    let id = b.create_role("Editable", Some("editable")).await;
    b.create_role("Taken", Some("taken-slug")).await;
    let path = format!("/api/roles/{id}");
    let admin = b.admin.clone();

    let cases: Vec<(Value, &str)> = vec![
        (json!({"name": null}), "body.name"),
        (json!({"name": ""}), "body.name"),
        (json!({"name": 5}), "body.name"),
        (json!({"slug": null}), "body.slug"),
        (json!({"slug": ""}), "body.slug"),
        (json!({"slug": ["x"]}), "body.slug"),
        (json!({"description": null}), "body.description"),
        (json!({"description": false}), "body.description"),
        (json!({"permissions": null}), "body.permissions"),
        (json!({"permissions": "*"}), "body.permissions"),
        (json!({"permissions": [1, 2]}), "body.permissions.0"),
        (json!({"permissions": ["ok", null]}), "body.permissions.1"),
        (
            json!({"name": "Renamed", "permissions": [false]}),
            "body.permissions.0",
        ),
    ];
    invalid_bodies(&b, Method::PATCH, &path, &admin, &cases, Some(&path)).await;
    non_object_bodies(&b, Method::PATCH, &path, Some(&admin), Some(&path)).await;

    let answer = b
        .as_admin(
            Method::PATCH,
            &format!("/api/roles/{MISSING}"),
            Some(json!({"permissions": "x"})),
        )
        .await;
    assert_invalid(&answer, "body.permissions", "bad body on an unknown role");

    // Unknown and malformed ids: 404 `Role not found` on get, update and delete.
    let before = b.totals().await;
    let doc = b.document(&path).await;
    for bad in std::iter::once(MISSING).chain(MALFORMED_IDS.iter().copied()) {
        let target = format!("/api/roles/{bad}");
        let answer = b
            .as_admin(Method::PATCH, &target, Some(json!({"name": "Ghost"})))
            .await;
        assert_refused(&answer, 404, "Role not found", &format!("PATCH {target}"));
        let answer = b.as_admin(Method::DELETE, &target, None).await;
        assert_refused(&answer, 404, "Role not found", &format!("DELETE {target}"));
        let answer = b.as_admin(Method::GET, &target, None).await;
        assert_refused(&answer, 404, "Role not found", &format!("GET {target}"));
    }
    assert_eq!(b.totals().await, before);
    assert_eq!(b.document(&path).await, doc);

    // A slug clash: 409 and the role is unchanged.
    for clash in [
        "taken-slug",
        "TAKEN-SLUG",
        " taken-slug ",
        "admin",
        "Manager",
    ] {
        let before = b.document(&path).await;
        let answer = b
            .as_admin(
                Method::PATCH,
                &path,
                Some(json!({"slug": clash, "name": "Renamed", "permissions": ["*"]})),
            )
            .await;
        assert_refused(
            &answer,
            409,
            "Role slug already exists",
            &format!("PATCH slug {clash:?}"),
        );
        assert_eq!(
            b.document(&path).await,
            before,
            "a refused clash changed the role"
        );
    }

    // System roles cannot be deleted: 400 `Cannot delete system roles`, and they stay.
    let roles = b.as_admin(Method::GET, "/api/roles?limit=100", None).await;
    roles.expect(200);
    let system: Vec<String> = roles
        .data()
        .as_array()
        .expect("roles")
        .iter()
        .filter(|r| r["isSystem"] == true)
        .filter_map(|r| r["_id"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        system.len(),
        3,
        "admin, manager and worker are system roles"
    );
    for role in &system {
        let target = format!("/api/roles/{role}");
        let before = b.totals().await;
        let doc = b.document(&target).await;
        let answer = b.as_admin(Method::DELETE, &target, None).await;
        assert_refused(
            &answer,
            400,
            "Cannot delete system roles",
            &format!("DELETE {target}"),
        );
        assert_eq!(b.totals().await, before);
        assert_eq!(b.document(&target).await, doc);
    }

    // Unknown keys are stripped: a role cannot be made system by PATCH.
    let stripped = b
        .as_admin(
            Method::PATCH,
            &path,
            Some(json!({"isSystem": true, "_id": MISSING, "extra": 1})),
        )
        .await;
    stripped.expect(200);
    assert_eq!(stripped.data()["isSystem"], false);
    assert_eq!(stripped.data()["_id"], id.as_str());
    assert!(stripped.data().get("extra").is_none());
    // And it can still be deleted, because it is not a system role.
    b.as_admin(Method::DELETE, &path, None).await.expect(200);
    let gone = b.as_admin(Method::GET, &path, None).await;
    assert_refused(&gone, 404, "Role not found", "deleted role");
    b.server.stop().await;
}

/// Required fields are trimmed and required in the model (§3.1, §4.1); upstream's model validation
/// refuses a value that trims to nothing (with a 500, §1.9). The box must refuse it with a 4xx
/// and store nothing, rather than create a worker with an empty username or name.
#[tokio::test]
async fn required_fields_that_trim_to_nothing_are_refused() {
    let b = Bench::start().await;
    let id = b.create_worker("blank-target", None).await;
    let worker_path = format!("/api/workers/{id}");
    let me = "/api/auth/me";
    let new_worker = |n: usize, key: &str, value: &str| {
        let mut body = json!({"name": format!("Blank {n}"), "username": format!("blank{n}"), "password": "secret1", "position": "cutter"});
        body[key] = json!(value);
        body
    };
    let cases: Vec<(Method, String, Value, Option<String>)> = vec![
        (
            Method::POST,
            "/api/workers".to_owned(),
            new_worker(1, "name", "   "),
            None,
        ),
        (
            Method::POST,
            "/api/workers".to_owned(),
            new_worker(2, "username", "   "),
            None,
        ),
        (
            Method::POST,
            "/api/workers".to_owned(),
            new_worker(3, "position", " \t "),
            None,
        ),
        (
            Method::PATCH,
            worker_path.clone(),
            json!({"name": "   "}),
            Some(worker_path.clone()),
        ),
        (
            Method::PATCH,
            worker_path.clone(),
            json!({"username": "  "}),
            Some(worker_path.clone()),
        ),
        (
            Method::PATCH,
            worker_path.clone(),
            json!({"position": " "}),
            Some(worker_path.clone()),
        ),
        (
            Method::PATCH,
            me.to_owned(),
            json!({"name": "   "}),
            Some(me.to_owned()),
        ),
        (
            Method::PATCH,
            me.to_owned(),
            json!({"username": "   "}),
            Some(me.to_owned()),
        ),
        (
            Method::POST,
            "/api/roles".to_owned(),
            json!({"name": "   "}),
            None,
        ),
    ];
    // Every case runs; the failures are reported together.
    let mut failures = Vec::new();
    for (method, path, body, watch) in cases {
        let before = b.totals().await;
        let doc = match &watch {
            Some(p) => Some(b.document(p).await),
            None => None,
        };
        let what = format!("{method} {path} {body}");
        let answer = b.as_admin(method, &path, Some(body)).await;
        if answer.status != StatusCode::BAD_REQUEST || answer.body["success"] != false {
            failures.push(format!(
                "{what}: expected 400, got {} {}",
                answer.status, answer.body
            ));
        }
        if b.totals().await != before {
            failures.push(format!("{what}: a document was created"));
        }
        if let (Some(p), Some(doc)) = (watch, doc)
            && b.document(&p).await != doc
        {
            failures.push(format!("{what}: {p} was changed"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    b.server.stop().await;
}

/// Strange but well-formed requests: never a 5xx.
#[tokio::test]
async fn odd_requests_never_cause_a_server_error() {
    let b = Bench::start().await;
    let admin = b.admin.clone();
    // Percent-encoded and non-ASCII path ids.
    for raw in [
        "%ff", "%00", "%2e%2e", "%C3%A9", "é", "a%20b", "..", "%", "{id}",
    ] {
        for method in [Method::GET, Method::PATCH, Method::DELETE] {
            for resource in ["workers", "roles"] {
                let path = format!("/api/{resource}/{raw}");
                let body = (method == Method::PATCH).then(|| json!({"name": "x"}));
                let answer = b.as_admin(method.clone(), &path, body).await;
                assert!(
                    answer.status.is_client_error(),
                    "{method} {path}: {} {}",
                    answer.status,
                    answer.body
                );
                assert_eq!(answer.body["success"], false, "{method} {path}");
            }
        }
    }
    // Deeply nested and huge values.
    let mut deep = json!("x");
    for _ in 0..100 {
        deep = json!({ "a": deep });
    }
    let answer = b
        .as_admin(Method::PATCH, "/api/auth/me", Some(json!({"extra": deep})))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.body);
    let long = "n".repeat(100_000);
    let answer = b
        .as_admin(Method::POST, "/api/roles", Some(json!({"name": long})))
        .await;
    assert!(answer.status.is_success() || answer.status.is_client_error());
    let answer = b
        .send_raw(
            Method::PATCH,
            "/api/auth/me",
            Some(&admin),
            "application/json",
            "{\"notificationPreferences\": {\"volume\": 1e400}}",
        )
        .await;
    assert_failure(&answer, 400, "volume 1e400");
    let answer = b
        .send_raw(
            Method::POST,
            "/api/workers",
            Some(&admin),
            "application/json",
            "{\"name\": \"\\ud800\", \"username\": \"lone\", \"password\": \"secret1\", \"position\": \"p\"}",
        )
        .await;
    assert!(
        answer.status.is_success() || answer.status.is_client_error(),
        "{}",
        answer.body
    );
    b.server.stop().await;
}
