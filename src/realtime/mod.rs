//! Socket.IO at `/api/socket-entry`: handshake authentication, rooms and their authorization,
//! client events, and the bus that delivers the use cases' events after commit.

pub mod access;
mod bus;
pub mod checkin;
mod client_events;
mod handshake;

pub use bus::Bus;
pub use handshake::attach;
