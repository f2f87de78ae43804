//! Helpers for the station-floor tests (queue, board): reading them and placing panes.

use super::Api;
use serde_json::{Value, json};
use stdplus::domain::Timestamp;

pub const DAY_MS: i64 = 24 * 3600 * 1000;

pub async fn queue(api: &Api, token: &str, station: &str) -> Value {
    let answer = api
        .get(&format!("/api/stations/{station}/queue"), token)
        .await;
    answer.expect(200);
    answer.data().clone()
}

pub async fn board(api: &Api, token: &str) -> Value {
    let answer = api.get("/api/board", token).await;
    answer.expect(200);
    answer.data().clone()
}

pub async fn scan(api: &Api, token: &str, pane: &str, station: &str, action: &str) {
    api.post(
        &format!("/api/panes/{pane}/scan"),
        token,
        json!({"station": station, "action": action}),
    )
    .await
    .expect(200);
}

/// A pane of `order` on `routing`, waiting at its first station; returns its number.
pub async fn pane(api: &Api, token: &str, order: Option<&str>, routing: &[&str]) -> String {
    let mut body = json!({"routing": routing, "currentStation": routing[0], "glassType": "clear",
                          "dimensions": {"width": 600, "height": 400, "thickness": 6}});
    if let Some(order) = order {
        body["order"] = json!(order);
    }
    let created = api.post("/api/panes", token, body).await;
    created.expect(201);
    created.data()["paneNumber"]
        .as_str()
        .expect("a number")
        .to_owned()
}

pub fn iso(millis: i64) -> String {
    Timestamp::from_millis(millis).to_json_string()
}

pub fn now_ms() -> i64 {
    Timestamp::now().millis()
}

/// The pane numbers of a queue's cards, card by card.
pub fn card_panes(queue: &Value) -> Vec<Vec<String>> {
    queue["orders"]
        .as_array()
        .expect("cards")
        .iter()
        .map(|card| {
            card["panes"]
                .as_array()
                .expect("panes")
                .iter()
                .map(|p| p["paneNumber"].as_str().unwrap_or("").to_owned())
                .collect()
        })
        .collect()
}

pub fn counts(queue: &Value) -> [u64; 4] {
    let c = &queue["counts"];
    [
        c["incoming"].as_u64().expect("incoming"),
        c["inProgress"].as_u64().expect("inProgress"),
        c["awaitingScanOut"].as_u64().expect("awaitingScanOut"),
        c["doneThisShift"].as_u64().expect("doneThisShift"),
    ]
}
