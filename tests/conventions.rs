//! The HTTP conventions of core.md §1: health, the 404 handler, helmet and CORS headers, the
//! embedded web app, the JSON shape of documents and the absence of password hashes.

mod common;

use common::{ADMIN_PASSWORD, TestServer};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use stdplus::config::ServeArgs;

/// `Date#toJSON` form: `YYYY-MM-DDTHH:MM:SS.mmmZ`.
fn is_js_date(text: &str) -> bool {
    const PATTERN: &[u8] = b"dddd-dd-ddTdd:dd:dd.dddZ";
    text.len() == PATTERN.len()
        && text
            .bytes()
            .zip(PATTERN.iter())
            .all(|(byte, expected)| match expected {
                b'd' => byte.is_ascii_digit(),
                other => byte == *other,
            })
        && chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

fn is_object_id(text: &str) -> bool {
    text.len() == 24
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Every stored document: a 24-hex `_id`, toJSON timestamps and `__v` 0.
#[track_caller]
fn assert_document(doc: &Value) {
    let id = doc["_id"].as_str().unwrap_or("");
    assert!(is_object_id(id), "_id is 24 lowercase hex: {doc}");
    for key in ["createdAt", "updatedAt"] {
        let stamp = doc[key].as_str().unwrap_or("");
        assert!(is_js_date(stamp), "{key} in toJSON form: {doc}");
    }
    assert_eq!(doc["__v"], json!(0), "__v is 0: {doc}");
    assert!(doc.get("id").is_none(), "no id virtual: {doc}");
}

/// True when any object at any depth has a `password` key.
fn has_password_key(value: &Value) -> bool {
    match value {
        Value::Object(map) => map
            .iter()
            .any(|(key, inner)| key == "password" || has_password_key(inner)),
        Value::Array(items) => items.iter().any(has_password_key),
        _ => false,
    }
}

#[track_caller]
fn assert_no_password(context: &str, body: &Value) {
    assert!(
        !has_password_key(body),
        "{context}: a password key leaked: {body}"
    );
    assert!(
        !body.to_string().contains("$2b$") && !body.to_string().contains("$2a$"),
        "{context}: a bcrypt hash leaked: {body}"
    );
}

/// All values of a (possibly repeated) header, joined with commas.
fn header_values(headers: &HeaderMap, name: &str) -> String {
    headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect::<Vec<_>>()
        .join(",")
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn vary_contains(headers: &HeaderMap, token: &str) -> bool {
    header_values(headers, "vary")
        .split(',')
        .any(|part| part.trim().eq_ignore_ascii_case(token))
}

/// A bare request with extra headers, for what the `Api` helpers cannot express.
async fn raw(
    base: &str,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
) -> reqwest::Response {
    let client = reqwest::Client::new();
    let mut request = client.request(method, format!("{base}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.expect("request sent")
}

const HELMET: &[(&str, &str)] = &[
    (
        "content-security-policy",
        "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests",
    ),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("origin-agent-cluster", "?1"),
    ("referrer-policy", "no-referrer"),
    (
        "strict-transport-security",
        "max-age=31536000; includeSubDomains",
    ),
    ("x-content-type-options", "nosniff"),
    ("x-dns-prefetch-control", "off"),
    ("x-download-options", "noopen"),
    ("x-frame-options", "SAMEORIGIN"),
    ("x-permitted-cross-domain-policies", "none"),
    ("x-xss-protection", "0"),
];

#[track_caller]
fn assert_helmet(context: &str, headers: &HeaderMap) {
    for (name, value) in HELMET {
        assert_eq!(
            header(headers, name),
            Some(*value),
            "{context}: header {name}"
        );
    }
    assert!(
        headers.get("x-powered-by").is_none(),
        "{context}: no X-Powered-By"
    );
}

#[tokio::test]
async fn health_is_public_and_unknown_routes_are_404_with_the_original_url() {
    let server = TestServer::start().await;
    let api = &server.api;

    let health = api.send(Method::GET, "/api/health", None, None).await;
    health.expect(200);
    assert_eq!(health.body["success"], true);
    assert_eq!(health.message(), "Success");
    let data = health.data();
    assert_eq!(data["status"], "healthy");
    assert!(
        data["uptime"].as_u64().is_some(),
        "uptime is an integer >= 0: {data}"
    );
    let timestamp = data["timestamp"].as_str().expect("timestamp string");
    assert!(is_js_date(timestamp), "toJSON timestamp: {timestamp}");
    let stamp = chrono::DateTime::parse_from_rfc3339(timestamp).expect("a date");
    let drift = (chrono::Utc::now() - stamp.with_timezone(&chrono::Utc))
        .num_seconds()
        .abs();
    assert!(drift < 60, "the timestamp is now: {timestamp}");
    assert!(health.body.get("pagination").is_none());

    // A trailing slash is tolerated.
    let slash = api.send(Method::GET, "/api/health/", None, None).await;
    slash.expect(200);
    assert_eq!(slash.data()["status"], "healthy");

    // Unknown route: the query string is part of the message.
    let nope = api.send(Method::GET, "/api/nope?x=1", None, None).await;
    nope.expect(404);
    assert_eq!(
        nope.body,
        json!({"success": false, "message": "Not found: GET /api/nope?x=1"})
    );

    // Unknown method on a known path (there is no bulk role delete), with or without a token.
    let admin = server.admin_token().await;
    let bulk = api
        .delete_with(
            "/api/roles",
            &admin,
            json!({"ids": ["000000000000000000000000"]}),
        )
        .await;
    bulk.expect(404);
    assert_eq!(
        bulk.body,
        json!({"success": false, "message": "Not found: DELETE /api/roles"})
    );
    let anonymous = api.send(Method::DELETE, "/api/roles", None, None).await;
    anonymous.expect(404);
    assert_eq!(anonymous.message(), "Not found: DELETE /api/roles");

    let put = api
        .send(Method::PUT, "/api/workers", Some(&admin), None)
        .await;
    put.expect(404);
    assert_eq!(put.message(), "Not found: PUT /api/workers");

    // Route names match case-insensitively, as in Express; the 404 quotes the URL as sent.
    let shouting = api.send(Method::GET, "/API/HEALTH", None, None).await;
    shouting.expect(200);
    assert_eq!(shouting.data()["status"], "healthy");
    let me = api
        .send(Method::GET, "/api/Auth/ME", Some(&admin), None)
        .await;
    me.expect(200);
    assert_eq!(me.data()["username"], "admin");
    let slash_nope = api.send(Method::GET, "/api/nope/?x=1", None, None).await;
    assert_eq!(slash_nope.message(), "Not found: GET /api/nope/?x=1");
    let upper_nope = api.send(Method::GET, "/API/Nope", None, None).await;
    upper_nope.expect(404);
    assert_eq!(upper_nope.message(), "Not found: GET /API/Nope");
    // Ids keep their case: an upper-case id is the same id.
    let admin_id = me.data()["_id"].as_str().expect("id").to_uppercase();
    api.send(
        Method::GET,
        &format!("/api/workers/{admin_id}"),
        Some(&admin),
        None,
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn api_responses_carry_helmet_and_cors_headers_and_preflights_are_answered() {
    let server = TestServer::start().await;
    let base = server.api.base.clone();

    // Success, 404 and 401 answers alike.
    let health = raw(&base, Method::GET, "/api/health", &[]).await;
    assert_eq!(health.status().as_u16(), 200);
    assert_helmet("GET /api/health", health.headers());
    assert_eq!(
        header(health.headers(), "access-control-allow-origin"),
        Some("*")
    );
    assert!(
        header(health.headers(), "content-type").is_some_and(|t| t.contains("application/json"))
    );
    assert!(
        health
            .headers()
            .get("access-control-allow-credentials")
            .is_none()
    );

    let missing = raw(&base, Method::GET, "/api/nope", &[]).await;
    assert_eq!(missing.status().as_u16(), 404);
    assert_helmet("GET /api/nope", missing.headers());
    assert_eq!(
        header(missing.headers(), "access-control-allow-origin"),
        Some("*")
    );

    let anonymous = raw(&base, Method::GET, "/api/auth/me", &[]).await;
    assert_eq!(anonymous.status().as_u16(), 401);
    assert_helmet("GET /api/auth/me without a token", anonymous.headers());
    assert_eq!(
        header(anonymous.headers(), "access-control-allow-origin"),
        Some("*")
    );

    let login = server.api.login("admin", ADMIN_PASSWORD).await;
    login.expect(200);
    assert_helmet("POST /api/auth/login", &login.headers);
    assert_eq!(
        header(&login.headers, "access-control-allow-origin"),
        Some("*")
    );

    // A preflight.
    let preflight = raw(
        &base,
        Method::OPTIONS,
        "/api/workers",
        &[
            ("origin", "http://tablet.local:5173"),
            ("access-control-request-method", "PATCH"),
            (
                "access-control-request-headers",
                "authorization,content-type",
            ),
        ],
    )
    .await;
    assert_eq!(preflight.status().as_u16(), 204);
    let headers = preflight.headers().clone();
    assert_eq!(header(&headers, "access-control-allow-origin"), Some("*"));
    assert_eq!(
        header(&headers, "access-control-allow-methods"),
        Some("GET,HEAD,PUT,PATCH,POST,DELETE")
    );
    assert_eq!(
        header(&headers, "access-control-allow-headers"),
        Some("authorization,content-type")
    );
    assert!(
        vary_contains(&headers, "Access-Control-Request-Headers"),
        "Vary: {}",
        header_values(&headers, "vary")
    );
    assert!(headers.get("access-control-allow-credentials").is_none());
    let body = preflight.text().await.unwrap_or_default();
    assert!(body.is_empty(), "a 204 has no body: {body:?}");
}

#[tokio::test]
async fn a_configured_origin_is_echoed_with_vary_origin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args = ServeArgs::for_data_dir(dir.path().join("data"));
    args.admin_password = Some(ADMIN_PASSWORD.to_owned());
    args.cors_origin = "http://office-pc:3000".to_owned();
    let server = TestServer::start_with(dir, args).await;
    let base = server.api.base.clone();

    for origin in ["http://office-pc:3000", "http://elsewhere:8080"] {
        let answer = raw(&base, Method::GET, "/api/health", &[("origin", origin)]).await;
        assert_eq!(answer.status().as_u16(), 200);
        assert_eq!(
            header(answer.headers(), "access-control-allow-origin"),
            Some("http://office-pc:3000"),
            "request origin {origin}"
        );
        assert!(
            vary_contains(answer.headers(), "Origin"),
            "Vary: {}",
            header_values(answer.headers(), "vary")
        );
    }

    let preflight = raw(
        &base,
        Method::OPTIONS,
        "/api/roles",
        &[
            ("origin", "http://office-pc:3000"),
            ("access-control-request-method", "POST"),
            ("access-control-request-headers", "content-type"),
        ],
    )
    .await;
    assert_eq!(preflight.status().as_u16(), 204);
    let headers = preflight.headers();
    assert_eq!(
        header(headers, "access-control-allow-origin"),
        Some("http://office-pc:3000")
    );
    assert!(vary_contains(headers, "Origin"));
    assert!(vary_contains(headers, "Access-Control-Request-Headers"));
    assert_eq!(
        header(headers, "access-control-allow-headers"),
        Some("content-type")
    );
}

#[tokio::test]
async fn the_web_app_is_served_outside_the_api_with_a_fallback_to_index() {
    let server = TestServer::start().await;
    let base = server.api.base.clone();

    let root = raw(&base, Method::GET, "/", &[]).await;
    assert_eq!(root.status().as_u16(), 200);
    assert!(
        header(root.headers(), "content-type").is_some_and(|t| t.starts_with("text/html")),
        "content-type: {:?}",
        root.headers().get("content-type")
    );
    let index = root.text().await.expect("body");
    assert!(
        index.to_ascii_lowercase().contains("<html"),
        "an HTML page: {index:.200}"
    );

    let app_route = raw(&base, Method::GET, "/station/abc", &[]).await;
    assert_eq!(app_route.status().as_u16(), 200);
    assert!(
        header(app_route.headers(), "content-type").is_some_and(|t| t.starts_with("text/html"))
    );
    assert_eq!(
        app_route.text().await.expect("body"),
        index,
        "an app route serves index.html"
    );

    let asset = raw(&base, Method::GET, "/assets/missing.js", &[]).await;
    assert_eq!(asset.status().as_u16(), 404);

    // The API never falls back to the page.
    let api = server
        .api
        .send(Method::GET, "/api/station/abc", None, None)
        .await;
    api.expect(404);
    assert_eq!(api.message(), "Not found: GET /api/station/abc");
}

#[tokio::test]
async fn documents_have_hex_ids_js_timestamps_and_version_and_never_a_password() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let role = api
        .post(
            "/api/roles",
            &admin,
            json!({"name": "Cutter", "permissions": ["production:view"]}),
        )
        .await;
    role.expect(201);
    assert_document(role.data());
    let role_id = role.data()["_id"].as_str().expect("role id").to_owned();

    let created = api
        .post(
            "/api/workers",
            &admin,
            json!({"name": "Somsak", "username": "somsak", "password": "secret1", "position": "cutter", "role": role_id}),
        )
        .await;
    created.expect(201);
    assert_no_password("POST /api/workers", &created.body);
    assert_document(created.data());
    assert_document(&created.data()["role"]);
    let id = created.data()["_id"].as_str().expect("id").to_owned();

    let listed = api.get("/api/workers", &admin).await;
    listed.expect(200);
    assert_no_password("GET /api/workers", &listed.body);
    let workers = listed.data().as_array().expect("array");
    assert_eq!(workers.len(), 2);
    for worker in workers {
        assert_document(worker);
    }

    let one = api.get(&format!("/api/workers/{id}"), &admin).await;
    one.expect(200);
    assert_no_password("GET /api/workers/:id", &one.body);
    assert_document(one.data());

    let updated = api
        .patch(
            &format!("/api/workers/{id}"),
            &admin,
            json!({"password": "secret2", "position": "lead cutter"}),
        )
        .await;
    updated.expect(200);
    assert_no_password("PATCH /api/workers/:id", &updated.body);
    assert_document(updated.data());

    let login = api.login("somsak", "secret2").await;
    login.expect(200);
    assert_no_password("POST /api/auth/login", &login.body);
    assert_document(&login.data()["worker"]);
    let admin_login = api.login("admin", ADMIN_PASSWORD).await;
    admin_login.expect(200);
    assert_no_password("POST /api/auth/login (admin)", &admin_login.body);

    let token = login.data()["token"].as_str().expect("token").to_owned();
    let me = api.get("/api/auth/me", &token).await;
    me.expect(200);
    assert_no_password("GET /api/auth/me", &me.body);
    assert_document(me.data());

    let profile = api
        .patch("/api/auth/me", &token, json!({"name": "Somsak K."}))
        .await;
    profile.expect(200);
    assert_no_password("PATCH /api/auth/me", &profile.body);
    assert_document(profile.data());

    let roles = api.get("/api/roles", &admin).await;
    roles.expect(200);
    let roles = roles.data().as_array().expect("array");
    assert_eq!(roles.len(), 4);
    for role in roles {
        assert_document(role);
    }
}
