//! The reads measured at size: which URLs (found through the API itself), and their latency
//! from one keep-alive client asking one request at a time.

use reqwest::Client;
use serde_json::Value;
use std::time::{Duration, Instant};

/// One read to measure.
pub struct Endpoint {
    pub what: String,
    pub path: String,
}

pub async fn login(client: &Client, base: &str, password: &str) -> String {
    let answer: Value = client
        .post(format!("{base}/api/auth/login"))
        .json(&serde_json::json!({"username": "admin", "password": password}))
        .send()
        .await
        .expect("login")
        .json()
        .await
        .expect("login body");
    answer["data"]["token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token: {answer}"))
        .to_owned()
}

/// An authorised GET: its status, its whole body, and how long the answer took to arrive.
async fn get(client: &Client, base: &str, token: &str, path: &str) -> (u16, Vec<u8>, Duration) {
    let started = Instant::now();
    let response = client
        .get(format!("{base}{path}"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    let status = response.status().as_u16();
    let body = response.bytes().await.expect("body");
    let took = started.elapsed();
    (status, body.to_vec(), took)
}

async fn get_json(client: &Client, base: &str, token: &str, path: &str) -> Value {
    let (status, body, _) = get(client, base, token, path).await;
    let body: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    assert!((200..300).contains(&status), "GET {path}: {status} {body}");
    body
}

fn id(value: &Value) -> String {
    value["_id"].as_str().expect("an _id").to_owned()
}

/// The reads of issue 9 at size, with real ids: the busiest station's queue, the panes list
/// as the office filters it, one pane by number and its logs, the board and the dashboard.
pub async fn discover(client: &Client, base: &str, token: &str, panes: u64) -> Vec<Endpoint> {
    let stations = get_json(client, base, token, "/api/stations?limit=100").await;
    let mut busiest: Option<(u64, String, String)> = None;
    for station in stations["data"].as_array().expect("stations") {
        let station_id = id(station);
        let queue = get_json(
            client,
            base,
            token,
            &format!("/api/stations/{station_id}/queue"),
        )
        .await;
        let total = queue["data"]["total"].as_u64().unwrap_or(0);
        let name = station["name"].as_str().unwrap_or("?").to_owned();
        if busiest.as_ref().is_none_or(|(most, _, _)| total > *most) {
            busiest = Some((total, station_id, name));
        }
    }
    let (queued, station, station_name) = busiest.expect("a station");
    let orders = get_json(client, base, token, "/api/orders?limit=2").await;
    // The newest order is not released yet; the one before is at work.
    let order = orders["data"]
        .as_array()
        .and_then(|list| list.last())
        .map(id)
        .expect("an order");
    let number = format!("PNE-{:04}", panes / 2);
    let pane = get_json(client, base, token, &format!("/api/panes/{number}")).await;
    let pane_id = id(&pane["data"]);
    let endpoint = |what: String, path: String| Endpoint { what, path };
    vec![
        endpoint(
            format!("station queue ({station_name}, {queued} panes)"),
            format!("/api/stations/{station}/queue"),
        ),
        endpoint("panes list, default page".into(), "/api/panes".into()),
        endpoint(
            "panes list, by order".into(),
            format!("/api/panes?order={order}"),
        ),
        endpoint(
            "panes list, by status in_progress".into(),
            "/api/panes?status=in_progress".into(),
        ),
        endpoint(
            "panes list, by status defected (rare)".into(),
            "/api/panes?status=defected".into(),
        ),
        endpoint(
            "panes list, by station".into(),
            format!("/api/panes?station={station}"),
        ),
        endpoint(
            "pending counts of a station".into(),
            format!("/api/panes/pending-counts?station={station}"),
        ),
        endpoint("pane by number".into(), format!("/api/panes/{number}")),
        endpoint(
            "pane logs of a pane".into(),
            format!("/api/pane-logs?paneId={pane_id}"),
        ),
        endpoint("pane logs, newest".into(), "/api/pane-logs".into()),
        endpoint("orders list, first page".into(), "/api/orders".into()),
        endpoint("board".into(), "/api/board".into()),
        endpoint(
            "dashboard stats (7 days)".into(),
            "/api/dashboard/stats".into(),
        ),
        endpoint(
            "dashboard stats (30 days)".into(),
            "/api/dashboard/stats?chartRange=30d".into(),
        ),
    ]
}

/// Latency percentiles of one endpoint.
pub struct Latency {
    pub p50: Duration,
    pub p99: Duration,
    pub samples: usize,
}

/// One request; panics unless it answers 200. Returns how long the whole answer took.
pub async fn hit(client: &Client, base: &str, token: &str, path: &str) -> Duration {
    let (status, body, took) = get(client, base, token, path).await;
    assert_eq!(
        status,
        200,
        "GET {path}: {}",
        String::from_utf8_lossy(&body)
    );
    took
}

/// Warms up, then asks until `samples` answers or `budget` is spent (at least 20 answers).
pub async fn measure(
    client: &Client,
    base: &str,
    token: &str,
    path: &str,
    samples: usize,
    budget: Duration,
) -> Latency {
    for _ in 0..5 {
        hit(client, base, token, path).await;
    }
    let started = Instant::now();
    let mut times = Vec::with_capacity(samples);
    while times.len() < samples && (times.len() < 20 || started.elapsed() < budget) {
        times.push(hit(client, base, token, path).await);
    }
    times.sort();
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    Latency {
        p50: at(0.50),
        p99: at(0.99),
        samples: times.len(),
    }
}
