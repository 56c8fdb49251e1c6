//! Chat management: OPI's parameters mapped to im.chat.* and the chat's disk folder.

use serde_json::{json, Map, Value};

use super::args::Args;
use super::params::{optional, required, CHAT, TOKEN, URL, USER, USERS};
use super::{answer, change, chat_number, fields, read, Action, Function, Kind, EMPTY};
use crate::error::{Error, Result};
use crate::rest::{file_slot, Payload};

const SECTION: &str = "Chats and dialogs";

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "CreateChat",
        name_ru: "СоздатьЧат",
        c_symbol: "b24_create_chat",
        section: SECTION,
        summary: "Creates a chat from a structure of fields (see GetChatStructure)",
        params: &[
            URL,
            required(
                "fields",
                "ChatStructure",
                Kind::Object,
                "TYPE, TITLE, DESCRIPTION, COLOR, MESSAGE, USERS, AVATAR (a file: path, {name, base64}, or base64 text), OWNER_ID",
            ),
            TOKEN,
        ],
        action: change("im.chat.add", create_chat),
        example: answer!("3392"),
    },
    Function {
        name: "GetChatUsers",
        name_ru: "ПолучитьСписокПользователейЧата",
        c_symbol: "b24_get_chat_users",
        section: SECTION,
        summary: "Lists the ids of a chat's members",
        params: &[URL, CHAT, TOKEN],
        action: read("im.chat.user.list", chat_only),
        example: answer!("[1, 10]"),
    },
    Function {
        name: "LeaveChat",
        name_ru: "ПокинутьЧат",
        c_symbol: "b24_leave_chat",
        section: SECTION,
        summary: "The caller leaves a chat",
        params: &[URL, CHAT, TOKEN],
        action: change("im.chat.leave", chat_only),
        example: answer!("true"),
    },
    Function {
        name: "AddUsersToChat",
        name_ru: "ДобавитьПользователейВЧат",
        c_symbol: "b24_add_users_to_chat",
        section: SECTION,
        summary: "Adds users to a chat, optionally hiding its earlier messages from them",
        params: &[
            URL,
            CHAT,
            USERS,
            optional("hide", "HideHistory", Kind::Flag, "false", "hide earlier messages from the new members"),
            TOKEN,
        ],
        action: change("im.chat.user.add", add_users),
        example: answer!("true"),
    },
    Function {
        name: "DeleteUserFromChat",
        name_ru: "ИсключитьПользователяИзЧата",
        c_symbol: "b24_delete_user_from_chat",
        section: SECTION,
        summary: "Removes a member from a chat",
        params: &[URL, CHAT, USER, TOKEN],
        action: change("im.chat.user.delete", chat_and_user),
        example: answer!("true"),
    },
    Function {
        name: "ChangeChatTitle",
        name_ru: "ИзменитьЗаголовокЧата",
        c_symbol: "b24_change_chat_title",
        section: SECTION,
        summary: "Renames a chat",
        params: &[URL, CHAT, required("title", "Title", Kind::Text, "the new title"), TOKEN],
        action: change("im.chat.updateTitle", change_title),
        example: answer!("true"),
    },
    Function {
        name: "ChangeChatColor",
        name_ru: "ИзменитьЦветЧата",
        c_symbol: "b24_change_chat_color",
        section: SECTION,
        summary: "Changes a chat's colour",
        params: &[
            URL,
            CHAT,
            required(
                "color",
                "Color",
                Kind::Text,
                "RED, GREEN, MINT, LIGHT_BLUE, DARK_BLUE, PURPLE, AQUA, PINK, LIME, BROWN, AZURE, KHAKI, SAND, MARENGO, GRAY or GRAPHITE",
            ),
            TOKEN,
        ],
        action: change("im.chat.updateColor", change_color),
        example: answer!("true"),
    },
    Function {
        name: "ChangeChatPicture",
        name_ru: "ИзменитьКартинкуЧата",
        c_symbol: "b24_change_chat_picture",
        section: SECTION,
        summary: "Changes a chat's picture",
        params: &[
            URL,
            CHAT,
            required("picture", "Image", Kind::File, "the picture: a path, {\"name\", \"base64\"}, or 1C BinaryData"),
            TOKEN,
        ],
        action: change("im.chat.updateAvatar", change_picture),
        example: answer!("true"),
    },
    Function {
        name: "ChangeChatOwner",
        name_ru: "СменитьВладельцаЧата",
        c_symbol: "b24_change_chat_owner",
        section: SECTION,
        summary: "Makes another member the chat's owner",
        params: &[URL, CHAT, USER, TOKEN],
        action: change("im.chat.setOwner", chat_and_user),
        example: answer!("true"),
    },
    Function {
        name: "DisableChatNotifications",
        name_ru: "ОтключитьУведомленияЧата",
        c_symbol: "b24_disable_chat_notifications",
        section: SECTION,
        summary: "Mutes a chat for the caller",
        params: &[URL, CHAT, TOKEN],
        action: change("im.chat.mute", mute),
        example: answer!("true"),
    },
    Function {
        name: "EnableChatNotifications",
        name_ru: "ВключитьУведомленияЧата",
        c_symbol: "b24_enable_chat_notifications",
        section: SECTION,
        summary: "Unmutes a chat for the caller",
        params: &[URL, CHAT, TOKEN],
        action: change("im.chat.mute", unmute),
        example: answer!("true"),
    },
    Function {
        name: "GetChatFilesFolder",
        name_ru: "ПолучитьКаталогФайловЧата",
        c_symbol: "b24_get_chat_files_folder",
        section: SECTION,
        summary: "Gets the disk folder of a chat's files (its ID is UploadFileToFolder's folderid)",
        params: &[URL, CHAT, TOKEN],
        action: read("im.disk.folder.get", chat_only),
        example: answer!(r#"{"ID": 54334, "NAME": "chat3392", "STORAGE_ID": 6}"#),
    },
    Function {
        name: "GetChatStructure",
        name_ru: "ПолучитьСтруктуруЧата",
        c_symbol: "b24_get_chat_structure",
        section: SECTION,
        summary: "Gives the keys of CreateChat's fields, each with its meaning, or empty",
        params: &[EMPTY],
        action: Action::Local(chat_structure),
        example: r#"{"TYPE": "<Chat type OPEN (Public) | CHAT (Private)>", "TITLE": "<Chat title>"}"#,
    },
];

fn chat_only(args: &Args) -> Result<Payload> {
    Ok(fields([("CHAT_ID", chat_number(args))]).into())
}

fn chat_and_user(args: &Args) -> Result<Payload> {
    Ok(fields([("CHAT_ID", chat_number(args)), ("USER_ID", args.id_value("user"))]).into())
}

fn add_users(args: &Args) -> Result<Payload> {
    let hide = Some(args.yes_no("hide").unwrap_or_else(|| json!("N")));
    Ok(fields([("CHAT_ID", chat_number(args)), ("USERS", args.ids("users")), ("HIDE_HISTORY", hide)]).into())
}

fn change_title(args: &Args) -> Result<Payload> {
    Ok(fields([("CHAT_ID", chat_number(args)), ("TITLE", args.text_value("title"))]).into())
}

/// The colours the portal knows (OPI's ChangeChatColor page); checked here so that a typo is
/// named, not silently ignored.
const COLORS: [&str; 16] = [
    "RED",
    "GREEN",
    "MINT",
    "LIGHT_BLUE",
    "DARK_BLUE",
    "PURPLE",
    "AQUA",
    "PINK",
    "LIME",
    "BROWN",
    "AZURE",
    "KHAKI",
    "SAND",
    "MARENGO",
    "GRAY",
    "GRAPHITE",
];

fn change_color(args: &Args) -> Result<Payload> {
    let color = args.required_text("color").trim().to_ascii_uppercase();
    if !COLORS.contains(&color.as_str()) {
        return Err(Error::invalid("color", format!("must be one of {}", COLORS.join(", "))));
    }
    Ok(fields([("CHAT_ID", chat_number(args)), ("COLOR", Some(Value::String(color)))]).into())
}

fn change_picture(args: &Args) -> Result<Payload> {
    let picture = args.file("picture").ok_or_else(|| Error::invalid("picture", "is required"))?;
    let fields = fields([("CHAT_ID", chat_number(args)), ("AVATAR", Some(file_slot()))]);
    Ok(Payload::with_file(fields, "picture", picture.content.clone()))
}

fn mute(args: &Args) -> Result<Payload> {
    Ok(fields([("CHAT_ID", chat_number(args)), ("MUTE", Some(json!("Y")))]).into())
}

fn unmute(args: &Args) -> Result<Payload> {
    Ok(fields([("CHAT_ID", chat_number(args)), ("MUTE", Some(json!("N")))]).into())
}

/// CreateChat copies each key of `fields` as a top-level field, as OPI does. AVATAR may be a
/// file as anywhere else (a path or `{"name", "base64"}`) or, as in OPI, base64 text.
fn create_chat(args: &Args) -> Result<Payload> {
    let mut fields: Map<String, Value> =
        args.json("fields").and_then(Value::as_object).cloned().unwrap_or_default();
    let avatar_key = fields.keys().find(|key| key.eq_ignore_ascii_case("AVATAR")).cloned();
    let mut file = None;
    if let Some(key) = avatar_key {
        match fields.remove(&key) {
            Some(Value::Null) => {}
            Some(Value::String(text)) if text.is_empty() => {}
            Some(value) => {
                file = Some(("fields", avatar(value)?));
                fields.insert("AVATAR".into(), file_slot());
            }
            None => {}
        }
    }
    if let Some(key) = fields.keys().find(|key| key.eq_ignore_ascii_case("USERS")).cloned() {
        if let Some(Value::String(text)) = fields.get(&key) {
            if text.trim_start().starts_with('[') {
                let users = serde_json::from_str(text)
                    .map_err(|_| Error::invalid("fields", "has USERS text that is not a JSON array"))?;
                fields.insert(key, users);
            }
        }
    }
    Ok(Payload { fields, files: file.into_iter().collect() })
}

/// An avatar in CreateChat's fields: a readable path, `{"name", "base64"}`, or base64 text.
fn avatar(value: Value) -> Result<crate::rest::FileContent> {
    match value {
        Value::String(text) if std::path::Path::new(&text).is_file() => {
            Ok(super::files::parse("fields", Value::String(text))?.content)
        }
        Value::String(text) => {
            let (text, _) = super::files::base64("fields", text).map_err(|_| {
                Error::invalid("fields", "has an AVATAR that is neither a readable file nor base64 text")
            })?;
            Ok(crate::rest::FileContent::Base64(text))
        }
        other => Ok(super::files::parse("fields", other)?.content),
    }
}

/// The keys of CreateChat's fields, in OPI's order, with OPI's descriptions.
const CHAT_FIELDS: [(&str, &str); 8] = [
    ("TYPE", "<Chat type OPEN (Public) | CHAT (Private)>"),
    ("TITLE", "<Chat title>"),
    ("DESCRIPTION", "<Chat description>"),
    ("COLOR", "<Chat color: RED, GREEN, MINT, LIGHT_BLUE, DARK_BLUE, PURPLE, AQUA, ...>"),
    ("MESSAGE", "<First chat message>"),
    ("USERS", "<Chat members array>"),
    ("AVATAR", "<Base64 chat picture>"),
    ("OWNER_ID", "<ID of chat owner. Current user by default>"),
];

fn chat_structure(args: &Args) -> Result<Value> {
    Ok(super::structure(&CHAT_FIELDS, args))
}
