//! OAuth tokens that keep working: when the portal answers `expired_token`, the session asks
//! here for new tokens. Refresh tokens rotate (the old one stops working once used), so each
//! refresh token is used once per process: concurrent callers holding it wait for that one
//! refresh and share its result, and later callers that still present it get the new tokens
//! from here without another refresh.
//!
//! What makes a token is the portal, the token server, the client and the refresh token, so
//! that is the key: a caller is given tokens only when it presented all of them, never because
//! it holds some access token. A refusal or a failure is shared only with the callers waiting
//! at that moment; the next caller asks the server again. A waiting caller waits only until its
//! own deadline.

use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::Instant;

use serde::de::IgnoredAny;
use serde_json::Value;

use super::{oauth, Options, PerProcess};
use crate::error::{Error, Result};

/// The key the library adds to an answer when the call refreshed the token.
pub const REFRESHED_KEY: &str = "auth_refreshed";
/// The key the library adds to the portal's `expired_token` answer when the server refused.
pub const REFUSED_KEY: &str = "auth_refresh_error";
/// Where the answer itself goes when it cannot take one of those keys (see [`attach`]).
pub const WRAPPED_KEY: &str = "answer";

/// What a caller gave to refresh with: OPI's RefreshToken keys and the token server.
#[derive(Debug, Clone, PartialEq)]
pub struct Credentials {
    pub refresh_token: String,
    pub client_id: String,
    pub client_secret: String,
    pub server: String,
}

/// The token server's answer to one refresh, shared by every caller that held its refresh token.
#[derive(Debug, Clone, PartialEq)]
pub enum Refreshed {
    /// New tokens: the access token to use, and the server's answer as it came, which the
    /// caller must store (it holds the next refresh token).
    Tokens { access_token: String, answer: String },
    /// The server refused (`invalid_grant`, `invalid_client`, a 503, no `access_token`): its
    /// answer as it came.
    Refused { answer: String },
}

/// Everything that makes a token. The secret is part of it: a caller with the right refresh
/// token but a wrong secret must hear the server's refusal, not get tokens from here.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    portal: String,
    server: String,
    client_id: String,
    client_secret: String,
    refresh_token: String,
}

impl Key {
    fn new(portal: &str, credentials: &Credentials) -> Key {
        Key {
            portal: portal.to_string(),
            server: credentials.server.trim().to_string(),
            client_id: credentials.client_id.clone(),
            client_secret: credentials.client_secret.clone(),
            refresh_token: credentials.refresh_token.clone(),
        }
    }
}

enum Stage {
    Running,
    Done(Refreshed),
    /// The asking caller could not reach the server (or gave up): a waiter asks itself.
    Failed,
}

struct Flight {
    stage: Mutex<Stage>,
    changed: Condvar,
}

impl Flight {
    fn settle(&self, stage: Stage) {
        *lock(&self.stage) = stage;
        self.changed.notify_all();
    }

    /// The flight's end, or `None` when `deadline` comes first.
    fn wait_until(&self, deadline: Instant) -> Option<Option<Refreshed>> {
        let mut stage = lock(&self.stage);
        loop {
            match &*stage {
                Stage::Done(refreshed) => return Some(Some(refreshed.clone())),
                Stage::Failed => return Some(None),
                Stage::Running => {}
            }
            let left = deadline.checked_duration_since(Instant::now()).filter(|left| !left.is_zero())?;
            stage = self.changed.wait_timeout(stage, left).unwrap_or_else(|p| p.into_inner()).0;
        }
    }
}

/// Refreshes in flight, and those that gave tokens (kept so that a caller still presenting
/// the spent refresh token gets them).
static FLIGHTS: PerProcess<Mutex<HashMap<Key, Arc<Flight>>>> = PerProcess::new(Default::default);

/// Beyond this many remembered refreshes the finished ones are dropped; a caller that still
/// holds such old tokens then refreshes (and, its refresh token being spent, is told so).
const MAX_REMEMBERED: usize = 4096;

/// The tokens an earlier refresh in this process got for exactly these credentials and portal.
pub fn cached(portal: &str, credentials: &Credentials) -> Option<Refreshed> {
    let flight = lock(&FLIGHTS).get(&Key::new(portal, credentials)).cloned()?;
    let stage = lock(&flight.stage);
    match &*stage {
        Stage::Done(tokens @ Refreshed::Tokens { .. }) => Some(tokens.clone()),
        _ => None,
    }
}

/// Refreshes once per key: the first caller asks the server, callers that arrive meanwhile
/// wait for its answer until their own `deadline`, later ones get new tokens at once. A
/// refusal goes to the callers waiting for it and is then forgotten; a failure to reach the
/// server is the asking caller's error, and a waiting caller then asks itself.
pub fn refresh(
    portal: &str,
    credentials: &Credentials,
    options: &Options,
    deadline: Instant,
) -> Result<Refreshed> {
    let key = Key::new(portal, credentials);
    loop {
        let (flight, asking) = {
            let mut flights = lock(&FLIGHTS);
            match flights.get(&key) {
                Some(flight) => (Arc::clone(flight), false),
                None => {
                    if flights.len() >= MAX_REMEMBERED {
                        flights.retain(|_, flight| matches!(*lock(&flight.stage), Stage::Running));
                    }
                    let flight =
                        Arc::new(Flight { stage: Mutex::new(Stage::Running), changed: Condvar::new() });
                    flights.insert(key.clone(), Arc::clone(&flight));
                    (flight, true)
                }
            }
        };
        if asking {
            let mut landing = Landing { key: &key, flight: &flight, landed: false };
            let outcome = ask(credentials, options, deadline);
            landing.land(&outcome);
            return outcome;
        }
        match flight.wait_until(deadline) {
            Some(Some(refreshed)) => return Ok(refreshed),
            Some(None) => continue,
            None => {
                return Err(Error::OutOfTime(
                    "the call's timeout passed while another call was refreshing the same token, so the call was not repeated with new tokens".into(),
                ))
            }
        }
    }
}

/// Ends the asking caller's flight however its ask ends, a panic included, so that no waiter
/// or later caller is left with a flight that never lands.
struct Landing<'a> {
    key: &'a Key,
    flight: &'a Arc<Flight>,
    landed: bool,
}

impl Landing<'_> {
    fn land(&mut self, outcome: &Result<Refreshed>) {
        self.landed = true;
        match outcome {
            Ok(tokens @ Refreshed::Tokens { .. }) => self.flight.settle(Stage::Done(tokens.clone())),
            // Forgotten first, so that no caller arriving from now on is given it.
            Ok(refused) => {
                self.forget();
                self.flight.settle(Stage::Done(refused.clone()));
            }
            Err(_) => {
                self.forget();
                self.flight.settle(Stage::Failed);
            }
        }
    }

    fn forget(&self) {
        let mut flights = lock(&FLIGHTS);
        if flights.get(self.key).is_some_and(|flight| Arc::ptr_eq(flight, self.flight)) {
            flights.remove(self.key);
        }
    }
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        if !self.landed {
            self.forget();
            self.flight.settle(Stage::Failed);
        }
    }
}

fn ask(credentials: &Credentials, options: &Options, deadline: Instant) -> Result<Refreshed> {
    let remaining = deadline.saturating_duration_since(Instant::now());
    if remaining.is_zero() {
        return Err(Error::OutOfTime("the call's timeout passed before the token could be refreshed".into()));
    }
    let form = [
        ("grant_type", "refresh_token".to_string()),
        ("client_id", credentials.client_id.clone()),
        ("client_secret", credentials.client_secret.clone()),
        ("refresh_token", credentials.refresh_token.clone()),
    ];
    let options = Options { timeout: remaining, ..options.clone() };
    let answer = oauth::token(&credentials.server, &form, &options)?;
    let access_token = serde_json::from_str::<Value>(&answer)
        .ok()
        .and_then(|value| value.get("access_token").and_then(Value::as_str).map(str::to_string))
        .filter(|token| !token.is_empty());
    Ok(match access_token {
        Some(access_token) => Refreshed::Tokens { access_token, answer },
        None => Refreshed::Refused { answer },
    })
}

/// Runs `work` holding the token cache's lock (for the fork tests).
#[cfg(feature = "sandbox")]
pub(crate) fn hold_state<R>(work: impl FnOnce() -> R) -> R {
    let _held = lock(&FLIGHTS);
    work()
}

/// `answer` with one more top-level `key` holding `value` (JSON text), so that the caller
/// always finds the library's own value at that key and nowhere a duplicate: a JSON object
/// without that key gets it in front, the rest byte for byte; anything else (an object that
/// has such a key of its own, or a text that is not an object) is wrapped whole as
/// `{key: value, "answer": <the answer as it came>}`.
pub fn attach(answer: &str, key: &str, value: &str) -> String {
    let body = answer.trim_start_matches('\u{feff}');
    match serde_json::from_str::<HashMap<String, IgnoredAny>>(body) {
        Ok(members) if !members.contains_key(key) => {
            let open = answer.find('{').unwrap_or(0);
            let rest = &answer[open + 1..];
            let separator = if rest.trim_start().starts_with('}') { "" } else { "," };
            format!("{}{{\"{key}\":{value}{separator}{rest}", &answer[..open])
        }
        _ => {
            let whole = match serde_json::from_str::<IgnoredAny>(body) {
                Ok(_) => body.to_string(),
                Err(_) => Value::String(answer.to_string()).to_string(),
            };
            format!("{{\"{key}\":{value},\"{WRAPPED_KEY}\":{whole}}}")
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_added_at_the_front_and_the_rest_kept_byte_for_byte() {
        let answer = "{\"result\": 5,\n \"time\": {}}";
        assert_eq!(
            attach(answer, REFRESHED_KEY, "{\"a\":1}"),
            "{\"auth_refreshed\":{\"a\":1},\"result\": 5,\n \"time\": {}}"
        );
        assert_eq!(attach(" { } ", "k", "1"), " {\"k\":1 } ");
    }

    #[test]
    fn an_answer_that_cannot_take_the_key_is_wrapped_whole() {
        let own = r#"{"result":1,"auth_refreshed":"theirs"}"#;
        assert_eq!(attach(own, REFRESHED_KEY, "2"), format!("{{\"auth_refreshed\":2,\"answer\":{own}}}"));
        assert_eq!(
            attach("[{\"a\":1}]", REFRESHED_KEY, "2"),
            "{\"auth_refreshed\":2,\"answer\":[{\"a\":1}]}"
        );
        assert_eq!(attach("<html>", REFRESHED_KEY, "2"), "{\"auth_refreshed\":2,\"answer\":\"<html>\"}");
        // A nested key of that name is not the answer's own.
        let nested = r#"{"result":{"auth_refreshed":1}}"#;
        assert_eq!(attach(nested, REFRESHED_KEY, "2"), format!("{{\"auth_refreshed\":2,{}", &nested[1..]));
    }
}
