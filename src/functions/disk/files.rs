//! Disk files (disk.storage.uploadfile, disk.folder.uploadfile, disk.file.*): OPI's
//! FileManagement. Uploads send the file inline as base64 (`fileContent: [name, base64]`),
//! read and encoded while the body is sent, never held whole.

use serde_json::{json, Value};

use super::super::args::Args;
use super::super::params::{optional, required, TOKEN, URL};
use super::super::{answer, change, fields, read, Function, Kind};
use super::{disk_function, id_and_new_name, id_and_target, id_only, FILE, NAME, STORAGE};
use crate::error::{Error, Result};
use crate::rest::{file_slot, Payload};

const SECTION: &str = "Disk files";

const FILE_NAME: super::super::Param =
    required("title", "Name", Kind::Text, "the file's name with its extension, as the disk shows it");

const CONTENT: super::super::Param = required(
    "file",
    "File",
    Kind::File,
    "the file: a path, {\"name\", \"base64\"}, or 1C BinaryData; at most 100 MB",
);

const RIGHTS: super::super::Param = optional(
    "rights",
    "Rights",
    Kind::Structure,
    "none",
    "access rights: an array of {\"TASK_ID\", \"ACCESS_CODE\"} (one object is taken as an array of one)",
);

/// A file as the portal answers a read of it.
macro_rules! disk_file {
    ($name:literal, $deleted:literal) => {
        concat!(
            r#"{"ID": "12576", "NAME": ""#,
            $name,
            r#"", "CODE": null, "STORAGE_ID": "3", "TYPE": "file", "PARENT_ID": "3", "DELETED_TYPE": ""#,
            $deleted,
            r#"", "GLOBAL_CONTENT_VERSION": "1", "FILE_ID": "8666", "SIZE": "805189", "CREATE_TIME": "2024-10-09T09:20:02+03:00", "DOWNLOAD_URL": "https://portal.bitrix24.com/rest/download.json?auth=***&token=disk%7CaWQ9MTI1NzY", "DETAIL_URL": "https://portal.bitrix24.com/docs/file/Picture1.jpg"}"#
        )
    };
}

/// A file just made (uploaded or copied): the portal answers its numbers as numbers.
macro_rules! new_file {
    ($parent:literal) => {
        concat!(
            r#"{"ID": 54338, "NAME": "report.pdf", "STORAGE_ID": "3", "TYPE": "file", "PARENT_ID": ""#,
            $parent,
            r#"", "DELETED_TYPE": 0, "FILE_ID": 37216, "SIZE": "24071", "DOWNLOAD_URL": "https://portal.bitrix24.com/rest/download.json?auth=***&token=disk%7CaWQ9NTQzMzg"}"#
        )
    };
}

pub static FUNCTIONS: &[Function] = &[
    disk_function!(
        SECTION,
        "UploadFileToStorage",
        "ЗагрузитьФайлВХранилище",
        "b24_upload_file_to_storage",
        "Uploads a file to the top of a storage",
        [URL, FILE_NAME, CONTENT, STORAGE, RIGHTS, TOKEN],
        change("disk.storage.uploadfile", upload_to_storage),
        answer!(new_file!("3"))
    ),
    disk_function!(
        SECTION,
        "UploadFileToFolder",
        "ЗагрузитьФайлВКаталог",
        "b24_upload_file_to_folder",
        "Uploads a file into a disk folder",
        [
            URL,
            FILE_NAME,
            CONTENT,
            required(
                "folderid",
                "FolderID",
                Kind::Id,
                "the folder's id (a chat's: GetChatFilesFolder's result.ID)"
            ),
            TOKEN
        ],
        change("disk.folder.uploadfile", upload_to_folder),
        answer!(new_file!("54334"))
    ),
    disk_function!(
        SECTION,
        "GetFileInformation",
        "ПолучитьИнформациюОФайле",
        "b24_get_file_information",
        "Gets a file by id: name, size, folder, download URL",
        [URL, FILE, TOKEN],
        read("disk.file.get", id_only),
        answer!(disk_file!("Picture1.jpg", "0"))
    ),
    disk_function!(
        SECTION,
        "DeleteFile",
        "УдалитьФайл",
        "b24_delete_file",
        "Deletes a file for good (not to the recycle bin)",
        [URL, FILE, TOKEN],
        change("disk.file.delete", id_only),
        answer!("true")
    ),
    disk_function!(
        SECTION,
        "GetFileExternalLink",
        "ПолучитьВнешнююСсылкуФайла",
        "b24_get_file_external_link",
        "Gets a public link to a file (some cloud portals no longer have the method)",
        [URL, FILE, TOKEN],
        read("disk.file.getExternalLink", id_only),
        answer!(r#""https://portal.bitrix24.com/~bsD4p""#)
    ),
    disk_function!(
        SECTION,
        "MarkFileAsDeleted",
        "ПоместитьФайлВКорзину",
        "b24_mark_file_as_deleted",
        "Puts a file into the recycle bin",
        [URL, FILE, TOKEN],
        change("disk.file.markdeleted", id_only),
        answer!(disk_file!("Picture1.jpg", "3"))
    ),
    disk_function!(
        SECTION,
        "RestoreFile",
        "ВосстановитьФайл",
        "b24_restore_file",
        "Brings a file back from the recycle bin",
        [URL, FILE, TOKEN],
        change("disk.file.restore", id_only),
        answer!(disk_file!("Picture1.jpg", "0"))
    ),
    disk_function!(
        SECTION,
        "MakeFileCopy",
        "СкопироватьФайл",
        "b24_make_file_copy",
        "Copies a file into a folder",
        [URL, FILE, required("folderid", "FolderID", Kind::Id, "the folder that receives the copy"), TOKEN],
        change("disk.file.copyto", id_and_target),
        answer!(new_file!("46678"))
    ),
    disk_function!(
        SECTION,
        "MoveFileToFolder",
        "ПереместитьФайлВКаталог",
        "b24_move_file_to_folder",
        "Moves a file into another folder",
        [URL, FILE, required("folderid", "FolderID", Kind::Id, "the file's new folder"), TOKEN],
        change("disk.file.moveto", id_and_target),
        answer!(disk_file!("Picture1.jpg", "0"))
    ),
    disk_function!(
        SECTION,
        "RenameFile",
        "ПереименоватьФайл",
        "b24_rename_file",
        "Renames a file",
        [URL, FILE, NAME, TOKEN],
        change("disk.file.rename", id_and_new_name),
        answer!(disk_file!("New file name.jpg", "0"))
    ),
];

/// The file argument, checked when the arguments were parsed.
fn content(args: &Args) -> Result<crate::rest::FileContent> {
    let file = args.file("file").ok_or_else(|| Error::invalid("file", "is required"))?;
    Ok(file.content.clone())
}

/// OPI's order: the name under `data`, the rights (OPI's GetArray: one object becomes an
/// array of one), the storage, the content.
fn upload_to_storage(args: &Args) -> Result<Payload> {
    let content = content(args)?;
    let name = args.required_text("title");
    let rights = args.json("rights").map(|rights| match rights {
        Value::Array(_) => rights.clone(),
        single => json!([single]),
    });
    let fields = fields([
        ("data", Some(json!({"NAME": name}))),
        ("rights", rights),
        ("id", args.id_value("storageid")),
        ("fileContent", Some(json!([name, file_slot()]))),
    ]);
    Ok(Payload::with_file(fields, "file", content))
}

/// disk.folder.uploadfile in one request: the folder, the name, and the content as base64
/// (OPI asks for an upload URL first and posts the bytes there; one request does the same).
fn upload_to_folder(args: &Args) -> Result<Payload> {
    let content = content(args)?;
    let name = args.required_text("title");
    let fields = fields([
        ("id", args.id_value("folderid")),
        ("data", Some(json!({"NAME": name}))),
        ("fileContent", Some(json!([name, file_slot()]))),
    ]);
    Ok(Payload::with_file(fields, "file", content))
}
