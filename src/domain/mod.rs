//! Pure types and rules. Nothing here does I/O or knows about HTTP or SQL.

pub mod claim;
pub mod customer;
pub mod dashboard;
pub mod device;
pub mod duration;
pub mod embed;
pub mod events;
pub mod floor;
pub mod id;
pub mod inventory;
pub mod job_type;
pub mod json;
pub mod material;
pub mod material_log;
pub mod notification;
pub mod numbers;
pub mod order;
pub mod pane;
pub mod pane_log;
pub mod pane_view;
pub mod permissions;
pub mod pricing;
pub mod printer;
pub mod production_log;
pub mod request;
pub mod scan;
pub mod shift;
pub mod station;
pub mod sticker_template;
pub mod stock;
pub mod time;
pub mod withdrawal;
pub mod worker;

pub use id::Id;
pub use time::Timestamp;
