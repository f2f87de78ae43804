//! `Idempotency-Key` on the scan endpoints: a retry with the same key within 24 hours gets the
//! first answer again (status and body) and changes nothing; the same key with a different
//! request is refused with 422. The key and the answer are written in the transaction of the
//! scan itself, so a scan and its stored answer commit or vanish together.
//!
//! Keys are scoped to the caller (one worker cannot replay another's answer). Successes and
//! refusals (4xx) are stored; a server error stores nothing, so the retry runs again.

use super::{Core, Events};
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::WriteTx;
use crate::store::idempotency::{self, StoredAnswer};
use serde_json::{Value, json};

/// How long an answer is replayed.
pub const WINDOW_MS: i64 = 24 * 60 * 60 * 1000;

/// A keyed request: the client's key and the request it names (method, path and body).
#[derive(Clone, Debug)]
pub struct Keyed {
    pub key: String,
    pub request: String,
}

/// The answer to send: status and envelope, and whether it is a replay.
#[derive(Clone, Debug)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    pub replayed: bool,
}

fn success(data: Value) -> Value {
    json!({"success": true, "message": "Success", "data": data})
}

/// Runs `work` (a use case's body inside the transaction) once per key. Without a key it is a
/// plain transaction and errors propagate as usual.
pub async fn run<F>(core: &Core, worker: Id, keyed: Option<Keyed>, work: F) -> AppResult<Answer>
where
    F: FnOnce(&WriteTx<'_>, &mut Events) -> AppResult<Value> + Send + 'static,
{
    let Some(keyed) = keyed else {
        let data = core.transact(work).await?;
        return Ok(Answer {
            status: 200,
            body: success(data),
            replayed: false,
        });
    };
    core.transact(move |tx, events| {
        let now = Timestamp::now().millis();
        if let Some(stored) = idempotency::find(tx, worker, &keyed.key, now - WINDOW_MS)? {
            if stored.request != keyed.request {
                return Err(AppError::Unprocessable(
                    "Idempotency-Key was already used for a different request".to_owned(),
                ));
            }
            return Ok(Answer {
                status: stored.status,
                body: serde_json::from_str(&stored.response).map_err(AppError::internal)?,
                replayed: true,
            });
        }
        // A refusal rolls back what the work wrote and drops its events, but its answer is
        // still stored under the key.
        tx.execute_batch("SAVEPOINT idempotent_work")?;
        let mut own = Events::new();
        let (status, body) = match work(tx, &mut own) {
            Ok(data) => {
                tx.execute_batch("RELEASE idempotent_work")?;
                events.extend(own);
                (200, success(data))
            }
            Err(e) if e.status().is_client_error() => {
                tx.execute_batch("ROLLBACK TO idempotent_work; RELEASE idempotent_work")?;
                (e.status().as_u16(), e.envelope())
            }
            Err(e) => return Err(e),
        };
        let answer = StoredAnswer {
            request: keyed.request,
            status,
            response: body.to_string(),
        };
        idempotency::store(tx, worker, &keyed.key, &answer, now, now - WINDOW_MS)?;
        Ok(Answer {
            status,
            body,
            replayed: false,
        })
    })
    .await
}
