//! Use cases. Each one runs in one write transaction and returns its result plus the events it
//! caused; [`Core::transact`] publishes the events only after the commit is durable, so no
//! client hears of a change that was rolled back.

pub mod auth;
pub mod batch_scan;
pub mod bootstrap;
pub mod cameras;
pub mod cascade;
pub mod claims;
pub mod customers;
pub mod dashboard;
pub mod deletion;
pub mod devices;
pub mod floor;
pub mod idempotency;
pub mod inventories;
pub mod job_types;
pub mod labels;
pub mod laminate;
pub mod material_logs;
pub mod materials;
pub mod notifications;
pub mod orders;
pub mod pane_logs;
pub mod panes;
pub mod populate;
pub mod pricing;
pub mod printers;
pub mod production_logs;
pub mod refs;
pub mod release;
pub mod remake;
pub mod requests;
pub mod roles;
pub mod scan;
pub mod station_templates;
pub mod stations;
pub mod sticker_templates;
pub mod stock;
pub mod withdrawals;
pub mod workers;

use crate::auth::callers::CallerCache;
use crate::auth::device_token::SeenThrottle;
use crate::auth::throttle::LoginThrottle;
use crate::auth::token::TokenKeys;
use crate::domain::events::Event;
use crate::domain::shift::Shifts;
use crate::error::AppResult;
use crate::realtime::Bus;
use crate::store::{Db, WriteTx};

/// Everything a use case needs: the database, the event bus and the credentials machinery.
pub struct Core {
    pub db: Db,
    pub bus: Bus,
    pub tokens: TokenKeys,
    pub login_throttle: LoginThrottle,
    /// When each paired device's `lastSeenAt` was last written.
    pub device_seen: SeenThrottle,
    /// When the floor's shifts start (`--shifts`).
    pub shifts: Shifts,
    /// Workers recently authenticated, valid until a worker or role changes.
    pub callers: CallerCache,
}

/// Events a use case collects while it writes; published after commit.
pub type Events = Vec<Event>;

impl Core {
    /// Runs `work` in one write transaction, then publishes the events it collected.
    pub async fn transact<T, F>(&self, work: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&WriteTx<'_>, &mut Events) -> AppResult<T> + Send + 'static,
    {
        let (value, events) = self
            .db
            .write(move |tx| {
                let mut events = Events::new();
                let value = work(tx, &mut events)?;
                Ok((value, events))
            })
            .await?;
        self.bus.publish(events).await;
        Ok(value)
    }
}
