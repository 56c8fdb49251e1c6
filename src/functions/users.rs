//! Users (user.*): OPI's UsersManagement. A new or changed user's fields go to the top level
//! of the request as given (no `fields` wrapper); the search filter is nested as `FILTER`.

use serde_json::{json, Map, Value};

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{answer, change, fields, list, no_fields, read, Action, Function, Kind, Param, EMPTY};
use crate::error::Result;
use crate::rest::list::{ListShape, Order};
use crate::rest::Payload;

/// user.search pages by offsets; its order is SORT and ORDER at the top level.
static FOUND_USERS: ListShape = ListShape::offsets("ID", Order::SORT_ORDER);

const SECTION: &str = "Users";

const USER: Param = required("userid", "UserID", Kind::Id, "user id");

const FIELDS: Param = required(
    "fields",
    "FieldsStructure",
    Kind::Object,
    "user fields, keys as in GetUserFieldsStructure (EMAIL, NAME, LAST_NAME, UF_DEPARTMENT, ...), sent at the top level as given",
);

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "GetCurrentUser",
        name_ru: "ПолучитьТекущегоПользователя",
        c_symbol: "b24_get_current_user",
        section: SECTION,
        summary: "Gets the user the webhook or token acts as",
        params: &[URL, TOKEN],
        action: read("user.current", no_fields),
        example: answer!(
            r#"{"ID": "1", "XML_ID": "53818298", "ACTIVE": true, "NAME": "Anton", "LAST_NAME": "Titovets", "EMAIL": "no-reply@bitrix24.com", "IS_ONLINE": "N", "UF_DEPARTMENT": [1, 264]}"#
        ),
    },
    Function {
        name: "GetUser",
        name_ru: "ПолучитьПользователя",
        c_symbol: "b24_get_user",
        section: SECTION,
        summary: "Gets a user by id (a list of one, with total)",
        params: &[URL, USER, TOKEN],
        action: read("user.get", user_only),
        example: concat!(
            r#"{"result": ["#,
            r#"{"ID": "2722", "XML_ID": "67129990", "ACTIVE": true, "NAME": "Oleg", "LAST_NAME": "Lama", "EMAIL": "oleg@example.org", "UF_DEPARTMENT": [7], "USER_TYPE": "employee"}"#,
            r#"], "total": 1, "time": {"start": 1759849075, "finish": 1759849075.94618, "duration": 0.946, "processing": 0, "operating_reset_at": 1759849675, "operating": 0}}"#
        ),
    },
    Function {
        name: "CreateUser",
        name_ru: "СоздатьПользователя",
        c_symbol: "b24_create_user",
        section: SECTION,
        summary: "Invites a user: EMAIL, and UF_DEPARTMENT for an employee",
        params: &[URL, FIELDS, TOKEN],
        action: change("user.add", create_user),
        example: answer!("606"),
    },
    Function {
        name: "UpdateUser",
        name_ru: "ИзменитьПользователя",
        c_symbol: "b24_update_user",
        section: SECTION,
        summary: "Changes a user's fields",
        params: &[URL, USER, FIELDS, TOKEN],
        action: change("user.update", update_user),
        example: answer!("true"),
    },
    Function {
        name: "ChangeUserStatus",
        name_ru: "ИзменитьСтатусПользователя",
        c_symbol: "b24_change_user_status",
        section: SECTION,
        summary: "Deactivates (fires) a user, or activates one again",
        params: &[
            URL,
            USER,
            optional("fire", "Fire", Kind::Flag, "true", "true: deactivate (ACTIVE=N); false: activate (ACTIVE=Y)"),
            TOKEN,
        ],
        action: change("user.update", change_status),
        example: answer!("true"),
    },
    Function {
        name: "FindUsers",
        name_ru: "НайтиПользователей",
        c_symbol: "b24_find_users",
        section: SECTION,
        summary: "Searches users by name, position, department or type",
        params: &[
            URL,
            required(
                "filter",
                "FilterStructure",
                Kind::Object,
                "the search, keys as in GetUserFilterStructure (NAME, LAST_NAME, WORK_POSITION, UF_DEPARTMENT_NAME, USER_TYPE)",
            ),
            TOKEN,
        ],
        action: list("user.search", find_users, &FOUND_USERS),
        example: answer!(r#"[]"#),
    },
    Function {
        name: "GetUserFieldsStructure",
        name_ru: "ПолучитьСтруктуруПользователя",
        c_symbol: "b24_get_user_fields_structure",
        section: SECTION,
        summary: "Gets the user fields the portal knows, each with its label",
        params: &[URL, TOKEN],
        action: read("user.fields", no_fields),
        example: answer!(
            r#"{"ID": "ID", "XML_ID": "External code", "ACTIVE": "Active", "NAME": "Name", "LAST_NAME": "Last name", "EMAIL": "E-Mail", "UF_DEPARTMENT": "Departments"}"#
        ),
    },
    Function {
        name: "GetUserFilterStructure",
        name_ru: "ПолучитьСтруктуруФильтраПользователей",
        c_symbol: "b24_get_user_filter_structure",
        section: SECTION,
        summary: "Gives the keys FindUsers' filter takes, each with its meaning, or empty",
        params: &[EMPTY],
        action: Action::Local(filter_structure),
        example: r#"{"NAME": "<name>", "LAST_NAME": "<surname>", "WORK_POSITION": "<position>", "UF_DEPARTMENT_NAME": "<department name>", "USER_TYPE": "<type: employee, extranet, email>"}"#,
    },
];

fn user_only(args: &Args) -> Result<Payload> {
    Ok(fields([("ID", args.id_value("userid"))]).into())
}

/// The caller's fields, copied to the top level as they are.
fn given_fields(args: &Args) -> Map<String, Value> {
    args.json("fields").and_then(Value::as_object).cloned().unwrap_or_default()
}

fn create_user(args: &Args) -> Result<Payload> {
    Ok(given_fields(args).into())
}

/// The fields, then `ID`, which replaces an `ID` among them, as OPI's does.
fn update_user(args: &Args) -> Result<Payload> {
    let mut fields = given_fields(args);
    if let Some(id) = args.id_value("userid") {
        fields.insert("ID".into(), id);
    }
    Ok(fields.into())
}

/// OPI's UpdateUser with `{"ACTIVE": "N"}` (fire, the default) or `{"ACTIVE": "Y"}`.
fn change_status(args: &Args) -> Result<Payload> {
    let active = !args.flag("fire").unwrap_or(true);
    Ok(fields([("ACTIVE", Some(json!(if active { "Y" } else { "N" }))), ("ID", args.id_value("userid"))])
        .into())
}

fn find_users(args: &Args) -> Result<Payload> {
    Ok(fields([("FILTER", args.json("filter").cloned())]).into())
}

/// OPI's keys of a user search with what each holds.
const FILTER: &[(&str, &str)] = &[
    ("NAME", "<name>"),
    ("LAST_NAME", "<surname>"),
    ("WORK_POSITION", "<position>"),
    ("UF_DEPARTMENT_NAME", "<department name>"),
    ("USER_TYPE", "<type: employee, extranet, email>"),
];

fn filter_structure(args: &Args) -> Result<Value> {
    Ok(super::structure(FILTER, args))
}
