//! One POST to the portal over a process-wide HTTP client. Connections are kept alive
//! between calls; a request that may have reached the portal is never repeated, because
//! im.message.add is not idempotent and a message must not be posted twice.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use once_cell::sync::{Lazy, OnceCell};
use reqwest::blocking::Client;
use reqwest::header::CONTENT_TYPE;
use reqwest::redirect::Policy;
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::portal::{redact, Portal};

/// The cloud stops any request after 60 s, so waiting longer gains nothing by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// How one request travels.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub timeout: Duration,
    /// `None`: the HTTP(S)_PROXY / NO_PROXY environment decides.
    pub proxy: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options { timeout: DEFAULT_TIMEOUT, proxy: None }
    }
}

/// Posts `fields` as JSON to `method` and returns the portal's answer text unchanged, whatever
/// the HTTP status: a portal error such as NO_AUTH_FOUND is an answer, not a failure.
pub fn post(
    portal: &Portal,
    method: &str,
    mut fields: Map<String, Value>,
    options: &Options,
) -> Result<String> {
    portal.authorise(&mut fields);
    let body = Value::Object(fields).to_string();
    let client = client(options.proxy.as_deref())?;
    let secrets = secrets(portal, options);
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    let failed = |error: reqwest::Error| failure(&error, portal, method, options, &secrets);
    let response = client
        .post(portal.endpoint(method))
        .header(CONTENT_TYPE, "application/json; charset=utf-8")
        .timeout(options.timeout)
        .body(body)
        .send()
        .map_err(failed)?;
    let status = response.status();
    if status.is_redirection() {
        return Err(redirected(portal, &response));
    }
    let body = response.bytes().map_err(failed)?;
    answer_text(status.as_u16(), body.to_vec(), &secrets)
}

/// What must not appear in any text about this request: the webhook code or token, and the
/// proxy's URL and password, which a network error may quote.
fn secrets(portal: &Portal, options: &Options) -> Vec<String> {
    let mut secrets: Vec<String> = portal.secrets().iter().map(|s| s.to_string()).collect();
    if let Some(proxy) = &options.proxy {
        secrets.push(proxy.clone());
        if let Some(password) =
            reqwest::Url::parse(proxy).ok().and_then(|url| url.password().map(str::to_string))
        {
            secrets.push(password);
        }
    }
    secrets
}

/// The portal's answer, if it is a JSON object as every Bitrix24 answer is.
fn answer_text(status: u16, body: Vec<u8>, secrets: &[&str]) -> Result<String> {
    match String::from_utf8(body) {
        Ok(text) if is_json_object(&text) => Ok(text),
        Ok(text) => Err(Error::BadAnswer { status, excerpt: redact(&excerpt(&text), secrets) }),
        Err(bytes) => {
            let text = String::from_utf8_lossy(bytes.as_bytes());
            Err(Error::BadAnswer { status, excerpt: redact(&excerpt(&text), secrets) })
        }
    }
}

fn is_json_object(text: &str) -> bool {
    text.trim_start().starts_with('{') && serde_json::from_str::<serde::de::IgnoredAny>(text).is_ok()
}

/// Enough of a body to recognise it (an nginx page, a proxy's complaint), on one line.
fn excerpt(text: &str) -> String {
    const MAX_CHARS: usize = 200;
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.is_empty() {
        return "(empty body)".into();
    }
    match flat.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

/// A moved portal answers 302. Following it would send the webhook code or token to another
/// host without the caller asking, and turn the POST into a GET; so the caller is told.
fn redirected(portal: &Portal, response: &reqwest::blocking::Response) -> Error {
    let target = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|location| location.to_str().ok())
        .and_then(|location| response.url().join(location).ok())
        .map(|url| url.origin().ascii_serialization());
    match target {
        Some(origin) if origin != portal.origin() => Error::Redirected(format!(
            "the portal answered HTTP {} and moved to {origin}; pass that address in url",
            response.status().as_u16()
        )),
        _ => Error::Redirected(format!(
            "the portal answered HTTP {} with a redirect, which is not followed; check url",
            response.status().as_u16()
        )),
    }
}

fn failure(
    error: &reqwest::Error,
    portal: &Portal,
    method: &str,
    options: &Options,
    secrets: &[&str],
) -> Error {
    let cause = redact(&causes(error), secrets);
    let through = if options.proxy.is_some() { " through the given proxy" } else { "" };
    if error.is_connect() {
        Error::ConnectionFailed(format!("could not connect to {}{through}: {cause}", portal.origin()))
    } else if error.is_timeout() {
        Error::Timeout(format!(
            "no answer from {} within {} s",
            portal.shown(method),
            options.timeout.as_secs_f64()
        ))
    } else {
        Error::TransportFailed(format!("the exchange with {} failed: {cause}", portal.shown(method)))
    }
}

/// The chain below reqwest's own message, whose Display would print the full URL.
fn causes(error: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut next = std::error::Error::source(error);
    while let Some(cause) = next {
        let text = cause.to_string();
        if !parts.iter().any(|seen| seen.contains(&text)) {
            parts.push(text);
        }
        next = cause.source();
    }
    if parts.is_empty() {
        "unknown cause".into()
    } else {
        parts.join(": ")
    }
}

/// Built on first use and kept for the life of the process, so connections are reused. A
/// failure to build is an answer for this call; the next call tries again.
static CLIENT: OnceCell<Client> = OnceCell::new();

/// One client per proxy a caller has named, for the same reason. Bounded: a program that
/// names a new proxy on every call must not grow without end.
static PROXIED: Lazy<Mutex<HashMap<String, Client>>> = Lazy::new(Default::default);
const MAX_PROXIED_CLIENTS: usize = 16;

fn client(proxy: Option<&str>) -> Result<Client> {
    let Some(proxy) = proxy else {
        return CLIENT.get_or_try_init(|| build(None)).cloned();
    };
    // A panic elsewhere while holding the lock leaves the map itself intact.
    let mut clients = PROXIED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(client) = clients.get(proxy) {
        return Ok(client.clone());
    }
    let client = build(Some(proxy))?;
    if clients.len() >= MAX_PROXIED_CLIENTS {
        clients.clear();
    }
    clients.insert(proxy.to_string(), client.clone());
    Ok(client)
}

fn build(proxy: Option<&str>) -> Result<Client> {
    let mut builder = Client::builder()
        .redirect(Policy::none())
        .user_agent(concat!("bitrix24-ffi/", env!("CARGO_PKG_VERSION")))
        .timeout(DEFAULT_TIMEOUT)
        .tcp_nodelay(true);
    if let Some(proxy) = proxy {
        // The proxy's text may hold a password: name it, never echo it.
        let proxy = reqwest::Proxy::all(proxy)
            .map_err(|_| Error::invalid("proxy", "is not a usable proxy URL (e.g. http://proxy:3128)"))?;
        builder = builder.proxy(proxy);
    }
    builder.build().map_err(|error| Error::ClientInit(causes(&error)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_objects_pass_through_unchanged() {
        let body = "{\"result\": 5,\n \"time\": {\"start\": 1772552939.091396}}\n";
        assert_eq!(answer_text(200, body.as_bytes().to_vec(), &[]).unwrap(), body);
        assert_eq!(
            answer_text(401, b"{\"error\":\"NO_AUTH_FOUND\"}".to_vec(), &[]).unwrap(),
            "{\"error\":\"NO_AUTH_FOUND\"}"
        );
    }

    #[test]
    fn other_bodies_become_bad_answers_with_a_redacted_excerpt() {
        let page = format!("<html>\n<body>{} /rest/1/s3cret/x</body></html>", "x".repeat(50));
        match answer_text(502, page.into_bytes(), &["s3cret"]) {
            Err(Error::BadAnswer { status, excerpt }) => {
                assert_eq!(status, 502);
                assert!(
                    excerpt.starts_with("<html> <body>") && excerpt.contains("/rest/1/***/x"),
                    "{excerpt}"
                );
            }
            other => panic!("{other:?}"),
        }
        for body in [&b"[1,2]"[..], b"", b"{\"cut\": ", b"\xff\xfe{}"] {
            assert!(matches!(answer_text(200, body.to_vec(), &[]), Err(Error::BadAnswer { .. })));
        }
    }

    #[test]
    fn long_excerpts_are_cut_on_a_character_boundary() {
        let text = "я".repeat(500);
        let cut = excerpt(&text);
        assert_eq!(cut.chars().count(), 201);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn the_proxy_and_its_password_count_as_secrets() {
        let portal = Portal::new("p.example.com/rest/1/c0de", None).unwrap();
        let options = Options { proxy: Some("http://me:hunter2@proxy:3128".into()), ..Options::default() };
        let secrets = secrets(&portal, &options);
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let said = redact("via http://me:hunter2@proxy:3128 to /rest/1/c0de/ as me:hunter2", &secrets);
        assert_eq!(said, "via *** to /rest/1/***/ as me:***");
    }

    #[test]
    fn a_bad_proxy_is_refused_without_echoing_it() {
        let error = client(Some("http://user:pa ss@[::bad")).unwrap_err();
        assert_eq!(error.code(), "B24_INVALID_PARAMETER");
        assert!(!error.to_string().contains("pa ss"));
    }
}
