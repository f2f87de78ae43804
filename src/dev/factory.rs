//! The shape of the generated factory, as pure rules: its stations, the routings orders take,
//! and where each pane is in its life at the moment of generation. `generate` writes what
//! these rules say; keeping them apart lets the tests check the shape without a database.

use crate::domain::Timestamp;

pub const DAY_MS: i64 = 24 * 3600 * 1000;

/// A station of the generated floor: name, kind, colour.
pub struct StationSpec {
    pub name: &'static str,
    pub kind: &'static str,
    pub color: &'static str,
}

/// A small tempering and processing line.
pub const STATIONS: [StationSpec; 7] = [
    StationSpec {
        name: "Cutting",
        kind: "cut",
        color: "sky",
    },
    StationSpec {
        name: "Edging",
        kind: "standard",
        color: "blue",
    },
    StationSpec {
        name: "Drilling",
        kind: "standard",
        color: "violet",
    },
    StationSpec {
        name: "Washing",
        kind: "standard",
        color: "teal",
    },
    StationSpec {
        name: "Tempering",
        kind: "standard",
        color: "orange",
    },
    StationSpec {
        name: "QC",
        kind: "qc",
        color: "green",
    },
    StationSpec {
        name: "Packing",
        kind: "dispatch",
        color: "slate",
    },
];

const CUT: usize = 0;
const EDGE: usize = 1;
const DRILL: usize = 2;
const WASH: usize = 3;
const TEMPER: usize = 4;
const QC: usize = 5;
const PACK: usize = 6;

/// The routings of `stops` stations (1 to 7), as indexes into [`STATIONS`]: always cut first,
/// QC near the end, variants so that every station sees work.
fn routings_of(stops: usize) -> &'static [&'static [usize]] {
    match stops {
        0 | 1 => &[&[CUT]],
        2 => &[&[CUT, QC], &[CUT, PACK]],
        3 => &[&[CUT, EDGE, QC], &[CUT, WASH, QC], &[CUT, TEMPER, QC]],
        4 => &[
            &[CUT, EDGE, TEMPER, QC],
            &[CUT, DRILL, TEMPER, QC],
            &[CUT, EDGE, QC, PACK],
        ],
        5 => &[
            &[CUT, EDGE, DRILL, TEMPER, QC],
            &[CUT, EDGE, WASH, TEMPER, QC],
        ],
        6 => &[&[CUT, EDGE, DRILL, WASH, TEMPER, QC]],
        _ => &[&[CUT, EDGE, DRILL, WASH, TEMPER, QC, PACK]],
    }
}

/// The routing of the `order_index`-th order with `stops` stations.
pub fn routing(stops: usize, order_index: u64) -> &'static [usize] {
    let choices = routings_of(stops);
    choices[(order_index % choices.len() as u64) as usize]
}

/// Logs one finished visit writes: scan-in, complete, and the hand-off.
pub const LOGS_PER_STOP: u64 = 3;

/// How many stops the next order's routing has so that the logs written so far plus this
/// order's stay on course for `logs_total` over `panes_total` panes.
pub fn stops_for(
    logs_written: u64,
    panes_before: u64,
    order_panes: u64,
    panes_total: u64,
    logs_total: u64,
) -> usize {
    let due = (u128::from(panes_before + order_panes) * u128::from(logs_total)
        / u128::from(panes_total.max(1))) as u64;
    let missing = due.saturating_sub(logs_written);
    let per_pane = missing as f64 / (order_panes.max(1) * LOGS_PER_STOP) as f64;
    (per_pane.round() as usize).clamp(1, STATIONS.len())
}

/// What happened to a pane that left the line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Completed,
    /// Failed QC at its last stop (qc_fail instead of the hand-off).
    Defected,
    /// Cancelled before cutting: no logs.
    Cancelled,
}

/// Where a pane is at generation time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Its order is not released yet: pending, at no station, no logs.
    Unreleased,
    /// At stop `stop` of its routing: `visits` earlier stops are done, and `phase` says how far
    /// it is here: 0 pending (arrived), 1 in progress (scanned in), 2 awaiting scan-out.
    AtWork {
        stop: usize,
        phase: u8,
    },
    Done(Outcome),
}

/// How long a pane takes from cutting to its last hand-off.
pub const LEAD_TIME_MS: i64 = 3 * DAY_MS;

/// The place of a pane made at `created` on a routing of `stops` stations, seen at `now`.
/// `roll` (0..1000) is the pane's dice for the rare outcomes.
pub fn place_of(created: Timestamp, now: Timestamp, stops: usize, roll: u32) -> Place {
    let age = now.millis() - created.millis();
    if age >= LEAD_TIME_MS {
        return Place::Done(match roll {
            0..5 => Outcome::Defected,
            5..7 => Outcome::Cancelled,
            _ => Outcome::Completed,
        });
    }
    let position = age.max(0) as f64 / LEAD_TIME_MS as f64 * stops as f64;
    let stop = (position as usize).min(stops - 1);
    let within = position - stop as f64;
    let phase = if within < VISIT_SCAN_IN {
        0
    } else if within < VISIT_COMPLETE {
        1
    } else {
        2
    };
    Place::AtWork { stop, phase }
}

/// Fractions of a stop's time slot at which the pane is scanned in, completed, handed on.
pub const VISIT_SCAN_IN: f64 = 0.4;
pub const VISIT_COMPLETE: f64 = 0.7;
pub const VISIT_HAND_ON: f64 = 0.95;

/// The time at `fraction` of stop `stop` of a pane made at `created` with `stops` stops.
pub fn visit_time(created: Timestamp, stops: usize, stop: usize, fraction: f64) -> Timestamp {
    let slot = LEAD_TIME_MS as f64 / stops.max(1) as f64;
    Timestamp::from_millis(created.millis() + ((stop as f64 + fraction) * slot) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routings_have_the_asked_length_and_start_by_cutting() {
        for stops in 1..=STATIONS.len() {
            for order in 0..5 {
                let route = routing(stops, order);
                assert_eq!(route.len(), stops);
                assert_eq!(route[0], CUT);
            }
        }
    }

    #[test]
    fn stops_keep_the_log_count_on_course() {
        let (panes, logs, per_order) = (100_000u64, 1_000_000u64, 50u64);
        let mut written = 0;
        let mut made = 0;
        while made < panes {
            let stops = stops_for(written, made, per_order, panes, logs);
            written += per_order * stops as u64 * LOGS_PER_STOP;
            made += per_order;
        }
        let off = written.abs_diff(logs);
        assert!(off <= per_order * 4 * LOGS_PER_STOP, "{written} vs {logs}");
    }

    #[test]
    fn old_panes_are_done_and_recent_ones_spread_along_their_routing() {
        let now = Timestamp::from_millis(100 * DAY_MS);
        let old = Timestamp::from_millis(now.millis() - LEAD_TIME_MS - 1);
        assert_eq!(place_of(old, now, 4, 500), Place::Done(Outcome::Completed));
        assert_eq!(place_of(old, now, 4, 1), Place::Done(Outcome::Defected));
        assert_eq!(place_of(old, now, 4, 6), Place::Done(Outcome::Cancelled));
        assert_eq!(
            place_of(now, now, 4, 500),
            Place::AtWork { stop: 0, phase: 0 }
        );
        let late = Timestamp::from_millis(now.millis() - LEAD_TIME_MS + 1000);
        assert_eq!(
            place_of(late, now, 4, 500),
            Place::AtWork { stop: 3, phase: 2 }
        );
    }
}
