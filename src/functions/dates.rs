//! The date kind: an ISO 8601 text in JSON (`2025-11-01T10:30:00`, or `2025-11-01` where only
//! a date is meant), in 1C also a Date, which the add-in turns into that text at its boundary.
//! A date is checked once, when the arguments are parsed, and kept in one canonical text; each
//! function then sends it in OPI's format for its field (with or without the time, with `Z`
//! where OPI adds it). Like OPI, the library does not move a time between zones: a zone written
//! after the time is kept in the canonical text and left out of the formats that have none.

use serde_json::Value;

/// A checked date, as `Args` keeps it: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM:SS` followed by the
/// zone as written (`Z`, `+03:00`), if any.
pub(crate) fn parse(text: &str) -> Option<String> {
    let text = text.trim();
    // Every form is ASCII; checking that first also keeps the slicing below on char boundaries.
    if !text.is_ascii() {
        return None;
    }
    let (date, rest) = text.split_at(text.len().min(10));
    let date = calendar_date(date)?;
    if rest.is_empty() {
        return Some(date);
    }
    let rest = rest.strip_prefix(['T', 't', ' '])?;
    let zone_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, zone) = rest.split_at(zone_at);
    Some(format!("{date}T{}{}", clock_time(time)?, zone_of(zone)?))
}

/// `YYYY-MM-DD` of a real day of the Gregorian calendar.
fn calendar_date(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let year: u32 = digits(&text[0..4])?;
    let month: u32 = digits(&text[5..7])?;
    let day: u32 = digits(&text[8..10])?;
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1 && (1..=days).contains(&day)).then(|| text.to_string())
}

/// `HH:MM` or `HH:MM:SS`, a fraction of a second dropped (OPI sends whole seconds).
fn clock_time(text: &str) -> Option<String> {
    let whole = text.split_once(['.', ',']).map_or(text, |(whole, fraction)| {
        if fraction.is_empty() || !fraction.bytes().all(|b| b.is_ascii_digit()) {
            "invalid"
        } else {
            whole
        }
    });
    let parts: Vec<&str> = whole.split(':').collect();
    let (hour, minute, second) = match parts.as_slice() {
        [h, m] => (digits(h)?, digits(m)?, 0),
        [h, m, s] => (digits(h)?, digits(m)?, digits(s)?),
        _ => return None,
    };
    (hour < 24 && minute < 60 && second < 60).then(|| format!("{hour:02}:{minute:02}:{second:02}"))
}

/// `Z`, `+HH:MM` or `+HHMM` (also `-`), written back as `Z` or `+HH:MM`; "" for none.
fn zone_of(text: &str) -> Option<String> {
    if text.is_empty() {
        return Some(String::new());
    }
    if text.eq_ignore_ascii_case("z") {
        return Some("Z".into());
    }
    let (sign, offset) = text.split_at(1);
    let offset = offset.replace(':', "");
    if offset.len() != 4 {
        return None;
    }
    let (hours, minutes): (u32, u32) = (digits(&offset[..2])?, digits(&offset[2..])?);
    (hours < 24 && minutes < 60).then(|| format!("{sign}{hours:02}:{minutes:02}"))
}

fn digits(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// Proleptic Gregorian (year, month, day) of a count of days since 1970-01-01 (the 1C
/// add-in's dates come as day counts too).
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    // Eras of 400 years (146,097 days) of years that begin on 1 March, so that the leap day
    // ends a year and months follow a fixed 153-days-per-5-months pattern.
    let since_0000_03_01 = days + 719_468;
    let era = since_0000_03_01.div_euclid(146_097);
    let day_of_era = since_0000_03_01.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * march_based_month + 2) / 5 + 1) as u32;
    let month = if march_based_month < 10 { march_based_month + 3 } else { march_based_month - 9 } as u32;
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

/// OPI's DateISO: `YYYY-MM-DDTHH:MM:SS`, midnight for a date without a time.
pub(crate) fn date_time(canonical: &str) -> Value {
    let local =
        if canonical.len() == 10 { format!("{canonical}T00:00:00") } else { canonical[..19].to_string() };
    Value::String(local)
}

/// OPI's DateISOZ: DateISO with a literal `Z`, the time not moved to UTC (as OPI sends it).
pub(crate) fn date_time_z(canonical: &str) -> Value {
    let Value::String(local) = date_time(canonical) else { unreachable!("date_time answers a text") };
    Value::String(local + "Z")
}

/// `YYYY-MM-DD`: the day alone, as the calendar's ranges take it.
pub(crate) fn day(canonical: &str) -> Value {
    Value::String(canonical[..10].to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_texts_are_kept_in_one_canonical_form() {
        let cases = [
            ("2025-11-01", "2025-11-01"),
            ("2025-11-01T10:30:00", "2025-11-01T10:30:00"),
            (" 2025-11-01 10:30 ", "2025-11-01T10:30:00"),
            ("2025-11-01T10:30:00.123Z", "2025-11-01T10:30:00Z"),
            ("2025-11-01T10:30:00+0300", "2025-11-01T10:30:00+03:00"),
            ("2025-11-01T10:30:00-05:30", "2025-11-01T10:30:00-05:30"),
            ("2024-02-29T23:59:59", "2024-02-29T23:59:59"),
        ];
        for (given, canonical) in cases {
            assert_eq!(parse(given).as_deref(), Some(canonical), "{given}");
        }
    }

    #[test]
    fn what_is_not_a_date_is_refused() {
        for text in [
            "",
            "tomorrow",
            "2025-13-01",
            "2025-02-29",
            "2025-11-31",
            "0000-01-01",
            "2025-11-01T24:00:00",
            "2025-11-01T10:60",
            "2025-11-01T10",
            "2025-11-01X10:30:00",
            "2025-11-01T10:30:00+3",
            "2025-11-01T10:30:00.",
            "01.11.2025",
            "2025-1-01",
            "2025-11-01T10:30:00Zjunk",
            "2025-11-0é",
            "2025-11-01T10:30:00+1é3",
            "é",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn each_of_opis_formats_is_written_from_the_canonical_form() {
        assert_eq!(date_time("2025-11-01"), Value::from("2025-11-01T00:00:00"));
        assert_eq!(date_time("2025-11-01T10:30:00+03:00"), Value::from("2025-11-01T10:30:00"));
        assert_eq!(date_time_z("2025-11-01T10:30:00"), Value::from("2025-11-01T10:30:00Z"));
        assert_eq!(day("2025-11-01T10:30:00Z"), Value::from("2025-11-01"));
    }
}
