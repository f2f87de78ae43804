//! The box on the LAN: announced over mDNS, browsed back with mdns-sd on 127.0.0.1 (multicast on
//! loopback, the same network namespace), withdrawn on shutdown, and found by `stdplus discover`.
//! Each test uses its own instance and host name, so parallel tests do not see each other's box.

mod common;

use common::{Process, TestServer};
use mdns_sd::{ResolvedService, ServiceDaemon, ServiceEvent};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use stdplus::config::{MdnsInterfaces, ServeArgs, Toggle};
use stdplus::mdns::{HTTP_SERVICE, STDPLUS_SERVICE};

const WAIT: Duration = Duration::from_secs(10);

/// A name no other test (or earlier run) uses.
fn unique(prefix: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!("{prefix}-{}-{nanos:x}", std::process::id())
}

fn browser() -> ServiceDaemon {
    stdplus::mdns::daemon(MdnsInterfaces::Loopback).expect("an mDNS daemon on loopback")
}

fn fullname(instance: &str, service: &str) -> String {
    format!("{instance}.{service}")
}

/// Waits (off the async runtime) for the first event that `pick` accepts.
async fn wait_for<T: Send + 'static>(
    events: mdns_sd::Receiver<ServiceEvent>,
    pick: impl Fn(ServiceEvent) -> Option<T> + Send + 'static,
) -> Option<T> {
    tokio::task::spawn_blocking(move || {
        let deadline = Instant::now() + WAIT;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match events.recv_timeout(left) {
                Ok(event) => {
                    if let Some(found) = pick(event) {
                        return Some(found);
                    }
                }
                Err(_) => return None,
            }
        }
        None
    })
    .await
    .expect("the waiting thread")
}

async fn resolved(events: mdns_sd::Receiver<ServiceEvent>, name: String) -> ResolvedService {
    let wanted = name.clone();
    wait_for(events, move |event| match event {
        ServiceEvent::ServiceResolved(service) if service.fullname == wanted => Some(*service),
        _ => None,
    })
    .await
    .unwrap_or_else(|| panic!("{name} resolved within {WAIT:?}"))
}

async fn start_announced(instance: &str, host: &str) -> TestServer {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args = ServeArgs::for_data_dir(dir.path().join("data"));
    args.mdns = Toggle::On;
    args.mdns_interfaces = MdnsInterfaces::Loopback;
    args.mdns_instance = instance.to_owned();
    args.mdns_name = host.to_owned();
    TestServer::start_with(dir, args).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_box_is_announced_with_its_port_and_txt_and_withdrawn_on_shutdown() {
    let instance = unique("Line Box");
    let host = unique("stdplus-t");
    let browser = browser();
    let stdplus_events = browser.browse(STDPLUS_SERVICE).expect("browse stdplus");
    let http_events = browser.browse(HTTP_SERVICE).expect("browse http");

    let server = start_announced(&instance, &host).await;
    let port = server
        .base_url()
        .rsplit(':')
        .next()
        .unwrap()
        .parse::<u16>()
        .unwrap();

    let stdplus_name = fullname(&instance, STDPLUS_SERVICE);
    let service = resolved(stdplus_events.clone(), stdplus_name.clone()).await;
    assert_eq!(service.port, port);
    assert_eq!(service.host, format!("{host}.local."));
    assert!(
        service
            .addresses
            .iter()
            .any(|a| a.to_ip_addr().is_loopback()),
        "addresses: {:?}",
        service.addresses
    );
    assert_eq!(
        service.get_property_val_str("version"),
        Some(stdplus::LONG_VERSION)
    );
    assert_eq!(
        service.get_property_val_str("name"),
        Some(instance.as_str())
    );
    assert_eq!(
        service.get_property_val_str("path"),
        Some("/api/socket-entry")
    );
    let https_port = server
        .https_url()
        .and_then(|url| url.rsplit(':').next().map(str::to_owned));
    assert!(https_port.is_some(), "HTTPS is on");
    assert_eq!(service.get_property_val_str("https"), https_port.as_deref());

    let http = resolved(http_events, fullname(&instance, HTTP_SERVICE)).await;
    assert_eq!(http.port, port);
    assert_eq!(http.get_property_val_str("path"), Some("/api/socket-entry"));

    // The announced address and port answer HTTP.
    let address = service
        .addresses
        .iter()
        .map(|a| a.to_ip_addr())
        .find(|ip| ip.is_ipv4())
        .expect("an IPv4 address");
    let health = reqwest::get(format!("http://{address}:{port}/api/health"))
        .await
        .expect("the announced address answers");
    assert!(health.status().is_success(), "{}", health.status());

    server.stop().await;
    let removed_name = stdplus_name.clone();
    let removed = wait_for(stdplus_events, move |event| match event {
        ServiceEvent::ServiceRemoved(_, name) if name == removed_name => Some(()),
        _ => None,
    })
    .await;
    assert!(
        removed.is_some(),
        "{stdplus_name} removed within {WAIT:?} of shutdown"
    );
    let _ = browser.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_mdns_off_nothing_is_announced() {
    let instance = unique("Quiet Box");
    let dir = tempfile::tempdir().expect("temp dir");
    let mut args = ServeArgs::for_data_dir(dir.path().join("data"));
    args.mdns = Toggle::Off;
    args.mdns_interfaces = MdnsInterfaces::Loopback;
    args.mdns_instance = instance.clone();
    let server = TestServer::start_with(dir, args).await;

    let browser = browser();
    let events = browser.browse(STDPLUS_SERVICE).expect("browse");
    let wanted = fullname(&instance, STDPLUS_SERVICE);
    let seen = tokio::task::spawn_blocking(move || {
        // Long enough for an announcement (they arrive within about 1 s here).
        let deadline = Instant::now() + Duration::from_secs(3);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match events.recv_timeout(left) {
                Ok(ServiceEvent::ServiceFound(_, name) | ServiceEvent::ServiceRemoved(_, name))
                    if name == wanted =>
                {
                    return true;
                }
                Ok(ServiceEvent::ServiceResolved(service)) if service.fullname == wanted => {
                    return true;
                }
                Ok(_) => {}
                Err(_) => return false,
            }
        }
        false
    })
    .await
    .expect("the waiting thread");
    assert!(!seen, "a box with STDPLUS_MDNS=off was announced");
    server.stop().await;
    let _ = browser.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stdplus_discover_lists_a_running_box() {
    let instance = unique("Cutting Box");
    let host = unique("stdplus-d");
    let dir = tempfile::tempdir().expect("dir");
    let process = Process::spawn(
        &dir.path().join("data"),
        &[
            ("STDPLUS_MDNS", "on"),
            ("STDPLUS_MDNS_INTERFACES", "loopback"),
            ("STDPLUS_MDNS_INSTANCE", &instance),
            ("STDPLUS_MDNS_NAME", &host),
        ],
    );
    let port = process.api.base.rsplit(':').next().unwrap().to_owned();

    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_stdplus"))
        .args(["discover", "--timeout", "5", "--interfaces", "loopback"])
        .env_remove("STDPLUS_MDNS_INTERFACES")
        .output();
    let output = tokio::time::timeout(Duration::from_secs(20), output)
        .await
        .expect("discover ends after its timeout")
        .expect("discover runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "discover failed: {stdout}\n{}\nbox log:\n{}",
        String::from_utf8_lossy(&output.stderr),
        process.log_text()
    );
    assert!(
        stdout.starts_with("INSTANCE\tHOST\tADDRESSES\tPORT\tVERSION\n"),
        "{stdout}"
    );
    let line = stdout
        .lines()
        .find(|line| line.starts_with(&format!("{instance}\t")))
        .unwrap_or_else(|| panic!("{instance} listed in:\n{stdout}"));
    let fields: Vec<&str> = line.split('\t').collect();
    assert_eq!(fields.len(), 5, "{line}");
    assert_eq!(fields[1], format!("{host}.local."));
    assert!(fields[2].split(',').any(|a| a == "127.0.0.1"), "{line}");
    assert_eq!(fields[3], port);
    assert_eq!(fields[4], stdplus::LONG_VERSION);
}
