//! The API's route table: every route with its guard (core.md §3.5) and handler, one line each.
//! The router is built from this table, so a route cannot exist without a guard.

use super::guard::Guard::{self, All, Any, Auth, Public, Scan, Station};
use super::{
    auth, cameras, claims, connect, customers, dashboard, devices, floor, health, inventories,
    job_types, labels, material_logs, materials, notifications, openapi, orders, pane_logs, panes,
    pricing, printers, production_logs, qr, requests, roles, scan, station_templates, stations,
    sticker_templates, withdrawals, workers,
};
use crate::app::AppState;
use axum::handler::Handler;
use axum::routing::{MethodFilter, MethodRouter, on};

pub struct ApiRoute {
    pub method: MethodFilter,
    pub method_name: &'static str,
    /// Path under `/api`, in axum's syntax (`/workers/{id}`).
    pub path: &'static str,
    pub guard: Guard,
    pub handler: MethodRouter<AppState>,
}

const GET: (MethodFilter, &str) = (MethodFilter::GET, "GET");
const POST: (MethodFilter, &str) = (MethodFilter::POST, "POST");
const PUT: (MethodFilter, &str) = (MethodFilter::PUT, "PUT");
const PATCH: (MethodFilter, &str) = (MethodFilter::PATCH, "PATCH");
const DELETE: (MethodFilter, &str) = (MethodFilter::DELETE, "DELETE");

fn route<H, T>(
    method: (MethodFilter, &'static str),
    path: &'static str,
    guard: Guard,
    handler: H,
) -> ApiRoute
where
    H: Handler<T, AppState>,
    T: 'static,
{
    ApiRoute {
        method: method.0,
        method_name: method.1,
        path,
        guard,
        handler: on(method.0, handler),
    }
}

/// `G[…] +st`: the station-aware guard that also admits station users.
const fn g_st(allowed: &'static [&'static str]) -> Guard {
    Station {
        allowed,
        station_users: true,
    }
}

const USERS_MANAGE: Guard = All(&["users:manage"]);
const REQUESTS_READ: Guard = g_st(&["orders:view", "production:view", "dashboard:view"]);
const ROLES_MANAGE: Guard = Any(&["admin", "roles:manage"]);
const CUSTOMERS_READ: Guard = g_st(&["orders:view", "users:view", "orders:create"]);
const ORDERS_MANAGE: Guard = All(&["orders:manage"]);
const ORDERS_READ: Guard = g_st(&[
    "orders:view",
    "production:view",
    "inventory:view",
    "dashboard:view",
]);
const ORDERS_WRITE: Guard = g_st(&["orders:create", "orders:manage"]);
const PANES_READ: Guard = g_st(&["production:view", "orders:view"]);
const PANES_CREATE: Guard = Any(&["production:manage", "orders:create", "orders:manage"]);
const PANES_UPDATE: Guard = g_st(&["production:manage", "orders:create", "orders:manage"]);
const PANES_DELETE: Guard = Any(&["production:manage", "orders:manage"]);
const CLAIMS_READ: Guard = g_st(&["inventory:view", "production:view"]);
const CLAIMS_FROM_PANE: Guard = g_st(&["inventory:manage"]);
const PRODUCTION_READ: Guard = g_st(&["production:view", "orders:view"]);
const PRODUCTION_MANAGE: Guard = All(&["production:manage"]);
const MATERIALS_READ: Guard = g_st(&[
    "inventory:view",
    "orders:view",
    "orders:create",
    "dashboard:view",
]);
const INVENTORY_MANAGE: Guard = All(&["inventory:manage"]);
const INVENTORIES_READ: Guard = g_st(&["inventory:view", "dashboard:view"]);
const MATERIAL_LOGS_READ: Guard = Any(&["inventory:view", "dashboard:view"]);
/// Withdrawal reads: the handler narrows further (§9.3).
const WITHDRAWALS_READ: Guard = g_st(&["inventory:view"]);
const WITHDRAWALS_CREATE: Guard = g_st(&["inventory:manage"]);
const NOTIFICATIONS_VIEW: Guard = All(&["notifications:view"]);
const NOTIFICATIONS_CREATE: Guard = All(&["notifications:create"]);
const NOTIFICATIONS_MANAGE: Guard = All(&["notifications:manage"]);
const STATIONS_MANAGE: Guard = Any(&["admin", "stations:manage"]);
const SETTINGS_READ: Guard = Any(&["settings:view", "orders:view", "orders:create"]);
const SETTINGS_MANAGE: Guard = All(&["settings:manage"]);
const STICKERS_MANAGE: Guard = Any(&["admin", "stickers:manage"]);
/// Pairing screens is station management.
const DEVICES_MANAGE: Guard = STATIONS_MANAGE;
/// So is configuring the label printers (additive).
const PRINTERS_MANAGE: Guard = STATIONS_MANAGE;
/// And configuring the USB-camera QR stations (additive).
const CAMERAS_MANAGE: Guard = STATIONS_MANAGE;
/// The floor's reads (additive): kiosks hold `station:enter:<id>` (plus `production:view`).
const QUEUE_READ: Guard = g_st(&["production:view"]);
const BOARD_READ: Guard = g_st(&["production:view", "dashboard:view"]);

pub fn table() -> Vec<ApiRoute> {
    vec![
        route(GET, "/health", Public, health::get),
        // This API described from this table (additive): public, like the health check
        route(GET, "/openapi.json", Public, openapi::get),
        // Auth
        route(POST, "/auth/login", Public, auth::login),
        route(POST, "/auth/logout", Auth, auth::logout),
        route(GET, "/auth/me", Auth, auth::me),
        route(PATCH, "/auth/me", Auth, auth::update_me),
        // Workers
        route(
            GET,
            "/workers",
            g_st(&[
                "users:view",
                "inventory:view",
                "production:view",
                "orders:view",
                "orders:create",
            ]),
            workers::list,
        ),
        route(
            GET,
            "/workers/{id}",
            g_st(&[
                "users:view",
                "inventory:view",
                "production:view",
                "orders:view",
                "orders:create",
            ]),
            workers::get,
        ),
        route(POST, "/workers", USERS_MANAGE, workers::create),
        route(PATCH, "/workers/{id}", USERS_MANAGE, workers::update),
        route(DELETE, "/workers", USERS_MANAGE, workers::delete_many),
        route(DELETE, "/workers/{id}", USERS_MANAGE, workers::delete),
        // Dashboard
        route(GET, "/dashboard/stats", Auth, dashboard::stats),
        // Requests
        route(GET, "/requests", REQUESTS_READ, requests::list),
        route(GET, "/requests/{id}", REQUESTS_READ, requests::get),
        route(
            POST,
            "/requests",
            Any(&["orders:manage", "orders:create"]),
            requests::create,
        ),
        route(PATCH, "/requests/{id}", ORDERS_MANAGE, requests::update),
        route(DELETE, "/requests", ORDERS_MANAGE, requests::delete_many),
        route(DELETE, "/requests/{id}", ORDERS_MANAGE, requests::delete),
        // Orders
        route(GET, "/orders", ORDERS_READ, orders::list),
        route(GET, "/orders/{id}", ORDERS_READ, orders::get),
        route(POST, "/orders", ORDERS_WRITE, orders::create),
        route(PATCH, "/orders/{id}", ORDERS_WRITE, orders::update),
        route(POST, "/orders/{id}/release", ORDERS_WRITE, orders::release),
        // An order's labels (additive): printed by those who release, read as the order is
        route(
            POST,
            "/orders/{id}/labels/print",
            ORDERS_WRITE,
            labels::print_order,
        ),
        route(
            GET,
            "/orders/{id}/labels.pdf",
            ORDERS_READ,
            labels::order_pdf,
        ),
        route(DELETE, "/orders", ORDERS_MANAGE, orders::delete_many),
        route(DELETE, "/orders/{id}", ORDERS_MANAGE, orders::delete),
        // Panes
        route(GET, "/panes", PANES_READ, panes::list),
        route(
            GET,
            "/panes/pending-counts",
            PANES_READ,
            panes::pending_counts,
        ),
        route(GET, "/panes/{id}", PANES_READ, panes::get),
        route(POST, "/panes", PANES_CREATE, panes::create),
        route(PATCH, "/panes/{id}", PANES_UPDATE, panes::update),
        route(DELETE, "/panes", PANES_DELETE, panes::delete_many),
        route(DELETE, "/panes/{id}", PANES_DELETE, panes::delete),
        route(POST, "/panes/{id}/scan", Scan, scan::scan),
        route(POST, "/panes/batch-scan", Scan, scan::batch_scan),
        // A pane's label (additive): reprinted where panes are updated, kiosks included
        route(
            POST,
            "/panes/{id}/labels/print",
            PANES_UPDATE,
            labels::print_pane,
        ),
        route(GET, "/panes/{id}/label.svg", PANES_READ, labels::pane_svg),
        // Claims
        route(
            POST,
            "/orders/{id}/claims",
            INVENTORY_MANAGE,
            claims::create_for_order,
        ),
        route(GET, "/claims", CLAIMS_READ, claims::list),
        route(GET, "/claims/{id}", CLAIMS_READ, claims::get),
        route(
            POST,
            "/claims/from-pane",
            CLAIMS_FROM_PANE,
            claims::create_from_pane,
        ),
        route(PATCH, "/claims/{id}", CLAIMS_READ, claims::update),
        route(DELETE, "/claims", INVENTORY_MANAGE, claims::delete_many),
        route(DELETE, "/claims/{id}", INVENTORY_MANAGE, claims::delete),
        // Production logs
        route(
            GET,
            "/production-logs",
            PRODUCTION_READ,
            production_logs::list,
        ),
        route(
            GET,
            "/production-logs/{id}",
            PRODUCTION_READ,
            production_logs::get,
        ),
        route(
            POST,
            "/production-logs",
            PRODUCTION_MANAGE,
            production_logs::create,
        ),
        route(
            PATCH,
            "/production-logs/{id}",
            PRODUCTION_MANAGE,
            production_logs::update,
        ),
        route(
            DELETE,
            "/production-logs",
            PRODUCTION_MANAGE,
            production_logs::delete_many,
        ),
        route(
            DELETE,
            "/production-logs/{id}",
            PRODUCTION_MANAGE,
            production_logs::delete,
        ),
        // Pane logs (read-only)
        route(GET, "/pane-logs", PRODUCTION_READ, pane_logs::list),
        route(
            GET,
            "/pane-logs/timeline",
            PRODUCTION_READ,
            pane_logs::timeline,
        ),
        // Roles (no bulk delete, as upstream)
        route(GET, "/roles", Auth, roles::list),
        route(GET, "/roles/permissions", Auth, roles::permissions),
        route(GET, "/roles/{id}", Auth, roles::get),
        route(POST, "/roles", ROLES_MANAGE, roles::create),
        route(PATCH, "/roles/{id}", ROLES_MANAGE, roles::update),
        route(DELETE, "/roles/{id}", ROLES_MANAGE, roles::delete),
        // Customers
        route(GET, "/customers", CUSTOMERS_READ, customers::list),
        route(GET, "/customers/{id}", CUSTOMERS_READ, customers::get),
        route(POST, "/customers", ORDERS_MANAGE, customers::create),
        route(PATCH, "/customers/{id}", ORDERS_MANAGE, customers::update),
        route(DELETE, "/customers", ORDERS_MANAGE, customers::delete_many),
        route(DELETE, "/customers/{id}", ORDERS_MANAGE, customers::delete),
        // Materials
        route(GET, "/materials", MATERIALS_READ, materials::list),
        route(GET, "/materials/{id}", MATERIALS_READ, materials::get),
        route(POST, "/materials", INVENTORY_MANAGE, materials::create),
        route(
            PATCH,
            "/materials/{id}",
            INVENTORY_MANAGE,
            materials::update,
        ),
        route(
            DELETE,
            "/materials",
            INVENTORY_MANAGE,
            materials::delete_many,
        ),
        route(
            DELETE,
            "/materials/{id}",
            INVENTORY_MANAGE,
            materials::delete,
        ),
        // Inventories (the docs' `inventory:move` guard is not upstream's)
        route(GET, "/inventories", INVENTORIES_READ, inventories::list),
        route(GET, "/inventories/{id}", INVENTORIES_READ, inventories::get),
        route(POST, "/inventories", INVENTORY_MANAGE, inventories::create),
        route(
            POST,
            "/inventories/{id}/move",
            INVENTORY_MANAGE,
            inventories::move_stock,
        ),
        route(
            PATCH,
            "/inventories/{id}",
            INVENTORY_MANAGE,
            inventories::update,
        ),
        route(
            DELETE,
            "/inventories",
            INVENTORY_MANAGE,
            inventories::delete_many,
        ),
        route(
            DELETE,
            "/inventories/{id}",
            INVENTORY_MANAGE,
            inventories::delete,
        ),
        // Material logs
        route(
            GET,
            "/material-logs",
            MATERIAL_LOGS_READ,
            material_logs::list,
        ),
        route(
            GET,
            "/material-logs/{id}",
            MATERIAL_LOGS_READ,
            material_logs::get,
        ),
        route(
            POST,
            "/material-logs",
            INVENTORY_MANAGE,
            material_logs::create,
        ),
        route(
            PATCH,
            "/material-logs/{id}",
            INVENTORY_MANAGE,
            material_logs::update,
        ),
        route(
            DELETE,
            "/material-logs",
            INVENTORY_MANAGE,
            material_logs::delete_many,
        ),
        route(
            DELETE,
            "/material-logs/{id}",
            INVENTORY_MANAGE,
            material_logs::delete,
        ),
        // Withdrawals
        route(GET, "/withdrawals", WITHDRAWALS_READ, withdrawals::list),
        route(GET, "/withdrawals/{id}", WITHDRAWALS_READ, withdrawals::get),
        route(
            POST,
            "/withdrawals",
            WITHDRAWALS_CREATE,
            withdrawals::create,
        ),
        route(
            PATCH,
            "/withdrawals/{id}",
            INVENTORY_MANAGE,
            withdrawals::update,
        ),
        route(
            DELETE,
            "/withdrawals",
            INVENTORY_MANAGE,
            withdrawals::delete_many,
        ),
        route(
            DELETE,
            "/withdrawals/{id}",
            INVENTORY_MANAGE,
            withdrawals::delete,
        ),
        // Notifications (the handlers narrow reads and PATCH to the recipient, §10.2)
        route(
            GET,
            "/notifications",
            NOTIFICATIONS_VIEW,
            notifications::list,
        ),
        route(
            GET,
            "/notifications/{id}",
            NOTIFICATIONS_VIEW,
            notifications::get,
        ),
        route(
            POST,
            "/notifications",
            NOTIFICATIONS_CREATE,
            notifications::create,
        ),
        route(PATCH, "/notifications/{id}", Auth, notifications::update),
        route(
            DELETE,
            "/notifications",
            NOTIFICATIONS_MANAGE,
            notifications::delete_many,
        ),
        route(
            DELETE,
            "/notifications/{id}",
            NOTIFICATIONS_MANAGE,
            notifications::delete,
        ),
        // Station templates
        route(GET, "/station-templates", Auth, station_templates::list),
        route(GET, "/station-templates/{id}", Auth, station_templates::get),
        route(
            POST,
            "/station-templates",
            STATIONS_MANAGE,
            station_templates::create,
        ),
        route(
            PATCH,
            "/station-templates/{id}",
            STATIONS_MANAGE,
            station_templates::update,
        ),
        route(
            DELETE,
            "/station-templates",
            STATIONS_MANAGE,
            station_templates::delete_many,
        ),
        route(
            DELETE,
            "/station-templates/{id}",
            STATIONS_MANAGE,
            station_templates::delete,
        ),
        // Stations
        route(GET, "/stations", Auth, stations::list),
        route(GET, "/stations/{id}", Auth, stations::get),
        route(POST, "/stations", STATIONS_MANAGE, stations::create),
        route(PATCH, "/stations/{id}", STATIONS_MANAGE, stations::update),
        route(DELETE, "/stations", STATIONS_MANAGE, stations::delete_many),
        route(DELETE, "/stations/{id}", STATIONS_MANAGE, stations::delete),
        // Devices (kiosk pairing); `/devices/me` answers 404 to a worker's token
        route(GET, "/devices", DEVICES_MANAGE, devices::list),
        route(POST, "/devices", DEVICES_MANAGE, devices::create),
        route(GET, "/devices/me", Auth, devices::me),
        route(GET, "/devices/{id}", DEVICES_MANAGE, devices::get),
        route(DELETE, "/devices/{id}", DEVICES_MANAGE, devices::revoke),
        // USB-camera QR stations: configured like stations and screens
        route(GET, "/cameras", CAMERAS_MANAGE, cameras::list),
        route(POST, "/cameras", CAMERAS_MANAGE, cameras::create),
        route(GET, "/cameras/{id}", CAMERAS_MANAGE, cameras::get),
        route(PATCH, "/cameras/{id}", CAMERAS_MANAGE, cameras::update),
        route(DELETE, "/cameras/{id}", CAMERAS_MANAGE, cameras::delete),
        // The station floor (additive)
        route(GET, "/stations/{id}/queue", QUEUE_READ, floor::queue),
        route(GET, "/board", BOARD_READ, floor::board),
        // Job types
        route(GET, "/job-types", SETTINGS_READ, job_types::list),
        route(GET, "/job-types/{id}", SETTINGS_READ, job_types::get),
        route(POST, "/job-types", SETTINGS_MANAGE, job_types::create),
        route(PATCH, "/job-types/{id}", SETTINGS_MANAGE, job_types::update),
        route(
            DELETE,
            "/job-types",
            SETTINGS_MANAGE,
            job_types::delete_many,
        ),
        route(
            DELETE,
            "/job-types/{id}",
            SETTINGS_MANAGE,
            job_types::delete,
        ),
        // Sticker templates
        route(GET, "/sticker-templates", Auth, sticker_templates::list),
        route(GET, "/sticker-templates/{id}", Auth, sticker_templates::get),
        route(
            POST,
            "/sticker-templates",
            STICKERS_MANAGE,
            sticker_templates::create,
        ),
        route(
            PATCH,
            "/sticker-templates/{id}",
            STICKERS_MANAGE,
            sticker_templates::update,
        ),
        route(
            DELETE,
            "/sticker-templates",
            STICKERS_MANAGE,
            sticker_templates::delete_many,
        ),
        route(
            DELETE,
            "/sticker-templates/{id}",
            STICKERS_MANAGE,
            sticker_templates::delete,
        ),
        // Label printers (additive): anyone signed in lists them to pick one
        route(GET, "/printers", Auth, printers::list),
        route(GET, "/printers/{id}", Auth, printers::get),
        route(POST, "/printers", PRINTERS_MANAGE, printers::create),
        route(PATCH, "/printers/{id}", PRINTERS_MANAGE, printers::update),
        route(DELETE, "/printers/{id}", PRINTERS_MANAGE, printers::delete),
        route(POST, "/printers/{id}/test", PRINTERS_MANAGE, printers::test),
        // Pricing settings (a singleton: no list, no id)
        route(GET, "/pricing-settings", SETTINGS_READ, pricing::get),
        route(PUT, "/pricing-settings", SETTINGS_MANAGE, pricing::update),
        // QR codes (additive): any token may decode a photo; the SVG is public for <img> tags
        route(POST, "/qr/decode", Auth, qr::decode),
        route(GET, "/qr/svg", Public, qr::svg),
        // Phones (additive): public, as a phone asks before anyone logs in on it
        route(GET, "/connect", Public, connect::get),
        route(GET, "/connect/ca.crt", Public, connect::ca_crt),
        route(GET, "/connect/ca.pem", Public, connect::ca_pem),
    ]
}
