//! The OAuth token server (`oauth.bitrix.info/oauth/token/` in real life), served by the same
//! listener at `/oauth/token/` so that token refresh can be tested end to end: codes are
//! one-shot, refresh tokens rotate (each refresh issues a new one and retires the old), and
//! issued access tokens are what the REST endpoints accept besides the fixed [`super::TOKEN`].
//!
//! Error answers follow `settings/oauth/error-codes.md`: `invalid_request`, `invalid_client`,
//! `invalid_grant`. The docs give no HTTP statuses; the sandbox uses 400, and 401 for
//! `invalid_client`, as RFC 6749 §5.2 does.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

use super::clock;
use super::http::{Response, JSON};
use super::state::CALLER;
use super::{AUTH_CODE, CLIENT_ID, CLIENT_SECRET};

/// How long issued access tokens live unless changed: the portal's hour.
pub(crate) const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);
/// The fake portal's member id (an application-facing portal identifier).
pub(crate) const MEMBER_ID: &str = "5a9d0c0ffee5a9d0c0ffee5a9d0c0ffe";

/// An access+refresh pair the token server issued.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
}

/// What the REST endpoints make of an `auth` value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum TokenState {
    Valid,
    Expired,
    Unknown,
}

struct Access {
    expires_at: SystemTime,
    forced_expired: bool,
}

pub(crate) struct Grants {
    access: HashMap<String, Access>,
    refresh: HashSet<String>,
    codes: HashSet<String>,
    lifetime: Duration,
    serial: u64,
    seed: u64,
    /// Successful refresh_token grants.
    pub refreshes: usize,
    /// Successful authorization_code grants.
    pub code_exchanges: usize,
}

impl Grants {
    pub fn new() -> Grants {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
        Grants {
            access: HashMap::new(),
            refresh: HashSet::new(),
            codes: HashSet::from([AUTH_CODE.to_string()]),
            lifetime: DEFAULT_LIFETIME,
            serial: 0,
            seed: nanos ^ 0x9e37_79b9_7f4a_7c15,
            refreshes: 0,
            code_exchanges: 0,
        }
    }

    pub fn check(&self, token: &str, now: SystemTime) -> TokenState {
        match self.access.get(token) {
            Some(access) if access.forced_expired || now >= access.expires_at => TokenState::Expired,
            Some(_) => TokenState::Valid,
            None => TokenState::Unknown,
        }
    }

    pub fn set_lifetime(&mut self, lifetime: Duration) {
        self.lifetime = lifetime;
    }

    pub fn expire_all(&mut self) {
        self.access.values_mut().for_each(|access| access.forced_expired = true);
    }

    /// A new one-shot authorization code.
    pub fn new_code(&mut self) -> String {
        let code = format!("sandbox-code-{}", self.random_hex(2));
        self.codes.insert(code.clone());
        code
    }

    pub fn issue(&mut self, now: SystemTime) -> TokenPair {
        let pair = TokenPair { access_token: self.random_hex(4), refresh_token: self.random_hex(4) };
        self.access.insert(
            pair.access_token.clone(),
            Access { expires_at: now + self.lifetime, forced_expired: false },
        );
        self.refresh.insert(pair.refresh_token.clone());
        pair
    }

    /// `groups` × 16 hex digits plus a 6-digit serial: unique, and unguessable enough for a fake.
    fn random_hex(&mut self, groups: usize) -> String {
        self.serial += 1;
        let mut text = String::new();
        for _ in 0..groups {
            // splitmix64
            self.seed = self.seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            text.push_str(&format!("{:016x}", z ^ (z >> 31)));
        }
        text.push_str(&format!("{:06x}", self.serial & 0xff_ffff));
        text
    }
}

/// Answers one request to `/oauth/token/`; `portal_url` ends with '/'.
pub(crate) fn token_endpoint(grants: &mut Grants, fields: &Value, portal_url: &str) -> Response {
    let text = |name: &str| fields.get(name).and_then(Value::as_str).unwrap_or("").to_string();
    let grant_type = text("grant_type");
    if grant_type != "authorization_code" && grant_type != "refresh_token" {
        return oauth_error(400, "invalid_request", "Unsupported or missing grant_type");
    }
    if text("client_id") != CLIENT_ID || text("client_secret") != CLIENT_SECRET {
        return oauth_error(401, "invalid_client", "Invalid client credentials");
    }
    let now = SystemTime::now();
    if grant_type == "authorization_code" {
        if !grants.codes.remove(&text("code")) {
            return oauth_error(400, "invalid_grant", "Invalid authorization code");
        }
        grants.code_exchanges += 1;
    } else {
        if !grants.refresh.remove(&text("refresh_token")) {
            return oauth_error(400, "invalid_grant", "Invalid refresh token");
        }
        grants.refreshes += 1;
    }
    let pair = grants.issue(now);
    let host = portal_url.trim_start_matches("http://").trim_end_matches('/');
    let now_secs = clock::unix_seconds(now).floor() as i64;
    let body = json!({
        "access_token": pair.access_token,
        "expires": now_secs + grants.lifetime.as_secs() as i64,
        "expires_in": grants.lifetime.as_secs(),
        "scope": "app",
        "domain": host,
        "server_endpoint": format!("{portal_url}rest/"),
        "status": "L",
        "client_endpoint": format!("{portal_url}rest/"),
        "member_id": MEMBER_ID,
        "user_id": CALLER,
        "refresh_token": pair.refresh_token,
    });
    Response { status: 200, content_type: JSON, body: body.to_string().into_bytes() }
}

fn oauth_error(status: u16, code: &str, description: &str) -> Response {
    let body = json!({"error": code, "error_description": description});
    Response { status, content_type: JSON, body: body.to_string().into_bytes() }
}
