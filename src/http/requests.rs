//! `/api/requests` (core.md §8).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::pane_items::read_pane_item;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{NON_EMPTY, Obj, TRIMMED, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::request::STATUSES;
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::requests::{DetailsPatch, RequestDraft, RequestPatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

fn read_details_patch(d: &Obj<'_>) -> DetailsPatch {
    DetailsPatch {
        kind: d.opt_str("type", TRIMMED_NON_EMPTY),
        estimated_price: d.opt_number("estimatedPrice", Some(0.0), None),
        quantity: d.opt_number("quantity", Some(1.0), None),
    }
}

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (requests, total) = ops::requests::list(&state.core, page.clone()).await?;
    let docs: Vec<_> = requests
        .iter()
        .map(|(request, refs)| request.populated(refs))
        .collect();
    Ok(reply::page(docs, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let (request, refs) = ops::requests::get(&state.core, id).await?;
    Ok(reply::ok("Success", request.populated(&refs)))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let details = b
            .req_obj("details", |d| {
                let kind = d.req_str("type", TRIMMED_NON_EMPTY);
                let estimated_price = d.opt_number("estimatedPrice", Some(0.0), None);
                let quantity = d.req_number("quantity", Some(1.0), None);
                Some((kind?, estimated_price, quantity?))
            })
            .flatten();
        let customer = b.req_str("customer", NON_EMPTY);
        let reference_id = b.opt_str("referenceId", TRIMMED);
        let deadline = b.opt_datetime("deadline");
        let expected_delivery_date = b.opt_datetime("expectedDeliveryDate");
        let delivery_location = b.opt_str("deliveryLocation", TRIMMED);
        let assigned_to = b.opt_str("assignedTo", NON_EMPTY);
        let status = b.opt_enum("status", STATUSES);
        let panes = b
            .opt_obj_array("panes", |p| Some(read_pane_item(p)))
            .unwrap_or_default();
        let (details_type, estimated_price, quantity) = details?;
        Some(RequestDraft {
            details_type,
            estimated_price,
            quantity,
            customer: customer?,
            reference_id,
            deadline,
            delivery_location,
            assigned_to,
            expected_delivery_date,
            status,
            panes,
        })
    })?;
    let request = ops::requests::create(&state.core, draft).await?;
    Ok(reply::created("Request created", request))
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(RequestPatch {
            details: b.opt_obj("details", read_details_patch),
            customer: b.opt_str("customer", NON_EMPTY),
            reference_id: b.opt_str("referenceId", TRIMMED),
            deadline: b.opt_datetime("deadline"),
            delivery_location: b.opt_str("deliveryLocation", TRIMMED),
            assigned_to: b.opt_str("assignedTo", NON_EMPTY),
            expected_delivery_date: b.opt_datetime("expectedDeliveryDate"),
            status: b.opt_enum("status", STATUSES),
            cancel_reason: b.opt_str("cancelReason", TRIMMED),
            deadline_change_reason: b.opt_str("deadlineChangeReason", TRIMMED),
        })
    })?;
    let (request, refs) = ops::requests::update(&state.core, actor, id, patch).await?;
    Ok(reply::ok("Request updated", request.populated(&refs)))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::requests::delete(&state.core, id).await?;
    Ok(reply::done("Request deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::requests::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Requests deleted", count))
}
