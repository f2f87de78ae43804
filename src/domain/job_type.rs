//! Job types (core.md §11.3). Panes name their job type by a free string, so a job type is
//! master data only: deleting one touches nothing else.

use super::{Id, Timestamp};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobType {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
    /// Unique, case-sensitive.
    pub code: String,
    pub description: String,
    pub sheets_per_pane: i64,
    pub default_raw_glass_types: Vec<String>,
    pub is_active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}
