//! The REST methods of the fake portal, one module per OPI section, and the dispatcher that
//! both the HTTP layer and `batch` call. Every method acts as [`CALLER`] and answers with the
//! portal's shapes; parameter names are matched without regard to case, as the portal's im
//! module upper-cases them.
//!
//! HTTP statuses: parameter errors are 400 (as the docs give for im.message.add), access
//! errors 403 (as they give for ACCESS_ERROR on the dialog methods).

pub(crate) mod batch;
pub(crate) mod bots;
mod calendar;
mod chats;
pub(crate) mod crm;
mod departments;
mod dialogs;
mod disk;
mod disk_tree;
pub(crate) mod events;
mod feed;
mod kanban;
mod messages;
mod notifications;
mod task_checklists;
mod task_comments;
pub(crate) mod tasks;
mod timekeeping;
mod users;

use std::sync::MutexGuard;
use std::time::SystemTime;

use serde_json::{json, Map, Value};

use super::state::{Chat, Store, CALLER};
use super::{clock, lock, Shared};

pub(crate) use disk::download;

/// What a method needs besides its parameters.
pub(crate) struct Ctx<'a> {
    pub shared: &'a Shared,
    pub caller: u64,
    pub now: SystemTime,
    /// For `batch` only: the command keys in the order the request listed them (JSON objects
    /// are read into sorted maps, which would lose it).
    pub batch_order: Vec<String>,
    /// Whether the request came with an OAuth token (an application) rather than a webhook.
    pub oauth: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(shared: &'a Shared) -> Ctx<'a> {
        Ctx { shared, caller: CALLER, now: SystemTime::now(), batch_order: Vec::new(), oauth: false }
    }

    fn store(&self) -> MutexGuard<'a, Store> {
        lock(&self.shared.store)
    }

    fn now_secs(&self) -> i64 {
        clock::unix_seconds(self.now).floor() as i64
    }

    fn portal_url(&self) -> &str {
        &self.shared.portal_url
    }

    fn keep_records(&self) -> bool {
        self.shared.keeps_records()
    }
}

/// A successful call: `result`, plus `total` and `next` for list methods.
pub(crate) struct Done {
    pub result: Value,
    pub total: Option<u64>,
    /// The `start` of the next page, when there is one.
    pub next: Option<u64>,
}

impl From<Value> for Done {
    fn from(result: Value) -> Done {
        Done { result, total: None, next: None }
    }
}

/// An error answer: `{"error": code, "error_description": description}` with an HTTP status.
#[derive(Debug)]
pub(crate) struct ApiError {
    pub status: u16,
    pub code: String,
    pub description: String,
}

impl ApiError {
    /// A code of digits is answered as a number, as the tasks module's are (`1048582`).
    pub fn to_json(&self) -> Value {
        let code = match self.code.parse::<u64>() {
            Ok(number) if !self.code.is_empty() => json!(number),
            _ => json!(self.code),
        };
        json!({"error": code, "error_description": self.description})
    }
}

pub(crate) fn err(status: u16, code: &str, description: &str) -> ApiError {
    ApiError { status, code: code.to_string(), description: description.to_string() }
}

pub(crate) fn method_not_found() -> ApiError {
    err(404, "ERROR_METHOD_NOT_FOUND", "Method not found!")
}

type Answer = Result<Done, ApiError>;

/// Methods that carry or return file content: refused inside `batch`, as the docs say.
fn is_file_method(method: &str) -> bool {
    matches!(method, "disk.folder.uploadfile" | "disk.storage.uploadfile" | "im.v2.file.upload" | "download")
}

/// Runs one method; `method` is lower-case without `.json`.
pub(crate) fn call(ctx: &Ctx, method: &str, fields: &Value, in_batch: bool) -> Answer {
    if ctx.shared.ignores_cursor(method) {
        return dispatch(ctx, method, &without_cursor(fields), in_batch);
    }
    dispatch(ctx, method, fields, in_batch)
}

/// The engine family of a table, for seeding records.
pub(crate) fn family(table: &str) -> Option<&'static crate::sandbox::entity::Family> {
    match table {
        "crm.deal" | "crm.lead" => Some(&crm::CRM),
        tasks::TASKS => Some(&tasks::TASK),
        _ => None,
    }
}

/// The store's name of a table (the names are static strings).
pub(crate) fn table_name(table: &str) -> &'static str {
    match table {
        "crm.deal" => "crm.deal",
        "crm.lead" => "crm.lead",
        _ => tasks::TASKS,
    }
}

/// A list call's fields without what moves its cursor: `>ID` and `>=ID` in the filter, `start`.
fn without_cursor(fields: &Value) -> Value {
    let mut fields = fields.clone();
    if let Some(object) = fields.as_object_mut() {
        object.retain(|key, _| !key.eq_ignore_ascii_case("start"));
        for (key, filter) in object.iter_mut() {
            if let (true, Some(filter)) = (key.eq_ignore_ascii_case("filter"), filter.as_object_mut()) {
                filter.retain(|key, _| {
                    let key = key.trim().to_ascii_uppercase();
                    key != ">ID" && key != ">=ID"
                });
            }
        }
    }
    fields
}

fn dispatch(ctx: &Ctx, method: &str, fields: &Value, in_batch: bool) -> Answer {
    if in_batch && (method == "batch" || is_file_method(method)) {
        return Err(err(405, "ERROR_BATCH_METHOD_NOT_ALLOWED", "Method is not allowed for batch usage"));
    }
    match method {
        "server.time" => Ok(json!(clock::iso8601_utc(ctx.now_secs())).into()),
        "batch" => batch::run(ctx, fields),
        "im.message.add" => messages::add(ctx, fields),
        "im.message.update" => messages::update(ctx, fields),
        "im.message.delete" => messages::delete(ctx, fields),
        "im.message.like" => messages::like(ctx, fields),
        "im.dialog.read" => dialogs::read(ctx, fields),
        "im.dialog.unread" => dialogs::unread(ctx, fields),
        "im.dialog.read.all" => dialogs::read_all(ctx),
        "im.dialog.writing" => dialogs::writing(ctx, fields),
        "im.dialog.get" => dialogs::get(ctx, fields),
        "im.dialog.users.list" => dialogs::users_list(ctx, fields),
        "im.dialog.messages.get" => dialogs::messages_get(ctx, fields),
        "im.chat.add" => chats::add(ctx, fields),
        "im.chat.user.list" => chats::user_list(ctx, fields),
        "im.chat.user.add" => chats::user_add(ctx, fields),
        "im.chat.user.delete" => chats::user_delete(ctx, fields),
        "im.chat.leave" => chats::leave(ctx, fields),
        "im.chat.setowner" => chats::set_owner(ctx, fields),
        "im.chat.updatetitle" => chats::update_title(ctx, fields),
        "im.chat.updatecolor" => chats::update_color(ctx, fields),
        "im.chat.updateavatar" => chats::update_avatar(ctx, fields),
        "im.chat.mute" => chats::mute(ctx, fields),
        "im.user.list.get" => users::list_get(ctx, fields),
        "im.user.status.get" => users::status_get(ctx),
        "im.user.status.set" => users::status_set(ctx, fields),
        "user.add" => users::add(ctx, fields),
        "user.update" => users::update(ctx, fields),
        "user.get" => users::get(ctx, fields),
        "user.search" => users::search(ctx, fields),
        "user.current" => users::current(ctx),
        "user.fields" => users::fields_structure(),
        "im.notify.personal.add" => notifications::add(ctx, fields, super::state::NotifyKind::Personal),
        "im.notify.system.add" => notifications::add(ctx, fields, super::state::NotifyKind::System),
        "im.notify.delete" => notifications::delete(ctx, fields),
        "im.disk.folder.get" => disk::folder_get(ctx, fields),
        "disk.folder.uploadfile" => disk::upload_file(ctx, fields, disk::Target::Folder),
        "im.disk.file.commit" => disk::file_commit(ctx, fields),
        "im.v2.file.upload" if ctx.shared.v2_upload_enabled() => disk::v2_upload(ctx, fields),
        _ => FAMILIES
            .iter()
            .find_map(|family| family(ctx, method, fields))
            .unwrap_or_else(|| Err(method_not_found())),
    }
}

/// A family's methods: its answer, or None for a method it does not have.
type FamilyMethods = fn(&Ctx, &str, &Value) -> Option<Answer>;

/// The families that route their own methods (most on the entity engine), asked in turn.
const FAMILIES: &[FamilyMethods] = &[
    tasks::call,
    task_checklists::call,
    task_comments::call,
    kanban::call,
    timekeeping::call,
    disk_tree::call,
    crm::route,
    calendar::call,
    feed::call,
    departments::call,
    bots::call,
    events::call,
];

/// A parameter by name, ignoring case.
pub(crate) fn param<'v>(fields: &'v Value, name: &str) -> Option<&'v Value> {
    let object = fields.as_object()?;
    object
        .get(name)
        .or_else(|| object.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value))
}

/// A string or number parameter as text.
fn text(fields: &Value, name: &str) -> Option<String> {
    match param(fields, name)? {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// A positive integer given as a number or as decimal text.
fn positive_id(value: &Value) -> Option<u64> {
    let id = match value {
        Value::Number(number) => number.as_u64()?,
        Value::String(text) => {
            let text = text.trim();
            if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            text.parse().ok()?
        }
        _ => return None,
    };
    (id > 0).then_some(id)
}

fn id_param(fields: &Value, name: &str) -> Option<u64> {
    param(fields, name).and_then(positive_id)
}

/// One id or a list of ids (a JSON array, a PHP-style object, or comma-separated text).
/// None when absent or when any entry is not an id.
fn id_list(fields: &Value, name: &str) -> Option<Vec<u64>> {
    let ids: Option<Vec<u64>> = match param(fields, name)? {
        Value::Array(items) => items.iter().map(positive_id).collect(),
        Value::Object(map) => map.values().map(positive_id).collect(),
        Value::String(text) if text.contains(',') => {
            text.split(',').map(|part| positive_id(&Value::String(part.to_string()))).collect()
        }
        single => positive_id(single).map(|id| vec![id]),
    };
    ids.filter(|ids| !ids.is_empty())
}

/// Y/N (also true/false, 1/0); `default` when absent or unreadable.
fn yes_no(fields: &Value, name: &str, default: bool) -> bool {
    match param(fields, name) {
        Some(Value::Bool(flag)) => *flag,
        Some(Value::Number(number)) => number.as_i64() != Some(0),
        Some(Value::String(text)) => match text.trim().to_ascii_uppercase().as_str() {
            "Y" | "TRUE" | "1" => true,
            "N" | "FALSE" | "0" => false,
            _ => default,
        },
        _ => default,
    }
}

fn empty_is_array(map: Map<String, Value>) -> Value {
    if map.is_empty() {
        json!([])
    } else {
        Value::Object(map)
    }
}

/// A dialog id as the dialog methods take it.
#[derive(Clone, Debug, PartialEq)]
enum Dialog {
    /// `chatN`.
    Chat(u64),
    /// `N`: the caller's private dialog with user N.
    Private(u64),
    /// `sgN`: a workgroup chat; accepted, without a chat record.
    Group(u64),
}

impl Dialog {
    fn parse(value: Option<&Value>) -> Option<Dialog> {
        let text = match value? {
            Value::String(text) => text.trim().to_string(),
            Value::Number(number) => number.to_string(),
            _ => return None,
        };
        let number = |digits: &str| positive_id(&Value::String(digits.to_string()));
        if let Some(rest) = text.strip_prefix("chat") {
            number(rest).map(Dialog::Chat)
        } else if let Some(rest) = text.strip_prefix("sg") {
            number(rest).map(Dialog::Group)
        } else {
            number(&text).map(Dialog::Private)
        }
    }

    fn from_dialog_id(dialog_id: &str) -> Option<Dialog> {
        Dialog::parse(Some(&Value::String(dialog_id.to_string())))
    }

    fn id(&self) -> String {
        match self {
            Dialog::Chat(n) => format!("chat{n}"),
            Dialog::Private(n) => n.to_string(),
            Dialog::Group(n) => format!("sg{n}"),
        }
    }

    /// The numeric chat id answers carry. A private dialog reports the partner's user id: the
    /// sandbox keeps no separate chat for it.
    fn chat_id(&self) -> u64 {
        match self {
            Dialog::Chat(n) | Dialog::Private(n) | Dialog::Group(n) => *n,
        }
    }

    /// The `dialogId` value: a number for private dialogs, the text otherwise.
    fn json_id(&self) -> Value {
        match self {
            Dialog::Private(n) => json!(n),
            other => json!(other.id()),
        }
    }
}

fn access_error() -> ApiError {
    err(403, "ACCESS_ERROR", "You do not have access to the specified dialog")
}

/// DIALOG_ID for the dialog methods: DIALOG_ID_EMPTY when missing or malformed, ACCESS_ERROR
/// for a chat that does not exist or that the caller is not in.
fn dialog_param(ctx: &Ctx, store: &Store, fields: &Value) -> Result<Dialog, ApiError> {
    let dialog = Dialog::parse(param(fields, "DIALOG_ID"))
        .ok_or_else(|| err(400, "DIALOG_ID_EMPTY", "Dialog ID can't be empty"))?;
    if let Dialog::Chat(id) = dialog {
        match store.data.chats.get(&id) {
            Some(chat) if chat.members.contains(&ctx.caller) => {}
            _ => return Err(access_error()),
        }
    }
    Ok(dialog)
}

/// The chat id of the chat methods: CHAT_ID (a bare number; `chatN` there is CHAT_ID_EMPTY, as
/// the docs say) or DIALOG_ID `chatN` (a private dialog there is DIALOG_ID_EMPTY).
fn chat_id_param(fields: &Value) -> Result<u64, ApiError> {
    if let Some(value) = param(fields, "CHAT_ID") {
        return positive_id(value).ok_or_else(|| err(400, "CHAT_ID_EMPTY", "Chat ID can't be empty"));
    }
    if let Some(value) = param(fields, "DIALOG_ID") {
        return match Dialog::parse(Some(value)) {
            Some(Dialog::Chat(id)) => Ok(id),
            _ => Err(err(400, "DIALOG_ID_EMPTY", "Dialog ID can't be empty")),
        };
    }
    Err(err(400, "CHAT_ID_EMPTY", "Chat ID can't be empty"))
}

/// The chat, if the caller is a member; ACCESS_ERROR otherwise (also for a missing chat).
fn member_chat<'s>(ctx: &Ctx, store: &'s mut Store, chat_id: u64) -> Result<&'s mut Chat, ApiError> {
    match store.data.chats.get_mut(&chat_id) {
        Some(chat) if chat.members.contains(&ctx.caller) => Ok(chat),
        _ => Err(err(403, "ACCESS_ERROR", "Action unavailable")),
    }
}
