//! Tasks (`tasks.task.*`, `task.dependence.*`, `task.planner.getlist`) and custom task fields
//! (`task.item.userfield.*`) on the entity engine. Records keep the portal's camelCase keys
//! (`responsibleId`), while callers write fields and filters in UPPER_SNAKE as tasks.task.add
//! and tasks.task.list take them; the engine matches the two spellings.
//!
//! Written here, beyond CRUD: the status lifecycle (2 pending, 3 in progress, 4 awaiting
//! control, 5 completed, 6 deferred) with the portal's refusal of a move the user may not make,
//! the rights behind it (tasks.task.getaccess answers from the same rules), watchers, mute,
//! favourites, the history every change writes, dependencies, attachments and the day plan.
//! The caller's own flags (favourite, muted) sit in the task as the caller sees them: the
//! sandbox's every call comes from one user.

use serde_json::{json, Map, Value};

use super::{err, param, Answer, ApiError, Ctx, Done};
use crate::sandbox::clock;
use crate::sandbox::entity::{id_of, Condition, Family, Query, Table};
use crate::sandbox::state::{Store, CALLER};

/// The engine tables of this module, by name in the store.
pub(crate) const TASKS: &str = "tasks.task";
pub(crate) const HISTORY: &str = "tasks.task.history";
pub(crate) const DEPENDENCIES: &str = "task.dependence";
pub(crate) const ATTACHMENTS: &str = "tasks.task.files";
pub(crate) const DAY_PLAN: &str = "task.planner";
pub(crate) const USER_FIELDS: &str = "task.item.userfield";

/// Tasks answer `"id": "12"`, rows under `result.tasks`.
pub(crate) const TASK: Family = Family { id_key: "id", rows_key: Some("tasks"), ids_as_text: true };
/// History entries, links, attachments and plan entries: numeric ids, kept by the sandbox.
const ENTRY: Family = Family { id_key: "id", rows_key: None, ids_as_text: false };
/// Custom fields answer as CRM records do: upper-case keys, `"ID": "261"`.
const USER_FIELD: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };

/// The webhook's owner administers the sandbox portal: every right on every task, as an
/// administrator has.
const ADMIN: u64 = CALLER;

const PENDING: &str = "2";
const IN_PROGRESS: &str = "3";
const AWAITING_CONTROL: &str = "4";
const COMPLETED: &str = "5";
const DEFERRED: &str = "6";

/// The portal's answer to an action the user may not take, or on a task it cannot see; its
/// code is a number (see `ApiError::to_json`).
pub(super) fn not_allowed() -> ApiError {
    err(400, "1048582", "Действие над задачей не разрешено")
}

fn core_error(description: &str) -> ApiError {
    err(400, "ERROR_CORE", description)
}

/// A status move of the task lifecycle, named by the action the rights list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Move {
    Start,
    Pause,
    Defer,
    Complete,
    Renew,
    Approve,
    Disapprove,
}

impl Move {
    fn of(verb: &str) -> Option<Move> {
        Some(match verb {
            "start" => Move::Start,
            "pause" => Move::Pause,
            "defer" => Move::Defer,
            "complete" => Move::Complete,
            "renew" => Move::Renew,
            "approve" => Move::Approve,
            "disapprove" => Move::Disapprove,
            _ => return None,
        })
    }

    fn action(self) -> &'static str {
        match self {
            Move::Start => "START",
            Move::Pause => "PAUSE",
            Move::Defer => "DEFER",
            Move::Complete => "COMPLETE",
            Move::Renew => "RENEW",
            Move::Approve => "APPROVE",
            Move::Disapprove => "DISAPPROVE",
        }
    }

    /// The status the move leads to. A task its creator controls waits for the creator's
    /// approval when someone else completes it.
    fn target(self, task: &Map<String, Value>, user: u64) -> &'static str {
        match self {
            Move::Start => IN_PROGRESS,
            Move::Pause | Move::Renew | Move::Disapprove => PENDING,
            Move::Defer => DEFERRED,
            Move::Approve => COMPLETED,
            Move::Complete
                if text(task, "taskControl") == "Y" && text(task, "createdBy") != user.to_string() =>
            {
                AWAITING_CONTROL
            }
            Move::Complete => COMPLETED,
        }
    }
}

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    if let Some(verb) = method.strip_prefix("task.item.userfield.") {
        return user_field(ctx, verb, fields);
    }
    let verb = match method {
        "task.dependence.add" => return Some(link(ctx, fields, true)),
        "task.dependence.delete" => return Some(link(ctx, fields, false)),
        "task.planner.getlist" => return Some(day_plan(ctx)),
        _ => method.strip_prefix("tasks.task.")?,
    };
    Some(match verb {
        "add" => add(ctx, fields),
        "list" => list(ctx, fields),
        "getfields" => Ok(json!({ "fields": fields_structure() }).into()),
        _ => return task_call(ctx, verb, fields),
    })
}

/// The methods that act on one task, named by `taskId`.
fn task_call(ctx: &Ctx, verb: &str, fields: &Value) -> Option<Answer> {
    let now = clock::iso8601_utc(ctx.now_secs());
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    let user = ctx.caller;
    let id = id_of(param(fields, "taskId"));
    let tasks = store.entities.entry(TASKS).or_default();
    let task = id.and_then(|id| tasks.get(id).cloned());
    let mut work = Work { store, now, user };
    let answer = match (verb, id, task) {
        (_, Some(id), Some(task)) => match verb {
            "get" => Ok(task_answer(task)),
            "update" => work.update(id, &task, fields),
            "delete" => work.delete(id, &task),
            "files.attach" => work.attach(id, &task, fields),
            "delegate" => work.delegate(id, &task, fields),
            "startwatch" => work.watch(id, &task, true),
            "stopwatch" => work.watch(id, &task, false),
            "mute" => work.set(id, "isMuted", "Y").map(task_answer),
            "unmute" => work.set(id, "isMuted", "N").map(task_answer),
            "favorite.add" => work.set(id, "favorite", "Y").map(|_| json!(true).into()),
            "favorite.remove" => work.set(id, "favorite", "N").map(|_| json!(true).into()),
            "history.list" => Ok(json!({ "list": work.history(id) }).into()),
            "getaccess" => Ok(access(&task, fields, user).into()),
            _ => work.lifecycle(id, &task, Move::of(verb)?),
        },
        // Known methods on a task that is not there (or no task named at all).
        (
            "get" | "update" | "delete" | "files.attach" | "delegate" | "startwatch" | "stopwatch" | "mute"
            | "unmute" | "favorite.add" | "favorite.remove" | "history.list" | "getaccess",
            _,
            _,
        ) => Err(not_allowed()),
        _ => {
            Move::of(verb)?;
            Err(not_allowed())
        }
    };
    Some(answer)
}

fn task_answer(task: Map<String, Value>) -> Done {
    json!({ "task": Value::Object(task) }).into()
}

/// A task field's text, "" when absent or null.
fn text(task: &Map<String, Value>, key: &str) -> String {
    match task.get(key) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        _ => String::new(),
    }
}

/// A multiple field's ids as text.
fn ids(task: &Map<String, Value>, key: &str) -> Vec<String> {
    task.get(key).and_then(Value::as_array).map_or_else(Vec::new, |items| {
        items.iter().filter_map(|item| id_of(Some(item))).map(|id| id.to_string()).collect()
    })
}

/// What `user` may do with `task`, as tasks.task.getaccess lists it: by role (the creator
/// directs, the responsible and accomplices do the work, auditors watch) and by status.
fn rights(task: &Map<String, Value>, user: u64) -> Map<String, Value> {
    let me = user.to_string();
    let director = user == ADMIN || text(task, "createdBy") == me;
    let doer = user == ADMIN || text(task, "responsibleId") == me || ids(task, "accomplices").contains(&me);
    let member = director || doer || ids(task, "auditors").contains(&me);
    let works = director || doer;
    let status = text(task, "status");
    let is = |statuses: &[&str]| statuses.contains(&status.as_str());
    // The caller's favourite mark is the only one the sandbox keeps.
    let favorite = user == CALLER && text(task, "favorite") == "Y";
    let add_favorite = member && !favorite;
    let delete_favorite = member && favorite;
    let actions: [(&str, bool); 26] = [
        ("ACCEPT", false),
        ("DECLINE", false),
        ("COMPLETE", works && is(&[PENDING, IN_PROGRESS, DEFERRED])),
        ("APPROVE", director && is(&[AWAITING_CONTROL])),
        ("DISAPPROVE", director && is(&[AWAITING_CONTROL])),
        ("START", doer && is(&[PENDING, DEFERRED])),
        ("PAUSE", doer && is(&[IN_PROGRESS])),
        ("DELEGATE", works && !is(&[AWAITING_CONTROL, COMPLETED])),
        ("REMOVE", director),
        ("EDIT", director),
        ("DEFER", works && is(&[PENDING, IN_PROGRESS])),
        ("RENEW", works && is(&[AWAITING_CONTROL, COMPLETED, DEFERRED])),
        ("CREATE", true),
        ("CHANGE_DEADLINE", director),
        ("CHECKLIST_ADD_ITEMS", works),
        ("ADD_FAVORITE", add_favorite),
        ("DELETE_FAVORITE", delete_favorite),
        ("RATE", director),
        ("EDIT.ORIGINATOR", false),
        ("CHECKLIST.REORDER", works),
        ("ELAPSEDTIME.ADD", works),
        ("DAYPLAN.TIMER.TOGGLE", false),
        ("EDIT.PLAN", director),
        ("CHECKLIST.ADD", works),
        ("FAVORITE.ADD", add_favorite),
        ("FAVORITE.DELETE", delete_favorite),
    ];
    actions.iter().map(|(action, allowed)| (action.to_string(), json!(allowed))).collect()
}

fn may(task: &Map<String, Value>, user: u64, action: &str) -> bool {
    rights(task, user).get(action) == Some(&Value::Bool(true))
}

/// tasks.task.getaccess: the rights of each user in `users` (the caller when none), by id.
fn access(task: &Map<String, Value>, fields: &Value, caller: u64) -> Value {
    let users: Vec<u64> = match param(fields, "users") {
        Some(Value::Array(items)) => items.iter().filter_map(|item| id_of(Some(item))).collect(),
        Some(Value::Object(map)) => map.values().filter_map(|item| id_of(Some(item))).collect(),
        Some(single) => id_of(Some(single)).into_iter().collect(),
        None => vec![caller],
    };
    let allowed: Map<String, Value> =
        users.iter().map(|user| (user.to_string(), Value::Object(rights(task, *user)))).collect();
    json!({ "allowedActions": allowed })
}

/// `RESPONSIBLE_ID` → `responsibleId`; a key already in camelCase stays as it is.
fn camel(key: &str) -> String {
    if !key.contains('_') && key.chars().any(|c| c.is_ascii_lowercase()) {
        return key.to_string();
    }
    let mut out = String::new();
    for (index, part) in key.split('_').filter(|part| !part.is_empty()).enumerate() {
        let lower = part.to_ascii_lowercase();
        if index == 0 {
            out.push_str(&lower);
        } else {
            let mut chars = lower.chars();
            out.extend(chars.next().map(|c| c.to_ascii_uppercase()));
            out.push_str(chars.as_str());
        }
    }
    out
}

/// `responsibleId` → `RESPONSIBLE_ID`, the name history entries give a field.
fn upper_snake(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars() {
        if c.is_ascii_uppercase() && !out.is_empty() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}

fn is_date_field(key: &str) -> bool {
    key == "deadline" || key.starts_with("date") || key.ends_with("Date") || key.ends_with("DatePlan")
}

/// A date as the portal answers it: ISO 8601 with the zone. Other forms stay as written.
fn portal_date(text: &str) -> String {
    let bytes = text.as_bytes();
    let iso_day = bytes.len() >= 10 && bytes[4] == b'-' && bytes[7] == b'-';
    match text.len() {
        10 if iso_day => format!("{text}T00:00:00+00:00"),
        19 if iso_day && bytes[10] == b'T' => format!("{text}+00:00"),
        20 if iso_day && text.ends_with('Z') => format!("{}+00:00", &text[..19]),
        _ => text.to_string(),
    }
}

/// A value as the portal keeps task fields: numbers and flags as text, lists of text.
fn as_text(value: &Value) -> Value {
    match value {
        Value::Number(number) => Value::String(number.to_string()),
        Value::Bool(flag) => Value::String(if *flag { "Y" } else { "N" }.into()),
        Value::Array(items) => Value::Array(items.iter().map(as_text).collect()),
        other => other.clone(),
    }
}

/// `fields` of tasks.task.add and update, in the record's spelling.
fn given_fields(fields: &Value) -> Result<Map<String, Value>, ApiError> {
    let Some(Value::Object(given)) = param(fields, "fields") else {
        return Err(core_error("Parameter 'fields' must be an object"));
    };
    Ok(given
        .iter()
        .map(|(key, value)| {
            let key = camel(key);
            let value = match (&key, value) {
                (key, Value::String(date)) if is_date_field(key) => Value::String(portal_date(date)),
                _ => as_text(value),
            };
            (key, value)
        })
        .collect())
}

fn add(ctx: &Ctx, fields: &Value) -> Answer {
    let given = given_fields(fields)?;
    if given.get("title").and_then(Value::as_str).is_none_or(|title| title.trim().is_empty()) {
        return Err(core_error("Task title is not specified"));
    }
    let now = clock::iso8601_utc(ctx.now_secs());
    let me = ctx.caller.to_string();
    let mut record = json!({
        "parentId": null, "title": "", "description": "", "mark": null, "priority": "1",
        "multitask": "N", "notViewed": "N", "replicate": "N", "stageId": "0", "groupId": "0",
        "createdBy": me, "createdDate": now, "responsibleId": me, "changedBy": me, "changedDate": now,
        "statusChangedBy": null, "closedBy": null, "closedDate": null, "activityDate": now,
        "dateStart": null, "deadline": null, "startDatePlan": null, "endDatePlan": null,
        "allowChangeDeadline": "N", "allowTimeTracking": "N", "taskControl": "N", "timeEstimate": "0",
        "status": PENDING, "accomplices": [], "auditors": [], "dependsOn": [], "favorite": "N",
        "isMuted": "N", "isPinned": "N", "timeSpentInLogs": null
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    record.extend(given);
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    let id = store.entities.entry(TASKS).or_default().add(&TASK, record);
    let mut work = Work { store, now, user: ctx.caller };
    work.log(id, "NEW", Value::Null, Value::Null);
    Ok(task_answer(work.task(id)))
}

fn list(ctx: &Ctx, fields: &Value) -> Answer {
    let query = Query::read(fields)?;
    let mut store = ctx.store();
    let tasks = store.entities.entry(TASKS).or_default();
    Ok(TASK.page_answer(tasks.list(&query)))
}

/// Every record of `table` whose `field` equals `value`, page by page.
fn matching(table: &Table, field: &str, value: &Value) -> Vec<Map<String, Value>> {
    let mut rows = Vec::new();
    let mut start = Some(0);
    while let Some(from) = start {
        let query =
            Query { filter: vec![Condition::parse(field, value)], start: Some(from), ..Query::default() };
        let page = table.list(&query);
        rows.extend(page.rows.into_iter().filter_map(|row| row.as_object().cloned()));
        start = page.next;
    }
    rows
}

/// One call's changes to the store, each with its history entry.
struct Work<'s> {
    store: &'s mut Store,
    now: String,
    user: u64,
}

impl Work<'_> {
    fn tasks(&mut self) -> &mut Table {
        self.store.entities.entry(TASKS).or_default()
    }

    fn task(&mut self, id: u64) -> Map<String, Value> {
        self.tasks().get(id).cloned().unwrap_or_default()
    }

    /// Sets fields of a task and marks who changed it when.
    fn change(&mut self, id: u64, mut fields: Map<String, Value>) -> Map<String, Value> {
        fields.insert("changedBy".into(), json!(self.user.to_string()));
        fields.insert("changedDate".into(), json!(self.now));
        self.tasks().update(&TASK, id, fields);
        self.task(id)
    }

    /// A history entry of the task, as tasks.task.history.list answers it.
    fn log(&mut self, task: u64, field: &str, from: Value, to: Value) {
        let user = self.store.data.users.get(&self.user);
        let who = json!({
            "id": self.user,
            "name": user.map_or("", |u| u.first_name.as_str()),
            "lastName": user.map_or("", |u| u.last_name.as_str()),
            "secondName": "",
            "login": user.map_or("", |u| u.email.as_str()),
        });
        let entry = json!({"taskId": task, "createdDate": self.now, "field": field,
            "value": {"from": from, "to": to}, "user": who});
        self.store
            .entities
            .entry(HISTORY)
            .or_default()
            .add(&ENTRY, entry.as_object().cloned().unwrap_or_default());
    }

    fn history(&mut self, task: u64) -> Vec<Value> {
        let table = self.store.entities.entry(HISTORY).or_default();
        matching(table, "taskId", &json!(task))
            .into_iter()
            .map(|mut entry| {
                entry.remove("taskId");
                Value::Object(entry)
            })
            .collect()
    }

    fn lifecycle(&mut self, id: u64, task: &Map<String, Value>, step: Move) -> Answer {
        if !may(task, self.user, step.action()) {
            return Err(not_allowed());
        }
        let from = text(task, "status");
        let to = step.target(task, self.user);
        let me = json!(self.user.to_string());
        let mut fields = Map::new();
        fields.insert("status".into(), json!(to));
        fields.insert("statusChangedBy".into(), me.clone());
        fields.insert("activityDate".into(), json!(self.now));
        match to {
            IN_PROGRESS => {
                fields.insert("dateStart".into(), json!(self.now));
            }
            COMPLETED => {
                fields.insert("closedBy".into(), me);
                fields.insert("closedDate".into(), json!(self.now));
            }
            PENDING if from == COMPLETED || from == AWAITING_CONTROL => {
                fields.insert("closedBy".into(), json!("0"));
                fields.insert("closedDate".into(), Value::Null);
            }
            _ => {}
        }
        let updated = self.change(id, fields);
        self.log(id, "STATUS", json!(from), json!(to));
        Ok(task_answer(updated))
    }

    fn update(&mut self, id: u64, task: &Map<String, Value>, fields: &Value) -> Answer {
        if !may(task, self.user, "EDIT") {
            return Err(not_allowed());
        }
        let given = given_fields(fields)?;
        for (key, value) in &given {
            let before = crate::sandbox::entity::field_of(task, key).cloned().unwrap_or(Value::Null);
            if &before != value {
                self.log(id, &upper_snake(key), before, value.clone());
            }
        }
        Ok(task_answer(self.change(id, given)))
    }

    fn delete(&mut self, id: u64, task: &Map<String, Value>) -> Answer {
        if !may(task, self.user, "REMOVE") {
            return Err(not_allowed());
        }
        self.tasks().delete(id);
        Ok(json!({"task": true}).into())
    }

    fn attach(&mut self, id: u64, task: &Map<String, Value>, fields: &Value) -> Answer {
        if !may(task, self.user, "EDIT") {
            return Err(not_allowed());
        }
        let file = id_of(param(fields, "fileId")).ok_or_else(|| core_error("File not found"))?;
        let attachment = self
            .store
            .entities
            .entry(ATTACHMENTS)
            .or_default()
            .add(&ENTRY, json!({"taskId": id, "fileId": file}).as_object().cloned().unwrap_or_default());
        let mut files = task.get("ufTaskWebdavFiles").and_then(Value::as_array).cloned().unwrap_or_default();
        files.push(json!(attachment));
        self.change(id, Map::from_iter([("ufTaskWebdavFiles".to_string(), Value::Array(files))]));
        Ok(json!({"attachmentId": attachment}).into())
    }

    fn delegate(&mut self, id: u64, task: &Map<String, Value>, fields: &Value) -> Answer {
        let to = id_of(param(fields, "userId")).filter(|user| self.store.data.users.contains_key(user));
        let (Some(to), true) = (to, may(task, self.user, "DELEGATE")) else {
            return Err(not_allowed());
        };
        let from = text(task, "responsibleId");
        let updated = self.change(id, Map::from_iter([("responsibleId".to_string(), json!(to.to_string()))]));
        self.log(id, "RESPONSIBLE_ID", json!(from), json!(to.to_string()));
        Ok(task_answer(updated))
    }

    /// startwatch / stopwatch: the caller joins or leaves the auditors.
    fn watch(&mut self, id: u64, task: &Map<String, Value>, on: bool) -> Answer {
        let before = ids(task, "auditors");
        let me = self.user.to_string();
        let mut after: Vec<String> = before.iter().filter(|user| **user != me).cloned().collect();
        if on {
            after.push(me);
        }
        if after == before {
            return Ok(task_answer(task.clone()));
        }
        let updated = self.change(id, Map::from_iter([("auditors".to_string(), json!(after))]));
        self.log(id, "AUDITORS", json!(before.join(",")), json!(after.join(",")));
        Ok(task_answer(updated))
    }

    /// One of the caller's own flags (muted, favourite).
    fn set(&mut self, id: u64, key: &str, value: &str) -> Result<Map<String, Value>, ApiError> {
        self.tasks().update(&TASK, id, Map::from_iter([(key.to_string(), json!(value))]));
        Ok(self.task(id))
    }
}

/// task.dependence.add / delete: the link sits in its own table, and the task it points to
/// lists the other in `dependsOn`.
fn link(ctx: &Ctx, fields: &Value, add: bool) -> Answer {
    let from = id_of(param(fields, "taskIdFrom"));
    let to = id_of(param(fields, "taskIdTo"));
    let kind = match param(fields, "linkType") {
        Some(Value::Number(number)) => number.as_u64(),
        Some(Value::String(text)) => text.trim().parse().ok(),
        _ => None,
    }
    .filter(|kind| *kind <= 3);
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    let tasks = store.entities.entry(TASKS).or_default();
    let (Some(from), Some(to), Some(kind)) = (from, to, kind) else {
        return Err(core_error("Invalid dependence: taskIdFrom, taskIdTo and linkType 0..3 are required"));
    };
    let (Some(_), Some(target)) = (tasks.get(from), tasks.get(to).cloned()) else {
        return Err(not_allowed());
    };
    if from == to {
        return Err(core_error("A task cannot depend on itself"));
    }
    let mut depends = ids(&target, "dependsOn");
    let links = store.entities.entry(DEPENDENCIES).or_default();
    let existing: Vec<u64> = matching(links, "taskIdTo", &json!(to))
        .iter()
        .filter(|row| id_of(row.get("taskIdFrom")) == Some(from))
        .filter_map(|row| id_of(row.get("id")))
        .collect();
    if add && existing.is_empty() {
        let row = json!({"taskIdFrom": from, "taskIdTo": to, "linkType": kind});
        links.add(&ENTRY, row.as_object().cloned().unwrap_or_default());
        depends.push(from.to_string());
    } else if !add {
        existing.iter().for_each(|id| {
            links.delete(*id);
        });
        depends.retain(|id| *id != from.to_string());
    }
    let tasks = store.entities.entry(TASKS).or_default();
    tasks.update(&TASK, to, Map::from_iter([("dependsOn".to_string(), json!(depends))]));
    Ok(json!([]).into())
}

/// task.planner.getlist: the ids of the caller's tasks in the plan for the day.
fn day_plan(ctx: &Ctx) -> Answer {
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    let plan = matching(store.entities.entry(DAY_PLAN).or_default(), "userId", &json!(ctx.caller));
    let tasks = store.entities.entry(TASKS).or_default();
    let ids: Vec<Value> = plan
        .iter()
        .filter_map(|row| id_of(row.get("taskId")))
        .filter(|id| tasks.get(*id).is_some())
        .map(|id| json!(id.to_string()))
        .collect();
    Ok(Value::Array(ids).into())
}

/// Puts a task in a user's plan for the day, as the portal's "plan for the day" button does
/// (no REST method of OPI's does it).
pub(crate) fn plan_for_today(store: &mut Store, user: u64, task: u64) {
    let row = json!({"userId": user, "taskId": task});
    store.entities.entry(DAY_PLAN).or_default().add(&ENTRY, row.as_object().cloned().unwrap_or_default());
}

/// tasks.task.getFields: the task's fields as the portal describes them.
fn fields_structure() -> Value {
    let field = |title: &str, kind: &str| json!({"title": title, "type": kind});
    let mut fields = Map::new();
    fields.insert("ID".into(), json!({"title": "ID", "type": "integer", "primary": true}));
    fields.insert("PARENT_ID".into(), json!({"title": "ID базовой задачи", "type": "integer", "default": 0}));
    fields.insert("TITLE".into(), json!({"title": "Название", "type": "string", "required": true}));
    fields.insert("DESCRIPTION".into(), field("Описание", "string"));
    fields.insert(
        "MARK".into(),
        json!({"title": "Оценка", "type": "enum", "values": {"N": "Отрицательная", "P": "Положительная"}, "default": null}),
    );
    fields.insert(
        "PRIORITY".into(),
        json!({"title": "Приоритет", "type": "enum", "values": {"2": "Высокий", "1": "Средний", "0": "Низкий"}, "default": 1}),
    );
    fields.insert(
        "STATUS".into(),
        json!({"title": "Статус", "type": "enum", "values": {"2": "Ждёт выполнения", "3": "Выполняется",
            "4": "Ожидает контроля", "5": "Завершена", "6": "Отложена"}, "default": 2}),
    );
    for (key, title, kind) in [
        ("GROUP_ID", "Проект", "integer"),
        ("STAGE_ID", "Стадия", "integer"),
        ("CREATED_BY", "Постановщик", "integer"),
        ("CREATED_DATE", "Дата создания", "datetime"),
        ("RESPONSIBLE_ID", "Исполнитель", "integer"),
        ("ACCOMPLICES", "Соисполнители", "array"),
        ("AUDITORS", "Наблюдатели", "array"),
        ("CHANGED_BY", "Изменил", "integer"),
        ("CHANGED_DATE", "Дата изменения", "datetime"),
        ("CLOSED_BY", "Кто закрыл задачу", "integer"),
        ("CLOSED_DATE", "Дата завершения", "datetime"),
        ("DATE_START", "Дата начала", "datetime"),
        ("DEADLINE", "Крайний срок", "datetime"),
        ("START_DATE_PLAN", "Плановое начало", "datetime"),
        ("END_DATE_PLAN", "Плановое завершение", "datetime"),
        ("TASK_CONTROL", "Принять работу после завершения задачи", "char"),
        ("ALLOW_CHANGE_DEADLINE", "Разрешить менять сроки", "char"),
        ("TIME_ESTIMATE", "Плановые трудозатраты", "integer"),
        ("DEPENDS_ON", "Предыдущие задачи", "array"),
        ("UF_CRM_TASK", "Элементы CRM", "array"),
    ] {
        fields.insert(key.into(), field(title, kind));
    }
    Value::Object(fields)
}

/// The types a custom field may have.
const USER_TYPES: [&str; 12] = [
    "string",
    "integer",
    "double",
    "date",
    "datetime",
    "boolean",
    "enumeration",
    "file",
    "url",
    "employee",
    "crm",
    "disk_file",
];

fn field_not_found() -> ApiError {
    core_error("User field not found")
}

/// task.item.userfield.*: the portal's custom fields of tasks.
fn user_field(ctx: &Ctx, verb: &str, fields: &Value) -> Option<Answer> {
    let mut store = ctx.store();
    let table = store.entities.entry(USER_FIELDS).or_default();
    let id = || id_of(param(fields, "ID"));
    Some(match verb {
        "getlist" => Query::read(fields).map(|query| Value::Array(table.list(&query).rows).into()),
        "get" => id()
            .and_then(|id| table.get(id).cloned())
            .map(|row| Value::Object(row).into())
            .ok_or_else(field_not_found),
        "delete" => match id() {
            Some(id) if table.delete(id) => Ok(json!(true).into()),
            _ => Err(field_not_found()),
        },
        "add" => new_user_field(table, param(fields, "PARAMS")),
        "update" => match (id(), param(fields, "DATA")) {
            (Some(id), Some(Value::Object(data))) if table.get(id).is_some() => {
                let changes = labels(data, table.get(id).and_then(|row| row.get("EDIT_FORM_LABEL")));
                table.update(&USER_FIELD, id, changes);
                Ok(json!(true).into())
            }
            (Some(id), _) if table.get(id).is_some() => Err(core_error("Nothing to update: DATA is empty")),
            _ => Err(field_not_found()),
        },
        _ => return None,
    })
}

/// XML_ID and the labels of add's PARAMS or update's DATA: LABEL names the field in every
/// language unless EDIT_FORM_LABEL gives the edit form's per language.
fn labels(given: &Map<String, Value>, before: Option<&Value>) -> Map<String, Value> {
    let mut out = Map::new();
    if let Some(xml_id) = param(&Value::Object(given.clone()), "XML_ID") {
        out.insert("XML_ID".into(), xml_id.clone());
    }
    let label = given.get("LABEL").and_then(Value::as_str);
    let per_language = |text: &str| json!({"en": text, "ru": text});
    let mut edit_form = before.cloned();
    if let Some(text) = label {
        edit_form = Some(per_language(text));
        out.insert("LIST_COLUMN_LABEL".into(), per_language(text));
        out.insert("LIST_FILTER_LABEL".into(), per_language(text));
    }
    if let Some(Value::Object(languages)) = given.get("EDIT_FORM_LABEL") {
        let mut merged = edit_form.and_then(|v| v.as_object().cloned()).unwrap_or_default();
        merged.extend(languages.clone());
        edit_form = Some(Value::Object(merged));
    }
    if let Some(edit_form) = edit_form {
        out.insert("EDIT_FORM_LABEL".into(), edit_form);
    }
    out
}

fn new_user_field(table: &mut Table, params: Option<&Value>) -> Answer {
    let Some(Value::Object(params)) = params else {
        return Err(core_error("PARAMS are not given"));
    };
    let kind = params.get("USER_TYPE_ID").and_then(Value::as_str).unwrap_or("").trim().to_ascii_lowercase();
    if !USER_TYPES.contains(&kind.as_str()) {
        return Err(core_error("USER_TYPE_ID is not a known field type"));
    }
    let name = params.get("FIELD_NAME").and_then(Value::as_str).unwrap_or("").trim().to_ascii_uppercase();
    if name.is_empty() {
        return Err(core_error("FIELD_NAME is not given"));
    }
    let name = if name.starts_with("UF_") { name } else { format!("UF_{name}") };
    if !matching(table, "FIELD_NAME", &json!(name)).is_empty() {
        return Err(core_error("A field with this FIELD_NAME already exists"));
    }
    let mut record = json!({
        "ENTITY_ID": "TASKS_TASK", "FIELD_NAME": name, "USER_TYPE_ID": kind, "XML_ID": null,
        "SORT": "100", "MULTIPLE": "N", "MANDATORY": "N", "SHOW_FILTER": "N", "SHOW_IN_LIST": "Y",
        "EDIT_IN_LIST": "Y", "IS_SEARCHABLE": "N", "SETTINGS": {}
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    record.extend(labels(params, None));
    Ok(json!(table.add(&USER_FIELD, record)).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_become_the_portals_camel_case_and_back() {
        assert_eq!(camel("RESPONSIBLE_ID"), "responsibleId");
        assert_eq!(camel("TITLE"), "title");
        assert_eq!(camel("UF_CRM_TASK"), "ufCrmTask");
        assert_eq!(camel("startDatePlan"), "startDatePlan");
        assert_eq!(upper_snake("startDatePlan"), "START_DATE_PLAN");
    }

    #[test]
    fn dates_get_the_portals_zone() {
        assert_eq!(portal_date("2025-11-01T10:30:00"), "2025-11-01T10:30:00+00:00");
        assert_eq!(portal_date("2025-11-01"), "2025-11-01T00:00:00+00:00");
        assert_eq!(portal_date("2025-11-01T10:30:00Z"), "2025-11-01T10:30:00+00:00");
        assert_eq!(portal_date("2025-11-01T10:30:00+03:00"), "2025-11-01T10:30:00+03:00");
        assert_eq!(portal_date("01/07/2026 09:58:05"), "01/07/2026 09:58:05");
    }

    #[test]
    fn a_stranger_may_only_create() {
        let task = json!({"createdBy": "1", "responsibleId": "1", "status": "2", "auditors": []});
        let rights = rights(task.as_object().unwrap(), 10);
        assert_eq!(rights.iter().filter(|(_, allowed)| **allowed == json!(true)).count(), 1);
        assert_eq!(rights["CREATE"], json!(true));
        assert_eq!(rights.len(), 26);
    }

    #[test]
    fn a_controlled_task_completed_by_another_awaits_control() {
        let task = json!({"createdBy": "10", "taskControl": "Y"});
        assert_eq!(Move::Complete.target(task.as_object().unwrap(), 1), AWAITING_CONTROL);
        assert_eq!(Move::Complete.target(task.as_object().unwrap(), 10), COMPLETED);
    }
}
