//! Time on tasks and the work day (task.elapseditem.*, timeman.*): OPI's Timekeeping.
//!
//! The `task.elapseditem.*` methods are legacy ones: the portal takes their arguments by
//! position, not by name, so every request here writes TASKID, then ITEMID, then ARFIELDS, as
//! OPI does. The work-day methods share two shapes (a user alone; a user, a time and a
//! report), each written by one const builder.

use serde_json::{Map, Value};

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::Shape;
use super::{answer, change, fields, read, Function, Kind, Param};
use crate::error::Result;
use crate::rest::Payload;

const SECTION: &str = "Timekeeping";

const TASK: Param = required("task", "TaskID", Kind::Id, "task id");
const RECORD: Param = required("record", "RecordID", Kind::Id, "time record id");
const AMOUNT: Param = required("amount", "Time", Kind::Id, "time spent, in seconds (sent as text)");
const TEXT: Param = optional("text", "Text", Kind::Text, "no comment", "the record's comment");
const SETUP_DATE: Param = optional(
    "date",
    "SetupDate",
    Kind::Date,
    "now, on the portal",
    "the record's date (sent as yyyy-MM-ddTHH:mm:ss, no zone)",
);

/// The work-day methods' user: the webhook's or token's own user when not given.
const DAY_USER: Param = optional(
    "userid",
    "UserID",
    Kind::Id,
    "the current user",
    "whose work day (another user's needs a time administrator)",
);
const DAY_TIME: Param = optional(
    "time",
    "Time",
    Kind::Date,
    "now, on the portal",
    "the moment, today (sent as yyyy-MM-ddTHH:mm:ssZ: the clock as given, with a Z)",
);
const DAY_REPORT: Param = optional(
    "report",
    "Report",
    Kind::Text,
    "none",
    "why the time was changed: needed with a time unless the schedule is free",
);

/// A work day as timeman.open / pause / close / status answer it, for the reference.
macro_rules! day_answer {
    ($status:literal, $finish:literal, $duration:literal) => {
        concat!(
            r#"{"result": {"STATUS": ""#,
            $status,
            r#"", "TIME_START": "2024-07-30T07:10:51+00:00", "TIME_FINISH": "#,
            $finish,
            r#", "DURATION": ""#,
            $duration,
            r#"", "TIME_LEAKS": "00:09:59", "ACTIVE": false, "IP_OPEN": "", "IP_CLOSE": "", "LAT_OPEN": 0, "LON_OPEN": 0, "LAT_CLOSE": 0, "LON_CLOSE": 0, "TZ_OFFSET": 10800}, "#,
            r#""time": {"start": 1722328319.21856, "finish": 1722328319.25781, "duration": 0.039, "processing": 0.014, "operating_reset_at": 1722328919, "operating": 0}}"#
        )
    };
}

/// One of the work-day functions that post only the user (`USER_ID`).
const USER_ONLY: Shape = Shape { section: SECTION, params: &[URL, DAY_USER, TOKEN] };

/// StartTimekeeping or StopTimekeeping: the user, the moment and the reason.
const DAY_MOVE: Shape = Shape { section: SECTION, params: &[URL, DAY_USER, DAY_TIME, DAY_REPORT, TOKEN] };

/// Timekeeping in OPI's order.
pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "AddTaskTimeAccounting",
        name_ru: "ДобавитьТрудозатратыЗадачи",
        c_symbol: "b24_add_task_time_accounting",
        section: SECTION,
        summary: "Logs time spent on a task",
        params: &[
            URL,
            TASK,
            AMOUNT,
            optional("user", "UserID", Kind::Id, "the current user", "who spent the time"),
            TEXT,
            SETUP_DATE,
            TOKEN,
        ],
        action: change("task.elapseditem.add", add_record),
        example: answer!("3914"),
    },
    Function {
        name: "DeleteTaskTimeAccounting",
        name_ru: "УдалитьТрудозатратыЗадачи",
        c_symbol: "b24_delete_task_time_accounting",
        section: SECTION,
        summary: "Deletes a time record of a task",
        params: &[URL, TASK, RECORD, TOKEN],
        action: change("task.elapseditem.delete", task_and_record),
        example: answer!("null"),
    },
    Function {
        name: "GetTaskTimeAccountingList",
        name_ru: "ПолучитьСписокТрудозатратЗадачи",
        c_symbol: "b24_get_task_time_accounting_list",
        section: SECTION,
        summary: "Lists the time records of a task",
        params: &[URL, TASK, TOKEN],
        action: read("task.elapseditem.getlist", task_only),
        example: concat!(
            r#"{"result": ["#,
            r#"{"ID": "3202", "TASK_ID": "8726", "USER_ID": "1", "COMMENT_TEXT": "", "SECONDS": "3600", "MINUTES": "60", "SOURCE": "2", "CREATED_DATE": "2025-10-31T11:55:51+00:00", "DATE_START": "2025-10-31T11:55:51+00:00", "DATE_STOP": "2025-10-31T11:55:51+00:00"}"#,
            r#"], "total": 1, "time": {"start": 1761911755, "finish": 1761911755.83102, "duration": 0.831, "processing": 0, "operating_reset_at": 1761912355, "operating": 0}}"#
        ),
    },
    Function {
        name: "GetTaskTimeAccounting",
        name_ru: "ПолучитьТрудозатратыЗадачи",
        c_symbol: "b24_get_task_time_accounting",
        section: SECTION,
        summary: "Gets a time record of a task",
        params: &[URL, TASK, RECORD, TOKEN],
        action: read("task.elapseditem.get", task_and_record),
        example: concat!(
            r#"{"result": "#,
            r#"{"ID": "830", "TASK_ID": "2404", "USER_ID": "10", "COMMENT_TEXT": "Time spent on work", "SECONDS": "7200", "MINUTES": "120", "SOURCE": "2", "CREATED_DATE": "2024-09-09T09:20:37+03:00", "DATE_START": "2024-10-09T09:20:37+03:00", "DATE_STOP": "2024-10-09T09:20:37+03:00"}"#,
            r#", "time": {"start": 1728454837.65834, "finish": 1728454837.70708, "duration": 0.0487, "processing": 0.0207, "operating_reset_at": 1728455437, "operating": 0}}"#
        ),
    },
    Function {
        name: "UpdateTaskTimeAccounting",
        name_ru: "ИзменитьТрудозатратыЗадачи",
        c_symbol: "b24_update_task_time_accounting",
        section: SECTION,
        summary: "Changes a time record of a task",
        params: &[URL, TASK, RECORD, AMOUNT, TEXT, SETUP_DATE, TOKEN],
        action: change("task.elapseditem.update", update_record),
        example: answer!("null"),
    },
    DAY_MOVE.function(
        "StartTimekeeping",
        "НачатьУчетВремени",
        "b24_start_timekeeping",
        "Opens the work day, or resumes a paused or closed one",
        change("timeman.open", user_time_report),
        day_answer!("OPENED", "null", "00:00:00"),
    ),
    DAY_MOVE.function(
        "StopTimekeeping",
        "ЗавершитьУчетВремени",
        "b24_stop_timekeeping",
        "Closes the work day",
        change("timeman.close", user_time_report),
        day_answer!("CLOSED", r#""2024-07-30T16:32:00+00:00""#, "09:11:10"),
    ),
    USER_ONLY.function(
        "PauseTimekeeping",
        "ПриостановитьУчетВремени",
        "b24_pause_timekeeping",
        "Pauses the work day",
        change("timeman.pause", user_only_fields),
        day_answer!("PAUSED", r#""2024-07-30T08:32:00+00:00""#, "00:00:00"),
    ),
    USER_ONLY.function(
        "GetTimekeepingStatus",
        "ПолучитьСтатусУчетаВремени",
        "b24_get_timekeeping_status",
        "Gets the state of the work day",
        read("timeman.status", user_only_fields),
        day_answer!("PAUSED", r#""2024-07-30T08:32:00+00:00""#, "00:00:00"),
    ),
    USER_ONLY.function(
        "GetTimekeepingSettings",
        "ПолучитьНастройкиУчетаВремени",
        "b24_get_timekeeping_settings",
        "Gets a user's work-time settings",
        read("timeman.settings", user_only_fields),
        answer!(
            r#"{"UF_TIMEMAN": true, "UF_TM_FREE": false, "UF_TM_MAX_START": "09:15:00", "UF_TM_MIN_FINISH": "17:45:00", "UF_TM_MIN_DURATION": "08:00:00", "UF_TM_ALLOWED_DELTA": "00:15:00", "ADMIN": true}"#
        ),
    ),
];

fn task_id(args: &Args) -> Option<Value> {
    args.id_value("task")
}

/// ARFIELDS, or nothing when none of its fields is given.
fn nested(map: Map<String, Value>) -> Option<Value> {
    (!map.is_empty()).then_some(Value::Object(map))
}

/// OPI's order: TASKID, then ARFIELDS (SECONDS, COMMENT_TEXT, USER_ID, CREATED_DATE).
fn add_record(args: &Args) -> Result<Payload> {
    let record = fields([
        ("SECONDS", args.id_value("amount")),
        ("COMMENT_TEXT", args.text_value("text")),
        ("USER_ID", args.id_value("user")),
        ("CREATED_DATE", args.date_time("date")),
    ]);
    Ok(fields([("TASKID", task_id(args)), ("ARFIELDS", nested(record))]).into())
}

/// OPI's order: TASKID, ITEMID, then ARFIELDS (no USER_ID: a record keeps its user).
fn update_record(args: &Args) -> Result<Payload> {
    let record = fields([
        ("SECONDS", args.id_value("amount")),
        ("COMMENT_TEXT", args.text_value("text")),
        ("CREATED_DATE", args.date_time("date")),
    ]);
    Ok(fields([("TASKID", task_id(args)), ("ITEMID", args.id_value("record")), ("ARFIELDS", nested(record))])
        .into())
}

fn task_and_record(args: &Args) -> Result<Payload> {
    Ok(fields([("TASKID", task_id(args)), ("ITEMID", args.id_value("record"))]).into())
}

fn task_only(args: &Args) -> Result<Payload> {
    Ok(fields([("TASKID", task_id(args))]).into())
}

fn user_only_fields(args: &Args) -> Result<Payload> {
    Ok(fields([("USER_ID", args.id_value("userid"))]).into())
}

/// timeman.open / close: USER_ID, TIME as OPI's DateISOZ (the clock as given, a literal Z),
/// REPORT.
fn user_time_report(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("USER_ID", args.id_value("userid")),
        ("TIME", args.date_time_z("time")),
        ("REPORT", args.text_value("report")),
    ])
    .into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opis_ten_functions_in_order() {
        let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "AddTaskTimeAccounting",
                "DeleteTaskTimeAccounting",
                "GetTaskTimeAccountingList",
                "GetTaskTimeAccounting",
                "UpdateTaskTimeAccounting",
                "StartTimekeeping",
                "StopTimekeeping",
                "PauseTimekeeping",
                "GetTimekeepingStatus",
                "GetTimekeepingSettings",
            ]
        );
    }
}
