//! Materials (core.md §6).

use super::Core;
use super::cascade::Kind;
use super::deletion::{self, Deletion};
use crate::domain::events::{Event, Topic};
use crate::domain::material::{Material, SpecDetails};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::paging::PageRequest;

#[derive(Debug, Default)]
pub struct MaterialDraft {
    pub code: Option<String>,
    pub name: String,
    pub brand: Option<String>,
    pub unit: String,
    pub reorder_point: f64,
    pub spec_details: Option<SpecDetails>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Default)]
pub struct MaterialPatch {
    pub code: Option<String>,
    pub name: Option<String>,
    pub brand: Option<String>,
    pub unit: Option<String>,
    pub reorder_point: Option<f64>,
    /// Replaces the stored spec wholesale (§1.9).
    pub spec_details: Option<SpecDetails>,
    pub is_active: Option<bool>,
}

fn missing() -> AppError {
    AppError::not_found("Material")
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<Material>, u64)> {
    core.db
        .read(move |conn| Ok(store::materials::page(conn, &page)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<Material> {
    let id = id.ok_or_else(missing)?;
    core.db
        .read(move |conn| store::materials::get(conn, id)?.ok_or_else(missing))
        .await
}

pub async fn create(core: &Core, draft: MaterialDraft) -> AppResult<Material> {
    core.transact(move |tx, events| {
        let now = Timestamp::now();
        let material = Material {
            id: Id::new(),
            code: draft.code,
            name: draft.name,
            brand: draft.brand,
            unit: draft.unit,
            reorder_point: draft.reorder_point,
            spec_details: draft.spec_details.unwrap_or_default(),
            is_active: draft.is_active.unwrap_or(true),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::materials::insert(tx, &material)?;
        events.push(Event::resource(Topic::Material, "created", &material));
        Ok(material)
    })
    .await
}

pub async fn update(core: &Core, id: Option<Id>, patch: MaterialPatch) -> AppResult<Material> {
    let id = id.ok_or_else(missing)?;
    core.transact(move |tx, events| {
        let mut material = store::materials::get(tx, id)?.ok_or_else(missing)?;
        if let Some(code) = patch.code {
            material.code = Some(code);
        }
        if let Some(name) = patch.name {
            material.name = name;
        }
        if let Some(brand) = patch.brand {
            material.brand = Some(brand);
        }
        if let Some(unit) = patch.unit {
            material.unit = unit;
        }
        if let Some(reorder_point) = patch.reorder_point {
            material.reorder_point = reorder_point;
        }
        if let Some(spec_details) = patch.spec_details {
            material.spec_details = spec_details;
        }
        if let Some(is_active) = patch.is_active {
            material.is_active = is_active;
        }
        material.updated_at = Timestamp::now();
        store::materials::update(tx, &material)?;
        events.push(Event::resource(Topic::Material, "updated", &material));
        Ok(material)
    })
    .await
}

/// `DELETE /api/materials/:id`: its inventories first, then orders, claims, withdrawals
/// (whose restore finds no inventory left) and logs (§13.2), all in this transaction.
/// How materials are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::Material,
    topic: Some(Topic::Material),
    what: "Material",
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::materials::get(tx, id)?)
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
