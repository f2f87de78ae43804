//! A label as a standalone SVG document in millimetres (`width="60mm"`, a viewBox in mm), for
//! the browser: shown on screen, printed through the print dialog at its real size. The QR
//! code is drawn from its modules (one rectangle a run of dark modules), so the picture is the
//! code the layout sized, and text uses the web app's Noto Sans Thai, so Thai shows.

use super::decimal as mm;
use super::layout::{Label, TextLine};
use std::fmt::Write as _;

/// Where the baseline sits below the top of a line's em box, as a fraction of the font size.
pub const BASELINE: f64 = 0.8;

/// Fonts for the text: the web app's own first.
const FONT_FAMILY: &str = "'Noto Sans Thai', 'Sarabun', Tahoma, sans-serif";

pub fn render(label: &Label) -> String {
    let (width, height) = (mm(label.size.width_mm), mm(label.size.height_mm));
    let mut out = String::new();
    // `write!` to a String cannot fail.
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{width}mm\" height=\"{height}mm\" viewBox=\"0 0 {width} {height}\">\n\
         <title>{}</title>\n<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>\n",
        escape(&label.qr.payload)
    );
    let qr = &label.qr;
    let module = qr.fit.module_mm;
    let mut path = String::new();
    for (x, y, run) in qr.fit.matrix.dark_runs() {
        let _ = write!(
            path,
            "M{} {}h{}v{}h-{}z",
            mm(qr.x_mm + x as f64 * module),
            mm(qr.y_mm + y as f64 * module),
            mm(run as f64 * module),
            mm(module),
            mm(run as f64 * module)
        );
    }
    let _ = writeln!(
        out,
        "<path fill=\"#000\" shape-rendering=\"crispEdges\" data-qr=\"{}\" d=\"{path}\"/>",
        escape(&qr.payload)
    );
    for line in &label.lines {
        text(&mut out, line);
    }
    out.push_str("</svg>\n");
    out
}

fn text(out: &mut String, line: &TextLine) {
    let weight = if line.bold { "700" } else { "400" };
    let _ = writeln!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\" font-weight=\"{weight}\" \
         font-family=\"{FONT_FAMILY}\" fill=\"#000\">{}</text>",
        mm(line.x_mm),
        mm(line.y_mm + line.size_mm * BASELINE),
        mm(line.size_mm),
        escape(&line.text)
    );
}

/// Text and attribute content: the five XML specials escaped, control characters dropped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
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

    #[test]
    fn the_document_is_in_millimetres_with_the_code_and_escaped_text() {
        let facts = LabelFacts {
            pane_number: "PNE-0001".into(),
            glass: "<Clear & \"bright\">".into(),
            next_station: "ตัดกระจก".into(),
            ..LabelFacts::default()
        };
        let size = LabelSize::new(60.0, 40.0).expect("a size");
        let label = lay_out(&facts, size, None, None).expect("lays out");
        let svg = render(&label);
        assert!(
            svg.contains("width=\"60mm\" height=\"40mm\" viewBox=\"0 0 60 40\""),
            "{svg}"
        );
        assert!(svg.contains("data-qr=\"STDPLUS:PNE-0001\""));
        assert!(
            svg.contains("&lt;Clear &amp; &quot;bright&quot;&gt;"),
            "{svg}"
        );
        assert!(svg.contains(">Next: ตัดกระจก</text>"), "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<text ").count(), 3);
    }
}
