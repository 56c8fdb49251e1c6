//! What the library itself refuses or fails at, in the portal's own error shape.
//!
//! Every code starts with `B24_` so that a host can tell the library's errors from the
//! portal's (`MESSAGE_EMPTY`, `NO_AUTH_FOUND`, `expired_token`, ...) while checking one key,
//! `error`. The set is small and stable: hosts switch on it. Descriptions are written here
//! and nowhere else, and never carry a token or a webhook code.

use std::fmt;

use serde_json::json;

#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// The input text itself is unusable: NULL, not UTF-8, not JSON, not an object.
    InvalidInput(String),
    /// `b24_invoke` was given a name that is not in the function table.
    UnknownFunction(String),
    /// A parameter is missing, unknown, of the wrong type or of a refused value.
    InvalidParameter { key: String, reason: String },
    /// The process-wide HTTP client could not be built (TLS roots, system resources).
    ClientInit(String),
    /// No connection was made, so nothing reached the portal.
    ConnectionFailed(String),
    /// No answer within `timeout`; the request may have reached the portal.
    Timeout(String),
    /// The call's `timeout` passed before a request of it could be sent: nothing was sent.
    OutOfTime(String),
    /// The portal's limits would hold the request past the call's deadline: nothing was sent.
    RateLimited(String),
    /// The exchange broke after the request may have been sent.
    TransportFailed(String),
    /// The portal answered with a redirect, which is not followed (see `Portal`).
    Redirected(String),
    /// The portal's answer is not a JSON object (an HTML error page, a proxy's text).
    BadAnswer { status: u16, excerpt: String },
    /// A JSON answer lacks what a step of the function needs (an id to go on with).
    UnexpectedAnswer(String),
    /// The answer is larger than the library reads (an endless or runaway body).
    AnswerTooLarge(String),
    /// A call of a batch that was not run, because an earlier one failed and `halt` was set.
    NotRun(String),
    /// A list method ignored the cursor (the rows did not move on): the read stops rather
    /// than loop, with the rows read so far.
    ListStalled(String),
    /// A bug: a panic caught at the boundary.
    Internal,
}

/// Every code the library answers with, for docs and the tests that keep docs true.
pub const CODES: [&str; 14] = [
    "B24_INVALID_INPUT",
    "B24_INVALID_PARAMETER",
    "B24_UNKNOWN_FUNCTION",
    "B24_CLIENT_INIT",
    "B24_CONNECTION_FAILED",
    "B24_TIMEOUT",
    "B24_RATE_LIMITED",
    "B24_TRANSPORT_FAILED",
    "B24_REDIRECTED",
    "B24_BAD_ANSWER",
    "B24_ANSWER_TOO_LARGE",
    "B24_NOT_RUN",
    "B24_LIST_STALLED",
    "B24_INTERNAL",
];

impl Error {
    pub fn code(&self) -> &'static str {
        match self {
            Error::InvalidInput(_) => "B24_INVALID_INPUT",
            Error::UnknownFunction(_) => "B24_UNKNOWN_FUNCTION",
            Error::InvalidParameter { .. } => "B24_INVALID_PARAMETER",
            Error::ClientInit(_) => "B24_CLIENT_INIT",
            Error::ConnectionFailed(_) => "B24_CONNECTION_FAILED",
            Error::Timeout(_) | Error::OutOfTime(_) => "B24_TIMEOUT",
            Error::RateLimited(_) => "B24_RATE_LIMITED",
            Error::NotRun(_) => "B24_NOT_RUN",
            Error::ListStalled(_) => "B24_LIST_STALLED",
            Error::TransportFailed(_) => "B24_TRANSPORT_FAILED",
            Error::Redirected(_) => "B24_REDIRECTED",
            Error::BadAnswer { .. } | Error::UnexpectedAnswer(_) => "B24_BAD_ANSWER",
            Error::AnswerTooLarge(_) => "B24_ANSWER_TOO_LARGE",
            Error::Internal => "B24_INTERNAL",
        }
    }

    /// Whether the request may have reached the portal though no answer came: only a read may
    /// then be sent again.
    pub fn is_uncertain(&self) -> bool {
        match self {
            Error::Timeout(_) | Error::TransportFailed(_) => true,
            // A proxy's error page in front of a portal that may have run the request.
            Error::BadAnswer { status, .. } => *status >= 500,
            _ => false,
        }
    }

    pub fn invalid(key: &str, reason: impl Into<String>) -> Error {
        Error::InvalidParameter { key: key.to_string(), reason: reason.into() }
    }

    /// The answer a host receives: `{"error": CODE, "error_description": text}`, plus
    /// `"parameter": key` when one parameter is at fault, so a program need not parse the text.
    pub fn to_json(&self) -> String {
        match self {
            Error::InvalidParameter { key, .. } => {
                json!({ "error": self.code(), "error_description": self.to_string(), "parameter": key })
            }
            _ => json!({ "error": self.code(), "error_description": self.to_string() }),
        }
        .to_string()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidInput(why) => write!(f, "{why}"),
            Error::UnknownFunction(name) => write!(
                f,
                "no function named '{name}'; the names are OPI's, e.g. SendMessage, GetPictureBlock"
            ),
            Error::InvalidParameter { key, reason } => write!(f, "parameter '{key}': {reason}"),
            Error::ClientInit(why) => write!(f, "the HTTP client could not be built: {why}"),
            Error::ConnectionFailed(why) => write!(f, "{why}; nothing was sent"),
            Error::Timeout(why) => {
                write!(f, "{why}; the request may have reached the portal and was not repeated")
            }
            Error::TransportFailed(why) => {
                write!(f, "{why}; the request may have reached the portal and was not repeated")
            }
            Error::OutOfTime(why) => write!(f, "{why}; it was not sent"),
            Error::RateLimited(why) => write!(f, "{why}; nothing was sent"),
            Error::NotRun(why) => write!(f, "{why}"),
            Error::ListStalled(why) => write!(f, "{why}; the read stopped instead of looping"),
            Error::Redirected(why) => write!(f, "{why}"),
            Error::AnswerTooLarge(why) => write!(f, "{why}"),
            Error::UnexpectedAnswer(why) => write!(f, "{why}"),
            Error::BadAnswer { status, excerpt } => write!(
                f,
                "the portal answered HTTP {status} with a body that is not a JSON object: {excerpt}"
            ),
            Error::Internal => write!(
                f,
                "internal error in bitrix24-ffi (a bug; please report it); nothing else was affected"
            ),
        }
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// How a value is named in messages: its kind, never its content, which may be a secret.
pub fn kind_of(value: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_json_has_the_portal_shape() {
        let text = Error::invalid("chat", "is required").to_json();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["error"], "B24_INVALID_PARAMETER");
        assert_eq!(value["error_description"], "parameter 'chat': is required");
        assert_eq!(value["parameter"], "chat");
        assert_eq!(value.as_object().unwrap().len(), 3);
        let value: serde_json::Value = serde_json::from_str(&Error::Internal.to_json()).unwrap();
        assert_eq!(value.as_object().unwrap().len(), 2);
    }

    #[test]
    fn every_variant_has_a_listed_code_with_the_library_prefix() {
        let all = [
            Error::InvalidInput(String::new()),
            Error::UnknownFunction(String::new()),
            Error::invalid("k", ""),
            Error::ClientInit(String::new()),
            Error::ConnectionFailed(String::new()),
            Error::Timeout(String::new()),
            Error::OutOfTime(String::new()),
            Error::RateLimited(String::new()),
            Error::NotRun(String::new()),
            Error::ListStalled(String::new()),
            Error::TransportFailed(String::new()),
            Error::Redirected(String::new()),
            Error::BadAnswer { status: 500, excerpt: String::new() },
            Error::AnswerTooLarge(String::new()),
            Error::UnexpectedAnswer(String::new()),
            Error::Internal,
        ];
        for error in &all {
            assert!(error.code().starts_with("B24_"), "{}", error.code());
            assert!(CODES.contains(&error.code()), "{}", error.code());
        }
        for code in CODES {
            assert!(all.iter().any(|error| error.code() == code), "{code}");
        }
    }
}
