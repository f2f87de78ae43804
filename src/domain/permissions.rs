//! Roles and permissions (core.md §2.5, §3): the seeded system roles, how a worker's stored
//! `role` string resolves to permissions, and the guard kinds the route table uses.

/// Vocabulary A (`ALL_PERMISSIONS` upstream): only used to build the seeded manager role.
pub const ALL_PERMISSIONS: &[&str] = &[
    "workers:view",
    "workers:manage",
    "customers:view",
    "customers:manage",
    "materials:view",
    "materials:manage",
    "inventory:view",
    "inventory:move",
    "inventory:manage",
    "material_logs:view",
    "material_logs:manage",
    "requests:view",
    "requests:manage",
    "orders:view",
    "orders:create",
    "orders:manage",
    "claims:view",
    "claims:create",
    "claims:approve",
    "claims:manage",
    "panes:view",
    "panes:create",
    "panes:scan",
    "panes:manage",
    "pane_logs:view",
    "production_logs:view",
    "production_logs:create",
    "production_logs:manage",
    "stations:view",
    "stations:manage",
    "station_templates:view",
    "station_templates:manage",
    "sticker_templates:view",
    "sticker_templates:manage",
    "job_types:view",
    "job_types:manage",
    "pricing:view",
    "pricing:manage",
    "notifications:view",
    "notifications:create",
    "notifications:manage",
    "withdrawals:view",
    "withdrawals:create",
    "withdrawals:manage",
    "roles:view",
    "roles:manage",
];

/// `GET /api/roles/permissions`, exactly these strings in this order (§3.2 C).
pub const LISTED_PERMISSIONS: &[&str] = &[
    "users:view",
    "users:manage",
    "roles:manage",
    "inventory:view",
    "inventory:manage",
    "production:view",
    "production:manage",
    "orders:view",
    "orders:create",
    "orders:manage",
    "settings:view",
    "settings:manage",
    "dashboard:view",
    "stations:manage",
    "stickers:manage",
];

/// The seeded worker role's permissions, in seed order (§2.5).
const WORKER_PERMISSIONS: &[&str] = &[
    "workers:view",
    "customers:view",
    "materials:view",
    "inventory:view",
    "inventory:move",
    "material_logs:view",
    "requests:view",
    "orders:view",
    "claims:view",
    "claims:create",
    "panes:view",
    "panes:scan",
    "pane_logs:view",
    "production_logs:view",
    "production_logs:create",
    "stations:view",
    "station_templates:view",
    "sticker_templates:view",
    "job_types:view",
    "pricing:view",
    "notifications:view",
    "withdrawals:view",
    "withdrawals:create",
    "roles:view",
];

/// Prefix of the per-station permission family `station:enter:<stationId>`.
pub const STATION_ENTER_PREFIX: &str = "station:enter:";

/// One of the three system roles the first start creates.
pub struct SystemRole {
    pub slug: &'static str,
    pub name: &'static str,
    pub permissions: Vec<String>,
}

pub fn system_roles() -> Vec<SystemRole> {
    let owned = |list: &[&str]| list.iter().map(|p| (*p).to_owned()).collect::<Vec<_>>();
    let manager: Vec<String> = ALL_PERMISSIONS
        .iter()
        .filter(|p| !matches!(**p, "workers:manage" | "roles:manage"))
        .map(|p| (*p).to_owned())
        .collect();
    vec![
        SystemRole {
            slug: "admin",
            name: "Admin",
            permissions: vec!["*".to_owned()],
        },
        SystemRole {
            slug: "manager",
            name: "Manager",
            permissions: manager,
        },
        SystemRole {
            slug: "worker",
            name: "Worker",
            permissions: owned(WORKER_PERMISSIONS),
        },
    ]
}

/// The legacy role slugs a worker's `role` string may hold instead of a role id (§3.3).
pub const LEGACY_SLUGS: &[&str] = &["admin", "manager", "worker"];

/// Permissions of the pseudo-role synthesised for a role string that names no stored role.
pub fn legacy_permissions(slug: &str) -> Vec<String> {
    match slug {
        "admin" => vec!["*".to_owned()],
        "worker" => vec!["production:view".to_owned()],
        _ => Vec::new(),
    }
}

/// Display name of a pseudo-role (§3.3): the capitalised legacy name, else the slug itself.
pub fn legacy_name(slug: &str) -> String {
    match slug {
        "admin" => "Admin".to_owned(),
        "manager" => "Manager".to_owned(),
        "worker" => "Worker".to_owned(),
        other => other.to_owned(),
    }
}

/// What a request's caller may do: the resolved role's slug and permissions.
#[derive(Clone, Debug, PartialEq)]
pub struct Grants {
    pub slug: String,
    pub permissions: Vec<String>,
}

impl Grants {
    pub fn has_star(&self) -> bool {
        self.has("*")
    }

    pub fn has(&self, permission: &str) -> bool {
        self.permissions.iter().any(|p| p == permission)
    }

    fn is_admin_slug(&self) -> bool {
        self.slug == "admin"
    }

    fn has_any_station_entry(&self) -> bool {
        self.permissions
            .iter()
            .any(|p| p.starts_with(STATION_ENTER_PREFIX))
    }

    /// `requirePermission`: `*` or every listed permission; the slug does not count.
    pub fn all(&self, required: &[&str]) -> bool {
        self.has_star() || required.iter().all(|p| self.has(p))
    }

    /// `authorize`: admin slug, `*`, or any listed string equal to the slug or held.
    pub fn any(&self, allowed: &[&str]) -> bool {
        self.is_admin_slug()
            || self.has_star()
            || allowed.iter().any(|x| *x == self.slug || self.has(x))
    }

    /// The station-aware guard: admin slug, `*`, any listed permission, or (when
    /// `station_users` is set) any `station:enter:*` permission.
    pub fn station_aware(&self, allowed: &[&str], station_users: bool) -> bool {
        self.is_admin_slug()
            || self.has_star()
            || allowed.iter().any(|p| self.has(p))
            || (station_users && self.has_any_station_entry())
    }

    /// The scan guard: admin slug, `*`, `production:manage`, or `station:enter:<station>`.
    pub fn may_scan_at(&self, station: &str) -> bool {
        self.is_admin_slug()
            || self.has_star()
            || self.has("production:manage")
            || self.has(&format!("{STATION_ENTER_PREFIX}{station}"))
    }
}

/// Derives a role slug from its name (§3.7): lowercase, runs of anything but `a-z`, `0-9` and
/// Thai become `-`, trimmed of `-`; `None` when nothing is left.
pub fn slug_from_name(name: &str) -> Option<String> {
    let mut slug = String::new();
    let mut pending_dash = false;
    for c in name.to_lowercase().chars() {
        let keep =
            c.is_ascii_lowercase() || c.is_ascii_digit() || ('\u{0E00}'..='\u{0E7F}').contains(&c);
        if keep {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(c);
        } else {
            pending_dash = true;
        }
    }
    (!slug.is_empty()).then_some(slug)
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
    fn seeded_roles_match_the_seed() {
        let roles = system_roles();
        assert_eq!(roles[0].permissions, vec!["*"]);
        assert_eq!(ALL_PERMISSIONS.len(), 46);
        assert_eq!(roles[1].permissions.len(), 44);
        assert_eq!(roles[2].permissions.len(), 24);
        assert_eq!(LISTED_PERMISSIONS.len(), 15);
    }

    #[test]
    fn guard_kinds_follow_the_table() {
        let admin_without_star = grants("admin", &[]);
        assert!(!admin_without_star.all(&["users:manage"]));
        assert!(admin_without_star.any(&["roles:manage"]));
        assert!(admin_without_star.station_aware(&[], false));
        assert!(admin_without_star.may_scan_at("x"));

        let manager = grants("manager", &["users:view", "orders:view"]);
        assert!(manager.all(&["users:view"]));
        assert!(!manager.all(&["users:view", "users:manage"]));
        assert!(manager.any(&["manager"]), "authorize matches the slug");
        assert!(
            !manager.all(&["manager"]),
            "requirePermission ignores the slug"
        );

        let station_user = grants("line", &["station:enter:abc"]);
        assert!(station_user.station_aware(&["users:view"], true));
        assert!(!station_user.station_aware(&["users:view"], false));
        assert!(station_user.may_scan_at("abc"));
        assert!(!station_user.may_scan_at("abd"));
    }

    #[test]
    fn slugs_are_derived_from_names() {
        assert_eq!(
            slug_from_name("Test CRUD Role").as_deref(),
            Some("test-crud-role")
        );
        assert_eq!(
            slug_from_name("  --Lead  Tech!! ").as_deref(),
            Some("lead-tech")
        );
        assert_eq!(slug_from_name("หัวหน้า ช่าง").as_deref(), Some("หัวหน้า-ช่าง"));
        assert_eq!(slug_from_name("!!!"), None);
    }
}
