//! Notifications: personal (from the caller) and system ones, and their removal
//! (im.notify.*).

use super::args::Args;
use super::params::{required, BLOCKS, TAG, TOKEN, URL, USER};
use super::{answer, change, fields, Function, Kind};
use crate::error::Result;
use crate::rest::Payload;

const SECTION: &str = "Notifications";

const TEXT: super::Param = required("text", "Text", Kind::Text, "the notification's text, BB codes allowed");

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "CreatePersonalNotification",
        name_ru: "СоздатьПерсональноеУведомление",
        c_symbol: "b24_create_personal_notification",
        section: SECTION,
        summary: "Sends a user a notification from the caller",
        params: &[URL, USER, TEXT, TAG, BLOCKS, TOKEN],
        action: change("im.notify.personal.add", notification),
        example: answer!("85168"),
    },
    Function {
        name: "CreateSystemNotification",
        name_ru: "СоздатьСистемноеУведомление",
        c_symbol: "b24_create_system_notification",
        section: SECTION,
        summary: "Sends a user a system notification",
        params: &[URL, USER, TEXT, TAG, BLOCKS, TOKEN],
        action: change("im.notify.system.add", notification),
        example: answer!("64740"),
    },
    Function {
        name: "DeleteNotification",
        name_ru: "УдалитьУведомление",
        c_symbol: "b24_delete_notification",
        section: SECTION,
        summary: "Deletes a notification",
        params: &[URL, required("notif", "NotificationID", Kind::Id, "notification id"), TOKEN],
        action: change("im.notify.delete", delete),
        example: answer!("true"),
    },
];

fn notification(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("USER_ID", args.id_value("user")),
        ("MESSAGE", args.text_value("text")),
        ("TAG", args.text_value("tag")),
        ("ATTACH", args.json("blocks").cloned()),
    ])
    .into())
}

fn delete(args: &Args) -> Result<Payload> {
    Ok(fields([("ID", args.id_value("notif"))]).into())
}
