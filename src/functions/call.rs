//! Calling any REST method with raw fields, and many calls at once in batches.

use std::fmt::Write;

use serde_json::value::RawValue;
use serde_json::{json, Map, Value};

use super::args::{kind_of, Args};
use super::input;
use super::params::{optional, required, TOKEN, URL};
use super::{Action, Function, Kind};
use crate::error::{Error, Result};
use crate::rest::{batch, Request, Session};

pub static FUNCTIONS: &[Function] = &[
Function {
    name: "Call",
    name_ru: "Вызвать",
    c_symbol: "b24_call",
    section: "Any method",
    summary: "Calls any REST method with the given parameters and returns the portal's answer",
    params: &[
        URL,
        required("method", "Method", Kind::Text, "REST method name, e.g. im.message.add or server.time"),
        optional(
            "params",
            "Params",
            Kind::Object,
            "{}",
            "the method's parameters as REST field names, e.g. {\"DIALOG_ID\": \"chat1\"}",
        ),
        TOKEN,
    ],
    action: Action::AnyRest,
    example: r#"{"result": "2024-10-09T09:19:10+03:00", "time": {"start": 1728454750, "finish": 1728454750.01, "duration": 0.01, "operating": 0}}"#,
},
Function {
    name: "Batch",
    name_ru: "Пакет",
    c_symbol: "b24_batch",
    section: "Any method",
    summary: "Runs many calls in requests of up to 50 commands, each counting once against the portal's limit",
    params: &[
        URL,
        required(
            "calls",
            "Calls",
            Kind::Calls,
            "an array of {\"function\": \"SendMessage\", \"params\": {...}} (a function of this table, its keys without url, token and transport options) or {\"method\": \"im.message.add\", \"params\": {...}} (raw REST fields)",
        ),
        optional("halt", "Halt", Kind::Flag, "false", "stop at the first failed call; the calls not run get B24_NOT_RUN"),
        TOKEN,
    ],
    action: Action::Plan { shown: "batch", run: run_batch },
    example: r#"{"result": [{"result": 89982, "time": {"duration": 0.05}}, {"error": "MESSAGE_EMPTY", "error_description": "Message can't be empty"}]}"#,
},
];

/// The request `Call` makes: a POST of the given fields, never repeated, since the library
/// cannot know whether the method changes something.
pub fn request(args: &Args) -> Result<Request> {
    let method = args.required_text("method").trim();
    if !is_method_name(method) {
        return Err(Error::invalid(
            "method",
            "must be a REST method name of letters, digits, '.' and '_', e.g. im.message.add",
        ));
    }
    let fields = match args.json("params") {
        Some(Value::Object(fields)) => fields.clone(),
        _ => Map::new(),
    };
    Ok(Request::change(method, fields))
}

/// Batch: every call checked, turned into a request and encoded as a command before anything
/// is sent (a value a command cannot carry exactly refuses the whole Batch), then run in
/// batches; the answer is `{"result": [item, ...]}`, one item per call in the order given.
fn run_batch(mut args: Args, session: &Session) -> Result<String> {
    // Given as text (as the C ABI's and 1C's callers give it), the calls are read one at a
    // time from it; given as values, they are taken one at a time.
    let text;
    let calls: Box<dyn Iterator<Item = std::result::Result<Value, String>>> = match args.take_json("calls") {
        Some(Value::String(json)) => {
            text = json;
            let raw: Vec<&RawValue> = serde_json::from_str(&text).map_err(|error| {
                Error::invalid("calls", format!("is text that is not valid JSON ({error})"))
            })?;
            Box::new(
                raw.into_iter().map(|call| input::from_str(call.get()).map_err(|error| error.to_string())),
            )
        }
        Some(Value::Array(calls)) => Box::new(calls.into_iter().map(Ok)),
        _ => return Err(Error::invalid("calls", "is required")),
    };
    // Each call is checked and encoded in turn, and it and its request are gone before the
    // next: only the commands' texts are kept until they are sent.
    let commands = calls
        .enumerate()
        .map(|(index, call)| {
            call.and_then(|call| {
                // A bot function's token travels in its command like a webhook code in the URL.
                if let Some(Value::String(token)) =
                    call.get("params").and_then(|params| params.get("bottoken"))
                {
                    session.carries_secret(token);
                }
                batch_request(&args, call)
            })
            .and_then(|request| batch::encode(index, &batch::Command::from(request)))
            .map_err(|why| Error::invalid("calls", format!("item {index}: {why}")))
        })
        .collect::<Result<Vec<batch::Encoded>>>()?;
    // The answer is written as each batch comes in, while the next one waits for its slot.
    let mut answer = String::from("{\"result\":[");
    batch::run_each(session, commands, args.flag("halt").unwrap_or(false), |items| {
        for item in items {
            if !answer.ends_with('[') {
                answer.push(',');
            }
            // Writing to a String cannot fail.
            let _ = write!(answer, "{item}");
        }
    });
    answer.push_str("]}");
    Ok(answer)
}

/// One call of a batch as the request it stands for; the reason when it cannot be one.
fn batch_request(args: &Args, call: Value) -> std::result::Result<Request, String> {
    let Value::Object(mut call) = call else {
        return Err(format!(
            "must be an object such as {{\"function\": ..., \"params\": {{...}}}}, not {}",
            kind_of(&call)
        ));
    };
    if let Some(unknown) = call.keys().find(|key| !["function", "method", "params"].contains(&key.as_str())) {
        return Err(format!("has '{unknown}'; a call takes function or method, and params"));
    }
    let params = match call.remove("params") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(params)) => params,
        Some(Value::String(text)) => match serde_json::from_str(&text) {
            Ok(Value::Object(params)) => params,
            _ => return Err("has params text that is not a JSON object".into()),
        },
        Some(other) => return Err(format!("has params that are {}, not an object", kind_of(&other))),
    };
    match (call.get("function"), call.get("method")) {
        (Some(Value::String(name)), None) => function_request(args, name, params),
        (None, Some(Value::String(method))) => {
            let method = method.trim();
            if !is_method_name(method) || method.eq_ignore_ascii_case("batch") {
                return Err(format!("method '{method}' is not a REST method that can go in a batch"));
            }
            Ok(Request::change(method, params))
        }
        _ => Err("must name either a function (a string) or a method (a string)".into()),
    }
}

/// A table function's request, from its keys; the batch's url and token stand for its own.
fn function_request(
    args: &Args,
    name: &str,
    mut params: Map<String, Value>,
) -> std::result::Result<Request, String> {
    let function = super::find(name.trim()).ok_or_else(|| format!("no function named '{name}'"))?;
    if let Some(key) = params.keys().find(|key| {
        ["url", "token"].contains(&key.as_str())
            || function.options().iter().chain(function.auth_options()).any(|p| &p.key == key)
    }) {
        return Err(format!("{}: '{key}' is the batch's own, not a call's", function.name));
    }
    let cannot = || {
        format!("{} cannot go in a batch (an upload, a plan of several requests, a local builder, or the OAuth server)", function.name)
    };
    let rest = match &function.action {
        Action::Rest(rest) => Some(rest),
        Action::AnyRest => None,
        _ => return Err(cannot()),
    };
    params.insert("url".into(), json!(args.required_text("url")));
    if let Some(token) = args.text("token") {
        params.insert("token".into(), json!(token));
    }
    let call_args = Args::parse(function, Value::Object(params))
        .map_err(|error| format!("{}: {error}", function.name))?;
    let request = match rest {
        Some(rest) => Request {
            method: rest.method.to_string(),
            verb: rest.verb,
            repeatable: rest.repeatable,
            payload: (rest.fields)(&call_args).map_err(|error| format!("{}: {error}", function.name))?,
        },
        None => request(&call_args).map_err(|error| format!("{}: {error}", function.name))?,
    };
    if !request.payload.files.is_empty() {
        return Err(cannot());
    }
    if request.method.eq_ignore_ascii_case("batch") {
        return Err("a batch cannot go in a batch".into());
    }
    Ok(request)
}

/// Keeps the name from reaching into another path, a query or another host.
fn is_method_name(method: &str) -> bool {
    !method.is_empty()
        && method.len() <= 128
        && method.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
        && !method.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_cannot_leave_the_rest_path() {
        for good in ["im.message.add", "server.time", "crm.item.list", "batch", "im.v2.File.upload"] {
            assert!(is_method_name(good), "{good}");
        }
        for bad in ["", "../x", "im.message.add?x=1", "a/b", ".hidden", "im message", "im%2Fx"] {
            assert!(!is_method_name(bad), "{bad}");
        }
    }
}
