//! The request rate a portal allows, as the user names it.
//!
//! Bitrix24 counts requests per portal and source IP in a leaky bucket: each request adds one,
//! requests above the bucket's size are refused with QUERY_LIMIT_EXCEEDED, and the bucket drains
//! at a fixed rate. The plan decides the numbers, and nothing in an answer tells them, so the
//! user says which plan the portal is on (`rate_limit`, or `B24_RATE_LIMIT` for the process).

use std::str::FromStr;

use serde_json::Value;

/// How many requests a portal accepts at once, and how fast it forgets them.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Rate {
    /// Every plan but Enterprise: 50 at once, draining 2 per second.
    #[default]
    Standard,
    /// Enterprise plans: 250 at once, draining 5 per second.
    Enterprise,
    /// No client-side limit: for on-premise portals with the limit switched off, or a caller
    /// that paces itself.
    Off,
    /// An on-premise portal configured otherwise, or a share of a bucket that other machines
    /// behind the same IP also draw from.
    Custom { burst: u32, per_second: f64 },
}

const EXPECTED: &str = r#"expected "standard", "enterprise", "off" or {"burst": N, "per_second": X}"#;

impl Rate {
    /// The bucket's size and its drain per second; `None` when nothing is limited.
    pub fn bucket(self) -> Option<(u32, f64)> {
        match self {
            Rate::Standard => Some((50, 2.0)),
            Rate::Enterprise => Some((250, 5.0)),
            Rate::Off => None,
            Rate::Custom { burst, per_second } => Some((burst, per_second)),
        }
    }

    /// Reads the `rate_limit` parameter: a name (any case) or `{"burst": N, "per_second": X}`
    /// with a whole N ≥ 1 and a finite X > 0. The error is the reason alone; the caller names
    /// the parameter.
    pub fn from_json(value: &Value) -> Result<Rate, String> {
        match value {
            Value::String(name) => named(name),
            Value::Object(fields) => {
                if let Some(unknown) = fields.keys().find(|k| *k != "burst" && *k != "per_second") {
                    return Err(format!("unknown member \"{unknown}\": {EXPECTED}"));
                }
                let burst = fields
                    .get("burst")
                    .ok_or_else(|| format!("\"burst\" is missing: {EXPECTED}"))?
                    .as_u64()
                    .filter(|n| (1..=u64::from(u32::MAX)).contains(n))
                    .ok_or("\"burst\" must be a whole number of requests, at least 1")?;
                let per_second = fields
                    .get("per_second")
                    .ok_or_else(|| format!("\"per_second\" is missing: {EXPECTED}"))?
                    .as_f64()
                    // The drain interval 1/X must be a finite number of seconds too.
                    .filter(|x| x.is_finite() && *x > 0.0 && (1.0 / x).is_finite())
                    .ok_or("\"per_second\" must be a number of requests per second above 0")?;
                Ok(Rate::Custom { burst: burst as u32, per_second })
            }
            other => Err(format!("{EXPECTED}, got {}", crate::error::kind_of(other))),
        }
    }

    /// Reads the same forms from text, as `B24_RATE_LIMIT` holds them: a bare name, or the
    /// object (or a quoted name) as JSON.
    pub fn parse(text: &str) -> Result<Rate, String> {
        let text = text.trim();
        if text.starts_with('{') || text.starts_with('"') {
            let value: Value = serde_json::from_str(text).map_err(|e| format!("not valid JSON ({e})"))?;
            Rate::from_json(&value)
        } else {
            named(text)
        }
    }
}

impl FromStr for Rate {
    type Err = String;

    fn from_str(text: &str) -> Result<Rate, String> {
        Rate::parse(text)
    }
}

fn named(name: &str) -> Result<Rate, String> {
    match name.trim().to_ascii_lowercase().as_str() {
        "standard" => Ok(Rate::Standard),
        "enterprise" => Ok(Rate::Enterprise),
        "off" => Ok(Rate::Off),
        _ => Err(format!("{EXPECTED}, got an unknown name")),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn names_parse_in_any_case() {
        for (text, rate) in [
            ("standard", Rate::Standard),
            ("Standard", Rate::Standard),
            ("ENTERPRISE", Rate::Enterprise),
            ("enterprise", Rate::Enterprise),
            ("Off", Rate::Off),
            (" off ", Rate::Off),
        ] {
            assert_eq!(Rate::parse(text), Ok(rate), "{text}");
            assert_eq!(Rate::from_json(&json!(text)), Ok(rate), "{text}");
        }
    }

    #[test]
    fn the_default_is_standard() {
        assert_eq!(Rate::default(), Rate::Standard);
        assert_eq!(Rate::Standard.bucket(), Some((50, 2.0)));
        assert_eq!(Rate::Enterprise.bucket(), Some((250, 5.0)));
        assert_eq!(Rate::Off.bucket(), None);
    }

    #[test]
    fn custom_rates_parse_from_json_and_text() {
        let want = Rate::Custom { burst: 10, per_second: 0.5 };
        assert_eq!(Rate::from_json(&json!({"burst": 10, "per_second": 0.5})), Ok(want));
        assert_eq!(Rate::parse(r#" {"per_second": 0.5, "burst": 10} "#), Ok(want));
        assert_eq!(Rate::parse(r#""Enterprise""#), Ok(Rate::Enterprise));
        assert_eq!("off".parse::<Rate>(), Ok(Rate::Off));
        assert_eq!(Rate::parse(r#"{"burst": 1, "per_second": 3}"#).unwrap().bucket(), Some((1, 3.0)));
    }

    #[test]
    fn bad_forms_are_refused_with_a_reason() {
        for value in [
            json!("premium"),
            json!(""),
            json!(null),
            json!(50),
            json!(true),
            json!(["standard"]),
            json!({}),
            json!({"burst": 10}),
            json!({"per_second": 2}),
            json!({"burst": 0, "per_second": 2}),
            json!({"burst": -1, "per_second": 2}),
            json!({"burst": 2.5, "per_second": 2}),
            json!({"burst": 4294967296u64, "per_second": 2}),
            json!({"burst": "10", "per_second": 2}),
            json!({"burst": 10, "per_second": 0}),
            json!({"burst": 10, "per_second": -2}),
            json!({"burst": 10, "per_second": "2"}),
            json!({"burst": 10, "per_second": 1e-320}),
            json!({"burst": 10, "per_second": 2, "per_minute": 3}),
        ] {
            let reason = Rate::from_json(&value).expect_err(&value.to_string());
            assert!(!reason.is_empty());
        }
        for text in ["", "premium", "{", r#"{"burst": 10}"#, "\"off", "50"] {
            assert!(Rate::parse(text).is_err(), "{text}");
        }
    }
}
