//! JSON rendering helpers shared by the documents.

/// Renders a float as JavaScript would: whole values without a fractional part (`1`, not `1.0`).
pub fn js_number<S: serde::Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    const SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
    if value.fract() == 0.0 && value.abs() <= SAFE_INTEGER {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

/// A float that serialises as [`js_number`], for values built outside a derived document
/// (maps of counts, hand-assembled JSON).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct JsNumber(pub f64);

impl serde::Serialize for JsNumber {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        js_number(&self.0, serializer)
    }
}

/// A number as JavaScript's `String(n)` prints it (`20`, `2.5`), for messages.
pub fn js_display(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e21 {
        format!("{}", value as i64)
    } else {
        value.to_string()
    }
}

/// [`js_number`] for optional numbers (only called when present; pair with
/// `skip_serializing_if = "Option::is_none"` or get `null`).
pub fn js_number_opt<S: serde::Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(value) => js_number(value, serializer),
        None => serializer.serialize_none(),
    }
}
