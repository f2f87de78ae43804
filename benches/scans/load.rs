//! One round: N clients, each on its own keep-alive connection, scanning its own panes through
//! `POST /api/panes/:paneNumber/scan` one request after another, all starting together.

use super::client::Client;
use super::factory::{ClientPanes, WALK};
use super::server::cpu_time;
use serde_json::json;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::Barrier;

pub struct Round {
    pub clients: usize,
    /// Latency of each answered-2xx scan.
    pub latencies: Vec<Duration>,
    /// The non-2xx answers (and failed requests): what and why, a few kept for the report.
    pub failures: Vec<String>,
    pub wall: Duration,
    /// CPU time the box and the bench's clients used during the round, when known.
    pub box_cpu: Option<Duration>,
    pub client_cpu: Option<Duration>,
}

impl Round {
    pub fn scans_per_second(&self) -> f64 {
        self.latencies.len() as f64 / self.wall.as_secs_f64()
    }
}

/// Runs the round: every client walks each of its panes through every station.
pub async fn run(
    admin: &Client,
    box_cpu: impl Fn() -> Option<Duration>,
    stations: &[String],
    plans: Vec<ClientPanes>,
) -> Round {
    let clients = plans.len();
    let start = Arc::new(Barrier::new(clients + 1));
    let mut tasks = Vec::new();
    for plan in plans {
        let (client, start, stations) = (admin.another(), Arc::clone(&start), stations.to_vec());
        tasks.push(tokio::spawn(async move {
            // Opens the connection before the clock starts, as a device that is already on.
            client.get("/api/health").await;
            start.wait().await;
            walk(&client, &stations, &plan.panes).await
        }));
    }
    start.wait().await;
    let began = Instant::now();
    let (box_before, client_before) = (box_cpu(), cpu_time("self"));
    let mut latencies = Vec::new();
    let mut failures = Vec::new();
    for task in tasks {
        let (mine, failed) = task.await.expect("a bench client");
        latencies.extend(mine);
        failures.extend(failed);
    }
    let wall = began.elapsed();
    let used = |before: Option<Duration>, after: Option<Duration>| Some(after? - before?);
    Round {
        clients,
        latencies,
        failures,
        wall,
        box_cpu: used(box_before, box_cpu()),
        client_cpu: used(client_before, cpu_time("self")),
    }
}

async fn walk(
    client: &Client,
    stations: &[String],
    panes: &[String],
) -> (Vec<Duration>, Vec<String>) {
    let mut latencies = Vec::with_capacity(panes.len() * stations.len() * WALK.len());
    let mut failures = Vec::new();
    for pane in panes {
        let path = format!("/api/panes/{pane}/scan");
        'pane: for station in stations {
            for action in WALK {
                let body = json!({"station": station, "action": action});
                let sent = Instant::now();
                let answer = client.post(&path, &body).await;
                let took = sent.elapsed();
                if answer.is_success() {
                    latencies.push(took);
                } else {
                    failures.push(format!(
                        "{action} {pane}: {:?} {}",
                        answer.status.map(|s| s.as_u16()),
                        answer.body
                    ));
                    // The rest of this pane's walk would only be refused.
                    break 'pane;
                }
            }
        }
    }
    (latencies, failures)
}
