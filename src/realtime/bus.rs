//! Delivers committed events to their rooms. A socket in several target rooms gets one copy
//! (upstream sent one per room). Delivery never blocks or fails a use case: a socket whose
//! buffer is full misses the event and is logged.

use super::checkin::{CheckIn, CheckinBuffer};
use crate::domain::events::{Event, Room};
use serde_json::Value;
use socketioxide::SocketIo;
use std::sync::Arc;

#[derive(Clone)]
pub struct Bus {
    io: SocketIo,
    checkins: Arc<CheckinBuffer>,
}

impl Bus {
    pub fn new(io: SocketIo) -> Self {
        Bus {
            io,
            checkins: Arc::new(CheckinBuffer::default()),
        }
    }

    pub async fn publish(&self, events: Vec<Event>) {
        for event in events {
            let rooms: Vec<String> = event.rooms.iter().map(ToString::to_string).collect();
            if rooms.is_empty() {
                tracing::warn!(event = event.name, "event without rooms not sent");
                continue;
            }
            if let Err(error) = self
                .io
                .to(rooms.clone())
                .emit(event.name, &event.payload)
                .await
            {
                tracing::debug!(event = event.name, %error, "event not delivered to every socket");
            }
            if event.disconnect
                && let Err(error) = self.io.to(rooms).disconnect().await
            {
                tracing::warn!(event = event.name, %error, "sockets not disconnected");
            }
        }
    }

    /// A worker checked in at a station (a phone's `mobile-scan`, later a camera): remember it
    /// for the replay and tell the station's screens.
    pub async fn check_in(&self, station: &str, check_in: CheckIn) {
        self.checkins.record(station, check_in.clone());
        let room = Room::StationOf(station.to_owned()).to_string();
        if let Err(error) = self.io.to(room).emit("scan-confirmed", &check_in).await {
            tracing::debug!(%error, "scan-confirmed not delivered to every socket");
        }
    }

    pub fn checkins(&self) -> &CheckinBuffer {
        &self.checkins
    }

    /// `system_alert` goes to every connected socket, by design of the seed.
    pub async fn alert_everyone(&self, payload: &Value) {
        if let Err(error) = self.io.emit("system_alert", payload).await {
            tracing::debug!(%error, "system_alert not delivered to every socket");
        }
    }
}
