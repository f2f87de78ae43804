//! The scan state machine (production.md §4.2, §4.5, §4.7) as pure rules: what an action at a
//! station does to a pane, or the exact message that refuses it. Upstream's holes (§8 #3,
//! #10, #11) are closed here:
//! - `scan_in`/`start` no longer pull a pane from anywhere: the station must be the pane's
//!   current station or on its routing, and claimed, cancelled and dormant parent panes are
//!   refused;
//! - `scan_out`/`qc_pass` at a station off the routing sends the pane to the start of its
//!   routing instead of silently completing it;
//! - a sheet cannot leave its lamination station before the merge (it used to complete and
//!   block its group for ever);
//! - defected, completed and cancelled sheets no longer count as active in a laminate group.

use super::Id;
use super::pane::Pane;

/// The actions of `POST /api/panes/:paneNumber/scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScanAction {
    ScanIn,
    Start,
    Complete,
    ScanOut,
    Laminate,
    QcPass,
    QcFail,
}

impl ScanAction {
    pub const ALL: [ScanAction; 7] = [
        ScanAction::ScanIn,
        ScanAction::Start,
        ScanAction::Complete,
        ScanAction::ScanOut,
        ScanAction::Laminate,
        ScanAction::QcPass,
        ScanAction::QcFail,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ScanAction::ScanIn => "scan_in",
            ScanAction::Start => "start",
            ScanAction::Complete => "complete",
            ScanAction::ScanOut => "scan_out",
            ScanAction::Laminate => "laminate",
            ScanAction::QcPass => "qc_pass",
            ScanAction::QcFail => "qc_fail",
        }
    }

    pub fn parse(text: &str) -> Option<ScanAction> {
        ScanAction::ALL
            .into_iter()
            .find(|action| action.as_str() == text)
    }

    /// Whether this action hands the pane on (`scan_out` and `qc_pass` behave alike).
    pub fn hands_on(self) -> bool {
        matches!(self, ScanAction::ScanOut | ScanAction::QcPass)
    }
}

/// The next logical action for a pane in `status` at a station of `kind`, as the kiosk and the
/// phone work it out (web/src/lib/floor.ts `nextAction`); USB-camera scans use it too. `None`:
/// nothing to do (finished, retired).
pub fn next_action(status: &str, station_kind: &str) -> Option<ScanAction> {
    match status {
        "pending" => Some(ScanAction::ScanIn),
        "in_progress" => Some(ScanAction::Complete),
        "awaiting_scan_out" if station_kind == "qc" => Some(ScanAction::QcPass),
        "awaiting_scan_out" => Some(ScanAction::ScanOut),
        _ => None,
    }
}

/// What a normal action (not `laminate`, not `qc_fail`) does to the pane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// `scan_in`/`start`: the pane is now in progress at the station.
    Enter,
    /// `complete`: the pane waits for its scan-out at the station.
    Complete,
    /// `scan_out`/`qc_pass`: on to `next`, or finished when there is none. `merge_hop` is the
    /// first hand-off of a laminate survivor from its lamination station.
    HandOn { next: Option<Id>, merge_hop: bool },
}

/// Why a scan is refused; each renders as the message clients see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Finished { pane: String },
    NotScannable { pane: String, status: String },
    DormantParent { pane: String },
    NotOnRoute { pane: String, station: Id },
    ElsewhereNow { current: Option<Id>, station: Id },
    NotCompleted,
    MustLaminateFirst { pane: String },
    QcFailState { pane: String },
    QcFailNotAwaiting,
}

impl Refusal {
    pub fn message(&self) -> String {
        match self {
            Refusal::Finished { pane } => format!("กระจก {pane} already completed or defected"),
            Refusal::NotScannable { pane, status } => {
                format!("กระจก {pane} อยู่ในสถานะ {status} สแกนไม่ได้")
            }
            Refusal::DormantParent { pane } => {
                format!("กระจก {pane} เป็นแผ่นแม่ของชุดลามิเนต ให้สแกน QR ของแผ่นย่อยแทน")
            }
            Refusal::NotOnRoute { pane, station } => {
                format!("สถานี {station} ไม่อยู่ในเส้นทางของกระจก {pane}")
            }
            Refusal::ElsewhereNow { current, station } => {
                let current = current.map_or_else(|| "null".to_owned(), |id| id.to_hex());
                format!("กระจกอยู่ที่สถานี {current} ไม่ใช่ {station}")
            }
            Refusal::NotCompleted => {
                "กระจกยังไม่เสร็จสิ้น ต้องกด \"เสร็จสิ้น\" ก่อน scan out / QC pass".to_owned()
            }
            Refusal::MustLaminateFirst { pane } => {
                format!("แผ่น {pane} ต้องลามิเนตก่อนออกจากสถานีลามิเนต")
            }
            Refusal::QcFailState { pane } => {
                format!("กระจก {pane} cannot be QC failed in its current state")
            }
            Refusal::QcFailNotAwaiting => {
                "กระจกต้องอยู่ในสถานะ awaiting_scan_out (กดเสร็จสิ้นก่อน) ก่อน QC fail".to_owned()
            }
        }
    }
}

fn is(pane: &Pane, status: &str) -> bool {
    pane.current_status == status
}

/// The rules of `scan_in`, `start`, `complete`, `scan_out` and `qc_pass` at `station`.
/// `merged_into` panes are answered before this (their message names the survivor).
pub fn normal_step(pane: &Pane, action: ScanAction, station: Id) -> Result<Step, Refusal> {
    let number = || pane.pane_number.clone();
    if is(pane, "completed") || is(pane, "defected") {
        return Err(Refusal::Finished { pane: number() });
    }
    if is(pane, "claimed") || is(pane, "cancelled") || is(pane, "merged_into") {
        return Err(Refusal::NotScannable {
            pane: number(),
            status: pane.current_status.clone(),
        });
    }
    if pane.laminate_role == "parent" {
        return Err(Refusal::DormantParent { pane: number() });
    }
    let here = pane.current_station == Some(station);
    match action {
        ScanAction::ScanIn | ScanAction::Start => {
            if here || pane.routing.contains(&station) {
                Ok(Step::Enter)
            } else {
                Err(Refusal::NotOnRoute {
                    pane: number(),
                    station,
                })
            }
        }
        ScanAction::Complete if here => Ok(Step::Complete),
        ScanAction::ScanOut | ScanAction::QcPass if here => {
            if !is(pane, "awaiting_scan_out") {
                return Err(Refusal::NotCompleted);
            }
            if pane.laminate_role == "sheet" && pane.laminate_station == Some(station) {
                return Err(Refusal::MustLaminateFirst { pane: number() });
            }
            Ok(hand_on(pane, station))
        }
        _ => Err(Refusal::ElsewhereNow {
            current: pane.current_station,
            station,
        }),
    }
}

/// Where a `scan_out` at `station` would send the pane; `None` when it would finish there.
pub fn next_station(pane: &Pane, station: Id) -> Option<Id> {
    match hand_on(pane, station) {
        Step::HandOn { next, .. } => next,
        _ => None,
    }
}

/// Where a pane goes when it leaves `station` (production.md §4.2, next-station rule).
fn hand_on(pane: &Pane, station: Id) -> Step {
    if pane.laminate_merged_at.is_some() && pane.laminate_station == Some(station) {
        return Step::HandOn {
            next: pane.routing.first().copied(),
            merge_hop: true,
        };
    }
    let next = match pane.routing.iter().position(|s| *s == station) {
        Some(index) => pane.routing.get(index + 1).copied(),
        // Off its routing (a remake parked at a release station): it enters its routing.
        None => pane.routing.first().copied(),
    };
    Step::HandOn {
        next,
        merge_hop: false,
    }
}

/// The checks of `qc_fail` (§4.7 Q1–Q3).
pub fn check_qc_fail(pane: &Pane, station: Id) -> Result<(), Refusal> {
    if ["defected", "completed", "claimed", "cancelled"].contains(&pane.current_status.as_str()) {
        return Err(Refusal::QcFailState {
            pane: pane.pane_number.clone(),
        });
    }
    if pane.current_station != Some(station) {
        return Err(Refusal::ElsewhereNow {
            current: pane.current_station,
            station,
        });
    }
    if !is(pane, "awaiting_scan_out") {
        return Err(Refusal::QcFailNotAwaiting);
    }
    Ok(())
}

/// Whether a sheet still takes part in its laminate group. Upstream counted defected and
/// completed sheets too, so one QC failure blocked the group for ever.
pub fn is_active_sheet(sheet: &Pane) -> bool {
    ![
        "claimed",
        "merged_into",
        "defected",
        "completed",
        "cancelled",
    ]
    .contains(&sheet.current_status.as_str())
}

/// Whether an active sheet is at the lamination station, ready to merge.
pub fn is_present_at(sheet: &Pane, laminate_station: Id) -> bool {
    sheet.current_station == Some(laminate_station)
        && (is(sheet, "in_progress") || is(sheet, "awaiting_scan_out"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Timestamp;
    use crate::domain::pane::PaneSpec;

    struct Route {
        cut: Id,
        edge: Id,
        qc: Id,
        elsewhere: Id,
    }

    fn route() -> Route {
        Route {
            cut: Id::new(),
            edge: Id::new(),
            qc: Id::new(),
            elsewhere: Id::new(),
        }
    }

    fn pane(r: &Route, status: &str, at: Option<Id>) -> Pane {
        let mut pane = Pane::new("PNE-0001".into(), PaneSpec::default(), Timestamp::now());
        pane.routing = vec![r.cut, r.edge, r.qc];
        pane.current_station = at;
        pane.current_status = status.into();
        pane
    }

    /// (status, current station, action, scanning station, expected)
    type Case = (
        &'static str,
        Option<Id>,
        ScanAction,
        Id,
        Result<Step, Refusal>,
    );

    #[test]
    fn every_action_at_every_step_of_a_three_station_route() {
        use ScanAction::*;
        let r = route();
        let hand_on = |next| {
            Ok(Step::HandOn {
                next,
                merge_hop: false,
            })
        };
        // (status, at, action, station, expected)
        let cases: Vec<Case> = vec![
            ("pending", Some(r.cut), ScanIn, r.cut, Ok(Step::Enter)),
            ("pending", Some(r.cut), Start, r.cut, Ok(Step::Enter)),
            ("pending", Some(r.cut), Complete, r.cut, Ok(Step::Complete)),
            (
                "pending",
                Some(r.cut),
                ScanOut,
                r.cut,
                Err(Refusal::NotCompleted),
            ),
            (
                "in_progress",
                Some(r.cut),
                ScanOut,
                r.cut,
                Err(Refusal::NotCompleted),
            ),
            (
                "awaiting_scan_out",
                Some(r.cut),
                ScanOut,
                r.cut,
                hand_on(Some(r.edge)),
            ),
            (
                "awaiting_scan_out",
                Some(r.edge),
                QcPass,
                r.edge,
                hand_on(Some(r.qc)),
            ),
            (
                "awaiting_scan_out",
                Some(r.qc),
                ScanOut,
                r.qc,
                hand_on(None),
            ),
            (
                "awaiting_scan_out",
                Some(r.qc),
                Complete,
                r.qc,
                Ok(Step::Complete),
            ),
            // A later station on the route may pull the pane forward (a skipped scan).
            ("pending", Some(r.cut), ScanIn, r.edge, Ok(Step::Enter)),
            (
                "pending",
                Some(r.cut),
                ScanIn,
                r.elsewhere,
                Err(Refusal::NotOnRoute {
                    pane: "PNE-0001".into(),
                    station: r.elsewhere,
                }),
            ),
            (
                "pending",
                Some(r.cut),
                Complete,
                r.edge,
                Err(Refusal::ElsewhereNow {
                    current: Some(r.cut),
                    station: r.edge,
                }),
            ),
            (
                "awaiting_scan_out",
                Some(r.cut),
                ScanOut,
                r.edge,
                Err(Refusal::ElsewhereNow {
                    current: Some(r.cut),
                    station: r.edge,
                }),
            ),
            (
                "completed",
                None,
                ScanIn,
                r.cut,
                Err(Refusal::Finished {
                    pane: "PNE-0001".into(),
                }),
            ),
            (
                "defected",
                None,
                ScanOut,
                r.cut,
                Err(Refusal::Finished {
                    pane: "PNE-0001".into(),
                }),
            ),
            (
                "claimed",
                None,
                ScanIn,
                r.cut,
                Err(Refusal::NotScannable {
                    pane: "PNE-0001".into(),
                    status: "claimed".into(),
                }),
            ),
            (
                "cancelled",
                None,
                Start,
                r.cut,
                Err(Refusal::NotScannable {
                    pane: "PNE-0001".into(),
                    status: "cancelled".into(),
                }),
            ),
        ];
        for (status, at, action, station, expected) in cases {
            let pane = pane(&r, status, at);
            assert_eq!(
                normal_step(&pane, action, station),
                expected,
                "{status} {action:?}"
            );
        }
    }

    #[test]
    fn off_route_hand_offs_enter_the_route_instead_of_completing() {
        let r = route();
        let release = Id::new();
        let pane = pane(&r, "awaiting_scan_out", Some(release));
        assert_eq!(
            normal_step(&pane, ScanAction::ScanOut, release),
            Ok(Step::HandOn {
                next: Some(r.cut),
                merge_hop: false
            })
        );
    }

    #[test]
    fn laminate_sheets_wait_for_the_merge_and_survivors_hop_once() {
        let r = route();
        let lam = Id::new();
        let mut sheet = pane(&r, "awaiting_scan_out", Some(lam));
        sheet.laminate_role = "sheet".into();
        sheet.laminate_station = Some(lam);
        sheet.routing = vec![r.cut, lam];
        assert_eq!(
            normal_step(&sheet, ScanAction::ScanOut, lam),
            Err(Refusal::MustLaminateFirst {
                pane: "PNE-0001".into()
            })
        );

        let mut survivor = sheet.clone();
        survivor.laminate_role = "single".into();
        survivor.routing = vec![r.qc];
        survivor.laminate_merged_at = Some(Timestamp::now());
        assert_eq!(
            normal_step(&survivor, ScanAction::ScanOut, lam),
            Ok(Step::HandOn {
                next: Some(r.qc),
                merge_hop: true
            })
        );

        let mut parent = pane(&r, "pending", None);
        parent.laminate_role = "parent".into();
        assert_eq!(
            normal_step(&parent, ScanAction::ScanIn, r.cut),
            Err(Refusal::DormantParent {
                pane: "PNE-0001".into()
            })
        );
    }

    #[test]
    fn qc_fail_needs_the_pane_waiting_at_this_station() {
        let r = route();
        assert_eq!(
            check_qc_fail(&pane(&r, "awaiting_scan_out", Some(r.qc)), r.qc),
            Ok(())
        );
        assert_eq!(
            check_qc_fail(&pane(&r, "in_progress", Some(r.qc)), r.qc),
            Err(Refusal::QcFailNotAwaiting)
        );
        assert_eq!(
            check_qc_fail(&pane(&r, "claimed", None), r.qc),
            Err(Refusal::QcFailState {
                pane: "PNE-0001".into()
            })
        );
    }

    #[test]
    fn messages_are_upstreams_byte_for_byte() {
        let station = Id::parse("69b12cd35bb1d35efb8cc200").unwrap_or_default();
        assert_eq!(
            Refusal::ElsewhereNow {
                current: None,
                station
            }
            .message(),
            "กระจกอยู่ที่สถานี null ไม่ใช่ 69b12cd35bb1d35efb8cc200"
        );
        assert_eq!(
            Refusal::NotCompleted.message(),
            "กระจกยังไม่เสร็จสิ้น ต้องกด \"เสร็จสิ้น\" ก่อน scan out / QC pass"
        );
        assert_eq!(
            Refusal::Finished {
                pane: "PNE-0001".into()
            }
            .message(),
            "กระจก PNE-0001 already completed or defected"
        );
    }

    #[test]
    fn defected_sheets_leave_the_group() {
        let r = route();
        let mut sheet = pane(&r, "defected", None);
        sheet.laminate_role = "sheet".into();
        assert!(!is_active_sheet(&sheet));
        sheet.current_status = "in_progress".into();
        assert!(is_active_sheet(&sheet));
    }
}
