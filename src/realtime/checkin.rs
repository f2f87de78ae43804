//! The QR check-in replay buffer (production.md §6.5): the latest `scan-confirmed` per station,
//! replayed to a station screen that joins within 15 seconds. Entries expire, and the map is
//! bounded, so memory cannot grow without limit (upstream never pruned it).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const REPLAY_WINDOW: Duration = Duration::from_millis(15_000);
const MAX_STATIONS: usize = 4_096;

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct CheckIn {
    pub worker: String,
    pub time: String,
}

#[derive(Default)]
pub struct CheckinBuffer {
    latest: Mutex<HashMap<String, (CheckIn, Instant)>>,
}

impl CheckinBuffer {
    pub fn record(&self, station: &str, check_in: CheckIn) {
        self.record_at(station, check_in, Instant::now());
    }

    fn record_at(&self, station: &str, check_in: CheckIn, now: Instant) {
        let Ok(mut latest) = self.latest.lock() else {
            return;
        };
        if latest.len() >= MAX_STATIONS {
            latest.retain(|_, (_, at)| now.duration_since(*at) < REPLAY_WINDOW);
        }
        if latest.len() >= MAX_STATIONS
            && !latest.contains_key(station)
            && let Some(oldest) = latest
                .iter()
                .min_by_key(|(_, (_, at))| *at)
                .map(|(k, _)| k.clone())
        {
            latest.remove(&oldest);
        }
        latest.insert(station.to_owned(), (check_in, now));
    }

    /// The check-in to replay for `station`, if one happened within the window.
    pub fn recent(&self, station: &str) -> Option<CheckIn> {
        self.recent_at(station, Instant::now())
    }

    fn recent_at(&self, station: &str, now: Instant) -> Option<CheckIn> {
        let mut latest = self.latest.lock().ok()?;
        match latest.get(station) {
            Some((check_in, at)) if now.duration_since(*at) < REPLAY_WINDOW => {
                Some(check_in.clone())
            }
            Some(_) => {
                latest.remove(station);
                None
            }
            None => None,
        }
    }
}

/// `toLocaleTimeString()` in en-US with the box's local time zone: `3:04:05 PM`.
pub fn local_time_string() -> String {
    chrono::Local::now().format("%-I:%M:%S %p").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_in(worker: &str) -> CheckIn {
        CheckIn {
            worker: worker.to_owned(),
            time: "3:04:05 PM".to_owned(),
        }
    }

    #[test]
    fn replays_within_fifteen_seconds_only() {
        let buffer = CheckinBuffer::default();
        let start = Instant::now();
        buffer.record_at("cutting", check_in("Somchai"), start);
        assert_eq!(
            buffer.recent_at("cutting", start + Duration::from_secs(5)),
            Some(check_in("Somchai"))
        );
        assert_eq!(
            buffer.recent_at("cutting", start + Duration::from_secs(16)),
            None
        );
        assert_eq!(buffer.recent_at("edging", start), None);
    }

    #[test]
    fn the_latest_scan_per_station_wins_and_memory_is_bounded() {
        let buffer = CheckinBuffer::default();
        let start = Instant::now();
        buffer.record_at("s", check_in("A"), start);
        buffer.record_at("s", check_in("B"), start);
        assert_eq!(
            buffer.recent_at("s", start).map(|c| c.worker),
            Some("B".to_owned())
        );
        for i in 0..MAX_STATIONS + 100 {
            buffer.record_at(&format!("station-{i}"), check_in("x"), start);
        }
        assert!(buffer.latest.lock().map(|l| l.len()).unwrap_or(0) <= MAX_STATIONS);
    }

    #[test]
    fn time_looks_like_en_us_locale_time() {
        let time = local_time_string();
        assert!(time.ends_with(" AM") || time.ends_with(" PM"), "{time}");
        assert_eq!(time.matches(':').count(), 2);
    }
}
