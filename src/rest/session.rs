//! The transport's entry point: a session is one call of a function against one portal, with
//! one deadline for everything the call sends. Functions hand it requests; it decides how they
//! travel: it waits for the portal's limits, repeats what is safe to repeat, and refreshes an
//! expired OAuth token. Nothing above this layer sleeps or retries.

use std::cell::RefCell;
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Map, Value};

use super::auth::{self, Credentials, Refreshed};
use super::http::{self, Body, Exchange};
use super::limiter::{self, Cause, LimitError, Rate, Target};
use super::portal::Portal;
use super::request::{Payload, Request, Verb, FILE_SLOT};
use super::{form, DEFAULT_MAX_ANSWER, DEFAULT_TIMEOUT};
use crate::error::{Error, Result};

/// How the requests of one call travel.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The deadline of the whole call: waiting for the bucket, retries and refresh included.
    pub timeout: Duration,
    /// `None`: the HTTP(S)_PROXY / NO_PROXY environment decides.
    pub proxy: Option<String>,
    /// Answers larger than this many bytes end the call with B24_ANSWER_TOO_LARGE.
    pub max_answer: u64,
    /// The portal's bucket; `None` keeps the setting the portal has (first: B24_RATE_LIMIT).
    pub rate: Option<Rate>,
    /// Where processes share the bucket; `None`: B24_LIMIT_DIR, else this process only.
    pub limit_dir: Option<PathBuf>,
    /// How to refresh an expired OAuth access token, if the caller gave the means.
    pub refresh: Option<Credentials>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: DEFAULT_TIMEOUT,
            proxy: None,
            max_answer: DEFAULT_MAX_ANSWER,
            rate: None,
            limit_dir: None,
            refresh: None,
        }
    }
}

impl Options {
    /// What must not appear in any text about a request: the proxy's URL and password, which
    /// a network error may quote.
    pub(crate) fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        if let Some(proxy) = &self.proxy {
            secrets.push(proxy.clone());
            if let Ok(url) = reqwest::Url::parse(proxy.trim()) {
                // A proxy that echoes the Proxy-Authorization it got shows these, in any form.
                let user = url.username().to_string();
                let password = url.password().unwrap_or_default().to_string();
                if !password.is_empty() {
                    let mut pair = Vec::new();
                    super::encode_base64(
                        format!("{}:{}", decoded(&user), decoded(&password)).as_bytes(),
                        &mut pair,
                    );
                    secrets.push(String::from_utf8_lossy(&pair).into_owned());
                    secrets.push(password);
                    secrets.push(user);
                }
            }
        }
        if let Some(refresh) = &self.refresh {
            secrets.push(refresh.refresh_token.clone());
            secrets.push(refresh.client_secret.clone());
        }
        secrets
    }
}

/// A URL part with its percent escapes resolved, as it travels in a Basic credential.
fn decoded(part: &str) -> String {
    let bytes = part.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes.get(at + 1..at + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[at], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub struct Session {
    portal: RefCell<Portal>,
    options: Options,
    deadline: Instant,
    /// The token server's answer once a refresh gave this call new tokens; every answer of
    /// the call then carries it as `auth_refreshed`, for the caller to store.
    refreshed: RefCell<Option<String>>,
}

/// The portal's answer: a JSON object, returned to the caller byte for byte.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub text: String,
}

impl Answer {
    /// The answer parsed, for plans that read an id out of it.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }

    /// The portal's `error` code, if the answer is an error.
    pub fn error_code(&self) -> Option<String> {
        self.json().get("error").and_then(Value::as_str).map(str::to_string)
    }
}

/// Servers refuse request lines longer than about 8 KB (nginx's default buffers), so a longer
/// one is refused here, before anything is sent.
const MAX_REQUEST_LINE: usize = 8 * 1024;

/// Pauses between repeats of a read after an uncertain failure: short, growing, jittered by
/// the limiter's backoff, and never past the deadline.
const FIRST_RETRY_PAUSE: Duration = Duration::from_millis(200);

impl Session {
    pub fn new(portal: Portal, options: Options) -> Session {
        // Later calls that still pass an access token a refresh replaced use the new one at
        // once, without being refused first.
        let mut portal = portal;
        if let Some(Refreshed::Tokens { access_token, answer }) = portal.token().and_then(auth::replacement) {
            portal = portal.with_token(&access_token);
            let session = Session::started(portal, options);
            *session.refreshed.borrow_mut() = Some(answer);
            return session;
        }
        Session::started(portal, options)
    }

    fn started(portal: Portal, options: Options) -> Session {
        let deadline = Instant::now() + options.timeout;
        Session { portal: RefCell::new(portal), options, deadline, refreshed: RefCell::new(None) }
    }

    /// The token server's answer, when this call refreshed the token: the caller must store it.
    pub fn refreshed_tokens(&self) -> Option<String> {
        self.refreshed.borrow().clone()
    }

    pub fn origin(&self) -> String {
        self.portal.borrow().origin().to_string()
    }

    /// Sends one request and returns the portal's answer, whatever it says: after waiting for
    /// the portal's limits, repeating it while the portal refuses it before running it
    /// (QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT), repeating a read after an uncertain failure,
    /// and refreshing an expired token once, all within the call's deadline.
    pub fn send(&self, request: &Request) -> Result<Answer> {
        let origin = self.origin();
        let mut throttled = 0u32;
        let mut failures = 0u32;
        let mut refreshed_here = false;
        // The portal's last refusal: what the caller gets if the limits then keep this call
        // waiting past its deadline.
        let mut refused: Option<Answer> = None;
        loop {
            if let Err(error) = self.wait_for_limits(&origin, &request.method) {
                return match refused {
                    Some(answer) => Ok(self.finish(answer)),
                    None => Err(error),
                };
            }
            let answer = match self.exchange_once(request) {
                Ok(answer) => answer,
                Err(error) if error.is_uncertain() && request.repeatable => {
                    if !self.pause_before_repeat(&mut failures) {
                        return Err(error);
                    }
                    continue;
                }
                Err(error) => return Err(error),
            };
            let summary = Summary::of(&answer);
            if let (Some(operating), Some(reset_at)) = (summary.operating, summary.reset_at) {
                limiter::record_operating(&origin, &request.method, operating, reset_at);
            }
            let code = summary.error.as_deref().unwrap_or_default().to_ascii_uppercase();
            match code.as_str() {
                "QUERY_LIMIT_EXCEEDED" => {
                    // Refused before it ran, so always safe to send again once the bucket drains.
                    let pause = limiter::throttled(&self.target(&origin), throttled);
                    throttled += 1;
                    if !self.fits(pause) {
                        return Ok(self.finish(answer));
                    }
                    pause_for(pause);
                    refused = Some(answer);
                    continue;
                }
                "OPERATION_TIME_LIMIT" => {
                    // The limiter now holds the method until its reset, or refuses at once when
                    // that is past the deadline, and then this answer is returned as it came.
                    limiter::operation_limited(&origin, &request.method, summary.reset_at);
                    refused = Some(answer);
                    continue;
                }
                "EXPIRED_TOKEN" | "INVALID_TOKEN" if !refreshed_here => {
                    if let Some(credentials) = self.refreshable() {
                        refreshed_here = true;
                        match self.refresh(&credentials)? {
                            Refreshed::Tokens { .. } => continue,
                            Refreshed::Refused { answer: refusal } => {
                                let text = auth::with_key(&answer.text, "auth_refresh_error", &refusal);
                                return Ok(Answer { text, ..answer });
                            }
                        }
                    }
                }
                _ => {}
            }
            let server_failed = answer.status >= 500 && code != "OVERLOAD_LIMIT";
            if server_failed && request.repeatable && self.pause_before_repeat(&mut failures) {
                continue;
            }
            return Ok(self.finish(answer));
        }
    }

    /// The answer as the caller gets it: with the new tokens when this call refreshed them.
    fn finish(&self, answer: Answer) -> Answer {
        match self.refreshed.borrow().as_deref() {
            Some(tokens) => Answer { text: auth::with_key(&answer.text, "auth_refreshed", tokens), ..answer },
            None => answer,
        }
    }

    fn target<'a>(&'a self, origin: &'a str) -> Target<'a> {
        Target {
            origin,
            rate: self.options.rate,
            // Under the fuzzer no input may make the library write files anywhere.
            limit_dir: if cfg!(fuzzing) {
                None
            } else {
                self.options.limit_dir.as_deref().or(limiter::default_limit_dir())
            },
        }
    }

    fn wait_for_limits(&self, origin: &str, method: &str) -> Result<()> {
        match limiter::acquire(&self.target(origin), method, self.deadline) {
            Ok(_) => Ok(()),
            Err(LimitError::Deadline { wait, cause: Cause::Rate }) => Err(Error::RateLimited(format!(
                "the portal's request limit would hold {method} for {:.1} s, past the call's timeout",
                wait.as_secs_f64()
            ))),
            Err(LimitError::Deadline { wait, cause: Cause::OperatingTime { method } }) => {
                Err(Error::RateLimited(format!(
                    "{method} has used its operating time on the portal and may run again in {:.1} s, past the call's timeout",
                    wait.as_secs_f64()
                )))
            }
            Err(LimitError::RateSetting(reason)) => {
                Err(Error::invalid("rate_limit", format!("(from {}) {reason}", limiter::RATE_ENV)))
            }
            Err(error @ LimitError::LimitDir { .. }) => Err(Error::invalid("limit_dir", error.to_string())),
        }
    }

    fn fits(&self, pause: Duration) -> bool {
        Instant::now() + pause < self.deadline
    }

    /// Sleeps before repeating a read, if the deadline leaves room; false when it does not.
    fn pause_before_repeat(&self, failures: &mut u32) -> bool {
        const MAX_REPEATS: u32 = 5;
        if *failures >= MAX_REPEATS {
            return false;
        }
        let base = FIRST_RETRY_PAUSE.saturating_mul(1 << *failures);
        let pause = base + base.mul_f64(jitter());
        if !self.fits(pause) {
            return false;
        }
        pause_for(pause);
        *failures += 1;
        true
    }

    /// Credentials to refresh with, when the caller gave them and the call uses a token.
    fn refreshable(&self) -> Option<Credentials> {
        self.portal.borrow().token()?;
        self.options.refresh.clone()
    }

    fn refresh(&self, credentials: &Credentials) -> Result<Refreshed> {
        let old = self.portal.borrow().token().unwrap_or_default().to_string();
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(Error::OutOfTime(
                "the call's timeout passed before the token could be refreshed".into(),
            ));
        }
        let options = Options { timeout: remaining, ..self.options.clone() };
        let refreshed = auth::refresh(credentials, &old, &options)?;
        if let Refreshed::Tokens { access_token, answer } = &refreshed {
            let renewed = self.portal.borrow().with_token(access_token);
            *self.portal.borrow_mut() = renewed;
            *self.refreshed.borrow_mut() = Some(answer.clone());
        }
        Ok(refreshed)
    }

    /// One exchange with the portal, as the request and the current token say.
    fn exchange_once(&self, request: &Request) -> Result<Answer> {
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(Error::OutOfTime(format!(
                "the call's timeout of {} s passed before {} could be sent",
                self.options.timeout.as_secs_f64(),
                request.method
            )));
        }
        let portal = self.portal.borrow().clone();
        let mut fields = request.payload.fields.clone();
        portal.authorise(&mut fields);
        let endpoint = portal.endpoint(&request.method);
        let (url, body) = match request.verb {
            Verb::Get if fields.is_empty() => (endpoint, None),
            Verb::Get => (format!("{endpoint}?{}", form::encode(&fields)), None),
            Verb::Post => (endpoint, Some(json_body(fields, &request.payload)?)),
        };
        if url.len() > MAX_REQUEST_LINE {
            return Err(Error::invalid(
                "url",
                format!(
                    "with these fields the request's URL would be {} characters, more than servers accept",
                    url.len()
                ),
            ));
        }
        let mut secrets: Vec<String> = portal.secrets().iter().map(|s| s.to_string()).collect();
        secrets.extend(self.options.secrets());
        let exchange = Exchange {
            verb: request.verb,
            url,
            shown: portal.shown(&request.method),
            origin: portal.origin(),
            body,
            secrets,
        };
        let (status, text) = http::exchange(exchange, &self.options, remaining)?;
        Ok(Answer { status, text })
    }
}

/// What the session reads of an answer: its error code and the method's operating time.
struct Summary {
    error: Option<String>,
    operating: Option<f64>,
    reset_at: Option<f64>,
}

impl Summary {
    /// Read from the text without building the whole answer: every answer passes here, and
    /// most are successes whose body the caller, not the library, reads. The text is known to
    /// be a JSON object; `time` is the portal's last member, so the last of each key counts.
    fn of(answer: &Answer) -> Summary {
        let text = answer.text.as_str();
        let error = if text.contains("\"error\"") {
            answer.json().get("error").and_then(Value::as_str).map(str::to_string)
        } else {
            None
        };
        Summary {
            error,
            operating: number_after(text, "\"operating\":"),
            reset_at: number_after(text, "\"operating_reset_at\":"),
        }
    }
}

/// The number that follows the last `key` in a JSON text.
fn number_after(text: &str, key: &str) -> Option<f64> {
    let rest = text[text.rfind(key)? + key.len()..].trim_start();
    let end = rest.find(|c: char| !(c.is_ascii_digit() || "+-.eE".contains(c))).unwrap_or(rest.len());
    rest[..end].parse().ok()
}

/// Sleeps, except under the fuzzer, whose stub transport answers at once and would otherwise
/// spend its time waiting between repeats.
fn pause_for(duration: Duration) {
    #[cfg(not(fuzzing))]
    std::thread::sleep(duration);
    #[cfg(fuzzing)]
    let _ = duration;
}

/// A fraction in [0, 0.5) that differs between threads and moments, so that callers that
/// failed together do not all come back together.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u32(nanos);
    (hasher.finish() % 1000) as f64 / 2000.0
}

/// The fields as JSON; a file's base64 text is streamed into its slot while the body is sent.
fn json_body(fields: Map<String, Value>, payload: &Payload) -> Result<Body> {
    let text = Value::Object(fields).to_string();
    let data = match &payload.file {
        None => reqwest::blocking::Body::from(text),
        Some((key, file)) => {
            let slot = format!("\"{}\"", FILE_SLOT.as_str());
            let Some(at) = text.find(&slot) else {
                return Err(Error::Internal);
            };
            let (before, after) = (text[..at + 1].to_string(), text[at + slot.len() - 1..].to_string());
            let content = file.encoded(key);
            let length = before.len() as u64 + file.encoded_len() + after.len() as u64;
            let reader = std::io::Read::chain(
                std::io::Read::chain(std::io::Cursor::new(before.into_bytes()), content),
                std::io::Cursor::new(after.into_bytes()),
            );
            reqwest::blocking::Body::sized(reader, length)
        }
    };
    Ok(Body { content_type: "application/json; charset=utf-8", data })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::redact::redact;

    #[test]
    fn the_operating_time_is_read_from_the_answers_time() {
        let answer = Answer {
            status: 200,
            text: r#"{"result":{"operating":"no"},"time":{"start":1,"operating_reset_at":1772553539,"operating": 12.5}}"#.into(),
        };
        let summary = Summary::of(&answer);
        assert_eq!(
            (summary.operating, summary.reset_at, summary.error),
            (Some(12.5), Some(1772553539.0), None)
        );
        let refused = Answer {
            status: 503,
            text: r#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"x"}"#.into(),
        };
        assert_eq!(Summary::of(&refused).error.as_deref(), Some("QUERY_LIMIT_EXCEEDED"));
    }

    #[test]
    fn the_proxy_and_its_password_count_as_secrets() {
        let portal = Portal::new("p.example.com/rest/1/c0de", None).unwrap();
        let options = Options { proxy: Some("http://me:hunter2@proxy:3128".into()), ..Options::default() };
        let mut secrets: Vec<String> = portal.secrets().iter().map(|s| s.to_string()).collect();
        secrets.extend(options.secrets());
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let said = redact("via http://me:hunter2@proxy:3128 to /rest/1/c0de/ as me:hunter2", &secrets);
        assert_eq!(said, "via *** to /rest/1/***/ as ***:***");
        // What a proxy that echoes Proxy-Authorization would show: Basic base64("me:hunter2").
        let said = redact("got Proxy-Authorization: Basic bWU6aHVudGVyMg==", &secrets);
        assert_eq!(said, "got Proxy-Authorization: Basic ***");
    }
}
