//! First start (core.md §2.5, with the box's security fix): the three system roles and a worker
//! `admin` whose password comes from `STDPLUS_ADMIN_PASSWORD` or is generated, shown once in
//! the log and written to `<data dir>/initial-admin-password` (0600). There is no default
//! password.

use super::Core;
use crate::auth::password;
use crate::auth::token::write_private_file;
use crate::domain::permissions::system_roles;
use crate::domain::worker::{NotificationPreferences, Role, Worker};
use crate::domain::{Id, Timestamp};
use crate::error::AppResult;
use crate::store;
use std::path::Path;

pub const INITIAL_PASSWORD_FILE: &str = "initial-admin-password";

/// Creates what a new database lacks: system roles missing by slug, and the admin worker when
/// the box has no worker at all. Existing data is never changed.
pub async fn ensure_initial_data(
    core: &Core,
    admin_password: Option<String>,
    data_dir: &Path,
) -> AppResult<()> {
    let needs_admin = core
        .db
        .read(|conn| Ok(store::workers::count(conn)? == 0))
        .await?;
    let generated = needs_admin && admin_password.is_none();
    let password = match admin_password {
        Some(password) => password,
        None => generate_password(),
    };
    let hash = if needs_admin {
        Some(password::hash(password.clone()).await?)
    } else {
        None
    };
    // The file is written before the commit: a crash in between leaves no admin, so the next
    // start generates a new password and replaces the file, and no password is ever lost.
    let file = data_dir.join(INITIAL_PASSWORD_FILE);
    if generated {
        let _ = std::fs::remove_file(&file);
        write_private_file(&file, format!("{password}\n").as_bytes())?;
    }
    core.transact(move |tx, _events| {
        let now = Timestamp::now();
        for system in system_roles() {
            if store::roles::by_slug(tx, system.slug)?.is_none() {
                store::roles::insert(
                    tx,
                    &Role {
                        id: Id::new(),
                        name: system.name.to_owned(),
                        slug: system.slug.to_owned(),
                        description: String::new(),
                        permissions: system.permissions,
                        is_system: true,
                        created_at: now,
                        updated_at: now,
                        version: 0,
                    },
                )?;
            }
        }
        if let Some(hash) = hash {
            let admin_role = store::roles::by_slug(tx, "admin")?
                .map(|r| r.id.to_hex())
                .unwrap_or_else(|| "admin".into());
            let admin = Worker {
                id: Id::new(),
                name: "Admin".to_owned(),
                username: "admin".to_owned(),
                position: "admin".to_owned(),
                role: admin_role,
                notification_preferences: NotificationPreferences::default(),
                created_at: now,
                updated_at: now,
                version: 0,
            };
            store::workers::insert(tx, &admin, &hash)?;
        }
        Ok(())
    })
    .await?;
    if generated {
        tracing::warn!(
            "first start: created worker `admin` with password {password} (also saved to {}); \
             change it after logging in and delete that file",
            file.display()
        );
    } else if needs_admin {
        tracing::info!(
            "first start: created worker `admin` with the password from STDPLUS_ADMIN_PASSWORD"
        );
    }
    Ok(())
}

/// 16 characters without look-alikes (no 0/O, 1/l/I), easy to type on a kiosk.
fn generate_password() -> String {
    const ALPHABET: &[u8] = b"23456789abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
    (0..16)
        .map(|_| ALPHABET[rand::random_range(0..ALPHABET.len())] as char)
        .collect()
}
