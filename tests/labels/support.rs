//! What the label tests need besides the server: a fake label printer (a TCP listener that
//! keeps every job), a ZPL reader, and rasterisers that turn the SVG and PDF the box wrote back
//! into pixels for the project's QR decoder.

use image::{GrayImage, Luma};
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;
use tokio::sync::mpsc;

/// A label printer on 127.0.0.1: every connection's bytes, read to the end, are one job.
pub struct FakePrinter {
    pub port: u16,
    jobs: mpsc::UnboundedReceiver<Vec<u8>>,
    task: tokio::task::JoinHandle<()>,
}

impl FakePrinter {
    pub async fn start() -> FakePrinter {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let port = listener.local_addr().expect("an address").port();
        let (sender, jobs) = mpsc::unbounded_channel();
        let task = tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let sender = sender.clone();
                tokio::spawn(async move {
                    let mut job = Vec::new();
                    if socket.read_to_end(&mut job).await.is_ok() {
                        let _ = sender.send(job);
                    }
                });
            }
        });
        FakePrinter { port, jobs, task }
    }

    /// The next job, as text; panics when none arrives within 10 s.
    pub async fn job(&mut self) -> String {
        let job = tokio::time::timeout(Duration::from_secs(10), self.jobs.recv())
            .await
            .expect("a job within 10 s")
            .expect("the printer is listening");
        String::from_utf8(job).expect("a job is UTF-8")
    }

    /// Whether a job arrives within `wait`.
    pub async fn gets_a_job_within(&mut self, wait: Duration) -> bool {
        tokio::time::timeout(wait, self.jobs.recv()).await.is_ok()
    }
}

impl Drop for FakePrinter {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A port on 127.0.0.1 where nothing listens (a printer that is off).
pub async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    listener.local_addr().expect("an address").port()
}

/// The formats of a ZPL job: the text between each `^XA` and its `^XZ`. Panics unless the job
/// is a sequence of well-formed pairs (nothing outside them, no `^XA` inside one).
pub fn zpl_formats(job: &str) -> Vec<&str> {
    let mut formats = Vec::new();
    let mut rest = job.trim_start();
    while !rest.is_empty() {
        assert!(
            rest.starts_with("^XA"),
            "a format starts with ^XA: {rest:?}"
        );
        let end = rest.find("^XZ").expect("every ^XA has its ^XZ");
        let format = &rest[3..end];
        assert!(!format.contains("^XA"), "^XA inside a format: {format:?}");
        formats.push(format);
        rest = rest[end + 3..].trim_start();
    }
    formats
}

/// The number after `command` (`^PW480` → 480).
pub fn zpl_number(format: &str, command: &str) -> u32 {
    let at = format
        .find(command)
        .unwrap_or_else(|| panic!("{command} in {format}"));
    format[at + command.len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a number")
}

/// A format's QR field: `^BQN`'s magnification, the error-correction letter and the payload.
pub fn zpl_qr(format: &str) -> (u32, char, String) {
    let at = format.find("^BQN,2,").expect("a ^BQN field");
    let field = &format[at + 7..];
    let magnification: u32 = field
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("a magnification");
    let data = field.split("^FD").nth(1).expect("^FD");
    let data = &data[..data.find("^FS").expect("^FS")];
    let level = data.chars().next().expect("a level");
    // Manual alphanumeric input (`M,A…`) or automatic (`A,…`).
    let payload = data[1..]
        .strip_prefix("M,A")
        .or_else(|| data[1..].strip_prefix("A,"))
        .expect("an input mode");
    (magnification, level, payload.to_owned())
}

/// The numbers in `text`, in order (signs and decimals included).
fn numbers(text: &str) -> Vec<f64> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .filter(|s| !s.is_empty() && *s != "-")
        .map(|s| s.parse().expect("a number"))
        .collect()
}

/// Fills `[x, y, width, height]` rectangles (in the page's units, origin top-left) on a white
/// image of the page at `scale` pixels a unit: a pixel is dark when its centre is inside one.
pub fn rasterise(page: (f64, f64), rects: &[[f64; 4]], scale: f64) -> GrayImage {
    let (width, height) = (
        (page.0 * scale).ceil() as u32,
        (page.1 * scale).ceil() as u32,
    );
    let mut image = GrayImage::from_pixel(width, height, Luma([255]));
    for [x, y, w, h] in rects {
        let (x0, x1) = ((x * scale - 0.5).ceil(), ((x + w) * scale - 0.5).ceil());
        let (y0, y1) = ((y * scale - 0.5).ceil(), ((y + h) * scale - 0.5).ceil());
        for py in y0.max(0.0) as u32..(y1.max(0.0) as u32).min(height) {
            for px in x0.max(0.0) as u32..(x1.max(0.0) as u32).min(width) {
                image.put_pixel(px, py, Luma([0]));
            }
        }
    }
    image
}

/// The codes the project's decoder finds in `image`.
pub fn decode(image: &GrayImage) -> Vec<String> {
    stdplus::qr::decode_luma(image.width(), image.height(), image.as_raw())
}

/// An SVG label's size (its viewBox, in mm) and the QR path's rectangles
/// (`M{x} {y}h{w}v{h}h-{w}z` each).
pub fn svg_qr(svg: &str) -> ((f64, f64), Vec<[f64; 4]>) {
    let view_box = svg.split("viewBox=\"").nth(1).expect("a viewBox");
    let view_box = numbers(&view_box[..view_box.find('"').expect("closed")]);
    let path = svg.split("data-qr=").nth(1).expect("the QR path");
    let d = path.split(" d=\"").nth(1).expect("path data");
    let d = &d[..d.find('"').expect("closed")];
    let rects = d
        .split('M')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let n = numbers(part);
            assert_eq!(n.len(), 5, "M x y h w v h h-w z: {part}");
            [n[0], n[1], n[2], n[3]]
        })
        .collect();
    ((view_box[2], view_box[3]), rects)
}

/// One page of a PDF: its MediaBox size (points) and the rectangles its content fills.
pub struct PdfPage {
    pub size: (f64, f64),
    /// `[x, y, width, height]` from the top-left, in points (PDF's y axis flipped).
    pub rects: Vec<[f64; 4]>,
}

/// Reads the PDF the box writes: checks the header, that `startxref` points at the table and
/// every table entry at its object, then walks the page tree. Panics on anything malformed.
pub fn pdf_pages(pdf: &[u8]) -> Vec<PdfPage> {
    assert!(pdf.starts_with(b"%PDF-"), "a PDF header");
    // One character a byte (high bytes as `?`), so that offsets in the text are byte offsets.
    let text: String = pdf
        .iter()
        .map(|&b| if b.is_ascii() { b as char } else { '?' })
        .collect();
    assert!(text.trim_end().ends_with("%%EOF"));
    let start: usize = text
        .rsplit("startxref")
        .next()
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("startxref");
    assert_eq!(
        &pdf[start..start + 4],
        b"xref",
        "startxref points at the table"
    );
    let mut lines = text[start..].lines().skip(1);
    let header = numbers(lines.next().expect("a subsection"));
    let count = header[1] as usize;
    let mut offsets = vec![0usize; count];
    assert_eq!(
        lines.next().map(|l| l.trim_end()),
        Some("0000000000 65535 f")
    );
    for (object, offset) in offsets.iter_mut().enumerate().skip(1) {
        let entry = lines.next().expect("an entry");
        assert_eq!(entry.len() + 1, 20, "entries are 20 bytes: {entry:?}");
        *offset = entry[..10].parse().expect("an offset");
        let expected = format!("{object} 0 obj");
        assert!(
            text[*offset..].starts_with(&expected),
            "entry {object} points at its object"
        );
    }
    let object = |id: usize| -> &str {
        let from = offsets[id];
        let end = text[from..].find("endobj").expect("endobj") + from;
        &text[from..end]
    };
    let trailer = text.rsplit("trailer").next().expect("a trailer");
    let root = numbers(trailer.split("/Root").nth(1).expect("/Root"))[0] as usize;
    let catalog = object(root);
    let pages_id = numbers(catalog.split("/Pages").nth(1).expect("/Pages"))[0] as usize;
    let pages = object(pages_id);
    let kids = pages.split("/Kids [").nth(1).expect("/Kids");
    let kids = &kids[..kids.find(']').expect("closed")];
    let kid_ids: Vec<usize> = kids
        .split(" 0 R")
        .filter(|k| !k.trim().is_empty())
        .map(|k| k.trim().parse().expect("a page id"))
        .collect();
    let count_field = numbers(pages.split("/Count").nth(1).expect("/Count"))[0] as usize;
    assert_eq!(count_field, kid_ids.len());
    kid_ids
        .into_iter()
        .map(|id| {
            let page = object(id);
            let media = page.split("/MediaBox [").nth(1).expect("a MediaBox");
            let media = numbers(&media[..media.find(']').expect("closed")]);
            let contents = numbers(page.split("/Contents").nth(1).expect("/Contents"))[0] as usize;
            let stream_object = object(contents);
            let length =
                numbers(stream_object.split("/Length").nth(1).expect("/Length"))[0] as usize;
            let begin = stream_object.find("stream\n").expect("stream") + 7;
            let content = &stream_object[begin..begin + length];
            assert!(
                stream_object[begin + length..].starts_with("\nendstream"),
                "the stream is /Length long"
            );
            let height = media[3];
            let rects = content
                .lines()
                .filter(|line| line.ends_with(" re"))
                .map(|line| {
                    let n = numbers(line);
                    [n[0], height - n[1] - n[3], n[2], n[3]]
                })
                .collect();
            PdfPage {
                size: (media[2], media[3]),
                rects,
            }
        })
        .collect()
}
