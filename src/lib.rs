//! STD Plus Box: the production-tracking server of a glass factory, in one binary.
//! See `docs/ARCHITECTURE.md` for the shape: every change is a use case (`ops`) that runs in one
//! SQLite transaction and yields events, delivered over Socket.IO after commit.

pub mod app;
pub mod auth;
pub mod backup;
pub mod camera;
pub mod config;
pub mod data_dir;
pub mod dev;
pub mod domain;
pub mod error;
pub mod http;
pub mod labels;
pub mod mdns;
pub mod ops;
pub mod qr;
pub mod realtime;
pub mod store;
pub mod systemd;
pub mod tls;
pub mod web;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub const GIT_REVISION: &str = env!("STDPLUS_GIT_REVISION");
pub const LONG_VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    " (",
    env!("STDPLUS_GIT_REVISION"),
    ")"
);
