//! Files: a chat's disk folder, the disk upload, posting uploaded files to a chat, the newer
//! one-call im.v2.File.upload, and the download URL the file objects carry
//! (`api-reference/chats/files/`, `disk/folder/disk-folder-upload-file.md`,
//! `chat-bots/chat-bots-v2/im.v2/files/file-upload.md`).
//!
//! Base64 is decoded before the store's lock is taken, so a 100 MB upload does not stall the
//! other connections; the bytes are kept once, behind an `Arc`.

use std::sync::Arc;

use serde_json::{json, Map, Value};

use super::{chat_id_param, err, id_list, id_param, member_chat, param, Answer, ApiError, Ctx, Dialog, Done};
use crate::sandbox::base64;
use crate::sandbox::clock;
use crate::sandbox::http::Response;
use crate::sandbox::state::{DiskFile, Store};

/// im.v2.File.upload's limit: 100 MB of file content.
pub(crate) const MAX_V2_FILE: usize = 100 * 1024 * 1024;

/// CHAT_ID (or DIALOG_ID `chatN`) → `{"ID": folder}`; the folder is made on first use.
pub(super) fn folder_get(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let mut store = ctx.store();
    member_chat(ctx, &mut store, chat_id).map_err(|_| no_dialog_access())?;
    let folder = store.dialog_folder(&format!("chat{chat_id}"));
    Ok(json!({"ID": folder}).into())
}

/// `id` (folder), `data: {NAME}` and `fileContent: [name, base64]` in one request. A name
/// already in the folder is DISK_OBJ_22000 unless `generateUniqueName` asks for "name (1).ext".
pub(super) fn upload_file(ctx: &Ctx, fields: &Value) -> Answer {
    let folder_id = id_param(fields, "id")
        .ok_or_else(|| err(400, "ERROR_ARGUMENT", "Invalid value of parameter {id}"))?;
    let content = param(fields, "fileContent");
    let (content_name, encoded) = match content {
        Some(Value::Array(parts)) => {
            (parts.first().and_then(Value::as_str), parts.get(1).and_then(Value::as_str))
        }
        Some(Value::Object(parts)) => {
            (parts.get("0").and_then(Value::as_str), parts.get("1").and_then(Value::as_str))
        }
        _ => (None, None),
    };
    let data_name = param(fields, "data").and_then(|data| param(data, "NAME")).and_then(Value::as_str);
    let name = data_name.or(content_name).map(str::trim).filter(|n| !n.is_empty());
    let (Some(name), Some(encoded)) = (name, encoded) else {
        return Err(err(400, "ERROR_ARGUMENT", "Invalid value of parameter {fileContent}"));
    };
    let bytes = base64::decode(encoded)
        .ok_or_else(|| err(400, "ERROR_COULD_NOT_SAVE_FILE", "Could not save file"))?;
    let unique = matches!(param(fields, "generateUniqueName"), Some(v) if is_true(v));

    let mut store = ctx.store();
    if !store.data.folders.contains_key(&folder_id) {
        return Err(err(400, "ERROR_NOT_FOUND", &format!("Could not find entity with id '{folder_id}'")));
    }
    let name = free_name(&store, folder_id, name, unique)?;
    let file = store_file(ctx, &mut store, folder_id, name, Arc::new(bytes));
    Ok(disk_file_json(ctx, &store.data.files[&file]).into())
}

/// Posts files to a chat as one message by the caller. UPLOAD_ID names files already uploaded
/// (they stay where they are); FILE_ID names disk files that are copied into the chat's folder.
/// Either may be a list. Answers FILES, DISK_ID, FILE_MODELS and MESSAGE_ID like the portal.
pub(super) fn file_commit(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_id = chat_id_param(fields)?;
    let uploads = id_list(fields, "UPLOAD_ID");
    let copies = id_list(fields, "FILE_ID");
    if uploads.is_none()
        && copies.is_none()
        && param(fields, "UPLOAD_ID").is_none()
        && param(fields, "FILE_ID").is_none()
    {
        return Err(err(400, "FILES_ERROR", "List of files is not specified"));
    }
    let save_error = || err(400, "SAVE_ERROR", "Error during saving file to chat");
    let (uploads, copies) = (uploads.unwrap_or_default(), copies.unwrap_or_default());
    if uploads.is_empty() && copies.is_empty() {
        return Err(save_error());
    }
    let text = super::messages::message_text(param(fields, "MESSAGE")).filter(|t| !t.trim().is_empty());

    let mut store = ctx.store();
    member_chat(ctx, &mut store, chat_id).map_err(|_| no_dialog_access())?;
    if uploads.iter().chain(&copies).any(|id| !store.data.files.contains_key(id)) {
        return Err(save_error());
    }
    let dialog_id = format!("chat{chat_id}");
    let folder = store.dialog_folder(&dialog_id);
    let mut file_ids = uploads;
    for source in copies {
        let original = store.data.files[&source].clone();
        let name = free_name(&store, folder, &original.name, true)?;
        file_ids.push(store_file(ctx, &mut store, folder, name, original.bytes));
    }
    let message_id = post_files(ctx, &mut store, &dialog_id, text, &file_ids);
    let mut files = Map::new();
    let mut models = Map::new();
    for id in &file_ids {
        let file = &store.data.files[id];
        files.insert(format!("upload{id}"), file_json(ctx, &store, file, chat_id));
        models.insert(format!("upload{id}"), file_model_json(ctx, file));
    }
    let disk_ids: Vec<String> = file_ids.iter().map(u64::to_string).collect();
    Ok(json!({"FILES": files, "DISK_ID": disk_ids, "FILE_MODELS": models, "MESSAGE_ID": message_id}).into())
}

/// dialogId and fields {name, content, message}: uploads into the dialog's folder and posts
/// the message with the file. Errors as documented: FILE_EMPTY, FILE_INVALID_CONTENT,
/// FILE_TOO_LARGE (over 100 MB decoded), CHAT_NOT_FOUND, ACCESS_DENIED.
pub(super) fn v2_upload(ctx: &Ctx, fields: &Value) -> Answer {
    let chat_not_found = || err(400, "CHAT_NOT_FOUND", "CHAT_NOT_FOUND");
    let dialog = Dialog::parse(param(fields, "dialogId")).ok_or_else(chat_not_found)?;
    let file_fields = param(fields, "fields").cloned().unwrap_or(Value::Null);
    let name = param(&file_fields, "name").and_then(Value::as_str).map(str::trim).unwrap_or("");
    let encoded = param(&file_fields, "content").and_then(Value::as_str).unwrap_or("");
    if name.is_empty() || encoded.trim().is_empty() {
        return Err(err(400, "FILE_EMPTY", "File name and content are required"));
    }
    // Refuse before decoding when even the shortest reading of the text is too large.
    if (encoded.len() / 4).saturating_mul(3).saturating_sub(2) > MAX_V2_FILE + 1024 {
        return Err(too_large());
    }
    let bytes =
        base64::decode(encoded).ok_or_else(|| err(400, "FILE_INVALID_CONTENT", "Invalid base64 content"))?;
    if bytes.len() > MAX_V2_FILE {
        return Err(too_large());
    }
    if bytes.is_empty() {
        return Err(err(400, "FILE_EMPTY", "File name and content are required"));
    }
    let text = super::messages::message_text(param(&file_fields, "message")).filter(|t| !t.trim().is_empty());

    let mut store = ctx.store();
    if let Dialog::Chat(id) = dialog {
        match store.data.chats.get(&id) {
            None => return Err(chat_not_found()),
            Some(chat) if !chat.members.contains(&ctx.caller) => {
                return Err(err(403, "ACCESS_DENIED", "Access denied"))
            }
            Some(_) => {}
        }
    }
    let dialog_id = dialog.id();
    let folder = store.dialog_folder(&dialog_id);
    let name = free_name(&store, folder, name, true)?;
    let file_id = store_file(ctx, &mut store, folder, name, Arc::new(bytes));
    let message_id = post_files(ctx, &mut store, &dialog_id, text, &[file_id]);
    let file = file_json(ctx, &store, &store.data.files[&file_id], dialog.chat_id());
    Ok(Done::from(
        json!({"file": file, "messageId": message_id, "chatId": dialog.chat_id(), "dialogId": dialog_id}),
    ))
}

/// `GET /rest/download.json?auth=KEY&token=disk|ID`: the file's bytes, if KEY is the one its
/// DOWNLOAD_URL carries.
pub(crate) fn download(store: &Store, fields: &Value) -> Response {
    let token = param(fields, "token").and_then(Value::as_str).unwrap_or("");
    let auth = param(fields, "auth").and_then(Value::as_str).unwrap_or("");
    let file = token
        .strip_prefix("disk|")
        .and_then(|id| id.parse().ok())
        .and_then(|id: u64| store.data.files.get(&id));
    match file {
        Some(file) if file.download_key == auth => Response {
            status: 200,
            content_type: "application/octet-stream",
            body: file.bytes.as_ref().clone(),
        },
        _ => {
            let body = json!({"error": "ERROR_NOT_FOUND", "error_description": "File not found"});
            Response {
                status: 404,
                content_type: crate::sandbox::http::JSON,
                body: body.to_string().into_bytes(),
            }
        }
    }
}

fn too_large() -> ApiError {
    err(400, "FILE_TOO_LARGE", "File is too large")
}

fn no_dialog_access() -> ApiError {
    err(403, "ACCESS_ERROR", "You do not have access to the specified dialog")
}

fn is_true(value: &Value) -> bool {
    match value {
        Value::Bool(flag) => *flag,
        Value::Number(number) => number.as_i64() != Some(0),
        Value::String(text) => matches!(text.trim().to_ascii_lowercase().as_str(), "true" | "y" | "1"),
        _ => false,
    }
}

/// `name` if free in the folder, else "stem (n).ext" when `unique`, else DISK_OBJ_22000.
fn free_name(store: &Store, folder: u64, name: &str, unique: bool) -> Result<String, ApiError> {
    let taken =
        |candidate: &str| store.data.files.values().any(|f| f.folder_id == folder && f.name == candidate);
    if !taken(name) {
        return Ok(name.to_string());
    }
    if !unique {
        return Err(err(400, "DISK_OBJ_22000", "A file with this name already exists"));
    }
    let (stem, extension) = match name.rfind('.') {
        Some(dot) if dot > 0 => (&name[..dot], &name[dot..]),
        _ => (name, ""),
    };
    let candidate = (1..).map(|n| format!("{stem} ({n}){extension}")).find(|c| !taken(c));
    Ok(candidate.expect("an unbounded range yields a free name"))
}

pub(super) fn store_file(
    ctx: &Ctx,
    store: &mut Store,
    folder_id: u64,
    name: String,
    bytes: Arc<Vec<u8>>,
) -> u64 {
    let id = store.take_disk_id();
    let download_key =
        format!("sandbox-download-{id}-{:08x}", (ctx.now_secs() as u64).wrapping_mul(2_654_435_761) ^ id);
    let file =
        DiskFile { id, folder_id, name, bytes, author_id: ctx.caller, created: ctx.now_secs(), download_key };
    store.data.files.insert(id, file);
    id
}

fn post_files(ctx: &Ctx, store: &mut Store, dialog_id: &str, text: Option<String>, file_ids: &[u64]) -> u64 {
    let mut message = store.new_message(dialog_id, ctx.caller, text, ctx.now_secs());
    message.file_ids = file_ids.to_vec();
    let id = message.id;
    if ctx.keep_records() {
        store.data.messages.insert(id, message);
    }
    id
}

pub(super) fn download_url(ctx: &Ctx, file: &DiskFile) -> String {
    format!("{}rest/download.json?auth={}&token=disk%7C{}", ctx.portal_url(), file.download_key, file.id)
}

fn extension(name: &str) -> &str {
    name.rfind('.').map_or("", |dot| &name[dot + 1..])
}

/// The messenger's file object (FILES entries, im.v2.File.upload's `file`, message lists).
pub(super) fn file_json(ctx: &Ctx, store: &Store, file: &DiskFile, chat_id: u64) -> Value {
    let url = download_url(ctx, file);
    let extension = extension(&file.name).to_ascii_lowercase();
    let is_image = super::chats::is_image(&file.bytes);
    let author = store.data.users.get(&file.author_id).map(|u| u.name()).unwrap_or_default();
    json!({
        "id": file.id,
        "chatId": chat_id,
        "date": clock::iso8601_utc(file.created),
        "type": if is_image { "image" } else { "file" },
        "name": file.name,
        "extension": extension,
        "size": file.bytes.len(),
        "image": false,
        "status": "done",
        "progress": 100,
        "authorId": file.author_id,
        "authorName": author,
        "urlPreview": "",
        "urlShow": url,
        "urlDownload": url,
        "viewerAttrs": {
            "viewer": "",
            "viewerType": "cloud-document",
            "src": url,
            "objectId": file.id.to_string(),
            "imChatId": chat_id,
            "title": file.name,
            "actions": "[{\"type\":\"download\"}]",
        },
        "mediaUrl": {"preview": {"250": ""}},
        "isTranscribable": false,
        "isVideoNote": false,
        "isVoiceNote": false,
    })
}

fn file_model_json(ctx: &Ctx, file: &DiskFile) -> Value {
    json!({
        "id": file.id,
        "name": file.name,
        "createTime": {},
        "updateTime": {},
        "deleteTime": null,
        "code": null,
        "xmlId": null,
        "storageId": 1,
        "realObjectId": file.id,
        "parentId": file.folder_id,
        "deletedType": 0,
        "createdBy": file.author_id.to_string(),
        "updatedBy": file.author_id.to_string(),
        "deletedBy": "0",
        "uniqueCode": format!("sbx{:017}", file.id),
        "typeFile": 4,
        "globalContentVersion": 1,
        "fileId": file.id,
        "size": file.bytes.len(),
        "etag": format!("{:032x}", file.id),
        "links": {
            "download": download_url(ctx, file),
            "showInGrid": format!("/bitrix/tools/disk/focus.php?objectId={}&action=showObjectInGrid&ncc=1", file.id),
        },
    })
}

/// The disk's file object, as disk.folder.uploadfile answers it.
fn disk_file_json(ctx: &Ctx, file: &DiskFile) -> Value {
    let date = clock::iso8601_utc(file.created);
    json!({
        "ID": file.id,
        "NAME": file.name,
        "CODE": null,
        "STORAGE_ID": "1",
        "TYPE": "file",
        "PARENT_ID": file.folder_id.to_string(),
        "DELETED_TYPE": 0,
        "GLOBAL_CONTENT_VERSION": 1,
        "FILE_ID": file.id,
        "SIZE": file.bytes.len().to_string(),
        "CREATE_TIME": date,
        "UPDATE_TIME": date,
        "DELETE_TIME": null,
        "CREATED_BY": file.author_id.to_string(),
        "UPDATED_BY": file.author_id.to_string(),
        "DELETED_BY": null,
        "DOWNLOAD_URL": download_url(ctx, file),
        "DETAIL_URL": format!("{}docs/file/{}", ctx.portal_url(), file.name),
    })
}
