//! The dashboard's charts (core.md §11.6): time buckets in the box's local time zone (`TZ`),
//! labelled as upstream's ICU `th-TH` formatting does.

use chrono::{DateTime, Datelike, Duration, Local, NaiveDate, TimeZone};

/// The chart's range: `1d` (hours of today), `30d`, or `7d` (anything else).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartRange {
    Today,
    Week,
    Month,
}

impl ChartRange {
    pub fn parse(text: Option<&str>) -> ChartRange {
        match text {
            Some("1d") => ChartRange::Today,
            Some("30d") => ChartRange::Month,
            _ => ChartRange::Week,
        }
    }
}

const WEEKDAYS: [&str; 7] = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัส", "ศุกร์", "เสาร์"];
const MONTHS: [&str; 12] = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
];

/// One bar of a chart: its label and the half-open interval of Unix milliseconds it covers.
#[derive(Clone, Debug, PartialEq)]
pub struct Bucket {
    pub label: String,
    pub start: i64,
    pub end: i64,
}

fn local_midnight<Tz: TimeZone>(zone: &Tz, day: NaiveDate) -> Option<DateTime<Tz>> {
    zone.from_local_datetime(&day.and_hms_opt(0, 0, 0)?)
        .earliest()
}

/// The buckets of `range` ending with the one that holds `now`, oldest first. Days start at
/// local midnight; upstream began the oldest day at the current clock time and so
/// under-counted it (§16 #17).
pub fn buckets<Tz: TimeZone>(range: ChartRange, now: &DateTime<Tz>) -> Vec<Bucket> {
    let zone = now.timezone();
    let today = now.date_naive();
    match range {
        ChartRange::Today => (0..24)
            .filter_map(|hour| {
                let start = zone
                    .from_local_datetime(&today.and_hms_opt(hour, 0, 0)?)
                    .earliest()?;
                let end = start.clone() + Duration::hours(1);
                Some(Bucket {
                    label: format!("{hour:02}:00"),
                    start: start.timestamp_millis(),
                    end: end.timestamp_millis(),
                })
            })
            .collect(),
        ChartRange::Week | ChartRange::Month => {
            let days: i64 = if range == ChartRange::Week { 7 } else { 30 };
            (0..days)
                .rev()
                .filter_map(|back| {
                    let day = today - Duration::days(back);
                    let start = local_midnight(&zone, day)?;
                    let end = local_midnight(&zone, day + Duration::days(1))?;
                    let label = if range == ChartRange::Week {
                        WEEKDAYS[day.weekday().num_days_from_sunday() as usize].to_owned()
                    } else {
                        format!("{} {}", day.day(), MONTHS[day.month0() as usize])
                    };
                    Some(Bucket {
                        label,
                        start: start.timestamp_millis(),
                        end: end.timestamp_millis(),
                    })
                })
                .collect()
        }
    }
}

/// The index of the bucket holding `at`, if any.
pub fn bucket_of(buckets: &[Bucket], at: i64) -> Option<usize> {
    buckets.iter().position(|b| b.start <= at && at < b.end)
}

/// Now in the box's time zone.
pub fn local_now() -> DateTime<Local> {
    Local::now()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::FixedOffset;

    fn bangkok(y: i32, m: u32, d: u32, h: u32) -> DateTime<FixedOffset> {
        let zone = FixedOffset::east_opt(7 * 3600)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("utc"));
        zone.with_ymd_and_hms(y, m, d, h, 30, 0)
            .earliest()
            .expect("a time")
    }

    #[test]
    fn a_week_ends_today_and_is_labelled_with_thai_weekdays() {
        let now = bangkok(2026, 12, 4, 15); // a Friday
        let week = buckets(ChartRange::Week, &now);
        let labels: Vec<&str> = week.iter().map(|b| b.label.as_str()).collect();
        assert_eq!(
            labels,
            ["เสาร์", "อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัส", "ศุกร์"]
        );
        assert!(week[6].start <= now.timestamp_millis() && now.timestamp_millis() < week[6].end);
        assert_eq!(
            week[0].start,
            bangkok(2026, 11, 28, 0).timestamp_millis() - 30 * 60 * 1000,
            "local midnight"
        );
    }

    #[test]
    fn a_month_is_labelled_day_and_thai_month() {
        let month = buckets(ChartRange::Month, &bangkok(2026, 12, 4, 9));
        assert_eq!(month.len(), 30);
        assert_eq!(month[29].label, "4 ธ.ค.");
        assert_eq!(month[0].label, "5 พ.ย.");
    }

    #[test]
    fn today_has_24_hours() {
        let now = bangkok(2026, 12, 4, 9);
        let hours = buckets(ChartRange::Today, &now);
        assert_eq!(hours.len(), 24);
        assert_eq!(hours[0].label, "00:00");
        assert_eq!(bucket_of(&hours, now.timestamp_millis()), Some(9));
    }

    #[test]
    fn ranges_default_to_a_week() {
        assert_eq!(ChartRange::parse(None), ChartRange::Week);
        assert_eq!(ChartRange::parse(Some("1d")), ChartRange::Today);
        assert_eq!(ChartRange::parse(Some("30d")), ChartRange::Month);
        assert_eq!(ChartRange::parse(Some("90d")), ChartRange::Week);
    }
}
