//! `stdplus camera test <device|folder>` (what a camera decodes, and how fast) and
//! `stdplus camera bench` (the decoders on the generated frame set: README "QR decoding").

use super::source::{self, FOLDER_PREFIX, Next};
use crate::qr;
use clap::{Args, Subcommand};
use std::process::ExitCode;
use std::time::Instant;

#[derive(Args, Debug, Clone)]
pub struct CameraArgs {
    #[command(subcommand)]
    pub action: CameraAction,
}

#[derive(Subcommand, Debug, Clone)]
pub enum CameraAction {
    /// Read frames from a camera (/dev/video0, /dev/v4l/by-id/…, /dev/video-auto) or a folder of
    /// PNG/JPEG frames, printing each decoded code and the decode time per frame.
    Test {
        /// A device path, or a folder (with or without the `folder:` prefix).
        source: String,
        /// Stop after this many frames (a folder stops at its end anyway).
        #[arg(long, default_value_t = 100)]
        frames: u64,
    },
    /// Generate the labelled 640x480 frame set and print decode rate and time per decoder.
    Bench {
        /// Frames per category.
        #[arg(long, default_value_t = 20)]
        per_category: usize,
        /// Also write the frames as PNG files into this folder (for `camera test`).
        #[arg(long)]
        save: Option<std::path::PathBuf>,
    },
}

pub fn run(args: &CameraArgs) -> ExitCode {
    match &args.action {
        CameraAction::Test { source, frames } => test(source, *frames),
        CameraAction::Bench { per_category, save } => {
            let set = qr::frames::labelled_set(*per_category, 7);
            if let Some(folder) = save
                && let Err(error) = save_frames(&set, folder)
            {
                eprintln!("stdplus camera bench: {error}");
                return ExitCode::FAILURE;
            }
            print!("{}", qr::bench::table(&set));
            ExitCode::SUCCESS
        }
    }
}

/// Writes the set as `NNNN-<category>.png`, in the order generated.
fn save_frames(set: &[qr::frames::Frame], folder: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    for (index, frame) in set.iter().enumerate() {
        let label: String = frame
            .category
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        let path = folder.join(format!("{index:04}-{label}.png"));
        frame
            .image
            .save(&path)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(())
}

fn test(name: &str, limit: u64) -> ExitCode {
    let device = if !name.starts_with("/dev/") && !name.starts_with(FOLDER_PREFIX) {
        format!("{FOLDER_PREFIX}{name}")
    } else {
        name.to_owned()
    };
    let mut source = match source::open(&device) {
        Ok(source) => source,
        Err(error) => {
            eprintln!("stdplus camera test: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("reading {}", source.describe());
    let (mut frames, mut total_ms, mut read) = (0u64, 0f64, 0u64);
    while frames < limit {
        let frame = match source.next_frame() {
            Next::Frame(frame) => frame,
            Next::Corrupt(error) => {
                println!("skipped a corrupt frame: {error}");
                continue;
            }
            Next::Lost(error) => {
                eprintln!("lost the source: {error}");
                return ExitCode::FAILURE;
            }
            Next::End => break,
        };
        frames += 1;
        let started = Instant::now();
        let codes = qr::decode_luma(frame.width, frame.height, &frame.luma);
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        total_ms += ms;
        read += u64::from(!codes.is_empty());
        println!(
            "frame {frames} {}x{} {ms:.1} ms: {}",
            frame.width,
            frame.height,
            if codes.is_empty() {
                "-".to_owned()
            } else {
                codes.join(" | ")
            }
        );
    }
    let mean = if frames == 0 {
        0.0
    } else {
        total_ms / frames as f64
    };
    println!("{frames} frames, {read} with a code, {mean:.1} ms per frame on average");
    ExitCode::SUCCESS
}
