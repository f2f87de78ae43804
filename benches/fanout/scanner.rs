//! What makes events at a steady rate (open loop: the i-th send is due at i/rate whatever
//! the earlier ones are doing): scans over the box's HTTP API, or POSTs of the same payload to
//! the baseline server. Each send's time is kept by its event's key (`<paneNumber>#<__v>`),
//! which the load clients read back out of what they receive.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tokio::sync::Semaphore;
use tokio::time::Instant;

/// Most sends in flight at once; past it the sender falls behind its schedule (and the step
/// counts as not sustained).
const MAX_IN_FLIGHT: usize = 512;

pub fn epoch_ms() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Where events come from.
#[derive(Clone)]
pub enum Source {
    /// `POST /api/panes/<pane>/scan` (`scan_in`, repeatable at the pane's station) on the box;
    /// `panes[i]` is (station index, station id, pane number).
    Box {
        base: String,
        token: String,
        panes: Arc<Vec<(usize, String, String)>>,
    },
    /// `POST /emit` on the baseline with a pane payload like the box's.
    Node {
        base: String,
        station_ids: Arc<Vec<String>>,
        template: Arc<Value>,
    },
}

/// One step's sends.
#[derive(Debug, Default)]
pub struct Sent {
    /// Event key → send time (epoch ms).
    pub at: HashMap<String, f64>,
    pub failures: u64,
    pub first_failure: Option<String>,
    /// Send to answer of each send, microseconds (the scan's own HTTP round trip on the box).
    pub answer_us: Vec<i64>,
    /// Wall time from the first send to the last send's start.
    pub send_span: Duration,
}

impl Sent {
    pub fn count(&self) -> usize {
        self.at.len()
    }
}

/// One send: its key and send time, or why it failed.
async fn send_one(
    http: &reqwest::Client,
    source: &Source,
    i: usize,
) -> Result<(String, f64), String> {
    match source {
        Source::Box { base, token, panes } => {
            let (_, station, pane) = &panes[i % panes.len()];
            let started = epoch_ms();
            let response = http
                .post(format!("{base}/api/panes/{pane}/scan"))
                .bearer_auth(token)
                .json(&json!({"station": station, "action": "scan_in"}))
                .send()
                .await
                .map_err(|e| e.to_string())?;
            let status = response.status();
            let body: Value = response.json().await.map_err(|e| e.to_string())?;
            if !status.is_success() {
                return Err(format!("{status}: {body}"));
            }
            let scanned = &body["data"]["pane"];
            let key = format!(
                "{}#{}",
                scanned["paneNumber"].as_str().unwrap_or(""),
                scanned["__v"]
            );
            Ok((key, started))
        }
        Source::Node {
            base,
            station_ids,
            template,
        } => {
            let station_index = i % station_ids.len();
            let mut payload = (**template).clone();
            let pane = format!("NODE-{station_index:02}");
            payload["data"]["paneNumber"] = json!(pane);
            payload["data"]["__v"] = json!(i + 1);
            let key = format!("{pane}#{}", i + 1);
            let body = json!({"event": "pane:updated",
                              "rooms": ["dashboard", format!("station:{}", station_ids[station_index])],
                              "payload": payload});
            let started = epoch_ms();
            let response = http
                .post(format!("{base}/emit"))
                .json(&body)
                .send()
                .await
                .map_err(|e| e.to_string())?;
            if !response.status().is_success() {
                return Err(response.status().to_string());
            }
            Ok((key, started))
        }
    }
}

/// Sends `rate` events a second for `seconds`, then waits for every answer.
pub async fn run(http: &reqwest::Client, source: &Source, rate: u32, seconds: f64) -> Sent {
    let total = (f64::from(rate) * seconds).round() as usize;
    let sent = Arc::new(Mutex::new(Sent::default()));
    let slots = Arc::new(Semaphore::new(MAX_IN_FLIGHT));
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for i in 0..total {
        tokio::time::sleep_until(start + Duration::from_secs_f64(i as f64 / f64::from(rate))).await;
        let slot = Arc::clone(&slots)
            .acquire_owned()
            .await
            .expect("the semaphore stays open");
        let (http, source, sent) = (http.clone(), source.clone(), Arc::clone(&sent));
        tasks.push(tokio::spawn(async move {
            let outcome = send_one(&http, &source, i).await;
            let answered = epoch_ms();
            drop(slot);
            let mut sent = sent.lock().expect("sent");
            match outcome {
                Ok((key, at)) => {
                    sent.answer_us.push(((answered - at) * 1000.0) as i64);
                    if sent.at.insert(key.clone(), at).is_some() {
                        sent.failures += 1;
                        sent.first_failure.get_or_insert(format!("key {key} twice"));
                    }
                }
                Err(why) => {
                    sent.failures += 1;
                    sent.first_failure.get_or_insert(why);
                }
            }
        }));
    }
    let send_span = start.elapsed();
    for task in tasks {
        let _ = task.await;
    }
    let mut sent = std::mem::take(&mut *sent.lock().expect("sent"));
    sent.send_span = send_span;
    sent
}
