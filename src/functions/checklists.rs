//! Task checklists (task.checklistitem.*): OPI's TasksChecklistsManagement. These legacy methods
//! take their arguments by position, so the keys go in OPI's order: `TASKID`, then `ITEMID`,
//! then `FIELDS`. Four functions post only the task and the item (OPI's
//! ChecklistElementManagement); one const builder writes them.

use serde_json::Value;

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::Shape;
use super::{answer, change, fields, read, Function, Kind, Param};
use crate::error::Result;
use crate::rest::Payload;

const SECTION: &str = "Task checklists";

const TASK: Param = required("task", "TaskID", Kind::Id, "task id");
const ELEMENT: Param = required("element", "ElementID", Kind::Id, "checklist item id");
const TEXT: Param = required("text", "Text", Kind::Text, "the item's text");

/// One of the functions that post only `{"TASKID": ..., "ITEMID": ...}`.
const ELEMENT_ACTION: Shape = Shape { section: SECTION, params: &[URL, TASK, ELEMENT, TOKEN] };

/// TasksChecklistsManagement in OPI's order.
pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "AddTasksChecklistElement",
        name_ru: "ДобавитьЭлементЧеклистаЗадачи",
        c_symbol: "b24_add_tasks_checklist_element",
        section: SECTION,
        summary: "Adds an item to a task's checklist; the answer is its id",
        params: &[
            URL,
            TASK,
            TEXT,
            optional("complete", "Completed", Kind::Flag, "false", "create the item already checked"),
            TOKEN,
        ],
        action: change("task.checklistitem.add", add),
        example: answer!("6164"),
    },
    Function {
        name: "UpdateTasksChecklistElement",
        name_ru: "ИзменитьЭлементЧеклистаЗадачи",
        c_symbol: "b24_update_tasks_checklist_element",
        section: SECTION,
        summary: "Changes the text of a checklist item",
        params: &[URL, TASK, ELEMENT, TEXT, TOKEN],
        action: change("task.checklistitem.update", update),
        example: answer!("null"),
    },
    ELEMENT_ACTION.function(
        "DeleteTasksChecklistElement",
        "УдалитьЭлементЧеклистаЗадачи",
        "b24_delete_tasks_checklist_element",
        "Deletes a checklist item",
        change("task.checklistitem.delete", task_and_item),
        answer!("true"),
    ),
    Function {
        name: "GetTasksChecklist",
        name_ru: "ПолучитьЧеклистЗадачи",
        c_symbol: "b24_get_tasks_checklist",
        section: SECTION,
        summary: "Gets a task's checklist: its root node and its items",
        params: &[URL, TASK, TOKEN],
        action: read("task.checklistitem.getlist", task_only),
        example: concat!(
            r#"{"result": ["#,
            r#"{"ID": "6162", "TASK_ID": "8720", "PARENT_ID": 0, "CREATED_BY": "1", "TITLE": "BX_CHECKLIST_1", "SORT_INDEX": "0", "IS_COMPLETE": "N", "IS_IMPORTANT": "N", "TOGGLED_BY": null, "TOGGLED_DATE": "", "MEMBERS": [], "ATTACHMENTS": []}"#,
            r#"], "time": {"start": 1728454786.58925, "finish": 1728454786.64143, "duration": 0.052, "processing": 0.024, "operating_reset_at": 1728455386, "operating": 0}}"#
        ),
    },
    ELEMENT_ACTION.function(
        "GetTasksChecklistElement",
        "ПолучитьЭлементЧеклистаЗадачи",
        "b24_get_tasks_checklist_element",
        "Gets a checklist item",
        read("task.checklistitem.get", task_and_item),
        concat!(
            r#"{"result": "#,
            r#"{"ID": "6164", "TASK_ID": "8720", "PARENT_ID": "6162", "CREATED_BY": "1", "TITLE": "New elements text", "SORT_INDEX": "1", "IS_COMPLETE": "N", "IS_IMPORTANT": "N", "TOGGLED_BY": null, "TOGGLED_DATE": "", "MEMBERS": [], "ATTACHMENTS": []}"#,
            r#", "time": {"start": 1761911606, "finish": 1761911606.26001, "duration": 0.26, "processing": 0, "operating_reset_at": 1761912206, "operating": 0}}"#
        ),
    ),
    ELEMENT_ACTION.function(
        "CompleteTasksChecklistElement",
        "ВыполнитьЭлементЧеклистаЗадачи",
        "b24_complete_tasks_checklist_element",
        "Checks a checklist item",
        change("task.checklistitem.complete", task_and_item),
        answer!("true"),
    ),
    ELEMENT_ACTION.function(
        "RenewTasksChecklistElement",
        "ВозобновитьЭлементЧеклистаЗадачи",
        "b24_renew_tasks_checklist_element",
        "Unchecks a checklist item",
        change("task.checklistitem.renew", task_and_item),
        answer!("true"),
    ),
];

fn task_id(args: &Args) -> Option<Value> {
    args.id_value("task")
}

fn item_id(args: &Args) -> Option<Value> {
    args.id_value("element")
}

fn task_only(args: &Args) -> Result<Payload> {
    Ok(fields([("TASKID", task_id(args))]).into())
}

/// OPI's ChecklistElementManagement: the task, then the item.
fn task_and_item(args: &Args) -> Result<Payload> {
    Ok(fields([("TASKID", task_id(args)), ("ITEMID", item_id(args))]).into())
}

/// IS_COMPLETE is always sent: OPI's "N" for an unchecked item is a filled value.
fn add(args: &Args) -> Result<Payload> {
    let item = fields([
        ("TITLE", args.text_value("text")),
        ("IS_COMPLETE", Some(Value::from(if args.flag("complete").unwrap_or(false) { "Y" } else { "N" }))),
    ]);
    Ok(fields([("TASKID", task_id(args)), ("FIELDS", Some(Value::Object(item)))]).into())
}

fn update(args: &Args) -> Result<Payload> {
    let item = fields([("TITLE", args.text_value("text"))]);
    Ok(fields([("TASKID", task_id(args)), ("ITEMID", item_id(args)), ("FIELDS", Some(Value::Object(item)))])
        .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opis_seven_functions_in_order() {
        let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(names.len(), 7);
        assert_eq!(names[0], "AddTasksChecklistElement");
        assert_eq!(names[6], "RenewTasksChecklistElement");
    }
}
