//! The box's own certificate authority: made on first start in `<data dir>/tls/ca.pem` and
//! `ca-key.pem`, then kept for good (phones trust it once, by installing `ca.pem`).
//!
//! The CA is name-constrained to private addresses and `.local`/`localhost` names: a phone that
//! trusts it cannot be fooled by it about any site on the internet, even if someone copies the key
//! off the box's SD card.

use super::{TlsError, write_replacing};
use rcgen::{
    BasicConstraints, CertificateParams, CidrSubnet, DnType, GeneralSubtree, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, NameConstraints, PublicKeyData,
};
use rustls::pki_types::CertificateDer;
use sha2::{Digest, Sha256};
use std::net::IpAddr;
use std::path::Path;
use time::{Duration, OffsetDateTime};

pub const CA_FILE: &str = "ca.pem";
pub const CA_KEY_FILE: &str = "ca-key.pem";

/// A CA outlives the boxes: installing it on every phone again is the cost of a new one.
const CA_VALIDITY_DAYS: i64 = 20 * 365;

/// Clocks disagree (a Pi has no RTC): certificates start a day early.
pub const BACKDATE: Duration = Duration::days(1);

/// A CA made while the clock was wrong (a Pi that booted at 1970) must still be valid once the
/// clock is right: its validity never starts after, nor ends 20 years before, this date.
fn clock_floor() -> OffsetDateTime {
    rcgen::date_time_ymd(2025, 1, 1)
}

/// The IPv4 ranges the CA may vouch for: private (RFC 1918), shared (RFC 6598) and loopback.
const V4_RANGES: [([u8; 4], u8); 5] = [
    ([10, 0, 0, 0], 8),
    ([172, 16, 0, 0], 12),
    ([192, 168, 0, 0], 16),
    ([100, 64, 0, 0], 10),
    ([127, 0, 0, 0], 8),
];

/// The IPv6 ranges: unique local (fc00::/7) and loopback.
const V6_RANGES: [(u128, u8); 2] = [(0xfc00 << 112, 7), (1, 128)];

/// DNS names the CA may vouch for (and every name under them).
const DNS_SUFFIXES: [&str; 2] = ["local", "localhost"];

pub struct LocalCa {
    pub cert_pem: String,
    pub cert_der: CertificateDer<'static>,
    key: KeyPair,
}

/// Whether an address lies inside the CA's name constraints.
pub fn may_vouch_for(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => V4_RANGES.iter().any(|(net, prefix)| {
            let mask = u32::MAX.checked_shl(32 - u32::from(*prefix)).unwrap_or(0);
            u32::from(v4) & mask == u32::from_be_bytes(*net) & mask
        }),
        IpAddr::V6(v6) => V6_RANGES.iter().any(|(net, prefix)| {
            let mask = u128::MAX.checked_shl(128 - u32::from(*prefix)).unwrap_or(0);
            u128::from(v6) & mask == net & mask
        }),
    }
}

impl LocalCa {
    /// Reads the CA from `dir`, or makes one when there is none. A certificate without its key
    /// is an error, never replaced: phones may trust it, and the operator decides.
    pub fn load_or_create(dir: &Path, host: &str, instance: &str) -> Result<LocalCa, TlsError> {
        let (cert_path, key_path) = (dir.join(CA_FILE), dir.join(CA_KEY_FILE));
        let cert_pem = match std::fs::read_to_string(&cert_path) {
            Ok(pem) => pem,
            // The key is written first: a key alone is a first start cut short.
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return LocalCa::create(dir, host, instance, OffsetDateTime::now_utc());
            }
            Err(error) => return Err(TlsError::io(&cert_path, error)),
        };
        let key_pem = std::fs::read_to_string(&key_path).map_err(|error| {
            TlsError(format!(
                "{} exists but its key {} cannot be read ({error}); restore the key, or remove \
                 {} to make a new CA (every phone must then install it again)",
                cert_path.display(),
                key_path.display(),
                dir.display()
            ))
        })?;
        let bad = |what: &str| TlsError(format!("{} {what}", cert_path.display()));
        let key = KeyPair::from_pem(&key_pem).map_err(|e| bad(&format!("key: {e}")))?;
        let cert_der = pem_to_der(&cert_pem).ok_or_else(|| bad("is not a PEM certificate"))?;
        let (_, parsed) = x509_parser::parse_x509_certificate(&cert_der)
            .map_err(|e| bad(&format!("cannot be read: {e}")))?;
        if !parsed.is_ca() || parsed.public_key().raw != key.subject_public_key_info() {
            return Err(bad("is not a CA certificate for the key beside it"));
        }
        Ok(LocalCa {
            cert_pem,
            cert_der,
            key,
        })
    }

    fn create(
        dir: &Path,
        host: &str,
        instance: &str,
        now: OffsetDateTime,
    ) -> Result<LocalCa, TlsError> {
        let key = KeyPair::generate().map_err(TlsError::from_rcgen)?;
        let mut params = CertificateParams::default();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::CommonName, common_name(host, now));
        params
            .distinguished_name
            .push(DnType::OrganizationName, "STD Plus Box");
        params
            .distinguished_name
            .push(DnType::OrganizationalUnitName, instance);
        // Path length 0: the CA signs the box's own server certificates and nothing else.
        params.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        params.name_constraints = Some(name_constraints());
        params.not_before = (now - BACKDATE).min(clock_floor());
        params.not_after = now.max(clock_floor()) + Duration::days(CA_VALIDITY_DAYS);
        let cert = params.self_signed(&key).map_err(TlsError::from_rcgen)?;
        let cert_pem = cert.pem();
        write_replacing(&dir.join(CA_KEY_FILE), key.serialize_pem().as_bytes(), true)?;
        write_replacing(&dir.join(CA_FILE), cert_pem.as_bytes(), false)?;
        tracing::info!(dir = %dir.display(), "made the box's local certificate authority");
        Ok(LocalCa {
            cert_pem,
            cert_der: cert.der().clone(),
            key,
        })
    }

    /// The signer of server certificates, as the CA certificate names it.
    pub fn issuer(&self) -> Result<Issuer<'static, &KeyPair>, TlsError> {
        Issuer::from_ca_cert_der(&self.cert_der, &self.key).map_err(TlsError::from_rcgen)
    }

    /// SHA-256 of the certificate, as phones show it: `AB:CD:…`.
    pub fn fingerprint(&self) -> String {
        Sha256::digest(self.cert_der.as_ref())
            .iter()
            .map(|byte| format!("{byte:02X}"))
            .collect::<Vec<_>>()
            .join(":")
    }

    /// The CA's subject common name (phones list installed CAs by it).
    pub fn common_name(&self) -> String {
        x509_parser::parse_x509_certificate(&self.cert_der)
            .ok()
            .and_then(|(_, cert)| {
                cert.subject()
                    .iter_common_name()
                    .next()
                    .and_then(|cn| cn.as_str().ok().map(str::to_owned))
            })
            .unwrap_or_default()
    }

    /// Whether this CA signed `cert`.
    pub fn signed(&self, cert: &x509_parser::certificate::X509Certificate<'_>) -> bool {
        x509_parser::parse_x509_certificate(&self.cert_der).is_ok_and(|(_, ca)| {
            cert.issuer() == ca.subject() && cert.verify_signature(Some(ca.public_key())).is_ok()
        })
    }
}

/// `STD Plus Box CA stdplus 2026-03-05`: two boxes' CAs on one phone stay apart.
fn common_name(host: &str, now: OffsetDateTime) -> String {
    let date = now.date();
    let mut name = format!(
        "STD Plus Box CA {host} {:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    // X.509 allows 64 characters; a 63-letter host name would overflow.
    while name.len() > 64 {
        name.pop();
    }
    name
}

fn name_constraints() -> NameConstraints {
    let mut permitted: Vec<GeneralSubtree> = V4_RANGES
        .iter()
        .map(|(net, prefix)| GeneralSubtree::IpAddress(CidrSubnet::from_v4_prefix(*net, *prefix)))
        .collect();
    permitted.extend(V6_RANGES.iter().map(|(net, prefix)| {
        GeneralSubtree::IpAddress(CidrSubnet::from_v6_prefix(net.to_be_bytes(), *prefix))
    }));
    permitted.extend(
        DNS_SUFFIXES
            .iter()
            .map(|suffix| GeneralSubtree::DnsName((*suffix).to_owned())),
    );
    NameConstraints {
        permitted_subtrees: permitted,
        excluded_subtrees: Vec::new(),
    }
}

/// The DER of the first certificate in a PEM text.
pub fn pem_to_der(pem: &str) -> Option<CertificateDer<'static>> {
    use rustls::pki_types::pem::PemObject;
    CertificateDer::from_pem_slice(pem.as_bytes()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ca_vouches_only_for_private_and_loopback_addresses() {
        for inside in [
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.20",
            "100.64.0.1",
            "127.0.0.1",
            "fd12::1",
            "::1",
        ] {
            assert!(may_vouch_for(inside.parse().expect("ip")), "{inside}");
        }
        for outside in [
            "8.8.8.8",
            "172.32.0.1",
            "192.169.0.1",
            "2001:db8::1",
            "fe80::1",
        ] {
            assert!(!may_vouch_for(outside.parse().expect("ip")), "{outside}");
        }
    }

    #[test]
    fn a_ca_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().expect("dir");
        let made = LocalCa::load_or_create(dir.path(), "stdplus", "Line 2").expect("made");
        let read = LocalCa::load_or_create(dir.path(), "stdplus", "Line 2").expect("read");
        assert_eq!(made.cert_der, read.cert_der);
        assert_eq!(made.fingerprint(), read.fingerprint());
        assert_eq!(read.fingerprint().len(), 32 * 3 - 1);
        assert!(read.common_name().starts_with("STD Plus Box CA stdplus "));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(CA_KEY_FILE))
                .expect("key")
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn a_ca_without_its_key_is_an_error_not_a_new_ca() {
        let dir = tempfile::tempdir().expect("dir");
        LocalCa::load_or_create(dir.path(), "stdplus", "Box").expect("made");
        std::fs::remove_file(dir.path().join(CA_KEY_FILE)).expect("removed");
        let error = LocalCa::load_or_create(dir.path(), "stdplus", "Box")
            .err()
            .expect("refused");
        assert!(error.0.contains("key"), "{error}");
        assert!(dir.path().join(CA_FILE).exists());
    }

    #[test]
    fn a_ca_made_at_a_wrong_clock_is_valid_once_the_clock_is_right() {
        let dir = tempfile::tempdir().expect("dir");
        let ca = LocalCa::create(dir.path(), "stdplus", "Box", OffsetDateTime::UNIX_EPOCH)
            .expect("made");
        let (_, cert) = x509_parser::parse_x509_certificate(&ca.cert_der).expect("parsed");
        let validity = cert.validity();
        let (start, end) = (
            validity.not_before.timestamp(),
            validity.not_after.timestamp(),
        );
        let in_2030 = rcgen::date_time_ymd(2030, 6, 1).unix_timestamp();
        assert!(start < 0 && end > in_2030, "{start}..{end}");
        // And a CA made today lasts 20 years from today.
        let now = OffsetDateTime::now_utc();
        let today = LocalCa::create(dir.path(), "stdplus", "Box", now).expect("made");
        let (_, cert) = x509_parser::parse_x509_certificate(&today.cert_der).expect("parsed");
        let years = (cert.validity().not_after.timestamp() - now.unix_timestamp()) / (365 * 86400);
        assert_eq!(years, 20);
    }

    #[test]
    fn long_host_names_keep_the_common_name_within_64_characters() {
        let name = common_name(&"x".repeat(63), OffsetDateTime::UNIX_EPOCH);
        assert_eq!(name.len(), 64);
    }
}
