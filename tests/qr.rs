//! The additive QR endpoints against the real server: photos posted as JPEG, PNG or WebP decode
//! to their codes (inverted and photo-like ones too), bad uploads get clear 4xx envelopes, and
//! the public SVG endpoint draws codes that decode back.

mod common;

use common::{Answer, Api, TestServer};
use image::{GrayImage, ImageFormat, Luma, Rgb, RgbImage};
use reqwest::Method;
use serde_json::json;
use std::io::Cursor;

const CODE: &str = "STDPLUS:PNE-0001";

/// The code of `text` at `px` pixels a module, 4 modules of quiet zone, black on white.
fn code_picture(text: &str, px: u32) -> GrayImage {
    let code = qrcode::QrCode::new(text.as_bytes()).expect("encodes");
    let n = code.width() as u32;
    let colors = code.to_colors();
    GrayImage::from_fn((n + 8) * px, (n + 8) * px, |x, y| {
        let (mx, my) = (x / px, y / px);
        let inside = (4..n + 4).contains(&mx) && (4..n + 4).contains(&my);
        let dark =
            inside && colors[((my - 4) * n + (mx - 4)) as usize] == qrcode::types::Color::Dark;
        Luma([if dark { 0 } else { 255 }])
    })
}

fn encode(picture: &GrayImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Cursor::new(Vec::new());
    picture.write_to(&mut bytes, format).expect("encodes");
    bytes.into_inner()
}

async fn post(api: &Api, token: Option<&str>, content_type: &str, bytes: Vec<u8>) -> Answer {
    api.send_bytes(Method::POST, "/api/qr/decode", token, content_type, bytes)
        .await
}

/// A successful decode's codes, after checking the envelope and the reported size.
#[track_caller]
fn codes(answer: &Answer, width: u32, height: u32) -> Vec<String> {
    answer.expect(200);
    assert_eq!(answer.body["success"], true);
    assert_eq!(answer.message(), "Success");
    let data = answer.data();
    assert_eq!(
        common::keys(data),
        ["codes", "width", "height", "millis"],
        "{data}"
    );
    assert_eq!(
        (data["width"].as_u64(), data["height"].as_u64()),
        (Some(width.into()), Some(height.into()))
    );
    assert!(data["millis"].is_u64(), "{data}");
    serde_json::from_value(data["codes"].clone()).expect("a list of strings")
}

#[tokio::test]
async fn a_code_posted_as_png_jpeg_or_webp_decodes() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let worker = api.user_with(&admin, "floor", &[]).await;

    let picture = code_picture(CODE, 8);
    let side = picture.width();
    for (content_type, format) in [
        ("image/png", ImageFormat::Png),
        ("image/jpeg", ImageFormat::Jpeg),
        ("image/webp", ImageFormat::WebP),
        // Parameters and case are ignored; image/jpg is a common misspelling.
        ("Image/PNG; name=label.png", ImageFormat::Png),
        ("image/jpg", ImageFormat::Jpeg),
    ] {
        let answer = post(api, Some(&worker), content_type, encode(&picture, format)).await;
        assert_eq!(codes(&answer, side, side), [CODE], "{content_type}");
    }
    server.stop().await;
}

#[tokio::test]
async fn white_on_black_codes_decode() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let mut picture = code_picture("STDPLUS:PNE-0042", 6);
    image::imageops::invert(&mut picture);
    let side = picture.width();
    let answer = post(
        api,
        Some(&admin),
        "image/png",
        encode(&picture, ImageFormat::Png),
    )
    .await;
    assert_eq!(codes(&answer, side, side), ["STDPLUS:PNE-0042"]);
    server.stop().await;
}

/// Deterministic noise in -12..=12 (a small LCG; the test must not depend on luck).
struct Noise(u64);

impl Noise {
    fn next(&mut self) -> i32 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % 25) as i32 - 12
    }
}

#[tokio::test]
async fn a_small_code_in_a_large_noisy_photo_decodes() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    // 3000 × 2000 (downscaled to 1600 × 1067 before decoding), a shaded tinted background, the
    // label at 7 px/module off-centre (about 3.7 px/module after the downscale), noise everywhere,
    // sent as a JPEG like a phone's.
    let label = code_picture(CODE, 7);
    let (left, top) = (1930, 1210);
    let mut noise = Noise(7);
    let photo = RgbImage::from_fn(3000, 2000, |x, y| {
        let in_label =
            (left..left + label.width()).contains(&x) && (top..top + label.height()).contains(&y);
        let base = if in_label {
            if label.get_pixel(x - left, y - top).0[0] == 0 {
                35
            } else {
                215
            }
        } else {
            110 + ((x + y) / 50 % 60) as i32
        };
        let v = base + noise.next();
        let c = |d: i32| (v + d).clamp(0, 255) as u8;
        Rgb([c(12), c(0), c(-10)])
    });
    let mut jpeg = Vec::new();
    photo
        .write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(
            &mut jpeg, 88,
        ))
        .expect("encodes");
    assert!(jpeg.len() < 10 * 1024 * 1024);
    let answer = post(api, Some(&admin), "image/jpeg", jpeg).await;
    assert_eq!(codes(&answer, 3000, 2000), [CODE]);
    server.stop().await;
}

#[tokio::test]
async fn several_codes_are_all_reported_and_no_code_is_an_empty_list() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let mut sheet = GrayImage::from_pixel(900, 400, Luma([240]));
    image::imageops::replace(&mut sheet, &code_picture("STDPLUS:PNE-0001", 6), 30, 30);
    image::imageops::replace(&mut sheet, &code_picture("STDPLUS:PNE-0002", 6), 500, 60);
    let answer = post(
        api,
        Some(&admin),
        "image/png",
        encode(&sheet, ImageFormat::Png),
    )
    .await;
    let mut found = codes(&answer, 900, 400);
    found.sort();
    assert_eq!(found, ["STDPLUS:PNE-0001", "STDPLUS:PNE-0002"]);

    let blank = GrayImage::from_fn(640, 480, |x, y| Luma([((x * 7 + y * 3) % 256) as u8]));
    let answer = post(
        api,
        Some(&admin),
        "image/jpeg",
        encode(&blank, ImageFormat::Jpeg),
    )
    .await;
    assert!(codes(&answer, 640, 480).is_empty());
    server.stop().await;
}

#[tokio::test]
async fn parallel_uploads_are_all_answered() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    let uploads = (1..=5).map(|n| {
        let text = format!("STDPLUS:PNE-{n:04}");
        let bytes = encode(&code_picture(&text, 5), ImageFormat::Png);
        let (api, admin) = (api.clone(), admin.clone());
        async move { (text, post(&api, Some(&admin), "image/png", bytes).await) }
    });
    for (text, answer) in futures_util::future::join_all(uploads).await {
        answer.expect(200);
        assert_eq!(answer.data()["codes"], json!([text]));
    }
    server.stop().await;
}

#[tokio::test]
async fn bad_uploads_get_clear_4xx_envelopes() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;
    let png = encode(&code_picture(CODE, 4), ImageFormat::Png);

    // Not a picture type the box reads: 415, whatever the bytes.
    for content_type in [
        "application/json",
        "text/plain",
        "image/gif",
        "image/heic",
        "application/octet-stream",
        "multipart/form-data; boundary=x",
    ] {
        let answer = post(api, Some(&admin), content_type, png.clone()).await;
        answer.expect(415);
        assert_eq!(
            answer.body,
            json!({"success": false, "message": "Content-Type must be image/jpeg, image/png or image/webp"}),
            "{content_type}"
        );
    }
    let answer = api
        .send(
            Method::POST,
            "/api/qr/decode",
            Some(&admin),
            Some(json!({"image": "x"})),
        )
        .await;
    answer.expect(415);

    // An empty body: 400.
    let answer = post(api, Some(&admin), "image/png", Vec::new()).await;
    answer.expect(400);
    assert_eq!(
        answer.body,
        json!({"success": false, "message": "The request body is empty: send the image bytes"})
    );

    // Bytes that are not a readable picture: 400, never 500.
    let mut truncated = encode(&code_picture(CODE, 8), ImageFormat::Png);
    truncated.truncate(truncated.len() / 3);
    for (content_type, bytes) in [
        ("image/png", b"definitely not a png".to_vec()),
        ("image/jpeg", vec![0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02]),
        ("image/webp", b"RIFF\x10\0\0\0WEBPVP8 garbage".to_vec()),
        ("image/png", truncated),
    ] {
        let answer = post(api, Some(&admin), content_type, bytes).await;
        answer.expect(400);
        assert_eq!(
            answer.body,
            json!({"success": false, "message": "The body is not a readable JPEG, PNG or WebP image"}),
            "{content_type}"
        );
    }

    // A truncated JPEG is read as far as it goes (the decoder fills the rest): never a 500.
    let mut cut = encode(&code_picture(CODE, 8), ImageFormat::Jpeg);
    cut.truncate(cut.len() / 3);
    let answer = post(api, Some(&admin), "image/jpeg", cut).await;
    assert!(
        answer.status.as_u16() == 200 || answer.status.as_u16() == 400,
        "{}",
        answer.body
    );

    // Above the API's 10 MB body limit: 413 like every other route.
    let answer = post(
        api,
        Some(&admin),
        "image/jpeg",
        vec![0u8; 10 * 1024 * 1024 + 1],
    )
    .await;
    answer.expect(413);
    assert_eq!(
        answer.body,
        json!({"success": false, "message": "Request body is larger than 10 MB"})
    );

    // No token, or a bad one: 401 before anything is read.
    let answer = post(api, None, "image/png", png.clone()).await;
    answer.expect(401);
    assert_eq!(
        answer.body,
        json!({"success": false, "message": "Not authenticated"})
    );
    let answer = post(api, Some("not.a.token"), "image/png", png).await;
    answer.expect(401);
    server.stop().await;
}

/// The SVG of a GET without a token: status, headers and text.
async fn get_svg(server: &TestServer, query: &str) -> reqwest::Response {
    reqwest::get(format!("{}/api/qr/svg{query}", server.base_url()))
        .await
        .expect("request sent")
}

/// Draws the dark rectangles of the box's SVG (`M{x} {y}h{w}v{h}H{x}V{y}` in a viewBox of 8
/// units a module) at `px` pixels a module.
fn rasterise(svg: &str, px: u32) -> GrayImage {
    let side: u32 = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|side| side.parse().ok())
        .expect("a viewBox");
    let path = svg
        .split(" d=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a path");
    let mut picture = GrayImage::from_pixel(side / 8 * px, side / 8 * px, Luma([255]));
    for part in path.split('M').filter(|part| !part.is_empty()) {
        let n: Vec<u32> = part
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("a number"))
            .collect();
        let [x, y, w, h] = [n[0], n[1], n[2], n[3]];
        for yy in y / 8 * px..(y + h) / 8 * px {
            for xx in x / 8 * px..(x + w) / 8 * px {
                picture.put_pixel(xx, yy, Luma([0]));
            }
        }
    }
    picture
}

#[tokio::test]
async fn the_svg_endpoint_draws_codes_that_decode_back() {
    let server = TestServer::start().await;
    let api = &server.api;
    let admin = server.admin_token().await;

    for (query, text) in [
        ("?text=STDPLUS%3APNE-0001", CODE),
        ("?text=STDPLUS:PNE-0001&ec=H", CODE),
        ("?text=A%26B+c%3Dd%20%E0%B8%81&ec=q", "A&B c=d ก"),
    ] {
        let response = get_svg(&server, query).await;
        assert_eq!(response.status().as_u16(), 200, "{query}");
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "image/svg+xml; charset=utf-8");
        assert_eq!(headers["cache-control"], "public, max-age=86400");
        let svg = response.text().await.expect("a body");
        assert!(svg.starts_with("<?xml") && svg.ends_with("</svg>"), "{svg}");
        assert!(svg.contains("viewBox=\"0 0 "), "{svg}");

        let picture = rasterise(&svg, 4);
        let side = picture.width();
        let answer = post(
            api,
            Some(&admin),
            "image/png",
            encode(&picture, ImageFormat::Png),
        )
        .await;
        assert_eq!(codes(&answer, side, side), [text], "{query}");
    }

    // The level changes the code; M is the default.
    let default = get_svg(&server, "?text=X").await.text().await.expect("svg");
    let m = get_svg(&server, "?text=X&ec=M")
        .await
        .text()
        .await
        .expect("svg");
    let h = get_svg(&server, "?text=X&ec=H")
        .await
        .text()
        .await
        .expect("svg");
    assert_eq!(default, m);
    assert_ne!(m, h);
    server.stop().await;
}

#[tokio::test]
async fn the_svg_endpoint_refuses_bad_text_and_levels() {
    let server = TestServer::start().await;
    let api = &server.api;
    let text_error = json!({"success": false, "message": "text is required: 1 to 512 bytes"});
    let ec_error = json!({"success": false, "message": "ec must be M, Q or H"});
    let longest = "x".repeat(512);
    let too_long = "x".repeat(513);
    // 171 three-byte characters: 513 bytes.
    let too_long_thai = "ก".repeat(171);
    for (query, expected) in [
        (String::new(), &text_error),
        ("?text=".to_owned(), &text_error),
        ("?ec=H".to_owned(), &text_error),
        (format!("?text={too_long}"), &text_error),
        (format!("?text={too_long_thai}"), &text_error),
        ("?text=X&ec=L".to_owned(), &ec_error),
        ("?text=X&ec=Z".to_owned(), &ec_error),
        ("?text=X&ec=".to_owned(), &ec_error),
    ] {
        let answer = api
            .send(Method::GET, &format!("/api/qr/svg{query}"), None, None)
            .await;
        answer.expect(400);
        assert_eq!(&answer.body, expected, "{query}");
    }
    let response = get_svg(&server, &format!("?text={longest}&ec=H")).await;
    assert_eq!(response.status().as_u16(), 200);
    server.stop().await;
}
