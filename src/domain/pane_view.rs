//! The populated pane of production.md §1.5 (GET, list, POST, PATCH, scan and remake answers):
//! each reference replaced by the small shape clients read (`x._id || x`).

use super::json::js_number;
use super::order::Order;
use super::pane::Pane;
use super::station::StationName;
use super::withdrawal::Withdrawal;
use super::{Id, Timestamp};
use serde::{Serialize, Serializer};
use serde_json::Value;

/// `order.request` inside a pane's order: an id, or `{_id, deadline}` when nested.
#[derive(Clone, Debug, Serialize)]
#[serde(untagged)]
pub enum OrderRequest {
    Id(Option<Id>),
    Brief(RequestDeadline),
}

#[derive(Clone, Debug, Serialize)]
pub struct RequestDeadline {
    #[serde(rename = "_id")]
    pub id: Id,
    pub deadline: Option<Timestamp>,
}

/// A pane's order: `{_id, orderNumber, customer, material, priority, request}`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderBrief {
    #[serde(rename = "_id")]
    pub id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order_number: Option<String>,
    pub customer: Id,
    pub material: Id,
    #[serde(serialize_with = "js_number")]
    pub priority: f64,
    pub request: OrderRequest,
}

impl OrderBrief {
    pub fn of(order: &Order, request: OrderRequest) -> Self {
        OrderBrief {
            id: order.id,
            order_number: order.order_number.clone(),
            customer: order.customer,
            material: order.material,
            priority: order.priority,
            request,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct MaterialName {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
}

/// `parentPane` → `{_id, paneNumber, laminateRole}`; `mergedInto` adds `currentStatus`;
/// `childPanes[]` adds `sheetLabel` and the station id.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaneBrief {
    #[serde(rename = "_id")]
    pub id: Id,
    pub pane_number: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_station: Option<Option<Id>>,
    pub laminate_role: String,
}

impl PaneBrief {
    pub fn parent(p: &Pane) -> Self {
        PaneBrief {
            id: p.id,
            pane_number: p.pane_number.clone(),
            sheet_label: None,
            current_status: None,
            current_station: None,
            laminate_role: p.laminate_role.clone(),
        }
    }

    pub fn merged_into(p: &Pane) -> Self {
        PaneBrief {
            current_status: Some(p.current_status.clone()),
            ..PaneBrief::parent(p)
        }
    }

    pub fn child(p: &Pane) -> Self {
        PaneBrief {
            sheet_label: Some(p.sheet_label.clone()),
            current_status: Some(p.current_status.clone()),
            current_station: Some(p.current_station),
            ..PaneBrief::parent(p)
        }
    }
}

/// What a pane's references point at, as loaded; gone targets are `None` or dropped.
#[derive(Clone, Debug, Default)]
pub struct PaneRefs {
    pub order: Option<OrderBrief>,
    pub request: Option<RequestDeadline>,
    pub withdrawal: Option<Withdrawal>,
    pub remake_of: Option<Pane>,
    pub material: Option<MaterialName>,
    pub current_station: Option<StationName>,
    pub routing: Vec<StationName>,
    pub parent_pane: Option<PaneBrief>,
    pub child_panes: Vec<PaneBrief>,
    pub laminate_station: Option<StationName>,
    pub merged_into: Option<PaneBrief>,
}

/// A pane with its references populated.
#[derive(Clone, Debug)]
pub struct PopulatedPane {
    pub pane: Pane,
    pub refs: PaneRefs,
}

fn value(data: impl Serialize) -> Value {
    serde_json::to_value(data).unwrap_or(Value::Null)
}

impl Serialize for PopulatedPane {
    /// The pane's own document with the populated references put in place, so the keys keep
    /// the document's order.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut doc = value(self.pane.doc());
        if let Value::Object(map) = &mut doc {
            let r = &self.refs;
            let remake_of = r.remake_of.as_ref().map(|p| value(p.doc()));
            for (key, populated) in [
                ("order", value(&r.order)),
                ("request", value(&r.request)),
                ("withdrawal", value(&r.withdrawal)),
                ("remakeOf", value(remake_of)),
                ("material", value(&r.material)),
                ("currentStation", value(&r.current_station)),
                ("routing", value(&r.routing)),
                ("parentPane", value(&r.parent_pane)),
                ("childPanes", value(&r.child_panes)),
                ("laminateStation", value(&r.laminate_station)),
                ("mergedInto", value(&r.merged_into)),
            ] {
                map.insert(key.to_owned(), populated);
            }
        }
        doc.serialize(serializer)
    }
}
