//! Roles (core.md §3.7) and role resolution (§3.3).

use super::Core;
use crate::domain::events::Event;
use crate::domain::permissions::slug_from_name;
use crate::domain::worker::{ResolvedRole, Role};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};
use rusqlite::Connection;

/// Resolves a worker's stored role string: a stored role when it is the id of one, else the
/// pseudo-role of §3.3.
pub fn resolve(conn: &Connection, stored: &str) -> AppResult<ResolvedRole> {
    if let Some(id) = Id::parse(stored)
        && let Some(role) = store::roles::get(conn, id)?
    {
        return Ok(ResolvedRole::Stored(role));
    }
    Ok(ResolvedRole::pseudo(stored))
}

/// Resolves many role strings against one read of the (small) roles table.
pub fn resolver(conn: &Connection) -> AppResult<impl Fn(&str) -> ResolvedRole + use<>> {
    let roles = store::roles::all(conn)?;
    Ok(move |stored: &str| {
        Id::parse(stored)
            .and_then(|id| roles.iter().find(|role| role.id == id))
            .map(|role| ResolvedRole::Stored(role.clone()))
            .unwrap_or_else(|| ResolvedRole::pseudo(stored))
    })
}

#[derive(Debug, Default)]
pub struct RoleDraft {
    pub name: String,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub permissions: Option<Vec<String>>,
}

#[derive(Debug, Default)]
pub struct RolePatch {
    pub name: Option<String>,
    pub slug: Option<String>,
    pub description: Option<String>,
    pub permissions: Option<Vec<String>>,
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<Role>, u64)> {
    core.db
        .read(move |conn| Ok(store::roles::page(conn, &page)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<Role> {
    let id = id.ok_or_else(|| AppError::not_found("Role"))?;
    core.db
        .read(move |conn| store::roles::get(conn, id)?.ok_or_else(|| AppError::not_found("Role")))
        .await
}

fn slug_taken() -> AppError {
    AppError::Conflict("Role slug already exists".to_owned())
}

fn normalise_slug(slug: &str) -> Option<String> {
    let slug = slug.trim().to_lowercase();
    (!slug.is_empty()).then_some(slug)
}

pub async fn create(core: &Core, draft: RoleDraft) -> AppResult<Role> {
    core.transact(move |tx, _events| {
        let slug = draft
            .slug
            .as_deref()
            .and_then(normalise_slug)
            .or_else(|| slug_from_name(&draft.name))
            .unwrap_or_else(random_slug);
        if store::roles::by_slug(tx, &slug)?.is_some() {
            return Err(slug_taken());
        }
        let now = Timestamp::now();
        let role = Role {
            id: Id::new(),
            name: draft.name.trim().to_owned(),
            slug,
            description: draft
                .description
                .map(|d| d.trim().to_owned())
                .unwrap_or_default(),
            permissions: draft.permissions.unwrap_or_default(),
            is_system: false,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::roles::insert(tx, &role)?;
        Ok(role)
    })
    .await
}

/// `role-` and five base-36 characters, for names with no usable characters.
fn random_slug() -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let suffix: String = (0..5)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("role-{suffix}")
}

pub async fn update(core: &Core, id: Option<Id>, patch: RolePatch) -> AppResult<Role> {
    let id = id.ok_or_else(|| AppError::not_found("Role"))?;
    core.transact(move |tx, events| {
        let mut role = store::roles::get(tx, id)?.ok_or_else(|| AppError::not_found("Role"))?;
        if let Some(name) = patch
            .name
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            role.name = name.to_owned();
        }
        if let Some(slug) = patch.slug.as_deref().and_then(normalise_slug)
            && !role.is_system
            && slug != role.slug
        {
            if store::roles::by_slug(tx, &slug)?.is_some() {
                return Err(slug_taken());
            }
            role.slug = slug;
        }
        if let Some(description) = patch.description {
            role.description = description.trim().to_owned();
        }
        if let Some(permissions) = patch.permissions {
            // Upstream lets the admin role lose `*`, which locks everyone out of the box.
            if role.is_system && role.slug == "admin" && !permissions.iter().any(|p| p == "*") {
                return Err(AppError::BadRequest(
                    "The admin role must keep the * permission".to_owned(),
                ));
            }
            role.permissions = permissions;
        }
        role.updated_at = Timestamp::now();
        store::roles::update(tx, &role)?;
        events.push(Event::role_updated(id, "updated"));
        Ok(role)
    })
    .await
}

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    let id = id.ok_or_else(|| AppError::not_found("Role"))?;
    core.transact(move |tx, events| {
        let role = store::roles::get(tx, id)?.ok_or_else(|| AppError::not_found("Role"))?;
        if role.is_system {
            return Err(AppError::BadRequest(
                "Cannot delete system roles".to_owned(),
            ));
        }
        refuse_if_assigned(tx, id)?;
        store::roles::delete(tx, id)?;
        events.push(Event::role_updated(id, "deleted"));
        Ok(())
    })
    .await
}

/// Upstream deletes roles still held by workers, who then silently lose every permission.
fn refuse_if_assigned(tx: &WriteTx<'_>, id: Id) -> AppResult<()> {
    let holders: i64 = tx.query_row(
        "SELECT count(*) FROM workers WHERE role = ?1",
        [id.to_hex()],
        |row| row.get(0),
    )?;
    if holders > 0 {
        return Err(AppError::Conflict(format!(
            "Role is assigned to {holders} worker(s)"
        )));
    }
    Ok(())
}
