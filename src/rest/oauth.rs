//! The OAuth server that issues and refreshes access tokens (not the portal). Its parameters
//! go in a POST form body, which the server accepts as well as a query, so that the client
//! secret never sits in a URL or a server's access log.

use std::time::Duration;

use super::http::{self, Body, Exchange};
use super::{form, Options, Verb};
use crate::error::{Error, Result};

/// Bitrix24's own OAuth server, for cloud portals.
pub const DEFAULT_SERVER: &str = "https://oauth.bitrix.info/oauth/token/";

/// The environment variable that points every call at another server (the sandbox's, or an
/// on-premise portal's).
pub const SERVER_VARIABLE: &str = "B24_OAUTH_URL";

/// The server to ask: the one given with the call, else `B24_OAUTH_URL`, else Bitrix24's.
pub fn server(given: Option<&str>) -> String {
    given
        .map(str::to_string)
        .or_else(|| std::env::var(SERVER_VARIABLE).ok().filter(|url| !url.trim().is_empty()))
        .unwrap_or_else(|| DEFAULT_SERVER.to_string())
}

/// Asks the token server with `form` (grant_type and its fields) and returns its answer as it
/// came: the new tokens, or its error such as `invalid_grant`.
pub fn token(server: &str, form: &[(&str, String)], options: &Options) -> Result<String> {
    let url = reqwest::Url::parse(server.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
        .filter(|url| url.username().is_empty() && url.password().is_none())
        .ok_or_else(|| {
            Error::invalid("oauth_url", "must be the token server's http:// or https:// address")
        })?;
    let origin = url.origin().ascii_serialization();
    let body: Vec<String> = form
        .iter()
        .map(|(name, value)| format!("{}={}", form::percent(name), form::percent(value)))
        .collect();
    let mut secrets: Vec<String> = form
        .iter()
        .filter(|(name, _)| matches!(*name, "client_secret" | "code" | "refresh_token"))
        .map(|(_, value)| value.clone())
        .collect();
    secrets.extend(options.secrets());
    let exchange = Exchange {
        verb: Verb::Post,
        shown: format!("{origin}{}", url.path()),
        url: url.to_string(),
        origin: &origin,
        body: Some(Body {
            content_type: "application/x-www-form-urlencoded",
            data: reqwest::blocking::Body::from(body.join("&")),
        }),
        secrets,
    };
    Ok(http::exchange(exchange, options, options.timeout.max(Duration::from_millis(1)))?.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_given_server_comes_before_the_environment_and_the_default() {
        assert_eq!(server(Some("http://127.0.0.1:9/oauth/token/")), "http://127.0.0.1:9/oauth/token/");
        if std::env::var_os(SERVER_VARIABLE).is_none() {
            assert_eq!(server(None), DEFAULT_SERVER);
        }
    }

    #[test]
    fn a_server_that_is_not_http_is_refused_naming_the_key() {
        for bad in ["ftp://x/", "not a url", "https://user:pw@x/"] {
            let error = token(bad, &[], &Options::default()).unwrap_err();
            assert!(error.to_string().starts_with("parameter 'oauth_url'"), "{bad}: {error}");
            assert!(!error.to_string().contains("pw"));
        }
    }
}
