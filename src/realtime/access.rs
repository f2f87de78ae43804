//! Who may join which room (issue: room authorization). A socket may join a room only if its
//! worker may read, over REST, the resources whose events flow there; the rule of each room is
//! the REST read guard of those resources (core.md §3.5), narrowed where the REST list is
//! narrowed by ownership (orders, claims). Upstream let anyone join anything.
//!
//! | room | events | who may join |
//! |---|---|---|
//! | `dashboard` | every resource's `…:updated` | admin, or `dashboard:view`, `orders:manage`, `inventory:manage` or `production:manage` |
//! | `inventory` | material, inventory | `inventory:view` or `dashboard:view`, or a station user |
//! | `station` | stations, templates, panes arriving | any worker (stations are readable by all) |
//! | `log` | material logs, scan logs | `inventory:view` or `dashboard:view` |
//! | `request` | requests | `orders:view`, `production:view` or `dashboard:view`, or a station user |
//! | `withdrawal` | withdrawals | `inventory:view`, or a station user |
//! | `order` | orders | `orders:manage`, `production:view`, `inventory:view`, or a station user |
//! | `claim` | claims | `claims:manage` or `inventory:view` |
//! | `pane`, `production` | panes, production logs | `production:view` or `orders:view`, or a station user |
//! | `pricing` | pricing settings | `settings:view`, `orders:view` or `orders:create` (or the role slug) |
//! | `station:<id>` | one station's traffic | admin, `production:view` or `station:enter:<id>` |
//! | `user:<id>` | one worker's notifications | that worker only (`join_me`) |
//!
//! "Admin" is the `admin` role slug or the `*` permission, which pass everything.

use crate::domain::events::Room;
use crate::domain::permissions::{Grants, STATION_ENTER_PREFIX};

/// Whether `grants` may join `room`.
pub fn may_join(grants: &Grants, room: &Room) -> bool {
    let station_aware = |allowed: &[&str]| grants.station_aware(allowed, true);
    let admin = grants.station_aware(&[], false);
    match room {
        Room::Dashboard => {
            admin
                || [
                    "dashboard:view",
                    "orders:manage",
                    "inventory:manage",
                    "production:manage",
                ]
                .iter()
                .any(|p| grants.has(p))
        }
        Room::Inventory => station_aware(&["inventory:view", "dashboard:view"]),
        Room::Station => true,
        Room::Log => grants.any(&["inventory:view", "dashboard:view"]),
        Room::Request => station_aware(&["orders:view", "production:view", "dashboard:view"]),
        Room::Withdrawal => station_aware(&["inventory:view"]),
        Room::Order => station_aware(&["orders:manage", "production:view", "inventory:view"]),
        Room::Claim => grants.station_aware(&["claims:manage", "inventory:view"], false),
        Room::Pane | Room::Production => station_aware(&["production:view", "orders:view"]),
        Room::Pricing => grants.any(&["settings:view", "orders:view", "orders:create"]),
        Room::StationOf(id) => {
            admin
                || grants.has("production:view")
                || grants.has(&format!("{STATION_ENTER_PREFIX}{id}"))
        }
        // Joined only through `join_me`, for the caller's own id.
        Room::User(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grants(slug: &str, permissions: &[&str]) -> Grants {
        Grants {
            slug: slug.to_owned(),
            permissions: permissions.iter().map(|p| (*p).to_owned()).collect(),
        }
    }

    #[test]
    fn admins_pass_everything_but_other_users_rooms() {
        let admin = grants("admin", &["*"]);
        for room in Room::PAGES {
            assert!(may_join(&admin, &room), "{room}");
        }
        assert!(may_join(&admin, &Room::StationOf("x".into())));
        assert!(!may_join(&admin, &Room::User(crate::domain::Id::new())));
    }

    #[test]
    fn station_rooms_need_that_station_or_production_view() {
        let kiosk = grants("kiosk", &["station:enter:abc"]);
        assert!(may_join(&kiosk, &Room::StationOf("abc".into())));
        assert!(!may_join(&kiosk, &Room::StationOf("abd".into())));
        assert!(!may_join(&kiosk, &Room::Dashboard));
        assert!(!may_join(&kiosk, &Room::Claim));
        assert!(may_join(&kiosk, &Room::Pane));
        let viewer = grants("viewer", &["production:view"]);
        assert!(may_join(&viewer, &Room::StationOf("any".into())));
    }

    #[test]
    fn paired_devices_join_what_their_grants_allow_and_a_kiosk_only_its_station() {
        use crate::domain::device::{Device, DeviceKind};
        use crate::domain::{Id, Timestamp};
        let device = |kind, station| Device {
            id: Id::new(),
            name: "screen".into(),
            kind,
            station,
            created_by: None,
            created_at: Timestamp::from_millis(0),
            last_seen_at: None,
        };
        let station = Id::new();
        let kiosk =
            crate::domain::worker::Actor::device(&device(DeviceKind::Station, Some(station)))
                .grants;
        assert!(may_join(&kiosk, &Room::StationOf(station.to_hex())));
        assert!(!may_join(&kiosk, &Room::StationOf(Id::new().to_hex())));
        for room in [Room::Order, Room::Pane, Room::Production, Room::Station] {
            assert!(may_join(&kiosk, &room), "{room}");
        }
        assert!(!may_join(&kiosk, &Room::Dashboard));
        assert!(!may_join(&kiosk, &Room::Log));
        let board = crate::domain::worker::Actor::device(&device(DeviceKind::Board, None)).grants;
        for room in [Room::Dashboard, Room::Order, Room::Log, Room::Production] {
            assert!(may_join(&board, &room), "{room}");
        }
        assert!(!may_join(&board, &Room::Claim));
        assert!(!board.may_scan_at(&station.to_hex()));
    }

    #[test]
    fn a_worker_without_permissions_gets_only_the_shared_station_page() {
        let nobody = grants("gone", &[]);
        for room in Room::PAGES {
            assert_eq!(may_join(&nobody, &room), room == Room::Station, "{room}");
        }
    }
}
