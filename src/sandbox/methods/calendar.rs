//! Calendars (`calendar.section.*`), their events and meetings (`calendar.event.*`,
//! `calendar.meeting.status.*`), busy time (`calendar.accessibility.get`) and settings, on the
//! entity engine. What is not CRUD lives here: an event's range against a period, a meeting's
//! participants and their statuses, and busy time computed from the events.
//!
//! The sandbox keeps every calendar in UTC: a moment is stored as `DATE_FROM_TS_UTC` (unix
//! seconds, text, as the portal answers it) and written `dd.mm.yyyy HH:MM:SS` in `DATE_FROM`.

use serde_json::{json, Map, Value};

use super::{err, id_list, param, text, Answer, ApiError, Ctx};
use crate::sandbox::clock;
use crate::sandbox::entity::{id_of, Family, Table};

const SECTIONS: &str = "calendar.section";
const EVENTS: &str = "calendar.event";
const SETTINGS: &str = "calendar.user.settings";

/// Calendar records: upper-case keys, ids as text.
const CALENDAR: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };

/// Routes the calendar methods; None for a method of another family.
pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    Some(match method {
        "calendar.section.get" => sections_get(ctx, fields),
        "calendar.section.add" => section_add(ctx, fields),
        "calendar.section.update" => section_update(ctx, fields),
        "calendar.section.delete" => section_delete(ctx, fields),
        "calendar.event.add" => event_add(ctx, fields),
        "calendar.event.update" => event_update(ctx, fields),
        "calendar.event.getbyid" => event_get(ctx, fields),
        "calendar.event.get" => events_get(ctx, fields),
        "calendar.event.delete" => event_delete(ctx, fields),
        "calendar.meeting.status.get" => status_get(ctx, fields),
        "calendar.meeting.status.set" => status_set(ctx, fields),
        "calendar.accessibility.get" => busy(ctx, fields),
        "calendar.user.settings.get" => settings_get(ctx),
        "calendar.user.settings.set" => settings_set(ctx, fields),
        "calendar.settings.get" => Ok(json!({"work_time_start": "9", "work_time_end": "19",
            "year_holidays": "1.01,2.01,7.01,23.02,8.03,1.05,9.05,12.06,4.11", "week_holidays": ["SA", "SU"],
            "week_start": "MO", "user_name_template": "#NAME# #LAST_NAME#"})
        .into()),
        _ => return None,
    })
}

fn required_text(fields: &Value, name: &str) -> Result<String, ApiError> {
    text(fields, name)
        .filter(|value| !value.trim().is_empty())
        .ok_or_else(|| err(400, "", &format!("The required parameter \"{name}\" is missing")))
}

/// `type` and `ownerId`, which every calendar method names.
fn owner(fields: &Value) -> Result<(String, String), ApiError> {
    Ok((required_text(fields, "type")?, required_text(fields, "ownerId")?))
}

fn record_id(fields: &Value, name: &str) -> Result<u64, ApiError> {
    id_of(param(fields, name))
        .ok_or_else(|| err(400, "", &format!("The required parameter \"{name}\" is missing")))
}

fn not_found(what: &str) -> ApiError {
    err(400, "", &format!("{what} not found"))
}

fn sections_get(ctx: &Ctx, fields: &Value) -> Answer {
    let (kind, owner) = owner(fields)?;
    let store = ctx.store();
    let rows: Vec<Value> = store
        .entities
        .get(SECTIONS)
        .map(|table| {
            table.records().filter(|r| r["CAL_TYPE"] == kind.as_str() && r["OWNER_ID"] == owner.as_str())
        })
        .into_iter()
        .flatten()
        .map(|record| Value::Object(record.clone()))
        .collect();
    Ok(Value::Array(rows).into())
}

/// The section fields a caller may set, by the keys calendar.section.add takes.
fn section_fields(fields: &Value) -> Map<String, Value> {
    [
        ("name", "NAME"),
        ("description", "DESCRIPTION"),
        ("color", "COLOR"),
        ("text_color", "TEXT_COLOR"),
        ("export", "EXPORT"),
    ]
    .iter()
    .filter_map(|(given, stored)| param(fields, given).map(|value| (stored.to_string(), value.clone())))
    .collect()
}

fn section_add(ctx: &Ctx, fields: &Value) -> Answer {
    let (kind, owner) = owner(fields)?;
    required_text(fields, "name")?;
    let mut record = section_fields(fields);
    record.insert("CAL_TYPE".into(), json!(kind));
    record.insert("OWNER_ID".into(), json!(owner));
    record.insert("CREATED_BY".into(), json!(ctx.caller.to_string()));
    record.insert("DATE_CREATE".into(), json!(clock::calendar_text(ctx.now_secs())));
    let mut store = ctx.store();
    let id = store.entities.entry(SECTIONS).or_default().add(&CALENDAR, record);
    Ok(json!(id).into())
}

/// The section `id` of `type` and `ownerId`, which update and delete must name alike.
fn owned_section<'t>(
    table: &'t mut Table,
    fields: &Value,
) -> Result<(u64, &'t mut Map<String, Value>), ApiError> {
    let id = record_id(fields, "id")?;
    let (kind, owner) = owner(fields)?;
    match table.get_mut(id) {
        Some(record) if record["CAL_TYPE"] == kind.as_str() && record["OWNER_ID"] == owner.as_str() => {
            Ok((id, record))
        }
        _ => Err(not_found("Section")),
    }
}

fn section_update(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let (id, record) = owned_section(store.entities.entry(SECTIONS).or_default(), fields)?;
    record.extend(section_fields(fields));
    Ok(json!(id).into())
}

fn section_delete(ctx: &Ctx, fields: &Value) -> Answer {
    let mut store = ctx.store();
    let table = store.entities.entry(SECTIONS).or_default();
    let (id, _) = owned_section(table, fields)?;
    table.delete(id);
    Ok(json!(true).into())
}

/// A moment parameter as unix seconds; the portal's error when it is missing or unreadable.
fn moment(fields: &Value, name: &str) -> Result<i64, ApiError> {
    let value = required_text(fields, name)?;
    clock::parse_moment(&value)
        .ok_or_else(|| err(400, "", &format!("Invalid value of the parameter \"{name}\"")))
}

/// The event fields a caller may set, by the keys calendar.event.add takes, besides the range
/// and the meeting.
fn event_fields(fields: &Value) -> Map<String, Value> {
    [
        ("name", "NAME"),
        ("description", "DESCRIPTION"),
        ("section", "SECTION_ID"),
        ("location", "LOCATION"),
        ("color", "COLOR"),
        ("text_color", "TEXT_COLOR"),
        ("accessibility", "ACCESSIBILITY"),
        ("importance", "IMPORTANCE"),
        ("private_event", "PRIVATE_EVENT"),
        ("remind", "REMIND"),
        ("rrule", "RRULE"),
    ]
    .iter()
    .filter_map(|(given, stored)| {
        let value = param(fields, given)?;
        let value = match value {
            Value::Number(number) => json!(number.to_string()),
            other => other.clone(),
        };
        Some((stored.to_string(), value))
    })
    .collect()
}

/// Sets the range and the meeting of an event from the given fields.
fn set_range_and_meeting(
    record: &mut Map<String, Value>,
    fields: &Value,
    caller: u64,
) -> Result<(), ApiError> {
    let range = match (param(fields, "from"), param(fields, "to")) {
        (None, None) => None,
        _ => Some((moment(fields, "from")?, moment(fields, "to")?)),
    };
    if let Some((from, to)) = range {
        if to < from {
            return Err(err(400, "", "The end of the event is before its start"));
        }
        record.insert("DATE_FROM".into(), json!(clock::calendar_text(from)));
        record.insert("DATE_TO".into(), json!(clock::calendar_text(to)));
        record.insert("DATE_FROM_TS_UTC".into(), json!(from.to_string()));
        record.insert("DATE_TO_TS_UTC".into(), json!(to.to_string()));
    }
    let meeting = param(fields, "is_meeting").map(|value| {
        matches!(value, Value::Bool(true)) || text(fields, "is_meeting").as_deref() == Some("Y")
    });
    if meeting == Some(true) {
        let host = id_of(param(fields, "host")).unwrap_or(caller);
        let mut attendees = id_list(fields, "attendees").unwrap_or_default();
        if !attendees.contains(&host) {
            attendees.insert(0, host);
        }
        let list: Vec<Value> = attendees
            .iter()
            .map(|id| json!({"id": id, "status": if *id == host { "H" } else { "Q" }}))
            .collect();
        record.insert("IS_MEETING".into(), json!(true));
        record.insert("MEETING_HOST".into(), json!(host.to_string()));
        record.insert("ATTENDEE_LIST".into(), Value::Array(list));
    } else if meeting == Some(false) {
        record.insert("IS_MEETING".into(), json!(false));
        record.remove("ATTENDEE_LIST");
    }
    Ok(())
}

fn event_add(ctx: &Ctx, fields: &Value) -> Answer {
    let (kind, owner) = owner(fields)?;
    required_text(fields, "name")?;
    moment(fields, "from")?;
    moment(fields, "to")?;
    let mut record = Map::new();
    record.insert("CAL_TYPE".into(), json!(kind));
    record.insert("OWNER_ID".into(), json!(owner));
    record.insert("DELETED".into(), json!("N"));
    record.insert("CREATED_BY".into(), json!(ctx.caller.to_string()));
    record.insert("IS_MEETING".into(), json!(false));
    record.insert("ACCESSIBILITY".into(), json!("busy"));
    record.insert("IMPORTANCE".into(), json!("normal"));
    record.extend(event_fields(fields));
    set_range_and_meeting(&mut record, fields, ctx.caller)?;
    let mut store = ctx.store();
    let id = store.entities.entry(EVENTS).or_default().add(&CALENDAR, record);
    Ok(json!(id).into())
}

fn event_update(ctx: &Ctx, fields: &Value) -> Answer {
    let id = record_id(fields, "id")?;
    owner(fields)?;
    let mut store = ctx.store();
    let record = store.entities.entry(EVENTS).or_default().get_mut(id).ok_or_else(|| not_found("Event"))?;
    let mut changed = record.clone();
    changed.extend(event_fields(fields));
    set_range_and_meeting(&mut changed, fields, ctx.caller)?;
    *record = changed;
    Ok(json!(id).into())
}

/// An event as the caller sees it: with `MEETING_STATUS`, the caller's own status.
fn as_seen(record: &Map<String, Value>, caller: u64) -> Value {
    let mut event = record.clone();
    if let Some(status) = status_of(record, caller) {
        event.insert("MEETING_STATUS".into(), json!(status));
    }
    Value::Object(event)
}

fn status_of(record: &Map<String, Value>, user: u64) -> Option<String> {
    record.get("ATTENDEE_LIST")?.as_array()?.iter().find(|a| a["id"] == json!(user))?["status"]
        .as_str()
        .map(str::to_string)
}

fn event_get(ctx: &Ctx, fields: &Value) -> Answer {
    let id = record_id(fields, "id")?;
    let store = ctx.store();
    let record =
        store.entities.get(EVENTS).and_then(|table| table.get(id)).ok_or_else(|| not_found("Event"))?;
    Ok(as_seen(record, ctx.caller).into())
}

/// Whether an event overlaps the days `from`..=`to` (either may be open).
fn within(record: &Map<String, Value>, from: Option<i64>, to: Option<i64>) -> bool {
    let seconds = |key: &str| record.get(key).and_then(Value::as_str).and_then(|t| t.parse::<i64>().ok());
    let (Some(start), Some(end)) = (seconds("DATE_FROM_TS_UTC"), seconds("DATE_TO_TS_UTC")) else {
        return false;
    };
    from.is_none_or(|from| end >= from) && to.is_none_or(|to| start < to + 86_400)
}

/// A day parameter (`yyyy-MM-dd`), if given.
fn day(fields: &Value, name: &str) -> Result<Option<i64>, ApiError> {
    match text(fields, name).filter(|value| !value.is_empty()) {
        None => Ok(None),
        Some(value) => clock::parse_moment(&value)
            .map(Some)
            .ok_or_else(|| err(400, "", &format!("Invalid value of the parameter \"{name}\""))),
    }
}

fn events_get(ctx: &Ctx, fields: &Value) -> Answer {
    let (kind, owner) = owner(fields)?;
    let (from, to) = (day(fields, "from")?, day(fields, "to")?);
    let sections: Vec<String> = match param(fields, "section") {
        Some(Value::Array(items)) => items.iter().map(text_of).collect(),
        Some(Value::Object(map)) => map.values().map(text_of).collect(),
        Some(single) => vec![text_of(single)],
        None => Vec::new(),
    };
    let store = ctx.store();
    let rows: Vec<Value> = store
        .entities
        .get(EVENTS)
        .map(|table| {
            table
                .records()
                .filter(|r| {
                    r["CAL_TYPE"] == kind.as_str() && r["OWNER_ID"] == owner.as_str() && within(r, from, to)
                })
                .filter(|r| {
                    sections.is_empty() || sections.iter().any(|s| r.get("SECTION_ID") == Some(&json!(s)))
                })
                .map(|record| as_seen(record, ctx.caller))
                .collect()
        })
        .unwrap_or_default();
    Ok(Value::Array(rows).into())
}

fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

fn event_delete(ctx: &Ctx, fields: &Value) -> Answer {
    let id = record_id(fields, "id")?;
    let mut store = ctx.store();
    if !store.entities.entry(EVENTS).or_default().delete(id) {
        return Err(not_found("Event"));
    }
    Ok(json!(true).into())
}

fn status_get(ctx: &Ctx, fields: &Value) -> Answer {
    let id = record_id(fields, "eventId")?;
    let store = ctx.store();
    let record =
        store.entities.get(EVENTS).and_then(|table| table.get(id)).ok_or_else(|| not_found("Event"))?;
    let status = status_of(record, ctx.caller)
        .ok_or_else(|| err(400, "", "The user is not a participant of the event"))?;
    Ok(json!(status).into())
}

fn status_set(ctx: &Ctx, fields: &Value) -> Answer {
    let id = record_id(fields, "eventId")?;
    let status = required_text(fields, "status")?.to_ascii_uppercase();
    if !["Y", "N", "Q"].contains(&status.as_str()) {
        return Err(err(400, "", "Invalid value of the parameter \"status\""));
    }
    let mut store = ctx.store();
    let record = store.entities.entry(EVENTS).or_default().get_mut(id).ok_or_else(|| not_found("Event"))?;
    let attendee = record
        .get_mut("ATTENDEE_LIST")
        .and_then(Value::as_array_mut)
        .and_then(|list| list.iter_mut().find(|a| a["id"] == json!(ctx.caller)))
        .ok_or_else(|| err(400, "", "The user is not a participant of the event"))?;
    if attendee["status"] != "H" {
        attendee["status"] = json!(status);
    }
    Ok(json!(true).into())
}

/// Each user's events between the days, as busy time: their own calendar's events and the
/// meetings they have not declined.
fn busy(ctx: &Ctx, fields: &Value) -> Answer {
    let users = id_list(fields, "users")
        .ok_or_else(|| err(400, "", "The required parameter \"users\" is missing"))?;
    let (from, to) = (day(fields, "from")?, day(fields, "to")?);
    let store = ctx.store();
    let mut result = Map::new();
    for user in users {
        let entries: Vec<Value> = store
            .entities
            .get(EVENTS)
            .map(|table| {
                table
                    .records()
                    .filter(|r| within(r, from, to))
                    .filter(|r| match status_of(r, user) {
                        Some(status) => status != "N",
                        None => r["CAL_TYPE"] == "user" && r["OWNER_ID"] == json!(user.to_string()),
                    })
                    .map(|r| {
                        let keys = [
                            "ID",
                            "NAME",
                            "DATE_FROM",
                            "DATE_TO",
                            "DATE_FROM_TS_UTC",
                            "DATE_TO_TS_UTC",
                            "ACCESSIBILITY",
                            "IMPORTANCE",
                        ];
                        Value::Object(
                            keys.iter().filter_map(|k| Some((k.to_string(), r.get(*k)?.clone()))).collect(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        result.insert(user.to_string(), Value::Array(entries));
    }
    Ok(Value::Object(result).into())
}

/// The caller's settings: the portal's defaults with what the caller set over them.
fn settings_get(ctx: &Ctx) -> Answer {
    let mut settings = json!({"view": "month", "meetSection": false, "crmSection": false, "showDeclined": false,
        "denyBusyInvitation": false, "collapseOffHours": "Y", "showWeekNumbers": "N", "showTasks": "Y",
        "syncTasks": "N", "showCompletedTasks": "N", "lastUsedSection": false, "sendFromEmail": false,
        "defaultSections": [], "syncPeriodPast": 3, "syncPeriodFuture": 12,
        "defaultReminders": {"fullDay": {"type": "daybefore", "before": 0, "time": 480}, "withTime": {"type": "min", "count": 15}}});
    let store = ctx.store();
    if let Some(saved) = store.entities.get(SETTINGS).and_then(|table| table.get(ctx.caller)) {
        for (key, value) in saved.iter().filter(|(key, _)| key.as_str() != "ID") {
            settings[key] = value.clone();
        }
    }
    Ok(settings.into())
}

fn settings_set(ctx: &Ctx, fields: &Value) -> Answer {
    let Some(Value::Object(given)) = param(fields, "settings") else {
        return Err(err(400, "", "The required parameter \"settings\" is missing"));
    };
    let mut store = ctx.store();
    let table = store.entities.entry(SETTINGS).or_default();
    // One record per user, under the user's id.
    if !table.update(&CALENDAR, ctx.caller, given.clone()) {
        table.put(&CALENDAR, ctx.caller, given.clone());
    }
    Ok(json!(true).into())
}
