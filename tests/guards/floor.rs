//! Guard cases of the station floor's reads (additive routes, README "Floor API"): the queue is
//! `G[production:view] +st` (station workers and kiosk devices hold `station:enter:<id>`), the
//! board `G[production:view, dashboard:view] +st`.

use super::{Caller, Case, Target, case, guarded, no_body};

const QUEUE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["production:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Perms(&["station:enter:anything", "production:view"]),
    Caller::Perms(&["*"]),
    Caller::Legacy("worker"),
    Caller::Legacy("admin"),
];
const QUEUE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["dashboard:view", "orders:view", "orders:manage"]),
    Caller::Slug("production:view", &[]),
    Caller::Legacy("manager"),
];

const BOARD_ALLOWED: &[Caller] = &[
    Caller::Perms(&["production:view"]),
    Caller::Perms(&["dashboard:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
    Caller::Legacy("admin"),
];
const BOARD_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["orders:view", "inventory:view"]),
    Caller::Slug("dashboard:view", &[]),
    Caller::Legacy("manager"),
];

pub(super) fn cases() -> Vec<Case> {
    vec![
        case(
            "GET",
            "/stations/{id}/queue",
            Target::Doc("stations"),
            no_body,
            guarded(QUEUE_ALLOWED, QUEUE_DENIED),
            200,
        ),
        case(
            "GET",
            "/board",
            Target::None,
            no_body,
            guarded(BOARD_ALLOWED, BOARD_DENIED),
            200,
        ),
    ]
}
