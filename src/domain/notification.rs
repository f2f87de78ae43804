//! Stored notifications (core.md §10): one worker's inbox, pushed to that worker's devices.

use super::{Id, Timestamp};
use serde::Serialize;

/// `priority` values.
pub const PRIORITIES: &[&str] = &["low", "medium", "high", "urgent"];
pub const DEFAULT_PRIORITY: &str = "medium";

#[derive(Clone, Debug, PartialEq)]
pub struct Notification {
    pub id: Id,
    pub recipient: Id,
    /// Free text (`info`, `pane_arrived`, `qc_remake`, …); `type` in JSON.
    pub kind: String,
    pub title: String,
    pub message: String,
    /// An untyped reference (a pane, a claim, …), never checked or populated.
    pub reference_id: Option<Id>,
    pub reference_type: Option<String>,
    pub priority: String,
    pub read_status: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

/// A notification's JSON: `R` is the recipient's id as stored, or the embedded worker.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotificationDoc<'a, R: Serialize> {
    #[serde(rename = "_id")]
    id: Id,
    recipient: R,
    #[serde(rename = "type")]
    kind: &'a str,
    title: &'a str,
    message: &'a str,
    reference_id: Option<Id>,
    reference_type: Option<&'a str>,
    priority: &'a str,
    read_status: bool,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

impl Notification {
    /// As stored, `recipient` an id.
    pub fn bare(&self) -> NotificationDoc<'_, Id> {
        self.doc(self.recipient)
    }

    /// With `recipient` populated (an embedded worker, §1.7), or `null` when it is gone.
    pub fn with_recipient<R: Serialize>(
        &self,
        recipient: Option<R>,
    ) -> NotificationDoc<'_, Option<R>> {
        self.doc(recipient)
    }

    fn doc<R: Serialize>(&self, recipient: R) -> NotificationDoc<'_, R> {
        NotificationDoc {
            id: self.id,
            recipient,
            kind: &self.kind,
            title: &self.title,
            message: &self.message,
            reference_id: self.reference_id,
            reference_type: self.reference_type.as_deref(),
            priority: &self.priority,
            read_status: self.read_status,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}
