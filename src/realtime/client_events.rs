//! What a connected client may send (production.md §6.4): room joins and leaves with acks,
//! the QR check-in trio, `system_alert` and `error`. Every handler tolerates any payload or
//! none (a handler that extracted typed data would be skipped when a client sends only an ack
//! callback), and answers the ack whenever the client asked for one.

use super::access::may_join;
use super::checkin::{CheckIn, local_time_string};
use crate::domain::events::Room;
use crate::domain::worker::Actor;
use crate::ops::Core;
use crate::ops::auth::reload;
use serde_json::{Value, json};
use socketioxide::extract::{AckSender, SocketRef, TryData};
use std::sync::Arc;

const NOT_AUTHORIZED: &str = "Not authorized";
const STATION_REQUIRED: &str = "stationId is required";
const DEVICE_CHECK_IN: &str = "A device cannot check in";
/// Longest station id accepted in a room name; ids are 24 hex, check-in names are short.
const MAX_STATION_ID: usize = 128;

fn ack_ok(ack: AckSender, room: &Room) {
    let _ = ack.send(&json!({ "ok": true, "room": room.to_string() }));
}

fn ack_error(ack: AckSender, error: &str) {
    let _ = ack.send(&json!({ "ok": false, "error": error }));
}

/// The caller's worker and role as they are now (a role may have changed since the handshake,
/// a device may have been revoked).
async fn current_actor(core: &Core, socket: &SocketRef) -> Option<Actor> {
    let actor = socket.extensions.get::<Actor>()?;
    reload(core, &actor).await.ok()
}

/// `{stationId}` or a bare string (or number); `None` when missing or unusable.
fn station_id(payload: &Result<Value, impl Sized>) -> Option<String> {
    let value = match payload.as_ref().ok()? {
        Value::Object(map) => map.get("stationId")?,
        other => other,
    };
    let id = match value {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        _ => return None,
    };
    (!id.is_empty() && id.len() <= MAX_STATION_ID).then_some(id)
}

async fn join_checked(core: &Core, socket: &SocketRef, room: Room, ack: AckSender) {
    match current_actor(core, socket).await {
        Some(actor) if may_join(&actor.grants, &room) => {
            socket.join(room.to_string());
            ack_ok(ack, &room);
        }
        _ => ack_error(ack, NOT_AUTHORIZED),
    }
}

pub fn register(socket: &SocketRef, core: Arc<Core>) {
    socket.on("join_me", async |socket: SocketRef, ack: AckSender| {
        if let Some(actor) = socket.extensions.get::<Actor>() {
            let room = Room::User(actor.worker.id);
            socket.join(room.to_string());
            ack_ok(ack, &room);
        }
    });

    for room in Room::PAGES {
        let name = room.to_string();
        let join_core = Arc::clone(&core);
        let join_room = room.clone();
        socket.on(
            format!("join_{name}"),
            move |socket: SocketRef, ack: AckSender| {
                let core = Arc::clone(&join_core);
                let room = join_room.clone();
                async move { join_checked(&core, &socket, room, ack).await }
            },
        );
        socket.on(
            format!("leave_{name}"),
            move |socket: SocketRef, ack: AckSender| {
                let room = room.clone();
                async move {
                    socket.leave(room.to_string());
                    ack_ok(ack, &room);
                }
            },
        );
    }

    let station_core = Arc::clone(&core);
    socket.on(
        "join_station_room",
        move |socket: SocketRef, TryData(payload): TryData<Value>, ack: AckSender| {
            let core = Arc::clone(&station_core);
            async move {
                match station_id(&payload) {
                    Some(id) => join_checked(&core, &socket, Room::StationOf(id), ack).await,
                    None => ack_error(ack, STATION_REQUIRED),
                }
            }
        },
    );
    socket.on("leave_station_room", async |socket: SocketRef, TryData(payload): TryData<Value>, ack: AckSender| {
        match station_id(&payload) {
            Some(id) => {
                let room = Room::StationOf(id);
                socket.leave(room.to_string());
                ack_ok(ack, &room);
            }
            None => ack_error(ack, STATION_REQUIRED),
        }
    });

    let checkin_core = Arc::clone(&core);
    socket.on(
        "join-station",
        move |socket: SocketRef, TryData(payload): TryData<Value>, ack: AckSender| {
            let core = Arc::clone(&checkin_core);
            async move {
                // Upstream takes only a bare string here; `{stationId}` is accepted too.
                let Some(id) = station_id(&payload) else {
                    return ack_error(ack, STATION_REQUIRED);
                };
                let room = Room::StationOf(id.clone());
                let allowed = current_actor(&core, &socket)
                    .await
                    .is_some_and(|actor| may_join(&actor.grants, &room));
                if !allowed {
                    return ack_error(ack, NOT_AUTHORIZED);
                }
                socket.join(room.to_string());
                if let Some(check_in) = core.bus.checkins().recent(&id) {
                    let _ = socket.emit("scan-confirmed", &check_in);
                }
                ack_ok(ack, &room);
            }
        },
    );

    let scan_core = Arc::clone(&core);
    socket.on(
        "mobile-scan",
        move |socket: SocketRef, TryData(payload): TryData<Value>, ack: AckSender| {
            let core = Arc::clone(&scan_core);
            async move {
                let Some(id) = station_id(&payload) else {
                    return ack_error(ack, STATION_REQUIRED);
                };
                let Some(actor) = current_actor(&core, &socket).await else {
                    return ack_error(ack, NOT_AUTHORIZED);
                };
                // A check-in announces a person at a station; a paired screen is not one.
                if actor.device.is_some() {
                    return ack_error(ack, DEVICE_CHECK_IN);
                }
                // Upstream let anyone announce any name at any station. The box requires access to
                // the station, and only supervisors may check someone else in.
                if !may_join(&actor.grants, &Room::StationOf(id.clone())) {
                    return ack_error(ack, NOT_AUTHORIZED);
                }
                let claimed = payload
                    .as_ref()
                    .ok()
                    .and_then(|p| p.get("worker"))
                    .and_then(Value::as_str)
                    .map(str::trim);
                let supervisor = actor.grants.station_aware(&["production:manage"], false);
                let worker = match claimed {
                    Some(name) if supervisor && !name.is_empty() => {
                        name.chars().take(200).collect()
                    }
                    _ => actor.worker.name.clone(),
                };
                core.bus
                    .check_in(
                        &id,
                        CheckIn {
                            worker,
                            time: local_time_string(),
                        },
                    )
                    .await;
                let _ = ack.send(&json!({ "ok": true }));
            }
        },
    );

    let alert_core = Arc::clone(&core);
    socket.on(
        "system_alert",
        move |socket: SocketRef, TryData(payload): TryData<Value>| {
            let core = Arc::clone(&alert_core);
            async move {
                let allowed = current_actor(&core, &socket)
                    .await
                    .is_some_and(|actor| actor.grants.has_star());
                if allowed {
                    core.bus
                        .alert_everyone(&payload.unwrap_or(Value::Null))
                        .await;
                } else {
                    let _ = socket.emit(
                        "error",
                        &json!({ "message": "Not authorized to send system alerts" }),
                    );
                }
            }
        },
    );

    // Upstream crashed on a payload-less `error` (production.md §8 #1); the box answers with
    // the message only when there is a string to echo.
    socket.on(
        "error",
        async |socket: SocketRef, TryData(payload): TryData<Value>| {
            if let Some(message) = payload
                .ok()
                .as_ref()
                .and_then(|p| p.get("message"))
                .and_then(Value::as_str)
            {
                let message: String = message.chars().take(500).collect();
                let _ = socket.emit("error", &json!({ "message": message }));
            }
        },
    );
}
