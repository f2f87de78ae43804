//! Guard cases of the stock routes (core.md §3.5): customers, materials, inventories, material
//! logs and withdrawals. Bodies name the material they need as `"{material}"` (one with plenty of
//! stock) and a worker as `"{worker}"`; the session fills both.

use super::{Caller, Case, Target, bulk, case, guarded, no_body};
use serde_json::json;

/// `G[orders:view, users:view, orders:create] +st`.
const CUSTOMERS_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["orders:view"]),
    Caller::Perms(&["users:view"]),
    Caller::Perms(&["orders:create"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Legacy("admin"),
];
const CUSTOMERS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    // Vocabulary A's name is not what the guard tests.
    Caller::Perms(&["customers:view"]),
    Caller::Perms(&["inventory:view"]),
    Caller::Slug("orders:view", &[]),
    Caller::Legacy("worker"),
];

/// `ALL(orders:manage)`.
const ORDERS_MANAGE_ALLOWED: &[Caller] =
    &[Caller::Perms(&["orders:manage"]), Caller::Perms(&["*"])];
const ORDERS_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&["orders:view", "orders:create"]),
    Caller::Perms(&["customers:manage"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Slug("orders:manage", &[]),
];

/// `G[inventory:view, orders:view, orders:create, dashboard:view] +st`.
const MATERIALS_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:view"]),
    Caller::Perms(&["orders:create"]),
    Caller::Perms(&["dashboard:view"]),
    Caller::Perms(&["station:enter:anything"]),
];
const MATERIALS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["materials:view"]),
    Caller::Perms(&["users:view"]),
    Caller::Legacy("worker"),
];

/// `ALL(inventory:manage)`.
const INVENTORY_MANAGE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:manage"]),
    Caller::Perms(&["*"]),
    Caller::Legacy("admin"),
];
const INVENTORY_MANAGE_DENIED: &[Caller] = &[
    Caller::Perms(&["inventory:view"]),
    // The docs' `inventory:move` is not upstream's guard.
    Caller::Perms(&["inventory:move"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Slug("inventory:manage", &[]),
];

/// `G[inventory:view, dashboard:view] +st`.
const INVENTORIES_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:view"]),
    Caller::Perms(&["dashboard:view"]),
    Caller::Perms(&["station:enter:anything"]),
];
const INVENTORIES_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["orders:view"]),
    Caller::Perms(&["inventory:manage"]),
];

/// `ANY(inventory:view, dashboard:view)`: slugs count, station users do not.
const MATERIAL_LOGS_READ_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:view"]),
    Caller::Perms(&["dashboard:view"]),
    Caller::Slug("dashboard:view", &[]),
    Caller::Legacy("admin"),
];
const MATERIAL_LOGS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Perms(&["material_logs:view"]),
];

/// `G[inventory:view] +st` (the list then narrows to the caller's own).
const WITHDRAWALS_LIST_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:view"]),
    Caller::Perms(&["station:enter:anything"]),
    Caller::Perms(&["*"]),
];
const WITHDRAWALS_READ_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    // The controller's permission alone does not pass the route guard.
    Caller::Perms(&["withdrawals:manage"]),
    Caller::Perms(&["inventory:manage"]),
];
/// Reading someone else's withdrawal also needs `withdrawals:manage` (§9.3).
const WITHDRAWALS_GET_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:view", "withdrawals:manage"]),
    Caller::Perms(&["*"]),
];

/// `G[inventory:manage] +st`.
const WITHDRAWALS_CREATE_ALLOWED: &[Caller] = &[
    Caller::Perms(&["inventory:manage"]),
    Caller::Perms(&["station:enter:anything"]),
];
const WITHDRAWALS_CREATE_DENIED: &[Caller] = &[
    Caller::Perms(&[]),
    Caller::Perms(&["inventory:view"]),
    Caller::Perms(&["withdrawals:create"]),
];

pub(super) fn cases() -> Vec<Case> {
    let customers_read = guarded(CUSTOMERS_READ_ALLOWED, CUSTOMERS_READ_DENIED);
    let orders_manage = guarded(ORDERS_MANAGE_ALLOWED, ORDERS_MANAGE_DENIED);
    let materials_read = guarded(MATERIALS_READ_ALLOWED, MATERIALS_READ_DENIED);
    let inventory_manage = guarded(INVENTORY_MANAGE_ALLOWED, INVENTORY_MANAGE_DENIED);
    let inventories_read = guarded(INVENTORIES_READ_ALLOWED, INVENTORIES_READ_DENIED);
    let logs_read = guarded(MATERIAL_LOGS_READ_ALLOWED, MATERIAL_LOGS_READ_DENIED);
    vec![
        // Customers
        case(
            "GET",
            "/customers",
            Target::None,
            no_body,
            customers_read,
            200,
        ),
        case(
            "GET",
            "/customers/{id}",
            Target::Doc("customers"),
            no_body,
            customers_read,
            200,
        ),
        case(
            "POST",
            "/customers",
            Target::None,
            |n| Some(json!({"name": format!("Customer {n}")})),
            orders_manage,
            201,
        ),
        case(
            "PATCH",
            "/customers/{id}",
            Target::Doc("customers"),
            |n| Some(json!({"phone": format!("phone {n}")})),
            orders_manage,
            200,
        ),
        case(
            "DELETE",
            "/customers",
            Target::None,
            bulk,
            orders_manage,
            200,
        ),
        case(
            "DELETE",
            "/customers/{id}",
            Target::FreshDoc("customers"),
            no_body,
            orders_manage,
            200,
        ),
        // Materials
        case(
            "GET",
            "/materials",
            Target::None,
            no_body,
            materials_read,
            200,
        ),
        case(
            "GET",
            "/materials/{id}",
            Target::Doc("materials"),
            no_body,
            materials_read,
            200,
        ),
        case(
            "POST",
            "/materials",
            Target::None,
            |n| Some(json!({"name": format!("Material {n}"), "unit": "kg", "reorderPoint": 1})),
            inventory_manage,
            201,
        ),
        case(
            "PATCH",
            "/materials/{id}",
            Target::Doc("materials"),
            |n| Some(json!({"brand": format!("brand {n}")})),
            inventory_manage,
            200,
        ),
        case(
            "DELETE",
            "/materials",
            Target::None,
            bulk,
            inventory_manage,
            200,
        ),
        case(
            "DELETE",
            "/materials/{id}",
            Target::FreshDoc("materials"),
            no_body,
            inventory_manage,
            200,
        ),
        // Inventories
        case(
            "GET",
            "/inventories",
            Target::None,
            no_body,
            inventories_read,
            200,
        ),
        case(
            "GET",
            "/inventories/{id}",
            Target::Doc("inventories"),
            no_body,
            inventories_read,
            200,
        ),
        case(
            "POST",
            "/inventories",
            Target::None,
            |n| {
                Some(
                    json!({"material": "{material}", "stockType": "Reuse", "quantity": n, "location": format!("L{n}")}),
                )
            },
            inventory_manage,
            201,
        ),
        case(
            "POST",
            "/inventories/{id}/move",
            Target::Doc("inventories"),
            |n| Some(json!({"quantity": 1, "toLocation": format!("Guard away {n}")})),
            inventory_manage,
            200,
        ),
        case(
            "PATCH",
            "/inventories/{id}",
            Target::Doc("inventories"),
            |n| Some(json!({"storageColor": format!("colour {n}")})),
            inventory_manage,
            200,
        ),
        case(
            "DELETE",
            "/inventories",
            Target::None,
            bulk,
            inventory_manage,
            200,
        ),
        case(
            "DELETE",
            "/inventories/{id}",
            Target::FreshDoc("inventories"),
            no_body,
            inventory_manage,
            200,
        ),
        // Material logs
        case(
            "GET",
            "/material-logs",
            Target::None,
            no_body,
            logs_read,
            200,
        ),
        case(
            "GET",
            "/material-logs/{id}",
            Target::Doc("material-logs"),
            no_body,
            logs_read,
            200,
        ),
        case(
            "POST",
            "/material-logs",
            Target::None,
            |n| Some(json!({"material": "{material}", "actionType": "cut", "quantityChanged": n})),
            inventory_manage,
            201,
        ),
        case(
            "PATCH",
            "/material-logs/{id}",
            Target::Doc("material-logs"),
            |n| Some(json!({"totalPrice": n})),
            inventory_manage,
            200,
        ),
        case(
            "DELETE",
            "/material-logs",
            Target::None,
            bulk,
            inventory_manage,
            200,
        ),
        case(
            "DELETE",
            "/material-logs/{id}",
            Target::FreshDoc("material-logs"),
            no_body,
            inventory_manage,
            200,
        ),
        // Withdrawals
        case(
            "GET",
            "/withdrawals",
            Target::None,
            no_body,
            guarded(WITHDRAWALS_LIST_ALLOWED, WITHDRAWALS_READ_DENIED),
            200,
        ),
        case(
            "GET",
            "/withdrawals/{id}",
            Target::Doc("withdrawals"),
            no_body,
            guarded(WITHDRAWALS_GET_ALLOWED, WITHDRAWALS_READ_DENIED),
            200,
        ),
        case(
            "POST",
            "/withdrawals",
            Target::None,
            |_| {
                Some(
                    json!({"withdrawnBy": "{worker}", "material": "{material}", "quantity": 1, "stockType": "Raw"}),
                )
            },
            guarded(WITHDRAWALS_CREATE_ALLOWED, WITHDRAWALS_CREATE_DENIED),
            201,
        ),
        case(
            "PATCH",
            "/withdrawals/{id}",
            Target::Doc("withdrawals"),
            |n| Some(json!({"notes": format!("note {n}")})),
            inventory_manage,
            200,
        ),
        case(
            "DELETE",
            "/withdrawals",
            Target::None,
            bulk,
            inventory_manage,
            200,
        ),
        case(
            "DELETE",
            "/withdrawals/{id}",
            Target::FreshDoc("withdrawals"),
            no_body,
            inventory_manage,
            200,
        ),
    ]
}
