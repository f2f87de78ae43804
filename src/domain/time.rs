//! Timestamps as the contract renders them: JavaScript `Date#toJSON`, e.g.
//! `2026-03-05T10:11:12.345Z`, always UTC with three fractional digits.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use std::fmt;

/// Milliseconds since the Unix epoch, the storage form of every `createdAt`/`updatedAt`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Timestamp(i64);

impl Timestamp {
    pub fn now() -> Self {
        Timestamp(Utc::now().timestamp_millis())
    }

    pub fn from_millis(millis: i64) -> Self {
        Timestamp(millis)
    }

    pub fn millis(self) -> i64 {
        self.0
    }

    pub fn to_json_string(self) -> String {
        json_str(&self.to_json_bytes()).to_owned()
    }

    /// The `Date#toJSON` text in a stack buffer. Every document carries several timestamps and
    /// a scan serialises dozens; chrono's strftime parsing showed in the scan profile, digits
    /// written by hand do not. Years outside 0..=9999 (never stored) render as the epoch.
    fn to_json_bytes(self) -> [u8; 24] {
        const EPOCH: &[u8; 24] = b"1970-01-01T00:00:00.000Z";
        let Some(t) = DateTime::<Utc>::from_timestamp_millis(self.0) else {
            return *EPOCH;
        };
        let Ok(year) = u32::try_from(t.year()) else {
            return *EPOCH;
        };
        if year > 9999 {
            return *EPOCH;
        }
        let mut out = *EPOCH;
        let mut put = |at: usize, width: usize, mut value: u32| {
            for i in (at..at + width).rev() {
                out[i] = b'0' + (value % 10) as u8;
                value /= 10;
            }
        };
        put(0, 4, year);
        put(5, 2, t.month());
        put(8, 2, t.day());
        put(11, 2, t.hour());
        put(14, 2, t.minute());
        put(17, 2, t.second());
        put(20, 3, t.timestamp_subsec_millis());
        out
    }

    /// Parses the ISO-8601 forms zod's `datetime()` accepts: `YYYY-MM-DDTHH:MM[:SS[.fff…]]Z`.
    /// Offsets and date-only strings are rejected, as upstream does.
    pub fn parse_iso_z(text: &str) -> Option<Self> {
        let body = text.strip_suffix('Z')?;
        let (date, time) = body.split_once('T')?;
        if date.len() != 10 || time.len() < 5 {
            return None;
        }
        let date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
        let (hms, fraction) = match time.split_once('.') {
            Some((hms, fraction)) => (hms, Some(fraction)),
            None => (time, None),
        };
        let time = match hms.len() {
            5 => NaiveTime::parse_from_str(hms, "%H:%M").ok()?,
            8 => NaiveTime::parse_from_str(hms, "%H:%M:%S").ok()?,
            _ => return None,
        };
        let mut millis = 0i64;
        if let Some(fraction) = fraction {
            if hms.len() != 8
                || fraction.is_empty()
                || !fraction.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let digits: String = fraction.chars().chain("000".chars()).take(3).collect();
            millis = digits.parse().ok()?;
        }
        let at = NaiveDateTime::new(date, time).and_utc().timestamp_millis();
        Some(Timestamp(at + millis))
    }
}

/// The buffer as text: only ASCII digits and separators are ever written into it.
fn json_str(bytes: &[u8; 24]) -> &str {
    std::str::from_utf8(bytes).unwrap_or("1970-01-01T00:00:00.000Z")
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(json_str(&self.to_json_bytes()))
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(json_str(&self.to_json_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_like_js_to_json() {
        assert_eq!(
            Timestamp::from_millis(0).to_json_string(),
            "1970-01-01T00:00:00.000Z"
        );
        assert_eq!(
            Timestamp::from_millis(1_764_860_661_534).to_json_string(),
            "2025-12-04T15:04:21.534Z"
        );
    }

    #[test]
    fn hand_written_digits_match_chrono_across_the_calendar() {
        let mut millis: i64 = -86_400_000;
        // Steps of a prime number of milliseconds walk through every field's carries.
        while millis < 4_102_444_800_000 {
            let chrono = DateTime::<Utc>::from_timestamp_millis(millis)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
            assert_eq!(Some(Timestamp(millis).to_json_string()), chrono, "{millis}");
            millis += 999_983_317;
        }
        for millis in [0, 951_782_400_000, 4_107_542_399_999, 253_402_300_799_999] {
            let chrono = DateTime::<Utc>::from_timestamp_millis(millis)
                .map(|t| t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string());
            assert_eq!(Some(Timestamp(millis).to_json_string()), chrono, "{millis}");
        }
        assert_eq!(
            serde_json::to_string(&Timestamp(1_764_860_661_534))
                .ok()
                .as_deref(),
            Some("\"2025-12-04T15:04:21.534Z\"")
        );
    }

    #[test]
    fn parses_zod_datetime_forms() {
        let base = Timestamp::parse_iso_z("2024-01-01T00:00:00Z").map(Timestamp::millis);
        assert_eq!(base, Some(1_704_067_200_000));
        assert_eq!(
            Timestamp::parse_iso_z("2024-01-01T00:00:00.000Z").map(Timestamp::millis),
            base
        );
        assert_eq!(
            Timestamp::parse_iso_z("2024-01-01T00:00Z").map(Timestamp::millis),
            base
        );
        assert_eq!(
            Timestamp::parse_iso_z("2024-01-01T00:00:00.5Z").map(Timestamp::millis),
            Some(1_704_067_200_500)
        );
        for bad in [
            "2024-01-01",
            "2024-01-01T00:00:00+07:00",
            "2024-01-01T00:00:00",
            "2024-13-01T00:00:00Z",
            "x",
            "2024-01-01T00:00:00.Z",
        ] {
            assert_eq!(Timestamp::parse_iso_z(bad), None, "{bad}");
        }
    }
}
