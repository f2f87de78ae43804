//! Labels as a PDF, one page a label at its real size, written by hand: a catalog, a page
//! tree, two standard fonts, and for each label a page whose content stream fills one
//! rectangle a run of dark QR modules and writes the text. No compression, no images, no
//! embedded fonts: the file stays small and obviously correct.
//!
//! The limit: text uses the standard Helvetica fonts in WinAnsi encoding, which have no Thai.
//! Characters outside WinAnsi (Thai station names and glass labels) print as `?`; the pane
//! number, the order number and the QR code are unaffected. The SVG label shows Thai.

use super::decimal;
use super::layout::Label;
use super::svg::BASELINE;
use std::fmt::Write as _;

/// Points in a millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// The objects before the pages: catalog, page tree, regular and bold font.
const FIXED_OBJECTS: usize = 4;

pub fn render(labels: &[Label]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let page_ids: Vec<usize> = (0..labels.len())
        .map(|i| FIXED_OBJECTS + 1 + 2 * i)
        .collect();
    let kids: Vec<String> = page_ids.iter().map(|id| format!("{id} 0 R")).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            labels.len()
        )
        .into_bytes(),
    );
    for font in ["Helvetica", "Helvetica-Bold"] {
        objects.push(
            format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>"
            )
            .into_bytes(),
        );
    }
    for (label, page_id) in labels.iter().zip(&page_ids) {
        let width = decimal(label.size.width_mm * PT_PER_MM);
        let height = decimal(label.size.height_mm * PT_PER_MM);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                page_id + 1
            )
            .into_bytes(),
        );
        let content = content_stream(label);
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(&content);
        stream.extend_from_slice(b"\nendstream");
        objects.push(stream);
    }
    assemble(&objects)
}

/// The file: header, numbered objects, the cross-reference table and the trailer.
fn assemble(objects: &[Vec<u8>]) -> Vec<u8> {
    // The second line's high bytes mark the file as binary for transfer tools.
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (index, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", index + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref_at = out.len();
    let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for offset in offsets {
        // Each entry is exactly 20 bytes, its end of line (space, newline) included.
        let _ = writeln!(table, "{offset:010} 00000 n ");
    }
    let _ = write!(
        table,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref_at}\n%%EOF\n",
        objects.len() + 1
    );
    out.extend_from_slice(table.as_bytes());
    out
}

/// A label's drawing in points, origin at the bottom-left as PDF has it.
fn content_stream(label: &Label) -> Vec<u8> {
    let page_height = label.size.height_mm;
    let pt = |mm: f64| decimal(mm * PT_PER_MM);
    let qr = &label.qr;
    let module = qr.fit.module_mm;
    let mut out = String::from("0 0 0 rg\n");
    for (x, y, run) in qr.fit.matrix.dark_runs() {
        let left = qr.x_mm + x as f64 * module;
        let bottom = page_height - (qr.y_mm + (y + 1) as f64 * module);
        let _ = writeln!(
            out,
            "{} {} {} {} re",
            pt(left),
            pt(bottom),
            pt(run as f64 * module),
            pt(module)
        );
    }
    out.push_str("f\n");
    let mut bytes = out.into_bytes();
    for line in &label.lines {
        let font = if line.bold { "F2" } else { "F1" };
        let baseline = page_height - (line.y_mm + line.size_mm * BASELINE);
        bytes.extend_from_slice(
            format!(
                "BT /{font} {} Tf {} {} Td (",
                pt(line.size_mm),
                pt(line.x_mm),
                pt(baseline)
            )
            .as_bytes(),
        );
        bytes.extend(win_ansi(&line.text));
        bytes.extend_from_slice(b") Tj ET\n");
    }
    bytes
}

/// `text` in WinAnsi for a literal string: Latin-1 and the common typographic marks as their
/// bytes, `(`, `)` and `\` escaped, combining marks dropped, anything else `?`.
fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        let byte = match c {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                c as u8
            }
            ' '..='~' => c as u8,
            '\u{A0}'..='\u{FF}' => c as u32 as u8,
            '€' => 0x80,
            '…' => 0x85,
            '‘' => 0x91,
            '’' => 0x92,
            '“' => 0x93,
            '”' => 0x94,
            '•' => 0x95,
            '–' => 0x96,
            '—' => 0x97,
            '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}' => continue,
            '\u{0300}'..='\u{036F}' => continue,
            c if c.is_control() => continue,
            _ => b'?',
        };
        out.push(byte);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::{LabelFacts, LabelSize, lay_out};

    fn label(pane: &str) -> Label {
        let facts = LabelFacts {
            pane_number: pane.into(),
            order_number: "ORD-0001".into(),
            glass: "Clear (5mm) \\ ตัด".into(),
            ..LabelFacts::default()
        };
        let size = LabelSize::new(60.0, 40.0).expect("a size");
        lay_out(&facts, size, None, None).expect("lays out")
    }

    /// The file as text with every byte one character (high bytes as `?`), so that byte
    /// offsets stay offsets.
    fn ascii(pdf: &[u8]) -> String {
        pdf.iter()
            .map(|&b| if b.is_ascii() { b as char } else { '?' })
            .collect()
    }

    #[test]
    fn the_cross_reference_table_points_at_every_object() {
        let pdf = render(&[label("PNE-0001"), label("PNE-0002")]);
        assert!(pdf.starts_with(b"%PDF-1.4\n"));
        let text = ascii(&pdf);
        let start: usize = text
            .rsplit("startxref\n")
            .next()
            .and_then(|rest| rest.lines().next())
            .and_then(|n| n.parse().ok())
            .expect("startxref");
        assert_eq!(&pdf[start..start + 5], b"xref\n");
        let table = &text[start..];
        let mut lines = table.lines().skip(1);
        assert_eq!(lines.next(), Some("0 9"));
        assert_eq!(lines.next(), Some("0000000000 65535 f "));
        for object in 1..9 {
            let entry = lines.next().expect("an entry");
            assert_eq!(entry.len(), 19, "{entry:?} plus its newline is 20 bytes");
            let offset: usize = entry[..10].parse().expect("an offset");
            let header = format!("{object} 0 obj\n");
            assert_eq!(&pdf[offset..offset + header.len()], header.as_bytes());
        }
        assert_eq!(text.matches("/Type /Page ").count(), 2);
        assert!(text.contains("/MediaBox [0 0 170.079 113.386]"), "{text}");
        assert!(text.ends_with("%%EOF\n"));
    }

    #[test]
    fn text_is_win_ansi_with_escapes_and_thai_becomes_question_marks() {
        assert_eq!(win_ansi("A(b)\\c"), b"A\\(b\\)\\\\c");
        assert_eq!(win_ansi("café – ok"), b"caf\xE9 \x96 ok");
        assert_eq!(win_ansi("ตัด"), b"??");
        let pdf = render(&[label("PNE-0001")]);
        let text = ascii(&pdf);
        assert!(text.contains("(PNE-0001) Tj"), "{text}");
        assert!(text.contains("(Clear \\(5mm\\) \\\\ ??) Tj"), "{text}");
        // Each stream's length is its content's.
        let length: usize = text
            .split("/Length ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("a length");
        let begin = text.find("stream\n").expect("a stream") + "stream\n".len();
        assert_eq!(text[begin..].find("\nendstream"), Some(length));
    }
}
