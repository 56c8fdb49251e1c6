//! The transport's entry point: a session is one call of a function against one portal, with
//! one deadline for everything the call sends. Functions hand it requests; it decides how they
//! travel: it waits for the portal's limits, repeats what is safe to repeat, and refreshes an
//! expired OAuth token. Nothing above this layer sleeps or retries.

use std::cell::{Cell, RefCell};
use std::path::PathBuf;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::{Map, Value};

use super::auth::{self, Credentials, Refreshed};
use super::http::{self, Body, Exchange};
use super::limiter::{self, AnswerTime, Cause, LimitError, Rate, Target};
use super::portal::Portal;
use super::request::{streamed_json, Payload, Request, Verb};
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
    /// A chat bot's `botToken`, which authenticates its `imbot.v2` calls like a webhook code.
    pub bot_token: Option<String>,
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
            bot_token: None,
        }
    }
}

impl Options {
    /// What must not appear in any text about a request: the proxy's URL and password, which
    /// a network error or a proxy's refusal may quote; a proxy from the environment is one
    /// like the `proxy` key's.
    pub(crate) fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        for proxy in self.proxies() {
            secrets.push(proxy.clone());
            // reqwest takes `user:pw@host:3128` from the environment as http://.
            let url = reqwest::Url::parse(proxy.trim())
                .ok()
                .filter(|url| url.has_host())
                .or_else(|| reqwest::Url::parse(&format!("http://{}", proxy.trim())).ok());
            if let Some(url) = url {
                // A proxy that echoes the Proxy-Authorization it got shows these, in any form.
                let user = url.username().to_string();
                let password = url.password().unwrap_or_default().to_string();
                if !password.is_empty() || !user.is_empty() {
                    let mut pair = Vec::new();
                    super::encode_base64(
                        format!("{}:{}", decoded(&user), decoded(&password)).as_bytes(),
                        &mut pair,
                    );
                    secrets.push(String::from_utf8_lossy(&pair).into_owned());
                    secrets.extend([decoded(&password), password, decoded(&user), user]);
                    secrets.retain(|secret| !secret.is_empty());
                }
            }
        }
        if let Some(refresh) = &self.refresh {
            secrets.push(refresh.refresh_token.clone());
            secrets.push(refresh.client_secret.clone());
        }
        secrets.extend(self.bot_token.iter().filter(|token| !token.trim().is_empty()).cloned());
        secrets
    }
}

impl Options {
    /// The proxies a request may go through: the `proxy` key's, else those the environment
    /// names (reqwest reads them when no proxy is given).
    pub(crate) fn proxies(&self) -> Vec<String> {
        match &self.proxy {
            Some(proxy) => vec![proxy.clone()],
            None => PROXY_ENV
                .iter()
                .filter_map(|name| std::env::var(name).ok())
                .filter(|proxy| !proxy.trim().is_empty())
                .collect(),
        }
    }
}

/// The environment variables that name a proxy for calls without `proxy`.
const PROXY_ENV: [&str; 6] =
    ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"];

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
    deadline: Cell<Instant>,
    /// The token server's answer once a refresh gave this call new tokens; the call's answer,
    /// whatever it is, then carries it as `auth_refreshed`, for the caller to store.
    refreshed: RefCell<Option<String>>,
    /// Secrets the call's requests carry besides the options' (the bot tokens of a batch's
    /// calls), kept out of every text as the options' are.
    carried: RefCell<Vec<String>>,
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

/// The most requests one call sends, repeats, refusals and a token refresh included, whatever
/// the portal answers: a portal (or a proxy, or clocks that disagree) that refuses every
/// request must not make one call send thousands.
pub const MAX_REQUESTS: u32 = 8;

/// The first pause after OPERATION_TIME_LIMIT when the answer's reset is sooner (or already
/// past, or absurd); it doubles with each further refusal of the call.
const OPERATING_PAUSE: Duration = Duration::from_millis(500);

/// The longest pause between two polls of a queue after the portal refused them for its
/// limits: the docs' longest idle interval.
pub const MAX_POLL_PAUSE: Duration = Duration::from_secs(30);

/// Pauses between repeats of a read after an uncertain failure: short, growing, jittered by
/// the limiter's backoff, and never past the deadline.
const FIRST_RETRY_PAUSE: Duration = Duration::from_millis(200);

impl Session {
    pub fn new(portal: Portal, options: Options) -> Session {
        // A later call that presents a refresh token (with its client, for this portal) that
        // a refresh already spent uses that refresh's tokens at once, without being refused
        // first. Only those credentials open the cache: an access token alone never does.
        let cached = match (portal.token(), &options.refresh) {
            (Some(_), Some(credentials)) => auth::cached(portal.origin(), credentials),
            _ => None,
        };
        if let Some(Refreshed::Tokens { access_token, answer }) = cached {
            let session = Session::started(portal.with_token(&access_token), options);
            *session.refreshed.borrow_mut() = Some(answer);
            return session;
        }
        Session::started(portal, options)
    }

    fn started(portal: Portal, options: Options) -> Session {
        let deadline = Cell::new(Instant::now() + options.timeout);
        Session {
            portal: RefCell::new(portal),
            options,
            deadline,
            refreshed: RefCell::new(None),
            carried: RefCell::new(Vec::new()),
        }
    }

    /// Gives the next request the whole `timeout` again: for plans of many requests (reading
    /// a whole list) whose length depends on the portal's data, where `timeout` bounds each
    /// request with its waits and repeats rather than the whole run.
    pub fn renew_deadline(&self) {
        self.deadline.set(Instant::now() + self.options.timeout);
    }

    fn deadline(&self) -> Instant {
        self.deadline.get()
    }

    /// Notes a secret a request of this call carries in its fields (a batch call's bot token),
    /// so that no text about the call shows it.
    pub fn carries_secret(&self, secret: &str) {
        if !secret.trim().is_empty() {
            self.carried.borrow_mut().push(secret.to_string());
        }
    }

    /// The token server's answer, when this call refreshed the token: the caller must store it.
    pub fn refreshed_tokens(&self) -> Option<String> {
        self.refreshed.borrow().clone()
    }

    /// The call's answer as the caller gets it: whatever it is (the portal's answer, a plan's
    /// result, a library error such as B24_TIMEOUT), it carries the new tokens when this call
    /// refreshed them, since the portal has already rotated the refresh token.
    pub fn deliver(&self, answer: String) -> String {
        match self.refreshed.borrow().as_deref() {
            Some(tokens) => auth::attach(&answer, auth::REFRESHED_KEY, tokens),
            None => answer,
        }
    }

    pub fn origin(&self) -> String {
        self.portal.borrow().origin().to_string()
    }

    /// Sends one request and returns the portal's answer, whatever it says: after waiting for
    /// the portal's limits, repeating it while the portal refuses it before running it
    /// (QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT), repeating a read after an uncertain failure,
    /// and refreshing an expired token once, all within the call's deadline and at most
    /// [`MAX_REQUESTS`] requests; past either, the portal's last answer is returned as it came.
    /// New tokens are not added here but once to the call's final answer, by
    /// [`Session::deliver`].
    pub fn send(&self, request: &Request) -> Result<Answer> {
        let origin = self.origin();
        let mut sent = 0u32;
        let mut throttled = 0u32;
        let mut limited = 0u32;
        let mut failures = 0u32;
        let mut refreshed_here = false;
        // The portal's last refusal: what the caller gets if the limits then keep this call
        // waiting past its deadline.
        let mut refused: Option<Answer> = None;
        loop {
            if let Err(error) = self.wait_for_limits(&origin, &request.method) {
                return match refused {
                    Some(answer) => Ok(answer),
                    None => Err(error),
                };
            }
            sent += 1;
            // Whether another request may follow this one, whatever the portal answers.
            let more = sent < MAX_REQUESTS;
            let answer = match self.exchange_once(request) {
                Ok(answer) => answer,
                Err(error) if error.is_uncertain() && request.repeatable && more => {
                    if !self.pause_before_repeat(&mut failures) {
                        return Err(error);
                    }
                    continue;
                }
                Err(error) => return Err(error),
            };
            let summary = Summary::of(&answer);
            limiter::record_operating(&origin, &request.method, &summary.time);
            let code = summary.error.as_deref().unwrap_or_default().to_ascii_uppercase();
            // The bot pages' limit answers 429 (`chat-bots-v2/index.md#limits`), with no code
            // the docs name: a refusal before the method ran, like QUERY_LIMIT_EXCEEDED.
            let bot_refused = answer.status == 429
                && code != "OPERATION_TIME_LIMIT"
                && limiter::is_bot_method(&request.method);
            let code = if bot_refused { "QUERY_LIMIT_EXCEEDED".to_string() } else { code };
            match code.as_str() {
                "QUERY_LIMIT_EXCEEDED" if more => {
                    // Refused before it ran, so always safe to send again once the bucket drains.
                    let target = self.target(&origin);
                    let pause = if bot_refused {
                        limiter::bot_throttled(&target, throttled, self.deadline())
                    } else {
                        limiter::throttled(&target, throttled, self.deadline())
                    };
                    throttled += 1;
                    if !self.fits(pause) {
                        return Ok(answer);
                    }
                    pause_for(pause);
                    refused = Some(answer);
                    continue;
                }
                "OPERATION_TIME_LIMIT" if more => {
                    // The limiter now holds the method until its reset, and at least a pause
                    // that grows with each refusal of this call (a reset already past, by
                    // clocks that disagree, is no reason to send again at once), or refuses
                    // at once when that is past the deadline, and then this answer is
                    // returned as it came.
                    let at_least = OPERATING_PAUSE.saturating_mul(1 << limited.min(10));
                    let at_least = at_least + at_least.mul_f64(jitter());
                    limited += 1;
                    limiter::operation_limited(&origin, &request.method, &summary.time, at_least);
                    refused = Some(answer);
                    continue;
                }
                "EXPIRED_TOKEN" | "INVALID_TOKEN" if !refreshed_here && sent + 1 < MAX_REQUESTS => {
                    if let Some(credentials) = self.refreshable() {
                        refreshed_here = true;
                        sent += 1;
                        match self.refresh(&credentials)? {
                            Refreshed::Tokens { .. } => continue,
                            Refreshed::Refused { answer: refusal } => {
                                let text = auth::attach(&answer.text, auth::REFUSED_KEY, &refusal);
                                return Ok(Answer { text, ..answer });
                            }
                        }
                    }
                }
                _ => {}
            }
            let server_failed = answer.status >= 500 && code != "OVERLOAD_LIMIT";
            if server_failed && request.repeatable && more && self.pause_before_repeat(&mut failures) {
                continue;
            }
            return Ok(answer);
        }
    }

    /// Reads a queue until it has something: sends `request` (a read), and again every
    /// `every` while `ready` says the answer holds nothing yet, until `until`; returns the first
    /// answer that is ready, an answer that is an error, or, once no further poll fits before
    /// `until`, the last answer after waiting out the rest. Each poll goes through [`send`]
    /// (limits, refusals, refresh) and is paced per `queue` in the process, so that calls
    /// waiting on one queue together still poll it once per `every`; a poll the portal refused
    /// for its limits (429, QUERY_LIMIT_EXCEEDED, OPERATION_TIME_LIMIT) doubles the pace, up to
    /// [`MAX_POLL_PAUSE`]. The first poll is always sent, if the call's deadline allows.
    ///
    /// [`send`]: Session::send
    pub fn poll(
        &self,
        request: &Request,
        queue: &str,
        every: Duration,
        until: Instant,
        ready: impl Fn(&Answer) -> bool,
    ) -> Result<Answer> {
        let key = format!("{} {} {queue}", self.origin(), request.method);
        let until = until.min(self.deadline());
        let mut pause = every;
        let mut last: Option<Answer> = None;
        loop {
            let paced = limiter::pace(&key, pause, if last.is_none() { self.deadline() } else { until });
            match (paced, last) {
                (Ok(()), _) => {}
                (Err(wait), None) => {
                    return Err(Error::RateLimited(format!(
                    "{} was polled in the last {:.1} s; the next poll would come after the call's timeout",
                    request.method,
                    (pause.saturating_sub(wait)).as_secs_f64()
                )))
                }
                (Err(_), Some(answer)) => {
                    pause_for(until.saturating_duration_since(Instant::now()));
                    return Ok(answer);
                }
            }
            let answer = self.send(request)?;
            if ready(&answer) {
                return Ok(answer);
            }
            let code = answer.error_code().unwrap_or_default().to_ascii_uppercase();
            let refused = answer.status == 429
                || matches!(code.as_str(), "QUERY_LIMIT_EXCEEDED" | "OPERATION_TIME_LIMIT");
            if refused {
                pause = pause.saturating_mul(2).min(MAX_POLL_PAUSE.max(every));
            } else if !code.is_empty() {
                return Ok(answer);
            } else {
                pause = every;
            }
            last = Some(answer);
        }
    }

    /// Waits while the ledger holds any of `methods` back (the nested calls of a batch, each
    /// billed by the portal to its own method), or refuses at once when that wait would end
    /// past the deadline: a long export slows before the portal refuses it.
    pub fn wait_for_methods<'m>(&self, methods: impl IntoIterator<Item = &'m str>) -> Result<()> {
        let origin = self.origin();
        let longest = methods
            .into_iter()
            .map(|method| (method, limiter::operating_hold(&origin, method)))
            .max_by_key(|(_, hold)| *hold);
        let Some((method, hold)) = longest.filter(|(_, hold)| !hold.is_zero()) else {
            return Ok(());
        };
        if !self.fits(hold) {
            return Err(Error::RateLimited(format!(
                "{method} has used its operating time on the portal and may run again in {:.1} s, past the call's timeout",
                hold.as_secs_f64()
            )));
        }
        pause_for(hold);
        Ok(())
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
        match limiter::acquire(&self.target(origin), method, self.deadline()) {
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
            Err(error @ LimitError::Locked { .. }) => Err(Error::RateLimited(error.to_string())),
        }
    }

    fn fits(&self, pause: Duration) -> bool {
        Instant::now() + pause < self.deadline()
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
        let refreshed = auth::refresh(&self.origin(), credentials, &self.options, self.deadline())?;
        if let Refreshed::Tokens { access_token, answer } = &refreshed {
            let renewed = self.portal.borrow().with_token(access_token);
            *self.portal.borrow_mut() = renewed;
            *self.refreshed.borrow_mut() = Some(answer.clone());
        }
        Ok(refreshed)
    }

    /// One exchange with the portal, as the request and the current token say.
    fn exchange_once(&self, request: &Request) -> Result<Answer> {
        let remaining = self.deadline().saturating_duration_since(Instant::now());
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
        secrets.extend(self.carried.borrow().iter().cloned());
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

/// What the session reads of an answer: its error code and its top-level `time` object's
/// operating figures. Nothing else counts: a `result` with a field named `operating`, or a
/// text that mentions `operating_reset_at`, is the caller's data, not the ledger.
#[derive(Debug, Default, PartialEq)]
struct Summary {
    error: Option<String>,
    time: AnswerTime,
}

impl Summary {
    /// Read in one pass over the text that builds nothing but `error` and `time`: every answer
    /// passes here, and most are successes whose body the caller, not the library, reads.
    /// A text that is not a JSON object (it always is, see `http::answer_text`) says nothing.
    fn of(answer: &Answer) -> Summary {
        serde_json::from_str::<Summary>(&answer.text).unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for Summary {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Summary, D::Error> {
        deserializer.deserialize_map(TopLevel)
    }
}

/// The answer's top-level members: `error` and `time` are read, everything else is skipped
/// unbuilt. A key given twice counts as JSON parsers read it: the last one.
struct TopLevel;

impl<'de> Visitor<'de> for TopLevel {
    type Value = Summary;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Summary, A::Error> {
        let mut summary = Summary::default();
        while let Some(member) = map.next_key::<Member>()? {
            match member {
                Member::Error => summary.error = map.next_value::<Value>()?.as_str().map(str::to_string),
                Member::Time => {
                    let time = map.next_value::<Value>()?;
                    summary.time = AnswerTime {
                        start: time.get("start").and_then(Value::as_f64),
                        operating: time.get("operating").and_then(Value::as_f64),
                        reset_at: time.get("operating_reset_at").and_then(Value::as_f64),
                    };
                }
                Member::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(summary)
    }
}

/// A top-level key, told apart without building it.
enum Member {
    Error,
    Time,
    Other,
}

impl<'de> Deserialize<'de> for Member {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Member, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = Member;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: serde::de::Error>(self, key: &str) -> std::result::Result<Member, E> {
                Ok(match key {
                    "error" => Member::Error,
                    "time" => Member::Time,
                    _ => Member::Other,
                })
            }
        }
        deserializer.deserialize_identifier(Name)
    }
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

/// The fields as JSON; each file's base64 text is streamed into its slot while the body is sent.
fn json_body(fields: Map<String, Value>, payload: &Payload) -> Result<Body> {
    let data = if payload.files.is_empty() {
        reqwest::blocking::Body::from(Value::Object(fields).to_string())
    } else {
        let streamed = streamed_json(fields, &payload.files)?;
        reqwest::blocking::Body::sized(streamed.reader, streamed.length)
    };
    Ok(Body { content_type: "application/json; charset=utf-8", data })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rest::redact::redact;

    fn summary(text: &str) -> Summary {
        Summary::of(&Answer { status: 200, text: text.into() })
    }

    #[test]
    fn the_operating_time_is_read_from_the_answers_time() {
        let read = summary(
            r#"{"result":{"operating":"no"},"time":{"start":1,"operating_reset_at":1772553539,"operating": 12.5}}"#,
        );
        let time = AnswerTime { start: Some(1.0), operating: Some(12.5), reset_at: Some(1772553539.0) };
        assert_eq!(read, Summary { error: None, time });
        let refused = summary(r#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"x"}"#);
        assert_eq!(refused.error.as_deref(), Some("QUERY_LIMIT_EXCEEDED"));
    }

    #[test]
    fn fields_of_that_name_elsewhere_are_not_the_operating_time() {
        for text in [
            r#"{"time":{"start":5},"result":{"operating":479,"operating_reset_at":4102444800}}"#,
            r#"{"result":{"time":{"operating":479,"operating_reset_at":4102444800}},"time":{"start":5}}"#,
            r#"{"result":"\"operating\":479,\"operating_reset_at\":4102444800","time":{"start":5}}"#,
            r#"{"result":[{"error":"QUERY_LIMIT_EXCEEDED"}],"time":{"start":5}}"#,
        ] {
            let read = summary(text);
            assert_eq!(
                read,
                Summary { error: None, time: AnswerTime { start: Some(5.0), ..Default::default() } }
            );
        }
        // Escaped keys are the same keys; a key given twice counts as the last.
        let read = summary(r#"{"\u0074ime":{"operating":1},"time":{"operating":2}}"#);
        assert_eq!(read.time.operating, Some(2.0));
        assert_eq!(summary("not json"), Summary::default());
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

    #[test]
    fn a_bot_token_counts_as_a_secret() {
        let options = Options { bot_token: Some("my-bot-token-1".into()), ..Options::default() };
        let secrets = options.secrets();
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        assert_eq!(redact("botToken=my-bot-token-1&x", &secrets), "botToken=***&x");
    }
}
