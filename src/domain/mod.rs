//! Pure types and rules. Nothing here does I/O or knows about HTTP or SQL.

pub mod customer;
pub mod duration;
pub mod events;
pub mod id;
pub mod json;
pub mod numbers;
pub mod pane;
pub mod permissions;
pub mod request;
pub mod scan;
pub mod stock;
pub mod time;
pub mod worker;

pub use id::Id;
pub use time::Timestamp;
