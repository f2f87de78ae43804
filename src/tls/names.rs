//! The names the server certificate must carry: the box's LAN addresses (as mDNS counts them),
//! loopback, `localhost` and `<mdns name>.local`.

use super::ca;
use crate::mdns::is_lan_interface;
use std::collections::BTreeSet;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// One subject alternative name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SanName {
    Ip(IpAddr),
    Dns(String),
}

impl fmt::Display for SanName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SanName::Ip(ip) => write!(f, "{ip}"),
            SanName::Dns(name) => f.write_str(name),
        }
    }
}

/// The box's LAN addresses now (not loopback, link-local or container bridges), sorted with IPv4
/// first. A failure to list the interfaces counts as no LAN: loopback still works.
pub fn lan_addresses() -> Vec<IpAddr> {
    let interfaces = match if_addrs::get_if_addrs() {
        Ok(interfaces) => interfaces,
        Err(error) => {
            tracing::warn!(%error, "cannot list the network interfaces");
            return Vec::new();
        }
    };
    let mut addresses: Vec<IpAddr> = interfaces
        .iter()
        .filter(|interface| is_lan_interface(&interface.name, interface.ip()))
        .map(if_addrs::Interface::ip)
        .collect();
    addresses.sort();
    addresses.dedup();
    addresses
}

/// The names a certificate for this box should carry now. LAN addresses outside the CA's name
/// constraints are left out (phones would refuse the whole certificate for one such name); the
/// caller logs them.
pub fn wanted(lan: &[IpAddr], host_label: &str) -> BTreeSet<SanName> {
    let mut names: BTreeSet<SanName> = lan
        .iter()
        .filter(|ip| ca::may_vouch_for(**ip))
        .map(|ip| SanName::Ip(*ip))
        .collect();
    names.insert(SanName::Ip(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    names.insert(SanName::Ip(IpAddr::V6(Ipv6Addr::LOCALHOST)));
    names.insert(SanName::Dns("localhost".to_owned()));
    names.insert(SanName::Dns(format!("{host_label}.local")));
    names
}

/// LAN addresses the CA cannot vouch for (a public address used inside a factory, say).
pub fn outside_constraints(lan: &[IpAddr]) -> Vec<IpAddr> {
    lan.iter()
        .copied()
        .filter(|ip| !ca::may_vouch_for(*ip))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wanted_names_are_the_lan_addresses_loopback_and_the_host_names() {
        let lan: Vec<IpAddr> = ["192.168.1.20", "fd00::20", "8.8.8.8"]
            .iter()
            .filter_map(|text| text.parse().ok())
            .collect();
        let names: Vec<String> = wanted(&lan, "stdplus")
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            names,
            [
                "127.0.0.1",
                "192.168.1.20",
                "::1",
                "fd00::20",
                "localhost",
                "stdplus.local"
            ]
        );
        assert_eq!(outside_constraints(&lan), [IpAddr::from([8, 8, 8, 8])]);
    }
}
