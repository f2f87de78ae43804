//! The station floor's reads against the real server: `GET /api/stations/:id/queue` (counts
//! and cards while a pane walks a three-station route, urgency order, the laminate board, the
//! cap, the shift window, who may read it) and `GET /api/board`.

mod common;

use common::TestServer;
use common::floor::{DAY_MS, board, card_panes, counts, iso, now_ms, pane, queue, scan};
use common::production::{customer, material_id, order, station};
use common::stock::id;
use serde_json::{Value, json};

#[tokio::test]
async fn the_queue_follows_a_pane_along_a_three_station_route() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "Glass House").await;
    let material = material_id(api, &admin, "Clear 6mm").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let edge = station(api, &admin, "Edging", false).await;
    let qc = station(api, &admin, "QC", false).await;
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"notes": "handle with care"}),
    )
    .await;
    let order_id = id(&order);
    let route = [cut.as_str(), edge.as_str(), qc.as_str()];
    let before = now_ms();
    let first = pane(api, &admin, Some(&order_id), &route).await;
    let second = pane(api, &admin, Some(&order_id), &route).await;

    let at_cut = queue(api, &admin, &cut).await;
    assert_eq!(
        at_cut["station"],
        json!({"_id": cut, "name": "Cutting", "color": "sky", "isLaminateStation": false, "kind": "standard"})
    );
    assert_eq!(counts(&at_cut), [2, 0, 0, 0]);
    assert_eq!(at_cut["counts"]["urgent"], 0);
    assert_eq!(
        (at_cut["total"].as_u64(), at_cut["capped"].as_bool()),
        (Some(2), Some(false))
    );
    assert_eq!(at_cut["laminateGroups"], json!([]));
    assert_eq!(
        card_panes(&at_cut),
        vec![vec![first.clone(), second.clone()]]
    );
    let card = &at_cut["orders"][0];
    assert_eq!(
        card["order"],
        json!({"_id": order_id, "orderNumber": "ORD-0001", "priority": 0, "deadline": null,
               "customerName": "Glass House", "notes": "handle with care"})
    );
    assert_eq!(card["urgency"], "normal");
    let brief = &card["panes"][0];
    let arrived = brief["arrivedAt"].as_str().expect("arrivedAt").to_owned();
    assert!(arrived >= iso(before), "{arrived}");
    assert_eq!(
        common::keys(brief),
        [
            "_id",
            "paneNumber",
            "currentStatus",
            "laminateRole",
            "parentPane",
            "glassType",
            "glassTypeLabel",
            "dimensions",
            "nextStation",
            "arrivedAt"
        ]
    );
    assert_eq!(brief["currentStatus"], "pending");
    assert_eq!(brief["laminateRole"], "single");
    assert_eq!(brief["glassType"], "clear");
    assert_eq!(
        brief["dimensions"],
        json!({"width": 600, "height": 400, "thickness": 6})
    );
    assert_eq!(brief["nextStation"], json!({"_id": edge, "name": "Edging"}));
    assert_eq!(at_cut["counts"]["oldestWaitingSince"], json!(arrived));
    let at_edge = queue(api, &admin, &edge).await;
    assert_eq!(counts(&at_edge), [0, 0, 0, 0]);
    assert_eq!(at_edge["counts"]["oldestWaitingSince"], Value::Null);
    assert_eq!(at_edge["orders"], json!([]));

    scan(api, &admin, &first, &cut, "scan_in").await;
    assert_eq!(counts(&queue(api, &admin, &cut).await), [1, 1, 0, 0]);
    scan(api, &admin, &first, &cut, "complete").await;
    let at_cut = queue(api, &admin, &cut).await;
    assert_eq!(counts(&at_cut), [1, 0, 1, 0]);
    assert_eq!(
        at_cut["orders"][0]["panes"][0]["currentStatus"], "awaiting_scan_out",
        "the pane keeps its place in its card"
    );
    assert_eq!(
        at_cut["counts"]["oldestWaitingSince"],
        json!(arrived),
        "scanning in does not restart the wait"
    );

    let handed = now_ms();
    scan(api, &admin, &first, &cut, "scan_out").await;
    let at_cut = queue(api, &admin, &cut).await;
    assert_eq!(counts(&at_cut), [1, 0, 0, 1]);
    assert_eq!(card_panes(&at_cut), vec![vec![second.clone()]]);
    let at_edge = queue(api, &admin, &edge).await;
    assert_eq!(counts(&at_edge), [1, 0, 0, 0]);
    let moved = &at_edge["orders"][0]["panes"][0];
    assert_eq!(moved["paneNumber"], json!(first));
    assert!(moved["arrivedAt"].as_str().expect("arrivedAt") >= iso(handed).as_str());
    assert_eq!(moved["nextStation"], json!({"_id": qc, "name": "QC"}));
    assert_eq!(at_edge["counts"]["oldestWaitingSince"], moved["arrivedAt"]);

    for action in ["scan_in", "complete", "scan_out"] {
        scan(api, &admin, &first, &edge, action).await;
    }
    let at_qc = queue(api, &admin, &qc).await;
    assert_eq!(counts(&at_qc), [1, 0, 0, 0]);
    assert_eq!(
        at_qc["orders"][0]["panes"][0]["nextStation"],
        Value::Null,
        "the last station"
    );
    for action in ["scan_in", "complete", "scan_out"] {
        scan(api, &admin, &first, &qc, action).await;
    }
    assert_eq!(counts(&queue(api, &admin, &qc).await), [0, 0, 0, 1]);
    assert_eq!(counts(&queue(api, &admin, &edge).await), [0, 0, 0, 1]);

    // The board: every station (newest first), the finished pane in the current hour.
    let board = board(api, &admin).await;
    assert_eq!(
        common::keys(&board),
        [
            "generatedAt",
            "shiftStartedAt",
            "stations",
            "finishedPerHour",
            "urgentOrders"
        ]
    );
    let names: Vec<&str> = board["stations"]
        .as_array()
        .expect("stations")
        .iter()
        .map(|s| s["name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(names, ["QC", "Edging", "Cutting"]);
    assert_eq!(
        board["stations"][2],
        json!({"_id": cut, "name": "Cutting", "color": "sky", "isLaminateStation": false,
               "kind": "standard", "incoming": 1, "inProgress": 0, "awaitingScanOut": 0, "doneThisShift": 1,
               "oldestWaitingSince": at_cut["counts"]["oldestWaitingSince"]})
    );
    assert_eq!(board["stations"][0]["doneThisShift"], 1);
    assert_eq!(board["stations"][0]["oldestWaitingSince"], Value::Null);
    let hours = board["finishedPerHour"].as_array().expect("hours");
    assert_eq!(hours.len(), 12);
    let counts_per_hour: Vec<u64> = hours
        .iter()
        .map(|h| h["count"].as_u64().unwrap_or(99))
        .collect();
    assert_eq!(counts_per_hour, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    let current_hour = hours[11]["hour"].as_str().expect("hour");
    assert!(current_hour <= board["generatedAt"].as_str().expect("now"));
    assert!(hours[10]["hour"].as_str().expect("hour") < current_hour);
    let shift = board["shiftStartedAt"].as_str().expect("shift").to_owned();
    assert!(
        shift <= iso(now_ms()) && shift > iso(now_ms() - DAY_MS),
        "{shift}"
    );
    assert_eq!(
        queue(api, &admin, &qc).await["shiftStartedAt"],
        json!(shift)
    );
    server.stop().await;
}

/// `doneThisShift` counts only hand-offs since the shift started; an older one does not.
#[tokio::test]
async fn done_this_shift_counts_distinct_panes_since_the_shift_started() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let cut = station(api, &admin, "Cutting", false).await;
    let edge = station(api, &admin, "Edging", false).await;
    let route = [cut.as_str(), edge.as_str()];
    let old = pane(api, &admin, None, &route).await;
    let fresh = pane(api, &admin, None, &route).await;
    for number in [&old, &fresh] {
        for action in ["scan_in", "complete", "scan_out"] {
            scan(api, &admin, number, &cut, action).await;
        }
    }
    assert_eq!(counts(&queue(api, &admin, &cut).await)[3], 2);
    // Back at the cutting table (a scan-in pulls it back), and out again: still one pane.
    scan(api, &admin, &fresh, &cut, "scan_in").await;
    scan(api, &admin, &fresh, &cut, "complete").await;
    scan(api, &admin, &fresh, &cut, "scan_out").await;
    assert_eq!(
        counts(&queue(api, &admin, &cut).await)[3],
        2,
        "distinct panes"
    );

    // The first pane's hand-off happened two days ago: before any shift that is running now.
    let two_days_ago = now_ms() - 2 * DAY_MS;
    server
        .core()
        .db
        .write(move |tx| {
            tx.execute(
                "UPDATE pane_logs SET created_at = ?1
                 WHERE pane_id = (SELECT id FROM panes WHERE pane_number = ?2)",
                rusqlite::params![two_days_ago, old],
            )?;
            Ok(())
        })
        .await
        .expect("backdated");
    assert_eq!(counts(&queue(api, &admin, &cut).await)[3], 1);
    let board = board(api, &admin).await;
    assert_eq!(board["stations"][1]["doneThisShift"], 1);
    server.stop().await;
}

#[tokio::test]
async fn orders_come_critical_then_warn_then_normal() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let request = |days: i64| {
        json!({"details": {"type": "cut", "quantity": 1}, "customer": customer,
               "deadline": iso(now_ms() + days * DAY_MS)})
    };
    let mut deadline_request = Vec::new();
    for days in [-1, 2, 1] {
        let created = api.post("/api/requests", &admin, request(days)).await;
        created.expect(201);
        deadline_request.push(id(created.data()));
    }
    // (label, extra order fields), created in this order.
    let specs = [
        ("normal-old", json!({})),
        ("normal-p2", json!({"priority": 2})),
        ("warn-2d", json!({"request": deadline_request[1]})),
        ("critical-overdue", json!({"request": deadline_request[0]})),
        ("critical-p3", json!({"priority": 3})),
        ("warn-1d", json!({"request": deadline_request[2]})),
        (
            "critical-p5",
            json!({"priority": 5, "request": deadline_request[1]}),
        ),
    ];
    let mut orders = Vec::new();
    for (label, extra) in &specs {
        let mut extra = extra.clone();
        extra["notes"] = json!(label);
        let created = order(api, &admin, &customer, &material, extra).await;
        pane(api, &admin, Some(&id(&created)), &[cut.as_str()]).await;
        orders.push(id(&created));
    }
    let orphan = pane(api, &admin, None, &[cut.as_str()]).await;

    let at_cut = queue(api, &admin, &cut).await;
    let cards = at_cut["orders"].as_array().expect("cards");
    let labels: Vec<Value> = cards.iter().map(|c| c["order"]["notes"].clone()).collect();
    assert_eq!(
        labels,
        [
            json!("critical-p5"),
            json!("critical-p3"),
            json!("critical-overdue"),
            json!("warn-1d"),
            json!("warn-2d"),
            json!("normal-p2"),
            json!("normal-old"),
            Value::Null,
        ]
    );
    let urgencies: Vec<&str> = cards
        .iter()
        .map(|c| c["urgency"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        urgencies,
        [
            "critical", "critical", "critical", "warn", "warn", "normal", "normal", "normal"
        ]
    );
    assert_eq!(cards[7]["panes"][0]["paneNumber"], json!(orphan));
    assert!(cards[3]["order"]["deadline"].is_string());
    assert_eq!(at_cut["counts"]["urgent"], 3);
    assert_eq!(at_cut["total"], 8);

    // The board lists the open critical and warn orders, most urgent first.
    api.patch(
        &format!("/api/orders/{}", orders[4]),
        &admin,
        json!({"status": "completed"}),
    )
    .await
    .expect(200);
    let board = board(api, &admin).await;
    let urgent: Vec<(&str, &str)> = board["urgentOrders"]
        .as_array()
        .expect("urgent orders")
        .iter()
        .map(|o| {
            (
                o["orderNumber"].as_str().unwrap_or(""),
                o["urgency"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        urgent,
        [
            ("ORD-0007", "critical"),
            ("ORD-0004", "critical"),
            ("ORD-0006", "warn"),
            ("ORD-0003", "warn"),
        ]
    );
    assert_eq!(
        common::keys(&board["urgentOrders"][0]),
        [
            "_id",
            "orderNumber",
            "customerName",
            "priority",
            "deadline",
            "paneCount",
            "panesCompleted",
            "urgency"
        ]
    );
    assert_eq!(board["urgentOrders"][0]["customerName"], "C");
    assert_eq!(board["urgentOrders"][0]["priority"], 5);
    server.stop().await;
}

#[tokio::test]
async fn a_laminate_station_shows_its_groups_on_the_board_until_they_merge() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let lam = station(api, &admin, "Laminating", true).await;
    let qc = station(api, &admin, "QC", false).await;
    let order = order(api, &admin, &customer, &material, json!({})).await;
    let group = api
        .post(
            "/api/panes",
            &admin,
            json!({"order": id(&order), "routing": [cut, lam, qc], "rawGlass": {"sheetsPerPane": 2}}),
        )
        .await;
    group.expect(201);
    let parent = id(&group.data()["parent"]);

    // At the cutting station the sheets are ordinary panes of their order's card.
    let at_cut = queue(api, &admin, &cut).await;
    assert_eq!(
        card_panes(&at_cut),
        vec![vec!["PNE-0001-A".to_owned(), "PNE-0001-B".to_owned()]]
    );
    assert_eq!(at_cut["orders"][0]["panes"][0]["laminateRole"], "sheet");
    assert_eq!(at_cut["orders"][0]["panes"][0]["parentPane"], json!(parent));
    assert_eq!(at_cut["laminateGroups"], json!([]));

    for action in ["scan_in", "complete", "scan_out"] {
        scan(api, &admin, "PNE-0001-A", &cut, action).await;
    }
    let at_lam = queue(api, &admin, &lam).await;
    assert_eq!(at_lam["station"]["isLaminateStation"], true);
    assert_eq!(
        at_lam["orders"],
        json!([]),
        "sheets are on the laminate board"
    );
    assert_eq!(
        (at_lam["total"].as_u64(), at_lam["capped"].as_bool()),
        (Some(1), Some(false))
    );
    assert_eq!(counts(&at_lam), [1, 0, 0, 0]);
    let sheet = |number: &str, status: &str, here: bool, id: &Value| json!({"_id": id, "paneNumber": number, "currentStatus": status, "here": here});
    let sheet_ids: Vec<Value> = group.data()["sheets"]
        .as_array()
        .expect("sheets")
        .iter()
        .map(|s| s["_id"].clone())
        .collect();
    assert_eq!(
        at_lam["laminateGroups"],
        json!([{"parent": {"_id": parent, "paneNumber": "PNE-0001", "currentStatus": "pending"},
                "sheets": [sheet("PNE-0001-A", "pending", true, &sheet_ids[0]),
                           sheet("PNE-0001-B", "pending", false, &sheet_ids[1])],
                "present": 1, "total": 2, "ready": false}])
    );
    scan(api, &admin, "PNE-0001-A", &lam, "scan_in").await;
    for action in ["scan_in", "complete", "scan_out"] {
        scan(api, &admin, "PNE-0001-B", &cut, action).await;
    }
    let group_now = &queue(api, &admin, &lam).await["laminateGroups"][0];
    assert_eq!(
        (group_now["present"].as_u64(), group_now["ready"].as_bool()),
        (Some(2), Some(false))
    );
    scan(api, &admin, "PNE-0001-B", &lam, "scan_in").await;
    let at_lam = queue(api, &admin, &lam).await;
    let group_now = &at_lam["laminateGroups"][0];
    assert_eq!(
        (group_now["present"].as_u64(), group_now["ready"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(counts(&at_lam), [0, 2, 0, 0]);

    api.post(
        "/api/panes/PNE-0001-A/scan",
        &admin,
        json!({"station": lam, "action": "laminate"}),
    )
    .await
    .expect(200);
    let at_lam = queue(api, &admin, &lam).await;
    assert_eq!(at_lam["laminateGroups"], json!([]));
    assert_eq!(card_panes(&at_lam), vec![vec!["PNE-0001-A".to_owned()]]);
    let survivor = &at_lam["orders"][0]["panes"][0];
    assert_eq!(survivor["laminateRole"], "single");
    assert_eq!(survivor["currentStatus"], "awaiting_scan_out");
    assert_eq!(
        survivor["nextStation"],
        json!({"_id": qc, "name": "QC"}),
        "the merge hop"
    );
    assert_eq!(counts(&at_lam), [0, 0, 1, 1], "the merged sheet left");
    scan(api, &admin, "PNE-0001-A", &lam, "scan_out").await;
    assert_eq!(counts(&queue(api, &admin, &lam).await), [0, 0, 0, 2]);
    server.stop().await;
}

#[tokio::test]
async fn a_queue_lists_at_most_500_panes_and_says_so() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let cut = station(api, &admin, "Cutting", false).await;
    let big = order(api, &admin, &customer, &material, json!({"quantity": 502})).await;
    api.post(
        &format!("/api/orders/{}/release", id(&big)),
        &admin,
        json!({"stations": [cut]}),
    )
    .await
    .expect(200);
    let urgent = order(api, &admin, &customer, &material, json!({"priority": 3})).await;
    pane(api, &admin, Some(&id(&urgent)), &[cut.as_str()]).await;

    let at_cut = queue(api, &admin, &cut).await;
    assert_eq!(at_cut["total"], 503);
    assert_eq!(at_cut["capped"], true);
    assert_eq!(counts(&at_cut), [503, 0, 0, 0]);
    let listed = card_panes(&at_cut);
    assert_eq!(listed.len(), 2);
    assert_eq!(
        listed[0],
        vec!["PNE-0503".to_owned()],
        "the urgent order comes first"
    );
    assert_eq!(listed[1].len(), 499);
    assert_eq!(listed[1][0], "PNE-0001");
    assert_eq!(at_cut["counts"]["urgent"], 1);
    server.stop().await;
}

/// A worker of the station, a kiosk device (`station:enter:<id>` + `production:view`) and a
/// viewer read the queue; a worker with neither is refused; a missing station is a 404.
#[tokio::test]
async fn station_workers_and_kiosks_read_the_queue() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let cut = station(api, &admin, "Cutting", false).await;
    let enter = format!("station:enter:{cut}");
    let worker = api.user_with(&admin, "cutter", &[&enter]).await;
    let kiosk = api
        .user_with(&admin, "kiosk", &[&enter, "production:view"])
        .await;
    let viewer = api.user_with(&admin, "viewer", &["dashboard:view"]).await;
    let nobody = api.user_with(&admin, "nobody", &["orders:create"]).await;
    for token in [&worker, &kiosk] {
        assert_eq!(queue(api, token, &cut).await["station"]["name"], "Cutting");
        board(api, token).await;
    }
    board(api, &viewer).await;
    api.get(&format!("/api/stations/{cut}/queue"), &viewer)
        .await
        .expect(403);
    for path in [
        format!("/api/stations/{cut}/queue"),
        "/api/board".to_owned(),
    ] {
        let refused = api.get(&path, &nobody).await;
        refused.expect(403);
        assert_eq!(refused.message(), "Not authorized for this action");
    }
    for missing in ["000000000000000000000000", "not-an-id"] {
        let answer = api
            .get(&format!("/api/stations/{missing}/queue"), &admin)
            .await;
        answer.expect(404);
        assert_eq!(answer.message(), "Station not found");
    }
    server.stop().await;
}
