//! Scan throughput and latency (issue 9): N concurrent HTTP clients (1, 8, 32, 128) scanning
//! their own panes through `POST /api/panes/:paneNumber/scan` on the real `stdplus` binary,
//! durable commits on, beside the two ceilings of the same SQLite build on the same disk.
//!
//! `cargo bench --bench scans` measures (add `-- --quick` for a shorter run). Without
//! `--bench` (how `cargo test --all-targets` runs it) it is a smoke run: 2 clients, a few
//! scans, asserting that every scan is answered 2xx, lands in the database, and the table
//! prints. The binary is the one cargo built with the bench's own profile (release under
//! `cargo bench`, debug under `cargo test`); see `server::binary`.
//!
//! The load generator runs on the same machine as the box and shares its cores: the numbers
//! are what the box does with what the clients leave it.

mod ceiling;
mod client;
mod factory;
mod load;
mod report;
mod server;

use ceiling::Sync;
use client::Client;
use factory::Factory;
use report::Ceilings;
use std::path::PathBuf;
use std::time::Duration;

struct Settings {
    client_counts: Vec<usize>,
    stations: usize,
    /// Scans per round (rounded up to whole panes per client).
    scans_per_round: usize,
    ceiling_time: Duration,
    ceiling_limit: u64,
    warm_up: bool,
    name: &'static str,
}

impl Settings {
    fn from_args() -> Settings {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let bench = args.iter().any(|a| a == "--bench");
        let quick = args.iter().any(|a| a == "--quick");
        if !bench {
            return Settings {
                client_counts: vec![2],
                stations: 2,
                scans_per_round: 12,
                ceiling_time: Duration::from_millis(200),
                ceiling_limit: 50,
                warm_up: false,
                name: "smoke run: timings meaningless",
            };
        }
        Settings {
            client_counts: vec![1, 8, 32, 128],
            stations: 4,
            scans_per_round: if quick { 2_400 } else { 15_000 },
            ceiling_time: Duration::from_secs(if quick { 1 } else { 4 }),
            ceiling_limit: u64::MAX,
            warm_up: true,
            name: if quick { "quick run" } else { "full run" },
        }
    }
}

/// Where the data dir and the ceiling databases go: one temp dir on a real disk (not a tmpfs
/// /tmp, where fsync is free): `STDPLUS_BENCH_DIR`, else the cargo target dir.
fn scratch_root() -> PathBuf {
    let root = std::env::var_os("STDPLUS_BENCH_DIR")
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target"));
    let root = root.join("bench-scratch");
    std::fs::create_dir_all(&root).expect("bench scratch dir");
    root
}

fn pane_logs(db: &std::path::Path) -> i64 {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the box's database");
    conn.query_row("SELECT count(*) FROM pane_logs", [], |row| row.get(0))
        .expect("count pane logs")
}

fn main() {
    let settings = Settings::from_args();
    let scratch = tempfile::tempdir_in(scratch_root()).expect("scratch dir");
    let data_dir = scratch.path().join("data");

    let ceilings = Ceilings {
        fsync: ceiling::commits_per_second(
            scratch.path(),
            Sync::Full,
            settings.ceiling_time,
            settings.ceiling_limit,
        ),
        no_fsync: ceiling::commits_per_second(
            scratch.path(),
            Sync::Normal,
            settings.ceiling_time,
            settings.ceiling_limit,
        ),
    };

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let server = server::Server::start(&data_dir);
    eprintln!("scans: the box is pid {} at {}", server.pid(), server.base);
    let box_cpu = || server.cpu_time();
    let (mut rounds, answered) = runtime.block_on(async {
        let admin = Client::login(&server.base, "admin", server::ADMIN_PASSWORD).await;
        let factory = Factory::build(&admin, settings.stations).await;
        let per_pane = factory.scans_per_pane();
        let mut answered = 0;
        if settings.warm_up {
            let plans = factory.panes_for(&admin, "WARM", 8, 1).await;
            answered += load::run(&admin, box_cpu, &factory.stations, plans)
                .await
                .latencies
                .len();
        }
        let mut rounds = Vec::new();
        for &clients in &settings.client_counts {
            let panes_each = settings
                .scans_per_round
                .div_ceil(clients)
                .div_ceil(per_pane)
                .max(1);
            let plans = factory
                .panes_for(&admin, &format!("N{clients}"), clients, panes_each)
                .await;
            let round = load::run(&admin, box_cpu, &factory.stations, plans).await;
            answered += round.latencies.len();
            for failure in round.failures.iter().take(5) {
                eprintln!("non-2xx scan with {clients} clients: {failure}");
            }
            rounds.push(round);
        }
        (rounds, answered)
    });
    drop(server);

    let binary = server::binary();
    let what_ran = format!(
        "{}; box: {} over HTTP on loopback, clients in the same machine; ceilings: bundled SQLite in-process; disk: {}; {} cores",
        settings.name,
        binary.display(),
        scratch.path().display(),
        std::thread::available_parallelism().map_or(0, usize::from),
    );
    let table = report::tables(&mut rounds, &ceilings, &what_ran);
    println!("{table}");

    // Every answered scan is a pane log in the database, read after the box was killed with
    // SIGKILL (dropping `server`): answered means committed.
    let logged = pane_logs(&data_dir.join(stdplus::app::DATABASE_FILE));
    assert_eq!(
        logged, answered as i64,
        "every scan answered 2xx left its pane log"
    );
    let failures: usize = rounds.iter().map(|r| r.failures.len()).sum();
    if !settings.client_counts.contains(&report::TARGET_CLIENTS) {
        assert_eq!(failures, 0, "smoke: every scan is answered 2xx");
        assert!(
            table.contains("| durable scans/s, 2 clients (HTTP) |"),
            "smoke: the table has the scan rows:\n{table}"
        );
        assert!(answered > 0, "smoke: scans were made");
        println!("scans smoke run ok: {answered} scans answered 2xx and logged");
    }
}
