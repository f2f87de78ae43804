//! Pane labels for real label printers and for the browser (issue 8). Three steps, each its own
//! module:
//!
//! 1. [`layout`]: pure geometry. A pane's facts (number, order, glass, size, next station), a
//!    label size in millimetres, the printer's resolution (none for vector output) and,
//!    optionally, a sticker template's `elements` become a [`Label`]: one QR code and text
//!    lines, positioned in millimetres.
//! 2. Renderers: [`zpl`] and [`tspl`] for networked label printers, [`svg`] and [`pdf`] for
//!    the browser. Each draws the same [`Label`].
//! 3. [`send`]: the bytes to a printer's raw TCP port (9100), with timeouts.
//!
//! Only [`send`] does I/O.

pub mod layout;
pub mod pdf;
mod pdf_font;
pub mod send;
pub mod sizing;
pub mod svg;
pub mod tspl;
pub mod zpl;

pub use layout::{Label, LabelFacts, LabelSize, Source, TextLine, lay_out};
pub use sizing::{Dpi, QrFit};

/// Why a label cannot be laid out. Both are the caller's input (a size, a resolution).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LabelError {
    #[error(
        "A label must be {min} to {max} mm a side (got {width} × {height} mm)",
        min = layout::MIN_SIDE_MM,
        max = layout::MAX_SIDE_MM,
        width = js(.0),
        height = js(.1)
    )]
    SizeOutOfRange(f64, f64),
    #[error(
        "A QR code of at least {min} mm does not fit a {width} × {height} mm label",
        min = sizing::MIN_QR_MM,
        width = js(.0),
        height = js(.1)
    )]
    TooSmallForQr(f64, f64),
    #[error("The pane number is too long for a QR code")]
    PayloadTooLong,
}

/// A length in a message, as JavaScript prints numbers (`60`, `22.5`).
fn js(value: &f64) -> String {
    crate::domain::json::js_display(*value)
}

/// A length with at most three decimals (a micrometre, a thousandth of a point), trailing
/// zeros dropped: what SVG and PDF output write.
pub fn decimal(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimals_are_short_and_exact_enough() {
        assert_eq!(decimal(60.0), "60");
        assert_eq!(decimal(2.5), "2.5");
        assert_eq!(decimal(1.0 / 3.0), "0.333");
        assert_eq!(decimal(-0.0001), "0");
        assert_eq!(decimal(-12.25), "-12.25");
    }
}
