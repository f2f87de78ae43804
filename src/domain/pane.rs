//! Panes (production.md §3): one physical piece of glass with a QR sticker and a routing of
//! stations. This module holds the stored document, its JSON (unpopulated: references as hex
//! ids), and the laminate split of §3.3.

use super::json::{js_number, js_number_opt};
use super::{Id, Timestamp};
use serde::{Deserialize, Serialize};

pub const STATUSES: &[&str] = &[
    "pending",
    "in_progress",
    "awaiting_scan_out",
    "completed",
    "claimed",
    "defected",
    "merged_into",
    "cancelled",
];
pub const LAMINATE_ROLES: &[&str] = &["single", "parent", "sheet"];
pub const HOLE_TYPES: &[&str] = &["circle", "rectangle", "slot", "custom"];
pub const EDGE_TASK_STATUSES: &[&str] = &["pending", "in_progress", "completed"];

/// The sticker's content: `STDPLUS:<paneNumber>`.
pub fn qr_code(pane_number: &str) -> String {
    format!("STDPLUS:{pane_number}")
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Dimensions {
    #[serde(serialize_with = "js_number")]
    pub width: f64,
    #[serde(serialize_with = "js_number")]
    pub height: f64,
    #[serde(serialize_with = "js_number")]
    pub thickness: f64,
    #[serde(serialize_with = "js_number")]
    pub area: f64,
}

impl Dimensions {
    /// Width, height and thickness as given; `area` is width × height (0 unless both are set).
    pub fn new(width: f64, height: f64, thickness: f64) -> Self {
        let area = if width != 0.0 && height != 0.0 {
            width * height
        } else {
            0.0
        };
        Dimensions {
            width,
            height,
            thickness,
            area,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RawGlass {
    pub glass_type: String,
    pub color: String,
    #[serde(serialize_with = "js_number")]
    pub thickness: f64,
    pub sheets_per_pane: u32,
}

impl Default for RawGlass {
    fn default() -> Self {
        RawGlass {
            glass_type: String::new(),
            color: String::new(),
            thickness: 0.0,
            sheets_per_pane: 1,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Vertex {
    #[serde(serialize_with = "js_number")]
    pub x: f64,
    #[serde(serialize_with = "js_number")]
    pub y: f64,
}

/// A hole or notch; optional measures are absent from JSON when not given.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoleNotch {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(serialize_with = "js_number")]
    pub x: f64,
    #[serde(serialize_with = "js_number")]
    pub y: f64,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "js_number_opt"
    )]
    pub diameter: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "js_number_opt"
    )]
    pub width: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "js_number_opt"
    )]
    pub height: Option<f64>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "js_number_opt"
    )]
    pub length: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vertices: Option<Vec<Vertex>>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EdgeTask {
    pub side: String,
    pub edge_profile: String,
    pub machine_type: String,
    pub status: String,
}

/// The descriptive part of a pane that sheets copy from their parent and remakes from the
/// original: what the glass is, not where it is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PaneSpec {
    pub custom_routing: bool,
    pub dimensions: Dimensions,
    pub job_type: String,
    pub glass_type: String,
    pub glass_type_label: String,
    pub corner_spec: String,
    pub dimension_tolerance: String,
    pub raw_glass: RawGlass,
    pub holes: Vec<HoleNotch>,
    pub notches: Vec<HoleNotch>,
    pub processes: Vec<String>,
    pub edge_tasks: Vec<EdgeTask>,
}

/// A pane as a client describes it (a request's pane item, `POST /api/panes`): its routing and
/// what the glass is.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PaneItem {
    pub routing: Vec<Id>,
    pub spec: PaneSpec,
}

impl PaneItem {
    pub fn sheets_per_pane(&self) -> u32 {
        self.spec.raw_glass.sheets_per_pane.max(1)
    }
}

/// A stored pane.
#[derive(Clone, Debug, PartialEq)]
pub struct Pane {
    pub id: Id,
    pub pane_number: String,
    pub qr_code: String,
    pub order: Option<Id>,
    pub request: Option<Id>,
    pub withdrawal: Option<Id>,
    pub remake_of: Option<Id>,
    pub material: Option<Id>,
    pub inventory: Option<Id>,
    pub current_station: Option<Id>,
    pub current_status: String,
    pub merged_into: Option<Id>,
    pub laminate_merged_at: Option<Timestamp>,
    pub routing: Vec<Id>,
    pub spec: PaneSpec,
    pub laminate_role: String,
    pub parent_pane: Option<Id>,
    pub child_panes: Vec<Id>,
    pub sheet_label: String,
    pub laminate_station: Option<Id>,
    pub started_at: Option<Timestamp>,
    pub completed_at: Option<Timestamp>,
    pub delivered_at: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

impl Pane {
    /// A new pending `single` pane with the given number and spec, placed nowhere yet.
    pub fn new(pane_number: String, spec: PaneSpec, now: Timestamp) -> Self {
        Pane {
            id: Id::new(),
            qr_code: qr_code(&pane_number),
            pane_number,
            order: None,
            request: None,
            withdrawal: None,
            remake_of: None,
            material: None,
            inventory: None,
            current_station: None,
            current_status: "pending".to_owned(),
            merged_into: None,
            laminate_merged_at: None,
            routing: Vec::new(),
            spec,
            laminate_role: "single".to_owned(),
            parent_pane: None,
            child_panes: Vec::new(),
            sheet_label: String::new(),
            laminate_station: None,
            started_at: None,
            completed_at: None,
            delivered_at: None,
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }
}

/// A pane as JSON with every reference as a hex id (or null): the unpopulated shape of
/// production.md §1.5 used by sheets, request-created panes and delete events.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaneDoc<'a> {
    #[serde(rename = "_id")]
    id: Id,
    pane_number: &'a str,
    qr_code: &'a str,
    order: Option<Id>,
    request: Option<Id>,
    withdrawal: Option<Id>,
    remake_of: Option<Id>,
    material: Option<Id>,
    inventory: Option<Id>,
    current_station: Option<Id>,
    current_status: &'a str,
    merged_into: Option<Id>,
    laminate_merged_at: Option<Timestamp>,
    routing: &'a [Id],
    custom_routing: bool,
    dimensions: &'a Dimensions,
    job_type: &'a str,
    glass_type: &'a str,
    glass_type_label: &'a str,
    corner_spec: &'a str,
    dimension_tolerance: &'a str,
    raw_glass: &'a RawGlass,
    holes: &'a [HoleNotch],
    notches: &'a [HoleNotch],
    processes: &'a [String],
    edge_tasks: &'a [EdgeTask],
    laminate_role: &'a str,
    parent_pane: Option<Id>,
    child_panes: &'a [Id],
    sheet_label: &'a str,
    laminate_station: Option<Id>,
    started_at: Option<Timestamp>,
    completed_at: Option<Timestamp>,
    delivered_at: Option<Timestamp>,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

impl Pane {
    pub fn doc(&self) -> PaneDoc<'_> {
        let spec = &self.spec;
        PaneDoc {
            id: self.id,
            pane_number: &self.pane_number,
            qr_code: &self.qr_code,
            order: self.order,
            request: self.request,
            withdrawal: self.withdrawal,
            remake_of: self.remake_of,
            material: self.material,
            inventory: self.inventory,
            current_station: self.current_station,
            current_status: &self.current_status,
            merged_into: self.merged_into,
            laminate_merged_at: self.laminate_merged_at,
            routing: &self.routing,
            custom_routing: spec.custom_routing,
            dimensions: &spec.dimensions,
            job_type: &spec.job_type,
            glass_type: &spec.glass_type,
            glass_type_label: &spec.glass_type_label,
            corner_spec: &spec.corner_spec,
            dimension_tolerance: &spec.dimension_tolerance,
            raw_glass: &spec.raw_glass,
            holes: &spec.holes,
            notches: &spec.notches,
            processes: &spec.processes,
            edge_tasks: &spec.edge_tasks,
            laminate_role: &self.laminate_role,
            parent_pane: self.parent_pane,
            child_panes: &self.child_panes,
            sheet_label: &self.sheet_label,
            laminate_station: self.laminate_station,
            started_at: self.started_at,
            completed_at: self.completed_at,
            delivered_at: self.delivered_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

/// The label of the `index`-th laminate sheet: `A`…`Z`, then `S27`, `S28`, …
pub fn sheet_label(index: usize) -> String {
    match u8::try_from(index).ok().filter(|i| *i < 26) {
        Some(i) => char::from(b'A' + i).to_string(),
        None => format!("S{}", index + 1),
    }
}

/// How a routing splits around its lamination station (production.md §3.3).
#[derive(Clone, Debug, PartialEq)]
pub struct LaminateSplit {
    pub laminate_station: Id,
    /// Up to and including the lamination station: each sheet's routing.
    pub sheet_routing: Vec<Id>,
    /// After the lamination station: the parent's (and later the survivor's) routing.
    pub parent_routing: Vec<Id>,
}

/// Splits `routing` at the first station for which `is_laminate` holds; `None` when there is
/// no lamination station on it.
pub fn split_routing(routing: &[Id], is_laminate: impl Fn(Id) -> bool) -> Option<LaminateSplit> {
    let at = routing.iter().position(|station| is_laminate(*station))?;
    Some(LaminateSplit {
        laminate_station: routing[at],
        sheet_routing: routing[..=at].to_vec(),
        parent_routing: routing[at + 1..].to_vec(),
    })
}

/// Builds the parent and its `sheets` sheets from `parent` (already numbered, spec and links
/// set): the parent waits nowhere with the post-lamination routing; each sheet starts at the
/// routing's first station. Returns the sheets in label order; the parent gets their ids.
pub fn make_laminate_group(
    parent: &mut Pane,
    split: &LaminateSplit,
    sheets: usize,
    now: Timestamp,
) -> Vec<Pane> {
    parent.laminate_role = "parent".to_owned();
    parent.laminate_station = Some(split.laminate_station);
    parent.routing = split.parent_routing.clone();
    parent.current_station = None;
    parent.current_status = "pending".to_owned();
    let group: Vec<Pane> = (0..sheets)
        .map(|index| {
            let label = sheet_label(index);
            let mut sheet = Pane::new(
                format!("{}-{label}", parent.pane_number),
                parent.spec.clone(),
                now,
            );
            sheet.order = parent.order;
            sheet.request = parent.request;
            sheet.withdrawal = parent.withdrawal;
            sheet.material = parent.material;
            sheet.inventory = parent.inventory;
            sheet.laminate_role = "sheet".to_owned();
            sheet.parent_pane = Some(parent.id);
            sheet.sheet_label = label;
            sheet.laminate_station = Some(split.laminate_station);
            sheet.routing = split.sheet_routing.clone();
            sheet.current_station = split.sheet_routing.first().copied();
            sheet
        })
        .collect();
    parent.child_panes = group.iter().map(|sheet| sheet.id).collect();
    group
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_labels_run_a_to_z_then_s27() {
        assert_eq!(sheet_label(0), "A");
        assert_eq!(sheet_label(25), "Z");
        assert_eq!(sheet_label(26), "S27");
        assert_eq!(sheet_label(27), "S28");
    }

    #[test]
    fn area_is_width_times_height_only_when_both_are_set() {
        assert_eq!(Dimensions::new(1000.0, 500.0, 6.0).area, 500_000.0);
        assert_eq!(Dimensions::new(1000.0, 0.0, 6.0).area, 0.0);
    }

    #[test]
    fn the_routing_splits_at_the_first_lamination_station() {
        let (cut, edge, lam, lam2, qc) = (Id::new(), Id::new(), Id::new(), Id::new(), Id::new());
        let split = split_routing(&[cut, edge, lam, lam2, qc], |s| s == lam || s == lam2);
        assert_eq!(
            split,
            Some(LaminateSplit {
                laminate_station: lam,
                sheet_routing: vec![cut, edge, lam],
                parent_routing: vec![lam2, qc]
            })
        );
        assert_eq!(split_routing(&[cut, qc], |s| s == lam), None);
    }

    #[test]
    fn a_laminate_group_has_a_dormant_parent_and_sheets_at_the_first_station() {
        let (cut, lam, qc) = (Id::new(), Id::new(), Id::new());
        let now = Timestamp::now();
        let mut parent = Pane::new("PNE-0100".to_owned(), PaneSpec::default(), now);
        let split = LaminateSplit {
            laminate_station: lam,
            sheet_routing: vec![cut, lam],
            parent_routing: vec![qc],
        };
        let sheets = make_laminate_group(&mut parent, &split, 3, now);
        assert_eq!(parent.laminate_role, "parent");
        assert_eq!(parent.current_station, None);
        assert_eq!(parent.routing, vec![qc]);
        assert_eq!(parent.child_panes.len(), 3);
        let numbers: Vec<&str> = sheets.iter().map(|s| s.pane_number.as_str()).collect();
        assert_eq!(numbers, ["PNE-0100-A", "PNE-0100-B", "PNE-0100-C"]);
        assert!(
            sheets
                .iter()
                .all(|s| s.current_station == Some(cut) && s.parent_pane == Some(parent.id))
        );
        assert_eq!(sheets[1].qr_code, "STDPLUS:PNE-0100-B");
    }

    #[test]
    fn json_keeps_absent_measures_absent() {
        let hole = HoleNotch {
            id: "h1".into(),
            kind: "circle".into(),
            x: 10.0,
            y: 20.5,
            diameter: Some(8.0),
            width: None,
            height: None,
            length: None,
            vertices: None,
        };
        let json = serde_json::to_value(&hole).unwrap_or_default();
        assert_eq!(
            json,
            serde_json::json!({"id": "h1", "type": "circle", "x": 10, "y": 20.5, "diameter": 8})
        );
    }
}
