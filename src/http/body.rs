//! The JSON request body as express.json() reads it: parsed only with a JSON content type
//! (otherwise "undefined", which validation reports), up to 10 MB. A malformed body is a 400
//! with a clear message (upstream hid it behind `Internal server error`).

use crate::error::AppError;
use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::header::CONTENT_TYPE;
use serde_json::Value;

/// Upstream's body limit.
pub const BODY_LIMIT: usize = 10 * 1024 * 1024;

/// The raw body, up to [`BODY_LIMIT`] (413 beyond it, like every JSON body).
pub async fn read_limited(body: Body) -> Result<Bytes, AppError> {
    axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| AppError::PayloadTooLarge("Request body is larger than 10 MB".to_owned()))
}

/// The parsed body; `None` when there was none or it was not JSON.
pub struct JsonBody(pub Option<Value>);

fn is_json(content_type: &str) -> bool {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<S: Send + Sync> FromRequest<S> for JsonBody {
    type Rejection = AppError;

    async fn from_request(request: Request, _state: &S) -> Result<Self, AppError> {
        let json = request
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(is_json);
        let bytes = read_limited(request.into_body()).await?;
        if !json || bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(JsonBody(None));
        }
        serde_json::from_slice(&bytes)
            .map(|value| JsonBody(Some(value)))
            .map_err(|e| AppError::BadRequest(format!("Malformed JSON in request body: {e}")))
    }
}
