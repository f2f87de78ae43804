//! `GET /api/openapi.json`: an OpenAPI 3.0 document built from the route table, so it lists
//! exactly the routes the box serves, each with its guard. Tools (schemathesis, client
//! generators) read it; nothing in it is written by hand per route except the few request
//! bodies whose fields are fixed by the router itself (bulk deletes, scans).

use super::routes::{self, ApiRoute};
use super::scan;
use crate::http::guard::Guard;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::OnceLock;

/// The document never changes while the box runs: built once, served as bytes.
pub async fn get() -> Response {
    static DOCUMENT: OnceLock<Vec<u8>> = OnceLock::new();
    let bytes = DOCUMENT.get_or_init(|| {
        serde_json::to_vec(&document(&routes::table())).unwrap_or_else(|_| b"{}".to_vec())
    });
    ([(CONTENT_TYPE, "application/json")], bytes.clone()).into_response()
}

/// The whole document for these routes (paths under `/api`).
pub fn document(table: &[ApiRoute]) -> Value {
    let mut paths = Map::new();
    for route in table {
        let item = paths
            .entry(format!("/api{}", route.path))
            .or_insert_with(|| json!({}));
        item[route.method_name.to_ascii_lowercase()] = operation(route);
    }
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "STD Plus Box API",
            "version": crate::VERSION,
            "description": "Generated from the box's route table: every route, its guard \
                (x-guard) and the contract's envelopes.",
        },
        "servers": [{"url": "/"}],
        "paths": paths,
        "components": components(),
    })
}

fn operation(route: &ApiRoute) -> Value {
    let mut op = json!({
        "operationId": operation_id(route),
        "tags": [tag(route.path)],
        "x-guard": guard_extension(route.guard),
        "responses": responses(route),
    });
    let parameters = path_parameters(route.path);
    if !parameters.is_empty() {
        op["parameters"] = Value::Array(parameters);
    }
    if !matches!(route.guard, Guard::Public) {
        op["security"] = json!([{"bearer": []}]);
    }
    if let Some(body) = request_body(route) {
        op["requestBody"] = body;
    }
    op
}

/// `PATCH /workers/{id}` → `patch_workers_id`: unique, as method and path are.
fn operation_id(route: &ApiRoute) -> String {
    let path: String = route
        .path
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let path: Vec<&str> = path.split('_').filter(|part| !part.is_empty()).collect();
    format!(
        "{}_{}",
        route.method_name.to_ascii_lowercase(),
        path.join("_")
    )
}

/// The first path segment names the resource (`/production-logs/{id}` → `production-logs`).
fn tag(path: &str) -> &str {
    path.trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default()
}

/// One required string parameter per `{name}` in the path (axum's syntax is OpenAPI's).
fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{')?.strip_suffix('}'))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string"}}))
        .collect()
}

/// The guard as data: its kind and the permissions it names.
fn guard_extension(guard: Guard) -> Value {
    match guard {
        Guard::Public => json!({"kind": "public"}),
        Guard::Auth => json!({"kind": "auth"}),
        Guard::All(permissions) => json!({"kind": "all", "permissions": permissions}),
        Guard::Any(permissions) => json!({"kind": "any", "permissions": permissions}),
        Guard::Station {
            allowed,
            station_users,
        } => json!({"kind": "station", "permissions": allowed, "stationUsers": station_users}),
        Guard::Scan => json!({
            "kind": "scan",
            "permissions": ["admin", "*", "production:manage", "station:enter:<body.station>"],
        }),
    }
}

/// Write methods take a JSON object. Bulk deletes (`DELETE` on a collection) take `{ids}`;
/// scans take the scan body the guard itself reads (`station`).
fn request_body(route: &ApiRoute) -> Option<Value> {
    let schema = match route.method_name {
        "DELETE" if !route.path.contains('{') => json!({"$ref": "#/components/schemas/Ids"}),
        "POST" | "PUT" | "PATCH" if matches!(route.guard, Guard::Scan) => {
            if route.path.contains('{') {
                json!({"$ref": "#/components/schemas/Scan"})
            } else {
                json!({"$ref": "#/components/schemas/BatchScan"})
            }
        }
        "POST" | "PUT" | "PATCH" => json!({"type": "object"}),
        _ => return None,
    };
    Some(json!({"required": true, "content": {"application/json": {"schema": schema}}}))
}

/// What a successful call returns: the success envelope, or a file for the few routes that
/// serve one (labels, QR codes, the CA certificate, this document).
fn success_content(path: &str) -> Value {
    let file = |media: &str| json!({ media: {"schema": {"type": "string", "format": "binary"}} });
    if path.ends_with(".pdf") {
        file("application/pdf")
    } else if path.ends_with(".svg") || path == "/qr/svg" {
        file("image/svg+xml")
    } else if path.ends_with(".crt") || path.ends_with(".pem") {
        file("application/x-x509-ca-cert")
    } else if path == "/openapi.json" {
        json!({"application/json": {"schema": {"type": "object"}}})
    } else {
        json!({"application/json": {"schema": {"$ref": "#/components/schemas/Success"}}})
    }
}

fn responses(route: &ApiRoute) -> Value {
    let error = |description: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        })
    };
    let mut responses = json!({
        "2XX": {"description": "Success", "content": success_content(route.path)},
        "400": error("Validation failed or bad input"),
        "404": error("Not found"),
        "4XX": error("Refused (the contract's failure envelope)"),
        "5XX": error("Server error (the same envelope; never expected)"),
    });
    if !matches!(route.guard, Guard::Public) {
        responses["401"] = error("No valid token");
        responses["403"] = error("The guard refused the caller");
    }
    responses
}

fn components() -> Value {
    json!({
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        },
        "schemas": {
            "Success": {
                "type": "object",
                "required": ["success"],
                "properties": {
                    "success": {"type": "boolean", "enum": [true]},
                    "message": {"type": "string"},
                    "data": {},
                    "pagination": {"type": "object"},
                },
            },
            "Error": {
                "type": "object",
                "required": ["success", "message"],
                "properties": {
                    "success": {"type": "boolean", "enum": [false]},
                    "message": {"type": "string"},
                    "errors": {
                        "description": "Per-field validation failures, or a business rule's detail",
                    },
                },
            },
            "Ids": {
                "type": "object",
                "required": ["ids"],
                "properties": {"ids": {"type": "array", "items": {"type": "string"}}},
            },
            "Scan": {
                "type": "object",
                "required": ["station", "action"],
                "properties": {
                    "station": {"type": "string"},
                    "action": {"type": "string", "enum": scan::ACTIONS},
                    "operator": {"type": "string"},
                    "reason": {"type": "string", "enum": scan::REASONS},
                    "description": {"type": "string"},
                    "remakeStationId": {"type": "string"},
                    "laminateSurvivorPaneNumber": {"type": "string"},
                },
            },
            "BatchScan": {
                "type": "object",
                "required": ["station", "action"],
                "properties": {
                    "station": {"type": "string"},
                    "action": {"type": "string", "enum": scan::ACTIONS},
                    "paneNumbers": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    })
}
