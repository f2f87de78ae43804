//! Withdrawals (core.md §9.1).

use super::inventory::Inventory;
use super::json::{js_number, js_number_opt};
use super::material::Material;
use super::pane::Pane;
use super::worker::Worker;
use super::{Id, Timestamp};
use serde::{Deserialize, Serialize};

pub const STATUSES: &[&str] = &["pending", "approved", "rejected"];

/// `withdrawnDimensions`: each `null` until set; replaced wholesale by an update (§1.9).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dimensions {
    #[serde(serialize_with = "js_number_opt")]
    pub width: Option<f64>,
    #[serde(serialize_with = "js_number_opt")]
    pub height: Option<f64>,
    #[serde(serialize_with = "js_number_opt")]
    pub thickness: Option<f64>,
}

/// A stored withdrawal, every reference an id (delete events).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Withdrawal {
    #[serde(rename = "_id")]
    pub id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal_number: Option<String>,
    pub order: Option<Id>,
    pub withdrawn_by: Id,
    pub material: Id,
    #[serde(serialize_with = "js_number")]
    pub quantity: f64,
    pub stock_type: String,
    pub status: String,
    pub approved_by: Option<Id>,
    pub panes: Vec<Id>,
    pub withdrawn_dimensions: Dimensions,
    pub notes: String,
    pub inventory: Option<Id>,
    pub withdrawn_date: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

/// A withdrawal with `order`, `panes`, `withdrawnBy`, `material`, `approvedBy` and `inventory`
/// populated (§1.7); references inside them (the order's too) stay ids.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PopulatedWithdrawal {
    #[serde(rename = "_id")]
    pub id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub withdrawal_number: Option<String>,
    pub order: Option<super::order::Order>,
    #[serde(serialize_with = "super::embed::worker")]
    pub withdrawn_by: Option<Worker>,
    pub material: Option<Material>,
    #[serde(serialize_with = "js_number")]
    pub quantity: f64,
    pub stock_type: String,
    pub status: String,
    #[serde(serialize_with = "super::embed::worker")]
    pub approved_by: Option<Worker>,
    #[serde(serialize_with = "super::embed::panes")]
    pub panes: Vec<Pane>,
    pub withdrawn_dimensions: Dimensions,
    pub notes: String,
    pub inventory: Option<Inventory>,
    pub withdrawn_date: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

/// The documents a withdrawal's references point at, as loaded.
pub struct WithdrawalRefs {
    pub order: Option<super::order::Order>,
    pub withdrawn_by: Option<Worker>,
    pub material: Option<Material>,
    pub approved_by: Option<Worker>,
    pub panes: Vec<Pane>,
    pub inventory: Option<Inventory>,
}

impl Withdrawal {
    pub fn populate(self, refs: WithdrawalRefs) -> PopulatedWithdrawal {
        PopulatedWithdrawal {
            id: self.id,
            withdrawal_number: self.withdrawal_number,
            order: refs.order,
            withdrawn_by: refs.withdrawn_by,
            material: refs.material,
            quantity: self.quantity,
            stock_type: self.stock_type,
            status: self.status,
            approved_by: refs.approved_by,
            panes: refs.panes,
            withdrawn_dimensions: self.withdrawn_dimensions,
            notes: self.notes,
            inventory: refs.inventory,
            withdrawn_date: self.withdrawn_date,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}
