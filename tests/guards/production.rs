//! Guard cases of the production routes (production.md §1.3, core.md §3.5): orders, panes,
//! scans, claims, production and pane logs. Bodies name their references by placeholders
//! (`"{customers}"`, `"{material}"`), which the session fills.

use super::{Caller, Case, Target, bulk, case, guarded, no_body};
use serde_json::json;

/// `G[orders:view, production:view, inventory:view, dashboard:view] +st`.
pub(super) const ORDERS_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["orders:view"]),
    Caller::Perms(&["production:view"]),
    Caller::Perms(&["inventory:view"]),
    Caller::Perms(&["dashboard:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
    Caller::Legacy("admin"),
];
pub(super) const ORDERS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["orders:manage", "orders:create"]),
    Caller::Slug("orders:view", &[]),
    Caller::Legacy("manager"),
];

/// `G[orders:create, orders:manage] +st`: the slug does not count.
pub(super) const ORDERS_WRITE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["orders:create"]),
    Caller::Perms(&["orders:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Perms(&["*"]),
    Caller::Legacy("admin"),
];
pub(super) const ORDERS_WRITE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["orders:view", "production:manage"]),
    Caller::Slug("orders:create", &[]),
    Caller::Legacy("worker"),
    Caller::Legacy("manager"),
];

/// `ALL(orders:manage)`: neither the slug nor the `admin` slug alone.
const ORDERS_MANAGE_ALLOWED: &[Caller] =
    &[Caller::Perms(&["orders:manage"]), Caller::Perms(&["*"])];
const ORDERS_MANAGE_DENIED: &[Caller] = &[
    Caller::Slug("orders:manage", &[]),
    Caller::Perms(&["orders:create", "orders:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("manager"),
];

/// `G[production:view, orders:view] +st`.
pub(super) const PANES_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["production:view"]),
    Caller::Perms(&["orders:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
    Caller::Legacy("admin"),
];
pub(super) const PANES_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["inventory:view", "dashboard:view"]),
    Caller::Slug("production:view", &[]),
    Caller::Legacy("manager"),
];

/// `ANY(production:manage, orders:create, orders:manage)`: the slug counts.
const PANES_CREATE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["production:manage"]),
    Caller::Perms(&["orders:create"]),
    Caller::Perms(&["orders:manage"]),
    Caller::Slug("production:manage", &[]),
    Caller::Legacy("admin"),
];
const PANES_CREATE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["production:view", "orders:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
    Caller::Legacy("manager"),
];

/// `G[production:manage, orders:create, orders:manage] +st`: the slug does not count.
pub(super) const PANES_UPDATE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["production:manage"]),
    Caller::Perms(&["orders:create"]),
    Caller::Perms(&["orders:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("admin"),
];
pub(super) const PANES_UPDATE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["production:view"]),
    Caller::Slug("production:manage", &[]),
    Caller::Legacy("worker"),
    Caller::Legacy("manager"),
];

/// `ANY(production:manage, orders:manage)`.
const PANES_DELETE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["production:manage"]),
    Caller::Perms(&["orders:manage"]),
    Caller::Slug("orders:manage", &[]),
    Caller::Legacy("admin"),
];
const PANES_DELETE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["orders:create"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
];

/// The station the scan cases scan at (station ids are never checked for existence).
pub(super) const SCAN_STATION: &str = "5f0000000000000000000001";

/// SCAN: admin slug, `*`, `production:manage`, or `station:enter:<body.station>`; the slug
/// `production:manage` alone and other stations' permissions do not count.
const SCAN_ALLOWED: &[Caller] = &[
    Caller::Perms(&["production:manage"]),
    Caller::Perms(&["station:enter:5f0000000000000000000001"]),
    Caller::Perms(&["*"]),
    Caller::Legacy("admin"),
];
const SCAN_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["station:enter:5f0000000000000000000002"]),
    Caller::Perms(&["production:view", "panes:scan"]),
    Caller::Slug("production:manage", &[]),
    Caller::Legacy("worker"),
    Caller::Legacy("manager"),
];

fn scan_in(_: usize) -> Option<serde_json::Value> {
    Some(json!({"station": SCAN_STATION, "action": "scan_in"}))
}

/// The first pane of the scan session (created for the scan case, which runs first).
fn batch_scan_in(_: usize) -> Option<serde_json::Value> {
    Some(json!({"paneNumbers": ["PNE-0001"], "station": SCAN_STATION, "action": "scan_in"}))
}

/// `G[inventory:view, production:view] +st` (claim reads and PATCH).
const CLAIMS_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:view"]),
    Caller::Perms(&["production:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
    Caller::Legacy("admin"),
];
const CLAIMS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["inventory:manage", "claims:manage"]),
    Caller::Slug("inventory:view", &[]),
    Caller::Legacy("manager"),
];

/// `G[inventory:manage] +st` (claims from a pane).
const CLAIMS_FROM_PANE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("admin"),
];
const CLAIMS_FROM_PANE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["inventory:view", "claims:create"]),
    Caller::Slug("inventory:manage", &[]),
    Caller::Legacy("worker"),
];

/// `ALL(inventory:manage)`: claims on an order route, claim deletes.
const INVENTORY_MANAGE_ALLOWED: &[Caller] =
    &[Caller::Perms(&["inventory:manage"]), Caller::Perms(&["*"])];
const INVENTORY_MANAGE_DENIED: &[Caller] = &[
    Caller::Slug("inventory:manage", &[]),
    Caller::Perms(&["inventory:view", "claims:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("manager"),
];

fn order_claim(n: usize) -> Option<serde_json::Value> {
    Some(
        json!({"source": "worker", "material": "{material}", "description": format!("Claim {n}"),
                "reportedBy": "{worker}"}),
    )
}

fn pane_claim(n: usize) -> Option<serde_json::Value> {
    Some(
        json!({"paneNumber": "{claim-pane}", "source": "worker", "description": format!("Claim {n}"),
                "reportedBy": "{worker}"}),
    )
}

fn claim_patch(n: usize) -> Option<serde_json::Value> {
    Some(json!({"description": format!("Seen {n}")}))
}

fn claim_cases() -> Vec<Case> {
    let read = guarded(CLAIMS_READ_ALLOWED, CLAIMS_READ_DENIED);
    let manage = guarded(INVENTORY_MANAGE_ALLOWED, INVENTORY_MANAGE_DENIED);
    vec![
        case(
            "POST",
            "/orders/{id}/claims",
            Target::Doc("orders"),
            order_claim,
            manage,
            201,
        ),
        case("GET", "/claims", Target::None, no_body, read, 200),
        case("GET", "/claims/{id}", Target::OwnClaim, no_body, read, 200),
        case(
            "POST",
            "/claims/from-pane",
            Target::None,
            pane_claim,
            guarded(CLAIMS_FROM_PANE_ALLOWED, CLAIMS_FROM_PANE_DENIED),
            201,
        ),
        case(
            "PATCH",
            "/claims/{id}",
            Target::OwnClaim,
            claim_patch,
            read,
            200,
        ),
        case("DELETE", "/claims", Target::None, bulk, manage, 200),
        case(
            "DELETE",
            "/claims/{id}",
            Target::FreshDoc("claims"),
            no_body,
            manage,
            200,
        ),
    ]
}

/// `ALL(production:manage)`: production-log writes.
const PRODUCTION_MANAGE_ALLOWED: &[Caller] =
    &[Caller::Perms(&["production:manage"]), Caller::Perms(&["*"])];
const PRODUCTION_MANAGE_DENIED: &[Caller] = &[
    Caller::Slug("production:manage", &[]),
    Caller::Perms(&["production:view", "orders:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("manager"),
];

fn new_production_log(_: usize) -> Option<serde_json::Value> {
    Some(
        json!({"pane": "{panes}", "order": "{orders}", "station": SCAN_STATION, "action": "start"}),
    )
}

fn production_log_patch(n: usize) -> Option<serde_json::Value> {
    Some(json!({"reworkReason": format!("Reason {n}")}))
}

/// Production and pane logs: reads are `G[production:view, orders:view] +st` like panes.
fn log_cases() -> Vec<Case> {
    let read = guarded(PANES_READ_ALLOWED, PANES_READ_DENIED);
    let manage = guarded(PRODUCTION_MANAGE_ALLOWED, PRODUCTION_MANAGE_DENIED);
    vec![
        case("GET", "/production-logs", Target::None, no_body, read, 200),
        case(
            "GET",
            "/production-logs/{id}",
            Target::Doc("production-logs"),
            no_body,
            read,
            200,
        ),
        case(
            "POST",
            "/production-logs",
            Target::None,
            new_production_log,
            manage,
            201,
        ),
        case(
            "PATCH",
            "/production-logs/{id}",
            Target::Doc("production-logs"),
            production_log_patch,
            manage,
            200,
        ),
        case(
            "DELETE",
            "/production-logs",
            Target::None,
            bulk,
            manage,
            200,
        ),
        case(
            "DELETE",
            "/production-logs/{id}",
            Target::FreshDoc("production-logs"),
            no_body,
            manage,
            200,
        ),
        case("GET", "/pane-logs", Target::None, no_body, read, 200),
        case(
            "GET",
            "/pane-logs/timeline",
            Target::Query("?materialId=000000000000000000000000"),
            no_body,
            read,
            200,
        ),
    ]
}

fn new_order(_: usize) -> Option<serde_json::Value> {
    Some(json!({"customer": "{customers}", "material": "{material}", "quantity": 1}))
}

/// A release onto the session's station (`"{route}"` becomes `[<station id>]`).
fn release(_: usize) -> Option<serde_json::Value> {
    Some(json!({"stations": "{route}"}))
}

fn order_patch(n: usize) -> Option<serde_json::Value> {
    Some(json!({"notes": format!("Note {n}")}))
}

fn empty(_: usize) -> Option<serde_json::Value> {
    Some(json!({}))
}

fn pane_patch(n: usize) -> Option<serde_json::Value> {
    Some(json!({"jobType": format!("Job {n}")}))
}

fn pane_cases() -> Vec<Case> {
    let read = guarded(PANES_READ_ALLOWED, PANES_READ_DENIED);
    let create = guarded(PANES_CREATE_ALLOWED, PANES_CREATE_DENIED);
    let update = guarded(PANES_UPDATE_ALLOWED, PANES_UPDATE_DENIED);
    let delete = guarded(PANES_DELETE_ALLOWED, PANES_DELETE_DENIED);
    vec![
        case("GET", "/panes", Target::None, no_body, read, 200),
        case(
            "GET",
            "/panes/pending-counts",
            Target::Query("?station=000000000000000000000000"),
            no_body,
            read,
            200,
        ),
        case(
            "GET",
            "/panes/{id}",
            Target::Doc("panes"),
            no_body,
            read,
            200,
        ),
        case("POST", "/panes", Target::None, empty, create, 201),
        case(
            "PATCH",
            "/panes/{id}",
            Target::Doc("panes"),
            pane_patch,
            update,
            200,
        ),
        case("DELETE", "/panes", Target::None, bulk, delete, 200),
        case(
            "DELETE",
            "/panes/{id}",
            Target::FreshDoc("panes"),
            no_body,
            delete,
            200,
        ),
        case(
            "POST",
            "/panes/{id}/scan",
            Target::PaneNumber,
            scan_in,
            guarded(SCAN_ALLOWED, SCAN_DENIED),
            200,
        ),
        case(
            "POST",
            "/panes/batch-scan",
            Target::None,
            batch_scan_in,
            guarded(SCAN_ALLOWED, SCAN_DENIED),
            200,
        ),
    ]
}

pub(super) fn cases() -> Vec<Case> {
    let read = guarded(ORDERS_READ_ALLOWED, ORDERS_READ_DENIED);
    let write = guarded(ORDERS_WRITE_ALLOWED, ORDERS_WRITE_DENIED);
    let manage = guarded(ORDERS_MANAGE_ALLOWED, ORDERS_MANAGE_DENIED);
    vec![
        case("GET", "/orders", Target::None, no_body, read, 200),
        case(
            "GET",
            "/orders/{id}",
            Target::Doc("orders"),
            no_body,
            read,
            200,
        ),
        case("POST", "/orders", Target::None, new_order, write, 201),
        case(
            "PATCH",
            "/orders/{id}",
            Target::OwnOrder,
            order_patch,
            write,
            200,
        ),
        // The release has the PATCH's guard and its row-level rule (additive route).
        case(
            "POST",
            "/orders/{id}/release",
            Target::OwnOrder,
            release,
            write,
            200,
        ),
        case("DELETE", "/orders", Target::None, bulk, manage, 200),
        case(
            "DELETE",
            "/orders/{id}",
            Target::FreshDoc("orders"),
            no_body,
            manage,
            200,
        ),
    ]
    .into_iter()
    .chain(pane_cases())
    .chain(claim_cases())
    .chain(log_cases())
    .collect()
}
