//! Pane logs (production.md §4.4): one row per scan action, the history of a pane.

use super::{Id, Timestamp};
use serde::Serialize;

pub const ACTIONS: &[&str] = &[
    "scan_in",
    "start",
    "complete",
    "scan_out",
    "laminate_start",
    "laminate_complete",
    "qc_pass",
    "qc_fail",
];

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaneLog {
    #[serde(rename = "_id")]
    pub id: Id,
    pub pane: Id,
    pub order: Option<Id>,
    pub material: Option<Id>,
    pub worker: Option<Id>,
    pub station: Id,
    pub action: String,
    pub reason: Option<String>,
    pub description: String,
    pub completed_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

impl PaneLog {
    /// A log of `action` by `worker` at `station`; `finished` stamps `completedAt`.
    pub fn new(
        pane: &super::pane::Pane,
        worker: Id,
        station: Id,
        action: &str,
        finished: bool,
        now: Timestamp,
    ) -> Self {
        PaneLog {
            id: Id::new(),
            pane: pane.id,
            order: pane.order,
            material: pane.material,
            worker: Some(worker),
            station,
            action: action.to_owned(),
            reason: None,
            description: String::new(),
            completed_at: finished.then_some(now),
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }
}
