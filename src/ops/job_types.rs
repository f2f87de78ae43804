//! Job types (core.md §11.3). Codes are unique; a clash is a 409 on create and update.

use super::cascade::Kind;
use super::deletion::Deletion;
use super::{Core, deletion};
use crate::domain::events::{Event, Topic};
use crate::domain::job_type::JobType;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};

const WHAT: &str = "Job type";

#[derive(Debug, Default)]
pub struct JobTypeDraft {
    pub name: String,
    pub code: String,
    pub description: Option<String>,
    pub sheets_per_pane: Option<i64>,
    pub default_raw_glass_types: Option<Vec<String>>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Default)]
pub struct JobTypePatch {
    pub name: Option<String>,
    pub code: Option<String>,
    pub description: Option<String>,
    pub sheets_per_pane: Option<i64>,
    pub default_raw_glass_types: Option<Vec<String>>,
    pub is_active: Option<bool>,
}

fn ensure_code_free(tx: &WriteTx<'_>, code: &str, except: Option<Id>) -> AppResult<()> {
    match store::job_types::id_by_code(tx, code)? {
        Some(holder) if Some(holder) != except => Err(AppError::Conflict(
            "Job type code already exists".to_owned(),
        )),
        _ => Ok(()),
    }
}

/// A page of job types; `active` keeps only those whose `isActive` equals it.
pub async fn list(
    core: &Core,
    page: PageRequest,
    active: Option<bool>,
) -> AppResult<(Vec<JobType>, u64)> {
    core.db
        .read(move |conn| Ok(store::job_types::page(conn, &page, active)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<JobType> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.db
        .read(move |conn| store::job_types::get(conn, id)?.ok_or_else(|| AppError::not_found(WHAT)))
        .await
}

pub async fn create(core: &Core, draft: JobTypeDraft) -> AppResult<JobType> {
    core.transact(move |tx, events| {
        ensure_code_free(tx, &draft.code, None)?;
        let now = Timestamp::now();
        let job_type = JobType {
            id: Id::new(),
            name: draft.name,
            code: draft.code,
            description: draft.description.unwrap_or_default(),
            sheets_per_pane: draft.sheets_per_pane.unwrap_or(1),
            default_raw_glass_types: draft.default_raw_glass_types.unwrap_or_default(),
            is_active: draft.is_active.unwrap_or(true),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::job_types::insert(tx, &job_type)?;
        events.push(Event::resource(Topic::JobType, "created", &job_type));
        Ok(job_type)
    })
    .await
}

pub async fn update(core: &Core, id: Option<Id>, patch: JobTypePatch) -> AppResult<JobType> {
    let id = id.ok_or_else(|| AppError::not_found(WHAT))?;
    core.transact(move |tx, events| {
        let mut job_type =
            store::job_types::get(tx, id)?.ok_or_else(|| AppError::not_found(WHAT))?;
        if let Some(code) = patch.code {
            ensure_code_free(tx, &code, Some(id))?;
            job_type.code = code;
        }
        if let Some(name) = patch.name {
            job_type.name = name;
        }
        if let Some(description) = patch.description {
            job_type.description = description;
        }
        if let Some(sheets) = patch.sheets_per_pane {
            job_type.sheets_per_pane = sheets;
        }
        if let Some(types) = patch.default_raw_glass_types {
            job_type.default_raw_glass_types = types;
        }
        if let Some(active) = patch.is_active {
            job_type.is_active = active;
        }
        job_type.updated_at = Timestamp::now();
        store::job_types::update(tx, &job_type)?;
        events.push(Event::resource(Topic::JobType, "updated", &job_type));
        Ok(job_type)
    })
    .await
}

/// How job types are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::JobType,
    topic: Some(Topic::JobType),
    what: WHAT,
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::job_types::get(tx, id)?)
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
