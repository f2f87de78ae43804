//! The success envelope (core.md §1.3): `{success: true, message, data}`, plus `pagination`
//! on paginated lists.

use crate::store::paging::Pagination;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;

#[derive(Serialize)]
struct Envelope<'a, T: Serialize> {
    success: bool,
    message: &'a str,
    data: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<Pagination>,
}

fn render<T: Serialize>(
    status: StatusCode,
    message: &str,
    data: T,
    pagination: Option<Pagination>,
) -> Response {
    (
        status,
        Json(Envelope {
            success: true,
            message,
            data,
            pagination,
        }),
    )
        .into_response()
}

/// 200 with `data`.
pub fn ok<T: Serialize>(message: &str, data: T) -> Response {
    render(StatusCode::OK, message, data, None)
}

/// 201 with the created document.
pub fn created<T: Serialize>(message: &str, data: T) -> Response {
    render(StatusCode::CREATED, message, data, None)
}

/// 200 with one page of a list.
pub fn page<T: Serialize>(data: T, pagination: Pagination) -> Response {
    render(StatusCode::OK, "Success", data, Some(pagination))
}

/// 200 with `data: null` (single deletes, logout).
pub fn done(message: &str) -> Response {
    render(StatusCode::OK, message, (), None)
}

/// 200 with `{deletedCount}` (bulk deletes).
pub fn deleted_count(message: &str, count: usize) -> Response {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Count {
        deleted_count: usize,
    }
    ok(
        message,
        Count {
            deleted_count: count,
        },
    )
}
