//! Where frames come from. A [`FrameSource`] hands out 8-bit grey frames one at a time: a V4L2
//! camera (`v4l.rs`, feature `camera`) or a folder of PNG/JPEG files, which tests and
//! `stdplus camera test` use to run the whole pipeline without a camera.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One grey frame, row by row (`width × height` bytes).
pub struct GreyFrame {
    pub width: u32,
    pub height: u32,
    pub luma: Vec<u8>,
}

/// What asking a source for a frame gives.
pub enum Next {
    Frame(GreyFrame),
    /// A frame that could not be read (a corrupt file, a torn MJPEG frame): skip it.
    Corrupt(String),
    /// The source is gone for now (camera unplugged); the pipeline reopens it after a pause.
    Lost(String),
    /// A finite source has nothing more (the end of a folder).
    End,
}

/// Opened and read on the camera's own thread (a V4L2 handle is not `Send`).
pub trait FrameSource {
    /// Blocks until the next frame (at most about a second, so a stop request is noticed).
    fn next_frame(&mut self) -> Next;
    /// What the source reads, for logs and the live state.
    fn describe(&self) -> String;
}

/// The prefix of a folder source in a camera's `device`.
pub const FOLDER_PREFIX: &str = "folder:";

/// Frames read from the PNG/JPEG files of a folder, in name order, at a steady pace (like a
/// camera's frame rate), optionally looping.
pub struct FolderSource {
    folder: PathBuf,
    files: Vec<PathBuf>,
    position: usize,
    interval: Duration,
    looping: bool,
    last: Option<Instant>,
}

/// The pace of a folder source: 10 frames a second, a slow camera.
pub const FOLDER_INTERVAL: Duration = Duration::from_millis(100);

impl FolderSource {
    /// The image files of `folder` (`.png`, `.jpg`, `.jpeg`), sorted by name.
    pub fn open(folder: &Path, interval: Duration, looping: bool) -> Result<Self, String> {
        let entries = std::fs::read_dir(folder)
            .map_err(|e| format!("cannot read the folder {}: {e}", folder.display()))?;
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| {
                path.extension()
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase)
                    .is_some_and(|e| matches!(e.as_str(), "png" | "jpg" | "jpeg"))
            })
            .collect();
        files.sort();
        Ok(FolderSource {
            folder: folder.to_path_buf(),
            files,
            position: 0,
            interval,
            looping,
            last: None,
        })
    }

    fn pace(&mut self) {
        if let Some(last) = self.last {
            let due = last + self.interval;
            let now = Instant::now();
            if due > now {
                std::thread::sleep(due - now);
            }
        }
        self.last = Some(Instant::now());
    }
}

impl FrameSource for FolderSource {
    fn next_frame(&mut self) -> Next {
        if self.position >= self.files.len() {
            if !self.looping || self.files.is_empty() {
                return Next::End;
            }
            self.position = 0;
        }
        self.pace();
        let path = &self.files[self.position];
        self.position += 1;
        match read_grey(path) {
            Ok(frame) => Next::Frame(frame),
            Err(error) => Next::Corrupt(format!("{}: {error}", path.display())),
        }
    }

    fn describe(&self) -> String {
        format!("{FOLDER_PREFIX}{}", self.folder.display())
    }
}

/// A picture file as grey. The image decoder runs on untrusted files; a panic is a bad file.
fn read_grey(path: &Path) -> Result<GreyFrame, String> {
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let decode = || image::load_from_memory(&bytes).map(|picture| picture.to_luma8());
    let grey = std::panic::catch_unwind(decode)
        .map_err(|_| "the image decoder panicked".to_owned())?
        .map_err(|e| e.to_string())?;
    let (width, height) = grey.dimensions();
    Ok(GreyFrame {
        width,
        height,
        luma: grey.into_raw(),
    })
}

/// Opens what a camera's `device` names: `folder:/path` here, anything else is a V4L2 device
/// (when the box is built with the `camera` feature).
pub fn open(device: &str) -> Result<Box<dyn FrameSource>, String> {
    if let Some(folder) = device.strip_prefix(FOLDER_PREFIX) {
        return Ok(Box::new(FolderSource::open(
            Path::new(folder),
            FOLDER_INTERVAL,
            false,
        )?));
    }
    open_device(device)
}

#[cfg(feature = "camera")]
fn open_device(device: &str) -> Result<Box<dyn FrameSource>, String> {
    Ok(Box::new(super::v4l::CameraSource::open(device)?))
}

#[cfg(not(feature = "camera"))]
fn open_device(device: &str) -> Result<Box<dyn FrameSource>, String> {
    Err(format!(
        "{device}: this build has no camera support (built without the `camera` feature)"
    ))
}
