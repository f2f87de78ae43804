//! Inventory records (core.md §7.1–§7.3): CRUD, the automatic material logs of create and
//! update, and the move between locations (split or merge).

use super::cascade::Kind;
use super::deletion::{self, Deletion};
use super::refs::{self, Ref};
use super::{Core, populate};
use crate::domain::events::{Event, Topic};
use crate::domain::inventory::{Inventory, Moved, PopulatedInventory};
use crate::domain::json::js_display;
use crate::domain::material_log::MaterialLog;
use crate::domain::numbers::Counter;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx, counters};

#[derive(Debug, Default)]
pub struct InventoryDraft {
    pub material: String,
    pub stock_type: String,
    pub quantity: f64,
    pub location: String,
    pub storage_color: Option<String>,
    pub is_active: Option<bool>,
}

#[derive(Debug, Default)]
pub struct InventoryPatch {
    pub material: Option<String>,
    pub stock_type: Option<String>,
    pub quantity: Option<f64>,
    pub location: Option<String>,
    pub storage_color: Option<String>,
    pub is_active: Option<bool>,
}

/// `POST /api/inventories/:id/move`: `to_location` is already trimmed and non-empty.
#[derive(Debug)]
pub struct Move {
    pub quantity: f64,
    pub to_location: String,
    pub to_storage_color: Option<String>,
}

fn missing() -> AppError {
    AppError::not_found("Inventory")
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<PopulatedInventory>, u64)> {
    core.db
        .read(move |conn| {
            let (records, total) = store::inventories::page(conn, &page)?;
            let populated = records
                .into_iter()
                .map(|record| populate::inventory(conn, record))
                .collect::<AppResult<_>>()?;
            Ok((populated, total))
        })
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<PopulatedInventory> {
    let id = id.ok_or_else(missing)?;
    core.db
        .read(move |conn| {
            let record = store::inventories::get(conn, id)?.ok_or_else(missing)?;
            populate::inventory(conn, record)
        })
        .await
}

/// Writes an automatic log of a stock movement (no `log:updated` event, as upstream).
fn log_movement(tx: &WriteTx<'_>, log: &MaterialLog) -> AppResult<()> {
    store::material_logs::insert(tx, log)?;
    Ok(())
}

/// `POST /api/inventories` (§7.2): reference check, number, insert, `import` log.
pub async fn create(
    core: &Core,
    actor: Id,
    draft: InventoryDraft,
) -> AppResult<PopulatedInventory> {
    core.transact(move |tx, events| {
        let material = refs::require(tx, Ref::Material, &draft.material)?;
        let number = counters::next(tx, Counter::Inventory)?;
        let now = Timestamp::now();
        let record = Inventory {
            id: Id::new(),
            inventory_number: Some(number),
            material,
            stock_type: draft.stock_type,
            quantity: draft.quantity,
            location: draft.location,
            storage_color: draft.storage_color.unwrap_or_default(),
            is_active: draft.is_active.unwrap_or(true),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::inventories::insert(tx, &record)?;
        log_movement(
            tx,
            &MaterialLog::movement(
                material,
                "import",
                record.quantity,
                Some(record.stock_type.clone()),
                Some(actor),
            ),
        )?;
        let populated = populate::inventory(tx, record)?;
        events.push(Event::resource(Topic::Inventory, "created", &populated));
        Ok(populated)
    })
    .await
}

/// `PATCH /api/inventories/:id` (§7.2): a quantity change is logged as its signed delta.
pub async fn update(
    core: &Core,
    actor: Id,
    id: Option<Id>,
    patch: InventoryPatch,
) -> AppResult<PopulatedInventory> {
    core.transact(move |tx, events| {
        let material = refs::require_optional(tx, Ref::Material, patch.material.as_deref())?;
        let id = id.ok_or_else(missing)?;
        let mut record = store::inventories::get(tx, id)?.ok_or_else(missing)?;
        let before = record.quantity;
        if let Some(material) = material {
            record.material = material;
        }
        if let Some(stock_type) = patch.stock_type {
            record.stock_type = stock_type;
        }
        if let Some(quantity) = patch.quantity {
            record.quantity = quantity;
        }
        if let Some(location) = patch.location {
            record.location = location;
        }
        if let Some(storage_color) = patch.storage_color {
            record.storage_color = storage_color;
        }
        if let Some(is_active) = patch.is_active {
            record.is_active = is_active;
        }
        record.updated_at = Timestamp::now();
        store::inventories::update(tx, &record)?;
        let delta = record.quantity - before;
        if delta != 0.0 {
            let action = if delta > 0.0 { "import" } else { "withdraw" };
            log_movement(
                tx,
                &MaterialLog::movement(
                    record.material,
                    action,
                    delta,
                    Some(record.stock_type.clone()),
                    Some(actor),
                ),
            )?;
        }
        let populated = populate::inventory(tx, record)?;
        events.push(Event::resource(Topic::Inventory, "updated", &populated));
        Ok(populated)
    })
    .await
}

/// `POST /api/inventories/:id/move` (§7.3) in one transaction: take from the source, add to
/// the record of the same material and stock type at the destination (or a new one), and log
/// the pair `withdraw` → `import` (the import's parent is the withdraw).
pub async fn move_stock(core: &Core, actor: Id, id: Option<Id>, order: Move) -> AppResult<Moved> {
    let not_found = || AppError::NotFound("Source inventory not found".to_owned());
    core.transact(move |tx, events| {
        let id = id.ok_or_else(not_found)?;
        let mut source = store::inventories::get(tx, id)?.ok_or_else(not_found)?;
        // Upstream "moved" a record onto itself: no change, two log entries (§16 #12).
        if order.to_location == source.location {
            return Err(AppError::BadRequest(format!(
                "Inventory is already at {}; choose another location",
                source.location
            )));
        }
        if order.quantity > source.quantity {
            return Err(AppError::BadRequest(format!(
                "Insufficient stock. Available: {}, Requested: {}",
                js_display(source.quantity),
                js_display(order.quantity)
            )));
        }
        let now = Timestamp::now();
        source.quantity -= order.quantity;
        source.updated_at = now;
        store::inventories::update(tx, &source)?;

        let existing = store::inventories::at_location(
            tx,
            source.material,
            &source.stock_type,
            &order.to_location,
        )?;
        let target = match existing {
            Some(mut target) => {
                target.quantity += order.quantity;
                if let Some(color) = order.to_storage_color {
                    target.storage_color = color;
                }
                target.updated_at = now;
                store::inventories::update(tx, &target)?;
                target
            }
            None => {
                let target = Inventory {
                    id: Id::new(),
                    inventory_number: Some(counters::next(tx, Counter::Inventory)?),
                    material: source.material,
                    stock_type: source.stock_type.clone(),
                    quantity: order.quantity,
                    location: order.to_location,
                    storage_color: order.to_storage_color.unwrap_or_default(),
                    is_active: true,
                    created_at: now,
                    updated_at: now,
                    version: 0,
                };
                store::inventories::insert(tx, &target)?;
                target
            }
        };

        let stock_type = Some(source.stock_type.clone());
        let withdraw = MaterialLog::movement(
            source.material,
            "withdraw",
            -order.quantity,
            stock_type.clone(),
            Some(actor),
        );
        log_movement(tx, &withdraw)?;
        let mut import = MaterialLog::movement(
            source.material,
            "import",
            order.quantity,
            stock_type,
            Some(actor),
        );
        import.parent_log = Some(withdraw.id);
        log_movement(tx, &import)?;

        let moved = Moved {
            source: populate::inventory(tx, source)?,
            target: populate::inventory(tx, target)?,
            moved_quantity: order.quantity,
        };
        events.push(Event::resource(
            Topic::Inventory,
            "moved",
            moved.event_data(),
        ));
        Ok(moved)
    })
    .await
}

/// `DELETE /api/inventories/:id`: nothing cascades; withdrawals keep the dead id (§7.2).
/// How inventories are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::Inventory,
    topic: Some(Topic::Inventory),
    what: "Inventory",
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::inventories::get(tx, id)?)
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
