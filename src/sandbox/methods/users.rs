//! im.user.list.get and the caller's status (`api-reference/chats/users/`), and the user.*
//! methods on the same users.

use serde_json::{json, Map, Value};

use super::{err, id_list, param, positive_id, Answer, ApiError, Ctx};
use crate::sandbox::entity::{last, page, Family, Query};
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

// The user.* methods (`api-reference/user/`): the same users the im methods see, so a user
// added here is in im.user.list.get, and one deactivated here is inactive there.

/// Keys of user.get that are not filter fields.
const NOT_FILTER: [&str; 6] = ["FILTER", "SORT", "ORDER", "ADMIN_MODE", "START", "AUTH"];

fn user_error(description: &str) -> ApiError {
    err(400, "ERROR_CORE", description)
}

/// A user as user.get answers it: upper-case keys, the id as text, ACTIVE as a boolean.
pub(super) fn user_record(user: &User) -> Map<String, Value> {
    let own = json!({
        "ID": user.id.to_string(),
        "XML_ID": "",
        "ACTIVE": user.active,
        "NAME": user.first_name,
        "LAST_NAME": user.last_name,
        "EMAIL": user.email,
        "LAST_LOGIN": "",
        "DATE_REGISTER": "",
        "IS_ONLINE": "N",
        "TIMESTAMP_X": "",
        "PERSONAL_GENDER": user.gender,
        "PERSONAL_BIRTHDAY": "",
        "WORK_POSITION": user.work_position.clone().unwrap_or_default(),
        "UF_EMPLOYMENT_DATE": "",
        "UF_DEPARTMENT": user.departments,
        "USER_TYPE": "employee",
    });
    let mut record = own.as_object().cloned().unwrap_or_default();
    for (key, value) in &user.fields {
        record.insert(key.to_ascii_uppercase(), value.clone());
    }
    record
}

/// UF_DEPARTMENT as the portal takes it: one id, or an array of them, as numbers or text.
fn departments_of(value: &Value) -> Result<Vec<u64>, ApiError> {
    let items = match value {
        Value::Array(items) => items.clone(),
        Value::Object(map) => map.values().cloned().collect(),
        single => vec![single.clone()],
    };
    items.iter().map(|item| positive_id(item).ok_or_else(|| user_error("Invalid department id"))).collect()
}

/// Sets the given top-level fields on a user; `auth` and the id are not fields.
fn apply(user: &mut User, fields: &Map<String, Value>) -> Result<(), ApiError> {
    let text = |value: &Value| match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    for (key, value) in fields {
        match key.to_ascii_uppercase().as_str() {
            "ID" | "AUTH" => {}
            "NAME" => user.first_name = text(value),
            "LAST_NAME" => user.last_name = text(value),
            "EMAIL" => user.email = text(value),
            "PERSONAL_GENDER" => user.gender = text(value),
            "WORK_POSITION" => user.work_position = Some(text(value)).filter(|p| !p.is_empty()),
            "UF_DEPARTMENT" => user.departments = departments_of(value)?,
            "ACTIVE" => {
                user.active = super::yes_no(&json!({ "ACTIVE": value }), "ACTIVE", user.active);
            }
            _ => {
                user.fields.insert(key.clone(), value.clone());
            }
        }
    }
    Ok(())
}

/// user.add: the fields at the top level; EMAIL, and UF_DEPARTMENT unless EXTRANET=Y. The new
/// user is active (invited) unless ACTIVE says otherwise.
pub(super) fn add(ctx: &Ctx, fields: &Value) -> Answer {
    let given = fields.as_object().cloned().unwrap_or_default();
    let email = super::text(fields, "EMAIL").map(|e| e.trim().to_string()).unwrap_or_default();
    if email.is_empty() {
        return Err(user_error("Email is required"));
    }
    let extranet = super::yes_no(fields, "EXTRANET", false);
    if !extranet && param(fields, "UF_DEPARTMENT").is_none() {
        return Err(user_error("No department is given for an intranet user (UF_DEPARTMENT)"));
    }
    let mut store = ctx.store();
    if store.data.users.values().any(|user| user.email.eq_ignore_ascii_case(&email)) {
        return Err(user_error("A user with this email already exists"));
    }
    let id = store.data.users.keys().next_back().map_or(1, |last| last + 1);
    let palette = crate::sandbox::state::CHAT_COLORS;
    let mut user = User {
        id,
        first_name: String::new(),
        last_name: String::new(),
        gender: String::new(),
        color: palette[id as usize % palette.len()].1.to_string(),
        email: String::new(),
        work_position: None,
        departments: Vec::new(),
        active: true,
        fields: Map::new(),
    };
    apply(&mut user, &given)?;
    user.fields.insert("DATE_REGISTER".into(), json!(crate::sandbox::clock::iso8601_utc(ctx.now_secs())));
    if extranet {
        user.fields.insert("USER_TYPE".into(), json!("extranet"));
    }
    store.data.users.insert(id, user);
    Ok(json!(id).into())
}

/// user.update: ID and the fields to set, at the top level; ACTIVE N deactivates.
pub(super) fn update(ctx: &Ctx, fields: &Value) -> Answer {
    let id = super::id_param(fields, "ID").ok_or_else(|| user_error("User ID is not given"))?;
    let given = fields.as_object().cloned().unwrap_or_default();
    let mut store = ctx.store();
    let user = store.data.users.get_mut(&id).ok_or_else(|| user_error("User not found"))?;
    // Checked on a copy, so that a refused update changes nothing.
    let mut changed = user.clone();
    apply(&mut changed, &given)?;
    *user = changed;
    Ok(json!(true).into())
}

/// A query from user.get's parameters: the FILTER object and the fields given at the top level
/// as conditions, SORT (a field) and ORDER (ASC or DESC) at the top level, and `start`.
pub(super) fn sorted_query(fields: &Value, like_keys: &[&str]) -> Result<Query, ApiError> {
    let mut filter = Map::new();
    if let Some(Value::Object(nested)) = last(fields, "FILTER") {
        filter.extend(nested.clone());
    }
    if let Some(top) = fields.as_object() {
        let top_level = top.iter().filter(|(key, _)| !NOT_FILTER.iter().any(|n| n.eq_ignore_ascii_case(key)));
        filter.extend(top_level.map(|(key, value)| (key.clone(), value.clone())));
    }
    // A search matches part of a name: its plain keys become the engine's `%` (contains).
    let filter: Map<String, Value> = filter
        .into_iter()
        .map(|(key, value)| {
            let plain = like_keys.iter().any(|k| k.eq_ignore_ascii_case(&key));
            (if plain { format!("%{key}") } else { key }, value)
        })
        .collect();
    let mut params = json!({ "filter": filter });
    if let Some(sort) = last(fields, "SORT").and_then(Value::as_str).filter(|s| !s.trim().is_empty()) {
        let order = last(fields, "ORDER").and_then(Value::as_str).unwrap_or("ASC");
        params["order"] = json!({ sort.trim(): order });
    }
    if let Some(start) = last(fields, "start") {
        params["start"] = start.clone();
    }
    Query::read(&params)
}

/// user.get: a list (with `total`) of the users that match.
pub(super) fn get(ctx: &Ctx, fields: &Value) -> Answer {
    let query = sorted_query(fields, &[])?;
    let store = ctx.store();
    let records: Vec<Map<String, Value>> = store.data.users.values().map(user_record).collect();
    Ok(USERS.page_answer(page(records.iter(), &query)))
}

/// The keys user.search matches by part; UF_DEPARTMENT_NAME is a department's name.
const SEARCHED: [&str; 5] = ["NAME", "LAST_NAME", "SECOND_NAME", "WORK_POSITION", "UF_DEPARTMENT_NAME"];

/// user.search: FILTER by part of a name, position or department name, and by USER_TYPE.
pub(super) fn search(ctx: &Ctx, fields: &Value) -> Answer {
    let filter = last(fields, "FILTER").cloned().unwrap_or(json!({}));
    let mut params = json!({ "FILTER": filter });
    for key in ["SORT", "ORDER", "start"] {
        if let Some(value) = last(fields, key) {
            params[key] = value.clone();
        }
    }
    let query = sorted_query(&params, &SEARCHED)?;
    let store = ctx.store();
    let names = super::departments::names(&store);
    let records: Vec<Map<String, Value>> = store
        .data
        .users
        .values()
        .map(|user| {
            let mut record = user_record(user);
            let departments: Vec<Value> =
                user.departments.iter().filter_map(|id| names.get(id)).map(|name| json!(name)).collect();
            record.insert("UF_DEPARTMENT_NAME".into(), Value::Array(departments));
            record
        })
        .collect();
    let mut done = USERS.page_answer(page(records.iter(), &query));
    if let Value::Array(rows) = &mut done.result {
        for row in rows.iter_mut().filter_map(Value::as_object_mut) {
            row.remove("UF_DEPARTMENT_NAME");
        }
    }
    Ok(done)
}

/// user.current: the caller.
pub(super) fn current(ctx: &Ctx) -> Answer {
    let store = ctx.store();
    let user = store.data.users.get(&ctx.caller).ok_or_else(|| user_error("User not found"))?;
    Ok(Value::Object(user_record(user)).into())
}

/// user.fields: each field with its label.
pub(super) fn fields_structure() -> Answer {
    let labels = [
        ("ID", "ID"),
        ("XML_ID", "External code"),
        ("ACTIVE", "Active"),
        ("NAME", "Name"),
        ("LAST_NAME", "Last name"),
        ("SECOND_NAME", "Second name"),
        ("EMAIL", "E-Mail"),
        ("LAST_LOGIN", "Last login"),
        ("DATE_REGISTER", "Registered"),
        ("IS_ONLINE", "IS_ONLINE"),
        ("PERSONAL_GENDER", "Gender"),
        ("PERSONAL_BIRTHDAY", "Date of birth"),
        ("PERSONAL_MOBILE", "Mobile phone"),
        ("WORK_POSITION", "Position"),
        ("UF_EMPLOYMENT_DATE", "Employment date"),
        ("UF_DEPARTMENT", "Departments"),
        ("USER_TYPE", "User type"),
    ];
    let map: Map<String, Value> = labels.iter().map(|(key, label)| (key.to_string(), json!(label))).collect();
    Ok(Value::Object(map).into())
}

/// Users as user.get lists them: ids as text, rows straight in `result`.
const USERS: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };
