//! Helpers for the kiosk-pairing tests: pairing devices and checking refusals.

use super::{Answer, Api};
use serde_json::{Value, json};

/// Pairs a device as `admin`; returns its document and its token.
pub async fn pair(api: &Api, admin: &str, body: Value) -> (Value, String) {
    let answer = api.post("/api/devices", admin, body).await;
    answer.expect(201);
    let token = answer.data()["token"].as_str().expect("a token").to_owned();
    (answer.data()["device"].clone(), token)
}

/// Pairs a station kiosk at `station`.
pub async fn kiosk(api: &Api, admin: &str, name: &str, station: &str) -> (Value, String) {
    pair(
        api,
        admin,
        json!({"name": name, "kind": "station", "station": station}),
    )
    .await
}

pub async fn board(api: &Api, admin: &str, name: &str) -> (Value, String) {
    pair(api, admin, json!({"name": name, "kind": "board"})).await
}

/// A failure answer with exactly this status and message.
#[track_caller]
pub fn refused(answer: &Answer, status: u16, message: &str) {
    answer.expect(status);
    assert_eq!(answer.body, json!({"success": false, "message": message}));
}
