//! Configuration: command-line flags, each backed by an `STDPLUS_*` environment variable,
//! validated once at start.

use crate::backup::schedule::BackupAt;
use crate::domain::duration::parse_ms_span;
use crate::domain::shift::Shifts;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

#[derive(Parser, Debug)]
#[command(
    name = "stdplus",
    version = crate::LONG_VERSION,
    about = "STD Plus Box: production tracking for a glass factory, in one binary",
    args_conflicts_with_subcommands = true,
    after_help = "Logging: set RUST_LOG (e.g. RUST_LOG=info or RUST_LOG=stdplus=debug); the default is info.\n\
                  With no subcommand, stdplus serves."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub serve: ServeArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API, Socket.IO and the web app (the default).
    Serve(ServeArgs),
    /// Write a consistent copy of the database to FILE; safe while the box is serving.
    Backup(BackupArgs),
    /// Replace the database with the backup FILE (checked first); the box must be stopped.
    Restore(RestoreArgs),
}

#[derive(Args, Debug, Clone)]
pub struct BackupArgs {
    /// The copy to write (e.g. /media/usb/stdplus-2026-03-05.db).
    pub file: PathBuf,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,

    /// The data dir of the box to back up.
    #[arg(long, env = "STDPLUS_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct RestoreArgs {
    /// The backup to restore (written by `stdplus backup` or found in <data dir>/backups).
    pub file: PathBuf,

    /// The data dir whose database is replaced.
    #[arg(long, env = "STDPLUS_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "STDPLUS_LISTEN", default_value = "0.0.0.0:3000")]
    pub listen: SocketAddr,

    /// Directory holding the database, the JWT secret and backups; created if missing.
    #[arg(long, env = "STDPLUS_DATA_DIR", default_value = "./data")]
    pub data_dir: PathBuf,

    /// Password of the first `admin` worker, used only when the database is new. Without it a
    /// random password is generated, logged once and saved to <data dir>/initial-admin-password.
    #[arg(long, env = "STDPLUS_ADMIN_PASSWORD", hide_env_values = true)]
    pub admin_password: Option<String>,

    /// Lifetime of login tokens, as upstream's JWT_EXPIRES_IN: 7d, 12h, 30m; a bare number is ms.
    #[arg(long, env = "STDPLUS_JWT_EXPIRES_IN", default_value = "7d", value_parser = parse_lifetime)]
    pub jwt_expires_in: Duration,

    /// CORS origin: `*` or one exact origin such as http://office-pc:3000.
    #[arg(long, env = "STDPLUS_CORS_ORIGIN", default_value = "*")]
    pub cors_origin: String,

    /// Announce the box on the LAN over mDNS (stdplus.local).
    #[arg(long, env = "STDPLUS_MDNS", default_value = "on")]
    pub mdns: Toggle,

    /// Local times at which shifts start, comma-separated (the floor's "done this shift").
    #[arg(long, env = "STDPLUS_SHIFTS", default_value = "08:00,20:00", value_parser = Shifts::parse)]
    pub shifts: Shifts,

    /// Local time of the nightly backup into <data dir>/backups, or `off`.
    #[arg(long, env = "STDPLUS_BACKUP_AT", default_value = "02:30", value_parser = BackupAt::parse)]
    pub backup_at: BackupAt,

    /// How many nightly backups to keep (the oldest are removed).
    #[arg(long, env = "STDPLUS_BACKUP_KEEP", default_value_t = 7,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub backup_keep: u32,

    /// Tests only: back up this often instead of at `backup_at`.
    #[arg(skip)]
    pub backup_every: Option<Duration>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toggle {
    On,
    Off,
}

fn parse_lifetime(text: &str) -> Result<Duration, String> {
    parse_ms_span(text).ok_or_else(|| format!("`{text}` is not a time span such as 7d, 12h or 30m"))
}

impl ServeArgs {
    /// Settings for tests and tools: a given data dir, a free loopback port.
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        ServeArgs {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            data_dir,
            admin_password: None,
            jwt_expires_in: Duration::from_secs(7 * 24 * 3600),
            cors_origin: "*".to_owned(),
            mdns: Toggle::Off,
            shifts: Shifts::default(),
            backup_at: BackupAt::Off,
            backup_keep: 7,
            backup_every: None,
        }
    }
}
