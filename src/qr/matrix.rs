//! A QR code as its grid of modules, for printers and documents that draw the code themselves
//! (PDF labels as filled rectangles, SVG labels in millimetres) and for sizing a code that a
//! label printer draws from its own encoder (ZPL `^BQ`, TSPL `QRCODE`).

use qrcode::types::Color;
use qrcode::{EcLevel, QrCode};

use super::QrError;

/// The modules of one code, without a quiet zone: `width × width`, row by row.
#[derive(Clone, Debug, PartialEq)]
pub struct Matrix {
    width: usize,
    dark: Vec<bool>,
}

impl Matrix {
    /// The code of `text` at level `ec`, in the smallest version that holds it.
    pub fn encode(text: &str, ec: EcLevel) -> Result<Self, QrError> {
        let code = QrCode::with_error_correction_level(text.as_bytes(), ec)
            .map_err(|_| QrError::TooLong)?;
        Ok(Matrix {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Color::Dark)
                .collect(),
        })
    }

    /// Modules a side (21 for version 1, 25 for version 2, …).
    pub fn width(&self) -> usize {
        self.width
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.width && y < self.width && self.dark[y * self.width + x]
    }

    /// The dark modules as horizontal runs `(x, y, length)`, row by row: a drawing needs one
    /// rectangle a run instead of one a module.
    pub fn dark_runs(&self) -> Vec<(usize, usize, usize)> {
        let mut runs = Vec::new();
        for y in 0..self.width {
            let mut x = 0;
            while x < self.width {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.width && self.is_dark(x, y) {
                        x += 1;
                    }
                    runs.push((start, y, x - start));
                } else {
                    x += 1;
                }
            }
        }
        runs
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pane_code_is_version_1_at_m_and_grows_with_the_level() {
        // Upper-case pane codes are alphanumeric: 16 characters fit version 1 at M and Q.
        let m = Matrix::encode("STDPLUS:PNE-0001", EcLevel::M).expect("encodes");
        assert_eq!(m.width(), 21);
        let h = Matrix::encode("STDPLUS:PNE-0001", EcLevel::H).expect("encodes");
        assert_eq!(h.width(), 25);
        // The finder pattern's corner is dark, the module beside its ring light.
        assert!(m.is_dark(0, 0) && m.is_dark(6, 6) && !m.is_dark(7, 7));
        assert!(!m.is_dark(21, 0), "outside the grid is light");
    }

    #[test]
    fn runs_cover_exactly_the_dark_modules() {
        let m = Matrix::encode("STDPLUS:PNE-0042", EcLevel::M).expect("encodes");
        let mut covered = vec![false; m.width() * m.width()];
        for (x, y, length) in m.dark_runs() {
            for dx in 0..length {
                covered[y * m.width() + x + dx] = true;
            }
        }
        for y in 0..m.width() {
            for x in 0..m.width() {
                assert_eq!(covered[y * m.width() + x], m.is_dark(x, y), "({x}, {y})");
            }
        }
    }
}
