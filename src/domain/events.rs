//! Real-time events as data (ARCHITECTURE.md): a name, the rooms it goes to, and its JSON
//! payload. Use cases return these; the realtime layer delivers them after commit.
//!
//! Every event's rooms are decided here, in one place, from the seed's table
//! (`shared/seed/socket-events.txt`) and production.md §6.7.

use super::Id;
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

/// One event to deliver: to the union of `rooms` (each socket once).
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub name: &'static str,
    pub rooms: Vec<Room>,
    pub payload: Value,
}

impl Event {
    fn new(name: &'static str, rooms: Vec<Room>, payload: Value) -> Self {
        Event {
            name,
            rooms,
            payload,
        }
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
