//! Events a program reads without a public address: a user's chat events (`im.v2.Event.*`,
//! polled like a bot's) and an OAuth application's offline events (`event.bind` with
//! `event_type` offline, `event.offline.*`). Offline events are reserved under a `process_id`
//! on reading (`clear=0`) and deleted only when the caller confirms them, so a reader that dies
//! reads its reservation again with that id.

use serde_json::{json, Value};

use super::args::Args;
use super::bots::{cursor, read_events, LIMIT, OFFSET, WAIT};
use super::params::{optional, required, TOKEN, URL};
use super::{answer, change, fields, no_fields, Action, Function, Kind, Param};
use crate::error::Result;
use crate::rest::{Payload, Request, Session};

const SECTION: &str = "Events";

const CONNECTOR: Param = optional(
    "connector",
    "Connector",
    Kind::Text,
    "none",
    "the source key (auth_connector): changes made with it are not queued for it; read with the same key",
);

const PROCESS: Param =
    required("process", "ProcessID", Kind::Text, "the process_id of GetOfflineEvents' answer");

pub static FUNCTIONS: &[Function] = &[
    Function {
        name: "SubscribeUserEvents",
        name_ru: "ПодписатьсяНаСобытияПользователя",
        c_symbol: "b24_subscribe_user_events",
        section: SECTION,
        summary: "Starts recording the current user's chat events for GetUserEvents (kept 24 hours)",
        params: &[URL, TOKEN],
        action: change("im.v2.Event.subscribe", no_fields),
        example: answer!("true"),
    },
    Function {
        name: "GetUserEvents",
        name_ru: "ПолучитьСобытияПользователя",
        c_symbol: "b24_get_user_events",
        section: SECTION,
        summary: "Reads the current user's chat events from the given offset, waiting for them up to wait seconds",
        params: &[URL, OFFSET, LIMIT, WAIT, TOKEN],
        action: Action::Plan { shown: "im.v2.Event.get", run: user_events },
        example: answer!(
            r#"{"events": [{"eventId": 2001, "type": "ONIMV2MESSAGEADD", "date": "2025-01-15T10:30:00+02:00", "data": {"message": {"id": 790, "chatId": 5, "authorId": 10, "text": "Hi"}, "chat": {"id": 5, "dialogId": "10"}, "user": {"id": 10}, "language": "en"}}], "nextOffset": 2002, "hasMore": false}"#
        ),
    },
    Function {
        name: "BindOfflineEvent",
        name_ru: "ПодключитьОфлайнСобытие",
        c_symbol: "b24_bind_offline_event",
        section: SECTION,
        summary: "Queues an event (e.g. ONCRMDEALUPDATE) for GetOfflineEvents; an OAuth application's administrator only",
        params: &[
            URL,
            required("event", "Event", Kind::Text, "the event's name, e.g. ONCRMDEALADD or ONCRMDEALUPDATE"),
            CONNECTOR,
            TOKEN,
        ],
        action: change("event.bind", bind),
        example: answer!("true"),
    },
    Function {
        name: "GetOfflineEvents",
        name_ru: "ПолучитьОфлайнСобытия",
        c_symbol: "b24_get_offline_events",
        section: SECTION,
        summary: "Reserves queued offline events under a process_id without deleting them; with process, reads that reservation again",
        params: &[
            URL,
            optional("filter", "Filter", Kind::Object, "none", "by ID, TIMESTAMP_X, EVENT_NAME, MESSAGE_ID with prefixes such as =, >="),
            optional("limit", "Limit", Kind::Id, "50", "events at most"),
            CONNECTOR,
            optional("process", "ProcessID", Kind::Text, "none: a new reservation", "a stored process_id: its reserved events again"),
            TOKEN,
        ],
        action: change("event.offline.get", offline_get),
        example: answer!(
            r#"{"process_id": "yh3gu929sf0d32lsfysqas2y1hlpp09q", "events": [{"ID": "1", "TIMESTAMP_X": "2024-07-18T12:32:31+02:00", "EVENT_NAME": "ONCRMDEALUPDATE", "EVENT_DATA": {"FIELDS": {"ID": 1320}}, "EVENT_ADDITIONAL": false, "MESSAGE_ID": "1"}]}"#
        ),
    },
    Function {
        name: "ConfirmOfflineEvents",
        name_ru: "ПодтвердитьОфлайнСобытия",
        c_symbol: "b24_confirm_offline_events",
        section: SECTION,
        summary: "Deletes handled offline events of a reservation: the given ids, or all of it",
        params: &[
            URL,
            PROCESS,
            optional("ids", "IDs", Kind::Ids, "all of the reservation", "the events' ID values"),
            TOKEN,
        ],
        action: change("event.offline.clear", confirm),
        example: answer!("true"),
    },
    Function {
        name: "FailOfflineEvents",
        name_ru: "ОтметитьОшибкуОфлайнСобытий",
        c_symbol: "b24_fail_offline_events",
        section: SECTION,
        summary: "Marks offline events of a reservation as failed",
        params: &[
            URL,
            PROCESS,
            optional("ids", "IDs", Kind::Ids, "all of the reservation", "the events' MESSAGE_ID values"),
            TOKEN,
        ],
        action: change("event.offline.error", fail),
        example: answer!("true"),
    },
];

fn user_events(args: Args, session: &Session) -> Result<String> {
    read_events(&args, session, Request::read("im.v2.Event.get", cursor(&args)), "user")
}

/// An offline binding has no handler: the offline guide says to leave it out.
fn bind(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("event", args.text_value("event")),
        ("event_type", Some(json!("offline"))),
        ("auth_connector", args.text_value("connector")),
    ])
    .into())
}

/// Always `clear=0`: read events are reserved, never deleted, until ConfirmOfflineEvents.
fn offline_get(args: &Args) -> Result<Payload> {
    Ok(fields([
        ("filter", args.json("filter").cloned()),
        ("limit", super::bots::number(args, "limit")),
        ("clear", Some(json!(0))),
        ("process_id", args.text_value("process")),
        ("auth_connector", args.text_value("connector")),
    ])
    .into())
}

fn numbers(args: &Args, key: &str) -> Option<Value> {
    let ids = args.ids(key)?;
    let items = ids.as_array()?.iter().map(|id| match id.as_str().map(str::parse::<u64>) {
        Some(Ok(number)) => Value::from(number),
        _ => id.clone(),
    });
    Some(Value::Array(items.collect()))
}

fn confirm(args: &Args) -> Result<Payload> {
    Ok(fields([("process_id", args.text_value("process")), ("id", numbers(args, "ids"))]).into())
}

fn fail(args: &Args) -> Result<Payload> {
    Ok(fields([("process_id", args.text_value("process")), ("message_id", numbers(args, "ids"))]).into())
}
