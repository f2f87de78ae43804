//! TSPL for TSC printers (and the many that speak it): `SIZE`, `GAP`, `CLS`, the drawing
//! commands, `PRINT` for each label. As with ZPL the printer encodes the QR code itself, at the
//! cell width (dots a module) the layout chose.
//!
//! Text is UTF-8 (`CODEPAGE UTF-8`) in the scalable font `"0"`, sized in points, which has no
//! Thai glyphs: set the printer's `font` to a Thai TrueType font downloaded to the printer
//! (e.g. `THAI.TTF`) for Thai text.

use super::layout::Label;
use super::sizing::Dpi;
use super::zpl::is_qr_alphanumeric;
use crate::domain::json::js_display;
use crate::qr::EcLevel;
use std::fmt::Write as _;

/// The gap between labels on the roll, in millimetres (the common die-cut gap).
pub const GAP_MM: f64 = 2.0;

/// Points in a millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// The jobs of `labels`, one after the other, for a printer of `dpi` whose text font is `font`
/// (empty: the resident font `"0"`).
pub fn render(labels: &[Label], dpi: Dpi, font: &str) -> String {
    let font = if font.is_empty() { "0" } else { font };
    let mut out = String::new();
    for label in labels {
        let dots = |mm: f64| dpi.dots(mm);
        let qr = &label.qr;
        // `write!` to a String cannot fail.
        let _ = write!(
            out,
            "SIZE {} mm,{} mm\r\nGAP {} mm,0 mm\r\nDIRECTION 0\r\nREFERENCE 0,0\r\nCODEPAGE UTF-8\r\nCLS\r\n",
            js_display(label.size.width_mm),
            js_display(label.size.height_mm),
            js_display(GAP_MM)
        );
        let level = match qr.fit.ec {
            EcLevel::L => 'L',
            EcLevel::M => 'M',
            EcLevel::Q => 'Q',
            EcLevel::H => 'H',
        };
        // Manual alphanumeric input (`M`, data prefixed `A`) encodes the version the layout
        // sized; automatic input (`A`) otherwise.
        let (mode, data) = if is_qr_alphanumeric(&qr.payload) {
            ("M", format!("A{}", qr.payload))
        } else {
            ("A", quote(&qr.payload))
        };
        let _ = write!(
            out,
            "QRCODE {},{},{level},{},{mode},0,\"{data}\"\r\n",
            dots(qr.x_mm),
            dots(qr.y_mm),
            qr.fit.dots_per_module.unwrap_or(1)
        );
        for line in &label.lines {
            let points = (line.size_mm * PT_PER_MM).round().max(1.0);
            let _ = write!(
                out,
                "TEXT {},{},\"{font}\",0,{points},{points},\"{}\"\r\n",
                dots(line.x_mm),
                dots(line.y_mm),
                quote(&line.text)
            );
        }
        out.push_str("PRINT 1,1\r\n");
    }
    out
}

/// A TSPL string's content: a double quote is written `\["]`; line breaks would end the
/// command and are dropped.
fn quote(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control())
        .map(|c| match c {
            '"' => "\\[\"]".to_owned(),
            c => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{LabelFacts, LabelSize, lay_out};

    #[test]
    fn each_label_is_sized_cleared_drawn_and_printed() {
        let dpi = Dpi::new(203).expect("dpi");
        let facts = LabelFacts {
            pane_number: "PNE-0007".into(),
            glass: "6\" \"clear\"".into(),
            ..LabelFacts::default()
        };
        let size = LabelSize::new(50.0, 30.0).expect("a size");
        let label = lay_out(&facts, size, Some(dpi), None).expect("lays out");
        let tspl = render(&[label.clone(), label], dpi, "");
        assert!(
            tspl.starts_with("SIZE 50 mm,30 mm\r\nGAP 2 mm,0 mm\r\n"),
            "{tspl}"
        );
        assert_eq!(tspl.matches("CLS\r\n").count(), 2);
        assert_eq!(tspl.matches("PRINT 1,1\r\n").count(), 2);
        assert!(
            tspl.contains(",M,9,M,0,\"ASTDPLUS:PNE-0007\"\r\n"),
            "{tspl}"
        );
        assert!(tspl.contains("\"0\",0,"));
        assert!(tspl.contains("\"6\\[\"] \\[\"]clear\\[\"]\""), "{tspl}");
        let thai = render(&[], dpi, "THAI.TTF");
        assert!(thai.is_empty());
    }
}
