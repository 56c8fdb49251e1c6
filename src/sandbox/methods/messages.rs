//! im.message.add, .update, .delete and .like (`api-reference/chats/messages/`).
//!
//! Leniencies kept from the first sandbox, so clients can post without setting anything up:
//! a message to `chatN` for a chat that does not exist creates it (caller as owner and only
//! member, title "Chat N"); a private dialog with a user the portal does not know is accepted.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use super::{err, id_param, param, yes_no, Answer, ApiError, Ctx, Dialog};
use crate::sandbox::state::{dialog_chat_id, Store, DELETED_TEXT};

/// The serialized ATTACH limit (`chats/messages/index.md`: "limited to 60,000 characters").
const ATTACH_MAX_CHARS: usize = 60_000;

pub(super) fn add(ctx: &Ctx, fields: &Value) -> Answer {
    let dialog_id = dialog_id(param(fields, "DIALOG_ID"))?;
    let attach = attach(param(fields, "ATTACH"))?;
    let keyboard = keyboard_or_menu(param(fields, "KEYBOARD"), "KEYBOARD")?.unwrap_or(None);
    let menu = keyboard_or_menu(param(fields, "MENU"), "MENU")?.unwrap_or(None);
    let message = message_text(param(fields, "MESSAGE"));
    let has_text = message.as_deref().is_some_and(|text| !text.trim().is_empty());
    if !has_text && attach.is_none() {
        return Err(err(400, "MESSAGE_EMPTY", "Message can't be empty"));
    }
    check_attach_size(attach.as_ref())?;
    let reply_id = id_param(fields, "REPLY_ID");
    let mut stored_fields = fields.clone();
    if let Some(object) = stored_fields.as_object_mut() {
        object.remove("auth");
    }

    let mut store = ctx.store();
    if let Some(chat_id) = dialog_chat_id(&dialog_id) {
        match store.data.chats.get(&chat_id) {
            Some(chat) if !chat.members.contains(&ctx.caller) => {
                return Err(err(400, "ACCESS_ERROR", "You do not have access to the specified dialog"))
            }
            Some(_) => {}
            None => {
                let members = BTreeSet::from([ctx.caller]);
                store.insert_chat(chat_id, ctx.caller, members, format!("Chat {chat_id}"), ctx.now_secs());
            }
        }
    }
    if let Some(reply_id) = reply_id {
        match store.data.messages.get(&reply_id) {
            None => return Err(err(400, "REPLY_ACCESS_ERROR", "Message to reply to not found")),
            Some(original) if original.dialog_id != dialog_id => {
                return Err(err(400, "REPLY_FROM_OTHER_CHAT_ERROR", "Message to reply to is in another chat"))
            }
            Some(_) => {}
        }
    }
    let mut posted = store.new_message(&dialog_id, ctx.caller, message, ctx.now_secs());
    posted.attach = attach;
    posted.fields = stored_fields;
    posted.keyboard = keyboard;
    posted.menu = menu;
    posted.system = yes_no(fields, "SYSTEM", false);
    posted.url_preview = yes_no(fields, "URL_PREVIEW", true);
    posted.reply_id = reply_id;
    let id = posted.id;
    if ctx.keep_records() {
        store.post(posted);
    } else {
        store.feed(&posted);
    }
    Ok(json!(id).into())
}

/// MESSAGE replaces the text (empty text and no attachment left deletes the message, as the
/// portal does); ATTACH, KEYBOARD and MENU replace theirs, "N" removes them; IS_EDITED (default
/// Y) marks the message edited.
pub(super) fn update(ctx: &Ctx, fields: &Value) -> Answer {
    let id = message_id(fields)?;
    let attach = match param(fields, "ATTACH") {
        Some(Value::String(text)) if text.trim().eq_ignore_ascii_case("N") => Some(None),
        None => None,
        value => Some(attach(value)?),
    };
    check_attach_size(attach.as_ref().and_then(Option::as_ref))?;
    let keyboard = keyboard_or_menu(param(fields, "KEYBOARD"), "KEYBOARD")?;
    let menu = keyboard_or_menu(param(fields, "MENU"), "MENU")?;
    let text = param(fields, "MESSAGE").map(|value| message_text(Some(value)).unwrap_or_default());

    let mut store = ctx.store();
    let message = own_live_message(ctx, &mut store, id)?;
    if let Some(text) = text {
        message.message = Some(text);
    }
    if let Some(attach) = attach {
        message.attach = attach;
    }
    if let Some(keyboard) = keyboard {
        message.keyboard = keyboard;
    }
    if let Some(menu) = menu {
        message.menu = menu;
    }
    if param(fields, "URL_PREVIEW").is_some() {
        message.url_preview = yes_no(fields, "URL_PREVIEW", true);
    }
    let left_empty = message.message.as_deref().is_none_or(|t| t.trim().is_empty())
        && message.attach.is_none()
        && message.file_ids.is_empty();
    if left_empty {
        mark_deleted(message);
    } else if yes_no(fields, "IS_EDITED", true) {
        message.edited = true;
        message.params.insert("IS_EDITED".into(), json!("Y"));
    }
    Ok(json!(true).into())
}

/// Leaves the message in place, marked IS_DELETED=Y with the portal's placeholder text.
pub(super) fn delete(ctx: &Ctx, fields: &Value) -> Answer {
    let id = message_id(fields)?;
    let mut store = ctx.store();
    mark_deleted(own_live_message(ctx, &mut store, id)?);
    Ok(json!(true).into())
}

/// ACTION auto (default) toggles the caller's like, plus and minus set it; setting the state
/// it already has is WITHOUT_CHANGES.
pub(super) fn like(ctx: &Ctx, fields: &Value) -> Answer {
    let id = message_id(fields)?;
    let action = param(fields, "ACTION").and_then(Value::as_str).unwrap_or("auto").to_ascii_lowercase();
    let mut store = ctx.store();
    let message = live_message(&mut store, id)?;
    let liked = message.likes.contains(&ctx.caller);
    let want = match action.as_str() {
        "plus" => true,
        "minus" => false,
        _ => !liked,
    };
    if want == liked {
        return Err(err(400, "WITHOUT_CHANGES", "Action completed without changes"));
    }
    if want {
        message.likes.insert(ctx.caller);
    } else {
        message.likes.remove(&ctx.caller);
    }
    Ok(json!(true).into())
}

fn message_id(fields: &Value) -> Result<u64, ApiError> {
    id_param(fields, "MESSAGE_ID").ok_or_else(message_id_error)
}

fn message_id_error() -> ApiError {
    err(400, "MESSAGE_ID_ERROR", "Message ID can't be empty")
}

fn live_message(store: &mut Store, id: u64) -> Result<&mut crate::sandbox::PostedMessage, ApiError> {
    store.data.messages.get_mut(&id).filter(|m| !m.is_deleted()).ok_or_else(message_id_error)
}

fn own_live_message<'s>(
    ctx: &Ctx,
    store: &'s mut Store,
    id: u64,
) -> Result<&'s mut crate::sandbox::PostedMessage, ApiError> {
    let message = live_message(store, id)?;
    if message.author_id != ctx.caller {
        return Err(err(
            400,
            "CANT_EDIT_MESSAGE",
            "Time has expired for modification or you don't have access",
        ));
    }
    Ok(message)
}

pub(super) fn mark_deleted(message: &mut crate::sandbox::PostedMessage) {
    message.message = Some(DELETED_TEXT.to_string());
    message.attach = None;
    message.keyboard = None;
    message.menu = None;
    message.file_ids.clear();
    message.params.insert("IS_DELETED".into(), json!("Y"));
}

/// `chatN`, `sgN` or a user id N, with N a positive integer. The docs name USER_ID_EMPTY
/// ("User ID can't be empty") for a missing or invalid DIALOG_ID; a malformed chat id gets
/// CHAT_ID_EMPTY, the code an earlier version of the same page gave for it.
pub(super) fn dialog_id(value: Option<&Value>) -> Result<String, ApiError> {
    if let Some(dialog) = Dialog::parse(value) {
        return Ok(dialog.id());
    }
    let looks_like_chat = matches!(value, Some(Value::String(text))
        if text.trim().starts_with("chat") || text.trim().starts_with("sg"));
    if looks_like_chat {
        Err(err(400, "CHAT_ID_EMPTY", "Chat ID can't be empty"))
    } else {
        Err(err(400, "USER_ID_EMPTY", "User ID can't be empty"))
    }
}

/// MESSAGE as text; a number is taken as its decimal text, the way PHP would.
pub(super) fn message_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// ATTACH as a JSON array or object; a JSON string holding one is parsed. An empty
/// attachment counts as none.
pub(super) fn attach(value: Option<&Value>) -> Result<Option<Value>, ApiError> {
    json_blocks(value).map_err(|()| err(400, "ATTACH_ERROR", "Incorrect attach params"))
}

pub(super) fn check_attach_size(attach: Option<&Value>) -> Result<(), ApiError> {
    match attach {
        Some(attach) if serialized_chars(attach) > ATTACH_MAX_CHARS => {
            Err(err(400, "ATTACH_OVERSIZE", "You have exceeded the maximum allowable size of attach"))
        }
        _ => Ok(()),
    }
}

/// KEYBOARD or MENU: None when absent, Some(None) for "N" (remove), Some(Some(v)) otherwise.
fn keyboard_or_menu(value: Option<&Value>, what: &str) -> Result<Option<Option<Value>>, ApiError> {
    match value {
        None => Ok(None),
        Some(Value::String(text)) if text.trim().eq_ignore_ascii_case("N") => Ok(Some(None)),
        Some(value) => json_blocks(Some(value)).map(Some).map_err(|()| {
            err(400, &format!("{what}_ERROR"), &format!("Incorrect {} params", what.to_lowercase()))
        }),
    }
}

fn json_blocks(value: Option<&Value>) -> Result<Option<Value>, ()> {
    let parsed = match value {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => return Ok(None),
        Some(Value::String(text)) => serde_json::from_str(text).map_err(|_| ())?,
        Some(other) => other.clone(),
    };
    match &parsed {
        Value::Array(items) if items.is_empty() => Ok(None),
        Value::Object(map) if map.is_empty() => Ok(None),
        Value::Array(_) | Value::Object(_) => Ok(Some(parsed)),
        _ => Err(()),
    }
}

fn serialized_chars(value: &Value) -> usize {
    serde_json::to_string(value).map_or(usize::MAX, |text| text.chars().count())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dialog_ids_follow_the_documented_formats() {
        for good in [json!("chat5"), json!("sg12"), json!("256"), json!(256), json!(" chat7 ")] {
            assert!(dialog_id(Some(&good)).is_ok(), "{good}");
        }
        for (bad, code) in [
            (json!(""), "USER_ID_EMPTY"),
            (json!("0"), "USER_ID_EMPTY"),
            (json!(-3), "USER_ID_EMPTY"),
            (json!(1.5), "USER_ID_EMPTY"),
            (json!("abc"), "USER_ID_EMPTY"),
            (json!(null), "USER_ID_EMPTY"),
            (json!(["chat1"]), "USER_ID_EMPTY"),
            (json!("chat"), "CHAT_ID_EMPTY"),
            (json!("chat0"), "CHAT_ID_EMPTY"),
            (json!("sgx"), "CHAT_ID_EMPTY"),
        ] {
            let error = dialog_id(Some(&bad)).expect_err(&bad.to_string());
            assert_eq!((error.status, error.code.as_str()), (400, code), "{bad}");
        }
        assert!(dialog_id(None).is_err());
    }

    #[test]
    fn attach_accepts_arrays_objects_and_json_strings() {
        assert_eq!(attach(Some(&json!([{"MESSAGE": "x"}]))).ok().flatten(), Some(json!([{"MESSAGE": "x"}])));
        assert_eq!(attach(Some(&json!({"BLOCKS": []}))).ok().flatten(), Some(json!({"BLOCKS": []})));
        assert_eq!(
            attach(Some(&json!(r#"[{"MESSAGE":"x"}]"#))).ok().flatten(),
            Some(json!([{"MESSAGE": "x"}]))
        );
        assert_eq!(attach(Some(&json!([]))).ok().flatten(), None);
        assert_eq!(attach(Some(&json!(""))).ok().flatten(), None);
        assert!(attach(Some(&json!("not json"))).is_err());
        assert!(attach(Some(&json!(5))).is_err());
    }

    #[test]
    fn keyboard_n_removes_and_garbage_is_keyboard_error() {
        assert_eq!(keyboard_or_menu(Some(&json!("N")), "KEYBOARD").unwrap(), Some(None));
        assert_eq!(keyboard_or_menu(None, "MENU").unwrap(), None);
        let error = keyboard_or_menu(Some(&json!("{oops")), "MENU").unwrap_err();
        assert_eq!(error.code, "MENU_ERROR");
    }
}
