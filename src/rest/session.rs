//! The transport's entry point: a session is one call of a function against one portal, with
//! one deadline for everything the call sends. Functions hand it requests; it decides how they
//! travel.

use std::time::{Duration, Instant};

use serde_json::{Map, Value};

use super::http::{self, Body, Exchange};
use super::portal::Portal;
use super::request::{Payload, Request, Verb, FILE_SLOT};
use super::{form, DEFAULT_MAX_ANSWER, DEFAULT_TIMEOUT};
use crate::error::{Error, Result};

/// How the requests of one call travel.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The deadline of the whole call, every request of it included.
    pub timeout: Duration,
    /// `None`: the HTTP(S)_PROXY / NO_PROXY environment decides.
    pub proxy: Option<String>,
    /// Answers larger than this many bytes end the call with B24_ANSWER_TOO_LARGE.
    pub max_answer: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options { timeout: DEFAULT_TIMEOUT, proxy: None, max_answer: DEFAULT_MAX_ANSWER }
    }
}

impl Options {
    /// What must not appear in any text about a request: the proxy's URL and password, which
    /// a network error may quote.
    pub(crate) fn secrets(&self) -> Vec<String> {
        let mut secrets = Vec::new();
        if let Some(proxy) = &self.proxy {
            secrets.push(proxy.clone());
            if let Some(password) =
                reqwest::Url::parse(proxy).ok().and_then(|url| url.password().map(str::to_string))
            {
                secrets.push(password);
            }
        }
        secrets
    }
}

pub struct Session {
    portal: Portal,
    options: Options,
    deadline: Instant,
}

/// The portal's answer: a JSON object, returned to the caller byte for byte.
#[derive(Debug, Clone)]
pub struct Answer {
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

impl Session {
    pub fn new(portal: Portal, options: Options) -> Session {
        let deadline = Instant::now() + options.timeout;
        Session { portal, options, deadline }
    }

    pub fn portal(&self) -> &Portal {
        &self.portal
    }

    /// Sends one request and returns the portal's answer, whatever it says.
    pub fn send(&self, request: &Request) -> Result<Answer> {
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(Error::OutOfTime(format!(
                "the call's timeout of {} s passed before {} could be sent",
                self.options.timeout.as_secs_f64(),
                request.method
            )));
        }
        let mut fields = request.payload.fields.clone();
        self.portal.authorise(&mut fields);
        let endpoint = self.portal.endpoint(&request.method);
        let (url, body) = match request.verb {
            Verb::Get if fields.is_empty() => (endpoint, None),
            Verb::Get => (format!("{endpoint}?{}", form::encode(&fields)), None),
            Verb::Post => (endpoint, Some(json_body(fields, &request.payload)?)),
        };
        let mut secrets: Vec<String> = self.portal.secrets().iter().map(|s| s.to_string()).collect();
        secrets.extend(self.options.secrets());
        let exchange = Exchange {
            verb: request.verb,
            url,
            shown: self.portal.shown(&request.method),
            origin: self.portal.origin(),
            body,
            secrets,
        };
        let text = http::exchange(exchange, &self.options, remaining)?;
        Ok(Answer { text })
    }
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
            let content = file.encoded().map_err(|error| {
                Error::invalid(key, format!("could not be opened for sending: {}", error.kind()))
            })?;
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
    use crate::rest::portal::redact;

    #[test]
    fn the_proxy_and_its_password_count_as_secrets() {
        let portal = Portal::new("p.example.com/rest/1/c0de", None).unwrap();
        let options = Options { proxy: Some("http://me:hunter2@proxy:3128".into()), ..Options::default() };
        let mut secrets: Vec<String> = portal.secrets().iter().map(|s| s.to_string()).collect();
        secrets.extend(options.secrets());
        let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
        let said = redact("via http://me:hunter2@proxy:3128 to /rest/1/c0de/ as me:hunter2", &secrets);
        assert_eq!(said, "via *** to /rest/1/***/ as me:***");
    }
}
