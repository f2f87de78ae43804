//! The embedded web app: files from `web/static` compiled into the binary, served at `/` with
//! a single-page-app fallback to `index.html`.

use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "web/static/"]
struct Assets;

/// Serves `path` (without the leading `/`), or `index.html` for app routes. `None` when the
/// request is not for the web app (a non-GET, or a missing file with an extension).
pub fn serve(method: &Method, path: &str) -> Option<Response> {
    if method != Method::GET && method != Method::HEAD {
        return None;
    }
    let path = path.trim_start_matches('/');
    let (file, name) = match Assets::get(path).filter(|_| !path.is_empty()) {
        Some(file) => (file, path),
        // A last segment with a dot names a file: missing files are real 404s.
        None if path
            .rsplit('/')
            .next()
            .is_some_and(|last| last.contains('.')) =>
        {
            return None;
        }
        None => (Assets::get("index.html")?, "index.html"),
    };
    let mut content_type = file.metadata.mimetype().to_owned();
    if content_type.starts_with("text/")
        || content_type.ends_with("javascript")
        || content_type.ends_with("json")
    {
        content_type.push_str("; charset=utf-8");
    }
    let cache = if name == "index.html" {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    let mut response = (StatusCode::OK, file.data.into_owned()).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    Some(response)
}
