//! Calling a REST method on behalf of a table function: the portal and the transport
//! options come from the same arguments for every function that makes requests.

use serde_json::{Map, Value};

use crate::args::Args;
use crate::error::{Error, Result};
use crate::portal::Portal;
use crate::transport::{self, Options};

/// Runs `method` with `fields` against the portal that `url` and `token` name.
pub fn rest(args: &Args, method: &str, fields: Map<String, Value>) -> Result<String> {
    let portal = Portal::new(args.required_text("url"), args.text("token"))?;
    let options = Options {
        timeout: args.duration("timeout").unwrap_or(transport::DEFAULT_TIMEOUT),
        proxy: args.text("proxy").map(str::to_string),
    };
    transport::post(&portal, method, fields, &options)
}

/// The table's `Call`: any method, its parameters passed through as REST fields.
pub fn call_method(args: &Args) -> Result<String> {
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
    rest(args, method, fields)
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
