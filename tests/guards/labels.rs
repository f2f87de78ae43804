//! Guard cases of the label routes (additive, issue 8). Printers are set up like stations
//! (`ANY(admin, stations:manage)`) and listed by anyone signed in, to pick one; an order's
//! labels are printed by those who write orders and read as the order is; a pane's label is
//! reprinted by those who update panes (kiosks included) and read as the pane is. The session's
//! printer is a sink on 127.0.0.1, so that every allowed print succeeds.

use super::catalog::{STATIONS_MANAGE_ALLOWED, STATIONS_MANAGE_DENIED};
use super::production::{
    ORDERS_READ_ALLOWED, ORDERS_READ_DENIED, ORDERS_WRITE_ALLOWED, ORDERS_WRITE_DENIED,
    PANES_READ_ALLOWED, PANES_READ_DENIED, PANES_UPDATE_ALLOWED, PANES_UPDATE_DENIED,
};
use super::{Access, Case, Target, case, guarded, no_body};
use serde_json::{Value, json};

fn new_printer(n: usize) -> Option<Value> {
    Some(
        json!({"name": format!("Guard printer {n}"), "kind": "zpl", "host": "127.0.0.1",
                "labelWidthMm": 60, "labelHeightMm": 40}),
    )
}

fn printer_patch(n: usize) -> Option<Value> {
    Some(json!({"name": format!("Renamed printer {n}")}))
}

fn print_on_session_printer(_: usize) -> Option<Value> {
    Some(json!({"printerId": "{printers}"}))
}

pub(super) fn cases() -> Vec<Case> {
    let manage = guarded(STATIONS_MANAGE_ALLOWED, STATIONS_MANAGE_DENIED);
    vec![
        case("GET", "/printers", Target::None, no_body, Access::Auth, 200),
        case(
            "GET",
            "/printers/{id}",
            Target::Doc("printers"),
            no_body,
            Access::Auth,
            200,
        ),
        case("POST", "/printers", Target::None, new_printer, manage, 201),
        case(
            "PATCH",
            "/printers/{id}",
            Target::Doc("printers"),
            printer_patch,
            manage,
            200,
        ),
        case(
            "DELETE",
            "/printers/{id}",
            Target::FreshDoc("printers"),
            no_body,
            manage,
            200,
        ),
        case(
            "POST",
            "/printers/{id}/test",
            Target::Doc("printers"),
            no_body,
            manage,
            200,
        ),
        case(
            "POST",
            "/orders/{id}/labels/print",
            Target::ReleasedOrder,
            print_on_session_printer,
            guarded(ORDERS_WRITE_ALLOWED, ORDERS_WRITE_DENIED),
            200,
        ),
        case(
            "GET",
            "/orders/{id}/labels.pdf",
            Target::ReleasedOrder,
            no_body,
            guarded(ORDERS_READ_ALLOWED, ORDERS_READ_DENIED),
            200,
        ),
        case(
            "POST",
            "/panes/{id}/labels/print",
            Target::PaneNumber,
            print_on_session_printer,
            guarded(PANES_UPDATE_ALLOWED, PANES_UPDATE_DENIED),
            200,
        ),
        case(
            "GET",
            "/panes/{id}/label.svg",
            Target::PaneNumber,
            no_body,
            guarded(PANES_READ_ALLOWED, PANES_READ_DENIED),
            200,
        ),
    ]
}
