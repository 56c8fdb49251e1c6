//! What the fake portal does with a request: record it, apply a queued fault, route it (REST
//! method, OAuth token server, file download), check auth and the limits, and run the method.
//! Answers and error codes follow the official REST docs (bitrix24/b24restdocs:
//! `_includes/system-errors.md` and the method pages named in `methods`).

use std::time::{Instant, SystemTime};

use serde_json::{json, Value};

use super::http::{Outcome, Request, Response, JSON};
use super::methods::{self, ApiError, Ctx};
use super::oauth::TokenState;
use super::{clock, lock, params};
use super::{Fault, ReceivedRequest, Shared, EXPIRED_TOKEN, TOKEN, WEBHOOK_CODE, WEBHOOK_USER};

/// Requests with a larger body are recorded shortened (see [`ReceivedRequest`]), so that a
/// 100 MB upload is not kept a second and third time in the records.
pub(crate) const RECORD_FULL_BODY: usize = 1024 * 1024;
/// How much of such a body the record keeps.
pub(crate) const RECORD_BODY_PREFIX: usize = 64 * 1024;
/// Strings in a shortened record's `fields` are cut to this many bytes.
pub(crate) const RECORD_STRING_PREFIX: usize = 1024;

pub(crate) fn handle(shared: &Shared, request: Request) -> Outcome {
    let route = Route::parse(&request.path);
    let parsed = params::request_fields(&request.query, &request.content_type, &request.body);
    let auth = parsed.fields.get("auth").and_then(Value::as_str).map(str::to_string);
    let batch_order = if route.method() == "batch" {
        methods::batch::command_order(&request.query, &request.content_type, &request.body)
    } else {
        Vec::new()
    };
    let what = if route.method().is_empty() { request.path.clone() } else { route.method().to_string() };
    let http_method = request.method.clone();
    if shared.keeps_records() {
        shared.record(record_of(request, &parsed.fields, route.method().to_string(), auth.clone()));
    }
    // From here on only the parsed fields are needed; a huge body is already gone.

    let incoming = Incoming { fields: parsed.fields, auth, body_error: parsed.body_error, batch_order };
    let outcome = match shared.next_fault() {
        Some(Fault::Delay(pause)) => {
            std::thread::sleep(pause);
            Outcome::Respond(answer(shared, &route, incoming))
        }
        Some(fault) => faulty(&fault),
        None => Outcome::Respond(answer(shared, &route, incoming)),
    };
    let status = match &outcome {
        Outcome::Respond(response) => response.status.to_string(),
        Outcome::Hangup => "(connection dropped)".to_string(),
    };
    shared.log(&http_method, &what, &status);
    outcome
}

/// The parts of a request the answer depends on.
struct Incoming {
    fields: Value,
    auth: Option<String>,
    body_error: Option<String>,
    batch_order: Vec<String>,
}

fn record_of(request: Request, fields: &Value, rest_method: String, auth: Option<String>) -> ReceivedRequest {
    let body_len = request.body.len();
    let (body, fields) = if body_len > RECORD_FULL_BODY {
        let mut body = request.body;
        body.truncate(RECORD_BODY_PREFIX);
        body.shrink_to_fit();
        (body, shorten(fields))
    } else {
        (request.body, fields.clone())
    };
    ReceivedRequest {
        http_method: request.method,
        path: request.path,
        query: request.query,
        rest_method,
        content_type: request.content_type,
        auth,
        fields,
        body,
        body_len,
    }
}

/// A copy of `value` whose long strings are cut, with a note of how much was left out.
fn shorten(value: &Value) -> Value {
    match value {
        Value::String(text) if text.len() > RECORD_STRING_PREFIX => {
            let mut cut = RECORD_STRING_PREFIX;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            Value::String(format!("{}…[{} bytes omitted]", &text[..cut], text.len() - cut))
        }
        Value::Array(items) => Value::Array(items.iter().map(shorten).collect()),
        Value::Object(map) => Value::Object(map.iter().map(|(k, v)| (k.clone(), shorten(v))).collect()),
        other => other.clone(),
    }
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
    Webhook {
        user: String,
        code: String,
        method: String,
    },
    OAuth {
        method: String,
    },
    /// Anything else; the OAuth token server lives here at `/oauth/token/`.
    Elsewhere {
        path: String,
    },
}

impl Route {
    fn parse(path: &str) -> Route {
        let elsewhere = || Route::Elsewhere { path: path.to_string() };
        let Some(rest) = path.strip_prefix("/rest/") else {
            return elsewhere();
        };
        let segments: Vec<&str> = rest.split('/').collect();
        if segments.iter().any(|s| s.is_empty()) {
            return elsewhere();
        }
        match segments.as_slice() {
            [method] => Route::OAuth { method: normalize_method(method) },
            [user, code, method] => Route::Webhook {
                user: user.to_string(),
                code: code.to_string(),
                method: normalize_method(method),
            },
            _ => elsewhere(),
        }
    }

    fn method(&self) -> &str {
        match self {
            Route::Webhook { method, .. } | Route::OAuth { method } => method,
            Route::Elsewhere { .. } => "",
        }
    }
}

/// Method names are case-insensitive and may carry a `.json` suffix.
pub(crate) fn normalize_method(segment: &str) -> String {
    let lower = segment.to_ascii_lowercase();
    match lower.strip_suffix(".json") {
        Some(bare) => bare.to_string(),
        None => lower,
    }
}

fn answer(shared: &Shared, route: &Route, incoming: Incoming) -> Response {
    let method = match route {
        Route::Elsewhere { path } => {
            return if path == "/oauth/token/" || path == "/oauth/token" {
                super::oauth::token_endpoint(&mut lock(&shared.oauth), &incoming.fields, &shared.portal_url)
            } else {
                to_response(&methods::method_not_found())
            };
        }
        Route::OAuth { method } if method == "download" => {
            return methods::download(&lock(&shared.store), &incoming.fields);
        }
        Route::Webhook { method, .. } | Route::OAuth { method } => method,
    };
    // Refused before anything else runs, as the portal's front end does.
    if !lock(&shared.limits).admit(Instant::now()) {
        return error(503, "QUERY_LIMIT_EXCEEDED", "Too many requests");
    }
    match route {
        Route::Webhook { user, code, .. } => {
            if user != WEBHOOK_USER || code != WEBHOOK_CODE {
                return no_auth();
            }
        }
        _ => {
            // The token may sit in the unreadable body, so a bad body is reported first.
            if let Some(reason) = &incoming.body_error {
                return error(400, "INVALID_REQUEST", reason);
            }
            let state = match incoming.auth.as_deref() {
                Some(TOKEN) => TokenState::Valid,
                Some(EXPIRED_TOKEN) => TokenState::Expired,
                Some(token) => lock(&shared.oauth).check(token, SystemTime::now()),
                None => TokenState::Unknown,
            };
            match state {
                TokenState::Valid => {}
                TokenState::Expired => {
                    return error(401, "expired_token", "The access token provided has expired.")
                }
                TokenState::Unknown => return no_auth(),
            }
        }
    }
    if let Some(reason) = incoming.body_error {
        return error(400, "INVALID_REQUEST", &reason);
    }
    let mut ctx = Ctx::new(shared);
    ctx.batch_order = incoming.batch_order;
    ctx.oauth = matches!(route, Route::OAuth { .. });
    let started = ctx.now;
    if lock(&shared.limits).check_operating(method, started).is_err() {
        return error(429, "OPERATION_TIME_LIMIT", "Method is blocked due to operation time limit.");
    }
    let outcome = methods::call(&ctx, method, &incoming.fields, false);
    if matches!(&outcome, Err(e) if e.code == "ERROR_METHOD_NOT_FOUND") {
        return to_response(&methods::method_not_found());
    }
    let report = lock(&shared.limits).charge(method, started);
    match outcome {
        Ok(done) => {
            let mut body = json!({"result": done.result});
            if let Some(next) = done.next {
                body["next"] = json!(next);
            }
            if let Some(total) = done.total {
                body["total"] = json!(total);
            }
            body["time"] = clock::time_object_with(started, SystemTime::now(), report);
            json_response(200, &body)
        }
        Err(e) => to_response(&e),
    }
}

fn to_response(e: &ApiError) -> Response {
    json_response(e.status, &e.to_json())
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
            assert!(matches!(Route::parse(elsewhere), Route::Elsewhere { .. }), "{elsewhere}");
        }
    }
}
