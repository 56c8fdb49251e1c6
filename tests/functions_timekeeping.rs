//! The timekeeping functions through the C ABI against the sandbox portal: time logged on
//! tasks (task.elapseditem.*, whose arguments the portal reads by position) and the work day
//! (timeman.*): what the portal received, in OPI's shape and order, and what it holds after.

mod common;

use bitrix24_ffi::sandbox::Sandbox;
use common::portal::{hook, last_request, result, start};
use common::{call, error_code, ffi, Export};
use serde_json::{json, Value};

fn keys(value: &Value) -> Vec<&str> {
    value.as_object().unwrap().keys().map(String::as_str).collect()
}

fn new_task(sandbox: &Sandbox, title: &str) -> u64 {
    let answer = hook(sandbox, ffi::b24_create_task, json!({"fields": {"TITLE": title}}));
    result(&answer)["task"]["id"].as_str().expect("the id as text").parse().unwrap()
}

fn spent_in_logs(sandbox: &Sandbox, task: u64) -> Value {
    let got = hook(sandbox, ffi::b24_get_task, json!({ "task": task }));
    result(&got)["task"]["timeSpentInLogs"].clone()
}

/// Logs time and answers the new record's id.
fn log_time(sandbox: &Sandbox, task: u64, params: Value) -> u64 {
    let mut params = params;
    params["task"] = json!(task);
    let answer = hook(sandbox, ffi::b24_add_task_time_accounting, params);
    result(&answer).as_u64().unwrap_or_else(|| panic!("the id as a number: {answer}"))
}

#[test]
fn logged_time_shows_in_the_tasks_time_list() {
    let sandbox = start();
    let task = new_task(&sandbox, "Invoice 42: deliver");
    assert_eq!(spent_in_logs(&sandbox, task), Value::Null);
    let first = log_time(
        &sandbox,
        task,
        json!({"amount": 3600, "user": 10, "text": "Packing", "date": "2025-10-01T09:00:00+03:00"}),
    );
    let sent = last_request(&sandbox, "task.elapseditem.add").fields;
    assert_eq!(
        sent,
        json!({"TASKID": task.to_string(), "ARFIELDS": {"SECONDS": "3600", "COMMENT_TEXT": "Packing",
            "USER_ID": "10", "CREATED_DATE": "2025-10-01T09:00:00"}})
    );
    // The portal reads these arguments by position: the order is part of the request.
    assert_eq!(keys(&sent), ["TASKID", "ARFIELDS"]);
    assert_eq!(keys(&sent["ARFIELDS"]), ["SECONDS", "COMMENT_TEXT", "USER_ID", "CREATED_DATE"]);
    let second = log_time(&sandbox, task, json!({"amount": "1800"}));
    assert_eq!(last_request(&sandbox, "task.elapseditem.add").fields["ARFIELDS"], json!({"SECONDS": "1800"}));

    let list = hook(&sandbox, ffi::b24_get_task_time_accounting_list, json!({ "task": task }));
    assert_eq!(
        last_request(&sandbox, "task.elapseditem.getlist").fields,
        json!({"TASKID": task.to_string()})
    );
    assert_eq!(list["total"], json!(2), "{list}");
    let rows = result(&list).as_array().unwrap();
    assert_eq!(rows[0]["ID"], json!(first.to_string()));
    assert_eq!(
        (&rows[0]["TASK_ID"], &rows[0]["USER_ID"], &rows[0]["SECONDS"], &rows[0]["MINUTES"]),
        (&json!(task.to_string()), &json!("10"), &json!("3600"), &json!("60"))
    );
    assert_eq!(
        (&rows[0]["COMMENT_TEXT"], &rows[0]["CREATED_DATE"]),
        (&json!("Packing"), &json!("2025-10-01T09:00:00+00:00"))
    );
    assert_eq!((&rows[1]["ID"], &rows[1]["USER_ID"]), (&json!(second.to_string()), &json!("1")));
    assert_eq!(spent_in_logs(&sandbox, task), json!("5400"));

    // Another task's list does not show this task's time.
    let other = new_task(&sandbox, "Other");
    let list = hook(&sandbox, ffi::b24_get_task_time_accounting_list, json!({ "task": other }));
    assert_eq!((result(&list), &list["total"]), (&json!([]), &json!(0)));
}

#[test]
fn a_time_record_is_read_changed_and_deleted() {
    let sandbox = start();
    let task = new_task(&sandbox, "Timed");
    let record = log_time(&sandbox, task, json!({"amount": 600, "text": "Start"}));

    let got = hook(&sandbox, ffi::b24_get_task_time_accounting, json!({"task": task, "record": record}));
    let sent = last_request(&sandbox, "task.elapseditem.get").fields;
    assert_eq!(sent, json!({"TASKID": task.to_string(), "ITEMID": record.to_string()}));
    assert_eq!(keys(&sent), ["TASKID", "ITEMID"]);
    assert_eq!((&result(&got)["SECONDS"], &result(&got)["COMMENT_TEXT"]), (&json!("600"), &json!("Start")));

    let updated = hook(
        &sandbox,
        ffi::b24_update_task_time_accounting,
        json!({"task": task, "record": record, "amount": 7200, "text": "Whole job", "date": "2025-09-30"}),
    );
    assert_eq!(result(&updated), &Value::Null);
    let sent = last_request(&sandbox, "task.elapseditem.update").fields;
    assert_eq!(keys(&sent), ["TASKID", "ITEMID", "ARFIELDS"]);
    assert_eq!(
        sent["ARFIELDS"],
        json!({"SECONDS": "7200", "COMMENT_TEXT": "Whole job", "CREATED_DATE": "2025-09-30T00:00:00"})
    );
    let stored = sandbox.record("task.elapseditem", record).expect("the record is on the portal");
    assert_eq!(
        (&stored["SECONDS"], &stored["MINUTES"], &stored["COMMENT_TEXT"], &stored["CREATED_DATE"]),
        (&json!("7200"), &json!("120"), &json!("Whole job"), &json!("2025-09-30T00:00:00+00:00"))
    );
    assert_eq!(spent_in_logs(&sandbox, task), json!("7200"));

    let deleted =
        hook(&sandbox, ffi::b24_delete_task_time_accounting, json!({"task": task, "record": record}));
    assert_eq!(result(&deleted), &Value::Null);
    let sent = last_request(&sandbox, "task.elapseditem.delete").fields;
    assert_eq!(keys(&sent), ["TASKID", "ITEMID"]);
    assert_eq!(sandbox.record_count("task.elapseditem"), 0);
    assert_eq!(spent_in_logs(&sandbox, task), Value::Null);
    let gone = hook(&sandbox, ffi::b24_get_task_time_accounting, json!({"task": task, "record": record}));
    assert_eq!(gone["error"], json!("ERROR_CORE"), "{gone}");
    assert!(gone["error_description"].as_str().unwrap().contains("ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE"));
}

#[test]
fn time_on_a_task_that_is_not_there_is_the_portals_error() {
    let sandbox = start();
    let task = new_task(&sandbox, "Real");
    let refused =
        hook(&sandbox, ffi::b24_add_task_time_accounting, json!({"task": task + 100, "amount": 60}));
    assert_eq!(refused["error"], json!("ERROR_CORE"), "{refused}");
    assert!(refused["error_description"].as_str().unwrap().contains("TASK_NOT_FOUND_OR_NOT_ACCESSIBLE"));
    assert_eq!(sandbox.record_count("task.elapseditem"), 0);
    // A record is found only under its own task.
    let record = log_time(&sandbox, task, json!({"amount": 60}));
    let other = new_task(&sandbox, "Other");
    let wrong =
        hook(&sandbox, ffi::b24_delete_task_time_accounting, json!({"task": other, "record": record}));
    assert_eq!(wrong["error"], json!("ERROR_CORE"), "{wrong}");
    assert_eq!(sandbox.record_count("task.elapseditem"), 1);
}

#[test]
fn a_text_that_is_not_a_date_is_refused_and_nothing_is_sent() {
    let sandbox = start();
    let task = new_task(&sandbox, "Dates");
    let before = sandbox.requests().len();
    for (export, params, key) in [
        (
            ffi::b24_add_task_time_accounting as Export,
            json!({"task": task, "amount": 60, "date": "yesterday"}),
            "date",
        ),
        (
            ffi::b24_update_task_time_accounting,
            json!({"task": task, "record": 1, "amount": 60, "date": "31.12.2025"}),
            "date",
        ),
        (ffi::b24_start_timekeeping, json!({"time": "9 o'clock"}), "time"),
        (ffi::b24_stop_timekeeping, json!({"time": "2025-13-01T18:00:00"}), "time"),
    ] {
        let refused = hook(&sandbox, export, params);
        assert_eq!(error_code(&refused), "B24_INVALID_PARAMETER", "{refused}");
        assert!(refused["error_description"].as_str().unwrap().contains(&format!("'{key}'")), "{refused}");
    }
    assert_eq!(sandbox.requests().len(), before);
}

#[test]
fn the_work_day_is_opened_paused_reopened_and_closed_with_its_end_time() {
    let sandbox = start();
    let status = hook(&sandbox, ffi::b24_get_timekeeping_status, json!({}));
    assert_eq!(result(&status), &json!({"STATUS": "CLOSED"}));
    // With webhook auth and no user there is no field to send.
    assert_eq!(last_request(&sandbox, "timeman.status").fields, json!({}));

    let opened = hook(&sandbox, ffi::b24_start_timekeeping, json!({}));
    let opened = result(&opened);
    assert_eq!((&opened["STATUS"], &opened["TIME_FINISH"]), (&json!("OPENED"), &Value::Null), "{opened}");
    let today = opened["TIME_START"].as_str().unwrap()[..10].to_string();

    let paused = hook(&sandbox, ffi::b24_pause_timekeeping, json!({}));
    assert_eq!(result(&paused)["STATUS"], json!("PAUSED"));
    assert_eq!(sandbox.record("timeman.day", 1).unwrap()["STATUS"], json!("PAUSED"));
    let status = hook(&sandbox, ffi::b24_get_timekeeping_status, json!({}));
    assert_eq!(result(&status)["STATUS"], json!("PAUSED"));

    let reopened = hook(&sandbox, ffi::b24_start_timekeeping, json!({}));
    assert_eq!(
        (&result(&reopened)["STATUS"], &result(&reopened)["TIME_FINISH"]),
        (&json!("OPENED"), &Value::Null)
    );
    assert_eq!(result(&reopened)["TIME_START"], opened["TIME_START"], "resuming keeps the day's start");

    let end = format!("{today}T23:59:59");
    let closed = hook(&sandbox, ffi::b24_stop_timekeeping, json!({"time": end, "report": "Left late"}));
    let sent = last_request(&sandbox, "timeman.close").fields;
    assert_eq!(sent, json!({"TIME": format!("{end}Z"), "REPORT": "Left late"}));
    let closed = result(&closed);
    assert_eq!(
        (&closed["STATUS"], &closed["TIME_FINISH"]),
        (&json!("CLOSED"), &json!(format!("{end}+00:00")))
    );
    assert_ne!(closed["DURATION"], json!("00:00:00"), "{closed}");
    let day = sandbox.record("timeman.day", 1).expect("the caller's day is kept");
    assert_eq!(day["STATUS"], json!("CLOSED"));
    let status = hook(&sandbox, ffi::b24_get_timekeeping_status, json!({}));
    assert_eq!(result(&status)["TIME_FINISH"], json!(format!("{end}+00:00")));
}

#[test]
fn times_the_portal_does_not_allow_are_its_errors() {
    let sandbox = start();
    let refused =
        hook(&sandbox, ffi::b24_start_timekeeping, json!({"time": "2020-01-01T09:00:00", "report": "Late"}));
    assert_eq!(
        last_request(&sandbox, "timeman.open").fields,
        json!({"TIME": "2020-01-01T09:00:00Z", "REPORT": "Late"})
    );
    assert_eq!(refused["error"], json!("WRONG_DATETIME"), "{refused}");
    assert!(sandbox.record("timeman.day", 1).is_none());

    hook(&sandbox, ffi::b24_start_timekeeping, json!({}));
    hook(&sandbox, ffi::b24_pause_timekeeping, json!({}));
    let resumed_at = hook(&sandbox, ffi::b24_start_timekeeping, json!({"time": "2020-01-01T09:00:00"}));
    assert_eq!(resumed_at["error"], json!("TIME"), "{resumed_at}");
    assert_eq!(sandbox.record("timeman.day", 1).unwrap()["STATUS"], json!("PAUSED"));
    let closed_before = hook(&sandbox, ffi::b24_stop_timekeeping, json!({"time": "2020-01-01T18:00:00"}));
    assert_eq!(closed_before["error"], json!("WRONG_DATETIME"), "{closed_before}");
    assert_eq!(sandbox.record("timeman.day", 1).unwrap()["STATUS"], json!("PAUSED"));
}

#[test]
fn another_users_day_and_the_settings_are_their_own() {
    let sandbox = start();
    let opened = hook(&sandbox, ffi::b24_start_timekeeping, json!({"userid": 10}));
    assert_eq!(last_request(&sandbox, "timeman.open").fields, json!({"USER_ID": "10"}));
    assert_eq!(result(&opened)["STATUS"], json!("OPENED"));
    assert_eq!(sandbox.record("timeman.day", 10).unwrap()["STATUS"], json!("OPENED"));
    assert!(sandbox.record("timeman.day", 1).is_none());
    hook(&sandbox, ffi::b24_pause_timekeeping, json!({"userid": "10"}));
    assert_eq!(last_request(&sandbox, "timeman.pause").fields, json!({"USER_ID": "10"}));
    assert_eq!(sandbox.record("timeman.day", 10).unwrap()["STATUS"], json!("PAUSED"));

    let own = hook(&sandbox, ffi::b24_get_timekeeping_settings, json!({}));
    assert_eq!((&result(&own)["UF_TIMEMAN"], &result(&own)["ADMIN"]), (&json!(true), &json!(true)));
    let theirs = hook(&sandbox, ffi::b24_get_timekeeping_settings, json!({"userid": 10}));
    assert_eq!(last_request(&sandbox, "timeman.settings").fields, json!({"USER_ID": "10"}));
    assert!(result(&theirs).get("ADMIN").is_none(), "{theirs}");
    let nobody = hook(&sandbox, ffi::b24_get_timekeeping_status, json!({"userid": 99999}));
    assert_eq!((&nobody["error"], &nobody["error_description"]), (&json!(""), &json!("User not found")));
}

#[test]
fn with_a_token_the_arguments_keep_their_places() {
    let sandbox = start();
    let task = new_task(&sandbox, "OAuth");
    let pair = sandbox.issue_tokens();
    let answer = call(
        ffi::b24_add_task_time_accounting,
        &json!({"url": sandbox.portal_url(), "token": pair.access_token.clone(), "task": task, "amount": 900}),
    );
    let id = result(&answer).as_u64().unwrap();
    let sent = last_request(&sandbox, "task.elapseditem.add");
    // The portal takes `auth` out before it reads the arguments by position.
    assert_eq!(sent.auth.as_deref(), Some(pair.access_token.as_str()));
    let arguments: Vec<&str> = keys(&sent.fields).into_iter().filter(|key| *key != "auth").collect();
    assert_eq!(arguments, ["TASKID", "ARFIELDS"]);
    assert_eq!(sandbox.record("task.elapseditem", id).unwrap()["SECONDS"], json!("900"));
}

#[test]
fn the_portal_reads_elapsed_time_arguments_by_position_not_by_name() {
    let sandbox = start();
    let task = new_task(&sandbox, "Positions");
    // The same fields in another order: the portal takes ARFIELDS for the task's id.
    let misordered = hook(
        &sandbox,
        ffi::b24_call,
        json!({"method": "task.elapseditem.add", "params": {"ARFIELDS": {"SECONDS": 60}, "TASKID": task}}),
    );
    assert_eq!(misordered["error"], json!("ERROR_CORE"), "{misordered}");
    assert!(misordered["error_description"].as_str().unwrap().contains("WRONG_ARGUMENTS"));
    assert_eq!(sandbox.record_count("task.elapseditem"), 0);
    // Any names in the right order work, as on the portal.
    let positional = hook(
        &sandbox,
        ffi::b24_call,
        json!({"method": "task.elapseditem.add", "params": {"taskId": task, "fields": {"SECONDS": 60}}}),
    );
    assert!(result(&positional).is_u64(), "{positional}");
}
