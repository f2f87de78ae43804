//! Inventory records (core.md §7.1). `M` is the material reference: its id as stored, or the
//! material document where the spec populates it (§1.7).

use super::json::js_number;
use super::material::Material;
use super::{Id, Timestamp};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inventory<M = Id> {
    #[serde(rename = "_id")]
    pub id: Id,
    /// Sparse upstream (records older than the counters lack it); every record here has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inventory_number: Option<String>,
    pub material: M,
    pub stock_type: String,
    #[serde(serialize_with = "js_number")]
    pub quantity: f64,
    pub location: String,
    pub storage_color: String,
    pub is_active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

/// An inventory record with its material embedded (null when the material is gone).
pub type PopulatedInventory = Inventory<Option<Material>>;

impl Inventory<Id> {
    pub fn with_material(self, material: Option<Material>) -> PopulatedInventory {
        Inventory {
            id: self.id,
            inventory_number: self.inventory_number,
            material,
            stock_type: self.stock_type,
            quantity: self.quantity,
            location: self.location,
            storage_color: self.storage_color,
            is_active: self.is_active,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

/// The answer of `POST /api/inventories/:id/move` (§7.3).
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Moved {
    pub source: PopulatedInventory,
    pub target: PopulatedInventory,
    #[serde(serialize_with = "js_number")]
    pub moved_quantity: f64,
}

/// The `moved` event's data: the same documents, but the amount is `quantity` there.
#[derive(Serialize)]
pub struct MovedEvent<'a> {
    pub source: &'a PopulatedInventory,
    pub target: &'a PopulatedInventory,
    #[serde(serialize_with = "js_number")]
    pub quantity: f64,
}

impl Moved {
    pub fn event_data(&self) -> MovedEvent<'_> {
        MovedEvent {
            source: &self.source,
            target: &self.target,
            quantity: self.moved_quantity,
        }
    }
}
