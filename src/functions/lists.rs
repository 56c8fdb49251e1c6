//! Whole lists: ListAll reads every row of a list function of the table, or of a REST list
//! method, at the portal's ceiling (see `crate::rest::list`), to a JSON Lines file or in pages
//! of the answer with a `next` to go on from, also in another process.

use std::fs::{File, OpenOptions};
use std::io::{BufWriter, Write};

use serde_json::{json, Map, Value};

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{Action, Function, Kind};
use crate::error::{Error, Result};
use crate::rest::list::{self, ListShape, Outcome, Position, Read};
use crate::rest::Session;

/// Rows a call gives in its answer when no `file` is named.
const DEFAULT_LIMIT: u64 = 5_000;

pub static FUNCTIONS: &[Function] = &[Function {
    name: "ListAll",
    name_ru: "ПолучитьВесьСписок",
    c_symbol: "b24_list_all",
    section: "Lists",
    summary: "Reads a whole list, 2,500 rows a request, to a JSON Lines file or in pages with a next",
    params: &[
        URL,
        required(
            "method",
            "Method",
            Kind::Text,
            "a list function by OPI name (GetDealsList, GetTasksList, ...) or a REST list method (crm.deal.list, user.get, ...)",
        ),
        optional(
            "params",
            "Params",
            Kind::Object,
            "no filter",
            "the function's own keys (filter, select; not offset), or the REST method's fields",
        ),
        optional(
            "file",
            "File",
            Kind::Text,
            "rows in the answer",
            "a path: the rows are written there, one JSON object a line (appended when cursor is given)",
        ),
        TOKEN,
        optional("cursor", "Cursor", Kind::Text, "from the start", "an answer's next: go on from there"),
        optional("limit", "Limit", Kind::Id, "5000", "without file: at most this many rows in the answer"),
        optional(
            "shape",
            "Shape",
            Kind::Object,
            "known for the table's lists and crm.*.list, crm.item.list, tasks.task.list, user.get, department.get",
            "for another REST method: {rows, id, filter, field, order}: rows' key in result, the id's key, the filter parameter (null: offsets only), the id's name there, the order parameter or {sort, direction}",
        ),
    ],
    action: Action::Plan { shown: "batch of the list method", run: list_all },
    example: r#"{"result": [{"ID": "1", "TITLE": "Deal 1"}, {"ID": "2", "TITLE": "Deal 2"}], "next": "{\"method\":\"crm.deal.list\",\"after\":\"2\"}"}"#,
}];

/// The REST method, the caller's fields for it, and how it reads.
struct Target {
    method: String,
    fields: Map<String, Value>,
    shape: ListShape,
}

fn list_all(args: Args, session: &Session) -> Result<String> {
    let target = target(&args)?;
    let from = match args.text("cursor") {
        Some(cursor) => {
            Some(Position::from_text(cursor, &target.method).map_err(|why| Error::invalid("cursor", why))?)
        }
        None => None,
    };
    let limit = match args.id("limit") {
        None => DEFAULT_LIMIT,
        Some(limit) => limit
            .parse::<u64>()
            .ok()
            .filter(|n| *n > 0)
            .ok_or_else(|| Error::invalid("limit", "must be a whole number above 0"))?,
    };
    let read = |limit, out: &mut dyn FnMut(&Value) -> std::io::Result<()>| {
        let read = Read {
            session,
            method: &target.method,
            fields: target.fields.clone(),
            shape: &target.shape,
            from: from.clone(),
            limit,
        };
        list::read(read, out)
    };
    let mut answer = Map::new();
    let outcome = match args.text("file") {
        Some(path) => {
            let file = open(path, from.is_some())?;
            let mut writer = BufWriter::with_capacity(1 << 16, file);
            let outcome = read(None, &mut |row| {
                serde_json::to_writer(&mut writer, row)?;
                writer.write_all(b"\n")
            });
            let flushed = writer.flush();
            let outcome = match (flushed, outcome.failure.is_none()) {
                (Err(error), true) => Outcome {
                    failure: serde_json::from_str(
                        &Error::invalid("file", format!("could not be written: {}", error.kind())).to_json(),
                    )
                    .ok(),
                    ..outcome
                },
                _ => outcome,
            };
            answer.insert(
                "result".into(),
                json!({"rows": outcome.rows, "requests": outcome.requests, "file": path}),
            );
            outcome
        }
        None => {
            let mut rows = Vec::new();
            let outcome = read(Some(limit), &mut |row| {
                rows.push(row.clone());
                Ok(())
            });
            answer.insert("result".into(), Value::Array(rows));
            outcome
        }
    };
    if let Some(next) = &outcome.next {
        answer.insert("next".into(), json!(next.to_text(&target.method)));
    }
    if let Some(failure) = outcome.failure {
        // The error's keys first, so that a host reads it as any error answer.
        let mut failed = failure;
        failed.extend(answer);
        answer = failed;
    }
    Ok(Value::Object(answer).to_string())
}

/// What `method` names: a list function of the table, with its own keys mapped to the REST
/// fields, or a REST method taken as it is.
fn target(args: &Args) -> Result<Target> {
    let method = args.required_text("method").trim();
    let params = match args.json("params") {
        Some(Value::Object(params)) => params.clone(),
        _ => Map::new(),
    };
    let given_shape = match args.json("shape") {
        Some(shape) => Some(ListShape::from_json(shape).map_err(|why| Error::invalid("shape", why))?),
        None => None,
    };
    if method.contains('.') {
        let shape = given_shape.or_else(|| ListShape::known(method)).ok_or_else(|| {
            Error::invalid(
                "method",
                format!("{method} is not a list this library knows how to read whole; give its shape"),
            )
        })?;
        return Ok(Target { method: method.to_string(), fields: params, shape });
    }
    let function = super::find(method)
        .ok_or_else(|| Error::invalid("method", format!("no function named '{method}' in the table")))?;
    let Action::Rest(rest) = &function.action else {
        return Err(not_paged(method));
    };
    let shape = given_shape.or_else(|| rest.list.cloned()).ok_or_else(|| not_paged(method))?;
    if params.keys().any(|key| key == "offset") {
        return Err(Error::invalid("params", "offset: ListAll reads from the start, or from cursor"));
    }
    // The function's own mapping, as a call of it would send: `url` only to satisfy its checks.
    let mut input = params;
    input.insert("url".into(), json!(args.required_text("url")));
    let inner = Args::parse(function, Value::Object(input)).map_err(|error| match error {
        Error::InvalidParameter { key, reason } => Error::invalid("params", format!("{key}: {reason}")),
        other => other,
    })?;
    let fields = (rest.fields)(&inner)?.fields;
    Ok(Target { method: rest.method.to_string(), fields, shape })
}

fn not_paged(method: &str) -> Error {
    Error::invalid("method", format!("{method} does not read a list in pages; call it directly"))
}

fn open(path: &str, append: bool) -> Result<File> {
    let mut options = OpenOptions::new();
    options.create(true);
    if append {
        options.append(true);
    } else {
        options.write(true).truncate(true);
    }
    options
        .open(path)
        .map_err(|error| Error::invalid("file", format!("could not be opened: {}", error.kind())))
}
