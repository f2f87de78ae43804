//! Labels as a PDF, one page a label at its real size, written by hand: a catalog, a page
//! tree, the fonts, and for each label a page whose content stream fills one rectangle a run
//! of dark QR modules and writes the text. No compression and no images: the file stays small
//! and obviously correct.
//!
//! Text: Latin in the standard Helvetica fonts (WinAnsi), Thai in Noto Sans Thai embedded once
//! per document when any label has Thai (`pdf_font`). Characters neither covers print as `?`.

use super::decimal;
use super::layout::{Label, TextLine};
use super::pdf_font::{PdfFont, THAI_BOLD, THAI_REGULAR, is_thai};
use super::svg::BASELINE;
use std::fmt::Write as _;

/// Points in a millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// The objects before the fonts: catalog and page tree; then regular and bold Helvetica.
const HELVETICA_OBJECTS: usize = 4;

/// The Thai fonts, regular and bold, when some text needs them.
struct ThaiFonts<'a> {
    regular: PdfFont<'a>,
    bold: PdfFont<'a>,
}

impl ThaiFonts<'static> {
    fn for_labels(labels: &[Label]) -> Option<Self> {
        let needed = labels
            .iter()
            .flat_map(|label| &label.lines)
            .any(|line| line.text.chars().any(is_thai));
        if !needed {
            return None;
        }
        Some(ThaiFonts {
            regular: PdfFont::parse("NotoSansThai-Regular", THAI_REGULAR)?,
            bold: PdfFont::parse("NotoSansThai-Bold", THAI_BOLD)?,
        })
    }
}

pub fn render(labels: &[Label]) -> Vec<u8> {
    let thai = ThaiFonts::for_labels(labels);
    // Each Thai font is five objects: the font, its CID font, descriptor, file and ToUnicode.
    let (thai_regular_id, thai_bold_id) = (HELVETICA_OBJECTS + 1, HELVETICA_OBJECTS + 6);
    let fixed = HELVETICA_OBJECTS + if thai.is_some() { 10 } else { 0 };
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let page_ids: Vec<usize> = (0..labels.len()).map(|i| fixed + 1 + 2 * i).collect();
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
    let mut fonts = String::from("/F1 3 0 R /F2 4 0 R");
    if let Some(thai) = &thai {
        objects.extend(thai.regular.objects(thai_regular_id));
        objects.extend(thai.bold.objects(thai_bold_id));
        let _ = write!(fonts, " /F3 {thai_regular_id} 0 R /F4 {thai_bold_id} 0 R");
    }
    for (label, page_id) in labels.iter().zip(&page_ids) {
        let width = decimal(label.size.width_mm * PT_PER_MM);
        let height = decimal(label.size.height_mm * PT_PER_MM);
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] \
                 /Resources << /Font << {fonts} >> >> /Contents {} 0 R >>",
                page_id + 1
            )
            .into_bytes(),
        );
        let content = content_stream(label, thai.as_ref());
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
fn content_stream(label: &Label, thai: Option<&ThaiFonts>) -> Vec<u8> {
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
        let baseline = page_height - (line.y_mm + line.size_mm * BASELINE);
        bytes.extend_from_slice(format!("BT {} {} Td", pt(line.x_mm), pt(baseline)).as_bytes());
        text_runs(&mut bytes, line, thai, &pt(line.size_mm));
        bytes.extend_from_slice(b" ET\n");
    }
    bytes
}

/// The line's text as runs, each in its font: Thai in the embedded font as glyph ids, the
/// rest in Helvetica; each run starts where the one before ended.
fn text_runs(out: &mut Vec<u8>, line: &TextLine, thai: Option<&ThaiFonts>, size: &str) {
    let mut rest = line.text.as_str();
    while let Some(first) = rest.chars().next() {
        let in_thai = thai.is_some() && is_thai(first);
        let end = rest
            .char_indices()
            .find(|(_, c)| (thai.is_some() && is_thai(*c)) != in_thai)
            .map_or(rest.len(), |(at, _)| at);
        let (run, next) = rest.split_at(end);
        rest = next;
        match thai.filter(|_| in_thai) {
            Some(fonts) => {
                let (name, font) = if line.bold {
                    ("F4", &fonts.bold)
                } else {
                    ("F3", &fonts.regular)
                };
                out.extend_from_slice(
                    format!(" /{name} {size} Tf {} Tj", font.hex_glyphs(run)).as_bytes(),
                );
            }
            None => {
                let name = if line.bold { "F2" } else { "F1" };
                out.extend_from_slice(format!(" /{name} {size} Tf (").as_bytes());
                out.extend(win_ansi(run));
                out.extend_from_slice(b") Tj");
            }
        }
    }
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
        label_of(pane, "Clear (5mm) \\ ตัด")
    }

    fn label_of(pane: &str, glass: &str) -> Label {
        let facts = LabelFacts {
            pane_number: pane.into(),
            order_number: "ORD-0001".into(),
            glass: glass.into(),
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
        // Catalog, pages, two Helvetica fonts, two Thai fonts of five objects, two pages of two.
        assert_eq!(lines.next(), Some("0 19"));
        assert_eq!(lines.next(), Some("0000000000 65535 f "));
        for object in 1..19 {
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
    fn latin_text_is_win_ansi_and_thai_is_written_in_the_embedded_font() {
        assert_eq!(win_ansi("A(b)\\c"), b"A\\(b\\)\\\\c");
        assert_eq!(win_ansi("café – ok"), b"caf\xE9 \x96 ok");
        let pdf = render(&[label("PNE-0001")]);
        let text = ascii(&pdf);
        assert!(text.contains("(PNE-0001) Tj"), "{text}");
        let thai = PdfFont::parse("t", THAI_REGULAR)
            .expect("a font")
            .hex_glyphs("ตัด");
        assert_eq!(thai.len(), 2 + 3 * 4, "three glyphs: {thai}");
        let after_latin = text
            .split("(Clear \\(5mm\\) \\\\ ) Tj /F3 ")
            .nth(1)
            .expect("the Latin run, then the Thai font");
        assert!(
            after_latin.starts_with("7.087 Tf ")
                && after_latin[9..].starts_with(&format!("{thai} Tj ET")),
            "the Thai word in the Thai font at the line's size: {after_latin:.80}"
        );
        assert!(text.contains("/Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R /F4 10 0 R >>"));
        assert!(text.contains("/FontFile2 8 0 R"), "{text}");
        assert!(text.contains("/ToUnicode 9 0 R"), "{text}");
        // Each stream's length is its content's (the font file's and the page's alike).
        for part in text.split("/Length ").skip(1) {
            let length: usize = part
                .split([' ', '>'])
                .next()
                .and_then(|n| n.parse().ok())
                .expect("a length");
            let begin = part.find("stream\n").expect("a stream") + "stream\n".len();
            assert_eq!(part[begin..].find("\nendstream"), Some(length));
        }
    }

    #[test]
    fn a_document_without_thai_embeds_no_font() {
        let pdf = render(&[label_of("PNE-0001", "Clear 5mm")]);
        let text = ascii(&pdf);
        assert!(!text.contains("FontFile2"), "{text}");
        assert!(text.contains("/Font << /F1 3 0 R /F2 4 0 R >>"), "{text}");
        assert!(pdf.len() < 20_000, "{} bytes", pdf.len());
    }
}
