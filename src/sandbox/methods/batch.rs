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
    // What later commands may refer to, kept as one object that grows as commands run, so that
    // a reference reads it in place (a copy per command would make a batch of long lists
    // quadratic).
    let mut earlier = Map::new();
    for name in ["result", "next", "total", "time", "error"] {
        earlier.insert(name.to_string(), Value::Object(Map::new()));
    }
    let put = |earlier: &mut Map<String, Value>, name: &str, key: &str, value: Value| {
        if let Some(Value::Object(members)) = earlier.get_mut(name) {
            members.insert(key.to_string(), value);
        }
    };
    for (key, command) in commands {
        let Some(command) = command else {
            put(
                &mut earlier,
                "error",
                &key,
                err(400, "INVALID_REQUEST", "Command must be a string").to_json(),
            );
            if halt {
                break;
            }
            continue;
        };
        let (method, query) = command.split_once('?').unwrap_or((command.as_str(), ""));
        let method = crate::sandbox::portal::normalize_method(method.trim_start_matches('/'));
        let earlier_value = Value::Object(std::mem::take(&mut earlier));
        let inner = substitute(Value::Object(params::decode_form(query.as_bytes())), &earlier_value);
        let Value::Object(taken) = earlier_value else { unreachable!("built as an object") };
        earlier = taken;
        let started = std::time::SystemTime::now();
        let outcome = call(ctx, &method, &inner, true);
        let report = crate::sandbox::lock(&ctx.shared.limits).report(&method, started);
        let time = crate::sandbox::clock::time_object_with(started, std::time::SystemTime::now(), report);
        put(&mut earlier, "time", &key, time);
        match outcome {
            Ok(done) => {
                if let Some(total) = done.total {
                    put(&mut earlier, "total", &key, json!(total));
                }
                if let Some(next) = done.next {
                    put(&mut earlier, "next", &key, json!(next));
                }
                put(&mut earlier, "result", &key, done.result);
            }
            Err(error) => {
                put(&mut earlier, "error", &key, error.to_json());
                if halt {
                    break;
                }
            }
        }
    }
    let mut part = |name: &str| match earlier.remove(name) {
        Some(Value::Object(members)) => empty_is_array(members),
        _ => json!([]),
    };
    Ok(json!({
        "result": part("result"),
        "result_error": part("error"),
        "result_total": part("total"),
        "result_next": part("next"),
        "result_time": part("time"),
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

/// The portal's substitution, in the decoded values (never in the raw query, so an encoded `$`
/// is no escape): each `$result`, `$next`, `$total`, `$time` or `$error` (any case) followed by
/// non-space characters with `[key]` steps reads `earlier` along those steps as far as they
/// lead. A value that is all reference becomes what was read, whatever it is; inside longer
/// text only a number or a string replaces the reference text.
fn substitute(value: Value, earlier: &Value) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, substitute(v, earlier))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(|v| substitute(v, earlier)).collect()),
        Value::String(text) => substitute_text(text, earlier),
        other => other,
    }
}

fn substitute_text(text: String, earlier: &Value) -> Value {
    const NAMES: [&str; 5] = ["result", "next", "total", "time", "error"];
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r');
    let mut matches = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find('$').map(|i| i + from) {
        let after = &text[at + 1..];
        let Some(name) =
            NAMES.iter().find(|n| after.get(..n.len()).is_some_and(|h| h.eq_ignore_ascii_case(n)))
        else {
            from = at + 1;
            continue;
        };
        let tail = &after[name.len()..];
        let run = &tail[..tail.find(is_space).unwrap_or(tail.len())];
        let end = at + 1 + name.len() + run.len();
        matches.push((text[at..end].to_string(), after[..name.len()].to_string(), steps(run)));
        from = end;
    }
    let mut out = text.clone();
    for (whole, name, steps) in matches {
        if steps.is_empty() {
            continue;
        }
        // As written: `$RESULT[...]` looks for a name the portal does not have, and reads null.
        let mut found = earlier.get(&name).unwrap_or(&Value::Null);
        for step in &steps {
            let next = match found {
                Value::Object(map) => map.get(step),
                Value::Array(items) => step.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            };
            match next {
                Some(value) if !value.is_null() => found = value,
                // A step into something that is not there (row 49 of a page of 10) leaves the
                // reference's text as it was written, as the portal does.
                _ if !found.is_null() => {
                    found = &Value::Null;
                    break;
                }
                _ => break,
            }
        }
        if found.is_null() && earlier.get(&name).is_some() {
            continue;
        }
        if whole == text {
            return found.clone();
        }
        match found {
            Value::String(part) => out = out.replace(&whole, part),
            Value::Number(number) => out = out.replace(&whole, &number.to_string()),
            _ => {}
        }
    }
    Value::String(out)
}

/// The `[key]` steps of a reference's tail: `[` then at least one character up to `]`.
fn steps(run: &str) -> Vec<String> {
    let mut steps = Vec::new();
    let mut rest = run;
    while let Some(open) = rest.find('[') {
        let inner = &rest[open + 1..];
        match inner.find(']') {
            Some(close) if close > 0 => {
                steps.push(inner[..close].to_string());
                rest = &inner[close + 1..];
            }
            _ => rest = inner,
        }
    }
    steps
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
    fn references_are_substituted_in_decoded_values_like_the_portal() {
        let earlier = json!({"result": {"chat": 12, "user": {"name": "A B", "ids": [5, 6]}}, "next": {}});
        let run = |text: &str| substitute_text(text.to_string(), &earlier);
        assert_eq!(
            run("C=$result[chat], N=$result[user][name] I=$Result[user][ids][1]"),
            json!("C=12 N=A B I=$Result[user][ids][1]")
        );
        // The whole non-space run after the name is the reference: "[chat]," ate the comma.
        assert_eq!(run("$result[user][ids]"), json!([5, 6]));
        // A path that leads nowhere is left as written.
        assert_eq!(run("$result[none]"), json!("$result[none]"));
        assert_eq!(run("$result[user][ids][7]"), json!("$result[user][ids][7]"));
        assert_eq!(run("x $result[none] $next[c0]"), json!("x $result[none] $next[c0]"));
        assert_eq!(run("$RESULT[chat]"), Value::Null);
        assert_eq!(run("$next $total $result alone"), json!("$next $total $result alone"));
    }
}
