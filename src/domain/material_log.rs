//! Material logs (core.md §7.4): pure records of stock movements.

use super::json::js_number;
use super::material::Material;
use super::pane::Pane;
use super::worker::Worker;
use super::{Id, Timestamp};
use serde::Serialize;

pub const ACTION_TYPES: &[&str] = &["withdraw", "claim", "import", "cut", "remake"];
pub const REFERENCE_TYPES: &[&str] = &["claim", "withdrawal", "qc_remake"];

/// A stored log, every reference an id (delete events, and a populated `parentLog`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MaterialLog {
    #[serde(rename = "_id")]
    pub id: Id,
    pub material: Id,
    pub panes: Vec<Id>,
    pub action_type: String,
    pub reference_id: Option<Id>,
    pub reference_type: Option<String>,
    #[serde(serialize_with = "js_number")]
    pub quantity_changed: f64,
    #[serde(serialize_with = "js_number")]
    pub total_price: f64,
    pub stock_type: Option<String>,
    pub order: Option<Id>,
    pub parent_log: Option<Id>,
    pub worker: Option<Id>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

impl MaterialLog {
    /// A new log of a stock movement with the defaults of §7.4 for everything not given.
    pub fn movement(
        material: Id,
        action_type: &str,
        quantity_changed: f64,
        stock_type: Option<String>,
        worker: Option<Id>,
    ) -> Self {
        let now = Timestamp::now();
        MaterialLog {
            id: Id::new(),
            material,
            panes: Vec::new(),
            action_type: action_type.to_owned(),
            reference_id: None,
            reference_type: None,
            quantity_changed,
            total_price: 0.0,
            stock_type,
            order: None,
            parent_log: None,
            worker,
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }
}

/// A log with `material`, `panes`, `order`, `parentLog` and `worker` populated (§1.7); the
/// embedded order is the plain order (its references ids), a gone one null.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PopulatedLog {
    #[serde(rename = "_id")]
    pub id: Id,
    pub material: Option<Material>,
    #[serde(serialize_with = "super::embed::panes")]
    pub panes: Vec<Pane>,
    pub action_type: String,
    pub reference_id: Option<Id>,
    pub reference_type: Option<String>,
    #[serde(serialize_with = "js_number")]
    pub quantity_changed: f64,
    #[serde(serialize_with = "js_number")]
    pub total_price: f64,
    pub stock_type: Option<String>,
    pub order: Option<super::order::Order>,
    pub parent_log: Option<MaterialLog>,
    #[serde(serialize_with = "super::embed::worker")]
    pub worker: Option<Worker>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

/// The documents a log's references point at, as loaded.
pub struct LogRefs {
    pub material: Option<Material>,
    pub panes: Vec<Pane>,
    pub order: Option<super::order::Order>,
    pub parent_log: Option<MaterialLog>,
    pub worker: Option<Worker>,
}

impl MaterialLog {
    pub fn populate(self, refs: LogRefs) -> PopulatedLog {
        PopulatedLog {
            id: self.id,
            material: refs.material,
            panes: refs.panes,
            action_type: self.action_type,
            reference_id: self.reference_id,
            reference_type: self.reference_type,
            quantity_changed: self.quantity_changed,
            total_price: self.total_price,
            stock_type: self.stock_type,
            order: refs.order,
            parent_log: refs.parent_log,
            worker: refs.worker,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}
