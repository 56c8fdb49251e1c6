//! OAuth tokens that keep working: when the portal answers `expired_token`, the session asks
//! here for new tokens. Refresh tokens rotate (the old one stops working once used), so each
//! refresh token is used once per process: concurrent callers holding it wait for that one
//! refresh and share its result, and later callers that still pass the old tokens get the new
//! access token from here without another refresh.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use once_cell::sync::OnceCell;
use serde_json::Value;

use super::{oauth, Options, PerProcess};
use crate::error::Result;

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
    /// The server refused (`invalid_grant`, `invalid_client`, ...): its answer as it came.
    Refused { answer: String },
}

type Flight = Arc<OnceCell<Refreshed>>;

/// One refresh per refresh token, keyed by that token.
pub(crate) static BY_REFRESH_TOKEN: PerProcess<Mutex<HashMap<String, Flight>>> =
    PerProcess::new(Default::default);
/// The refresh that replaced an access token, keyed by the old access token.
pub(crate) static BY_OLD_ACCESS_TOKEN: PerProcess<Mutex<HashMap<String, Flight>>> =
    PerProcess::new(Default::default);

/// Beyond this many remembered refreshes the oldest knowledge is dropped; a caller that still
/// holds such old tokens then refreshes (and, its refresh token being spent, is told so).
const MAX_REMEMBERED: usize = 4096;

/// The new tokens for `access_token` if an earlier refresh in this process replaced it.
pub fn replacement(access_token: &str) -> Option<Refreshed> {
    lock(&BY_OLD_ACCESS_TOKEN).get(access_token).and_then(|flight| flight.get().cloned())
}

/// Refreshes once per refresh token: the first caller asks the server, callers that arrive
/// meanwhile wait for its answer, later ones get it at once. A failure to reach the server
/// is this caller's error and is not remembered, so the next caller tries again.
pub fn refresh(credentials: &Credentials, old_access_token: &str, options: &Options) -> Result<Refreshed> {
    let flight = {
        let mut flights = lock(&BY_REFRESH_TOKEN);
        if flights.len() >= MAX_REMEMBERED {
            flights.retain(|_, flight| flight.get().is_none());
        }
        Arc::clone(flights.entry(credentials.refresh_token.clone()).or_default())
    };
    let refreshed = flight.get_or_try_init(|| ask(credentials, options))?.clone();
    if matches!(refreshed, Refreshed::Tokens { .. }) {
        let mut replaced = lock(&BY_OLD_ACCESS_TOKEN);
        if replaced.len() >= MAX_REMEMBERED {
            replaced.clear();
        }
        replaced.insert(old_access_token.to_string(), flight);
    }
    Ok(refreshed)
}

fn ask(credentials: &Credentials, options: &Options) -> Result<Refreshed> {
    let form = [
        ("grant_type", "refresh_token".to_string()),
        ("client_id", credentials.client_id.clone()),
        ("client_secret", credentials.client_secret.clone()),
        ("refresh_token", credentials.refresh_token.clone()),
    ];
    let answer = oauth::token(&credentials.server, &form, options)?;
    let access_token = serde_json::from_str::<Value>(&answer)
        .ok()
        .and_then(|value| value.get("access_token").and_then(Value::as_str).map(str::to_string))
        .filter(|token| !token.is_empty());
    Ok(match access_token {
        Some(access_token) => Refreshed::Tokens { access_token, answer },
        None => Refreshed::Refused { answer },
    })
}

/// `answer` with one more top-level key holding `value` (JSON text), the rest byte for byte.
pub fn with_key(answer: &str, key: &str, value: &str) -> String {
    let Some(open) = answer.find('{') else { return answer.to_string() };
    let rest = &answer[open + 1..];
    let separator = if rest.trim_start().starts_with('}') { "" } else { "," };
    format!("{}{{\"{key}\":{value}{separator}{rest}", &answer[..open])
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
            with_key(answer, "auth_refreshed", "{\"a\":1}"),
            "{\"auth_refreshed\":{\"a\":1},\"result\": 5,\n \"time\": {}}"
        );
        assert_eq!(with_key(" { } ", "k", "1"), " {\"k\":1 } ");
    }
}
