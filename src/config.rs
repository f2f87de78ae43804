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
    Serve(Box<ServeArgs>),
    /// Write a consistent copy of the database to FILE; safe while the box is serving.
    Backup(BackupArgs),
    /// Replace the database with the backup FILE (checked first); the box must be stopped.
    Restore(RestoreArgs),
    /// List the boxes announced on the LAN over mDNS (`_stdplus._tcp`), then exit.
    Discover(DiscoverArgs),
    /// Try a USB camera or a folder of frames, or measure the QR decoders (`camera --help`).
    Camera(crate::camera::cli::CameraArgs),
    /// Developers: fill a new data dir with a factory's history (README "Memory and start").
    #[command(hide = true)]
    Generate(crate::dev::generate::GenerateArgs),
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
pub struct DiscoverArgs {
    /// How long to listen for answers, in seconds.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub timeout: u64,

    /// Which network interfaces to ask on (as `--mdns-interfaces` of `serve`).
    #[arg(
        long,
        env = "STDPLUS_MDNS_INTERFACES",
        value_enum,
        default_value = "lan"
    )]
    pub interfaces: MdnsInterfaces,
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address and port to listen on.
    #[arg(long, env = "STDPLUS_LISTEN", default_value = "0.0.0.0:3000")]
    pub listen: SocketAddr,

    /// Address and port of HTTPS, with a certificate from the box's own CA (phones' cameras need
    /// it), or `off`. Serves the same app and API as `--listen`.
    #[arg(long, env = "STDPLUS_HTTPS_LISTEN", default_value = "0.0.0.0:3443", value_parser = HttpsListen::parse)]
    pub https_listen: HttpsListen,

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

    /// mDNS host name of the box: `stdplus` announces `stdplus.local`. If another device already
    /// holds the name, the box takes `stdplus-2.local` (and says so in the log).
    #[arg(long, env = "STDPLUS_MDNS_NAME", default_value = "stdplus", value_parser = parse_host_label)]
    pub mdns_name: String,

    /// mDNS instance name, shown by `stdplus discover` and network browsers; also the `name` TXT.
    #[arg(long, env = "STDPLUS_MDNS_INSTANCE", default_value = "STD Plus Box", value_parser = parse_instance)]
    pub mdns_instance: String,

    /// Interfaces to announce on: `lan` skips loopback, container bridges (docker*, br-*, veth*,
    /// virbr*) and link-local addresses; `loopback` is 127.0.0.1 only (tests, one machine);
    /// `all` is every interface with multicast.
    #[arg(
        long,
        env = "STDPLUS_MDNS_INTERFACES",
        value_enum,
        default_value = "lan"
    )]
    pub mdns_interfaces: MdnsInterfaces,

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

/// Where HTTPS listens, if anywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HttpsListen {
    Off,
    At(SocketAddr),
}

impl HttpsListen {
    pub fn parse(text: &str) -> Result<HttpsListen, String> {
        if text.trim().eq_ignore_ascii_case("off") {
            return Ok(HttpsListen::Off);
        }
        text.trim()
            .parse()
            .map(HttpsListen::At)
            .map_err(|_| format!("`{text}` is not an address such as 0.0.0.0:3443, nor `off`"))
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Toggle {
    On,
    Off,
}

/// Where mDNS announces and asks.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum MdnsInterfaces {
    Lan,
    Loopback,
    All,
}

/// One DNS label (letters, digits, `-`), given bare or with `.local`.
fn parse_host_label(text: &str) -> Result<String, String> {
    let label = text.trim_end_matches('.').trim_end_matches(".local");
    let valid = !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if valid {
        Ok(label.to_ascii_lowercase())
    } else {
        Err(format!(
            "`{text}` is not a host name: use letters, digits and `-` (at most 63), e.g. stdplus"
        ))
    }
}

/// An instance name is one DNS label of UTF-8: at most 63 bytes, no control characters.
fn parse_instance(text: &str) -> Result<String, String> {
    let name = text.trim();
    if name.is_empty() || name.len() > 63 || name.chars().any(char::is_control) {
        Err(format!(
            "`{text}` is not an instance name: 1 to 63 bytes, printable"
        ))
    } else {
        Ok(name.to_owned())
    }
}

fn parse_lifetime(text: &str) -> Result<Duration, String> {
    parse_ms_span(text).ok_or_else(|| format!("`{text}` is not a time span such as 7d, 12h or 30m"))
}

impl ServeArgs {
    /// Settings for tests and tools: a given data dir, free loopback ports for HTTP and HTTPS.
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        ServeArgs {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            https_listen: HttpsListen::At(SocketAddr::from(([127, 0, 0, 1], 0))),
            data_dir,
            admin_password: None,
            jwt_expires_in: Duration::from_secs(7 * 24 * 3600),
            cors_origin: "*".to_owned(),
            mdns: Toggle::Off,
            mdns_name: "stdplus".to_owned(),
            mdns_instance: "STD Plus Box".to_owned(),
            mdns_interfaces: MdnsInterfaces::Lan,
            shifts: Shifts::default(),
            backup_at: BackupAt::Off,
            backup_keep: 7,
            backup_every: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_names_are_one_label() {
        assert_eq!(parse_host_label("stdplus").as_deref(), Ok("stdplus"));
        assert_eq!(parse_host_label("Line-2.local.").as_deref(), Ok("line-2"));
        assert_eq!(parse_host_label("box.local").as_deref(), Ok("box"));
        for bad in [
            "",
            ".local",
            "a.b",
            "-x",
            "x-",
            "caf\u{e9}",
            "a_b",
            &"x".repeat(64),
        ] {
            assert!(parse_host_label(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn https_listens_at_an_address_or_is_off() {
        let at = SocketAddr::from(([0, 0, 0, 0], 3443));
        assert_eq!(HttpsListen::parse("0.0.0.0:3443"), Ok(HttpsListen::At(at)));
        assert_eq!(HttpsListen::parse("off"), Ok(HttpsListen::Off));
        assert_eq!(HttpsListen::parse("Off"), Ok(HttpsListen::Off));
        assert!(HttpsListen::parse("3443").is_err());
        assert!(HttpsListen::parse("").is_err());
    }

    #[test]
    fn instance_names_fit_a_label() {
        assert_eq!(parse_instance(" Line 2 ").as_deref(), Ok("Line 2"));
        assert!(parse_instance("").is_err());
        assert!(parse_instance(&"x".repeat(64)).is_err());
        assert!(parse_instance("a\nb").is_err());
    }
}
