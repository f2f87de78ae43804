//! The server certificate: issued by the box's CA for the names in [`super::names`], kept in
//! `<data dir>/tls/server.pem` + `server-key.pem`, and re-issued by one rule,
//! [`needs_reissue`], both at start and while serving.

use super::ca::{BACKDATE, LocalCa};
use super::names::SanName;
use super::{TlsError, provider, write_replacing};
use rcgen::{
    CertificateParams, DnType, ExtendedKeyUsagePurpose, KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::sign::CertifiedKey;
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use x509_parser::extensions::GeneralName;

pub const SERVER_FILE: &str = "server.pem";
pub const SERVER_KEY_FILE: &str = "server-key.pem";

/// iOS refuses server certificates valid for more than 825 days; 397 is what public CAs may issue.
pub const SERVER_VALIDITY_DAYS: i64 = 397;

/// A certificate this close to its end is replaced.
pub const RENEW_BEFORE: Duration = Duration::days(30);

/// What the renewal rule looks at in a certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertFacts {
    pub names: BTreeSet<SanName>,
    /// Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    pub from_this_ca: bool,
}

/// Why a certificate must be replaced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reissue {
    /// Names the box has now that the certificate lacks (a new address, a new host name).
    Missing(Vec<SanName>),
    /// Less than [`RENEW_BEFORE`] left, or already over.
    ExpiresSoon,
    /// The clock is before its start (the clock was wrong when it was issued).
    NotYetValid,
    /// Another CA signed it (the CA files were replaced).
    OtherCa,
}

/// The rule: a certificate is kept while it is this CA's, valid now and for 30 more days, and
/// names everything the box answers to now. Names it carries beyond those do no harm (an address
/// the box lost may come back), so losing an address alone does not re-issue.
pub fn needs_reissue(facts: &CertFacts, wanted: &BTreeSet<SanName>, now: i64) -> Option<Reissue> {
    if !facts.from_this_ca {
        return Some(Reissue::OtherCa);
    }
    if now < facts.not_before {
        return Some(Reissue::NotYetValid);
    }
    if facts.not_after - now < RENEW_BEFORE.whole_seconds() {
        return Some(Reissue::ExpiresSoon);
    }
    let missing: Vec<SanName> = wanted.difference(&facts.names).cloned().collect();
    (!missing.is_empty()).then_some(Reissue::Missing(missing))
}

/// A server certificate ready for rustls, with what the rule needs to know about it.
#[derive(Clone, Debug)]
pub struct ServerCert {
    pub key: Arc<CertifiedKey>,
    pub facts: CertFacts,
}

/// Issues a certificate for `names` and saves it (key first, 0600), replacing the old one.
pub fn issue_and_save(
    dir: &Path,
    ca: &LocalCa,
    names: &BTreeSet<SanName>,
    host: &str,
    now: OffsetDateTime,
) -> Result<ServerCert, TlsError> {
    let key = KeyPair::generate().map_err(TlsError::from_rcgen)?;
    let mut params = CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params
        .distinguished_name
        .push(DnType::CommonName, format!("{host}.local"));
    params
        .distinguished_name
        .push(DnType::OrganizationName, "STD Plus Box");
    params.subject_alt_names = names
        .iter()
        .map(|name| match name {
            SanName::Ip(ip) => Ok(SanType::IpAddress(*ip)),
            SanName::Dns(dns) => dns
                .clone()
                .try_into()
                .map(SanType::DnsName)
                .map_err(TlsError::from_rcgen),
        })
        .collect::<Result<_, _>>()?;
    params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    params.use_authority_key_identifier_extension = true;
    params.not_before = now - BACKDATE;
    params.not_after = now + Duration::days(SERVER_VALIDITY_DAYS);
    let cert = params
        .signed_by(&key, &ca.issuer()?)
        .map_err(TlsError::from_rcgen)?;
    write_replacing(
        &dir.join(SERVER_KEY_FILE),
        key.serialize_pem().as_bytes(),
        true,
    )?;
    write_replacing(&dir.join(SERVER_FILE), cert.pem().as_bytes(), false)?;
    let private = PrivateKeyDer::from(PrivatePkcs8KeyDer::from(key.serialize_der()));
    certified(cert.der().clone(), private, ca)
}

/// The saved certificate, or `None` when there is none or it cannot be used (the caller then
/// issues a new one; why is logged).
pub fn load(dir: &Path, ca: &LocalCa) -> Option<ServerCert> {
    let (cert_path, key_path) = (dir.join(SERVER_FILE), dir.join(SERVER_KEY_FILE));
    if !cert_path.exists() {
        return None;
    }
    let loaded = CertificateDer::from_pem_file(&cert_path)
        .map_err(|e| format!("{}: {e}", cert_path.display()))
        .and_then(|cert| {
            PrivateKeyDer::from_pem_file(&key_path)
                .map(|key| (cert, key))
                .map_err(|e| format!("{}: {e}", key_path.display()))
        })
        .and_then(|(cert, key)| certified(cert, key, ca).map_err(|e| e.0));
    match loaded {
        Ok(server) => Some(server),
        Err(error) => {
            tracing::warn!(%error, "the saved server certificate cannot be used; issuing a new one");
            None
        }
    }
}

fn certified(
    cert: CertificateDer<'static>,
    key: PrivateKeyDer<'static>,
    ca: &LocalCa,
) -> Result<ServerCert, TlsError> {
    let facts = facts(&cert, ca)?;
    let key = CertifiedKey::from_der(vec![cert], key, &provider())
        .map_err(|e| TlsError(format!("the server key does not fit its certificate: {e}")))?;
    Ok(ServerCert {
        key: Arc::new(key),
        facts,
    })
}

/// Reads the names, the validity and the issuer of a certificate.
pub fn facts(der: &CertificateDer<'_>, ca: &LocalCa) -> Result<CertFacts, TlsError> {
    let (_, cert) = x509_parser::parse_x509_certificate(der)
        .map_err(|e| TlsError(format!("unreadable certificate: {e}")))?;
    let mut names = BTreeSet::new();
    if let Ok(Some(san)) = cert.subject_alternative_name() {
        for name in &san.value.general_names {
            match name {
                GeneralName::DNSName(dns) => {
                    names.insert(SanName::Dns(dns.to_ascii_lowercase()));
                }
                GeneralName::IPAddress(bytes) => {
                    if let Some(ip) = ip_from_bytes(bytes) {
                        names.insert(SanName::Ip(ip));
                    }
                }
                _ => {}
            }
        }
    }
    Ok(CertFacts {
        names,
        not_before: cert.validity().not_before.timestamp(),
        not_after: cert.validity().not_after.timestamp(),
        from_this_ca: ca.signed(&cert),
    })
}

fn ip_from_bytes(bytes: &[u8]) -> Option<IpAddr> {
    if let Ok(v4) = <[u8; 4]>::try_from(bytes) {
        Some(IpAddr::from(v4))
    } else {
        <[u8; 16]>::try_from(bytes).ok().map(IpAddr::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * 3600;

    fn names(list: &[&str]) -> BTreeSet<SanName> {
        list.iter()
            .map(|text| match text.parse::<IpAddr>() {
                Ok(ip) => SanName::Ip(ip),
                Err(_) => SanName::Dns((*text).to_owned()),
            })
            .collect()
    }

    fn cert_for(list: &[&str], not_before: i64, not_after: i64) -> CertFacts {
        CertFacts {
            names: names(list),
            not_before,
            not_after,
            from_this_ca: true,
        }
    }

    #[test]
    fn a_current_certificate_for_every_name_is_kept() {
        let now = 1_800_000_000;
        let cert = cert_for(
            &["127.0.0.1", "192.168.1.20", "stdplus.local"],
            now - DAY,
            now + 300 * DAY,
        );
        let wanted = names(&["127.0.0.1", "192.168.1.20", "stdplus.local"]);
        assert_eq!(needs_reissue(&cert, &wanted, now), None);
        // An address the box lost is no reason: the certificate still names every current one.
        assert_eq!(needs_reissue(&cert, &names(&["127.0.0.1"]), now), None);
    }

    #[test]
    fn a_new_address_or_host_name_reissues() {
        let now = 1_800_000_000;
        let cert = cert_for(
            &["127.0.0.1", "192.168.1.20", "stdplus.local"],
            now - DAY,
            now + 300 * DAY,
        );
        let moved = names(&["127.0.0.1", "192.168.1.31", "stdplus.local"]);
        assert_eq!(
            needs_reissue(&cert, &moved, now),
            Some(Reissue::Missing(
                names(&["192.168.1.31"]).into_iter().collect()
            ))
        );
        let renamed = names(&["127.0.0.1", "192.168.1.20", "line-2.local"]);
        assert!(matches!(
            needs_reissue(&cert, &renamed, now),
            Some(Reissue::Missing(_))
        ));
    }

    #[test]
    fn expiry_within_thirty_days_reissues() {
        let now = 1_800_000_000;
        let wanted = names(&["127.0.0.1"]);
        let fine = cert_for(&["127.0.0.1"], now - DAY, now + 31 * DAY);
        assert_eq!(needs_reissue(&fine, &wanted, now), None);
        let soon = cert_for(&["127.0.0.1"], now - DAY, now + 29 * DAY);
        assert_eq!(
            needs_reissue(&soon, &wanted, now),
            Some(Reissue::ExpiresSoon)
        );
        let over = cert_for(&["127.0.0.1"], now - 400 * DAY, now - DAY);
        assert_eq!(
            needs_reissue(&over, &wanted, now),
            Some(Reissue::ExpiresSoon)
        );
    }

    #[test]
    fn a_certificate_from_the_future_or_another_ca_reissues() {
        let now = 1_800_000_000;
        let wanted = names(&["127.0.0.1"]);
        let future = cert_for(&["127.0.0.1"], now + DAY, now + 300 * DAY);
        assert_eq!(
            needs_reissue(&future, &wanted, now),
            Some(Reissue::NotYetValid)
        );
        let mut foreign = cert_for(&["127.0.0.1"], now - DAY, now + 300 * DAY);
        foreign.from_this_ca = false;
        assert_eq!(
            needs_reissue(&foreign, &wanted, now),
            Some(Reissue::OtherCa)
        );
    }

    #[test]
    fn an_issued_certificate_reads_back_with_its_names_and_validity() {
        let dir = tempfile::tempdir().expect("dir");
        let ca = LocalCa::load_or_create(dir.path(), "stdplus", "Box").expect("ca");
        let wanted = names(&["127.0.0.1", "::1", "10.0.0.7", "localhost", "stdplus.local"]);
        let now = OffsetDateTime::now_utc();
        let issued = issue_and_save(dir.path(), &ca, &wanted, "stdplus", now).expect("issued");
        assert_eq!(issued.facts.names, wanted);
        assert!(issued.facts.from_this_ca);
        let lifetime = issued.facts.not_after - issued.facts.not_before;
        assert!(lifetime <= 825 * DAY, "{lifetime}");
        assert_eq!(
            needs_reissue(&issued.facts, &wanted, now.unix_timestamp()),
            None
        );
        let loaded = load(dir.path(), &ca).expect("loaded");
        assert_eq!(loaded.facts, issued.facts);
        // Signed by another CA: the rule sees it.
        let other_dir = tempfile::tempdir().expect("dir");
        let other = LocalCa::load_or_create(other_dir.path(), "stdplus", "Box").expect("ca");
        let foreign = load(dir.path(), &other).expect("loaded");
        assert!(!foreign.facts.from_this_ca);
    }
}
