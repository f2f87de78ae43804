//! `/api/stations` (core.md §11.2).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{NON_EMPTY, TRIMMED, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::station::{COLORS, KINDS, STATUSES};
use crate::error::AppResult;
use crate::ops;
use crate::ops::stations::{StationDraft, StationPatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (stations, total) = ops::stations::list(&state.core, page.clone()).await?;
    let docs: Vec<_> = stations
        .iter()
        .map(|(station, template)| station.with_template(template.as_ref()))
        .collect();
    Ok(reply::page(docs, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let (station, template) = ops::stations::get(&state.core, id).await?;
    Ok(reply::ok(
        "Success",
        station.with_template(template.as_ref()),
    ))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.req_str("name", TRIMMED_NON_EMPTY);
        let template_id = b.req_str("templateId", NON_EMPTY);
        let color_id = b.opt_enum("colorId", COLORS);
        let status = b.opt_enum("status", STATUSES);
        let is_laminate_station = b.opt_bool("isLaminateStation");
        let show_withdraw_claim_actions = b.opt_bool("showWithdrawClaimActions");
        let notes = b.opt_str("notes", TRIMMED);
        let kind = b.opt_enum("kind", KINDS);
        Some(StationDraft {
            name: name?,
            template_id: template_id?,
            color_id,
            status,
            is_laminate_station,
            show_withdraw_claim_actions,
            notes,
            kind,
        })
    })?;
    let (station, template) = ops::stations::create(&state.core, draft).await?;
    Ok(reply::created(
        "Station created",
        station.with_template(template.as_ref()),
    ))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(StationPatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            template_id: b.opt_str("templateId", NON_EMPTY),
            color_id: b.opt_enum("colorId", COLORS),
            status: b.opt_enum("status", STATUSES),
            is_laminate_station: b.opt_bool("isLaminateStation"),
            show_withdraw_claim_actions: b.opt_bool("showWithdrawClaimActions"),
            notes: b.opt_str("notes", TRIMMED),
            kind: b.opt_enum("kind", KINDS),
        })
    })?;
    let (station, template) = ops::stations::update(&state.core, id, patch).await?;
    Ok(reply::ok(
        "Station updated",
        station.with_template(template.as_ref()),
    ))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::stations::delete(&state.core, id).await?;
    Ok(reply::done("Station deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::stations::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Stations deleted", count))
}
