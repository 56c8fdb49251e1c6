//! Departments (`department.*`) on the entity engine: a tree under the company's root
//! department (1, seeded), each with a head. A parent must exist and may not be the department
//! itself or one under it; a head must be a user. Deleting a department moves its children up
//! to its parent and takes it from its users; the root cannot be deleted.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::{err, param, positive_id, Answer, ApiError, Ctx};
use crate::sandbox::entity::{id_of, Family, Table};
use crate::sandbox::state::Store;

/// The engine table's name in the store.
pub(crate) const TABLE: &str = "department";

/// Departments: upper-case keys, ids as text, rows straight in `result`.
const DEPARTMENTS: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };

/// The root: the company itself, headed by the webhook's owner.
const ROOT: u64 = 1;

/// The keys a department has, and department.get filters by.
const KEYS: [&str; 5] = ["ID", "NAME", "SORT", "PARENT", "UF_HEAD"];

fn core_error(description: &str) -> ApiError {
    err(400, "ERROR_CORE", description)
}

fn not_found() -> ApiError {
    core_error("Department not found")
}

/// The table, with the root seeded on a fresh (or cleared) portal.
fn table(store: &mut Store) -> &mut Table {
    let table = store.entities.entry(TABLE).or_default();
    if table.len() == 0 {
        let root = json!({"NAME": "Company", "SORT": 500, "UF_HEAD": "1"});
        table.put(&DEPARTMENTS, ROOT, root.as_object().cloned().unwrap_or_default());
    }
    table
}

/// Each department's name by id, for user.search's UF_DEPARTMENT_NAME.
pub(super) fn names(store: &Store) -> BTreeMap<u64, String> {
    let Some(table) = store.entities.get(TABLE) else { return BTreeMap::new() };
    table
        .records()
        .filter_map(|record| {
            let name = record.get("NAME")?.as_str()?.to_string();
            Some((id_of(record.get("ID"))?, name))
        })
        .collect()
}

/// A department's parent, if it has one.
fn parent_of(table: &Table, id: u64) -> Option<u64> {
    id_of(table.get(id)?.get("PARENT"))
}

/// NAME, SORT, PARENT and UF_HEAD among the top-level parameters, checked against the tree
/// (`moving` is the department being changed, which may not go under itself).
fn given(store: &mut Store, fields: &Value, moving: Option<u64>) -> Result<Map<String, Value>, ApiError> {
    let mut record = Map::new();
    if let Some(name) = super::text(fields, "NAME") {
        if name.trim().is_empty() {
            return Err(core_error("Department name is empty"));
        }
        record.insert("NAME".into(), json!(name));
    }
    if let Some(sort) = param(fields, "SORT") {
        let sort = positive_id(sort).ok_or_else(|| core_error("Invalid SORT"))?;
        record.insert("SORT".into(), json!(sort));
    }
    if let Some(head) = param(fields, "UF_HEAD") {
        let head = positive_id(head).ok_or_else(|| core_error("Invalid UF_HEAD"))?;
        if !store.data.users.contains_key(&head) {
            return Err(core_error("The head is not a user of the portal"));
        }
        record.insert("UF_HEAD".into(), json!(head.to_string()));
    }
    if let Some(parent) = param(fields, "PARENT") {
        let parent = positive_id(parent).ok_or_else(|| core_error("Parent department not found"))?;
        let table = table(store);
        if table.get(parent).is_none() {
            return Err(core_error("Parent department not found"));
        }
        if let Some(moving) = moving {
            // Walk up from the new parent: meeting the department itself would make a loop.
            let mut at = Some(parent);
            while let Some(id) = at {
                if id == moving {
                    return Err(core_error("A department cannot be placed under itself"));
                }
                at = parent_of(table, id);
            }
        }
        record.insert("PARENT".into(), json!(parent.to_string()));
    }
    Ok(record)
}

fn department_id(fields: &Value) -> Result<u64, ApiError> {
    param(fields, "ID").and_then(positive_id).ok_or_else(not_found)
}

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let mut store = ctx.store();
    let store = &mut *store;
    Some(match method {
        "department.add" => (|| {
            let mut record = given(store, fields, None)?;
            if !record.contains_key("NAME") {
                return Err(core_error("Department name is empty"));
            }
            record.entry("SORT").or_insert(json!(500));
            record.entry("PARENT").or_insert(json!(ROOT.to_string()));
            // The portal's key order: ID, NAME, SORT, PARENT, UF_HEAD.
            let ordered: Map<String, Value> =
                KEYS.iter().filter_map(|key| Some((key.to_string(), record.remove(*key)?))).collect();
            Ok(json!(table(store).add(&DEPARTMENTS, ordered)).into())
        })(),
        "department.update" => (|| {
            let id = department_id(fields)?;
            if table(store).get(id).is_none() {
                return Err(not_found());
            }
            let changes = given(store, fields, Some(id))?;
            if id == ROOT && changes.contains_key("PARENT") {
                return Err(core_error("The root department has no parent"));
            }
            table(store).update(&DEPARTMENTS, id, changes);
            Ok(json!(true).into())
        })(),
        "department.delete" => (|| {
            let id = department_id(fields)?;
            let table = table(store);
            if table.get(id).is_none() {
                return Err(not_found());
            }
            let Some(parent) = parent_of(table, id) else {
                return Err(core_error("The root department cannot be deleted"));
            };
            let children: Vec<u64> = table
                .records()
                .filter(|r| id_of(r.get("PARENT")) == Some(id))
                .filter_map(|r| id_of(r.get("ID")))
                .collect();
            for child in children {
                let moved = json!({"PARENT": parent.to_string()});
                table.update(&DEPARTMENTS, child, moved.as_object().cloned().unwrap_or_default());
            }
            table.delete(id);
            for user in store.data.users.values_mut() {
                user.departments.retain(|department| *department != id);
            }
            Ok(json!(true).into())
        })(),
        "department.get" => (|| {
            // The fields are filters at the top level, as are `sort`, `order` and `START`.
            let mut params = Map::new();
            let mut filter = Map::new();
            for (key, value) in fields.as_object().into_iter().flatten() {
                if KEYS.iter().any(|k| k.eq_ignore_ascii_case(key)) {
                    filter.insert(key.to_ascii_uppercase(), value.clone());
                } else if !key.eq_ignore_ascii_case("auth") {
                    params.insert(key.clone(), value.clone());
                }
            }
            params.insert("FILTER".into(), Value::Object(filter));
            let query = super::users::sorted_query(&Value::Object(params), &[])?;
            let table = table(store);
            Ok(DEPARTMENTS.page_answer(table.list(&query)))
        })(),
        _ => return None,
    })
}
