//! The processes the bench measures: the box's real binary in a temp data dir, and the Node
//! baseline server; plus their resident memory from /proc.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const ADMIN_PASSWORD: &str = "bench-admin-secret";

/// The box's binary: `STDPLUS_BENCH_BINARY`, else the one cargo built for this bench run
/// (target/release/stdplus under `cargo bench`, target/debug/stdplus under `cargo test`).
pub fn box_binary() -> PathBuf {
    std::env::var_os("STDPLUS_BENCH_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stdplus")))
}

/// benches/fanout/node, with its node_modules installed (`npm ci`) when missing.
pub fn node_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/fanout/node");
    if !dir.join("node_modules/socket.io-client").is_dir() {
        eprintln!("fanout: npm ci --prefix {}", dir.display());
        let status = std::process::Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .stdout(Stdio::null())
            .status()
            .expect("npm runs (Node 20 and npm are needed for the fan-out bench)");
        assert!(status.success(), "npm ci in {} failed", dir.display());
    }
    dir
}

/// VmRSS of `pid` in bytes (0 when the process is gone).
pub fn rss_bytes(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb * 1024)
}

/// The box serving plain HTTP on a free loopback port, with no mDNS and no HTTPS.
pub struct BoxProcess {
    child: Child,
    pub base: String,
    pub pid: u32,
    _dir: tempfile::TempDir,
}

impl BoxProcess {
    pub async fn start() -> BoxProcess {
        let dir = tempfile::tempdir().expect("temp dir");
        let binary = box_binary();
        let mut child = Command::new(&binary)
            .arg("serve")
            .env_clear()
            .env("STDPLUS_LISTEN", "127.0.0.1:0")
            .env("STDPLUS_HTTPS_LISTEN", "off")
            .env("STDPLUS_MDNS", "off")
            .env("STDPLUS_BACKUP_AT", "off")
            .env("STDPLUS_DATA_DIR", dir.path().join("data"))
            .env("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("RUST_LOG", "info")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", binary.display()));
        let pid = child.id().expect("the box runs");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let address = tokio::time::timeout(Duration::from_secs(60), async {
            while let Ok(Some(line)) = lines.next_line().await {
                if line.contains("is serving")
                    && let Some(rest) = line.split("address=").nth(1)
                {
                    return rest.split_whitespace().next().map(str::to_owned);
                }
            }
            None
        })
        .await
        .ok()
        .flatten()
        .expect("the box reports its address");
        // Keep draining the log so that the box never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        BoxProcess {
            child,
            base: format!("http://{address}"),
            pid,
            _dir: dir,
        }
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// The baseline: benches/fanout/node/server.mjs on a free loopback port.
pub struct NodeServer {
    child: Child,
    pub base: String,
    pub pid: u32,
}

impl NodeServer {
    pub async fn start(node_dir: &Path, token: &str) -> NodeServer {
        let mut child = Command::new("node")
            .arg(node_dir.join("server.mjs"))
            .arg(token)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs the baseline server");
        let pid = child.id().expect("the server runs");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let port = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .ok()
            .and_then(Result::ok)
            .flatten()
            .and_then(|line| line.strip_prefix("listening ").map(str::to_owned))
            .expect("the baseline server reports its port");
        NodeServer {
            child,
            base: format!("http://127.0.0.1:{port}"),
            pid,
        }
    }

    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}
