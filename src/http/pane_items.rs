//! The pane item of a request (core.md §8.4) and of `POST /api/panes` (production.md §3.1):
//! what the glass is and how it is routed. Shared by both endpoints.

use super::validate::{ANY, NON_EMPTY, Obj};
use crate::domain::pane::{
    Dimensions, EDGE_TASK_STATUSES, EdgeTask, HOLE_TYPES, HoleNotch, PaneItem, PaneSpec, RawGlass,
    Vertex,
};

fn non_negative(o: &Obj<'_>, key: &str) -> Option<f64> {
    o.opt_number(key, Some(0.0), None)
}

fn read_hole(h: &Obj<'_>) -> Option<HoleNotch> {
    let id = h.req_str("id", NON_EMPTY);
    let kind = h.req_enum("type", HOLE_TYPES);
    let x = h.req_number("x", None, None);
    let y = h.req_number("y", None, None);
    let diameter = h.opt_number("diameter", None, None);
    let width = h.opt_number("width", None, None);
    let height = h.opt_number("height", None, None);
    let length = h.opt_number("length", None, None);
    let vertices = h.opt_obj_array("vertices", |v| {
        let x = v.req_number("x", None, None);
        let y = v.req_number("y", None, None);
        Some(Vertex { x: x?, y: y? })
    });
    let vertices_failed = h.has("vertices") && vertices.is_none();
    let hole = HoleNotch {
        id: id?,
        kind: kind?,
        x: x?,
        y: y?,
        diameter,
        width,
        height,
        length,
        vertices,
    };
    (!vertices_failed).then_some(hole)
}

fn read_edge_task(e: &Obj<'_>) -> Option<EdgeTask> {
    let side = e.req_str("side", NON_EMPTY);
    let edge_profile = e.req_str("edgeProfile", NON_EMPTY);
    let machine_type = e.opt_str("machineType", NON_EMPTY);
    let status = e.opt_enum("status", EDGE_TASK_STATUSES);
    Some(EdgeTask {
        side: side?,
        edge_profile: edge_profile?,
        machine_type: machine_type.unwrap_or_default(),
        status: status.unwrap_or_else(|| "pending".to_owned()),
    })
}

/// Reads a pane item; problems are recorded on the validator (the caller finishes it).
/// `currentStation`, `material` and `notes` are accepted and dropped, as upstream.
pub fn read_pane_item(p: &Obj<'_>) -> PaneItem {
    let routing = p.opt_id_array("routing").unwrap_or_default();
    p.opt_str("currentStation", ANY);
    p.opt_str("notes", ANY);
    let custom_routing = p.opt_bool("customRouting").unwrap_or(false);
    let dimensions = p
        .opt_obj("dimensions", |d| {
            let width = non_negative(d, "width").unwrap_or(0.0);
            let height = non_negative(d, "height").unwrap_or(0.0);
            let thickness = non_negative(d, "thickness").unwrap_or(0.0);
            Dimensions::new(width, height, thickness)
        })
        .unwrap_or_default();
    let raw_glass = p
        .opt_obj("rawGlass", |r| RawGlass {
            glass_type: r.opt_str("glassType", ANY).unwrap_or_default(),
            color: r.opt_str("color", ANY).unwrap_or_default(),
            thickness: non_negative(r, "thickness").unwrap_or(0.0),
            sheets_per_pane: r
                .opt_int("sheetsPerPane", Some(1))
                .and_then(|n| u32::try_from(n).ok())
                .unwrap_or(1),
        })
        .unwrap_or_default();
    let text = |key: &str| p.opt_str(key, ANY).unwrap_or_default();
    let spec = PaneSpec {
        custom_routing,
        dimensions,
        job_type: text("jobType"),
        glass_type: text("glassType"),
        glass_type_label: text("glassTypeLabel"),
        corner_spec: text("cornerSpec"),
        dimension_tolerance: text("dimensionTolerance"),
        raw_glass,
        holes: p.opt_obj_array("holes", read_hole).unwrap_or_default(),
        notches: p.opt_obj_array("notches", read_hole).unwrap_or_default(),
        processes: p
            .opt_str_array("processes", 0, NON_EMPTY)
            .unwrap_or_default(),
        edge_tasks: p
            .opt_obj_array("edgeTasks", read_edge_task)
            .unwrap_or_default(),
    };
    PaneItem { routing, spec }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AppError;
    use crate::http::validate::parse;
    use serde_json::json;

    #[test]
    fn reads_a_full_item_and_computes_the_area() {
        let body = Some(json!({
            "routing": ["69b12cd35bb1d35efb8cc200"],
            "dimensions": {"width": 1000, "height": 500},
            "rawGlass": {"glassType": "Clear", "sheetsPerPane": 2},
            "holes": [{"id": "h1", "type": "circle", "x": 1, "y": 2, "diameter": 8}],
            "edgeTasks": [{"side": "top", "edgeProfile": "flat"}],
            "notes": "dropped",
            "material": "dropped too"
        }));
        let item = parse(&body, |b| Some(read_pane_item(b))).expect("valid");
        assert_eq!(item.routing.len(), 1);
        assert_eq!(item.spec.dimensions.area, 500_000.0);
        assert_eq!(item.sheets_per_pane(), 2);
        assert_eq!(item.spec.edge_tasks[0].status, "pending");
        assert_eq!(item.spec.holes[0].diameter, Some(8.0));
    }

    #[test]
    fn refuses_bad_parts_with_their_paths() {
        let body = Some(json!({
            "routing": ["nope"],
            "rawGlass": {"sheetsPerPane": 0},
            "holes": [{"id": "h1", "type": "star", "x": 1, "y": 2}],
            "dimensions": {"width": -1}
        }));
        let Err(AppError::Validation(errors)) = parse(&body, |b| Some(read_pane_item(b))) else {
            panic!("must fail");
        };
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "body.routing.0",
                "body.dimensions.width",
                "body.rawGlass.sheetsPerPane",
                "body.holes.0.type"
            ]
        );
    }
}
