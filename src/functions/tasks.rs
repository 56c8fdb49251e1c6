//! Tasks (tasks.task.*, task.dependence.*, task.planner.*): OPI's TasksManagement. Sixteen of
//! its functions post only the task's id as `taskId` (OPI's PrimaryControlAction); one const
//! builder writes them, so they differ only in name, method and whether they read.

use serde_json::Value;

use super::args::Args;
use super::params::{optional, required, TOKEN, URL, USER};
use super::Shape;
use super::{
    answer, change, fields, list, no_fields, read, read_by_get, Action, Function, Kind, Param, EMPTY,
};
use crate::error::Result;
use crate::rest::list::ListShape;
use crate::rest::Payload;

const SECTION: &str = "Tasks";

/// tasks.task.list: rows in `result.tasks` with `id`, filtered and ordered by `ID`.
static TASKS_LIST: ListShape = ListShape::filtered(Some("tasks"), "id", "ID");

const TASK: Param = required("task", "TaskID", Kind::Id, "task id");

const FIELDS: Param = required(
    "fields",
    "FieldsStructure",
    Kind::Object,
    "task fields, keys as in GetTaskFieldsStructure (TITLE, DESCRIPTION, DEADLINE, RESPONSIBLE_ID, ...), sent as given",
);

/// CreateTasksDependencies' and DeleteTasksDependencies' parameters.
const LINK: &[Param] = &[
    URL,
    required("taskfrom", "FromID", Kind::Id, "the task the link starts from"),
    required("taskto", "DestinationID", Kind::Id, "the task the link points to"),
    required(
        "linktype",
        "LinkType",
        Kind::Id,
        "0 start→start, 1 start→finish, 2 finish→start, 3 finish→finish",
    ),
    TOKEN,
];

/// A task as the portal answers it, shortened, for the reference.
macro_rules! task_answer {
    ($status:literal) => {
        concat!(
            r#"{"result": {"task": {"id": "2398", "title": "Another task title", "description": "Another task description", "priority": "1", "status": ""#,
            $status,
            r#"", "stageId": "0", "createdBy": "1", "responsibleId": "1", "deadline": "2024-10-10T12:19:00+03:00", "auditors": [], "isMuted": "N"}}, "#,
            r#""time": {"start": 1728454779.1, "finish": 1728454779.2, "duration": 0.1, "processing": 0.05, "operating_reset_at": 1728455379, "operating": 0}}"#
        )
    };
}

/// One of the functions that post only `{"taskId": ...}`.
const TASK_ACTION: Shape = Shape { section: SECTION, params: &[URL, TASK, TOKEN] };

/// TasksManagement in OPI's order.
pub static FUNCTIONS: &[Function] = &[
    TASK_ACTION.function(
        "GetTask",
        "ПолучитьЗадачу",
        "b24_get_task",
        "Gets a task by id",
        read("tasks.task.get", task_only),
        task_answer!("2"),
    ),
    Function {
        name: "GetTasksList",
        name_ru: "ПолучитьСписокЗадач",
        c_symbol: "b24_get_tasks_list",
        section: SECTION,
        summary: "Lists tasks, 50 a page, with a filter and the fields to return",
        params: &[
            URL,
            optional(
                "filter",
                "Filter",
                Kind::Object,
                "no filter",
                "keys as in GetTasksFilterStructure; prefixes such as ! < <= > >= in keys",
            ),
            optional("offset", "Indent", Kind::Id, "0", "how many tasks to skip: pages are 50 tasks"),
            TOKEN,
            optional("select", "Fields", Kind::Ids, "the portal's default fields", "field names to return"),
        ],
        action: list("tasks.task.list", list_fields, &TASKS_LIST),
        example: concat!(
            r#"{"result": {"tasks": [{"id": "268", "title": "Another task title", "status": "3", "responsibleId": "10", "deadline": "2024-07-04T13:21:00+00:00"}]}, "total": 1, "#,
            r#""time": {"start": 1720026074.6, "finish": 1720026074.7, "duration": 0.1, "processing": 0.05, "operating_reset_at": 1720026674, "operating": 0}}"#
        ),
    },
    Function {
        name: "CreateTask",
        name_ru: "СоздатьЗадачу",
        c_symbol: "b24_create_task",
        section: SECTION,
        summary: "Creates a task from a structure of fields",
        params: &[URL, FIELDS, TOKEN],
        action: change("tasks.task.add", fields_only),
        example: task_answer!("2"),
    },
    Function {
        name: "UpdateTask",
        name_ru: "ИзменитьЗадачу",
        c_symbol: "b24_update_task",
        section: SECTION,
        summary: "Changes fields of a task",
        params: &[URL, TASK, FIELDS, TOKEN],
        action: change("tasks.task.update", fields_and_task),
        example: task_answer!("2"),
    },
    TASK_ACTION.function(
        "DeleteTask",
        "УдалитьЗадачу",
        "b24_delete_task",
        "Deletes a task",
        change("tasks.task.delete", task_only),
        answer!(r#"{"task": true}"#),
    ),
    Function {
        name: "AttachFileToTopic",
        name_ru: "ДобавитьФайлВЗадачу",
        c_symbol: "b24_attach_file_to_topic",
        section: SECTION,
        summary: "Attaches a file already on the portal's disk to a task",
        params: &[URL, TASK, required("fileid", "FileID", Kind::Id, "disk file id"), TOKEN],
        action: change("tasks.task.files.attach", file_and_task),
        example: answer!(r#"{"attachmentId": 3606}"#),
    },
    TASK_ACTION.function(
        "ApproveTask",
        "ПринятьЗадачу",
        "b24_approve_task",
        "Accepts a task that awaits control: it becomes completed",
        change("tasks.task.approve", task_only),
        task_answer!("5"),
    ),
    TASK_ACTION.function(
        "DisapproveTask",
        "ОтклонитьЗадачу",
        "b24_disapprove_task",
        "Sends back a task that awaits control",
        change("tasks.task.disapprove", task_only),
        r#"{"error": 1048582, "error_description": "Действие над задачей не разрешено"}"#,
    ),
    TASK_ACTION.function(
        "CompleteTask",
        "ЗавершитьЗадачу",
        "b24_complete_task",
        "Completes a task (or sends it for control, when the creator controls it)",
        change("tasks.task.complete", task_only),
        task_answer!("5"),
    ),
    TASK_ACTION.function(
        "RenewTask",
        "ВозобновитьЗадачу",
        "b24_renew_task",
        "Renews a completed or deferred task",
        change("tasks.task.renew", task_only),
        task_answer!("2"),
    ),
    TASK_ACTION.function(
        "DeferTask",
        "ОтложитьЗадачу",
        "b24_defer_task",
        "Defers a task",
        change("tasks.task.defer", task_only),
        task_answer!("6"),
    ),
    TASK_ACTION.function(
        "PauseTask",
        "ПриостановитьЗадачу",
        "b24_pause_task",
        "Pauses a task in progress",
        change("tasks.task.pause", task_only),
        task_answer!("2"),
    ),
    TASK_ACTION.function(
        "StartTask",
        "НачатьВыполнениеЗадачи",
        "b24_start_task",
        "Starts a task",
        change("tasks.task.start", task_only),
        task_answer!("3"),
    ),
    TASK_ACTION.function(
        "StartWatchingTask",
        "НачатьНаблюдатьЗаЗадачей",
        "b24_start_watching_task",
        "Makes the current user a watcher (auditor) of a task",
        change("tasks.task.startwatch", task_only),
        task_answer!("2"),
    ),
    TASK_ACTION.function(
        "StopWatchingTask",
        "ПрекратитьНаблюдатьЗаЗадачей",
        "b24_stop_watching_task",
        "Stops the current user watching a task",
        change("tasks.task.stopwatch", task_only),
        task_answer!("2"),
    ),
    Function {
        name: "DelegateTask",
        name_ru: "ДелегироватьЗадачу",
        c_symbol: "b24_delegate_task",
        section: SECTION,
        summary: "Hands a task to another responsible user",
        params: &[URL, TASK, USER, TOKEN],
        action: change("tasks.task.delegate", task_and_user),
        example: task_answer!("2"),
    },
    TASK_ACTION.function(
        "AddTaskToFavorites",
        "ДобавитьЗадачуВИзбранное",
        "b24_add_task_to_favorites",
        "Adds a task to the current user's favourites",
        change("tasks.task.favorite.add", task_only),
        answer!("true"),
    ),
    TASK_ACTION.function(
        "RemoveTaskFromFavorites",
        "УбратьЗадачуИзИзбранного",
        "b24_remove_task_from_favorites",
        "Removes a task from the current user's favourites",
        change("tasks.task.favorite.remove", task_only),
        answer!("true"),
    ),
    TASK_ACTION.function(
        "GetTaskHistory",
        "ПолучитьИсториюЗадачи",
        "b24_get_task_history",
        "Gets a task's history of changes",
        read("tasks.task.history.list", task_only),
        answer!(
            r#"{"list": [{"id": 129408, "createdDate": "2026-05-02T12:03:32+00:00", "field": "NEW", "value": {"from": null, "to": null}, "user": {"id": 1, "name": "Антон", "lastName": "Титовец", "secondName": "", "login": "VKuser657846756"}}]}"#
        ),
    ),
    Function {
        name: "CheckTaskAccesses",
        name_ru: "ПроверитьДоступКЗадаче",
        c_symbol: "b24_check_task_accesses",
        section: SECTION,
        summary: "Gets which actions on a task each of the given users may take",
        params: &[
            URL,
            TASK,
            optional("users", "Users", Kind::Ids, "the current user", "user ids whose rights are checked"),
            TOKEN,
        ],
        action: read("tasks.task.getaccess", task_and_users),
        example: answer!(
            r#"{"allowedActions": {"1": {"ACCEPT": false, "DECLINE": false, "COMPLETE": true, "APPROVE": false, "DISAPPROVE": false, "START": true, "PAUSE": false, "DELEGATE": true, "REMOVE": true, "EDIT": true, "DEFER": true, "RENEW": false, "CREATE": true}}}"#
        ),
    },
    TASK_ACTION.function(
        "MuteTask",
        "ОтключитьЗвукЗадачи",
        "b24_mute_task",
        "Mutes a task's notifications for the current user",
        change("tasks.task.mute", task_only),
        task_answer!("2"),
    ),
    TASK_ACTION.function(
        "UnmuteTask",
        "ВключитьЗвукЗадачи",
        "b24_unmute_task",
        "Unmutes a task's notifications for the current user",
        change("tasks.task.unmute", task_only),
        task_answer!("2"),
    ),
    Function {
        name: "CreateTasksDependencies",
        name_ru: "СоздатьЗависимостьЗадач",
        c_symbol: "b24_create_tasks_dependencies",
        section: SECTION,
        summary: "Links two tasks: one depends on the other",
        params: LINK,
        action: change("task.dependence.add", link),
        example: answer!("[]"),
    },
    Function {
        name: "DeleteTasksDependencies",
        name_ru: "УдалитьЗависимостьЗадач",
        c_symbol: "b24_delete_tasks_dependencies",
        section: SECTION,
        summary: "Removes a link between two tasks",
        params: LINK,
        action: change("task.dependence.delete", link),
        example: answer!("[]"),
    },
    Function {
        name: "GetDailyPlan",
        name_ru: "ПолучитьПланЗадачНаДень",
        c_symbol: "b24_get_daily_plan",
        section: SECTION,
        summary: "Gets the ids of the tasks in the current user's plan for the day",
        params: &[URL, TOKEN],
        action: read("task.planner.getlist", no_fields),
        example: answer!("[]"),
    },
    Function {
        name: "GetTaskFieldsStructure",
        name_ru: "ПолучитьСтруктуруЗадачи",
        c_symbol: "b24_get_task_fields_structure",
        section: SECTION,
        summary: "Gets the portal's description of a task's fields",
        params: &[URL, TOKEN],
        action: read_by_get("tasks.task.getFields"),
        example: answer!(
            r#"{"fields": {"ID": {"title": "ID", "type": "integer", "primary": true}, "TITLE": {"title": "Название", "type": "string", "required": true}}}"#
        ),
    },
    Function {
        name: "GetTasksFilterStructure",
        name_ru: "ПолучитьСтруктуруФильтраЗадач",
        c_symbol: "b24_get_tasks_filter_structure",
        section: SECTION,
        summary: "Gives the keys a task filter takes, each with its meaning, or empty",
        params: &[
            EMPTY,
            optional(
                "map",
                "AsMap",
                Kind::Flag,
                "false",
                "OPI's Map form (keys may then carry ! < > prefixes); in JSON the same object",
            ),
        ],
        action: Action::Local(filter_structure),
        example: r#"{"ID": "<task identifier>", "PARENT_ID": "<parent task identifier>", "RESPONSIBLE_ID": "<performer>"}"#,
    },
];

fn task_id(args: &Args) -> Option<Value> {
    args.id_value("task")
}

/// OPI's PrimaryControlAction: the task's id as `taskId`, nothing else.
fn task_only(args: &Args) -> Result<Payload> {
    Ok(fields([("taskId", task_id(args))]).into())
}

fn fields_only(args: &Args) -> Result<Payload> {
    Ok(fields([("fields", args.json("fields").cloned())]).into())
}

/// OPI's order: the fields, then the task.
fn fields_and_task(args: &Args) -> Result<Payload> {
    Ok(fields([("fields", args.json("fields").cloned()), ("taskId", task_id(args))]).into())
}

/// OPI's order: the file, then the task.
fn file_and_task(args: &Args) -> Result<Payload> {
    Ok(fields([("fileId", args.id_value("fileid")), ("taskId", task_id(args))]).into())
}

fn task_and_user(args: &Args) -> Result<Payload> {
    Ok(fields([("taskId", task_id(args)), ("userId", args.id_value("user"))]).into())
}

fn task_and_users(args: &Args) -> Result<Payload> {
    Ok(fields([("taskId", task_id(args)), ("users", args.ids("users"))]).into())
}

/// A link type of 0 is sent: OPI turns it into text before deciding what is empty.
fn link(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("taskIdFrom", args.id_value("taskfrom")),
        ("taskIdTo", args.id_value("taskto")),
        ("linkType", args.id_value("linktype")),
    ])
    .into())
}

/// OPI's order: `filter`, `start`, `select`.
fn list_fields(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("filter", args.json("filter").cloned()),
        ("start", args.id_value("offset").filter(|start| start != "0")),
        ("select", args.ids("select")),
    ])
    .into())
}

/// OPI's 26 keys of a task filter with what each holds.
const TASK_FILTER: &[(&str, &str)] = &[
    ("ID", "<task identifier>"),
    ("PARENT_ID", "<parent task identifier>"),
    ("GROUP_ID", "<workgroup identifier>"),
    ("CREATED_BY", "<producer>"),
    ("STATUS_CHANGED_BY", "<the user who last changed the task status>"),
    ("PRIORITY", "<priority>"),
    ("FORUM_TOPIC_ID", "<forum topic identifier>"),
    ("RESPONSIBLE_ID", "<performer>"),
    ("TITLE", "<task name (can be searched using the template [%_])>"),
    ("TAG", "<tag>"),
    ("REAL_STATUS", "<task status>"),
    ("MARK", "<mark>"),
    ("SITE_ID", "<site identifier>"),
    ("ADD_IN_REPORT", "<task in the report (Y|N))>"),
    ("DATE_START", "<start date>"),
    ("DEADLINE", "<deadline>"),
    ("CREATED_DATE", "<date of creation>"),
    ("CLOSED_DATE", "<completion date>"),
    ("CHANGED_DATE", "<date of last modification>"),
    ("ACCOMPLICE", "<co-executor identifier>"),
    ("AUDITOR", "<auditor identifier>"),
    ("DEPENDS_ON", "<previous task identifier>"),
    ("ONLY_ROOT_TASKS", "<only tasks that are not subtasks (Y|N))>"),
    ("STAGE_ID", "<stage>"),
    ("UF_CRM_TASK", "<CRM elements>"),
    ("STATUS", "<status for sorting. Similar to REAL_STATUS, but has three additional meta-statuses>"),
];

/// `map` changes nothing in JSON: an object already takes keys with operator prefixes.
fn filter_structure(args: &Args) -> Result<Value> {
    Ok(super::structure(TASK_FILTER, args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opis_twenty_seven_functions_in_order() {
        let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(names.len(), 27);
        assert_eq!(names[..3], ["GetTask", "GetTasksList", "CreateTask"]);
        assert_eq!(names[24..], ["GetDailyPlan", "GetTaskFieldsStructure", "GetTasksFilterStructure"]);
        assert_eq!(TASK_FILTER.len(), 26);
    }
}
