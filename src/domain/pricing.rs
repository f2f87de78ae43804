//! Pricing settings (core.md §11.5): one document holding the price of each glass type and
//! thickness, and of holes and notches. Both levels of `glassPrices` keep the client's key
//! order, which is the order the pricing screen shows them in.

use super::json::js_number;
use super::worker::Worker;
use super::{Id, Timestamp};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub const DEFAULT_HOLE_PRICE: f64 = 50.0;
pub const DEFAULT_NOTCH_PRICE: f64 = 100.0;

/// A price that renders as JavaScript prints numbers (`35`, not `35.0`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Price(pub f64);

impl Serialize for Price {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        js_number(&self.0, serializer)
    }
}

/// The grinding rate of a variant: a single number (legacy clients) or one rate per finish
/// (`{"rough": 50, "polished": 70}`). Kept in the form the client sent.
#[derive(Clone, Debug, PartialEq)]
pub enum GrindingRate {
    Flat(Price),
    ByFinish(Vec<(String, Price)>),
}

impl Serialize for GrindingRate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            GrindingRate::Flat(rate) => rate.serialize(serializer),
            GrindingRate::ByFinish(rates) => ordered_map(serializer, rates),
        }
    }
}

/// The prices of one glass type at one thickness; exactly these two keys.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GlassVariant {
    pub price_per_sq_ft: Price,
    pub grinding_rate: GrindingRate,
}

/// The variants of one glass type, by thickness (`"5mm"`), in the client's order.
pub type Thicknesses = Vec<(String, GlassVariant)>;

/// Glass type (`"Clear"`) → thickness → variant, in the client's order. Stored as JSON and
/// read back through [`GlassPrices::try_from`], which refuses anything of another shape.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(try_from = "Value")]
pub struct GlassPrices(pub Vec<(String, Thicknesses)>);

struct Ordered<'a, T>(&'a [(String, T)]);

impl<T: Serialize> Serialize for Ordered<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        ordered_map(serializer, self.0)
    }
}

fn ordered_map<S: Serializer, T: Serialize>(
    serializer: S,
    entries: &[(String, T)],
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(entries.len()))?;
    for (key, value) in entries {
        map.serialize_entry(key, value)?;
    }
    map.end()
}

impl Serialize for GlassPrices {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (glass, thicknesses) in &self.0 {
            map.serialize_entry(glass, &Ordered(thicknesses))?;
        }
        map.end()
    }
}

fn entries<T>(value: &Value, read: impl Fn(&Value) -> Option<T>) -> Option<Vec<(String, T)>> {
    value
        .as_object()?
        .iter()
        .map(|(key, item)| read(item).map(|item| (key.clone(), item)))
        .collect()
}

fn price(value: &Value) -> Option<Price> {
    value.as_f64().filter(|p| *p >= 0.0).map(Price)
}

fn variant(value: &Value) -> Option<GlassVariant> {
    let grinding_rate = match value.get("grindingRate")? {
        rate @ Value::Number(_) => GrindingRate::Flat(price(rate)?),
        rates => GrindingRate::ByFinish(entries(rates, price)?),
    };
    Some(GlassVariant {
        price_per_sq_ft: price(value.get("pricePerSqFt")?)?,
        grinding_rate,
    })
}

impl TryFrom<Value> for GlassPrices {
    type Error = &'static str;

    fn try_from(value: Value) -> Result<Self, Self::Error> {
        entries(&value, |thicknesses| entries(thicknesses, variant))
            .map(GlassPrices)
            .ok_or("glass prices of an unknown shape")
    }
}

/// One row of the default table: thickness, price per sq ft, rough and polished grinding.
type DefaultRow = (&'static str, f64, f64, f64);

/// The default table (§11.5), by glass type.
const DEFAULT_TABLE: &[(&str, &[DefaultRow])] = &[
    (
        "Clear",
        &[
            ("3mm", 35.0, 50.0, 70.0),
            ("5mm", 50.0, 50.0, 70.0),
            ("6mm", 55.0, 50.0, 70.0),
            ("8mm", 65.0, 50.0, 75.0),
            ("10mm", 75.0, 50.0, 75.0),
            ("12mm", 85.0, 75.0, 100.0),
            ("15mm", 110.0, 75.0, 100.0),
            ("19mm", 140.0, 75.0, 100.0),
        ],
    ),
    (
        "Tinted",
        &[
            ("5mm", 55.0, 50.0, 70.0),
            ("6mm", 60.0, 50.0, 70.0),
            ("8mm", 66.0, 50.0, 75.0),
            ("10mm", 76.0, 75.0, 100.0),
            ("12mm", 86.0, 75.0, 100.0),
            ("15mm", 110.0, 75.0, 100.0),
        ],
    ),
    (
        "Tempered",
        &[
            ("5mm", 85.0, 75.0, 100.0),
            ("6mm", 95.0, 75.0, 100.0),
            ("8mm", 104.0, 75.0, 100.0),
            ("10mm", 114.0, 75.0, 100.0),
            ("12mm", 125.0, 75.0, 100.0),
            ("15mm", 150.0, 75.0, 100.0),
            ("19mm", 180.0, 75.0, 100.0),
        ],
    ),
    (
        "Laminated",
        &[
            ("6mm", 90.0, 75.0, 100.0),
            ("8mm", 100.0, 75.0, 100.0),
            ("10mm", 112.0, 75.0, 100.0),
            ("12mm", 125.0, 75.0, 100.0),
            ("15mm", 150.0, 75.0, 100.0),
        ],
    ),
    (
        "Low-E",
        &[
            ("6mm", 110.0, 75.0, 100.0),
            ("8mm", 120.0, 75.0, 100.0),
            ("10mm", 135.0, 75.0, 100.0),
            ("12mm", 152.0, 75.0, 100.0),
        ],
    ),
    (
        "Frosted",
        &[
            ("5mm", 60.0, 50.0, 70.0),
            ("6mm", 68.0, 50.0, 70.0),
            ("8mm", 76.0, 75.0, 100.0),
            ("10mm", 86.0, 75.0, 100.0),
        ],
    ),
    (
        "Reflective",
        &[
            ("6mm", 85.0, 75.0, 100.0),
            ("8mm", 95.0, 75.0, 100.0),
            ("10mm", 108.0, 75.0, 100.0),
        ],
    ),
    (
        "Patterned",
        &[("5mm", 55.0, 50.0, 70.0), ("6mm", 65.0, 50.0, 70.0)],
    ),
];

/// The prices a new box starts with.
pub fn default_glass_prices() -> GlassPrices {
    let variant = |&(thickness, price, rough, polished): &DefaultRow| {
        let grinding_rate = GrindingRate::ByFinish(vec![
            ("rough".to_owned(), Price(rough)),
            ("polished".to_owned(), Price(polished)),
        ]);
        let variant = GlassVariant {
            price_per_sq_ft: Price(price),
            grinding_rate,
        };
        (thickness.to_owned(), variant)
    };
    GlassPrices(
        DEFAULT_TABLE
            .iter()
            .map(|(glass, rows)| ((*glass).to_owned(), rows.iter().map(variant).collect()))
            .collect(),
    )
}

/// The stored settings.
#[derive(Clone, Debug, PartialEq)]
pub struct PricingSettings {
    pub id: Id,
    pub glass_prices: GlassPrices,
    pub hole_price_each: f64,
    pub notch_price: f64,
    pub updated_by: Option<Id>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub version: i64,
}

impl PricingSettings {
    /// The document a box starts with (fix #16: whichever of GET and PUT comes first).
    pub fn initial(now: Timestamp) -> Self {
        PricingSettings {
            id: Id::new(),
            glass_prices: default_glass_prices(),
            hole_price_each: DEFAULT_HOLE_PRICE,
            notch_price: DEFAULT_NOTCH_PRICE,
            updated_by: None,
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }

    /// The JSON with `updatedBy` populated by `editor`, or `null` (none, or the worker is gone).
    pub fn with_editor<'a>(&'a self, editor: Option<&'a Worker>) -> PricingDoc<'a> {
        PricingDoc {
            id: self.id,
            singleton: true,
            glass_prices: &self.glass_prices,
            hole_price_each: self.hole_price_each,
            notch_price: self.notch_price,
            updated_by: editor.map(|worker| Editor {
                id: worker.id,
                name: &worker.name,
                role: &worker.role,
            }),
            created_at: self.created_at,
            updated_at: self.updated_at,
            version: self.version,
        }
    }
}

/// `updatedBy` populated with `{_id, name, role}` only; `role` is the raw stored string.
#[derive(Serialize)]
pub struct Editor<'a> {
    #[serde(rename = "_id")]
    id: Id,
    name: &'a str,
    role: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PricingDoc<'a> {
    #[serde(rename = "_id")]
    id: Id,
    singleton: bool,
    glass_prices: &'a GlassPrices,
    #[serde(serialize_with = "js_number")]
    hole_price_each: f64,
    #[serde(serialize_with = "js_number")]
    notch_price: f64,
    updated_by: Option<Editor<'a>>,
    created_at: Timestamp,
    updated_at: Timestamp,
    #[serde(rename = "__v")]
    version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn glass_prices_keep_their_order_and_both_grinding_forms_round_trip() {
        let sent = json!({
            "Tinted": {"8mm": {"pricePerSqFt": 66.5, "grindingRate": 12}},
            "Clear": {"5mm": {"pricePerSqFt": 50, "grindingRate": {"polished": 70, "rough": 50}}}
        });
        let prices = GlassPrices::try_from(sent.clone()).unwrap_or_default();
        assert_eq!(prices.0[0].0, "Tinted");
        let text = serde_json::to_string(&prices).unwrap_or_default();
        assert_eq!(text, serde_json::to_string(&sent).unwrap_or_default());
        assert!(GlassPrices::try_from(json!({"Clear": {"5mm": {"pricePerSqFt": 1}}})).is_err());
        assert!(GlassPrices::try_from(json!([1])).is_err());
    }

    #[test]
    fn the_default_table_starts_with_clear_3mm_and_ends_with_patterned_6mm() {
        let prices = default_glass_prices();
        let value = serde_json::to_value(&prices).unwrap_or_default();
        assert_eq!(
            value["Clear"]["3mm"],
            json!({"pricePerSqFt": 35, "grindingRate": {"rough": 50, "polished": 70}})
        );
        let types: Vec<&str> = prices.0.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            types,
            [
                "Clear",
                "Tinted",
                "Tempered",
                "Laminated",
                "Low-E",
                "Frosted",
                "Reflective",
                "Patterned"
            ]
        );
        let variants: usize = prices.0.iter().map(|(_, v)| v.len()).sum();
        assert_eq!(variants, 8 + 6 + 7 + 5 + 4 + 4 + 3 + 2);
    }
}
