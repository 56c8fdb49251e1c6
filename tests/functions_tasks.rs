//! The task functions (TasksManagement and the custom task fields) through the C ABI against
//! the sandbox portal: what the portal received, in OPI's shape, and what its tasks are
//! afterwards.

mod common;

use bitrix24_ffi::sandbox::Sandbox;
use common::portal::{hook, last_request, result, start};
use common::{call, error_code, ffi, Export};
use serde_json::{json, Value};

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

/// A new task's id, from tasks.task.add's answer.
fn new_task(sandbox: &Sandbox, fields: Value) -> u64 {
    let answer = hook(sandbox, ffi::b24_create_task, json!({ "fields": fields }));
    result(&answer)["task"]["id"].as_str().expect("the id as text").parse().unwrap()
}

fn task(sandbox: &Sandbox, id: u64) -> serde_json::Map<String, Value> {
    sandbox.record("tasks.task", id).expect("the task is on the portal")
}

fn status(sandbox: &Sandbox, id: u64) -> String {
    task(sandbox, id)["status"].as_str().unwrap().to_string()
}

/// Runs a task action (`{"task": id}`) and checks that OPI's one field went out.
fn act(sandbox: &Sandbox, export: Export, method: &str, id: u64) -> Value {
    let answer = hook(sandbox, export, json!({ "task": id }));
    assert_eq!(last_request(sandbox, method).fields, json!({"taskId": id.to_string()}), "{method}");
    answer
}

#[test]
fn a_task_from_a_document_with_a_deadline_is_created_started_and_reads_back_completed() {
    let sandbox = start();
    let fields = json!({"TITLE": "Invoice 42: deliver", "DESCRIPTION": "From the 1C document",
        "DEADLINE": "2025-11-01T10:30:00", "RESPONSIBLE_ID": 1, "PRIORITY": "2"});
    let id = new_task(&sandbox, fields.clone());
    assert_eq!(last_request(&sandbox, "tasks.task.add").fields, json!({ "fields": fields }));
    let created = task(&sandbox, id);
    assert_eq!(
        (&created["title"], &created["deadline"], &created["responsibleId"], &created["status"]),
        (&json!("Invoice 42: deliver"), &json!("2025-11-01T10:30:00+00:00"), &json!("1"), &json!("2"))
    );

    let started = act(&sandbox, ffi::b24_start_task, "tasks.task.start", id);
    assert_eq!(result(&started)["task"]["status"], json!("3"));
    assert!(task(&sandbox, id)["dateStart"].is_string());
    act(&sandbox, ffi::b24_complete_task, "tasks.task.complete", id);
    let got = act(&sandbox, ffi::b24_get_task, "tasks.task.get", id);
    let got = &result(&got)["task"];
    assert_eq!((&got["status"], &got["closedBy"]), (&json!("5"), &json!("1")), "{got}");
    assert!(got["closedDate"].is_string());
}

#[test]
fn moves_the_status_does_not_allow_are_refused_with_the_portals_error() {
    let sandbox = start();
    let id = new_task(&sandbox, json!({"TITLE": "Lifecycle"}));
    // A pending task cannot be paused or approved: the portal's numeric error, nothing changes.
    for (export, method) in [
        (ffi::b24_pause_task as Export, "tasks.task.pause"),
        (ffi::b24_approve_task, "tasks.task.approve"),
        (ffi::b24_disapprove_task, "tasks.task.disapprove"),
        (ffi::b24_renew_task, "tasks.task.renew"),
    ] {
        let refused = act(&sandbox, export, method, id);
        assert_eq!(refused["error"], json!(1048582), "{method}: {refused}");
        assert_eq!(refused["error_description"], json!("Действие над задачей не разрешено"));
        assert_eq!(status(&sandbox, id), "2");
    }
    act(&sandbox, ffi::b24_start_task, "tasks.task.start", id);
    assert_eq!(status(&sandbox, id), "3");
    act(&sandbox, ffi::b24_pause_task, "tasks.task.pause", id);
    assert_eq!(status(&sandbox, id), "2");
    act(&sandbox, ffi::b24_defer_task, "tasks.task.defer", id);
    assert_eq!(status(&sandbox, id), "6");
    act(&sandbox, ffi::b24_renew_task, "tasks.task.renew", id);
    assert_eq!(status(&sandbox, id), "2");
    act(&sandbox, ffi::b24_complete_task, "tasks.task.complete", id);
    assert_eq!(status(&sandbox, id), "5");
    assert_eq!(act(&sandbox, ffi::b24_start_task, "tasks.task.start", id)["error"], json!(1048582));
    act(&sandbox, ffi::b24_renew_task, "tasks.task.renew", id);
    assert_eq!((status(&sandbox, id), &task(&sandbox, id)["closedDate"]), ("2".to_string(), &Value::Null));
}

#[test]
fn a_controlled_task_awaits_approval_and_goes_back_when_disapproved() {
    let sandbox = start();
    let id = new_task(&sandbox, json!({"TITLE": "Controlled", "CREATED_BY": 10, "TASK_CONTROL": "Y"}));
    act(&sandbox, ffi::b24_complete_task, "tasks.task.complete", id);
    assert_eq!(status(&sandbox, id), "4");
    let sent_back = act(&sandbox, ffi::b24_disapprove_task, "tasks.task.disapprove", id);
    assert_eq!(result(&sent_back)["task"]["status"], json!("2"));
    act(&sandbox, ffi::b24_complete_task, "tasks.task.complete", id);
    act(&sandbox, ffi::b24_approve_task, "tasks.task.approve", id);
    assert_eq!(status(&sandbox, id), "5");
}

#[test]
fn watchers_favourites_and_mute_read_back() {
    let sandbox = start();
    let id = new_task(&sandbox, json!({"TITLE": "Watched", "AUDITORS": [10]}));
    act(&sandbox, ffi::b24_start_watching_task, "tasks.task.startwatch", id);
    let got = hook(&sandbox, ffi::b24_get_task, json!({ "task": id }));
    assert_eq!(result(&got)["task"]["auditors"], json!(["10", "1"]));
    act(&sandbox, ffi::b24_stop_watching_task, "tasks.task.stopwatch", id);
    assert_eq!(task(&sandbox, id)["auditors"], json!(["10"]));

    let added = act(&sandbox, ffi::b24_add_task_to_favorites, "tasks.task.favorite.add", id);
    assert_eq!(result(&added), &json!(true));
    assert_eq!(task(&sandbox, id)["favorite"], json!("Y"));
    let rights = hook(&sandbox, ffi::b24_check_task_accesses, json!({ "task": id }));
    assert_eq!(result(&rights)["allowedActions"]["1"]["DELETE_FAVORITE"], json!(true), "{rights}");
    act(&sandbox, ffi::b24_remove_task_from_favorites, "tasks.task.favorite.remove", id);
    assert_eq!(task(&sandbox, id)["favorite"], json!("N"));

    let muted = act(&sandbox, ffi::b24_mute_task, "tasks.task.mute", id);
    assert_eq!(result(&muted)["task"]["isMuted"], json!("Y"));
    assert_eq!(task(&sandbox, id)["isMuted"], json!("Y"));
    act(&sandbox, ffi::b24_unmute_task, "tasks.task.unmute", id);
    assert_eq!(task(&sandbox, id)["isMuted"], json!("N"));
}

#[test]
fn changes_and_delegation_are_in_the_history_and_a_deleted_task_is_gone() {
    let sandbox = start();
    let id = new_task(&sandbox, json!({"TITLE": "Draft"}));
    let fields = json!({"TITLE": "Final", "PRIORITY": "2"});
    let answer = hook(&sandbox, ffi::b24_update_task, json!({"task": id, "fields": fields.to_string()}));
    assert_eq!(result(&answer)["task"]["title"], json!("Final"));
    let sent = last_request(&sandbox, "tasks.task.update").fields;
    assert_eq!(keys(&sent), ["fields", "taskId"]);
    assert_eq!(sent, json!({"fields": fields, "taskId": id.to_string()}));

    let answer = hook(&sandbox, ffi::b24_delegate_task, json!({"task": id, "user": 2960}));
    assert_eq!(result(&answer)["task"]["responsibleId"], json!("2960"));
    assert_eq!(
        last_request(&sandbox, "tasks.task.delegate").fields,
        json!({"taskId": id.to_string(), "userId": "2960"})
    );
    assert_eq!(task(&sandbox, id)["responsibleId"], json!("2960"));

    let history = act(&sandbox, ffi::b24_get_task_history, "tasks.task.history.list", id);
    let list = result(&history)["list"].as_array().unwrap();
    let fields: Vec<&str> = list.iter().map(|entry| entry["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["NEW", "TITLE", "PRIORITY", "RESPONSIBLE_ID"]);
    assert_eq!(list[1]["value"], json!({"from": "Draft", "to": "Final"}));
    assert_eq!(list[3]["user"]["id"], json!(1));

    let deleted = act(&sandbox, ffi::b24_delete_task, "tasks.task.delete", id);
    assert_eq!(result(&deleted), &json!({"task": true}));
    assert!(sandbox.record("tasks.task", id).is_none());
    let gone = hook(&sandbox, ffi::b24_get_task, json!({ "task": id }));
    assert_eq!(gone["error"], json!(1048582), "{gone}");
}

#[test]
fn tasks_listed_with_a_filter_offset_and_fields_are_the_matching_ones() {
    let sandbox = start();
    let ids: Vec<u64> = (0..6)
        .map(|n| {
            new_task(
                &sandbox,
                json!({"TITLE": format!("Task {n}"), "RESPONSIBLE_ID": if n % 2 == 0 { 10 } else { 1 }}),
            )
        })
        .collect();
    let answer = hook(
        &sandbox,
        ffi::b24_get_tasks_list,
        json!({"filter": {"RESPONSIBLE_ID": 10, ">ID": ids[0]}, "offset": 1, "select": ["ID", "TITLE"]}),
    );
    let sent = last_request(&sandbox, "tasks.task.list").fields;
    assert_eq!(keys(&sent), ["filter", "start", "select"]);
    assert_eq!(sent["start"], json!("1"));
    let rows = result(&answer)["tasks"].as_array().unwrap();
    assert_eq!(rows, &[json!({"id": ids[4].to_string(), "title": "Task 4"})]);
    assert_eq!(answer["total"], json!(2));

    // No offset, one field by name: OPI sends no start and wraps the name in an array.
    let answer = hook(&sandbox, ffi::b24_get_tasks_list, json!({"select": "TITLE", "offset": 0}));
    assert_eq!(last_request(&sandbox, "tasks.task.list").fields, json!({"select": ["TITLE"]}));
    assert_eq!(result(&answer)["tasks"].as_array().unwrap().len(), 6);
}

#[test]
fn access_is_checked_per_user_from_the_tasks_roles_and_status() {
    let sandbox = start();
    let id = new_task(&sandbox, json!({"TITLE": "Rights", "RESPONSIBLE_ID": 638}));
    let answer = hook(&sandbox, ffi::b24_check_task_accesses, json!({"task": id, "users": ["638", "10"]}));
    assert_eq!(
        last_request(&sandbox, "tasks.task.getaccess").fields,
        json!({"taskId": id.to_string(), "users": ["638", "10"]})
    );
    let allowed = &result(&answer)["allowedActions"];
    assert_eq!((&allowed["638"]["START"], &allowed["638"]["EDIT"]), (&json!(true), &json!(false)));
    assert_eq!((&allowed["10"]["START"], &allowed["10"]["CREATE"]), (&json!(false), &json!(true)));
    act(&sandbox, ffi::b24_start_task, "tasks.task.start", id);
    let answer = hook(&sandbox, ffi::b24_check_task_accesses, json!({"task": id, "users": 638}));
    let allowed = &result(&answer)["allowedActions"]["638"];
    assert_eq!((&allowed["START"], &allowed["PAUSE"]), (&json!(false), &json!(true)));
}

#[test]
fn a_dependency_links_two_tasks_until_it_is_deleted() {
    let sandbox = start();
    let first = new_task(&sandbox, json!({"TITLE": "First"}));
    let second = new_task(&sandbox, json!({"TITLE": "Second"}));
    let link = json!({"taskfrom": first, "taskto": second, "linktype": 0});
    let answer = hook(&sandbox, ffi::b24_create_tasks_dependencies, link.clone());
    assert_eq!(result(&answer), &json!([]));
    // A link type of 0 is sent, as text.
    let sent = last_request(&sandbox, "task.dependence.add").fields;
    assert_eq!(
        sent,
        json!({"taskIdFrom": first.to_string(), "taskIdTo": second.to_string(), "linkType": "0"})
    );
    assert_eq!(sandbox.record_count("task.dependence"), 1);
    assert_eq!(task(&sandbox, second)["dependsOn"], json!([first.to_string()]));

    let answer = hook(&sandbox, ffi::b24_delete_tasks_dependencies, link);
    assert_eq!(result(&answer), &json!([]));
    assert_eq!(last_request(&sandbox, "task.dependence.delete").fields, sent);
    assert_eq!(sandbox.record_count("task.dependence"), 0);
    assert_eq!(task(&sandbox, second)["dependsOn"], json!([]));
}

#[test]
fn a_disk_file_is_attached_to_a_task() {
    let sandbox = start();
    let id = new_task(&sandbox, json!({"TITLE": "With a file"}));
    let answer = hook(&sandbox, ffi::b24_attach_file_to_topic, json!({"task": id, "fileid": 3606}));
    let attachment = result(&answer)["attachmentId"].as_u64().expect("the attachment's id");
    let sent = last_request(&sandbox, "tasks.task.files.attach").fields;
    assert_eq!(keys(&sent), ["fileId", "taskId"]);
    assert_eq!(sent, json!({"fileId": "3606", "taskId": id.to_string()}));
    assert_eq!(task(&sandbox, id)["ufTaskWebdavFiles"], json!([attachment]));
}

#[test]
fn the_daily_plan_lists_the_callers_planned_tasks() {
    let sandbox = start();
    let empty = hook(&sandbox, ffi::b24_get_daily_plan, json!({}));
    assert_eq!(result(&empty), &json!([]));
    assert_eq!(last_request(&sandbox, "task.planner.getlist").fields, json!({}));
    let id = new_task(&sandbox, json!({"TITLE": "Today"}));
    new_task(&sandbox, json!({"TITLE": "Not today"}));
    sandbox.plan_for_today(id);
    let plan = hook(&sandbox, ffi::b24_get_daily_plan, json!({}));
    assert_eq!(result(&plan), &json!([id.to_string()]));
}

#[test]
fn the_fields_structure_comes_by_get_and_the_filter_structure_is_local() {
    let sandbox = start();
    let answer = hook(&sandbox, ffi::b24_get_task_fields_structure, json!({}));
    assert_eq!(result(&answer)["fields"]["STATUS"]["values"]["5"], json!("Завершена"), "{answer}");
    let sent = last_request(&sandbox, "tasks.task.getfields");
    assert_eq!(sent.http_method, "GET");
    assert!(sent.path.ends_with("/tasks.task.getFields"), "{}", sent.path);

    let filter = call(ffi::b24_get_tasks_filter_structure, &json!({}));
    assert_eq!(filter.as_object().unwrap().len(), 26);
    assert_eq!(filter["RESPONSIBLE_ID"], json!("<performer>"));
    let empty = call(ffi::b24_get_tasks_filter_structure, &json!({"empty": true, "map": true}));
    assert_eq!(keys(&empty), keys(&filter));
    assert!(empty.as_object().unwrap().values().all(|value| value == ""), "{empty}");
}

#[test]
fn a_custom_task_field_is_added_read_changed_listed_and_deleted() {
    let sandbox = start();
    let answer = hook(
        &sandbox,
        ffi::b24_add_custom_task_field,
        json!({"type": "string", "fieldname": "TEXT_FIELD", "externalid": "BITRIX_TEXT_FIELD",
            "title": "Text field", "label": {"en": "Some field", "ru": "Nekotoroe pole"}}),
    );
    let id = result(&answer).as_u64().expect("the new field's id");
    let sent = last_request(&sandbox, "task.item.userfield.add").fields;
    assert_eq!(keys(&sent), ["PARAMS"]);
    assert_eq!(keys(&sent["PARAMS"]), ["USER_TYPE_ID", "FIELD_NAME", "XML_ID", "LABEL", "EDIT_FORM_LABEL"]);
    let stored = sandbox.record("task.item.userfield", id).unwrap();
    assert_eq!((&stored["FIELD_NAME"], &stored["USER_TYPE_ID"]), (&json!("UF_TEXT_FIELD"), &json!("string")));

    let answer = hook(
        &sandbox,
        ffi::b24_update_custom_task_field,
        json!({"fieldid": id, "externalid": "NEW_TEXT_FIELD", "label": "{\"en\": \"Updated field\"}"}),
    );
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(
        last_request(&sandbox, "task.item.userfield.update").fields,
        json!({"ID": id.to_string(), "DATA": {"XML_ID": "NEW_TEXT_FIELD", "EDIT_FORM_LABEL": {"en": "Updated field"}}})
    );
    let got = hook(&sandbox, ffi::b24_get_custom_task_field, json!({ "fieldid": id }));
    assert_eq!(last_request(&sandbox, "task.item.userfield.get").fields, json!({"ID": id.to_string()}));
    let got = result(&got);
    assert_eq!(
        (&got["XML_ID"], &got["EDIT_FORM_LABEL"]["en"]),
        (&json!("NEW_TEXT_FIELD"), &json!("Updated field"))
    );
    assert_eq!(got["EDIT_FORM_LABEL"]["ru"], json!("Nekotoroe pole"));

    let list = hook(&sandbox, ffi::b24_get_custom_task_fields_list, json!({}));
    assert_eq!(result(&list)[0]["ID"], json!(id.to_string()));
    let deleted = hook(&sandbox, ffi::b24_delete_custom_task_field, json!({ "fieldid": id }));
    assert_eq!(result(&deleted), &json!(true));
    assert_eq!(sandbox.record_count("task.item.userfield"), 0);
    let gone = hook(&sandbox, ffi::b24_get_custom_task_field, json!({ "fieldid": id }));
    assert_eq!(error_code(&gone), "ERROR_CORE", "{gone}");
}
