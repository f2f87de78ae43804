//! Socket.IO at `/api/socket-entry`: handshake authentication, rooms, and the bus that delivers
//! the use cases' events after commit.

mod bus;
mod handshake;

pub use bus::Bus;
pub use handshake::attach;
