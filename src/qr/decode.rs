//! Decoding with rxing (a port of ZXing) first and rqrr (a port of quirc) as the fallback: on
//! the generated set of `qr::bench` rxing reads far more blurred, noisy and glared frames, in a
//! fraction of rqrr's time, and rqrr still rescues a few (README "QR decoding"). Each decoder
//! tries the image as is and inverted (white-on-black codes), at a working size first and at
//! full resolution when a small code may have been lost.

use image::imageops::FilterType;
use image::{GrayImage, ImageReader, Limits};
use std::io::Cursor;
use std::panic::{self, AssertUnwindSafe};

use super::QrError;

/// Phone photos are 12 MP; rqrr's time grows with the pixel count, and a label filling a tenth
/// of the frame still has several pixels per module at this size.
pub const WORKING_LONG_SIDE: u32 = 1600;

/// A downscaled image that gave nothing is tried once more at full size up to this long side
/// (a 12 MP photo is 4032 × 3024); larger photos would cost seconds on a Raspberry Pi.
pub const FULL_RESOLUTION_LIMIT: u32 = 4096;

/// Decoder limits against decompression bombs: a few KB of PNG can claim gigapixels.
pub(super) const MAX_SIDE: u32 = 12_000;
const MAX_ALLOC: u64 = 256 * 1024 * 1024;

/// What a picture held: its codes (distinct, in the order found) and its size in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub codes: Vec<String>,
    pub width: u32,
    pub height: u32,
}

/// Every QR code in an encoded JPEG, PNG or WebP picture (the format is read from the bytes).
pub fn decode_image(bytes: &[u8]) -> Result<Decoded, QrError> {
    let grey = load_grey(bytes)?;
    let (width, height) = grey.dimensions();
    let long_side = width.max(height);
    if long_side > WORKING_LONG_SIDE {
        let scale = f64::from(WORKING_LONG_SIDE) / f64::from(long_side);
        let small_width = ((f64::from(width) * scale).round() as u32).max(1);
        let small_height = ((f64::from(height) * scale).round() as u32).max(1);
        let small = image::imageops::resize(&grey, small_width, small_height, FilterType::Triangle);
        let codes = decode_luma(small_width, small_height, small.as_raw());
        if !codes.is_empty() || long_side > FULL_RESOLUTION_LIMIT {
            return Ok(Decoded {
                codes,
                width,
                height,
            });
        }
    }
    Ok(Decoded {
        codes: decode_luma(width, height, grey.as_raw()),
        width,
        height,
    })
}

/// The picture as 8-bit grey. Untrusted bytes: a panicking decoder is a bad image, not a crash.
fn load_grey(bytes: &[u8]) -> Result<GrayImage, QrError> {
    let read = || -> Result<GrayImage, QrError> {
        let mut reader = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|_| QrError::NotAnImage)?;
        let mut limits = Limits::default();
        limits.max_image_width = Some(MAX_SIDE);
        limits.max_image_height = Some(MAX_SIDE);
        limits.max_alloc = Some(MAX_ALLOC);
        reader.limits(limits);
        let picture = reader.decode().map_err(|e| match e {
            image::ImageError::Limits(_) => QrError::TooLarge,
            _ => QrError::NotAnImage,
        })?;
        Ok(picture.to_luma8())
    };
    panic::catch_unwind(AssertUnwindSafe(read)).unwrap_or_else(|_| {
        tracing::warn!("the image decoder panicked; treating the body as not an image");
        Err(QrError::NotAnImage)
    })
}

/// Which decoder(s) to run; the chain is what the box uses, the others are for `qr::bench`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoder {
    Rxing,
    Rqrr,
    /// rxing, then rqrr when rxing found nothing.
    Chain,
}

/// Every QR code in an 8-bit grey image (`luma` row by row, `width × height` bytes), with
/// rxing then rqrr, each trying the inverted image when the plain one has none. A size that
/// does not match the buffer, or a panic inside a decoder, gives no codes.
pub fn decode_luma(width: u32, height: u32, luma: &[u8]) -> Vec<String> {
    decode_luma_with(Decoder::Chain, width, height, luma)
}

/// [`decode_luma`] with a chosen decoder.
pub fn decode_luma_with(decoder: Decoder, width: u32, height: u32, luma: &[u8]) -> Vec<String> {
    let (w, h) = (width as usize, height as usize);
    if w == 0 || h == 0 || w.checked_mul(h) != Some(luma.len()) {
        tracing::warn!(
            width,
            height,
            bytes = luma.len(),
            "QR decode: size does not match the buffer"
        );
        return Vec::new();
    }
    let with_rxing = || {
        let codes = guarded(|| scan_rxing(width, height, luma, false));
        if !codes.is_empty() {
            return codes;
        }
        guarded(|| scan_rxing(width, height, luma, true))
    };
    let with_rqrr = || {
        let codes = guarded(|| scan(w, h, |x, y| luma[y * w + x]));
        if !codes.is_empty() {
            return codes;
        }
        guarded(|| scan(w, h, |x, y| 255 - luma[y * w + x]))
    };
    match decoder {
        Decoder::Rxing => with_rxing(),
        Decoder::Rqrr => with_rqrr(),
        Decoder::Chain => {
            let codes = with_rxing();
            if codes.is_empty() { with_rqrr() } else { codes }
        }
    }
}

/// Runs one decoder pass, turning a panic into "no codes": rqrr has asserts and `expect`s deep
/// inside, and a photo must never take the server down. (Needs `panic = "unwind"`.)
fn guarded(pass: impl FnOnce() -> Vec<String>) -> Vec<String> {
    panic::catch_unwind(AssertUnwindSafe(pass)).unwrap_or_else(|_| {
        tracing::warn!("the QR decoder panicked; reporting no codes");
        Vec::new()
    })
}

/// rxing's multi-code QR reader on the grey bytes as they are (no copy, no colour conversion);
/// `inverted` flips the luminance source for white-on-black codes.
fn scan_rxing(width: u32, height: u32, luma: &[u8], inverted: bool) -> Vec<String> {
    use rxing::multi::MultipleBarcodeReader;
    use rxing::{LuminanceSource, multi::qrcode::QRCodeMultiReader};
    let Ok(mut source) = rxing::Luma8Source::new_with_slice(luma, width, height) else {
        return Vec::new();
    };
    if inverted {
        source.invert();
    }
    let mut bitmap = rxing::BinaryBitmap::new(rxing::common::HybridBinarizer::new(source));
    let hints = rxing::DecodeHints {
        TryHarder: Some(true),
        ..rxing::DecodeHints::default()
    };
    let found = QRCodeMultiReader::default()
        .decode_multiple_with_hints(&mut bitmap, &hints)
        .unwrap_or_default();
    let mut codes: Vec<String> = Vec::new();
    for result in found {
        let text = result.getText().to_owned();
        if !codes.contains(&text) {
            codes.push(text);
        }
    }
    codes
}

fn scan(w: usize, h: usize, pixel: impl Fn(usize, usize) -> u8) -> Vec<String> {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(w, h, pixel);
    let mut codes: Vec<String> = Vec::new();
    for grid in prepared.detect_grids() {
        match grid.decode() {
            Ok((_, text)) if !codes.contains(&text) => codes.push(text),
            Ok(_) => {}
            // A finder pattern that is not a readable code (blur, damage, a look-alike).
            Err(error) => tracing::debug!(%error, "QR grid found but not decoded"),
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::render::{EcLevel, render_svg};
    use image::{ImageEncoder, Luma};

    /// The dark rectangles of an SVG from `render_svg` (`M{x} {y}h{w}v{h}H{x}V{y}`), and the
    /// viewBox side.
    fn svg_rects(svg: &str) -> (u32, Vec<[u32; 4]>) {
        let view_box = svg
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
        let rects = path
            .split('M')
            .filter(|part| !part.is_empty())
            .map(|part| {
                let n: Vec<u32> = part
                    .split(|c: char| !c.is_ascii_digit())
                    .filter(|s| !s.is_empty())
                    .map(|s| s.parse().expect("a number"))
                    .collect();
                [n[0], n[1], n[2], n[3]]
            })
            .collect();
        (view_box, rects)
    }

    /// Rasterises `render_svg(text)` at `px` pixels per module (the SVG draws 8 units per module).
    fn rasterise(text: &str, ec: EcLevel, px: u32, inverted: bool) -> GrayImage {
        let svg = render_svg(text, ec).expect("renders");
        let (side, rects) = svg_rects(&svg);
        let size = side / 8 * px;
        let (light, dark) = if inverted { (0, 255) } else { (255, 0) };
        let mut image = GrayImage::from_pixel(size, size, Luma([light]));
        for [x, y, w, h] in rects {
            for yy in y / 8 * px..(y + h) / 8 * px {
                for xx in x / 8 * px..(x + w) / 8 * px {
                    image.put_pixel(xx, yy, Luma([dark]));
                }
            }
        }
        image
    }

    fn png(image: &GrayImage) -> Vec<u8> {
        let mut bytes = Vec::new();
        image::codecs::png::PngEncoder::new(&mut bytes)
            .write_image(
                image.as_raw(),
                image.width(),
                image.height(),
                image::ExtendedColorType::L8,
            )
            .expect("encodes");
        bytes
    }

    #[test]
    fn rendered_codes_decode_back_at_several_sizes() {
        for (text, ec) in [
            ("STDPLUS:PNE-0001", EcLevel::M),
            ("STDPLUS:PNE-0001", EcLevel::H),
            ("STDPLUS:ORD-2026-00042 กระจกนิรภัย", EcLevel::Q),
        ] {
            for px in [3, 4, 8, 16] {
                let image = rasterise(text, ec, px, false);
                let codes = decode_luma(image.width(), image.height(), image.as_raw());
                assert_eq!(codes, vec![text.to_owned()], "{text} at {px} px/module");
            }
        }
    }

    #[test]
    fn white_on_black_codes_decode_through_the_inverted_pass() {
        for px in [4, 10] {
            let image = rasterise("STDPLUS:PNE-0042", EcLevel::M, px, true);
            let codes = decode_luma(image.width(), image.height(), image.as_raw());
            assert_eq!(codes, vec!["STDPLUS:PNE-0042".to_owned()], "{px} px/module");
        }
    }

    #[test]
    fn a_large_picture_is_decoded_downscaled_and_a_small_code_at_full_size() {
        // A 2400 × 1800 picture (downscaled to 1600 × 1200 first) with two codes.
        let mut picture = GrayImage::from_pixel(2400, 1800, Luma([200]));
        let big = rasterise("STDPLUS:PNE-0001", EcLevel::M, 12, false);
        image::imageops::replace(&mut picture, &big, 300, 200);
        let other = rasterise("STDPLUS:PNE-0002", EcLevel::M, 12, false);
        image::imageops::replace(&mut picture, &other, 1500, 900);
        let decoded = decode_image(&png(&picture)).expect("an image");
        assert_eq!((decoded.width, decoded.height), (2400, 1800));
        let mut codes = decoded.codes;
        codes.sort();
        assert_eq!(codes, ["STDPLUS:PNE-0001", "STDPLUS:PNE-0002"]);

        // At 2 px/module the code is lost in the 2/3 downscale and found at full size.
        let mut picture = GrayImage::from_pixel(2400, 1800, Luma([255]));
        let small = rasterise("STDPLUS:PNE-0003", EcLevel::M, 2, false);
        image::imageops::replace(&mut picture, &small, 1000, 700);
        let small = image::imageops::resize(&picture, 1600, 1200, FilterType::Triangle);
        assert!(decode_luma(1600, 1200, small.as_raw()).is_empty());
        let decoded = decode_image(&png(&picture)).expect("an image");
        assert_eq!(decoded.codes, ["STDPLUS:PNE-0003"]);
    }

    #[test]
    fn the_same_code_twice_is_reported_once() {
        let mut picture = GrayImage::from_pixel(800, 400, Luma([255]));
        let code = rasterise("STDPLUS:PNE-0007", EcLevel::M, 6, false);
        image::imageops::replace(&mut picture, &code, 20, 20);
        image::imageops::replace(&mut picture, &code, 450, 50);
        assert_eq!(
            decode_luma(800, 400, picture.as_raw()),
            ["STDPLUS:PNE-0007"]
        );
    }

    #[test]
    fn pictures_without_codes_and_bad_buffers_give_nothing() {
        let blank = GrayImage::from_pixel(640, 480, Luma([255]));
        assert!(decode_luma(640, 480, blank.as_raw()).is_empty());
        assert!(decode_luma(641, 480, blank.as_raw()).is_empty());
        assert!(decode_luma(0, 0, &[]).is_empty());
        let decoded = decode_image(&png(&blank)).expect("an image");
        assert_eq!((decoded.codes.len(), decoded.width), (0, 640));
    }

    #[test]
    fn garbage_is_not_an_image() {
        let mut truncated = png(&rasterise("STDPLUS:PNE-0001", EcLevel::M, 4, false));
        truncated.truncate(60);
        let jpeg_header = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F', 0, 1];
        for bytes in [
            Vec::new(),
            b"hello, this is not a picture".to_vec(),
            vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1A, b'\n', 1, 2, 3],
            truncated,
            jpeg_header,
            (0..=255u8).cycle().take(10_000).collect(),
        ] {
            assert!(
                matches!(decode_image(&bytes), Err(QrError::NotAnImage)),
                "{} bytes",
                bytes.len()
            );
        }
    }

    #[test]
    fn a_picture_claiming_huge_dimensions_is_refused_before_allocation() {
        // A valid PNG header for 60000 × 60000 pixels, with almost no data.
        let mut bytes = png(&GrayImage::from_pixel(1, 1, Luma([0])));
        bytes[16..20].copy_from_slice(&60_000u32.to_be_bytes());
        bytes[20..24].copy_from_slice(&60_000u32.to_be_bytes());
        let crc = crc(&bytes[12..29]);
        bytes[29..33].copy_from_slice(&crc.to_be_bytes());
        assert!(matches!(decode_image(&bytes), Err(QrError::TooLarge)));
    }

    /// PNG's CRC-32, for the edited header chunk.
    fn crc(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for byte in data {
            crc ^= u32::from(*byte);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn a_panicking_pass_reports_no_codes() {
        assert!(guarded(|| panic!("decoder bug")).is_empty());
    }
}
