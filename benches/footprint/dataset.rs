//! The big database: made by `stdplus generate` and kept under target/bench-data/, keyed by its
//! sizes, the schema version and the generator's format, so a second run starts at once.

use super::boxproc;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant, SystemTime};

/// A generated data dir and what making it cost.
pub struct Dataset {
    pub data_dir: PathBuf,
    /// The generator's own summary line.
    pub summary: String,
    pub generate_time: Duration,
    pub database_bytes: u64,
    /// Whether this run made it (false: reused from an earlier run).
    pub fresh: bool,
}

/// The floor's "done this shift" and the board's last hours are relative to the time of
/// generation: an older database would make those reads look emptier (and faster) than a
/// working box's, so it is made again.
const FRESH_FOR: Duration = Duration::from_secs(12 * 3600);

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// Where a database of these sizes lives.
pub fn cache_dir(panes: u64, logs: u64) -> PathBuf {
    target_dir().join("bench-data").join(format!(
        "footprint-{panes}p-{logs}l-schema{}-format{}",
        stdplus::store::SCHEMA_VERSION,
        stdplus::dev::generate::FORMAT
    ))
}

/// The cached database of these sizes, generated first when missing or stale.
pub fn cached(panes: u64, logs: u64) -> Dataset {
    let dir = cache_dir(panes, logs);
    let record = dir.join("generated.txt");
    let age = std::fs::metadata(&record)
        .and_then(|m| m.modified())
        .ok()
        .and_then(|at| SystemTime::now().duration_since(at).ok());
    if let Some(age) = age.filter(|age| *age < FRESH_FOR) {
        let text = std::fs::read_to_string(&record).unwrap_or_default();
        let mut lines = text.lines();
        let seconds: f64 = lines.next().and_then(|l| l.parse().ok()).unwrap_or(0.0);
        let data_dir = dir.join("data");
        eprintln!(
            "footprint: reusing {} (generated {:.1} h ago)",
            dir.display(),
            age.as_secs_f64() / 3600.0
        );
        return Dataset {
            database_bytes: file_size(&data_dir.join("stdplus.db")),
            data_dir,
            summary: lines.next().unwrap_or("").to_owned(),
            generate_time: Duration::from_secs_f64(seconds),
            fresh: false,
        };
    }
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the bench data dir");
    let made = generate(&dir.join("data"), panes, logs);
    std::fs::write(
        &record,
        format!("{}\n{}\n", made.generate_time.as_secs_f64(), made.summary),
    )
    .expect("write generated.txt");
    made
}

/// Runs `stdplus generate` into `data_dir` and times it.
pub fn generate(data_dir: &Path, panes: u64, logs: u64) -> Dataset {
    eprintln!(
        "footprint: generating {panes} panes and {logs} pane logs into {}",
        data_dir.display()
    );
    let started = Instant::now();
    let output = Command::new(boxproc::binary())
        .arg("generate")
        .arg("--data-dir")
        .arg(data_dir)
        .args(["--panes", &panes.to_string(), "--logs", &logs.to_string()])
        .args(["--admin-password", boxproc::ADMIN_PASSWORD])
        .env("RUST_LOG", "warn")
        .output()
        .expect("run stdplus generate");
    let generate_time = started.elapsed();
    assert!(
        output.status.success(),
        "stdplus generate failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let summary = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    eprintln!("footprint: {summary}");
    Dataset {
        database_bytes: file_size(&data_dir.join("stdplus.db")),
        data_dir: data_dir.to_owned(),
        summary,
        generate_time,
        fresh: true,
    }
}

fn file_size(path: &Path) -> u64 {
    std::fs::metadata(path).map_or(0, |m| m.len())
}
