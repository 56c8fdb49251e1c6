//! Chat bots 2.0 (`imbot.v2.*`, `api-reference/chat-bots/chat-bots-v2/`): registration
//! (idempotent by `code`), the bot's token and ownership, messages and commands, and each bot's
//! event queue, fed by [`on_message`] whenever a message is stored: a message in a bot's private
//! dialog, or in a chat it is in when it is mentioned (`[USER=id]`) or is a supervisor or
//! personal bot, becomes ONIMBOTV2MESSAGEADD (ONIMBOTV2COMMANDADD for a registered /command)
//! with the facts file's payload.
//!
//! Bots are not CRUD records but identities with queues, so they live here rather than in the
//! entity engine. Every `imbot.v2` request of one application draws from a bucket of 2 with a
//! drain of 2 a second (`index.md#limits`: 2 requests a second per application); above it the
//! request is refused with 429 before it runs.

use std::collections::BTreeMap;
use std::time::Instant;

use serde_json::{json, Map, Value};

use super::events::EventQueue;
use super::{err, param, Answer, ApiError, Ctx};
use crate::sandbox::state::{dialog_chat_id, PostedMessage, Store};

/// The longest token the portal keeps (`bot-register.md`, BOT-BC-0506-1).
const MAX_TOKEN: usize = 40;
/// Bot user ids start here, above the seeded users.
const FIRST_BOT: u64 = 456;

#[derive(Debug)]
pub(crate) struct Bot {
    pub id: u64,
    code: String,
    token: Option<String>,
    /// The application that registered it: only it may act as the bot.
    app: String,
    kind: String,
    properties: Map<String, Value>,
    pub queue: EventQueue,
}

#[derive(Debug)]
struct Command {
    id: u64,
    bot: u64,
    command: String,
    title: Value,
    params: Value,
}

#[derive(Debug, Default)]
pub(crate) struct Bots {
    pub bots: BTreeMap<u64, Bot>,
    commands: BTreeMap<u64, Command>,
    last_bot: u64,
    last_command: u64,
    /// Per application: the bucket's level and when it was last drained.
    buckets: BTreeMap<String, (f64, Option<Instant>)>,
    /// `imbot.v2.Event.get` requests answered, and requests refused with 429.
    pub polls: usize,
    pub refusals: usize,
}

impl Bots {
    /// Forgets the bots; ids go on.
    pub fn clear(&mut self) {
        self.bots.clear();
        self.commands.clear();
        self.buckets.clear();
    }

    /// Counts one request of `app` into its bucket; false when it must be refused.
    fn admit(&mut self, app: &str, now: Instant) -> bool {
        const BURST: f64 = 2.0;
        const PER_SECOND: f64 = 2.0;
        let (level, at) = self.buckets.entry(app.to_string()).or_insert((0.0, None));
        let drained = at.map_or(0.0, |at| now.saturating_duration_since(at).as_secs_f64() * PER_SECOND);
        *level = (*level - drained).max(0.0);
        *at = Some(now);
        if *level + 1.0 > BURST {
            self.refusals += 1;
            return false;
        }
        *level += 1.0;
        true
    }
}

fn app_of(ctx: &Ctx) -> String {
    if ctx.oauth {
        "oauth".to_string()
    } else {
        format!("webhook{}", ctx.caller)
    }
}

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let verb = method.strip_prefix("imbot.v2.")?;
    let app = app_of(ctx);
    let mut store = ctx.store();
    if !store.bots.admit(&app, Instant::now()) {
        return Some(Err(err(429, "QUERY_LIMIT_EXCEEDED", "Too many requests")));
    }
    let now = ctx.now_secs();
    Some(match verb {
        "bot.register" => register(ctx, &mut store, &app, fields),
        "bot.update" => update(ctx, &mut store, &app, fields),
        "bot.unregister" => owned(ctx, &store, &app, fields).map(|bot| {
            store.bots.bots.remove(&bot);
            store.bots.commands.retain(|_, command| command.bot != bot);
            json!({"result": true}).into()
        }),
        "chat.message.send" => owned(ctx, &store, &app, fields).and_then(|bot| {
            let dialog = dialog(fields)?;
            let id = post(&mut store, bot, &dialog, fields, now)?;
            Ok(json!({"id": id, "uuidMap": {}}).into())
        }),
        "chat.message.update" => owned(ctx, &store, &app, fields).and_then(|bot| {
            let message = own_message(&mut store, bot, fields)?;
            let given = param(fields, "fields").cloned().unwrap_or(Value::Null);
            if let Some(text) = param(&given, "message").and_then(Value::as_str) {
                message.message = Some(text.to_string());
                message.edited = true;
            }
            if let Some(attach) = param(&given, "attach") {
                message.attach = Some(attach.clone());
            }
            if let Some(keyboard) = param(&given, "keyboard") {
                message.keyboard = (keyboard != "N").then(|| keyboard.clone());
            }
            Ok(json!({"result": true}).into())
        }),
        "chat.message.delete" => owned(ctx, &store, &app, fields).and_then(|bot| {
            super::messages::mark_deleted(own_message(&mut store, bot, fields)?);
            Ok(json!({"result": true}).into())
        }),
        "command.register" => {
            owned(ctx, &store, &app, fields).and_then(|bot| register_command(&mut store, bot, fields))
        }
        "command.answer" => owned(ctx, &store, &app, fields).and_then(|bot| {
            // The command must be this bot's; the answer goes to the dialog the caller names.
            super::id_param(fields, "commandId")
                .filter(|id| store.bots.commands.get(id).is_some_and(|command| command.bot == bot))
                .ok_or_else(|| err(400, "COMMAND_NOT_FOUND", "Command not found"))?;
            super::id_param(fields, "messageId")
                .filter(|id| store.data.messages.contains_key(id))
                .ok_or_else(|| err(400, "COMMAND_ANSWER_FAILED", "Message not found"))?;
            let dialog = dialog(fields)?;
            post(&mut store, bot, &dialog, fields, now)?;
            Ok(json!({"result": true}).into())
        }),
        "event.get" => owned(ctx, &store, &app, fields).and_then(|bot| {
            store.bots.polls += 1;
            store.bots.bots.get_mut(&bot).map_or_else(|| Err(not_found()), |bot| bot.queue.read(fields))
        }),
        _ => return None,
    })
}

fn not_found() -> ApiError {
    err(400, "BOT_NOT_FOUND", "Bot not found")
}

/// The bot the request names, if its caller owns it: the application that registered it and,
/// under webhook auth, the bot's token.
fn owned(ctx: &Ctx, store: &Store, app: &str, fields: &Value) -> Result<u64, ApiError> {
    let token = super::text(fields, "botToken").filter(|token| !token.is_empty());
    if !ctx.oauth && token.is_none() {
        return Err(err(400, "BOT_TOKEN_NOT_SPECIFIED", "Bot token is not specified"));
    }
    let id =
        super::id_param(fields, "botId").ok_or_else(|| err(400, "BOT_ID_REQUIRED", "Bot id is required"))?;
    let bot = store.bots.bots.get(&id).ok_or_else(not_found)?;
    if bot.app != app || (!ctx.oauth && bot.token != token) {
        return Err(err(403, "BOT_OWNERSHIP_ERROR", "The bot belongs to another application"));
    }
    Ok(id)
}

fn token_length(token: Option<&String>) -> Result<(), ApiError> {
    match token {
        Some(token) if token.chars().count() > MAX_TOKEN => {
            Err(err(400, "BOT_TOKEN_INVALID_LENGTH", "Bot token must be at most 40 characters"))
        }
        _ => Ok(()),
    }
}

fn register(ctx: &Ctx, store: &mut Store, app: &str, fields: &Value) -> Answer {
    let given = param(fields, "fields").cloned().unwrap_or(Value::Null);
    // The docs put the token inside `fields` (method page) and beside it (quick start).
    let token =
        super::text(&given, "botToken").or_else(|| super::text(fields, "botToken")).filter(|t| !t.is_empty());
    if !ctx.oauth && token.is_none() {
        return Err(err(400, "BOT_TOKEN_NOT_SPECIFIED", "Bot token is not specified"));
    }
    token_length(token.as_ref())?;
    let code = super::text(&given, "code").filter(|code| !code.trim().is_empty());
    let code = code.ok_or_else(|| err(400, "BOT_CODE_REQUIRED", "Bot code is required"))?;
    if let Some(bot) = store.bots.bots.values().find(|bot| bot.code == code) {
        if bot.app != app {
            return Err(err(400, "BOT_CODE_ALREADY_TAKEN", "The code is taken by another application"));
        }
        // Registering again returns the bot as it is, new data or not.
        return Ok(bot_answer(bot).into());
    }
    let properties = match param(&given, "properties") {
        Some(Value::Object(properties)) if properties.get("name").is_some_and(|name| name != "") => {
            properties.clone()
        }
        _ => return Err(err(400, "BOT_PROPERTIES_REQUIRED", "Bot properties with a name are required")),
    };
    let kind = super::text(&given, "type").unwrap_or_else(|| "bot".into());
    if !["bot", "supervisor", "personal", "openline", "network"].contains(&kind.as_str()) {
        return Err(err(
            400,
            "BOT_INVALID_TYPE",
            "Type must be one of bot, supervisor, personal, openline, network",
        ));
    }
    match super::text(&given, "eventMode").as_deref() {
        None | Some("fetch") => {}
        Some("webhook") if super::text(&given, "webhookUrl").is_some() => {}
        Some("webhook") => return Err(err(400, "BOT_WEBHOOK_URL_REQUIRED", "webhookUrl is required")),
        Some(_) => return Err(err(400, "BOT_INVALID_EVENT_MODE", "eventMode must be fetch or webhook")),
    }
    if store.bots.bots.values().filter(|bot| bot.app == app).count() >= 100 {
        return Err(err(400, "BOT_LIMIT_EXCEEDED", "An application may have 100 bots"));
    }
    let id = (store.bots.last_bot + 1).max(FIRST_BOT);
    store.bots.last_bot = id;
    let bot = Bot { id, code, token, app: app.to_string(), kind, properties, queue: EventQueue::default() };
    let answer = bot_answer(&bot);
    store.bots.bots.insert(id, bot);
    Ok(answer.into())
}

fn update(ctx: &Ctx, store: &mut Store, app: &str, fields: &Value) -> Answer {
    let id = owned(ctx, store, app, fields)?;
    let given = param(fields, "fields").cloned().unwrap_or(Value::Null);
    let new_token = super::text(&given, "botToken").filter(|token| !token.trim().is_empty());
    token_length(new_token.as_ref())?;
    let bot = store.bots.bots.get_mut(&id).ok_or_else(not_found)?;
    if let Some(Value::Object(properties)) = param(&given, "properties") {
        bot.properties.extend(properties.clone());
    }
    if new_token.is_some() {
        bot.token = new_token;
    }
    Ok(bot_answer(bot).into())
}

fn register_command(store: &mut Store, bot: u64, fields: &Value) -> Answer {
    let given = param(fields, "fields").cloned().unwrap_or_else(|| fields.clone());
    let command =
        super::text(&given, "command").ok_or_else(|| err(400, "COMMAND_REQUIRED", "Command is required"))?;
    if command.is_empty() || command.starts_with('/') || command.chars().any(char::is_whitespace) {
        return Err(err(400, "COMMAND_NAME_INVALID", "Command must be a word without the slash"));
    }
    let hidden = super::yes_no(&given, "hidden", false);
    let title = param(&given, "title").cloned().unwrap_or(Value::Null);
    if !hidden && title.as_object().is_none_or(Map::is_empty) {
        return Err(err(400, "COMMAND_TITLE_REQUIRED", "Command title is required"));
    }
    let existing = store.bots.commands.values().find(|c| c.bot == bot && c.command == command).map(|c| c.id);
    let id = match existing {
        Some(id) => id,
        None => {
            store.bots.last_command += 1;
            let id = store.bots.last_command;
            let params = param(&given, "params").cloned().unwrap_or(Value::Null);
            store.bots.commands.insert(id, Command { id, bot, command, title, params });
            id
        }
    };
    let command = &store.bots.commands[&id];
    Ok(json!({"command": {"id": command.id, "botId": bot, "command": format!("/{}", command.command),
        "common": false, "hidden": hidden, "extranetSupport": false, "title": command.title, "params": command.params}})
    .into())
}

fn dialog(fields: &Value) -> Result<String, ApiError> {
    super::Dialog::parse(param(fields, "dialogId"))
        .map(|dialog| dialog.id())
        .ok_or_else(|| err(400, "DIALOG_ID_EMPTY", "Dialog id is required"))
}

/// Stores the bot's message in the dialog; a chat must have the bot among its members.
fn post(store: &mut Store, bot: u64, dialog: &str, fields: &Value, now: i64) -> Result<u64, ApiError> {
    if let Some(chat) = dialog_chat_id(dialog) {
        if !store.data.chats.get(&chat).is_some_and(|chat| chat.members.contains(&bot)) {
            return Err(err(403, "ACCESS_DENIED", "The bot is not in this chat"));
        }
    }
    let given = param(fields, "fields").cloned().unwrap_or(Value::Null);
    let text = super::text(&given, "message").filter(|text| !text.trim().is_empty());
    let attach = param(&given, "attach").cloned();
    if text.is_none() && attach.is_none() {
        return Err(err(400, "EMPTY_MESSAGE", "Message is empty"));
    }
    let mut message =
        store.new_message(dialog, bot, text.map(|text| text.chars().take(20_000).collect()), now);
    message.attach = attach;
    message.keyboard = param(&given, "keyboard").cloned();
    let id = message.id;
    store.post(message);
    Ok(id)
}

fn own_message<'s>(
    store: &'s mut Store,
    bot: u64,
    fields: &Value,
) -> Result<&'s mut PostedMessage, ApiError> {
    let id = super::id_param(fields, "messageId");
    match id.and_then(|id| store.data.messages.get_mut(&id)) {
        Some(message) if message.author_id == bot && !message.is_deleted() => Ok(message),
        _ => Err(err(403, "ACCESS_DENIED", "The message is not the bot's")),
    }
}

/// The extended Bot object (`entities.md`), as fetch-mode events and answers carry it.
fn bot_object(bot: &Bot) -> Value {
    json!({"id": bot.id, "code": bot.code, "type": bot.kind, "isHidden": false, "isSupportOpenline": false,
        "isReactionsEnabled": true, "backgroundId": null, "language": "en", "moduleId": "rest", "eventMode": "fetch",
        "countMessage": 0, "countCommand": 0, "countChat": 0, "countUser": 0})
}

fn bot_user(bot: &Bot) -> Value {
    let text = |key: &str| bot.properties.get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let (first, last) = (text("name"), text("lastName"));
    let name = if last.is_empty() { first.clone() } else { format!("{first} {last}") };
    json!({"id": bot.id, "active": true, "name": name, "firstName": first, "lastName": last,
        "workPosition": text("workPosition"), "color": "#df532d", "avatar": "", "gender": text("gender"),
        "birthday": "", "extranet": false, "bot": true, "connector": false, "externalAuthId": "bot",
        "status": "online", "idle": false, "lastActivityDate": false, "absent": false, "departments": [],
        "phones": false, "type": "bot"})
}

fn bot_answer(bot: &Bot) -> Value {
    json!({"bot": bot_object(bot), "users": [bot_user(bot)]})
}

/// The Message object of events.
pub(crate) fn message_object(message: &PostedMessage) -> Value {
    json!({"id": message.id, "chatId": chat_number(message), "authorId": message.author_id,
        "date": crate::sandbox::clock::iso8601_utc(message.date), "text": message.message.clone().unwrap_or_default(),
        "isSystem": message.system, "uuid": "", "forward": null, "params": {}, "viewedByOthers": false})
}

/// The chat's number: N of chatN; for a private dialog the sandbox keeps no chat and reports
/// the lower of the two users' ids, the same from both sides.
fn chat_number(message: &PostedMessage) -> u64 {
    dialog_chat_id(&message.dialog_id).unwrap_or_else(|| {
        let partner = message.dialog_id.parse().unwrap_or(0);
        partner.min(message.author_id)
    })
}

/// The Chat object of events, as `viewer_dialog` (the dialog id its reader uses) shows it.
pub(crate) fn chat_object(store: &Store, message: &PostedMessage, viewer_dialog: &str) -> Value {
    match dialog_chat_id(&message.dialog_id).and_then(|id| store.data.chats.get(&id)) {
        Some(chat) => json!({"id": chat.id, "dialogId": viewer_dialog, "type": "chat", "name": chat.title,
            "entityType": chat.entity_type, "owner": chat.owner, "avatar": "", "color": "#ab7761"}),
        None => json!({"id": chat_number(message), "dialogId": viewer_dialog, "type": "private", "name": "",
            "entityType": "", "owner": message.author_id, "avatar": "", "color": "#ab7761"}),
    }
}

/// The User object of events, for a portal user or a bot.
pub(crate) fn user_object(store: &Store, id: u64) -> Value {
    if let Some(bot) = store.bots.bots.get(&id) {
        return bot_user(bot);
    }
    let Some(user) = store.data.users.get(&id) else {
        return json!({"id": id, "active": true, "name": "", "bot": false, "type": "employee"});
    };
    json!({"id": id, "active": user.active, "name": user.name(), "firstName": user.first_name,
        "lastName": user.last_name, "workPosition": user.work_position.clone().unwrap_or_default(),
        "color": user.color, "avatar": "", "gender": user.gender, "birthday": "", "extranet": false, "bot": false,
        "connector": false, "externalAuthId": "default", "status": store.data.status(id), "idle": false,
        "lastActivityDate": false, "absent": false, "departments": user.departments, "phones": false,
        "type": "employee", "website": "", "email": user.email})
}

/// Queues the events a stored message means for bots: in a bot's private dialog always, in a
/// chat for a member bot when it is mentioned or is a supervisor or personal bot. A text that
/// starts with one of the bot's commands is ONIMBOTV2COMMANDADD, with the rest as `params`.
pub(crate) fn on_message(store: &mut Store, message: &PostedMessage) {
    let text = message.message.clone().unwrap_or_default();
    let listeners: Vec<(u64, String)> = super::events::audience(store, message)
        .into_iter()
        .filter(|(reader, _)| *reader != message.author_id)
        .filter(|(reader, dialog)| {
            store.bots.bots.get(reader).is_some_and(|bot| {
                dialog_chat_id(dialog).is_none()
                    || matches!(bot.kind.as_str(), "supervisor" | "personal")
                    || text.to_ascii_uppercase().contains(&format!("[USER={reader}]"))
            })
        })
        .collect();
    for (bot, dialog) in listeners {
        let mut data = Map::new();
        data.insert("bot".into(), bot_object(&store.bots.bots[&bot]));
        let word =
            text.trim_start().strip_prefix('/').map(|rest| rest.split_whitespace().next().unwrap_or(""));
        let command = word.and_then(|word| {
            store
                .bots
                .commands
                .values()
                .find(|command| command.bot == bot && command.command.eq_ignore_ascii_case(word))
        });
        let kind = match command {
            Some(command) => {
                let params = text.trim_start()[1 + command.command.len()..].trim().to_string();
                data.insert(
                    "command".into(),
                    json!({"id": command.id, "command": format!("/{}", command.command), "params": params, "context": "textarea"}),
                );
                "ONIMBOTV2COMMANDADD"
            }
            None => "ONIMBOTV2MESSAGEADD",
        };
        data.insert("message".into(), message_object(message));
        data.insert("chat".into(), chat_object(store, message, &dialog));
        data.insert("user".into(), user_object(store, message.author_id));
        data.insert("language".into(), json!("en"));
        if let Some(bot) = store.bots.bots.get_mut(&bot) {
            bot.queue.push(kind, message.date, Value::Object(data));
        }
    }
}
