//! Customers (core.md §5.1).

use super::json::js_number;
use super::{Id, Timestamp};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
    pub address: String,
    pub phone: String,
    #[serde(serialize_with = "js_number")]
    pub discount: f64,
    pub notes: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}
