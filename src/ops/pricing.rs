//! Pricing settings (core.md §11.5): one document, created with the default price table on
//! first access, whether that is a GET or a PUT (upstream seeded defaults only on GET, fix #16).

use super::Core;
use crate::domain::events::Event;
use crate::domain::pricing::{GlassPrices, PricingSettings};
use crate::domain::worker::Worker;
use crate::domain::{Id, Timestamp};
use crate::error::AppResult;
use crate::store::{self, WriteTx};
use rusqlite::Connection;

/// The fields a PUT may set; `glass_prices` replaces the whole table.
#[derive(Debug, Default)]
pub struct PricingPatch {
    pub glass_prices: Option<GlassPrices>,
    pub hole_price_each: Option<f64>,
    pub notch_price: Option<f64>,
}

/// The settings with `updatedBy` populated (`None`: nobody yet, or the worker is gone).
pub type PricingView = (PricingSettings, Option<Worker>);

fn populate(conn: &Connection, settings: PricingSettings) -> AppResult<PricingView> {
    let editor = match settings.updated_by {
        Some(id) => store::workers::get(conn, id)?,
        None => None,
    };
    Ok((settings, editor))
}

/// The settings, created with the defaults when there are none yet.
fn ensure(tx: &WriteTx<'_>) -> AppResult<PricingSettings> {
    if let Some(settings) = store::pricing::get(tx)? {
        return Ok(settings);
    }
    let settings = PricingSettings::initial(Timestamp::now());
    store::pricing::insert(tx, &settings)?;
    Ok(settings)
}

pub async fn get(core: &Core) -> AppResult<PricingView> {
    let existing = core
        .db
        .read(|conn| {
            store::pricing::get(conn)?
                .map(|settings| populate(conn, settings))
                .transpose()
        })
        .await?;
    match existing {
        Some(view) => Ok(view),
        // First access: a write, which the single writer makes race-free.
        None => {
            core.transact(|tx, _events| {
                let settings = ensure(tx)?;
                populate(tx, settings)
            })
            .await
        }
    }
}

/// Sets the fields sent and `updatedBy` (always, even for an empty body), then tells the
/// pricing room.
pub async fn update(core: &Core, editor: Id, patch: PricingPatch) -> AppResult<PricingView> {
    core.transact(move |tx, events| {
        let mut settings = ensure(tx)?;
        if let Some(prices) = patch.glass_prices {
            settings.glass_prices = prices;
        }
        if let Some(price) = patch.hole_price_each {
            settings.hole_price_each = price;
        }
        if let Some(price) = patch.notch_price {
            settings.notch_price = price;
        }
        settings.updated_by = Some(editor);
        settings.updated_at = Timestamp::now();
        store::pricing::update(tx, &settings)?;
        let (settings, worker) = populate(tx, settings)?;
        events.push(Event::pricing_updated(
            settings.with_editor(worker.as_ref()),
        ));
        Ok((settings, worker))
    })
    .await
}
