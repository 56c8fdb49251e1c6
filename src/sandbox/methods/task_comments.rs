//! Task comments (`task.commentitem.*`, positional like the checklist methods) and results
//! (`tasks.task.result.*`) on the entity engine. A result is made from a comment and follows
//! it: a changed comment changes its result's text, a deleted one takes its result along.

use serde_json::{json, Map, Value};

use super::task_checklists::{existing_task, positional};
use super::tasks::not_allowed;
use super::{err, param, Answer, ApiError, Ctx};
use crate::sandbox::clock;
use crate::sandbox::entity::{id_of, Condition, Family, Query, Table};
use crate::sandbox::state::Store;

/// The engine tables of this module, by name in the store.
pub(crate) const COMMENTS: &str = "task.commentitem";
pub(crate) const RESULTS: &str = "tasks.task.result";

/// Comments: upper-case keys, `"ID": "5946"`.
const COMMENT: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };
/// Results: camelCase keys, numeric ids, rows straight in `result`.
const RESULT: Family = Family { id_key: "id", rows_key: None, ids_as_text: false };

fn comment_not_found() -> ApiError {
    err(400, "ERROR_CORE", "TASKS_ERROR_EXCEPTION_#256; Comment not found; 256/TE/WRONG_ARGUMENTS<br>")
}

fn empty_message() -> ApiError {
    err(400, "ERROR_CORE", "TASKS_ERROR_EXCEPTION_#256; POST_MESSAGE is empty; 256/TE/WRONG_ARGUMENTS<br>")
}

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let now = clock::iso8601_utc(ctx.now_secs());
    let mut guard = ctx.store();
    let store: &mut Store = &mut guard;
    let mut work = Work { store, now, caller: ctx.caller };
    if let Some(verb) = method.strip_prefix("task.commentitem.") {
        if !matches!(verb, "add" | "update" | "delete" | "get" | "getlist") {
            return None;
        }
        return Some(work.comment(verb, &positional(fields)));
    }
    Some(match method.strip_prefix("tasks.task.result.")? {
        "list" => work.results(fields),
        "addfromcomment" => work.make_result(fields),
        "deletefromcomment" => work.unmake_result(fields),
        _ => return None,
    })
}

/// A comment as the portal answers it: without the task it belongs to, in the portal's order.
fn shown(record: &Map<String, Value>) -> Value {
    let mut out = Map::new();
    for key in
        ["POST_MESSAGE_HTML", "ID", "AUTHOR_ID", "AUTHOR_NAME", "AUTHOR_EMAIL", "POST_DATE", "POST_MESSAGE"]
    {
        out.insert(key.into(), record.get(key).cloned().unwrap_or(Value::Null));
    }
    Value::Object(out)
}

fn message(fields: Option<&Value>) -> Result<String, ApiError> {
    fields
        .and_then(|fields| param(fields, "POST_MESSAGE"))
        .and_then(Value::as_str)
        .filter(|text| !text.trim().is_empty())
        .map(str::to_string)
        .ok_or_else(empty_message)
}

fn result_of(results: &Table, comment: u64) -> Option<u64> {
    results
        .records()
        .find(|row| id_of(row.get("commentId")) == Some(comment))
        .and_then(|row| id_of(row.get("id")))
}

struct Work<'s> {
    store: &'s mut Store,
    now: String,
    caller: u64,
}

impl Work<'_> {
    fn table(&mut self, name: &'static str) -> &mut Table {
        self.store.entities.entry(name).or_default()
    }

    fn comment(&mut self, verb: &str, args: &[&Value]) -> Answer {
        let task = existing_task(self.store, args)?;
        let of_task = |row: &Map<String, Value>| id_of(row.get("TASK_ID")) == Some(task);
        if verb == "getlist" {
            let rows = self.table(COMMENTS).records().filter(|row| of_task(row)).map(shown).collect();
            return Ok(Value::Array(rows).into());
        }
        if verb == "add" {
            let text = message(args.get(1).copied())?;
            let author =
                args.get(1).and_then(|fields| id_of(param(fields, "AUTHOR_ID"))).unwrap_or(self.caller);
            let user = self.store.data.users.get(&author);
            let record = json!({
                "TASK_ID": task.to_string(), "POST_MESSAGE_HTML": null, "AUTHOR_ID": author.to_string(),
                "AUTHOR_NAME": user.map_or(String::new(), |u| u.name()),
                "AUTHOR_EMAIL": user.map_or("", |u| u.email.as_str()),
                "POST_DATE": self.now, "POST_MESSAGE": text,
            });
            let id = self.table(COMMENTS).add(&COMMENT, record.as_object().cloned().unwrap_or_default());
            return Ok(json!(id).into());
        }
        let id = id_of(args.get(1).copied())
            .filter(|id| self.table(COMMENTS).get(*id).is_some_and(of_task))
            .ok_or_else(comment_not_found)?;
        match verb {
            "get" => Ok(shown(self.table(COMMENTS).get(id).unwrap_or(&Map::new())).into()),
            "update" => {
                let text = message(args.get(2).copied())?;
                let changes = Map::from_iter([("POST_MESSAGE".to_string(), json!(text))]);
                self.table(COMMENTS).update(&COMMENT, id, changes);
                if let Some(result) = result_of(self.table(RESULTS), id) {
                    let now = self.now.clone();
                    let changes = json!({"text": text, "formattedText": text, "updatedAt": now});
                    self.table(RESULTS).update(
                        &RESULT,
                        result,
                        changes.as_object().cloned().unwrap_or_default(),
                    );
                }
                Ok(json!(true).into())
            }
            _ => {
                self.table(COMMENTS).delete(id);
                if let Some(result) = result_of(self.table(RESULTS), id) {
                    self.table(RESULTS).delete(result);
                }
                Ok(json!(true).into())
            }
        }
    }

    /// The comment named by `commentId`, with its task.
    fn named_comment(&mut self, fields: &Value) -> Result<(u64, Map<String, Value>), ApiError> {
        let id = id_of(param(fields, "commentId")).ok_or_else(not_allowed)?;
        let comment = self.table(COMMENTS).get(id).cloned().ok_or_else(not_allowed)?;
        Ok((id, comment))
    }

    /// A comment made the task's result; making it again answers the same result.
    fn make_result(&mut self, fields: &Value) -> Answer {
        let (id, comment) = self.named_comment(fields)?;
        let results = self.table(RESULTS);
        let existing = result_of(results, id);
        let result = match existing {
            Some(result) => result,
            None => {
                let text = comment.get("POST_MESSAGE").cloned().unwrap_or(Value::Null);
                let task = id_of(comment.get("TASK_ID")).unwrap_or_default();
                let now = self.now.clone();
                let record = json!({
                    "taskId": task, "commentId": id, "createdBy": self.caller, "createdAt": now,
                    "updatedAt": now, "status": 0, "text": text, "formattedText": text, "files": null
                });
                self.table(RESULTS).add(&RESULT, record.as_object().cloned().unwrap_or_default())
            }
        };
        Ok(Value::Object(self.table(RESULTS).get(result).cloned().unwrap_or_default()).into())
    }

    fn unmake_result(&mut self, fields: &Value) -> Answer {
        let (id, _) = self.named_comment(fields)?;
        if let Some(result) = result_of(self.table(RESULTS), id) {
            self.table(RESULTS).delete(result);
        }
        Ok(Value::Null.into())
    }

    /// A task's results, newest first.
    fn results(&mut self, fields: &Value) -> Answer {
        let task = id_of(param(fields, "taskId")).ok_or_else(not_allowed)?;
        if self.table(super::tasks::TASKS).get(task).is_none() {
            return Err(not_allowed());
        }
        let query = Query {
            filter: vec![Condition::parse("taskId", &json!(task))],
            order: vec![("id".to_string(), true)],
            start: None,
            ..Query::default()
        };
        Ok(Value::Array(self.table(RESULTS).list(&query).rows).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comment_is_shown_in_the_portals_order_without_its_task() {
        let record = json!({"ID": "3", "TASK_ID": "1", "POST_MESSAGE": "hi", "AUTHOR_ID": "1"});
        let shown = shown(record.as_object().unwrap());
        let keys: Vec<&String> = shown.as_object().unwrap().keys().collect();
        assert_eq!(keys[..2], ["POST_MESSAGE_HTML", "ID"]);
        assert!(shown.get("TASK_ID").is_none());
    }
}
