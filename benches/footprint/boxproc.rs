//! The box as a child process: spawned on a data dir with a free port, timed until it answers
//! `/api/health`, read for its memory, stopped with SIGTERM.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub const ADMIN_PASSWORD: &str = "admin-secret";

/// The binary to measure: `STDPLUS_BENCH_BINARY`, else the one cargo built for this target
/// (target/release/stdplus under `cargo bench`, target/debug/stdplus under `cargo test`).
pub fn binary() -> PathBuf {
    std::env::var_os("STDPLUS_BENCH_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_stdplus")))
}

/// A loopback port nobody listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free port")
}

pub struct BoxProcess {
    child: Child,
    pub address: SocketAddr,
    /// Spawn → first 200 from `/api/health`.
    pub ready_after: Duration,
    /// Spawn → the "STD Plus Box is serving" log line read from stderr.
    pub serving_after: Duration,
}

impl BoxProcess {
    /// Starts `stdplus serve` on `data_dir` and waits until it answers.
    pub fn start(data_dir: &Path) -> BoxProcess {
        let address: SocketAddr = format!("127.0.0.1:{}", free_port())
            .parse()
            .expect("address");
        let mut command = Command::new(binary());
        command
            .arg("serve")
            .env_clear()
            .env("STDPLUS_LISTEN", address.to_string())
            .env("STDPLUS_HTTPS_LISTEN", "off")
            .env("STDPLUS_MDNS", "off")
            .env("STDPLUS_BACKUP_AT", "off")
            .env("STDPLUS_DATA_DIR", data_dir)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let spawned = Instant::now();
        let mut child = command.spawn().expect("spawn stdplus serve");
        let stderr = child.stderr.take().expect("stderr");
        let (serving_tx, serving_rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if line.contains("STD Plus Box is serving") {
                    let _ = serving_tx.send(spawned.elapsed());
                }
                if line.contains("ERROR") || line.contains("panicked") {
                    eprintln!("stdplus: {line}");
                }
            }
        });
        let deadline = spawned + Duration::from_secs(120);
        let ready_after = loop {
            if health_ok(address) {
                break spawned.elapsed();
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("stdplus exited before it was ready: {status}");
            }
            assert!(Instant::now() < deadline, "stdplus not ready in 120 s");
            std::thread::sleep(Duration::from_micros(500));
        };
        let serving_after = serving_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("the 'is serving' log line");
        BoxProcess {
            child,
            address,
            ready_after,
            serving_after,
        }
    }

    pub fn base(&self) -> String {
        format!("http://{}", self.address)
    }

    /// A `VmRSS`-style line of /proc/<pid>/status, in bytes.
    pub fn memory(&self, key: &str) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|line| line.strip_prefix(key)?.strip_prefix(':'))
            .and_then(|rest| rest.split_whitespace().next()?.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    }

    /// SIGTERM, then waits for the exit.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for BoxProcess {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One `GET /api/health` over a fresh connection: true on a 200.
fn health_ok(address: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&address, Duration::from_millis(200)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request =
        format!("GET /api/health HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).is_ok() && head.starts_with(b"HTTP/1.1 200")
}

/// Empties the kernel's page cache (root only), so the next start reads the database from
/// disk; false when it cannot.
pub fn drop_page_cache() -> bool {
    let synced = Command::new("sync").status().is_ok_and(|s| s.success());
    synced && std::fs::write("/proc/sys/vm/drop_caches", "1\n").is_ok()
}
