//! Departments (department.*): OPI's DepartmentsManagement. All four send the same flat keys,
//! those given of `ID`, `NAME`, `PARENT` and `UF_HEAD`, so one mapping serves them.

use super::args::Args;
use super::params::{optional, required, TOKEN, URL};
use super::{answer, change, fields, list, Function, Kind, Param};
use crate::error::Result;
use crate::rest::list::{ListShape, Order};
use crate::rest::Payload;

/// department.get filters by its top-level fields without operators: offsets only.
static DEPARTMENTS: ListShape = ListShape::offsets("ID", Order::SORT_ORDER);

const SECTION: &str = "Departments";

const DEPARTMENT: Param = required("depid", "DepartmentID", Kind::Id, "department id");

const fn name(meaning: &'static str) -> Param {
    optional("title", "Name", Kind::Text, "unchanged", meaning)
}

const PARENT: Param = optional("parentid", "ParentID", Kind::Id, "none", "the parent department's id");

const HEAD: Param = optional("headid", "HeadID", Kind::Id, "none", "the head's user id");

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "CreateDepartment",
        name_ru: "СоздатьПодразделение",
        c_symbol: "b24_create_department",
        section: SECTION,
        summary: "Creates a department under a parent, with its head",
        params: &[URL, required("title", "Name", Kind::Text, "the department's name"), PARENT, HEAD, TOKEN],
        action: change("department.add", department_fields),
        example: answer!("594"),
    },
    Function {
        name: "UpdateDepartment",
        name_ru: "ИзменитьПодразделение",
        c_symbol: "b24_update_department",
        section: SECTION,
        summary: "Renames a department, moves it under another parent or changes its head",
        params: &[URL, DEPARTMENT, name("the new name"), PARENT, HEAD, TOKEN],
        action: change("department.update", department_fields),
        example: answer!("true"),
    },
    Function {
        name: "GetDepartments",
        name_ru: "ПолучитьПодразделения",
        c_symbol: "b24_get_departments",
        section: SECTION,
        summary: "Gets departments, all or those matching an id, a name, a parent or a head",
        params: &[
            URL,
            optional("depid", "DepartmentID", Kind::Id, "any", "only this department"),
            optional("title", "Name", Kind::Text, "any", "only departments of this name"),
            optional("parentid", "ParentID", Kind::Id, "any", "only departments under this parent"),
            optional("headid", "HeadID", Kind::Id, "any", "only departments this user heads"),
            TOKEN,
        ],
        action: list("department.get", department_fields, &DEPARTMENTS),
        example: concat!(
            r#"{"result": [{"ID": "3530", "NAME": "Subordinate department", "SORT": 500, "PARENT": "3528", "UF_HEAD": "1"}], "total": 1, "#,
            r#""time": {"start": 1774449334, "finish": 1774449334.31405, "duration": 0.314, "processing": 0, "operating_reset_at": 1774449934, "operating": 0}}"#
        ),
    },
    Function {
        name: "DeleteDepartment",
        name_ru: "УдалитьПодразделение",
        c_symbol: "b24_delete_department",
        section: SECTION,
        summary: "Deletes a department",
        params: &[URL, DEPARTMENT, TOKEN],
        action: change("department.delete", department_fields),
        example: answer!("true"),
    },
];

/// The flat keys OPI sends, in its order, those not given left out.
fn department_fields(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("ID", args.id_value("depid")),
        ("NAME", args.text_value("title")),
        ("PARENT", args.id_value("parentid")),
        ("UF_HEAD", args.id_value("headid")),
    ])
    .into())
}
