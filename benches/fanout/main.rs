//! Event fan-out (issue 9): 1,000 real socket.io-client sockets (Node) in station rooms and the
//! dashboard room of the box's release binary, scans over HTTP at steady rates, and per rate
//! the delivered/expected events and the delivery latency (receive time − the scan's send
//! time; one clock, loopback); the box's RSS idle and with the sockets connected. Beside it a
//! minimal Node socket.io 4 server broadcasting the same payload to the same clients. Each side
//! steps its rate up until p99 reaches 50 ms or an event is lost: its sustained rate.
//!
//! `cargo bench --bench fanout` (args after `--`: `--seconds S` per step, `--procs N` load
//! client processes, `--max-rate R`). Without `--bench` (`cargo test --all-targets`): a smoke
//! run with 20 sockets and a few scans that asserts every event arrives, and no timing.

mod load;
mod processes;
mod report;
mod scanner;

use load::{Load, Plan};
use processes::{ADMIN_PASSWORD, BoxProcess, NodeServer, rss_bytes};
use report::Step;
use scanner::Source;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// The p99 a sustained rate must keep (the target).
const P99_LIMIT_MS: f64 = 50.0;
/// Rates tried in turn, scans (events) a second, until one fails.
const LADDER: &[u32] = &[50, 100, 200, 400, 800, 1600, 3200];
/// The two rates always reported.
const REPORTED: [u32; 2] = [50, 200];

struct Options {
    full: bool,
    seconds: f64,
    processes: usize,
    max_rate: u32,
}

impl Options {
    fn parse() -> Options {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let value = |name: &str| {
            args.iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .and_then(|v| v.parse::<f64>().ok())
        };
        Options {
            full: args.iter().any(|a| a == "--bench"),
            seconds: value("--seconds").unwrap_or(5.0),
            processes: value("--procs").map_or(2, |v| v as usize).max(1),
            max_rate: value("--max-rate").map_or(u32::MAX, |v| v as u32),
        }
    }
}

#[tokio::main]
async fn main() {
    let options = Options::parse();
    let node_dir = processes::node_dir();
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .expect("http client");
    if !options.full {
        smoke(&http, &node_dir).await;
        return;
    }
    let plan = Plan {
        stations: 20,
        per_station: 45,
        dashboard: 100,
    };
    eprintln!(
        "fanout: box {} with {} sockets in {} load processes, {} s a step",
        processes::box_binary().display(),
        plan.sockets(),
        options.processes,
        options.seconds
    );
    let measured_box = measure_box(&http, &node_dir, plan, &options).await;
    let measured_node = measure_node(&http, &node_dir, plan, &options, &measured_box).await;
    report::print(plan, &measured_box, &measured_node, P99_LIMIT_MS);
}

/// One side's numbers.
pub struct Measured {
    pub steps: Vec<Step>,
    pub rss_idle: u64,
    pub rss_connected: u64,
    pub rss_after: u64,
    /// A real `pane:updated` payload of the box, for the baseline to send.
    pub template: Value,
}

async fn login(http: &reqwest::Client, base: &str) -> String {
    let answer: Value = http
        .post(format!("{base}/api/auth/login"))
        .json(&json!({"username": "admin", "password": ADMIN_PASSWORD}))
        .send()
        .await
        .expect("login sent")
        .json()
        .await
        .expect("login answer");
    answer["data"]["token"]
        .as_str()
        .expect("a token")
        .to_owned()
}

async fn created(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    path: &str,
    body: Value,
) -> Value {
    let response = http
        .post(format!("{base}{path}"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request sent");
    let status = response.status();
    let answer: Value = response.json().await.expect("a JSON answer");
    assert_eq!(status.as_u16(), 201, "POST {path}: {answer}");
    answer["data"].clone()
}

/// `stations` stations with `panes_each` panes waiting at each; (station ids, panes as
/// (station index, station id, pane number)).
async fn floor(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    stations: usize,
    panes_each: usize,
) -> (Vec<String>, Vec<(usize, String, String)>) {
    let mut ids = Vec::new();
    let mut panes = Vec::new();
    for s in 0..stations {
        let template = created(
            http,
            base,
            token,
            "/api/station-templates",
            json!({"name": format!("Bench {s} screen")}),
        )
        .await;
        let station = created(
            http,
            base,
            token,
            "/api/stations",
            json!({"name": format!("Bench {s}"), "templateId": template["_id"]}),
        )
        .await;
        let id = station["_id"].as_str().expect("station id").to_owned();
        for p in 0..panes_each {
            let number = format!("BENCH-{s:02}-{p}");
            created(
                http,
                base,
                token,
                "/api/panes",
                json!({"paneNumber": number, "routing": [id], "currentStation": id,
                       "glassType": "clear",
                       "dimensions": {"width": 600, "height": 400, "thickness": 6}}),
            )
            .await;
            panes.push((s, id.clone(), number));
        }
        ids.push(id);
    }
    // Interleave stations so that consecutive scans go to different rooms.
    panes.sort_by_key(|(s, _, number)| (number.rsplit('-').next().map(str::to_owned), *s));
    (ids, panes)
}

/// One step at `rate`: reset the clients, send, wait for the stragglers, collect.
async fn step(
    http: &reqwest::Client,
    load: &mut Load,
    source: &Source,
    plan: Plan,
    rate: u32,
    seconds: f64,
) -> Step {
    load.reset().await;
    let sent = scanner::run(http, source, rate, seconds).await;
    let expected = (sent.count() * plan.audience()) as u64;
    load.settle(expected, Duration::from_secs(2)).await;
    let received = load.report(&sent.at).await;
    Step::new(rate, seconds, &sent, expected, received)
}

/// Steps up the ladder until a step misses (always running the reported rates).
async fn ladder(
    http: &reqwest::Client,
    load: &mut Load,
    source: &Source,
    plan: Plan,
    options: &Options,
    side: &str,
) -> Vec<Step> {
    // Warm-up (connections, JIT, caches), not reported.
    let warm = step(http, load, source, plan, LADDER[0], 1.0).await;
    eprintln!("fanout: {side} warm-up {}", warm.line());
    let mut steps = Vec::new();
    for &rate in LADDER.iter().filter(|&&r| r <= options.max_rate) {
        let step = step(http, load, source, plan, rate, options.seconds).await;
        eprintln!("fanout: {side} {}", step.line());
        let sustained = step.sustained(P99_LIMIT_MS);
        steps.push(step);
        if !sustained && REPORTED.iter().all(|r| steps.iter().any(|s| s.rate == *r)) {
            break;
        }
    }
    steps
}

async fn measure_box(
    http: &reqwest::Client,
    node_dir: &std::path::Path,
    plan: Plan,
    options: &Options,
) -> Measured {
    let stdplus = BoxProcess::start().await;
    let token = login(http, &stdplus.base).await;
    let (station_ids, panes) = floor(http, &stdplus.base, &token, plan.stations, 5).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_idle = rss_bytes(stdplus.pid);
    let mut load = Load::connect(
        node_dir,
        options.processes,
        &stdplus.base,
        &token,
        plan,
        &station_ids,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = rss_bytes(stdplus.pid);
    eprintln!(
        "fanout: box RSS idle {:.1} MB, with {} sockets {:.1} MB",
        mb(rss_idle),
        plan.sockets(),
        mb(rss_connected)
    );
    // A real payload for the baseline: the answer's pane is what pane:updated carries.
    let template = scan_payload(http, &stdplus.base, &token, &panes[0]).await;
    let source = Source::Box {
        base: stdplus.base.clone(),
        token,
        panes: Arc::new(panes),
    };
    let steps = ladder(http, &mut load, &source, plan, options, "box").await;
    let rss_after = rss_bytes(stdplus.pid);
    load.close().await;
    stdplus.stop().await;
    Measured {
        steps,
        rss_idle,
        rss_connected,
        rss_after,
        template,
    }
}

async fn measure_node(
    http: &reqwest::Client,
    node_dir: &std::path::Path,
    plan: Plan,
    options: &Options,
    measured_box: &Measured,
) -> Measured {
    let token = "bench-node-token";
    let server = NodeServer::start(node_dir, token).await;
    let station_ids: Vec<String> = (0..plan.stations)
        .map(|s| format!("node-station-{s:02}"))
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_idle = rss_bytes(server.pid);
    let mut load = Load::connect(
        node_dir,
        options.processes,
        &server.base,
        token,
        plan,
        &station_ids,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = rss_bytes(server.pid);
    let source = Source::Node {
        base: server.base.clone(),
        station_ids: Arc::new(station_ids),
        template: Arc::new(measured_box.template.clone()),
    };
    let steps = ladder(http, &mut load, &source, plan, options, "node").await;
    let rss_after = rss_bytes(server.pid);
    load.close().await;
    server.stop().await;
    Measured {
        steps,
        rss_idle,
        rss_connected,
        rss_after,
        template: Value::Null,
    }
}

/// `{action: "scanned", data: <pane>}` as a scan of `pane` sends it.
async fn scan_payload(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    pane: &(usize, String, String),
) -> Value {
    let answer: Value = http
        .post(format!("{base}/api/panes/{}/scan", pane.2))
        .bearer_auth(token)
        .json(&json!({"station": pane.1, "action": "scan_in"}))
        .send()
        .await
        .expect("scan sent")
        .json()
        .await
        .expect("scan answer");
    json!({"action": "scanned", "data": answer["data"]["pane"]})
}

/// 20 sockets, a few scans: every event arrives. No timing is asserted.
async fn smoke(http: &reqwest::Client, node_dir: &std::path::Path) {
    let plan = Plan {
        stations: 2,
        per_station: 5,
        dashboard: 10,
    };
    let stdplus = BoxProcess::start().await;
    let token = login(http, &stdplus.base).await;
    let (station_ids, panes) = floor(http, &stdplus.base, &token, plan.stations, 2).await;
    let mut load = Load::connect(node_dir, 1, &stdplus.base, &token, plan, &station_ids).await;
    let source = Source::Box {
        base: stdplus.base.clone(),
        token,
        panes: Arc::new(panes),
    };
    let step = step(http, &mut load, &source, plan, 20, 0.5).await;
    eprintln!("fanout smoke: {}", step.line());
    assert_eq!(step.failures, 0, "every scan is answered 2xx");
    assert_eq!(step.sent, 10, "every scan was sent");
    assert_eq!(
        (step.delivered, step.duplicates),
        (step.expected, 0),
        "every event reaches every socket of its rooms, once"
    );
    load.close().await;
    stdplus.stop().await;
}

pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}
