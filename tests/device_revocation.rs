//! Paired devices on Socket.IO and their revocation, against the real server: a kiosk joins
//! only its own station's room and hears its panes; revoking a device (or deleting its station
//! or the station's template) ends its token at once and disconnects its open sockets.

mod common;

use common::TestServer;
use common::devices::{board, kiosk, refused};
use common::production::{count, customer, material_id, order, station};
use common::socket::Sockets;
use common::stock::{SETTLE, id};
use serde_json::json;

#[tokio::test]
async fn device_sockets_join_their_station_room_and_hear_its_panes() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let (_, kiosk) = kiosk(api, &admin, "A kiosk", &a).await;
    let (_, board) = board(api, &admin, "TV").await;
    let customer = customer(api, &admin, "C").await;
    let material = material_id(api, &admin, "Clear").await;
    let order = order(api, &admin, &customer, &material, json!({"paneCount": 1})).await;
    api.post(
        "/api/panes",
        &admin,
        json!({"paneNumber": "PNE-S", "order": id(&order), "routing": [b, a], "currentStation": b,
               "edgeTasks": [{"side": "top", "edgeProfile": "flat", "status": "completed"}]}),
    )
    .await
    .expect(201);

    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("kiosk", &kiosk).await;
    sockets.connect("board", &board).await;
    let ok = |room: String| json!({"ok": true, "room": room});
    let no = json!({"ok": false, "error": "Not authorized"});
    assert_eq!(
        sockets
            .ack("kiosk", "join_station_room", vec![json!({"stationId": a})])
            .await,
        ok(format!("station:{a}"))
    );
    assert_eq!(
        sockets.ack("kiosk", "join-station", vec![json!(a)]).await,
        ok(format!("station:{a}"))
    );
    assert_eq!(
        sockets
            .ack("kiosk", "join_station_room", vec![json!({"stationId": b})])
            .await,
        no
    );
    assert_eq!(
        sockets.ack("kiosk", "join-station", vec![json!(b)]).await,
        no
    );
    assert_eq!(
        sockets.ack("kiosk", "join_order", vec![]).await,
        ok("order".into())
    );
    assert_eq!(sockets.ack("kiosk", "join_dashboard", vec![]).await, no);
    for room in ["dashboard", "order", "log"] {
        assert_eq!(
            sockets.ack("board", &format!("join_{room}"), vec![]).await,
            ok(room.into())
        );
    }
    assert_eq!(
        sockets
            .ack(
                "kiosk",
                "mobile-scan",
                vec![json!({"stationId": a, "worker": "Somchai"})]
            )
            .await,
        json!({"ok": false, "error": "A device cannot check in"})
    );

    for action in ["scan_in", "complete", "scan_out"] {
        api.post(
            "/api/panes/PNE-S/scan",
            &admin,
            json!({"station": b, "action": action}),
        )
        .await
        .expect(200);
    }
    let arrived = sockets.expect_event("kiosk", "station:pane_arrived").await;
    assert_eq!(arrived[0]["paneNumber"], "PNE-S");
    assert_eq!(arrived[0]["toStation"], json!(a));
    let on_board = sockets.expect_event("board", "pane:updated").await;
    assert_eq!(on_board[0]["action"], "scanned");
    // Of the three scans at B, only the hand-off to A reached the kiosk's rooms as an arrival.
    assert_eq!(
        sockets
            .count_after("kiosk", "station:pane_arrived", SETTLE)
            .await,
        0
    );
    server.stop().await;
}

#[tokio::test]
async fn revoking_a_device_ends_its_token_and_disconnects_its_sockets() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let a = station(api, &admin, "A", false).await;
    let (gone, gone_token) = kiosk(api, &admin, "Gone", &a).await;
    let (_, kept_token) = kiosk(api, &admin, "Kept", &a).await;
    let sockets = Sockets::start(&server.base_url()).await;
    for (sock, token) in [("gone", &gone_token), ("kept", &kept_token)] {
        sockets.connect(sock, token).await;
        sockets
            .ack(sock, "join_station_room", vec![json!({"stationId": a})])
            .await;
    }
    api.get("/api/devices/me", &gone_token).await.expect(200);

    let revoked = api
        .delete(&format!("/api/devices/{}", id(&gone)), &admin)
        .await;
    revoked.expect(200);
    assert_eq!(
        revoked.body,
        json!({"success": true, "message": "Device revoked", "data": null})
    );
    let told = sockets.expect_event("gone", "device:revoked").await;
    assert_eq!(told[0], json!({"_id": gone["_id"], "action": "revoked"}));
    let reason = sockets.expect_event("gone", "disconnect").await;
    assert_eq!(reason[0], "io server disconnect");
    assert!(!sockets.is_connected("gone").await);
    assert!(
        sockets.is_connected("kept").await,
        "only the revoked device goes"
    );
    assert_eq!(sockets.count_after("kept", "disconnect", SETTLE).await, 0);

    refused(
        &api.get("/api/devices/me", &gone_token).await,
        401,
        "Invalid or expired token",
    );
    refused(
        &api.get("/api/stations", &gone_token).await,
        401,
        "Invalid or expired token",
    );
    assert_eq!(
        sockets
            .connect_with("again", json!({"token": gone_token}), json!({}))
            .await,
        Err("Invalid or expired token".to_owned())
    );
    api.get("/api/devices/me", &kept_token).await.expect(200);
    refused(
        &api.delete(&format!("/api/devices/{}", id(&gone)), &admin)
            .await,
        404,
        "Device not found",
    );
    refused(
        &api.get(&format!("/api/devices/{}", id(&gone)), &admin)
            .await,
        404,
        "Device not found",
    );
    refused(
        &api.delete("/api/devices/not-an-id", &admin).await,
        404,
        "Device not found",
    );
    assert_eq!(
        api.get("/api/devices", &admin).await.body["pagination"]["total"],
        1
    );
    server.stop().await;
}

#[tokio::test]
async fn deleting_a_station_or_its_template_removes_its_devices() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let a = station(api, &admin, "A", false).await;
    let b = station(api, &admin, "B", false).await;
    let c = station(api, &admin, "C", false).await;
    let (_, at_a) = kiosk(api, &admin, "At A", &a).await;
    let (_, at_b) = kiosk(api, &admin, "At B", &b).await;
    let (_, at_c) = kiosk(api, &admin, "At C", &c).await;
    let (_, board) = board(api, &admin, "TV").await;
    let sockets = Sockets::start(&server.base_url()).await;
    sockets.connect("a", &at_a).await;

    api.delete(&format!("/api/stations/{a}"), &admin)
        .await
        .expect(200);
    refused(
        &api.get("/api/devices/me", &at_a).await,
        401,
        "Invalid or expired token",
    );
    assert_eq!(
        sockets.expect_event("a", "disconnect").await[0],
        "io server disconnect"
    );

    let b_station = api.get(&format!("/api/stations/{b}"), &admin).await;
    let template = b_station.data()["templateId"]["_id"]
        .as_str()
        .expect("a template")
        .to_owned();
    api.delete(&format!("/api/station-templates/{template}"), &admin)
        .await
        .expect(200);
    refused(
        &api.get("/api/devices/me", &at_b).await,
        401,
        "Invalid or expired token",
    );

    api.delete_with("/api/stations", &admin, json!({"ids": [c]}))
        .await
        .expect(200);
    refused(
        &api.get("/api/devices/me", &at_c).await,
        401,
        "Invalid or expired token",
    );

    api.get("/api/devices/me", &board).await.expect(200);
    let left = api.get("/api/devices", &admin).await;
    assert_eq!(left.body["pagination"]["total"], 1);
    assert_eq!(left.data()[0]["name"], "TV");
    assert_eq!(count(&server, "SELECT count(*) FROM devices").await, 1);
    server.stop().await;
}
