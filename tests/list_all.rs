//! ListAll through the C ABI against the sandbox: whole lists read once each, in few requests,
//! to a file and in pages, by offsets when ordered otherwise, stopped when a method ignores the
//! cursor, and resumed from `next` after a failure.

mod common;

use std::collections::BTreeSet;

use bitrix24_ffi::sandbox::{self, Fault, Sandbox};
use common::{call, error_code, ffi};
use serde_json::{json, Map, Value};

fn start() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

fn seed_deals(sandbox: &Sandbox, count: usize) {
    sandbox.seed_records("crm.deal", count, |n| {
        let mut deal = Map::new();
        deal.insert("TITLE".into(), json!(format!("Deal {:05}", (n * 7919) % 100_000)));
        deal.insert("STAGE_ID".into(), json!(if n % 3 == 0 { "WON" } else { "NEW" }));
        deal
    });
}

fn list_all(sandbox: &Sandbox, mut params: Value) -> Value {
    params["url"] = json!(sandbox.webhook_url());
    call(ffi::b24_list_all, &params)
}

fn batches(sandbox: &Sandbox) -> usize {
    sandbox.requests().iter().filter(|request| request.rest_method == "batch").count()
}

fn id_of(row: &Value, key: &str) -> u64 {
    match &row[key] {
        Value::String(text) => text.parse().unwrap(),
        other => other.as_u64().unwrap_or_else(|| panic!("no id in {row}")),
    }
}

/// The ids, checking that none comes twice.
fn ids_once(rows: &[Value], key: &str) -> BTreeSet<u64> {
    let mut seen = BTreeSet::new();
    for row in rows {
        assert!(seen.insert(id_of(row, key)), "row {} given twice", row[key]);
    }
    seen
}

fn lines(path: &std::path::Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|line| serde_json::from_str(line).unwrap()).collect()
}

fn temp_file(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("b24-list-all-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn twelve_thousand_deals_go_to_a_file_each_once_in_five_requests() {
    let sandbox = start();
    seed_deals(&sandbox, 12_345);
    let path = temp_file("deals.jsonl");
    let answer = list_all(&sandbox, json!({"method": "GetDealsList", "file": path}));
    assert_eq!(error_code(&answer), "", "{answer}");
    assert_eq!(answer["result"]["rows"], json!(12_345));
    assert!(answer.get("next").is_none(), "{answer}");
    let rows = lines(&path);
    assert_eq!(ids_once(&rows, "ID").len(), 12_345);
    // Each row as the portal gave it: CRM's text ids and the seeded fields.
    assert_eq!(rows[0]["ID"], json!("1"));
    assert_eq!(rows[0]["TITLE"], json!("Deal 00000"));
    // ceil(12,345 / 2,500) = 5 batches, and nothing else.
    assert_eq!(batches(&sandbox), 5);
    assert_eq!(sandbox.requests().len(), 5);
    assert_eq!(answer["result"]["requests"], json!(5));
    // The chained calls: by ID ascending, no count, each after the row 49 of the one before.
    let first = &sandbox.requests()[0].fields["cmd"];
    let second: String = first["c1"].as_str().unwrap().into();
    assert!(second.contains("start=-1") && second.contains("order%5BID%5D=ASC"), "{second}");
    assert!(second.contains("filter%5B%3EID%5D=%24result%5Bc0%5D%5B49%5D%5BID%5D"), "{second}");
}

#[test]
fn pages_of_five_thousand_carry_a_next_until_the_list_ends() {
    let sandbox = start();
    seed_deals(&sandbox, 12_345);
    let mut rows = Vec::new();
    let mut cursor = Value::Null;
    let mut calls = 0;
    loop {
        let answer = list_all(&sandbox, json!({"method": "GetDealsList", "cursor": cursor}));
        assert_eq!(error_code(&answer), "", "{answer}");
        let page = answer["result"].as_array().unwrap();
        assert!(page.len() <= 5_000);
        rows.extend(page.iter().cloned());
        calls += 1;
        match answer.get("next") {
            Some(next) => cursor = next.clone(),
            None => break,
        }
    }
    assert_eq!(calls, 3);
    assert_eq!(ids_once(&rows, "ID"), (1..=12_345).collect());
    assert_eq!(batches(&sandbox), 2 + 2 + 1);
}

#[test]
fn a_filter_and_a_small_limit_cut_pages_inside_a_batch() {
    let sandbox = start();
    seed_deals(&sandbox, 400);
    let params = json!({"filter": {"STAGE_ID": "WON"}});
    let first = list_all(&sandbox, json!({"method": "GetDealsList", "params": params, "limit": 70}));
    let page = first["result"].as_array().unwrap();
    assert_eq!(page.len(), 70);
    assert!(page.iter().all(|row| row["STAGE_ID"] == "WON"));
    let rest = list_all(
        &sandbox,
        json!({"method": "GetDealsList", "params": params, "limit": 1000, "cursor": first["next"]}),
    );
    let mut rows = page.clone();
    rows.extend(rest["result"].as_array().unwrap().iter().cloned());
    assert_eq!(ids_once(&rows, "ID").len(), 134, "the WON deals of 400: every third");
    assert!(rest.get("next").is_none());
}

#[test]
fn a_list_ordered_by_another_field_is_read_by_offsets_each_row_once() {
    let sandbox = start();
    seed_deals(&sandbox, 620);
    let answer = list_all(
        &sandbox,
        json!({"method": "crm.deal.list", "params": {"order": {"TITLE": "ASC"}, "select": ["ID", "TITLE"]}}),
    );
    assert_eq!(error_code(&answer), "", "{answer}");
    let rows = answer["result"].as_array().unwrap();
    assert_eq!(ids_once(rows, "ID").len(), 620);
    let titles: Vec<&str> = rows.iter().map(|row| row["TITLE"].as_str().unwrap()).collect();
    assert!(titles.windows(2).all(|pair| pair[0] <= pair[1]), "in the caller's order");
    // A first call for the total, then one batch of the other 12 pages by start.
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].rest_method, "crm.deal.list");
    assert_eq!(requests[0].fields["start"], json!(0));
    assert_eq!(requests[1].fields["cmd"].as_object().unwrap().len(), 12);
}

#[test]
fn a_method_that_ignores_the_cursor_stops_with_list_stalled_not_a_loop() {
    let sandbox = start();
    seed_deals(&sandbox, 120);
    sandbox.ignore_cursor("crm.deal.list", true);
    let answer = list_all(&sandbox, json!({"method": "GetDealsList"}));
    assert_eq!(error_code(&answer), "B24_LIST_STALLED", "{answer}");
    // What was read before the stall, each once; no next that would stall again.
    assert_eq!(ids_once(answer["result"].as_array().unwrap(), "ID"), (1..=50).collect());
    assert!(answer.get("next").is_none());
    assert_eq!(batches(&sandbox), 1);
    // By offsets too: a method that ignores start answers the first page again.
    let by_offset =
        list_all(&sandbox, json!({"method": "crm.deal.list", "params": {"order": {"TITLE": "DESC"}}}));
    assert_eq!(error_code(&by_offset), "B24_LIST_STALLED", "{by_offset}");
    assert_eq!(ids_once(by_offset["result"].as_array().unwrap(), "ID").len(), 50);
}

#[test]
fn a_failure_midway_keeps_the_rows_read_and_a_next_that_resumes_without_loss_or_repeat() {
    let sandbox = start();
    seed_deals(&sandbox, 6_000);
    let path = temp_file("resumed.jsonl");
    // The first batch is answered, the second is not.
    sandbox.misbehave(Fault::Delay(std::time::Duration::ZERO), 1);
    sandbox.misbehave(Fault::NotJson, 1);
    let failed = list_all(&sandbox, json!({"method": "GetDealsList", "file": path}));
    assert_eq!(error_code(&failed), "B24_BAD_ANSWER", "{failed}");
    assert_eq!(failed["result"]["rows"], json!(2_500));
    assert_eq!(lines(&path).len(), 2_500, "the rows read are in the file");
    let next = failed["next"].as_str().expect("a next to resume from");
    // Another process could do this: the cursor is all it needs; the file is appended to.
    let resumed = list_all(&sandbox, json!({"method": "GetDealsList", "file": path, "cursor": next}));
    assert_eq!(error_code(&resumed), "", "{resumed}");
    assert_eq!(resumed["result"]["rows"], json!(3_500));
    assert_eq!(ids_once(&lines(&path), "ID"), (1..=6_000).collect());
}

#[test]
fn deals_added_during_the_read_are_read_too() {
    let sandbox = start();
    seed_deals(&sandbox, 3_000);
    let first = list_all(&sandbox, json!({"method": "GetDealsList", "limit": 2_500}));
    let mut rows = first["result"].as_array().unwrap().clone();
    // Added between two calls of the read, and one deleted that was not read yet.
    seed_deals(&sandbox, 10);
    let deleted = call(ffi::b24_delete_deal, &json!({"url": sandbox.webhook_url(), "deal": 2_900}));
    assert_eq!(deleted["result"], json!(true));
    let rest = list_all(&sandbox, json!({"method": "GetDealsList", "cursor": first["next"]}));
    rows.extend(rest["result"].as_array().unwrap().iter().cloned());
    let ids = ids_once(&rows, "ID");
    assert_eq!(ids.len(), 3_009);
    assert!(ids.contains(&3_010) && !ids.contains(&2_900));
}

#[test]
fn tasks_are_read_from_result_tasks_by_their_id() {
    let sandbox = start();
    for n in 0..120 {
        let created = call(
            ffi::b24_create_task,
            &json!({"url": sandbox.webhook_url(), "fields": {"TITLE": format!("Task {n}"), "RESPONSIBLE_ID": 1}}),
        );
        assert_eq!(error_code(&created), "", "{created}");
    }
    let before = sandbox.requests().len();
    let answer = list_all(&sandbox, json!({"method": "GetTasksList", "params": {"select": ["ID", "TITLE"]}}));
    assert_eq!(error_code(&answer), "", "{answer}");
    let rows = answer["result"].as_array().unwrap();
    assert_eq!(ids_once(rows, "id").len(), 120);
    assert!(rows[0].get("title").is_some(), "{}", rows[0]);
    let requests = sandbox.requests().split_off(before);
    assert_eq!(requests.len(), 1);
    // tasks.task.list filters and sorts on upper-case ID, answers `id`.
    let sent = requests[0].fields["cmd"]["c1"].as_str().unwrap().to_string();
    assert!(sent.contains("order%5BID%5D=ASC") && sent.contains("%5Btasks%5D%5B49%5D%5Bid%5D"), "{sent}");
    // The same as a REST method, with the shape the caller gives.
    let shape = json!({"rows": "tasks", "id": "id", "filter": "filter", "field": "ID"});
    let raw = list_all(&sandbox, json!({"method": "tasks.task.list", "shape": shape}));
    assert_eq!(ids_once(raw["result"].as_array().unwrap(), "id").len(), 120);
}

#[test]
fn what_cannot_be_read_whole_is_refused_clearly() {
    let sandbox = start();
    for (params, key) in [
        (json!({"method": "lists.element.get"}), "method"),
        (json!({"method": "GetDeal"}), "method"),
        (json!({"method": "GetCalendarEvents"}), "method"),
        (json!({"method": "GetDealsList", "params": {"offset": 50}}), "params"),
        (
            json!({"method": "GetDealsList", "cursor": "{\"method\":\"crm.lead.list\",\"after\":\"5\"}"}),
            "cursor",
        ),
        (json!({"method": "crm.deal.list", "shape": {"rows": "x"}}), "shape"),
    ] {
        let answer = list_all(&sandbox, params.clone());
        assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{params}: {answer}");
        assert_eq!(answer["parameter"], json!(key), "{params}: {answer}");
    }
    assert!(sandbox.requests().is_empty());
}

/// Calls an export with the sandbox's webhook and checks it succeeded.
fn made(sandbox: &Sandbox, export: common::Export, mut params: Value) -> Value {
    params["url"] = json!(sandbox.webhook_url());
    let answer = call(export, &params);
    assert!(answer.get("error").is_none(), "{answer}");
    answer
}

#[test]
fn users_departments_and_a_folders_items_are_read_whole_by_offsets() {
    let sandbox = start();
    for n in 0..70 {
        let fields = json!({"EMAIL": format!("worker{n}@example.org"), "NAME": "Worker", "LAST_NAME": format!("N{n}"), "UF_DEPARTMENT": [1]});
        made(&sandbox, ffi::b24_create_user, json!({ "fields": fields }));
        made(&sandbox, ffi::b24_create_department, json!({"title": format!("Dept {n}"), "parentid": 1}));
    }
    let folder = made(
        &sandbox,
        ffi::b24_create_storage_folder,
        json!({"storageid": sandbox::SHARED_STORAGE, "title": "Reports"}),
    );
    let folder = id_of(&folder["result"], "ID");
    for n in 0..60 {
        made(
            &sandbox,
            ffi::b24_create_subfolder,
            json!({"folderid": folder, "title": format!("Month {n:02}")}),
        );
    }

    let users = list_all(&sandbox, json!({"method": "FindUsers", "params": {"filter": {"NAME": "Worker"}}}));
    assert_eq!(error_code(&users), "", "{users}");
    assert_eq!(ids_once(users["result"].as_array().unwrap(), "ID").len(), 70);
    let departments = list_all(&sandbox, json!({"method": "GetDepartments", "params": {"parentid": 1}}));
    assert_eq!(ids_once(departments["result"].as_array().unwrap(), "ID").len(), 70, "{departments}");
    let items = list_all(&sandbox, json!({"method": "GetFolderItems", "params": {"folderid": folder}}));
    assert_eq!(ids_once(items["result"].as_array().unwrap(), "ID").len(), 60, "{items}");
    let storages = list_all(&sandbox, json!({"method": "GetStoragesList"}));
    assert_eq!(error_code(&storages), "", "{storages}");
    assert!(storages["result"].as_array().unwrap().len() >= 4, "{storages}");
}
