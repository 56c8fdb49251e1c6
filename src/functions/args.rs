//! Checking one function's JSON input against its table entry, once, before anything runs,
//! so that the functions read values of the right kind and a typo never passes silently.

use std::time::Duration;

use serde_json::{Map, Value};

use super::files::{self, FileArg};
use super::{Function, Kind, Presence};
pub use crate::error::kind_of;
use crate::error::{Error, Result};

/// Validated arguments: only known keys, every value of its parameter's kind, values that
/// are not given (`null`, `""`, an empty array or object, or the JSON text of one) already
/// left out. Files are kept apart, checked and ready to stream.
#[derive(Debug)]
pub struct Args {
    values: Map<String, Value>,
    files: Vec<(String, FileArg)>,
    /// `Files` parameters: the key, then each file with the name the caller gave it.
    named_files: Vec<(String, Vec<(String, FileArg)>)>,
}

impl Args {
    pub fn parse(function: &Function, input: Value) -> Result<Args> {
        let Value::Object(input) = input else {
            return Err(Error::InvalidInput(format!(
                "the parameters must be a JSON object such as {{\"url\": ...}}, not {}",
                kind_of(&input)
            )));
        };
        let mut values = Map::new();
        let mut files = Vec::new();
        let mut named_files = Vec::new();
        for (key, value) in input {
            let Some(param) = function.accepted_params().find(|p| p.key == key) else {
                return Err(Error::invalid(&key, unknown_key_reason(function)));
            };
            if param.kind == Kind::File {
                if !is_empty(&value) {
                    files.push((key, files::parse(param.key, value)?));
                }
            } else if param.kind == Kind::Files {
                let value = decode_text(param.key, value)?;
                if !is_empty(&value) {
                    named_files.push((key, files::parse_named(param.key, value)?));
                }
            } else if let Some(value) = normalise(param.key, param.kind, value)? {
                values.insert(key, value);
            }
        }
        let given = |key: &str| {
            values.contains_key(key)
                || files.iter().any(|(k, _)| k == key)
                || named_files.iter().any(|(k, _)| k == key)
        };
        let refresh_keys = ["refresh", "clientid", "clientsecret"];
        let refresh_given = refresh_keys.iter().filter(|key| given(key)).count();
        if !function.auth_options().is_empty() && refresh_given > 0 && refresh_given < refresh_keys.len() {
            let missing = refresh_keys.iter().find(|key| !given(key)).copied().unwrap_or_default();
            return Err(Error::invalid(
                missing,
                "is needed too: refresh, clientid and clientsecret go together",
            ));
        }
        for param in function.params {
            match param.presence {
                Presence::Required if !given(param.key) => {
                    return Err(Error::invalid(
                        param.key,
                        format!("is required ({}: {})", param.opi_name, param.meaning),
                    ))
                }
                Presence::RequiredUnless(other) if !given(param.key) && !given(other) => {
                    return Err(Error::invalid(
                        param.key,
                        format!(
                            "is required unless '{other}' is given ({}: {})",
                            param.opi_name, param.meaning
                        ),
                    ))
                }
                _ => {}
            }
        }
        Ok(Args { values, files, named_files })
    }

    /// Whether the key was given (and not empty).
    pub fn has(&self, key: &str) -> bool {
        self.values.contains_key(key) || self.file(key).is_some() || self.named_files(key).is_some()
    }

    pub fn text(&self, key: &str) -> Option<&str> {
        self.values.get(key).and_then(Value::as_str)
    }

    /// A required text; `Args::parse` has already made sure it is there.
    pub fn required_text(&self, key: &str) -> &str {
        self.text(key).unwrap_or_default()
    }

    /// An `Id` parameter as the string the portal expects (`450` becomes `"450"`).
    pub fn id(&self, key: &str) -> Option<String> {
        match self.values.get(key)? {
            Value::String(text) => Some(text.clone()),
            other => Some(other.to_string()),
        }
    }

    /// An `Id` parameter as a JSON string value, for a request field.
    pub fn id_value(&self, key: &str) -> Option<Value> {
        self.id(key).map(Value::String)
    }

    /// An `Ids` parameter: always an array of id strings.
    pub fn ids(&self, key: &str) -> Option<Value> {
        self.values.get(key).cloned()
    }

    /// A `Text` parameter as a JSON string value, for a request field.
    pub fn text_value(&self, key: &str) -> Option<Value> {
        self.text(key).map(|text| Value::String(text.to_string()))
    }

    /// A `Flag` parameter.
    pub fn flag(&self, key: &str) -> Option<bool> {
        self.values.get(key).and_then(Value::as_bool)
    }

    /// A `Flag` parameter as the portal writes booleans: "Y" or "N".
    pub fn yes_no(&self, key: &str) -> Option<Value> {
        self.flag(key).map(|on| Value::String(if on { "Y" } else { "N" }.into()))
    }

    /// A `Blocks`, `Object` or `Structure` parameter, taken out of the arguments: for a plan
    /// that consumes a long list as it goes.
    pub fn take_json(&mut self, key: &str) -> Option<Value> {
        self.values.remove(key)
    }

    /// A `Blocks`, `Object` or `Structure` parameter, already decoded from JSON text.
    pub fn json(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
    }

    /// A `File` parameter, checked.
    pub fn file(&self, key: &str) -> Option<&FileArg> {
        self.files.iter().find(|(k, _)| k == key).map(|(_, file)| file)
    }

    /// A `Files` parameter: each file with its name, in the order given.
    pub fn named_files(&self, key: &str) -> Option<&[(String, FileArg)]> {
        self.named_files.iter().find(|(k, _)| k == key).map(|(_, files)| files.as_slice())
    }

    /// A `Rate` parameter, checked when the arguments were parsed.
    pub fn rate(&self, key: &str) -> Option<crate::rest::limiter::Rate> {
        match self.values.get(key)? {
            Value::String(text) => crate::rest::limiter::Rate::parse(text).ok(),
            other => crate::rest::limiter::Rate::from_json(other).ok(),
        }
    }

    /// A `Date` parameter as OPI's DateISO: `YYYY-MM-DDTHH:MM:SS`.
    pub fn date_time(&self, key: &str) -> Option<Value> {
        self.text(key).map(super::dates::date_time)
    }

    /// A `Date` parameter as OPI's DateISOZ: `YYYY-MM-DDTHH:MM:SSZ`.
    pub fn date_time_z(&self, key: &str) -> Option<Value> {
        self.text(key).map(super::dates::date_time_z)
    }

    /// A `Date` parameter as its day: `YYYY-MM-DD`.
    pub fn day(&self, key: &str) -> Option<Value> {
        self.text(key).map(super::dates::day)
    }

    pub fn duration(&self, key: &str) -> Option<Duration> {
        self.values.get(key).and_then(Value::as_f64).map(Duration::from_secs_f64)
    }
}

fn unknown_key_reason(function: &Function) -> String {
    let known: Vec<&str> = function.accepted_params().map(|p| p.key).collect();
    format!("is not a parameter of {}; it takes {}", function.name, known.join(", "))
}

/// Checks one value against its kind; `None` when the value counts as not given.
fn normalise(key: &str, kind: Kind, value: Value) -> Result<Option<Value>> {
    if is_empty(&value) {
        return Ok(None);
    }
    // "Not given" means the same in every form, the JSON text of an empty value included.
    let value = match kind {
        Kind::Blocks | Kind::Object | Kind::Structure => decode_text(key, value)?,
        Kind::Calls => match value {
            // An array's text stays text: Batch parses its items one at a time as it reads them.
            Value::String(text) if text.trim_start().starts_with('[') => {
                return Ok((!is_empty_array_text(&text)).then_some(Value::String(text)));
            }
            other => match decode_text(key, other)? {
                array @ Value::Array(_) => array,
                other => {
                    return Err(Error::invalid(
                        key,
                        format!("must be an {}, not {}", kind.describe(), kind_of(&other)),
                    ))
                }
            },
        },
        Kind::Ids => match value {
            Value::String(text) if text.trim_start().starts_with('[') => {
                decode_text(key, Value::String(text))?
            }
            other => other,
        },
        _ => value,
    };
    if is_empty(&value) {
        return Ok(None);
    }
    let wrong_kind =
        || Error::invalid(key, format!("must be a {}, not {}", kind.describe(), kind_of(&value)));
    let checked = match kind {
        Kind::Text => match value {
            Value::String(_) => value,
            _ => return Err(wrong_kind()),
        },
        Kind::Id => check_id(key, &value).ok_or_else(wrong_kind)??,
        Kind::Ids => {
            let items = match value {
                Value::Array(items) => items,
                single => vec![single],
            };
            let mut ids = Vec::with_capacity(items.len());
            for item in &items {
                match check_id(key, item) {
                    Some(Ok(Value::String(id))) => ids.push(Value::String(id)),
                    Some(Ok(number)) => ids.push(Value::String(number.to_string())),
                    Some(Err(error)) => return Err(error),
                    None => {
                        return Err(Error::invalid(
                            key,
                            format!("must hold ids (strings or whole numbers), not {}", kind_of(item)),
                        ))
                    }
                }
            }
            Value::Array(ids)
        }
        Kind::Flag => match &value {
            Value::Bool(_) => value,
            Value::String(text) => match text.trim().to_ascii_lowercase().as_str() {
                "y" | "true" => Value::Bool(true),
                "n" | "false" => Value::Bool(false),
                _ => return Err(Error::invalid(key, "must be true or false (or \"Y\" / \"N\")")),
            },
            _ => return Err(wrong_kind()),
        },
        Kind::Seconds => match value.as_f64().map(seconds_refusal) {
            Some(None) => value,
            Some(Some(reason)) => return Err(Error::invalid(key, reason)),
            None => return Err(wrong_kind()),
        },
        Kind::Blocks => super::blocks::normalise(key, value)?,
        Kind::Object => match value {
            object @ Value::Object(_) => object,
            other => {
                return Err(Error::invalid(key, format!("must be a JSON object, not {}", kind_of(&other))))
            }
        },
        // An array, as the first step made sure.
        Kind::Calls => value,
        Kind::Structure => match value {
            structure @ (Value::Object(_) | Value::Array(_)) => structure,
            other => {
                return Err(Error::invalid(
                    key,
                    format!("must be a JSON object or array, not {}", kind_of(&other)),
                ))
            }
        },
        Kind::Date => match &value {
            Value::String(text) => match super::dates::parse(text) {
                Some(canonical) => Value::String(canonical),
                None => {
                    return Err(Error::invalid(
                        key,
                        "is not a date: write it as ISO 8601, e.g. 2025-11-01T10:30:00 or 2025-11-01",
                    ))
                }
            },
            _ => return Err(wrong_kind()),
        },
        Kind::Rate => {
            let parsed = match &value {
                Value::String(text) => crate::rest::limiter::Rate::parse(text),
                other => crate::rest::limiter::Rate::from_json(other),
            };
            parsed.map_err(|reason| Error::invalid(key, reason))?;
            value
        }
        // Files are read by `files::parse`, never here.
        Kind::File | Kind::Files => return Err(Error::Internal),
    };
    Ok(if is_empty(&checked) { None } else { Some(checked) })
}

/// A day; longer waits are a mistake in units (milliseconds given as seconds, say).
pub const MAX_SECONDS: f64 = 86_400.0;
/// Below a microsecond nothing could be waited for at all (1e-320 is such a value).
pub const MIN_SECONDS: f64 = 0.000_001;

/// Why a number of seconds is refused, or `None`: the one check of every seconds value, so
/// that the 1C add-in's Timeout property refuses exactly what a call would.
pub fn seconds_refusal(seconds: f64) -> Option<String> {
    if (MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        None
    } else {
        Some(format!("must be at least {MIN_SECONDS} and at most {MAX_SECONDS} seconds"))
    }
}

/// `None` when the value is of a kind an id can never be.
fn check_id(key: &str, value: &Value) -> Option<Result<Value>> {
    match value {
        Value::String(text) if text.trim().is_empty() => {
            Some(Err(Error::invalid(key, "is blank; pass e.g. \"chat450\" or 450")))
        }
        Value::String(text) => Some(Ok(Value::String(text.trim().to_string()))),
        Value::Number(number) => {
            if let Some(whole) = number.as_u64() {
                return Some(Ok(Value::from(whole)));
            }
            // 1C numbers may arrive as doubles; 450.0 is still user 450. Below 2^53 every
            // whole number is a double of its own (JSON text is checked from its digits too,
            // in `input`); above, a double may stand for several ids, so it is refused.
            let float = number.as_f64().unwrap_or(-1.0);
            if float >= 0.0 && float.fract() == 0.0 && float < super::input::MAX_FLOAT_ID as f64 {
                Some(Ok(Value::from(float as u64)))
            } else {
                Some(Err(Error::invalid(key, format!("must be a whole number of 0 or more, not {number}"))))
            }
        }
        _ => None,
    }
}

/// Structured parameters may come as JSON text, which is how 1C and the command line pass them.
fn decode_text(key: &str, value: Value) -> Result<Value> {
    match value {
        Value::String(text) => super::input::from_str(&text)
            .map_err(|error| Error::invalid(key, format!("is text that is not valid JSON ({error})"))),
        other => Ok(other),
    }
}

/// Whether a text that begins with `[` is an empty JSON array: `[]`, whitespace aside.
fn is_empty_array_text(text: &str) -> bool {
    let space = [' ', '\t', '\n', '\r'];
    let inner = text.trim_matches(space).strip_prefix('[').and_then(|rest| rest.strip_suffix(']'));
    inner.is_some_and(|inner| inner.trim_matches(space).is_empty())
}

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::String(text) => text.is_empty(),
        Value::Array(items) => items.is_empty(),
        Value::Object(map) => map.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::functions as table;

    fn send(input: Value) -> Result<Args> {
        Args::parse(table::find("SendMessage").unwrap(), input)
    }

    fn refused_key(input: Value) -> String {
        match send(input) {
            Err(Error::InvalidParameter { key, .. }) => key,
            other => panic!("expected a parameter error, got {other:?}"),
        }
    }

    #[test]
    fn a_number_chat_becomes_the_string_the_portal_expects() {
        let args = send(json!({"url": "u", "text": "t", "chat": 450})).unwrap();
        assert_eq!(args.id("chat").as_deref(), Some("450"));
        let args = send(json!({"url": "u", "text": "t", "chat": 450.0})).unwrap();
        assert_eq!(args.id("chat").as_deref(), Some("450"));
        let args = send(json!({"url": "u", "text": "t", "chat": " chat7 "})).unwrap();
        assert_eq!(args.id("chat").as_deref(), Some("chat7"));
    }

    #[test]
    fn missing_required_parameters_are_named() {
        assert_eq!(refused_key(json!({"chat": "chat1"})), "url");
        assert_eq!(refused_key(json!({"url": "u"})), "chat");
        assert_eq!(refused_key(json!({"url": "u", "chat": ""})), "chat");
        assert_eq!(refused_key(json!({"url": "u", "chat": null})), "chat");
        assert_eq!(refused_key(json!({"url": "u", "chat": 1, "text": "", "blocks": []})), "text");
    }

    #[test]
    fn unknown_keys_are_refused_with_the_known_ones_listed() {
        let error = send(json!({"url": "u", "chat": 1, "txt": "hi"})).unwrap_err();
        assert_eq!(error.code(), "B24_INVALID_PARAMETER");
        let text = error.to_string();
        assert!(text.contains("'txt'") && text.contains("url, chat, text, blocks, token"), "{text}");
    }

    #[test]
    fn wrong_kinds_are_refused() {
        assert_eq!(refused_key(json!({"url": 5, "chat": 1})), "url");
        assert_eq!(refused_key(json!({"url": "u", "chat": true})), "chat");
        assert_eq!(refused_key(json!({"url": "u", "chat": -3})), "chat");
        assert_eq!(refused_key(json!({"url": "u", "chat": 1.5})), "chat");
        assert_eq!(refused_key(json!({"url": "u", "chat": "  "})), "chat");
        assert_eq!(refused_key(json!({"url": "u", "chat": 1, "text": ["a"]})), "text");
        assert_eq!(refused_key(json!({"url": "u", "chat": 1, "timeout": "5"})), "timeout");
        assert_eq!(refused_key(json!({"url": "u", "chat": 1, "timeout": 0})), "timeout");
        assert_eq!(refused_key(json!({"url": "u", "chat": 1, "blocks": 7})), "blocks");
        assert_eq!(refused_key(json!({"url": "u", "chat": 1, "blocks": "[oops"})), "blocks");
    }

    #[test]
    fn the_input_must_be_an_object() {
        for input in [json!([1]), json!("text"), json!(3), json!(null)] {
            assert_eq!(send(input).unwrap_err().code(), "B24_INVALID_INPUT");
        }
    }

    #[test]
    fn empty_values_count_as_not_given() {
        let args = send(json!({"url": "u", "chat": 1, "text": "", "token": "", "blocks": [{}]})).unwrap();
        assert!(args.text("text").is_none() && args.text("token").is_none());
        let args = send(json!({"url": "u", "chat": 1, "text": "t", "token": null, "blocks": []})).unwrap();
        assert!(args.json("blocks").is_none() && args.text("token").is_none());
    }

    #[test]
    fn structured_parameters_accept_json_text() {
        let call = table::find("Call").unwrap();
        let args = Args::parse(call, json!({"url": "u", "method": "m", "params": "{\"A\": 1}"})).unwrap();
        assert_eq!(args.json("params"), Some(&json!({"A": 1})));
        let refused = Args::parse(call, json!({"url": "u", "method": "m", "params": "[1]"}));
        assert_eq!(refused.unwrap_err().code(), "B24_INVALID_PARAMETER");
    }

    #[test]
    fn local_functions_take_no_transport_options() {
        let picture = table::find("GetPictureBlock").unwrap();
        let refused = Args::parse(picture, json!({"title": "t", "url": "u", "timeout": 5}));
        assert_eq!(refused.unwrap_err().code(), "B24_INVALID_PARAMETER");
    }
}
