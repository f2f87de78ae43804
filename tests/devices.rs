//! Kiosk pairing against the real server: pairing answers a token once; the token works over
//! HTTP for what the screen does (a kiosk reads and scans at its own station, a board reads)
//! and manages nothing; bad pairing requests are 400 and write nothing. Sockets and
//! revocation: `device_revocation.rs`.

mod common;

use common::TestServer;
use common::devices::{board, kiosk, pair, refused};
use common::production::{count, customer, material_id, order, station};
use common::stock::{MISSING, id, me};
use serde_json::{Value, json};

const DEVICE_READ_ONLY: &str = "A device token can only read and scan";
const NOT_HERE: &str = "Not authorized to scan at this station";

#[tokio::test]
async fn pairing_answers_the_token_once_and_lists_devices_newest_first() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    let cutting = station(api, &admin, "Cutting", false).await;

    let answer = api
        .post(
            "/api/devices",
            &admin,
            json!({"name": "  Cutting kiosk  ", "kind": "station", "station": cutting}),
        )
        .await;
    answer.expect(201);
    assert_eq!(answer.message(), "Device paired");
    assert_eq!(common::keys(answer.data()), ["device", "token"]);
    let device = &answer.data()["device"];
    assert_eq!(
        common::keys(device),
        [
            "_id",
            "name",
            "kind",
            "station",
            "createdBy",
            "createdAt",
            "lastSeenAt"
        ]
    );
    assert_eq!(device["name"], "Cutting kiosk");
    assert_eq!(device["kind"], "station");
    assert_eq!(device["station"], json!(cutting));
    assert_eq!(device["createdBy"], json!(admin_id));
    assert_eq!(device["lastSeenAt"], Value::Null);
    let created_at = device["createdAt"].as_str().unwrap_or("");
    assert!(
        created_at.ends_with('Z') && created_at.len() == 24,
        "{created_at}"
    );
    let token = answer.data()["token"].as_str().unwrap_or("").to_owned();
    let hex = token.strip_prefix("stdplus_dev_").expect("the prefix");
    assert!(hex.len() == 64 && hex.bytes().all(|b| b.is_ascii_hexdigit()));

    let (board, board_token) = board(api, &admin, "TV").await;
    assert_eq!(board["station"], Value::Null);
    assert_ne!(board_token, token);

    let list = api.get("/api/devices", &admin).await;
    list.expect(200);
    assert_eq!(list.body["pagination"]["total"], 2);
    let names: Vec<&str> = list
        .data()
        .as_array()
        .expect("an array")
        .iter()
        .map(|d| d["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["TV", "Cutting kiosk"], "newest first");
    assert!(!list.body.to_string().contains(&token), "never listed");
    let one = api
        .get(&format!("/api/devices/{}", id(device)), &admin)
        .await;
    one.expect(200);
    assert_eq!(one.data(), device);
    assert!(!one.body.to_string().contains(&token));

    // Only the token's SHA-256 is stored.
    let hash = stdplus::auth::device_token::hash(&token);
    let stored: Vec<String> = server
        .core()
        .db
        .read(|conn| {
            let mut statement = conn.prepare("SELECT token_hash FROM devices")?;
            let rows = statement.query_map([], |row| row.get(0))?;
            Ok(rows.collect::<Result<Vec<String>, _>>()?)
        })
        .await
        .expect("hashes");
    assert!(stored.contains(&hash));
    assert!(stored.iter().all(|h| !h.contains("stdplus_dev_")));
    server.stop().await;
}

#[tokio::test]
async fn a_device_reads_what_its_screen_shows_and_learns_what_it_is() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let cutting = station(api, &admin, "Cutting", true).await;
    let (kiosk_doc, kiosk) = kiosk(api, &admin, "Cutting kiosk", &cutting).await;
    let (_, board) = board(api, &admin, "TV").await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "Clear").await;
    let order = order(api, &admin, &customer, &material, json!({})).await;
    let pane = api
        .post(
            "/api/panes",
            &admin,
            json!({"order": id(&order), "routing": [cutting]}),
        )
        .await;
    pane.expect(201);

    let me = api.get("/api/devices/me", &kiosk).await;
    me.expect(200);
    assert_eq!(me.data()["_id"], kiosk_doc["_id"]);
    assert_eq!(
        me.data()["station"],
        json!({"_id": cutting, "name": "Cutting", "color": "sky", "isLaminateStation": true, "kind": "standard"})
    );
    let seen = me.data()["lastSeenAt"].clone();
    assert!(seen.is_string(), "the request itself was seen: {seen}");
    let again = api.get("/api/devices/me", &kiosk).await;
    assert_eq!(again.data()["lastSeenAt"], seen, "written once a minute");
    let board_me = api.get("/api/devices/me", &board).await;
    board_me.expect(200);
    assert_eq!(board_me.data()["station"], Value::Null);
    assert_eq!(board_me.data()["kind"], "board");
    refused(
        &api.get("/api/devices/me", &admin).await,
        404,
        "This token is not a device",
    );

    // The kiosk acts as a worker named after itself.
    let as_worker = api.get("/api/auth/me", &kiosk).await;
    as_worker.expect(200);
    assert_eq!(as_worker.data()["_id"], kiosk_doc["_id"]);
    assert_eq!(as_worker.data()["name"], "Cutting kiosk");
    assert_eq!(
        as_worker.data()["username"],
        json!(format!("device:{}", id(&kiosk_doc)))
    );
    assert_eq!(as_worker.data()["role"]["slug"], "device");

    let pane_id = id(pane.data());
    for path in [
        format!("/api/stations/{cutting}"),
        "/api/stations".to_owned(),
        "/api/panes".to_owned(),
        format!("/api/panes/{pane_id}"),
        "/api/orders".to_owned(),
        format!("/api/orders/{}", id(&order)),
        "/api/pane-logs".to_owned(),
        format!("/api/pane-logs/timeline?materialId={material}"),
        "/api/production-logs".to_owned(),
    ] {
        api.get(&path, &kiosk).await.expect(200);
    }
    let orders = api.get("/api/orders", &kiosk).await;
    assert_eq!(
        orders.body["pagination"]["total"], 1,
        "a kiosk sees all orders"
    );
    for path in [
        "/api/dashboard/stats",
        "/api/orders",
        "/api/panes",
        "/api/production-logs",
        "/api/stations",
    ] {
        api.get(path, &board).await.expect(200);
    }
    server.stop().await;
}

#[tokio::test]
async fn a_kiosk_scans_only_at_its_own_station_and_manages_nothing() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let (kiosk_doc, kiosk) = kiosk(api, &admin, "A kiosk", &a).await;
    let (board_doc, board) = board(api, &admin, "TV").await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "Clear").await;
    let order = order(api, &admin, &customer, &material, json!({"paneCount": 3})).await;
    for number in ["PNE-K1", "PNE-K2", "PNE-K3"] {
        api.post(
            "/api/panes",
            &admin,
            json!({"paneNumber": number, "order": id(&order), "routing": [a, b], "currentStation": a,
                   "edgeTasks": [{"side": "top", "edgeProfile": "flat", "status": "completed"}]}),
        )
        .await
        .expect(201);
    }

    let scan = |station: &str, action: &str| json!({"station": station, "action": action, "reason": "scratch"});
    let scanned = api
        .post("/api/panes/PNE-K1/scan", &kiosk, scan(&a, "scan_in"))
        .await;
    scanned.expect(200);
    assert_eq!(
        scanned.data()["log"]["worker"],
        kiosk_doc["_id"],
        "the kiosk scanned"
    );
    refused(
        &api.post("/api/panes/PNE-K1/scan", &kiosk, scan(&b, "start"))
            .await,
        403,
        NOT_HERE,
    );
    refused(
        &api.post("/api/panes/PNE-K1/scan", &board, scan(&a, "start"))
            .await,
        403,
        NOT_HERE,
    );
    // A QC fail at the kiosk writes logs in the kiosk's name and queues a remake.
    api.post("/api/panes/PNE-K1/scan", &kiosk, scan(&a, "complete"))
        .await
        .expect(200);
    api.post("/api/panes/PNE-K1/scan", &kiosk, scan(&a, "qc_fail"))
        .await
        .expect(200);
    let batch = |station: &str| json!({"paneNumbers": ["PNE-K2", "PNE-K3"], "station": station, "action": "scan_in"});
    refused(
        &api.post("/api/panes/batch-scan", &kiosk, batch(&b)).await,
        403,
        NOT_HERE,
    );
    api.post("/api/panes/batch-scan", &kiosk, batch(&a))
        .await
        .expect(200);
    let timeline = api
        .get(
            &format!("/api/pane-logs/timeline?materialId={material}"),
            &admin,
        )
        .await;
    let by_kiosk = timeline
        .data()
        .as_array()
        .expect("rows")
        .iter()
        .filter(|row| row["worker"]["name"] == "A kiosk")
        .count();
    assert!(by_kiosk >= 3, "logs name the kiosk: {}", timeline.body);

    let pane = api.get("/api/panes/PNE-K2", &admin).await;
    let pane_id = id(pane.data());
    let kiosk_id = id(&kiosk_doc);
    let orders_before = count(&server, "SELECT count(*) FROM orders").await;
    let forbidden = "Not authorized for this action";
    // (verb, path, body, passes the guard for a station user (`+st`) or anyone)
    let calls: Vec<(&str, String, Value, bool)> = vec![
        (
            "POST",
            "/api/stations".into(),
            json!({"name": "X", "templateId": MISSING}),
            false,
        ),
        (
            "POST",
            "/api/workers".into(),
            json!({"name": "X", "username": "x", "password": "secret1"}),
            false,
        ),
        (
            "POST",
            "/api/devices".into(),
            json!({"name": "X", "kind": "board"}),
            false,
        ),
        ("GET", "/api/devices".into(), Value::Null, false),
        (
            "DELETE",
            format!("/api/devices/{kiosk_id}"),
            Value::Null,
            false,
        ),
        ("DELETE", format!("/api/stations/{a}"), Value::Null, false),
        (
            "DELETE",
            format!("/api/panes/{pane_id}"),
            Value::Null,
            false,
        ),
        (
            "DELETE",
            format!("/api/orders/{}", id(&order)),
            Value::Null,
            false,
        ),
        (
            "POST",
            "/api/orders".into(),
            json!({"customer": customer, "material": material, "quantity": 1}),
            true,
        ),
        (
            "PATCH",
            format!("/api/panes/{pane_id}"),
            json!({"jobType": "x"}),
            true,
        ),
        (
            "POST",
            "/api/claims/from-pane".into(),
            json!({"paneNumber": "PNE-K2", "defectCode": "stain"}),
            true,
        ),
        (
            "POST",
            "/api/withdrawals".into(),
            json!({"withdrawnBy": kiosk_id, "material": material, "quantity": 1, "stockType": "Raw"}),
            true,
        ),
    ];
    for (token, station_user) in [(&kiosk, true), (&board, false)] {
        for (verb, path, body, plus_st) in &calls {
            let method = reqwest::Method::from_bytes(verb.as_bytes()).expect("a method");
            let body = (!body.is_null()).then(|| body.clone());
            let answer = api.send(method, path, Some(token), body).await;
            // The kiosk's station grant passes the `+st` guards; the device rule still refuses.
            let message = if *plus_st && station_user {
                DEVICE_READ_ONLY
            } else {
                forbidden
            };
            let what = format!("{verb} {path} (kiosk: {station_user})");
            assert_eq!(answer.status.as_u16(), 403, "{what}: {}", answer.body);
            assert_eq!(answer.message(), message, "{what}");
        }
        // Any token may call these; a device may not.
        refused(
            &api.patch("/api/auth/me", token, json!({"name": "Renamed"}))
                .await,
            403,
            DEVICE_READ_ONLY,
        );
        refused(
            &api.post("/api/auth/logout", token, json!({})).await,
            403,
            DEVICE_READ_ONLY,
        );
    }
    assert_eq!(
        count(&server, "SELECT count(*) FROM orders").await,
        orders_before
    );
    assert_eq!(
        api.get("/api/panes/PNE-K2", &admin).await.data()["jobType"],
        pane.data()["jobType"]
    );
    assert_eq!(
        api.get("/api/devices", &admin).await.body["pagination"]["total"],
        2
    );
    assert_eq!(
        api.get("/api/auth/me", &kiosk).await.data()["name"],
        "A kiosk"
    );

    // A device has no password to log in with.
    for (username, password) in [
        (format!("device:{kiosk_id}"), kiosk.clone()),
        (format!("device:{}", id(&board_doc)), board.clone()),
    ] {
        api.login(&username, &password).await.expect(401);
    }
    server.stop().await;
}

#[tokio::test]
async fn bad_pairing_requests_are_400_and_write_nothing() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let a = station(api, &admin, "A", false).await;
    let invalid = |field: &str, message: &str| json!([{"field": field, "message": message}]);
    let kinds = "Invalid option: expected one of \"station\"|\"board\"";
    let cases: Vec<(Value, Value)> = vec![
        (
            json!({}),
            json!([
            {"field": "body.name", "message": "Invalid input: expected string, received undefined"},
            {"field": "body.kind", "message": kinds}]),
        ),
        (
            json!({"name": "   ", "kind": "board"}),
            invalid(
                "body.name",
                "Too small: expected string to have >=1 characters",
            ),
        ),
        (
            json!({"name": "x".repeat(81), "kind": "board"}),
            invalid(
                "body.name",
                "Too big: expected string to have <=80 characters",
            ),
        ),
        (
            json!({"name": 5, "kind": "board"}),
            invalid(
                "body.name",
                "Invalid input: expected string, received number",
            ),
        ),
        (
            json!({"name": "K", "kind": "tv"}),
            invalid("body.kind", kinds),
        ),
        (
            json!({"name": "K", "kind": "station"}),
            invalid("body.station", "A station device needs a station"),
        ),
        (
            json!({"name": "K", "kind": "station", "station": 5}),
            invalid(
                "body.station",
                "Invalid input: expected string, received number",
            ),
        ),
        (
            json!({"name": "K", "kind": "station", "station": ""}),
            invalid(
                "body.station",
                "Too small: expected string to have >=1 characters",
            ),
        ),
        (
            json!({"name": "K", "kind": "board", "station": a}),
            invalid("body.station", "A board device has no station"),
        ),
    ];
    for (body, errors) in cases {
        let answer = api.post("/api/devices", &admin, body.clone()).await;
        answer.expect(400);
        assert_eq!(answer.message(), "Validation failed", "{body}");
        assert_eq!(answer.body["errors"], errors, "{body}");
    }
    for station in [MISSING, "not-an-id"] {
        refused(
            &api.post(
                "/api/devices",
                &admin,
                json!({"name": "K", "kind": "station", "station": station}),
            )
            .await,
            400,
            "Station not found",
        );
    }
    let no_body = api
        .send(reqwest::Method::POST, "/api/devices", Some(&admin), None)
        .await;
    no_body.expect(400);
    assert_eq!(count(&server, "SELECT count(*) FROM devices").await, 0);

    // Exactly 80 characters is fine; unknown keys are ignored.
    let (device, _) = pair(
        api,
        &admin,
        json!({"name": "y".repeat(80), "kind": "board", "extra": 1}),
    )
    .await;
    assert_eq!(device["name"].as_str().map(str::len), Some(80));
    refused(
        &api.get("/api/devices/me", "stdplus_dev_nonsense").await,
        401,
        "Invalid or expired token",
    );
    server.stop().await;
}
