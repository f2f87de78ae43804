//! HTTPS with the box's own CA (issue 7): the real server serves `/connect` over TLS with a
//! certificate that chains to the CA in `<data dir>/tls/ca.pem` for 127.0.0.1, and only to it;
//! `/api/connect` and the CA download; the CA and certificate survive a restart; a certificate
//! that no longer fits is re-issued at start; slow or broken TLS clients stall nobody; Socket.IO
//! works over HTTPS; shutdown stops both listeners.

mod common;

use common::socket::Sockets;
use common::{ADMIN_PASSWORD, TestServer};
use reqwest::{Certificate, Client, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use stdplus::config::{HttpsListen, ServeArgs};
use stdplus::tls::ca::LocalCa;
use stdplus::tls::issue::{self, SERVER_FILE, SERVER_KEY_FILE};
use stdplus::tls::names::SanName;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn tls_dir(server: &TestServer) -> PathBuf {
    server.data_dir().join("tls")
}

fn ca_pem(server: &TestServer) -> String {
    std::fs::read_to_string(tls_dir(server).join("ca.pem")).expect("tls/ca.pem exists")
}

/// A client that trusts exactly the given CA (no built-in roots).
fn trusting(ca_pem: &str) -> Client {
    Client::builder()
        .tls_built_in_root_certs(false)
        .add_root_certificate(Certificate::from_pem(ca_pem.as_bytes()).expect("a PEM CA"))
        .tls_info(true)
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client")
}

fn https_url(server: &TestServer) -> String {
    server.https_url().expect("HTTPS is on")
}

/// The DER of the certificate the server presented.
async fn served_certificate(client: &Client, url: &str) -> Vec<u8> {
    let response = client.get(url).send().await.expect("fetched");
    let info = response
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .expect("TLS info");
    info.peer_certificate().expect("a certificate").to_vec()
}

fn san_names(der: &[u8]) -> BTreeSet<String> {
    let (_, cert) = x509_parser::parse_x509_certificate(der).expect("a certificate");
    let san = cert
        .subject_alternative_name()
        .expect("readable")
        .expect("has SANs");
    san.value
        .general_names
        .iter()
        .map(|name| match name {
            x509_parser::extensions::GeneralName::DNSName(dns) => (*dns).to_owned(),
            x509_parser::extensions::GeneralName::IPAddress(bytes) => {
                match <[u8; 4]>::try_from(*bytes) {
                    Ok(v4) => IpAddr::from(v4).to_string(),
                    Err(_) => IpAddr::from(<[u8; 16]>::try_from(*bytes).expect("v6")).to_string(),
                }
            }
            other => format!("{other:?}"),
        })
        .collect()
}

fn args_for(dir: &Path) -> ServeArgs {
    let mut args = ServeArgs::for_data_dir(dir.join("data"));
    args.admin_password = Some(ADMIN_PASSWORD.to_owned());
    args
}

#[tokio::test]
async fn the_connect_page_over_https_chains_to_the_box_ca_for_127_0_0_1_and_to_nothing_else() {
    let server = TestServer::start().await;
    let base = https_url(&server);
    assert!(base.starts_with("https://127.0.0.1:"), "{base}");
    let ca = ca_pem(&server);

    let client = trusting(&ca);
    let page = client
        .get(format!("{base}/connect"))
        .send()
        .await
        .expect("the chain verifies against the box's CA alone");
    assert_eq!(page.status(), StatusCode::OK);
    let content_type = page.headers()["content-type"]
        .to_str()
        .unwrap_or("")
        .to_owned();
    assert!(content_type.starts_with("text/html"), "{content_type}");
    let html = page.text().await.expect("body");
    assert!(
        html.contains("<div id=\"app\""),
        "the web app's shell: {html}"
    );

    let served = served_certificate(&client, &format!("{base}/api/health")).await;
    let names = san_names(&served);
    for name in ["127.0.0.1", "::1", "localhost", "stdplus.local"] {
        assert!(names.contains(name), "{name} in {names:?}");
    }

    // The same fetch without the CA fails: no built-in root, nor another box's CA, vouches for it.
    let nobody = Client::builder()
        .tls_built_in_root_certs(false)
        .build()
        .expect("client");
    let refused = nobody.get(format!("{base}/connect")).send().await;
    assert!(refused.is_err(), "an untrusted chain was accepted");
    let other_dir = tempfile::tempdir().expect("dir");
    let other = LocalCa::load_or_create(other_dir.path(), "stdplus", "Other box").expect("ca");
    let stranger = trusting(&other.cert_pem)
        .get(format!("{base}/connect"))
        .send()
        .await;
    assert!(stranger.is_err(), "another box's CA was accepted");

    // Plain HTTP still serves the same page.
    let plain = server
        .api
        .send(reqwest::Method::GET, "/connect", None, None)
        .await;
    assert_eq!(plain.status, StatusCode::OK);
    server.stop().await;
}

#[tokio::test]
async fn api_connect_names_the_urls_and_the_ca_and_the_download_is_the_ca_file() {
    let server = TestServer::start().await;
    let base = https_url(&server);
    let ca = ca_pem(&server);
    let client = trusting(&ca);

    let answer: Value = client
        .get(format!("{base}/api/connect"))
        .send()
        .await
        .expect("fetched")
        .json()
        .await
        .expect("json");
    assert_eq!(answer["success"], true);
    let data = &answer["data"];
    let http_base = server.base_url();
    assert_eq!(data["preferred"], json!(format!("{base}/")));
    assert_eq!(data["setupUrl"], json!(format!("{http_base}/connect")));
    assert_eq!(data["http"], json!([format!("{http_base}/")]));
    assert_eq!(data["https"], json!([format!("{base}/")]));
    assert_eq!(data["names"], json!([]), "mDNS is off in tests");
    let der = stdplus::tls::ca::pem_to_der(&ca).expect("DER");
    let fingerprint: Vec<String> = Sha256::digest(der.as_ref())
        .iter()
        .map(|byte| format!("{byte:02X}"))
        .collect();
    assert_eq!(data["ca"]["fingerprint"], json!(fingerprint.join(":")));
    assert_eq!(data["ca"]["download"], "/api/connect/ca.crt");
    assert!(
        data["ca"]["name"]
            .as_str()
            .is_some_and(|name| name.starts_with("STD Plus Box CA stdplus")),
        "{data}"
    );
    assert!(
        data["certificate"]["names"]
            .as_array()
            .is_some_and(|names| names.contains(&json!("127.0.0.1"))),
        "{data}"
    );

    // The same answer over plain HTTP, without a token.
    let plain = server
        .api
        .send(reqwest::Method::GET, "/api/connect", None, None)
        .await;
    plain.expect(200);
    assert_eq!(plain.data()["ca"], data["ca"]);

    let download = client
        .get(format!("{base}/api/connect/ca.crt"))
        .send()
        .await
        .expect("fetched");
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.headers()["content-type"],
        "application/x-x509-ca-cert"
    );
    assert_eq!(
        download.headers()["content-disposition"],
        "attachment; filename=\"stdplus-ca.crt\""
    );
    // HSTS would pin `stdplus.local` to HTTPS on the kiosks' plain-HTTP port too.
    assert!(
        download
            .headers()
            .get("strict-transport-security")
            .is_none()
    );
    assert_eq!(download.bytes().await.expect("body").as_ref(), der.as_ref());
    let pem = client
        .get(format!("{base}/api/connect/ca.pem"))
        .send()
        .await
        .expect("fetched");
    assert_eq!(pem.status(), StatusCode::OK);
    assert_eq!(pem.text().await.expect("body"), ca);
    server.stop().await;
}

#[tokio::test]
async fn a_restart_keeps_the_ca_and_reuses_the_server_certificate() {
    let server = TestServer::start().await;
    let ca = ca_pem(&server);
    let cert = std::fs::read(tls_dir(&server).join(SERVER_FILE)).expect("server.pem");
    let served = served_certificate(
        &trusting(&ca),
        &format!("{}/api/health", https_url(&server)),
    )
    .await;
    let dir = server.stop().await;

    let again = restart(dir).await;
    assert_eq!(ca_pem(&again), ca, "the CA is kept");
    assert_eq!(
        std::fs::read(tls_dir(&again).join(SERVER_FILE)).expect("server.pem"),
        cert,
        "the server certificate is reused"
    );
    let served_again =
        served_certificate(&trusting(&ca), &format!("{}/api/health", https_url(&again))).await;
    assert_eq!(served_again, served);
    again.stop().await;
}

/// Restarts on the same data dir.
async fn restart(dir: tempfile::TempDir) -> TestServer {
    let args = args_for(dir.path());
    TestServer::start_with(dir, args).await
}

/// Replaces the saved server certificate with one for `names`, issued at `issued_at`.
fn plant_certificate(tls: &Path, ca_dir: &Path, names: &[&str], issued_at: time::OffsetDateTime) {
    let ca = LocalCa::load_or_create(ca_dir, "stdplus", "Box").expect("a CA");
    let names: BTreeSet<SanName> = names
        .iter()
        .map(|name| match name.parse::<IpAddr>() {
            Ok(ip) => SanName::Ip(ip),
            Err(_) => SanName::Dns((*name).to_owned()),
        })
        .collect();
    issue::issue_and_save(tls, &ca, &names, "stdplus", issued_at).expect("planted");
}

#[tokio::test]
async fn a_saved_certificate_that_lacks_a_current_name_is_reissued_at_start() {
    let server = TestServer::start().await;
    let tls = tls_dir(&server);
    let ca = ca_pem(&server);
    let dir = server.stop().await;

    // Same CA, but only `localhost`: 127.0.0.1 is missing.
    plant_certificate(&tls, &tls, &["localhost"], time::OffsetDateTime::now_utc());
    let planted = std::fs::read(tls.join(SERVER_FILE)).expect("planted");
    let again = restart(dir).await;
    let reissued = std::fs::read(tls.join(SERVER_FILE)).expect("server.pem");
    assert_ne!(reissued, planted, "the certificate was re-issued");
    let served =
        served_certificate(&trusting(&ca), &format!("{}/connect", https_url(&again))).await;
    assert!(san_names(&served).contains("127.0.0.1"));
    assert_eq!(ca_pem(&again), ca, "by the same CA");
    again.stop().await;
}

#[tokio::test]
async fn a_saved_certificate_near_its_end_or_from_another_ca_is_reissued_at_start() {
    let server = TestServer::start().await;
    let tls = tls_dir(&server);
    let ca = ca_pem(&server);
    let mut dir = server.stop().await;

    let year_ago = time::OffsetDateTime::now_utc() - time::Duration::days(380);
    let stranger = tempfile::tempdir().expect("dir");
    for (what, ca_dir) in [
        ("expiring", tls.clone()),
        ("foreign", stranger.path().to_owned()),
    ] {
        let all = ["127.0.0.1", "::1", "localhost", "stdplus.local"];
        let issued_at = if what == "expiring" {
            year_ago
        } else {
            time::OffsetDateTime::now_utc()
        };
        plant_certificate(&tls, &ca_dir, &all, issued_at);
        let planted = std::fs::read(tls.join(SERVER_FILE)).expect("planted");
        let again = restart(dir).await;
        assert_ne!(
            std::fs::read(tls.join(SERVER_FILE)).expect("server.pem"),
            planted,
            "the {what} certificate was re-issued"
        );
        let client = trusting(&ca);
        client
            .get(format!("{}/connect", https_url(&again)))
            .send()
            .await
            .unwrap_or_else(|e| panic!("after the {what} certificate: {e}"));
        dir = again.stop().await;
    }
    // The key beside the certificate was replaced with it.
    assert!(tls.join(SERVER_KEY_FILE).exists());
}

#[tokio::test]
async fn https_off_serves_plain_http_only_and_says_there_is_no_ca() {
    let dir = tempfile::tempdir().expect("dir");
    let mut args = args_for(dir.path());
    args.https_listen = HttpsListen::Off;
    let server = TestServer::start_with(dir, args).await;
    assert!(server.https_url().is_none());
    let connect = server
        .api
        .send(reqwest::Method::GET, "/api/connect", None, None)
        .await;
    connect.expect(200);
    assert_eq!(connect.data()["ca"], Value::Null);
    assert_eq!(connect.data()["https"], json!([]));
    assert_eq!(
        connect.data()["preferred"],
        json!(format!("{}/", server.base_url()))
    );
    let download = server
        .api
        .send(reqwest::Method::GET, "/api/connect/ca.crt", None, None)
        .await;
    download.expect(404);
    assert_eq!(download.body["success"], false);
    assert!(
        !tls_dir(&server).exists(),
        "no CA is made when HTTPS is off"
    );
    server.stop().await;
}

#[tokio::test]
async fn silent_and_garbage_tls_clients_do_not_stall_the_others() {
    let server = TestServer::start().await;
    let base = https_url(&server);
    let address = base.trim_start_matches("https://").to_owned();
    let client = trusting(&ca_pem(&server));

    // Ten clients that connect and say nothing, and one that sends garbage.
    let mut silent = Vec::new();
    for _ in 0..10 {
        silent.push(
            tokio::net::TcpStream::connect(&address)
                .await
                .expect("connects"),
        );
    }
    let mut garbage = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connects");
    garbage
        .write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("written");

    let started = Instant::now();
    let answer = client
        .get(format!("{base}/api/health"))
        .send()
        .await
        .expect("served meanwhile");
    assert_eq!(answer.status(), StatusCode::OK);
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(3),
        "a real client waited {took:?}"
    );
    println!("HTTPS request beside 10 silent clients: {took:?}");

    // The garbage client is dropped (a TLS alert, then close), without harm to the server.
    let mut rest = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(5), garbage.read_to_end(&mut rest)).await;
    assert!(closed.is_ok(), "the broken client was not dropped");
    client
        .get(format!("{base}/api/health"))
        .send()
        .await
        .expect("still serving");
    drop(silent);
    server.stop().await;
}

#[tokio::test]
async fn socket_io_connects_over_https_when_node_trusts_the_box_ca() {
    let server = TestServer::start().await;
    let admin = server.admin_token().await;
    let base = https_url(&server);
    let ca_file = tls_dir(&server).join("ca.pem");
    let ca_path = ca_file.to_string_lossy().into_owned();

    let trusted = Sockets::start_with_env(&base, &[("NODE_EXTRA_CA_CERTS", &ca_path)]).await;
    trusted.connect("secure", &admin).await;
    assert_eq!(
        trusted.ack("secure", "join_dashboard", vec![]).await,
        json!({"ok": true, "room": "dashboard"})
    );

    let untrusted = Sockets::start(&base).await;
    let refused = untrusted
        .connect_with("insecure", json!({"token": admin}), json!({}))
        .await;
    assert!(
        refused.is_err(),
        "Node accepted a certificate it does not trust"
    );
    server.stop().await;
}

#[tokio::test]
async fn shutdown_stops_the_https_listener_too() {
    let server = TestServer::start().await;
    let base = https_url(&server);
    let address = base.trim_start_matches("https://").to_owned();
    let client = trusting(&ca_pem(&server));
    client
        .get(format!("{base}/api/health"))
        .send()
        .await
        .expect("serving");
    server.stop().await;
    assert!(
        tokio::net::TcpStream::connect(&address).await.is_err(),
        "the HTTPS port still accepts after shutdown"
    );
}
