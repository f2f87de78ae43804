//! The box under test: the real `stdplus` binary in a child process on a free loopback port,
//! with a fresh data dir, stopped (SIGKILL) when dropped.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

pub const ADMIN_PASSWORD: &str = "bench-admin";

/// The binary cargo built for this run of the bench, with this run's profile: the release
/// build under `cargo bench`, the debug build under `cargo test` (the smoke run). Cargo sets
/// `CARGO_BIN_EXE_<name>` for benches as for integration tests, so no path guessing is needed;
/// `STDPLUS_BENCH_BINARY` measures another build (e.g. one copied from a Pi).
pub fn binary() -> PathBuf {
    std::env::var_os("STDPLUS_BENCH_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stdplus")))
}

pub struct Server {
    child: Child,
    pub base: String,
}

/// CPU time (user + system) the process `pid` has used so far; Linux only (`None` elsewhere).
pub fn cpu_time(pid: &str) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the parenthesised command name; utime and stime are the 14th and 15th.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // USER_HZ is 100 on every Linux the box runs on.
    Some(Duration::from_millis(ticks * 10))
}

impl Server {
    /// Starts the box on `data_dir` and waits for its "is serving" log line.
    pub fn start(data_dir: &Path) -> Server {
        let mut child = Command::new(binary())
            .arg("serve")
            .env_clear()
            .env("STDPLUS_LISTEN", "127.0.0.1:0")
            .env("STDPLUS_HTTPS_LISTEN", "off")
            .env("STDPLUS_MDNS", "off")
            .env("STDPLUS_BACKUP_AT", "off")
            .env("STDPLUS_DATA_DIR", data_dir)
            .env("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary().display()));
        let stderr = child.stderr.take().expect("piped stderr");
        let (address_tx, address_rx) = mpsc::channel::<String>();
        // Keeps draining the log so the box never blocks on a full pipe.
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("is serving")
                    && let Some(rest) = line.split("address=").nth(1)
                {
                    let address = rest.split_whitespace().next().unwrap_or("").to_owned();
                    let _ = address_tx.send(address);
                } else if line.contains("ERROR") || line.contains("WARN") {
                    eprintln!("stdplus: {line}");
                }
            }
        });
        let address = address_rx
            .recv_timeout(Duration::from_secs(60))
            .expect("the box reports the address it serves on");
        Server {
            child,
            base: format!("http://{address}"),
        }
    }
}

impl Server {
    /// CPU time the box has used so far.
    pub fn cpu_time(&self) -> Option<Duration> {
        cpu_time(&self.child.id().to_string())
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
