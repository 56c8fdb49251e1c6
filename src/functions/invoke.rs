//! The one path every surface takes into a function: parse the JSON input, check it against
//! the table, run, and turn any failure, a panic included, into the error answer. Always
//! returns JSON text, never fails.

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde_json::Value;

use super::args::Args;
use super::input;
use super::{self as table, call, Action, Function};
use crate::error::{Error, Result};
use std::path::PathBuf;

use crate::rest::auth::Credentials;
use crate::rest::{oauth, Options, Portal, Request, Session, DEFAULT_TIMEOUT};

/// A call's answer, and the token server's answer when the call refreshed the token (the
/// answer carries it too, as `auth_refreshed`; the 1C add-in keeps its refresh token from here,
/// never from the answer's text, which the portal wrote).
pub struct Answered {
    pub text: String,
    pub refreshed: Option<String>,
}

impl From<String> for Answered {
    fn from(text: String) -> Answered {
        Answered { text, refreshed: None }
    }
}

/// Runs `function` on JSON text.
pub fn invoke_text(function: &Function, input: &str) -> String {
    answer(|| run(function, input::parse(function, input)?)).text
}

/// Runs `function` on an already decoded input.
pub fn invoke_value(function: &Function, input: Value) -> String {
    answered_value(function, input).text
}

/// Runs the function with OPI name `name` on JSON text.
pub fn invoke_named(name: &str, input: &str) -> String {
    answered_named(name, input).text
}

/// [`invoke_value`], with what the call refreshed (the 1C add-in builds the input and keeps
/// its Refresh property from this).
pub fn answered_value(function: &Function, input: Value) -> Answered {
    answer(|| run(function, input))
}

/// [`invoke_named`], with what the call refreshed.
pub fn answered_named(name: &str, input: &str) -> Answered {
    answer(|| {
        let function = table::find(name.trim()).ok_or_else(|| Error::UnknownFunction(name.to_string()))?;
        run(function, input::parse(function, input)?)
    })
}

/// Checks the input, then does what the table says: build locally, or hand requests to a
/// session of the transport.
fn run(function: &Function, input: Value) -> Result<Answered> {
    let args = Args::parse(function, input)?;
    match &function.action {
        Action::Local(build) => Ok(build(&args)?.to_string().into()),
        Action::Rest(rest) => {
            let request = Request {
                method: rest.method.to_string(),
                verb: rest.verb,
                repeatable: rest.repeatable,
                payload: (rest.fields)(&args)?,
            };
            Ok(answered(session_of(&args)?, |session| Ok(session.send(&request)?.text)))
        }
        Action::AnyRest => {
            let request = call::request(&args)?;
            Ok(answered(session_of(&args)?, |session| Ok(session.send(&request)?.text)))
        }
        // A plan owns its arguments: Batch consumes its calls one by one.
        Action::Plan { run, .. } => Ok(answered(session_of(&args)?, |session| run(args, session))),
        Action::OAuth(form) => {
            let form = form(&args)?;
            Ok(oauth::token(&oauth::server(args.text("oauth_url")), &form, &options(&args))?.into())
        }
    }
}

/// A session of the portal with the transport options, read the same way for every function.
fn session_of(args: &Args) -> Result<Session> {
    let portal = Portal::new(args.required_text("url"), args.text("token"))?;
    Ok(Session::new(portal, options(args)))
}

/// Runs `work` with the session. Once a refresh has rotated the tokens, however the work ends
/// (an answer, an error, a panic) its answer carries the new ones: the caller's old refresh
/// token is spent.
fn answered(session: Session, work: impl FnOnce(&Session) -> Result<String>) -> Answered {
    let text = match catch_unwind(AssertUnwindSafe(|| work(&session))) {
        Ok(Ok(text)) => text,
        Ok(Err(error)) => error.to_json(),
        Err(_) => Error::Internal.to_json(),
    };
    Answered { text: session.deliver(text), refreshed: session.refreshed_tokens() }
}

fn options(args: &Args) -> Options {
    let refresh = match (args.text("refresh"), args.text("clientid"), args.text("clientsecret")) {
        (Some(refresh), Some(client_id), Some(client_secret)) => Some(Credentials {
            refresh_token: refresh.to_string(),
            client_id: client_id.to_string(),
            client_secret: client_secret.to_string(),
            server: oauth::server(args.text("oauth_url")),
        }),
        _ => None,
    };
    Options {
        timeout: args.duration("timeout").unwrap_or(DEFAULT_TIMEOUT),
        proxy: args.text("proxy").map(str::to_string),
        rate: args.rate("rate_limit"),
        limit_dir: args.text("limit_dir").map(PathBuf::from),
        refresh,
        bot_token: args.text("bottoken").map(str::to_string),
        ..Options::default()
    }
}

/// A panic is a bug, but it must not take the host process down with it.
fn answer(work: impl FnOnce() -> Result<Answered>) -> Answered {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(answered)) => answered,
        Ok(Err(error)) => error.to_json().into(),
        Err(_) => Error::Internal.to_json().into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_code(answer: &str) -> String {
        let value: Value = serde_json::from_str(answer).unwrap();
        value["error"].as_str().unwrap_or_default().to_string()
    }

    #[test]
    fn unknown_function_names_are_refused() {
        assert_eq!(error_code(&invoke_named("SendMesage", "{}")), "B24_UNKNOWN_FUNCTION");
    }

    #[test]
    fn text_that_is_not_json_is_refused() {
        let picture = table::find("GetPictureBlock").unwrap();
        for input in ["", "{", "{'title': 1}", "nul"] {
            assert_eq!(error_code(&invoke_text(picture, input)), "B24_INVALID_INPUT", "{input}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let send = table::find("SendMessage").unwrap();
        let deep = format!("{{\"blocks\": {}{}}}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(error_code(&invoke_text(send, &deep)), "B24_INVALID_INPUT");
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let answered = answer(|| panic!("a bug"));
        assert_eq!(error_code(&answered.text), "B24_INTERNAL");
    }
}
