//! Pane creation shared by the request, pane and remake use cases.

use crate::domain::Id;
use crate::domain::pane::{LaminateSplit, split_routing};
use crate::error::AppResult;
use crate::store::WriteTx;
use crate::store::sql::placeholders;
use rusqlite::params_from_iter;
use std::collections::HashSet;

/// The message of a laminate item whose routing has no lamination station.
pub const NO_LAMINATION_STATION: &str =
    "Routing must include a lamination station when sheetsPerPane > 1";

/// Splits `routing` at its first lamination station (production.md §3.3); `None` when no
/// station on it is a lamination station.
pub fn laminate_split(tx: &WriteTx<'_>, routing: &[Id]) -> AppResult<Option<LaminateSplit>> {
    if routing.is_empty() {
        return Ok(None);
    }
    let sql = format!(
        "SELECT id FROM stations WHERE is_laminate_station = 1 AND id IN ({})",
        placeholders(routing.len())
    );
    let mut statement = tx.prepare(&sql)?;
    let laminating: HashSet<Id> = statement
        .query_map(params_from_iter(routing), |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(split_routing(routing, |station| {
        laminating.contains(&station)
    }))
}
