//! The two delete endpoints every resource has (core.md §1.10, §13.2): one document, with its
//! cascade, 404 when it did not exist, and an event carrying the document as it was; or many,
//! whose event carries the ids as sent.

use super::cascade::{self, Kind};
use super::{Core, Events};
use crate::domain::Id;
use crate::domain::events::{Event, Topic};
use crate::error::{AppError, AppResult};
use crate::store::WriteTx;
use serde::Serialize;
use serde_json::Value;

/// The `snapshot` of [`delete_one`] for a document read by the store: its JSON, or `None` when
/// it does not exist.
pub fn snapshot(document: Option<impl Serialize>) -> AppResult<Option<Value>> {
    document
        .map(|d| serde_json::to_value(d).map_err(AppError::internal))
        .transpose()
}

/// Deletes `id` of `kind` and its dependents. `snapshot` reads the document (unpopulated) for
/// the `deleted` event before it goes; `what` names it in the 404.
pub fn delete_one(
    tx: &WriteTx<'_>,
    events: &mut Events,
    kind: Kind,
    topic: Option<Topic>,
    id: Option<Id>,
    what: &str,
    snapshot: impl FnOnce(&WriteTx<'_>, Id) -> AppResult<Option<Value>>,
) -> AppResult<()> {
    let id = id.ok_or_else(|| AppError::not_found(what))?;
    let document = snapshot(tx, id)?.ok_or_else(|| AppError::not_found(what))?;
    cascade::delete(tx, kind, &[id], events)?;
    if let Some(topic) = topic {
        events.push(Event::resource(topic, "deleted", document));
    }
    Ok(())
}

/// Deletes every existing id of `ids` with its dependents; returns how many existed.
pub fn delete_many(
    tx: &WriteTx<'_>,
    events: &mut Events,
    kind: Kind,
    topic: Option<Topic>,
    ids: &[Id],
) -> AppResult<usize> {
    let deleted = cascade::delete(tx, kind, ids, events)?;
    if let Some(topic) = topic {
        events.push(Event::deleted_many(topic, ids));
    }
    Ok(deleted)
}

/// How one resource is deleted: its cascade kind, the topic of its events (none for resources
/// upstream never announces) and its name in the 404. Each resource's delete use cases are one
/// line with it.
#[derive(Clone, Copy)]
pub struct Deletion {
    pub kind: Kind,
    pub topic: Option<Topic>,
    pub what: &'static str,
}

impl Deletion {
    /// `DELETE /api/<resource>/:id` as a use case: `load` reads the document as the event
    /// carries it (see [`snapshot`]).
    pub async fn one<L>(self, core: &Core, id: Option<Id>, load: L) -> AppResult<()>
    where
        L: FnOnce(&WriteTx<'_>, Id) -> AppResult<Option<Value>> + Send + 'static,
    {
        core.transact(move |tx, events| {
            delete_one(tx, events, self.kind, self.topic, id, self.what, load)
        })
        .await
    }

    /// `DELETE /api/<resource>` with `{ids}` as a use case.
    pub async fn many(self, core: &Core, ids: Vec<Id>) -> AppResult<usize> {
        core.transact(move |tx, events| delete_many(tx, events, self.kind, self.topic, &ids))
            .await
    }
}
