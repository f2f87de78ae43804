//! Query-string extraction that never rejects: undecodable input is read leniently, as Express
//! does, and each resource picks the parameters it knows.

use crate::store::paging::PageRequest;
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use std::collections::HashMap;

/// The query parameters; the first value wins when a key repeats.
pub struct QueryMap(pub HashMap<String, String>);

impl<S: Send + Sync> FromRequestParts<S> for QueryMap {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let mut map = HashMap::new();
        for (key, value) in form_urlencoded::parse(parts.uri.query().unwrap_or("").as_bytes()) {
            map.entry(key.into_owned())
                .or_insert_with(|| value.into_owned());
        }
        Ok(QueryMap(map))
    }
}

impl QueryMap {
    pub fn page(&self, defaults: &super::paging::SortDefaults) -> PageRequest {
        super::paging::page_request(&self.0, defaults)
    }
}

/// A path's `{id}`, parsed: `None` for a malformed id, which the use case answers with 404
/// like any id that does not exist (upstream: 500).
pub struct PathId(pub Option<crate::domain::Id>);

impl<S: Send + Sync> FromRequestParts<S> for PathId {
    type Rejection = crate::error::AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let Path(raw) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|e| crate::error::AppError::BadRequest(e.body_text()))?;
        Ok(PathId(crate::domain::Id::parse(&raw)))
    }
}
