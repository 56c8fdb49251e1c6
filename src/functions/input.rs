//! Reading a caller's JSON text: its size is checked before it is parsed, a key given twice in
//! any object is refused rather than the last one winning, and numbers that stand for ids are
//! read from their text, exactly, rather than through a float.

use serde::de::{self, Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::files::MAX_FILE_BYTES;
use super::{Function, Kind};
use crate::error::{Error, Result};

/// The most JSON text all the parameters but files may take together: 8 MiB. The largest
/// legitimate request is far below it (a message keeps 20,000 characters, ATTACH 60,000; a
/// batch of 50 commands of a thousand fields fits), and parsing at most this much stays within
/// a few hundred MB whatever its shape, so that no input can exhaust the host's memory.
pub const MAX_INPUT_BYTES: usize = 8 * 1024 * 1024;

/// The most JSON text one file parameter may take: the base64 of a 100 MB file, with the
/// escaped line breaks 1C writes every 76 characters, and room for its name.
pub const MAX_FILE_INPUT_BYTES: usize = (MAX_FILE_BYTES.div_ceil(3) * 4 * 80 / 76) as usize + 64 * 1024;

/// Parses a function's input text within the limits; the values come in the order given.
pub fn parse(function: &Function, text: &str) -> Result<Value> {
    let files = function.accepted_params().filter(|param| param.kind == Kind::File).count();
    let most = MAX_INPUT_BYTES + files * MAX_FILE_INPUT_BYTES;
    if text.len() > most {
        return Err(Error::InvalidInput(format!(
            "the parameters are {} bytes of JSON; {} takes at most {most} bytes ({} MiB besides files, which are at most 100 MB each), so nothing was read",
            text.len(),
            function.name,
            MAX_INPUT_BYTES >> 20
        )));
    }
    if !text.trim_start().starts_with('{') {
        // Not an object: parsed whole, for `Args::parse` to say what it is instead.
        return from_str(text).map_err(not_json);
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let TopLevel(entries) = TopLevel::deserialize(&mut deserializer).map_err(not_json)?;
    deserializer.end().map_err(not_json)?;
    within_budget(function, &entries)?;
    let mut object = Map::new();
    for (key, raw) in entries {
        let param = function.accepted_params().find(|param| param.key == key);
        let value = match param.map(|param| param.kind) {
            // Kept as its text, which Batch reads one call at a time: 10,000 calls never stand
            // as one tree of values (megabytes of fresh memory before the first request).
            Some(Kind::Calls) if raw.get().starts_with('[') => Value::String(raw.get().to_string()),
            _ => from_str(raw.get()).map_err(not_json)?,
        };
        if let Some(param) = param.filter(|param| matches!(param.kind, Kind::Id | Kind::Ids)) {
            exact_ids(param.key, raw.get(), &value)?;
        }
        object.insert(key, value);
    }
    Ok(Value::Object(object))
}

/// Parses JSON text like `serde_json::from_str`, refusing a key given twice in any object.
pub fn from_str(text: &str) -> serde_json::Result<Value> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = Checked.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

fn not_json(error: serde_json::Error) -> Error {
    if error.is_data() {
        Error::InvalidInput(format!("the parameters are refused: {error}"))
    } else {
        Error::InvalidInput(format!("the parameters are not valid JSON: {error}"))
    }
}

/// The parameters other than files share MAX_INPUT_BYTES; each file has its own bound.
fn within_budget(function: &Function, entries: &[(String, &RawValue)]) -> Result<()> {
    let is_file =
        |key: &str| function.accepted_params().any(|param| param.key == key && param.kind == Kind::File);
    let mut others = 0;
    for (key, raw) in entries {
        let size = raw.get().len();
        if is_file(key) {
            if size > MAX_FILE_INPUT_BYTES {
                return Err(Error::InvalidInput(format!(
                    "the parameter '{key}' is {size} bytes of JSON; a file (at most 100 MB, so {MAX_FILE_INPUT_BYTES} bytes of base64) takes less"
                )));
            }
        } else {
            others += size;
        }
    }
    if others > MAX_INPUT_BYTES {
        let largest = entries
            .iter()
            .filter(|(key, _)| !is_file(key))
            .max_by_key(|(_, raw)| raw.get().len())
            .map(|(key, _)| key.as_str())
            .unwrap_or_default();
        return Err(Error::InvalidInput(format!(
            "the parameters besides files are {others} bytes of JSON, the largest '{largest}'; at most {MAX_INPUT_BYTES} bytes (8 MiB) are read"
        )));
    }
    Ok(())
}

/// The top-level object as its keys and the text of each value, keys checked once each.
struct TopLevel<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for TopLevel<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = TopLevel<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, &'de RawValue)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.iter().any(|(seen, _)| *seen == key) {
                        return Err(twice(&key));
                    }
                    let value: &'de RawValue = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(TopLevel(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

fn twice<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("the key '{key}' is given twice in one object; give each key once"))
}

/// A JSON value built as serde_json builds one, except that a key given twice is an error.
struct Checked;

impl<'de> DeserializeSeed<'de> for Checked {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(Checked)
    }
}

impl<'de> Visitor<'de> for Checked {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, value: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(value))
    }
    fn visit_i64<E>(self, value: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(value))
    }
    fn visit_u64<E>(self, value: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(value))
    }
    fn visit_f64<E>(self, value: f64) -> std::result::Result<Value, E> {
        Ok(Value::from(value))
    }
    fn visit_str<E>(self, value: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }
    fn visit_string<E>(self, value: String) -> std::result::Result<Value, E> {
        Ok(Value::String(value))
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> std::result::Result<Value, D::Error> {
        deserializer.deserialize_any(Checked)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(Checked)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match object.entry(key) {
                Entry::Occupied(given) => return Err(twice(given.key())),
                Entry::Vacant(place) => {
                    place.insert(map.next_value_seed(Checked)?);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

/// The largest whole number a float can hold with every smaller one: ids written as floats
/// (`450.0`, as 1C writes numbers) are taken below it, exactly as written.
pub const MAX_FLOAT_ID: u64 = 1 << 53;

/// Refuses an id written with a fraction or an exponent unless its text is exactly a whole
/// number below 2^53: a float parse would round `4503599627370497.5` to a neighbouring id.
/// Integers without a fraction are read exactly by the parser (up to 2^64 - 1).
fn exact_ids(key: &str, raw: &str, value: &Value) -> Result<()> {
    let texts = [Some(raw), value.as_str().filter(|text| text.trim_start().starts_with('['))];
    for text in texts.into_iter().flatten() {
        for token in number_tokens(text) {
            if !token.contains(['.', 'e', 'E']) {
                continue;
            }
            if whole_number(token).is_none_or(|whole| whole >= u128::from(MAX_FLOAT_ID)) {
                return Err(Error::invalid(
                    key,
                    format!(
                        "holds {token}, which is not exactly a whole number below 2^53; write a larger id without a fraction or exponent, or as a string"
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// The numbers of a JSON text, as written, outside its strings.
fn number_tokens(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            match bytes[at] {
                b'"' => {
                    at += 1;
                    while at < bytes.len() && bytes[at] != b'"' {
                        at += if bytes[at] == b'\\' { 2 } else { 1 };
                    }
                    at += 1;
                }
                b'-' | b'0'..=b'9' => {
                    let start = at;
                    while at < bytes.len()
                        && matches!(bytes[at], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                    {
                        at += 1;
                    }
                    return text.get(start..at);
                }
                _ => at += 1,
            }
        }
        None
    })
}

/// The exact value of a JSON number's text when it is a whole number that fits in u128.
fn whole_number(token: &str) -> Option<u128> {
    let (mantissa, exponent) = match token.find(['e', 'E']) {
        Some(at) => (&token[..at], token[at + 1..].parse::<i32>().ok()?),
        None => (token, 0),
    };
    if mantissa.starts_with('-') {
        // A negative id is refused anyway; "-0.0" is not worth a special case.
        return None;
    }
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all = format!("{whole}{fraction}");
    let significant = all.trim_end_matches('0');
    // The value is significant × 10^scale.
    let scale = i64::from(exponent) - fraction.len() as i64 + (all.len() - significant.len()) as i64;
    let significant = significant.trim_start_matches('0');
    if significant.is_empty() {
        return Some(0);
    }
    if !(0..=38).contains(&scale) {
        return None;
    }
    let mut value: u128 = significant.parse().ok()?;
    for _ in 0..scale {
        value = value.checked_mul(10)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limits_are_the_ones_the_readme_states() {
        assert_eq!((MAX_INPUT_BYTES, MAX_FILE_INPUT_BYTES), (8_388_608, 147_234_100));
    }

    #[test]
    fn whole_numbers_are_read_from_their_text() {
        for (token, whole) in [
            ("450.0", Some(450)),
            ("4.5e2", Some(450)),
            ("4500e-1", Some(450)),
            ("0.0", Some(0)),
            ("4503599627370497.5", None),
            ("45035996273704975e-1", None),
            ("1.0e16", Some(10_000_000_000_000_000)),
            ("9007199254740993.0", Some(9_007_199_254_740_993)),
            ("1e400", None),
            ("-1.0", None),
        ] {
            assert_eq!(whole_number(token), whole, "{token}");
        }
    }

    #[test]
    fn numbers_inside_strings_are_not_tokens() {
        let tokens: Vec<&str> = number_tokens(r#"[1, "2.5 \" 3.5", -4.0e1, {"a": 5}]"#).collect();
        assert_eq!(tokens, ["1", "-4.0e1", "5"]);
    }

    #[test]
    fn a_key_given_twice_is_refused_at_any_depth() {
        assert!(from_str(r#"{"a": [{"b": 1, "c": {"d": 1, "d": 2}}]}"#)
            .unwrap_err()
            .to_string()
            .contains("'d'"));
        assert_eq!(from_str(r#"{"b": 1, "a": 2}"#).unwrap().to_string(), r#"{"b":1,"a":2}"#);
    }
}
