//! The im.dialog.* methods: read marks, the typing signal, a dialog's card, its members and
//! its message history (`api-reference/chats/messages/`, `chats/im-dialog-get.md`).
//!
//! Read marks are per user and dialog: the last message id the user has read. A message is
//! unread for the caller when someone else wrote it after the caller's mark.

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use super::disk::file_json;
use super::users::user_json;
use super::{dialog_param, empty_is_array, err, id_param, param, Answer, ApiError, Ctx, Dialog};
use crate::sandbox::clock;
use crate::sandbox::state::{color_hex, PostedMessage, Store};

const DEFAULT_LIMIT: usize = 20;
const MAX_LIMIT: usize = 50;

/// Marks MESSAGE_ID (default: the last message) and everything before it as read; the mark
/// never moves back. Answers the dialog, the mark and how many messages are still unread.
pub(super) fn read(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let dialog = dialog_param(ctx, &store, fields)?;
    let dialog_id = dialog.id();
    let last = last_message_id(&store, &dialog_id);
    let wanted = id_param(fields, "MESSAGE_ID").unwrap_or(last);
    let mark = store.data.read_marks.entry((ctx.caller, dialog_id.clone())).or_insert(0);
    *mark = (*mark).max(wanted);
    let mark = *mark;
    let counter = unread_count(ctx, &store, &dialog_id);
    Ok(json!({"dialogId": dialog.json_id(), "chatId": dialog.chat_id(), "lastId": mark, "counter": counter})
        .into())
}

/// Marks MESSAGE_ID and everything after it as unread: the mark moves to the message before.
pub(super) fn unread(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let dialog = dialog_param(ctx, &store, fields)?;
    let first_unread = id_param(fields, "MESSAGE_ID")
        .ok_or_else(|| err(400, "MESSAGE_ID_ERROR", "First unread message id can't be empty"))?;
    let dialog_id = dialog.id();
    let before =
        store.data.dialog_messages(&dialog_id).iter().map(|m| m.id).filter(|&id| id < first_unread).max();
    store.data.read_marks.insert((ctx.caller, dialog_id), before.unwrap_or(0));
    Ok(json!(true).into())
}

/// Every dialog the caller takes part in is read up to its last message.
pub(super) fn read_all(ctx: &Ctx) -> Answer {
    let mut store = ctx.store();
    let dialogs: BTreeSet<String> = store.data.messages.values().map(|m| m.dialog_id.clone()).collect();
    for dialog_id in dialogs {
        let visible = match Dialog::from_dialog_id(&dialog_id) {
            Some(Dialog::Chat(id)) => {
                store.data.chats.get(&id).is_some_and(|c| c.members.contains(&ctx.caller))
            }
            _ => true,
        };
        if visible {
            let last = last_message_id(&store, &dialog_id);
            store.data.read_marks.insert((ctx.caller, dialog_id), last);
        }
    }
    Ok(json!(true).into())
}

/// Recorded in `Snapshot::writing`; nothing else happens.
pub(super) fn writing(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let dialog = dialog_param(ctx, &store, fields)?;
    store.data.writing.push((ctx.caller, dialog.id()));
    Ok(json!(true).into())
}

pub(super) fn get(ctx: &Ctx, fields: &Value) -> Answer {
    let store = ctx.store();
    let dialog = dialog_param(ctx, &store, fields)?;
    let dialog_id = dialog.id();
    let messages = store.data.dialog_messages(&dialog_id);
    let last_message_id = messages.last().map_or(0, |m| m.id);
    let mark = store.data.read_mark(ctx.caller, &dialog_id);
    let unread_id = messages.iter().find(|m| is_unread(ctx, m, mark)).map_or(0, |m| m.id);
    let readed_list: Vec<Value> = store
        .data
        .read_marks
        .iter()
        .filter(|((user, dialog), _)| *dialog == dialog_id && *user != ctx.caller)
        .map(|((user, _), id)| {
            let name = store.data.users.get(user).map(|u| u.name()).unwrap_or_default();
            json!({"user_id": user, "user_name": name, "message_id": id, "date": null})
        })
        .collect();
    let common = json!({
        "parent_chat_id": 0,
        "parent_message_id": 0,
        "extranet": false,
        "counter": unread_count(ctx, &store, &dialog_id),
        "message_count": messages.len(),
        "unread_id": unread_id,
        "restrictions": {"avatar": true, "rename": true, "extend": true, "call": true, "mute": true,
                          "leave": true, "leave_owner": true, "send": true, "user_list": true},
        "last_message_id": last_message_id,
        "last_id": mark,
        "marked_id": 0,
        "disappearing_time": 0,
        "public": "",
        "entity_link": {"type": "", "url": ""},
        "permissions": {"manage_users_add": "member", "manage_users_delete": "manager", "manage_ui": "member",
                        "manage_settings": "owner", "manage_messages": "member", "can_post": "member"},
        "is_new": false,
        "readed_list": readed_list,
        "manager_list": [],
        "last_message_views": {"message_id": last_message_id, "first_viewers": [], "count_of_viewers": 0},
        "dialog_id": dialog_id,
    });
    let specific = match &dialog {
        Dialog::Chat(id) => {
            let chat = &store.data.chats[id];
            let avatar = if chat.avatar.is_some() {
                format!("{}upload/im/avatar/chat{}.png", ctx.portal_url(), chat.id)
            } else {
                String::new()
            };
            json!({
                "id": chat.id,
                "name": chat.title,
                "description": chat.description,
                "owner": chat.owner,
                "avatar": avatar,
                "color": color_hex(&chat.color).unwrap_or("#4ba984"),
                "type": if chat.kind == crate::sandbox::state::ChatType::Open { "open" } else { "chat" },
                "user_counter": chat.members.len(),
                "disk_folder_id": chat.disk_folder_id.unwrap_or(0),
                "entity_type": chat.entity_type,
                "entity_id": chat.entity_id,
                "entity_data_1": "", "entity_data_2": "", "entity_data_3": "",
                "mute_list": chat.muted_by.iter().map(|u| (u.to_string(), json!(true))).collect::<Map<_, _>>(),
                "date_create": clock::iso8601_utc(chat.created),
                "message_type": if chat.kind == crate::sandbox::state::ChatType::Open { "O" } else { "C" },
                "role": if chat.owner == ctx.caller { "owner" } else { "member" },
            })
        }
        other => {
            let partner = store.data.users.get(&other.chat_id());
            json!({
                "id": other.chat_id(),
                "name": partner.map(|u| u.name()).unwrap_or_default(),
                "description": "",
                "owner": other.chat_id(),
                "avatar": "",
                "color": partner.map_or("#4ba984".to_string(), |u| u.color.clone()),
                "type": if matches!(other, Dialog::Group(_)) { "chat" } else { "private" },
                "user_counter": 2,
                "disk_folder_id": store.data.folders.values()
                    .find(|f| f.dialog_id.as_deref() == Some(dialog_id.as_str())).map_or(0, |f| f.id),
                "entity_type": "", "entity_id": "",
                "entity_data_1": "", "entity_data_2": "", "entity_data_3": "",
                "mute_list": [],
                "date_create": null,
                "message_type": "P",
                "role": "member",
            })
        }
    };
    let mut result = common.as_object().cloned().unwrap_or_default();
    result.extend(specific.as_object().cloned().unwrap_or_default());
    Ok(Value::Object(result).into())
}

/// Members of a chat (ascending ids), or the partner and the caller of a private dialog.
/// Users the portal does not know are left out. Carries `total`.
pub(super) fn users_list(ctx: &Ctx, fields: &Value) -> Answer {
    let store = ctx.store();
    let dialog = dialog_param(ctx, &store, fields)?;
    let ids: Vec<u64> = match dialog {
        Dialog::Chat(id) => store.data.chats[&id].members.iter().copied().collect(),
        Dialog::Private(partner) if partner != ctx.caller => vec![partner, ctx.caller],
        _ => vec![ctx.caller],
    };
    let users: Vec<Value> = ids
        .iter()
        .filter_map(|id| store.data.users.get(id))
        .map(|user| user_json(user, store.data.status(user.id), true))
        .collect();
    let total = users.len() as u64;
    Ok(super::Done { result: Value::Array(users), total: Some(total), next: None })
}

/// Without LAST_ID and FIRST_ID: the newest LIMIT messages, newest first. LAST_ID: the LIMIT
/// messages before it, newest first. FIRST_ID: the LIMIT messages after it, oldest first
/// (FIRST_ID=0 starts at the beginning). An id that is not in the dialog gives no messages,
/// as the docs say. Messages hidden from the caller by HIDE_HISTORY are left out.
pub(super) fn messages_get(ctx: &Ctx, fields: &Value) -> Answer {
    let last_id = optional_number(fields, "LAST_ID", "LAST_ID_STRING", "Last ID can't be string")?;
    let first_id = optional_number(fields, "FIRST_ID", "FIRST_ID_STRING", "First ID can't be string")?;
    let limit = match param(fields, "LIMIT").and_then(super::positive_id) {
        Some(limit) => (limit as usize).min(MAX_LIMIT),
        None => DEFAULT_LIMIT,
    };
    let store = ctx.store();
    let dialog = dialog_param(ctx, &store, fields)?;
    let dialog_id = dialog.id();
    let hidden_up_to = match dialog {
        Dialog::Chat(id) => store.data.chats[&id].hidden_history.get(&ctx.caller).copied().unwrap_or(0),
        _ => 0,
    };
    let all: Vec<&PostedMessage> =
        store.data.dialog_messages(&dialog_id).into_iter().filter(|m| m.id > hidden_up_to).collect();
    let exists = |id: u64| all.iter().any(|m| m.id == id);
    let chosen: Vec<&PostedMessage> = match (last_id, first_id) {
        (Some(last), _) if !exists(last) => Vec::new(),
        (Some(last), _) => all.iter().rev().filter(|m| m.id < last).take(limit).copied().collect(),
        (None, Some(first)) if first != 0 && !exists(first) => Vec::new(),
        (None, Some(first)) => all.iter().filter(|m| m.id > first).take(limit).copied().collect(),
        (None, None) => all.iter().rev().take(limit).copied().collect(),
    };
    let mark = store.data.read_mark(ctx.caller, &dialog_id);
    let chat_id = dialog.chat_id();
    let messages: Vec<Value> = chosen.iter().map(|m| message_json(ctx, m, chat_id, mark)).collect();
    let authors: BTreeSet<u64> = chosen.iter().map(|m| m.author_id).collect();
    let users: Vec<Value> = authors
        .iter()
        .filter_map(|id| store.data.users.get(id))
        .map(|user| user_json(user, store.data.status(user.id), true))
        .collect();
    let files: Vec<Value> = chosen
        .iter()
        .flat_map(|m| m.file_ids.iter())
        .filter_map(|id| store.data.files.get(id))
        .map(|file| file_json(ctx, &store, file, chat_id))
        .collect();
    Ok(json!({"chat_id": chat_id, "messages": messages, "users": users, "files": files}).into())
}

/// One message as im.dialog.messages.get shows it; `params` is `[]` when there are none.
pub(super) fn message_json(ctx: &Ctx, message: &PostedMessage, chat_id: u64, mark: u64) -> Value {
    let mut params = message.params.clone();
    if let Some(attach) = &message.attach {
        let blocks = if attach.is_array() { attach.clone() } else { json!([attach]) };
        params.insert("ATTACH".into(), blocks);
    }
    if let Some(keyboard) = &message.keyboard {
        params.insert("KEYBOARD".into(), keyboard.clone());
    }
    if let Some(menu) = &message.menu {
        params.insert("MENU".into(), menu.clone());
    }
    if !message.likes.is_empty() {
        params.insert("LIKE".into(), json!(message.likes));
    }
    if !message.file_ids.is_empty() {
        params.insert("FILE_ID".into(), json!(message.file_ids));
    }
    if let Some(reply) = message.reply_id {
        params.insert("REPLY_ID".into(), json!(reply));
    }
    json!({
        "id": message.id,
        "chat_id": chat_id,
        "author_id": message.author_id,
        "date": clock::iso8601_utc(message.date),
        "text": message.message.clone().unwrap_or_default(),
        "unread": is_unread(ctx, message, mark),
        "uuid": null,
        "replaces": [],
        "params": empty_is_array(params),
        "disappearing_date": null,
    })
}

fn is_unread(ctx: &Ctx, message: &PostedMessage, mark: u64) -> bool {
    message.author_id != ctx.caller && message.id > mark && !message.is_deleted()
}

fn unread_count(ctx: &Ctx, store: &Store, dialog_id: &str) -> usize {
    let mark = store.data.read_mark(ctx.caller, dialog_id);
    store.data.dialog_messages(dialog_id).iter().filter(|m| is_unread(ctx, m, mark)).count()
}

fn last_message_id(store: &Store, dialog_id: &str) -> u64 {
    store.data.dialog_messages(dialog_id).last().map_or(0, |m| m.id)
}

/// A non-negative integer parameter; text that is not a number is the given error.
fn optional_number(
    fields: &Value,
    name: &str,
    code: &str,
    description: &str,
) -> Result<Option<u64>, ApiError> {
    match param(fields, name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => number.as_u64().map(Some).ok_or_else(|| err(400, code, description)),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => text.trim().parse().map(Some).map_err(|_| err(400, code, description)),
        Some(_) => Err(err(400, code, description)),
    }
}
