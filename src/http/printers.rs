//! `/api/printers` (additive, issue 8): the label printers, managed like the other setup
//! resources, and a test label.

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{Obj, TRIMMED, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::Id;
use crate::domain::printer::{KINDS, is_font_name, is_host};
use crate::error::AppResult;
use crate::labels::layout::{MAX_SIDE_MM, MIN_SIDE_MM};
use crate::labels::sizing::DPIS;
use crate::ops;
use crate::ops::printers::PrinterFields;
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;
use serde_json::Value;

/// The longest printer name.
const MAX_NAME: usize = 100;

/// An id field that may be `null` (cleared): `Some(None)` for null, `Some(Some(id))` for an id.
fn nullable_id(b: &Obj<'_>, key: &str) -> Option<Option<Id>> {
    match b.get(key) {
        None => None,
        Some(Value::Null) => Some(None),
        Some(_) => b.opt_id(key).map(Some),
    }
}

/// The body of a create (`creating`: name, kind, host and the label size are required) or an
/// update (everything optional). Problems are collected; the fields are returned regardless.
fn read_fields(b: &Obj<'_>, creating: bool) -> Option<PrinterFields> {
    let text = |key: &str| {
        if creating {
            b.req_str(key, TRIMMED_NON_EMPTY)
        } else {
            b.opt_str(key, TRIMMED_NON_EMPTY)
        }
    };
    let name = text("name");
    if name.as_ref().is_some_and(|n| n.chars().count() > MAX_NAME) {
        b.fail(
            "name",
            format!("Too big: expected string to have <={MAX_NAME} characters"),
        );
    }
    let kind = if creating {
        b.req_enum("kind", KINDS)
    } else {
        b.opt_enum("kind", KINDS)
    };
    let host = text("host");
    if host.as_deref().is_some_and(|h| !is_host(h)) {
        b.fail(
            "host",
            "Invalid host: expected a host name or an IP address",
        );
    }
    let port = b.opt_int("port", Some(1));
    if port.is_some_and(|p| p > i64::from(u16::MAX)) {
        b.fail("port", "Too big: expected number to be <=65535");
    }
    let dpi = b.opt_int("dpi", None);
    if dpi.is_some_and(|d| !DPIS.iter().any(|known| i64::from(*known) == d)) {
        b.fail("dpi", "Invalid option: expected one of 203|300");
    }
    let size = |key: &str| {
        let (min, max) = (Some(MIN_SIDE_MM), Some(MAX_SIDE_MM));
        if creating {
            b.req_number(key, min, max)
        } else {
            b.opt_number(key, min, max)
        }
    };
    let label_width_mm = size("labelWidthMm");
    let label_height_mm = size("labelHeightMm");
    let font = b.opt_str("font", TRIMMED);
    if font.as_deref().is_some_and(|f| !is_font_name(f)) {
        b.fail(
            "font",
            "Invalid font: expected a printer font file name such as E:THAI.TTF",
        );
    }
    Some(PrinterFields {
        name,
        kind,
        host,
        port: port.and_then(|p| u16::try_from(p).ok()),
        dpi: dpi.and_then(|d| u32::try_from(d).ok()),
        label_width_mm,
        label_height_mm,
        station: nullable_id(b, "station"),
        print_on_release: b.opt_bool("printOnRelease"),
        sticker_template: nullable_id(b, "stickerTemplate"),
        font,
    })
}

pub async fn list(State(state): State<AppState>, query: QueryMap) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (printers, total) = ops::printers::list(&state.core, page.clone()).await?;
    Ok(reply::page(printers, Pagination::new(&page, total)))
}

pub async fn get(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let printer = ops::printers::get(&state.core, id).await?;
    Ok(reply::ok("Success", printer))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let fields = parse(&body, |b| read_fields(b, true))?;
    let printer = ops::printers::create(&state.core, fields).await?;
    Ok(reply::created("Printer created", printer))
}

pub async fn update(
    State(state): State<AppState>,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let fields = parse(&body, |b| read_fields(b, false))?;
    let printer = ops::printers::update(&state.core, id, fields).await?;
    Ok(reply::ok("Printer updated", printer))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::printers::delete(&state.core, id).await?;
    Ok(reply::done("Printer deleted"))
}

/// `POST /api/printers/:id/test`: a test label, sent now; 502/504 when the printer is off.
pub async fn test(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    let report = ops::labels::print_test(&state.core, id).await?;
    Ok(reply::ok("Test label sent", report))
}
