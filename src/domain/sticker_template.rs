//! Sticker templates (core.md §11.4): label layouts for the pane stickers.

use super::json::js_number;
use super::{Id, Timestamp};
use serde::Serialize;
use serde_json::Value;

/// The name of a template created without one. Names are unique, so there is one such.
pub const DEFAULT_NAME: &str = "default";

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StickerTemplate {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
    #[serde(serialize_with = "js_number")]
    pub width: f64,
    #[serde(serialize_with = "js_number")]
    pub height: f64,
    /// The layout's elements: any JSON, normally an array, stored and echoed as sent.
    pub elements: Value,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}
