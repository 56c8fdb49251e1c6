//! CRM leads and deals (`crm.lead.*`, `crm.deal.*`) on the entity engine: add, get, update,
//! delete, list and fields. The portal answers their fields as text (`"ID": "12"`,
//! `"OPPORTUNITY": "0.00"`) whatever the caller sent, and says "Not found" with an empty code.

use serde_json::{json, Map, Value};

use super::{err, param, Answer, ApiError, Ctx};
use crate::sandbox::clock;
use crate::sandbox::entity::{id_of, Family, Query};

/// CRM records: upper-case keys, ids as text, rows straight in `result`.
pub(crate) const CRM: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };

/// The two CRM entities and what a new record of each has unless the caller says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entity {
    Lead,
    Deal,
}

impl Entity {
    /// The entity behind a method name such as `crm.deal.list`, with the method's verb.
    pub fn of(method: &str) -> Option<(Entity, &str)> {
        let rest = method.strip_prefix("crm.")?;
        let (entity, verb) = rest.split_once('.')?;
        match entity {
            "lead" => Some((Entity::Lead, verb)),
            "deal" => Some((Entity::Deal, verb)),
            _ => None,
        }
    }

    /// The engine table's name in the store.
    pub fn table(self) -> &'static str {
        match self {
            Entity::Lead => "crm.lead",
            Entity::Deal => "crm.deal",
        }
    }

    /// The entity in its events' names: ONCRMDEALUPDATE.
    fn event_name(self) -> &'static str {
        match self {
            Entity::Lead => "LEAD",
            Entity::Deal => "DEAL",
        }
    }

    /// Defaults of a new record, as a portal fills them in.
    fn defaults(self) -> Value {
        match self {
            Entity::Lead => json!({"TITLE": "", "NAME": null, "LAST_NAME": null, "STATUS_ID": "NEW",
                "OPPORTUNITY": "0.00", "CURRENCY_ID": "USD", "OPENED": "Y", "HAS_EMAIL": "N", "HAS_PHONE": "N"}),
            Entity::Deal => json!({"TITLE": "", "TYPE_ID": "SALE", "STAGE_ID": "NEW", "CATEGORY_ID": "0",
                "OPPORTUNITY": "0.00", "CURRENCY_ID": "USD", "OPENED": "Y", "CLOSED": "N", "CONTACT_ID": null,
                "COMPANY_ID": null}),
        }
    }

    fn fields_structure(self) -> Value {
        let field = |kind: &str, title: &str, read_only: bool| {
            json!({"type": kind, "isRequired": false, "isReadOnly": read_only, "isImmutable": false,
                   "isMultiple": false, "isDynamic": false, "title": title})
        };
        let mut fields = Map::new();
        fields.insert("ID".into(), field("integer", "ID", true));
        fields.insert("TITLE".into(), field("string", "Title", false));
        let status = if self == Entity::Lead { "STATUS_ID" } else { "STAGE_ID" };
        fields.insert(status.into(), field("crm_status", "Status", false));
        fields.insert("OPPORTUNITY".into(), field("double", "Amount", false));
        fields.insert("CURRENCY_ID".into(), field("crm_currency", "Currency", false));
        fields.insert("ASSIGNED_BY_ID".into(), field("user", "Responsible", false));
        fields.insert("DATE_CREATE".into(), field("datetime", "Created", true));
        fields.insert("DATE_MODIFY".into(), field("datetime", "Modified", true));
        Value::Object(fields)
    }
}

fn not_found() -> ApiError {
    err(400, "", "Not found")
}

/// `fields` of add and update: an object whose scalar values are stored as the portal's text.
fn given_fields(fields: &Value) -> Result<Map<String, Value>, ApiError> {
    match param(fields, "fields") {
        Some(Value::Object(map)) => {
            Ok(map.iter().map(|(key, value)| (key.to_ascii_uppercase(), as_text(value))).collect())
        }
        _ => Err(err(400, "", "Parameter 'fields' must be array.")),
    }
}

fn as_text(value: &Value) -> Value {
    match value {
        Value::Number(number) => Value::String(number.to_string()),
        Value::Bool(flag) => Value::String(if *flag { "Y" } else { "N" }.into()),
        other => other.clone(),
    }
}

fn record_id(fields: &Value) -> Result<u64, ApiError> {
    id_of(param(fields, "id")).ok_or_else(|| err(400, "", "ID is not defined or invalid."))
}

/// Routes `crm.lead.*` and `crm.deal.*`; None for a method of another family.
pub(super) fn route(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let (entity, verb) = Entity::of(method)?;
    call(ctx, entity, verb, fields)
}

fn call(ctx: &Ctx, entity: Entity, verb: &str, fields: &Value) -> Option<Answer> {
    let now = clock::iso8601_utc(ctx.now_secs());
    let mut store = ctx.store();
    let table = store.entities.entry(entity.table()).or_default();
    let outcome = match verb {
        "add" => (|| {
            let given = given_fields(fields)?;
            let mut record = entity.defaults().as_object().cloned().unwrap_or_default();
            record.insert("ASSIGNED_BY_ID".into(), json!(ctx.caller.to_string()));
            record.insert("CREATED_BY_ID".into(), json!(ctx.caller.to_string()));
            record.insert("DATE_CREATE".into(), json!(now));
            record.insert("DATE_MODIFY".into(), json!(now));
            record.extend(given);
            Ok(json!(table.add(&CRM, record)).into())
        })(),
        "get" => record_id(fields)
            .and_then(|id| table.get(id).cloned().ok_or_else(not_found))
            .map(|record| Value::Object(record).into()),
        "update" => (|| {
            let id = record_id(fields)?;
            let mut given = given_fields(fields)?;
            given.insert("DATE_MODIFY".into(), json!(now));
            given.insert("MODIFY_BY_ID".into(), json!(ctx.caller.to_string()));
            if !table.update(&CRM, id, given) {
                return Err(not_found());
            }
            Ok(json!(true).into())
        })(),
        "delete" => record_id(fields).and_then(|id| {
            if table.delete(id) {
                Ok(json!(true).into())
            } else {
                Err(not_found())
            }
        }),
        "list" => Query::read(fields).map(|query| CRM.page_answer(table.list(&query))),
        "fields" => Ok(entity.fields_structure().into()),
        _ => return None,
    };
    // A change feeds the offline queue, as the portal's entity events do.
    if let (Ok(done), "add" | "update" | "delete") = (&outcome, verb) {
        let id = if verb == "add" { id_of(Some(&done.result)) } else { record_id(fields).ok() };
        if let Some(id) = id {
            let event = format!("ONCRM{}{}", entity.event_name(), verb.to_ascii_uppercase());
            let source = param(fields, "auth_connector").and_then(Value::as_str);
            super::events::record_change(&mut store, &event, id, source, ctx.now_secs());
        }
    }
    Some(outcome)
}
