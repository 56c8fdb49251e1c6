//! What the fake portal does with a request: record it, apply a queued fault, check auth,
//! and run the REST method. Answers and error codes follow the official REST docs
//! (bitrix24/b24restdocs: `api-reference/chats/messages/im-message-add.md`,
//! `_includes/system-errors.md`).

use std::time::SystemTime;

use serde_json::{json, Value};

use super::clock;
use super::http::{Outcome, Request, Response, JSON};
use super::params;
use super::{Fault, ReceivedRequest, Shared, EXPIRED_TOKEN, TOKEN, WEBHOOK_CODE, WEBHOOK_USER};

/// The serialized ATTACH limit (`chats/messages/index.md`: "limited to 60,000 characters").
const ATTACH_MAX_CHARS: usize = 60_000;

pub(crate) fn handle(shared: &Shared, request: Request) -> Outcome {
    let route = Route::parse(&request.path);
    let parsed = params::request_fields(&request.query, &request.content_type, &request.body);
    let received = ReceivedRequest {
        http_method: request.method,
        path: request.path,
        query: request.query,
        rest_method: route.method().to_string(),
        content_type: request.content_type,
        auth: parsed.fields.get("auth").and_then(Value::as_str).map(str::to_string),
        fields: parsed.fields,
        body: request.body,
    };
    shared.record(received.clone());

    let outcome = match shared.next_fault() {
        Some(Fault::Delay(pause)) => {
            std::thread::sleep(pause);
            Outcome::Respond(answer(shared, &route, &received, parsed.body_error))
        }
        Some(fault) => faulty(&fault),
        None => Outcome::Respond(answer(shared, &route, &received, parsed.body_error)),
    };
    log(shared, &received, &outcome);
    outcome
}

fn log(shared: &Shared, received: &ReceivedRequest, outcome: &Outcome) {
    let what = if received.rest_method.is_empty() { &received.path } else { &received.rest_method };
    let status = match outcome {
        Outcome::Respond(response) => response.status.to_string(),
        Outcome::Hangup => "(connection dropped)".to_string(),
    };
    shared.log(&received.http_method, what, &status);
}

fn faulty(fault: &Fault) -> Outcome {
    let response = match fault {
        Fault::QueryLimit => error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests"),
        Fault::HtmlError => Response {
            status: 500,
            content_type: "text/html; charset=utf-8",
            body: HTML_ERROR_PAGE.as_bytes().to_vec(),
        },
        Fault::NotJson => Response {
            status: 200,
            content_type: "text/plain; charset=utf-8",
            body: b"sandbox: this answer is deliberately not JSON".to_vec(),
        },
        Fault::DropConnection => return Outcome::Hangup,
        // Handled by the caller, which must sleep and then answer normally.
        Fault::Delay(_) => error(500, "INTERNAL_SERVER_ERROR", "Delay fault misrouted"),
    };
    Outcome::Respond(response)
}

const HTML_ERROR_PAGE: &str =
    "<!DOCTYPE html>\n<html><head><title>500 Internal Server Error</title></head>\n\
<body><h1>Internal Server Error</h1><p>The server encountered an internal error.</p></body></html>\n";

/// Where a `/rest/...` path points.
enum Route {
    Webhook { user: String, code: String, method: String },
    OAuth { method: String },
    Elsewhere,
}

impl Route {
    fn parse(path: &str) -> Route {
        let Some(rest) = path.strip_prefix("/rest/") else {
            return Route::Elsewhere;
        };
        let segments: Vec<&str> = rest.split('/').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return Route::Elsewhere;
        }
        match segments.as_slice() {
            [method] => Route::OAuth { method: normalize_method(method) },
            [user, code, method] => Route::Webhook {
                user: user.to_string(),
                code: code.to_string(),
                method: normalize_method(method),
            },
            _ => Route::Elsewhere,
        }
    }

    fn method(&self) -> &str {
        match self {
            Route::Webhook { method, .. } | Route::OAuth { method } => method,
            Route::Elsewhere => "",
        }
    }
}

/// Method names are case-insensitive and may carry a `.json` suffix.
fn normalize_method(segment: &str) -> String {
    let lower = segment.to_ascii_lowercase();
    match lower.strip_suffix(".json") {
        Some(bare) => bare.to_string(),
        None => lower,
    }
}

fn answer(shared: &Shared, route: &Route, request: &ReceivedRequest, body_error: Option<String>) -> Response {
    let started = SystemTime::now();
    let method = match route {
        Route::Elsewhere => return method_not_found(),
        Route::Webhook { user, code, method } => {
            if user != WEBHOOK_USER || code != WEBHOOK_CODE {
                return no_auth();
            }
            method
        }
        Route::OAuth { method } => {
            // The token may sit in the unreadable body, so a bad body is reported first.
            if let Some(reason) = &body_error {
                return error(400, "INVALID_REQUEST", reason);
            }
            match request.auth.as_deref() {
                Some(TOKEN) => method,
                Some(EXPIRED_TOKEN) => {
                    return error(401, "expired_token", "The access token provided has expired.")
                }
                _ => return no_auth(),
            }
        }
    };
    if let Some(reason) = body_error {
        return error(400, "INVALID_REQUEST", &reason);
    }
    let result = match method.as_str() {
        "im.message.add" => im_message_add(shared, &request.fields),
        "server.time" => Ok(json!(clock::iso8601_utc(clock::unix_seconds(started).floor() as i64))),
        _ => return method_not_found(),
    };
    match result {
        Ok(result) => success(result, started),
        Err(response) => response,
    }
}

fn success(result: Value, started: SystemTime) -> Response {
    let body = json!({"result": result, "time": clock::time_object(started, SystemTime::now())});
    json_response(200, &body)
}

fn error(status: u16, code: &str, description: &str) -> Response {
    json_response(status, &json!({"error": code, "error_description": description}))
}

fn json_response(status: u16, body: &Value) -> Response {
    Response { status, content_type: JSON, body: body.to_string().into_bytes() }
}

fn no_auth() -> Response {
    error(401, "NO_AUTH_FOUND", "Wrong authorization data")
}

fn method_not_found() -> Response {
    error(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
}

/// A parameter by name, ignoring case: the im module upper-cases parameter names first.
fn param<'a>(fields: &'a Value, name: &str) -> Option<&'a Value> {
    let object = fields.as_object()?;
    object
        .get(name)
        .or_else(|| object.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value))
}

fn im_message_add(shared: &Shared, fields: &Value) -> Result<Value, Response> {
    let dialog_id = dialog_id(param(fields, "DIALOG_ID"))?;
    let attach = attach(param(fields, "ATTACH"))?;
    let message = message_text(param(fields, "MESSAGE"));
    let has_text = message.as_deref().is_some_and(|text| !text.trim().is_empty());
    if !has_text && attach.is_none() {
        return Err(error(400, "MESSAGE_EMPTY", "Message can't be empty"));
    }
    if let Some(attach) = &attach {
        if serialized_chars(attach) > ATTACH_MAX_CHARS {
            return Err(error(
                400,
                "ATTACH_OVERSIZE",
                "You have exceeded the maximum allowable size of attach",
            ));
        }
    }
    let mut stored_fields = fields.clone();
    if let Some(object) = stored_fields.as_object_mut() {
        object.remove("auth");
    }
    let id = shared.post(dialog_id, message, attach, stored_fields);
    Ok(json!(id))
}

/// `chatN`, `sgN` or a user id N, with N a positive integer. The docs name USER_ID_EMPTY
/// ("User ID can't be empty") for a missing or invalid DIALOG_ID; a malformed chat id gets
/// CHAT_ID_EMPTY, the code an earlier version of the same page gave for it.
fn dialog_id(value: Option<&Value>) -> Result<String, Response> {
    let user_id_empty = || error(400, "USER_ID_EMPTY", "User ID can't be empty");
    let text = match value {
        Some(Value::String(text)) => text.trim().to_string(),
        Some(Value::Number(number)) => number.to_string(),
        _ => return Err(user_id_empty()),
    };
    let chat_number = text.strip_prefix("chat").or_else(|| text.strip_prefix("sg"));
    match chat_number {
        Some(number) if is_positive_integer(number) => Ok(text),
        Some(_) => Err(error(400, "CHAT_ID_EMPTY", "Chat ID can't be empty")),
        None if is_positive_integer(&text) => Ok(text),
        None => Err(user_id_empty()),
    }
}

fn is_positive_integer(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) && text.bytes().any(|b| b != b'0')
}

/// MESSAGE as text; a number is taken as its decimal text, the way PHP would.
fn message_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// ATTACH as a JSON array or object; a JSON string holding one is parsed. An empty
/// attachment counts as none.
fn attach(value: Option<&Value>) -> Result<Option<Value>, Response> {
    let attach_error = || error(400, "ATTACH_ERROR", "Incorrect attach params");
    let parsed = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => return Ok(None),
        Some(Value::String(text)) => serde_json::from_str(text).map_err(|_| attach_error())?,
        Some(other) => other.clone(),
    };
    match &parsed {
        Value::Array(items) if items.is_empty() => Ok(None),
        Value::Object(map) if map.is_empty() => Ok(None),
        Value::Array(_) | Value::Object(_) => Ok(Some(parsed)),
        _ => Err(attach_error()),
    }
}

fn serialized_chars(value: &Value) -> usize {
    serde_json::to_string(value).map_or(usize::MAX, |text| text.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_cover_webhook_oauth_and_elsewhere() {
        assert!(matches!(Route::parse("/rest/1/code/IM.Message.Add.json"),
            Route::Webhook { ref user, ref code, ref method } if user == "1" && code == "code" && method == "im.message.add"));
        assert!(
            matches!(Route::parse("/rest/server.time"), Route::OAuth { ref method } if method == "server.time")
        );
        for elsewhere in ["/", "/rest/", "/rest/a/b", "/rest/1/code/", "/rest/1/c/m/x", "/api/x", "/rest//x"]
        {
            assert!(matches!(Route::parse(elsewhere), Route::Elsewhere), "{elsewhere}");
        }
    }

    #[test]
    fn dialog_ids_follow_the_documented_formats() {
        for good in [json!("chat5"), json!("sg12"), json!("256"), json!(256), json!(" chat7 ")] {
            assert!(dialog_id(Some(&good)).is_ok(), "{good}");
        }
        for (bad, code) in [
            (json!(""), "USER_ID_EMPTY"),
            (json!("0"), "USER_ID_EMPTY"),
            (json!(-3), "USER_ID_EMPTY"),
            (json!(1.5), "USER_ID_EMPTY"),
            (json!("abc"), "USER_ID_EMPTY"),
            (json!(null), "USER_ID_EMPTY"),
            (json!(["chat1"]), "USER_ID_EMPTY"),
            (json!("chat"), "CHAT_ID_EMPTY"),
            (json!("chat0"), "CHAT_ID_EMPTY"),
            (json!("sgx"), "CHAT_ID_EMPTY"),
        ] {
            let response = dialog_id(Some(&bad)).expect_err(&bad.to_string());
            assert_eq!(response.status, 400);
            let body: Value = serde_json::from_slice(&response.body).unwrap();
            assert_eq!(body["error"], code, "{bad}");
        }
        assert!(dialog_id(None).is_err());
    }

    #[test]
    fn attach_accepts_arrays_objects_and_json_strings() {
        assert_eq!(attach(Some(&json!([{"MESSAGE": "x"}]))).ok().flatten(), Some(json!([{"MESSAGE": "x"}])));
        assert_eq!(attach(Some(&json!({"BLOCKS": []}))).ok().flatten(), Some(json!({"BLOCKS": []})));
        assert_eq!(
            attach(Some(&json!(r#"[{"MESSAGE":"x"}]"#))).ok().flatten(),
            Some(json!([{"MESSAGE": "x"}]))
        );
        assert_eq!(attach(Some(&json!([]))).ok().flatten(), None);
        assert_eq!(attach(Some(&json!(""))).ok().flatten(), None);
        assert!(attach(Some(&json!("not json"))).is_err());
        assert!(attach(Some(&json!(5))).is_err());
    }
}
