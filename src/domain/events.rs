//! Real-time events as data (ARCHITECTURE.md): a name, the rooms it goes to, and its JSON
//! payload. Use cases return these; the realtime layer delivers them after commit.
//!
//! Every event's rooms are decided here, in one place, from the seed's table
//! (`shared/seed/socket-events.txt`) and production.md §6.7.

use super::Id;
use serde::Serialize;
use serde_json::{Value, json};
use std::fmt;

/// A Socket.IO room.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Room {
    Dashboard,
    Inventory,
    Station,
    Log,
    Request,
    Withdrawal,
    Order,
    Claim,
    Pane,
    Production,
    Pricing,
    /// `station:<id>`: one station's screens (the id is whatever string clients join with).
    StationOf(String),
    /// `user:<workerId>`: one worker's devices.
    User(Id),
}

impl Room {
    /// The shared page rooms clients join with `join_<name>` / `leave_<name>`.
    pub const PAGES: [Room; 11] = [
        Room::Dashboard,
        Room::Inventory,
        Room::Station,
        Room::Log,
        Room::Request,
        Room::Withdrawal,
        Room::Order,
        Room::Claim,
        Room::Pane,
        Room::Production,
        Room::Pricing,
    ];

    pub fn page(name: &str) -> Option<Room> {
        Room::PAGES
            .into_iter()
            .find(|room| room.to_string() == name)
    }
}

impl fmt::Display for Room {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Room::Dashboard => f.write_str("dashboard"),
            Room::Inventory => f.write_str("inventory"),
            Room::Station => f.write_str("station"),
            Room::Log => f.write_str("log"),
            Room::Request => f.write_str("request"),
            Room::Withdrawal => f.write_str("withdrawal"),
            Room::Order => f.write_str("order"),
            Room::Claim => f.write_str("claim"),
            Room::Pane => f.write_str("pane"),
            Room::Production => f.write_str("production"),
            Room::Pricing => f.write_str("pricing"),
            Room::StationOf(id) => write!(f, "station:{id}"),
            Room::User(id) => write!(f, "user:{id}"),
        }
    }
}

/// The seed's resource events: `{action, data}` sent to fixed page rooms (plus, for panes, the
/// room of the station concerned). This table is the seed's "Emitted to rooms" column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Topic {
    Material,
    Inventory,
    Order,
    Log,
    Request,
    Withdrawal,
    Claim,
    Station,
    Pane,
    ProductionLog,
    StationTemplate,
    StickerTemplate,
    JobType,
}

impl Topic {
    pub fn event_name(self) -> &'static str {
        match self {
            Topic::Material => "material:updated",
            Topic::Inventory => "inventory:updated",
            Topic::Order => "order:updated",
            Topic::Log => "log:updated",
            Topic::Request => "request:updated",
            Topic::Withdrawal => "withdrawal:updated",
            Topic::Claim => "claim:updated",
            Topic::Station => "station:updated",
            Topic::Pane => "pane:updated",
            Topic::ProductionLog => "production-log:updated",
            Topic::StationTemplate => "station-template:updated",
            Topic::StickerTemplate => "sticker-template:updated",
            Topic::JobType => "jobType:updated",
        }
    }

    /// The page rooms of the seed for this topic.
    pub fn rooms(self) -> &'static [Room] {
        match self {
            Topic::Material | Topic::Inventory => &[Room::Dashboard, Room::Inventory],
            Topic::Order => &[Room::Dashboard, Room::Order],
            Topic::Log => &[Room::Dashboard, Room::Log],
            Topic::Request => &[Room::Dashboard, Room::Request],
            Topic::Withdrawal => &[Room::Dashboard, Room::Withdrawal],
            Topic::Claim => &[Room::Dashboard, Room::Claim],
            Topic::Station | Topic::StationTemplate => &[Room::Dashboard, Room::Station],
            Topic::Pane => &[Room::Dashboard, Room::Pane, Room::Production],
            Topic::ProductionLog => &[Room::Dashboard, Room::Production],
            Topic::StickerTemplate | Topic::JobType => &[Room::Dashboard],
        }
    }
}

/// One event to deliver: to the union of `rooms` (each socket once).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub name: &'static str,
    pub rooms: Vec<Room>,
    pub payload: Value,
    /// After delivery, the sockets in `rooms` are disconnected (a revoked device).
    pub disconnect: bool,
}

impl Event {
    fn new(name: &'static str, rooms: Vec<Room>, payload: Value) -> Self {
        Event {
            name,
            rooms,
            payload,
            disconnect: false,
        }
    }

    /// `device:revoked {_id, action}` to the device's own sockets, which are then
    /// disconnected: a revoked kiosk stops hearing anything at once.
    pub fn device_revoked(device: Id) -> Self {
        Event {
            disconnect: true,
            ..Event::new(
                "device:revoked",
                vec![Room::User(device)],
                json!({ "_id": device, "action": "revoked" }),
            )
        }
    }

    /// `<topic>:updated {action, data}` to the topic's rooms.
    pub fn resource(topic: Topic, action: &str, data: impl Serialize) -> Self {
        let payload = json!({ "action": action, "data": to_value(data) });
        Event::new(topic.event_name(), topic.rooms().to_vec(), payload)
    }

    /// As [`Event::resource`], also to the room of `station` when there is one (panes).
    pub fn resource_at_station(
        topic: Topic,
        action: &str,
        data: impl Serialize,
        station: Option<Id>,
    ) -> Self {
        let mut event = Event::resource(topic, action, data);
        event
            .rooms
            .extend(station.map(|id| Room::StationOf(id.to_hex())));
        event
    }

    /// `<topic>:updated {action}` with no data (e.g. `inventory:updated adjusted`).
    pub fn resource_action(topic: Topic, action: &str) -> Self {
        Event::new(
            topic.event_name(),
            topic.rooms().to_vec(),
            json!({ "action": action }),
        )
    }

    /// A bulk delete: `{action: "deleted", data: {ids}}` with the ids as sent.
    pub fn deleted_many(topic: Topic, ids: &[Id]) -> Self {
        Event::resource(topic, "deleted", json!({ "ids": ids }))
    }

    /// A resource event to explicitly chosen rooms, for the few spec rows that differ from the
    /// topic's default (e.g. `order:updated cancelled_by_request` → production, dashboard).
    pub fn resource_to(topic: Topic, rooms: Vec<Room>, payload: Value) -> Self {
        Event::new(topic.event_name(), rooms, payload)
    }

    /// `notification`: a stored notification document to its recipient's devices.
    pub fn notification_to(recipient: Id, document: impl Serialize) -> Self {
        Event::new(
            "notification",
            vec![Room::User(recipient)],
            to_value(document),
        )
    }

    /// `notification` to a station's screens (not stored): order or pane arrivals.
    pub fn notification_at_station(station: Id, payload: Value) -> Self {
        Event::new(
            "notification",
            vec![Room::StationOf(station.to_hex())],
            payload,
        )
    }

    /// `camera:scan` to a station's screens (an addition to the seed's events): what a USB
    /// camera at the station read and what the box answered, so that the station's kiosk
    /// confirms it like a scan made on the kiosk itself.
    pub fn camera_scan(station: Id, payload: Value) -> Self {
        Event::new(
            "camera:scan",
            vec![Room::StationOf(station.to_hex())],
            payload,
        )
    }

    /// `pricing:updated`: the bare settings object, to the pricing room.
    pub fn pricing_updated(settings: impl Serialize) -> Self {
        Event::new("pricing:updated", vec![Room::Pricing], to_value(settings))
    }

    /// `station:check_in {orderId, stationId, action}` to that station's room.
    pub fn station_check_in(station: Id, order: Id, action: &str) -> Self {
        let payload = json!({ "orderId": order, "stationId": station, "action": action });
        Event::new(
            "station:check_in",
            vec![Room::StationOf(station.to_hex())],
            payload,
        )
    }

    /// `station:pane_arrived` to the next station's room and the shared station page.
    pub fn pane_arrived(to_station: Id, payload: Value) -> Self {
        Event::new(
            "station:pane_arrived",
            vec![Room::StationOf(to_station.to_hex()), Room::Station],
            payload,
        )
    }

    /// `laminate:ready` / `pane:laminated`: dashboard, pane, production and the station.
    pub fn laminate(name: LaminateEvent, station: Id, payload: Value) -> Self {
        let station_room = Room::StationOf(station.to_hex());
        let rooms = match name {
            LaminateEvent::Waiting => vec![station_room],
            LaminateEvent::Ready | LaminateEvent::Laminated => {
                vec![Room::Dashboard, Room::Pane, Room::Production, station_room]
            }
        };
        Event::new(name.event_name(), rooms, payload)
    }

    /// `worker:updated {_id, action}` (core.md §4.3). Upstream broadcasts it to every socket;
    /// the box sends it to the worker's own devices (so a changed or deleted account reacts)
    /// and to the dashboard, because broadcasts reach sockets that may not list workers.
    pub fn worker_updated(id: Id, action: &str) -> Self {
        Event::new(
            "worker:updated",
            vec![Room::User(id), Room::Dashboard],
            json!({ "_id": id, "action": action }),
        )
    }

    /// `role:updated {_id, action}` (core.md §3.7); upstream broadcasts, the box sends it to
    /// the dashboard room (see [`Event::worker_updated`]).
    pub fn role_updated(id: Id, action: &str) -> Self {
        Event::new(
            "role:updated",
            vec![Room::Dashboard],
            json!({ "_id": id, "action": action }),
        )
    }
}

/// The laminate pairing events of the seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LaminateEvent {
    Ready,
    Waiting,
    Laminated,
}

impl LaminateEvent {
    fn event_name(self) -> &'static str {
        match self {
            LaminateEvent::Ready => "laminate:ready",
            LaminateEvent::Waiting => "laminate:waiting",
            LaminateEvent::Laminated => "pane:laminated",
        }
    }
}

/// Documents are plain serialisable data; a failure here is a programming error, rendered as
/// null rather than taking a request down.
fn to_value(data: impl Serialize) -> Value {
    serde_json::to_value(data).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_events_follow_the_seed_table() {
        let event = Event::resource(Topic::Material, "created", json!({"name": "Clear 5mm"}));
        assert_eq!(event.name, "material:updated");
        assert_eq!(event.rooms, vec![Room::Dashboard, Room::Inventory]);
        assert_eq!(
            event.payload,
            json!({"action": "created", "data": {"name": "Clear 5mm"}})
        );

        let station = Id::new();
        let pane = Event::resource_at_station(Topic::Pane, "scanned", json!({}), Some(station));
        let rooms: Vec<String> = pane.rooms.iter().map(ToString::to_string).collect();
        assert_eq!(
            rooms,
            vec![
                "dashboard".to_owned(),
                "pane".into(),
                "production".into(),
                format!("station:{station}")
            ]
        );

        assert_eq!(
            Event::resource_action(Topic::Inventory, "adjusted").payload,
            json!({"action": "adjusted"})
        );
        assert_eq!(
            Event::laminate(LaminateEvent::Waiting, station, json!({}))
                .rooms
                .len(),
            1
        );
        assert_eq!(
            Event::pane_arrived(station, json!({})).rooms[1],
            Room::Station
        );
    }
}
