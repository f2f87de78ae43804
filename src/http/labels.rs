//! Pane labels (additive, issue 8): print an order's labels or one pane's on a label printer,
//! and the same labels as SVG (one pane) or PDF (an order) for the browser.

use super::body::JsonBody;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{NON_EMPTY, Obj, parse};
use crate::app::AppState;
use crate::domain::Id;
use crate::error::{AppError, AppResult};
use crate::ops;
use crate::ops::labels::PreviewOptions;
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};

/// `{printerId}`: required, an id.
fn read_printer(b: &Obj<'_>) -> Option<Id> {
    if b.has("printerId") {
        b.opt_id("printerId")
    } else {
        b.req_str("printerId", NON_EMPTY).and(None)
    }
}

/// `?printer=<id>&template=<id>&width=<mm>&height=<mm>`, all optional.
fn preview_options(query: &QueryMap) -> AppResult<PreviewOptions> {
    let id = |key: &str, what: &str| -> AppResult<Option<Id>> {
        match query.0.get(key).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(text) => Id::parse(text)
                .map(Some)
                .ok_or_else(|| AppError::BadRequest(format!("{what} not found"))),
        }
    };
    let millimetres = |key: &str| -> AppResult<Option<f64>> {
        match query.0.get(key).filter(|v| !v.is_empty()) {
            None => Ok(None),
            Some(text) => text
                .parse::<f64>()
                .ok()
                .filter(|mm| mm.is_finite())
                .map(Some)
                .ok_or_else(|| {
                    AppError::BadRequest(format!("{key} must be a number of millimetres"))
                }),
        }
    };
    Ok(PreviewOptions {
        printer: id("printer", "Printer")?,
        template: id("template", "Sticker template")?,
        width_mm: millimetres("width")?,
        height_mm: millimetres("height")?,
    })
}

/// `POST /api/orders/:id/labels/print {printerId}`: every stickered pane of the order.
pub async fn print_order(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let printer = parse(&body, read_printer)?;
    let report = ops::labels::print_order(&state.core, id, printer).await?;
    Ok(reply::ok("Labels sent", report))
}

/// `POST /api/panes/:paneNumber/labels/print {printerId}`: one pane again (by number or id).
pub async fn print_pane(
    State(state): State<AppState>,
    Path(key): Path<String>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let printer = parse(&body, read_printer)?;
    let report = ops::labels::print_pane(&state.core, key, printer).await?;
    Ok(reply::ok("Label sent", report))
}

/// `GET /api/panes/:paneNumber/label.svg`.
pub async fn pane_svg(
    State(state): State<AppState>,
    Path(key): Path<String>,
    query: QueryMap,
) -> AppResult<Response> {
    let options = preview_options(&query)?;
    let svg = ops::labels::pane_svg(&state.core, key, options).await?;
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            // The label follows the pane (its next station), so it is never cached.
            (CACHE_CONTROL, "no-store"),
        ],
        svg,
    )
        .into_response())
}

/// `GET /api/orders/:id/labels.pdf`.
pub async fn order_pdf(
    State(state): State<AppState>,
    PathId(id): PathId,
    query: QueryMap,
) -> AppResult<Response> {
    let options = preview_options(&query)?;
    let pdf = ops::labels::order_pdf(&state.core, id, options).await?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf"),
            (CACHE_CONTROL, "no-store"),
            (CONTENT_DISPOSITION, "inline; filename=\"labels.pdf\""),
        ],
        pdf,
    )
        .into_response())
}
