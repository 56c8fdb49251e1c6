//! The CRM functions (leads and deals) through the C ABI against the sandbox portal: what the
//! portal received, in OPI's shape, and what its records are afterwards.

mod common;

use bitrix24_ffi::sandbox::Sandbox;
use common::portal::{hook, last_request, result, start};
use common::{call, error_code, ffi, Export};
use serde_json::json;

fn new_deal(sandbox: &Sandbox, title: &str, stage: &str) -> u64 {
    let answer = hook(sandbox, ffi::b24_create_deal, json!({"fields": {"TITLE": title, "STAGE_ID": stage}}));
    result(&answer).as_u64().expect("the new deal's id")
}

#[test]
fn a_deal_from_a_sales_document_is_created_with_its_fields_nested() {
    let sandbox = start();
    let fields = json!({"TITLE": "Invoice 42", "OPPORTUNITY": 1500, "CURRENCY_ID": "EUR"});
    let answer = hook(&sandbox, ffi::b24_create_deal, json!({"fields": fields.to_string()}));
    let id = result(&answer).as_u64().unwrap();
    assert_eq!(last_request(&sandbox, "crm.deal.add").fields, json!({"fields": fields}));
    let deal = sandbox.record("crm.deal", id).expect("the deal is on the portal");
    assert_eq!(
        (&deal["TITLE"], &deal["OPPORTUNITY"], &deal["CURRENCY_ID"]),
        (&json!("Invoice 42"), &json!("1500"), &json!("EUR"))
    );
}

#[test]
fn a_deal_reads_back_updated_and_is_gone_once_deleted() {
    let sandbox = start();
    let id = new_deal(&sandbox, "Order", "NEW");
    let answer = hook(&sandbox, ffi::b24_update_deal, json!({"deal": id, "fields": {"STAGE_ID": "WON"}}));
    assert_eq!(result(&answer), &json!(true));
    // OPI's order: the fields, then the id, as text.
    let sent = last_request(&sandbox, "crm.deal.update");
    assert_eq!(sent.fields.as_object().unwrap().keys().collect::<Vec<_>>(), ["fields", "id"]);
    assert_eq!(sent.fields["id"], json!(id.to_string()));
    let got = hook(&sandbox, ffi::b24_get_deal, json!({"deal": id}));
    assert_eq!(result(&got)["STAGE_ID"], json!("WON"));
    assert_eq!(result(&hook(&sandbox, ffi::b24_delete_deal, json!({"deal": id.to_string()}))), &json!(true));
    assert!(sandbox.record("crm.deal", id).is_none());
    let gone = hook(&sandbox, ffi::b24_get_deal, json!({"deal": id}));
    assert_eq!(gone["error_description"], json!("Not found"), "{gone}");
}

#[test]
fn a_lead_updated_reads_back_updated() {
    let sandbox = start();
    let created =
        hook(&sandbox, ffi::b24_create_lead, json!({"fields": {"TITLE": "MegaClient", "NAME": "John"}}));
    let id = result(&created).as_u64().unwrap();
    let answer = hook(
        &sandbox,
        ffi::b24_update_lead,
        json!({"lead": id, "fields": {"NAME": "Ivan", "STATUS_ID": "IN_PROCESS"}}),
    );
    assert_eq!(result(&answer), &json!(true));
    let lead = result(&hook(&sandbox, ffi::b24_get_lead, json!({"lead": id}))).clone();
    assert_eq!(
        (&lead["TITLE"], &lead["NAME"], &lead["STATUS_ID"]),
        (&json!("MegaClient"), &json!("Ivan"), &json!("IN_PROCESS"))
    );
    assert_eq!(result(&hook(&sandbox, ffi::b24_delete_lead, json!({"lead": id}))), &json!(true));
    assert_eq!(sandbox.record_count("crm.lead"), 0);
}

#[test]
fn deals_listed_with_a_filter_are_exactly_the_matching_ones() {
    let sandbox = start();
    let ids: Vec<u64> = (0..7)
        .map(|n| new_deal(&sandbox, &format!("Deal {n}"), if n % 2 == 0 { "WON" } else { "NEW" }))
        .collect();
    let answer =
        hook(&sandbox, ffi::b24_get_deals_list, json!({"filter": {"STAGE_ID": "WON", ">ID": ids[0]}}));
    let listed: Vec<u64> = result(&answer)
        .as_array()
        .unwrap()
        .iter()
        .map(|deal| deal["ID"].as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(listed, vec![ids[2], ids[4], ids[6]]);
    assert_eq!(answer["total"], json!(3));
    assert_eq!(
        last_request(&sandbox, "crm.deal.list").fields,
        json!({"filter": {"STAGE_ID": "WON", ">ID": ids[0]}})
    );
}

#[test]
fn a_list_offset_is_sent_as_start_and_pages_by_fifty() {
    let sandbox = start();
    for n in 0..55 {
        hook(&sandbox, ffi::b24_create_lead, json!({"fields": {"TITLE": format!("Lead {n}")}}));
    }
    let first = hook(&sandbox, ffi::b24_get_leads_list, json!({}));
    assert_eq!(
        (result(&first).as_array().unwrap().len(), &first["next"], &first["total"]),
        (50, &json!(50), &json!(55))
    );
    assert_eq!(last_request(&sandbox, "crm.lead.list").fields, json!({}));
    let second = hook(&sandbox, ffi::b24_get_leads_list, json!({"offset": 50}));
    assert_eq!(result(&second).as_array().unwrap().len(), 5);
    assert_eq!(last_request(&sandbox, "crm.lead.list").fields, json!({"start": "50"}));
}

#[test]
fn the_structures_come_from_the_portal_by_get() {
    let sandbox = start();
    for (export, method) in [
        (ffi::b24_get_deal_structure as Export, "crm.deal.fields"),
        (ffi::b24_get_lead_structure, "crm.lead.fields"),
    ] {
        let answer = hook(&sandbox, export, json!({}));
        assert_eq!(result(&answer)["ID"]["type"], json!("integer"), "{answer}");
        assert_eq!(last_request(&sandbox, method).http_method, "GET");
    }
}

#[test]
fn the_filter_structures_are_opis_keys_or_empty() {
    let deal = call(ffi::b24_get_deals_filter_structure, &json!({}));
    assert_eq!(deal.as_object().unwrap().len(), 25);
    assert_eq!(deal["STAGE_ID"], json!("<stage identifier>"));
    let lead = call(ffi::b24_get_lead_filter_structure, &json!({"empty": true}));
    assert_eq!(lead.as_object().unwrap().len(), 21);
    assert!(lead.as_object().unwrap().values().all(|value| value == ""), "{lead}");
}

#[test]
fn a_record_id_of_another_kind_is_refused_before_sending() {
    let sandbox = start();
    let answer = hook(&sandbox, ffi::b24_get_deal, json!({"deal": {"id": 1}}));
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
    let answer = hook(&sandbox, ffi::b24_get_deal, json!({"lead": 1}));
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
    assert!(sandbox.requests().iter().all(|r| r.rest_method != "crm.deal.get"));
}
