//! Memory and start at factory scale (issue 9): on a database of 1,000,000 panes and
//! 10,000,000 pane logs made by `stdplus generate`, the release binary's start to ready (page
//! cache dropped, and warm), its idle memory, and the p50/p99 of the floor's and the office's
//! reads. Prints a Markdown table with ratios to the targets.
//!
//! `cargo bench --bench footprint` (options after `--`: `--panes N --logs N --runs N`).
//! Without `--bench` (as `cargo test --all-targets` runs it) it is a smoke run: a tiny
//! database, one request per endpoint, no timing asserted.

mod boxproc;
mod dataset;
mod endpoints;

use boxproc::BoxProcess;
use std::time::Duration;

const START_TARGET_MS: f64 = 200.0;
const IDLE_TARGET_MB: f64 = 20.0;
const READ_P99_TARGET_MS: f64 = 10.0;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.iter().any(|a| a == "--bench") {
        bench(&args);
    } else {
        smoke();
    }
}

fn option(args: &[String], name: &str, default: u64) -> u64 {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A tiny database, the box on it, every endpoint once: proves the bench and the generator work.
fn smoke() {
    let dir = tempfile::tempdir().expect("temp dir");
    let panes = 2_000;
    let data = dataset::generate(&dir.path().join("data"), panes, 20_000);
    assert!(data.database_bytes > 0, "no database: {}", data.summary);
    let server = BoxProcess::start(&data.data_dir);
    runtime().block_on(async {
        let client = reqwest::Client::new();
        let base = server.base();
        let token = endpoints::login(&client, &base, boxproc::ADMIN_PASSWORD).await;
        for endpoint in endpoints::discover(&client, &base, &token, panes).await {
            endpoints::hit(&client, &base, &token, &endpoint.path).await;
            println!(
                "footprint smoke: 200 from {} ({})",
                endpoint.path, endpoint.what
            );
        }
    });
    assert!(server.memory("VmRSS") > 0, "no VmRSS");
    server.stop();
}

/// One row of the table.
struct Row {
    what: String,
    measured: String,
    target: String,
    /// measured / target, when there is a target.
    ratio: Option<f64>,
}

impl Row {
    fn info(what: impl Into<String>, measured: impl Into<String>) -> Row {
        Row {
            what: what.into(),
            measured: measured.into(),
            target: "—".into(),
            ratio: None,
        }
    }

    fn line(&self) -> String {
        let (ratio, met) = match self.ratio {
            Some(r) => (format!("{r:.2}"), if r <= 1.0 { "yes" } else { "no" }),
            None => ("—".into(), "—"),
        };
        format!(
            "| {} | {} | {} | {ratio} | {met} |",
            self.what, self.measured, self.target
        )
    }
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn bench(args: &[String]) {
    let panes = option(args, "--panes", 1_000_000);
    let logs = option(args, "--logs", 10_000_000);
    let runs = option(args, "--runs", 5).max(1) as usize;
    let binary = boxproc::binary();
    let data = dataset::cached(panes, logs);
    let mut rows = vec![Row::info(
        format!(
            "generate {panes} panes + {logs} logs ({})",
            if data.fresh {
                "this run"
            } else {
                "earlier run, reused"
            }
        ),
        format!(
            "{:.0} s, {:.2} GB",
            data.generate_time.as_secs_f64(),
            data.database_bytes as f64 / 1e9
        ),
    )];

    // Starts: the page cache dropped before each (a box just powered on), then warm.
    let mut cold = (Vec::new(), Vec::new());
    let can_drop = boxproc::drop_page_cache();
    if can_drop {
        for _ in 0..runs {
            boxproc::drop_page_cache();
            let server = BoxProcess::start(&data.data_dir);
            cold.0.push(server.ready_after);
            cold.1.push(server.serving_after);
            server.stop();
        }
    }
    let mut warm = (Vec::new(), Vec::new());
    let mut idle = 0;
    for _ in 0..runs {
        let server = BoxProcess::start(&data.data_dir);
        warm.0.push(server.ready_after);
        warm.1.push(server.serving_after);
        std::thread::sleep(Duration::from_secs(2));
        idle = server.memory("VmRSS");
        server.stop();
    }
    let start_row = |what: &str, times: &[Duration]| {
        let median = ms(median(times.to_vec()));
        Row {
            what: format!("{what} (median of {})", times.len()),
            measured: format!("{median:.0} ms"),
            target: format!("< {START_TARGET_MS:.0} ms"),
            ratio: Some(median / START_TARGET_MS),
        }
    };
    if can_drop {
        rows.push(start_row(
            "cold start → /api/health 200, page cache dropped",
            &cold.0,
        ));
        rows.push(start_row("cold start → \"is serving\" log line", &cold.1));
    } else {
        rows.push(Row::info(
            "cold start, page cache dropped",
            "not measured (needs root for /proc/sys/vm/drop_caches)",
        ));
    }
    rows.push(start_row("warm start → /api/health 200", &warm.0));
    rows.push(start_row("warm start → \"is serving\" log line", &warm.1));
    let idle_mb = idle as f64 / 1e6;
    rows.push(Row {
        what: "idle RSS 2 s after start".into(),
        measured: format!("{idle_mb:.1} MB"),
        target: format!("< {IDLE_TARGET_MB:.0} MB"),
        ratio: Some(idle_mb / IDLE_TARGET_MB),
    });

    // Reads at size, on one more (warm) start.
    let server = BoxProcess::start(&data.data_dir);
    runtime().block_on(async {
        let client = reqwest::Client::new();
        let base = server.base();
        let token = endpoints::login(&client, &base, boxproc::ADMIN_PASSWORD).await;
        for endpoint in endpoints::discover(&client, &base, &token, panes).await {
            let latency = endpoints::measure(
                &client,
                &base,
                &token,
                &endpoint.path,
                300,
                Duration::from_secs(15),
            )
            .await;
            let p99 = ms(latency.p99);
            rows.push(Row {
                what: format!("GET {} p50 / p99 ({} asks)", endpoint.what, latency.samples),
                measured: format!("{:.2} / {p99:.2} ms", ms(latency.p50)),
                target: format!("p99 < {READ_P99_TARGET_MS:.0} ms"),
                ratio: Some(p99 / READ_P99_TARGET_MS),
            });
        }
    });
    rows.push(Row::info(
        "RSS after the reads (peak)",
        format!(
            "{:.1} MB ({:.1} MB)",
            server.memory("VmRSS") as f64 / 1e6,
            server.memory("VmHWM") as f64 / 1e6
        ),
    ));
    server.stop();

    println!();
    println!(
        "### Memory and start: {} on {panes} panes, {logs} pane logs",
        binary.display()
    );
    println!();
    println!("| what | measured | target / ceiling | ratio | met? |");
    println!("|---|---|---|---|---|");
    for row in &rows {
        println!("{}", row.line());
    }
    println!();
    println!("generator: {}", data.summary);
}
