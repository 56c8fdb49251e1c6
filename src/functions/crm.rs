//! CRM leads and deals (crm.lead.*, crm.deal.*): OPI's LeadsManagement and DealsManagement.
//! The two entities have the same seven functions; one macro writes both, so that a change
//! to one shape is a change to both.

use serde_json::Value;

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{answer, change, fields, list, read, read_by_get, Action, Function, Kind, EMPTY};
use crate::error::Result;
use crate::rest::list::ListShape;
use crate::rest::Payload;

const SECTION: &str = "CRM";

/// crm.lead.list and crm.deal.list: rows straight in `result`, `ID`, `filter` and `order`.
static CRM_LIST: ListShape = ListShape::filtered(None, "ID", "ID");

/// A structure of fields, nested under `fields` as OPI sends it.
const FIELDS: super::Param = required(
    "fields",
    "FieldsStructure",
    Kind::Object,
    "the record's fields, keys as in the Get…Structure answer",
);

const FILTER: super::Param = optional(
    "filter",
    "Filter",
    Kind::Object,
    "no filter",
    "filter by fields, keys as in the Get…FilterStructure answer; prefixes such as > < ! % in keys",
);

const OFFSET: super::Param =
    optional("offset", "Indent", Kind::Id, "0", "how many records to skip: pages are 50 records");

/// The seven functions of one CRM entity. `$key` is the CLI key of its id (`lead`, `deal`).
macro_rules! crm_entity {
    (
        rest: $rest:literal, key: $key:literal, id: $id:literal, one: $one:literal,
        create: ($create:literal, $create_ru:literal, $create_c:literal),
        delete: ($delete:literal, $delete_ru:literal, $delete_c:literal),
        get: ($get:literal, $get_ru:literal, $get_c:literal),
        list: ($list:literal, $list_ru:literal, $list_c:literal),
        update: ($update:literal, $update_ru:literal, $update_c:literal),
        structure: ($structure:literal, $structure_ru:literal, $structure_c:literal),
        filter: ($filter:literal, $filter_ru:literal, $filter_c:literal, $filter_fn:ident),
        example: $example:literal
    ) => {
        [
            Function {
                name: $create,
                name_ru: $create_ru,
                c_symbol: $create_c,
                section: SECTION,
                summary: concat!("Creates a ", $one, " from a structure of fields"),
                params: &[URL, FIELDS, TOKEN],
                action: change(concat!($rest, ".add"), fields_only),
                example: answer!("394"),
            },
            Function {
                name: $delete,
                name_ru: $delete_ru,
                c_symbol: $delete_c,
                section: SECTION,
                summary: concat!("Deletes a ", $one),
                params: &[URL, required($key, $id, Kind::Id, concat!($one, " id")), TOKEN],
                action: change(concat!($rest, ".delete"), id_only),
                example: answer!("true"),
            },
            Function {
                name: $get,
                name_ru: $get_ru,
                c_symbol: $get_c,
                section: SECTION,
                summary: concat!("Gets a ", $one, " by id"),
                params: &[URL, required($key, $id, Kind::Id, concat!($one, " id")), TOKEN],
                action: read(concat!($rest, ".get"), id_only),
                example: answer!($example),
            },
            Function {
                name: $list,
                name_ru: $list_ru,
                c_symbol: $list_c,
                section: SECTION,
                summary: concat!("Lists ", $one, "s, 50 a page, with a filter"),
                params: &[URL, FILTER, OFFSET, TOKEN],
                action: list(concat!($rest, ".list"), list_fields, &CRM_LIST),
                example: concat!(
                    r#"{"result": ["#,
                    $example,
                    r#"], "total": 1, "time": {"start": 1728454948.8758, "finish": 1728454948.92784, "duration": 0.052, "processing": 0.018, "operating_reset_at": 1728455548, "operating": 0}}"#
                ),
            },
            Function {
                name: $update,
                name_ru: $update_ru,
                c_symbol: $update_c,
                section: SECTION,
                summary: concat!("Changes fields of a ", $one),
                params: &[URL, required($key, $id, Kind::Id, concat!($one, " id")), FIELDS, TOKEN],
                action: change(concat!($rest, ".update"), fields_and_id),
                example: answer!("true"),
            },
            Function {
                name: $structure,
                name_ru: $structure_ru,
                c_symbol: $structure_c,
                section: SECTION,
                summary: concat!("Gets the portal's description of a ", $one, "'s fields"),
                params: &[URL, TOKEN],
                action: read_by_get(concat!($rest, ".fields")),
                example: answer!(
                    r#"{"ID": {"type": "integer", "isRequired": false, "isReadOnly": true, "isImmutable": false, "isMultiple": false, "isDynamic": false, "title": "ID"}}"#
                ),
            },
            Function {
                name: $filter,
                name_ru: $filter_ru,
                c_symbol: $filter_c,
                section: SECTION,
                summary: concat!("Gives the keys a ", $one, " filter takes, each with its meaning, or empty"),
                params: &[EMPTY],
                action: Action::Local($filter_fn),
                example: r#"{"ID": "<identifier>", "TITLE": "<name (can be searched using the template [% [%_])>"}"#,
            },
        ]
    };
}

const LEADS: [Function; 7] = crm_entity!(
    rest: "crm.lead", key: "lead", id: "LeadID", one: "lead",
    create: ("CreateLead", "СоздатьЛид", "b24_create_lead"),
    delete: ("DeleteLead", "УдалитьЛид", "b24_delete_lead"),
    get: ("GetLead", "ПолучитьЛид", "b24_get_lead"),
    list: ("GetLeadsList", "ПолучитьСписокЛидов", "b24_get_leads_list"),
    update: ("UpdateLead", "ИзменитьЛид", "b24_update_lead"),
    structure: ("GetLeadStructure", "ПолучитьСтруктуруЛида", "b24_get_lead_structure"),
    filter: ("GetLeadFilterStructure", "ПолучитьСтруктуруФильтраЛидов", "b24_get_lead_filter_structure", lead_filter),
    example: r#"{"ID": "394", "TITLE": "MegaClient", "NAME": "John", "LAST_NAME": "Doe", "STATUS_ID": "NEW", "OPPORTUNITY": "0.00", "CURRENCY_ID": "USD", "ASSIGNED_BY_ID": "1", "DATE_CREATE": "2024-10-09T09:22:21+03:00"}"#
);

const DEALS: [Function; 7] = crm_entity!(
    rest: "crm.deal", key: "deal", id: "DealID", one: "deal",
    create: ("CreateDeal", "СоздатьСделку", "b24_create_deal"),
    delete: ("DeleteDeal", "УдалитьСделку", "b24_delete_deal"),
    get: ("GetDeal", "ПолучитьСделку", "b24_get_deal"),
    list: ("GetDealsList", "ПолучитьСписокСделок", "b24_get_deals_list"),
    update: ("UpdateDeal", "ИзменитьСделку", "b24_update_deal"),
    structure: ("GetDealStructure", "ПолучитьСтруктуруСделки", "b24_get_deal_structure"),
    filter: ("GetDealsFilterStructure", "ПолучитьСтруктуруФильтраСделок", "b24_get_deals_filter_structure", deal_filter),
    example: r#"{"ID": "1320", "TITLE": "Deal from a sales document", "STAGE_ID": "NEW", "OPPORTUNITY": "50000.00", "CURRENCY_ID": "USD", "ASSIGNED_BY_ID": "1", "DATE_CREATE": "2024-10-09T09:22:27+03:00"}"#
);

/// LeadsManagement, then DealsManagement, each in OPI's order.
pub static FUNCTIONS: &[Function] = &{
    let [a, b, c, d, e, f, g] = LEADS;
    let [h, i, j, k, l, m, n] = DEALS;
    [a, b, c, d, e, f, g, h, i, j, k, l, m, n]
};

fn fields_only(args: &Args) -> Result<Payload> {
    Ok(fields([("fields", args.json("fields").cloned())]).into())
}

/// The record's id: each function takes one of `lead` or `deal`, never both.
fn record_id(args: &Args) -> Option<Value> {
    args.id_value("lead").or_else(|| args.id_value("deal"))
}

fn id_only(args: &Args) -> Result<Payload> {
    Ok(fields([("id", record_id(args))]).into())
}

/// OPI's order: the fields, then the id.
fn fields_and_id(args: &Args) -> Result<Payload> {
    Ok(fields([("fields", args.json("fields").cloned()), ("id", record_id(args))]).into())
}

fn list_fields(args: &Args) -> Result<Payload> {
    Ok(fields([("filter", args.json("filter").cloned()), ("start", args.id_value("offset"))]).into())
}

/// OPI's keys of a lead filter with what each holds.
const LEAD_FILTER: &[(&str, &str)] = &[
    ("ID", "<lead identifier>"),
    ("ASSIGNED_BY_ID", "<responsible person identifier>"),
    ("COMPANY_ID", "<company identifier>"),
    ("COMPANY_TITLE", "<company name>"),
    ("CONTACT_ID", "<contact identifier>"),
    ("CREATED_BY_ID", "<author identifier>"),
    ("CURRENCY_ID", "<currency identifier>"),
    ("DATE_CLOSED", "<closing date>"),
    ("DATE_CREATE", "<date of creation>"),
    ("DATE_MODIFY", "<date of change>"),
    ("EMAIL", "<email address>"),
    ("HAS_EMAIL", "<Email is filled (Y|N)>"),
    ("HAS_PHONE", "<phone field is filled (Y|N)>"),
    ("IS_RETURN_CUSTOMER", "<reused lead flag (Y|N)>"),
    ("MODIFY_BY_ID", "<author ID of the last change>"),
    ("MOVED_BY_ID", "<identifier of the author of moving the lead to the current stage>"),
    ("MOVED_TIME", "<date of moving the lead to the current stage>"),
    ("OPENED", "<feature is available for all (Y|N)>"),
    ("OPPORTUNITY", "<expected amount>"),
    ("STATUS_ID", "<status identifier>"),
    ("TITLE", "<lead name (can be searched using the template [% [%_])>"),
];

/// OPI's keys of a deal filter with what each holds.
const DEAL_FILTER: &[(&str, &str)] = &[
    ("ID", "<Deal identifier>"),
    ("ASSIGNED_BY_ID", "<responsible person identifier>"),
    ("BEGINDATE", "<start date>"),
    ("CATEGORY_ID", "<direction identifier>"),
    ("CLOSEDATE", "<completion date>"),
    ("COMPANY_ID", "<company identifier>"),
    ("CONTACT_ID", "<contact identifier>"),
    ("CREATED_BY_ID", "<author identifier>"),
    ("CURRENCY_ID", "<currency identifier>"),
    ("DATE_CREATE", "<date of creation>"),
    ("DATE_MODIFY", "<date of change>"),
    ("IS_NEW", "<new deal flag (Y|N)>"),
    ("IS_RECURRING", "<is pattern (Y|N)>"),
    ("IS_RETURN_CUSTOMER", "<reused lead flag (Y|N)>"),
    ("LEAD_ID", "<linked lead identifier>"),
    ("MODIFY_BY_ID", "<author ID of the last change>"),
    ("MOVED_BY_ID", "<identifier of the author of moving the deal to the current stage>"),
    ("MOVED_TIME", "<date of moving the deal to the current stage>"),
    ("OPENED", "<feature is available for all (Y|N)>"),
    ("OPPORTUNITY", "<expected amount>"),
    ("PROBABILITY", "<probability>"),
    ("REQUISITE_ID", "<prop identifier>"),
    ("STAGE_ID", "<stage identifier>"),
    ("TITLE", "<deal name (can be searched using the template [% [%_])>"),
    ("TYPE_ID", "<deal type>"),
];

fn lead_filter(args: &Args) -> Result<Value> {
    Ok(super::structure(LEAD_FILTER, args))
}

fn deal_filter(args: &Args) -> Result<Value> {
    Ok(super::structure(DEAL_FILTER, args))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_entities_have_opis_seven_functions_in_order() {
        let names: Vec<&str> = FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "CreateLead",
                "DeleteLead",
                "GetLead",
                "GetLeadsList",
                "UpdateLead",
                "GetLeadStructure",
                "GetLeadFilterStructure",
                "CreateDeal",
                "DeleteDeal",
                "GetDeal",
                "GetDealsList",
                "UpdateDeal",
                "GetDealStructure",
                "GetDealsFilterStructure"
            ]
        );
        assert_eq!(DEAL_FILTER.len(), 25);
        assert_eq!(LEAD_FILTER.len(), 21);
    }
}
