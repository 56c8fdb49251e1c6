//! The portal's clock: ISO-8601 dates and the `time` object of every successful answer.
//! Written by hand so the sandbox needs no date library.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::limits::OperatingReport;

/// The sandbox answers in microseconds; a smaller duration would be printed in exponent form
/// (`9.7e-6`), which no real portal answer contains and which naive JSON readers trip over.
const MIN_DURATION_SECS: f64 = 0.0001;

/// Seconds since the Unix epoch; a clock set before 1970 reads as negative.
pub(crate) fn unix_seconds(t: SystemTime) -> f64 {
    match t.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs_f64(),
        Err(before) => -before.duration().as_secs_f64(),
    }
}

/// `2026-05-02T12:07:57+00:00`: the portal's format, always in UTC here.
pub(crate) fn iso8601_utc(unix_secs: i64) -> String {
    let days = unix_secs.div_euclid(86_400);
    let secs_of_day = unix_secs.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        secs_of_day % 60
    )
}

/// The calendar module's way of writing a moment: `dd.mm.yyyy HH:MM:SS`.
pub(crate) fn calendar_text(unix_secs: i64) -> String {
    let (year, month, day) = civil_from_days(unix_secs.div_euclid(86_400));
    let secs_of_day = unix_secs.rem_euclid(86_400);
    format!(
        "{day:02}.{month:02}.{year:04} {:02}:{:02}:{:02}",
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        secs_of_day % 60
    )
}

/// Unix seconds of a moment written `YYYY-MM-DD[THH:MM[:SS]]` (a zone after it is ignored: the
/// sandbox keeps every calendar in UTC) or `dd.mm.yyyy[ HH:MM[:SS]]`, as callers write them.
pub(crate) fn parse_moment(text: &str) -> Option<i64> {
    let text = text.trim();
    if !text.is_ascii() {
        return None;
    }
    let (date, time) = text.split_once(['T', ' ']).unwrap_or((text, ""));
    let numbers = |part: &str, separator: char| -> Option<Vec<i64>> {
        part.split(separator).map(|n| n.parse::<i64>().ok()).collect()
    };
    let (year, month, day) = match (numbers(date, '-'), numbers(date, '.')) {
        (Some(ymd), _) if ymd.len() == 3 => (ymd[0], ymd[1], ymd[2]),
        (_, Some(dmy)) if dmy.len() == 3 => (dmy[2], dmy[1], dmy[0]),
        _ => return None,
    };
    let time = time.split(['+', 'Z', 'z']).next().unwrap_or_default();
    let time = if time.len() > 8 && time.as_bytes()[8] == b'-' { &time[..8] } else { time };
    let hms = if time.is_empty() { vec![0, 0, 0] } else { numbers(time.split('.').next()?, ':')? };
    let (hour, minute, second) = match hms.as_slice() {
        [h, m] => (*h, *m, 0),
        [h, m, s] => (*h, *m, *s),
        _ => return None,
    };
    let valid =
        (1..=12).contains(&month) && (1..=31).contains(&day) && hour < 24 && minute < 60 && second < 60;
    valid.then(|| {
        days_from_civil(year, month as u32, day as u32) * 86_400 + hour * 3600 + minute * 60 + second
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date: the inverse of `civil_from_days`.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let march_based_month = i64::from(if month > 2 { month - 3 } else { month + 9 });
    let day_of_year = (153 * march_based_month + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Proleptic Gregorian (year, month, day) of a count of days since 1970-01-01: the library's
/// own calendar arithmetic.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    crate::functions::dates::civil_from_days(days)
}

/// The keys of a portal answer's `time` object, as the shared REST notes list them.
#[cfg(test)]
pub(crate) const TIME_KEYS: [&str; 8] = [
    "start",
    "finish",
    "duration",
    "processing",
    "date_start",
    "date_finish",
    "operating_reset_at",
    "operating",
];

/// The `time` object with the method's operating figures (see `limits`).
pub(crate) fn time_object_with(started: SystemTime, finished: SystemTime, report: OperatingReport) -> Value {
    let start = unix_seconds(started);
    let duration = (unix_seconds(finished) - start).max(MIN_DURATION_SECS);
    let finish = start + duration;
    let start_secs = start.floor() as i64;
    // A whole number of seconds is sent as an integer, as the portal's `"operating": 0`.
    let operating = if report.operating.fract() == 0.0 && report.operating.abs() < 1e15 {
        json!(report.operating as i64)
    } else {
        json!(report.operating)
    };
    json!({
        "start": start_secs,
        "finish": finish,
        "duration": duration,
        "processing": 0,
        "date_start": iso8601_utc(start_secs),
        "date_finish": iso8601_utc(finish.floor() as i64),
        "operating_reset_at": report.reset_at,
        "operating": operating,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso8601_utc(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(iso8601_utc(1_728_454_749), "2024-10-09T06:19:09+00:00");
        assert_eq!(iso8601_utc(1_777_723_677), "2026-05-02T12:07:57+00:00");
        assert_eq!(iso8601_utc(951_782_400), "2000-02-29T00:00:00+00:00");
        assert_eq!(iso8601_utc(4_107_542_399), "2100-02-28T23:59:59+00:00");
        assert_eq!(iso8601_utc(-1), "1969-12-31T23:59:59+00:00");
    }

    #[test]
    fn moments_read_back_as_written() {
        assert_eq!(parse_moment("2024-10-09T06:19:09"), Some(1_728_454_749));
        assert_eq!(parse_moment("2024-10-09T06:19:09+03:00"), Some(1_728_454_749));
        assert_eq!(parse_moment("09.10.2024 06:19:09"), Some(1_728_454_749));
        assert_eq!(parse_moment("2000-02-29"), Some(951_782_400));
        assert_eq!(calendar_text(1_728_454_749), "09.10.2024 06:19:09");
        for days in [-800_000, -1, 0, 59, 60, 11_016, 200_000] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        assert_eq!(parse_moment("2024-13-09"), None);
        assert_eq!(parse_moment("soon"), None);
    }

    #[test]
    fn every_day_follows_the_previous_one() {
        let mut previous = civil_from_days(-1);
        for days in 0..200_000 {
            let (y, m, d) = civil_from_days(days);
            let (py, pm, pd) = previous;
            let next_day = (y, m) == (py, pm) && d == pd + 1;
            let next_month = d == 1 && ((y == py && m == pm + 1) || (y == py + 1 && m == 1 && pm == 12));
            assert!(next_day || next_month, "{previous:?} -> {:?}", (y, m, d));
            previous = (y, m, d);
        }
    }

    #[test]
    fn time_object_has_the_portal_keys_and_types() {
        let started = UNIX_EPOCH + Duration::from_millis(1_777_723_677_100);
        let off = OperatingReport { operating: 0.0, reset_at: 1_777_724_277 };
        let time = time_object_with(started, started + Duration::from_millis(250), off);
        let keys: Vec<&str> = time.as_object().unwrap().keys().map(String::as_str).collect();
        let mut expected = TIME_KEYS;
        expected.sort_unstable();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, expected);
        assert_eq!(time["start"], 1_777_723_677);
        assert!(time["finish"].is_f64());
        assert!((time["duration"].as_f64().unwrap() - 0.25).abs() < 1e-3);
        let instant = time_object_with(started, started, off);
        assert!(!instant.to_string().contains("e-"), "{instant}");
        assert_eq!(time["operating_reset_at"], 1_777_724_277);
        assert_eq!(time["date_start"], "2026-05-02T12:07:57+00:00");
    }
}
