//! The entity engine's families over raw loopback HTTP: CRM leads and deals, in the answers and
//! in what a later call reads back, and their lists inside `batch` with `$result` references.

use serde_json::{json, Value};

use super::tests::{call, fails, ok};
use super::*;

fn add_deal(sandbox: &Sandbox, title: &str, stage: &str) -> u64 {
    ok(sandbox, "crm.deal.add", json!({"fields": {"TITLE": title, "STAGE_ID": stage, "OPPORTUNITY": 100}}))
        .as_u64()
        .expect("crm.deal.add answers the new id")
}

#[test]
fn a_deal_added_updated_and_deleted_reads_back_each_time() {
    let sandbox = Sandbox::start().unwrap();
    let id = add_deal(&sandbox, "Order 1", "NEW");
    let deal = ok(&sandbox, "crm.deal.get", json!({"id": id.to_string()}));
    assert_eq!(
        (&deal["ID"], &deal["TITLE"], &deal["OPPORTUNITY"]),
        (&json!(id.to_string()), &json!("Order 1"), &json!("100"))
    );
    assert_eq!(
        ok(&sandbox, "crm.deal.update", json!({"fields": {"STAGE_ID": "WON"}, "id": id})),
        json!(true)
    );
    assert_eq!(ok(&sandbox, "crm.deal.get", json!({"id": id}))["STAGE_ID"], json!("WON"));
    assert_eq!(ok(&sandbox, "crm.deal.delete", json!({"id": id})), json!(true));
    assert_eq!(fails(&sandbox, "crm.deal.get", json!({"id": id})), (400, String::new()));
    // Leads are another table: the deal's id is not a lead.
    assert_eq!(fails(&sandbox, "crm.lead.update", json!({"id": id, "fields": {"TITLE": "x"}})).0, 400);
}

#[test]
fn a_deal_list_pages_by_fifty_with_next_and_total_or_without_counting() {
    let sandbox = Sandbox::start().unwrap();
    for n in 0..60 {
        add_deal(&sandbox, &format!("Deal {n}"), if n % 2 == 0 { "NEW" } else { "WON" });
    }
    let first =
        call(&sandbox, "crm.deal.list", json!({"filter": {"STAGE_ID": "WON"}, "select": ["ID", "TITLE"]}))
            .json();
    assert_eq!(
        (first["result"].as_array().unwrap().len(), &first["total"], &first["next"]),
        (30, &json!(30), &Value::Null)
    );
    assert_eq!(first["result"][0].as_object().unwrap().len(), 2);
    let all = call(&sandbox, "crm.deal.list", json!({})).json();
    assert_eq!(
        (all["result"].as_array().unwrap().len(), &all["total"], &all["next"]),
        (50, &json!(60), &json!(50))
    );
    let uncounted =
        call(&sandbox, "crm.deal.list", json!({"start": -1, "order": {"ID": "ASC"}, "filter": {">ID": "0"}}))
            .json();
    assert_eq!(uncounted["result"].as_array().unwrap().len(), 50);
    assert!(uncounted.get("total").is_none() && uncounted.get("next").is_none(), "{uncounted}");
}

#[test]
fn a_batch_walks_a_deal_list_by_the_last_id_of_the_previous_command() {
    let sandbox = Sandbox::start().unwrap();
    for n in 0..120 {
        add_deal(&sandbox, &format!("Deal {n}"), "NEW");
    }
    let page =
        |filter: &str| format!("crm.deal.list?order[ID]=ASC&start=-1&filter[>ID]={filter}&select[]=ID");
    let cmd = json!({
        "p0": page("0"),
        "p1": page("$result[p0][49][ID]"),
        "p2": page("$result[p1][49][ID]"),
    });
    let result = ok(&sandbox, "batch", json!({"halt": 0, "cmd": cmd}));
    let ids: Vec<u64> = ["p0", "p1", "p2"]
        .iter()
        .flat_map(|key| {
            result["result"][key]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| row["ID"].as_str().unwrap().parse::<u64>().unwrap())
        })
        .collect();
    let first = ids[0];
    assert_eq!(ids, (first..first + 120).collect::<Vec<u64>>());
}
