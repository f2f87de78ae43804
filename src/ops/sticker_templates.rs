//! Sticker templates (core.md §11.4). Names are unique; upstream answered a clash (including
//! a second template created without a name) with 500, the box with 409 (fix #13).

use super::cascade::Kind;
use super::deletion::Deletion;
use super::{Core, deletion};
use crate::domain::events::{Event, Topic};
use crate::domain::sticker_template::{DEFAULT_NAME, StickerTemplate};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};
use serde_json::Value;

const WHAT: &str = "Sticker template";

#[derive(Debug, Default)]
pub struct StickerDraft {
    pub name: Option<String>,
    pub width: f64,
    pub height: f64,
    /// Absent: `[]`. Any JSON otherwise.
    pub elements: Option<Value>,
}

#[derive(Debug, Default)]
pub struct StickerPatch {
    pub name: Option<String>,
    pub width: Option<f64>,
    pub height: Option<f64>,
    pub elements: Option<Value>,
}

fn ensure_name_free(tx: &WriteTx<'_>, name: &str, except: Option<Id>) -> AppResult<()> {
    match store::sticker_templates::id_by_name(tx, name)? {
        Some(holder) if Some(holder) != except => Err(AppError::Conflict(
            "Sticker template name already exists".to_owned(),
        )),
        _ => Ok(()),
    }
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<StickerTemplate>, u64)> {
    core.db
        .read(move |conn| Ok(store::sticker_templates::page(conn, &page)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<StickerTemplate> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.db
        .read(move |conn| {
            store::sticker_templates::get(conn, id)?.ok_or_else(|| AppError::not_found(WHAT))
        })
        .await
}

pub async fn create(core: &Core, draft: StickerDraft) -> AppResult<StickerTemplate> {
    core.transact(move |tx, events| {
        let name = draft.name.unwrap_or_else(|| DEFAULT_NAME.to_owned());
        ensure_name_free(tx, &name, None)?;
        let now = Timestamp::now();
        let template = StickerTemplate {
            id: Id::new(),
            name,
            width: draft.width,
            height: draft.height,
            elements: draft.elements.unwrap_or_else(|| Value::Array(Vec::new())),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::sticker_templates::insert(tx, &template)?;
        events.push(Event::resource(
            Topic::StickerTemplate,
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
    patch: StickerPatch,
) -> AppResult<StickerTemplate> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.transact(move |tx, events| {
        let mut template =
            store::sticker_templates::get(tx, id)?.ok_or_else(|| AppError::not_found(WHAT))?;
        if let Some(name) = patch.name {
            ensure_name_free(tx, &name, Some(id))?;
            template.name = name;
        }
        if let Some(width) = patch.width {
            template.width = width;
        }
        if let Some(height) = patch.height {
            template.height = height;
        }
        if let Some(elements) = patch.elements {
            template.elements = elements;
        }
        template.updated_at = Timestamp::now();
        store::sticker_templates::update(tx, &template)?;
        events.push(Event::resource(
            Topic::StickerTemplate,
            "updated",
            &template,
        ));
        Ok(template)
    })
    .await
}

/// How sticker templates are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::StickerTemplate,
    topic: Some(Topic::StickerTemplate),
    what: WHAT,
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::sticker_templates::get(tx, id)?)
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
