//! Station templates (core.md §11.1). Deleting a template deletes its stations in the same
//! transaction (§13.2); those stations get no events of their own, as upstream.

use super::cascade::Kind;
use super::deletion::Deletion;
use super::{Core, deletion};
use crate::domain::events::{Event, Topic};
use crate::domain::station::StationTemplate;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::paging::PageRequest;
use serde_json::{Map, Value};

const WHAT: &str = "Station template";

#[derive(Debug, Default)]
pub struct TemplateDraft {
    pub name: String,
    /// Absent: `{}`. Any JSON otherwise, `null` included.
    pub ui_schema: Option<Value>,
}

#[derive(Debug, Default)]
pub struct TemplatePatch {
    pub name: Option<String>,
    pub ui_schema: Option<Value>,
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<StationTemplate>, u64)> {
    core.db
        .read(move |conn| Ok(store::station_templates::page(conn, &page)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<StationTemplate> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.db
        .read(move |conn| {
            store::station_templates::get(conn, id)?.ok_or_else(|| AppError::not_found(WHAT))
        })
        .await
}

pub async fn create(core: &Core, draft: TemplateDraft) -> AppResult<StationTemplate> {
    core.transact(move |tx, events| {
        let now = Timestamp::now();
        let template = StationTemplate {
            id: Id::new(),
            name: draft.name,
            ui_schema: draft.ui_schema.unwrap_or_else(|| Value::Object(Map::new())),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::station_templates::insert(tx, &template)?;
        events.push(Event::resource(
            Topic::StationTemplate,
            "created",
            &template,
        ));
        Ok(template)
    })
    .await
}

pub async fn update(
    core: &Core,
    id: Option<Id>,
    patch: TemplatePatch,
) -> AppResult<StationTemplate> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.transact(move |tx, events| {
        let mut template =
            store::station_templates::get(tx, id)?.ok_or_else(|| AppError::not_found(WHAT))?;
        if let Some(name) = patch.name {
            template.name = name;
        }
        if let Some(ui_schema) = patch.ui_schema {
            template.ui_schema = ui_schema;
        }
        template.updated_at = Timestamp::now();
        store::station_templates::update(tx, &template)?;
        events.push(Event::resource(
            Topic::StationTemplate,
            "updated",
            &template,
        ));
        Ok(template)
    })
    .await
}

/// How station templates are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::StationTemplate,
    topic: Some(Topic::StationTemplate),
    what: WHAT,
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::station_templates::get(tx, id)?)
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
