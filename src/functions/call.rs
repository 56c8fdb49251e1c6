//! Calling any REST method with raw fields: the way to reach what the table has no function for.

use serde_json::{Map, Value};

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{Action, Function, Kind};
use crate::error::{Error, Result};
use crate::rest::Request;

pub static FUNCTIONS: &[Function] = &[Function {
    name: "Call",
    name_ru: "Вызвать",
    c_symbol: "b24_call",
    section: "Any method",
    summary: "Calls any REST method with the given parameters and returns the portal's answer",
    params: &[
        URL,
        required("method", "Method", Kind::Text, "REST method name, e.g. im.message.add or server.time"),
        optional(
            "params",
            "Params",
            Kind::Object,
            "{}",
            "the method's parameters as REST field names, e.g. {\"DIALOG_ID\": \"chat1\"}",
        ),
        TOKEN,
    ],
    action: Action::AnyRest,
    example: r#"{"result": "2024-10-09T09:19:10+03:00", "time": {"start": 1728454750, "finish": 1728454750.01, "duration": 0.01, "operating": 0}}"#,
}];

/// The request `Call` makes: a POST of the given fields, never repeated, since the library
/// cannot know whether the method changes something.
pub fn request(args: &Args) -> Result<Request> {
    let method = args.required_text("method").trim();
    if !is_method_name(method) {
        return Err(Error::invalid(
            "method",
            "must be a REST method name of letters, digits, '.' and '_', e.g. im.message.add",
        ));
    }
    let fields = match args.json("params") {
        Some(Value::Object(fields)) => fields.clone(),
        _ => Map::new(),
    };
    Ok(Request::change(method, fields))
}

/// Keeps the name from reaching into another path, a query or another host.
fn is_method_name(method: &str) -> bool {
    !method.is_empty()
        && method.len() <= 128
        && method.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_')
        && !method.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_names_cannot_leave_the_rest_path() {
        for good in ["im.message.add", "server.time", "crm.item.list", "batch", "im.v2.File.upload"] {
            assert!(is_method_name(good), "{good}");
        }
        for bad in ["", "../x", "im.message.add?x=1", "a/b", ".hidden", "im message", "im%2Fx"] {
            assert!(!is_method_name(bad), "{bad}");
        }
    }
}
