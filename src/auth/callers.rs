//! Recently authenticated workers, so a scan does not reload its worker and role from the
//! database on every request. An entry is used only while the database's caller generation
//! (moved by every commit that changes a worker or a role) is the one it was loaded under, so
//! a role change or a deleted worker applies to the very next request, as without the cache.

use crate::domain::Id;
use crate::domain::worker::Actor;
use std::collections::HashMap;
use std::sync::Mutex;

/// More workers than any factory has; past it the cache starts over rather than grow.
const CAPACITY: usize = 4_096;

#[derive(Default)]
pub struct CallerCache {
    entries: Mutex<HashMap<Id, (u64, Actor)>>,
}

impl CallerCache {
    /// The worker `id` as loaded under `generation`, if that is still the current one.
    pub fn get(&self, id: Id, generation: u64) -> Option<Actor> {
        let entries = self.entries.lock().ok()?;
        match entries.get(&id) {
            Some((loaded_under, actor)) if *loaded_under == generation => Some(actor.clone()),
            _ => None,
        }
    }

    /// Keeps `actor`, loaded after reading `generation` (read before the load, so a change
    /// committed during the load leaves the entry already stale).
    pub fn put(&self, id: Id, generation: u64, actor: Actor) {
        let Ok(mut entries) = self.entries.lock() else {
            return;
        };
        if entries.len() >= CAPACITY && !entries.contains_key(&id) {
            entries.clear();
        }
        entries.insert(id, (generation, actor));
    }
}
