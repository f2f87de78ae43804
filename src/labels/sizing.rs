//! Millimetres to printer dots, and the size of a QR code on a label: at least
//! [`MIN_QR_MM`] a side (the symbol, without its quiet zone), so that a phone or a handheld
//! scanner reads it from arm's length even when the label is scratched.

use super::LabelError;
use crate::qr::{EcLevel, Matrix};

/// The smallest QR symbol a label carries, in millimetres.
pub const MIN_QR_MM: f64 = 20.0;

/// The largest module a printer's own QR encoder draws, in dots: ZPL `^BQ` magnification and
/// TSPL `QRCODE` cell width both stop at 10.
pub const MAX_DOTS_PER_MODULE: u32 = 10;

/// Millimetres in an inch.
const MM_PER_INCH: f64 = 25.4;

/// The resolutions label printers come in: 8 and 12 dots a millimetre.
pub const DPIS: &[u32] = &[203, 300];

/// A printer's resolution, one of [`DPIS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dpi(u32);

impl Dpi {
    pub fn new(dpi: u32) -> Option<Dpi> {
        DPIS.contains(&dpi).then_some(Dpi(dpi))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    pub fn dots_per_mm(self) -> f64 {
        f64::from(self.0) / MM_PER_INCH
    }

    /// `mm` as whole dots, rounded to the nearest.
    pub fn dots(self, mm: f64) -> u32 {
        mm_to_dots(mm, self.0)
    }
}

/// `mm` at `dpi` as whole dots, rounded to the nearest (negative lengths are 0).
pub fn mm_to_dots(mm: f64, dpi: u32) -> u32 {
    (mm * f64::from(dpi) / MM_PER_INCH).round().max(0.0) as u32
}

/// A QR code sized for a label: its modules, the error-correction level they were encoded at,
/// and the size of one module (on a printer, a whole number of dots).
#[derive(Clone, Debug, PartialEq)]
pub struct QrFit {
    pub matrix: Matrix,
    pub ec: EcLevel,
    pub module_mm: f64,
    /// Dots a module on a printer (its `^BQ` magnification or `QRCODE` cell width); `None` for
    /// vector output.
    pub dots_per_module: Option<u32>,
}

impl QrFit {
    /// The symbol's side in millimetres, without the quiet zone.
    pub fn side_mm(&self) -> f64 {
        self.matrix.width() as f64 * self.module_mm
    }
}

/// The QR code of `payload`, about `want_mm` a side and never less than [`MIN_QR_MM`].
///
/// Vector output (no `dpi`) scales freely at level M. A printer draws whole dots per module,
/// at most [`MAX_DOTS_PER_MODULE`], so at 300 dpi a version-1 code (21 modules) cannot reach
/// 20 mm (10 dots × 21 = 17.8 mm): a higher level, which needs more modules for the same text,
/// is chosen instead. Levels are tried M, Q, H; more correction never hurts a factory label.
pub fn fit_qr(payload: &str, want_mm: f64, dpi: Option<Dpi>) -> Result<QrFit, LabelError> {
    let want_mm = want_mm.max(MIN_QR_MM);
    let Some(dpi) = dpi else {
        let matrix = Matrix::encode(payload, EcLevel::M).map_err(|_| LabelError::PayloadTooLong)?;
        let module_mm = want_mm / matrix.width() as f64;
        return Ok(QrFit {
            matrix,
            ec: EcLevel::M,
            module_mm,
            dots_per_module: None,
        });
    };
    let per_mm = dpi.dots_per_mm();
    for ec in [EcLevel::M, EcLevel::Q, EcLevel::H] {
        let matrix = Matrix::encode(payload, ec).map_err(|_| LabelError::PayloadTooLong)?;
        let modules = matrix.width() as f64;
        // The fewest dots a module that reach the minimum (a hair of float error forgiven).
        let least = (MIN_QR_MM * per_mm / modules - 1e-9).ceil() as u32;
        if least > MAX_DOTS_PER_MODULE {
            continue;
        }
        let wanted = (want_mm * per_mm / modules + 1e-9).floor() as u32;
        let dots = wanted.clamp(least.max(1), MAX_DOTS_PER_MODULE);
        return Ok(QrFit {
            matrix,
            ec,
            module_mm: f64::from(dots) / per_mm,
            dots_per_module: Some(dots),
        });
    }
    // Unreachable for the resolutions of DPIS: level H always needs version 2 or more.
    Err(LabelError::PayloadTooLong)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dpi(value: u32) -> Dpi {
        Dpi::new(value).expect("a supported resolution")
    }

    #[test]
    fn millimetres_become_rounded_dots() {
        assert_eq!(mm_to_dots(25.4, 203), 203);
        assert_eq!(mm_to_dots(50.0, 203), 400); // 399.6
        assert_eq!(mm_to_dots(60.0, 203), 480); // 479.5
        assert_eq!(mm_to_dots(40.0, 203), 320); // 319.7
        assert_eq!(mm_to_dots(50.0, 300), 591); // 590.55
        assert_eq!(mm_to_dots(30.0, 300), 354); // 354.3
        assert_eq!(mm_to_dots(0.0, 300), 0);
        assert_eq!(mm_to_dots(-3.0, 203), 0);
        assert_eq!(dpi(203).dots(100.0), 799);
        assert!((dpi(300).dots_per_mm() - 11.811).abs() < 0.001);
    }

    #[test]
    fn only_common_label_printer_resolutions_are_accepted() {
        assert!(Dpi::new(203).is_some() && Dpi::new(300).is_some());
        for other in [0, 72, 200, 600] {
            assert!(Dpi::new(other).is_none(), "{other}");
        }
    }

    #[test]
    fn printed_codes_are_at_least_20_mm_at_203_and_300_dpi() {
        for payload in [
            "STDPLUS:PNE-0001",
            "STDPLUS:PNE-123456",
            "STDPLUS:pne-0001-remake-2",
        ] {
            for resolution in [203, 300] {
                for want in [0.0, 20.0, 24.0, 35.0] {
                    let fit = fit_qr(payload, want, Some(dpi(resolution))).expect("fits");
                    let dots = fit.dots_per_module.expect("dots");
                    assert!((1..=MAX_DOTS_PER_MODULE).contains(&dots));
                    // The printed side from whole dots, as the printer draws it.
                    let side_dots = dots as usize * fit.matrix.width();
                    let side_mm = side_dots as f64 * 25.4 / f64::from(resolution);
                    assert!(
                        side_mm >= MIN_QR_MM,
                        "{payload} at {resolution} dpi: {side_mm}"
                    );
                    assert!((side_mm - fit.side_mm()).abs() < 1e-9);
                    assert!(fit.ec != EcLevel::L);
                }
            }
        }
    }

    #[test]
    fn at_203_dpi_level_m_suffices_and_at_300_dpi_the_level_rises() {
        let at_203 = fit_qr("STDPLUS:PNE-0001", 20.0, Some(dpi(203))).expect("fits");
        assert_eq!((at_203.ec, at_203.matrix.width()), (EcLevel::M, 21));
        assert_eq!(at_203.dots_per_module, Some(8)); // 168 dots = 21.0 mm
        let roomy = fit_qr("STDPLUS:PNE-0001", 26.0, Some(dpi(203))).expect("fits");
        assert_eq!(roomy.dots_per_module, Some(9)); // 189 dots = 23.6 mm: rounded down
        let big = fit_qr("STDPLUS:PNE-0001", 40.0, Some(dpi(203))).expect("fits");
        assert_eq!(big.dots_per_module, Some(10)); // the printer's largest module
        let at_300 = fit_qr("STDPLUS:PNE-0001", 20.0, Some(dpi(300))).expect("fits");
        assert_eq!((at_300.ec, at_300.matrix.width()), (EcLevel::H, 25));
        assert_eq!(at_300.dots_per_module, Some(10)); // 250 dots = 21.2 mm
    }

    #[test]
    fn vector_codes_take_the_size_asked_but_not_less_than_the_minimum() {
        let fit = fit_qr("STDPLUS:PNE-0001", 24.0, None).expect("fits");
        assert_eq!((fit.ec, fit.dots_per_module), (EcLevel::M, None));
        assert!((fit.side_mm() - 24.0).abs() < 1e-9);
        let small = fit_qr("STDPLUS:PNE-0001", 5.0, None).expect("fits");
        assert!((small.side_mm() - MIN_QR_MM).abs() < 1e-9);
        assert_eq!(
            fit_qr(&"X".repeat(5000), 20.0, None),
            Err(LabelError::PayloadTooLong)
        );
    }
}
