//! Chat bots 2.0 in `fetch` mode (`imbot.v2.*`): a bot that reads its events by polling, so
//! that a program without a public address (a 1C server behind a firewall) can run one. Every
//! call acts as the bot: `bot` names it and, under webhook auth, `bottoken` proves ownership.
//! The token is a secret like the webhook code: it goes into the request and nowhere else.

use std::time::{Duration, Instant};

use serde_json::{json, Map, Value};

use super::args::Args;
use super::params::{optional, required, BLOCKS, KEYBOARD, TOKEN, URL};
use super::{answer, change, fields, Action, Function, Kind, Param, Presence};
use crate::error::{Error, Result};
use crate::rest::{Payload, Request, Session};

const SECTION: &str = "Chat bots";

/// The most characters of a bot token the portal keeps (`bot-register.md`, BOT-BC-0506-1).
pub const MAX_BOT_TOKEN: usize = 40;

/// How often a waiting call polls one queue: the docs' floor between two reads of a bot's
/// events (`events/event-get.md`: "hasMore=true → next call after ≥ 2 s").
pub const POLL_EVERY: Duration = Duration::from_secs(2);

const BOT: Param = required("bot", "BotID", Kind::Id, "the bot's id (bot.id of RegisterBot's answer)");

pub(crate) const BOT_TOKEN: Param = Param {
    key: "bottoken",
    opi_name: "BotToken",
    kind: Kind::Text,
    presence: Presence::RequiredUnless("token"),
    default: "",
    meaning: "the bot's token (at most 40 characters), chosen at registration; needed with a webhook URL, a secret like the webhook code",
};

const DIALOG: Param =
    required("chat", "ChatID", Kind::Id, "the dialog: a user id (private dialog with the bot) or chatN");

const TEXT: Param = Param {
    key: "text",
    opi_name: "Text",
    kind: Kind::Text,
    presence: Presence::RequiredUnless("blocks"),
    default: "",
    meaning: "message text (BB codes allowed), at most 20,000 characters",
};

const MESSAGE: Param = required("message", "MessageID", Kind::Id, "message id");

pub(crate) const OFFSET: Param = optional(
    "offset",
    "Offset",
    Kind::Id,
    "none: every event not yet acknowledged",
    "nextOffset of the previous answer, stored once its events are handled: acknowledges every event below it",
);

pub(crate) const LIMIT: Param = optional("limit", "Limit", Kind::Id, "100", "events at most, 1 to 1000");

pub(crate) const WAIT: Param = optional(
    "wait",
    "Wait",
    Kind::Seconds,
    "0: one read",
    "seconds to wait for events, shorter than timeout: the call polls every 2 s and returns as soon as events come",
);

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "RegisterBot",
        name_ru: "ЗарегистрироватьБота",
        c_symbol: "b24_register_bot",
        section: SECTION,
        summary: "Registers a chat bot that reads its events by polling (eventMode fetch); the same code again gives the same bot",
        params: &[
            URL,
            required("code", "Code", Kind::Text, "the bot's code, unique in the application: registering it again returns the bot"),
            required("name", "Name", Kind::Text, "the bot's name in chats"),
            BOT_TOKEN,
            optional("type", "Type", Kind::Text, "bot", "bot, supervisor, personal or openline"),
            optional(
                "properties",
                "Properties",
                Kind::Object,
                "none",
                "the bot's other properties: lastName, workPosition, color, gender, avatar (base64)",
            ),
            TOKEN,
        ],
        action: change("imbot.v2.Bot.register", register),
        example: answer!(
            r#"{"bot": {"id": 456, "code": "support_bot", "type": "bot", "isHidden": false, "isSupportOpenline": false, "isReactionsEnabled": true, "backgroundId": null, "language": "en", "moduleId": "rest", "eventMode": "fetch", "countMessage": 0, "countCommand": 0, "countChat": 0, "countUser": 0}, "users": [{"id": 456, "active": true, "name": "Support Bot", "bot": true, "type": "bot"}]}"#
        ),
    },
    Function {
        name: "UpdateBot",
        name_ru: "ИзменитьБота",
        c_symbol: "b24_update_bot",
        section: SECTION,
        summary: "Changes a bot's name and properties",
        params: &[
            URL,
            BOT,
            BOT_TOKEN,
            optional("name", "Name", Kind::Text, "unchanged", "the bot's new name"),
            optional("properties", "Properties", Kind::Object, "unchanged", "properties to change: lastName, workPosition, color, gender, avatar"),
            TOKEN,
        ],
        action: change("imbot.v2.Bot.update", update),
        example: answer!(r#"{"bot": {"id": 456, "code": "support_bot", "eventMode": "fetch"}, "users": [{"id": 456, "name": "Support Bot"}]}"#),
    },
    Function {
        name: "UnregisterBot",
        name_ru: "УдалитьБота",
        c_symbol: "b24_unregister_bot",
        section: SECTION,
        summary: "Deletes a bot with its commands and events",
        params: &[URL, BOT, BOT_TOKEN, TOKEN],
        action: change("imbot.v2.Bot.unregister", bot_only),
        example: answer!(r#"{"result": true}"#),
    },
    Function {
        name: "SendBotMessage",
        name_ru: "ОтправитьСообщениеБота",
        c_symbol: "b24_send_bot_message",
        section: SECTION,
        summary: "Sends a message as the bot to a dialog (the event's chat.dialogId)",
        params: &[URL, BOT, BOT_TOKEN, DIALOG, TEXT, BLOCKS, KEYBOARD, TOKEN],
        action: change("imbot.v2.Chat.Message.send", send),
        example: answer!(r#"{"id": 789, "uuidMap": {}}"#),
    },
    Function {
        name: "EditBotMessage",
        name_ru: "ИзменитьСообщениеБота",
        c_symbol: "b24_edit_bot_message",
        section: SECTION,
        summary: "Changes the text, attachments or keyboard of a message the bot sent",
        params: &[
            URL,
            BOT,
            BOT_TOKEN,
            MESSAGE,
            optional("text", "Text", Kind::Text, "unchanged", "the new text"),
            BLOCKS,
            KEYBOARD,
            TOKEN,
        ],
        action: change("imbot.v2.Chat.Message.update", edit),
        example: answer!(r#"{"result": true}"#),
    },
    Function {
        name: "DeleteBotMessage",
        name_ru: "УдалитьСообщениеБота",
        c_symbol: "b24_delete_bot_message",
        section: SECTION,
        summary: "Deletes a message the bot sent",
        params: &[URL, BOT, BOT_TOKEN, MESSAGE, TOKEN],
        action: change("imbot.v2.Chat.Message.delete", delete),
        example: answer!(r#"{"result": true}"#),
    },
    Function {
        name: "RegisterBotCommand",
        name_ru: "ЗарегистрироватьКомандуБота",
        c_symbol: "b24_register_bot_command",
        section: SECTION,
        summary: "Registers a slash command of the bot (registering it again returns it unchanged)",
        params: &[
            URL,
            BOT,
            BOT_TOKEN,
            required("command", "Command", Kind::Text, "the command without the slash, e.g. help"),
            required("title", "Title", Kind::Object, "what the command does, by language: {\"en\": \"Help\", \"ru\": \"Помощь\"}"),
            optional("params", "Params", Kind::Object, "none", "what the command takes, by language: {\"en\": \"topic\"}"),
            TOKEN,
        ],
        action: change("imbot.v2.Command.register", register_command),
        example: answer!(r#"{"command": {"id": 78, "botId": 456, "command": "/help", "common": false, "hidden": false, "extranetSupport": false}}"#),
    },
    Function {
        name: "AnswerBotCommand",
        name_ru: "ОтветитьНаКомандуБота",
        c_symbol: "b24_answer_bot_command",
        section: SECTION,
        summary: "Answers a command a user gave (an ONIMBOTV2COMMANDADD event) in its dialog",
        params: &[
            URL,
            BOT,
            BOT_TOKEN,
            required("command", "CommandID", Kind::Id, "the command's id: command.id of the event"),
            required("message", "MessageID", Kind::Id, "the message that gave the command: message.id of the event"),
            DIALOG,
            TEXT,
            BLOCKS,
            TOKEN,
        ],
        action: change("imbot.v2.Command.answer", answer_command),
        example: answer!(r#"{"result": true}"#),
    },
    Function {
        name: "GetBotEvents",
        name_ru: "ПолучитьСобытияБота",
        c_symbol: "b24_get_bot_events",
        section: SECTION,
        summary: "Reads the bot's events from the given offset, waiting for them up to wait seconds; acknowledges only what offset says",
        params: &[URL, BOT, BOT_TOKEN, OFFSET, LIMIT, WAIT, TOKEN],
        action: Action::Plan { shown: "imbot.v2.Event.get", run: bot_events },
        example: answer!(
            r#"{"events": [{"eventId": 1001, "type": "ONIMBOTV2MESSAGEADD", "date": "2025-01-15T10:30:00+02:00", "data": {"message": {"id": 789, "chatId": 5, "authorId": 1, "text": "Hello bot!"}, "chat": {"id": 5, "dialogId": "1", "type": "private"}, "user": {"id": 1, "name": "John Smith"}, "language": "en"}}], "nextOffset": 1002, "hasMore": false}"#
        ),
    },
];

/// An id as the bot API takes it: a number when it is one (`botId: 456`), else the text.
pub(crate) fn number(args: &Args, key: &str) -> Option<Value> {
    let id = args.id(key)?;
    Some(id.parse::<u64>().map_or(Value::String(id), Value::from))
}

/// `botId` and `botToken`, first in every request of the bot, as the docs' examples put them.
/// A token is refused here, before anything is sent, when the portal would refuse it.
fn bot_fields(args: &Args) -> Result<Map<String, Value>> {
    let token = args.text("bottoken");
    if let Some(token) = token {
        let length = token.chars().count();
        if length > MAX_BOT_TOKEN {
            return Err(Error::invalid(
                "bottoken",
                format!("is {length} characters long; a bot token has at most {MAX_BOT_TOKEN}"),
            ));
        }
    }
    Ok(fields([("botId", number(args, "bot")), ("botToken", token.map(Value::from))]))
}

/// `fields` of a message: text, attachments, keyboard, as the bot API names them.
fn message_fields(args: &Args, text_key: &str) -> Map<String, Value> {
    fields([
        (text_key, args.text_value("text")),
        ("attach", args.json("blocks").cloned()),
        ("keyboard", args.json("keyboard").cloned()),
    ])
}

/// The bot's properties: `name` first, then the rest as given.
fn properties(args: &Args) -> Option<Value> {
    let mut properties = fields([("name", args.text_value("name"))]);
    if let Some(Value::Object(rest)) = args.json("properties") {
        for (key, value) in rest {
            properties.entry(key.clone()).or_insert_with(|| value.clone());
        }
    }
    (!properties.is_empty()).then_some(Value::Object(properties))
}

/// The token goes both inside `fields` (the method's page) and beside it (the quick start),
/// since the docs disagree and the portal reads one of them.
fn register(args: &Args) -> Result<Payload> {
    let mut request = bot_fields(args)?;
    let registration = fields([
        ("code", args.text_value("code")),
        ("botToken", args.text_value("bottoken")),
        ("properties", properties(args)),
        ("type", Some(args.text_value("type").unwrap_or_else(|| json!("bot")))),
        ("eventMode", Some(json!("fetch"))),
    ]);
    request.insert("fields".into(), Value::Object(registration));
    Ok(request.into())
}

fn update(args: &Args) -> Result<Payload> {
    let mut request = bot_fields(args)?;
    request.insert("fields".into(), Value::Object(fields([("properties", properties(args))])));
    Ok(request.into())
}

fn bot_only(args: &Args) -> Result<Payload> {
    Ok(bot_fields(args)?.into())
}

fn send(args: &Args) -> Result<Payload> {
    let mut request = bot_fields(args)?;
    request.extend(fields([("dialogId", args.id_value("chat"))]));
    request.insert("fields".into(), Value::Object(message_fields(args, "message")));
    Ok(request.into())
}

fn edit(args: &Args) -> Result<Payload> {
    let mut request = bot_fields(args)?;
    request.extend(fields([("messageId", number(args, "message"))]));
    request.insert("fields".into(), Value::Object(message_fields(args, "message")));
    Ok(request.into())
}

fn delete(args: &Args) -> Result<Payload> {
    let mut request = bot_fields(args)?;
    request.extend(fields([("messageId", number(args, "message"))]));
    Ok(request.into())
}

fn register_command(args: &Args) -> Result<Payload> {
    let mut request = bot_fields(args)?;
    let command = args.required_text("command").trim().trim_start_matches('/').to_string();
    if command.is_empty() || command.chars().any(char::is_whitespace) {
        return Err(Error::invalid("command", "must be one word without the slash, e.g. help"));
    }
    let registration = fields([
        ("command", Some(Value::String(command))),
        ("title", args.json("title").cloned()),
        ("params", args.json("params").cloned()),
    ]);
    request.insert("fields".into(), Value::Object(registration));
    Ok(request.into())
}

fn answer_command(args: &Args) -> Result<Payload> {
    let mut request = bot_fields(args)?;
    request.extend(fields([
        ("commandId", number(args, "command")),
        ("messageId", number(args, "message")),
        ("dialogId", args.id_value("chat")),
    ]));
    request.insert("fields".into(), Value::Object(message_fields(args, "message")));
    Ok(request.into())
}

/// `offset` and `limit` of an event read, as numbers.
pub(crate) fn cursor(args: &Args) -> Map<String, Value> {
    fields([("offset", number(args, "offset")), ("limit", number(args, "limit"))])
}

fn bot_events(args: Args, session: &Session) -> Result<String> {
    let mut request = bot_fields(&args)?;
    request.extend(cursor(&args));
    let queue = format!("bot {}", args.id("bot").unwrap_or_default());
    read_events(&args, session, Request::read("imbot.v2.Event.get", request), &queue)
}

/// One read of an event queue, or, with `wait`, polls of it until events come or `wait`
/// passes. The offset sent is the caller's, every time: nothing is acknowledged that the
/// caller was not handed and did not pass back.
pub(crate) fn read_events(args: &Args, session: &Session, request: Request, queue: &str) -> Result<String> {
    let Some(wait) = args.duration("wait") else {
        return Ok(session.send(&request)?.text);
    };
    let timeout = args.duration("timeout").unwrap_or(crate::rest::DEFAULT_TIMEOUT);
    if wait >= timeout {
        return Err(Error::invalid(
            "wait",
            format!(
                "must be shorter than the call's timeout ({} s), which bounds the whole wait",
                timeout.as_secs_f64()
            ),
        ));
    }
    let until = Instant::now() + wait;
    let has_events = |answer: &crate::rest::Answer| {
        answer
            .json()
            .pointer("/result/events")
            .and_then(Value::as_array)
            .is_some_and(|events| !events.is_empty())
    };
    Ok(session.poll(&request, queue, POLL_EVERY, until, has_events)?.text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::functions::find;

    fn payload(name: &str, input: Value) -> Result<Value> {
        let function = find(name).unwrap();
        let args = Args::parse(function, input)?;
        let Action::Rest(rest) = &function.action else { panic!("{name} is one request") };
        Ok(Value::Object((rest.fields)(&args)?.fields))
    }

    #[test]
    fn a_token_longer_than_the_portal_keeps_is_refused_without_showing_it() {
        let token = "t".repeat(41);
        let error = payload("UnregisterBot", json!({"url": "u", "bot": 5, "bottoken": token})).unwrap_err();
        assert_eq!(error.code(), "B24_INVALID_PARAMETER");
        assert!(error.to_string().contains("41 characters") && !error.to_string().contains("ttttt"));
        assert!(payload("UnregisterBot", json!({"url": "u", "bot": 5, "bottoken": "t".repeat(40)})).is_ok());
    }

    #[test]
    fn a_webhook_call_needs_the_token_and_an_oauth_call_does_not() {
        let error = payload("UnregisterBot", json!({"url": "u", "bot": 5})).unwrap_err();
        assert!(error.to_string().contains("'bottoken'"), "{error}");
        assert_eq!(
            payload("UnregisterBot", json!({"url": "u", "bot": 5, "token": "x"})).unwrap(),
            json!({"botId": 5})
        );
    }

    #[test]
    fn registration_asks_for_fetch_mode_with_the_name_first_in_properties() {
        let sent = payload(
            "RegisterBot",
            json!({"url": "u", "code": "c", "name": "N", "bottoken": "b", "properties": {"color": "AQUA", "name": "x"}}),
        )
        .unwrap();
        assert_eq!(
            sent,
            json!({"botToken": "b", "fields": {"code": "c", "botToken": "b",
                "properties": {"name": "N", "color": "AQUA"}, "type": "bot", "eventMode": "fetch"}})
        );
        let keys: Vec<&String> = sent["fields"].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["code", "botToken", "properties", "type", "eventMode"]);
    }
}
