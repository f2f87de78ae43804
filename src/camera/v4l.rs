//! V4L2 capture with nokhwa (feature `camera`). The device is a `/dev/video*` node, a stable
//! `/dev/v4l/by-id/…` link, or `/dev/video-auto` for the first real capture device. UVC cameras
//! also expose metadata nodes with no video formats; those are skipped. The format is YUYV
//! (its grey plane is every other byte, no colour conversion), else MJPEG (decoded straight to
//! grey), else GRAY, at 640×480 to 1280×720, the smallest such size first (decoding is faster).

use super::source::{FrameSource, GreyFrame, Next};
use nokhwa::Camera;
use nokhwa::utils::{CameraFormat, CameraIndex, FrameFormat, RequestedFormat, RequestedFormatType};

/// Asks for the first real capture device instead of a fixed node.
pub const AUTO_DEVICE: &str = "/dev/video-auto";

const WANTED: &[FrameFormat] = &[FrameFormat::YUYV, FrameFormat::MJPEG, FrameFormat::GRAY];

pub struct CameraSource {
    device: String,
    camera: Camera,
    format: CameraFormat,
}

/// The `N` of the `/dev/videoN` a path is or links to.
fn node_index(device: &str) -> Result<u32, String> {
    let real = std::fs::canonicalize(device).map_err(|e| format!("{device}: {e}"))?;
    real.file_name()
        .and_then(|name| name.to_str())
        .and_then(|name| name.strip_prefix("video"))
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| format!("{device} is not a /dev/videoN device"))
}

/// The capture format to use, by the order of preference above.
fn choose(formats: &[CameraFormat]) -> Option<CameraFormat> {
    let in_range = |f: &&CameraFormat| {
        let (w, h) = (f.width(), f.height());
        (640..=1280).contains(&w) && (480..=720).contains(&h)
    };
    WANTED.iter().find_map(|wanted| {
        formats
            .iter()
            .filter(|f| f.format() == *wanted)
            .filter(in_range)
            .min_by_key(|f| (f.width() * f.height(), std::cmp::Reverse(f.frame_rate())))
            .copied()
    })
}

fn open_index(device: &str, index: u32) -> Result<CameraSource, String> {
    let any = RequestedFormat::with_formats(RequestedFormatType::None, WANTED);
    let mut camera = Camera::new(CameraIndex::Index(index), any)
        .map_err(|e| format!("{device}: cannot open: {e}"))?;
    let formats = camera
        .compatible_camera_formats()
        .map_err(|e| format!("{device}: cannot list formats: {e}"))?;
    // A metadata node lists no video format we can use.
    let format = choose(&formats).ok_or_else(|| {
        format!("{device}: not a capture device with YUYV/MJPEG/GRAY at 640x480-1280x720")
    })?;
    camera
        .set_camera_requset(RequestedFormat::with_formats(
            RequestedFormatType::Exact(format),
            WANTED,
        ))
        .map_err(|e| format!("{device}: cannot set {format}: {e}"))?;
    camera
        .open_stream()
        .map_err(|e| format!("{device}: cannot start streaming: {e}"))?;
    Ok(CameraSource {
        device: device.to_owned(),
        camera,
        format,
    })
}

impl CameraSource {
    pub fn open(device: &str) -> Result<Self, String> {
        if device != AUTO_DEVICE {
            return open_index(device, node_index(device)?);
        }
        let mut nodes: Vec<u32> = std::fs::read_dir("/dev")
            .map_err(|e| format!("/dev: {e}"))?
            .filter_map(Result::ok)
            .filter_map(|e| e.file_name().to_str()?.strip_prefix("video")?.parse().ok())
            .collect();
        nodes.sort_unstable();
        let mut last = format!("{AUTO_DEVICE}: no /dev/video* device");
        for index in nodes {
            match open_index(&format!("/dev/video{index}"), index) {
                Ok(source) => return Ok(source),
                Err(error) => last = error,
            }
        }
        Err(last)
    }
}

/// The grey plane of a raw frame in `format`, or why the frame is unusable.
fn grey(format: CameraFormat, raw: &[u8]) -> Result<GreyFrame, String> {
    let (width, height) = (format.width(), format.height());
    let pixels = width as usize * height as usize;
    let luma = match format.format() {
        FrameFormat::YUYV if raw.len() >= pixels * 2 => {
            raw.iter().step_by(2).take(pixels).copied().collect()
        }
        FrameFormat::GRAY if raw.len() >= pixels => raw[..pixels].to_vec(),
        FrameFormat::MJPEG => {
            let decode = || image::load_from_memory_with_format(raw, image::ImageFormat::Jpeg);
            let picture = std::panic::catch_unwind(decode)
                .map_err(|_| "the JPEG decoder panicked".to_owned())?
                .map_err(|e| format!("corrupt MJPEG frame: {e}"))?
                .to_luma8();
            if picture.dimensions() != (width, height) {
                return Err("MJPEG frame of the wrong size".to_owned());
            }
            picture.into_raw()
        }
        other => return Err(format!("short {other} frame: {} bytes", raw.len())),
    };
    Ok(GreyFrame {
        width,
        height,
        luma,
    })
}

impl FrameSource for CameraSource {
    fn next_frame(&mut self) -> Next {
        let format = self.format;
        match self.camera.frame_raw() {
            Ok(raw) => match grey(format, &raw) {
                Ok(frame) => Next::Frame(frame),
                Err(error) => Next::Corrupt(error),
            },
            // Unplugged, or the driver gave up: the pipeline reopens the device.
            Err(error) => Next::Lost(format!("{}: {error}", self.device)),
        }
    }

    fn describe(&self) -> String {
        format!("{} {}", self.device, self.format)
    }
}

impl Drop for CameraSource {
    fn drop(&mut self) {
        let _ = self.camera.stop_stream();
    }
}
