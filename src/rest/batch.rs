//! Many requests in few: the portal's `batch` method runs up to 50 commands in one request,
//! which counts once against the portal's request limit. Commands are `method?query` with the
//! fields in PHP's bracket form; the answer holds each command's result or error by its key.

use serde_json::{json, Map, Value};

use super::{form, Request, Session};
use crate::error::Error;

/// The portal refuses a batch of more commands (ERROR_BATCH_LENGTH_EXCEEDED).
pub const MAX_COMMANDS: usize = 50;

/// Runs `requests` as batches of at most 50 commands and gives one item per request, in order:
/// `{"result": ..., "time": ...}` or `{"error": ..., "error_description": ...}` as that request
/// alone would have been answered. With `halt`, the first failed request stops the rest, which
/// get B24_NOT_RUN. A batch that may have reached the portal is never sent again: its requests
/// get its transport error, and the other batches keep their results.
pub fn run(session: &Session, requests: &[Request], halt: bool) -> Vec<Value> {
    let mut items = Vec::with_capacity(requests.len());
    let mut halted = false;
    for (chunk_index, chunk) in requests.chunks(MAX_COMMANDS).enumerate() {
        let first = chunk_index * MAX_COMMANDS;
        if halted {
            items.extend(chunk.iter().map(|_| not_run()));
            continue;
        }
        let keys: Vec<String> = (first..first + chunk.len()).map(|index| format!("c{index}")).collect();
        let commands: Map<String, Value> = keys
            .iter()
            .zip(chunk)
            .map(|(key, request)| (key.clone(), Value::String(command(request))))
            .collect();
        let batch = Request::change("batch", {
            let mut fields = Map::new();
            fields.insert("halt".into(), json!(if halt { 1 } else { 0 }));
            fields.insert("cmd".into(), Value::Object(commands));
            fields
        });
        let chunk_items: Vec<Value> = match session.send(&batch) {
            Err(error) => {
                let item: Value = serde_json::from_str(&error.to_json()).unwrap_or(Value::Null);
                keys.iter().map(|_| item.clone()).collect()
            }
            Ok(answer) => split(&answer.json(), &keys),
        };
        halted = halt && chunk_items.iter().any(|item| item.get("error").is_some());
        items.extend(chunk_items);
    }
    items
}

/// `method?field=value&...`, as a batch command.
pub fn command(request: &Request) -> String {
    let query = form::encode(&request.payload.fields);
    if query.is_empty() {
        request.method.clone()
    } else {
        format!("{}?{query}", request.method)
    }
}

/// One item per key from a batch answer, whatever shape it has.
pub fn split(answer: &Value, keys: &[String]) -> Vec<Value> {
    // The batch itself refused (NO_AUTH_FOUND, a limit): every command shares that answer.
    if answer.get("error").is_some() {
        let item = json!({"error": answer["error"], "error_description": answer["error_description"]});
        return keys.iter().map(|_| item.clone()).collect();
    }
    let part =
        |name: &str, key: &str| answer["result"].get(name).and_then(|members| members.get(key)).cloned();
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
        assert_eq!(command(&request), "im.message.add?DIALOG_ID=chat1&ATTACH%5B0%5D%5BMESSAGE%5D=a%26b");
        assert_eq!(command(&Request::read("server.time", Map::new())), "server.time");
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
        let items = split(&answer, &keys);
        assert_eq!(items[0], json!({"result": 7, "time": {"duration": 0.1}}));
        assert_eq!(items[1]["error"], "MESSAGE_EMPTY");
        assert_eq!(items[2], json!({"result": [1, 2], "total": 2}));
        assert_eq!(items[3]["error"], "B24_NOT_RUN");
    }

    #[test]
    fn a_refused_batch_refuses_every_command() {
        let keys = vec!["c0".to_string(), "c1".to_string()];
        let items = split(&json!({"error": "NO_AUTH_FOUND", "error_description": "Wrong"}), &keys);
        assert!(items.iter().all(|item| item["error"] == "NO_AUTH_FOUND"));
    }
}
