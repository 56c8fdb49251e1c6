//! Time on tasks (`task.elapseditem.*`) on the entity engine, and the work day (`timeman.*`)
//! as a small state machine per user.
//!
//! The elapsed-time methods are the tasks module's legacy ones: the portal reads their
//! arguments by position, whatever their names (TASKID, then ITEMID, then ARFIELDS), so a
//! request in another order means something else, as it would on a portal. A record belongs
//! to an existing task; the task's `timeSpentInLogs` is the sum of its records' seconds.
//!
//! The work day follows the portal's timeman REST service: closed → opened (timeman.open) →
//! paused (timeman.pause) → opened again (timeman.open resumes it) → closed (timeman.close),
//! and a day closed today is resumed by timeman.open too. A TIME must be ISO 8601 with a zone
//! (WRONG_DATETIME_FORMAT otherwise), of today (WRONG_DATETIME), and cannot be given when
//! resuming (TIME). Like the portal's service, a move that has nothing to do (pausing a day
//! that is not open, opening an open one, closing a closed one) changes nothing and answers
//! the day's state. The sandbox keeps its clock in UTC; a day opened with a zone keeps it.

use serde_json::{json, Map, Value};

use super::{err, param, Answer, ApiError, Ctx};
use crate::sandbox::clock;
use crate::sandbox::entity::{field_of, id_of, Family, Query};
use crate::sandbox::state::Store;

/// The engine tables of this module, by name in the store.
pub(crate) const RECORDS: &str = "task.elapseditem";
pub(crate) const DAYS: &str = "timeman.day";

/// Time records answer as the legacy task methods do: upper-case keys, every value as text.
const RECORD: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };
/// A user's current work day, kept under the user's id.
const DAY: Family = Family { id_key: "USER_ID", rows_key: None, ids_as_text: false };

const OPENED: &str = "OPENED";
const PAUSED: &str = "PAUSED";
const CLOSED: &str = "CLOSED";

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    if let Some(verb) = method.strip_prefix("task.elapseditem.") {
        return elapsed(ctx, verb, fields);
    }
    let verb = method.strip_prefix("timeman.")?;
    matches!(verb, "open" | "pause" | "close" | "status" | "settings").then(|| work_day(ctx, verb, fields))
}

// ---- task.elapseditem.* ----

/// The tasks module's error text: `TASKS_ERROR_EXCEPTION_#code; text; code/TE/NAME<br>`.
fn tasks_error(code: u32, text: &str, name: &str) -> ApiError {
    err(400, "ERROR_CORE", &format!("TASKS_ERROR_EXCEPTION_#{code}; {text}; {code}/TE/{name}<br>"))
}

fn not_given(position: usize, name: &str, verb: &str) -> ApiError {
    let text =
        format!("Param #{position} ({name}) expected by method ctaskelapseditem::{verb}(), but not given.");
    tasks_error(256, &text, "WRONG_ARGUMENTS")
}

fn no_task() -> ApiError {
    tasks_error(1, "Task not found or not accessible", "TASK_NOT_FOUND_OR_NOT_ACCESSIBLE")
}

fn no_item() -> ApiError {
    tasks_error(512, "Elapsed time item not found or not accessible", "ITEM_NOT_FOUND_OR_NOT_ACCESSIBLE")
}

/// The call's arguments in the order written, `auth` aside: the legacy methods take them by
/// position.
fn arguments(fields: &Value) -> Vec<&Value> {
    fields.as_object().map_or_else(Vec::new, |map| {
        map.iter().filter(|(key, _)| !key.eq_ignore_ascii_case("auth")).map(|(_, value)| value).collect()
    })
}

/// A value as the legacy methods answer it: text.
fn as_text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// A date as the portal answers it, `+00:00` added to a time written without a zone.
fn portal_date(text: &str) -> String {
    match clock::parse_moment(text) {
        Some(_) if text.len() == 19 => format!("{text}+00:00"),
        Some(_) if text.len() == 20 && text.ends_with('Z') => format!("{}+00:00", &text[..19]),
        Some(moment) if text.len() == 10 => clock::iso8601_utc(moment),
        _ => text.to_string(),
    }
}

/// ARFIELDS of add and update as the record keeps them; SECONDS must be a whole number above 0.
fn record_fields(given: &Map<String, Value>, verb: &str) -> Result<Map<String, Value>, ApiError> {
    let mut out = Map::new();
    let object = Value::Object(given.clone());
    if let Some(seconds) = param(&object, "SECONDS") {
        let seconds = id_of(Some(seconds)).ok_or_else(|| {
            tasks_error(256, &format!("Invalid SECONDS for ctaskelapseditem::{verb}()"), "WRONG_ARGUMENTS")
        })?;
        out.insert("SECONDS".into(), json!(seconds.to_string()));
        out.insert("MINUTES".into(), json!(((seconds + 30) / 60).to_string()));
    } else if verb == "add" {
        return Err(tasks_error(256, "SECONDS is not given for ctaskelapseditem::add()", "WRONG_ARGUMENTS"));
    }
    if let Some(text) = param(&object, "COMMENT_TEXT") {
        out.insert("COMMENT_TEXT".into(), json!(as_text(text)));
    }
    if let Some(date) = param(&object, "CREATED_DATE") {
        out.insert("CREATED_DATE".into(), json!(portal_date(&as_text(date))));
    }
    Ok(out)
}

fn elapsed(ctx: &Ctx, verb: &str, fields: &Value) -> Option<Answer> {
    let args = arguments(fields);
    let method = if verb == "getlist" { "getList" } else { verb };
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    let task = match args.first().copied().and_then(|value| id_of(Some(value))) {
        Some(task) => task,
        None if matches!(verb, "add" | "delete" | "getlist" | "get" | "update") => {
            return Some(Err(not_given(0, "taskId", method)))
        }
        None => return None,
    };
    let answer = (|| {
        if store.entities.entry(super::tasks::TASKS).or_default().get(task).is_none() {
            return Err(no_task());
        }
        match verb {
            "add" => add(ctx, store, task, args.get(1).copied()),
            "getlist" => list(store, task, args.get(1).copied(), args.get(2).copied()),
            "get" | "delete" | "update" => {
                let item = args.get(1).copied().ok_or_else(|| not_given(1, "itemId", method))?;
                let item = id_of(Some(item))
                    .filter(|id| {
                        let records = store.entities.entry(RECORDS).or_default();
                        records.get(*id).is_some_and(|row| id_of(row.get("TASK_ID")) == Some(task))
                    })
                    .ok_or_else(no_item)?;
                let records = store.entities.entry(RECORDS).or_default();
                match verb {
                    "get" => Ok(Value::Object(records.get(item).cloned().unwrap_or_default()).into()),
                    "delete" => {
                        records.delete(item);
                        spent_in_logs(store, task);
                        Ok(Value::Null.into())
                    }
                    _ => {
                        let Some(Value::Object(given)) = args.get(2).copied() else {
                            return Err(not_given(2, "arFields", method));
                        };
                        let changes = record_fields(given, "update")?;
                        records.update(&RECORD, item, changes);
                        spent_in_logs(store, task);
                        Ok(Value::Null.into())
                    }
                }
            }
            _ => Err(super::method_not_found()),
        }
    })();
    Some(answer)
}

fn add(ctx: &Ctx, store: &mut Store, task: u64, given: Option<&Value>) -> Answer {
    let Some(Value::Object(given)) = given else {
        return Err(not_given(1, "arFields", "add"));
    };
    let now = clock::iso8601_utc(ctx.now_secs());
    let user = match param(&Value::Object(given.clone()), "USER_ID") {
        Some(user) => id_of(Some(user))
            .filter(|id| store.data.users.contains_key(id))
            .ok_or_else(|| tasks_error(8, "Action failed", "ACTION_FAILED_TO_BE_PROCESSED"))?,
        None => ctx.caller,
    };
    let mut record = json!({
        "TASK_ID": task.to_string(), "USER_ID": user.to_string(), "COMMENT_TEXT": "", "SECONDS": "0",
        "MINUTES": "0", "SOURCE": "2", "CREATED_DATE": now, "DATE_START": now, "DATE_STOP": now
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    record.extend(record_fields(given, "add")?);
    let id = store.entities.entry(RECORDS).or_default().add(&RECORD, record);
    spent_in_logs(store, task);
    Ok(json!(id).into())
}

/// The task's records: ORDER and FILTER are the second and third arguments.
fn list(store: &mut Store, task: u64, order: Option<&Value>, filter: Option<&Value>) -> Answer {
    let mut params = Map::new();
    params.extend(order.map(|order| ("order".to_string(), order.clone())));
    params.extend(filter.map(|filter| ("filter".to_string(), filter.clone())));
    let query = Query::read(&Value::Object(params))?;
    let records = store.entities.entry(RECORDS).or_default();
    let mine = records.records().filter(|row| id_of(row.get("TASK_ID")) == Some(task));
    Ok(RECORD.page_answer(records.list_of(mine, &query)))
}

/// Writes the sum of the task's logged seconds into its `timeSpentInLogs` (null when none).
fn spent_in_logs(store: &mut Store, task: u64) {
    let records = store.entities.entry(RECORDS).or_default();
    let (count, seconds) = records
        .records()
        .filter(|row| id_of(row.get("TASK_ID")) == Some(task))
        .fold((0, 0), |(count, sum), row| (count + 1, sum + id_of(row.get("SECONDS")).unwrap_or(0)));
    let spent = if count == 0 { Value::Null } else { json!(seconds.to_string()) };
    let tasks = store.entities.entry(super::tasks::TASKS).or_default();
    if let Some(row) = tasks.get_mut(task) {
        row.insert("timeSpentInLogs".into(), spent);
    }
}

// ---- timeman.* ----

fn wrong_format() -> ApiError {
    err(400, "WRONG_DATETIME_FORMAT", "Wrong datetime format")
}

/// A TIME in PHP's ATOM form (`2025-11-01T10:30:00+03:00`, or `Z` for UTC): its moment (Unix
/// seconds), its zone's offset and its day as written.
fn parse_time(value: &Value) -> Result<(i64, i64, String), ApiError> {
    let text = value.as_str().ok_or_else(wrong_format)?.trim();
    let bytes = text.as_bytes();
    let well_formed = bytes.len() >= 20 && bytes[10] == b'T' && bytes[13] == b':' && bytes[16] == b':';
    if !well_formed {
        return Err(wrong_format());
    }
    let (local, zone) = text.split_at(19);
    let offset = match zone {
        "Z" => 0,
        _ => {
            let zb = zone.as_bytes();
            let digits =
                |part: &str| part.parse::<i64>().ok().filter(|_| part.bytes().all(|b| b.is_ascii_digit()));
            if zb.len() != 6 || !matches!(zb[0], b'+' | b'-') || zb[3] != b':' {
                return Err(wrong_format());
            }
            let (hours, minutes) = (
                digits(&zone[1..3]).ok_or_else(wrong_format)?,
                digits(&zone[4..6]).ok_or_else(wrong_format)?,
            );
            let sign = if zb[0] == b'-' { -1 } else { 1 };
            sign * (hours * 3600 + minutes * 60)
        }
    };
    let clock_time = clock::parse_moment(local).ok_or_else(wrong_format)?;
    Ok((clock_time - offset, offset, local[..10].to_string()))
}

/// `2025-11-01T10:30:00+03:00`: a moment on the clock of the day's zone.
fn iso_in(moment: i64, offset: i64) -> String {
    let sign = if offset < 0 { '-' } else { '+' };
    let local = clock::iso8601_utc(moment + offset);
    format!("{}{sign}{:02}:{:02}", &local[..19], offset.abs() / 3600, offset.abs() % 3600 / 60)
}

/// The day (`YYYY-MM-DD`) of a moment on the clock of a zone.
fn day_of(moment: i64, offset: i64) -> String {
    clock::iso8601_utc(moment + offset)[..10].to_string()
}

/// `HH:MM:SS` of a number of seconds.
fn hms(seconds: i64) -> String {
    let seconds = seconds.max(0);
    format!("{:02}:{:02}:{:02}", seconds / 3600, seconds % 3600 / 60, seconds % 60)
}

fn number(day: &Map<String, Value>, key: &str) -> Option<i64> {
    day.get(key).and_then(Value::as_i64)
}

fn status_of(day: &Map<String, Value>) -> &str {
    day.get("STATUS").and_then(Value::as_str).unwrap_or(CLOSED)
}

/// The user a work-day call is about: USER_ID, or the caller. The caller administers the
/// sandbox's time, so another existing user is allowed; an unknown one is "User not found".
fn day_user(ctx: &Ctx, store: &Store, fields: &Value) -> Result<u64, ApiError> {
    let Some(given) = param(fields, "USER_ID") else { return Ok(ctx.caller) };
    match id_of(Some(given)) {
        Some(user) if user == ctx.caller || store.data.users.contains_key(&user) => Ok(user),
        _ => Err(err(400, "", "User not found")),
    }
}

fn work_day(ctx: &Ctx, verb: &str, fields: &Value) -> Answer {
    let now = ctx.now_secs();
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    let user = day_user(ctx, store, fields)?;
    if verb == "settings" {
        return Ok(settings(user == ctx.caller).into());
    }
    let days = store.entities.entry(DAYS).or_default();
    let mut day = days.get(user).cloned().unwrap_or_default();
    let time = param(fields, "TIME").filter(|value| !matches!(value, Value::Null));
    let report = param(fields, "REPORT").map(as_text).unwrap_or_default();
    match verb {
        "open" => open(&mut day, now, time, report)?,
        // Pausing a day that is not open changes nothing, as on the portal.
        "pause" if status_of(&day) == OPENED => {
            day.insert("STATUS".into(), json!(PAUSED));
            day.insert("PAUSED_AT".into(), json!(now));
            day.insert("FINISH".into(), json!(now));
        }
        "close" => close(&mut day, now, time, report)?,
        _ => {}
    }
    if !day.is_empty() {
        days.put(&DAY, user, day.clone());
    }
    Ok(answer(&day).into())
}

/// timeman.open: a new day when there is none today (TIME allowed, of today), otherwise the
/// paused or closed day resumed (no TIME), the pause counted as time away.
fn open(
    day: &mut Map<String, Value>,
    now: i64,
    time: Option<&Value>,
    report: String,
) -> Result<(), ApiError> {
    let status = status_of(day).to_string();
    let offset = number(day, "OFFSET").unwrap_or(0);
    let today = number(day, "START").is_some_and(|start| day_of(start, offset) == day_of(now, offset));
    let resume = status == PAUSED || (status == CLOSED && today);
    if status == OPENED {
        return Ok(());
    }
    if resume {
        if time.is_some() {
            return Err(err(400, "TIME", "Unable to set time, work day is paused"));
        }
        let away_since = number(day, "PAUSED_AT").or(number(day, "FINISH")).unwrap_or(now);
        let leaks = number(day, "LEAKS").unwrap_or(0) + (now - away_since).max(0);
        day.insert("STATUS".into(), json!(OPENED));
        day.insert("LEAKS".into(), json!(leaks));
        day.insert("FINISH".into(), Value::Null);
        day.insert("PAUSED_AT".into(), Value::Null);
        day.insert("IP_CLOSE".into(), json!(""));
        return Ok(());
    }
    let (start, offset) = match time {
        Some(time) => {
            let (moment, offset, written_day) = parse_time(time)?;
            if written_day != day_of(now, offset) {
                return Err(err(
                    400,
                    "WRONG_DATETIME",
                    "Day open date should correspond to the current date",
                ));
            }
            (moment, offset)
        }
        None => (now, 0),
    };
    *day = json!({
        "STATUS": OPENED, "START": start, "FINISH": null, "PAUSED_AT": null, "LEAKS": 0,
        "OFFSET": offset, "ACTIVE": time.is_none(), "IP_CLOSE": "", "REPORT": report
    })
    .as_object()
    .cloned()
    .unwrap_or_default();
    Ok(())
}

/// timeman.close: the open or paused day ends now (a paused one at its pause), or at TIME,
/// which must fall on the day it was opened.
fn close(
    day: &mut Map<String, Value>,
    now: i64,
    time: Option<&Value>,
    report: String,
) -> Result<(), ApiError> {
    let status = status_of(day).to_string();
    let start = number(day, "START");
    let offset = number(day, "OFFSET").unwrap_or(0);
    let finish = match time {
        Some(time) => {
            let (moment, _, _) = parse_time(time)?;
            // The portal moves the time into the day's zone before comparing days.
            if start.is_some_and(|start| day_of(moment, offset) != day_of(start, offset)) {
                return Err(err(
                    400,
                    "WRONG_DATETIME",
                    "Day close date should correspond to the day open date",
                ));
            }
            moment
        }
        None if status == PAUSED => number(day, "PAUSED_AT").unwrap_or(now),
        None => now,
    };
    if status != OPENED && status != PAUSED {
        return Ok(());
    }
    let active = day.get("ACTIVE").and_then(Value::as_bool).unwrap_or(true) && time.is_none();
    day.insert("STATUS".into(), json!(CLOSED));
    day.insert("FINISH".into(), json!(finish));
    day.insert("PAUSED_AT".into(), Value::Null);
    day.insert("ACTIVE".into(), json!(active));
    day.insert("IP_CLOSE".into(), json!("127.0.0.1"));
    if !report.is_empty() {
        day.insert("REPORT".into(), json!(report));
    }
    Ok(())
}

/// The day as timeman.status answers it: STATUS alone until a day was ever opened.
fn answer(day: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("STATUS".into(), json!(status_of(day)));
    let Some(start) = number(day, "START") else { return Value::Object(out) };
    let offset = number(day, "OFFSET").unwrap_or(0);
    let finish = number(day, "FINISH");
    let leaks = number(day, "LEAKS").unwrap_or(0);
    let duration = match (status_of(day), finish) {
        (CLOSED, Some(finish)) => finish - start - leaks,
        _ => 0,
    };
    out.insert("TIME_START".into(), json!(iso_in(start, offset)));
    out.insert("TIME_FINISH".into(), finish.map_or(Value::Null, |finish| json!(iso_in(finish, offset))));
    out.insert("DURATION".into(), json!(hms(duration)));
    out.insert("TIME_LEAKS".into(), json!(hms(leaks)));
    out.insert("ACTIVE".into(), json!(day.get("ACTIVE").and_then(Value::as_bool).unwrap_or(true)));
    out.insert("IP_OPEN".into(), json!(""));
    out.insert("IP_CLOSE".into(), field_of(day, "IP_CLOSE").cloned().unwrap_or(json!("")));
    for key in ["LAT_OPEN", "LON_OPEN", "LAT_CLOSE", "LON_CLOSE"] {
        out.insert(key.into(), json!(0));
    }
    out.insert("TZ_OFFSET".into(), json!(offset));
    Value::Object(out)
}

/// timeman.settings: a fixed schedule, as the reference's answer; ADMIN only for the caller.
fn settings(own: bool) -> Value {
    let mut out = json!({
        "UF_TIMEMAN": true, "UF_TM_FREE": false, "UF_TM_MAX_START": "09:15:00",
        "UF_TM_MIN_FINISH": "17:45:00", "UF_TM_MIN_DURATION": "08:00:00", "UF_TM_ALLOWED_DELTA": "00:15:00"
    });
    if own {
        out["ADMIN"] = json!(true);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_read_in_php_atom_form_only() {
        assert_eq!(
            parse_time(&json!("2025-11-01T10:30:00+03:00")).unwrap(),
            (1_761_982_200, 10_800, "2025-11-01".into())
        );
        assert_eq!(parse_time(&json!("2025-11-01T10:30:00Z")).unwrap().1, 0);
        for text in [
            "2025-11-01T10:30:00",
            "2025-11-01",
            "tomorrow",
            "2025-11-01T10:30:00.5Z",
            "2025-11-01T10:30:00+3",
        ] {
            assert_eq!(parse_time(&json!(text)).unwrap_err().code, "WRONG_DATETIME_FORMAT", "{text}");
        }
    }

    #[test]
    fn moments_are_written_in_the_days_zone() {
        assert_eq!(iso_in(1_761_982_200, 10_800), "2025-11-01T10:30:00+03:00");
        assert_eq!(iso_in(1_761_982_200, -3_600), "2025-11-01T06:30:00-01:00");
        assert_eq!(hms(9 * 3600 + 37 * 60 + 4), "09:37:04");
    }

    #[test]
    fn a_day_opened_paused_resumed_and_closed_counts_its_pause() {
        let mut day = Map::new();
        open(&mut day, 1000, None, String::new()).unwrap();
        day.insert("STATUS".into(), json!(PAUSED));
        day.insert("PAUSED_AT".into(), json!(1600));
        open(&mut day, 1900, None, String::new()).unwrap();
        assert_eq!((status_of(&day), number(&day, "LEAKS")), (OPENED, Some(300)));
        close(&mut day, 4900, None, String::new()).unwrap();
        let answered = answer(&day);
        assert_eq!(
            (answered["DURATION"].as_str(), answered["TIME_LEAKS"].as_str()),
            (Some("01:00:00"), Some("00:05:00"))
        );
    }

    #[test]
    fn resuming_takes_no_time() {
        let mut day = Map::new();
        open(&mut day, 1000, None, String::new()).unwrap();
        close(&mut day, 2000, None, String::new()).unwrap();
        let refused = open(&mut day, 3000, Some(&json!("1970-01-01T00:50:00Z")), String::new()).unwrap_err();
        assert_eq!((refused.code.as_str(), status_of(&day)), ("TIME", CLOSED));
    }
}
