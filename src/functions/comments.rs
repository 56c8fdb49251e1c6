//! Task comments and results (task.commentitem.*, tasks.task.result.*): OPI's
//! CommentsAndResultsManagement. The legacy comment methods take their arguments by position:
//! `TASKID`, then `ITEMID`, then `FIELDS`. OPI sends the comment list's task as camelCase
//! `taskId` (its PrimaryControlAction), and so does this.

use serde_json::Value;

use super::args::Args;
use super::params::{required, TOKEN, URL};
use super::Shape;
use super::{answer, change, fields, read, Action, Function, Kind, Param, EMPTY};
use crate::error::Result;
use crate::rest::Payload;

const SECTION: &str = "Task comments and results";

const TASK: Param = required("task", "TaskID", Kind::Id, "task id");
const COMMENT: Param = required("comment", "CommentID", Kind::Id, "comment id");
const TEXT: Param = required("text", "Text", Kind::Text, "the comment's text");

/// A comment as the portal answers it, inside `result` or its list.
macro_rules! comment {
    () => {
        r#"{"POST_MESSAGE_HTML": null, "ID": "5946", "AUTHOR_ID": "1", "AUTHOR_NAME": "Антон Титовец", "AUTHOR_EMAIL": "", "POST_DATE": "2024-10-09T09:19:54+03:00", "POST_MESSAGE": "The task has been changed, let's split up"}"#
    };
}

/// A result as tasks.task.result.* answer it.
macro_rules! task_result {
    () => {
        r#"{"id": 3236, "taskId": 8722, "commentId": 20226, "createdBy": 1, "createdAt": "2025-10-31T11:53:51+00:00", "updatedAt": "2025-10-31T11:53:51+00:00", "status": 0, "text": "The task has been changed, let's split up", "formattedText": "The task has been changed, let's split up", "files": null}"#
    };
}

/// The functions of one comment by its task: the task, then the comment.
const COMMENT_ACTION: Shape = Shape { section: SECTION, params: &[URL, TASK, COMMENT, TOKEN] };

/// The functions of a result, which name only the comment.
const RESULT_ACTION: Shape = Shape { section: SECTION, params: &[URL, COMMENT, TOKEN] };

/// CommentsAndResultsManagement in OPI's order.
pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "GetTaskCommentsList",
        name_ru: "ПолучитьСписокКомментариевЗадачи",
        c_symbol: "b24_get_task_comments_list",
        section: SECTION,
        summary: "Lists a task's comments",
        params: &[URL, TASK, TOKEN],
        action: read("task.commentitem.getlist", task_only),
        example: concat!(
            r#"{"result": ["#,
            comment!(),
            r#"], "time": {"start": 1728454795.54926, "finish": 1728454795.59482, "duration": 0.045, "processing": 0.022, "operating_reset_at": 1728455395, "operating": 0}}"#
        ),
    },
    COMMENT_ACTION.function(
        "GetTaskComment",
        "ПолучитьКомментарийЗадачи",
        "b24_get_task_comment",
        "Gets a comment of a task",
        read("task.commentitem.get", task_and_comment),
        concat!(
            r#"{"result": "#,
            comment!(),
            r#", "time": {"start": 1728454795.75017, "finish": 1728454795.79802, "duration": 0.048, "processing": 0.021, "operating_reset_at": 1728455395, "operating": 0}}"#
        ),
    ),
    Function {
        name: "AddTaskComment",
        name_ru: "ДобавитьКомментарийЗадачи",
        c_symbol: "b24_add_task_comment",
        section: SECTION,
        summary: "Adds a comment to a task; the answer is its id",
        params: &[URL, TASK, TEXT, TOKEN],
        action: change("task.commentitem.add", add),
        example: answer!("18908"),
    },
    Function {
        name: "UpdateTaskComment",
        name_ru: "ИзменитьКомментарийЗадачи",
        c_symbol: "b24_update_task_comment",
        section: SECTION,
        summary: "Changes the text of a task's comment",
        params: &[URL, TASK, COMMENT, TEXT, TOKEN],
        action: change("task.commentitem.update", update),
        example: answer!("true"),
    },
    COMMENT_ACTION.function(
        "DeleteTaskComment",
        "УдалитьКомментарийЗадачи",
        "b24_delete_task_comment",
        "Deletes a task's comment",
        change("task.commentitem.delete", task_and_comment),
        answer!("true"),
    ),
    Function {
        name: "GetResultsList",
        name_ru: "ПолучитьСписокРезультатов",
        c_symbol: "b24_get_results_list",
        section: SECTION,
        summary: "Lists a task's results, newest first",
        params: &[URL, TASK, TOKEN],
        action: read("tasks.task.result.list", task_only),
        example: concat!(
            r#"{"result": ["#,
            task_result!(),
            r#"], "time": {"start": 1728454795.04247, "finish": 1728454795.07889, "duration": 0.036, "processing": 0.009, "operating_reset_at": 1728455395, "operating": 0}}"#
        ),
    },
    RESULT_ACTION.function(
        "CreateResultFromComment",
        "СоздатьРезультатИзКомментария",
        "b24_create_result_from_comment",
        "Makes a comment the task's result",
        change("tasks.task.result.addFromComment", comment_only),
        concat!(
            r#"{"result": "#,
            task_result!(),
            r#", "time": {"start": 1761911634, "finish": 1761911634.71404, "duration": 0.714, "processing": 0, "operating_reset_at": 1761912234, "operating": 0}}"#
        ),
    ),
    RESULT_ACTION.function(
        "DeleteResultFromComment",
        "УдалитьРезультатИзКомментария",
        "b24_delete_result_from_comment",
        "Takes back the result made from a comment",
        change("tasks.task.result.deleteFromComment", comment_only),
        answer!("null"),
    ),
    Function {
        name: "GetCommentStructure",
        name_ru: "ПолучитьСтруктуруКомментария",
        c_symbol: "b24_get_comment_structure",
        section: SECTION,
        summary: "Gives the keys of a task comment, each with its meaning, or empty",
        params: &[EMPTY],
        action: Action::Local(comment_structure),
        example: r#"{"AUTHOR_ID": "<comment author identifier>", "AUTHOR_NAME": "<Users name (optional)>", "AUTHOR_EMAIL": "<Users email (optional)>", "USE_SMILES": "<(Y|N) - parse comments for emoticons or not>", "POST_MESSAGE": "<Message text>", "UF_FORUM_MESSAGE_DOC": "<Array of files from disk to attach>"}"#,
    },
];

fn task_id(args: &Args) -> Option<Value> {
    args.id_value("task")
}

fn comment_id(args: &Args) -> Option<Value> {
    args.id_value("comment")
}

/// OPI's PrimaryControlAction: camelCase `taskId`, for the comment list too.
fn task_only(args: &Args) -> Result<Payload> {
    Ok(fields([("taskId", task_id(args))]).into())
}

fn task_and_comment(args: &Args) -> Result<Payload> {
    Ok(fields([("TASKID", task_id(args)), ("ITEMID", comment_id(args))]).into())
}

fn comment_only(args: &Args) -> Result<Payload> {
    Ok(fields([("commentId", comment_id(args))]).into())
}

fn message(args: &Args) -> Option<Value> {
    Some(Value::Object(fields([("POST_MESSAGE", args.text_value("text"))])))
}

fn add(args: &Args) -> Result<Payload> {
    Ok(fields([("TASKID", task_id(args)), ("FIELDS", message(args))]).into())
}

fn update(args: &Args) -> Result<Payload> {
    Ok(fields([("TASKID", task_id(args)), ("ITEMID", comment_id(args)), ("FIELDS", message(args))]).into())
}

/// OPI's six keys of a comment with what each holds.
const COMMENT_KEYS: &[(&str, &str)] = &[
    ("AUTHOR_ID", "<comment author identifier>"),
    ("AUTHOR_NAME", "<Users name (optional)>"),
    ("AUTHOR_EMAIL", "<Users email (optional)>"),
    ("USE_SMILES", "<(Y|N) - parse comments for emoticons or not>"),
    ("POST_MESSAGE", "<Message text>"),
    ("UF_FORUM_MESSAGE_DOC", "<Array of files from disk to attach>"),
];

fn comment_structure(args: &Args) -> Result<Value> {
    Ok(super::structure(COMMENT_KEYS, args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opis_nine_functions_in_order() {
        let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(names.len(), 9);
        assert_eq!(names[0], "GetTaskCommentsList");
        assert_eq!(names[8], "GetCommentStructure");
    }
}
