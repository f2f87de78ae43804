//! Delete cascades (core.md §13.2) as one mechanism: each kind of document lists the kinds that
//! hang off it and the column that points back. Deleting runs depth-first over dependents, then
//! removes the targets, all inside the caller's transaction, so a cascade is all or nothing.
//!
//! A later resource plugs in by adding its [`Kind`] and one line to its parent's dependents.

use super::Events;
use crate::domain::Id;
use crate::domain::events::Event;
use crate::error::AppResult;
use crate::store::WriteTx;
use crate::store::sql::placeholders;
use rusqlite::params_from_iter;

/// Kinds of document that take part in cascades.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Worker,
}

/// A kind of document that references another through `column` and goes when it goes.
pub struct Dependent {
    pub kind: Kind,
    pub column: &'static str,
}

impl Kind {
    fn table(self) -> &'static str {
        match self {
            Kind::Worker => "workers",
        }
    }

    /// Events announcing documents of this kind deleted by a cascade (§13.2 lists which
    /// dependents are announced; a worker is never a dependent).
    fn cascade_events(self, _ids: &[Id]) -> Vec<Event> {
        match self {
            Kind::Worker => Vec::new(),
        }
    }

    /// What goes with a document of this kind, in the order §13.2 lists it.
    fn dependents(self) -> &'static [Dependent] {
        match self {
            // Orders, requests, withdrawals, claims and notifications of the worker join here
            // as those resources arrive.
            Kind::Worker => &[],
        }
    }
}

/// SQLite's default bound on host parameters is 32 766; stay well below it.
const CHUNK: usize = 500;

/// Deletes the documents `ids` of `kind` and everything that depends on them. Returns how many
/// of `ids` existed.
pub fn delete(tx: &WriteTx<'_>, kind: Kind, ids: &[Id], events: &mut Events) -> AppResult<usize> {
    let mut deleted = 0;
    for chunk in ids.chunks(CHUNK) {
        for dependent in kind.dependents() {
            let children = referencing(tx, dependent, chunk)?;
            if !children.is_empty() {
                delete(tx, dependent.kind, &children, events)?;
                events.extend(dependent.kind.cascade_events(&children));
            }
        }
        let sql = format!(
            "DELETE FROM {} WHERE id IN ({})",
            kind.table(),
            placeholders(chunk.len())
        );
        deleted += tx.execute(&sql, params_from_iter(chunk))?;
    }
    Ok(deleted)
}

fn referencing(tx: &WriteTx<'_>, dependent: &Dependent, parents: &[Id]) -> AppResult<Vec<Id>> {
    let sql = format!(
        "SELECT id FROM {} WHERE {} IN ({})",
        dependent.kind.table(),
        dependent.column,
        placeholders(parents.len())
    );
    let mut statement = tx.prepare(&sql)?;
    let ids = statement
        .query_map(params_from_iter(parents), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(ids)
}
