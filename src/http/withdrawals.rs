//! `/api/withdrawals` (core.md §9).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, NON_EMPTY, Obj, parse};
use crate::app::AppState;
use crate::domain::stock::STOCK_TYPES;
use crate::domain::withdrawal::{Dimensions, STATUSES};
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::withdrawals::{WithdrawalDetails, WithdrawalDraft, WithdrawalPatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

fn read_dimensions(d: &Obj<'_>) -> Dimensions {
    Dimensions {
        width: d.opt_number("width", Some(0.0), None),
        height: d.opt_number("height", Some(0.0), None),
        thickness: d.opt_number("thickness", Some(0.0), None),
    }
}

fn read_details(b: &Obj<'_>) -> WithdrawalDetails {
    WithdrawalDetails {
        order: b.opt_str("order", NON_EMPTY),
        panes: b.opt_str_array("panes", 0, ANY),
        status: b.opt_enum("status", STATUSES),
        approved_by: b.opt_str("approvedBy", NON_EMPTY),
        withdrawn_dimensions: b.opt_obj("withdrawnDimensions", read_dimensions),
        notes: b.opt_str("notes", ANY),
        inventory: b.opt_str("inventory", ANY),
        withdrawn_date: b.opt_datetime("withdrawnDate"),
    }
}

pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: QueryMap,
) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (withdrawals, total) = ops::withdrawals::list(&state.core, &actor, page.clone()).await?;
    Ok(reply::page(withdrawals, Pagination::new(&page, total)))
}

pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
) -> AppResult<Response> {
    let withdrawal = ops::withdrawals::get(&state.core, &actor, id).await?;
    Ok(reply::ok("Success", withdrawal))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let withdrawn_by = b.req_str("withdrawnBy", NON_EMPTY);
        let material = b.req_str("material", NON_EMPTY);
        let quantity = b.req_number("quantity", Some(1.0), None);
        let stock_type = b.req_enum("stockType", STOCK_TYPES);
        let details = read_details(b);
        Some(WithdrawalDraft {
            withdrawn_by: withdrawn_by?,
            material: material?,
            quantity: quantity?,
            stock_type: stock_type?,
            details,
        })
    })?;
    let withdrawal = ops::withdrawals::create(&state.core, draft).await?;
    Ok(reply::created("Withdrawal created", withdrawal))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(WithdrawalPatch {
            withdrawn_by: b.opt_str("withdrawnBy", NON_EMPTY),
            material: b.opt_str("material", NON_EMPTY),
            quantity: b.opt_number("quantity", Some(1.0), None),
            stock_type: b.opt_enum("stockType", STOCK_TYPES),
            details: read_details(b),
        })
    })?;
    let withdrawal = ops::withdrawals::update(&state.core, id, patch).await?;
    Ok(reply::ok("Withdrawal updated", withdrawal))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::withdrawals::delete(&state.core, id).await?;
    Ok(reply::done("Withdrawal deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::withdrawals::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Withdrawals deleted", count))
}
