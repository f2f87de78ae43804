//! The floor's clock (station-floor.md §5.2 #6): the shifts a factory works, when the current
//! one began, and the hours of the production board, all in the box's local time zone (`TZ`).

use chrono::{DateTime, Duration, NaiveTime, TimeZone, Timelike};
use std::fmt;

/// The local times at which shifts start, sorted and without repeats (never empty).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shifts(Vec<NaiveTime>);

impl Shifts {
    /// Parses `HH:MM` times separated by commas (`08:00,20:00`); order does not matter.
    pub fn parse(text: &str) -> Result<Shifts, String> {
        let mut times = Vec::new();
        for part in text.split(',').map(str::trim) {
            let time = parse_time(part)
                .ok_or_else(|| format!("`{part}` is not a time of day such as 08:00"))?;
            times.push(time);
        }
        times.sort();
        times.dedup();
        Ok(Shifts(times))
    }

    /// The start of the shift running at `now`: the latest shift time not after `now`, today
    /// or (before today's first shift) on an earlier day. A start that does not exist on a
    /// day (a daylight-saving gap) is skipped.
    pub fn current_start<Tz: TimeZone>(&self, now: &DateTime<Tz>) -> DateTime<Tz> {
        let zone = now.timezone();
        for back in 0..3 {
            let day = now.date_naive() - Duration::days(back);
            let latest = self
                .0
                .iter()
                .filter_map(|time| zone.from_local_datetime(&day.and_time(*time)).earliest())
                .filter(|start| start <= now)
                .max();
            if let Some(start) = latest {
                return start;
            }
        }
        now.clone()
    }
}

impl Default for Shifts {
    /// Two twelve-hour shifts, 08:00 and 20:00.
    fn default() -> Self {
        Shifts(vec![
            NaiveTime::from_hms_opt(8, 0, 0).unwrap_or(NaiveTime::MIN),
            NaiveTime::from_hms_opt(20, 0, 0).unwrap_or(NaiveTime::MIN),
        ])
    }
}

impl fmt::Display for Shifts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let times: Vec<String> = self
            .0
            .iter()
            .map(|t| t.format("%H:%M").to_string())
            .collect();
        f.write_str(&times.join(","))
    }
}

/// `H:MM` or `HH:MM`, 00:00 to 23:59.
pub fn parse_time(text: &str) -> Option<NaiveTime> {
    let (hours, minutes) = text.split_once(':')?;
    let digits = |s: &str, max: u32| -> Option<u32> {
        if s.is_empty() || s.len() > 2 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok().filter(|n| *n <= max)
    };
    if minutes.len() != 2 {
        return None;
    }
    NaiveTime::from_hms_opt(digits(hours, 23)?, digits(minutes, 59)?, 0)
}

/// The starts (Unix ms) of the last `count` hours, oldest first, ending with the local hour
/// that holds `now`. Consecutive starts are exactly one hour apart.
pub fn hour_starts<Tz: TimeZone>(now: &DateTime<Tz>, count: u32) -> Vec<i64> {
    let millis = now.timestamp_millis();
    let into_hour = i64::from(now.minute()) * 60_000
        + i64::from(now.second()) * 1000
        + i64::from(now.nanosecond().min(999_999_999) / 1_000_000);
    let current = millis - into_hour;
    (0..i64::from(count))
        .rev()
        .map(|back| current - back * HOUR_MS)
        .collect()
}

pub const HOUR_MS: i64 = 3_600_000;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn bangkok(d: u32, h: u32, m: u32) -> DateTime<FixedOffset> {
        let zone = FixedOffset::east_opt(7 * 3600).expect("an offset");
        zone.with_ymd_and_hms(2026, 3, d, h, m, 0)
            .earliest()
            .expect("a time")
    }

    #[test]
    fn the_shift_started_at_the_latest_start_not_after_now() {
        let shifts = Shifts::default();
        // (now, expected start)
        let cases = [
            (bangkok(5, 9, 30), bangkok(5, 8, 0)),
            (bangkok(5, 8, 0), bangkok(5, 8, 0)),
            (bangkok(5, 19, 59), bangkok(5, 8, 0)),
            (bangkok(5, 20, 0), bangkok(5, 20, 0)),
            (bangkok(5, 23, 10), bangkok(5, 20, 0)),
            // Before today's first shift: yesterday's night shift is still running.
            (bangkok(5, 3, 0), bangkok(4, 20, 0)),
            (bangkok(5, 7, 59), bangkok(4, 20, 0)),
        ];
        for (now, expected) in cases {
            assert_eq!(shifts.current_start(&now), expected, "at {now}");
        }
    }

    #[test]
    fn one_shift_a_day_starts_yesterday_until_it_comes_round() {
        let shifts = Shifts::parse("06:30").expect("shifts");
        assert_eq!(shifts.current_start(&bangkok(5, 6, 29)), bangkok(4, 6, 30));
        assert_eq!(shifts.current_start(&bangkok(5, 6, 30)), bangkok(5, 6, 30));
    }

    #[test]
    fn shift_lists_parse_in_any_order_and_refuse_nonsense() {
        let shifts = Shifts::parse(" 22:00, 6:00 ,14:00,06:00").expect("shifts");
        assert_eq!(shifts.to_string(), "06:00,14:00,22:00");
        assert_eq!(shifts.current_start(&bangkok(5, 13, 0)), bangkok(5, 6, 0));
        assert_eq!(shifts.current_start(&bangkok(5, 2, 0)), bangkok(4, 22, 0));
        assert_eq!(Shifts::default().to_string(), "08:00,20:00");
        for bad in [
            "", "8", "24:00", "08:60", "08:0", "08:00,", "8h", "-1:00", "08:00:00",
        ] {
            assert!(Shifts::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn the_board_hours_end_with_the_current_local_hour() {
        // India is 5:30 ahead of UTC: local hours start at half past UTC hours.
        let zone = FixedOffset::east_opt(5 * 3600 + 1800).expect("an offset");
        let now = zone
            .with_ymd_and_hms(2026, 3, 5, 14, 25, 7)
            .earliest()
            .expect("a time");
        let hours = hour_starts(&now, 12);
        assert_eq!(hours.len(), 12);
        let current = zone
            .with_ymd_and_hms(2026, 3, 5, 14, 0, 0)
            .earliest()
            .expect("a time")
            .timestamp_millis();
        assert_eq!(hours[11], current);
        assert_eq!(hours[0], current - 11 * HOUR_MS);
        assert!(hours.windows(2).all(|w| w[1] - w[0] == HOUR_MS));
    }
}
