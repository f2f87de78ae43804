//! Guard cases of the health, auth, worker and role routes (core.md §3.5).

use super::common::ADMIN_PASSWORD;
use super::{Access, Caller, Case, MISSING, Target, empty_object, no_body};
use serde_json::json;

/// `G[users:view, inventory:view, production:view, orders:view, orders:create] +st`.
const WORKERS_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["users:view"]),
    Caller::Perms(&["inventory:view"]),
    Caller::Perms(&["production:view"]),
    Caller::Perms(&["orders:view"]),
    Caller::Perms(&["orders:create"]),
    // +st: any station:enter:<anything> is enough.
    Caller::Perms(&["station:enter:anything"]),
    Caller::Perms(&["*"]),
    // Legacy "worker" resolves to ["production:view"].
    Caller::Legacy("worker"),
    Caller::Legacy("admin"),
];
const WORKERS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    // Vocabulary A is not what the guard tests (§3.2).
    Caller::Perms(&["workers:view"]),
    Caller::Perms(&["users:manage"]),
    Caller::Perms(&["roles:manage", "dashboard:view"]),
    // Not the `station:enter:` prefix.
    Caller::Perms(&["station:enter"]),
    Caller::Perms(&["station:view"]),
    // A permission named `admin` is not the `admin` slug.
    Caller::Perms(&["admin"]),
    // G ignores any slug but `admin`.
    Caller::Slug("users:view", &[]),
    // Legacy "manager" resolves to no permissions.
    Caller::Legacy("manager"),
];

/// `ALL(users:manage)`.
const USERS_MANAGE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["users:manage"]),
    Caller::Perms(&["users:view", "users:manage"]),
    Caller::Perms(&["*"]),
    Caller::Legacy("admin"),
];
const USERS_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["users:view"]),
    Caller::Perms(&["workers:manage"]),
    Caller::Perms(&["roles:manage"]),
    Caller::Perms(&["admin"]),
    Caller::Perms(&["station:enter:anything"]),
    // ALL ignores the slug, even a slug equal to the required permission.
    Caller::Slug("users:manage", &[]),
    Caller::Slug("roles:manage", &[]),
    Caller::Legacy("worker"),
    Caller::Legacy("manager"),
];

/// `ANY(admin, roles:manage)`.
const ROLES_MANAGE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["roles:manage"]),
    Caller::Perms(&["*"]),
    // ANY accepts the role's slug.
    Caller::Slug("roles:manage", &[]),
    // ANY tests each listed string, `admin` included, against the permissions too.
    Caller::Perms(&["admin"]),
    Caller::Legacy("admin"),
];
const ROLES_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["roles:view"]),
    Caller::Perms(&["users:manage"]),
    Caller::Perms(&["orders:manage", "stations:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Slug("users:manage", &["users:manage"]),
    Caller::Legacy("worker"),
    Caller::Legacy("manager"),
];

pub(super) fn cases() -> Vec<Case> {
    vec![
        Case {
            method: "GET",
            route: "/health",
            target: Target::None,
            body: no_body,
            access: Access::Public,
            ok: 200,
        },
        Case {
            method: "GET",
            route: "/openapi.json",
            target: Target::None,
            body: no_body,
            access: Access::Public,
            ok: 200,
        },
        Case {
            method: "POST",
            route: "/auth/login",
            target: Target::None,
            body: |_| Some(json!({"username": "admin", "password": ADMIN_PASSWORD})),
            access: Access::Public,
            ok: 200,
        },
        Case {
            method: "POST",
            route: "/auth/logout",
            target: Target::None,
            body: empty_object,
            access: Access::Auth,
            ok: 200,
        },
        Case {
            method: "GET",
            route: "/auth/me",
            target: Target::None,
            body: no_body,
            access: Access::Auth,
            ok: 200,
        },
        Case {
            method: "PATCH",
            route: "/auth/me",
            target: Target::None,
            body: |n| Some(json!({"name": format!("Renamed {n}")})),
            access: Access::Auth,
            ok: 200,
        },
        Case {
            method: "GET",
            route: "/workers",
            target: Target::None,
            body: no_body,
            access: Access::Guarded {
                allowed: WORKERS_READ_ALLOWED,
                denied: WORKERS_READ_DENIED,
            },
            ok: 200,
        },
        Case {
            method: "GET",
            route: "/workers/{id}",
            target: Target::Worker,
            body: no_body,
            access: Access::Guarded {
                allowed: WORKERS_READ_ALLOWED,
                denied: WORKERS_READ_DENIED,
            },
            ok: 200,
        },
        Case {
            method: "POST",
            route: "/workers",
            target: Target::None,
            body: |n| {
                Some(
                    json!({"name": format!("New {n}"), "username": format!("new{n}"), "password": "secret1", "position": "cutter"}),
                )
            },
            access: Access::Guarded {
                allowed: USERS_MANAGE_ALLOWED,
                denied: USERS_MANAGE_DENIED,
            },
            ok: 201,
        },
        Case {
            method: "PATCH",
            route: "/workers/{id}",
            target: Target::Worker,
            body: |n| Some(json!({"position": format!("position {n}")})),
            access: Access::Guarded {
                allowed: USERS_MANAGE_ALLOWED,
                denied: USERS_MANAGE_DENIED,
            },
            ok: 200,
        },
        Case {
            method: "DELETE",
            route: "/workers",
            target: Target::None,
            body: |_| Some(json!({"ids": [MISSING]})),
            access: Access::Guarded {
                allowed: USERS_MANAGE_ALLOWED,
                denied: USERS_MANAGE_DENIED,
            },
            ok: 200,
        },
        Case {
            method: "DELETE",
            route: "/workers/{id}",
            target: Target::FreshWorker,
            body: no_body,
            access: Access::Guarded {
                allowed: USERS_MANAGE_ALLOWED,
                denied: USERS_MANAGE_DENIED,
            },
            ok: 200,
        },
        Case {
            method: "GET",
            route: "/roles",
            target: Target::None,
            body: no_body,
            access: Access::Auth,
            ok: 200,
        },
        Case {
            method: "GET",
            route: "/roles/permissions",
            target: Target::None,
            body: no_body,
            access: Access::Auth,
            ok: 200,
        },
        Case {
            method: "GET",
            route: "/roles/{id}",
            target: Target::Role,
            body: no_body,
            access: Access::Auth,
            ok: 200,
        },
        Case {
            method: "POST",
            route: "/roles",
            target: Target::None,
            body: |n| {
                Some(json!({"name": format!("Made role {n}"), "permissions": ["orders:view"]}))
            },
            access: Access::Guarded {
                allowed: ROLES_MANAGE_ALLOWED,
                denied: ROLES_MANAGE_DENIED,
            },
            ok: 201,
        },
        Case {
            method: "PATCH",
            route: "/roles/{id}",
            target: Target::Role,
            body: |n| Some(json!({"description": format!("description {n}")})),
            access: Access::Guarded {
                allowed: ROLES_MANAGE_ALLOWED,
                denied: ROLES_MANAGE_DENIED,
            },
            ok: 200,
        },
        Case {
            method: "DELETE",
            route: "/roles/{id}",
            target: Target::FreshRole,
            body: no_body,
            access: Access::Guarded {
                allowed: ROLES_MANAGE_ALLOWED,
                denied: ROLES_MANAGE_DENIED,
            },
            ok: 200,
        },
    ]
}
