//! Workers (core.md §4) and the caller's own profile (`PATCH /api/auth/me`, §2.3).

use super::cascade::{self, Kind};
use super::{Core, roles};
use crate::auth::password;
use crate::domain::events::Event;
use crate::domain::permissions::LEGACY_SLUGS;
use crate::domain::worker::{NotificationPreferences, PreferencesPatch, ResolvedRole, Worker};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};

#[derive(Debug, Default)]
pub struct WorkerDraft {
    pub name: String,
    pub username: String,
    pub password: String,
    pub position: String,
    pub role: Option<String>,
    pub notification_preferences: Option<PreferencesPatch>,
}

#[derive(Debug, Default)]
pub struct WorkerPatch {
    pub name: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    pub position: Option<String>,
    pub role: Option<String>,
    pub notification_preferences: Option<PreferencesPatch>,
}

/// A worker as the worker endpoints show it: with its role resolved.
pub type WorkerView = (Worker, ResolvedRole);

/// Usernames are stored and looked up trimmed and lowercased.
pub fn normalise_username(username: &str) -> String {
    username.trim().to_lowercase()
}

fn username_taken() -> AppError {
    AppError::Conflict("Username already exists".to_owned())
}

fn ensure_username_free(tx: &WriteTx<'_>, username: &str, except: Option<Id>) -> AppResult<()> {
    match store::workers::id_by_username(tx, username)? {
        Some(holder) if Some(holder) != except => Err(username_taken()),
        _ => Ok(()),
    }
}

/// Upstream stores any string as a role, and an unknown one silently leaves the worker with no
/// permissions. The box accepts what clients send (a role id, a legacy slug, or empty) and
/// refuses the rest.
fn check_role(tx: &WriteTx<'_>, role: &str) -> AppResult<()> {
    let known = role.is_empty()
        || LEGACY_SLUGS.contains(&role)
        || Id::parse(role)
            .map(|id| store::roles::get(tx, id))
            .transpose()?
            .flatten()
            .is_some();
    if known {
        Ok(())
    } else {
        Err(AppError::BadRequest("Role not found".to_owned()))
    }
}

fn view(tx: &rusqlite::Connection, worker: Worker) -> AppResult<WorkerView> {
    let role = roles::resolve(tx, &worker.role)?;
    Ok((worker, role))
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<WorkerView>, u64)> {
    core.db
        .read(move |conn| {
            let (workers, total) = store::workers::page(conn, &page)?;
            let resolve = roles::resolver(conn)?;
            let views = workers
                .into_iter()
                .map(|worker| {
                    let role = resolve(&worker.role);
                    (worker, role)
                })
                .collect();
            Ok((views, total))
        })
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<WorkerView> {
    let id = id.ok_or_else(|| AppError::not_found("Worker"))?;
    core.db
        .read(move |conn| {
            let worker =
                store::workers::get(conn, id)?.ok_or_else(|| AppError::not_found("Worker"))?;
            view(conn, worker)
        })
        .await
}

pub async fn create(core: &Core, draft: WorkerDraft) -> AppResult<WorkerView> {
    let hash = password::hash(draft.password.clone()).await?;
    core.transact(move |tx, _events| {
        let username = normalise_username(&draft.username);
        ensure_username_free(tx, &username, None)?;
        let role = draft
            .role
            .map(|r| r.trim().to_owned())
            .unwrap_or_else(|| "worker".to_owned());
        check_role(tx, &role)?;
        let mut notification_preferences = NotificationPreferences::default();
        if let Some(patch) = draft.notification_preferences {
            notification_preferences.apply(patch);
        }
        let now = Timestamp::now();
        let worker = Worker {
            id: Id::new(),
            name: draft.name.trim().to_owned(),
            username,
            position: draft.position.trim().to_owned(),
            role,
            notification_preferences,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::workers::insert(tx, &worker, &hash)?;
        view(tx, worker)
    })
    .await
}

pub async fn update(core: &Core, id: Option<Id>, patch: WorkerPatch) -> AppResult<WorkerView> {
    let id = id.ok_or_else(|| AppError::not_found("Worker"))?;
    let hash = match patch.password.clone() {
        Some(password) => Some(password::hash(password).await?),
        None => None,
    };
    core.transact(move |tx, events| {
        let mut worker =
            store::workers::get(tx, id)?.ok_or_else(|| AppError::not_found("Worker"))?;
        if let Some(username) = patch.username.as_deref().map(normalise_username) {
            ensure_username_free(tx, &username, Some(id))?;
            worker.username = username;
        }
        if let Some(role) = patch.role.map(|r| r.trim().to_owned()) {
            check_role(tx, &role)?;
            worker.role = role;
        }
        if let Some(name) = patch.name {
            worker.name = name.trim().to_owned();
        }
        if let Some(position) = patch.position {
            worker.position = position.trim().to_owned();
        }
        if let Some(prefs) = patch.notification_preferences {
            worker.notification_preferences.apply(prefs);
        }
        worker.updated_at = Timestamp::now();
        store::workers::update(tx, &worker)?;
        if let Some(hash) = &hash {
            store::workers::set_password_hash(tx, id, hash)?;
        }
        events.push(Event::worker_updated(id, "updated"));
        view(tx, worker)
    })
    .await
}

/// The caller's own profile: name, username and notification preferences only.
#[derive(Debug, Default)]
pub struct ProfilePatch {
    pub name: Option<String>,
    pub username: Option<String>,
    pub notification_preferences: Option<PreferencesPatch>,
}

pub async fn update_profile(core: &Core, id: Id, patch: ProfilePatch) -> AppResult<WorkerView> {
    core.transact(move |tx, _events| {
        let mut worker =
            store::workers::get(tx, id)?.ok_or_else(|| AppError::not_found("Worker"))?;
        if let Some(username) = patch.username.as_deref().map(normalise_username) {
            ensure_username_free(tx, &username, Some(id))?;
            worker.username = username;
        }
        if let Some(name) = patch.name {
            worker.name = name.trim().to_owned();
        }
        if let Some(prefs) = patch.notification_preferences {
            worker.notification_preferences.apply(prefs);
        }
        worker.updated_at = Timestamp::now();
        store::workers::update(tx, &worker)?;
        view(tx, worker)
    })
    .await
}

/// `DELETE /api/workers/:id`: the cascade first, then 404 if the worker did not exist.
pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    let id = id.ok_or_else(|| AppError::not_found("Worker"))?;
    core.transact(move |tx, events| {
        if cascade::delete(tx, Kind::Worker, &[id], events)? == 0 {
            return Err(AppError::not_found("Worker"));
        }
        events.push(Event::worker_updated(id, "deleted"));
        Ok(())
    })
    .await
}

/// `DELETE /api/workers {ids}`: one event per id given, as upstream, and the count deleted.
pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    core.transact(move |tx, events| {
        let deleted = cascade::delete(tx, Kind::Worker, &ids, events)?;
        events.extend(ids.iter().map(|id| Event::worker_updated(*id, "deleted")));
        Ok(deleted)
    })
    .await
}
