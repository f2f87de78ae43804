//! One camera's capture loop on its own `std::thread` (capture and decoding block; the async
//! server never waits on them): read a frame, decode it inside `catch_unwind`, turn codes into
//! sightings, and hand those to the tokio side over a bounded channel without ever blocking.
//! A lost source is reopened with a growing pause, so unplug and replug need no restart.

use super::LiveState;
use super::source::{FrameSource, Next};
use crate::domain::Timestamp;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// A code stays "held" while it is seen again within this time; it must be absent for longer
/// before the same sticker counts as a new scan.
pub const HOLD_GAP: Duration = Duration::from_millis(1_500);

/// Pauses before reopening a missing or lost source: `first`, doubling while opening fails,
/// at most `max`; back to `first` once a source that worked is lost.
#[derive(Clone, Copy, Debug)]
pub struct Backoff {
    pub first: Duration,
    pub max: Duration,
}

/// A camera's backoff: 1 s, doubling, at most 15 s.
pub const CAMERA_BACKOFF: Backoff = Backoff {
    first: Duration::from_secs(1),
    max: Duration::from_secs(15),
};

/// A code seen for the first time in a presence episode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sighting {
    pub payload: String,
    /// When the episode began (ms since the epoch): part of the scan's idempotency key, so a
    /// retried or replayed sighting cannot apply twice.
    pub episode_ms: i64,
}

/// Which codes are in view, and since when.
pub struct Episodes {
    hold: Duration,
    open: HashMap<String, (i64, Instant)>,
}

impl Episodes {
    pub fn new(hold: Duration) -> Self {
        Episodes {
            hold,
            open: HashMap::new(),
        }
    }

    /// The codes of one frame; answers those that begin a new episode.
    pub fn observe(&mut self, codes: &[String], now: Instant, wall_ms: i64) -> Vec<Sighting> {
        let hold = self.hold;
        self.open
            .retain(|_, (_, last)| now.duration_since(*last) <= hold);
        let mut fresh = Vec::new();
        for code in codes {
            match self.open.get_mut(code) {
                Some((_, last)) => *last = now,
                None => {
                    self.open.insert(code.clone(), (wall_ms, now));
                    fresh.push(Sighting {
                        payload: code.clone(),
                        episode_ms: wall_ms,
                    });
                }
            }
        }
        fresh
    }
}

/// The decoder a pipeline runs (the box's chain; tests inject others).
pub type DecodeFn = fn(u32, u32, &[u8]) -> Vec<String>;

/// Opens the pipeline's device on its own thread (`source::open`; tests inject others).
pub type OpenFn = Box<dyn FnMut(&str) -> Result<Box<dyn FrameSource>, String> + Send>;

/// What a pipeline thread needs.
pub struct Pipeline {
    pub device: String,
    pub live: Arc<Mutex<LiveState>>,
    pub stop: Arc<AtomicBool>,
    pub sightings: mpsc::Sender<Sighting>,
    pub decode: DecodeFn,
    pub hold: Duration,
    pub open: OpenFn,
    pub backoff: Backoff,
}

fn update(live: &Mutex<LiveState>, change: impl FnOnce(&mut LiveState)) {
    if let Ok(mut state) = live.lock() {
        change(&mut state);
    }
}

impl Pipeline {
    pub fn spawn(self) -> std::io::Result<std::thread::JoinHandle<()>> {
        std::thread::Builder::new()
            .name("camera".to_owned())
            .spawn(move || self.run())
    }

    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Sleeps up to `pause`, waking early for a stop request.
    fn pause(&self, pause: Duration) {
        let until = Instant::now() + pause;
        while !self.stopping() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn run(mut self) {
        let mut retry = self.backoff.first;
        let mut episodes = Episodes::new(self.hold);
        while !self.stopping() {
            let mut source = match (self.open)(&self.device) {
                Ok(source) => source,
                Err(error) => {
                    tracing::warn!(device = %self.device, %error, "camera not opened; retrying");
                    update(&self.live, |s| {
                        s.running = false;
                        s.last_error = Some(error);
                    });
                    self.pause(retry);
                    retry = (retry * 2).min(self.backoff.max);
                    continue;
                }
            };
            update(&self.live, |s| {
                s.running = true;
                s.source = source.describe();
            });
            match self.capture(source.as_mut(), &mut episodes) {
                Ended::Stopped => break,
                Ended::Finished => {
                    update(&self.live, |s| {
                        s.running = false;
                        s.finished = true;
                    });
                    return;
                }
                Ended::Lost(error) => {
                    tracing::warn!(device = %self.device, %error, "camera lost; reopening");
                    update(&self.live, |s| {
                        s.running = false;
                        s.last_error = Some(error);
                    });
                    retry = self.backoff.first;
                    self.pause(retry);
                }
            }
        }
        update(&self.live, |s| s.running = false);
    }

    /// Reads frames until the source ends, is lost, or a stop is asked for.
    fn capture(&self, source: &mut dyn FrameSource, episodes: &mut Episodes) -> Ended {
        let mut window = (Instant::now(), 0u32);
        while !self.stopping() {
            let frame = match source.next_frame() {
                Next::Frame(frame) => frame,
                Next::Corrupt(error) => {
                    tracing::debug!(%error, "corrupt frame skipped");
                    update(&self.live, |s| {
                        s.corrupt_frames += 1;
                        s.last_error = Some(error);
                    });
                    continue;
                }
                Next::Lost(error) => return Ended::Lost(error),
                Next::End => return Ended::Finished,
            };
            let started = Instant::now();
            let decode = self.decode;
            let codes = panic::catch_unwind(AssertUnwindSafe(|| {
                decode(frame.width, frame.height, &frame.luma)
            }))
            .unwrap_or_else(|_| {
                tracing::warn!("the QR decoder panicked on a camera frame; frame skipped");
                update(&self.live, |s| s.decoder_panics += 1);
                Vec::new()
            });
            let decode_ms = started.elapsed().as_secs_f64() * 1000.0;
            let fresh = episodes.observe(&codes, Instant::now(), Timestamp::now().millis());
            window.1 += 1;
            let elapsed = window.0.elapsed();
            update(&self.live, |s| {
                s.frames += 1;
                s.decode_ms = decode_ms;
                if elapsed >= Duration::from_secs(1) {
                    s.frames_per_second = f64::from(window.1) / elapsed.as_secs_f64();
                }
                if let Some(code) = codes.first() {
                    s.last_code = Some(code.clone());
                    s.last_code_at = Some(Timestamp::now());
                }
            });
            if elapsed >= Duration::from_secs(1) {
                window = (Instant::now(), 0);
            }
            for sighting in fresh {
                if let Err(error) = self.sightings.try_send(sighting) {
                    tracing::warn!(%error, "camera scan dropped: the action queue is full or closed");
                }
            }
        }
        Ended::Stopped
    }
}

enum Ended {
    Stopped,
    Finished,
    Lost(String),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::camera::source;

    fn codes(list: &[&str]) -> Vec<String> {
        list.iter().map(|c| (*c).to_owned()).collect()
    }

    #[test]
    fn a_held_code_is_one_sighting_and_a_new_episode_after_a_gap() {
        let mut episodes = Episodes::new(Duration::from_millis(500));
        let t0 = Instant::now();
        let at = |ms: u64| t0 + Duration::from_millis(ms);
        assert_eq!(episodes.observe(&codes(&["A"]), at(0), 1_000).len(), 1);
        assert!(episodes.observe(&codes(&["A"]), at(100), 1_100).is_empty());
        assert!(episodes.observe(&[], at(300), 1_300).is_empty());
        assert!(episodes.observe(&codes(&["A"]), at(550), 1_550).is_empty());
        // Two codes at once: only the new one is fresh.
        let fresh = episodes.observe(&codes(&["A", "B"]), at(800), 1_800);
        assert_eq!(
            fresh,
            vec![Sighting {
                payload: "B".into(),
                episode_ms: 1_800
            }]
        );
        // Gone for longer than the hold: the next sighting is a new scan with a new key.
        assert!(episodes.observe(&[], at(1_400), 2_400).is_empty());
        let again = episodes.observe(&codes(&["A"]), at(1_500), 2_500);
        assert_eq!(
            again,
            vec![Sighting {
                payload: "A".into(),
                episode_ms: 2_500
            }]
        );
    }

    /// Runs the pipeline that `make` builds (given its sightings channel and live state) until
    /// its source ends; answers the sighted payloads in order, and the live state.
    fn run_to_end(
        make: impl FnOnce(mpsc::Sender<Sighting>, Arc<Mutex<LiveState>>) -> Pipeline,
    ) -> (Vec<String>, Arc<Mutex<LiveState>>) {
        let (sender, mut receiver) = mpsc::channel(8);
        let live = Arc::new(Mutex::new(LiveState::default()));
        make(sender, Arc::clone(&live))
            .spawn()
            .expect("spawns")
            .join()
            .expect("no panic escapes");
        let mut seen = Vec::new();
        while let Ok(sighting) = receiver.try_recv() {
            seen.push(sighting.payload);
        }
        (seen, live)
    }

    fn panicking_decoder(width: u32, _: u32, _: &[u8]) -> Vec<String> {
        if width == 13 {
            panic!("decoder bug");
        }
        vec![format!("W{width}")]
    }

    #[test]
    fn a_decoder_panic_skips_the_frame_and_the_pipeline_goes_on() {
        let folder = tempfile::tempdir().expect("a temp dir");
        for (name, width) in [("a.png", 13u32), ("b.png", 7), ("c.png", 13), ("d.png", 9)] {
            image::GrayImage::new(width, 4)
                .save(folder.path().join(name))
                .expect("saves");
        }
        std::fs::write(folder.path().join("b2.png"), b"not a png").expect("writes");
        let (seen, live) = run_to_end(|sightings, live| Pipeline {
            device: format!("folder:{}", folder.path().display()),
            live,
            stop: Arc::new(AtomicBool::new(false)),
            sightings,
            decode: panicking_decoder,
            hold: HOLD_GAP,
            open: Box::new(source::open),
            backoff: CAMERA_BACKOFF,
        });
        assert_eq!(seen, ["W7", "W9"]);
        let state = live.lock().expect("lock");
        assert_eq!(
            (state.frames, state.corrupt_frames, state.decoder_panics),
            (4, 1, 2)
        );
        assert!(state.finished);
    }

    /// A camera that plays a script: each open answers the next entry (an error: not plugged
    /// in), and an opened camera hands out its frames, then its last word (lost or end).
    struct Scripted(std::collections::VecDeque<Next>);

    impl FrameSource for Scripted {
        fn next_frame(&mut self) -> Next {
            self.0.pop_front().unwrap_or(Next::End)
        }
        fn describe(&self) -> String {
            "scripted".to_owned()
        }
    }

    fn frame(width: u32) -> Next {
        Next::Frame(source::GreyFrame {
            width,
            height: 1,
            luma: vec![0; width as usize],
        })
    }

    fn width_decoder(width: u32, _: u32, _: &[u8]) -> Vec<String> {
        vec![format!("W{width}")]
    }

    #[test]
    fn an_unplugged_camera_is_reopened_with_a_growing_pause_and_reads_again() {
        let missing = || Err("no such device".to_owned());
        let mut script: std::collections::VecDeque<Result<Vec<Next>, String>> = [
            missing(),
            missing(),
            missing(),
            missing(),
            Ok(vec![frame(7), frame(7), Next::Lost("unplugged".to_owned())]),
            missing(),
            Ok(vec![frame(9), Next::End]),
        ]
        .into_iter()
        .collect();
        let opened = Arc::new(Mutex::new(Vec::<Instant>::new()));
        let record = Arc::clone(&opened);
        let open: OpenFn = Box::new(move |_device: &str| {
            if let Ok(mut times) = record.lock() {
                times.push(Instant::now());
            }
            let next = script.pop_front().unwrap_or_else(missing)?;
            Ok(Box::new(Scripted(next.into())) as Box<dyn FrameSource>)
        });
        let backoff = Backoff {
            first: Duration::from_millis(100),
            max: Duration::from_millis(250),
        };
        let (seen, live) = run_to_end(|sightings, live| Pipeline {
            device: "/dev/video-test".to_owned(),
            live,
            stop: Arc::new(AtomicBool::new(false)),
            sightings,
            decode: width_decoder,
            hold: Duration::from_millis(50),
            open,
            backoff,
        });
        assert_eq!(seen, ["W7", "W9"], "frames before and after the replug");
        let times = opened.lock().expect("lock").clone();
        assert_eq!(times.len(), 7, "opened until the camera came back, twice");
        let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
        // Not plugged in: 100 ms, 200 ms, then at most 250 ms (uncapped: 400, 800).
        let ms = Duration::from_millis;
        assert!(gaps[0] >= ms(100) && gaps[1] >= ms(200), "{gaps:?}");
        assert!(gaps[2] >= ms(250) && gaps[3] >= ms(250), "{gaps:?}");
        assert!(
            gaps[3] < ms(800),
            "the pause stops growing at its cap: {gaps:?}"
        );
        // Lost after working: back to the first pause.
        assert!(gaps[4] >= ms(100) && gaps[4] < ms(800), "{gaps:?}");
        let state = live.lock().expect("lock");
        assert_eq!(state.frames, 3);
        assert!(state.finished && !state.running, "{state:?}");
        assert_eq!(state.last_error.as_deref(), Some("no such device"));
    }
}
