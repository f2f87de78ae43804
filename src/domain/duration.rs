//! Time spans written the way vercel/ms reads them (`7d`, `12h`, `30m`, `1.5 hours`), because
//! `STDPLUS_JWT_EXPIRES_IN` keeps the upstream `JWT_EXPIRES_IN` format. A bare number is
//! milliseconds, as upstream.

use std::time::Duration;

pub fn parse_ms_span(text: &str) -> Option<Duration> {
    let text = text.trim();
    if text.is_empty() || text.len() > 100 {
        return None;
    }
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let millis_per_unit = match unit.as_str() {
        "" | "ms" | "msec" | "msecs" | "millisecond" | "milliseconds" => 1.0,
        "s" | "sec" | "secs" | "second" | "seconds" => 1_000.0,
        "m" | "min" | "mins" | "minute" | "minutes" => 60_000.0,
        "h" | "hr" | "hrs" | "hour" | "hours" => 3_600_000.0,
        "d" | "day" | "days" => 86_400_000.0,
        "w" | "week" | "weeks" => 604_800_000.0,
        "y" | "yr" | "yrs" | "year" | "years" => 31_557_600_000.0,
        _ => return None,
    };
    let millis = value * millis_per_unit;
    if !millis.is_finite() || millis <= 0.0 {
        return None;
    }
    Some(Duration::from_millis(millis as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_vercel_ms_spans() {
        assert_eq!(parse_ms_span("7d"), Some(Duration::from_secs(604_800)));
        assert_eq!(parse_ms_span("12h"), Some(Duration::from_secs(43_200)));
        assert_eq!(parse_ms_span("30m"), Some(Duration::from_secs(1_800)));
        assert_eq!(parse_ms_span("1.5 hours"), Some(Duration::from_secs(5_400)));
        assert_eq!(parse_ms_span("3600"), Some(Duration::from_millis(3_600)));
        for bad in ["", "abc", "7x", "-1d", "0"] {
            assert_eq!(parse_ms_span(bad), None, "{bad}");
        }
    }
}
