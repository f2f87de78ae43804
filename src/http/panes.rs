//! `/api/panes` CRUD (production.md §3.4–§3.9).

use super::body::JsonBody;
use super::paging::{parse_int, parse_sort};
use super::pane_items::read_pane_item;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{ANY, NON_EMPTY, Obj, parse};
use crate::app::AppState;
use crate::domain::Id;
use crate::domain::pane::{LAMINATE_ROLES, STATUSES};
use crate::error::{AppError, AppResult};
use crate::ops;
use crate::ops::panes::{Created, PaneBody, PaneFields};
use crate::store::panes::PaneCondition;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::json;

const DEFAULT_LIMIT: i64 = 200;
const MAX_LIMIT: i64 = 1000;

/// A pane body; `create` also reads `material` and `inventory` (an update drops them).
fn read_body(b: &Obj<'_>, create: bool) -> PaneBody {
    let item = read_pane_item(b);
    let reference = |key: &str| b.opt_str(key, if create { ANY } else { NON_EMPTY });
    let fields = PaneFields {
        pane_number: b.opt_str("paneNumber", ANY),
        order: reference("order"),
        request: reference("request"),
        withdrawal: b.opt_str("withdrawal", ANY),
        remake_of: b.opt_str("remakeOf", ANY),
        material: if create { b.opt_id("material") } else { None },
        inventory: if create { b.opt_id("inventory") } else { None },
        current_station: b.opt_id("currentStation"),
        current_status: b.opt_enum("currentStatus", STATUSES),
        laminate_role: b.opt_enum("laminateRole", LAMINATE_ROLES),
        parent_pane: b.opt_id("parentPane"),
        child_panes: b.opt_id_array("childPanes"),
        sheet_label: b.opt_str("sheetLabel", ANY),
        laminate_station: b.opt_id("laminateStation"),
        started_at: b.opt_datetime("startedAt"),
        completed_at: b.opt_datetime("completedAt"),
        delivered_at: b.opt_datetime("deliveredAt"),
    };
    PaneBody {
        item,
        fields,
        sent: b.keys().map(str::to_owned).collect(),
    }
}

fn id_condition(text: &str, make: fn(Id) -> PaneCondition) -> PaneCondition {
    Id::parse(text).map_or(PaneCondition::Nothing, make)
}

/// The list filters of §3.7, with the default exclusion of merged rows.
fn conditions(q: &QueryMap) -> Vec<PaneCondition> {
    let get = |key: &str| q.0.get(key).map(String::as_str);
    let mut out = Vec::new();
    if let Some(order) = get("order") {
        out.push(id_condition(order, PaneCondition::Order));
    }
    if let Some(request) = get("request") {
        out.push(id_condition(request, PaneCondition::Request));
    }
    if let Some(material) = get("material") {
        out.push(id_condition(material, PaneCondition::Material));
    }
    match get("station") {
        Some("null") => out.push(PaneCondition::Station(None)),
        Some(station) => out.push(id_condition(station, |id| PaneCondition::Station(Some(id)))),
        None => {}
    }
    // `status_ne` overrides `status`.
    match (get("status"), get("status_ne")) {
        (_, Some(not)) => out.push(PaneCondition::StatusNot(not.to_owned())),
        (Some(status), None) => out.push(PaneCondition::Status(status.to_owned())),
        (None, None) if get("includeMerged") != Some("true") => {
            out.push(PaneCondition::StatusNot("merged_into".to_owned()));
        }
        (None, None) => {}
    }
    if let Some(role) = get("laminateRole") {
        out.push(PaneCondition::LaminateRole(role.to_owned()));
    }
    if let Some(parent) = get("parentPane") {
        out.push(id_condition(parent, PaneCondition::ParentPane));
    }
    match get("isWithdrawn") {
        Some("true") => out.push(PaneCondition::Withdrawn(true)),
        Some("false") => out.push(PaneCondition::Withdrawn(false)),
        _ => {}
    }
    out
}

fn nested_request(q: &QueryMap) -> bool {
    q.0.get("populate").map(String::as_str) == Some("true")
}

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let limit = query
        .0
        .get("limit")
        .and_then(|l| parse_int(l))
        .unwrap_or(DEFAULT_LIMIT)
        .clamp(1, MAX_LIMIT) as u64;
    let sort = parse_sort(query.0.get("sort").map_or("-createdAt", String::as_str));
    let panes = ops::panes::list(
        &state.core,
        conditions(&query),
        sort,
        limit,
        nested_request(&query),
    )
    .await?;
    Ok(reply::ok("Success", panes))
}

pub async fn get(
    State(state): State<AppState>,
    Path(key): Path<String>,
    query: QueryMap,
) -> AppResult<Response> {
    let pane = ops::panes::get(&state.core, key, nested_request(&query)).await?;
    Ok(reply::ok("Success", pane))
}

pub async fn pending_counts(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let station = match query.0.get("station").filter(|s| !s.is_empty()) {
        None => return Err(AppError::BadRequest("station is required".to_owned())),
        // Upstream: a cast error (500); the box names the problem.
        Some(text) => Id::parse(text)
            .ok_or_else(|| AppError::BadRequest("station must be a valid id".to_owned()))?,
    };
    let counts = ops::panes::pending_counts(&state.core, station).await?;
    Ok(reply::ok("Success", counts))
}

fn render(created: Created, single: &str, laminate: &str) -> (String, serde_json::Value) {
    match created {
        Created::Single(pane) => (single.to_owned(), json!(pane)),
        Created::Laminate { parent, sheets } => {
            let sheets: Vec<_> = sheets.iter().map(|s| s.doc()).collect();
            (
                laminate.to_owned(),
                json!({"parent": parent, "sheets": sheets}),
            )
        }
    }
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let body = parse(&body, |b| Some(read_body(b, true)))?;
    let created = ops::panes::create(&state.core, body).await?;
    let (message, data) = render(created, "Pane created", "Laminate pane created");
    Ok(reply::created(&message, data))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let body = parse(&body, |b| Some(read_body(b, false)))?;
    let updated = ops::panes::update(&state.core, id, body).await?;
    let (message, data) = render(updated, "Pane updated", "Laminate pane split created");
    Ok(reply::ok(&message, data))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::panes::delete(&state.core, id).await?;
    Ok(reply::done("Pane deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::panes::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Panes deleted", count))
}
