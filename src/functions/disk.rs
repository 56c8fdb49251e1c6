//! Disk: an upload into a folder, most often a chat's (see GetChatFilesFolder and SendFile).

use serde_json::json;

use super::args::Args;
use super::params::{required, TOKEN, URL};
use super::{answer, change, fields, Function, Kind};
use crate::error::{Error, Result};
use crate::rest::{file_slot, Payload};

pub static FUNCTIONS: &[Function] = &[Function {
    name: "UploadFileToFolder",
    name_ru: "ЗагрузитьФайлВКаталог",
    c_symbol: "b24_upload_file_to_folder",
    section: "Disk",
    summary: "Uploads a file into a disk folder",
    params: &[
        URL,
        required("title", "Name", Kind::Text, "the file's name with its extension, as the disk shows it"),
        required(
            "file",
            "File",
            Kind::File,
            "the file: a path, {\"name\", \"base64\"}, or 1C BinaryData; at most 100 MB",
        ),
        required(
            "folderid",
            "FolderID",
            Kind::Id,
            "the folder's id (a chat's: GetChatFilesFolder's result.ID)",
        ),
        TOKEN,
    ],
    action: change("disk.folder.uploadfile", upload),
    example: answer!(
        r#"{"ID": 54338, "NAME": "report.pdf", "SIZE": "24071", "PARENT_ID": 54334, "DOWNLOAD_URL": "https://portal.bitrix24.com/rest/download.json?auth=***&token=disk%7CaWQ9NTQzMzg"}"#
    ),
}];

/// disk.folder.uploadfile in one request: the folder, the name, and the content as base64.
fn upload(args: &Args) -> Result<Payload> {
    let file = args.file("file").ok_or_else(|| Error::invalid("file", "is required"))?;
    let name = args.required_text("title");
    let fields = fields([
        ("id", args.id_value("folderid")),
        ("data", Some(json!({"NAME": name}))),
        ("fileContent", Some(json!([name, file_slot()]))),
    ]);
    Ok(Payload::with_file(fields, "file", file.content.clone()))
}
