//! im.notify.personal.add, im.notify.system.add and im.notify.delete
//! (`api-reference/chats/notifications/`). Notification ids come from the message sequence,
//! as on the portal, where notifications are messages of a special kind.

use serde_json::{json, Value};

use super::messages::{attach, check_attach_size, message_text};
use super::{err, id_param, param, Answer, Ctx};
use crate::sandbox::state::{Notification, NotifyKind};

/// USER_ID and MESSAGE (or ATTACH) are required. A TAG replaces every earlier notification
/// with the same tag ("other notifications will be removed").
pub(super) fn add(ctx: &Ctx, fields: &Value, kind: NotifyKind) -> Answer {
    let user_id =
        id_param(fields, "USER_ID").ok_or_else(|| err(400, "USER_ID_EMPTY", "User ID can't be empty"))?;
    let attach = attach(param(fields, "ATTACH"))?;
    check_attach_size(attach.as_ref())?;
    let text = message_text(param(fields, "MESSAGE")).filter(|t| !t.trim().is_empty());
    if text.is_none() && attach.is_none() {
        return Err(err(400, "MESSAGE_EMPTY", "Message can't be empty"));
    }
    let tag = tag_param(fields, "TAG");
    let sub_tag = tag_param(fields, "SUB_TAG");
    let mut store = ctx.store();
    if !store.data.users.contains_key(&user_id) {
        return Err(err(400, "USER_NOT_FOUND", "User not found"));
    }
    if let Some(tag) = &tag {
        store.data.notifications.retain(|_, n| n.tag.as_ref() != Some(tag));
    }
    let id = store.take_message_id();
    let author_id = if kind == NotifyKind::Personal { ctx.caller } else { 0 };
    let notification = Notification { id, user_id, author_id, kind, text, tag, sub_tag, attach };
    store.data.notifications.insert(id, notification);
    Ok(json!(id).into())
}

/// By ID, TAG or SUB_TAG (the first one given); PARAMS_ERROR without any. Answers whether
/// anything was removed.
pub(super) fn delete(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let before = store.data.notifications.len();
    if let Some(id) = id_param(fields, "ID") {
        store.data.notifications.remove(&id);
    } else if let Some(tag) = tag_param(fields, "TAG") {
        store.data.notifications.retain(|_, n| n.tag.as_ref() != Some(&tag));
    } else if let Some(sub_tag) = tag_param(fields, "SUB_TAG") {
        store.data.notifications.retain(|_, n| n.sub_tag.as_ref() != Some(&sub_tag));
    } else {
        return Err(err(400, "PARAMS_ERROR", "Incorrect params"));
    }
    Ok(json!(store.data.notifications.len() < before).into())
}

fn tag_param(fields: &Value, name: &str) -> Option<String> {
    message_text(param(fields, name)).filter(|t| !t.is_empty())
}
