//! Settings and authorisation: the app's authorisation link, tokens from the OAuth server,
//! and the portal's time.

use serde_json::Value;

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{answer, read_by_get, Action, Form, Function, Kind};
use crate::error::{Error, Result};

const SECTION: &str = "Settings and authorisation";

const CLIENT_ID: super::Param = required("clientid", "ClientID", Kind::Text, "the application's client id");
const CLIENT_SECRET: super::Param =
    required("clientsecret", "ClientSecret", Kind::Text, "the application's client secret");
const OAUTH_URL: super::Param = optional(
    "oauth_url",
    "OAuthURL",
    Kind::Text,
    "B24_OAUTH_URL, else https://oauth.bitrix.info/oauth/token/",
    "the OAuth token server to ask",
);

/// The token server's answer: the tokens, which the caller must store (the refresh token
/// changes with every refresh).
const TOKEN_ANSWER: &str = r#"{"access_token": "6b2e0667006e9f06006b12e4000000010000072c", "expires": 1728458347, "expires_in": 3600, "scope": "app", "domain": "oauth.bitrix.info", "server_endpoint": "https://oauth.bitrix.info/rest/", "status": "L", "client_endpoint": "https://portal.bitrix24.com/rest/", "member_id": "00168f0dd11ff00b4aeb8ce5befaa139", "user_id": 1, "refresh_token": "5bad2d67006e9f06006b12e400000001000007"}"#;

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "GetAppAuthLink",
        name_ru: "ПолучитьСсылкуАвторизацииПриложения",
        c_symbol: "b24_get_app_auth_link",
        section: SECTION,
        summary: "Builds the link that authorises the application on a portal (its answer is the link as a JSON string)",
        params: &[
            required("domain", "Domain", Kind::Text, "the portal's address, e.g. portal.bitrix24.com"),
            CLIENT_ID,
        ],
        action: Action::Local(auth_link),
        example: r#""https://portal.bitrix24.com/oauth/authorize/?client_id=local.6667fc928a50a9.70414732""#,
    },
    Function {
        name: "GetToken",
        name_ru: "ПолучитьТокен",
        c_symbol: "b24_get_token",
        section: SECTION,
        summary: "Exchanges the code from the authorisation link for tokens at the OAuth server",
        params: &[
            CLIENT_ID,
            CLIENT_SECRET,
            required("code", "Code", Kind::Text, "the code the portal returned after authorisation"),
            OAUTH_URL,
        ],
        action: Action::OAuth(get_token),
        example: TOKEN_ANSWER,
    },
    Function {
        name: "RefreshToken",
        name_ru: "ОбновитьТокен",
        c_symbol: "b24_refresh_token",
        section: SECTION,
        summary: "Gets new tokens with a refresh token at the OAuth server",
        params: &[
            CLIENT_ID,
            CLIENT_SECRET,
            required("refresh", "Refresh", Kind::Text, "the refresh token of the last token answer"),
            OAUTH_URL,
        ],
        action: Action::OAuth(refresh_token),
        example: TOKEN_ANSWER,
    },
    Function {
        name: "ServerTime",
        name_ru: "СерверноеВремя",
        c_symbol: "b24_server_time",
        section: SECTION,
        summary: "Gets the portal's current time",
        params: &[URL, TOKEN],
        action: read_by_get("server.time"),
        example: answer!(r#""2024-10-09T09:19:10+03:00""#),
    },
];

/// `https://<domain>/oauth/authorize/?client_id=<id>`; `https://` is added when the domain
/// has no scheme, and one `/` joins domain and path, as OPI builds it. Unlike OPI, a scheme
/// is `http://` or `https://` in any case, not any name that starts with "http".
fn auth_link(args: &Args) -> Result<Value> {
    let domain = args.required_text("domain").trim().trim_end_matches('/');
    if domain.is_empty() {
        return Err(Error::invalid("domain", "is blank"));
    }
    let lower = domain.to_ascii_lowercase();
    let domain = match ["https://", "http://"].iter().find(|scheme| lower.starts_with(*scheme)) {
        Some(scheme) => format!("{scheme}{}", &domain[scheme.len()..]),
        None => format!("https://{domain}"),
    };
    let client_id = crate::rest::form::percent(args.required_text("clientid").trim());
    Ok(Value::String(format!("{domain}/oauth/authorize/?client_id={client_id}")))
}

fn get_token(args: &Args) -> Result<Form> {
    Ok(vec![
        ("grant_type", "authorization_code".into()),
        ("client_id", args.required_text("clientid").into()),
        ("client_secret", args.required_text("clientsecret").into()),
        ("code", args.required_text("code").into()),
    ])
}

fn refresh_token(args: &Args) -> Result<Form> {
    Ok(vec![
        ("grant_type", "refresh_token".into()),
        ("client_id", args.required_text("clientid").into()),
        ("client_secret", args.required_text("clientsecret").into()),
        ("refresh_token", args.required_text("refresh").into()),
    ])
}
