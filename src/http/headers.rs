//! Wire-visible middleware of upstream (core.md §1.2): helmet's security headers and CORS.
//!
//! The API keeps helmet's exact headers. The embedded web app gets the same set except
//! `upgrade-insecure-requests` and HSTS, because the box serves plain HTTP on the LAN and those
//! two would make browsers try HTTPS for every asset.

use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

const API_CSP: &str = "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';\
frame-ancestors 'self';img-src 'self' data:;object-src 'none';script-src 'self';script-src-attr 'none';\
style-src 'self' https: 'unsafe-inline';upgrade-insecure-requests";

const APP_CSP: &str = "default-src 'self';base-uri 'self';font-src 'self' data:;form-action 'self';\
frame-ancestors 'self';img-src 'self' data: blob:;media-src 'self' blob:;object-src 'none';script-src 'self';\
script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self' ws: wss:";

const COMMON: &[(&str, &str)] = &[
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("origin-agent-cluster", "?1"),
    ("referrer-policy", "no-referrer"),
    ("x-content-type-options", "nosniff"),
    ("x-dns-prefetch-control", "off"),
    ("x-download-options", "noopen"),
    ("x-frame-options", "SAMEORIGIN"),
    ("x-permitted-cross-domain-policies", "none"),
    ("x-xss-protection", "0"),
];

fn set(headers: &mut HeaderMap, name: &'static str, value: &'static str) {
    headers.insert(
        HeaderName::from_static(name),
        HeaderValue::from_static(value),
    );
}

pub async fn security_headers(request: Request, next: Next) -> Response {
    let is_api = is_api_path(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in COMMON {
        set(headers, name, value);
    }
    if is_api {
        set(headers, "content-security-policy", API_CSP);
        set(
            headers,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    } else {
        set(headers, "content-security-policy", APP_CSP);
    }
    response
}

/// On the HTTPS listener only: no HSTS. Browsers ignore it over plain HTTP (where upstream's
/// header stays), but over HTTPS they would pin `stdplus.local` to HTTPS on every port, and a
/// kiosk at `http://stdplus.local:3000` would then fail to load.
pub async fn without_hsts(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response
        .headers_mut()
        .remove(HeaderName::from_static("strict-transport-security"));
    response
}

/// Whether `path` is under `/api` (matched case-insensitively, as Express routes).
pub fn is_api_path(path: &str) -> bool {
    let prefix = path.get(..4).unwrap_or(path);
    prefix.eq_ignore_ascii_case("/api") && (path.len() == 4 || path.as_bytes()[4] == b'/')
}

/// The configured CORS origin: `*` or one exact origin.
#[derive(Clone)]
pub struct CorsOrigin(pub Arc<str>);

pub async fn cors(State(origin): State<CorsOrigin>, request: Request, next: Next) -> Response {
    let allow_origin = HeaderValue::from_str(&origin.0).unwrap_or(HeaderValue::from_static("*"));
    let specific = &*origin.0 != "*";
    if request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let mut response = StatusCode::NO_CONTENT.into_response();
        let requested = request
            .headers()
            .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
            .cloned();
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET,HEAD,PUT,PATCH,POST,DELETE"),
        );
        if let Some(requested) = requested {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, requested);
        }
        headers.append(
            header::VARY,
            HeaderValue::from_static("Access-Control-Request-Headers"),
        );
        if specific {
            headers.append(header::VARY, HeaderValue::from_static("Origin"));
        }
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
        return response;
    }
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow_origin);
    if specific {
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    response
}
