//! Pure types and rules. Nothing here does I/O or knows about HTTP or SQL.

pub mod duration;
pub mod events;
pub mod id;
pub mod job_type;
pub mod json;
pub mod notification;
pub mod numbers;
pub mod permissions;
pub mod pricing;
pub mod station;
pub mod sticker_template;
pub mod stock;
pub mod time;
pub mod worker;

pub use id::Id;
pub use time::Timestamp;
