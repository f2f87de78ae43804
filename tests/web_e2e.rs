//! The embedded web app end to end: the real `stdplus` binary on a temp data dir, driven in
//! headless Chromium (playwright-core, `/usr/bin/chromium`) by the scenarios in
//! tests/e2e/scenarios/. One scenario at a time: two cores cannot run several browsers and
//! keep the timings honest. `STDPLUS_SCREENSHOTS=<dir>` saves the screens' pictures
//! (docs/screens/ holds the committed ones).

mod common;

use common::{ADMIN_PASSWORD, Process};
use rand::SeedableRng;
use rand::rngs::StdRng;
use std::path::Path;
use std::process::Command;
use std::sync::Mutex;
use stdplus::qr::frames::{Look, sticker_frame};

static ONE_BROWSER_AT_A_TIME: Mutex<()> = Mutex::new(());

fn run(scenario: &str) {
    run_with(scenario, &[]);
}

/// Runs `scenario` with extra environment for it (e.g. a folder of camera frames).
fn run_with(scenario: &str, env: &[(&str, &str)]) {
    let _turn = ONE_BROWSER_AT_A_TIME
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let chromium = std::env::var("STDPLUS_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    assert!(
        Path::new(&chromium).exists(),
        "the browser tests need Chromium at {chromium} (apt-get install chromium; .ci/run does)"
    );
    let e2e = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/e2e");
    assert!(
        e2e.join("node_modules/playwright-core").exists(),
        "run `npm ci --prefix tests/e2e` first (scripts/test does)"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let server = Process::spawn(
        &dir.path().join("data"),
        &[("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD)],
    );
    let mut node = Command::new("node");
    node.arg("run.mjs")
        .arg(scenario)
        .current_dir(&e2e)
        .env("STDPLUS_URL", &server.api.base)
        .env("STDPLUS_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("STDPLUS_CHROMIUM", &chromium)
        .envs(env.iter().copied());
    let output = node.output().expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    println!("{stdout}");
    eprintln!("{stderr}");
    assert!(
        output.status.success(),
        "browser scenario {scenario} failed:\n{stdout}\n{stderr}\n--- server log ---\n{}",
        server.log_text()
    );
    // Measurements (the kiosk's first load) are kept for scripts/test to print after the run.
    let measured: String = stdout
        .lines()
        .filter(|line| line.starts_with("kiosk first load"))
        .map(|line| format!("{line}\n"))
        .collect();
    if !measured.is_empty() {
        let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("web-first-load.txt");
        std::fs::write(&report, measured).expect("write the first-load report");
    }
}

#[test]
fn a_pane_walks_three_stations_on_two_kiosks_and_the_board_follows() {
    run("three_stations");
}

#[test]
fn scans_made_offline_are_applied_exactly_once_when_the_box_is_back() {
    run("offline");
}

#[test]
fn a_two_sheet_laminate_merges_on_the_kiosk_keeping_the_scanned_sticker() {
    run("laminate");
}

#[test]
fn a_qc_fail_with_reason_sends_the_remake_to_the_first_station() {
    run("qc_fail");
}

#[test]
fn every_screen_switches_between_thai_and_english() {
    run("language");
}

#[test]
fn a_paired_kiosk_loads_from_a_cold_cache_within_a_second() {
    run("first_load");
}

#[test]
fn a_phone_checks_in_from_the_kiosk_qr_and_scans_by_photo_and_live_camera() {
    run("phone");
}

#[test]
fn setup_adds_stations_releases_an_order_and_prints_stickers_that_decode() {
    run("setup");
}

#[test]
fn setup_adds_a_label_printer_and_prints_an_orders_stickers_on_it() {
    run("printers");
}

#[test]
fn a_camera_scan_is_answered_on_the_station_kiosk_with_the_same_banner_and_sound() {
    // At 10 frames a second: the pane's sticker held for 0.4 s, then 3 s out of view (a new
    // sighting after 1.5 s), three times; then a code that is no sticker.
    let frames = tempfile::tempdir().expect("temp dir");
    let mut rng = StdRng::seed_from_u64(7);
    let blank = image::GrayImage::from_pixel(640, 480, image::Luma([180]));
    let mut written = 0;
    let mut write = |frame: &image::GrayImage| {
        written += 1;
        let path = frames.path().join(format!("{written:04}.png"));
        frame.save(&path).expect("write a frame");
    };
    for code in [
        "STDPLUS:PNE-6001",
        "STDPLUS:PNE-6001",
        "STDPLUS:PNE-6001",
        "hello camera",
    ] {
        for _ in 0..4 {
            write(&sticker_frame(code, Look::sharp(6.0), &mut rng));
        }
        for _ in 0..30 {
            write(&blank);
        }
    }
    let folder = frames.path().display().to_string();
    run_with("camera", &[("STDPLUS_CAMERA_FRAMES", folder.as_str())]);
}
