//! Guard cases of the request and dashboard routes (core.md §3.5). Request bodies name their
//! customer by the `"{customers}"` placeholder, which the session fills.

use super::{Access, Caller, Case, Target, bulk, case, guarded, no_body};
use serde_json::json;

/// `G[orders:view, production:view, dashboard:view] +st`: managing orders is not reading them.
const REQUESTS_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["orders:view"]),
    Caller::Perms(&["production:view"]),
    Caller::Perms(&["dashboard:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
    Caller::Legacy("admin"),
];
const REQUESTS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["orders:manage", "orders:create"]),
    Caller::Perms(&["requests:view"]),
    Caller::Slug("orders:view", &[]),
    Caller::Legacy("manager"),
];

/// `ANY(orders:manage, orders:create)`: the slug counts.
const REQUESTS_CREATE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["orders:create"]),
    Caller::Perms(&["orders:manage"]),
    Caller::Slug("orders:create", &[]),
    Caller::Legacy("admin"),
];
const REQUESTS_CREATE_DENIED: &[Caller] = &[
    Caller::Perms(&["orders:view", "requests:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
];

/// `ALL(orders:manage)`: the slug does not count.
const ORDERS_MANAGE_ALLOWED: &[Caller] =
    &[Caller::Perms(&["orders:manage"]), Caller::Perms(&["*"])];
const ORDERS_MANAGE_DENIED: &[Caller] = &[
    Caller::Slug("orders:manage", &[]),
    Caller::Perms(&["orders:create", "orders:view"]),
    Caller::Legacy("manager"),
];

fn new_request(_: usize) -> Option<serde_json::Value> {
    Some(json!({"details": {"type": "cut", "quantity": 1}, "customer": "{customers}"}))
}

fn patch(n: usize) -> Option<serde_json::Value> {
    Some(json!({"deliveryLocation": format!("Dock {n}")}))
}

pub(super) fn cases() -> Vec<Case> {
    let read = guarded(REQUESTS_READ_ALLOWED, REQUESTS_READ_DENIED);
    let create = guarded(REQUESTS_CREATE_ALLOWED, REQUESTS_CREATE_DENIED);
    let manage = guarded(ORDERS_MANAGE_ALLOWED, ORDERS_MANAGE_DENIED);
    vec![
        case("GET", "/requests", Target::None, no_body, read, 200),
        case(
            "GET",
            "/requests/{id}",
            Target::Doc("requests"),
            no_body,
            read,
            200,
        ),
        case("POST", "/requests", Target::None, new_request, create, 201),
        case(
            "PATCH",
            "/requests/{id}",
            Target::Doc("requests"),
            patch,
            manage,
            200,
        ),
        case("DELETE", "/requests", Target::None, bulk, manage, 200),
        case(
            "DELETE",
            "/requests/{id}",
            Target::FreshDoc("requests"),
            no_body,
            manage,
            200,
        ),
        case(
            "GET",
            "/dashboard/stats",
            Target::None,
            no_body,
            Access::Auth,
            200,
        ),
    ]
}
