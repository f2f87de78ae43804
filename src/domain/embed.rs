//! Serialisers for references embedded in other documents (core.md §1.7).

use super::pane::Pane;
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

/// Embedded panes: each pane's own (unpopulated) document.
pub fn panes<S: Serializer>(panes: &[Pane], serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_seq(panes.iter().map(Pane::doc))
}
