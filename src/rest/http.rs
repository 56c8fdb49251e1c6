//! One HTTP exchange over a process-wide client. Connections are kept alive between calls.
//! This layer neither waits nor repeats: it sends once and says precisely what happened, so
//! that the session above can tell "nothing was sent" from "may have reached the portal".

// Under the fuzzer the stub stands in for everything that would touch the network.
#![cfg_attr(fuzzing, allow(dead_code, unused_imports))]

use std::collections::HashMap;
use std::io::Read;
use std::sync::Mutex;
use std::time::Duration;

use reqwest::blocking::Client;
use reqwest::header::CONTENT_TYPE;
use reqwest::redirect::Policy;

use super::connects;
use super::redact::redact;
use super::request::FileChanged;
use super::{Options, PerProcess, Verb};
use crate::error::{Error, Result};

/// The cloud stops any request after 60 s, so waiting longer gains nothing by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// Answers larger than this end the call: no Bitrix24 answer comes near it, and an endless
/// one must not exhaust the host's memory.
pub const DEFAULT_MAX_ANSWER: u64 = 64 * 1024 * 1024;

/// One HTTP exchange, described by the session: where it goes, what may be said about it,
/// and what must never be said.
pub(crate) struct Exchange<'a> {
    pub verb: Verb,
    /// The full URL, query included; may carry a secret (the webhook code, `auth`).
    pub url: String,
    /// The URL as it may appear in messages.
    pub shown: String,
    pub origin: &'a str,
    pub body: Option<Body>,
    pub secrets: Vec<String>,
}

/// A request body and its media type.
pub(crate) struct Body {
    pub content_type: &'static str,
    pub data: reqwest::blocking::Body,
}

/// Sends one request and returns the HTTP status and the answer text unchanged, whatever the
/// status: a portal error such as NO_AUTH_FOUND is an answer, not a failure.
#[cfg(not(fuzzing))]
pub(crate) fn exchange(
    mut exchange: Exchange,
    options: &Options,
    timeout: Duration,
) -> Result<(u16, String)> {
    let body = exchange.body.take();
    let secrets: Vec<&str> = exchange.secrets.iter().map(String::as_str).collect();
    let client = client(options.proxy.as_deref(), exchange.origin)?;
    // Whether a timeout came before any connection carried the request (see `connects`).
    let watch = connects::watch(exchange.origin);
    let failed = |error: reqwest::Error| failure(&error, &exchange, options, timeout, &secrets, &watch);
    let method = match exchange.verb {
        Verb::Get => reqwest::Method::GET,
        Verb::Post => reqwest::Method::POST,
    };
    let mut builder = client.request(method, exchange.url.as_str()).timeout(timeout);
    if let Some(body) = body {
        builder = builder.header(CONTENT_TYPE, body.content_type).body(body.data);
    }
    let response = builder.send().map_err(failed)?;
    let status = response.status();
    if status.is_redirection() {
        return Err(redirected(exchange.origin, &response, &secrets));
    }
    if status == reqwest::StatusCode::PROXY_AUTHENTICATION_REQUIRED && !options.proxies().is_empty() {
        // The proxy's own refusal: the request never reached the portal, and the proxy's
        // page (which may echo the credentials) is not worth quoting.
        return Err(Error::ConnectionFailed(
            "the proxy refused the request (HTTP 407 Proxy Authentication Required): check the proxy's user and password".into(),
        ));
    }
    let body = read_capped(response, options.max_answer).map_err(|error| match error {
        Capped::TooLarge => Error::AnswerTooLarge(format!(
            "the answer from {} is larger than {} bytes; it was not read further",
            exchange.shown, options.max_answer
        )),
        Capped::Failed(error) => failed(error),
        Capped::Broken(error) => Error::TransportFailed(format!(
            "reading the answer from {} failed: {}",
            exchange.shown,
            redact(&error.to_string(), &secrets)
        )),
    })?;
    Ok((status.as_u16(), answer_text(status.as_u16(), body, &secrets)?))
}

/// Under the fuzzer no byte leaves the process, whatever address an input names: a stub
/// answers every request, sometimes as a portal error, sometimes as a failure, from a hash of
/// the URL, so that the paths above it run.
#[cfg(fuzzing)]
pub(crate) fn exchange(exchange: Exchange, _: &Options, _: Duration) -> Result<(u16, String)> {
    stub::exchange(&exchange)
}

#[cfg(fuzzing)]
mod stub {
    use super::{Error, Exchange, Result};

    pub fn exchange(exchange: &Exchange) -> Result<(u16, String)> {
        let hash = exchange.url.bytes().fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(u32::from(b)));
        match hash % 5 {
            0 => Err(Error::TransportFailed("stub".into())),
            1 => Ok((400, r#"{"error":"MESSAGE_EMPTY","error_description":"stub"}"#.into())),
            2 => Ok((200, r#"{"result":{"ID":7,"result":{"c0":1}},"time":{"operating":0}}"#.into())),
            _ => Ok((200, r#"{"result":true,"time":{"operating":1,"operating_reset_at":1}}"#.into())),
        }
    }
}

enum Capped {
    TooLarge,
    Failed(reqwest::Error),
    Broken(std::io::Error),
}

/// Reads at most `cap` bytes, so that an endless or huge answer cannot exhaust memory.
fn read_capped(mut response: reqwest::blocking::Response, cap: u64) -> std::result::Result<Vec<u8>, Capped> {
    if response.content_length().is_some_and(|length| length > cap) {
        return Err(Capped::TooLarge);
    }
    let mut body = Vec::new();
    match (&mut response).take(cap.saturating_add(1)).read_to_end(&mut body) {
        Ok(_) if body.len() as u64 > cap => Err(Capped::TooLarge),
        Ok(_) => Ok(body),
        // reqwest's blocking reader carries its own error inside io::Error.
        Err(error) => match error.get_ref().is_some_and(|inner| inner.is::<reqwest::Error>()) {
            true => match error.into_inner().map(|inner| inner.downcast::<reqwest::Error>()) {
                Some(Ok(error)) => Err(Capped::Failed(*error)),
                _ => Err(Capped::TooLarge),
            },
            false => Err(Capped::Broken(error)),
        },
    }
}

/// The portal's answer, if it is a JSON object as every Bitrix24 answer is. A UTF-8 byte order
/// mark some servers put first is dropped: it is not part of the JSON (RFC 8259 lets a reader
/// ignore it), and the caller's own parser might refuse it. The rest stays byte for byte.
pub(crate) fn answer_text(status: u16, mut body: Vec<u8>, secrets: &[&str]) -> Result<String> {
    if body.starts_with(BOM) {
        body.drain(..BOM.len());
    }
    // Secrets are removed before the excerpt is cut, so that a cut never leaves part of one.
    match String::from_utf8(body) {
        Ok(text) if is_json_object(&text) => Ok(text),
        Ok(text) => Err(Error::BadAnswer { status, excerpt: excerpt(&redact(&text, secrets)) }),
        Err(bytes) => {
            let text = String::from_utf8_lossy(bytes.as_bytes());
            Err(Error::BadAnswer { status, excerpt: excerpt(&redact(&text, secrets)) })
        }
    }
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

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
fn redirected(origin: &str, response: &reqwest::blocking::Response, secrets: &[&str]) -> Error {
    let target = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|location| location.to_str().ok())
        .and_then(|location| response.url().join(location).ok())
        .map(|url| redact(&url.origin().ascii_serialization(), secrets));
    match target {
        Some(target) if target != origin => Error::Redirected(format!(
            "the portal answered HTTP {} and moved to {target}; pass that address in url",
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
    exchange: &Exchange,
    options: &Options,
    timeout: Duration,
    secrets: &[&str],
    watch: &connects::Watch,
) -> Error {
    if let Some(changed) = file_changed(error) {
        return Error::invalid(
            changed.key,
            format!(
                "{}; the request was cut off before its end, so the portal did not get it",
                changed.reason
            ),
        );
    }
    let cause = redact(&causes(error), secrets);
    let through = if options.proxy.is_some() { " through the given proxy" } else { "" };
    if error.is_connect() {
        Error::ConnectionFailed(format!("could not connect to {}{through}: {cause}", exchange.origin))
    } else if error.is_timeout() && watch.never_connected() {
        // A connect or TLS handshake that never completed: the request was never written.
        Error::ConnectionFailed(format!(
            "no connection to {}{through} could be made within {:.3} s",
            exchange.origin,
            timeout.as_secs_f64()
        ))
    } else if error.is_timeout() {
        Error::Timeout(format!("no answer from {} within {:.3} s", exchange.shown, timeout.as_secs_f64()))
    } else {
        Error::TransportFailed(format!("the exchange with {} failed: {cause}", exchange.shown))
    }
}

/// A file that changed while its request was sent (see `request::Exact`): a local failure.
fn file_changed(error: &reqwest::Error) -> Option<&FileChanged> {
    let mut next = std::error::Error::source(error);
    while let Some(cause) = next {
        // An io::Error's own source skips the error it carries, so look inside it.
        if let Some(changed) = cause
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
            .and_then(|inner| inner.downcast_ref::<FileChanged>())
        {
            return Some(changed);
        }
        if let Some(changed) = cause.downcast_ref::<FileChanged>() {
            return Some(changed);
        }
        next = cause.source();
    }
    None
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

/// Idle connections are closed after this long: less than portals keep them (nginx setups
/// close after 5 to 75 s), so a request never goes out on a connection the server is closing.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(4);

/// Idle connections kept per portal: enough for a few threads, and a bound on descriptors.
const MAX_IDLE_PER_PORTAL: usize = 8;

/// A fresh client after this many distinct portals: dropping the old one closes its idle
/// connections, so that calls to a thousand portals do not hold a thousand descriptors
/// (MAX_IDLE_PER_PORTAL × MAX_PORTALS_PER_CLIENT bounds them in total).
const MAX_PORTALS_PER_CLIENT: usize = 64;

/// The process-wide client, built on first use, with the portals it has served. A failure to
/// build is an answer for this call; the next call tries again. A forked child builds its own:
/// the parent's runs on a thread the child does not have (see `PerProcess`).
pub(crate) struct Shared {
    client: Client,
    portals: std::collections::HashSet<String>,
}

pub(crate) static CLIENT: PerProcess<Mutex<Option<Shared>>> = PerProcess::new(Default::default);

/// One client per proxy a caller has named, for the same reason. Bounded: a program that
/// names a new proxy on every call must not grow without end.
pub(crate) static PROXIED: PerProcess<Mutex<HashMap<String, Client>>> = PerProcess::new(Default::default);
const MAX_PROXIED_CLIENTS: usize = 16;

fn client(proxy: Option<&str>, origin: &str) -> Result<Client> {
    let Some(proxy) = proxy else {
        let mut shared = lock(&CLIENT);
        if let Some(current) = shared.as_mut() {
            if !current.portals.contains(origin) {
                if current.portals.len() >= MAX_PORTALS_PER_CLIENT {
                    current.client = build(None)?;
                    current.portals.clear();
                }
                current.portals.insert(origin.to_string());
            }
            return Ok(current.client.clone());
        }
        let client = build(None)?;
        *shared = Some(Shared { client: client.clone(), portals: [origin.to_string()].into() });
        return Ok(client);
    };
    let mut clients = lock(&PROXIED);
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

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic elsewhere while holding the lock leaves the data itself intact.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn build(proxy: Option<&str>) -> Result<Client> {
    pin_library();
    let mut builder = Client::builder()
        .redirect(Policy::none())
        .user_agent(concat!("bitrix24-ffi/", env!("CARGO_PKG_VERSION")))
        .timeout(DEFAULT_TIMEOUT)
        .pool_idle_timeout(IDLE_TIMEOUT)
        .pool_max_idle_per_host(MAX_IDLE_PER_PORTAL)
        .tcp_nodelay(true)
        .connector_layer(connects::WatchConnects);
    if let Some(proxy) = proxy {
        // The proxy's text may hold a password: name it, never echo it.
        let usable = reqwest::Url::parse(proxy.trim())
            .is_ok_and(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some());
        if !usable {
            return Err(Error::invalid(
                "proxy",
                "must be an http:// or https:// proxy URL, e.g. http://proxy:3128",
            ));
        }
        let proxy = reqwest::Proxy::all(proxy.trim())
            .map_err(|_| Error::invalid("proxy", "is not a usable proxy URL (e.g. http://proxy:3128)"))?;
        builder = builder.proxy(proxy);
    }
    builder.build().map_err(|error| Error::ClientInit(causes(&error)))
}

/// The client runs a thread with code from this library, so the library must stay mapped
/// once one exists even if the host unloads it: `-z nodelete` does that on Linux (build.rs);
/// on Windows the DLL pins itself here.
#[cfg(windows)]
fn pin_library() {
    use std::ffi::c_void;
    const PIN: u32 = 0x1; // GET_MODULE_HANDLE_EX_FLAG_PIN
    const FROM_ADDRESS: u32 = 0x4; // GET_MODULE_HANDLE_EX_FLAG_FROM_ADDRESS
    extern "system" {
        fn GetModuleHandleExW(flags: u32, name: *const u16, module: *mut *mut c_void) -> i32;
    }
    static PINNED: std::sync::Once = std::sync::Once::new();
    PINNED.call_once(|| {
        let mut module = std::ptr::null_mut();
        let address = pin_library as *const () as *const u16;
        // SAFETY: asks for the module that holds this function's address, pinned.
        unsafe { GetModuleHandleExW(PIN | FROM_ADDRESS, address, &mut module) };
    });
}

#[cfg(not(windows))]
fn pin_library() {}

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
    fn an_excerpt_is_cut_after_the_secrets_are_removed() {
        // The secret straddles the 200th character: cut first, its first part would remain.
        let body = format!("<p>{}SECRETVALUE123</p>", "x".repeat(190));
        match answer_text(502, body.into_bytes(), &["SECRETVALUE123"]) {
            Err(Error::BadAnswer { excerpt, .. }) => assert!(!excerpt.contains("SECRET"), "{excerpt}"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn proxies_of_other_schemes_are_refused_naming_the_key() {
        for proxy in ["socks5://proxy:1080", "ftp://proxy", "proxy:3128"] {
            let error = client(Some(proxy), "http://x").unwrap_err();
            assert!(error.to_string().starts_with("parameter 'proxy'"), "{proxy}: {error}");
        }
    }

    #[test]
    fn a_bad_proxy_is_refused_without_echoing_it() {
        let error = client(Some("http://user:pa ss@[::bad"), "http://x").unwrap_err();
        assert_eq!(error.code(), "B24_INVALID_PARAMETER");
        assert!(!error.to_string().contains("pa ss"));
    }
}
