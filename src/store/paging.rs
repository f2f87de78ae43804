//! Pagination and sorting of list queries (core.md §1.8), independent of HTTP: a page request
//! and a resource's sortable fields become `ORDER BY … LIMIT … OFFSET …`.

/// One sort key as the client wrote it (`-createdAt` → `createdAt`, descending).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SortKey {
    pub field: String,
    pub descending: bool,
}

/// A page of a list: 1-based page, page size, and the order (empty: unsorted, i.e. by id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub limit: u64,
    pub sort: Vec<SortKey>,
}

impl PageRequest {
    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.limit)
    }
}

/// The metadata block of a paginated answer.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pagination {
    pub page: u64,
    pub limit: u64,
    pub total: u64,
    pub total_pages: u64,
}

impl Pagination {
    pub fn new(request: &PageRequest, total: u64) -> Self {
        Pagination {
            page: request.page,
            limit: request.limit,
            total,
            total_pages: total.div_ceil(request.limit),
        }
    }
}

/// A resource's sortable fields: the JSON name clients sort by, and the SQL expression.
pub type SortFields = &'static [(&'static str, &'static str)];

/// `ORDER BY` for a page: the known keys in order (unknown fields are ignored, as upstream),
/// then `id` in the direction of the last key so equal values keep a stable order.
pub fn order_by(fields: SortFields, requested: &[SortKey], table_id: &str) -> String {
    let mut terms = Vec::new();
    let mut tie_descending = false;
    for key in requested {
        if let Some((_, column)) = fields.iter().find(|(name, _)| *name == key.field) {
            terms.push(format!(
                "{column} {}",
                if key.descending { "DESC" } else { "ASC" }
            ));
            tie_descending = key.descending;
        }
    }
    terms.push(format!(
        "{table_id} {}",
        if tie_descending { "DESC" } else { "ASC" }
    ));
    format!("ORDER BY {}", terms.join(", "))
}

/// `LIMIT … OFFSET …` for a page; limits beyond SQLite's range are clamped.
pub fn limit_offset(request: &PageRequest) -> String {
    let clamp = |v: u64| v.min(i64::MAX as u64);
    format!(
        "LIMIT {} OFFSET {}",
        clamp(request.limit),
        clamp(request.offset())
    )
}

/// What one list query reads: a table, its columns, an optional filter, and the row mapping.
pub struct ListQuery<'a, P: rusqlite::Params + Clone> {
    pub table: &'a str,
    pub columns: &'a str,
    /// A `WHERE` condition without the keyword (empty: every row).
    pub filter: &'a str,
    pub params: P,
    pub sort_fields: SortFields,
}

/// One page of a list and the total number of rows matching the filter.
pub fn fetch_page<T, P: rusqlite::Params + Clone>(
    conn: &rusqlite::Connection,
    query: &ListQuery<'_, P>,
    request: &PageRequest,
    from_row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> rusqlite::Result<(Vec<T>, u64)> {
    let filter = if query.filter.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", query.filter)
    };
    let order = order_by(query.sort_fields, &request.sort, "id");
    let sql = format!(
        "SELECT {} FROM {} {filter} {order} {}",
        query.columns,
        query.table,
        limit_offset(request)
    );
    let rows = conn
        .prepare(&sql)?
        .query_map(query.params.clone(), from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let total: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {} {filter}", query.table),
        query.params.clone(),
        |row| row.get(0),
    )?;
    Ok((rows, total.max(0) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: SortFields = &[("name", "name"), ("createdAt", "created_at")];

    fn key(field: &str, descending: bool) -> SortKey {
        SortKey {
            field: field.to_owned(),
            descending,
        }
    }

    #[test]
    fn orders_by_known_fields_with_an_id_tie_breaker() {
        assert_eq!(
            order_by(FIELDS, &[key("createdAt", true)], "id"),
            "ORDER BY created_at DESC, id DESC"
        );
        assert_eq!(
            order_by(FIELDS, &[key("name", false), key("bogus", true)], "id"),
            "ORDER BY name ASC, id ASC"
        );
        assert_eq!(order_by(FIELDS, &[], "id"), "ORDER BY id ASC");
    }

    #[test]
    fn total_pages_round_up_and_are_zero_when_empty() {
        let request = PageRequest {
            page: 1,
            limit: 5,
            sort: Vec::new(),
        };
        assert_eq!(Pagination::new(&request, 11).total_pages, 3);
        assert_eq!(Pagination::new(&request, 0).total_pages, 0);
    }
}
