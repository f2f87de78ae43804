//! Guard cases of the catalog routes (core.md §3.5), grouped as the route table groups them.
//! Bodies name the documents they need by placeholder (`"{worker}"`, `"{station-templates}"`),
//! which the session fills.

use super::{Access, Caller, Case, MISSING, Target, no_body};
use serde_json::json;

/// `ANY(admin, stations:manage)`: the slug counts, vocabulary A's names do not.
const STATIONS_MANAGE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["stations:manage"]),
    Caller::Slug("stations:manage", &[]),
    Caller::Perms(&["*"]),
    Caller::Legacy("admin"),
];
const STATIONS_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["station_templates:manage", "stations:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("manager"),
    Caller::Legacy("worker"),
];

fn guarded(allowed: &'static [Caller], denied: &'static [Caller]) -> Access {
    Access::Guarded { allowed, denied }
}

fn case(
    method: &'static str,
    route: &'static str,
    target: Target,
    body: fn(usize) -> Option<serde_json::Value>,
    access: Access,
    ok: u16,
) -> Case {
    Case {
        method,
        route,
        target,
        body,
        access,
        ok,
    }
}

fn bulk(_: usize) -> Option<serde_json::Value> {
    Some(json!({"ids": [MISSING]}))
}

pub(super) fn cases() -> Vec<Case> {
    let stations_manage = guarded(STATIONS_MANAGE_ALLOWED, STATIONS_MANAGE_DENIED);
    vec![
        // Station templates: readable by anyone with a token.
        case(
            "GET",
            "/station-templates",
            Target::None,
            no_body,
            Access::Auth,
            200,
        ),
        case(
            "GET",
            "/station-templates/{id}",
            Target::Doc("station-templates"),
            no_body,
            Access::Auth,
            200,
        ),
        case(
            "POST",
            "/station-templates",
            Target::None,
            |n| Some(json!({"name": format!("Made template {n}")})),
            stations_manage,
            201,
        ),
        case(
            "PATCH",
            "/station-templates/{id}",
            Target::Doc("station-templates"),
            |n| Some(json!({"uiSchema": {"version": n}})),
            stations_manage,
            200,
        ),
        case(
            "DELETE",
            "/station-templates",
            Target::None,
            bulk,
            stations_manage,
            200,
        ),
        case(
            "DELETE",
            "/station-templates/{id}",
            Target::FreshDoc("station-templates"),
            no_body,
            stations_manage,
            200,
        ),
        // Stations
        case("GET", "/stations", Target::None, no_body, Access::Auth, 200),
        case(
            "GET",
            "/stations/{id}",
            Target::Doc("stations"),
            no_body,
            Access::Auth,
            200,
        ),
        case(
            "POST",
            "/stations",
            Target::None,
            |n| {
                Some(
                    json!({"name": format!("Made station {n}"), "templateId": "{station-templates}"}),
                )
            },
            stations_manage,
            201,
        ),
        case(
            "PATCH",
            "/stations/{id}",
            Target::Doc("stations"),
            |n| Some(json!({"notes": format!("note {n}")})),
            stations_manage,
            200,
        ),
        case(
            "DELETE",
            "/stations",
            Target::None,
            bulk,
            stations_manage,
            200,
        ),
        case(
            "DELETE",
            "/stations/{id}",
            Target::FreshDoc("stations"),
            no_body,
            stations_manage,
            200,
        ),
    ]
}
