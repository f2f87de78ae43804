//! Serialisers for references embedded in other documents (core.md §1.7).

use super::worker::Worker;
use serde::{Serialize, Serializer};

/// An embedded worker: its raw `role` string, never the resolved role nor the password; null
/// when the worker is gone.
pub fn worker<S: Serializer>(worker: &Option<Worker>, serializer: S) -> Result<S::Ok, S::Error> {
    match worker {
        Some(worker) => worker.embedded().serialize(serializer),
        None => serializer.serialize_none(),
    }
}

/// An optional float rendered as JavaScript would (`null`, `3`, `2.5`).
pub fn js_number_or_null<S: Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => super::json::js_number(value, serializer),
        None => serializer.serialize_none(),
    }
}
