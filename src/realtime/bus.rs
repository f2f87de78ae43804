//! Delivers committed events to their rooms. A socket in several target rooms gets one copy
//! (upstream sent one per room). Delivery never blocks or fails a use case: a socket whose
//! buffer is full misses the event and is logged.

use crate::domain::events::Event;
use socketioxide::SocketIo;

#[derive(Clone)]
pub struct Bus {
    io: SocketIo,
}

impl Bus {
    pub fn new(io: SocketIo) -> Self {
        Bus { io }
    }

    pub async fn publish(&self, events: Vec<Event>) {
        for event in events {
            let rooms: Vec<String> = event.rooms.iter().map(ToString::to_string).collect();
            if let Err(error) = self.io.to(rooms).emit(event.name, &event.payload).await {
                tracing::debug!(event = event.name, %error, "event not delivered to every socket");
            }
        }
    }

    pub fn io(&self) -> &SocketIo {
        &self.io
    }
}
