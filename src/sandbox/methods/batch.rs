//! `batch` (`settings/how-to-call-rest-api/batch.md`): up to 50 commands `method?query` (PHP
//! brackets in the query), each run through the same dispatcher as a direct call, in the order
//! the request lists them. Later commands may use `$result[key]` or `$result[key][field]`.
//! The whole batch is one request for the bucket and is billed to `batch` in the operating
//! limit (the JS SDK maintainers' measurement; the docs say the inner methods).
//!
//! More than 50 commands refuses the whole batch with 400 ERROR_BATCH_LENGTH_EXCEEDED (the
//! docs also allow the reading that only the extra commands fail). A nested `batch` or a file
//! method is an error for that command (ERROR_BATCH_METHOD_NOT_ALLOWED). With `halt` set the
//! batch stops at the first failed command.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::{json, Map, Value};

use super::{call, empty_is_array, err, param, Answer, Ctx};
use crate::sandbox::params;

const MAX_COMMANDS: usize = 50;

pub(super) fn run(ctx: &Ctx, fields: &Value) -> Answer {
    let halt = match param(fields, "halt") {
        Some(Value::Bool(flag)) => *flag,
        Some(Value::Number(number)) => number.as_i64() != Some(0),
        Some(Value::String(text)) => !matches!(text.trim(), "" | "0" | "false" | "N"),
        _ => false,
    };
    let commands = commands(ctx, param(fields, "cmd"));
    if commands.len() > MAX_COMMANDS {
        return Err(err(400, "ERROR_BATCH_LENGTH_EXCEEDED", "Max batch length exceeded"));
    }
    let (mut results, mut errors, mut totals, mut nexts, mut times) =
        (Map::new(), Map::new(), Map::new(), Map::new(), Map::new());
    for (key, command) in commands {
        let Some(command) = command else {
            errors.insert(key, err(400, "INVALID_REQUEST", "Command must be a string").to_json());
            if halt {
                break;
            }
            continue;
        };
        let command = substitute(&command, &results);
        let (method, query) = command.split_once('?').unwrap_or((command.as_str(), ""));
        let method = crate::sandbox::portal::normalize_method(method.trim_start_matches('/'));
        let inner = Value::Object(params::decode_form(query.as_bytes()));
        let started = std::time::SystemTime::now();
        let outcome = call(ctx, &method, &inner, true);
        let report = crate::sandbox::lock(&ctx.shared.limits).report(&method, started);
        times.insert(
            key.clone(),
            crate::sandbox::clock::time_object_with(started, std::time::SystemTime::now(), report),
        );
        match outcome {
            Ok(done) => {
                if let Some(total) = done.total {
                    totals.insert(key.clone(), json!(total));
                }
                if let Some(next) = done.next {
                    nexts.insert(key.clone(), json!(next));
                }
                results.insert(key.clone(), done.result);
            }
            Err(error) => {
                errors.insert(key, error.to_json());
                if halt {
                    break;
                }
            }
        }
    }
    Ok(json!({
        "result": empty_is_array(results),
        "result_error": empty_is_array(errors),
        "result_total": empty_is_array(totals),
        "result_next": empty_is_array(nexts),
        "result_time": empty_is_array(times),
    })
    .into())
}

/// (key, command) pairs in request order; a command that is not a string is None.
fn commands(ctx: &Ctx, cmd: Option<&Value>) -> Vec<(String, Option<String>)> {
    let pairs: Vec<(String, &Value)> = match cmd {
        Some(Value::Object(map)) => {
            let mut pairs: Vec<(String, &Value)> = map.iter().map(|(k, v)| (k.clone(), v)).collect();
            let position = |key: &str| ctx.batch_order.iter().position(|k| k == key).unwrap_or(usize::MAX);
            pairs.sort_by_key(|(key, _)| position(key));
            pairs
        }
        Some(Value::Array(items)) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => Vec::new(),
    };
    pairs.into_iter().map(|(key, value)| (key, value.as_str().map(str::to_string))).collect()
}

/// Replaces `$result[key]` and `$result[key][field]...` with the earlier result's value
/// (URL-encoded); a reference to nothing becomes empty.
fn substitute(command: &str, results: &Map<String, Value>) -> String {
    const MARK: &str = "$result[";
    let mut out = String::with_capacity(command.len());
    let mut rest = command;
    while let Some(start) = rest.find(MARK) {
        out.push_str(&rest[..start]);
        let mut tail = &rest[start + MARK.len() - 1..];
        let mut path = Vec::new();
        while let Some(inner) = tail.strip_prefix('[') {
            let Some(close) = inner.find(']') else { break };
            path.push(&inner[..close]);
            tail = &inner[close + 1..];
        }
        let mut value = path.first().and_then(|key| results.get(*key));
        for step in path.iter().skip(1) {
            value = value.and_then(|v| match v {
                Value::Array(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
                other => other.get(*step),
            });
        }
        let text = match value {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) => number.to_string(),
            Some(Value::Bool(flag)) => if *flag { "1" } else { "" }.to_string(),
            _ => String::new(),
        };
        out.push_str(&percent_encode(&text));
        rest = tail;
    }
    out.push_str(rest);
    out
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The keys of `cmd` in the order the request lists them, read from the raw query and body
/// (the parsed fields are sorted maps).
pub(crate) fn command_order(query: &str, content_type: &str, body: &[u8]) -> Vec<String> {
    let mut order = form_order(query.as_bytes());
    let looks_like_json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    let body_order = if content_type.to_ascii_lowercase().contains("json") || looks_like_json {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let mut keys = Vec::new();
        let _ = CmdKeysInBody(&mut keys).deserialize(&mut deserializer);
        keys
    } else {
        form_order(body)
    };
    for key in body_order {
        if !order.contains(&key) {
            order.push(key);
        }
    }
    order
}

fn form_order(input: &[u8]) -> Vec<String> {
    let mut order = Vec::new();
    for pair in input.split(|&b| b == b'&') {
        let raw_name = pair.split(|&b| b == b'=').next().unwrap_or(b"");
        let name = params::percent_decode(raw_name);
        let Some(rest) = name.get(..4).filter(|p| p.eq_ignore_ascii_case("cmd[")).map(|_| &name[4..]) else {
            continue;
        };
        if let Some(close) = rest.find(']') {
            let key = rest[..close].to_string();
            if !order.contains(&key) {
                order.push(key);
            }
        }
    }
    order
}

/// Walks a JSON body and collects the keys of its top-level `cmd` object, in order.
struct CmdKeysInBody<'k>(&'k mut Vec<String>);

impl<'de> DeserializeSeed<'de> for CmdKeysInBody<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for CmdKeysInBody<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if key.eq_ignore_ascii_case("cmd") {
                map.next_value_seed(CmdKeys(&mut *self.0))?;
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(())
    }
}

/// The keys of the `cmd` value when it is an object; anything else is skipped.
struct CmdKeys<'k>(&'k mut Vec<String>);

impl<'de> DeserializeSeed<'de> for CmdKeys<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for CmdKeys<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("the cmd value")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            map.next_value::<IgnoredAny>()?;
            self.0.push(key);
        }
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_order_follows_the_request() {
        let body = br#"{"halt":0,"cmd":{"z":"server.time","a":"im.user.status.get","m":"x"}}"#;
        assert_eq!(command_order("", "application/json", body), ["z", "a", "m"]);
        assert_eq!(command_order("cmd[b]=x&cmd%5Ba%5D=y", "", b"halt=1&cmd[c]=z"), ["b", "a", "c"]);
    }

    #[test]
    fn result_references_are_substituted_and_encoded() {
        let mut results = Map::new();
        results.insert("chat".into(), json!(12));
        results.insert("user".into(), json!({"name": "A B", "ids": [5, 6]}));
        assert_eq!(
            substitute(
                "m?C=$result[chat]&N=$result[user][name]&I=$result[user][ids][1]&X=$result[none]",
                &results
            ),
            "m?C=12&N=A%20B&I=6&X="
        );
    }
}
