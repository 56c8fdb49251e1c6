//! Who we talk to and how: a webhook URL, or a portal address with an OAuth token. Turns
//! what users type into the endpoint of a method, and says where a request went without
//! giving away the webhook code or the token.

use reqwest::Url;
use serde_json::{Map, Value};

use crate::error::{Error, Result};

#[derive(Debug, Clone, PartialEq)]
pub enum Auth {
    /// The code in the URL is the secret.
    Webhook { user: String, code: String },
    /// The token travels as `auth` in the body.
    Token(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Portal {
    /// `scheme://host[:port]`, what may be shown to anyone.
    origin: String,
    auth: Auth,
}

impl Portal {
    /// Accepts `https://portal/rest/1/code/` alone, or a portal address with a token. Spaces
    /// around, a missing trailing slash and a missing scheme (https) are fine; `http://` and
    /// a port are kept for on-premise portals. Unlike OPI, `www.` is left alone: it is part
    /// of some portals' names.
    pub fn new(url: &str, token: Option<&str>) -> Result<Portal> {
        let url = url.trim();
        if url.len() > MAX_URL_CHARS {
            return Err(Error::invalid(
                "url",
                format!(
                    "is {} characters long; a portal's address is far shorter (at most {MAX_URL_CHARS})",
                    url.len()
                ),
            ));
        }
        let with_scheme = if has_scheme(url) { url.to_string() } else { format!("https://{url}") };
        let parsed = Url::parse(&with_scheme)
            .map_err(|e| Error::invalid("url", format!("is not a usable address ({e})")))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(Error::invalid("url", "must be an http:// or https:// address"));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(Error::invalid("url", "has no host name"));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(Error::invalid("url", "must not carry a user name or password"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(Error::invalid("url", "must not have a ?query or #fragment"));
        }
        let origin = parsed.origin().ascii_serialization();
        let segments: Vec<&str> = parsed.path().split('/').filter(|s| !s.is_empty()).collect();
        let auth = match token.map(str::trim).filter(|t| !t.is_empty()) {
            Some(token) => token_auth(&segments, token)?,
            None => webhook_auth(&segments)?,
        };
        Ok(Portal { origin, auth })
    }

    /// Where a method is called: `<webhook>/<method>` or `<portal>/rest/<method>`.
    pub fn endpoint(&self, method: &str) -> String {
        match &self.auth {
            Auth::Webhook { user, code } => format!("{}/rest/{user}/{code}/{method}", self.origin),
            Auth::Token(_) => format!("{}/rest/{method}", self.origin),
        }
    }

    /// In token mode the body carries `auth`; a webhook needs nothing more.
    pub fn authorise(&self, fields: &mut Map<String, Value>) {
        if let Auth::Token(token) = &self.auth {
            fields.insert("auth".into(), Value::String(token.clone()));
        }
    }

    /// The endpoint as it may appear in messages and logs: the webhook code masked.
    pub fn shown(&self, method: &str) -> String {
        match &self.auth {
            Auth::Webhook { user, .. } => format!("{}/rest/{user}/***/{method}", self.origin),
            Auth::Token(_) => self.endpoint(method),
        }
    }

    /// Texts that must never appear in anything the library writes.
    pub fn secrets(&self) -> [&str; 1] {
        match &self.auth {
            Auth::Webhook { code, .. } => [code],
            Auth::Token(token) => [token],
        }
    }

    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The OAuth access token, in token mode.
    pub fn token(&self) -> Option<&str> {
        match &self.auth {
            Auth::Token(token) => Some(token),
            Auth::Webhook { .. } => None,
        }
    }

    /// The same portal with another access token (after a refresh).
    pub fn with_token(&self, token: &str) -> Portal {
        Portal { origin: self.origin.clone(), auth: Auth::Token(token.to_string()) }
    }
}

/// Longer URLs are refused before anything is sent: servers refuse request lines of more than
/// a few kilobytes, and no webhook URL comes near this.
pub const MAX_URL_CHARS: usize = 2048;

fn has_scheme(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

fn token_auth(segments: &[&str], token: &str) -> Result<Auth> {
    match segments {
        [] | ["rest"] => Ok(Auth::Token(token.to_string())),
        _ => Err(Error::invalid(
            "url",
            "with a token, pass the portal's address (https://portal.bitrix24.com), not a webhook URL or a page",
        )),
    }
}

fn webhook_auth(segments: &[&str]) -> Result<Auth> {
    const HOW: &str =
        "pass the webhook URL (https://portal/rest/<user id>/<code>/), or the portal's address with a token";
    match segments {
        ["rest", user, code] if !user.is_empty() && user.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Auth::Webhook { user: user.to_string(), code: code.to_string() })
        }
        [] | ["rest"] => {
            Err(Error::invalid("url", format!("is a portal address but no token was given: {HOW}")))
        }
        _ => Err(Error::invalid("url", format!("is not a webhook URL: {HOW}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (url, token, the endpoint of im.message.add, or the refused parameter's reason part)
    const CASES: &[(&str, Option<&str>, std::result::Result<&str, &str>)] = &[
        (
            "https://b24.example.com/rest/1/abc123/",
            None,
            Ok("https://b24.example.com/rest/1/abc123/im.message.add"),
        ),
        (
            "https://b24.example.com/rest/1/abc123",
            None,
            Ok("https://b24.example.com/rest/1/abc123/im.message.add"),
        ),
        (
            "  https://b24.example.com/rest/1/abc123/  ",
            None,
            Ok("https://b24.example.com/rest/1/abc123/im.message.add"),
        ),
        ("b24.example.com/rest/1/abc123", None, Ok("https://b24.example.com/rest/1/abc123/im.message.add")),
        (
            "HTTPS://B24.Example.com/rest/1/abc123/",
            None,
            Ok("https://b24.example.com/rest/1/abc123/im.message.add"),
        ),
        (
            "http://127.0.0.1:8080/rest/7/abc123/",
            None,
            Ok("http://127.0.0.1:8080/rest/7/abc123/im.message.add"),
        ),
        ("www.portal.ru/rest/1/abc123/", None, Ok("https://www.portal.ru/rest/1/abc123/im.message.add")),
        ("b24.example.com", Some("tok"), Ok("https://b24.example.com/rest/im.message.add")),
        ("https://b24.example.com/", Some("tok"), Ok("https://b24.example.com/rest/im.message.add")),
        ("https://b24.example.com/rest/", Some("tok"), Ok("https://b24.example.com/rest/im.message.add")),
        (" http://localhost:9000 ", Some(" tok "), Ok("http://localhost:9000/rest/im.message.add")),
        ("b24.example.com", None, Err("no token was given")),
        ("b24.example.com", Some("  "), Err("no token was given")),
        ("https://b24.example.com/rest/1/abc123/", Some("tok"), Err("not a webhook URL or a page")),
        ("https://b24.example.com/rest/x/abc123/", None, Err("is not a webhook URL")),
        ("https://b24.example.com/rest/1/abc123/im.message.add", None, Err("is not a webhook URL")),
        ("https://b24.example.com/crm/", None, Err("is not a webhook URL")),
        ("ftp://b24.example.com/rest/1/abc123/", None, Err("http:// or https://")),
        ("https://user:pw@b24.example.com/rest/1/abc123/", None, Err("user name or password")),
        ("https://b24.example.com/rest/1/abc123/?x=1", None, Err("?query")),
        ("https://", None, Err("not a usable address")),
        ("https://b24.example.com:99999/rest/1/c0de/", None, Err("not a usable address")),
    ];

    #[test]
    fn an_address_too_long_to_send_is_refused_without_echoing_it() {
        let url = format!("https://b24.example.com/rest/1/{}/", "c0de".repeat(1000));
        let error = Portal::new(&url, None).unwrap_err();
        assert_eq!(error.code(), "B24_INVALID_PARAMETER");
        assert!(error.to_string().contains("characters long") && !error.to_string().contains("c0dec0de"));
    }

    #[test]
    fn url_normalisation() {
        for (url, token, expected) in CASES {
            let got = Portal::new(url, *token).map(|p| p.endpoint("im.message.add"));
            match (got, expected) {
                (Ok(endpoint), Ok(want)) => assert_eq!(&endpoint, want, "{url}"),
                (Err(error), Err(want)) => {
                    assert_eq!(error.code(), "B24_INVALID_PARAMETER", "{url}");
                    let text = error.to_string();
                    assert!(text.starts_with("parameter 'url'") && text.contains(want), "{url}: {text}");
                    assert!(!text.contains("abc123"), "{url}: the code leaked: {text}");
                }
                (got, want) => panic!("{url}: got {got:?}, want {want:?}"),
            }
        }
    }

    #[test]
    fn token_mode_puts_auth_in_the_body_and_webhooks_do_not() {
        let mut fields = Map::new();
        Portal::new("p.example.com", Some("tok")).unwrap().authorise(&mut fields);
        assert_eq!(fields["auth"], "tok");
        let mut fields = Map::new();
        Portal::new("p.example.com/rest/1/c0de", None).unwrap().authorise(&mut fields);
        assert!(fields.is_empty());
    }

    #[test]
    fn the_shown_endpoint_masks_the_webhook_code() {
        use crate::rest::redact::redact;
        let portal = Portal::new("p.example.com/rest/1/c0de", None).unwrap();
        assert_eq!(portal.shown("server.time"), "https://p.example.com/rest/1/***/server.time");
        assert_eq!(redact("GET /rest/1/c0de/x failed", &portal.secrets()), "GET /rest/1/***/x failed");
    }
}
