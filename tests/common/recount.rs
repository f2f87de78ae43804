//! The yardstick of the crash and race tests: the database file read directly, every pane's
//! log replayed in commit order through the scan state machine (production.md §4.2, §4.7), and
//! every order's counters recomputed from that replay (§2.6) and from the pane states.
//!
//! Assumptions the tests keep: panes start `pending` at `routing[0]` with no laminate group,
//! each order's `paneCount` is set to its number of panes at creation, and remakes go to
//! `routing[0]` (no `remakeStationId`).

use rusqlite::Connection;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// A pane row as stored.
#[derive(Clone, Debug)]
pub struct PaneRow {
    pub id: String,
    pub number: String,
    pub order: Option<String>,
    pub station: Option<String>,
    pub status: String,
    pub routing: Vec<String>,
    pub is_sheet: bool,
    pub is_remake: bool,
}

/// One committed scan, in commit order (the table's rowid).
#[derive(Clone, Debug)]
pub struct LogRow {
    pub id: String,
    pub pane: String,
    pub station: String,
    pub action: String,
}

/// An order's counters as stored.
#[derive(Clone, Debug, PartialEq)]
pub struct Counters {
    pub pane_count: f64,
    pub panes_completed: f64,
    pub progress_percent: f64,
    /// Station hex → count, zero entries dropped.
    pub breakdown: BTreeMap<String, f64>,
    pub status: String,
}

/// What the database holds, read in one transaction.
pub struct Snapshot {
    pub integrity: String,
    pub panes: Vec<PaneRow>,
    pub logs: Vec<LogRow>,
    pub orders: HashMap<String, Counters>,
}

fn without_zeros(breakdown: BTreeMap<String, f64>) -> BTreeMap<String, f64> {
    breakdown.into_iter().filter(|(_, n)| *n != 0.0).collect()
}

/// Reads the database at `db` (the server may still be running: WAL lets us read beside it).
pub fn snapshot(db: &Path) -> Snapshot {
    let mut conn = Connection::open(db).expect("open the database");
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .expect("busy timeout");
    let tx = conn.transaction().expect("read transaction");
    let integrity: String = tx
        .query_row("PRAGMA integrity_check", [], |row| row.get(0))
        .expect("integrity_check");
    let hex = |value: Option<Vec<u8>>| value.map(hex_of);
    let panes = tx
        .prepare(
            "SELECT id, pane_number, order_id, current_station, current_status, routing,
                    laminate_role, remake_of IS NOT NULL FROM panes",
        )
        .expect("prepare panes")
        .query_map([], |row| {
            let routing: String = row.get(5)?;
            Ok(PaneRow {
                id: hex_of(row.get(0)?),
                number: row.get(1)?,
                order: hex(row.get(2)?),
                station: hex(row.get(3)?),
                status: row.get(4)?,
                routing: serde_json::from_str(&routing).expect("routing is a list of ids"),
                is_sheet: row.get::<_, String>(6)? == "sheet",
                is_remake: row.get(7)?,
            })
        })
        .expect("query panes")
        .collect::<Result<Vec<_>, _>>()
        .expect("pane rows");
    let logs = tx
        .prepare("SELECT id, pane_id, station_id, action FROM pane_logs ORDER BY rowid")
        .expect("prepare logs")
        .query_map([], |row| {
            Ok(LogRow {
                id: hex_of(row.get(0)?),
                pane: hex_of(row.get(1)?),
                station: hex_of(row.get(2)?),
                action: row.get(3)?,
            })
        })
        .expect("query logs")
        .collect::<Result<Vec<_>, _>>()
        .expect("log rows");
    let orders = tx
        .prepare(
            "SELECT id, pane_count, panes_completed, progress_percent, station_breakdown, status
             FROM orders",
        )
        .expect("prepare orders")
        .query_map([], |row| {
            let breakdown: String = row.get(4)?;
            Ok((
                hex_of(row.get(0)?),
                Counters {
                    pane_count: row.get(1)?,
                    panes_completed: row.get(2)?,
                    progress_percent: row.get(3)?,
                    breakdown: without_zeros(
                        serde_json::from_str(&breakdown).expect("breakdown is a map"),
                    ),
                    status: row.get(5)?,
                },
            ))
        })
        .expect("query orders")
        .collect::<Result<HashMap<_, _>, _>>()
        .expect("order rows");
    Snapshot {
        integrity,
        panes,
        logs,
        orders,
    }
}

fn hex_of(bytes: Vec<u8>) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Where a pane stands: its station and status.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub station: Option<String>,
    pub status: String,
}

/// What a scan did beyond moving its pane, for the order's counters.
enum Effect {
    /// scan_in / start / complete: the order starts.
    Starts,
    /// scan_out / qc_pass: the pane left `from` for `next` (None: it is finished).
    HandedOn { from: String, next: Option<String> },
    /// qc_fail at `at`: the pane is defected and a remake is queued.
    Failed { at: String },
}

/// One scan applied to a pane by the rules of production.md §4.2/§4.7; Err names the rule a
/// committed log broke (a double advance shows up here).
fn step(
    pane: &PaneRow,
    place: &Place,
    action: &str,
    station: &str,
) -> Result<(Place, Effect), String> {
    if place.status == "completed" || place.status == "defected" {
        return Err(format!("{action} at {station} on a {} pane", place.status));
    }
    let here = place.station.as_deref() == Some(station);
    let at = |status: &str| Place {
        station: Some(station.to_owned()),
        status: status.to_owned(),
    };
    match action {
        "scan_in" | "start" if here || pane.routing.iter().any(|s| s == station) => {
            Ok((at("in_progress"), Effect::Starts))
        }
        "complete" if here => Ok((at("awaiting_scan_out"), Effect::Starts)),
        "scan_out" | "qc_pass" if here && place.status == "awaiting_scan_out" => {
            let next = match pane.routing.iter().position(|s| s == station) {
                Some(index) => pane.routing.get(index + 1).cloned(),
                None => pane.routing.first().cloned(),
            };
            let status = if next.is_some() {
                "pending"
            } else {
                "completed"
            };
            let place = Place {
                station: next.clone(),
                status: status.to_owned(),
            };
            Ok((
                place,
                Effect::HandedOn {
                    from: station.to_owned(),
                    next,
                },
            ))
        }
        "qc_fail" if here && place.status == "awaiting_scan_out" => Ok((
            Place {
                station: None,
                status: "defected".to_owned(),
            },
            Effect::Failed {
                at: station.to_owned(),
            },
        )),
        _ => Err(format!(
            "{action} at {station} while the pane was {} at {:?}",
            place.status, place.station
        )),
    }
}

fn leave(counters: &mut Counters, station: &str) {
    if let Some(count) = counters.breakdown.get_mut(station)
        && *count > 0.0
    {
        *count -= 1.0;
    }
}

fn apply(counters: &mut Counters, effect: Effect, is_sheet: bool) {
    match effect {
        Effect::Starts => {
            if counters.status == "pending" {
                counters.status = "in_progress".to_owned();
            }
        }
        Effect::HandedOn { from, next } => {
            leave(counters, &from);
            match next {
                Some(next) => *counters.breakdown.entry(next).or_insert(0.0) += 1.0,
                None if !is_sheet => {
                    counters.panes_completed += 1.0;
                    let effective = counters.pane_count.max(1.0);
                    counters.progress_percent =
                        (counters.panes_completed / effective * 100.0).round();
                    if counters.panes_completed >= effective {
                        counters.status = "completed".to_owned();
                    }
                }
                None => {}
            }
        }
        Effect::Failed { at } => {
            leave(counters, &at);
            if !is_sheet {
                counters.pane_count += 1.0;
                counters.progress_percent =
                    (counters.panes_completed / counters.pane_count * 100.0).round();
            }
        }
    }
}

/// The replay of every log: each pane's final place and each order's counters, or the first
/// log that the state machine forbids.
pub struct Replay {
    pub places: HashMap<String, Place>,
    pub orders: HashMap<String, Counters>,
    pub scans_per_pane: HashMap<String, usize>,
}

pub fn replay(snapshot: &Snapshot) -> Result<Replay, String> {
    let panes: HashMap<&str, &PaneRow> =
        snapshot.panes.iter().map(|p| (p.id.as_str(), p)).collect();
    let mut places: HashMap<String, Place> = snapshot
        .panes
        .iter()
        .map(|p| {
            let start = Place {
                station: p.routing.first().cloned(),
                status: "pending".to_owned(),
            };
            (p.id.clone(), start)
        })
        .collect();
    let mut orders: HashMap<String, Counters> = HashMap::new();
    for order in snapshot.orders.keys() {
        let originals = snapshot
            .panes
            .iter()
            .filter(|p| p.order.as_deref() == Some(order) && !p.is_sheet && !p.is_remake)
            .count();
        orders.insert(
            order.clone(),
            Counters {
                pane_count: originals as f64,
                panes_completed: 0.0,
                progress_percent: 0.0,
                breakdown: BTreeMap::new(),
                status: "pending".to_owned(),
            },
        );
    }
    let mut scans_per_pane = HashMap::new();
    for log in &snapshot.logs {
        let pane = panes
            .get(log.pane.as_str())
            .ok_or_else(|| format!("log {} names a missing pane", log.id))?;
        let place = &places[&pane.id];
        let (next, effect) = step(pane, place, &log.action, &log.station).map_err(|why| {
            format!(
                "pane {}: log {} is not a valid step: {why}",
                pane.number, log.id
            )
        })?;
        places.insert(pane.id.clone(), next);
        *scans_per_pane.entry(pane.id.clone()).or_insert(0) += 1;
        if let Some(order) = pane.order.as_ref().and_then(|o| orders.get_mut(o)) {
            apply(order, effect, pane.is_sheet);
        }
    }
    for counters in orders.values_mut() {
        counters.breakdown = without_zeros(std::mem::take(&mut counters.breakdown));
    }
    Ok(Replay {
        places,
        orders,
        scans_per_pane,
    })
}

/// The checks both tests make; `clean_walks` when no pane skipped a station (then the
/// breakdown, approximate by design, is exact and checkable against the pane states too).
#[track_caller]
pub fn assert_consistent(snapshot: &Snapshot, clean_walks: bool) -> Replay {
    assert_eq!(snapshot.integrity, "ok", "PRAGMA integrity_check");
    let replay = replay(snapshot).unwrap_or_else(|why| panic!("{why}"));
    for pane in &snapshot.panes {
        let stored = Place {
            station: pane.station.clone(),
            status: pane.status.clone(),
        };
        assert_eq!(
            stored, replay.places[&pane.id],
            "pane {} is where its log leads",
            pane.number
        );
    }
    for (order, stored) in &snapshot.orders {
        assert_eq!(
            stored, &replay.orders[order],
            "order {order}: stored counters (left) equal the replay of its logs (right)"
        );
        let mine: Vec<&PaneRow> = snapshot
            .panes
            .iter()
            .filter(|p| p.order.as_deref() == Some(order) && !p.is_sheet)
            .collect();
        let completed = mine.iter().filter(|p| p.status == "completed").count() as f64;
        assert_eq!(
            stored.panes_completed, completed,
            "order {order}: panesCompleted"
        );
        assert_eq!(
            stored.pane_count,
            mine.len() as f64,
            "order {order}: paneCount"
        );
        assert_eq!(
            stored.progress_percent,
            (completed / stored.pane_count.max(1.0) * 100.0).round(),
            "order {order}: progressPercent"
        );
        assert_eq!(
            stored.status == "completed",
            completed >= stored.pane_count,
            "order {order}: status {}",
            stored.status
        );
        if clean_walks {
            let mut at_stations = BTreeMap::new();
            for pane in &mine {
                if let Some(station) = &pane.station
                    && pane.routing.first() != Some(station)
                {
                    *at_stations.entry(station.clone()).or_insert(0.0) += 1.0;
                }
            }
            assert_eq!(
                stored.breakdown, at_stations,
                "order {order}: stationBreakdown equals the panes at each station"
            );
        }
    }
    replay
}
