//! bcrypt at cost 12 with `$2b$` hashes, so hashes imported from upstream keep verifying
//! (core.md §2.4). Hashing takes a few hundred milliseconds, so it runs on the blocking pool,
//! never on the async executor and never on the database writer.

use crate::error::{AppError, AppResult};

pub const COST: u32 = 12;

pub async fn hash(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || bcrypt::hash(password, COST))
        .await
        .map_err(AppError::internal)?
        .map_err(AppError::internal)
}

pub async fn verify(password: String, hash: String) -> AppResult<bool> {
    // A malformed stored hash verifies as false rather than failing the request.
    tokio::task::spawn_blocking(move || bcrypt::verify(password, &hash).unwrap_or(false))
        .await
        .map_err(AppError::internal)
}

/// Spends the time of a real verification on a login for an unknown username, so response
/// times do not reveal which usernames exist.
pub async fn verify_against_nothing(password: String) -> AppResult<()> {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    tokio::task::spawn_blocking(move || {
        let hash = DUMMY
            .get_or_init(|| bcrypt::hash("no password matches this", COST).unwrap_or_default());
        let _ = bcrypt::verify(password, hash);
    })
    .await
    .map_err(AppError::internal)
}
