//! The one error type of the box and its mapping onto the contract's failure envelope
//! (core.md §1.3, §1.4). Every handler returns `Result<_, AppError>`; nothing else renders errors.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::Value;

/// One entry of a validation failure's `errors` list.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("Validation failed")]
    Validation(Vec<FieldError>),
    #[error("{0}")]
    BadRequest(String),
    /// A business-rule failure that carries machine-readable detail in `errors`
    /// (e.g. the scan errors' `{code: "MERGED_INTO", …}`).
    #[error("{message}")]
    BadRequestWithDetail { message: String, errors: Value },
    #[error("{0}")]
    Unauthorized(String),
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    PayloadTooLarge(String),
    #[error("{0}")]
    UnsupportedMediaType(String),
    #[error("{0}")]
    Unprocessable(String),
    #[error("{0}")]
    TooManyRequests(String),
    /// A device the box talks to (a label printer) refused or could not be reached.
    #[error("{0}")]
    BadGateway(String),
    /// A device the box talks to did not answer in time.
    #[error("{0}")]
    GatewayTimeout(String),
    #[error("database error: {0}")]
    Storage(#[from] rusqlite::Error),
    #[error("internal error: {0}")]
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn not_found(what: &str) -> Self {
        AppError::NotFound(format!("{what} not found"))
    }

    pub fn forbidden_action() -> Self {
        AppError::Forbidden("Not authorized for this action".to_owned())
    }

    pub fn internal(detail: impl std::fmt::Display) -> Self {
        AppError::Internal(detail.to_string())
    }

    /// One validation failure on one field.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        AppError::Validation(vec![FieldError {
            field: field.into(),
            message: message.into(),
        }])
    }

    pub fn status(&self) -> StatusCode {
        match self {
            AppError::Validation(_)
            | AppError::BadRequest(_)
            | AppError::BadRequestWithDetail { .. } => StatusCode::BAD_REQUEST,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unprocessable(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::BadGateway(_) => StatusCode::BAD_GATEWAY,
            AppError::GatewayTimeout(_) => StatusCode::GATEWAY_TIMEOUT,
            AppError::Storage(e) if is_unique_violation(e) => StatusCode::CONFLICT,
            AppError::Storage(_) | AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The envelope's `message`: internal details never reach the client.
    pub fn public_message(&self) -> String {
        match self {
            AppError::Storage(e) if is_unique_violation(e) => "Duplicate value".to_owned(),
            AppError::Storage(_) | AppError::Internal(_) => "Internal server error".to_owned(),
            other => other.to_string(),
        }
    }

    /// The failure envelope as JSON, shared by HTTP responses and socket acks.
    pub fn envelope(&self) -> Value {
        let mut body = serde_json::json!({ "success": false, "message": self.public_message() });
        match self {
            AppError::Validation(errors) => {
                body["errors"] = serde_json::to_value(errors).unwrap_or(Value::Null)
            }
            AppError::BadRequestWithDetail { errors, .. } => body["errors"] = errors.clone(),
            _ => {}
        }
        body
    }
}

/// A picture that cannot be read, or a text that does not fit a code, is the caller's input.
impl From<crate::qr::QrError> for AppError {
    fn from(error: crate::qr::QrError) -> Self {
        AppError::BadRequest(error.to_string())
    }
}

/// A label that cannot be laid out (a size, a resolution) is the caller's input.
impl From<crate::labels::LabelError> for AppError {
    fn from(error: crate::labels::LabelError) -> Self {
        AppError::BadRequest(error.to_string())
    }
}

fn is_unique_violation(error: &rusqlite::Error) -> bool {
    matches!(
        error,
        rusqlite::Error::SqliteFailure(e, _) if e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
            || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    )
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        (status, axum::Json(self.envelope())).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_errors_hide_their_detail() {
        let error = AppError::internal("disk on fire");
        assert_eq!(error.status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            error.envelope(),
            serde_json::json!({"success": false, "message": "Internal server error"})
        );
    }

    #[test]
    fn printer_failures_are_gateway_errors_with_their_message() {
        let refused = AppError::BadGateway("Printer P cannot be reached".to_owned());
        assert_eq!(refused.status(), StatusCode::BAD_GATEWAY);
        assert_eq!(refused.envelope()["message"], "Printer P cannot be reached");
        let slow = AppError::GatewayTimeout("Printer P did not answer".to_owned());
        assert_eq!(slow.status(), StatusCode::GATEWAY_TIMEOUT);
        assert_eq!(slow.envelope()["success"], false);
    }

    #[test]
    fn validation_errors_carry_the_field_list() {
        let error = AppError::invalid(
            "body.name",
            "Invalid input: expected string, received undefined",
        );
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert_eq!(error.envelope()["errors"][0]["field"], "body.name");
        assert_eq!(error.envelope()["message"], "Validation failed");
    }
}
