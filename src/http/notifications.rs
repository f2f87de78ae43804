//! `/api/notifications` (core.md §10).

use super::body::JsonBody;
use super::paging::NEWEST_FIRST;
use super::query::{PathId, QueryMap};
use super::reply;
use super::validate::{NON_EMPTY, Obj, TRIMMED, TRIMMED_NON_EMPTY, parse};
use crate::app::AppState;
use crate::domain::notification::PRIORITIES;
use crate::domain::worker::{Actor, Worker};
use crate::error::AppResult;
use crate::ops;
use crate::ops::notifications::{Details, NotificationDraft, NotificationPatch, NotificationView};
use crate::store::paging::Pagination;
use axum::extract::State;
use axum::response::Response;
use serde::Serialize;

/// The JSON of a notification: `recipient` an embedded worker with its raw role string.
fn doc((notification, recipient): &NotificationView) -> impl Serialize + '_ {
    notification.with_recipient(recipient.as_ref().map(Worker::embedded))
}

/// The optional fields create and update share, in the schema's order.
fn read_details(b: &Obj<'_>) -> Details {
    Details {
        message: b.opt_str("message", TRIMMED),
        reference_id: b.opt_id("referenceId"),
        reference_type: b.opt_str("referenceType", TRIMMED_NON_EMPTY),
        priority: b.opt_enum("priority", PRIORITIES),
        read_status: b.opt_bool("readStatus"),
    }
}

/// Managers see every notification, anyone else their own.
pub async fn list(
    State(state): State<AppState>,
    actor: Actor,
    query: QueryMap,
) -> AppResult<Response> {
    let page = query.page(&NEWEST_FIRST);
    let (views, total) = ops::notifications::list(&state.core, &actor, page.clone()).await?;
    let docs: Vec<_> = views.iter().map(doc).collect();
    Ok(reply::page(docs, Pagination::new(&page, total)))
}

pub async fn get(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
) -> AppResult<Response> {
    let view = ops::notifications::get(&state.core, &actor, id).await?;
    Ok(reply::ok("Success", doc(&view)))
}

pub async fn create(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let draft = parse(&body, |b| {
        let recipient = b.req_str("recipient", NON_EMPTY);
        let kind = b.req_str("type", TRIMMED_NON_EMPTY);
        let title = b.req_str("title", TRIMMED_NON_EMPTY);
        let details = read_details(b);
        Some(NotificationDraft {
            recipient: recipient?,
            kind: kind?,
            title: title?,
            details,
        })
    })?;
    let view = ops::notifications::create(&state.core, draft).await?;
    Ok(reply::created("Notification created", doc(&view)))
}

/// Guarded by authentication only: the recipient (or a manager) may change any field.
pub async fn update(
    State(state): State<AppState>,
    actor: Actor,
    PathId(id): PathId,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let patch = parse(&body, |b| {
        let kind = b.opt_str("type", TRIMMED_NON_EMPTY);
        let title = b.opt_str("title", TRIMMED_NON_EMPTY);
        Some(NotificationPatch {
            kind,
            title,
            details: read_details(b),
        })
    })?;
    let view = ops::notifications::update(&state.core, &actor, id, patch).await?;
    Ok(reply::ok("Notification updated", doc(&view)))
}

pub async fn delete(State(state): State<AppState>, PathId(id): PathId) -> AppResult<Response> {
    ops::notifications::delete(&state.core, id).await?;
    Ok(reply::done("Notification deleted"))
}

pub async fn delete_many(
    State(state): State<AppState>,
    JsonBody(body): JsonBody,
) -> AppResult<Response> {
    let ids = parse(&body, |b| b.req_ids("ids"))?;
    let count = ops::notifications::delete_many(&state.core, ids).await?;
    Ok(reply::deleted_count("Notifications deleted", count))
}
