//! Helpers for the stock tests (customers, materials, inventories, material logs,
//! withdrawals): creating the documents they need and reading quantities back.

use super::Api;
use serde_json::{Value, json};
use std::time::Duration;

/// A well-formed id that names nothing.
pub const MISSING: &str = "000000000000000000000000";

/// How long a socket that must receive nothing is given to receive it anyway.
pub const SETTLE: Duration = Duration::from_millis(400);

pub fn id(value: &Value) -> String {
    value["_id"].as_str().expect("an _id").to_owned()
}

/// The caller's own worker id.
pub async fn me(api: &Api, token: &str) -> String {
    let answer = api.get("/api/auth/me", token).await;
    answer.expect(200);
    id(answer.data())
}

pub async fn material(api: &Api, token: &str, name: &str) -> Value {
    let answer = api
        .post(
            "/api/materials",
            token,
            json!({"name": name, "unit": "sheet", "reorderPoint": 5}),
        )
        .await;
    answer.expect(201);
    answer.data().clone()
}

pub async fn inventory(
    api: &Api,
    token: &str,
    material: &str,
    stock_type: &str,
    quantity: f64,
    location: &str,
) -> Value {
    let answer = api
        .post(
            "/api/inventories",
            token,
            json!({"material": material, "stockType": stock_type, "quantity": quantity, "location": location}),
        )
        .await;
    answer.expect(201);
    answer.data().clone()
}

pub async fn quantity(api: &Api, token: &str, inventory: &str) -> f64 {
    let answer = api
        .get(&format!("/api/inventories/{inventory}"), token)
        .await;
    answer.expect(200);
    answer.data()["quantity"].as_f64().expect("a quantity")
}

/// Every document of a list (one large page).
pub async fn all(api: &Api, token: &str, path: &str) -> Vec<Value> {
    let separator = if path.contains('?') { '&' } else { '?' };
    let answer = api
        .get(&format!("{path}{separator}limit=100000"), token)
        .await;
    answer.expect(200);
    answer.data().as_array().expect("a list").clone()
}

/// The number after the dash of an auto-number (`INV-0007` → 7).
pub fn seq(number: &Value) -> u64 {
    number
        .as_str()
        .and_then(|n| n.split_once('-'))
        .and_then(|(_, seq)| seq.parse().ok())
        .expect("an auto-number")
}
