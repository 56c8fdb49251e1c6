//! Message functions: OPI's parameters mapped to im.message.* fields.

use serde_json::{Map, Value};

use crate::args::Args;
use crate::call::rest;
use crate::error::{Error, Result};

/// The portal keeps this many characters of a message, cuts the rest and appends " (...)"
/// (REST docs, chat-bots v2 `entities.md`, `imbot.v2/messages/chat-message-send.md`);
/// refusing a longer text up front tells the caller instead of losing its end silently.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// SendMessage → im.message.add: DIALOG_ID ← chat, MESSAGE ← text, ATTACH ← blocks. Fields
/// that are not given are left out, as OPI does.
pub fn send_message(args: &Args) -> Result<String> {
    let mut fields = Map::new();
    fields.insert("DIALOG_ID".into(), Value::String(args.id("chat").unwrap_or_default()));
    if let Some(text) = args.text("text") {
        let length = text.chars().count();
        if length > MAX_TEXT_CHARS {
            return Err(Error::invalid(
                "text",
                format!("is {length} characters long; Bitrix24 keeps {MAX_TEXT_CHARS} characters of a message and cuts the rest, so split it"),
            ));
        }
        fields.insert("MESSAGE".into(), Value::String(text.to_string()));
    }
    if let Some(blocks) = args.json("blocks") {
        fields.insert("ATTACH".into(), blocks.clone());
    }
    rest(args, "im.message.add", fields)
}
