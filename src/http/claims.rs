//! `/api/claims` and `POST /api/orders/:orderId/claims` (production.md §5.2).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, NON_EMPTY, Obj, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::claim::{DECISIONS, DEFECT_CODES, ORDER_ROUTE_DEFECT_CODES, SOURCES, STATUSES};
use crate::domain::worker::Actor;
use crate::error::AppResult;
use crate::ops;
use crate::ops::claims::{ClaimFields, Origin};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

/// The claim fields of every route; `codes` are the defect codes the route accepts.
fn read_fields(b: &Obj<'_>, codes: &[&str]) -> ClaimFields {
    ClaimFields {
        material: b.opt_str("material", NON_EMPTY),
        source: b.opt_enum("source", SOURCES),
        pane: b.opt_str("pane", ANY),
        description: b.opt_str("description", TRIMMED_NON_EMPTY),
        defect_code: b.opt_enum("defectCode", codes),
        defect_station: b.opt_id("defectStation"),
        status: b.opt_enum("status", STATUSES),
        decision: b.opt_enum("decision", DECISIONS),
        reported_by: b.opt_str("reportedBy", NON_EMPTY),
        approved_by: b.opt_str("approvedBy", ANY),
        remade_pane: b.opt_str("remadePane", ANY),
        photos: b.opt_str_array("photos", 0, ANY),
        claim_date: b.opt_datetime("claimDate"),
        remake_station: b.opt_id("remakeStation"),
    }
}

/// Reports the required keys that are missing (present ones were read by `read_fields`).
fn require(b: &Obj<'_>, keys: &[&str]) {
    for key in keys {
        if !b.has(key) {
            b.req_str(key, NON_EMPTY);
        }
    }
}

pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: QueryMap,
) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (claims, total) = ops::claims::list(&state.core, &actor, page.clone()).await?;
    Ok(reply::page(claims, Pagination::new(&page, total)))
}

pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
) -> AppResult<Response> {
    let claim = ops::claims::get(&state.core, actor, id).await?;
    Ok(reply::ok("Success", claim))
}

pub async fn create_for_order(
    State(state): State<AppState>,
    PathId(order): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let fields = parse(&body, |b| {
        let fields = read_fields(b, ORDER_ROUTE_DEFECT_CODES);
        require(b, &["source", "material", "description", "reportedBy"]);
        Some(fields)
    })?;
    let claim = ops::claims::create(&state.core, Origin::Order(order), fields).await?;
    Ok(reply::created("Claim created", claim))
}

pub async fn create_from_pane(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let (number, fields) = parse(&body, |b| {
        let number = b.req_str("paneNumber", NON_EMPTY);
        let fields = read_fields(b, DEFECT_CODES);
        require(b, &["source", "description", "reportedBy"]);
        Some((number?, fields))
    })?;
    let claim = ops::claims::create(&state.core, Origin::PaneNumber(number), fields).await?;
    Ok(reply::created("Claim created from pane", claim))
}

pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let fields = parse(&body, |b| Some(read_fields(b, DEFECT_CODES)))?;
    let claim = ops::claims::update(&state.core, actor, id, fields).await?;
    Ok(reply::ok("Claim updated", claim))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::claims::delete(&state.core, id).await?;
    Ok(reply::done("Claim deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::claims::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Claims deleted", count))
}
