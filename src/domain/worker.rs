//! Workers and roles as documents (core.md §3.1, §3.3, §4.1).

use super::device::{DEVICE_ROLE, Device, DeviceScope};
use super::permissions::{Grants, legacy_name, legacy_permissions};
use super::{Id, Timestamp};
use serde::Serialize;

/// A stored role.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Role {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
    pub slug: String,
    pub description: String,
    pub permissions: Vec<String>,
    pub is_system: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

/// What a worker's free-form `role` string resolves to (§3.3): a stored role, or a pseudo-role
/// for legacy slugs, empty strings and ids of deleted roles; a paired device's fixed grants.
#[derive(Clone, Debug)]
pub enum ResolvedRole {
    Stored(Role),
    Pseudo { slug: String },
    Device { permissions: Vec<String> },
}

impl ResolvedRole {
    pub fn pseudo(stored: &str) -> Self {
        let slug = if stored.is_empty() { "worker" } else { stored };
        ResolvedRole::Pseudo {
            slug: slug.to_owned(),
        }
    }

    pub fn grants(&self) -> Grants {
        match self {
            ResolvedRole::Stored(role) => Grants {
                slug: role.slug.clone(),
                permissions: role.permissions.clone(),
            },
            ResolvedRole::Pseudo { slug } => Grants {
                slug: slug.clone(),
                permissions: legacy_permissions(slug),
            },
            ResolvedRole::Device { permissions } => Grants {
                slug: DEVICE_ROLE.to_owned(),
                permissions: permissions.clone(),
            },
        }
    }
}

impl Serialize for ResolvedRole {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct PseudoRole<'a> {
            #[serde(rename = "_id")]
            id: &'a str,
            name: String,
            slug: &'a str,
            description: String,
            permissions: Vec<String>,
            is_system: bool,
        }
        match self {
            ResolvedRole::Stored(role) => role.serialize(serializer),
            ResolvedRole::Pseudo { slug } => {
                let name = legacy_name(slug);
                PseudoRole {
                    id: slug,
                    description: format!("System Built-in {name} Role"),
                    name,
                    slug,
                    permissions: legacy_permissions(slug),
                    is_system: true,
                }
                .serialize(serializer)
            }
            ResolvedRole::Device { permissions } => PseudoRole {
                id: DEVICE_ROLE,
                name: "Device".to_owned(),
                slug: DEVICE_ROLE,
                description: "Paired device (station kiosk or production board)".to_owned(),
                permissions: permissions.clone(),
                is_system: true,
            }
            .serialize(serializer),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sounds {
    pub low: String,
    pub medium: String,
    pub high: String,
    pub urgent: String,
}

impl Default for Sounds {
    fn default() -> Self {
        Sounds {
            low: "soft_pop".to_owned(),
            medium: "ding".to_owned(),
            high: "alert".to_owned(),
            urgent: "alert".to_owned(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NotificationPreferences {
    pub enabled: bool,
    #[serde(serialize_with = "super::json::js_number")]
    pub volume: f64,
    pub sounds: Sounds,
}

impl Default for NotificationPreferences {
    fn default() -> Self {
        NotificationPreferences {
            enabled: true,
            volume: 0.6,
            sounds: Sounds::default(),
        }
    }
}

/// A change to notification preferences, merged one level deep (§1.9): `enabled` and `volume`
/// are set when present, and each sound present replaces that sound.
#[derive(Clone, Debug, Default)]
pub struct PreferencesPatch {
    pub enabled: Option<bool>,
    pub volume: Option<f64>,
    pub sounds: Option<SoundsPatch>,
}

#[derive(Clone, Debug, Default)]
pub struct SoundsPatch {
    pub low: Option<String>,
    pub medium: Option<String>,
    pub high: Option<String>,
    pub urgent: Option<String>,
}

impl NotificationPreferences {
    pub fn apply(&mut self, patch: PreferencesPatch) {
        if let Some(enabled) = patch.enabled {
            self.enabled = enabled;
        }
        if let Some(volume) = patch.volume {
            self.volume = volume;
        }
        if let Some(sounds) = patch.sounds {
            let fields = [
                (&mut self.sounds.low, sounds.low),
                (&mut self.sounds.medium, sounds.medium),
                (&mut self.sounds.high, sounds.high),
                (&mut self.sounds.urgent, sounds.urgent),
            ];
            for (slot, value) in fields {
                if let Some(value) = value {
                    *slot = value;
                }
            }
        }
    }
}

/// A stored worker. The password hash lives only in the store and never in this type, so no
/// code path can serialise it.
#[derive(Clone, Debug)]
pub struct Worker {
    pub id: Id,
    pub name: String,
    pub username: String,
    pub position: String,
    /// A role id, a legacy slug or empty; resolved per request (§3.3).
    pub role: String,
    pub notification_preferences: NotificationPreferences,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

/// A worker's JSON: `R` is the resolved role object in worker endpoints, the raw role string
/// where a worker is embedded in another document (§1.7).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkerDoc<'a, R: Serialize> {
    #[serde(rename = "_id")]
    id: Id,
    name: &'a str,
    username: &'a str,
    position: &'a str,
    role: R,
    notification_preferences: &'a NotificationPreferences,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

impl Worker {
    pub fn with_role<'a>(&'a self, role: &'a ResolvedRole) -> WorkerDoc<'a, &'a ResolvedRole> {
        self.doc(role)
    }

    pub fn embedded(&self) -> WorkerDoc<'_, &str> {
        self.doc(self.role.as_str())
    }

    fn doc<'a, R: Serialize>(&'a self, role: R) -> WorkerDoc<'a, R> {
        WorkerDoc {
            id: self.id,
            name: &self.name,
            username: &self.username,
            position: &self.position,
            role,
            notification_preferences: &self.notification_preferences,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

/// The authenticated caller of a request or socket: the worker (re-loaded each time, so role
/// changes apply at once) with its resolved role. A paired device acts as a synthetic worker
/// (its id and name) and carries its [`DeviceScope`].
#[derive(Clone, Debug)]
pub struct Actor {
    pub worker: Worker,
    pub role: ResolvedRole,
    pub grants: Grants,
    pub device: Option<DeviceScope>,
}

impl Actor {
    pub fn new(worker: Worker, role: ResolvedRole) -> Self {
        let grants = role.grants();
        Actor {
            worker,
            role,
            grants,
            device: None,
        }
    }

    /// A paired device as a caller.
    pub fn device(device: &Device) -> Self {
        let role = ResolvedRole::Device {
            permissions: device.permissions(),
        };
        Actor {
            worker: device.as_worker(),
            grants: role.grants(),
            role,
            device: Some(device.scope()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pseudo_roles_render_as_upstream() {
        let value = serde_json::to_value(ResolvedRole::pseudo("")).unwrap_or_default();
        assert_eq!(
            value,
            json!({"_id":"worker","name":"Worker","slug":"worker","description":"System Built-in Worker Role","permissions":["production:view"],"isSystem":true})
        );
        let dead = ResolvedRole::pseudo("65a000000000000000000000");
        assert!(dead.grants().permissions.is_empty());
    }

    #[test]
    fn preferences_merge_one_level() {
        let mut prefs = NotificationPreferences::default();
        prefs.apply(PreferencesPatch {
            volume: Some(1.0),
            sounds: Some(SoundsPatch {
                high: Some("bell".into()),
                ..Default::default()
            }),
            ..Default::default()
        });
        assert!(prefs.enabled);
        assert_eq!(prefs.sounds.high, "bell");
        assert_eq!(prefs.sounds.low, "soft_pop");
        let value = serde_json::to_value(&prefs).unwrap_or_default();
        assert_eq!(
            serde_json::to_string(&value["volume"]).unwrap_or_default(),
            "1"
        );
    }
}
