//! Checking one function's JSON input against its table entry, once, before anything runs,
//! so that the functions read values of the right kind and a typo never passes silently.

use std::time::Duration;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::table::{Function, Kind, Presence};

/// Validated arguments: only known keys, every value of its parameter's kind, values that
/// are not given (`null`, `""`, an empty array or object) already left out.
#[derive(Debug)]
pub struct Args {
    values: Map<String, Value>,
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
        for (key, value) in input {
            let Some(param) = function.accepted_params().find(|p| p.key == key) else {
                return Err(Error::invalid(&key, unknown_key_reason(function)));
            };
            if let Some(value) = normalise(param.key, param.kind, value)? {
                values.insert(key, value);
            }
        }
        for param in function.params {
            let missing = !values.contains_key(param.key);
            match param.presence {
                Presence::Required if missing => {
                    return Err(Error::invalid(
                        param.key,
                        format!("is required ({}: {})", param.opi_name, param.meaning),
                    ))
                }
                Presence::RequiredUnless(other) if missing && !values.contains_key(other) => {
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
        Ok(Args { values })
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

    /// A `Blocks` or `Object` parameter, already decoded from JSON text when given as text.
    pub fn json(&self, key: &str) -> Option<&Value> {
        self.values.get(key)
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
    let wrong_kind =
        || Error::invalid(key, format!("must be a {}, not {}", kind.describe(), kind_of(&value)));
    let checked = match kind {
        Kind::Text => match value {
            Value::String(_) => value,
            _ => return Err(wrong_kind()),
        },
        Kind::Id => id_value(key, &value).ok_or_else(wrong_kind)??,
        Kind::Seconds => match value.as_f64() {
            Some(seconds) if seconds > 0.0 && seconds <= MAX_SECONDS => value,
            Some(_) => {
                return Err(Error::invalid(
                    key,
                    format!("must be more than 0 and at most {MAX_SECONDS} seconds"),
                ))
            }
            None => return Err(wrong_kind()),
        },
        Kind::Blocks => crate::blocks::normalise(key, decode_text(key, value)?)?,
        Kind::Object => match decode_text(key, value)? {
            object @ Value::Object(_) => object,
            other => {
                return Err(Error::invalid(key, format!("must be a JSON object, not {}", kind_of(&other))))
            }
        },
    };
    Ok(if is_empty(&checked) { None } else { Some(checked) })
}

/// A day; longer waits are a mistake in units (milliseconds given as seconds, say).
pub const MAX_SECONDS: f64 = 86_400.0;

/// `None` when the value is of a kind an id can never be.
fn id_value(key: &str, value: &Value) -> Option<Result<Value>> {
    match value {
        Value::String(text) if text.trim().is_empty() => {
            Some(Err(Error::invalid(key, "is blank; pass e.g. \"chat450\" or 450")))
        }
        Value::String(text) => Some(Ok(Value::String(text.trim().to_string()))),
        Value::Number(number) => {
            if let Some(whole) = number.as_u64() {
                return Some(Ok(Value::from(whole)));
            }
            // 1C numbers may arrive as doubles; 450.0 is still user 450.
            let float = number.as_f64().unwrap_or(-1.0);
            if float >= 0.0 && float.fract() == 0.0 && float < 9.0e15 {
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
        Value::String(text) => serde_json::from_str(&text)
            .map_err(|error| Error::invalid(key, format!("is text that is not valid JSON ({error})"))),
        other => Ok(other),
    }
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

/// How a value is named in messages: its kind, never its content, which may be a secret.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::table;

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
