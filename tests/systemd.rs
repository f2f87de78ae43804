//! The box under systemd: the unit file passes `systemd-analyze verify`, and the binary speaks
//! the notify protocol (READY=1, WATCHDOG=1 only while the database answers, STOPPING=1) to a
//! socket that stands in for systemd's `NOTIFY_SOCKET`.

mod common;

use common::{ADMIN_PASSWORD, Process};
use std::os::unix::net::UnixDatagram;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const UNIT: &str = include_str!("../systemd/stdplus.service");

#[test]
fn the_unit_passes_systemd_analyze_verify() {
    let dir = tempfile::tempdir().expect("dir");
    // The unit as installed, but starting the binary under test.
    let unit = UNIT.replace(
        "ExecStart=/usr/local/bin/stdplus",
        &format!("ExecStart={}", env!("CARGO_BIN_EXE_stdplus")),
    );
    assert_ne!(unit, UNIT, "the unit starts /usr/local/bin/stdplus");
    let path = dir.path().join("stdplus.service");
    std::fs::write(&path, unit).expect("write unit");
    let output = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .env("SYSTEMD_LOG_LEVEL", "notice")
        .output()
        .expect("systemd-analyze is installed (Debian package systemd; .ci/run installs it)");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "systemd-analyze verify failed: {stderr}"
    );
    let about_unit: Vec<_> = stderr
        .lines()
        .filter(|line| line.contains("stdplus"))
        .collect();
    assert!(
        about_unit.is_empty(),
        "systemd-analyze complains about the unit: {about_unit:?}"
    );
    for setting in ["Type=notify", "NotifyAccess=main", "WatchdogSec="] {
        assert!(UNIT.contains(setting), "the unit sets {setting}");
    }
}

/// Stands in for systemd: a datagram socket the box sends its state lines to.
struct FakeSystemd {
    socket: UnixDatagram,
}

impl FakeSystemd {
    fn bind(path: &Path) -> FakeSystemd {
        let socket = UnixDatagram::bind(path).expect("bind notify socket");
        socket
            .set_read_timeout(Some(Duration::from_millis(100)))
            .expect("timeout");
        FakeSystemd { socket }
    }

    /// The state lines received within `window`.
    fn receive_for(&self, window: Duration) -> Vec<String> {
        let deadline = Instant::now() + window;
        let mut lines = Vec::new();
        let mut buffer = [0u8; 4096];
        while Instant::now() < deadline {
            if let Ok(size) = self.socket.recv(&mut buffer) {
                let message = String::from_utf8_lossy(&buffer[..size]);
                lines.extend(message.lines().map(str::to_owned));
            }
        }
        lines
    }

    /// Receives until a line equal to `wanted` arrives; every line so far.
    fn receive_until(&self, wanted: &str, within: Duration) -> Vec<String> {
        let deadline = Instant::now() + within;
        let mut lines = Vec::new();
        while Instant::now() < deadline {
            lines.extend(self.receive_for(Duration::from_millis(100)));
            if lines.iter().any(|line| line == wanted) {
                return lines;
            }
        }
        panic!("no {wanted} within {within:?}; got {lines:?}");
    }
}

fn count(lines: &[String], wanted: &str) -> usize {
    lines.iter().filter(|line| line.as_str() == wanted).count()
}

#[test]
fn the_box_reports_ready_pets_the_watchdog_and_reports_stopping() {
    let dir = tempfile::tempdir().expect("dir");
    let socket_path = dir.path().join("notify.sock");
    let systemd = FakeSystemd::bind(&socket_path);
    let socket = socket_path.to_str().expect("utf-8").to_owned();
    // A 600 ms watchdog: the box pets it every 300 ms.
    let mut process = Process::spawn(
        &dir.path().join("data"),
        &[
            ("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD),
            ("NOTIFY_SOCKET", socket.as_str()),
            ("WATCHDOG_USEC", "600000"),
        ],
    );
    let first = systemd.receive_until("READY=1", Duration::from_secs(10));
    assert!(
        first
            .iter()
            .any(|line| line.starts_with("STATUS=serving on")),
        "a status line with the address: {first:?}"
    );
    let pets = systemd.receive_for(Duration::from_millis(1500));
    assert!(
        count(&pets, "WATCHDOG=1") >= 3,
        "pets about every 300 ms: {pets:?}"
    );

    let status = process.terminate();
    assert!(status.success(), "exit after SIGTERM: {status:?}");
    let last = systemd.receive_for(Duration::from_millis(300));
    assert!(
        count(&last, "STOPPING=1") == 1,
        "STOPPING=1 on SIGTERM: {last:?}"
    );
}

#[test]
fn a_watchdog_meant_for_another_process_is_left_alone() {
    let dir = tempfile::tempdir().expect("dir");
    let socket_path = dir.path().join("notify.sock");
    let systemd = FakeSystemd::bind(&socket_path);
    let socket = socket_path.to_str().expect("utf-8").to_owned();
    let _process = Process::spawn(
        &dir.path().join("data"),
        &[
            ("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD),
            ("NOTIFY_SOCKET", socket.as_str()),
            ("WATCHDOG_USEC", "600000"),
            ("WATCHDOG_PID", "1"),
        ],
    );
    let lines = systemd.receive_until("READY=1", Duration::from_secs(10));
    let later = systemd.receive_for(Duration::from_millis(1000));
    assert_eq!(
        count(&lines, "WATCHDOG=1") + count(&later, "WATCHDOG=1"),
        0,
        "no pets for a watchdog of PID 1: {lines:?} {later:?}"
    );
}

#[test]
fn the_watchdog_goes_hungry_while_the_database_is_wedged() {
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("data");
    let socket_path = dir.path().join("notify.sock");
    let systemd = FakeSystemd::bind(&socket_path);
    let socket = socket_path.to_str().expect("utf-8").to_owned();
    let _process = Process::spawn(
        &data,
        &[
            ("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD),
            ("NOTIFY_SOCKET", socket.as_str()),
            ("WATCHDOG_USEC", "600000"),
        ],
    );
    systemd.receive_until("WATCHDOG=1", Duration::from_secs(10));

    // Another process holds the write lock: the box's writer cannot commit anything.
    let blocker = rusqlite::Connection::open(data.join("stdplus.db")).expect("open");
    blocker
        .execute_batch("BEGIN IMMEDIATE")
        .expect("take the write lock");
    // Let a pet that was already on its way arrive, then listen.
    systemd.receive_for(Duration::from_millis(400));
    let wedged = systemd.receive_for(Duration::from_millis(1500));
    assert_eq!(
        count(&wedged, "WATCHDOG=1"),
        0,
        "no pets while writes cannot commit: {wedged:?}"
    );

    blocker.execute_batch("ROLLBACK").expect("release");
    let recovered = systemd.receive_until("WATCHDOG=1", Duration::from_secs(10));
    assert!(count(&recovered, "WATCHDOG=1") >= 1);
}
