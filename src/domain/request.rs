//! Requests (core.md §8): a customer's order for glass, from which panes are generated.

use super::customer::Customer;
use super::json::js_number;
use super::worker::{Worker, WorkerDoc};
use super::{Id, Timestamp};
use serde::Serialize;

pub const STATUSES: &[&str] = &["draft", "pending", "in_progress", "completed", "cancelled"];

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Details {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(serialize_with = "js_number")]
    pub estimated_price: f64,
    #[serde(serialize_with = "js_number")]
    pub quantity: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub id: Id,
    pub request_number: Option<String>,
    pub details: Details,
    pub customer: Id,
    pub reference_id: Option<String>,
    pub deadline: Option<Timestamp>,
    pub delivery_location: String,
    pub assigned_to: Option<Id>,
    pub expected_delivery_date: Option<Timestamp>,
    pub status: String,
    pub cancel_reason: Option<String>,
    pub cancelled_by: Option<Id>,
    pub deadline_change_reason: Option<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

/// A request's JSON; `C` and `W` render the customer and worker references, as ids or as
/// populated documents (core.md §1.7).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestDoc<'a, C: Serialize, W: Serialize> {
    #[serde(rename = "_id")]
    id: Id,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_number: Option<&'a str>,
    details: &'a Details,
    customer: C,
    reference_id: Option<&'a str>,
    deadline: Option<Timestamp>,
    delivery_location: &'a str,
    assigned_to: W,
    expected_delivery_date: Option<Timestamp>,
    status: &'a str,
    cancel_reason: Option<&'a str>,
    cancelled_by: W,
    deadline_change_reason: Option<&'a str>,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

/// The documents a request refers to, loaded for a populated answer.
#[derive(Clone, Debug, Default)]
pub struct RequestRefs {
    pub customer: Option<Customer>,
    pub assigned_to: Option<Worker>,
    pub cancelled_by: Option<Worker>,
}

type Populated<'a> = RequestDoc<'a, Option<&'a Customer>, Option<WorkerDoc<'a, &'a str>>>;

impl Request {
    fn doc<C: Serialize, W: Serialize>(
        &self,
        customer: C,
        assigned_to: W,
        cancelled_by: W,
    ) -> RequestDoc<'_, C, W> {
        RequestDoc {
            id: self.id,
            request_number: self.request_number.as_deref(),
            details: &self.details,
            customer,
            reference_id: self.reference_id.as_deref(),
            deadline: self.deadline,
            delivery_location: &self.delivery_location,
            assigned_to,
            expected_delivery_date: self.expected_delivery_date,
            status: &self.status,
            cancel_reason: self.cancel_reason.as_deref(),
            cancelled_by,
            deadline_change_reason: self.deadline_change_reason.as_deref(),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }

    /// References as ids (delete events).
    pub fn plain(&self) -> RequestDoc<'_, Id, Option<Id>> {
        self.doc(self.customer, self.assigned_to, self.cancelled_by)
    }

    /// References populated; a reference whose document is gone renders as null.
    pub fn populated<'a>(&'a self, refs: &'a RequestRefs) -> Populated<'a> {
        RequestDoc {
            assigned_to: refs.assigned_to.as_ref().map(Worker::embedded),
            cancelled_by: refs.cancelled_by.as_ref().map(Worker::embedded),
            ..self.doc(refs.customer.as_ref(), None, None)
        }
    }
}
