//! USB-camera QR stations against the real server, with a folder of generated frames standing in
//! for the camera: a held sticker is one scan, the pane walks scan_in → complete → scan_out with
//! the events a phone's HTTP scans produce, a check-in code announces the camera's worker, and a
//! corrupt frame is skipped. The camera is configured and removed through `/api/cameras`.

mod common;

use common::TestServer;
use common::floor::pane;
use common::production::station;
use common::socket::Sockets;
use common::stock::{SETTLE, id};
use rand::SeedableRng;
use rand::rngs::StdRng;
use serde_json::{Value, json};
use std::time::Duration;
use stdplus::qr::frames::{Look, sticker_frame};

/// Frames at the folder source's pace (10 a second): enough empty ones to end a hold (1.5 s).
const GAP_FRAMES: usize = 20;

struct Folder {
    dir: tempfile::TempDir,
    next: usize,
    rng: StdRng,
}

impl Folder {
    fn new() -> Folder {
        Folder {
            dir: tempfile::tempdir().unwrap(),
            next: 0,
            rng: StdRng::seed_from_u64(11),
        }
    }

    fn name(&mut self, extension: &str) -> std::path::PathBuf {
        self.next += 1;
        self.dir
            .path()
            .join(format!("{:04}.{extension}", self.next))
    }

    /// `count` frames showing the code for `text` (a held sticker).
    fn code(&mut self, text: &str, count: usize) {
        for _ in 0..count {
            let frame = sticker_frame(text, Look::sharp(6.0), &mut self.rng);
            let path = self.name("png");
            frame.save(&path).unwrap();
        }
    }

    fn empty(&mut self, count: usize) {
        let blank = image::GrayImage::from_pixel(640, 480, image::Luma([180]));
        for _ in 0..count {
            let path = self.name("png");
            blank.save(&path).unwrap();
        }
    }

    fn corrupt(&mut self) {
        let path = self.name("jpg");
        std::fs::write(path, b"\xFF\xD8\xFF\xE0 this is not a JPEG").unwrap();
    }

    fn device(&self) -> String {
        format!("folder:{}", self.dir.path().display())
    }
}

async fn camera_state(server: &TestServer, admin: &str, camera: &str) -> Value {
    let answer = server
        .api
        .get(&format!("/api/cameras/{camera}"), admin)
        .await;
    answer.expect(200);
    answer.data().clone()
}

/// Waits until the folder camera has read its last frame and acted on what it saw.
async fn until_finished(server: &TestServer, admin: &str, camera: &str, scans: u64) -> Value {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let state = camera_state(server, admin, camera).await;
        let live = &state["live"];
        if live["finished"] == json!(true) && live["scans"].as_u64() >= Some(scans) {
            return state;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the camera did not finish: {state}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

async fn logs_of(server: &TestServer, pane_number: &str) -> Vec<String> {
    let number = pane_number.to_owned();
    server
        .core()
        .db
        .read(move |conn| {
            let mut statement = conn.prepare(
                "SELECT l.action FROM pane_logs l JOIN panes p ON p.id = l.pane_id
                 WHERE p.pane_number = ?1 ORDER BY l.created_at, l.rowid",
            )?;
            let actions = statement
                .query_map([number], |row| row.get(0))?
                .collect::<Result<Vec<String>, _>>()?;
            Ok(actions)
        })
        .await
        .unwrap()
}

async fn pane_doc(server: &TestServer, admin: &str, number: &str) -> Value {
    let answer = server.api.get(&format!("/api/panes/{number}"), admin).await;
    answer.expect(200);
    answer.data().clone()
}

fn station_of(pane: &Value) -> String {
    match &pane["currentStation"] {
        Value::Object(station) => station["_id"].as_str().unwrap().to_owned(),
        other => other.as_str().unwrap_or_default().to_owned(),
    }
}

/// The events one pane's walk through a station leaves in the station rooms.
async fn walk_events(sockets: &Sockets) -> (usize, usize) {
    (
        sockets.count_after("here", "pane:updated", SETTLE).await,
        sockets
            .count_after("next", "station:pane_arrived", Duration::ZERO)
            .await,
    )
}

#[tokio::test]
async fn a_folder_camera_walks_a_pane_through_its_station_like_a_phone() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let api = &server.api;
    let cutting = station(api, &admin, "Cutting", false).await;
    let edging = station(api, &admin, "Edging", false).await;
    let by_phone = pane(api, &admin, None, &[&cutting, &edging]).await;
    let by_camera = pane(api, &admin, None, &[&cutting, &edging]).await;

    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("here", &admin).await;
    sockets.connect("next", &admin).await;
    sockets
        .ack("here", "join-station", vec![json!(cutting)])
        .await;
    sockets
        .ack("next", "join-station", vec![json!(edging)])
        .await;

    // The phone's way: three HTTP scans.
    for action in ["scan_in", "complete", "scan_out"] {
        common::floor::scan(api, &admin, &by_phone, &cutting, action).await;
    }
    let phone_events = walk_events(&sockets).await;
    assert!(phone_events.0 > 0, "the station hears of its pane");
    assert_eq!(phone_events.1, 1, "the next station hears of the arrival");

    // The camera's way: the sticker held in view three times, with a corrupt frame and a
    // check-in code of this station at the end.
    let sticker = format!("STDPLUS:{by_camera}");
    let mut folder = Folder::new();
    folder.code(&sticker, 5);
    folder.empty(GAP_FRAMES);
    folder.code(&sticker, 3);
    folder.corrupt();
    folder.empty(GAP_FRAMES);
    folder.code(&sticker, 4);
    folder.empty(GAP_FRAMES);
    folder.code(
        &format!("http://box.local:3000/stations/{cutting}/checkin"),
        3,
    );
    let created = api
        .post(
            "/api/cameras",
            &admin,
            json!({"name": "Cutting camera", "device": folder.device(), "station": cutting}),
        )
        .await;
    created.expect(201);
    let camera = id(created.data());

    let state = until_finished(&server, &admin, &camera, 4).await;
    let live = &state["live"];
    assert_eq!(live["corruptFrames"], 1, "{state}");
    assert_eq!(live["decoderPanics"], 0, "{state}");
    assert_eq!(live["scans"], 4, "three scans and a check-in: {state}");
    assert_eq!(live["lastAction"], "check-in Admin", "{state}");

    assert_eq!(
        logs_of(&server, &by_camera).await,
        ["scan_in", "complete", "scan_out"],
        "each held sticker applied once"
    );
    assert_eq!(
        logs_of(&server, &by_phone).await,
        logs_of(&server, &by_camera).await
    );
    let moved = pane_doc(&server, &admin, &by_camera).await;
    assert_eq!(moved["currentStatus"], "pending");
    assert_eq!(station_of(&moved), edging);
    assert_eq!(walk_events(&sockets).await, phone_events);
    let confirmed = sockets.expect_event("here", "scan-confirmed").await;
    assert_eq!(confirmed[0]["worker"], "Admin");
    // `camera:scan` tells the station's kiosk what the camera did, in order, so that it answers
    // each scan like its own; the check-in has its `scan-confirmed` instead. Other stations
    // hear nothing of it.
    for action in ["scan_in", "complete", "scan_out"] {
        let report = &sockets.expect_event("here", "camera:scan").await[0];
        assert_eq!(report["action"], action, "{report}");
        assert_eq!(report["ok"], true, "{report}");
        assert_eq!(report["status"], 200, "{report}");
        assert_eq!(report["paneNumber"], by_camera.as_str(), "{report}");
        assert_eq!(report["camera"]["_id"], camera.as_str(), "{report}");
        assert_eq!(report["camera"]["name"], "Cutting camera", "{report}");
        assert_eq!(report["station"], cutting.as_str(), "{report}");
        assert_eq!(
            report["data"]["pane"]["paneNumber"],
            by_camera.as_str(),
            "{report}"
        );
    }
    assert_eq!(sockets.count_after("here", "camera:scan", SETTLE).await, 0);
    assert_eq!(
        sockets
            .count_after("next", "camera:scan", Duration::ZERO)
            .await,
        0
    );

    // Removing the camera stops it; it is gone from the list.
    api.delete(&format!("/api/cameras/{camera}"), &admin)
        .await
        .expect(200);
    api.get(&format!("/api/cameras/{camera}"), &admin)
        .await
        .expect(404);
    let list = api.get("/api/cameras", &admin).await;
    list.expect(200);
    assert_eq!(list.data(), &json!([]));
    assert_eq!(list.body["pagination"]["total"], 0);
}

#[tokio::test]
async fn cameras_are_validated_and_start_and_stop_without_a_restart() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let api = &server.api;
    let cutting = station(api, &admin, "Cutting", false).await;

    for (body, field) in [
        (json!({"device": "folder:/tmp", "station": cutting}), "name"),
        (json!({"name": "C", "station": cutting}), "device"),
        (
            json!({"name": "C", "device": "video0", "station": cutting}),
            "device",
        ),
        (
            json!({"name": "C", "device": "folder:relative", "station": cutting}),
            "device",
        ),
        (json!({"name": "C", "device": "/dev/video0"}), "station"),
        (
            json!({"name": "C", "device": "/dev/video0", "station": cutting, "enabled": "yes"}),
            "enabled",
        ),
    ] {
        let answer = api.post("/api/cameras", &admin, body.clone()).await;
        answer.expect(400);
        assert!(
            answer.body.to_string().contains(field),
            "{body}: {}",
            answer.body
        );
    }
    let unknown = api
        .post(
            "/api/cameras",
            &admin,
            json!({"name": "C", "device": "/dev/video0", "station": "64b7f0c2a1b2c3d4e5f60718"}),
        )
        .await;
    unknown.expect(400);
    assert_eq!(unknown.message(), "Station not found");

    // An empty folder that gains frames later: disabled first, then enabled by a PATCH.
    let folder = Folder::new();
    let created = api
        .post(
            "/api/cameras",
            &admin,
            json!({"name": "Idle", "device": folder.device(), "station": cutting, "enabled": false}),
        )
        .await;
    created.expect(201);
    let camera = id(created.data());
    assert_eq!(
        created.data()["live"],
        Value::Null,
        "a disabled camera does not run"
    );
    let mut folder = folder;
    folder.empty(3);
    let enabled = api
        .patch(
            &format!("/api/cameras/{camera}"),
            &admin,
            json!({"enabled": true}),
        )
        .await;
    enabled.expect(200);
    let state = until_finished(&server, &admin, &camera, 0).await;
    assert_eq!(state["live"]["frames"], 3, "{state}");
    api.patch(
        &format!("/api/cameras/{camera}"),
        &admin,
        json!({"enabled": false}),
    )
    .await
    .expect(200);
    assert_eq!(
        camera_state(&server, &admin, &camera).await["live"],
        Value::Null
    );
}
