//! The disk, in OPI's three sections: storages (StoragesManagement), folders
//! (CatalogsManagement) and files (FileManagement). Most of their functions post one object's
//! `id`, sometimes with a name or a target folder; those few request shapes are written once
//! here and every entry names one of them.

pub mod files;
pub mod folders;
pub mod storages;

use serde_json::{json, Value};

use super::args::Args;
use super::params::required;
use super::{fields, Kind, Param};
use crate::error::Result;
use crate::rest::Payload;

/// The disk's lists (a folder's or storage's children, the storages) page by offsets only.
pub(super) static CHILDREN: crate::rest::list::ListShape =
    crate::rest::list::ListShape::offsets("ID", crate::rest::list::Order::OBJECT);

pub const STORAGE: Param = required("storageid", "StorageID", Kind::Id, "storage id (GetStoragesList's ID)");

pub const FOLDER: Param = required("folderid", "FolderID", Kind::Id, "folder id");

pub const FILE: Param = required("fileid", "FileID", Kind::Id, "file id");

/// A new name (OPI's Name, CLI `--title`).
pub const NAME: Param =
    required("title", "Name", Kind::Text, "the name to give, with the extension for a file");

/// The id of the object a request acts on: a file's, else a folder's, else a storage's (a
/// function takes the file, or the folder, as its object; a file's folder is its target).
fn object_id(args: &Args) -> Option<Value> {
    args.id_value("fileid").or_else(|| args.id_value("folderid")).or_else(|| args.id_value("storageid"))
}

/// `id` alone (OPI's PrimaryControlAction).
pub(crate) fn id_only(args: &Args) -> Result<Payload> {
    Ok(fields([("id", object_id(args))]).into())
}

/// `id` and `newName` (the rename methods).
pub(crate) fn id_and_new_name(args: &Args) -> Result<Payload> {
    Ok(fields([("id", object_id(args)), ("newName", args.text_value("title"))]).into())
}

/// `id` and `data: {NAME}` (the methods that make a folder).
pub(crate) fn id_and_data_name(args: &Args) -> Result<Payload> {
    Ok(fields([("id", object_id(args)), ("data", Some(json!({"NAME": args.required_text("title")})))]).into())
}

/// `id` and `targetFolderId`: the folder for a file, the destination (`tagetid`) for a folder.
pub(crate) fn id_and_target(args: &Args) -> Result<Payload> {
    let target = if args.has("fileid") { args.id_value("folderid") } else { args.id_value("tagetid") };
    Ok(fields([("id", object_id(args)), ("targetFolderId", target)]).into())
}

/// One disk function: the name in both languages, the C symbol, the summary, the parameters,
/// the action, the example answer.
macro_rules! disk_function {
    ($section:expr, $name:literal, $ru:literal, $c:literal, $summary:literal, [$($param:expr),*], $action:expr, $example:expr) => {
        super::super::Function {
            name: $name,
            name_ru: $ru,
            c_symbol: $c,
            section: $section,
            summary: $summary,
            params: &[$($param),*],
            action: $action,
            example: $example,
        }
    };
}
pub(crate) use disk_function;

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::functions::{args::Args, find};

    fn payload(function: &str, input: serde_json::Value) -> serde_json::Value {
        let function = find(function).unwrap();
        let args = Args::parse(function, input).unwrap();
        let crate::functions::Action::Rest(rest) = &function.action else { panic!("{}", function.name) };
        serde_json::Value::Object((rest.fields)(&args).unwrap().fields)
    }

    #[test]
    fn a_file_goes_to_its_folder_and_a_folder_to_its_destination() {
        let file = payload("MakeFileCopy", json!({"url": "u", "fileid": 5, "folderid": 7}));
        assert_eq!(file, json!({"id": "5", "targetFolderId": "7"}));
        let folder = payload("MoveFolder", json!({"url": "u", "folderid": 7, "tagetid": 9}));
        assert_eq!(folder, json!({"id": "7", "targetFolderId": "9"}));
    }
}
