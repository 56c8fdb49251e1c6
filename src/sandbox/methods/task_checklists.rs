//! Task checklists (`task.checklistitem.*`) on the entity engine. These legacy methods read
//! their arguments by position, whatever the keys are called (`TASKID`, `ITEMID`, `FIELDS`),
//! and so does the sandbox: a caller who sends them out of order gets what the portal would
//! make of it. A task's first item brings its checklist's root node (`BX_CHECKLIST_1`), which
//! getlist answers with the items.

use serde_json::{json, Map, Value};

use super::{err, param, Answer, ApiError, Ctx};
use crate::sandbox::clock;
use crate::sandbox::entity::{id_of, Family, Table};
use crate::sandbox::state::Store;

use super::tasks::TASKS;

/// The engine table of checklist items, by name in the store.
pub(crate) const ITEMS: &str = "task.checklistitem";

/// Items answer with upper-case keys and `"ID": "6164"`.
const ITEM: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };

/// The values of a legacy positional call, in the order sent, without `auth`.
pub(super) fn positional(fields: &Value) -> Vec<&Value> {
    fields
        .as_object()
        .map(|map| map.iter().filter(|(key, _)| !key.eq_ignore_ascii_case("auth")).map(|(_, v)| v).collect())
        .unwrap_or_default()
}

/// The legacy task methods' answer for a task that is not there.
pub(super) fn task_not_found() -> ApiError {
    err(
        400,
        "ERROR_CORE",
        "TASKS_ERROR_EXCEPTION_#8; Task not found or not accessible; 8/TE/TASK_NOT_FOUND_OR_NOT_ACCESSIBLE<br>",
    )
}

/// The task named by the first positional argument, if it exists.
pub(super) fn existing_task(store: &mut Store, args: &[&Value]) -> Result<u64, ApiError> {
    let task = id_of(args.first().copied()).ok_or_else(task_not_found)?;
    let tasks = store.entities.entry(TASKS).or_default();
    tasks.get(task).map(|_| task).ok_or_else(task_not_found)
}

fn wrong_arguments(description: &str) -> ApiError {
    err(400, "ERROR_CORE", &format!("TASKS_ERROR_EXCEPTION_#256; {description}; 256/TE/WRONG_ARGUMENTS<br>"))
}

fn item_not_found() -> ApiError {
    wrong_arguments("Checklist item not found")
}

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let verb = method.strip_prefix("task.checklistitem.")?;
    if !matches!(verb, "add" | "update" | "delete" | "getlist" | "get" | "complete" | "renew") {
        return None;
    }
    let now = clock::iso8601_utc(ctx.now_secs());
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    let args = positional(fields);
    Some((|| {
        let task = existing_task(store, &args)?;
        let items = store.entities.entry(ITEMS).or_default();
        match verb {
            "add" => add(items, task, args.get(1).copied(), ctx.caller, &now),
            "getlist" => {
                let rows = items.records().filter(|item| of_task(item, task)).cloned().map(Value::Object);
                Ok(Value::Array(rows.collect()).into())
            }
            _ => {
                let id = id_of(args.get(1).copied())
                    .filter(|id| items.get(*id).is_some_and(|item| of_task(item, task)))
                    .ok_or_else(item_not_found)?;
                match verb {
                    "get" => Ok(Value::Object(items.get(id).cloned().unwrap_or_default()).into()),
                    "update" => {
                        let title = title(args.get(2).copied())?;
                        items.update(&ITEM, id, Map::from_iter([("TITLE".to_string(), json!(title))]));
                        Ok(Value::Null.into())
                    }
                    "delete" => {
                        items.delete(id);
                        Ok(json!(true).into())
                    }
                    "complete" => toggle(items, id, true, ctx.caller, &now),
                    _ => toggle(items, id, false, ctx.caller, &now),
                }
            }
        }
    })())
}

fn of_task(item: &Map<String, Value>, task: u64) -> bool {
    id_of(item.get("TASK_ID")) == Some(task)
}

/// FIELDS' TITLE, which may not be blank.
fn title(fields: Option<&Value>) -> Result<String, ApiError> {
    fields
        .and_then(|fields| param(fields, "TITLE"))
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|title| !title.is_empty())
        .map(str::to_string)
        .ok_or_else(|| wrong_arguments("Param #1 (arFields) must contain a non-empty TITLE"))
}

fn item(task: u64, parent: Value, caller: u64, title: &str, sort: usize) -> Map<String, Value> {
    json!({
        "TASK_ID": task.to_string(), "PARENT_ID": parent, "CREATED_BY": caller.to_string(),
        "TITLE": title, "SORT_INDEX": sort.to_string(), "IS_COMPLETE": "N", "IS_IMPORTANT": "N",
        "TOGGLED_BY": null, "TOGGLED_DATE": "", "MEMBERS": [], "ATTACHMENTS": []
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

fn add(items: &mut Table, task: u64, fields: Option<&Value>, caller: u64, now: &str) -> Answer {
    let title = title(fields)?;
    let complete = fields.and_then(|fields| param(fields, "IS_COMPLETE")).is_some_and(|flag| {
        matches!(flag, Value::Bool(true)) || flag.as_str().is_some_and(|f| f.eq_ignore_ascii_case("Y"))
    });
    let root = items
        .records()
        .find(|item| of_task(item, task) && item.get("PARENT_ID") == Some(&json!(0)))
        .and_then(|root| id_of(root.get("ID")));
    let root = match root {
        Some(root) => root,
        None => items.add(&ITEM, item(task, json!(0), caller, "BX_CHECKLIST_1", 0)),
    };
    let siblings = items.records().filter(|item| of_task(item, task)).count();
    let id = items.add(&ITEM, item(task, json!(root.to_string()), caller, &title, siblings));
    if complete {
        toggle(items, id, true, caller, now)?;
    }
    Ok(json!(id).into())
}

/// complete / renew: the mark, and who set it when.
fn toggle(items: &mut Table, id: u64, complete: bool, caller: u64, now: &str) -> Answer {
    let mut changes = Map::new();
    changes.insert("IS_COMPLETE".into(), json!(if complete { "Y" } else { "N" }));
    changes.insert("TOGGLED_BY".into(), json!(caller.to_string()));
    changes.insert("TOGGLED_DATE".into(), json!(now));
    items.update(&ITEM, id, changes);
    Ok(json!(true).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_are_read_by_position_without_auth() {
        let fields = json!({"auth": "t", "ITEMID": "5", "TASKID": "2"});
        assert_eq!(positional(&fields), [&json!("5"), &json!("2")]);
    }
}
