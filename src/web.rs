//! The embedded web app: the build of `web/` (made by `build.rs` into `$OUT_DIR/web`) compiled
//! into the binary, served at `/` with a single-page-app fallback to `index.html`. The build
//! writes a gzip copy beside each text asset; it is sent to browsers that accept it, which
//! matters to a kiosk on a Pi's Wi-Fi more than the CPU it would take to compress on the fly.

use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "$OUT_DIR/web/"]
struct Assets;

/// Serves `path` (without the leading `/`), or `index.html` for app routes. `None` when the
/// request is not for the web app (a non-GET, or a missing file with an extension).
pub fn serve(method: &Method, path: &str, request_headers: &HeaderMap) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let path = path.trim_start_matches('/');
    let name = if !path.is_empty() && !path.ends_with(".gz") && Assets::get(path).is_some() {
        path
    } else if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        // A last segment with a dot names a file: missing files are real 404s.
        return None;
    } else {
        "index.html"
    };
    let file = Assets::get(name)?;
    let mut content_type = file.metadata.mimetype().to_owned();
    if content_type.starts_with("text/")
        || content_type.ends_with("javascript")
        || content_type.ends_with("json")
        || content_type.ends_with("svg+xml")
    {
        content_type.push_str("; charset=utf-8");
    }
    let cache = if name == "index.html" {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    let gzipped = accepts_gzip(request_headers)
        .then(|| Assets::get(&format!("{name}.gz")))
        .flatten();
    let compressed = gzipped.is_some();
    let body = gzipped.unwrap_or(file).data.into_owned();
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if compressed {
        headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
    Some(response)
}

fn accepts_gzip(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|coding| {
            let mut parts = coding.split(';');
            let name = parts.next().unwrap_or("").trim();
            let refused = parts.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00"));
            (name == "gzip" || name == "*") && !refused
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_encoding(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(header::ACCEPT_ENCODING, value);
        }
        headers
    }

    #[test]
    fn gzip_is_sent_only_when_accepted() {
        assert!(accepts_gzip(&with_encoding("gzip, deflate, br")));
        assert!(accepts_gzip(&with_encoding("br;q=1.0, gzip;q=0.8")));
        assert!(!accepts_gzip(&with_encoding("gzip;q=0")));
        assert!(!accepts_gzip(&with_encoding("br")));
        assert!(!accepts_gzip(&HeaderMap::new()));
    }

    #[test]
    fn app_routes_fall_back_to_the_shell_and_missing_files_are_404() {
        let headers = HeaderMap::new();
        let shell = serve(&Method::GET, "/station/abc", &headers);
        assert!(shell.is_some_and(|r| r.status() == StatusCode::OK));
        assert!(serve(&Method::GET, "/assets/missing.js", &headers).is_none());
        assert!(serve(&Method::POST, "/", &headers).is_none());
        assert!(serve(&Method::GET, "/index.html.gz", &headers).is_none());
    }
}
