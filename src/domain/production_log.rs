//! Production logs (production.md §5.6): plain records clients keep; scans never write them.

use super::json::js_number_opt;
use super::pane::Pane;
use super::station::StationName;
use super::worker::Worker;
use super::{Id, Timestamp};
use serde::{Deserialize, Serialize};

pub const ACTIONS: &[&str] = &[
    "scan_in",
    "start",
    "complete",
    "fail",
    "rework",
    "qc_pass",
    "qc_fail",
    "batch_start",
    "batch_complete",
];
pub const STATUSES: &[&str] = &["pass", "fail", "rework"];

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QcResult {
    pub label: String,
    pub passed: bool,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ProductionLog {
    pub id: Id,
    pub pane: Id,
    pub order: Id,
    pub station: Id,
    pub action: String,
    pub operator: Option<Id>,
    pub defect_code: Option<String>,
    pub rework_reason: Option<String>,
    pub qc_results: Vec<QcResult>,
    pub status: Option<String>,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub duration_ms: Option<f64>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProductionLogDoc<'a, P: Serialize, O: Serialize, W: Serialize, S: Serialize> {
    #[serde(rename = "_id")]
    id: Id,
    pane: P,
    order: O,
    station: S,
    action: &'a str,
    operator: W,
    defect_code: Option<&'a str>,
    rework_reason: Option<&'a str>,
    qc_results: &'a [QcResult],
    status: Option<&'a str>,
    started_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
    #[serde(serialize_with = "js_number_opt")]
    duration_ms: Option<f64>,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

/// What a log refers to, loaded for a populated answer.
#[derive(Default)]
pub struct ProductionLogRefs {
    pub pane: Option<Pane>,
    pub order: Option<super::order::Order>,
    pub operator: Option<Worker>,
    pub station: Option<StationName>,
}

impl ProductionLog {
    fn doc<P: Serialize, O: Serialize, W: Serialize, S: Serialize>(
        &self,
        pane: P,
        order: O,
        operator: W,
        station: S,
    ) -> ProductionLogDoc<'_, P, O, W, S> {
        ProductionLogDoc {
            id: self.id,
            pane,
            order,
            station,
            action: &self.action,
            operator,
            defect_code: self.defect_code.as_deref(),
            rework_reason: self.rework_reason.as_deref(),
            qc_results: &self.qc_results,
            status: self.status.as_deref(),
            started_at: self.started_at,
            completed_at: self.completed_at,
            duration_ms: self.duration_ms,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    pub fn plain(&self) -> impl Serialize + '_ {
        self.doc(self.pane, self.order, self.operator, self.station)
    }

    /// `pane`, `order`, `operator` full; `station` `{_id, name}` (§1.5).
    pub fn populated<'a>(&'a self, refs: &'a ProductionLogRefs) -> impl Serialize + 'a {
        self.doc(
            super::claim::PaneDocOf(refs.pane.clone()),
            refs.order.as_ref(),
            refs.operator.as_ref().map(Worker::embedded),
            refs.station.as_ref(),
        )
    }
}
