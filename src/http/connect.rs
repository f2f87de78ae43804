//! How phones reach the box (additive, public: a phone asks before anyone logs in on it).
//! `GET /api/connect`: the box's URLs by IP address (Android often cannot resolve `.local`
//! names), the one phones should use, and the CA to install; `GET /api/connect/ca.crt` (DER, what
//! Android's installer and iOS Safari take) and `ca.pem`: the CA certificate.

use super::reply;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::tls::{BoxTls, ca, names};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

/// What the box listens on, for `/api/connect`.
pub struct Reach {
    pub http: SocketAddr,
    pub https: Option<SocketAddr>,
    /// The mDNS host label, when the box announces itself.
    pub mdns_host: Option<String>,
    pub tls: Option<Arc<BoxTls>>,
}

#[derive(Serialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct Urls {
    /// The URL phones should open: the first LAN IPv4 HTTPS URL when there is one.
    pub preferred: String,
    /// What a `/connect` QR carries: plain HTTP, which any phone opens before it trusts the CA.
    pub setup_url: String,
    pub http: Vec<String>,
    pub https: Vec<String>,
    /// The `.local` URLs (mDNS on).
    pub names: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct CaInfo {
    name: String,
    /// SHA-256 of the certificate, `AB:CD:…`, to compare with what the phone shows.
    fingerprint: String,
    download: &'static str,
    pem: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Certificate {
    names: Vec<String>,
    not_after: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Answer {
    #[serde(flatten)]
    urls: Urls,
    ca: Option<CaInfo>,
    certificate: Option<Certificate>,
}

pub async fn get(State(state): State<AppState>) -> Response {
    let lan = tokio::task::spawn_blocking(names::lan_addresses)
        .await
        .unwrap_or_default();
    let reach = &state.reach;
    let tls = reach.tls.as_deref();
    let certificate = tls.map(|tls| {
        let facts = tls.current().facts;
        Certificate {
            names: facts.names.iter().map(ToString::to_string).collect(),
            not_after: chrono::DateTime::from_timestamp(facts.not_after, 0)
                .map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
        }
    });
    reply::ok(
        "Success",
        Answer {
            urls: urls(reach, &lan),
            ca: tls.map(|tls| CaInfo {
                name: tls.ca_name(),
                fingerprint: tls.ca_fingerprint(),
                download: "/api/connect/ca.crt",
                pem: "/api/connect/ca.pem",
            }),
            certificate,
        },
    )
}

pub async fn ca_crt(State(state): State<AppState>) -> AppResult<Response> {
    let tls = enabled(&state)?;
    Ok(download(
        "application/x-x509-ca-cert",
        "stdplus-ca.crt",
        tls.ca_der().to_vec(),
    ))
}

pub async fn ca_pem(State(state): State<AppState>) -> AppResult<Response> {
    let tls = enabled(&state)?;
    Ok(download(
        "application/x-pem-file",
        "stdplus-ca.pem",
        tls.ca_pem().as_bytes().to_vec(),
    ))
}

fn enabled(state: &AppState) -> AppResult<&BoxTls> {
    state.reach.tls.as_deref().ok_or_else(|| {
        AppError::NotFound("HTTPS is off on this box: there is no CA to install".to_owned())
    })
}

fn download(content_type: &'static str, file: &str, body: Vec<u8>) -> Response {
    (
        [
            (CONTENT_TYPE, content_type.to_owned()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file}\""),
            ),
            (CACHE_CONTROL, "no-cache".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// The box's URLs for the addresses it listens on now.
pub fn urls(reach: &Reach, lan: &[IpAddr]) -> Urls {
    let http: Vec<(IpAddr, String)> = addresses(reach.http, lan)
        .into_iter()
        .map(|ip| (ip, url("http", ip, reach.http.port())))
        .collect();
    let https: Vec<(IpAddr, String)> = reach
        .https
        .map(|bound| addresses(bound, lan))
        .unwrap_or_default()
        .into_iter()
        // The certificate names only addresses the CA may vouch for.
        .filter(|ip| ca::may_vouch_for(*ip))
        .filter_map(|ip| Some((ip, url("https", ip, reach.https?.port()))))
        .collect();
    let lan_v4 = |(ip, _): &&(IpAddr, String)| ip.is_ipv4() && !ip.is_loopback();
    let preferred = https
        .iter()
        .find(lan_v4)
        .or_else(|| https.first())
        .or_else(|| http.iter().find(lan_v4))
        .or_else(|| http.first())
        .map(|(_, url)| url.clone())
        .unwrap_or_default();
    let setup_url = http
        .iter()
        .find(lan_v4)
        .or_else(|| http.first())
        .map(|(_, url)| format!("{url}connect"))
        .unwrap_or_default();
    let mut names = Vec::new();
    if let Some(host) = &reach.mdns_host {
        names.push(format!("http://{host}.local:{}/", reach.http.port()));
        if let Some(https) = reach.https {
            names.push(format!("https://{host}.local:{}/", https.port()));
        }
    }
    Urls {
        preferred,
        setup_url,
        http: http.into_iter().map(|(_, url)| url).collect(),
        https: https.into_iter().map(|(_, url)| url).collect(),
        names,
    }
}

/// The addresses a listener answers at: all LAN addresses of its family for a wildcard bind
/// (`[::]` takes IPv4 too on Linux), loopback when there is no LAN, else the one it is bound to.
fn addresses(bound: SocketAddr, lan: &[IpAddr]) -> Vec<IpAddr> {
    let ip = bound.ip();
    if !ip.is_unspecified() {
        return vec![ip];
    }
    let found: Vec<IpAddr> = lan
        .iter()
        .copied()
        .filter(|lan_ip| ip.is_ipv6() || lan_ip.is_ipv4())
        .collect();
    if !found.is_empty() {
        return found;
    }
    match ip {
        IpAddr::V4(_) => vec![IpAddr::V4(Ipv4Addr::LOCALHOST)],
        IpAddr::V6(_) => vec![IpAddr::V6(Ipv6Addr::LOCALHOST)],
    }
}

fn url(scheme: &str, ip: IpAddr, port: u16) -> String {
    match ip {
        IpAddr::V4(v4) => format!("{scheme}://{v4}:{port}/"),
        IpAddr::V6(v6) => format!("{scheme}://[{v6}]:{port}/"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reach(http: &str, https: Option<&str>, mdns: bool) -> Reach {
        Reach {
            http: http.parse().expect("http"),
            https: https.map(|at| at.parse().expect("https")),
            mdns_host: mdns.then(|| "stdplus".to_owned()),
            tls: None,
        }
    }

    fn ips(list: &[&str]) -> Vec<IpAddr> {
        list.iter().map(|ip| ip.parse().expect("ip")).collect()
    }

    #[test]
    fn a_wildcard_box_lists_its_lan_addresses_and_prefers_ipv4_https() {
        let lan = ips(&["192.168.1.20", "203.0.113.9", "fd00::20"]);
        let urls = urls(&reach("0.0.0.0:3000", Some("[::]:3443"), true), &lan);
        assert_eq!(urls.preferred, "https://192.168.1.20:3443/");
        assert_eq!(urls.setup_url, "http://192.168.1.20:3000/connect");
        assert_eq!(
            urls.http,
            ["http://192.168.1.20:3000/", "http://203.0.113.9:3000/"]
        );
        // A public address is outside the CA's constraints: no HTTPS URL for it.
        assert_eq!(
            urls.https,
            ["https://192.168.1.20:3443/", "https://[fd00::20]:3443/"]
        );
        assert_eq!(
            urls.names,
            ["http://stdplus.local:3000/", "https://stdplus.local:3443/"]
        );
    }

    #[test]
    fn a_loopback_box_lists_loopback_and_without_https_prefers_http() {
        let lan = ips(&["192.168.1.20"]);
        let both = urls(
            &reach("127.0.0.1:3000", Some("127.0.0.1:3443"), false),
            &lan,
        );
        assert_eq!(both.preferred, "https://127.0.0.1:3443/");
        assert_eq!(both.setup_url, "http://127.0.0.1:3000/connect");
        assert!(both.names.is_empty());
        let plain = urls(&reach("0.0.0.0:3000", None, false), &lan);
        assert_eq!(plain.preferred, "http://192.168.1.20:3000/");
        assert!(plain.https.is_empty());
        let no_lan = urls(&reach("0.0.0.0:3000", Some("0.0.0.0:3443"), false), &[]);
        assert_eq!(no_lan.preferred, "https://127.0.0.1:3443/");
    }
}
