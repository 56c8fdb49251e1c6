//! The sandbox's entity engine: records with ids and fields, and the portal's add, get, update,
//! delete and list semantics, written once for every family of CRUD methods (CRM leads and
//! deals, tasks, checklists, calendars, ...). A family only says how its records look to the
//! caller (the id's key, where a list's rows sit); what is not CRUD (task status transitions,
//! the work day, kanban moves) stays in the family's own module.
//!
//! Lists answer as the portal does: 50 rows a page, `filter` with the portal's key operators
//! (`>ID`, `!STATUS`, `%TITLE`, an array for "any of"), `order`, `select`, `start`, and
//! `start=-1` for a page without counting (no `total`, no `next`). Keys are matched the portal's
//! way: without regard to case or underscores, so the filter's `RESPONSIBLE_ID` finds a task's
//! `responsibleId`, and when a parameter is given twice in different cases the last one wins.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::methods::{err, ApiError, Done};

/// Rows a list method answers at most.
pub(crate) const PAGE: u64 = 50;

/// How a family's records look to the caller.
#[derive(Debug)]
pub(crate) struct Family {
    /// The id's key in a record: `ID` (CRM, users) or `id` (tasks).
    pub id_key: &'static str,
    /// Where a list's rows sit in `result`: `None` for `result` itself, `Some("tasks")` for
    /// `result.tasks`.
    pub rows_key: Option<&'static str>,
    /// Whether ids are answered as text, as CRM answers `"ID": "12"`.
    pub ids_as_text: bool,
}

impl Family {
    pub fn id_value(&self, id: u64) -> Value {
        if self.ids_as_text {
            Value::String(id.to_string())
        } else {
            Value::from(id)
        }
    }

    /// A list's answer: the page's rows where the family puts them, with `next` and `total`.
    pub fn page_answer(&self, page: Page) -> Done {
        let rows = Value::Array(page.rows);
        let result = match self.rows_key {
            Some(key) => Value::Object(Map::from_iter([(key.to_string(), rows)])),
            None => rows,
        };
        Done { result, total: page.total, next: page.next }
    }
}

/// One family's records by id, in id order.
#[derive(Debug, Default)]
pub(crate) struct Table {
    rows: BTreeMap<u64, Map<String, Value>>,
    last_id: u64,
}

impl Table {
    /// Stores a new record with the next id (ids are never reused, as the portal's are not).
    pub fn add(&mut self, family: &Family, fields: Map<String, Value>) -> u64 {
        self.last_id += 1;
        let id = self.last_id;
        let mut record = Map::new();
        record.insert(family.id_key.to_string(), family.id_value(id));
        for (key, value) in fields {
            if !same_key(&key, family.id_key) {
                record.insert(key, value);
            }
        }
        self.rows.insert(id, record);
        id
    }

    pub fn get(&self, id: u64) -> Option<&Map<String, Value>> {
        self.rows.get(&id)
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut Map<String, Value>> {
        self.rows.get_mut(&id)
    }

    /// Stores a record under an id the family chose (one record per user, say).
    pub fn put(&mut self, family: &Family, id: u64, fields: Map<String, Value>) {
        let mut record = Map::new();
        record.insert(family.id_key.to_string(), family.id_value(id));
        record.extend(fields.into_iter().filter(|(key, _)| !same_key(key, family.id_key)));
        self.rows.insert(id, record);
        self.last_id = self.last_id.max(id);
    }

    /// The records, in id order.
    pub fn records(&self) -> impl Iterator<Item = &Map<String, Value>> {
        self.rows.values()
    }

    /// Sets the given fields (a key given in another case replaces the stored one); the id
    /// cannot be changed. False when there is no such record.
    pub fn update(&mut self, family: &Family, id: u64, fields: Map<String, Value>) -> bool {
        let Some(record) = self.rows.get_mut(&id) else { return false };
        for (key, value) in fields {
            if same_key(&key, family.id_key) {
                continue;
            }
            let stored = record.keys().find(|stored| same_key(stored, &key)).cloned();
            record.insert(stored.unwrap_or(key), value);
        }
        true
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn delete(&mut self, id: u64) -> bool {
        self.rows.remove(&id).is_some()
    }

    /// Forgets every record; ids go on from where they were.
    pub fn clear(&mut self) {
        self.rows.clear();
    }

    /// One page of the records that pass `query`, as the portal pages them.
    pub fn list(&self, query: &Query) -> Page {
        self.in_id_order(query).unwrap_or_else(|| self.list_of(self.rows.values(), query))
    }

    /// The same page as the scan gives, the quick way, for a read in id order without a count
    /// (how whole lists are read: `>ID`, order by ID, `start=-1`): from the lower bound on, the
    /// first 50 records that pass. `None` for any other query.
    fn in_id_order(&self, query: &Query) -> Option<Page> {
        if query.start.is_some()
            || !query.order.iter().all(|(field, descending)| !descending && same_key(field, "ID"))
        {
            return None;
        }
        let mut low = 0;
        for condition in query.filter.iter().filter(|condition| same_key(&condition.field, "ID")) {
            let bound = || match condition.values.as_slice() {
                [value] => id_of(Some(value)).or_else(|| (text_of(Some(value)).trim() == "0").then_some(0)),
                _ => None,
            };
            match condition.operator {
                Operator::Greater => low = low.max(bound()? + 1),
                Operator::GreaterOrEqual => low = low.max(bound()?),
                _ => {}
            }
        }
        let rows = self
            .rows
            .range(low..)
            .map(|(_, record)| record)
            .filter(|record| query.filter.iter().all(|condition| condition.holds(record)))
            .take(PAGE as usize)
            .map(|record| Value::Object(query.selected(record)))
            .collect();
        Some(Page { rows, next: None, total: None })
    }

    /// One page of `records` (any subset a family picked, e.g. one task's checklist).
    pub fn list_of<'r>(&self, records: impl Iterator<Item = &'r Map<String, Value>>, query: &Query) -> Page {
        page(records, query)
    }
}

/// One page of `records` that pass `query`, as the portal pages them: for families whose
/// records live outside a table (the im users, say) as for a table's own.
pub(crate) fn page<'r>(records: impl Iterator<Item = &'r Map<String, Value>>, query: &Query) -> Page {
    let mut chosen: Vec<&Map<String, Value>> =
        records.filter(|record| query.filter.iter().all(|condition| condition.holds(record))).collect();
    if !query.order.is_empty() {
        // A stable sort keeps id order among equal keys, as the portal's secondary order.
        chosen.sort_by(|a, b| {
            query
                .order
                .iter()
                .map(|(field, descending)| {
                    let ordering = compare(field_of(a, field), field_of(b, field));
                    if *descending {
                        ordering.reverse()
                    } else {
                        ordering
                    }
                })
                .find(|ordering| ordering.is_ne())
                .unwrap_or(Ordering::Equal)
        });
    }
    let count = chosen.len() as u64;
    let start = query.start.unwrap_or(0);
    let rows: Vec<Value> = chosen
        .into_iter()
        .skip(start as usize)
        .take(PAGE as usize)
        .map(|record| Value::Object(query.selected(record)))
        .collect();
    match query.start {
        None => Page { rows, next: None, total: None },
        Some(start) => {
            let next = (start + PAGE < count).then_some(start + PAGE);
            Page { rows, next, total: Some(count) }
        }
    }
}

/// A page of a list.
#[derive(Debug)]
pub(crate) struct Page {
    pub rows: Vec<Value>,
    pub next: Option<u64>,
    pub total: Option<u64>,
}

/// What a list call asks for.
#[derive(Debug, Default)]
pub(crate) struct Query {
    pub filter: Vec<Condition>,
    /// (field, descending), in priority order.
    pub order: Vec<(String, bool)>,
    /// Empty: every field.
    pub select: Vec<String>,
    /// `None` for `start=-1`: no count.
    pub start: Option<u64>,
}

impl Query {
    /// Reads `filter`, `order`, `select` and `start` from a list call's parameters, whatever
    /// their case (`FILTER`, `Order`); of a parameter given twice the last one counts.
    pub fn read(params: &Value) -> Result<Query, ApiError> {
        Query::read_from(params, params)
    }

    /// As `read`, with `filter`, `order` and `select` looked up in `inner` (some methods nest
    /// them, e.g. under `params`) and `start` at the top level.
    pub fn read_from(params: &Value, inner: &Value) -> Result<Query, ApiError> {
        let mut query = Query::default();
        if let Some(filter) = last(inner, "filter") {
            query.filter = conditions(filter)?;
        }
        if let Some(order) = last(inner, "order") {
            query.order = ordering(order)?;
        }
        if let Some(select) = last(inner, "select") {
            query.select = selection(select);
        }
        query.start = match last(params, "start") {
            None => Some(0),
            Some(value) => start(value)?,
        };
        Ok(query)
    }

    /// The record with only the selected fields; the id is always kept (`*` and an empty
    /// selection keep everything, `UF_*` every user field).
    fn selected(&self, record: &Map<String, Value>) -> Map<String, Value> {
        if self.select.is_empty() || self.select.iter().any(|field| field == "*") {
            return record.clone();
        }
        record
            .iter()
            .enumerate()
            .filter(|(index, (key, _))| {
                *index == 0
                    || self.select.iter().any(|field| {
                        same_key(field, key)
                            || (field.eq_ignore_ascii_case("UF_*")
                                && key.to_ascii_uppercase().starts_with("UF_"))
                    })
            })
            .map(|(_, (key, value))| (key.clone(), value.clone()))
            .collect()
    }
}

/// The last parameter named `name` in any case.
pub(crate) fn last<'v>(params: &'v Value, name: &str) -> Option<&'v Value> {
    params.as_object()?.iter().rev().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value)
}

fn start(value: &Value) -> Result<Option<u64>, ApiError> {
    let number = match value {
        Value::Number(number) => number.as_i64(),
        Value::String(text) if text.trim().is_empty() => Some(0),
        Value::String(text) => text.trim().parse::<i64>().ok(),
        Value::Null => Some(0),
        _ => None,
    };
    match number {
        Some(-1) => Ok(None),
        Some(n) => Ok(Some(n.max(0) as u64)),
        None => Err(err(400, "INVALID_ARG_VALUE", "Invalid value of start")),
    }
}

/// How a filter key compares its field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Operator {
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    /// `%`: the field contains the text, ignoring case.
    Like,
    /// `!%`: the field does not contain it.
    NotLike,
}

/// The portal's key prefixes, longest first so that `>=` is not read as `>`.
const PREFIXES: [(&str, Operator); 11] = [
    (">=", Operator::GreaterOrEqual),
    ("<=", Operator::LessOrEqual),
    ("!=", Operator::NotEqual),
    ("!%", Operator::NotLike),
    ("!@", Operator::NotEqual),
    ("=", Operator::Equal),
    ("@", Operator::Equal),
    ("!", Operator::NotEqual),
    (">", Operator::Greater),
    ("<", Operator::Less),
    ("%", Operator::Like),
];

/// One filter entry: `>ID: 10`, `STATUS_ID: ["NEW", "IN_PROCESS"]`.
#[derive(Debug, Clone)]
pub(crate) struct Condition {
    pub field: String,
    pub operator: Operator,
    /// An array is "any of" (for `!`, "none of").
    pub values: Vec<Value>,
}

impl Condition {
    pub fn parse(key: &str, value: &Value) -> Condition {
        let (operator, field) = PREFIXES
            .iter()
            .find_map(|(prefix, operator)| key.strip_prefix(prefix).map(|field| (*operator, field)))
            .unwrap_or((Operator::Equal, key));
        let values = match value {
            Value::Array(items) => items.clone(),
            // A form-encoded array arrives as an object keyed 0, 1, ...
            Value::Object(map) => map.values().cloned().collect(),
            single => vec![single.clone()],
        };
        Condition { field: field.trim().to_string(), operator, values }
    }

    pub fn holds(&self, record: &Map<String, Value>) -> bool {
        let field = field_of(record, &self.field);
        let any = |test: &dyn Fn(&Value) -> bool| self.values.iter().any(test);
        match self.operator {
            Operator::Equal => any(&|value| equal(field, value)),
            Operator::NotEqual => !any(&|value| equal(field, value)),
            Operator::Greater => any(&|value| compare(field, Some(value)).is_gt()),
            Operator::GreaterOrEqual => any(&|value| compare(field, Some(value)).is_ge()),
            Operator::Less => any(&|value| compare(field, Some(value)).is_lt()),
            Operator::LessOrEqual => any(&|value| compare(field, Some(value)).is_le()),
            Operator::Like => any(&|value| contains(field, value)),
            Operator::NotLike => !any(&|value| contains(field, value)),
        }
    }
}

fn conditions(filter: &Value) -> Result<Vec<Condition>, ApiError> {
    match filter {
        Value::Object(map) => Ok(map.iter().map(|(key, value)| Condition::parse(key, value)).collect()),
        Value::Array(items) if items.is_empty() => Ok(Vec::new()),
        Value::String(text) if text.is_empty() => Ok(Vec::new()),
        Value::Null => Ok(Vec::new()),
        _ => Err(err(400, "INVALID_ARG_VALUE", "Invalid value of filter")),
    }
}

fn ordering(order: &Value) -> Result<Vec<(String, bool)>, ApiError> {
    let Value::Object(map) = order else {
        return match order {
            Value::Array(items) if items.is_empty() => Ok(Vec::new()),
            Value::String(text) if text.is_empty() => Ok(Vec::new()),
            _ => Err(err(400, "INVALID_ARG_VALUE", "Invalid value of order")),
        };
    };
    map.iter()
        .map(|(field, direction)| {
            match direction.as_str().map(|d| d.trim().to_ascii_uppercase()).as_deref() {
                Some("ASC") => Ok((field.clone(), false)),
                Some("DESC") => Ok((field.clone(), true)),
                _ => Err(err(400, "INVALID_ARG_VALUE", "Invalid sort direction")),
            }
        })
        .collect()
}

fn selection(select: &Value) -> Vec<String> {
    let items: Vec<&Value> = match select {
        Value::Array(items) => items.iter().collect(),
        Value::Object(map) => map.values().collect(),
        single => vec![single],
    };
    items.into_iter().filter_map(Value::as_str).map(str::to_string).collect()
}

/// Whether two keys name the same field: case and underscores aside (`RESPONSIBLE_ID` and
/// `responsibleId`).
pub(crate) fn same_key(a: &str, b: &str) -> bool {
    let folded =
        |key: &str| key.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect::<String>();
    a.eq_ignore_ascii_case(b) || folded(a) == folded(b)
}

/// A record's field by a key in any of the portal's spellings.
pub(crate) fn field_of<'r>(record: &'r Map<String, Value>, field: &str) -> Option<&'r Value> {
    record.get(field).or_else(|| record.iter().find(|(key, _)| same_key(key, field)).map(|(_, value)| value))
}

/// A value as the text it compares by: numbers and texts as written, booleans as the portal's
/// Y/N, null and absent as "".
fn text_of(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(Value::Bool(true)) => "Y".into(),
        Some(Value::Bool(false)) => "N".into(),
        Some(other) => other.to_string(),
    }
}

fn number_of(text: &str) -> Option<f64> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.parse::<f64>().ok()).flatten().filter(|n| n.is_finite())
}

/// Numbers by value when both sides are numbers (`"12" > 9`), otherwise texts (ISO dates
/// compare rightly as text).
fn compare(a: Option<&Value>, b: Option<&Value>) -> Ordering {
    let (a, b) = (text_of(a), text_of(b));
    match (number_of(&a), number_of(&b)) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.cmp(&b),
    }
}

fn equal(field: Option<&Value>, value: &Value) -> bool {
    if let Some(Value::Array(items)) = field {
        // A multiple field matches when any of its values does.
        return items.iter().any(|item| compare(Some(item), Some(value)).is_eq());
    }
    compare(field, Some(value)).is_eq()
}

fn contains(field: Option<&Value>, value: &Value) -> bool {
    let needle = text_of(Some(value)).trim_matches('%').to_lowercase();
    text_of(field).to_lowercase().contains(&needle)
}

/// A positive id given as a number or as decimal text.
pub(crate) fn id_of(value: Option<&Value>) -> Option<u64> {
    let id = match value? {
        Value::Number(number) => number.as_u64()?,
        Value::String(text) => text.trim().parse().ok()?,
        _ => return None,
    };
    (id > 0).then_some(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const DEALS: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };
    const TASKS: Family = Family { id_key: "id", rows_key: Some("tasks"), ids_as_text: false };

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().unwrap().clone()
    }

    fn deals(count: u64) -> Table {
        let mut table = Table::default();
        for n in 1..=count {
            let stage = if n % 3 == 0 { "WON" } else { "NEW" };
            table.add(&DEALS, object(json!({"TITLE": format!("Deal {n}"), "STAGE_ID": stage, "OPPORTUNITY": format!("{}.00", n * 10)})));
        }
        table
    }

    fn ids(page: &Page) -> Vec<u64> {
        page.rows.iter().map(|row| id_of(row.get("ID").or(row.get("id"))).unwrap()).collect()
    }

    #[test]
    fn ids_are_given_in_order_and_never_reused() {
        let mut table = deals(3);
        assert!(table.delete(3));
        let id = table.add(&DEALS, object(json!({"ID": "99", "TITLE": "x"})));
        assert_eq!(id, 4);
        assert_eq!(table.get(4).unwrap()["ID"], json!("4"));
    }

    #[test]
    fn a_page_has_fifty_rows_with_next_and_total() {
        let table = deals(120);
        let first = table.list(&Query::read(&json!({})).unwrap());
        assert_eq!((first.rows.len(), first.next, first.total), (50, Some(50), Some(120)));
        let last = table.list(&Query::read(&json!({"start": "100"})).unwrap());
        assert_eq!((last.rows.len(), last.next, last.total), (20, None, Some(120)));
        assert_eq!(ids(&last)[0], 101);
    }

    #[test]
    fn start_minus_one_counts_nothing() {
        let table = deals(120);
        let page = table.list(
            &Query::read(&json!({"start": -1, "filter": {">ID": 60}, "order": {"ID": "ASC"}})).unwrap(),
        );
        assert_eq!((page.rows.len(), page.next, page.total), (50, None, None));
        assert_eq!(ids(&page)[0], 61);
    }

    #[test]
    fn a_read_in_id_order_is_the_scans_page() {
        let table = deals(300);
        for params in [
            json!({"start": -1, "filter": {">ID": 120}, "order": {"ID": "ASC"}}),
            json!({"start": -1, "filter": {">=ID": "120", "STAGE_ID": "WON"}}),
            json!({"start": -1, "filter": {">ID": "$result[c0][49][ID]"}, "order": {"ID": "ASC"}}),
            json!({"start": -1, "filter": {">ID": 0}}),
        ] {
            let query = Query::read(&params).unwrap();
            assert_eq!(
                ids(&table.in_id_order(&query).unwrap_or_else(|| table.list(&query))),
                ids(&table.list_of(table.records(), &query)),
                "{params}"
            );
        }
        assert!(
            table.in_id_order(&Query::read(&json!({"filter": {">ID": 1}})).unwrap()).is_none(),
            "a count"
        );
    }

    #[test]
    fn filters_take_the_portals_operators_and_any_of() {
        let table = deals(30);
        let query = |filter: Value| ids(&table.list(&Query::read(&json!({ "filter": filter })).unwrap()));
        assert_eq!(query(json!({"STAGE_ID": "WON", "<=ID": 9})), vec![3, 6, 9]);
        assert_eq!(query(json!({"!STAGE_ID": "NEW", ">ID": 24})), vec![27, 30]);
        assert_eq!(query(json!({"ID": [2, "5"]})), vec![2, 5]);
        assert_eq!(query(json!({">OPPORTUNITY": 280})), vec![29, 30]);
        assert_eq!(query(json!({"%TITLE": "deal 1"})).len(), 11);
        assert_eq!(query(json!({"@ID": {"0": "7", "1": "8"}})), vec![7, 8]);
    }

    #[test]
    fn order_and_select_shape_the_rows() {
        let table = deals(6);
        let page = table.list(
            &Query::read(&json!({"ORDER": {"STAGE_ID": "DESC", "ID": "DESC"}, "SELECT": ["TITLE"]})).unwrap(),
        );
        assert_eq!(ids(&page), vec![6, 3, 5, 4, 2, 1]);
        assert_eq!(page.rows[0], json!({"ID": "6", "TITLE": "Deal 6"}));
    }

    #[test]
    fn the_last_of_keys_in_different_cases_counts() {
        let table = deals(6);
        let page = table.list(&Query::read(&json!({"filter": {"ID": 1}, "FILTER": {"ID": 2}})).unwrap());
        assert_eq!(ids(&page), vec![2]);
    }

    #[test]
    fn camel_case_records_answer_upper_case_filters() {
        let mut table = Table::default();
        for responsible in [1, 2, 1] {
            table.add(&TASKS, object(json!({"title": "t", "responsibleId": responsible.to_string()})));
        }
        let page = table
            .list(&Query::read(&json!({"filter": {"RESPONSIBLE_ID": 1}, "order": {"ID": "desc"}})).unwrap());
        assert_eq!(ids(&page), vec![3, 1]);
        let done = TASKS.page_answer(page);
        assert_eq!(done.result["tasks"][0]["id"], json!(3));
    }

    #[test]
    fn updates_keep_the_stored_spelling_and_the_id() {
        let mut table = deals(1);
        assert!(table.update(&DEALS, 1, object(json!({"title": "Renamed", "ID": "7"}))));
        assert_eq!(table.get(1).unwrap()["TITLE"], json!("Renamed"));
        assert_eq!(table.get(1).unwrap()["ID"], json!("1"));
        assert!(!table.update(&DEALS, 2, Map::new()));
    }

    #[test]
    fn a_bad_order_or_start_is_the_portals_error() {
        assert!(Query::read(&json!({"order": {"ID": "UP"}})).is_err());
        assert!(Query::read(&json!({"start": "x"})).is_err());
    }
}
