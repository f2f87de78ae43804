//! The box on the LAN over mDNS / DNS-SD (mdns-sd): it announces `_stdplus._tcp` and `_http._tcp`
//! with the HTTP port under a host name (`stdplus.local.`), and `stdplus discover` browses for boxes.
//!
//! How the edge cases go, from mdns-sd 0.21's source:
//! - Addresses: services are registered with no address and `enable_addr_auto`; the daemon fills in
//!   the addresses of the selected interfaces, checks them every 5 s and announces again when one
//!   is added or removed (logged from `DaemonEvent::IpAdd`/`IpDel`).
//! - Names already taken (another box, or avahi-daemon owning the same host name with other
//!   addresses): the daemon probes before announcing (RFC 6762 §8). A conflict during probing renames
//!   once per conflict, `stdplus.local.` → `stdplus-2.local.` and `STD Plus Box` → `STD Plus Box (2)`,
//!   and probes the new name; after probing it no longer renames, so there is no rename loop. A peer
//!   that announces the same name with the same address is not a conflict. Renames are logged.
//! - avahi-daemon and this daemon share UDP 5353 (both set SO_REUSEADDR/SO_REUSEPORT).

use crate::config::{DiscoverArgs, MdnsInterfaces};
use mdns_sd::{DaemonEvent, IfKind, IfPredicate, ServiceDaemon, ServiceEvent, ServiceInfo};
use std::collections::{BTreeSet, HashSet};
use std::net::IpAddr;
use std::time::{Duration, Instant};

pub const STDPLUS_SERVICE: &str = "_stdplus._tcp.local.";
pub const HTTP_SERVICE: &str = "_http._tcp.local.";

/// What the box announces.
#[derive(Clone, Debug)]
pub struct Announcement {
    /// One DNS label; `.local.` is added.
    pub host: String,
    /// The instance name, also the `name` TXT.
    pub instance: String,
    pub port: u16,
    /// The HTTPS port, announced as the `https` TXT when HTTPS is on.
    pub https_port: Option<u16>,
    pub interfaces: MdnsInterfaces,
}

/// The running announcement; `withdraw` says goodbye so browsers drop the box at once.
pub struct Announcer {
    daemon: Option<ServiceDaemon>,
    fullnames: Vec<String>,
}

/// A daemon that listens and speaks only on the interfaces of `scope`.
pub fn daemon(scope: MdnsInterfaces) -> mdns_sd::Result<ServiceDaemon> {
    let daemon = ServiceDaemon::new()?;
    match scope {
        MdnsInterfaces::All => {}
        MdnsInterfaces::Loopback => {
            daemon.disable_interface(IfKind::All)?;
            daemon.enable_interface(IfKind::LoopbackV4)?;
        }
        MdnsInterfaces::Lan => {
            // Later selections win in mdns-sd: everything off, then the LAN back on.
            daemon.disable_interface(IfKind::All)?;
            daemon.enable_interface(IfKind::Predicate(IfPredicate::new(|intf| {
                is_lan_interface(&intf.name, intf.ip())
            })))?;
        }
    }
    Ok(daemon)
}

/// A LAN address: not loopback, not link-local, not on a container or VM bridge.
pub fn is_lan_interface(name: &str, ip: IpAddr) -> bool {
    const BRIDGES: [&str; 4] = ["docker", "br-", "veth", "virbr"];
    let link_local = match ip {
        IpAddr::V4(v4) => v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unicast_link_local(),
    };
    !ip.is_loopback() && !link_local && !BRIDGES.iter().any(|prefix| name.starts_with(prefix))
}

impl Announcer {
    /// Registers both services; errors leave the box serving without mDNS (the caller logs).
    pub fn start(announcement: &Announcement) -> mdns_sd::Result<Announcer> {
        let daemon = daemon(announcement.interfaces)?;
        let host = format!("{}.local.", announcement.host);
        let https_port = announcement.https_port.map(|port| port.to_string());
        let mut properties = vec![
            ("version", crate::LONG_VERSION),
            ("name", announcement.instance.as_str()),
            ("path", crate::app::SOCKET_PATH),
        ];
        if let Some(port) = &https_port {
            properties.push(("https", port.as_str()));
        }
        let mut fullnames = Vec::new();
        for service in [STDPLUS_SERVICE, HTTP_SERVICE] {
            let info = ServiceInfo::new(
                service,
                &announcement.instance,
                &host,
                "",
                announcement.port,
                &properties[..],
            )?
            .enable_addr_auto();
            fullnames.push(info.get_fullname().to_owned());
            daemon.register(info)?;
        }
        spawn_monitor(&daemon)?;
        tracing::info!(
            host = %host,
            instance = %announcement.instance,
            port = announcement.port,
            interfaces = ?announcement.interfaces,
            "announcing on the LAN over mDNS"
        );
        Ok(Announcer {
            daemon: Some(daemon),
            fullnames,
        })
    }

    /// Unregisters (goodbye packets, repeated once after 120 ms) and stops the daemon.
    pub async fn withdraw(mut self) {
        let Some(daemon) = self.daemon.take() else {
            return;
        };
        let fullnames = std::mem::take(&mut self.fullnames);
        let _ = tokio::task::spawn_blocking(move || {
            for fullname in &fullnames {
                match daemon.unregister(fullname) {
                    Ok(status) => {
                        let _ = status.recv_timeout(Duration::from_secs(2));
                    }
                    Err(error) => tracing::warn!(%error, fullname, "mDNS unregister failed"),
                }
            }
            // Let the repeated goodbye go out before the daemon stops.
            std::thread::sleep(Duration::from_millis(250));
            if let Ok(status) = daemon.shutdown() {
                let _ = status.recv_timeout(Duration::from_secs(2));
            }
            tracing::info!("mDNS announcement withdrawn");
        })
        .await;
    }
}

impl Drop for Announcer {
    fn drop(&mut self) {
        if let Some(daemon) = self.daemon.take() {
            let _ = daemon.shutdown();
        }
    }
}

/// Logs what the daemon does on its own: re-announcements, renames after conflicts, errors.
fn spawn_monitor(daemon: &ServiceDaemon) -> mdns_sd::Result<()> {
    let events = daemon.monitor()?;
    std::thread::Builder::new()
        .name("mdns-monitor".to_owned())
        .spawn(move || {
            // Ends when the daemon shuts down and drops the sender.
            while let Ok(event) = events.recv() {
                match event {
                    DaemonEvent::IpAdd(ip) => tracing::info!(%ip, "mDNS: new address, announcing"),
                    DaemonEvent::IpDel(ip) => tracing::info!(%ip, "mDNS: address gone"),
                    DaemonEvent::NameChange(change) => tracing::warn!(
                        original = %change.original,
                        new_name = %change.new_name,
                        interface = %change.intf_name,
                        "mDNS: the name is taken on the LAN; using another"
                    ),
                    DaemonEvent::Error(error) => tracing::warn!(%error, "mDNS error"),
                    other => tracing::debug!(?other, "mDNS event"),
                }
            }
        })
        .map_err(|e| mdns_sd::Error::Msg(format!("cannot start the mDNS monitor: {e}")))?;
    Ok(())
}

/// A box found by `discover`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FoundBox {
    pub instance: String,
    pub host: String,
    pub addresses: BTreeSet<IpAddr>,
    pub port: u16,
    pub version: String,
}

impl FoundBox {
    fn from_resolved(service: &mdns_sd::ResolvedService) -> FoundBox {
        // The instance from the full name, not the `name` TXT: after a conflict the full name is
        // the unique one (`STD Plus Box (2)`), the TXT still the configured name.
        let suffix = format!(".{}", service.ty_domain);
        let escaped = service.fullname.strip_suffix(&suffix);
        let instance = unescape_instance(escaped.unwrap_or(&service.fullname));
        FoundBox {
            instance,
            host: service.host.clone(),
            addresses: service.addresses.iter().map(|a| a.to_ip_addr()).collect(),
            port: service.port,
            version: service
                .get_property_val_str("version")
                .unwrap_or("?")
                .to_owned(),
        }
    }

    /// One line: instance, host, addresses, port, version, separated by tabs.
    pub fn line(&self) -> String {
        let addresses: Vec<String> = self.addresses.iter().map(IpAddr::to_string).collect();
        format!(
            "{}\t{}\t{}\t{}\t{}",
            self.instance,
            self.host,
            addresses.join(","),
            self.port,
            self.version
        )
    }
}

/// DNS-SD escapes `.` and `\` in instance names.
fn unescape_instance(escaped: &str) -> String {
    let mut name = String::with_capacity(escaped.len());
    let mut chars = escaped.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            name.extend(chars.next());
        } else {
            name.push(c);
        }
    }
    name
}

/// Browses `_stdplus._tcp` for `timeout`, calling `found` once per box as it resolves.
pub fn discover(args: &DiscoverArgs, mut found: impl FnMut(&FoundBox)) -> mdns_sd::Result<usize> {
    let daemon = daemon(args.interfaces)?;
    let events = daemon.browse(STDPLUS_SERVICE)?;
    let deadline = Instant::now() + Duration::from_secs(args.timeout);
    let mut seen = HashSet::new();
    let mut boxes = HashSet::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(ServiceEvent::ServiceResolved(service)) => {
                let found_box = FoundBox::from_resolved(&service);
                // Resolved again when addresses change: print a box once per address set.
                if seen.insert((service.fullname.clone(), found_box.addresses.clone())) {
                    boxes.insert(service.fullname.clone());
                    found(&found_box);
                }
            }
            Ok(_) => {}
            Err(_) => break,
        }
    }
    let _ = daemon.stop_browse(STDPLUS_SERVICE);
    if let Ok(status) = daemon.shutdown() {
        let _ = status.recv_timeout(Duration::from_secs(2));
    }
    Ok(boxes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instance_names_are_unescaped() {
        assert_eq!(unescape_instance("STD Plus Box (2)"), "STD Plus Box (2)");
        assert_eq!(unescape_instance("Line 2\\.B"), "Line 2.B");
        assert_eq!(unescape_instance("a\\\\b"), "a\\b");
    }

    #[test]
    fn lan_interfaces_skip_loopback_bridges_and_link_local() {
        let lan: IpAddr = "192.168.1.20".parse().unwrap();
        assert!(is_lan_interface("eth0", lan));
        assert!(is_lan_interface("wlan0", "2001:db8::5".parse().unwrap()));
        assert!(!is_lan_interface("lo", "127.0.0.1".parse().unwrap()));
        assert!(!is_lan_interface("lo", "::1".parse().unwrap()));
        assert!(!is_lan_interface("eth0", "169.254.3.4".parse().unwrap()));
        assert!(!is_lan_interface("eth0", "fe80::1".parse().unwrap()));
        for bridge in ["docker0", "br-1a2b3c", "veth12ab", "virbr0"] {
            assert!(
                !is_lan_interface(bridge, "172.17.0.1".parse().unwrap()),
                "{bridge}"
            );
        }
    }
}
