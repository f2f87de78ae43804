//! QR codes without HTTP: reading them out of pictures (phone photos now, USB-camera frames
//! later), drawing them as SVG (the API) and as a grid of modules (printed labels). Pure
//! computation; callers run the decoder off the async runtime because a photo takes tens to
//! hundreds of milliseconds.

pub mod bench;
mod decode;
pub mod frames;
mod matrix;
mod render;

pub use decode::{
    Decoded, Decoder, FULL_RESOLUTION_LIMIT, WORKING_LONG_SIDE, decode_image, decode_luma,
    decode_luma_with,
};
pub use matrix::Matrix;
pub use render::{EcLevel, parse_ec, render_svg};

#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("The body is not a readable JPEG, PNG or WebP image")]
    NotAnImage,
    #[error(
        "The image is too large to decode (at most {} px a side)",
        decode::MAX_SIDE
    )]
    TooLarge,
    #[error("The text is too long for a QR code")]
    TooLong,
}
