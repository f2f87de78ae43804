//! Customers (core.md §5). No events, as upstream.

use super::Core;
use super::cascade::Kind;
use super::deletion::{self, Deletion};

use crate::domain::customer::Customer;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store;
use crate::store::paging::PageRequest;

#[derive(Debug, Default)]
pub struct CustomerDraft {
    pub name: String,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub discount: Option<f64>,
    pub notes: Option<String>,
}

#[derive(Debug, Default)]
pub struct CustomerPatch {
    pub name: Option<String>,
    pub address: Option<String>,
    pub phone: Option<String>,
    pub discount: Option<f64>,
    pub notes: Option<String>,
}

fn missing() -> AppError {
    AppError::not_found("Customer")
}

pub async fn list(core: &Core, page: PageRequest) -> AppResult<(Vec<Customer>, u64)> {
    core.db
        .read(move |conn| Ok(store::customers::page(conn, &page)?))
        .await
}

pub async fn get(core: &Core, id: Option<Id>) -> AppResult<Customer> {
    let id = id.ok_or_else(missing)?;
    core.db
        .read(move |conn| store::customers::get(conn, id)?.ok_or_else(missing))
        .await
}

pub async fn create(core: &Core, draft: CustomerDraft) -> AppResult<Customer> {
    core.transact(move |tx, _events| {
        let now = Timestamp::now();
        let customer = Customer {
            id: Id::new(),
            name: draft.name,
            address: draft.address.unwrap_or_default(),
            phone: draft.phone.unwrap_or_default(),
            discount: draft.discount.unwrap_or(0.0),
            notes: draft.notes.unwrap_or_default(),
            created_at: now,
            updated_at: now,
            version: 0,
        };
        store::customers::insert(tx, &customer)?;
        Ok(customer)
    })
    .await
}

pub async fn update(core: &Core, id: Option<Id>, patch: CustomerPatch) -> AppResult<Customer> {
    let id = id.ok_or_else(missing)?;
    core.transact(move |tx, _events| {
        let mut customer = store::customers::get(tx, id)?.ok_or_else(missing)?;
        if let Some(name) = patch.name {
            customer.name = name;
        }
        if let Some(address) = patch.address {
            customer.address = address;
        }
        if let Some(phone) = patch.phone {
            customer.phone = phone;
        }
        if let Some(discount) = patch.discount {
            customer.discount = discount;
        }
        if let Some(notes) = patch.notes {
            customer.notes = notes;
        }
        customer.updated_at = Timestamp::now();
        store::customers::update(tx, &customer)?;
        Ok(customer)
    })
    .await
}

/// `DELETE /api/customers/:id`: its orders and requests go with it (§13.2).
/// How customers are deleted (core.md §13.2).
const DELETION: Deletion = Deletion {
    kind: Kind::Customer,
    topic: None,
    what: "Customer",
};

pub async fn delete(core: &Core, id: Option<Id>) -> AppResult<()> {
    DELETION
        .one(core, id, |tx, id| {
            deletion::snapshot(store::customers::get(tx, id)?)
        })
        .await
}

pub async fn delete_many(core: &Core, ids: Vec<Id>) -> AppResult<usize> {
    DELETION.many(core, ids).await
}
