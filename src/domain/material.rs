//! Materials (core.md §6.1).

use super::json::js_number;
use super::{Id, Timestamp};
use serde::{Deserialize, Serialize};

/// A material's spec. Sent in full it replaces the stored one, and keys it lacks come back with
/// their defaults (§1.9), which `Default` and `#[serde(default)]` give on read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct SpecDetails {
    pub thickness: String,
    pub color: String,
    pub glass_type: String,
    #[serde(serialize_with = "js_number")]
    pub width: f64,
    #[serde(serialize_with = "js_number")]
    pub length: f64,
    pub sqft: String,
    /// No default upstream: absent until set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension_unit: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Material {
    #[serde(rename = "_id")]
    pub id: Id,
    /// No default upstream: absent until set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brand: Option<String>,
    pub unit: String,
    #[serde(serialize_with = "js_number")]
    pub reorder_point: f64,
    pub spec_details: SpecDetails,
    pub is_active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

/// `specDetails.width`/`length` as clients send them: upstream's zod wanted strings and the
/// model cast them to numbers (garbage → 500). The box takes a number or a numeric string
/// (§16 #15); an empty string is the schema default 0; anything else is `None` (a 400).
pub fn parse_dimension(text: &str) -> Option<f64> {
    let text = text.trim();
    if text.is_empty() {
        return Some(0.0);
    }
    text.parse::<f64>().ok().filter(|n| n.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dimensions_accept_numeric_text_only() {
        assert_eq!(parse_dimension("12.5"), Some(12.5));
        assert_eq!(parse_dimension(" 30 "), Some(30.0));
        assert_eq!(parse_dimension("1e3"), Some(1000.0));
        assert_eq!(parse_dimension(""), Some(0.0));
        for bad in ["abc", "12mm", "NaN", "inf", "Infinity", "1,5", "--1"] {
            assert_eq!(parse_dimension(bad), None, "{bad}");
        }
    }

    #[test]
    fn absent_optionals_stay_absent() {
        let spec = SpecDetails::default();
        let value = serde_json::to_value(&spec).unwrap_or_default();
        assert_eq!(
            value,
            serde_json::json!({"thickness":"","color":"","glassType":"","width":0,"length":0,"sqft":""})
        );
    }
}
