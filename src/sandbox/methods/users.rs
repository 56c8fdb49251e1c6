//! im.user.list.get and the caller's status (`api-reference/chats/users/`).

use serde_json::{json, Map, Value};

use super::{err, id_list, param, Answer, Ctx};
use crate::sandbox::state::User;

const STATUSES: [&str; 3] = ["online", "dnd", "away"];

/// ID: one id or a list → an object keyed by id; ids the portal does not know map to null.
pub(super) fn list_get(ctx: &Ctx, fields: &Value) -> Answer {
    let ids = id_list(fields, "ID")
        .ok_or_else(|| err(400, "INVALID_FORMAT", "A wrong format for the ID field is passed"))?;
    let store = ctx.store();
    let result: Map<String, Value> = ids
        .iter()
        .map(|id| {
            let user =
                store.data.users.get(id).map_or(Value::Null, |u| user_json(u, store.data.status(*id), false));
            (id.to_string(), user)
        })
        .collect();
    Ok(Value::Object(result).into())
}

pub(super) fn status_get(ctx: &Ctx) -> Answer {
    Ok(json!(ctx.store().data.status(ctx.caller)).into())
}

pub(super) fn status_set(ctx: &Ctx, fields: &Value) -> Answer {
    let status = param(fields, "STATUS").and_then(Value::as_str).unwrap_or("").trim().to_ascii_lowercase();
    if !STATUSES.contains(&status.as_str()) {
        return Err(err(400, "STATUS_ERROR", "Status is not available"));
    }
    ctx.store().data.statuses.insert(ctx.caller, status);
    Ok(json!(true).into())
}

/// The portal's user object; `with_contacts` adds `website` and `email` as the dialog methods
/// do.
pub(super) fn user_json(user: &User, status: &str, with_contacts: bool) -> Value {
    let mut object = json!({
        "id": user.id,
        "active": user.active,
        "name": user.name(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "work_position": user.work_position,
        "color": user.color,
        "avatar": "",
        "avatar_hr": "",
        "gender": user.gender,
        "birthday": "",
        "extranet": false,
        "network": false,
        "bot": false,
        "connector": false,
        "external_auth_id": "default",
        "status": status,
        "idle": false,
        "last_activity_date": false,
        "mobile_last_date": false,
        "desktop_last_date": false,
        "absent": false,
        "departments": user.departments,
        "phones": false,
        "bot_data": null,
        "type": "user",
    });
    if with_contacts {
        object["website"] = json!("");
        object["email"] = json!(user.email);
    }
    object
}
