//! Label printers (additive, issue 8): a networked printer the box sends pane labels to, in
//! its language (ZPL or TSPL), on the label stock loaded in it.

use super::json::js_number;
use super::{Id, Timestamp};
use serde::Serialize;

/// The printer languages the box speaks.
pub const KINDS: &[&str] = &["zpl", "tspl"];
/// The raw-printing port label printers listen on.
pub const DEFAULT_PORT: u16 = 9100;
pub const DEFAULT_DPI: u32 = 203;

/// A stored printer.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Printer {
    #[serde(rename = "_id")]
    pub id: Id,
    pub name: String,
    /// `zpl` or `tspl`.
    pub kind: String,
    pub host: String,
    pub port: u16,
    pub dpi: u32,
    #[serde(serialize_with = "js_number")]
    pub label_width_mm: f64,
    #[serde(serialize_with = "js_number")]
    pub label_height_mm: f64,
    /// The station whose releases it prints; `None`: every release (when `print_on_release`).
    pub station: Option<Id>,
    pub print_on_release: bool,
    /// The layout; `None`: the default layout.
    pub sticker_template: Option<Id>,
    /// A font stored on the printer for the text; empty: the resident font.
    pub font: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    #[serde(rename = "__v")]
    pub version: i64,
}

impl Printer {
    /// Whether it prints the labels of an order released to `first_station`.
    pub fn prints_release_at(&self, first_station: Id) -> bool {
        self.print_on_release && self.station.is_none_or(|s| s == first_station)
    }
}

/// Whether `font` is safe to place in a ZPL or TSPL command: a printer file name such as
/// `E:THAI.TTF`, nothing that could end the command or the string.
pub fn is_font_name(font: &str) -> bool {
    font.len() <= 64
        && font
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b":._-".contains(&b))
}

/// Whether `host` looks like a host name or an IP address (letters, digits, `.`, `-`, `:` for
/// IPv6), so that a typo is refused when the printer is saved rather than when it prints.
pub fn is_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 253
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".-:".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn printer(station: Option<Id>, on_release: bool) -> Printer {
        let now = Timestamp::from_millis(0);
        Printer {
            id: Id::new(),
            name: "Cutting printer".into(),
            kind: "zpl".into(),
            host: "192.168.1.50".into(),
            port: DEFAULT_PORT,
            dpi: DEFAULT_DPI,
            label_width_mm: 60.0,
            label_height_mm: 40.0,
            station,
            print_on_release: on_release,
            sticker_template: None,
            font: String::new(),
            created_at: now,
            updated_at: now,
            version: 0,
        }
    }

    #[test]
    fn release_printing_follows_the_flag_and_the_station() {
        let (a, b) = (Id::new(), Id::new());
        assert!(printer(Some(a), true).prints_release_at(a));
        assert!(!printer(Some(a), true).prints_release_at(b));
        assert!(printer(None, true).prints_release_at(b));
        assert!(!printer(None, false).prints_release_at(a));
    }

    #[test]
    fn the_document_has_camel_case_keys_and_plain_numbers() {
        let doc = serde_json::to_value(printer(None, false)).unwrap_or_default();
        assert_eq!(doc["labelWidthMm"], 60);
        assert_eq!(doc["printOnRelease"], false);
        assert_eq!(doc["station"], serde_json::Value::Null);
        assert_eq!(doc["port"], 9100);
    }

    #[test]
    fn hosts_and_fonts_are_checked() {
        for good in ["192.168.1.50", "zebra-1.local", "fe80::1", "PRINTER"] {
            assert!(is_host(good), "{good}");
        }
        for bad in ["", "a b", "host/path", "x\"y", "ไทย"] {
            assert!(!is_host(bad), "{bad}");
        }
        assert!(is_font_name("E:NOTOSANSTHAI.TTF") && is_font_name(""));
        assert!(!is_font_name("A\",0") && !is_font_name("^XZ"));
    }
}
