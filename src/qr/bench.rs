//! Measures the decoders on the generated frame set (`stdplus camera bench`, the README table,
//! and the decode-rate test): per category, the share of frames whose code was read exactly and
//! the mean time per frame.

use super::decode::{Decoder, decode_luma_with};
use super::frames::{CATEGORIES, Frame};
use std::time::Instant;

/// One decoder's result on one category.
#[derive(Clone, Debug)]
pub struct Score {
    pub read: usize,
    pub frames: usize,
    /// A code that was read but is not the one in the frame (or one read from an empty frame).
    pub wrong: usize,
    pub millis_per_frame: f64,
}

impl Score {
    pub fn rate(&self) -> f64 {
        if self.frames == 0 {
            0.0
        } else {
            self.read as f64 / self.frames as f64
        }
    }
}

pub const DECODERS: [(Decoder, &str); 3] = [
    (Decoder::Rqrr, "rqrr"),
    (Decoder::Rxing, "rxing"),
    (Decoder::Chain, "rxing+rqrr"),
];

/// The score of `decoder` on the frames of `category`.
pub fn score(decoder: Decoder, frames: &[Frame], category: &str) -> Score {
    let mut score = Score {
        read: 0,
        frames: 0,
        wrong: 0,
        millis_per_frame: 0.0,
    };
    let started = Instant::now();
    for frame in frames.iter().filter(|f| f.category == category) {
        score.frames += 1;
        let image = &frame.image;
        let codes = decode_luma_with(decoder, image.width(), image.height(), image.as_raw());
        match &frame.expected {
            Some(text) if codes.iter().any(|c| c == text) => score.read += 1,
            Some(_) if codes.is_empty() => {}
            None if codes.is_empty() => {}
            _ => score.wrong += 1,
        }
    }
    if score.frames > 0 {
        score.millis_per_frame = started.elapsed().as_secs_f64() * 1000.0 / score.frames as f64;
    }
    score
}

/// The whole table as Markdown: one row per category, rate and ms/frame per decoder.
pub fn table(frames: &[Frame]) -> String {
    let mut out = String::from("| frames (640x480 grey) |");
    for (_, name) in DECODERS {
        out.push_str(&format!(" {name} read | {name} ms |"));
    }
    out.push_str("\n|---|");
    for _ in DECODERS {
        out.push_str("--:|--:|");
    }
    out.push('\n');
    let mut totals = vec![(0usize, 0usize, 0.0f64); DECODERS.len()];
    for category in CATEGORIES {
        let count = frames
            .iter()
            .filter(|f| f.category == category.name)
            .count();
        out.push_str(&format!("| {} (n={count}) |", category.name));
        for (index, (decoder, _)) in DECODERS.iter().enumerate() {
            let score = score(*decoder, frames, category.name);
            if category.look.is_some() {
                out.push_str(&format!(" {:.0}% |", score.rate() * 100.0));
                totals[index].0 += score.read;
                totals[index].1 += score.frames;
            } else {
                out.push_str(&format!(" {} false |", score.wrong));
            }
            out.push_str(&format!(" {:.1} |", score.millis_per_frame));
            totals[index].2 += score.millis_per_frame * score.frames as f64;
        }
        out.push('\n');
    }
    out.push_str("| **all frames with a code** / mean ms over all frames |");
    for (read, frames_with_code, millis) in &totals {
        let rate = *read as f64 * 100.0 / (*frames_with_code).max(1) as f64;
        let mean = millis / frames.len().max(1) as f64;
        out.push_str(&format!(
            " **{read}/{frames_with_code} ({rate:.0}%)** | {mean:.1} |"
        ));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::qr::frames::labelled_set;

    /// The acceptance bar: the cases a factory relies on (sharp stickers from 3 px/module up,
    /// rotated, inverted) read at least 95% of the time, and nothing is read from empty frames.
    #[test]
    fn generated_frames_decode_at_the_rates_a_factory_needs() {
        let frames = labelled_set(10, 3);
        let mut report = String::new();
        for category in CATEGORIES {
            let chain = score(Decoder::Chain, &frames, category.name);
            report.push_str(&format!(
                "{}: {}/{}\n",
                category.name, chain.read, chain.frames
            ));
            assert_eq!(chain.wrong, 0, "a wrong code in {}", category.name);
            if category.must_read {
                assert!(chain.rate() >= 0.95, "{} too low:\n{report}", category.name);
            }
        }
        // The chain reads at least what each decoder reads alone.
        let total = |decoder| {
            CATEGORIES
                .iter()
                .map(|c| score(decoder, &frames, c.name).read)
                .sum::<usize>()
        };
        let (chain, rxing, rqrr) = (
            total(Decoder::Chain),
            total(Decoder::Rxing),
            total(Decoder::Rqrr),
        );
        assert!(chain >= rxing && chain >= rqrr, "{chain} {rxing} {rqrr}");
    }
}
