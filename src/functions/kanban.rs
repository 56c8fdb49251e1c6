//! Kanban stages (task.stages.*): OPI's Kanban section. A stage belongs to a group's kanban or
//! to a user's own plan (entity 0: the caller's "My plan"). OPI is not consistent in how it
//! sends `isAdmin`, and this keeps its ways: "Y"/"N" inside `fields` when adding, a JSON
//! boolean when updating, "Y"/"N" at the top level when deleting and reading.

use serde_json::Value;

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{answer, change, fields, read, Function, Kind, Param};
use crate::error::Result;
use crate::rest::Payload;

const SECTION: &str = "Kanban";

const TITLE: Param = required("title", "Name", Kind::Text, "the stage's title");
const STAGE: Param = required("stage", "StageID", Kind::Id, "stage id");
const PREVIOUS: Param =
    optional("prevstage", "PrevStageID", Kind::Id, "0", "the stage this one comes after (0: the first)");
const ENTITY: Param = optional(
    "entityid",
    "EntityID",
    Kind::Id,
    "0",
    "whose kanban: a group id, or 0 for the current user's own plan",
);
const ADMIN: Param =
    optional("admin", "AsAdmin", Kind::Flag, "false", "skip the permission checks (administrators only)");

/// Kanban in OPI's order.
pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "AddKanbanStage",
        name_ru: "ДобавитьСтадиюКанбана",
        c_symbol: "b24_add_kanban_stage",
        section: SECTION,
        summary: "Adds a stage to a group's kanban or to the user's plan; the answer is its id",
        params: &[
            URL,
            TITLE,
            optional("color", "Color", Kind::Text, "FFD800", "the stage's colour, HEX without #"),
            PREVIOUS,
            ENTITY,
            ADMIN,
            TOKEN,
        ],
        action: change("task.stages.add", add),
        example: answer!("3348"),
    },
    Function {
        name: "UpdateKanbansStage",
        name_ru: "ИзменитьСтадиюКанбана",
        c_symbol: "b24_update_kanbans_stage",
        section: SECTION,
        summary: "Renames, recolours or moves a kanban stage",
        params: &[
            URL,
            TITLE,
            STAGE,
            optional("color", "Color", Kind::Text, "unchanged", "the new colour, HEX without #"),
            PREVIOUS,
            ADMIN,
            TOKEN,
        ],
        action: change("task.stages.update", update),
        example: answer!("true"),
    },
    Function {
        name: "DeleteKanbanStage",
        name_ru: "УдалитьСтадиюКанбана",
        c_symbol: "b24_delete_kanban_stage",
        section: SECTION,
        summary: "Deletes a kanban stage that holds no tasks",
        params: &[URL, STAGE, ADMIN, TOKEN],
        action: change("task.stages.delete", delete),
        example: answer!("true"),
    },
    Function {
        name: "GetKanbanStages",
        name_ru: "ПолучитьСтадииКанбана",
        c_symbol: "b24_get_kanban_stages",
        section: SECTION,
        summary: "Gets the stages of a group's kanban or of the user's plan, keyed by id",
        params: &[URL, ENTITY, ADMIN, TOKEN],
        action: read("task.stages.get", stages),
        example: answer!(
            r#"{"142": {"ID": "142", "TITLE": "Новая стадия", "SORT": "100", "COLOR": "000000", "SYSTEM_TYPE": "NEW", "ENTITY_ID": "1", "ENTITY_TYPE": "U", "ADDITIONAL_FILTER": [], "TO_UPDATE": [], "TO_UPDATE_ACCESS": null}}"#
        ),
    },
    Function {
        name: "MoveTaskToKanbanStage",
        name_ru: "ПеренестиЗадачуВСтадиюКанбана",
        c_symbol: "b24_move_task_to_kanban_stage",
        section: SECTION,
        summary: "Moves a task to a kanban stage, before or after another task",
        params: &[
            URL,
            required("task", "TaskID", Kind::Id, "task id"),
            STAGE,
            optional("before", "Prev", Kind::Id, "0", "put the task before this task (wins over after)"),
            optional("after", "After", Kind::Id, "0", "put the task after this task"),
            TOKEN,
        ],
        action: change("task.stages.movetask", move_task),
        example: answer!("true"),
    },
];

/// An id OPI leaves out when it is 0 (its default, a number, counts as not filled).
fn nonzero(args: &Args, key: &str) -> Option<Value> {
    args.id_value(key).filter(|id| id != "0")
}

fn yes_no(args: &Args) -> Option<Value> {
    Some(Value::from(if args.flag("admin").unwrap_or(false) { "Y" } else { "N" }))
}

/// COLOR's default "FFD800" is sent; AFTER_ID and ENTITY_ID of 0 are not.
fn add(args: &Args) -> Result<Payload> {
    let stage = fields([
        ("TITLE", args.text_value("title")),
        ("COLOR", Some(args.text_value("color").unwrap_or_else(|| Value::from("FFD800")))),
        ("AFTER_ID", nonzero(args, "prevstage")),
        ("ENTITY_ID", nonzero(args, "entityid")),
        ("isAdmin", yes_no(args)),
    ]);
    Ok(fields([("fields", Some(Value::Object(stage)))]).into())
}

/// `isAdmin` goes as a JSON boolean here, `false` too, as OPI's command line sends it.
fn update(args: &Args) -> Result<Payload> {
    let stage = fields([
        ("TITLE", args.text_value("title")),
        ("COLOR", args.text_value("color")),
        ("AFTER_ID", nonzero(args, "prevstage")),
        ("isAdmin", Some(Value::Bool(args.flag("admin").unwrap_or(false)))),
    ]);
    Ok(fields([("id", args.id_value("stage")), ("fields", Some(Value::Object(stage)))]).into())
}

fn delete(args: &Args) -> Result<Payload> {
    Ok(fields([("id", args.id_value("stage")), ("isAdmin", yes_no(args))]).into())
}

/// `entityId` of 0 is sent as "0": OPI turns it into text before deciding what is empty.
fn stages(args: &Args) -> Result<Payload> {
    let entity = args.id_value("entityid").unwrap_or_else(|| Value::from("0"));
    Ok(fields([("entityId", Some(entity)), ("isAdmin", yes_no(args))]).into())
}

/// Either `before` (when given) or `after`, whose default 0 goes as "0".
fn move_task(args: &Args) -> Result<Payload> {
    let place = match nonzero(args, "before") {
        Some(before) => ("before", Some(before)),
        None => ("after", Some(args.id_value("after").unwrap_or_else(|| Value::from("0")))),
    };
    Ok(fields([("id", args.id_value("task")), ("stageId", args.id_value("stage")), place]).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opis_five_functions_in_order_with_name_before_stage() {
        let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "AddKanbanStage",
                "UpdateKanbansStage",
                "DeleteKanbanStage",
                "GetKanbanStages",
                "MoveTaskToKanbanStage"
            ]
        );
        let update: Vec<&str> = FUNCTIONS[1].params.iter().map(|p| p.key).collect();
        assert_eq!(update[..3], ["url", "title", "stage"]);
    }
}
