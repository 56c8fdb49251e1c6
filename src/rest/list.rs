//! Reading a whole list: a plan of requests with state (where the read stands), like an upload
//! is. A list method answers 50 rows a call; this reads them by id cursor, 50 calls chained in
//! one `batch` by `$result[...]` references (2,500 rows a request), or by offsets when the
//! caller's order or the method allows nothing else, and hands each row out as its batch
//! arrives, so memory stays that of one batch however long the list.
//!
//! What the reader needs to know of a method (where its rows sit, the id's name, where the
//! filter and the order go) is a [`ListShape`], declared next to each list function's table
//! entry, known here for the REST list methods by name, or given by the caller.

use std::borrow::Cow;
use std::collections::HashSet;

use serde_json::{json, Map, Value};

use super::batch::{self, Command, Reference, MAX_COMMANDS};
use super::{Request, Session};
use crate::error::Error;

/// Rows a list method answers a call at most.
pub const PAGE: usize = 50;

type Text = Cow<'static, str>;

/// How a list method answers and takes its cursor.
#[derive(Debug, Clone, PartialEq)]
pub struct ListShape {
    /// The key of `result` that holds the rows (`tasks`), or `None` when `result` is the rows.
    pub rows: Option<Text>,
    /// The id's key in a row, as the method answers it (`ID`, `id`).
    pub id: Text,
    pub cursor: ListCursor,
}

/// How the reader asks for the rows after the last one it gave.
#[derive(Debug, Clone, PartialEq)]
pub enum ListCursor {
    /// `filter[>FIELD]` with the order by FIELD ascending and `start=-1` (no count): `filter`
    /// is the parameter that holds the filter, `field` the id's name in filter and order.
    Filter { filter: Text, field: Text, order: Order },
    /// A parameter that asks for the rows after an id, oldest first (im.dialog.messages.get's
    /// FIRST_ID), and the parameter of the page's size (LIMIT, set to 50).
    After { param: Text, size: Text },
    /// No way to ask for rows after an id: offsets only (`start=N`).
    Offsets { order: Order },
}

/// Where a method takes its order.
#[derive(Debug, Clone, PartialEq)]
pub enum Order {
    /// An object parameter `{FIELD: "ASC"}` (`order`).
    Object(Text),
    /// Two top-level parameters, the field and the direction (`SORT`, `ORDER` of user.get).
    TopLevel { sort: Text, direction: Text },
}

impl Order {
    /// `order: {FIELD: "ASC"}`, as most list methods take it.
    pub const OBJECT: Order = Order::Object(Cow::Borrowed("order"));
    /// `SORT` and `ORDER` at the top level, as user.get and department.get take them.
    pub const SORT_ORDER: Order =
        Order::TopLevel { sort: Cow::Borrowed("SORT"), direction: Cow::Borrowed("ORDER") };
}

impl ListShape {
    /// Rows in `result` (or in `result[rows]`), read by `filter[>field]` and `order[field]`,
    /// the shape of most list methods (crm.*.list, tasks.task.list, crm.item.list).
    pub const fn filtered(rows: Option<&'static str>, id: &'static str, field: &'static str) -> ListShape {
        let rows = match rows {
            Some(key) => Some(Cow::Borrowed(key)),
            None => None,
        };
        ListShape {
            rows,
            id: Cow::Borrowed(id),
            cursor: ListCursor::Filter {
                filter: Cow::Borrowed("filter"),
                field: Cow::Borrowed(field),
                order: Order::Object(Cow::Borrowed("order")),
            },
        }
    }

    /// Rows in `result[rows]`, read by a parameter that asks for the rows after an id, oldest
    /// first, pages of 50 set by the `size` parameter (im.dialog.messages.get).
    pub const fn after(
        rows: &'static str,
        id: &'static str,
        param: &'static str,
        size: &'static str,
    ) -> ListShape {
        ListShape {
            rows: Some(Cow::Borrowed(rows)),
            id: Cow::Borrowed(id),
            cursor: ListCursor::After { param: Cow::Borrowed(param), size: Cow::Borrowed(size) },
        }
    }

    /// Rows in `result`, read by offsets only (`start=N`): a method that cannot filter by id
    /// (department.get, the disk's children), its order where `order` says.
    pub const fn offsets(id: &'static str, order: Order) -> ListShape {
        ListShape { rows: None, id: Cow::Borrowed(id), cursor: ListCursor::Offsets { order } }
    }

    /// The shape of a REST list method this library knows by name.
    pub fn known(method: &str) -> Option<ListShape> {
        const CRM: ListShape = ListShape::filtered(None, "ID", "ID");
        const TOP: Order = Order::SORT_ORDER;
        let method = method.trim().to_ascii_lowercase();
        Some(match method.as_str() {
            "crm.item.list" => ListShape::filtered(Some("items"), "id", "id"),
            "tasks.task.list" => ListShape::filtered(Some("tasks"), "id", "ID"),
            "user.get" => ListShape {
                rows: None,
                id: "ID".into(),
                cursor: ListCursor::Filter { filter: "FILTER".into(), field: "ID".into(), order: TOP },
            },
            // Its filter is its top-level fields, without operators: offsets only.
            "department.get" | "user.search" => ListShape::offsets("ID", TOP),
            "disk.folder.getchildren" | "disk.storage.getchildren" | "disk.storage.getlist" => {
                ListShape::offsets("ID", Order::OBJECT)
            }
            "im.dialog.messages.get" => ListShape::after("messages", "id", "FIRST_ID", "LIMIT"),
            crm if crm.starts_with("crm.") && crm.ends_with(".list") => CRM,
            _ => return None,
        })
    }

    /// A shape the caller describes: `{"rows": "tasks", "id": "id", "filter": "filter",
    /// "field": "ID", "order": "order"}`; `"order": {"sort": "SORT", "direction": "ORDER"}`
    /// for the top-level pair; `"filter": null` (or absent) when the method cannot filter by
    /// id, which reads by offsets. The reason, when it is not one.
    pub fn from_json(value: &Value) -> Result<ListShape, String> {
        let Value::Object(map) = value else { return Err("must be an object".into()) };
        for key in map.keys() {
            if !["rows", "id", "filter", "field", "order"].contains(&key.as_str()) {
                return Err(format!("has an unknown key '{key}' (rows, id, filter, field, order)"));
            }
        }
        let text = |key: &str| match map.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
            Some(Value::String(text)) => Ok(Some(Cow::Owned(text.trim().to_string()))),
            Some(_) => Err(format!("{key} must be a text")),
        };
        let id: Text = text("id")?.ok_or("needs id: the id's key in a row")?;
        let order = match map.get("order") {
            Some(Value::Object(pair)) => {
                let part = |key: &str| {
                    pair.get(key)
                        .and_then(Value::as_str)
                        .map(|text| Cow::Owned(text.to_string()))
                        .ok_or(format!("order needs {key}"))
                };
                Order::TopLevel { sort: part("sort")?, direction: part("direction")? }
            }
            _ => Order::Object(text("order")?.unwrap_or(Cow::Borrowed("order"))),
        };
        let cursor = match text("filter")? {
            Some(filter) => {
                let field = text("field")?.unwrap_or_else(|| id.clone());
                ListCursor::Filter { filter, field, order }
            }
            None => ListCursor::Offsets { order },
        };
        Ok(ListShape { rows: text("rows")?, id, cursor })
    }

    /// The rows of one call's `result`, if it has them where the shape says.
    fn rows_of<'v>(&self, result: &'v Value) -> Option<&'v Vec<Value>> {
        match &self.rows {
            None => result.as_array(),
            Some(key) => result.get(key.as_ref())?.as_array(),
        }
    }

    fn order(&self) -> Option<&Order> {
        match &self.cursor {
            ListCursor::Filter { order, .. } | ListCursor::Offsets { order } => Some(order),
            ListCursor::After { .. } => None,
        }
    }
}

/// Where a read stands: what `next` carries from one call (or process) to the next.
#[derive(Debug, Clone, PartialEq)]
pub enum Position {
    /// By id: the last id given, `None` before the first.
    After(Option<String>),
    /// By offset: the next `start`.
    Offset(u64),
}

impl Position {
    /// The text of `next`: the method, so that it is not taken for another list's, and where.
    pub fn to_text(&self, method: &str) -> String {
        match self {
            Position::After(after) => json!({"method": method, "after": after}),
            Position::Offset(start) => json!({"method": method, "start": start}),
        }
        .to_string()
    }

    /// Reads a `cursor` given back; the reason when it is not one of `method`'s.
    pub fn from_text(text: &str, method: &str) -> Result<Position, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|_| "is not a `next` this function gave".to_string())?;
        if !value["method"].as_str().is_some_and(|m| m.eq_ignore_ascii_case(method)) {
            return Err(format!("is the `next` of another list than {method}'s"));
        }
        match (value.get("after"), value.get("start").and_then(Value::as_u64)) {
            (Some(Value::String(after)), _) => Ok(Position::After(Some(after.clone()))),
            (Some(Value::Null), _) => Ok(Position::After(None)),
            (None, Some(start)) => Ok(Position::Offset(start)),
            _ => Err("is not a `next` this function gave".into()),
        }
    }
}

/// One read: the method, the caller's fields (their filter and order), and where to start.
pub struct Read<'a> {
    pub session: &'a Session,
    pub method: &'a str,
    pub fields: Map<String, Value>,
    pub shape: &'a ListShape,
    pub from: Option<Position>,
    /// At most this many rows; `None`: the whole list.
    pub limit: Option<u64>,
}

/// How a read ended.
#[derive(Debug)]
pub struct Outcome {
    pub rows: u64,
    pub requests: u64,
    /// Where to go on from; `None` once the list is read.
    pub next: Option<Position>,
    /// The error that ended the read early (the portal's, or the library's), as its answer.
    pub failure: Option<Map<String, Value>>,
}

/// Reads the list, handing each row to `out` in order, each once.
pub fn read(read: Read<'_>, out: &mut dyn FnMut(&Value) -> std::io::Result<()>) -> Outcome {
    let mut reader = Reader { read, out, rows: 0, requests: 0 };
    let by_id = reader.reads_by_id();
    let from = reader.read.from.clone();
    let ended = match (by_id, from) {
        (true, None) => reader.by_id(None),
        (true, Some(Position::After(after))) => reader.by_id(after),
        (false, None) => reader.by_offset(0),
        (false, Some(Position::Offset(start))) => reader.by_offset(start),
        (_, Some(_)) => Err(Stop::new(
            Error::invalid("cursor", "was given by a read of another order; call with the same params"),
            None,
        )),
    };
    let (next, failure) = match ended {
        Ok(next) => (next, None),
        Err(stop) => (stop.next, Some(stop.answer)),
    };
    Outcome { rows: reader.rows, requests: reader.requests, next, failure }
}

/// Why a read ended early, and where to go on from (none after a stall: it would stall again).
struct Stop {
    answer: Map<String, Value>,
    next: Option<Position>,
}

impl Stop {
    fn new(error: Error, next: Option<Position>) -> Stop {
        let answer = serde_json::from_str(&error.to_json()).unwrap_or_default();
        Stop { answer, next }
    }
}

struct Reader<'a, 'o> {
    read: Read<'a>,
    out: &'o mut dyn FnMut(&Value) -> std::io::Result<()>,
    rows: u64,
    requests: u64,
}

impl Reader<'_, '_> {
    /// By id unless the method cannot, or the caller orders by something else.
    fn reads_by_id(&self) -> bool {
        let (field, order) = match &self.read.shape.cursor {
            ListCursor::Filter { field, order, .. } => (field, order),
            ListCursor::After { .. } => return true,
            ListCursor::Offsets { .. } => return false,
        };
        let ascending = |direction: Option<&Value>| {
            direction.is_none_or(|d| d.as_str().is_some_and(|d| d.trim().eq_ignore_ascii_case("ASC")))
        };
        match order {
            Order::Object(key) => match last(&self.read.fields, key) {
                None | Some(Value::Null) => true,
                Some(Value::Array(items)) => items.is_empty(),
                Some(Value::String(text)) => text.is_empty(),
                Some(Value::Object(order)) => order
                    .iter()
                    .all(|(name, direction)| name.eq_ignore_ascii_case(field) && ascending(Some(direction))),
                Some(_) => false,
            },
            Order::TopLevel { sort, direction } => {
                last(&self.read.fields, sort)
                    .is_none_or(|s| s.as_str().is_some_and(|s| s.eq_ignore_ascii_case(field)))
                    && ascending(last(&self.read.fields, direction))
            }
        }
    }

    fn limit_left(&self) -> u64 {
        self.read.limit.map_or(u64::MAX, |limit| limit.saturating_sub(self.rows))
    }

    /// The caller's fields without `start` and the order, with ours: by `field` ascending.
    fn base_fields(&self, field: Option<&str>) -> Map<String, Value> {
        let mut fields = self.read.fields.clone();
        remove(&mut fields, "start");
        if let (Some(order), Some(field)) = (self.read.shape.order(), field) {
            match order {
                Order::Object(key) => {
                    remove(&mut fields, key);
                    fields.insert(key.to_string(), json!({ field: "ASC" }));
                }
                Order::TopLevel { sort, direction } => {
                    remove(&mut fields, sort);
                    remove(&mut fields, direction);
                    fields.insert(sort.to_string(), json!(field));
                    fields.insert(direction.to_string(), json!("ASC"));
                }
            }
        }
        fields
    }

    /// Batches of up to 50 calls, each asking for the rows after the last row of the one before.
    fn by_id(&mut self, mut after: Option<String>) -> Result<Option<Position>, Stop> {
        let shape = self.read.shape;
        let (mut fields, cursor_at): (Map<String, Value>, Vec<String>) = match &shape.cursor {
            ListCursor::Filter { filter, field, .. } => {
                let mut fields = self.base_fields(Some(field));
                fields.insert("start".into(), json!(-1));
                let mut conditions = match remove(&mut fields, filter) {
                    Some(Value::Object(conditions)) => conditions,
                    _ => Map::new(),
                };
                let key = format!(">{field}");
                // The caller's own lower bound is where the read starts.
                if let Some(given) = remove(&mut conditions, &key) {
                    after = after.or_else(|| id_text(&given));
                }
                fields.insert(filter.to_string(), Value::Object(conditions));
                (fields, vec![filter.to_string(), key])
            }
            ListCursor::After { param, size } => {
                let mut fields = self.read.fields.clone();
                if let Some(given) = remove(&mut fields, param) {
                    after = after.or_else(|| id_text(&given).filter(|id| id != "0"));
                }
                remove(&mut fields, size);
                fields.insert(size.to_string(), json!(PAGE));
                (fields, vec![param.to_string()])
            }
            ListCursor::Offsets { .. } => return Err(Stop::new(Error::Internal, None)),
        };
        let mut reference = Vec::new();
        reference.extend(shape.rows.iter().map(|key| key.to_string()));
        reference.extend([(PAGE - 1).to_string(), shape.id.to_string()]);
        loop {
            let left = self.limit_left();
            if left == 0 {
                return Ok(Some(Position::After(after)));
            }
            let count = (left.div_ceil(PAGE as u64)).min(MAX_COMMANDS as u64) as usize;
            let first_after = match (&after, &shape.cursor) {
                (Some(id), _) => Some(json!(id)),
                (None, ListCursor::After { .. }) => Some(json!(0)),
                (None, _) => None,
            };
            set_path(&mut fields, &cursor_at, first_after);
            // An empty filter has no query form; the references of the later calls make theirs.
            if cursor_at.len() > 1
                && fields.get(&cursor_at[0]).is_some_and(|f| f.as_object().is_some_and(Map::is_empty))
            {
                fields.shift_remove(&cursor_at[0]);
            }
            let commands: Vec<Command> = (0..count)
                .map(|index| Command {
                    request: Request::read(self.read.method, fields.clone()),
                    references: match index {
                        0 => Vec::new(),
                        _ => vec![Reference {
                            field: cursor_at.clone(),
                            command: index - 1,
                            result: reference.clone(),
                        }],
                    },
                })
                .collect();
            let here = Position::After(after.clone());
            let items = self.send(&commands, &here)?;
            for item in items {
                let rows = self.rows_of(&item, &here_of(&after))?;
                let full = rows.len() >= PAGE;
                for row in rows {
                    let Some(id) = row.get(shape.id.as_ref()).and_then(id_text) else {
                        return Err(self.no_id(&after));
                    };
                    if after.as_deref().is_some_and(|last| !greater(&id, last)) {
                        return Err(Stop::new(
                            Error::ListStalled(format!(
                                "{} answered row {id} again after row {}: it ignores the cursor; {} rows were read",
                                self.read.method,
                                after.as_deref().unwrap_or_default(),
                                self.rows
                            )),
                            None,
                        ));
                    }
                    if self.limit_left() == 0 {
                        return Ok(Some(Position::After(after)));
                    }
                    self.give(row, Position::After(after.clone()))?;
                    after = Some(id);
                }
                if !full {
                    // The list ends here; later calls of the batch read from an unresolved
                    // reference and are not looked at.
                    return Ok(None);
                }
            }
        }
    }

    /// A first call for the total, then batches of `start=N` calls; rows whose id was given
    /// already (rows that moved while the list was read) are dropped. `start` may fall inside
    /// a page: the portal starts there.
    fn by_offset(&mut self, mut start: u64) -> Result<Option<Position>, Stop> {
        let mut fields = self.base_fields(None);
        let mut given: HashSet<String> = HashSet::new();
        let mut total: Option<u64> = None;
        loop {
            let left = self.limit_left();
            if left == 0 {
                return Ok(Some(Position::Offset(start)));
            }
            let count = match total {
                None => 1,
                Some(total) if start >= total => return Ok(None),
                Some(total) => (total - start).div_ceil(PAGE as u64).min(left.div_ceil(PAGE as u64)),
            }
            .min(MAX_COMMANDS as u64);
            let commands: Vec<Command> = (0..count)
                .map(|index| {
                    fields.insert("start".into(), json!(start + index * PAGE as u64));
                    Command::from(Request::read(self.read.method, fields.clone()))
                })
                .collect();
            let items = if total.is_none() {
                // One plain call: its `total` says how many calls the batches hold.
                self.requests += 1;
                self.read.session.renew_deadline();
                match self.read.session.send(&commands[0].request) {
                    Ok(answer) => vec![answer.json()],
                    Err(error) => return Err(Stop::new(error, Some(Position::Offset(start)))),
                }
            } else {
                self.send(&commands, &Position::Offset(start))?
            };
            for item in items {
                let rows = self.rows_of(&item, &Position::Offset(start))?;
                // A method that does not count is read a page at a time to its end.
                total = Some(item.get("total").and_then(Value::as_u64).unwrap_or(u64::MAX));
                let mut new = 0;
                for (index, row) in rows.iter().enumerate() {
                    let here = Position::Offset(start + index as u64);
                    let Some(id) = row.get(self.read.shape.id.as_ref()).and_then(id_text) else {
                        return Err(Stop::new(
                            no_id_error(self.read.method, &self.read.shape.id),
                            Some(here),
                        ));
                    };
                    if given.contains(&id) {
                        continue;
                    }
                    if self.limit_left() == 0 {
                        return Ok(Some(here));
                    }
                    self.give(row, here)?;
                    given.insert(id);
                    new += 1;
                }
                let full = rows.len() >= PAGE;
                if full && new == 0 {
                    return Err(Stop::new(
                        Error::ListStalled(format!(
                            "{} answered at start={start} only rows it had given: it ignores start; {} rows were read",
                            self.read.method, self.rows
                        )),
                        None,
                    ));
                }
                start += rows.len() as u64;
                if !full {
                    return Ok(None);
                }
            }
        }
    }

    /// One request of a batch; its items, or the stop at `here` when the batch failed as a
    /// whole.
    fn send(&mut self, commands: &[Command], here: &Position) -> Result<Vec<Value>, Stop> {
        self.requests += 1;
        // A long read is many requests: each has the call's timeout, not a share of it.
        self.read.session.renew_deadline();
        batch::run(self.read.session, commands, false).map_err(|(_, why)| {
            self.requests -= 1;
            Stop::new(
                Error::invalid("params", format!("cannot be sent in a batch: {why}")),
                Some(here.clone()),
            )
        })
    }

    /// The rows of one call's answer, or the stop at `here` when it is an error or has none.
    fn rows_of<'v>(&self, item: &'v Value, here: &Position) -> Result<&'v Vec<Value>, Stop> {
        if let Some(Value::Object(error)) = item.get("error").map(|_| item) {
            let mut answer = error.clone();
            answer.retain(|key, _| key == "error" || key == "error_description" || key == "parameter");
            return Err(Stop { answer, next: Some(here.clone()) });
        }
        let rows = item.get("result").and_then(|result| self.read.shape.rows_of(result));
        rows.ok_or_else(|| {
            let place =
                self.read.shape.rows.as_deref().map_or("result".to_string(), |key| format!("result.{key}"));
            Stop::new(
                Error::UnexpectedAnswer(format!("{} answered no rows at {place}", self.read.method)),
                Some(here.clone()),
            )
        })
    }

    /// Hands a row out; `here` is where the read goes on from if it cannot be.
    fn give(&mut self, row: &Value, here: Position) -> Result<(), Stop> {
        (self.out)(row).map_err(|error| {
            Stop::new(Error::invalid("file", format!("could not be written: {}", error.kind())), Some(here))
        })?;
        self.rows += 1;
        Ok(())
    }

    fn no_id(&self, after: &Option<String>) -> Stop {
        Stop::new(no_id_error(self.read.method, &self.read.shape.id), Some(Position::After(after.clone())))
    }
}

fn here_of(after: &Option<String>) -> Position {
    Position::After(after.clone())
}

fn no_id_error(method: &str, id: &str) -> Error {
    Error::UnexpectedAnswer(format!("{method} answered a row without its id '{id}'"))
}

/// An id as text: `"12"` and `12` are the same id.
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.trim().is_empty() => Some(text.trim().to_string()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// Whether id `a` comes after id `b`: by number when both are numbers, else as text.
fn greater(a: &str, b: &str) -> bool {
    match (a.parse::<u64>(), b.parse::<u64>()) {
        (Ok(a), Ok(b)) => a > b,
        _ => a > b,
    }
}

/// The last parameter of that name in any case (the portal folds case; the last one counts).
fn last<'m>(fields: &'m Map<String, Value>, name: &str) -> Option<&'m Value> {
    fields.iter().rev().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value)
}

/// Removes every parameter of that name in any case; gives the one that counted.
fn remove(fields: &mut Map<String, Value>, name: &str) -> Option<Value> {
    let keys: Vec<String> = fields.keys().filter(|key| key.eq_ignore_ascii_case(name)).cloned().collect();
    keys.iter().filter_map(|key| fields.shift_remove(key)).last()
}

/// Sets (or, with `None`, removes) the value at a path of object keys.
fn set_path(fields: &mut Map<String, Value>, path: &[String], value: Option<Value>) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut object = fields;
    for step in parents {
        let inner = object.entry(step.clone()).or_insert_with(|| Value::Object(Map::new()));
        if !inner.is_object() {
            *inner = Value::Object(Map::new());
        }
        let Value::Object(inner) = inner else { return };
        object = inner;
    }
    match value {
        Some(value) => {
            object.insert(last.clone(), value);
        }
        None => {
            object.shift_remove(last);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_next_reads_back_for_its_own_method_only() {
        for position in [Position::After(Some("12".into())), Position::After(None), Position::Offset(150)] {
            let text = position.to_text("crm.deal.list");
            assert_eq!(Position::from_text(&text, "CRM.deal.list"), Ok(position));
            assert!(Position::from_text(&text, "crm.lead.list").is_err());
        }
        assert!(Position::from_text("12", "crm.deal.list").is_err());
    }

    #[test]
    fn known_methods_have_their_shapes() {
        assert_eq!(ListShape::known("crm.deal.list"), Some(ListShape::filtered(None, "ID", "ID")));
        assert_eq!(ListShape::known("tasks.task.list").unwrap().rows.as_deref(), Some("tasks"));
        assert_eq!(ListShape::known("crm.item.list").unwrap().id, "id");
        assert!(matches!(ListShape::known("department.get").unwrap().cursor, ListCursor::Offsets { .. }));
        assert!(ListShape::known("crm.deal.get").is_none());
        assert!(ListShape::known("lists.element.get").is_none());
    }

    #[test]
    fn a_callers_shape_is_read_or_refused_with_why() {
        let shape =
            ListShape::from_json(&json!({"rows": "items", "id": "id", "filter": "filter", "field": "ID"}))
                .unwrap();
        assert_eq!(shape.rows.as_deref(), Some("items"));
        assert!(matches!(shape.cursor, ListCursor::Filter { ref field, .. } if field == "ID"));
        let users = ListShape::from_json(
            &json!({"id": "ID", "filter": "FILTER", "order": {"sort": "SORT", "direction": "ORDER"}}),
        )
        .unwrap();
        assert_eq!(users, ListShape::known("user.get").unwrap());
        assert!(matches!(
            ListShape::from_json(&json!({"id": "ID"})).unwrap().cursor,
            ListCursor::Offsets { .. }
        ));
        assert!(ListShape::from_json(&json!({"rows": "x"})).unwrap_err().contains("id"));
        assert!(ListShape::from_json(&json!({"id": "ID", "row": "x"})).unwrap_err().contains("row"));
    }

    #[test]
    fn ids_compare_as_numbers() {
        assert!(greater("100", "99"));
        assert!(!greater("99", "99"));
        assert!(greater("b", "a"));
    }
}
