//! Where things go on a label, in millimetres from its top-left corner: one QR code
//! (`STDPLUS:<paneNumber>`) and text lines. Pure geometry, shared by every renderer.
//!
//! A sticker template's `elements` are used when they are an array holding a QR element this
//! module understands (see [`lay_out`]); anything else gets the default layout: the code on
//! the left, vertically centred, and beside it the pane number in large bold type, then the
//! order, the glass, the size and the next station. On a label too narrow for text beside the
//! code, the text goes below it.

use super::LabelError;
use super::sizing::{Dpi, QrFit, fit_qr};
use crate::domain::pane::qr_code;
use serde_json::{Map, Value};

/// The smallest and largest label side accepted, in millimetres.
pub const MIN_SIDE_MM: f64 = 20.0;
pub const MAX_SIDE_MM: f64 = 300.0;

/// Space kept clear around the code and the text in the default layout…
const MARGIN_MM: f64 = 2.0;
/// …and at the least, on a label barely larger than the code.
const TIGHT_MARGIN_MM: f64 = 1.0;
/// Between the code and the text.
const GAP_MM: f64 = 2.0;
/// The default layout puts text beside the code when it gets at least this much width.
const MIN_TEXT_WIDTH_MM: f64 = 12.0;
/// The largest code the default layout asks for.
const MAX_DEFAULT_QR_MM: f64 = 40.0;
/// Font sizes (the em height) text lines keep between.
pub const MIN_FONT_MM: f64 = 1.8;
const MAX_FONT_MM: f64 = 5.0;
const MAX_TEMPLATE_FONT_MM: f64 = 20.0;
/// A template text element without a size.
const DEFAULT_TEMPLATE_FONT_MM: f64 = 3.5;
/// Line pitch as a multiple of the font size.
const LINE_SPACING: f64 = 1.25;
/// The pane number's size relative to the other lines.
const PANE_NUMBER_SCALE: f64 = 1.6;
/// The average advance of a character as a fraction of the font size (a sans-serif face,
/// mostly digits and capitals): how much text fits a width.
pub const CHAR_WIDTH: f64 = 0.6;

/// The size of a label, in millimetres.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelSize {
    pub width_mm: f64,
    pub height_mm: f64,
}

impl LabelSize {
    /// A size whose sides are between [`MIN_SIDE_MM`] and [`MAX_SIDE_MM`].
    pub fn new(width_mm: f64, height_mm: f64) -> Result<Self, LabelError> {
        let fits = |side: f64| (MIN_SIDE_MM..=MAX_SIDE_MM).contains(&side);
        if fits(width_mm) && fits(height_mm) {
            Ok(LabelSize {
                width_mm,
                height_mm,
            })
        } else {
            Err(LabelError::SizeOutOfRange(width_mm, height_mm))
        }
    }
}

/// What a label says about its pane. Empty strings are left off.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelFacts {
    pub pane_number: String,
    pub order_number: String,
    /// The glass (its label, else its type).
    pub glass: String,
    /// `1200 x 800 x 6 mm`.
    pub size: String,
    /// The station the pane goes to next.
    pub next_station: String,
}

/// The names a template's text elements use for the facts (`field`, or `{name}` in `value`).
pub const FIELDS: &[&str] = &["paneNumber", "orderNumber", "glass", "size", "nextStation"];

impl LabelFacts {
    /// What the QR code holds.
    pub fn payload(&self) -> String {
        qr_code(&self.pane_number)
    }

    pub fn field(&self, name: &str) -> Option<&str> {
        match name {
            "paneNumber" => Some(&self.pane_number),
            "orderNumber" => Some(&self.order_number),
            "glass" => Some(&self.glass),
            "size" => Some(&self.size),
            "nextStation" => Some(&self.next_station),
            _ => None,
        }
    }

    /// `text` with every `{field}` replaced by its fact.
    fn fill(&self, text: &str) -> String {
        FIELDS.iter().fold(text.to_owned(), |text, name| {
            text.replace(&format!("{{{name}}}"), self.field(name).unwrap_or(""))
        })
    }

    /// The default layout's lines: text, size relative to the others, bold.
    fn default_lines(&self) -> Vec<(String, f64, bool)> {
        let mut lines = vec![(self.pane_number.clone(), PANE_NUMBER_SCALE, true)];
        for text in [&self.order_number, &self.glass, &self.size] {
            lines.push((text.clone(), 1.0, false));
        }
        if !self.next_station.is_empty() {
            lines.push((format!("Next: {}", self.next_station), 1.0, true));
        }
        lines.retain(|(text, _, _)| !text.trim().is_empty());
        lines
    }
}

/// The QR code and where its top-left module goes.
#[derive(Clone, Debug, PartialEq)]
pub struct QrBox {
    pub x_mm: f64,
    pub y_mm: f64,
    pub payload: String,
    pub fit: QrFit,
}

/// A line of text; `(x, y)` is the top-left of its em box, `size_mm` the em height.
#[derive(Clone, Debug, PartialEq)]
pub struct TextLine {
    pub x_mm: f64,
    pub y_mm: f64,
    pub size_mm: f64,
    pub bold: bool,
    pub text: String,
}

/// Whether a label followed its sticker template or the default layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    Template,
    Default,
}

/// A laid-out label.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub size: LabelSize,
    pub qr: QrBox,
    pub lines: Vec<TextLine>,
    pub source: Source,
}

/// Lays out the label of `facts` on a `size` label for a printer of `dpi` (`None`: vector
/// output). `elements` (a sticker template's) are understood when they are an array of
/// objects in millimetres:
///
/// - `{"type": "qr", "x": 2, "y": 2, "size": 24}`: the code (its payload is always the pane's;
///   `size` is raised to 20 mm and rounded to the printer's dots). Required: without one
///   usable QR element, inside the label, the default layout is used.
/// - `{"type": "text", "x": 28, "y": 3, "size": 4, "bold": true, "field": "paneNumber"}`, or
///   `"value": "Order {orderNumber}"` with `{field}` placeholders. Fields: [`FIELDS`]. Text
///   elements that are malformed, outside the label or empty are left out.
///
/// Other elements are ignored.
pub fn lay_out(
    facts: &LabelFacts,
    size: LabelSize,
    dpi: Option<Dpi>,
    elements: Option<&Value>,
) -> Result<Label, LabelError> {
    if let Some(label) = elements.and_then(|e| from_template(e, facts, size, dpi)) {
        return Ok(label);
    }
    default_layout(facts, size, dpi)
}

fn default_layout(
    facts: &LabelFacts,
    size: LabelSize,
    dpi: Option<Dpi>,
) -> Result<Label, LabelError> {
    let (width, height) = (size.width_mm, size.height_mm);
    let room = (height - 2.0 * MARGIN_MM)
        .min(width * 0.5)
        .min(MAX_DEFAULT_QR_MM);
    let fit = fit_qr(&facts.payload(), room, dpi)?;
    let side = fit.side_mm();
    if side + 2.0 * TIGHT_MARGIN_MM > height.min(width) + 1e-9 {
        return Err(LabelError::TooSmallForQr(width, height));
    }
    let margin = MARGIN_MM
        .min((height - side) / 2.0)
        .min((width - side) / 2.0);
    let beside = width - (margin + side + GAP_MM) - margin;
    let below = height - (margin + side + GAP_MM) - margin;
    let (qr_at, text_box) = if beside >= MIN_TEXT_WIDTH_MM || beside >= below {
        let text = [
            margin + side + GAP_MM,
            margin,
            beside,
            height - 2.0 * margin,
        ];
        ((margin, (height - side) / 2.0), text)
    } else {
        let text = [margin, margin + side + GAP_MM, width - 2.0 * margin, below];
        (((width - side) / 2.0, margin), text)
    };
    Ok(Label {
        size,
        qr: QrBox {
            x_mm: qr_at.0,
            y_mm: qr_at.1,
            payload: facts.payload(),
            fit,
        },
        lines: text_block(&facts.default_lines(), text_box),
        source: Source::Default,
    })
}

/// Stacks `lines` in the box `[x, y, width, height]`: one base size for all (scaled per line),
/// each line shrunk or cut to fit the width, and lines that do not fit the height left off.
fn text_block(lines: &[(String, f64, bool)], [x, y, width, height]: [f64; 4]) -> Vec<TextLine> {
    if width < MIN_FONT_MM * CHAR_WIDTH * 4.0 || height < MIN_FONT_MM {
        return Vec::new();
    }
    let weights: f64 = lines.iter().map(|(_, scale, _)| scale).sum();
    let base = (height / (weights * LINE_SPACING)).clamp(MIN_FONT_MM, MAX_FONT_MM);
    let mut top = y;
    let mut placed = Vec::new();
    for (text, scale, bold) in lines {
        let widest = width / (visible_len(text).max(1) as f64 * CHAR_WIDTH);
        let size = (base * scale).min(widest).max(MIN_FONT_MM);
        if top + size > y + height + 1e-9 {
            break;
        }
        placed.push(TextLine {
            x_mm: x,
            y_mm: top,
            size_mm: size,
            bold: *bold,
            text: fit_width(text, width, size),
        });
        top += size * LINE_SPACING;
    }
    placed
}

fn from_template(
    elements: &Value,
    facts: &LabelFacts,
    size: LabelSize,
    dpi: Option<Dpi>,
) -> Option<Label> {
    let objects: Vec<&Map<String, Value>> = elements
        .as_array()?
        .iter()
        .filter_map(Value::as_object)
        .collect();
    let kind =
        |o: &Map<String, Value>, name: &str| o.get("type").and_then(Value::as_str) == Some(name);
    let qr_element = objects.iter().find(|o| kind(o, "qr"))?;
    let (x, y) = position(qr_element, size)?;
    let want = qr_element
        .get("size")
        .and_then(Value::as_f64)
        .unwrap_or(0.0);
    let fit = fit_qr(&facts.payload(), want, dpi).ok()?;
    if x + fit.side_mm() > size.width_mm + 1e-9 || y + fit.side_mm() > size.height_mm + 1e-9 {
        return None;
    }
    let lines = objects
        .iter()
        .filter(|o| kind(o, "text"))
        .filter_map(|o| template_text(o, facts, size))
        .collect();
    Some(Label {
        size,
        qr: QrBox {
            x_mm: x,
            y_mm: y,
            payload: facts.payload(),
            fit,
        },
        lines,
        source: Source::Template,
    })
}

/// An element's `x` and `y`, when both are numbers inside the label.
fn position(element: &Map<String, Value>, size: LabelSize) -> Option<(f64, f64)> {
    let x = element.get("x")?.as_f64()?;
    let y = element.get("y")?.as_f64()?;
    (x >= 0.0 && y >= 0.0 && x < size.width_mm && y < size.height_mm).then_some((x, y))
}

fn template_text(
    element: &Map<String, Value>,
    facts: &LabelFacts,
    size: LabelSize,
) -> Option<TextLine> {
    let (x, y) = position(element, size)?;
    let text = match (element.get("field"), element.get("value")) {
        (Some(Value::String(field)), _) => facts.field(field)?.to_owned(),
        (None, Some(Value::String(value))) => facts.fill(value),
        _ => return None,
    };
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let font = match element.get("size") {
        None => DEFAULT_TEMPLATE_FONT_MM,
        Some(value) => value.as_f64()?.clamp(MIN_FONT_MM, MAX_TEMPLATE_FONT_MM),
    };
    let bold = element
        .get("bold")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    Some(TextLine {
        x_mm: x,
        y_mm: y,
        size_mm: font,
        bold,
        text: fit_width(text, size.width_mm - x, font),
    })
}

/// Thai vowels and tone marks written above or below a consonant take no width of their own.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0E31}' | '\u{0E34}'..='\u{0E3A}' | '\u{0E47}'..='\u{0E4E}')
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Characters that advance the pen.
fn visible_len(text: &str) -> usize {
    text.chars().filter(|c| !is_combining(*c)).count()
}

/// `text` cut (with `...`) to what fits `width` at `size`.
fn fit_width(text: &str, width: f64, size: f64) -> String {
    let room = (width / (size * CHAR_WIDTH) + 1e-9).floor().max(0.0) as usize;
    if visible_len(text) <= room {
        return text.to_owned();
    }
    let keep = room.saturating_sub(3);
    let mut cut = String::new();
    let mut seen = 0;
    for c in text.chars() {
        if !is_combining(c) {
            if seen == keep {
                break;
            }
            seen += 1;
        }
        cut.push(c);
    }
    cut.push_str("...");
    cut
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labels::sizing::MIN_QR_MM;
    use serde_json::json;

    fn facts() -> LabelFacts {
        LabelFacts {
            pane_number: "PNE-0001".into(),
            order_number: "ORD-2026-00042".into(),
            glass: "Tempered 6mm".into(),
            size: "1200 x 800 x 6 mm".into(),
            next_station: "Cutting".into(),
        }
    }

    fn size(width: f64, height: f64) -> LabelSize {
        LabelSize::new(width, height).expect("a valid size")
    }

    fn dpi(value: u32) -> Option<Dpi> {
        Some(Dpi::new(value).expect("a resolution"))
    }

    /// Everything drawn stays on the label, and no text overlaps the code.
    #[track_caller]
    fn assert_inside(label: &Label) {
        let (w, h) = (label.size.width_mm, label.size.height_mm);
        let qr = &label.qr;
        let side = qr.fit.side_mm();
        assert!(side >= MIN_QR_MM - 1e-9, "{side}");
        assert!(qr.x_mm >= 0.0 && qr.y_mm >= 0.0);
        assert!(
            qr.x_mm + side <= w + 1e-9 && qr.y_mm + side <= h + 1e-9,
            "{label:?}"
        );
        for line in &label.lines {
            let line_width = visible_len(&line.text) as f64 * line.size_mm * CHAR_WIDTH;
            assert!(line.x_mm + line_width <= w + 1e-9, "{line:?} on {w} mm");
            assert!(line.y_mm + line.size_mm <= h + 1e-9, "{line:?} on {h} mm");
            let beside = line.x_mm >= qr.x_mm + side;
            let below = line.y_mm >= qr.y_mm + side;
            assert!(beside || below, "{line:?} overlaps the code");
        }
    }

    #[test]
    fn the_default_layout_puts_the_text_beside_the_code() {
        for (w, h) in [(60.0, 40.0), (50.0, 30.0), (80.0, 50.0), (100.0, 150.0)] {
            for resolution in [None, dpi(203), dpi(300)] {
                let label = lay_out(&facts(), size(w, h), resolution, None).expect("lays out");
                assert_eq!(label.source, Source::Default);
                assert_eq!(label.qr.payload, "STDPLUS:PNE-0001");
                assert_inside(&label);
                let texts: Vec<&str> = label.lines.iter().map(|l| l.text.as_str()).collect();
                assert_eq!(texts[0], "PNE-0001", "{w} × {h}: {texts:?}");
                assert!(label.lines[0].bold);
                assert!(label.lines[0].size_mm > label.lines[1].size_mm);
            }
        }
        let label = lay_out(&facts(), size(60.0, 40.0), None, None).expect("lays out");
        let texts: Vec<&str> = label.lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "PNE-0001",
                "ORD-2026-00042",
                "Tempered 6mm",
                "1200 x 800 x 6 mm",
                "Next: Cutting"
            ]
        );
    }

    #[test]
    fn a_narrow_label_stacks_the_text_under_the_code() {
        let label = lay_out(&facts(), size(30.0, 60.0), dpi(203), None).expect("lays out");
        assert_inside(&label);
        let side = label.qr.fit.side_mm();
        assert!(label.lines.iter().all(|l| l.y_mm >= label.qr.y_mm + side));
        assert_eq!(label.lines[0].text, "PNE-0001");
    }

    #[test]
    fn labels_too_small_for_a_20_mm_code_are_refused() {
        assert!(matches!(
            LabelSize::new(19.0, 40.0),
            Err(LabelError::SizeOutOfRange(..))
        ));
        assert!(LabelSize::new(60.0, 301.0).is_err());
        assert!(LabelSize::new(f64::NAN, 40.0).is_err());
        // 21 mm at 203 dpi plus 1 mm either side does not fit 22.5 mm.
        assert_eq!(
            lay_out(&facts(), size(40.0, 22.5), dpi(203), None),
            Err(LabelError::TooSmallForQr(40.0, 22.5))
        );
        let tight = lay_out(&facts(), size(40.0, 23.5), dpi(203), None).expect("just fits");
        assert_inside(&tight);
    }

    #[test]
    fn empty_facts_are_left_off_and_long_ones_are_cut() {
        let mut facts = facts();
        facts.order_number.clear();
        facts.next_station.clear();
        facts.glass = "กระจกนิรภัยเทมเปอร์ ลามิเนต สีชาดำ สะท้อนแสง พิเศษ".into();
        let label = lay_out(&facts, size(50.0, 30.0), dpi(203), None).expect("lays out");
        assert_inside(&label);
        assert!(label.lines.iter().all(|l| !l.text.starts_with("Next")));
        assert!(label.lines[1].text.ends_with("..."), "{:?}", label.lines);
    }

    #[test]
    fn a_template_with_a_qr_element_places_things_where_it_says() {
        let elements = json!([
            {"type": "qr", "x": 3, "y": 4, "size": 25},
            {"type": "text", "x": 30, "y": 4, "size": 5, "bold": true, "field": "paneNumber"},
            {"type": "text", "x": 30, "y": 12, "value": "Order {orderNumber}"},
            {"type": "text", "x": 30, "y": 20, "field": "nextStation"},
            {"type": "text", "x": 30, "y": 26, "field": "noSuchField"},
            {"type": "text", "x": 300, "y": 26, "value": "off the label"},
            {"type": "text", "value": "no position"},
            {"type": "barcode", "x": 1, "y": 1},
            "not an object"
        ]);
        let label = lay_out(&facts(), size(80.0, 40.0), None, Some(&elements)).expect("lays out");
        assert_eq!(label.source, Source::Template);
        assert_eq!((label.qr.x_mm, label.qr.y_mm), (3.0, 4.0));
        assert!((label.qr.fit.side_mm() - 25.0).abs() < 1e-9);
        let texts: Vec<(&str, f64, bool)> = label
            .lines
            .iter()
            .map(|l| (l.text.as_str(), l.size_mm, l.bold))
            .collect();
        assert_eq!(
            texts,
            [
                ("PNE-0001", 5.0, true),
                ("Order ORD-2026-00042", DEFAULT_TEMPLATE_FONT_MM, false),
                ("Cutting", DEFAULT_TEMPLATE_FONT_MM, false)
            ]
        );
        // A small QR size is raised to the minimum.
        let small = json!([{"type": "qr", "x": 1, "y": 1, "size": 8}]);
        let label = lay_out(&facts(), size(60.0, 40.0), dpi(300), Some(&small)).expect("lays out");
        assert_eq!(label.source, Source::Template);
        assert!(label.qr.fit.side_mm() >= MIN_QR_MM);
    }

    #[test]
    fn templates_that_are_not_understood_get_the_default_layout() {
        for elements in [
            json!([]),
            json!({"type": "qr"}),
            json!([{"type": "text", "value": "hello"}]),
            json!([{"type": "qr", "x": "3", "y": 4}]),
            json!([{"type": "qr", "x": 45, "y": 4}]),
            json!([{"type": "qr", "x": -1, "y": 4}]),
            json!("elements"),
            Value::Null,
        ] {
            let label =
                lay_out(&facts(), size(60.0, 40.0), dpi(203), Some(&elements)).expect("lays out");
            assert_eq!(label.source, Source::Default, "{elements}");
            assert_inside(&label);
        }
    }

    #[test]
    fn cutting_counts_thai_marks_as_no_width() {
        assert_eq!(visible_len("กระจกนิรภัย"), 9);
        assert_eq!(fit_width("ABCDEFGHIJ", 6.0, 1.0), "ABCDEFGHIJ");
        assert_eq!(fit_width("ABCDEFGHIJK", 6.0, 1.0), "ABCDEFG...");
        assert_eq!(fit_width("นี้นี้นี้นี้นี้", 1.8, 1.0), "...");
    }
}
