//! Additive QR endpoints. `POST /api/qr/decode`: a phone on the plain-HTTP LAN cannot open a
//! live camera (getUserMedia needs a secure context), so it posts a photo and the box reads the
//! codes in it. `GET /api/qr/svg`: a code as SVG for `<img>` tags and labels (public: an image
//! request carries no bearer token, and it only encodes the text it is given).

use super::body::read_limited;
use super::query::QueryMap;
use super::reply;
use crate::error::{AppError, AppResult};
use crate::qr;
use axum::extract::Request;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use std::time::Instant;
use tokio::sync::Semaphore;

/// Decodes running at once: a 12 MP photo takes ~100 MB while decoding, and the box has two cores
/// (and maybe 1 GB of RAM), so further photos wait their turn.
static DECODE_SLOTS: Semaphore = Semaphore::const_new(2);

/// The longest text the SVG endpoint encodes, in bytes (a label holds far less).
pub const MAX_SVG_TEXT: usize = 512;

#[derive(Serialize)]
struct DecodeAnswer {
    codes: Vec<String>,
    width: u32,
    height: u32,
    /// Time spent decoding, in milliseconds (not counting the upload or a wait for a slot).
    millis: u64,
}

/// Whether the Content-Type names a picture format the decoder reads (`image/jpg` is a common
/// misspelling of `image/jpeg`).
fn is_supported_image(request: &Request) -> bool {
    let Some(content_type) = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    matches!(
        essence.as_str(),
        "image/jpeg" | "image/jpg" | "image/png" | "image/webp"
    )
}

pub async fn decode(request: Request) -> AppResult<Response> {
    if !is_supported_image(&request) {
        return Err(AppError::UnsupportedMediaType(
            "Content-Type must be image/jpeg, image/png or image/webp".to_owned(),
        ));
    }
    let bytes = read_limited(request.into_body()).await?;
    if bytes.is_empty() {
        return Err(AppError::BadRequest(
            "The request body is empty: send the image bytes".to_owned(),
        ));
    }
    let _slot = DECODE_SLOTS.acquire().await.map_err(AppError::internal)?;
    let (decoded, millis) = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        let decoded = qr::decode_image(&bytes);
        (decoded, started.elapsed().as_millis() as u64)
    })
    .await
    .map_err(AppError::internal)?;
    let decoded = decoded?;
    Ok(reply::ok(
        "Success",
        DecodeAnswer {
            codes: decoded.codes,
            width: decoded.width,
            height: decoded.height,
            millis,
        },
    ))
}

pub async fn svg(query: QueryMap) -> AppResult<Response> {
    let text = query.0.get("text").map(String::as_str).unwrap_or("");
    if text.is_empty() || text.len() > MAX_SVG_TEXT {
        return Err(AppError::BadRequest(format!(
            "text is required: 1 to {MAX_SVG_TEXT} bytes"
        )));
    }
    let ec = match query.0.get("ec") {
        None => qr::EcLevel::M,
        Some(level) => qr::parse_ec(level)
            .ok_or_else(|| AppError::BadRequest("ec must be M, Q or H".to_owned()))?,
    };
    let svg = qr::render_svg(text, ec)?;
    Ok((
        [
            (CONTENT_TYPE, "image/svg+xml; charset=utf-8"),
            (CACHE_CONTROL, "public, max-age=86400"),
        ],
        svg,
    )
        .into_response())
}
