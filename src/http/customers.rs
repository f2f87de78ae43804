//! `/api/customers` (core.md §5).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{TRIMMED, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::error::AppResult;
use crate::ops;
use crate::ops::customers::{CustomerDraft, CustomerPatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

const DISCOUNT: (Option<f64>, Option<f64>) = (Some(0.0), Some(100.0));

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (customers, total) = ops::customers::list(&state.core, page.clone()).await?;
    Ok(reply::page(customers, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let customer = ops::customers::get(&state.core, id).await?;
    Ok(reply::ok("Success", customer))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.req_str("name", TRIMMED_NON_EMPTY);
        let address = b.opt_str("address", TRIMMED);
        let phone = b.opt_str("phone", TRIMMED);
        let discount = b.opt_number("discount", DISCOUNT.0, DISCOUNT.1);
        let notes = b.opt_str("notes", TRIMMED);
        Some(CustomerDraft {
            name: name?,
            address,
            phone,
            discount,
            notes,
        })
    })?;
    let customer = ops::customers::create(&state.core, draft).await?;
    Ok(reply::created("Customer created", customer))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(CustomerPatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            address: b.opt_str("address", TRIMMED),
            phone: b.opt_str("phone", TRIMMED),
            discount: b.opt_number("discount", DISCOUNT.0, DISCOUNT.1),
            notes: b.opt_str("notes", TRIMMED),
        })
    })?;
    let customer = ops::customers::update(&state.core, id, patch).await?;
    Ok(reply::ok("Customer updated", customer))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::customers::delete(&state.core, id).await?;
    Ok(reply::done("Customer deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::customers::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Customers deleted", count))
}
