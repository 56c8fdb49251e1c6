//! Group chats: im.chat.add, the member methods and the chat-update methods
//! (`api-reference/chats/im-chat-add.md`, `chat-users/`, `chat-update/`,
//! `special-operations/im-chat-mute.md`).
//!
//! Who may do what: any member may add users, rename, recolour, change the avatar, mute and
//! leave; only the owner may remove someone else or hand ownership over. A chat the caller is
//! not in answers ACCESS_ERROR, whether or not it exists. The portal's "X joined" system
//! messages are not posted, so that message counts stay what a test posted.

use std::collections::BTreeSet;
use std::sync::Arc;

use serde_json::{json, Value};

use super::{chat_id_param, err, id_list, id_param, member_chat, param, text, yes_no, Answer, ApiError, Ctx};
use crate::sandbox::base64;
use crate::sandbox::state::{ChatType, CHAT_COLORS};

/// Creates a chat with the caller, USERS and OWNER_ID (default: the caller) as members, and
/// posts MESSAGE in it as the caller. Answers the new chat id.
pub(super) fn add(ctx: &Ctx, fields: &Value) -> Answer {
    let kind = match text(fields, "TYPE").map(|t| t.trim().to_ascii_uppercase()).as_deref() {
        Some("OPEN") => ChatType::Open,
        _ => ChatType::Chat,
    };
    let color = match text(fields, "COLOR").filter(|c| !c.trim().is_empty()) {
        Some(color) => color_code(&color)?,
        None => String::new(),
    };
    let avatar = match text(fields, "AVATAR").filter(|a| !a.trim().is_empty()) {
        Some(encoded) => Some(avatar_bytes(&encoded)?),
        None => None,
    };
    let users = match param(fields, "USERS") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) if items.is_empty() => Vec::new(),
        Some(Value::String(text)) if text.trim().is_empty() => Vec::new(),
        Some(_) => id_list(fields, "USERS").ok_or_else(user_not_found)?,
    };
    let owner = id_param(fields, "OWNER_ID").unwrap_or(ctx.caller);
    let first_message =
        super::messages::message_text(param(fields, "MESSAGE")).filter(|m| !m.trim().is_empty());

    let mut store = ctx.store();
    let mut members = BTreeSet::from([ctx.caller, owner]);
    members.extend(users);
    if members.iter().any(|id| !store.data.users.contains_key(id)) {
        return Err(user_not_found());
    }
    let id = store.take_chat_id();
    let title =
        text(fields, "TITLE").filter(|t| !t.trim().is_empty()).unwrap_or_else(|| format!("Chat {id}"));
    store.insert_chat(id, owner, members, title, ctx.now_secs());
    let chat = store.data.chats.get_mut(&id).expect("just inserted");
    chat.kind = kind;
    chat.color = color;
    chat.avatar = avatar;
    chat.description = text(fields, "DESCRIPTION").unwrap_or_default();
    chat.entity_type = text(fields, "ENTITY_TYPE").unwrap_or_default();
    chat.entity_id = text(fields, "ENTITY_ID").unwrap_or_default();
    let dialog_id = chat.dialog_id();
    if let Some(text) = first_message {
        let message = store.new_message(&dialog_id, ctx.caller, Some(text), ctx.now_secs());
        if ctx.keep_records() {
            store.data.messages.insert(message.id, message);
        }
    }
    Ok(json!(id).into())
}

/// Member ids, ascending.
pub(super) fn user_list(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let mut store = ctx.store();
    let chat = member_chat(ctx, &mut store, chat_id)?;
    Ok(json!(chat.members).into())
}

/// USERS join; with HIDE_HISTORY=Y they do not see the messages posted before.
pub(super) fn user_add(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let users =
        id_list(fields, "USERS").ok_or_else(|| err(400, "USER_ID_EMPTY", "User ID can't be empty"))?;
    let hide_history = yes_no(fields, "HIDE_HISTORY", false);
    let mut store = ctx.store();
    if users.iter().any(|id| !store.data.users.contains_key(id)) {
        return Err(user_not_found());
    }
    let dialog_id = format!("chat{chat_id}");
    let last = store.data.dialog_messages(&dialog_id).last().map_or(0, |m| m.id);
    let chat = member_chat(ctx, &mut store, chat_id)?;
    for user in users {
        if chat.members.insert(user) && hide_history {
            chat.hidden_history.insert(user, last);
        }
    }
    Ok(json!(true).into())
}

/// The owner may remove anyone; a member only themselves.
pub(super) fn user_delete(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let user =
        id_param(fields, "USER_ID").ok_or_else(|| err(400, "USER_ID_EMPTY", "User ID can't be empty"))?;
    let mut store = ctx.store();
    let chat = member_chat(ctx, &mut store, chat_id)?;
    if user != ctx.caller && chat.owner != ctx.caller {
        return Err(err(
            403,
            "ACCESS_DENIED_KICK",
            "Insufficient rights to exclude participants from the chat",
        ));
    }
    if !chat.members.contains(&user) {
        return Err(err(400, "USER_NOT_FOUND", "The specified user is not in the chat"));
    }
    remove_member(chat, user);
    Ok(json!(true).into())
}

/// An owner who leaves hands the chat to the member with the lowest id.
pub(super) fn leave(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let mut store = ctx.store();
    let chat = member_chat(ctx, &mut store, chat_id)
        .map_err(|_| err(403, "ACCESS_DENIED_KICK", "Access denied to kick user from chat"))?;
    remove_member(chat, ctx.caller);
    Ok(json!(true).into())
}

pub(super) fn set_owner(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let user =
        id_param(fields, "USER_ID").ok_or_else(|| err(400, "USER_ID_EMPTY", "User ID can't be empty"))?;
    let mut store = ctx.store();
    let chat = member_chat(ctx, &mut store, chat_id)?;
    if chat.owner != ctx.caller || !chat.members.contains(&user) {
        return Err(err(400, "WRONG_REQUEST", "Change owner can only owner and user must be member in chat"));
    }
    chat.owner = user;
    Ok(json!(true).into())
}

pub(super) fn update_title(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let title = text(fields, "TITLE").map(|t| t.trim().to_string()).filter(|t| !t.is_empty());
    let title = title.ok_or_else(|| err(400, "TITLE_EMPTY", "Title can't be empty"))?;
    let mut store = ctx.store();
    member_chat(ctx, &mut store, chat_id)?.title = title;
    Ok(json!(true).into())
}

/// COLOR must be one of the 16 codes; setting the current one is WRONG_REQUEST, as documented.
pub(super) fn update_color(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let color = color_code(&text(fields, "COLOR").unwrap_or_default())?;
    let mut store = ctx.store();
    let chat = member_chat(ctx, &mut store, chat_id)?;
    if chat.color == color {
        return Err(err(400, "WRONG_REQUEST", "This color currently set or chat doesn't exist"));
    }
    chat.color = color;
    Ok(json!(true).into())
}

/// AVATAR is base64 of a PNG, JPEG, GIF, WEBP or BMP image; the decoded bytes are stored.
pub(super) fn update_avatar(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let bytes = avatar_bytes(&text(fields, "AVATAR").unwrap_or_default())?;
    let mut store = ctx.store();
    member_chat(ctx, &mut store, chat_id)?.avatar = Some(bytes);
    Ok(json!(true).into())
}

/// MUTE=Y (the default) mutes the chat for the caller, N unmutes it.
pub(super) fn mute(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let on = yes_no(fields, "MUTE", true);
    let mut store = ctx.store();
    let chat = member_chat(ctx, &mut store, chat_id)
        .map_err(|_| err(403, "ACCESS_ERROR", "This chat cannot be muted"))?;
    if on {
        chat.muted_by.insert(ctx.caller);
    } else {
        chat.muted_by.remove(&ctx.caller);
    }
    Ok(json!(true).into())
}

fn remove_member(chat: &mut crate::sandbox::state::Chat, user: u64) {
    chat.members.remove(&user);
    chat.muted_by.remove(&user);
    chat.hidden_history.remove(&user);
    if chat.owner == user {
        if let Some(&next) = chat.members.iter().next() {
            chat.owner = next;
        }
    }
}

fn user_not_found() -> ApiError {
    err(400, "USER_NOT_FOUND", "User not found")
}

fn color_code(color: &str) -> Result<String, ApiError> {
    let code = color.trim().to_ascii_uppercase();
    if CHAT_COLORS.iter().any(|(name, _)| *name == code) {
        Ok(code)
    } else {
        Err(err(400, "WRONG_COLOR", "This color currently unavailable"))
    }
}

fn avatar_bytes(encoded: &str) -> Result<Arc<Vec<u8>>, ApiError> {
    let bytes = base64::decode(encoded).filter(|b| is_image(b));
    bytes.map(Arc::new).ok_or_else(|| err(400, "AVATAR_ERROR", "Avatar incorrect type"))
}

/// Recognises the image formats by their magic bytes.
pub(super) fn is_image(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
        || bytes.starts_with(b"\xff\xd8\xff")
        || bytes.starts_with(b"GIF87a")
        || bytes.starts_with(b"GIF89a")
        || (bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP")
        || bytes.starts_with(b"BM")
}
