//! Laminate groups through the scanner (production.md §4.5, §4.6) against the real server:
//! readiness events, the merge checks, the merge itself with its logs and event, the retired
//! panes' MERGED_INTO answer, and the survivor's hop to the post-lamination routing.

mod common;

use common::TestServer;
use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{SETTLE, id};
use serde_json::json;

async fn scan(
    api: &common::Api,
    token: &str,
    pane: &str,
    body: serde_json::Value,
) -> common::Answer {
    api.post(&format!("/api/panes/{pane}/scan"), token, body)
        .await
}

#[tokio::test]
async fn sheets_merge_into_a_survivor_that_finishes_the_parents_route() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let lam = station(api, &admin, "Laminating", true).await;
    let qc = station(api, &admin, "QC", false).await;
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"paneCount": 1, "status": "in_progress"}),
    )
    .await;
    let group = api
        .post(
            "/api/panes",
            &admin,
            json!({"order": id(&order), "routing": [cut, lam, qc], "rawGlass": {"sheetsPerPane": 2}}),
        )
        .await;
    group.expect(201);
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join, arg) in [
        ("dashboard", "join_dashboard", None),
        ("inventory", "join_inventory", None),
        ("lam", "join-station", Some(&lam)),
    ] {
        sockets.connect(sock, &admin).await;
        sockets
            .ack(sock, join, arg.map(|x| vec![json!(x)]).unwrap_or_default())
            .await;
    }
    let step = |station: &str, action: &str| json!({"station": station, "action": action});
    for sheet in ["PNE-0001-A", "PNE-0001-B"] {
        for (at, action) in [(&cut, "scan_in"), (&cut, "complete"), (&cut, "scan_out")] {
            scan(api, &admin, sheet, step(at, action)).await.expect(200);
        }
        scan(api, &admin, sheet, step(&lam, "scan_in"))
            .await
            .expect(200);
        if sheet.ends_with('A') {
            let waiting = sockets.expect_event("lam", "laminate:waiting").await;
            assert_eq!(
                waiting[0],
                json!({"parentPaneNumber": "PNE-0001", "parentPaneId": group.data()["parent"]["_id"],
                       "sheetsPresent": 1, "sheetsTotal": 2})
            );
            let early = scan(
                api,
                &admin,
                sheet,
                json!({"station": lam, "action": "laminate"}),
            )
            .await;
            early.expect(400);
            assert_eq!(
                early.message(),
                "Not all sheets present at lamination station (1/2)"
            );
        }
    }
    let ready = sockets.expect_event("dashboard", "laminate:ready").await;
    assert_eq!(ready[0]["sheetsPresent"], 2);
    sockets.expect_event("lam", "laminate:ready").await;
    assert_eq!(
        sockets
            .count_after("dashboard", "laminate:waiting", SETTLE)
            .await,
        0
    );

    scan(api, &admin, "PNE-0001-A", step(&lam, "complete"))
        .await
        .expect(200);
    let too_soon = scan(api, &admin, "PNE-0001-A", step(&lam, "scan_out")).await;
    too_soon.expect(400);
    assert_eq!(
        too_soon.message(),
        "แผ่น PNE-0001-A ต้องลามิเนตก่อนออกจากสถานีลามิเนต"
    );
    let via_parent = scan(api, &admin, "PNE-0001", step(&lam, "laminate")).await;
    via_parent.expect(400);
    assert_eq!(
        via_parent.message(),
        "laminateSurvivorPaneNumber is required when merging via parent pane"
    );
    let stranger = scan(
        api,
        &admin,
        "PNE-0001-B",
        json!({"station": lam, "action": "laminate", "laminateSurvivorPaneNumber": "PNE-0001"}),
    )
    .await;
    stranger.expect(400);
    assert_eq!(
        stranger.message(),
        "Survivor sheet PNE-0001 is not an active sheet in this laminate group"
    );

    let merged = scan(
        api,
        &admin,
        "PNE-0001-B",
        json!({"station": lam, "action": "laminate", "laminateSurvivorPaneNumber": "pne-0001-a"}),
    )
    .await;
    merged.expect(200);
    let data = merged.data();
    assert_eq!(data["survivorPaneNumber"], "PNE-0001-A");
    assert_eq!(data["mergedSheets"], 2);
    assert_eq!(
        data["retiredPaneNumbers"],
        json!(["PNE-0001-B", "PNE-0001"])
    );
    assert_eq!(data["parentRetired"], true);
    let survivor = &data["pane"];
    assert_eq!(survivor["laminateRole"], "single");
    assert_eq!(survivor["parentPane"], serde_json::Value::Null);
    assert_eq!(survivor["currentStatus"], "awaiting_scan_out");
    assert_eq!(survivor["routing"], json!([{"_id": qc, "name": "QC"}]));
    assert!(survivor["laminateMergedAt"].is_string());
    let laminated = sockets.expect_event("lam", "pane:laminated").await;
    assert_eq!(laminated[0]["sheets"], json!(["PNE-0001-A", "PNE-0001-B"]));
    assert_eq!(laminated[0]["parentPaneNumber"], "PNE-0001");
    assert_eq!(laminated[0]["survivor"], laminated[0]["parent"]);
    sockets.expect_event("dashboard", "pane:laminated").await;
    assert_eq!(
        sockets
            .count_after("inventory", "pane:laminated", SETTLE)
            .await,
        0
    );
    assert_eq!(
        count(
            &server,
            "SELECT count(*) FROM pane_logs WHERE action = 'laminate_complete'"
        )
        .await,
        3
    );
    assert_eq!(
        count(
            &server,
            "SELECT count(*) FROM pane_logs WHERE action = 'laminate_start'"
        )
        .await,
        1
    );

    let retired = scan(api, &admin, "PNE-0001-B", step(&lam, "scan_in")).await;
    retired.expect(400);
    assert_eq!(
        retired.body,
        json!({"success": false, "message": "กระจกรวมแล้ว — ใช้ QR PNE-0001-A",
               "errors": {"code": "MERGED_INTO", "survivorPaneNumber": "PNE-0001-A"}})
    );

    let hop = scan(api, &admin, "PNE-0001-A", step(&lam, "scan_out")).await;
    hop.expect(200);
    assert_eq!(
        hop.data()["nextStation"],
        json!(qc),
        "the merge hop leads to the parent's route"
    );
    assert_eq!(
        hop.data()["pane"]["laminateMergedAt"],
        serde_json::Value::Null
    );
    for action in ["scan_in", "complete", "scan_out"] {
        scan(api, &admin, "PNE-0001-A", step(&qc, action))
            .await
            .expect(200);
    }
    let stored = api
        .get(&format!("/api/orders/{}", id(&order)), &admin)
        .await;
    assert_eq!(stored.data()["panesCompleted"], 1);
    assert_eq!(stored.data()["status"], "completed");
    server.stop().await;
}

/// A three-sheet group where one sheet fails QC before lamination: the defected sheet leaves
/// the group and its remake takes its place, so the group still laminates (upstream counted the
/// defected sheet for ever and the group could never merge).
#[tokio::test]
async fn a_qc_failed_sheet_does_not_block_a_three_sheet_group() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let lam = station(api, &admin, "Laminating", true).await;
    let qc = station(api, &admin, "QC", false).await;
    let order = order(api, &admin, &customer, &material, json!({"paneCount": 1})).await;
    let group = api
        .post(
            "/api/panes",
            &admin,
            json!({"order": id(&order), "routing": [cut, lam, qc], "rawGlass": {"sheetsPerPane": 3}}),
        )
        .await;
    group.expect(201);
    assert_eq!(group.message(), "Laminate pane created");
    let sheets: Vec<&str> = group.data()["sheets"]
        .as_array()
        .expect("sheets")
        .iter()
        .filter_map(|s| s["paneNumber"].as_str())
        .collect();
    assert_eq!(sheets, ["PNE-0001-A", "PNE-0001-B", "PNE-0001-C"]);
    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("lam", &admin).await;
    sockets.ack("lam", "join-station", vec![json!(lam)]).await;
    let step = |station: &str, action: &str| json!({"station": station, "action": action});

    // Sheet C fails QC at cutting; a remake sheet joins the group at the first station.
    for action in ["scan_in", "complete"] {
        scan(api, &admin, "PNE-0001-C", step(&cut, action))
            .await
            .expect(200);
    }
    let failed = scan(
        api,
        &admin,
        "PNE-0001-C",
        json!({"station": cut, "action": "qc_fail", "reason": "chipped"}),
    )
    .await;
    failed.expect(200);
    let remake = failed.data()["remadePane"].clone();
    let remake_number = remake["paneNumber"]
        .as_str()
        .expect("remake number")
        .to_owned();
    assert_eq!(remake["laminateRole"], "sheet");
    assert_eq!(remake["currentStation"]["_id"], cut.as_str());
    assert_eq!(failed.data()["pane"]["currentStatus"], "defected");

    // A and B reach lamination: waiting, 2 of 3 (the defected sheet no longer counts).
    for sheet in ["PNE-0001-A", "PNE-0001-B"] {
        for action in ["scan_in", "complete", "scan_out"] {
            scan(api, &admin, sheet, step(&cut, action))
                .await
                .expect(200);
        }
        scan(api, &admin, sheet, step(&lam, "scan_in"))
            .await
            .expect(200);
    }
    sockets.expect_event("lam", "laminate:waiting").await;
    let waiting = sockets.expect_event("lam", "laminate:waiting").await;
    assert_eq!(waiting[0]["sheetsPresent"], 2);
    assert_eq!(waiting[0]["sheetsTotal"], 3);

    // The remake arrives: ready 3 of 3, and the merge keeps the chosen survivor.
    for action in ["scan_in", "complete", "scan_out"] {
        scan(api, &admin, &remake_number, step(&cut, action))
            .await
            .expect(200);
    }
    scan(api, &admin, &remake_number, step(&lam, "scan_in"))
        .await
        .expect(200);
    let ready = sockets.expect_event("lam", "laminate:ready").await;
    assert_eq!(
        (
            ready[0]["sheetsPresent"].clone(),
            ready[0]["sheetsTotal"].clone()
        ),
        (json!(3), json!(3))
    );
    let merged = scan(
        api,
        &admin,
        "PNE-0001",
        json!({"station": lam, "action": "laminate", "laminateSurvivorPaneNumber": "PNE-0001-B"}),
    )
    .await;
    merged.expect(200);
    assert_eq!(merged.data()["survivorPaneNumber"], "PNE-0001-B");
    assert_eq!(merged.data()["mergedSheets"], 3);
    assert_eq!(
        merged.data()["retiredPaneNumbers"],
        json!(["PNE-0001-A", remake_number, "PNE-0001"])
    );
    for retired in ["PNE-0001-A", remake_number.as_str(), "PNE-0001"] {
        let answer = scan(api, &admin, retired, step(&lam, "scan_in")).await;
        answer.expect(400);
        assert_eq!(
            answer.body["errors"]["survivorPaneNumber"], "PNE-0001-B",
            "{retired}"
        );
    }
    server.stop().await;
}
