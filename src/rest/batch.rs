//! Many requests in few: the portal's `batch` method runs up to 50 commands in one request,
//! which counts once against the portal's request limit. Commands are `method?query` with the
//! fields in PHP's bracket form; the answer holds each command's result or error by its key.
//!
//! The portal reads a command with `parse_str`, then, in every decoded value, replaces a `$`
//! followed by `result`, `next`, `total`, `time` or `error` (any case) and a run of non-space
//! characters holding `[key]`, with that part of an earlier command's answer. It offers no
//! escape (the replacing happens after the decoding, so percent-encoding the `$` changes
//! nothing): a caller's value that reads as such a reference is refused. Only the library's own
//! callers place references, as [`Reference`]s at field paths they name.

use std::borrow::Cow;

use serde_json::{json, Map, Value};

use super::limiter::{self, AnswerTime};
use super::{form, Request, Session};
use crate::error::Error;

/// The portal refuses a batch of more commands (ERROR_BATCH_LENGTH_EXCEEDED).
pub const MAX_COMMANDS: usize = 50;

/// The names the portal substitutes after `$`, as its batch matches them (case aside).
const SUBSTITUTED: [&str; 5] = ["result", "next", "total", "time", "error"];

/// One command of a batch: a request, and the fields whose value the portal is to take from
/// an earlier command's answer in the same batch of 50.
pub struct Command {
    pub request: Request,
    pub references: Vec<Reference>,
}

impl From<Request> for Command {
    fn from(request: Request) -> Command {
        Command { request, references: Vec::new() }
    }
}

/// `field` (a path of object keys in the request's fields) becomes `$result[c<command>][...]`
/// with `result` as the path into that command's result, e.g. `["49", "ID"]`.
pub struct Reference {
    pub field: Vec<String>,
    pub command: usize,
    pub result: Vec<String>,
}

/// A command ready to go: its text, and whether the request it stands for only reads.
pub struct Encoded {
    /// `method?field=value&...`, see [`encode`].
    text: String,
    repeatable: bool,
}

impl Encoded {
    /// The REST method: a command's text begins with it.
    fn method(&self) -> &str {
        self.text.split_once('?').map_or(self.text.as_str(), |(method, _)| method)
    }
}

/// Runs `commands` as batches of at most 50 and gives one item per command, in order:
/// `{"result": ..., "time": ...}` or `{"error": ..., "error_description": ...}` as that request
/// alone would have been answered. Every command is encoded before anything is sent; one that
/// cannot be sent exactly refuses the whole run with its index and why. With `halt`, the first
/// failed request stops the rest, which get B24_NOT_RUN. A batch that may have reached the
/// portal is never sent again: its requests get its transport error, and the other batches keep
/// their results.
pub fn run(session: &Session, commands: &[Command], halt: bool) -> Result<Vec<Value>, (usize, String)> {
    let encoded = commands
        .iter()
        .enumerate()
        .map(|(index, command)| encode(index, command).map_err(|why| (index, why)))
        .collect::<Result<Vec<Encoded>, _>>()?;
    let mut items = Vec::with_capacity(commands.len());
    run_each(session, encoded, halt, |batch_items| items.extend(batch_items));
    Ok(items)
}

/// Runs commands encoded beforehand (all of them, so that none is sent unless all can be) as
/// [`run`] does, handing each batch's items to `each` as soon as its answer is in: a long run
/// is then written out while the next batch waits for its slot in the bucket, not at the end.
pub fn run_each(session: &Session, commands: Vec<Encoded>, halt: bool, mut each: impl FnMut(Vec<Value>)) {
    let total = commands.len();
    let mut commands = commands.into_iter();
    let mut halted = false;
    for first in (0..total).step_by(MAX_COMMANDS) {
        // Each batch's commands move into its request and are gone once it is answered.
        let chunk: Vec<Encoded> = commands.by_ref().take(MAX_COMMANDS).collect();
        if halted {
            let item = not_run();
            each(chunk.iter().map(|_| item.clone()).collect());
            continue;
        }
        let keys: Vec<String> = (first..first + chunk.len()).map(key).collect();
        let methods: Vec<String> = chunk.iter().map(|command| command.method().to_string()).collect();
        // A batch of reads is a read: sent again after an uncertain failure, as each alone would be.
        let reads = chunk.iter().all(|command| command.repeatable);
        let texts: Map<String, Value> =
            keys.iter().cloned().zip(chunk.into_iter().map(|command| Value::String(command.text))).collect();
        let mut fields = Map::new();
        fields.insert("halt".into(), json!(if halt { 1 } else { 0 }));
        fields.insert("cmd".into(), Value::Object(texts));
        let batch = match reads {
            true => Request::read("batch", fields),
            false => Request::change("batch", fields),
        };
        let sent =
            session.wait_for_methods(methods.iter().map(String::as_str)).and_then(|()| session.send(&batch));
        let items: Vec<Value> = match sent {
            Err(error) => {
                let item: Value = serde_json::from_str(&error.to_json()).unwrap_or(Value::Null);
                keys.iter().map(|_| item.clone()).collect()
            }
            Ok(answer) => {
                let answer = answer.json();
                record_nested_time(session, &answer, &keys, &methods);
                split(answer, &keys)
            }
        };
        halted = halt && items.iter().any(|item| item.get("error").is_some());
        each(items);
    }
}

/// Keeps each nested call's operating time in the ledger under its own method, as the portal
/// counts it (the outer batch's own `time` is the batch's): a long run of batches of one method
/// then slows before the portal refuses it.
fn record_nested_time(session: &Session, answer: &Value, keys: &[String], methods: &[String]) {
    let origin = session.origin();
    for (key, method) in keys.iter().zip(methods) {
        let Some(time) = answer["result"].get("result_time").and_then(|times| times.get(key)) else {
            continue;
        };
        let time = AnswerTime {
            start: time.get("start").and_then(Value::as_f64),
            operating: time.get("operating").and_then(Value::as_f64),
            reset_at: time.get("operating_reset_at").and_then(Value::as_f64),
        };
        limiter::record_operating(&origin, method, &time);
    }
}

/// The key of the command at `index` in the `cmd` of its batch.
fn key(index: usize) -> String {
    format!("c{index}")
}

/// `method?field=value&...`, as a batch command the portal decodes to exactly these fields; the
/// reason (naming the field) when it cannot.
pub fn command(request: &Request) -> Result<String, String> {
    encode(0, &Command::from(request.clone())).map(|encoded| encoded.text)
}

/// The command at `index` of a run: its references placed, every other value checked.
pub fn encode(index: usize, command: &Command) -> Result<Encoded, String> {
    // Most commands place nothing and are encoded from the request's own fields.
    let mut fields = Cow::Borrowed(&command.request.payload.fields);
    for reference in &command.references {
        place(index, reference, fields.to_mut())?;
    }
    let placed: Vec<&[String]> = command.references.iter().map(|r| r.field.as_slice()).collect();
    for (name, value) in fields.iter() {
        unsubstituted(name, std::slice::from_ref(name), value, &placed)?;
    }
    let query = form::encode_exact(&fields).map_err(|inexact| match inexact.path.as_str() {
        "" => inexact.why,
        path => format!("field {path}: {}", inexact.why),
    })?;
    let method = &command.request.method;
    let text = if query.is_empty() { method.clone() } else { [method.as_str(), "?", &query].concat() };
    Ok(Encoded { text, repeatable: command.request.repeatable })
}

/// Puts a reference's text at its field; a reference the portal would not resolve as meant
/// (to a later command or another batch of 50, or with a path it would split differently) is
/// the library's own mistake, refused all the same.
fn place(index: usize, reference: &Reference, fields: &mut Map<String, Value>) -> Result<(), String> {
    let plain =
        |part: &String| !part.is_empty() && !part.contains(['[', ']']) && !part.contains(char::is_whitespace);
    if reference.command >= index
        || reference.command / MAX_COMMANDS != index / MAX_COMMANDS
        || !reference.result.iter().all(plain)
    {
        return Err("a reference to a result the portal cannot give this command".into());
    }
    let text: String = std::iter::once(key(reference.command))
        .chain(reference.result.iter().cloned())
        .map(|part| format!("[{part}]"))
        .fold("$result".to_string(), |text, part| text + &part);
    let Some((last, path)) = reference.field.split_last() else {
        return Err("a reference without a field".into());
    };
    let mut object = fields;
    for step in path {
        let inner = object.entry(step.clone()).or_insert_with(|| Value::Object(Map::new()));
        object = inner.as_object_mut().ok_or_else(|| format!("field {step} is not an object"))?;
    }
    object.insert(last.clone(), Value::String(text));
    Ok(())
}

/// Refuses a value the portal would replace: a string with `$result[...]`, `$next[...]`, ...
/// outside the fields the library placed references at.
fn unsubstituted(shown: &str, path: &[String], value: &Value, placed: &[&[String]]) -> Result<(), String> {
    match value {
        Value::String(text) if !placed.contains(&path) => match reference_in(text) {
            Some(found) => Err(format!(
                "field {shown}: has '{found}', which the portal's batch replaces with an earlier call's answer; \
                 it has no escape, so send this call alone"
            )),
            None => Ok(()),
        },
        Value::Object(map) => map.iter().try_for_each(|(key, inner)| {
            let inner_path = [path, std::slice::from_ref(key)].concat();
            unsubstituted(&format!("{shown}[{key}]"), &inner_path, inner, placed)
        }),
        Value::Array(items) => items.iter().enumerate().try_for_each(|(index, inner)| {
            let inner_path = [path, &[index.to_string()]].concat();
            unsubstituted(&format!("{shown}[{index}]"), &inner_path, inner, placed)
        }),
        _ => Ok(()),
    }
}

/// The first part of `text` the portal's batch would take for a reference: `$`, a substituted
/// name in any case, then non-space characters among which `[` and `]` enclose at least one
/// character. PHP's `\s` without the u flag is these six ASCII characters.
pub fn reference_in(text: &str) -> Option<&str> {
    let space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\x0B' | '\x0C' | '\r');
    for (at, _) in text.match_indices('$') {
        let after = &text[at + 1..];
        let Some(name) = SUBSTITUTED
            .iter()
            .find(|name| after.get(..name.len()).is_some_and(|head| head.eq_ignore_ascii_case(name)))
        else {
            continue;
        };
        let tail = &after[name.len()..];
        let run = &tail[..tail.find(space).unwrap_or(tail.len())];
        let bracketed =
            run.match_indices('[').any(|(open, _)| run[open + 1..].find(']').is_some_and(|close| close > 0));
        if bracketed {
            return Some(&text[at..at + 1 + name.len() + run.len()]);
        }
    }
    None
}

/// One item per key from a batch answer, whatever shape it has; the parts move out of it.
pub fn split(mut answer: Value, keys: &[String]) -> Vec<Value> {
    // The batch itself refused (NO_AUTH_FOUND, a limit): every command shares that answer.
    if answer.get("error").is_some() {
        let item = json!({"error": answer["error"], "error_description": answer["error_description"]});
        return keys.iter().map(|_| item.clone()).collect();
    }
    let mut part = |name: &str, key: &str| {
        let member = answer.get_mut("result")?.get_mut(name)?.get_mut(key)?;
        Some(member.take())
    };
    keys.iter()
        .map(|key| {
            if let Some(error) = part("result_error", key) {
                return match error {
                    Value::Object(ref object) if object.contains_key("error") => error,
                    other => json!({"error": other, "error_description": "the portal's batch answer gave this as the error"}),
                };
            }
            let Some(result) = part("result", key) else { return not_run() };
            let mut item = Map::new();
            item.insert("result".into(), result);
            for (name, field) in [("result_total", "total"), ("result_next", "next"), ("result_time", "time")]
            {
                if let Some(value) = part(name, key) {
                    item.insert(field.into(), value);
                }
            }
            Value::Object(item)
        })
        .collect()
}

fn not_run() -> Value {
    let error = Error::NotRun("not run: an earlier call of the batch failed and halt is set".into());
    serde_json::from_str(&error.to_json()).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_command_is_the_method_and_its_fields_in_php_brackets() {
        let request = Request::change(
            "im.message.add",
            json!({"DIALOG_ID": "chat1", "ATTACH": [{"MESSAGE": "a&b"}]}).as_object().unwrap().clone(),
        );
        assert_eq!(
            command(&request).unwrap(),
            "im.message.add?DIALOG_ID=chat1&ATTACH%5B0%5D%5BMESSAGE%5D=a%26b"
        );
        assert_eq!(command(&Request::read("server.time", Map::new())).unwrap(), "server.time");
    }

    #[test]
    fn references_are_found_as_the_portal_matches_them() {
        for (text, found) in [
            ("costs $result[c0] or $next", Some("$result[c0]")),
            ("$RESULT[x][y]tail and more", Some("$RESULT[x][y]tail")),
            ("n=$result_total[c0]", Some("$result_total[c0]")),
            ("$Next[[]", Some("$Next[[]")),
            ("$error[c1]", Some("$error[c1]")),
            ("$next, $total, $time and $result alone", None),
            ("$results [0] and $[x] and $result[] and $resul[t]", None),
            ("$ 5 [x]", None),
        ] {
            assert_eq!(reference_in(text), found, "{text}");
        }
    }

    #[test]
    fn user_references_are_refused_and_internal_ones_placed() {
        let request = |text: &str| {
            Request::change("im.message.add", json!({"MESSAGE": text}).as_object().unwrap().clone())
        };
        let refused = command(&request("id $result[c0]")).unwrap_err();
        assert!(refused.contains("MESSAGE") && refused.contains("$result[c0]"), "{refused}");
        let internal = Command {
            request: Request::change(
                "crm.item.list",
                json!({"filter": {"X": 1}}).as_object().unwrap().clone(),
            ),
            references: vec![Reference {
                field: vec!["filter".into(), ">ID".into()],
                command: 0,
                result: vec!["items".into(), "49".into(), "id".into()],
            }],
        };
        let encoded = encode(1, &internal).unwrap();
        assert!(!encoded.repeatable);
        assert_eq!(encoded.method(), "crm.item.list");
        assert_eq!(
            encoded.text,
            "crm.item.list?filter%5BX%5D=1&filter%5B%3EID%5D=%24result%5Bc0%5D%5Bitems%5D%5B49%5D%5Bid%5D"
        );
        assert!(encode(0, &internal).is_err(), "a reference to itself");
        assert!(encode(50, &internal).is_err(), "a reference into another batch of 50");
    }

    #[test]
    fn an_answer_splits_into_items_in_order() {
        let answer = json!({"result": {
            "result": {"c0": 7, "c2": [1, 2]},
            "result_error": {"c1": {"error": "MESSAGE_EMPTY", "error_description": "Message can't be empty"}},
            "result_total": {"c2": 2},
            "result_next": [],
            "result_time": {"c0": {"duration": 0.1}}
        }, "time": {}});
        let keys: Vec<String> = ["c0", "c1", "c2", "c3"].iter().map(|k| k.to_string()).collect();
        let items = split(answer, &keys);
        assert_eq!(items[0], json!({"result": 7, "time": {"duration": 0.1}}));
        assert_eq!(items[1]["error"], "MESSAGE_EMPTY");
        assert_eq!(items[2], json!({"result": [1, 2], "total": 2}));
        assert_eq!(items[3]["error"], "B24_NOT_RUN");
    }

    #[test]
    fn a_refused_batch_refuses_every_command() {
        let keys = vec!["c0".to_string(), "c1".to_string()];
        let items = split(json!({"error": "NO_AUTH_FOUND", "error_description": "Wrong"}), &keys);
        assert!(items.iter().all(|item| item["error"] == "NO_AUTH_FOUND"));
    }
}
