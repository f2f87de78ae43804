//! The single scan (production.md §4.1–§4.4, §4.6) against the real server: a pane walked
//! through every action at every step of a three-station routing (state, answer, events and
//! their rooms, allowed and refused transitions), the lookup and merged errors, and the races
//! upstream lost (§8 #6, #7): double taps and parallel scans of one order.

mod common;

use common::TestServer;
use common::production::{customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{SETTLE, id, me};
use serde_json::{Value, json};

const ELSEWHERE: &str = "5f00000000000000000000ff";

/// What a scan must do: move the pane (status, station, `nextStation`) or refuse it.
enum Expect {
    Moves {
        status: &'static str,
        at: Option<usize>,
        next: Option<usize>,
    },
    Refused(String),
}

#[tokio::test]
async fn a_pane_walks_every_action_at_every_step_of_a_three_station_route() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let admin_id = me(api, &admin).await;
    // The assignee: its own devices (room `user:<id>`, joined on connect) hear of its panes.
    let boss = api.user_with(&admin, "boss", &["production:view"]).await;
    let boss_id = me(api, &boss).await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "Clear").await;
    let s = [
        station(api, &admin, "Cutting", false).await,
        station(api, &admin, "Edging", false).await,
        station(api, &admin, "QC", false).await,
    ];
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"assignedTo": boss_id, "paneCount": 1}),
    )
    .await;
    let pane = api
        .post(
            "/api/panes",
            &admin,
            json!({"paneNumber": "PNE-WALK", "order": id(&order), "routing": s, "currentStation": s[0]}),
        )
        .await;
    pane.expect(201);

    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, join, arg) in [
        ("dashboard", "join_dashboard", None),
        ("log", "join_log", None),
        ("order", "join_order", None),
        ("inventory", "join_inventory", None),
        ("s0", "join-station", Some(&s[0])),
        ("s1", "join-station", Some(&s[1])),
        ("s2", "join-station", Some(&s[2])),
    ] {
        sockets.connect(sock, &admin).await;
        sockets
            .ack(sock, join, arg.map(|a| vec![json!(a)]).unwrap_or_default())
            .await;
    }
    sockets.connect("me", &boss).await;

    let elsewhere = |current: usize, at: &str| format!("กระจกอยู่ที่สถานี {} ไม่ใช่ {at}", s[current]);
    let not_done = "กระจกยังไม่เสร็จสิ้น ต้องกด \"เสร็จสิ้น\" ก่อน scan out / QC pass".to_owned();
    let qc_not_awaiting =
        "กระจกต้องอยู่ในสถานะ awaiting_scan_out (กดเสร็จสิ้นก่อน) ก่อน QC fail".to_owned();
    let single = "Laminate merge must use a sheet pane (QR) or the dormant parent pane".to_owned();
    let moves = |status, at, next| Expect::Moves { status, at, next };
    use Expect::Refused;
    // (action, station index (3 = off the routing), what must happen)
    let walk: Vec<(&str, usize, Expect)> = vec![
        ("scan_out", 0, Refused(not_done.clone())),
        ("qc_pass", 0, Refused(not_done.clone())),
        ("qc_fail", 0, Refused(qc_not_awaiting.clone())),
        ("laminate", 0, Refused(single.clone())),
        ("complete", 1, Refused(elsewhere(0, &s[1]))),
        (
            "scan_in",
            3,
            Refused(format!("สถานี {ELSEWHERE} ไม่อยู่ในเส้นทางของกระจก PNE-WALK")),
        ),
        ("scan_in", 0, moves("in_progress", Some(0), None)),
        ("qc_pass", 0, Refused(not_done.clone())),
        ("qc_fail", 0, Refused(qc_not_awaiting.clone())),
        ("start", 0, moves("in_progress", Some(0), None)),
        ("complete", 0, moves("awaiting_scan_out", Some(0), None)),
        ("scan_out", 1, Refused(elsewhere(0, &s[1]))),
        ("qc_fail", 1, Refused(elsewhere(0, &s[1]))),
        ("laminate", 0, Refused(single.clone())),
        ("scan_out", 0, moves("pending", Some(1), Some(1))),
        ("complete", 0, Refused(elsewhere(1, &s[0]))),
        ("scan_out", 1, Refused(not_done.clone())),
        ("scan_in", 1, moves("in_progress", Some(1), None)),
        ("complete", 1, moves("awaiting_scan_out", Some(1), None)),
        ("qc_pass", 1, moves("pending", Some(2), Some(2))),
        ("start", 2, moves("in_progress", Some(2), None)),
        ("complete", 2, moves("awaiting_scan_out", Some(2), None)),
        ("scan_out", 2, moves("completed", None, None)),
        (
            "scan_in",
            2,
            Refused("กระจก PNE-WALK already completed or defected".to_owned()),
        ),
        (
            "complete",
            2,
            Refused("กระจก PNE-WALK already completed or defected".to_owned()),
        ),
    ];

    for (step, (action, at, expect)) in walk.into_iter().enumerate() {
        let station = s.get(at).map_or(ELSEWHERE, String::as_str);
        let answer = api
            .post(
                "/api/panes/pne-walk/scan",
                &admin,
                json!({"station": station, "action": action, "reason": "other"}),
            )
            .await;
        let what = format!("step {step}: {action} at {at}");
        match expect {
            Refused(message) => {
                answer.expect(400);
                assert_eq!(
                    answer.body,
                    json!({"success": false, "message": message}),
                    "{what}"
                );
            }
            Expect::Moves { status, at, next } => {
                answer.expect(200);
                assert_eq!(answer.message(), "Success", "{what}");
                let data = answer.data();
                assert_eq!(data["pane"]["currentStatus"], status, "{what}");
                let station_json = at.map_or(Value::Null, |i| json!(s[i]));
                let current = data["pane"]["currentStation"].get("_id").cloned();
                assert_eq!(current.unwrap_or(Value::Null), station_json, "{what}");
                assert_eq!(
                    data["pane"]["material"]["_id"],
                    json!(material),
                    "{what}: backfilled"
                );
                assert_eq!(data["log"]["action"], action, "{what}");
                assert_eq!(data["log"]["worker"], json!(admin_id), "{what}");
                match next {
                    Some(i) => assert_eq!(data["nextStation"], json!(s[i]), "{what}"),
                    None => assert!(
                        data.get("nextStation").is_none(),
                        "{what}: nextStation must be absent"
                    ),
                }
                let scanned = sockets.expect_event("dashboard", "pane:updated").await;
                assert_eq!(scanned[0]["action"], "scanned", "{what}");
                assert_eq!(scanned[0]["data"]["currentStatus"], status, "{what}");
                if let Some(i) = at {
                    let room = format!("s{i}");
                    sockets.expect_event(&room, "pane:updated").await;
                }
                let log = sockets.expect_event("log", "log:updated").await;
                assert_eq!(log[0]["action"], "pane_scanned", "{what}");
                assert_eq!(log[0]["data"]["paneLog"]["action"], action, "{what}");
                assert_eq!(log[0]["data"]["material"], json!(material), "{what}");
            }
        }
    }

    // The order: started by the first scan_in, moved by each hand-off, completed at the end.
    let started = sockets.expect_event("order", "order:updated").await;
    assert_eq!(started[0]["data"]["status"], "in_progress");
    assert_eq!(
        started[0]["data"]["customer"]["name"], "C",
        "scan events populate the order"
    );
    assert_eq!(started[0]["data"]["stations"], json!([]));
    let first_hop = sockets.expect_event("order", "order:updated").await;
    assert_eq!(
        first_hop[0]["data"]["stationBreakdown"],
        json!({ s[1].clone(): 1 })
    );
    let second_hop = sockets.expect_event("order", "order:updated").await;
    assert_eq!(
        second_hop[0]["data"]["stationBreakdown"],
        json!({ s[1].clone(): 0, s[2].clone(): 1 })
    );
    let done = sockets.expect_event("order", "order:updated").await;
    assert_eq!(done[0]["data"]["panesCompleted"], 1);
    assert_eq!(done[0]["data"]["progressPercent"], 100);
    assert_eq!(done[0]["data"]["status"], "completed");
    assert_eq!(
        sockets.count_after("order", "order:updated", SETTLE).await,
        0
    );

    // The assignee hears of each hand-off; stations hear of arrivals.
    for (title, priority) in [
        ("มีกระจกเข้าสถานี", "medium"),
        ("มีกระจกเข้าสถานี", "medium"),
        ("กระจกเสร็จสมบูรณ์", "low"),
    ] {
        let note = sockets.expect_event("me", "notification").await;
        assert_eq!(note[0]["title"], title);
        assert_eq!(note[0]["priority"], priority);
        assert_eq!(
            note[0]["recipient"],
            json!(boss_id),
            "stored, recipient unpopulated"
        );
        assert_eq!(note[0]["referenceType"], "Pane");
    }
    let arrived = sockets.expect_event("s1", "station:pane_arrived").await;
    assert_eq!(
        arrived[0],
        json!({"paneNumber": "PNE-WALK", "paneId": id(pane.data()), "fromStation": s[0],
               "toStation": s[1], "orderId": id(&order)})
    );
    let notice = sockets.expect_event("s1", "notification").await;
    assert_eq!(
        notice[0],
        json!({"type": "pane_arrived", "title": "มีกระจกเข้าสถานี", "message": "กระจก PNE-WALK เข้าสถานีนี้แล้ว"})
    );
    sockets.expect_event("s2", "station:pane_arrived").await;
    assert_eq!(
        sockets
            .count_after("s0", "station:pane_arrived", SETTLE)
            .await,
        0
    );
    assert_eq!(sockets.count_after("s0", "notification", SETTLE).await, 0);
    for name in [
        "pane:updated",
        "log:updated",
        "order:updated",
        "notification",
    ] {
        assert_eq!(
            sockets.count_after("inventory", name, SETTLE).await,
            0,
            "{name}"
        );
    }
    assert_eq!(
        sockets
            .count_after("dashboard", "notification", SETTLE)
            .await,
        0
    );
    server.stop().await;
}

#[tokio::test]
async fn unknown_and_merged_panes_are_refused_before_any_rule() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let cut = station(api, &admin, "Cutting", false).await;
    let missing = api
        .post(
            "/api/panes/pne-nope/scan",
            &admin,
            json!({"station": cut, "action": "scan_in"}),
        )
        .await;
    missing.expect(404);
    assert_eq!(missing.message(), "ไม่พบกระจก pne-nope");

    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-M", "currentStatus": "merged_into"}),
    )
    .await
    .expect(201);
    let merged = api
        .post(
            "/api/panes/PNE-M/scan",
            &admin,
            json!({"station": cut, "action": "scan_in"}),
        )
        .await;
    merged.expect(400);
    assert_eq!(
        merged.body,
        json!({"success": false, "message": "กระจกนี้ถูกรวมเข้าแผ่นอื่นแล้ว",
               "errors": {"code": "MERGED_INTO", "survivorPaneNumber": null}})
    );

    let invalid = api
        .post(
            "/api/panes/PNE-M/scan",
            &admin,
            json!({"station": cut, "action": "qc_fail"}),
        )
        .await;
    invalid.expect(400);
    assert_eq!(invalid.body["errors"][0]["field"], "body.reason");
    server.stop().await;
}

async fn scan(
    api: &common::Api,
    token: &str,
    pane: &str,
    station: &str,
    action: &str,
) -> common::Answer {
    api.post(
        &format!("/api/panes/{pane}/scan"),
        token,
        json!({"station": station, "action": action}),
    )
    .await
}

#[tokio::test]
async fn thirty_two_parallel_scan_outs_move_the_pane_once() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"status": "in_progress"}),
    )
    .await;
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-TAP", "order": id(&order), "routing": [a, b], "currentStation": a,
               "currentStatus": "awaiting_scan_out"}),
    )
    .await
    .expect(201);

    let tasks: Vec<_> = (0..32)
        .map(|_| {
            let (api, admin, a) = (api.clone(), admin.clone(), a.clone());
            tokio::spawn(async move { scan(&api, &admin, "PNE-TAP", &a, "scan_out").await })
        })
        .collect();
    let mut ok = 0;
    for task in tasks {
        let answer = task.await.expect("task");
        match answer.status.as_u16() {
            200 => ok += 1,
            400 => assert_eq!(answer.message(), format!("กระจกอยู่ที่สถานี {b} ไม่ใช่ {a}")),
            other => panic!("unexpected {other}: {}", answer.body),
        }
    }
    assert_eq!(ok, 1, "exactly one scan_out wins");
    let stored = api
        .get(&format!("/api/orders/{}", id(&order)), &admin)
        .await;
    assert_eq!(stored.data()["stationBreakdown"], json!({ b.clone(): 1 }));
    let pane = api.get("/api/panes/PNE-TAP", &admin).await;
    assert_eq!(pane.data()["currentStation"]["_id"], json!(b));
    server.stop().await;
}

#[tokio::test]
async fn two_hundred_parallel_scans_of_one_order_count_exactly() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "M").await;
    let b = station(api, &admin, "B", false).await;
    let c = station(api, &admin, "C", false).await;
    let order = order(
        api,
        &admin,
        &customer,
        &material,
        json!({"status": "in_progress", "paneCount": 200, "stationBreakdown": { b.clone(): 100, c.clone(): 100 }}),
    )
    .await;
    let mut panes = Vec::new();
    for n in 0..200 {
        let at = if n % 2 == 0 { &b } else { &c };
        let number = format!("PNE-P{n:03}");
        api.post(
            "/api/panes",
            &admin,
            json!({"paneNumber": number, "order": id(&order), "routing": [b, c], "currentStation": at,
                   "currentStatus": "awaiting_scan_out"}),
        )
        .await
        .expect(201);
        panes.push((number, at.clone()));
    }
    let tasks: Vec<_> = panes
        .into_iter()
        .map(|(number, at)| {
            let (api, admin) = (api.clone(), admin.clone());
            tokio::spawn(async move { scan(&api, &admin, &number, &at, "scan_out").await })
        })
        .collect();
    for task in tasks {
        task.await.expect("task").expect(200);
    }
    let stored = api
        .get(&format!("/api/orders/{}", id(&order)), &admin)
        .await;
    let data = stored.data();
    assert_eq!(data["panesCompleted"], 100);
    assert_eq!(data["progressPercent"], 50);
    assert_eq!(data["status"], "in_progress");
    assert_eq!(
        data["stationBreakdown"],
        json!({ b.clone(): 0, c.clone(): 100 })
    );
    server.stop().await;
}
