//! What belongs to a task (its checklist, comments and results) and the kanban, through the C
//! ABI against the sandbox portal: what the portal received, in OPI's shape and key order, and
//! what the portal holds afterwards.

mod common;

use bitrix24_ffi::sandbox::{ReceivedRequest, Sandbox};
use common::portal::{hook, result, start};
use common::{call, error_code, ffi};
use serde_json::{json, Map, Value};

/// The fields of the last call of `method` (lower-case, as the sandbox records it).
fn sent(sandbox: &Sandbox, method: &str) -> Value {
    let request: ReceivedRequest = sandbox
        .requests()
        .into_iter()
        .rev()
        .find(|r| r.rest_method == method)
        .expect("the method was called");
    request.fields
}

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

fn new_task(sandbox: &Sandbox, fields: Value) -> u64 {
    let answer = hook(sandbox, ffi::b24_create_task, json!({ "fields": fields }));
    result(&answer)["task"]["id"].as_str().expect("the id as text").parse().unwrap()
}

fn record(sandbox: &Sandbox, table: &str, id: u64) -> Map<String, Value> {
    sandbox.record(table, id).unwrap_or_else(|| panic!("{table} {id} is on the portal"))
}

fn new_id(answer: &Value) -> u64 {
    result(answer).as_u64().unwrap_or_else(|| panic!("a numeric id: {answer}"))
}

#[test]
fn a_checklist_item_added_and_then_completed_reads_back_complete() {
    let sandbox = start();
    let task = new_task(&sandbox, json!({"TITLE": "Invoice 42: deliver"}));
    let item =
        new_id(&hook(&sandbox, ffi::b24_add_tasks_checklist_element, json!({"task": task, "text": "Pack"})));
    let add = sent(&sandbox, "task.checklistitem.add");
    assert_eq!(add, json!({"TASKID": task.to_string(), "FIELDS": {"TITLE": "Pack", "IS_COMPLETE": "N"}}));
    assert_eq!(keys(&add), ["TASKID", "FIELDS"]);
    assert_eq!(keys(&add["FIELDS"]), ["TITLE", "IS_COMPLETE"]);
    assert_eq!(record(&sandbox, "task.checklistitem", item)["IS_COMPLETE"], json!("N"));

    let done =
        hook(&sandbox, ffi::b24_complete_tasks_checklist_element, json!({"task": task, "element": item}));
    assert_eq!(result(&done), &json!(true));
    let complete = sent(&sandbox, "task.checklistitem.complete");
    assert_eq!(keys(&complete), ["TASKID", "ITEMID"]);
    assert_eq!(complete, json!({"TASKID": task.to_string(), "ITEMID": item.to_string()}));
    let got = hook(&sandbox, ffi::b24_get_tasks_checklist_element, json!({"task": task, "element": item}));
    assert_eq!((&result(&got)["IS_COMPLETE"], &result(&got)["TOGGLED_BY"]), (&json!("Y"), &json!("1")));
    assert_eq!(keys(&sent(&sandbox, "task.checklistitem.get")), ["TASKID", "ITEMID"]);
    assert_eq!(record(&sandbox, "task.checklistitem", item)["IS_COMPLETE"], json!("Y"));

    hook(&sandbox, ffi::b24_renew_tasks_checklist_element, json!({"task": task, "element": item}));
    assert_eq!(keys(&sent(&sandbox, "task.checklistitem.renew")), ["TASKID", "ITEMID"]);
    assert_eq!(record(&sandbox, "task.checklistitem", item)["IS_COMPLETE"], json!("N"));
}

#[test]
fn a_checklist_lists_its_root_and_items_which_change_and_go() {
    let sandbox = start();
    let task = new_task(&sandbox, json!({"TITLE": "Checklist"}));
    let first =
        new_id(&hook(&sandbox, ffi::b24_add_tasks_checklist_element, json!({"task": task, "text": "One"})));
    let second = new_id(&hook(
        &sandbox,
        ffi::b24_add_tasks_checklist_element,
        json!({"task": task, "text": "Two", "complete": true}),
    ));
    assert_eq!(sent(&sandbox, "task.checklistitem.add")["FIELDS"]["IS_COMPLETE"], json!("Y"));
    assert_eq!(record(&sandbox, "task.checklistitem", second)["IS_COMPLETE"], json!("Y"));

    let edited = hook(
        &sandbox,
        ffi::b24_update_tasks_checklist_element,
        json!({"task": task, "element": first, "text": "One, renamed"}),
    );
    assert_eq!(result(&edited), &Value::Null);
    let update = sent(&sandbox, "task.checklistitem.update");
    assert_eq!(keys(&update), ["TASKID", "ITEMID", "FIELDS"]);
    assert_eq!(update["FIELDS"], json!({"TITLE": "One, renamed"}));
    assert_eq!(record(&sandbox, "task.checklistitem", first)["TITLE"], json!("One, renamed"));

    let list = hook(&sandbox, ffi::b24_get_tasks_checklist, json!({ "task": task }));
    assert_eq!(sent(&sandbox, "task.checklistitem.getlist"), json!({"TASKID": task.to_string()}));
    let titles: Vec<&Value> = result(&list).as_array().unwrap().iter().map(|item| &item["TITLE"]).collect();
    assert_eq!(titles, [&json!("BX_CHECKLIST_1"), &json!("One, renamed"), &json!("Two")]);
    assert_eq!(result(&list)[1]["PARENT_ID"], result(&list)[0]["ID"]);

    let gone =
        hook(&sandbox, ffi::b24_delete_tasks_checklist_element, json!({"task": task, "element": first}));
    assert_eq!(result(&gone), &json!(true));
    assert_eq!(keys(&sent(&sandbox, "task.checklistitem.delete")), ["TASKID", "ITEMID"]);
    assert!(sandbox.record("task.checklistitem", first).is_none());
    // An item of another task, or on a task that is not there: the portal's error, nothing made.
    let other = new_task(&sandbox, json!({"TITLE": "Other"}));
    let refused =
        hook(&sandbox, ffi::b24_get_tasks_checklist_element, json!({"task": other, "element": second}));
    assert_eq!(error_code(&refused), "ERROR_CORE", "{refused}");
    let count = sandbox.record_count("task.checklistitem");
    let refused = hook(&sandbox, ffi::b24_add_tasks_checklist_element, json!({"task": 9999, "text": "Lost"}));
    assert!(refused["error_description"].as_str().unwrap().contains("TASK_NOT_FOUND_OR_NOT_ACCESSIBLE"));
    assert_eq!(sandbox.record_count("task.checklistitem"), count);
}

#[test]
fn the_sandbox_reads_checklist_arguments_by_position_as_the_portal_does() {
    let sandbox = start();
    let task = new_task(&sandbox, json!({"TITLE": "Positions"}));
    let item =
        new_id(&hook(&sandbox, ffi::b24_add_tasks_checklist_element, json!({"task": task, "text": "A"})));
    // The same keys in the other order name the item as the task: refused.
    let swapped = hook(
        &sandbox,
        ffi::b24_call,
        json!({"method": "task.checklistitem.complete", "params": {"ITEMID": item, "TASKID": task}}),
    );
    assert_eq!(error_code(&swapped), "ERROR_CORE", "{swapped}");
    assert_eq!(record(&sandbox, "task.checklistitem", item)["IS_COMPLETE"], json!("N"));
}

#[test]
fn a_comment_added_reads_back_and_a_result_made_from_it_is_listed() {
    let sandbox = start();
    let task = new_task(&sandbox, json!({"TITLE": "Commented"}));
    let comment =
        new_id(&hook(&sandbox, ffi::b24_add_task_comment, json!({"task": task, "text": "Shipped today"})));
    let add = sent(&sandbox, "task.commentitem.add");
    assert_eq!(keys(&add), ["TASKID", "FIELDS"]);
    assert_eq!(add, json!({"TASKID": task.to_string(), "FIELDS": {"POST_MESSAGE": "Shipped today"}}));

    let got = hook(&sandbox, ffi::b24_get_task_comment, json!({"task": task, "comment": comment}));
    assert_eq!(keys(&sent(&sandbox, "task.commentitem.get")), ["TASKID", "ITEMID"]);
    let got = result(&got);
    assert_eq!((&got["POST_MESSAGE"], &got["AUTHOR_ID"]), (&json!("Shipped today"), &json!("1")), "{got}");
    assert_eq!(got["ID"], json!(comment.to_string()));
    let list = hook(&sandbox, ffi::b24_get_task_comments_list, json!({ "task": task }));
    assert_eq!(sent(&sandbox, "task.commentitem.getlist"), json!({"taskId": task.to_string()}));
    assert_eq!(result(&list).as_array().unwrap().len(), 1);

    let made = hook(&sandbox, ffi::b24_create_result_from_comment, json!({ "comment": comment }));
    assert_eq!(sent(&sandbox, "tasks.task.result.addfromcomment"), json!({"commentId": comment.to_string()}));
    assert_eq!((&result(&made)["taskId"], &result(&made)["text"]), (&json!(task), &json!("Shipped today")));
    let results = hook(&sandbox, ffi::b24_get_results_list, json!({ "task": task }));
    assert_eq!(sent(&sandbox, "tasks.task.result.list"), json!({"taskId": task.to_string()}));
    assert_eq!(result(&results)[0]["commentId"], json!(comment), "{results}");

    // The result follows its comment's text.
    let edited = hook(
        &sandbox,
        ffi::b24_update_task_comment,
        json!({"task": task, "comment": comment, "text": "Delivered"}),
    );
    assert_eq!(result(&edited), &json!(true));
    let update = sent(&sandbox, "task.commentitem.update");
    assert_eq!(keys(&update), ["TASKID", "ITEMID", "FIELDS"]);
    assert_eq!(update["FIELDS"], json!({"POST_MESSAGE": "Delivered"}));
    let results = hook(&sandbox, ffi::b24_get_results_list, json!({ "task": task }));
    assert_eq!(result(&results)[0]["text"], json!("Delivered"));

    let unmade = hook(&sandbox, ffi::b24_delete_result_from_comment, json!({ "comment": comment }));
    assert_eq!(result(&unmade), &Value::Null);
    assert_eq!(
        sent(&sandbox, "tasks.task.result.deletefromcomment"),
        json!({"commentId": comment.to_string()})
    );
    assert_eq!(sandbox.record_count("tasks.task.result"), 0);

    hook(&sandbox, ffi::b24_create_result_from_comment, json!({ "comment": comment }));
    let deleted = hook(&sandbox, ffi::b24_delete_task_comment, json!({"task": task, "comment": comment}));
    assert_eq!(result(&deleted), &json!(true));
    assert_eq!(keys(&sent(&sandbox, "task.commentitem.delete")), ["TASKID", "ITEMID"]);
    assert!(sandbox.record("task.commentitem", comment).is_none());
    assert_eq!(sandbox.record_count("tasks.task.result"), 0, "the result went with its comment");
    let refused = hook(&sandbox, ffi::b24_create_result_from_comment, json!({ "comment": comment }));
    assert_eq!(refused["error"], json!(1048582), "{refused}");
    let refused = hook(&sandbox, ffi::b24_add_task_comment, json!({"task": 9999, "text": "Lost"}));
    assert_eq!(error_code(&refused), "ERROR_CORE");
}

#[test]
fn the_comment_structure_is_local() {
    let structure = call(ffi::b24_get_comment_structure, &json!({}));
    assert_eq!(
        keys(&structure),
        ["AUTHOR_ID", "AUTHOR_NAME", "AUTHOR_EMAIL", "USE_SMILES", "POST_MESSAGE", "UF_FORUM_MESSAGE_DOC"]
    );
    assert_eq!(structure["POST_MESSAGE"], json!("<Message text>"));
    let empty = call(ffi::b24_get_comment_structure, &json!({"empty": true}));
    assert_eq!(keys(&empty), keys(&structure));
    assert!(empty.as_object().unwrap().values().all(|value| value == ""), "{empty}");
}

#[test]
fn a_task_moved_to_a_stage_of_my_plan_is_in_that_stage() {
    let sandbox = start();
    let stages = hook(&sandbox, ffi::b24_get_kanban_stages, json!({}));
    assert_eq!(sent(&sandbox, "task.stages.get"), json!({"entityId": "0", "isAdmin": "N"}));
    let first: u64 = result(&stages).as_object().unwrap().keys().next().unwrap().parse().unwrap();
    assert_eq!(result(&stages)[first.to_string()]["SYSTEM_TYPE"], json!("NEW"), "{stages}");

    let stage = new_id(&hook(&sandbox, ffi::b24_add_kanban_stage, json!({"title": "This week"})));
    let add = sent(&sandbox, "task.stages.add");
    assert_eq!(add, json!({"fields": {"TITLE": "This week", "COLOR": "FFD800", "isAdmin": "N"}}));
    assert_eq!(keys(&add["fields"]), ["TITLE", "COLOR", "isAdmin"]);
    let stored = record(&sandbox, "task.stages", stage);
    assert_eq!((&stored["ENTITY_TYPE"], &stored["ENTITY_ID"]), (&json!("U"), &json!("1")));

    let task = new_task(&sandbox, json!({"TITLE": "Planned"}));
    let moved = hook(&sandbox, ffi::b24_move_task_to_kanban_stage, json!({"task": task, "stage": stage}));
    assert_eq!(result(&moved), &json!(true));
    let sent_move = sent(&sandbox, "task.stages.movetask");
    assert_eq!(sent_move, json!({"id": task.to_string(), "stageId": stage.to_string(), "after": "0"}));
    assert_eq!(keys(&sent_move), ["id", "stageId", "after"]);
    let got = hook(&sandbox, ffi::b24_get_task, json!({ "task": task }));
    assert_eq!(result(&got)["task"]["stageId"], json!(stage.to_string()));

    // A stage with a task cannot go; once the task moved on, it can.
    let refused = hook(&sandbox, ffi::b24_delete_kanban_stage, json!({ "stage": stage }));
    assert_eq!(error_code(&refused), "ERROR_CORE", "{refused}");
    assert_eq!(sent(&sandbox, "task.stages.delete"), json!({"id": stage.to_string(), "isAdmin": "N"}));
    let other = new_task(&sandbox, json!({"TITLE": "Neighbour"}));
    hook(
        &sandbox,
        ffi::b24_move_task_to_kanban_stage,
        json!({"task": task, "stage": first, "before": other}),
    );
    let sent_move = sent(&sandbox, "task.stages.movetask");
    assert_eq!(keys(&sent_move), ["id", "stageId", "before"]);
    assert_eq!(sent_move["before"], json!(other.to_string()));
    assert_eq!(record(&sandbox, "tasks.task", task)["stageId"], json!(first.to_string()));
    let deleted = hook(&sandbox, ffi::b24_delete_kanban_stage, json!({"stage": stage, "admin": true}));
    assert_eq!(result(&deleted), &json!(true));
    assert_eq!(sent(&sandbox, "task.stages.delete")["isAdmin"], json!("Y"));
    assert!(sandbox.record("task.stages", stage).is_none());
}

#[test]
fn a_groups_stages_are_ordered_renamed_and_take_only_the_groups_tasks() {
    let sandbox = start();
    let first = new_id(&hook(
        &sandbox,
        ffi::b24_add_kanban_stage,
        json!({"title": "Doing", "color": "0026FF", "entityid": 7, "admin": true}),
    ));
    let add = sent(&sandbox, "task.stages.add");
    assert_eq!(add["fields"], json!({"TITLE": "Doing", "COLOR": "0026FF", "ENTITY_ID": "7", "isAdmin": "Y"}));
    let second = new_id(&hook(
        &sandbox,
        ffi::b24_add_kanban_stage,
        json!({"title": "Done", "prevstage": first, "entityid": 7}),
    ));
    assert_eq!(
        keys(&sent(&sandbox, "task.stages.add")["fields"]),
        ["TITLE", "COLOR", "AFTER_ID", "ENTITY_ID", "isAdmin"]
    );

    let renamed = hook(
        &sandbox,
        ffi::b24_update_kanbans_stage,
        json!({"title": "Finished", "stage": second, "color": "000000"}),
    );
    assert_eq!(result(&renamed), &json!(true));
    let update = sent(&sandbox, "task.stages.update");
    assert_eq!(keys(&update), ["id", "fields"]);
    assert_eq!(
        update,
        json!({"id": second.to_string(), "fields": {"TITLE": "Finished", "COLOR": "000000", "isAdmin": false}})
    );
    // A stage added after none went first, before the kanban's system stage; now "Doing" goes
    // after "Finished".
    hook(
        &sandbox,
        ffi::b24_update_kanbans_stage,
        json!({"title": "Doing", "stage": first, "prevstage": second}),
    );
    assert_eq!(sent(&sandbox, "task.stages.update")["fields"]["AFTER_ID"], json!(second.to_string()));
    let stages = hook(&sandbox, ffi::b24_get_kanban_stages, json!({"entityid": 7}));
    assert_eq!(sent(&sandbox, "task.stages.get"), json!({"entityId": "7", "isAdmin": "N"}));
    let order: Vec<&str> =
        result(&stages).as_object().unwrap().values().map(|s| s["TITLE"].as_str().unwrap()).collect();
    assert_eq!(order, ["Finished", "Doing", "Новые"], "{stages}");
    assert_eq!(record(&sandbox, "task.stages", second)["COLOR"], json!("000000"));

    let outsider = new_task(&sandbox, json!({"TITLE": "Not in the group"}));
    let refused =
        hook(&sandbox, ffi::b24_move_task_to_kanban_stage, json!({"task": outsider, "stage": first}));
    assert_eq!(error_code(&refused), "ERROR_CORE", "{refused}");
    assert_eq!(record(&sandbox, "tasks.task", outsider)["stageId"], json!("0"));
    let member = new_task(&sandbox, json!({"TITLE": "In the group", "GROUP_ID": 7}));
    let moved = hook(
        &sandbox,
        ffi::b24_move_task_to_kanban_stage,
        json!({"task": member, "stage": first, "after": outsider}),
    );
    assert_eq!(result(&moved), &json!(true));
    assert_eq!(sent(&sandbox, "task.stages.movetask")["after"], json!(outsider.to_string()));
    assert_eq!(record(&sandbox, "tasks.task", member)["stageId"], json!(first.to_string()));
}
