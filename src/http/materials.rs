//! `/api/materials` (core.md §6).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, Obj, TRIMMED, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::material::{SpecDetails, parse_dimension};
use crate::error::AppResult;
use crate::ops;
use crate::ops::materials::{MaterialDraft, MaterialPatch};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;

/// `specDetails`: every key optional; the object as sent replaces the stored one (§1.9), so
/// keys it lacks take their defaults.
fn read_spec(s: &Obj<'_>) -> SpecDetails {
    SpecDetails {
        thickness: s.opt_str("thickness", ANY).unwrap_or_default(),
        color: s.opt_str("color", ANY).unwrap_or_default(),
        glass_type: s.opt_str("glassType", ANY).unwrap_or_default(),
        width: s.opt_numeric("width", parse_dimension).unwrap_or(0.0),
        length: s.opt_numeric("length", parse_dimension).unwrap_or(0.0),
        sqft: s.opt_str("sqft", ANY).unwrap_or_default(),
        dimension_unit: s.opt_str("dimensionUnit", ANY),
    }
}

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (materials, total) = ops::materials::list(&state.core, page.clone()).await?;
    Ok(reply::page(materials, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let material = ops::materials::get(&state.core, id).await?;
    Ok(reply::ok("Success", material))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let name = b.req_str("name", TRIMMED_NON_EMPTY);
        let code = b.opt_str("code", TRIMMED);
        let brand = b.opt_str("brand", TRIMMED);
        let unit = b.req_str("unit", TRIMMED_NON_EMPTY);
        let reorder_point = b.req_number("reorderPoint", Some(0.0), None);
        let spec_details = b.opt_obj("specDetails", read_spec);
        let is_active = b.opt_bool("isActive");
        Some(MaterialDraft {
            code,
            name: name?,
            brand,
            unit: unit?,
            reorder_point: reorder_point?,
            spec_details,
            is_active,
        })
    })?;
    let material = ops::materials::create(&state.core, draft).await?;
    Ok(reply::created("Material created", material))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        Some(MaterialPatch {
            name: b.opt_str("name", TRIMMED_NON_EMPTY),
            code: b.opt_str("code", TRIMMED),
            brand: b.opt_str("brand", TRIMMED),
            unit: b.opt_str("unit", TRIMMED_NON_EMPTY),
            reorder_point: b.opt_number("reorderPoint", Some(0.0), None),
            spec_details: b.opt_obj("specDetails", read_spec),
            is_active: b.opt_bool("isActive"),
        })
    })?;
    let material = ops::materials::update(&state.core, id, patch).await?;
    Ok(reply::ok("Material updated", material))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::materials::delete(&state.core, id).await?;
    Ok(reply::done("Material deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::materials::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Materials deleted", count))
}
