//! Kanban stages (`task.stages.*`) on the entity engine, and moving a task to a stage. A stage
//! belongs to a group's kanban (`ENTITY_TYPE` "G") or to a user's own plan ("U"; entity 0 is
//! the caller's). A kanban that is read or added to for the first time gets its first, system
//! stage, as the portal's do. The stages of one kanban are kept in order by `SORT` (100, 200,
//! ...), renumbered when a stage is put after another. A task moved to a stage has it as its
//! `stageId`; a group's stage only takes the group's tasks, and a stage with tasks cannot be
//! deleted.

use serde_json::{json, Map, Value};

use super::tasks::{not_allowed, TASK, TASKS};
use super::{err, param, Answer, ApiError, Ctx};
use crate::sandbox::entity::{id_of, Family, Table};
use crate::sandbox::state::Store;

/// The engine table of stages, by name in the store.
pub(crate) const STAGES: &str = "task.stages";

/// Stages: upper-case keys, `"ID": "142"`.
const STAGE: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };

fn core_error(description: &str) -> ApiError {
    err(400, "ERROR_CORE", description)
}

fn stage_not_found() -> ApiError {
    core_error("Stage not found")
}

/// Whose kanban: (entity id, "G" for a group, "U" for a user's plan).
type Owner = (u64, &'static str);

fn owner(entity: Option<&Value>, caller: u64) -> Owner {
    match id_of(entity) {
        Some(group) => (group, "G"),
        None => (caller, "U"),
    }
}

fn owner_of(stage: &Map<String, Value>) -> Owner {
    let kind = if stage.get("ENTITY_TYPE") == Some(&json!("G")) { "G" } else { "U" };
    (id_of(stage.get("ENTITY_ID")).unwrap_or_default(), kind)
}

fn sort_of(stage: &Map<String, Value>) -> u64 {
    id_of(stage.get("SORT")).unwrap_or_default()
}

/// The ids of one kanban's stages, in order; its first stage is made when it has none.
fn kanban(stages: &mut Table, owner: Owner) -> Vec<u64> {
    let mut ids: Vec<(u64, u64)> = stages
        .records()
        .filter(|stage| owner_of(stage) == owner)
        .filter_map(|stage| Some((sort_of(stage), id_of(stage.get("ID"))?)))
        .collect();
    if ids.is_empty() {
        let title = if owner.1 == "G" { "Новые" } else { "Не спланированы" };
        let id = stages.add(&STAGE, record(title, "00C4FB", "NEW", owner));
        return vec![id];
    }
    ids.sort();
    ids.into_iter().map(|(_, id)| id).collect()
}

fn record(title: &str, color: &str, system: &str, (entity, kind): Owner) -> Map<String, Value> {
    json!({
        "TITLE": title, "SORT": "100", "COLOR": color, "SYSTEM_TYPE": system,
        "ENTITY_ID": entity.to_string(), "ENTITY_TYPE": kind, "ADDITIONAL_FILTER": [],
        "TO_UPDATE": [], "TO_UPDATE_ACCESS": null
    })
    .as_object()
    .cloned()
    .unwrap_or_default()
}

/// Puts `id` after `after` (first when `after` is none or not of this kanban) and renumbers.
fn place(stages: &mut Table, owner: Owner, id: u64, after: Option<u64>) {
    let mut order: Vec<u64> = kanban(stages, owner).into_iter().filter(|other| *other != id).collect();
    let at = after.and_then(|after| order.iter().position(|other| *other == after)).map_or(0, |i| i + 1);
    order.insert(at, id);
    for (index, stage) in order.into_iter().enumerate() {
        let sort = ((index + 1) * 100).to_string();
        stages.update(&STAGE, stage, Map::from_iter([("SORT".to_string(), json!(sort))]));
    }
}

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let verb = method.strip_prefix("task.stages.")?;
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    Some(match verb {
        "get" => Ok(stages_answer(stages(store), owner(param(fields, "entityId"), ctx.caller))),
        "add" => add(stages(store), param(fields, "fields"), ctx.caller),
        "update" => update(stages(store), fields),
        "delete" => delete(store, fields),
        "movetask" => move_task(store, fields),
        _ => return None,
    })
}

fn stages(store: &mut Store) -> &mut Table {
    store.entities.entry(STAGES).or_default()
}

/// task.stages.get: an object keyed by stage id, in the kanban's order.
fn stages_answer(stages: &mut Table, owner: Owner) -> super::Done {
    let ids = kanban(stages, owner);
    let rows: Map<String, Value> = ids
        .into_iter()
        .filter_map(|id| Some((id.to_string(), Value::Object(stages.get(id)?.clone()))))
        .collect();
    Value::Object(rows).into()
}

fn text<'v>(fields: &'v Value, key: &str) -> Option<&'v str> {
    param(fields, key).and_then(Value::as_str).map(str::trim).filter(|text| !text.is_empty())
}

fn add(stages: &mut Table, fields: Option<&Value>, caller: u64) -> Answer {
    let fields = fields
        .filter(|fields| fields.is_object())
        .ok_or_else(|| core_error("Parameter 'fields' is required"))?;
    let title = text(fields, "TITLE").ok_or_else(|| core_error("Stage title is required"))?;
    let owner = owner(param(fields, "ENTITY_ID"), caller);
    kanban(stages, owner);
    let color = text(fields, "COLOR").unwrap_or("");
    let id = stages.add(&STAGE, record(title, color, "", owner));
    place(stages, owner, id, id_of(param(fields, "AFTER_ID")));
    Ok(json!(id).into())
}

fn update(stages: &mut Table, given: &Value) -> Answer {
    let id = id_of(param(given, "id")).filter(|id| stages.get(*id).is_some()).ok_or_else(stage_not_found)?;
    let fields = param(given, "fields").cloned().unwrap_or(Value::Null);
    let mut changes = Map::new();
    for key in ["TITLE", "COLOR"] {
        if let Some(value) = text(&fields, key) {
            changes.insert(key.to_string(), json!(value));
        }
    }
    stages.update(&STAGE, id, changes);
    if let Some(after) = id_of(param(&fields, "AFTER_ID")) {
        let owner = owner_of(stages.get(id).unwrap_or(&Map::new()));
        place(stages, owner, id, Some(after));
    }
    Ok(json!(true).into())
}

/// The tasks standing in a stage.
fn tasks_in(store: &mut Store, stage: u64) -> usize {
    let tasks = store.entities.entry(TASKS).or_default();
    tasks.records().filter(|task| id_of(task.get("stageId")) == Some(stage)).count()
}

fn delete(store: &mut Store, fields: &Value) -> Answer {
    let id = id_of(param(fields, "id"))
        .filter(|id| stages(store).get(*id).is_some())
        .ok_or_else(stage_not_found)?;
    if tasks_in(store, id) > 0 {
        return Err(core_error("Stage has tasks"));
    }
    stages(store).delete(id);
    Ok(json!(true).into())
}

/// task.stages.movetask: the task takes the stage as its `stageId`. `before` / `after` order
/// tasks within the stage, which the sandbox does not keep.
fn move_task(store: &mut Store, fields: &Value) -> Answer {
    let task_id = id_of(param(fields, "id"));
    let task = task_id.and_then(|id| store.entities.entry(TASKS).or_default().get(id).cloned());
    let (Some(task_id), Some(task)) = (task_id, task) else {
        return Err(not_allowed());
    };
    let stage_id = id_of(param(fields, "stageId"));
    let stage = stage_id.and_then(|id| stages(store).get(id).cloned());
    let (Some(stage_id), Some(stage)) = (stage_id, stage) else {
        return Err(stage_not_found());
    };
    if let (group, "G") = owner_of(&stage) {
        if id_of(task.get("groupId")) != Some(group) {
            return Err(core_error("Task is not in the stage's group"));
        }
    }
    let change = Map::from_iter([("stageId".to_string(), json!(stage_id.to_string()))]);
    store.entities.entry(TASKS).or_default().update(&TASK, task_id, change);
    Ok(json!(true).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stage_goes_after_the_one_named_and_sorts_are_renumbered() {
        let mut stages = Table::default();
        let plan = (1, "U");
        let first = kanban(&mut stages, plan)[0];
        let second = stages.add(&STAGE, record("B", "", "", plan));
        place(&mut stages, plan, second, Some(first));
        let third = stages.add(&STAGE, record("C", "", "", plan));
        place(&mut stages, plan, third, None);
        assert_eq!(kanban(&mut stages, plan), [third, first, second]);
        assert_eq!(stages.get(second).unwrap()["SORT"], json!("300"));
        assert!(kanban(&mut stages, (5, "G")).len() == 1, "a group's kanban gets its own first stage");
    }
}
