//! Guard cases of the additive QR routes: decoding a photo takes any token (workers and, later,
//! kiosk devices); the SVG is public because `<img>` requests carry no bearer token.

use super::{Access, Case, Target, case, no_body, raw_body};
use serde_json::Value;

/// A blank 32 × 32 PNG: a readable picture with no code (200, `codes: []`).
fn blank_png(_: usize) -> Option<Value> {
    let picture = image::GrayImage::from_pixel(32, 32, image::Luma([255]));
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Png)
        .expect("encodes");
    Some(raw_body("image/png", &bytes.into_inner()))
}

pub(super) fn cases() -> Vec<Case> {
    vec![
        case(
            "POST",
            "/qr/decode",
            Target::None,
            blank_png,
            Access::Auth,
            200,
        ),
        case(
            "GET",
            "/qr/svg",
            Target::Query("?text=STDPLUS%3APNE-0001&ec=Q"),
            no_body,
            Access::Public,
            200,
        ),
    ]
}
