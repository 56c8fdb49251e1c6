//! Custom task fields (task.item.userfield.*): OPI's CustomsTasksFieldsManagement. The legacy
//! `task.item.*` methods take their arguments by position, so the keys go in OPI's order:
//! `ID` before `DATA`, and inside `PARAMS` the field's type and name first.

use serde_json::Value;

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{answer, change, fields, no_fields, read, Function, Kind, Param};
use crate::error::Result;
use crate::rest::Payload;

const SECTION: &str = "Custom task fields";

const FIELD: Param = required("fieldid", "FieldID", Kind::Id, "custom field id");

/// What AddCustomTaskField and UpdateCustomTaskField may both set.
const EXTERNAL_ID: Param = optional("externalid", "ExternalID", Kind::Text, "none", "external code (XML_ID)");
const TITLE: Param = optional("title", "Title", Kind::Text, "none", "the field's label (LABEL)");
const SIGNATURE: Param = optional(
    "label",
    "Signature",
    Kind::Object,
    "none",
    "edit-form labels per language, e.g. {\"en\": \"Field\", \"ru\": \"Поле\"} (EDIT_FORM_LABEL)",
);

/// CustomsTasksFieldsManagement in OPI's order.
pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "GetCustomTaskFieldsList",
        name_ru: "ПолучитьСписокПользовательскихПолейЗадачи",
        c_symbol: "b24_get_custom_task_fields_list",
        section: SECTION,
        summary: "Lists the portal's custom task fields",
        params: &[URL, TOKEN],
        action: read("task.item.userfield.getlist", no_fields),
        example: answer!(
            r#"[{"ID": "261", "ENTITY_ID": "TASKS_TASK", "FIELD_NAME": "UF_TEXT_FIELD", "USER_TYPE_ID": "string"}]"#
        ),
    },
    Function {
        name: "AddCustomTaskField",
        name_ru: "ДобавитьПользовательскоеПолеЗадачи",
        c_symbol: "b24_add_custom_task_field",
        section: SECTION,
        summary: "Adds a custom task field; the answer is its id",
        params: &[
            URL,
            required("type", "Type", Kind::Text, "the field's type: string, double, date, boolean"),
            required("fieldname", "Name", Kind::Text, "the field's code; the portal adds the UF_ prefix"),
            EXTERNAL_ID,
            TITLE,
            SIGNATURE,
            TOKEN,
        ],
        action: change("task.item.userfield.add", add),
        example: answer!("261"),
    },
    Function {
        name: "UpdateCustomTaskField",
        name_ru: "ИзменитьПользовательскоеПолеЗадачи",
        c_symbol: "b24_update_custom_task_field",
        section: SECTION,
        summary: "Changes a custom task field's external code and labels",
        params: &[URL, FIELD, EXTERNAL_ID, TITLE, SIGNATURE, TOKEN],
        action: change("task.item.userfield.update", update),
        example: answer!("true"),
    },
    Function {
        name: "GetCustomTaskField",
        name_ru: "ПолучитьПользовательскоеПолеЗадачи",
        c_symbol: "b24_get_custom_task_field",
        section: SECTION,
        summary: "Gets a custom task field by id",
        params: &[URL, FIELD, TOKEN],
        action: read("task.item.userfield.get", field_only),
        example: answer!(
            r#"{"ID": "261", "ENTITY_ID": "TASKS_TASK", "FIELD_NAME": "UF_TEXT_FIELD", "USER_TYPE_ID": "string", "XML_ID": "NEW_TEXT_FIELD", "SORT": "100", "MULTIPLE": "N", "MANDATORY": "N", "EDIT_FORM_LABEL": {"en": "Updated field", "ru": "Izmenennoe pole"}}"#
        ),
    },
    Function {
        name: "DeleteCustomTaskField",
        name_ru: "УдалитьПользовательскоеПолеЗадачи",
        c_symbol: "b24_delete_custom_task_field",
        section: SECTION,
        summary: "Deletes a custom task field",
        params: &[URL, FIELD, TOKEN],
        action: change("task.item.userfield.delete", field_only),
        example: answer!("true"),
    },
];

/// The labels both add and update send, in OPI's order.
fn labels(args: &Args) -> [(&'static str, Option<Value>); 3] {
    [
        ("XML_ID", args.text_value("externalid")),
        ("LABEL", args.text_value("title")),
        ("EDIT_FORM_LABEL", args.json("label").cloned()),
    ]
}

/// A nested object, left out when nothing in it is given, as OPI leaves it.
fn nested(inner: serde_json::Map<String, Value>) -> Option<Value> {
    (!inner.is_empty()).then_some(Value::Object(inner))
}

fn add(args: &Args) -> Result<Payload> {
    let [xml_id, label, edit_form_label] = labels(args);
    let params = fields([
        ("USER_TYPE_ID", args.text_value("type")),
        ("FIELD_NAME", args.text_value("fieldname")),
        xml_id,
        label,
        edit_form_label,
    ]);
    Ok(fields([("PARAMS", nested(params))]).into())
}

fn update(args: &Args) -> Result<Payload> {
    Ok(fields([("ID", args.id_value("fieldid")), ("DATA", nested(fields(labels(args))))]).into())
}

fn field_only(args: &Args) -> Result<Payload> {
    Ok(fields([("ID", args.id_value("fieldid"))]).into())
}

#[cfg(test)]
mod tests {
    #[test]
    fn opis_five_functions_in_order() {
        let names: Vec<&str> = super::FUNCTIONS.iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "GetCustomTaskFieldsList",
                "AddCustomTaskField",
                "UpdateCustomTaskField",
                "GetCustomTaskField",
                "DeleteCustomTaskField"
            ]
        );
    }
}
