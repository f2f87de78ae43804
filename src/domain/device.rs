//! Paired devices (kiosk pairing): a station kiosk or a production board that holds a
//! long-lived device token instead of a worker's password, with grants limited to what that
//! screen does.

use super::permissions::STATION_ENTER_PREFIX;
use super::station::StationBrief;
use super::worker::{NotificationPreferences, Worker};
use super::{Id, Timestamp};
use serde::Serialize;

/// `kind` values, in the order a 400 lists them.
pub const KINDS: &[&str] = &["station", "board"];

/// The role slug and stored `role` string of a device's synthetic worker.
pub const DEVICE_ROLE: &str = "device";

/// What a kiosk at a station may read besides scanning there. `production:view` is left out on
/// purpose: the room table opens every station's room to it, and a kiosk must hear only its
/// own station; every read a kiosk needs is open to station users (`+st`) anyway.
const STATION_READS: &[&str] = &[
    "orders:view",
    "panes:view",
    "stations:view",
    "pane_logs:view",
    "production_logs:view",
];

/// What a production board may read; it never scans.
const BOARD_READS: &[&str] = &[
    "production:view",
    "dashboard:view",
    "orders:view",
    "stations:view",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeviceKind {
    Station,
    Board,
}

impl DeviceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeviceKind::Station => "station",
            DeviceKind::Board => "board",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "station" => Some(DeviceKind::Station),
            "board" => Some(DeviceKind::Board),
            _ => None,
        }
    }
}

/// A stored device. Its token is not here: only the token's hash is stored, in the store.
#[derive(Clone, Debug, PartialEq)]
pub struct Device {
    pub id: Id,
    pub name: String,
    pub kind: DeviceKind,
    /// The kiosk's station; `None` for a board.
    pub station: Option<Id>,
    pub created_by: Option<Id>,
    pub created_at: Timestamp,
    pub last_seen_at: Option<Timestamp>,
}

/// What an authenticated caller that is a device is limited to (`Actor::device`).
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceScope {
    pub id: Id,
    pub kind: DeviceKind,
    pub station: Option<Id>,
}

/// A device's JSON: `S` is the station id, or the populated [`StationBrief`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceDoc<'a, S: Serialize> {
    #[serde(rename = "_id")]
    id: Id,
    name: &'a str,
    kind: DeviceKind,
    station: S,
    created_by: Option<Id>,
    created_at: Timestamp,
    last_seen_at: Option<Timestamp>,
}

impl Device {
    /// With `station` as an id (lists, pairing).
    pub fn doc(&self) -> DeviceDoc<'_, Option<Id>> {
        self.with(self.station)
    }

    /// With `station` populated (`null` for a board or a station that is gone).
    pub fn with_station<'a>(
        &'a self,
        badge: Option<&'a StationBrief>,
    ) -> DeviceDoc<'a, Option<&'a StationBrief>> {
        self.with(badge)
    }

    fn with<S: Serialize>(&self, station: S) -> DeviceDoc<'_, S> {
        DeviceDoc {
            id: self.id,
            name: &self.name,
            kind: self.kind,
            station,
            created_by: self.created_by,
            created_at: self.created_at,
            last_seen_at: self.last_seen_at,
        }
    }

    /// The device's grants: a kiosk may scan at its own station and read what it shows; a
    /// board only reads.
    pub fn permissions(&self) -> Vec<String> {
        let owned = |list: &[&str]| list.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
        match (self.kind, self.station) {
            (DeviceKind::Station, Some(station)) => {
                let mut permissions = vec![format!("{STATION_ENTER_PREFIX}{station}")];
                permissions.extend(owned(STATION_READS));
                permissions
            }
            // The schema forbids a station kiosk without a station; it would only read.
            (DeviceKind::Station, None) => owned(STATION_READS),
            (DeviceKind::Board, _) => owned(BOARD_READS),
        }
    }

    pub fn scope(&self) -> DeviceScope {
        DeviceScope {
            id: self.id,
            kind: self.kind,
            station: self.station,
        }
    }

    /// The worker a device acts as: scans and logs made at a kiosk name the kiosk.
    pub fn as_worker(&self) -> Worker {
        Worker {
            id: self.id,
            name: self.name.clone(),
            username: format!("device:{}", self.id),
            position: match self.kind {
                DeviceKind::Station => "station kiosk".to_owned(),
                DeviceKind::Board => "production board".to_owned(),
            },
            role: DEVICE_ROLE.to_owned(),
            notification_preferences: NotificationPreferences::default(),
            created_at: self.created_at,
            updated_at: self.created_at,
            version: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn device(kind: DeviceKind, station: Option<Id>) -> Device {
        Device {
            id: Id::new(),
            name: "Cutting kiosk".into(),
            kind,
            station,
            created_by: None,
            created_at: Timestamp::from_millis(0),
            last_seen_at: None,
        }
    }

    #[test]
    fn documents_keep_the_contract_keys_and_render_ids_and_dates() {
        let station = Id::new();
        let kiosk = device(DeviceKind::Station, Some(station));
        let value = serde_json::to_value(kiosk.doc()).unwrap_or_default();
        let keys: Vec<&str> = value
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "_id",
                "name",
                "kind",
                "station",
                "createdBy",
                "createdAt",
                "lastSeenAt"
            ]
        );
        assert_eq!(value["kind"], "station");
        assert_eq!(value["station"], json!(station.to_hex()));
        assert_eq!(value["createdAt"], "1970-01-01T00:00:00.000Z");
        assert_eq!(value["lastSeenAt"], json!(null));
        let badge = StationBrief {
            id: station,
            name: "Cutting".into(),
            color: "sky".into(),
            is_laminate_station: false,
            kind: "standard".into(),
        };
        let me = serde_json::to_value(kiosk.with_station(Some(&badge))).unwrap_or_default();
        assert_eq!(
            me["station"],
            json!({"_id": station.to_hex(), "name": "Cutting", "color": "sky", "isLaminateStation": false, "kind": "standard"})
        );
    }

    #[test]
    fn a_kiosk_enters_only_its_station_and_a_board_only_reads() {
        let station = Id::new();
        let kiosk = device(DeviceKind::Station, Some(station)).permissions();
        assert_eq!(kiosk[0], format!("station:enter:{station}"));
        assert!(!kiosk.iter().any(|p| p == "production:view"));
        let board = device(DeviceKind::Board, None).permissions();
        assert!(!board.iter().any(|p| p.starts_with(STATION_ENTER_PREFIX)));
        assert!(board.iter().any(|p| p == "dashboard:view"));
    }
}
