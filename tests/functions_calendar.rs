//! The calendar functions (calendars, events, meetings, busy time, settings) through the C ABI
//! against the sandbox portal: what the portal received, in OPI's shape, and what it holds after.

mod common;

use bitrix24_ffi::sandbox::Sandbox;
use common::portal::{hook, last_request, result, start};
use common::{call, error_code, ffi};
use serde_json::{json, Value};

fn new_calendar(sandbox: &Sandbox, name: &str) -> u64 {
    let fields = json!({"type": "user", "ownerId": 1, "name": name, "color": "#FFFFFF", "export": {"ALLOW": "True", "SET": "all"}});
    result(&hook(sandbox, ffi::b24_create_calendar, json!({ "fields": fields })))
        .as_u64()
        .expect("the calendar's id")
}

/// A meeting hosted by user 10 with the caller (user 1) invited.
fn new_meeting(sandbox: &Sandbox, section: u64, from: &str, to: &str) -> u64 {
    let fields = json!({"type": "user", "ownerId": 1, "name": "Planning", "from": from, "to": to,
        "section": section, "is_meeting": "Y", "host": 10, "attendees": ["1", "10"]});
    result(&hook(sandbox, ffi::b24_create_calendar_event, json!({ "fields": fields })))
        .as_u64()
        .expect("the event's id")
}

#[test]
fn a_calendar_is_created_at_the_top_level_listed_changed_and_deleted() {
    let sandbox = start();
    let id = new_calendar(&sandbox, "Team");
    let sent = last_request(&sandbox, "calendar.section.add").fields;
    assert_eq!(sent["ownerId"], json!(1), "the structure goes at the top level as given: {sent}");
    assert_eq!(sent["export"], json!({"ALLOW": "True", "SET": "all"}));
    let listed = hook(&sandbox, ffi::b24_get_calendar_list, json!({"owner": 1, "type": "user"}));
    assert_eq!(result(&listed)[0]["NAME"], json!("Team"));
    assert_eq!(
        last_request(&sandbox, "calendar.section.get").fields,
        json!({"type": "user", "ownerId": "1"})
    );

    let update = json!({"calendar": id, "fields": {"type": "user", "ownerId": "1", "name": "Renamed"}});
    assert_eq!(result(&hook(&sandbox, ffi::b24_update_calendar, update)), &json!(id));
    let keys: Vec<String> = last_request(&sandbox, "calendar.section.update")
        .fields
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(keys, ["id", "type", "ownerId", "name"]);
    let listed = hook(&sandbox, ffi::b24_get_calendar_list, json!({"owner": "1", "type": "user"}));
    assert_eq!(result(&listed)[0]["NAME"], json!("Renamed"));

    let deleted =
        hook(&sandbox, ffi::b24_delete_calendar, json!({"calendar": id, "owner": 1, "type": "user"}));
    assert_eq!(result(&deleted), &json!(true));
    let listed = hook(&sandbox, ffi::b24_get_calendar_list, json!({"owner": 1, "type": "user"}));
    assert_eq!(result(&listed), &json!([]));
}

#[test]
fn a_meeting_with_participants_and_a_status_that_reads_back() {
    let sandbox = start();
    let section = new_calendar(&sandbox, "Meetings");
    let event = new_meeting(&sandbox, section, "2026-05-03T12:00:00", "2026-05-03T13:00:00");
    let status = hook(&sandbox, ffi::b24_get_user_participation_status, json!({"event": event}));
    assert_eq!(result(&status), &json!("Q"));
    assert_eq!(
        last_request(&sandbox, "calendar.meeting.status.get").fields,
        json!({"eventId": event.to_string()})
    );
    let set = hook(&sandbox, ffi::b24_set_user_participation_status, json!({"event": event, "status": "Y"}));
    assert_eq!(result(&set), &json!(true));
    assert_eq!(
        result(&hook(&sandbox, ffi::b24_get_user_participation_status, json!({"event": event}))),
        &json!("Y")
    );
    let got = hook(&sandbox, ffi::b24_get_calendar_event, json!({"event": event}));
    assert_eq!(
        (&result(&got)["MEETING_STATUS"], &result(&got)["DATE_FROM"]),
        (&json!("Y"), &json!("03.05.2026 12:00:00"))
    );
    let refused =
        hook(&sandbox, ffi::b24_set_user_participation_status, json!({"event": event, "status": "maybe"}));
    assert_eq!(refused["error_description"], json!("Invalid value of the parameter \"status\""), "{refused}");
}

#[test]
fn events_are_found_by_their_days_and_calendars_and_busy_time_follows_them() {
    let sandbox = start();
    let work = new_calendar(&sandbox, "Work");
    let home = new_calendar(&sandbox, "Home");
    let first = new_meeting(&sandbox, work, "2026-05-03T12:00:00", "2026-05-03T13:00:00");
    let second = new_meeting(&sandbox, home, "2026-05-10T09:00:00", "2026-05-10T10:00:00");

    let filter = json!({"from": "2026-05-01T08:00:00", "to": "2026-05-04", "section": [work.to_string()]});
    let found =
        hook(&sandbox, ffi::b24_get_calendar_events, json!({"owner": 1, "type": "user", "filter": filter}));
    let ids: Vec<&Value> = result(&found).as_array().unwrap().iter().map(|e| &e["ID"]).collect();
    assert_eq!(ids, [&json!(first.to_string())]);
    assert_eq!(
        last_request(&sandbox, "calendar.event.get").fields,
        json!({"type": "user", "ownerId": "1", "from": "2026-05-01", "to": "2026-05-04", "section": [work.to_string()]})
    );
    let all = hook(&sandbox, ffi::b24_get_calendar_events, json!({"owner": 1, "type": "user"}));
    assert_eq!(result(&all).as_array().unwrap().len(), 2);

    let busy = hook(
        &sandbox,
        ffi::b24_get_user_busy,
        json!({"users": [1, 10], "from": "2026-05-09", "to": "2026-05-11"}),
    );
    assert_eq!(result(&busy)["1"][0]["ID"], json!(second.to_string()));
    assert_eq!(result(&busy)["10"].as_array().unwrap().len(), 1);
    assert_eq!(last_request(&sandbox, "calendar.accessibility.get").fields["from"], json!("2026-05-09"));
    // Declining a meeting frees the time.
    hook(&sandbox, ffi::b24_set_user_participation_status, json!({"event": second, "status": "N"}));
    let busy =
        hook(&sandbox, ffi::b24_get_user_busy, json!({"users": 1, "from": "2026-05-09", "to": "2026-05-11"}));
    assert_eq!(result(&busy)["1"], json!([]));
}

#[test]
fn an_event_changed_moves_and_one_deleted_is_gone() {
    let sandbox = start();
    let section = new_calendar(&sandbox, "Work");
    let event = new_meeting(&sandbox, section, "2026-05-03T12:00:00", "2026-05-03T13:00:00");
    let change = json!({"event": event, "fields": {"type": "user", "ownerId": 1, "name": "Moved", "from": "2026-06-01T10:00:00", "to": "2026-06-01T11:00:00"}});
    assert_eq!(result(&hook(&sandbox, ffi::b24_update_calendar_event, change)), &json!(event));
    let got = hook(&sandbox, ffi::b24_get_calendar_event, json!({"event": event}));
    assert_eq!(
        (&result(&got)["NAME"], &result(&got)["DATE_TO"]),
        (&json!("Moved"), &json!("01.06.2026 11:00:00"))
    );
    assert_eq!(
        result(&hook(&sandbox, ffi::b24_delete_calendar_event, json!({"event": event}))),
        &json!(true)
    );
    let gone = hook(&sandbox, ffi::b24_get_calendar_event, json!({"event": event}));
    assert_eq!(gone["error_description"], json!("Event not found"), "{gone}");
}

#[test]
fn dates_that_are_not_dates_and_foreign_filter_keys_are_refused_before_sending() {
    let sandbox = start();
    let answer =
        hook(&sandbox, ffi::b24_get_user_busy, json!({"users": 1, "from": "31.10.2025", "to": "2025-11-01"}));
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains("'from'"), "{answer}");
    for filter in [json!({"from": "yesterday"}), json!({"name": "x"})] {
        let answer = hook(
            &sandbox,
            ffi::b24_get_calendar_events,
            json!({"owner": 1, "type": "user", "filter": filter}),
        );
        assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
    }
    assert!(sandbox.requests().iter().all(|r| !r.rest_method.starts_with("calendar.")));
}

#[test]
fn settings_set_read_back_and_the_portals_come_by_get() {
    let sandbox = start();
    let settings = json!({"view": "week", "showDeclined": "Y"});
    assert_eq!(
        result(&hook(&sandbox, ffi::b24_set_custom_calendar_settings, json!({"settings": settings}))),
        &json!(true)
    );
    assert_eq!(last_request(&sandbox, "calendar.user.settings.set").fields, json!({ "settings": settings }));
    let got = hook(&sandbox, ffi::b24_get_custom_calendar_settings, json!({}));
    assert_eq!((&result(&got)["view"], &result(&got)["syncPeriodPast"]), (&json!("week"), &json!(3)));
    assert_eq!(last_request(&sandbox, "calendar.user.settings.get").http_method, "GET");
    let portal = hook(&sandbox, ffi::b24_get_calendar_settings_structure, json!({}));
    assert_eq!(result(&portal)["week_start"], json!("MO"));
    assert_eq!(last_request(&sandbox, "calendar.settings.get").http_method, "GET");
}

#[test]
fn the_local_structures_keep_their_shape_when_emptied() {
    let full = call(ffi::b24_get_calendar_events_structure, &json!({}));
    assert_eq!(full.as_object().unwrap().len(), 24);
    assert_eq!(full["rrule"]["BYDAY"][0], json!("<days of the week: SU, MO, TU, WE, TH, FR, SA>"));
    let empty = call(ffi::b24_get_calendar_events_structure, &json!({"empty": true}));
    assert_eq!(
        (&empty["remind"], &empty["rrule"]["BYDAY"]),
        (&json!([{"type": "", "count": ""}]), &json!([""]))
    );
    let calendar = call(ffi::b24_get_calendar_structure, &json!({"empty": "Y"}));
    assert_eq!(calendar["export"], json!({"ALLOW": "", "SET": ""}));
    let settings = call(ffi::b24_get_calednar_custom_settings_structure, &json!({}));
    assert_eq!(settings.as_object().unwrap().len(), 16);
    let filter = call(ffi::b24_get_calendar_events_filter_structure, &json!({"empty": true}));
    assert_eq!(filter, json!({"from": "", "to": "", "section": ""}));
}
