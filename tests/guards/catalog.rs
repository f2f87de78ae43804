//! Guard cases of the catalog routes (core.md §3.5), grouped as the route table groups them.
//! Bodies name the documents they need by placeholder (`"{worker}"`, `"{station-templates}"`),
//! which the session fills.

use super::{Access, Caller, Case, Target, bulk, case, guarded, no_body};
use serde_json::json;

/// `ALL(notifications:view)`: the slug does not count, nor `notifications:manage` alone.
const NOTIFICATIONS_VIEW_ALLOWED: &[Caller] = &[
    Caller::Perms(&["notifications:view"]),
    Caller::Perms(&["*"]),
    Caller::Legacy("admin"),
];
const NOTIFICATIONS_VIEW_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["notifications:manage"]),
    Caller::Slug("notifications:view", &[]),
    Caller::Legacy("worker"),
];

/// `ALL(notifications:create)`.
const NOTIFICATIONS_CREATE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["notifications:create"]),
    Caller::Perms(&["*"]),
];
const NOTIFICATIONS_CREATE_DENIED: &[Caller] = &[
    Caller::Perms(&["notifications:view", "notifications:manage"]),
    Caller::Slug("notifications:create", &[]),
    Caller::Legacy("manager"),
];

/// `ALL(notifications:manage)`.
const NOTIFICATIONS_MANAGE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["notifications:manage"]),
    Caller::Perms(&["*"]),
];
const NOTIFICATIONS_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&["notifications:view", "notifications:create"]),
    Caller::Slug("notifications:manage", &[]),
    Caller::Legacy("worker"),
];

/// `ANY(admin, stations:manage)`: the slug counts, vocabulary A's names do not.
pub(super) const STATIONS_MANAGE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["stations:manage"]),
    Caller::Slug("stations:manage", &[]),
    Caller::Perms(&["*"]),
    Caller::Legacy("admin"),
];
pub(super) const STATIONS_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["station_templates:manage", "stations:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("manager"),
    Caller::Legacy("worker"),
    // A paired screen manages nothing, its own pairing included.
    Caller::Device("station"),
    Caller::Device("board"),
];

/// `ANY(settings:view, orders:view, orders:create)`: job types and pricing are read by the
/// order screens too.
const SETTINGS_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["settings:view"]),
    Caller::Perms(&["orders:view"]),
    Caller::Perms(&["orders:create"]),
    Caller::Slug("settings:view", &[]),
    Caller::Legacy("admin"),
];
const SETTINGS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["job_types:view", "pricing:view"]),
    // ANY lists only the view permissions: manage alone does not read.
    Caller::Perms(&["settings:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("worker"),
];

/// `ALL(settings:manage)`.
const SETTINGS_MANAGE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["settings:manage"]),
    Caller::Perms(&["*"]),
    Caller::Legacy("admin"),
];
const SETTINGS_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&["settings:view"]),
    Caller::Perms(&["job_types:manage", "pricing:manage"]),
    Caller::Slug("settings:manage", &[]),
    Caller::Perms(&["admin"]),
    Caller::Legacy("manager"),
];

/// `ANY(admin, stickers:manage)`: the seeded manager's `sticker_templates:manage` is not it.
const STICKERS_MANAGE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["stickers:manage"]),
    Caller::Slug("stickers:manage", &[]),
    Caller::Legacy("admin"),
];
const STICKERS_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["sticker_templates:manage"]),
    Caller::Legacy("worker"),
];

pub(super) fn cases() -> Vec<Case> {
    let notifications_view = guarded(NOTIFICATIONS_VIEW_ALLOWED, NOTIFICATIONS_VIEW_DENIED);
    let notifications_manage = guarded(NOTIFICATIONS_MANAGE_ALLOWED, NOTIFICATIONS_MANAGE_DENIED);
    let stations_manage = guarded(STATIONS_MANAGE_ALLOWED, STATIONS_MANAGE_DENIED);
    let settings_read = guarded(SETTINGS_READ_ALLOWED, SETTINGS_READ_DENIED);
    let settings_manage = guarded(SETTINGS_MANAGE_ALLOWED, SETTINGS_MANAGE_DENIED);
    let stickers_manage = guarded(STICKERS_MANAGE_ALLOWED, STICKERS_MANAGE_DENIED);
    vec![
        // Notifications
        case(
            "GET",
            "/notifications",
            Target::None,
            no_body,
            notifications_view,
            200,
        ),
        // Only the recipient (or a manager) may read one: each caller reads its own.
        case(
            "GET",
            "/notifications/{id}",
            Target::OwnNotification,
            no_body,
            notifications_view,
            200,
        ),
        case(
            "POST",
            "/notifications",
            Target::None,
            |n| Some(json!({"recipient": "{worker}", "type": "info", "title": format!("Hi {n}")})),
            guarded(NOTIFICATIONS_CREATE_ALLOWED, NOTIFICATIONS_CREATE_DENIED),
            201,
        ),
        // Authentication only: anyone may mark their own notification read.
        case(
            "PATCH",
            "/notifications/{id}",
            Target::OwnNotification,
            |_| Some(json!({"readStatus": true})),
            Access::Auth,
            200,
        ),
        case(
            "DELETE",
            "/notifications",
            Target::None,
            bulk,
            notifications_manage,
            200,
        ),
        case(
            "DELETE",
            "/notifications/{id}",
            Target::FreshDoc("notifications"),
            no_body,
            notifications_manage,
            200,
        ),
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
        // USB-camera QR stations: station management
        case(
            "GET",
            "/cameras",
            Target::None,
            no_body,
            stations_manage,
            200,
        ),
        case(
            "GET",
            "/cameras/{id}",
            Target::Doc("cameras"),
            no_body,
            stations_manage,
            200,
        ),
        case(
            "POST",
            "/cameras",
            Target::None,
            |n| {
                Some(
                    json!({"name": format!("Made camera {n}"), "device": "/dev/video-auto",
                            "station": "{stations}", "enabled": false}),
                )
            },
            stations_manage,
            201,
        ),
        case(
            "PATCH",
            "/cameras/{id}",
            Target::Doc("cameras"),
            |n| Some(json!({"name": format!("Camera renamed {n}")})),
            stations_manage,
            200,
        ),
        case(
            "DELETE",
            "/cameras/{id}",
            Target::FreshDoc("cameras"),
            no_body,
            stations_manage,
            200,
        ),
        // Devices (kiosk pairing): station management
        case(
            "GET",
            "/devices",
            Target::None,
            no_body,
            stations_manage,
            200,
        ),
        case(
            "GET",
            "/devices/{id}",
            Target::Doc("devices"),
            no_body,
            stations_manage,
            200,
        ),
        case(
            "POST",
            "/devices",
            Target::None,
            |n| Some(json!({"name": format!("Made screen {n}"), "kind": "board"})),
            stations_manage,
            201,
        ),
        case(
            "DELETE",
            "/devices/{id}",
            Target::FreshDoc("devices"),
            no_body,
            stations_manage,
            200,
        ),
        case(
            "GET",
            "/devices/me",
            Target::None,
            no_body,
            Access::DeviceOnly,
            200,
        ),
        // Job types
        case(
            "GET",
            "/job-types",
            Target::None,
            no_body,
            settings_read,
            200,
        ),
        case(
            "GET",
            "/job-types/{id}",
            Target::Doc("job-types"),
            no_body,
            settings_read,
            200,
        ),
        case(
            "POST",
            "/job-types",
            Target::None,
            |n| Some(json!({"name": format!("Made job {n}"), "code": format!("MADE-{n}")})),
            settings_manage,
            201,
        ),
        case(
            "PATCH",
            "/job-types/{id}",
            Target::Doc("job-types"),
            |n| Some(json!({"description": format!("description {n}")})),
            settings_manage,
            200,
        ),
        case(
            "DELETE",
            "/job-types",
            Target::None,
            bulk,
            settings_manage,
            200,
        ),
        case(
            "DELETE",
            "/job-types/{id}",
            Target::FreshDoc("job-types"),
            no_body,
            settings_manage,
            200,
        ),
        // Sticker templates: readable by anyone with a token.
        case(
            "GET",
            "/sticker-templates",
            Target::None,
            no_body,
            Access::Auth,
            200,
        ),
        case(
            "GET",
            "/sticker-templates/{id}",
            Target::Doc("sticker-templates"),
            no_body,
            Access::Auth,
            200,
        ),
        case(
            "POST",
            "/sticker-templates",
            Target::None,
            |n| Some(json!({"name": format!("Made sticker {n}"), "width": 40, "height": 20})),
            stickers_manage,
            201,
        ),
        case(
            "PATCH",
            "/sticker-templates/{id}",
            Target::Doc("sticker-templates"),
            |n| Some(json!({"width": n})),
            stickers_manage,
            200,
        ),
        case(
            "DELETE",
            "/sticker-templates",
            Target::None,
            bulk,
            stickers_manage,
            200,
        ),
        case(
            "DELETE",
            "/sticker-templates/{id}",
            Target::FreshDoc("sticker-templates"),
            no_body,
            stickers_manage,
            200,
        ),
        // Pricing settings
        case(
            "GET",
            "/pricing-settings",
            Target::Singleton,
            no_body,
            settings_read,
            200,
        ),
        case(
            "PUT",
            "/pricing-settings",
            Target::Singleton,
            |n| Some(json!({"holePriceEach": n})),
            settings_manage,
            200,
        ),
    ]
}
