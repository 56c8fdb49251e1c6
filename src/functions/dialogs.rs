//! Dialogs and users: history, members, the typing sign, read marks and statuses
//! (im.dialog.*, im.user.*). A dialog is `chatN`, `sgN` or a user id.

use serde_json::Value;

use super::args::Args;
use super::params::{optional, required, DIALOG, TOKEN, URL, USERS};
use super::{answer, change, fields, list, no_fields, read, Function, Kind};
use crate::error::{Error, Result};
use crate::rest::list::ListShape;
use crate::rest::Payload;

const SECTION: &str = "Chats and dialogs";

/// im.dialog.messages.get: `result.messages` with `id`; FIRST_ID asks for the messages after
/// one, oldest first, LIMIT of them (at most 50).
static MESSAGES_LIST: ListShape = ListShape::after("messages", "id", "FIRST_ID", "LIMIT");

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "GetUsers",
        name_ru: "ПолучитьПользователей",
        c_symbol: "b24_get_users",
        section: SECTION,
        summary: "Gets users' data by their ids",
        params: &[URL, USERS, TOKEN],
        action: read("im.user.list.get", users),
        example: answer!(r#"{"1": {"id": 1, "name": "Anton", "active": true}}"#),
    },
    Function {
        name: "GetChatMessagesList",
        name_ru: "ПолучитьСписокСообщенийЧата",
        c_symbol: "b24_get_chat_messages_list",
        section: SECTION,
        summary: "Reads a dialog's messages, 20 at a time, before last or after first",
        params: &[
            URL,
            DIALOG,
            optional("last", "LastID", Kind::Id, "none", "messages before this id (older ones)"),
            optional(
                "first",
                "FirstID",
                Kind::Id,
                "none",
                "messages after this id (newer ones); 0 reads from the start",
            ),
            TOKEN,
        ],
        action: list("im.dialog.messages.get", messages_list, &MESSAGES_LIST),
        example: answer!(
            r#"{"chat_id": 450, "messages": [{"id": 17682, "chat_id": 450, "author_id": 1, "text": "Hello", "params": []}], "users": [], "files": []}"#
        ),
    },
    Function {
        name: "GetDialog",
        name_ru: "ПолучитьДиалог",
        c_symbol: "b24_get_dialog",
        section: SECTION,
        summary: "Gets a dialog's data: chat, title, owner, counters",
        params: &[URL, DIALOG, TOKEN],
        action: read("im.dialog.get", dialog_only),
        example: answer!(
            r#"{"id": 450, "name": "Chat", "owner": 1, "type": "chat", "dialog_id": "chat450"}"#
        ),
    },
    Function {
        name: "GetChatMembersList",
        name_ru: "ПолучитьСписокПользователейДиалога",
        c_symbol: "b24_get_chat_members_list",
        section: SECTION,
        summary: "Lists a dialog's members with their data",
        params: &[URL, DIALOG, TOKEN],
        action: read("im.dialog.users.list", dialog_only),
        example: answer!(r#"[{"id": 1, "name": "Anton", "active": true}]"#),
    },
    Function {
        name: "SendWritingNotification",
        name_ru: "ОтправитьУведомлениеОВводе",
        c_symbol: "b24_send_writing_notification",
        section: SECTION,
        summary: "Shows \"typing…\" in a dialog",
        params: &[URL, DIALOG, TOKEN],
        action: change("im.dialog.writing", dialog_only),
        example: answer!("true"),
    },
    Function {
        name: "GetUserStatus",
        name_ru: "ПолучитьСтатусПользователя",
        c_symbol: "b24_get_user_status",
        section: SECTION,
        summary: "Gets the caller's status: online, dnd or away",
        params: &[URL, TOKEN],
        action: read("im.user.status.get", no_fields),
        example: answer!(r#""online""#),
    },
    Function {
        name: "SetUserStatus",
        name_ru: "УстановитьСтатусПользователя",
        c_symbol: "b24_set_user_status",
        section: SECTION,
        summary: "Sets the caller's status: online, dnd or away",
        params: &[URL, required("status", "Status", Kind::Text, "online, dnd or away"), TOKEN],
        action: change("im.user.status.set", set_status),
        example: answer!("true"),
    },
    Function {
        name: "ReadAll",
        name_ru: "ПрочитатьВсе",
        c_symbol: "b24_read_all",
        section: SECTION,
        summary: "Marks every message of every dialog as read for the caller",
        params: &[URL, TOKEN],
        action: change("im.dialog.read.all", no_fields),
        example: answer!("true"),
    },
];

fn users(args: &Args) -> Result<Payload> {
    Ok(fields([("ID", args.ids("users"))]).into())
}

fn messages_list(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("DIALOG_ID", args.id_value("chat")),
        ("LAST_ID", args.id_value("last")),
        ("FIRST_ID", args.id_value("first")),
    ])
    .into())
}

fn dialog_only(args: &Args) -> Result<Payload> {
    Ok(fields([("DIALOG_ID", args.id_value("chat"))]).into())
}

const STATUSES: [&str; 3] = ["online", "dnd", "away"];

fn set_status(args: &Args) -> Result<Payload> {
    let status = args.required_text("status").trim().to_ascii_lowercase();
    if !STATUSES.contains(&status.as_str()) {
        return Err(Error::invalid("status", "must be online, dnd or away"));
    }
    Ok(fields([("STATUS", Some(Value::String(status)))]).into())
}
