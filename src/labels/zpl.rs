//! ZPL II for Zebra printers (and the many that speak it): one `^XA … ^XZ` format a label.
//! The printer draws the QR code itself (`^BQN`), so the label carries the text of the code,
//! not a bitmap; its module size is the `^BQ` magnification the layout chose for the printer's
//! dots.
//!
//! Text is UTF-8 (`^CI28`) in the printer's scalable font `0`, which has no Thai glyphs: for
//! Thai station names and glass labels set the printer's `font` to a Thai TrueType font stored
//! on the printer (e.g. `E:NOTOSANSTHAI.TTF`), used through `^A@`. Font `0` has no bold; bold
//! lines print regular.

use super::layout::{Label, TextLine};
use super::sizing::Dpi;
use crate::qr::EcLevel;
use std::fmt::Write as _;

/// The formats of `labels`, one after the other, for a printer of `dpi` whose text font is
/// `font` (empty: the resident font `0`).
pub fn render(labels: &[Label], dpi: Dpi, font: &str) -> String {
    let mut out = String::new();
    for label in labels {
        format_label(&mut out, label, dpi, font);
    }
    out
}

fn format_label(out: &mut String, label: &Label, dpi: Dpi, font: &str) {
    let dots = |mm: f64| dpi.dots(mm);
    let qr = &label.qr;
    // `write!` to a String cannot fail.
    let _ = write!(
        out,
        "^XA\n^CI28\n^PW{}\n^LL{}\n^LH0,0\n",
        dots(label.size.width_mm),
        dots(label.size.height_mm)
    );
    let magnification = qr.fit.dots_per_module.unwrap_or(1);
    let _ = writeln!(
        out,
        "^FO{},{}^BQN,2,{magnification}^FH^FD{}^FS",
        dots(qr.x_mm),
        dots(qr.y_mm),
        qr_field_data(&qr.payload, qr.fit.ec)
    );
    for line in &label.lines {
        text_field(out, line, dpi, font);
    }
    out.push_str("^PQ1\n^XZ\n");
}

fn text_field(out: &mut String, line: &TextLine, dpi: Dpi, font: &str) {
    let height = dpi.dots(line.size_mm).max(1);
    let font = if font.is_empty() {
        format!("^A0N,{height},{height}")
    } else {
        format!("^A@N,{height},{height},{font}")
    };
    let _ = writeln!(
        out,
        "^FO{},{}{font}^FH^FD{}^FS",
        dpi.dots(line.x_mm),
        dpi.dots(line.y_mm),
        escape(&line.text)
    );
}

fn ec_letter(ec: EcLevel) -> char {
    match ec {
        EcLevel::L => 'L',
        EcLevel::M => 'M',
        EcLevel::Q => 'Q',
        EcLevel::H => 'H',
    }
}

/// The characters QR's alphanumeric mode holds.
pub fn is_qr_alphanumeric(text: &str) -> bool {
    text.bytes()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b" $%*+-./:".contains(&b))
}

/// `^BQ` field data: the level, then manual alphanumeric input (`M,A…`) when the payload allows
/// it, so that the printer encodes the very version the layout sized; automatic input (`A,…`)
/// otherwise.
fn qr_field_data(payload: &str, ec: EcLevel) -> String {
    let level = ec_letter(ec);
    if is_qr_alphanumeric(payload) {
        format!("{level}M,A{payload}")
    } else {
        format!("{level}A,{}", escape(payload))
    }
}

/// Field data under `^FH` (hex indicator `_`): the indicator and ZPL's command prefixes
/// become hex escapes; control characters are dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '_' => out.push_str("_5F"),
            '^' => out.push_str("_5E"),
            '~' => out.push_str("_7E"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{LabelFacts, LabelSize, lay_out};

    fn label(pane: &str, width: f64, height: f64, dpi: Dpi) -> Label {
        let facts = LabelFacts {
            pane_number: pane.into(),
            order_number: "ORD-0001".into(),
            glass: "Clear ^ 5mm_x ~".into(),
            size: "600 x 400 mm".into(),
            next_station: "ตัด".into(),
        };
        let size = LabelSize::new(width, height).expect("a size");
        lay_out(&facts, size, Some(dpi), None).expect("lays out")
    }

    #[test]
    fn each_label_is_one_format_with_its_size_in_dots_and_a_qr_field() {
        let dpi = Dpi::new(203).expect("dpi");
        let labels = [
            label("PNE-0001", 60.0, 40.0, dpi),
            label("PNE-0002", 60.0, 40.0, dpi),
        ];
        let zpl = render(&labels, dpi, "");
        assert_eq!(zpl.matches("^XA").count(), 2);
        assert_eq!(zpl.matches("^XZ").count(), 2);
        assert!(zpl.starts_with("^XA\n^CI28\n^PW480\n^LL320\n"), "{zpl}");
        assert!(
            zpl.contains("^BQN,2,10^FH^FDMM,ASTDPLUS:PNE-0001^FS"),
            "{zpl}"
        );
        assert!(zpl.contains("^FDMM,ASTDPLUS:PNE-0002^FS"));
        assert!(zpl.contains("^A0N,"));
        // ZPL's prefixes and the hex indicator inside text are escaped; UTF-8 stays as is.
        assert!(zpl.contains("^FDClear _5E 5mm_5Fx _7E^FS"), "{zpl}");
        assert!(zpl.contains("Next: ตัด"));
    }

    #[test]
    fn a_printer_font_replaces_the_resident_one_and_300_dpi_raises_the_level() {
        let dpi = Dpi::new(300).expect("dpi");
        let zpl = render(&[label("PNE-0001", 50.0, 30.0, dpi)], dpi, "E:THAI.TTF");
        assert!(zpl.contains("^PW591\n^LL354\n"), "{zpl}");
        assert!(
            zpl.contains("^BQN,2,10^FH^FDHM,ASTDPLUS:PNE-0001^FS"),
            "{zpl}"
        );
        assert!(zpl.contains(",E:THAI.TTF^FH^FD"));
        assert!(!zpl.contains("^A0N"));
    }

    #[test]
    fn payloads_outside_the_alphanumeric_set_use_automatic_input() {
        assert!(is_qr_alphanumeric("STDPLUS:PNE-0001"));
        assert!(!is_qr_alphanumeric("STDPLUS:pne-1"));
        assert_eq!(qr_field_data("STDPLUS:a^b", EcLevel::Q), "QA,STDPLUS:a_5Eb");
    }
}
