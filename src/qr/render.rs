//! QR codes as standalone SVG: black on white with the standard 4-module quiet zone, 8 units a
//! module and a viewBox, so an `<img>` shows it at a readable size and print CSS scales it to
//! any label without blur.

pub use qrcode::EcLevel;
use qrcode::QrCode;
use qrcode::render::svg;

use super::QrError;

/// Units per module in the SVG (the default on-screen size is 8 px a module).
const UNITS_PER_MODULE: u32 = 8;

/// The SVG document of `text` at error-correction level `ec`.
pub fn render_svg(text: &str, ec: EcLevel) -> Result<String, QrError> {
    let code =
        QrCode::with_error_correction_level(text.as_bytes(), ec).map_err(|_| QrError::TooLong)?;
    Ok(code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(UNITS_PER_MODULE, UNITS_PER_MODULE)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build())
}

/// The levels a label may ask for: M (15 %, the default), Q (25 %) and H (30 %); L is left out
/// because factory labels get scratched. Case-insensitive.
pub fn parse_ec(text: &str) -> Option<EcLevel> {
    match text.to_ascii_uppercase().as_str() {
        "M" => Some(EcLevel::M),
        "Q" => Some(EcLevel::Q),
        "H" => Some(EcLevel::H),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_svg_is_standalone_with_a_quiet_zone_and_a_view_box() {
        let svg = render_svg("STDPLUS:PNE-0001", EcLevel::M).expect("renders");
        // Version 1: 21 modules + 2 × 4 quiet = 29 modules of 8 units.
        assert!(svg.starts_with("<?xml"), "{svg}");
        assert!(svg.contains(r#"xmlns="http://www.w3.org/2000/svg""#));
        assert!(svg.contains(r#"viewBox="0 0 232 232""#), "{svg}");
        assert!(svg.contains(r##"<rect x="0" y="0" width="232" height="232" fill="#fff"/>"##));
        assert!(
            svg.contains(r##"<path fill="#000" d="M32 32h8v8H32V32"##),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn levels_parse_and_change_the_code() {
        assert!(matches!(parse_ec("M"), Some(EcLevel::M)));
        assert!(matches!(parse_ec("q"), Some(EcLevel::Q)));
        assert!(matches!(parse_ec("H"), Some(EcLevel::H)));
        for bad in ["", "L", "X", "MM", "m "] {
            assert!(parse_ec(bad).is_none(), "{bad:?}");
        }
        let m = render_svg("STDPLUS:PNE-0001", EcLevel::M).expect("renders");
        let h = render_svg("STDPLUS:PNE-0001", EcLevel::H).expect("renders");
        assert_ne!(m, h);
    }

    #[test]
    fn text_beyond_the_largest_code_is_an_error() {
        let long = "x".repeat(3000);
        assert!(matches!(
            render_svg(&long, EcLevel::H),
            Err(QrError::TooLong)
        ));
        assert!(render_svg(&"x".repeat(512), EcLevel::H).is_ok());
    }
}
