//! Stored notifications (core.md §10). Managers (`*` or `notifications:manage`) see and
//! change every notification; anyone else only those addressed to them. Only creation is
//! announced, to the recipient's devices; updates and deletes are silent, as upstream.

use super::cascade::Kind;
use super::deletion::Deletion;
use super::refs::{self, Ref};
use super::{Core, deletion};
use crate::domain::events::Event;
use crate::domain::notification::{DEFAULT_PRIORITY, Notification};
use crate::domain::worker::{Actor, Worker};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::paging::PageRequest;
use rusqlite::Connection;
use std::collections::HashMap;

const WHAT: &str = "Notification";

/// The optional fields create and update share.
#[derive(Debug, Default)]
pub struct Details {
    pub message: Option<String>,
    pub reference_id: Option<Id>,
    pub reference_type: Option<String>,
    pub priority: Option<String>,
    pub read_status: Option<bool>,
}

#[derive(Debug, Default)]
pub struct NotificationDraft {
    pub recipient: String,
    pub kind: String,
    pub title: String,
    pub details: Details,
}

/// Every field but the recipient, which never changes.
#[derive(Debug, Default)]
pub struct NotificationPatch {
    pub kind: Option<String>,
    pub title: Option<String>,
    pub details: Details,
}

/// A notification with its recipient populated (`None`: the worker is gone).
pub type NotificationView = (Notification, Option<Worker>);

/// The caller as the ownership rules see it.
#[derive(Clone, Copy, Debug)]
struct Caller {
    id: Id,
    manages: bool,
}

impl Caller {
    fn of(actor: &Actor) -> Self {
        Caller {
            id: actor.worker.id,
            manages: actor.grants.all(&["notifications:manage"]),
        }
    }

    /// Upstream's controller check: 403 `Not authorized` (not the guard's message).
    fn may_touch(self, notification: &Notification) -> AppResult<()> {
        if self.manages || notification.recipient == self.id {
            Ok(())
        } else {
            Err(AppError::Forbidden("Not authorized".to_owned()))
        }
    }
}

fn populate(conn: &Connection, notification: Notification) -> AppResult<NotificationView> {
    let recipient = store::workers::get(conn, notification.recipient)?;
    Ok((notification, recipient))
}

fn load(conn: &Connection, id: Option<Id>) -> AppResult<Notification> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    store::notifications::get(conn, id)?.ok_or_else(|| AppError::not_found(WHAT))
}

pub async fn list(
    core: &Core,
    actor: &Actor,
    page: PageRequest,
) -> AppResult<(Vec<NotificationView>, u64)> {
    let caller = Caller::of(actor);
    core.db
        .read(move |conn| {
            let only = (!caller.manages).then_some(caller.id);
            let (notifications, total) = store::notifications::page(conn, &page, only)?;
            let mut workers: HashMap<Id, Option<Worker>> = HashMap::new();
            let mut views = Vec::with_capacity(notifications.len());
            for notification in notifications {
                let recipient = match workers.get(&notification.recipient) {
                    Some(worker) => worker.clone(),
                    None => {
                        let worker = store::workers::get(conn, notification.recipient)?;
                        workers.insert(notification.recipient, worker.clone());
                        worker
                    }
                };
                views.push((notification, recipient));
            }
            Ok((views, total))
        })
        .await
}

pub async fn get(core: &Core, actor: &Actor, id: Option<Id>) -> AppResult<NotificationView> {
    let caller = Caller::of(actor);
    core.db
        .read(move |conn| {
            let notification = load(conn, id)?;
            caller.may_touch(&notification)?;
            populate(conn, notification)
        })
        .await
}

/// Stores the notification and pushes it, populated and unwrapped, to the recipient.
pub async fn create(core: &Core, draft: NotificationDraft) -> AppResult<NotificationView> {
    core.transact(move |tx, events| {
        let recipient = refs::require(tx, Ref::Recipient, &draft.recipient)?;
        let now = Timestamp::now();
        let notification = Notification {
            id: Id::new(),
            recipient,
            kind: draft.kind,
            title: draft.title,
            message: draft.details.message.unwrap_or_default(),
            reference_id: draft.details.reference_id,
            reference_type: draft.details.reference_type,
            priority: draft
                .details
                .priority
                .unwrap_or_else(|| DEFAULT_PRIORITY.to_owned()),
            read_status: draft.details.read_status.unwrap_or(false),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::notifications::insert(tx, &notification)?;
        let (notification, worker) = populate(tx, notification)?;
        events.push(Event::notification_to(
            recipient,
            notification.with_recipient(worker.as_ref().map(Worker::embedded)),
        ));
        Ok((notification, worker))
    })
    .await
}

/// 404, then the ownership check, then the change. No event.
pub async fn update(
    core: &Core,
    actor: &Actor,
    id: Option<Id>,
    patch: NotificationPatch,
) -> AppResult<NotificationView> {
    let caller = Caller::of(actor);
    core.transact(move |tx, _events| {
        let mut notification = load(tx, id)?;
        caller.may_touch(&notification)?;
        if let Some(kind) = patch.kind {
            notification.kind = kind;
        }
        if let Some(title) = patch.title {
            notification.title = title;
        }
        let details = patch.details;
        if let Some(message) = details.message {
            notification.message = message;
        }
        if let Some(reference_id) = details.reference_id {
            notification.reference_id = Some(reference_id);
        }
        if let Some(reference_type) = details.reference_type {
            notification.reference_type = Some(reference_type);
        }
        if let Some(priority) = details.priority {
            notification.priority = priority;
        }
        if let Some(read) = details.read_status {
            notification.read_status = read;
        }
        notification.updated_at = Timestamp::now();
        store::notifications::update(tx, &notification)?;
        populate(tx, notification)
    })
    .await
}

/// No ownership rule and no event (the route's guard is `notifications:manage`).
/// How notifications are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::Notification,
    topic: None,
    what: WHAT,
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(
                store::notifications::get(tx, id)?
                    .as_ref()
                    .map(Notification::bare),
            )
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
