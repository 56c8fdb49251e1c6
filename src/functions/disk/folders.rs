//! Disk folders (disk.folder.*): OPI's CatalogsManagement.

use serde_json::{Map, Value};

use super::super::args::Args;
use super::super::params::{optional, required, TOKEN, URL};
use super::super::{answer, change, fields, list, read, Action, Function, Kind, EMPTY};
use super::{disk_function, id_and_data_name, id_and_new_name, id_and_target, id_only, FOLDER, NAME};
use crate::error::Result;
use crate::rest::{Payload, Request, Session};

const SECTION: &str = "Disk folders";

/// OPI's DestinationID; its CLI option really is spelled `--tagetid`.
const DESTINATION: super::super::Param = required(
    "tagetid",
    "DestinationID",
    Kind::Id,
    "the destination folder's id (OPI's key is spelled tagetid)",
);

const FILTER: super::super::Param = optional(
    "filter",
    "Filter",
    Kind::Object,
    "no filter",
    "filter on the children, keys as GetFolderFilterStructure gives them; prefixes such as > < ! % in keys",
);

/// A folder as the portal answers a read of it.
macro_rules! folder {
    ($deleted:literal) => {
        concat!(
            r#"{"ID": "12582", "NAME": "New catalog", "CODE": null, "STORAGE_ID": "3", "TYPE": "folder", "REAL_OBJECT_ID": "12582", "PARENT_ID": "3", "DELETED_TYPE": ""#,
            $deleted,
            r#"", "CREATE_TIME": "2024-10-09T09:20:23+03:00", "UPDATE_TIME": "2024-10-09T09:20:23+03:00", "CREATED_BY": "1", "DETAIL_URL": "https://portal.bitrix24.com/docs/path/New catalog"}"#
        )
    };
}

pub static FUNCTIONS: &[Function] = &[
    disk_function!(
        SECTION,
        "GetFolderInformation",
        "ПолучитьИнформациюОКаталоге",
        "b24_get_folder_information",
        "Gets a folder by id",
        [URL, FOLDER, TOKEN],
        read("disk.folder.get", id_only),
        answer!(folder!("0"))
    ),
    disk_function!(
        SECTION,
        "CreateSubfolder",
        "СоздатьПодкаталог",
        "b24_create_subfolder",
        "Creates a folder inside a folder",
        [URL, FOLDER, NAME, TOKEN],
        change("disk.folder.addsubfolder", id_and_data_name),
        answer!(
            r#"{"ID": 44956, "NAME": "New subfolder", "STORAGE_ID": "3", "TYPE": "folder", "PARENT_ID": "44952", "DELETED_TYPE": 0}"#
        )
    ),
    disk_function!(
        SECTION,
        "MakeFolderCopy",
        "СкопироватьКаталог",
        "b24_make_folder_copy",
        "Copies a folder with everything in it into another folder",
        [URL, FOLDER, DESTINATION, TOKEN],
        change("disk.folder.copyto", id_and_target),
        answer!(
            r#"{"ID": 46684, "NAME": "New subfolder", "STORAGE_ID": "3", "TYPE": "folder", "PARENT_ID": "46680", "DELETED_TYPE": 0}"#
        )
    ),
    disk_function!(
        SECTION,
        "MoveFolder",
        "ПереместитьКаталог",
        "b24_move_folder",
        "Moves a folder with everything in it into another folder",
        [URL, FOLDER, DESTINATION, TOKEN],
        change("disk.folder.moveto", id_and_target),
        answer!(
            r#"{"ID": "12584", "NAME": "New subfolder 2", "STORAGE_ID": "3", "TYPE": "folder", "PARENT_ID": 12580, "DELETED_TYPE": "0"}"#
        )
    ),
    disk_function!(
        SECTION,
        "DeleteFolder",
        "УдалитьКаталог",
        "b24_delete_folder",
        "Deletes a folder and everything in it for good (not to the recycle bin)",
        [URL, FOLDER, TOKEN],
        change("disk.folder.deletetree", id_only),
        answer!("true")
    ),
    disk_function!(
        SECTION,
        "GetFolderExternalLink",
        "ПолучитьВнешнююСсылкуКаталога",
        "b24_get_folder_external_link",
        "Gets a public link to a folder",
        [URL, FOLDER, TOKEN],
        read("disk.folder.getExternalLink", id_only),
        answer!(r#""https://portal.bitrix24.com/~arC9o""#)
    ),
    disk_function!(
        SECTION,
        "GetFolderItems",
        "ПолучитьДочерниеЭлементыКаталога",
        "b24_get_folder_items",
        "Lists the folders and files in a folder, with a filter",
        [URL, FOLDER, FILTER, TOKEN],
        list("disk.folder.getchildren", id_and_filter, &super::CHILDREN),
        concat!(
            r#"{"result": ["#,
            folder!("0"),
            r#"], "total": 1, "time": {"start": 1728454829.29148, "finish": 1728454829.32633, "duration": 0.035, "processing": 0.008, "operating_reset_at": 1728455429, "operating": 0}}"#
        )
    ),
    disk_function!(
        SECTION,
        "MarkFolderAsDeleted",
        "ПоместитьКаталогВКорзину",
        "b24_mark_folder_as_deleted",
        "Puts a folder with everything in it into the recycle bin",
        [URL, FOLDER, TOKEN],
        change("disk.folder.markdeleted", id_only),
        answer!(folder!("3"))
    ),
    disk_function!(
        SECTION,
        "RestoreFolder",
        "ВосстановитьКаталог",
        "b24_restore_folder",
        "Brings a folder back from the recycle bin",
        [URL, FOLDER, TOKEN],
        change("disk.folder.restore", id_only),
        answer!(folder!("0"))
    ),
    disk_function!(
        SECTION,
        "RenameFolder",
        "ПереименоватьКаталог",
        "b24_rename_folder",
        "Renames a folder",
        [URL, FOLDER, NAME, TOKEN],
        change("disk.folder.rename", id_and_new_name),
        answer!(folder!("0"))
    ),
    disk_function!(
        SECTION,
        "GetFolderFilterStructure",
        "ПолучитьСтруктуруФильтраКаталога",
        "b24_get_folder_filter_structure",
        "Gives the keys a folder filter takes (from disk.folder.getfields), each with its type, or empty; \
         an error answer comes back as it is (OPI would fail on it)",
        [URL, EMPTY, TOKEN],
        Action::Plan { shown: "disk.folder.getfields", run: filter_structure },
        r#"{"ID": "integer", "NAME": "string", "TYPE": "enum", "CODE": "string", "STORAGE_ID": "integer", "PARENT_ID": "integer", "CREATE_TIME": "datetime", "UPDATE_TIME": "datetime", "DELETE_TIME": "datetime", "DELETED_TYPE": "integer"}"#
    ),
];

/// `id`, then the filter as given.
fn id_and_filter(args: &Args) -> Result<Payload> {
    Ok(fields([("id", args.id_value("folderid")), ("filter", args.json("filter").cloned())]).into())
}

/// disk.folder.getfields, kept to the fields a filter takes: each with its TYPE, or "" when
/// `empty`. OPI reads `result` without looking, so an error answer makes it fail; here the
/// portal's error answer is handed back as it came, which is what a caller can act on.
fn filter_structure(args: Args, session: &Session) -> Result<String> {
    let answer = session.send(&Request::read("disk.folder.getfields", Map::new()))?;
    let json = answer.json();
    let Some(Value::Object(described)) = json.get("result") else {
        return Ok(answer.text);
    };
    let empty = args.flag("empty").unwrap_or(false);
    let keys: Map<String, Value> = described
        .iter()
        .filter(|(_, description)| is_true(&description["USE_IN_FILTER"]))
        .map(|(key, description)| {
            let kind = if empty { Value::from("") } else { description["TYPE"].clone() };
            (key.clone(), kind)
        })
        .collect();
    Ok(Value::Object(keys).to_string())
}

fn is_true(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_f64().is_some_and(|n| n != 0.0),
        Value::String(text) => matches!(text.to_ascii_lowercase().as_str(), "true" | "y" | "1"),
        _ => false,
    }
}
