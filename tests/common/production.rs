//! Helpers for the production tests (orders, panes, scans): the documents they need.

use super::Api;
use super::stock::id;
use serde_json::{Value, json};

pub async fn customer(api: &Api, token: &str, name: &str) -> String {
    let answer = api
        .post("/api/customers", token, json!({"name": name}))
        .await;
    answer.expect(201);
    id(answer.data())
}

/// A station (with its own template); `laminate` marks a lamination station.
pub async fn station(api: &Api, token: &str, name: &str, laminate: bool) -> String {
    let template = api
        .post(
            "/api/station-templates",
            token,
            json!({"name": format!("{name} screen")}),
        )
        .await;
    template.expect(201);
    let answer = api
        .post(
            "/api/stations",
            token,
            json!({"name": name, "templateId": id(template.data()), "isLaminateStation": laminate}),
        )
        .await;
    answer.expect(201);
    id(answer.data())
}

pub async fn material_id(api: &Api, token: &str, name: &str) -> String {
    id(&super::stock::material(api, token, name).await)
}

/// Creates an order from `body` (merged over a customer, material and quantity 1).
pub async fn order(api: &Api, token: &str, customer: &str, material: &str, extra: Value) -> Value {
    let mut body = json!({"customer": customer, "material": material, "quantity": 1});
    if let (Some(target), Value::Object(extra)) = (body.as_object_mut(), extra) {
        target.extend(extra);
    }
    let answer = api.post("/api/orders", token, body).await;
    answer.expect(201);
    answer.data().clone()
}

/// Runs `sql` (a count) against the server's database.
pub async fn count(server: &super::TestServer, sql: &'static str) -> i64 {
    server
        .core()
        .db
        .read(move |conn| Ok(conn.query_row(sql, [], |row| row.get(0))?))
        .await
        .expect("count")
}
