//! `page`, `limit` and `sort` query parameters as the upstream paginate helper reads them
//! (core.md §1.8): integers parsed like JavaScript's parseInt, bad values falling back to the
//! defaults, and a Mongoose-style sort string.

use crate::store::paging::{PageRequest, SortKey};
use std::collections::HashMap;

pub const DEFAULT_LIMIT: u64 = 20;

/// JavaScript `parseInt`: optional sign, then the leading digits; `None` when there are none.
pub fn parse_int(text: &str) -> Option<i64> {
    let text = text.trim_start();
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let digits: String = rest
        .chars()
        .take_while(char::is_ascii_digit)
        .take(18)
        .collect();
    let value: i64 = digits.parse().ok()?;
    Some(if negative { -value } else { value })
}

fn positive(text: Option<&String>, default: u64) -> u64 {
    text.and_then(|t| parse_int(t))
        .filter(|v| *v > 0)
        .map(|v| v as u64)
        .unwrap_or(default)
}

/// Splits `-createdAt name` into keys. `+` arrives as a space after URL decoding.
pub fn parse_sort(text: &str) -> Vec<SortKey> {
    text.split_whitespace()
        .filter_map(|token| {
            let (descending, field) = match token.strip_prefix('-') {
                Some(field) => (true, field),
                None => (false, token.strip_prefix('+').unwrap_or(token)),
            };
            (!field.is_empty()).then(|| SortKey {
                field: field.to_owned(),
                descending,
            })
        })
        .collect()
}

/// How a resource sorts when the client does not say, and when it sends an empty `sort=`.
pub struct SortDefaults {
    pub default: &'static str,
    pub when_empty: &'static str,
}

/// Most lists: newest first; an explicitly empty sort is unsorted (insertion order).
pub const NEWEST_FIRST: SortDefaults = SortDefaults {
    default: "-createdAt",
    when_empty: "",
};
/// Roles: oldest first (system roles first), also for an empty sort.
pub const OLDEST_FIRST: SortDefaults = SortDefaults {
    default: "createdAt",
    when_empty: "createdAt",
};

pub fn page_request(query: &HashMap<String, String>, defaults: &SortDefaults) -> PageRequest {
    let sort = match query.get("sort") {
        None => parse_sort(defaults.default),
        Some(text) if text.trim().is_empty() => parse_sort(defaults.when_empty),
        Some(text) => parse_sort(text),
    };
    PageRequest {
        page: positive(query.get("page"), 1),
        limit: positive(query.get("limit"), DEFAULT_LIMIT),
        sort,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn integers_parse_like_parse_int() {
        assert_eq!(parse_int("2abc"), Some(2));
        assert_eq!(parse_int("5.7"), Some(5));
        assert_eq!(parse_int(" -3"), Some(-3));
        assert_eq!(parse_int("abc"), None);
    }

    #[test]
    fn bad_values_fall_back_to_defaults() {
        let request = page_request(&query(&[("page", "0"), ("limit", "-5")]), &NEWEST_FIRST);
        assert_eq!((request.page, request.limit), (1, 20));
        let request = page_request(&query(&[("page", "3"), ("limit", "100000")]), &NEWEST_FIRST);
        assert_eq!((request.page, request.limit), (3, 100_000));
    }

    #[test]
    fn sort_strings() {
        let keys = parse_sort("status -createdAt");
        assert_eq!(keys.len(), 2);
        assert!(!keys[0].descending && keys[1].descending);
        assert_eq!(
            page_request(&query(&[("sort", "")]), &NEWEST_FIRST).sort,
            vec![]
        );
        assert_eq!(
            page_request(&query(&[("sort", "")]), &OLDEST_FIRST)
                .sort
                .len(),
            1
        );
        assert_eq!(
            page_request(&query(&[]), &NEWEST_FIRST).sort[0].field,
            "createdAt"
        );
    }
}
