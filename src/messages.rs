//! Message functions: OPI's parameters mapped to im.message.* fields.

use serde_json::{Map, Value};

use crate::args::Args;
use crate::call::rest;
use crate::error::{Error, Result};

/// SendMessage → im.message.add: DIALOG_ID ← chat, MESSAGE ← text, ATTACH ← blocks. Fields
/// that are not given are left out, as OPI does.
pub fn send_message(args: &Args) -> Result<String> {
    let mut fields = Map::new();
    fields.insert("DIALOG_ID".into(), Value::String(args.id("chat").unwrap_or_default()));
    if let Some(text) = args.text("text") {
        fields.insert("MESSAGE".into(), Value::String(text.to_string()));
    }
    if let Some(blocks) = args.json("blocks") {
        fields.insert("ATTACH".into(), blocks.clone());
    }
    if !fields.contains_key("MESSAGE") && !fields.contains_key("ATTACH") {
        return Err(Error::invalid("text", "is required unless blocks are given (Text or Attachments)"));
    }
    rest(args, "im.message.add", fields)
}
