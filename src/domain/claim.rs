//! Claims (production.md §5.1): a defect report on an order (and usually one pane); approving
//! one spawns a remake.

use super::material::Material;
use super::order::Order;
use super::pane::Pane;
use super::station::StationName;
use super::worker::Worker;
use super::{Id, Timestamp};
use serde::{Serialize, Serializer};

pub const SOURCES: &[&str] = &["customer", "worker"];
pub const DEFECT_CODES: &[&str] = &[
    "broken",
    "chipped",
    "dimension_wrong",
    "scratch",
    "stain",
    "other",
];
/// `POST /api/orders/:orderId/claims` does not accept `stain` (upstream's validator).
pub const ORDER_ROUTE_DEFECT_CODES: &[&str] =
    &["broken", "chipped", "dimension_wrong", "scratch", "other"];
pub const STATUSES: &[&str] = &["pending", "approved", "rejected"];
pub const DECISIONS: &[&str] = &["destroy", "keep"];

#[derive(Clone, Debug, PartialEq)]
pub struct Claim {
    pub id: Id,
    pub claim_number: Option<String>,
    pub order: Id,
    pub material: Id,
    pub source: String,
    pub pane: Option<Id>,
    pub description: String,
    pub defect_code: Option<String>,
    pub defect_station: Option<Id>,
    pub status: String,
    pub decision: Option<String>,
    pub reported_by: Id,
    pub approved_by: Option<Id>,
    pub remade_pane: Option<Id>,
    pub photos: Vec<String>,
    pub claim_date: Timestamp,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

/// A claim's JSON: `O`, `M`, `P`, `W`, `S` render the order, material, panes, workers and the
/// defect station, as ids or populated (§1.5).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimDoc<'a, O: Serialize, M: Serialize, P: Serialize, W: Serialize, S: Serialize> {
    #[serde(rename = "_id")]
    id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    claim_number: Option<&'a str>,
    order: O,
    material: M,
    source: &'a str,
    pane: P,
    description: &'a str,
    defect_code: Option<&'a str>,
    defect_station: S,
    status: &'a str,
    decision: Option<&'a str>,
    reported_by: W,
    approved_by: W,
    remade_pane: P,
    photos: &'a [String],
    claim_date: Timestamp,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

/// An embedded pane: its own document, references as ids.
pub struct PaneDocOf(pub Option<Pane>);

impl Serialize for PaneDocOf {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Some(pane) => pane.doc().serialize(serializer),
            None => serializer.serialize_none(),
        }
    }
}

/// What a claim refers to, loaded for a populated answer; gone targets are `None`.
#[derive(Default)]
pub struct ClaimRefs {
    pub order: Option<Order>,
    pub material: Option<Material>,
    pub pane: Option<Pane>,
    pub defect_station: Option<StationName>,
    pub reported_by: Option<Worker>,
    pub approved_by: Option<Worker>,
    pub remade_pane: Option<Pane>,
}

impl Claim {
    #[allow(clippy::type_complexity)]
    fn doc<O: Serialize, M: Serialize, P: Serialize, W: Serialize, S: Serialize>(
        &self,
        refs: (O, M, P, P, W, W, S),
    ) -> ClaimDoc<'_, O, M, P, W, S> {
        let (order, material, pane, remade_pane, reported_by, approved_by, defect_station) = refs;
        ClaimDoc {
            id: self.id,
            claim_number: self.claim_number.as_deref(),
            order,
            material,
            source: &self.source,
            pane,
            description: &self.description,
            defect_code: self.defect_code.as_deref(),
            defect_station,
            status: &self.status,
            decision: self.decision.as_deref(),
            reported_by,
            approved_by,
            remade_pane,
            photos: &self.photos,
            claim_date: self.claim_date,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// Every reference an id (delete events).
    pub fn plain(&self) -> impl Serialize + '_ {
        self.doc((
            self.order,
            self.material,
            self.pane,
            self.remade_pane,
            Some(self.reported_by),
            self.approved_by,
            self.defect_station,
        ))
    }

    /// References populated (§1.5 row "Claim").
    pub fn populated<'a>(&'a self, refs: &'a ClaimRefs) -> impl Serialize + 'a {
        self.doc((
            refs.order.as_ref(),
            refs.material.as_ref(),
            PaneDocOf(refs.pane.clone()),
            PaneDocOf(refs.remade_pane.clone()),
            refs.reported_by.as_ref().map(Worker::embedded),
            refs.approved_by.as_ref().map(Worker::embedded),
            refs.defect_station.as_ref(),
        ))
    }
}

/// A claim embedded in another document (an order's `claim`): the plain claim.
impl Serialize for Claim {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.plain().serialize(serializer)
    }
}
