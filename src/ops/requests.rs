//! Requests (core.md §8): CRUD, the panes generated on create, and the cancel cascade.

use super::cascade::Kind;
use super::deletion::Deletion;

use super::panes::{NO_LAMINATION_STATION, laminate_split};
use super::refs::{self, Ref};
use super::{Core, Events};
use crate::domain::events::{Event, Room, Topic};
use crate::domain::numbers::Counter;
use crate::domain::pane::{Pane, PaneItem, make_laminate_group};
use crate::domain::request::{Details, Request, RequestRefs};
use crate::domain::worker::Actor;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::paging::PageRequest;
use crate::store::{self, WriteTx};
use rusqlite::Connection;
use serde_json::{Value, json};

#[derive(Debug, Default)]
pub struct RequestDraft {
    pub details_type: String,
    pub estimated_price: Option<f64>,
    pub quantity: f64,
    pub customer: String,
    pub reference_id: Option<String>,
    pub deadline: Option<Timestamp>,
    pub delivery_location: Option<String>,
    pub assigned_to: Option<String>,
    pub expected_delivery_date: Option<Timestamp>,
    pub status: Option<String>,
    pub panes: Vec<PaneItem>,
}

#[derive(Debug, Default)]
pub struct DetailsPatch {
    pub kind: Option<String>,
    pub estimated_price: Option<f64>,
    pub quantity: Option<f64>,
}

#[derive(Debug, Default)]
pub struct RequestPatch {
    pub details: Option<DetailsPatch>,
    pub customer: Option<String>,
    pub reference_id: Option<String>,
    pub deadline: Option<Timestamp>,
    pub delivery_location: Option<String>,
    pub assigned_to: Option<String>,
    pub expected_delivery_date: Option<Timestamp>,
    pub status: Option<String>,
    pub cancel_reason: Option<String>,
    pub deadline_change_reason: Option<String>,
}

/// A request with what it refers to, ready to render populated.
pub type RequestView = (Request, RequestRefs);

fn load_refs(conn: &Connection, request: &Request) -> AppResult<RequestRefs> {
    let worker = |id: Option<Id>| -> AppResult<_> {
        Ok(id
            .map(|id| store::workers::get(conn, id))
            .transpose()?
            .flatten())
    };
    Ok(RequestRefs {
        customer: store::customers::get(conn, request.customer)?,
        assigned_to: worker(request.assigned_to)?,
        cancelled_by: worker(request.cancelled_by)?,
    })
}

fn view(conn: &Connection, request: Request) -> AppResult<RequestView> {
    let refs = load_refs(conn, &request)?;
    Ok((request, refs))
}

/// The populated request as JSON, with the generated panes when there are any.
pub fn render(view: &RequestView, panes: &[Pane]) -> Value {
    let mut value = serde_json::to_value(view.0.populated(&view.1)).unwrap_or(Value::Null);
    if !panes.is_empty()
        && let Value::Object(map) = &mut value
    {
        map.insert(
            "panes".to_owned(),
            panes
                .iter()
                .map(|pane| serde_json::to_value(pane.doc()).unwrap_or(Value::Null))
                .collect(),
        );
    }
    value
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<RequestView>, u64)> {
    core.db
        .read(move |conn| {
            let (requests, total) = store::requests::page(conn, &page)?;
            let views = requests
                .into_iter()
                .map(|r| view(conn, r))
                .collect::<AppResult<_>>()?;
            Ok((views, total))
        })
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<RequestView> {
    let id = id.ok_or_else(|| AppError::not_found("Request"))?;
    core.db
        .read(move |conn| {
            let request =
                store::requests::get(conn, id)?.ok_or_else(|| AppError::not_found("Request"))?;
            view(conn, request)
        })
        .await
}

/// Creates the request and its panes in one transaction: a failing pane item leaves nothing
/// behind and burns no number (upstream kept the request and the panes made before it).
pub async fn create(core: &Core, draft: RequestDraft) -> AppResult<Value> {
    core.transact(move |tx, events| {
        let customer = refs::require(tx, Ref::Customer, &draft.customer)?;
        let assigned_to =
            refs::require_optional(tx, Ref::WorkerAssignedTo, draft.assigned_to.as_deref())?;
        let now = Timestamp::now();
        let request = Request {
            id: Id::new(),
            request_number: Some(store::counters::next(tx, Counter::Request)?),
            details: Details {
                kind: draft.details_type,
                estimated_price: draft.estimated_price.unwrap_or(0.0),
                quantity: draft.quantity,
            },
            customer,
            reference_id: draft.reference_id,
            deadline: draft.deadline,
            delivery_location: draft.delivery_location.unwrap_or_default(),
            assigned_to,
            expected_delivery_date: draft.expected_delivery_date,
            status: draft.status.unwrap_or_else(|| "pending".to_owned()),
            cancel_reason: None,
            cancelled_by: None,
            deadline_change_reason: None,
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::requests::save(tx, &request)?;
        let panes = generate_panes(tx, request.id, draft.panes, now)?;
        let value = render(&view(tx, request)?, &panes);
        events.push(Event::resource(Topic::Request, "created", &value));
        Ok(value)
    })
    .await
}

/// The panes of a request's items (core.md §8.4), in response order: per item, the sheets
/// then their parent, or the single pane.
fn generate_panes(
    tx: &WriteTx<'_>,
    request: Id,
    items: Vec<PaneItem>,
    now: Timestamp,
) -> AppResult<Vec<Pane>> {
    let mut created = Vec::new();
    for item in items {
        let sheets = item.sheets_per_pane();
        let number = store::counters::next(tx, Counter::Pane)?;
        let mut pane = Pane::new(number, item.spec, now);
        pane.request = Some(request);
        if sheets > 1 && !item.routing.is_empty() {
            let split = laminate_split(tx, &item.routing)?
                .ok_or_else(|| AppError::BadRequest(NO_LAMINATION_STATION.to_owned()))?;
            let group = make_laminate_group(&mut pane, &split, sheets as usize, now);
            store::panes::save(tx, &pane)?;
            for sheet in &group {
                store::panes::save(tx, sheet)?;
            }
            created.extend(group);
            created.push(pane);
            continue;
        }
        match item.routing.first() {
            Some(first) => pane.current_station = Some(*first),
            // Upstream completes panes that have nowhere to go; clients may rely on it.
            None => {
                pane.current_status = "completed".to_owned();
                pane.completed_at = Some(now);
            }
        }
        pane.routing = item.routing;
        store::panes::save(tx, &pane)?;
        created.push(pane);
    }
    Ok(created)
}

pub async fn update(
    core: &Core,
    actor: Actor,
    id: Option<Id>,
    patch: RequestPatch,
) -> AppResult<RequestView> {
    core.transact(move |tx, events| {
        let customer = refs::require_optional(tx, Ref::Customer, patch.customer.as_deref())?;
        let assigned_to =
            refs::require_optional(tx, Ref::WorkerAssignedTo, patch.assigned_to.as_deref())?;
        let id = id.ok_or_else(|| AppError::not_found("Request"))?;
        let mut request =
            store::requests::get(tx, id)?.ok_or_else(|| AppError::not_found("Request"))?;
        if let Some(deadline) = patch.deadline
            && request.deadline != Some(deadline)
            && patch
                .deadline_change_reason
                .as_deref()
                .is_none_or(|reason| reason.trim().is_empty())
        {
            return Err(AppError::BadRequest(
                "Reason is required when changing deadline".to_owned(),
            ));
        }
        if let Some(details) = patch.details {
            request.details.kind = details.kind.unwrap_or(request.details.kind);
            request.details.estimated_price = details
                .estimated_price
                .unwrap_or(request.details.estimated_price);
            request.details.quantity = details.quantity.unwrap_or(request.details.quantity);
        }
        request.customer = customer.unwrap_or(request.customer);
        if assigned_to.is_some() {
            request.assigned_to = assigned_to;
        }
        set_if_some(&mut request.reference_id, patch.reference_id);
        set_if_some(&mut request.deadline, patch.deadline);
        if let Some(location) = patch.delivery_location {
            request.delivery_location = location;
        }
        set_if_some(
            &mut request.expected_delivery_date,
            patch.expected_delivery_date,
        );
        set_if_some(&mut request.cancel_reason, patch.cancel_reason);
        set_if_some(
            &mut request.deadline_change_reason,
            patch.deadline_change_reason,
        );
        let cancelling = patch.status.as_deref() == Some("cancelled");
        if let Some(status) = patch.status {
            request.status = status;
        }
        if cancelling {
            request.cancelled_by = Some(actor.worker.id);
        }
        let now = Timestamp::now();
        request.updated_at = now;
        store::requests::save(tx, &request)?;
        if cancelling {
            cancel_dependents(tx, id, now, events)?;
        }
        let view = view(tx, request)?;
        events.push(Event::resource(
            Topic::Request,
            "updated",
            view.0.populated(&view.1),
        ));
        Ok(view)
    })
    .await
}

fn set_if_some<T>(slot: &mut Option<T>, value: Option<T>) {
    if value.is_some() {
        *slot = value;
    }
}

/// Cancelling a request cancels its orders and panes (core.md §8.3 step 7).
fn cancel_dependents(
    tx: &WriteTx<'_>,
    id: Id,
    now: Timestamp,
    events: &mut Events,
) -> AppResult<()> {
    store::requests::cancel_dependents(tx, id, now.millis())?;
    let payload = json!({ "action": "cancelled_by_request", "data": { "requestId": id } });
    events.push(Event::resource_to(
        Topic::Order,
        vec![Room::Production, Room::Dashboard],
        payload.clone(),
    ));
    events.push(Event::resource_to(
        Topic::Pane,
        vec![Room::Station, Room::Production],
        payload,
    ));
    Ok(())
}

/// How requests are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::Request,
    topic: Some(Topic::Request),
    what: "Request",
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            Ok(store::requests::get(tx, id)?
                .map(|r| serde_json::to_value(r.plain()).unwrap_or(Value::Null)))
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
