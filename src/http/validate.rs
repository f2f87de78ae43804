//! Request validation with zod's semantics (core.md §1.5): unknown keys are ignored, types are
//! strict (no coercion, `null` is not "absent"), every problem is reported in schema order as
//! `{field: "body.<path>", message}` with zod 4's wording.

use crate::domain::json::js_display;
use crate::domain::{Id, Timestamp};
use crate::error::{AppError, AppResult, FieldError};
use serde_json::{Map, Value};
use std::cell::RefCell;

/// Collects the problems found while reading one request body.
#[derive(Default)]
pub struct Validator {
    errors: RefCell<Vec<FieldError>>,
}

/// zod's name for the type of a JSON value (the `received …` part of its messages).
fn type_name(value: Option<&Value>) -> &'static str {
    match value {
        None => "undefined",
        Some(Value::Null) => "null",
        Some(Value::Bool(_)) => "boolean",
        Some(Value::Number(_)) => "number",
        Some(Value::String(_)) => "string",
        Some(Value::Array(_)) => "array",
        Some(Value::Object(_)) => "object",
    }
}

fn expected(kind: &str, got: Option<&Value>) -> String {
    format!(
        "Invalid input: expected {kind}, received {}",
        type_name(got)
    )
}

/// zod counts string length in UTF-16 code units, like JavaScript.
fn js_length(text: &str) -> usize {
    text.encode_utf16().count()
}

impl Validator {
    pub fn new() -> Self {
        Validator::default()
    }

    /// The request body as an object; anything else is the single error zod reports at `body`.
    pub fn body<'v>(&'v self, body: &'v Option<Value>) -> Option<Obj<'v>> {
        match body {
            Some(Value::Object(map)) => Some(Obj {
                v: self,
                map,
                path: "body".to_owned(),
            }),
            other => {
                self.fail("body", expected("object", other.as_ref()));
                None
            }
        }
    }

    pub fn fail(&self, field: impl Into<String>, message: impl Into<String>) {
        self.errors.borrow_mut().push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// `Ok` when nothing failed, else the 400 `Validation failed` with every problem.
    pub fn finish(self) -> AppResult<()> {
        let errors = self.errors.into_inner();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(errors))
        }
    }
}

/// Validates `body` with `read` and returns what it built, or every problem found.
pub fn parse<T>(body: &Option<Value>, read: impl FnOnce(&Obj<'_>) -> Option<T>) -> AppResult<T> {
    let validator = Validator::new();
    let value = validator.body(body).and_then(|obj| read(&obj));
    validator.finish()?;
    value.ok_or_else(|| AppError::internal("validation produced no value and no error"))
}

/// An object being validated, with its path for error messages.
pub struct Obj<'v> {
    v: &'v Validator,
    map: &'v Map<String, Value>,
    path: String,
}

/// Length rules of a string field.
#[derive(Clone, Copy)]
pub struct Len {
    pub min: usize,
    /// The model trims this field: the length rule applies to the trimmed text, which is what
    /// is returned. (Upstream's zod let `"   "` through and the model then failed with 500.)
    pub trim: bool,
}

pub const ANY: Len = Len {
    min: 0,
    trim: false,
};
pub const NON_EMPTY: Len = Len {
    min: 1,
    trim: false,
};
/// Optional trimmed text (`""` allowed).
pub const TRIMMED: Len = Len { min: 0, trim: true };
/// Required trimmed text: at least one character that is not whitespace.
pub const TRIMMED_NON_EMPTY: Len = Len { min: 1, trim: true };

impl<'v> Obj<'v> {
    fn field_path(&self, key: &str) -> String {
        format!("{}.{key}", self.path)
    }

    /// Records a problem at `key`, for rules a caller checks itself (e.g. a union).
    pub fn fail(&self, key: &str, message: impl Into<String>) {
        self.v.fail(self.field_path(key), message);
    }

    /// The keys the client sent, in its order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// The value of `key` as sent, for rules a caller checks itself.
    pub fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key)
    }

    /// Any JSON (`z.any()`): present is `Some`, `null` included.
    pub fn opt_any(&self, key: &str) -> Option<Value> {
        self.map.get(key).cloned()
    }

    fn check_str(&self, key: &str, value: &'v Value, len: Len) -> Option<String> {
        let Value::String(text) = value else {
            self.fail(key, expected("string", Some(value)));
            return None;
        };
        let text = if len.trim { text.trim() } else { text.as_str() };
        if js_length(text) < len.min {
            self.fail(
                key,
                format!(
                    "Too small: expected string to have >={} characters",
                    len.min
                ),
            );
            return None;
        }
        Some(text.to_owned())
    }

    pub fn req_str(&self, key: &str, len: Len) -> Option<String> {
        match self.map.get(key) {
            None => {
                self.fail(key, expected("string", None));
                None
            }
            Some(value) => self.check_str(key, value, len),
        }
    }

    /// As [`Obj::req_str`], at most `max` characters (zod's `.max()`, after trimming).
    pub fn req_str_max(&self, key: &str, len: Len, max: usize) -> Option<String> {
        let text = self.req_str(key, len)?;
        if js_length(&text) > max {
            self.fail(
                key,
                format!("Too big: expected string to have <={max} characters"),
            );
            return None;
        }
        Some(text)
    }

    pub fn opt_str(&self, key: &str, len: Len) -> Option<String> {
        self.map
            .get(key)
            .and_then(|value| self.check_str(key, value, len))
    }

    pub fn opt_bool(&self, key: &str) -> Option<bool> {
        match self.map.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.fail(key, expected("boolean", Some(other)));
                None
            }
        }
    }

    fn check_number(
        &self,
        key: &str,
        value: &Value,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Option<f64> {
        let Some(number) = value.as_f64() else {
            self.fail(key, expected("number", Some(value)));
            return None;
        };
        if let Some(min) = min.filter(|min| number < *min) {
            self.fail(
                key,
                format!("Too small: expected number to be >={}", js_display(min)),
            );
            return None;
        }
        if let Some(max) = max.filter(|max| number > *max) {
            self.fail(
                key,
                format!("Too big: expected number to be <={}", js_display(max)),
            );
            return None;
        }
        Some(number)
    }

    pub fn opt_number(&self, key: &str, min: Option<f64>, max: Option<f64>) -> Option<f64> {
        self.map
            .get(key)
            .and_then(|value| self.check_number(key, value, min, max))
    }

    pub fn req_number(&self, key: &str, min: Option<f64>, max: Option<f64>) -> Option<f64> {
        match self.map.get(key) {
            None => {
                self.fail(key, expected("number", None));
                None
            }
            Some(value) => self.check_number(key, value, min, max),
        }
    }

    /// A whole number (`z.number().int()`), at least `min`. zod's `int` also refuses numbers
    /// beyond JavaScript's safe integers.
    pub fn opt_int(&self, key: &str, min: Option<i64>) -> Option<i64> {
        const SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;
        let value = self.map.get(key)?;
        let number = self.check_number(key, value, None, None)?;
        if number.fract() != 0.0 || number.abs() > SAFE_INTEGER {
            self.fail(key, "Invalid input: expected int, received number");
            return None;
        }
        let number = number as i64;
        if let Some(min) = min.filter(|min| number < *min) {
            self.fail(key, format!("Too small: expected number to be >={min}"));
            return None;
        }
        Some(number)
    }

    /// A record (`z.record(z.string(), …)`): an object whose every entry `read` validates,
    /// given this record and the entry's key. Entries keep the client's order.
    pub fn opt_record<T>(
        &self,
        key: &str,
        mut read: impl FnMut(&Obj<'v>, &str) -> Option<T>,
    ) -> Option<Vec<(String, T)>> {
        let value = self.map.get(key)?;
        let Value::Object(map) = value else {
            self.fail(key, expected("record", Some(value)));
            return None;
        };
        let record = Obj {
            v: self.v,
            map,
            path: self.field_path(key),
        };
        let mut entries = Vec::with_capacity(map.len());
        let mut ok = true;
        for entry in map.keys() {
            match read(&record, entry) {
                Some(item) => entries.push((entry.clone(), item)),
                None => ok = false,
            }
        }
        ok.then_some(entries)
    }

    /// A required nested object.
    pub fn req_obj<T>(&self, key: &str, read: impl FnOnce(&Obj<'v>) -> T) -> Option<T> {
        if !self.map.contains_key(key) {
            self.fail(key, expected("object", None));
            return None;
        }
        self.opt_obj(key, read)
    }

    /// A nested object: `read` validates its fields under this field's path.
    pub fn opt_obj<T>(&self, key: &str, read: impl FnOnce(&Obj<'v>) -> T) -> Option<T> {
        match self.map.get(key)? {
            Value::Object(map) => Some(read(&Obj {
                v: self.v,
                map,
                path: self.field_path(key),
            })),
            other => {
                self.fail(key, expected("object", Some(other)));
                None
            }
        }
    }

    fn check_str_array(
        &self,
        key: &str,
        value: &'v Value,
        min_items: usize,
        item: Len,
    ) -> Option<Vec<String>> {
        let Value::Array(items) = value else {
            self.fail(key, expected("array", Some(value)));
            return None;
        };
        if items.len() < min_items {
            self.fail(
                key,
                format!("Too small: expected array to have >={min_items} items"),
            );
            return None;
        }
        let path = self.field_path(key);
        let inner = Obj {
            v: self.v,
            map: self.map,
            path,
        };
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, value) in items.iter().enumerate() {
            match inner.check_str(&index.to_string(), value, item) {
                Some(text) => out.push(text),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    pub fn opt_str_array(&self, key: &str, min_items: usize, item: Len) -> Option<Vec<String>> {
        self.map
            .get(key)
            .and_then(|value| self.check_str_array(key, value, min_items, item))
    }

    pub fn req_str_array(&self, key: &str, min_items: usize, item: Len) -> Option<Vec<String>> {
        match self.map.get(key) {
            None => {
                self.fail(key, expected("array", None));
                None
            }
            Some(value) => self.check_str_array(key, value, min_items, item),
        }
    }

    /// An array of objects, each read by `read` under `<key>.<index>`; `None` when absent or
    /// when any element failed.
    pub fn opt_obj_array<T>(
        &self,
        key: &str,
        read: impl Fn(&Obj<'v>) -> Option<T>,
    ) -> Option<Vec<T>> {
        let value = self.map.get(key)?;
        let Value::Array(items) = value else {
            self.fail(key, expected("array", Some(value)));
            return None;
        };
        let path = self.field_path(key);
        let mut out = Vec::with_capacity(items.len());
        let mut ok = true;
        for (index, item) in items.iter().enumerate() {
            match item {
                Value::Object(map) => match read(&Obj {
                    v: self.v,
                    map,
                    path: format!("{path}.{index}"),
                }) {
                    Some(value) => out.push(value),
                    None => ok = false,
                },
                other => {
                    self.v
                        .fail(format!("{path}.{index}"), expected("object", Some(other)));
                    ok = false;
                }
            }
        }
        ok.then_some(out)
    }

    /// An array of ids (e.g. a routing of station ids): each must be 24 hex characters.
    pub fn opt_id_array(&self, key: &str) -> Option<Vec<Id>> {
        let texts = self.opt_str_array(key, 0, NON_EMPTY)?;
        let mut ids = Vec::with_capacity(texts.len());
        for (index, text) in texts.iter().enumerate() {
            match Id::parse(text) {
                Some(id) => ids.push(id),
                None => self.v.fail(
                    format!("{}.{index}", self.field_path(key)),
                    "Invalid id: expected 24 hex characters",
                ),
            }
        }
        (ids.len() == texts.len()).then_some(ids)
    }

    /// The bulk-delete body's `ids`: a non-empty array of non-empty strings, each an id.
    /// Upstream fails malformed ids with 500; the box names the bad entry.
    pub fn req_ids(&self, key: &str) -> Option<Vec<Id>> {
        let texts = self.req_str_array(key, 1, NON_EMPTY)?;
        let mut ids = Vec::with_capacity(texts.len());
        for (index, text) in texts.iter().enumerate() {
            match Id::parse(text) {
                Some(id) => ids.push(id),
                None => self.v.fail(
                    format!("{}.{index}", self.field_path(key)),
                    "Invalid id: expected 24 hex characters",
                ),
            }
        }
        (ids.len() == texts.len()).then_some(ids)
    }
}

// Enums, datetimes, unchecked ids and numeric text (stock resources, core.md §6–§9).
impl<'v> Obj<'v> {
    fn check_enum(&self, key: &str, value: Option<&Value>, options: &[&str]) -> Option<String> {
        match value {
            Some(Value::String(text)) if options.contains(&text.as_str()) => Some(text.clone()),
            _ => {
                let listed: Vec<String> = options.iter().map(|o| format!("\"{o}\"")).collect();
                self.fail(
                    key,
                    format!("Invalid option: expected one of {}", listed.join("|")),
                );
                None
            }
        }
    }

    /// A required enum: zod 4 reports a missing, mistyped or unknown value alike.
    pub fn req_enum(&self, key: &str, options: &[&str]) -> Option<String> {
        self.check_enum(key, self.map.get(key), options)
    }

    pub fn opt_enum(&self, key: &str, options: &[&str]) -> Option<String> {
        let value = self.map.get(key)?;
        self.check_enum(key, Some(value), options)
    }

    /// An ISO-8601 datetime with `Z` (zod's `datetime()`).
    pub fn opt_datetime(&self, key: &str) -> Option<Timestamp> {
        let text = self.opt_str(key, ANY)?;
        let parsed = Timestamp::parse_iso_z(&text);
        if parsed.is_none() {
            self.fail(key, "Invalid ISO datetime".to_owned());
        }
        parsed
    }

    /// A non-empty string that must be a well-formed id, for reference fields upstream never
    /// checks (a malformed one was a 500 there).
    pub fn opt_id(&self, key: &str) -> Option<Id> {
        let text = self.opt_str(key, NON_EMPTY)?;
        let id = Id::parse(&text);
        if id.is_none() {
            self.fail(key, "Invalid id: expected 24 hex characters".to_owned());
        }
        id
    }

    /// A number, or a string `parse` turns into one (material dimensions, §16 #15).
    pub fn opt_numeric(&self, key: &str, parse: fn(&str) -> Option<f64>) -> Option<f64> {
        match self.map.get(key)? {
            Value::Number(n) => n.as_f64(),
            Value::String(text) => {
                let parsed = parse(text);
                if parsed.is_none() {
                    self.fail(key, "Invalid input: expected a number".to_owned());
                }
                parsed
            }
            other => {
                self.fail(key, expected("number", Some(other)));
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn errors<T>(body: Value, read: impl FnOnce(&Obj<'_>) -> Option<T>) -> Vec<(String, String)> {
        match parse(&Some(body), read) {
            Err(AppError::Validation(list)) => {
                list.into_iter().map(|e| (e.field, e.message)).collect()
            }
            _ => Vec::new(),
        }
    }

    #[test]
    fn missing_and_wrong_types_use_zod_wording() {
        let found = errors(json!({"password": 5, "extra": true}), |b| {
            let u = b.req_str("username", NON_EMPTY);
            let p = b.req_str("password", NON_EMPTY);
            Some((u?, p?))
        });
        assert_eq!(
            found,
            vec![
                (
                    "body.username".into(),
                    "Invalid input: expected string, received undefined".into()
                ),
                (
                    "body.password".into(),
                    "Invalid input: expected string, received number".into()
                ),
            ]
        );
    }

    #[test]
    fn null_is_not_absent_and_numbers_are_not_coerced() {
        let found = errors(json!({"volume": null, "n": "5"}), |b| {
            b.opt_number("volume", Some(0.0), Some(1.0));
            b.opt_number("n", None, None);
            Some(())
        });
        assert_eq!(found[0].1, "Invalid input: expected number, received null");
        assert_eq!(
            found[1].1,
            "Invalid input: expected number, received string"
        );
    }

    #[test]
    fn bounds_and_lengths() {
        let found = errors(json!({"v": 1.5, "w": -0.5, "p": "abc"}), |b| {
            b.opt_number("v", Some(0.0), Some(1.0));
            b.opt_number("w", Some(0.0), Some(1.0));
            b.opt_str(
                "p",
                Len {
                    min: 6,
                    trim: false,
                },
            );
            Some(())
        });
        assert_eq!(found[0].1, "Too big: expected number to be <=1");
        assert_eq!(found[1].1, "Too small: expected number to be >=0");
        assert_eq!(
            found[2].1,
            "Too small: expected string to have >=6 characters"
        );
    }

    #[test]
    fn trimmed_fields_must_hold_more_than_whitespace() {
        let found = errors(json!({"name": "   ", "note": "  x "}), |b| {
            assert_eq!(b.opt_str("note", TRIMMED).as_deref(), Some("x"));
            b.req_str("name", TRIMMED_NON_EMPTY)
        });
        assert_eq!(
            found,
            vec![(
                "body.name".into(),
                "Too small: expected string to have >=1 characters".into()
            )]
        );
    }

    #[test]
    fn maximum_lengths_count_the_trimmed_text() {
        let long = "x".repeat(81);
        let found = errors(
            json!({"a": format!("  {}  ", &long[..80]), "b": long}),
            |b| {
                assert!(b.req_str_max("a", TRIMMED_NON_EMPTY, 80).is_some());
                b.req_str_max("b", TRIMMED_NON_EMPTY, 80)
            },
        );
        assert_eq!(
            found,
            vec![(
                "body.b".into(),
                "Too big: expected string to have <=80 characters".into()
            )]
        );
    }

    #[test]
    fn nested_paths_and_missing_body() {
        let found = errors(json!({"prefs": {"sounds": {"low": 3}}}), |b| {
            b.opt_obj("prefs", |p| {
                p.opt_obj("sounds", |s| s.opt_str("low", NON_EMPTY))
            });
            Some(())
        });
        assert_eq!(found[0].0, "body.prefs.sounds.low");
        match parse(&None, |_| Some(())) {
            Err(AppError::Validation(list)) => {
                assert_eq!(list[0].field, "body");
                assert_eq!(
                    list[0].message,
                    "Invalid input: expected object, received undefined"
                );
            }
            _ => panic!("a missing body must fail validation"),
        }
    }

    #[test]
    fn enums_ints_ids_and_any() {
        let found = errors(
            json!({"c": "plum", "d": 5, "n": 1.5, "m": 0, "s": "2", "r": "x", "a": null}),
            |b| {
                b.opt_enum("c", &["sky", "blue"]);
                b.opt_enum("d", &["sky"]);
                b.opt_int("n", Some(1));
                b.opt_int("m", Some(1));
                b.opt_int("s", Some(1));
                b.opt_id("r");
                assert_eq!(b.opt_any("a"), Some(Value::Null));
                assert_eq!(b.opt_any("absent"), None);
                Some(())
            },
        );
        let messages: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Invalid option: expected one of \"sky\"|\"blue\"",
                "Invalid option: expected one of \"sky\"",
                "Invalid input: expected int, received number",
                "Too small: expected number to be >=1",
                "Invalid input: expected number, received string",
                "Invalid id: expected 24 hex characters",
            ]
        );
        let ok = parse(&Some(json!({"n": 3, "c": "blue"})), |b| {
            Some((b.opt_int("n", Some(1)), b.opt_enum("c", &["sky", "blue"])))
        });
        assert_eq!(ok.ok(), Some((Some(3), Some("blue".to_owned()))));
    }

    #[test]
    fn records_keep_their_order_and_report_nested_paths() {
        let read = |b: &Obj<'_>| {
            b.opt_record("prices", |r, key| {
                r.opt_record(key, |inner, k| inner.req_number(k, Some(0.0), None))
            })
        };
        let kept = parse(
            &Some(json!({"prices": {"z": {"b": 1, "a": 2}, "a": {}}})),
            |b| read(b),
        );
        let kept = kept.ok().unwrap_or_default();
        assert_eq!(kept[0].0, "z");
        assert_eq!(
            kept[0].1,
            vec![("b".to_owned(), 1.0), ("a".to_owned(), 2.0)]
        );
        let found = errors(json!({"prices": {"Clear": {"5mm": -1}, "Tint": 3}}), read);
        assert_eq!(
            found,
            vec![
                (
                    "body.prices.Clear.5mm".into(),
                    "Too small: expected number to be >=0".into()
                ),
                (
                    "body.prices.Tint".into(),
                    "Invalid input: expected record, received number".into()
                ),
            ]
        );
    }

    #[test]
    fn id_lists() {
        let found = errors(json!({"ids": []}), |b| b.req_ids("ids"));
        assert_eq!(found[0].1, "Too small: expected array to have >=1 items");
        let found = errors(json!({"ids": ["x"]}), |b| b.req_ids("ids"));
        assert_eq!(found[0].0, "body.ids.0");
        assert!(
            parse(&Some(json!({"ids": ["000000000000000000000000"]})), |b| b
                .req_ids("ids"))
            .is_ok()
        );
    }
    #[test]
    fn datetimes_must_be_iso_with_z() {
        let found = errors(
            json!({"d": "2024-01-01", "e": "2024-01-01T00:00:00+07:00"}),
            |b| {
                b.opt_datetime("d");
                b.opt_datetime("e");
                Some(())
            },
        );
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|(_, m)| m == "Invalid ISO datetime"));
    }

    #[test]
    fn arrays_of_objects_report_each_element() {
        let found = errors(json!({"holes": [{"id": "a"}, 3]}), |b| {
            b.opt_obj_array("holes", |h| h.req_number("x", None, None))
        });
        assert_eq!(found[0].0, "body.holes.0.x");
        assert_eq!(
            found[1],
            (
                "body.holes.1".into(),
                "Invalid input: expected object, received number".into()
            )
        );
    }
}
