//! Event queues: the cursor queue that bots (`imbot.v2.Event.get`) and users
//! (`im.v2.Event.*`) poll, and the offline queue of an OAuth application (`event.bind` with
//! `event_type=offline`, `event.offline.get/clear/error/list`), fed by the entity engine's
//! changes through [`record_change`].
//!
//! A cursor queue acknowledges by `offset`: a read deletes every event below it and answers
//! from it, so an event read but not acknowledged comes again. The offline queue keeps the
//! latest state per object (`events/offline-events.md`): a change of an object that already
//! waits unreserved only moves its row's TIMESTAMP_X. Reading with `clear=0` reserves the rows
//! under a new `process_id`; rows reserved by one reader are hidden from the others (every call
//! runs under the store's lock, so parallel reads get disjoint sets) until cleared.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::{json, Map, Value};

use super::{err, param, Answer, ApiError, Ctx};
use crate::sandbox::clock;
use crate::sandbox::entity::{id_of, Family, Query};
use crate::sandbox::state::{PostedMessage, Store};

/// Events a read answers unless `limit` says otherwise, and at most (`event-get.md`).
const DEFAULT_LIMIT: u64 = 100;
const MAX_LIMIT: u64 = 1000;

/// One consumer's events, ids rising from 1.
#[derive(Debug, Default)]
pub(crate) struct EventQueue {
    last_id: u64,
    events: VecDeque<(u64, Value)>,
}

impl EventQueue {
    pub fn push(&mut self, kind: &str, date: i64, data: Value) {
        self.last_id += 1;
        let event =
            json!({"eventId": self.last_id, "type": kind, "date": clock::iso8601_utc(date), "data": data});
        self.events.push_back((self.last_id, event));
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// A read: acknowledges every event below `offset`, answers up to `limit` from it.
    pub fn read(&mut self, fields: &Value) -> Answer {
        let offset = number(fields, "offset")?;
        let limit = number(fields, "limit")?.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(err(400, "INVALID_LIMIT", "limit must be between 1 and 1000"));
        }
        if let Some(offset) = offset {
            while self.events.front().is_some_and(|(id, _)| *id < offset) {
                self.events.pop_front();
            }
        }
        let from = offset.unwrap_or(0);
        let mut chosen = self.events.iter().filter(|(id, _)| *id >= from);
        let page: Vec<&(u64, Value)> = chosen.by_ref().take(limit as usize).collect();
        let has_more = chosen.next().is_some();
        // With nothing to hand over, the cursor stays; with no cursor yet, it starts at the next
        // event, which is never below one not yet read.
        let next = match page.last() {
            Some((id, _)) => id + 1,
            None => offset.unwrap_or(self.last_id + 1),
        };
        let events: Vec<Value> = page.into_iter().map(|(_, event)| event.clone()).collect();
        Ok(json!({"events": events, "nextOffset": next, "hasMore": has_more}).into())
    }
}

fn number(fields: &Value, key: &str) -> Result<Option<u64>, ApiError> {
    match param(fields, key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(value) => super::positive_id(value)
            .or_else(|| (value.as_u64() == Some(0) || value.as_str() == Some("0")).then_some(0))
            .map(Some)
            .ok_or_else(|| err(400, "INVALID_ARGUMENT", &format!("{key} must be a whole number"))),
    }
}

/// The users' side: who subscribed, and each one's queue.
#[derive(Debug, Default)]
pub(crate) struct UserEvents {
    subscribed: BTreeSet<u64>,
    queues: BTreeMap<u64, EventQueue>,
}

impl UserEvents {
    pub fn clear(&mut self) {
        *self = UserEvents::default();
    }
}

/// The offline queue's bindings: event name (upper case) and connector.
#[derive(Debug, Default)]
pub(crate) struct Offline {
    bindings: BTreeSet<(String, String)>,
    processes: u64,
}

impl Offline {
    pub fn clear(&mut self) {
        self.bindings.clear();
    }
}

/// The engine table of queued offline events.
const TABLE: &str = "event.offline";
const ROWS: Family = Family { id_key: "ID", rows_key: None, ids_as_text: true };
/// A row's connector, kept in the row for reads and never answered.
const CONNECTOR: &str = "CONNECTOR";

pub(super) fn call(ctx: &Ctx, method: &str, fields: &Value) -> Option<Answer> {
    let offline = method.starts_with("event.offline.") || method == "event.bind";
    if offline && !ctx.oauth {
        // `events/index.md`: these work only under an application's authorization.
        return Some(Err(err(403, "ACCESS_DENIED", "Access denied!")));
    }
    Some(match method {
        "im.v2.event.subscribe" => {
            ctx.store().user_events.subscribed.insert(ctx.caller);
            Ok(json!(true).into())
        }
        "im.v2.event.unsubscribe" => {
            ctx.store().user_events.subscribed.remove(&ctx.caller);
            Ok(json!(true).into())
        }
        "im.v2.event.get" => ctx.store().user_events.queues.entry(ctx.caller).or_default().read(fields),
        "event.bind" => bind(ctx, fields),
        "event.offline.get" => offline_get(ctx, fields),
        "event.offline.clear" => offline_settle(ctx, fields, Settle::Clear),
        "event.offline.error" => offline_settle(ctx, fields, Settle::Error),
        "event.offline.list" => offline_list(ctx, fields),
        _ => return None,
    })
}

/// The users that see a message, from whose side: (user, the dialog id that user sees).
pub(crate) fn audience(store: &Store, message: &PostedMessage) -> Vec<(u64, String)> {
    let author = message.author_id;
    match crate::sandbox::state::dialog_chat_id(&message.dialog_id) {
        Some(chat) => store
            .data
            .chats
            .get(&chat)
            .map(|chat| chat.members.iter().map(|member| (*member, message.dialog_id.clone())).collect())
            .unwrap_or_default(),
        None => match message.dialog_id.parse::<u64>() {
            Ok(partner) => vec![(author, partner.to_string()), (partner, author.to_string())],
            Err(_) => Vec::new(),
        },
    }
}

/// Records ONIMV2MESSAGEADD for every subscribed user who sees the message and did not write
/// it (the sandbox's choice: the docs do not say whether one's own messages come back).
pub(crate) fn on_message(store: &mut Store, message: &PostedMessage) {
    let readers: Vec<(u64, String)> = audience(store, message)
        .into_iter()
        .filter(|(user, _)| *user != message.author_id && store.user_events.subscribed.contains(user))
        .collect();
    for (user, dialog) in readers {
        let data = json!({
            "message": super::bots::message_object(message),
            "chat": super::bots::chat_object(store, message, &dialog),
            "user": super::bots::user_object(store, message.author_id),
            "language": "en",
        });
        store.user_events.queues.entry(user).or_default().push("ONIMV2MESSAGEADD", message.date, data);
    }
}

fn bind(ctx: &Ctx, fields: &Value) -> Answer {
    let event = text(fields, "event").map(|event| event.to_ascii_uppercase());
    let Some(event) = event.filter(|event| event.starts_with("ON") && event.len() > 2) else {
        return Err(err(400, "ERROR_EVENT_NOT_FOUND", "Event not found"));
    };
    let offline = text(fields, "event_type").is_some_and(|kind| kind.eq_ignore_ascii_case("offline"));
    if !offline {
        if text(fields, "handler").is_none() {
            return Err(err(400, "ERROR_HANDLER_EMPTY", "Handler is required for online events"));
        }
        return Ok(json!(true).into());
    }
    let connector = text(fields, "auth_connector").unwrap_or_default();
    ctx.store().offline.bindings.insert((event, connector));
    Ok(json!(true).into())
}

fn text(fields: &Value, key: &str) -> Option<String> {
    super::text(fields, key).map(|text| text.trim().to_string()).filter(|text| !text.is_empty())
}

/// Queues a change of an entity record for every offline binding of `event` except the
/// connector that made it. The one place the entity engine's changes feed the queue.
pub(crate) fn record_change(store: &mut Store, event: &str, id: u64, source: Option<&str>, now: i64) {
    let source = source.unwrap_or_default();
    let connectors: Vec<String> = store
        .offline
        .bindings
        .iter()
        .filter(|(name, connector)| name == event && (connector.is_empty() || connector != source))
        .map(|(_, connector)| connector.clone())
        .collect();
    let stamp = clock::iso8601_utc(now);
    let table = store.entities.entry(TABLE).or_default();
    for connector in connectors {
        let waiting = table
            .records()
            .find(|row| {
                row["EVENT_NAME"] == event
                    && row["EVENT_DATA"]["FIELDS"]["ID"] == json!(id)
                    && row[CONNECTOR] == connector
                    && row["PROCESS_ID"] == ""
            })
            .and_then(|row| id_of(Some(&row["ID"])));
        match waiting {
            Some(row) => {
                table.update(&ROWS, row, Map::from_iter([("TIMESTAMP_X".to_string(), json!(stamp))]));
            }
            None => {
                let row = json!({"TIMESTAMP_X": stamp, "EVENT_NAME": event, "EVENT_DATA": {"FIELDS": {"ID": id}},
                    "EVENT_ADDITIONAL": false, "MESSAGE_ID": "", "PROCESS_ID": "", "ERROR": "0", CONNECTOR: connector});
                let new = table.add(&ROWS, row.as_object().cloned().unwrap_or_default());
                if let Some(row) = table.get_mut(new) {
                    row.insert("MESSAGE_ID".into(), json!(new.to_string()));
                }
            }
        }
    }
}

/// A row as the caller sees it: without its connector, and for `get` without its process.
fn shown(row: &Map<String, Value>, listing: bool) -> Value {
    let hidden: &[&str] = if listing { &[CONNECTOR] } else { &[CONNECTOR, "PROCESS_ID", "ERROR"] };
    Value::Object(
        row.iter()
            .filter(|(key, _)| !hidden.contains(&key.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    )
}

fn offline_get(ctx: &Ctx, fields: &Value) -> Answer {
    let query = Query::read(fields)?;
    let limit = number(fields, "limit")?.unwrap_or(50).max(1) as usize;
    let clear = number(fields, "clear")?.unwrap_or(1) != 0;
    let with_errors = number(fields, "error")?.unwrap_or(0) != 0;
    let connector = text(fields, "auth_connector").unwrap_or_default();
    let process = text(fields, "process_id");
    let mut store = ctx.store();
    let next_process = store.offline.processes + 1;
    let table = store.entities.entry(TABLE).or_default();
    let mut chosen: Vec<(String, u64)> = table
        .records()
        .filter(|row| row[CONNECTOR] == connector.as_str())
        .filter(|row| match &process {
            Some(process) => row["PROCESS_ID"] == process.as_str(),
            None => row["PROCESS_ID"] == "" && (with_errors || row["ERROR"] == "0"),
        })
        .filter(|row| query.filter.iter().all(|condition| condition.holds(row)))
        .filter_map(|row| Some((row["TIMESTAMP_X"].as_str()?.to_string(), id_of(Some(&row["ID"]))?)))
        .collect();
    chosen.sort();
    chosen.truncate(limit);
    let ids: Vec<u64> = chosen.into_iter().map(|(_, id)| id).collect();
    let events: Vec<Value> =
        ids.iter().filter_map(|id| table.get(*id)).map(|row| shown(row, false)).collect();
    let process_id = match process {
        Some(process) => Some(process),
        None if clear => {
            ids.iter().for_each(|id| {
                table.delete(*id);
            });
            None
        }
        None if ids.is_empty() => None,
        None => {
            let process = format!("{:032x}", 0x5a4d_b0c5_u64 << 32 | next_process);
            for id in &ids {
                if let Some(row) = table.get_mut(*id) {
                    row.insert("PROCESS_ID".into(), json!(process));
                }
            }
            store.offline.processes = next_process;
            Some(process)
        }
    };
    Ok(json!({"process_id": process_id, "events": events}).into())
}

enum Settle {
    Clear,
    Error,
}

/// event.offline.clear deletes the process's rows (those of `id`, else of `message_id`, else
/// all); event.offline.error marks them failed (those of `message_id`, else all).
fn offline_settle(ctx: &Ctx, fields: &Value, settle: Settle) -> Answer {
    let Some(process) = text(fields, "process_id") else {
        return Err(err(400, "ERROR_PROCESS_ID", "process_id is required"));
    };
    let listed = |key: &str| -> Option<Vec<String>> {
        let value = param(fields, key)?;
        let items = match value {
            Value::Array(items) => items.clone(),
            Value::Object(map) => map.values().cloned().collect(),
            single => vec![single.clone()],
        };
        Some(items.iter().filter_map(|item| super::text(&json!({"v": item}), "v")).collect())
    };
    let (key, wanted) = match (&settle, listed("id"), listed("message_id")) {
        (Settle::Clear, Some(ids), _) => ("ID", Some(ids)),
        (_, _, Some(ids)) => ("MESSAGE_ID", Some(ids)),
        _ => ("ID", None),
    };
    let mut store = ctx.store();
    let table = store.entities.entry(TABLE).or_default();
    let rows: Vec<u64> = table
        .records()
        .filter(|row| row["PROCESS_ID"] == process.as_str())
        .filter(|row| wanted.as_ref().is_none_or(|ids| ids.iter().any(|id| row[key] == id.as_str())))
        .filter_map(|row| id_of(Some(&row["ID"])))
        .collect();
    for id in rows {
        match settle {
            Settle::Clear => {
                table.delete(id);
            }
            Settle::Error => {
                table.update(&ROWS, id, Map::from_iter([("ERROR".to_string(), json!("1"))]));
            }
        }
    }
    Ok(json!(true).into())
}

fn offline_list(ctx: &Ctx, fields: &Value) -> Answer {
    let query = Query::read(fields)?;
    let connector = text(fields, "auth_connector").unwrap_or_default();
    let mut store = ctx.store();
    let table = store.entities.entry(TABLE).or_default();
    let page = table.list_of(table.records().filter(|row| row[CONNECTOR] == connector.as_str()), &query);
    let mut done = ROWS.page_answer(page);
    if let Value::Array(rows) = &mut done.result {
        for row in rows.iter_mut() {
            if let Value::Object(map) = row {
                *row = shown(map, true);
            }
        }
    }
    Ok(done)
}
