//! `/api/orders` (production.md §2).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, NON_EMPTY, Obj, parse};
use crate::app::AppState;
use crate::domain::Id;
use crate::domain::order::STATUSES;
use crate::domain::pane_view::PopulatedPane;
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::orders::{HistoryInput, OrderFields};
use crate::ops::release::{MAX_PANES, ReleaseCommand};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;
use serde_json::Value;
use std::sync::Arc;

/// A `string | null` id field of a history entry: null and absent are no value.
fn nullable_id(h: &Obj<'_>, key: &str) -> Option<Id> {
    match h.get(key) {
        None | Some(Value::Null) => None,
        Some(_) => h.opt_id(key),
    }
}

fn read_history(h: &Obj<'_>) -> Option<HistoryInput> {
    let station = match h.get("station") {
        Some(_) => h.opt_id("station"),
        None => h.req_str("station", NON_EMPTY).and(None),
    };
    let entered_at = h.opt_datetime("enteredAt");
    let exited_at = match h.get("exitedAt") {
        None | Some(Value::Null) => None,
        Some(_) => h.opt_datetime("exitedAt"),
    };
    let completed_by = nullable_id(h, "completedBy");
    Some(HistoryInput {
        station: station?,
        entered_at,
        exited_at,
        completed_by,
    })
}

/// The create and update body (§2.1); every field optional here.
fn read_fields(b: &Obj<'_>) -> OrderFields {
    OrderFields {
        request: b.opt_str("request", ANY),
        priority: b.opt_number("priority", Some(0.0), None),
        customer: b.opt_str("customer", NON_EMPTY),
        material: b.opt_str("material", NON_EMPTY),
        quantity: b.opt_number("quantity", Some(1.0), None),
        stations: b.opt_id_array("stations"),
        current_station_index: b.opt_int("currentStationIndex", Some(0)),
        station_history: b.opt_obj_array("stationHistory", read_history),
        station_data: b
            .opt_record("stationData", |r, key| r.opt_any(key))
            .map(|entries| entries.into_iter().collect()),
        pane_count: b.opt_number("paneCount", Some(0.0), None),
        panes_completed: b.opt_number("panesCompleted", Some(0.0), None),
        progress_percent: b.opt_number("progressPercent", Some(0.0), Some(100.0)),
        station_breakdown: b
            .opt_record("stationBreakdown", |r, key| r.opt_number(key, None, None))
            .map(|entries| entries.into_iter().collect()),
        notes: b.opt_str("notes", ANY),
        status: b.opt_enum("status", STATUSES),
        claim: b.opt_str("claim", ANY),
        withdrawal: b.opt_str("withdrawal", ANY),
        assigned_to: b.opt_str("assignedTo", ANY),
    }
}

fn brief(query: &QueryMap) -> bool {
    query.0.get("populate").map(String::as_str) == Some("true")
}

pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: QueryMap,
) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let station = query.0.get("stationId").filter(|s| !s.is_empty()).cloned();
    let (orders, total) = ops::orders::list(&state.core, &actor, station, page.clone()).await?;
    let brief = brief(&query);
    let docs: Vec<Value> = orders.iter().map(|o| o.render(brief)).collect();
    Ok(reply::page(docs, Pagination::new(&page, total)))
}

pub async fn get(
    State(state): State<AppState>,
    PathId(id): PathId,
    query: QueryMap,
) -> AppResult<Response> {
    let order = ops::orders::get(&state.core, id).await?;
    Ok(reply::ok("Success", order.render(brief(&query))))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let fields = parse(&body, |b| {
        let fields = read_fields(b);
        // Present values were read above; only a missing required field is reported here.
        for key in ["customer", "material"] {
            if !b.has(key) {
                b.req_str(key, NON_EMPTY);
            }
        }
        if !b.has("quantity") {
            b.req_number("quantity", Some(1.0), None);
        }
        Some(fields)
    })?;
    let order = ops::orders::create(&state.core, fields).await?;
    Ok(reply::created("Order created", order.render(false)))
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let fields = parse(&body, |b| Some(read_fields(b)))?;
    let order = ops::orders::update(&state.core, actor, id, fields).await?;
    Ok(reply::ok("Order updated", order.render(false)))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::orders::delete(&state.core, id).await?;
    Ok(reply::done("Order deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::orders::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Orders deleted", count))
}

/// The most stations a release route may have.
const MAX_ROUTE: usize = 30;

/// `{stations: [id, …] (1..30, distinct), quantity?: integer 1..1000}`.
fn read_release(b: &Obj<'_>) -> Option<ReleaseCommand> {
    let stations = b.req_ids("stations");
    if let Some(stations) = &stations {
        if stations.len() > MAX_ROUTE {
            b.fail(
                "stations",
                format!("Too big: expected array to have <={MAX_ROUTE} items"),
            );
        }
        for (index, station) in stations.iter().enumerate() {
            if stations[..index].contains(station) {
                b.fail(&format!("stations.{index}"), "Duplicate station");
            }
        }
    }
    let quantity = b.opt_int("quantity", Some(1));
    if quantity.is_some_and(|q| q > MAX_PANES as i64) {
        b.fail(
            "quantity",
            format!("Too big: expected number to be <={MAX_PANES}"),
        );
    }
    Some(ReleaseCommand {
        stations: stations?,
        quantity: quantity.map(|q| q as u64),
    })
}

/// `POST /api/orders/:id/release` (additive): route, start and make the panes of an order in
/// one transaction; then, in the background, its labels go to the printers that print the
/// releases of its first station.
pub async fn release(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let command = parse(&body, read_release)?;
    let first_station = command.stations.first().copied();
    // A paired screen is not a worker to notify.
    let releaser = actor.device.is_none().then_some(actor.worker.id);
    let released = ops::release::release(&state.core, actor, id, command).await?;
    if let Some(first_station) = first_station {
        ops::labels::print_after_release(
            Arc::clone(&state.core),
            released.order.order.id,
            first_station,
            releaser,
        );
    }
    #[derive(Serialize)]
    struct Answer<'a> {
        order: Value,
        panes: &'a [PopulatedPane],
    }
    Ok(reply::ok(
        "Order released",
        Answer {
            order: released.order.render(false),
            panes: &released.panes,
        },
    ))
}
