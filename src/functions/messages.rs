//! Message management: OPI's parameters mapped to im.message.*, im.dialog.read/unread and
//! the file commit; SendFile also uploads a file itself.

use std::collections::HashMap;
use std::sync::Mutex;

use serde_json::{json, Map, Value};

use crate::rest::PerProcess;

use super::args::Args;
use super::params::{
    optional, required, BLOCKS, DIALOG, KEYBOARD, MENU, MESSAGE, REPLY, SYSTEM, TOKEN, URL, URL_PREVIEW,
};
use super::{answer, change, chat_number, fields, Action, Function, Kind, Presence};
use crate::error::{Error, Result};
use crate::rest::{file_slot, Payload, Request, Session};

/// The portal keeps this many characters of a message, cuts the rest and appends " (...)"
/// (REST docs, chat-bots v2 `entities.md`, `imbot.v2/messages/chat-message-send.md`);
/// refusing a longer text up front tells the caller instead of losing its end silently.
pub const MAX_TEXT_CHARS: usize = 20_000;

const SECTION: &str = "Messages";

const TEXT: super::Param = super::Param {
    key: "text",
    opi_name: "Text",
    kind: Kind::Text,
    presence: Presence::RequiredUnless("blocks"),
    default: "required unless blocks are given",
    meaning: "message text, BB codes allowed",
};

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "SendMessage",
        name_ru: "ОтправитьСообщение",
        c_symbol: "b24_send_message",
        section: SECTION,
        summary: "Sends a message with optional attachment blocks to a chat or a user",
        params: &[
            URL,
            DIALOG,
            TEXT,
            BLOCKS,
            TOKEN,
            KEYBOARD,
            MENU,
            SYSTEM,
            URL_PREVIEW,
            REPLY,
        ],
        action: change("im.message.add", send_message),
        example: answer!("89982"),
    },
    Function {
        name: "EditMessage",
        name_ru: "ИзменитьСообщение",
        c_symbol: "b24_edit_message",
        section: SECTION,
        summary: "Changes a message's text, attachment blocks, keyboard or menu",
        params: &[
            URL,
            MESSAGE,
            optional("text", "Text", Kind::Text, "unchanged", "the new text, BB codes allowed"),
            BLOCKS,
            TOKEN,
            KEYBOARD,
            MENU,
            URL_PREVIEW,
        ],
        action: change("im.message.update", edit_message),
        example: answer!("true"),
    },
    Function {
        name: "SetMessageReaction",
        name_ru: "УстановитьРеакциюНаСообщение",
        c_symbol: "b24_set_message_reaction",
        section: SECTION,
        summary: "Turns the caller's like of a message on or off",
        params: &[URL, MESSAGE, TOKEN],
        action: change("im.message.like", message_only),
        example: answer!("true"),
    },
    Function {
        name: "DeleteMessage",
        name_ru: "УдалитьСообщение",
        c_symbol: "b24_delete_message",
        section: SECTION,
        summary: "Deletes a message",
        params: &[URL, MESSAGE, TOKEN],
        action: change("im.message.delete", message_only),
        example: answer!("true"),
    },
    Function {
        name: "SendFile",
        name_ru: "ОтправитьФайл",
        c_symbol: "b24_send_file",
        section: SECTION,
        summary: "Sends a file to a chat: one already on the chat's disk (fileid), or any file (file), uploaded here",
        params: &[
            URL,
            required("chat", "ChatID", Kind::Id, "chat id: N or chatN"),
            super::Param {
                key: "fileid",
                opi_name: "FileID",
                kind: Kind::Id,
                presence: Presence::RequiredUnless("file"),
                default: "required unless file is given",
                meaning: "id of a file already in the chat's folder (GetChatFilesFolder, UploadFileToFolder)",
            },
            optional("description", "Description", Kind::Text, "none", "text sent with the file"),
            TOKEN,
            optional(
                "file",
                "File",
                Kind::File,
                "none",
                "a file to upload and send: a path, {\"name\", \"base64\"}, or 1C BinaryData; at most 100 MB",
            ),
            optional(
                "filename",
                "FileName",
                Kind::Text,
                "the file's own name",
                "the name the file gets in the chat; required for BinaryData",
            ),
        ],
        action: Action::Plan {
            shown: "im.disk.file.commit; with file: im.v2.File.upload, or im.disk.folder.get + disk.folder.uploadfile + im.disk.file.commit",
            run: send_file,
        },
        example: r#"{"result": {"file": {"id": 54338, "name": "report.pdf", "size": 24071}, "messageId": 85162, "chatId": 450, "dialogId": "chat450"}, "time": {"start": 1774449300, "finish": 1774449300.14, "duration": 0.14, "operating": 0}}"#,
    },
    Function {
        name: "MarkMessageAsReaded",
        name_ru: "ОтметитьСообщениеКакПрочитанное",
        c_symbol: "b24_mark_message_as_readed",
        section: SECTION,
        summary: "Marks a message and every earlier one in the dialog as read",
        params: &[URL, DIALOG, MESSAGE, TOKEN],
        action: change("im.dialog.read", dialog_and_message),
        example: answer!(r#"{"dialogId": 10, "chatId": 10, "lastId": 17682, "counter": 0}"#),
    },
    Function {
        name: "MarkMessageAsUnreaded",
        name_ru: "ОтметитьСообщениеКакНепрочитанное",
        c_symbol: "b24_mark_message_as_unreaded",
        section: SECTION,
        summary: "Marks a message and every later one in the dialog as unread",
        params: &[URL, DIALOG, MESSAGE, TOKEN],
        action: change("im.dialog.unread", dialog_and_message),
        example: answer!("true"),
    },
];

/// SendMessage → im.message.add: DIALOG_ID ← chat, MESSAGE ← text, ATTACH ← blocks, and the
/// keyboard, menu, system, urlpreview and reply options. Fields not given are left out.
fn send_message(args: &Args) -> Result<Payload> {
    let [attach, keyboard, menu, preview] = attachments(args);
    let text = ("MESSAGE", checked_text(args)?);
    let (system, reply) = (("SYSTEM", args.yes_no("system")), ("REPLY_ID", args.id_value("reply")));
    Ok(fields([("DIALOG_ID", args.id_value("chat")), text, attach, keyboard, menu, preview, system, reply])
        .into())
}

/// EditMessage → im.message.update: MESSAGE_ID ← message, and what is to change.
fn edit_message(args: &Args) -> Result<Payload> {
    let [attach, keyboard, menu, preview] = attachments(args);
    let text = ("MESSAGE", checked_text(args)?);
    Ok(fields([("MESSAGE_ID", args.id_value("message")), text, attach, keyboard, menu, preview]).into())
}

fn checked_text(args: &Args) -> Result<Option<Value>> {
    checked_text_of(args, "text")
}

/// A text that becomes a message, refused when the portal would cut it.
fn checked_text_of(args: &Args, key: &str) -> Result<Option<Value>> {
    let Some(text) = args.text(key) else { return Ok(None) };
    let length = text.chars().count();
    if length > MAX_TEXT_CHARS {
        return Err(Error::invalid(
            key,
            format!("is {length} characters long; Bitrix24 keeps {MAX_TEXT_CHARS} characters of a message and cuts the rest, so split it"),
        ));
    }
    Ok(Some(Value::String(text.to_string())))
}

/// ATTACH, KEYBOARD, MENU and URL_PREVIEW, which sending and editing share, in this order.
fn attachments(args: &Args) -> [(&'static str, Option<Value>); 4] {
    [
        ("ATTACH", args.json("blocks").cloned()),
        ("KEYBOARD", args.json("keyboard").cloned()),
        ("MENU", args.json("menu").cloned()),
        ("URL_PREVIEW", args.yes_no("urlpreview")),
    ]
}

fn message_only(args: &Args) -> Result<Payload> {
    Ok(fields([("MESSAGE_ID", args.id_value("message"))]).into())
}

fn dialog_and_message(args: &Args) -> Result<Payload> {
    Ok(fields([("DIALOG_ID", args.id_value("chat")), ("MESSAGE_ID", args.id_value("message"))]).into())
}

/// Whether each portal has im.v2.File.upload, as the portal itself said: older portals answer
/// ERROR_METHOD_NOT_FOUND. Bounded: forgetting only costs one more question.
pub(crate) static V2_UPLOAD: PerProcess<Mutex<HashMap<String, bool>>> = PerProcess::new(Default::default);
const MAX_REMEMBERED_PORTALS: usize = 1024;

/// Asks a portal not asked before whether it has im.v2.File.upload, with an empty file, so
/// that the real file travels once: to the one method that takes it. A portal that has the
/// method refuses the empty file (FILE_EMPTY) without posting anything.
///
/// Only a clear answer is remembered: FILE_EMPTY or a success (the portal took even the empty
/// file) mean it has the method, ERROR_METHOD_NOT_FOUND that it has not. Anything else (a 500,
/// ACCESS_DENIED, a proxy's page, a broken connection) says nothing about the method: this
/// call then takes the disk, which every portal has, and the next call asks again.
fn has_v2_upload(session: &Session, origin: &str, chat: &str, name: &str) -> Result<bool> {
    if let Some(known) = lock(&V2_UPLOAD).get(origin) {
        return Ok(*known);
    }
    let probe = fields([
        ("dialogId", Some(json!(format!("chat{chat}")))),
        ("fields", Some(json!({"name": name, "content": ""}))),
    ]);
    let answer = match session.send(&Request::change("im.v2.File.upload", probe)) {
        Ok(answer) => answer,
        // The call's time is spent: the disk's requests could not be sent either.
        Err(error @ (Error::Timeout(_) | Error::OutOfTime(_) | Error::RateLimited(_))) => return Err(error),
        Err(_) => return Ok(false),
    };
    let code = answer.error_code().map(|code| code.to_ascii_uppercase());
    let has = match code.as_deref() {
        Some("FILE_EMPTY") => true,
        Some("ERROR_METHOD_NOT_FOUND") => false,
        None if (200..300).contains(&answer.status) && answer.json().get("result").is_some() => true,
        _ => return Ok(false),
    };
    let mut known = lock(&V2_UPLOAD);
    if known.len() >= MAX_REMEMBERED_PORTALS {
        known.clear();
    }
    known.insert(origin.to_string(), has);
    Ok(has)
}

/// SendFile. With `fileid`, OPI's im.disk.file.commit of a file already in the chat's folder.
/// With `file`, the upload too: im.v2.File.upload in one request where the portal has it,
/// else the chat's folder, an upload into it, and the commit that posts it.
fn send_file(args: Args, session: &Session) -> Result<String> {
    let chat = chat_number(&args);
    let description = checked_text_of(&args, "description")?;
    if args.has("fileid") && args.has("file") {
        return Err(Error::invalid("file", "and fileid both name a file; give one of them"));
    }
    let Some(file) = args.file("file") else {
        let commit =
            fields([("CHAT_ID", chat), ("UPLOAD_ID", args.id_value("fileid")), ("MESSAGE", description)]);
        return Ok(session.send(&Request::change("im.disk.file.commit", commit))?.text);
    };
    let name = args.text("filename").map(str::to_string).or_else(|| file.name.clone()).ok_or_else(|| {
        Error::invalid(
            "filename",
            "is required when the file has no name of its own (BinaryData, base64 without name)",
        )
    })?;
    let with_file = |fields: Map<String, Value>| Payload::with_file(fields, "file", file.content.clone());
    let chat_text = chat.as_ref().and_then(Value::as_str).unwrap_or_default().to_string();

    let origin = session.origin();
    if has_v2_upload(session, &origin, &chat_text, &name)? {
        let mut upload = fields([("name", Some(json!(name))), ("content", Some(file_slot()))]);
        upload.extend(fields([("message", description.clone())]));
        let request = with_file(fields([
            ("dialogId", Some(json!(format!("chat{chat_text}")))),
            ("fields", Some(Value::Object(upload))),
        ]));
        return Ok(session.send(&Request::change("im.v2.File.upload", request))?.text);
    }

    let folder = session.send(&Request::read("im.disk.folder.get", fields([("CHAT_ID", chat.clone())])))?;
    if folder.error_code().is_some() {
        return Ok(folder.text);
    }
    let folder_id = result_id(&folder.json(), "im.disk.folder.get")?;
    let upload = with_file(fields([
        ("id", Some(folder_id)),
        ("data", Some(json!({"NAME": name}))),
        ("fileContent", Some(json!([name, file_slot()]))),
        ("generateUniqueName", Some(json!(true))),
    ]));
    let uploaded = session.send(&Request::change("disk.folder.uploadfile", upload))?;
    if uploaded.error_code().is_some() {
        return Ok(uploaded.text);
    }
    let file_id = result_id(&uploaded.json(), "disk.folder.uploadfile")?;
    let commit = fields([("CHAT_ID", chat), ("UPLOAD_ID", Some(file_id)), ("MESSAGE", description)]);
    Ok(session.send(&Request::change("im.disk.file.commit", commit))?.text)
}

/// `result.ID` of an answer, which the next step of a plan needs.
fn result_id(answer: &Value, method: &str) -> Result<Value> {
    match &answer["result"]["ID"] {
        id @ (Value::String(_) | Value::Number(_)) => Ok(id.clone()),
        _ => Err(Error::UnexpectedAnswer(format!(
            "{method} answered without result.ID, so the file could not be sent; nothing was posted"
        ))),
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}
