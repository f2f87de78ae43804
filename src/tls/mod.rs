//! HTTPS for phones. A phone's camera needs a secure context, and a box on a factory LAN has no
//! public name for a public CA: so on first start the box makes its own certificate authority
//! ([`ca`]), issues itself a server certificate for its addresses and names ([`issue`],
//! [`names`]), serves TLS with rustls beside plain HTTP ([`listener`]), and re-issues the
//! certificate when its addresses change or it nears its end, without a restart ([`renew`]).
//! Phones trust the CA once, from the `/connect` page.

pub mod ca;
pub mod issue;
pub mod listener;
pub mod names;
pub mod renew;

use ca::LocalCa;
use issue::{Reissue, ServerCert, needs_reissue};
use renew::CurrentCert;
use rustls::ServerConfig;
use rustls::crypto::CryptoProvider;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use time::OffsetDateTime;

/// Under the data dir: the CA and the server certificate with their keys.
pub const TLS_DIR: &str = "tls";

/// Why HTTPS cannot be set up (the box then serves plain HTTP only, and logs this).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TlsError(pub String);

impl TlsError {
    fn io(path: &Path, error: std::io::Error) -> TlsError {
        TlsError(format!("{}: {error}", path.display()))
    }

    fn from_rcgen(error: rcgen::Error) -> TlsError {
        TlsError(format!("certificate: {error}"))
    }
}

/// ring, never aws-lc-rs (which needs cmake to cross-compile for the Pi). rustls 0.23.48
/// deprecates ring's provider for lacking post-quantum key exchange; on a factory LAN, with a CA
/// of the box's own, classic ECDHE is what phones get from the box either way.
#[allow(deprecated)]
pub fn provider() -> Arc<CryptoProvider> {
    static PROVIDER: OnceLock<Arc<CryptoProvider>> = OnceLock::new();
    Arc::clone(PROVIDER.get_or_init(|| Arc::new(rustls::crypto::ring::default_provider())))
}

/// The box's TLS: its CA and the server certificate in use.
pub struct BoxTls {
    dir: PathBuf,
    host: String,
    ca: LocalCa,
    current: Arc<CurrentCert>,
}

impl BoxTls {
    /// Reads or makes the CA, then reuses the saved server certificate if the renewal rule keeps
    /// it, or issues a new one. Blocking (key generation and files).
    pub fn start(data_dir: &Path, host: &str, instance: &str) -> Result<BoxTls, TlsError> {
        let dir = data_dir.join(TLS_DIR);
        create_private_dir(&dir)?;
        let ca = LocalCa::load_or_create(&dir, host, instance)?;
        let lan = names::lan_addresses();
        let wanted = names::wanted(&lan, host);
        let now = OffsetDateTime::now_utc();
        let saved = issue::load(&dir, &ca);
        let reason = match &saved {
            Some(saved) => needs_reissue(&saved.facts, &wanted, now.unix_timestamp()),
            None => None,
        };
        let server = match (saved, reason) {
            (Some(saved), None) => {
                tracing::info!(names = %list(&saved.facts.names), "reusing the saved server certificate");
                saved
            }
            (_, reason) => issue_logged(&dir, &ca, &lan, host, now, reason.as_ref())?,
        };
        Ok(BoxTls {
            current: Arc::new(CurrentCert::new(server)),
            dir,
            host: host.to_owned(),
            ca,
        })
    }

    /// The rustls configuration: HTTP/1.1 (Socket.IO's WebSocket upgrade needs it), and the
    /// certificate from [`CurrentCert`], so a renewal applies to the next handshake.
    pub fn server_config(&self) -> Result<Arc<ServerConfig>, TlsError> {
        let mut config = ServerConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| TlsError(format!("TLS versions: {e}")))?
            .with_no_client_auth()
            .with_cert_resolver(Arc::clone(&self.current) as _);
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Arc::new(config))
    }

    pub fn ca_pem(&self) -> &str {
        &self.ca.cert_pem
    }

    pub fn ca_der(&self) -> &[u8] {
        self.ca.cert_der.as_ref()
    }

    pub fn ca_fingerprint(&self) -> String {
        self.ca.fingerprint()
    }

    pub fn ca_name(&self) -> String {
        self.ca.common_name()
    }

    /// The certificate in use now.
    pub fn current(&self) -> ServerCert {
        self.current.get()
    }

    /// Re-issues the certificate if the rule says so for these LAN addresses and this time, and
    /// swaps it in for the next handshakes. Blocking.
    pub fn refresh(
        &self,
        lan: &[IpAddr],
        now: OffsetDateTime,
    ) -> Result<Option<Reissue>, TlsError> {
        let wanted = names::wanted(lan, &self.host);
        let current = self.current.get();
        let Some(reason) = needs_reissue(&current.facts, &wanted, now.unix_timestamp()) else {
            return Ok(None);
        };
        let server = issue_logged(&self.dir, &self.ca, lan, &self.host, now, Some(&reason))?;
        self.current.set(server);
        Ok(Some(reason))
    }
}

fn issue_logged(
    dir: &Path,
    ca: &LocalCa,
    lan: &[IpAddr],
    host: &str,
    now: OffsetDateTime,
    reason: Option<&Reissue>,
) -> Result<ServerCert, TlsError> {
    let wanted = names::wanted(lan, host);
    let server = issue::issue_and_save(dir, ca, &wanted, host, now)?;
    let why = reason.map_or_else(
        || "no usable saved certificate".to_owned(),
        |reason| format!("{reason:?}"),
    );
    tracing::info!(names = %list(&wanted), %why, "issued the server certificate");
    let outside = names::outside_constraints(lan);
    if !outside.is_empty() {
        tracing::warn!(
            addresses = ?outside,
            "these addresses are not private: the box's CA cannot vouch for them, so phones \
             reach the box over HTTPS only at its private addresses"
        );
    }
    Ok(server)
}

fn list(names: &std::collections::BTreeSet<names::SanName>) -> String {
    names
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn create_private_dir(dir: &Path) -> Result<(), TlsError> {
    std::fs::create_dir_all(dir).map_err(|e| TlsError::io(dir, e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    Ok(())
}

/// Writes `path` whole or not at all (a temp file renamed over it); keys are owner-only (0600).
fn write_replacing(path: &Path, contents: &[u8], private: bool) -> Result<(), TlsError> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".tmp");
    let temp = PathBuf::from(temp);
    let _ = std::fs::remove_file(&temp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    let written = options.open(&temp).and_then(|mut file| {
        file.write_all(contents)?;
        file.sync_all()
    });
    written
        .and_then(|()| std::fs::rename(&temp, path))
        .map_err(|e| TlsError::io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_address_swaps_in_a_new_certificate_without_a_restart() {
        let dir = tempfile::tempdir().expect("dir");
        let tls = BoxTls::start(dir.path(), "stdplus", "Box").expect("tls");
        let before = tls.current();
        let now = OffsetDateTime::now_utc();
        let same: Vec<IpAddr> = before
            .facts
            .names
            .iter()
            .filter_map(|name| match name {
                names::SanName::Ip(ip) if !ip.is_loopback() => Some(*ip),
                _ => None,
            })
            .collect();
        assert_eq!(tls.refresh(&same, now).expect("refresh"), None);
        let mut moved = same.clone();
        moved.push(IpAddr::from([10, 99, 0, 7]));
        let reason = tls.refresh(&moved, now).expect("refresh");
        assert!(matches!(reason, Some(Reissue::Missing(_))), "{reason:?}");
        let after = tls.current();
        assert!(
            after
                .facts
                .names
                .contains(&names::SanName::Ip(IpAddr::from([10, 99, 0, 7])))
        );
        assert!(!Arc::ptr_eq(&before.key, &after.key));
        // And it is the one on disk for the next start.
        let saved = issue::load(&dir.path().join(TLS_DIR), &tls.ca).expect("saved");
        assert_eq!(saved.facts, after.facts);
    }
}
