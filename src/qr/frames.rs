//! A labelled set of generated 640×480 grey camera frames (pane stickers at several sizes,
//! rotated, blurred, noisy, glared, inverted, partly covered, and frames without a code), so
//! the decoders can be measured and the camera pipeline tested without a camera. Seeded: the
//! same set every run.

use image::{GrayImage, Luma};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

pub const FRAME_WIDTH: u32 = 640;
pub const FRAME_HEIGHT: u32 = 480;

/// How a sticker is degraded in a category of frames.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Look {
    /// Pixels per QR module.
    pub px_per_module: f32,
    /// Rotation in degrees (each frame adds a little jitter).
    pub rotation: f32,
    /// Gaussian blur sigma in pixels (0: sharp).
    pub blur: f32,
    /// Amplitude of uniform per-pixel noise (± grey levels).
    pub noise: u8,
    /// A bright reflection over part of the code.
    pub glare: bool,
    /// White modules on black.
    pub inverted: bool,
    /// Share of the data area hidden under an occluder (a thumb, tape).
    pub covered: f32,
}

impl Look {
    pub const fn sharp(px_per_module: f32) -> Self {
        Look {
            px_per_module,
            rotation: 0.0,
            blur: 0.0,
            noise: 0,
            glare: false,
            inverted: false,
            covered: 0.0,
        }
    }
}

/// A named group of frames; `look: None` is a frame with no code at all.
#[derive(Clone, Copy, Debug)]
pub struct Category {
    pub name: &'static str,
    pub look: Option<Look>,
    /// Whether a factory needs this case to read reliably (the acceptance threshold applies).
    pub must_read: bool,
}

const fn with(name: &'static str, look: Look, must_read: bool) -> Category {
    Category {
        name,
        look: Some(look),
        must_read,
    }
}

/// The categories of the set, easiest first.
pub const CATEGORIES: &[Category] = &[
    with("sharp 10 px/module", Look::sharp(10.0), true),
    with("sharp 6 px/module", Look::sharp(6.0), true),
    with("sharp 4 px/module", Look::sharp(4.0), true),
    with("sharp 3 px/module", Look::sharp(3.0), true),
    with("sharp 2 px/module", Look::sharp(2.0), false),
    with(
        "rotated 10-30 deg, 5 px",
        Look {
            rotation: 20.0,
            ..Look::sharp(5.0)
        },
        true,
    ),
    with(
        "rotated 45 deg, 5 px",
        Look {
            rotation: 45.0,
            ..Look::sharp(5.0)
        },
        true,
    ),
    with(
        "inverted 4 px",
        Look {
            inverted: true,
            ..Look::sharp(4.0)
        },
        true,
    ),
    with(
        "blur s=1.0, 5 px",
        Look {
            blur: 1.0,
            ..Look::sharp(5.0)
        },
        false,
    ),
    with(
        "blur s=1.5, 6 px",
        Look {
            blur: 1.5,
            ..Look::sharp(6.0)
        },
        false,
    ),
    with(
        "blur s=2.5, 6 px",
        Look {
            blur: 2.5,
            ..Look::sharp(6.0)
        },
        false,
    ),
    with(
        "noise +-30, 4 px",
        Look {
            noise: 30,
            ..Look::sharp(4.0)
        },
        false,
    ),
    with(
        "glare, 5 px",
        Look {
            glare: true,
            ..Look::sharp(5.0)
        },
        false,
    ),
    with(
        "partly covered 8%, 5 px",
        Look {
            covered: 0.08,
            ..Look::sharp(5.0)
        },
        false,
    ),
    with(
        "blur 1.0 + noise + 15 deg, 5 px",
        Look {
            blur: 1.0,
            noise: 20,
            rotation: 15.0,
            ..Look::sharp(5.0)
        },
        false,
    ),
    Category {
        name: "no code",
        look: None,
        must_read: false,
    },
];

/// One generated frame and the text it holds (`None`: no code).
pub struct Frame {
    pub category: &'static str,
    pub expected: Option<String>,
    pub image: GrayImage,
}

/// `per_category` frames of every category, seeded by `seed`.
pub fn labelled_set(per_category: usize, seed: u64) -> Vec<Frame> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut frames = Vec::new();
    for category in CATEGORIES {
        for _ in 0..per_category {
            let text = format!("STDPLUS:PNE-{:04}", rng.random_range(1..10_000));
            let image = match category.look {
                Some(look) => sticker_frame(&text, look, &mut rng),
                None => background(&mut rng),
            };
            frames.push(Frame {
                category: category.name,
                expected: category.look.map(|_| text),
                image,
            });
        }
    }
    frames
}

/// A textured background: a lighting gradient and a few darker shapes (a bench, a frame).
fn background(rng: &mut StdRng) -> GrayImage {
    let base = rng.random_range(150..210) as f32;
    let slope_x = rng.random_range(-0.08..0.08f32);
    let slope_y = rng.random_range(-0.08..0.08f32);
    let mut image = GrayImage::from_fn(FRAME_WIDTH, FRAME_HEIGHT, |x, y| {
        let level = base + slope_x * x as f32 + slope_y * y as f32;
        Luma([level.clamp(0.0, 255.0) as u8])
    });
    for _ in 0..3 {
        let (x0, y0) = (
            rng.random_range(0..FRAME_WIDTH),
            rng.random_range(0..FRAME_HEIGHT),
        );
        let (w, h) = (rng.random_range(20..160), rng.random_range(20..160));
        let shade = rng.random_range(40..120);
        for y in y0..(y0 + h).min(FRAME_HEIGHT) {
            for x in x0..(x0 + w).min(FRAME_WIDTH) {
                image.put_pixel(x, y, Luma([shade]));
            }
        }
    }
    image
}

/// The modules of `text` as a square of booleans (true: dark), quiet zone not included.
pub fn modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).ok()?;
    let dark = code
        .to_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    Some((code.width(), dark))
}

/// A frame with the sticker for `text` drawn as `look` says, somewhere that fits.
pub fn sticker_frame(text: &str, look: Look, rng: &mut StdRng) -> GrayImage {
    let mut image = background(rng);
    let Some((side, dark)) = modules(text) else {
        return image;
    };
    let quiet = 4.0;
    let span = side as f32 + 2.0 * quiet;
    let scale = look.px_per_module;
    let jitter = if look.rotation == 0.0 {
        0.0
    } else {
        rng.random_range(-10.0..10.0f32)
    };
    let angle = (look.rotation + jitter).to_radians();
    let (sin, cos) = angle.sin_cos();
    // The rotated sticker's bounding half-size, in pixels, to keep it inside the frame.
    let half = span * scale / 2.0 * (cos.abs() + sin.abs());
    let margin_x = (FRAME_WIDTH as f32 / 2.0 - half).max(0.0);
    let margin_y = (FRAME_HEIGHT as f32 / 2.0 - half).max(0.0);
    let centre_x = FRAME_WIDTH as f32 / 2.0 + rng.random_range(-margin_x..=margin_x);
    let centre_y = FRAME_HEIGHT as f32 / 2.0 + rng.random_range(-margin_y..=margin_y);
    let (paper, ink) = if look.inverted {
        (25.0, 235.0)
    } else {
        (240.0, 20.0)
    };
    // 3×3 supersampling: edges get the grey a lens gives them.
    let offsets = [1.0 / 6.0, 0.5, 5.0 / 6.0];
    let reach = half.ceil() as i64 + 2;
    for py in (centre_y as i64 - reach)..(centre_y as i64 + reach) {
        for px in (centre_x as i64 - reach)..(centre_x as i64 + reach) {
            if px < 0 || py < 0 || px >= FRAME_WIDTH as i64 || py >= FRAME_HEIGHT as i64 {
                continue;
            }
            let mut sum = 0.0;
            let mut inside = 0;
            for oy in offsets {
                for ox in offsets {
                    let dx = px as f32 + ox - centre_x;
                    let dy = py as f32 + oy - centre_y;
                    // Inverse rotation into sticker space, in modules from the quiet corner.
                    let u = (cos * dx + sin * dy) / scale + span / 2.0;
                    let v = (-sin * dx + cos * dy) / scale + span / 2.0;
                    if u < 0.0 || v < 0.0 || u >= span || v >= span {
                        continue;
                    }
                    inside += 1;
                    let (mx, my) = (u - quiet, v - quiet);
                    let is_dark = mx >= 0.0
                        && my >= 0.0
                        && (mx as usize) < side
                        && (my as usize) < side
                        && dark[my as usize * side + mx as usize];
                    sum += if is_dark { ink } else { paper };
                }
            }
            if inside > 0 {
                let behind = f32::from(image.get_pixel(px as u32, py as u32)[0]);
                let value = (sum + behind * (9 - inside) as f32) / 9.0;
                image.put_pixel(px as u32, py as u32, Luma([value as u8]));
            }
        }
    }
    if look.covered > 0.0 {
        // A band across the middle rows of the data area (finder patterns stay visible).
        let code_px = side as f32 * scale;
        let band = code_px * look.covered;
        let top = centre_y - band / 2.0;
        let left = centre_x - code_px / 2.0;
        let shade = rng.random_range(60..120);
        for y in top as u32..(top + band) as u32 {
            for x in left.max(0.0) as u32..((left + code_px) as u32).min(FRAME_WIDTH) {
                if y < FRAME_HEIGHT {
                    image.put_pixel(x, y, Luma([shade]));
                }
            }
        }
    }
    if look.glare {
        let radius = span * scale * rng.random_range(0.18..0.28f32);
        let gx = centre_x + rng.random_range(-0.25..0.25f32) * span * scale;
        let gy = centre_y + rng.random_range(-0.25..0.25f32) * span * scale;
        for pixel_y in 0..FRAME_HEIGHT {
            for pixel_x in 0..FRAME_WIDTH {
                let d = ((pixel_x as f32 - gx).powi(2) + (pixel_y as f32 - gy).powi(2)).sqrt();
                if d < radius * 1.6 {
                    // Washed out towards white: strongest in the middle, fading at the rim.
                    let strength = (1.0 - d / (radius * 1.6)).clamp(0.0, 1.0).powf(0.7) * 0.85;
                    let pixel = image.get_pixel_mut(pixel_x, pixel_y);
                    let v = f32::from(pixel[0]);
                    pixel[0] = (v + (255.0 - v) * strength) as u8;
                }
            }
        }
    }
    if look.blur > 0.0 {
        image = image::imageops::blur(&image, look.blur);
    }
    if look.noise > 0 {
        let amplitude = i16::from(look.noise);
        for pixel in image.pixels_mut() {
            let noisy = i16::from(pixel[0]) + rng.random_range(-amplitude..=amplitude);
            pixel[0] = noisy.clamp(0, 255) as u8;
        }
    }
    image
}
