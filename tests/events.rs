//! Chat bots, user events and offline events through the C ABI against the sandbox portal:
//! registration, messages to and from a bot, commands, waiting for events at the docs' pace,
//! acknowledgement only by the caller's offset (a consumer killed at random loses nothing), and
//! offline events reserved by process for concurrent readers.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bitrix24_ffi::sandbox::{self, Sandbox};
use common::{call, error_code, ffi, Export};
use serde_json::{json, Value};

const BOT_TOKEN: &str = "bot-token-of-the-support-bot";

fn start() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

fn hook(sandbox: &Sandbox, export: Export, mut params: Value) -> Value {
    params["url"] = json!(sandbox.webhook_url());
    call(export, &params)
}

/// A call as the OAuth application (offline events need one).
fn app(sandbox: &Sandbox, export: Export, mut params: Value) -> Value {
    params["url"] = json!(sandbox.portal_url());
    params["token"] = json!(sandbox::TOKEN);
    call(export, &params)
}

fn result(answer: &Value) -> &Value {
    assert_eq!(error_code(answer), "", "the call failed: {answer}");
    answer.get("result").unwrap_or_else(|| panic!("no result: {answer}"))
}

fn register(sandbox: &Sandbox, code: &str, name: &str) -> u64 {
    let answer =
        hook(sandbox, ffi::b24_register_bot, json!({"code": code, "name": name, "bottoken": BOT_TOKEN}));
    result(&answer)["bot"]["id"].as_u64().expect("the bot's id")
}

/// The bot's call: its id and token added.
fn as_bot(sandbox: &Sandbox, export: Export, bot: u64, mut params: Value) -> Value {
    params["bot"] = json!(bot);
    params["bottoken"] = json!(BOT_TOKEN);
    hook(sandbox, export, params)
}

fn events(answer: &Value) -> Vec<Value> {
    result(answer)["events"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_bot_registered_twice_is_one_bot() {
    let sandbox = start();
    let first = register(&sandbox, "support_bot", "Support");
    let again = register(&sandbox, "support_bot", "Another name");
    assert_eq!(first, again);
    assert_eq!(sandbox.bot_count(), 1);
    let sent = sandbox.requests().into_iter().find(|r| r.rest_method == "imbot.v2.bot.register").unwrap();
    assert_eq!(
        sent.fields,
        json!({"botToken": BOT_TOKEN, "fields": {"code": "support_bot", "botToken": BOT_TOKEN,
            "properties": {"name": "Support"}, "type": "bot", "eventMode": "fetch"}})
    );
    // The token proves ownership: another one is refused by the portal.
    let answer = hook(&sandbox, ffi::b24_unregister_bot, json!({"bot": first, "bottoken": "not-the-token"}));
    assert_eq!(error_code(&answer), "BOT_OWNERSHIP_ERROR");
    assert_eq!(
        result(&as_bot(&sandbox, ffi::b24_unregister_bot, first, json!({}))),
        &json!({"result": true})
    );
    assert_eq!(sandbox.bot_count(), 0);
}

#[test]
fn a_bot_token_is_required_with_a_webhook_and_refused_over_40_characters_before_sending() {
    let sandbox = start();
    let answer = hook(&sandbox, ffi::b24_register_bot, json!({"code": "c", "name": "N"}));
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER");
    assert!(answer["error_description"].as_str().unwrap().contains("'bottoken'"), "{answer}");
    let long = "k".repeat(41);
    let answer = hook(&sandbox, ffi::b24_register_bot, json!({"code": "c", "name": "N", "bottoken": long}));
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER");
    assert!(!answer.to_string().contains("kkkkkk"), "the token is not shown: {answer}");
    assert!(sandbox.requests().is_empty(), "nothing was sent");
    // With an OAuth token the bot is the application's and needs none.
    let answer = app(&sandbox, ffi::b24_register_bot, json!({"code": "c", "name": "N"}));
    assert!(result(&answer)["bot"]["id"].as_u64().is_some());
}

#[test]
fn a_users_message_reaches_the_bot_and_the_bots_answer_reaches_that_dialog() {
    let sandbox = start();
    let bot = register(&sandbox, "support_bot", "Support");
    // The webhook's user writes to the bot with the ordinary SendMessage, another user too.
    result(&hook(&sandbox, ffi::b24_send_message, json!({"chat": bot, "text": "Hello bot!"})));
    sandbox.post_as(10, &bot.to_string(), "Me too").unwrap();
    let answer = as_bot(&sandbox, ffi::b24_get_bot_events, bot, json!({}));
    let got = events(&answer);
    assert_eq!(got.len(), 2, "{answer}");
    assert_eq!(got[0]["type"], "ONIMBOTV2MESSAGEADD");
    assert_eq!(got[0]["data"]["message"]["text"], "Hello bot!");
    assert_eq!(got[0]["data"]["chat"]["dialogId"], "1");
    assert_eq!(got[0]["data"]["user"]["id"], 1);
    assert_eq!(got[0]["data"]["bot"]["id"], bot);
    assert_eq!(got[1]["data"]["chat"]["dialogId"], "10");
    let sent = sandbox.requests().into_iter().rev().find(|r| r.rest_method == "imbot.v2.event.get").unwrap();
    assert_eq!(sent.fields, json!({"botId": bot, "botToken": BOT_TOKEN}), "no offset: nothing acknowledged");

    let dialog = got[0]["data"]["chat"]["dialogId"].as_str().unwrap();
    let answer =
        as_bot(&sandbox, ffi::b24_send_bot_message, bot, json!({"chat": dialog, "text": "How can I help?"}));
    let id = result(&answer)["id"].as_u64().unwrap();
    let conversation: Vec<(u64, String)> = sandbox
        .conversation(1, bot)
        .into_iter()
        .map(|m| (m.author_id, m.message.unwrap_or_default()))
        .collect();
    assert_eq!(conversation, [(1, "Hello bot!".to_string()), (bot, "How can I help?".to_string())]);
    // The bot edits and deletes its own message.
    result(&as_bot(&sandbox, ffi::b24_edit_bot_message, bot, json!({"message": id, "text": "Edited"})));
    assert_eq!(sandbox.conversation(1, bot)[1].message.as_deref(), Some("Edited"));
    result(&as_bot(&sandbox, ffi::b24_delete_bot_message, bot, json!({"message": id})));
    assert!(sandbox.conversation(1, bot)[1].is_deleted());
}

#[test]
fn in_a_chat_the_bot_hears_only_what_mentions_it() {
    let sandbox = start();
    let bot = register(&sandbox, "chat_bot", "Helper");
    let chat = sandbox.seed_chat(1, &[1, 10, bot], "Project");
    let dialog = format!("chat{chat}");
    sandbox.post_as(10, &dialog, "just talking").unwrap();
    sandbox.post_as(10, &dialog, &format!("[USER={bot}]Helper[/USER] are you there?")).unwrap();
    let got = events(&as_bot(&sandbox, ffi::b24_get_bot_events, bot, json!({})));
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["data"]["chat"]["dialogId"], json!(dialog));
    let answer = as_bot(&sandbox, ffi::b24_send_bot_message, bot, json!({"chat": dialog, "text": "Yes"}));
    result(&answer);
    assert_eq!(sandbox.messages(&dialog).last().unwrap().author_id, bot);
}

#[test]
fn a_command_is_answered() {
    let sandbox = start();
    let bot = register(&sandbox, "cmd_bot", "Commands");
    let params = json!({"command": "/help", "title": {"en": "Help"}, "params": {"en": "topic"}});
    let answer = as_bot(&sandbox, ffi::b24_register_bot_command, bot, params.clone());
    let command = result(&answer)["command"]["id"].as_u64().unwrap();
    let again = as_bot(&sandbox, ffi::b24_register_bot_command, bot, params);
    assert_eq!(result(&again)["command"]["id"], command, "registering again gives the same command");
    let sent =
        sandbox.requests().into_iter().rev().find(|r| r.rest_method == "imbot.v2.command.register").unwrap();
    assert_eq!(
        sent.fields["fields"],
        json!({"command": "help", "title": {"en": "Help"}, "params": {"en": "topic"}})
    );

    let message = sandbox.post_as(10, &bot.to_string(), "/help invoices").unwrap();
    let got = events(&as_bot(&sandbox, ffi::b24_get_bot_events, bot, json!({})));
    assert_eq!(got[0]["type"], "ONIMBOTV2COMMANDADD");
    assert_eq!(
        got[0]["data"]["command"],
        json!({"id": command, "command": "/help", "params": "invoices", "context": "textarea"})
    );
    let data = &got[0]["data"];
    let answer = as_bot(
        &sandbox,
        ffi::b24_answer_bot_command,
        bot,
        json!({"command": data["command"]["id"], "message": data["message"]["id"], "chat": data["chat"]["dialogId"],
               "text": "Invoices are in CRM"}),
    );
    assert_eq!(result(&answer), &json!({"result": true}));
    assert_eq!(data["message"]["id"], message);
    let last = sandbox.conversation(10, bot).pop().unwrap();
    assert_eq!((last.author_id, last.message.as_deref()), (bot, Some("Invoices are in CRM")));
}

#[test]
fn events_are_acknowledged_only_by_the_offset_the_caller_passes() {
    let sandbox = start();
    let bot = register(&sandbox, "ack_bot", "Ack");
    for i in 0..5 {
        sandbox.post_as(10, &bot.to_string(), &format!("m{i}")).unwrap();
    }
    let first = as_bot(&sandbox, ffi::b24_get_bot_events, bot, json!({"limit": 3}));
    let again = as_bot(&sandbox, ffi::b24_get_bot_events, bot, json!({"limit": 3}));
    assert_eq!(events(&first), events(&again), "unacknowledged events come again");
    assert_eq!(result(&first)["hasMore"], true);
    let next = result(&first)["nextOffset"].clone();
    let rest = as_bot(&sandbox, ffi::b24_get_bot_events, bot, json!({"offset": next, "limit": 3}));
    assert_eq!(events(&rest).len(), 2);
    assert_eq!(result(&rest)["hasMore"], false);
    assert_eq!(sandbox.bot_queue_len(bot), 2, "the first three are acknowledged, the last two not yet");
}

#[test]
fn wait_returns_about_two_seconds_after_an_event_arrives_without_polling_faster() {
    let sandbox = start();
    let bot = register(&sandbox, "wait_bot", "Waiter");
    let url = sandbox.webhook_url();
    let reader = std::thread::spawn(move || {
        let started = Instant::now();
        let answer = call(
            ffi::b24_get_bot_events,
            &json!({"url": url, "bot": bot, "bottoken": BOT_TOKEN, "wait": 20}),
        );
        (answer, Instant::now(), started)
    });
    std::thread::sleep(Duration::from_millis(3100));
    sandbox.post_as(10, &bot.to_string(), "are you awake?").unwrap();
    let posted = Instant::now();
    let (answer, returned, started) = reader.join().unwrap();
    assert_eq!(events(&answer).len(), 1, "{answer}");
    let after = returned.duration_since(posted);
    // A poll's cadence (2 s) and a request's time; a loaded machine adds a little.
    assert!(after < Duration::from_millis(3000), "returned {after:?} after the event");
    let (polls, refusals) = sandbox.bot_polls();
    let elapsed = returned.duration_since(started).as_secs_f64();
    assert!(polls as f64 <= elapsed / 2.0 + 1.0, "{polls} polls in {elapsed:.1} s");
    assert_eq!(refusals, 0);
}

#[test]
fn wait_without_events_waits_out_its_time_polling_every_two_seconds() {
    let sandbox = start();
    let bot = register(&sandbox, "idle_bot", "Idle");
    let started = Instant::now();
    let answer = as_bot(&sandbox, ffi::b24_get_bot_events, bot, json!({"wait": 5}));
    let elapsed = started.elapsed();
    assert!(events(&answer).is_empty(), "{answer}");
    assert!(elapsed >= Duration::from_millis(4900) && elapsed < Duration::from_millis(7000), "{elapsed:?}");
    assert_eq!(sandbox.bot_polls(), (3, 0), "polls at 0, 2 and 4 s, none refused");
    // A wait as long as the call's timeout could never end in time: refused before sending.
    let answer = as_bot(&sandbox, ffi::b24_get_bot_events, bot, json!({"wait": 10, "timeout": 10}));
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER");
}

#[test]
fn user_events_come_to_the_subscribed_user() {
    let sandbox = start();
    assert_eq!(result(&hook(&sandbox, ffi::b24_subscribe_user_events, json!({}))), &json!(true));
    sandbox.post_as(10, "1", "ping").unwrap();
    let answer = hook(&sandbox, ffi::b24_get_user_events, json!({"wait": 3}));
    let got = events(&answer);
    assert_eq!(got.len(), 1, "{answer}");
    assert_eq!(got[0]["type"], "ONIMV2MESSAGEADD");
    assert_eq!(got[0]["data"]["chat"]["dialogId"], "10");
    assert_eq!(got[0]["data"]["message"]["text"], "ping");
    let next = result(&answer)["nextOffset"].clone();
    assert!(events(&hook(&sandbox, ffi::b24_get_user_events, json!({"offset": next}))).is_empty());
}

// --- offline events --------------------------------------------------------------------------

fn new_deals(sandbox: &Sandbox, count: usize) -> Vec<u64> {
    (0..count)
        .map(|i| {
            let answer =
                hook(sandbox, ffi::b24_create_deal, json!({"fields": {"TITLE": format!("Deal {i}")}}));
            result(&answer).as_u64().unwrap()
        })
        .collect()
}

fn object_ids(answer: &Value) -> BTreeSet<u64> {
    events(answer).iter().map(|e| e["EVENT_DATA"]["FIELDS"]["ID"].as_u64().unwrap()).collect()
}

#[test]
fn offline_events_keep_the_latest_state_per_deal_and_need_the_application() {
    let sandbox = start();
    let answer = hook(&sandbox, ffi::b24_bind_offline_event, json!({"event": "ONCRMDEALUPDATE"}));
    assert_eq!(error_code(&answer), "ACCESS_DENIED", "a webhook may not: {answer}");
    result(&app(&sandbox, ffi::b24_bind_offline_event, json!({"event": "ONCRMDEALUPDATE"})));
    let sent = sandbox.requests().into_iter().rev().find(|r| r.rest_method == "event.bind").unwrap();
    assert_eq!(
        sent.fields,
        json!({"event": "ONCRMDEALUPDATE", "event_type": "offline", "auth": sandbox::TOKEN})
    );
    let deal = new_deals(&sandbox, 1)[0];
    for stage in ["PREPARATION", "EXECUTION", "WON"] {
        result(&hook(&sandbox, ffi::b24_update_deal, json!({"deal": deal, "fields": {"STAGE_ID": stage}})));
    }
    assert_eq!(sandbox.record_count("event.offline"), 1, "three updates of one deal are one row");
    let answer = app(&sandbox, ffi::b24_get_offline_events, json!({}));
    let sent = sandbox.requests().into_iter().rev().find(|r| r.rest_method == "event.offline.get").unwrap();
    assert_eq!(sent.fields["clear"], 0, "read events are reserved, never deleted on read");
    assert_eq!(object_ids(&answer), BTreeSet::from([deal]));
    let process = result(&answer)["process_id"].as_str().unwrap().to_string();
    result(&app(&sandbox, ffi::b24_confirm_offline_events, json!({"process": process})));
    assert_eq!(sandbox.record_count("event.offline"), 0);
}

#[test]
fn two_readers_get_disjoint_reservations_and_a_restarted_one_gets_its_own_again() {
    let sandbox = start();
    result(&app(&sandbox, ffi::b24_bind_offline_event, json!({"event": "ONCRMDEALADD"})));
    let deals: BTreeSet<u64> = new_deals(&sandbox, 12).into_iter().collect();
    let (portal, token) = (sandbox.portal_url(), sandbox::TOKEN);
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let portal = portal.clone();
            std::thread::spawn(move || {
                call(ffi::b24_get_offline_events, &json!({"url": portal, "token": token, "limit": 5}))
            })
        })
        .collect();
    let answers: Vec<Value> = readers.into_iter().map(|r| r.join().unwrap()).collect();
    let (a, b) = (object_ids(&answers[0]), object_ids(&answers[1]));
    assert_eq!((a.len(), b.len()), (5, 5));
    assert!(a.is_disjoint(&b), "{a:?} and {b:?}");
    let process_a = result(&answers[0])["process_id"].as_str().unwrap().to_string();
    let process_b = result(&answers[1])["process_id"].as_str().unwrap().to_string();
    assert_ne!(process_a, process_b);

    // Reader A dies before confirming; restarted with its stored process_id it gets the same.
    let again = app(&sandbox, ffi::b24_get_offline_events, json!({"process": process_a, "limit": 5}));
    assert_eq!(object_ids(&again), a);
    // A third reader gets only what nobody reserved.
    let third = app(&sandbox, ffi::b24_get_offline_events, json!({"limit": 50}));
    let c = object_ids(&third);
    assert_eq!(c.len(), 2);
    assert_eq!(a.iter().chain(&b).chain(&c).copied().collect::<BTreeSet<u64>>(), deals);

    result(&app(&sandbox, ffi::b24_confirm_offline_events, json!({"process": process_a})));
    // B confirms one event and fails another by MESSAGE_ID.
    let b_events = events(&answers[1]);
    let id = b_events[0]["ID"].as_str().unwrap();
    let failed = b_events[1]["MESSAGE_ID"].as_str().unwrap();
    result(&app(&sandbox, ffi::b24_confirm_offline_events, json!({"process": process_b, "ids": [id]})));
    result(&app(&sandbox, ffi::b24_fail_offline_events, json!({"process": process_b, "ids": [failed]})));
    let sent = sandbox.requests().into_iter().rev().find(|r| r.rest_method == "event.offline.error").unwrap();
    assert_eq!(sent.fields["message_id"], json!([failed.parse::<u64>().unwrap()]));
    let listed = app(&sandbox, ffi::b24_call, json!({"method": "event.offline.list"}));
    let rows = result(&listed).as_array().unwrap().clone();
    assert_eq!(rows.len(), 12 - 5 - 1, "A's five and B's one confirmed are gone");
    let errors: Vec<&Value> = rows.iter().filter(|row| row["ERROR"] == "1").collect();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0]["MESSAGE_ID"], json!(failed));
}

// --- a consumer killed at random ----------------------------------------------------------------

const CHILD_MODE: &str = "B24_EVENTS_CHILD";
const EVENTS: usize = 1000;
const PAGE: usize = 100;

/// The consumer: reads from the stored offset, hands each page over (a line in `log`), then
/// stores the page's nextOffset; stops when the queue is empty. Killed anywhere, it loses
/// nothing and repeats at most the page it had not stored the offset of.
#[test]
fn consumer_child() {
    let Ok(dir) = std::env::var(CHILD_MODE) else { return };
    let dir = PathBuf::from(dir);
    let url = std::env::var("B24_EVENTS_URL").unwrap();
    let bot: u64 = std::env::var("B24_EVENTS_BOT").unwrap().parse().unwrap();
    loop {
        let offset =
            std::fs::read_to_string(dir.join("offset")).ok().and_then(|text| text.trim().parse::<u64>().ok());
        let mut params = json!({"url": url, "bot": bot, "bottoken": BOT_TOKEN, "limit": PAGE});
        if let Some(offset) = offset {
            params["offset"] = json!(offset);
        }
        let answer = call(ffi::b24_get_bot_events, &params);
        let got = events(&answer);
        if got.is_empty() {
            return;
        }
        let ids: Vec<String> =
            got.iter().map(|e| e["data"]["message"]["text"].as_str().unwrap().to_string()).collect();
        let line = format!("{} {}\n", offset.map_or("-".to_string(), |o| o.to_string()), ids.join(","));
        let mut log = std::fs::OpenOptions::new().create(true).append(true).open(dir.join("log")).unwrap();
        log.write_all(line.as_bytes()).unwrap();
        let next = result(&answer)["nextOffset"].as_u64().unwrap();
        std::fs::write(dir.join("offset.new"), next.to_string()).unwrap();
        std::fs::rename(dir.join("offset.new"), dir.join("offset")).unwrap();
    }
}

fn random_millis(from: u64, to: u64) -> u64 {
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().subsec_nanos() as u64;
    from + (nanos / 7919) % (to - from)
}

#[test]
fn a_thousand_events_survive_a_consumer_killed_at_random_moments() {
    let sandbox = start();
    let bot = register(&sandbox, "durable_bot", "Durable");
    // Each message is its event; its text is its number, to check the hand-over by.
    for i in 1..=EVENTS {
        sandbox.post_as(10, &bot.to_string(), &i.to_string()).unwrap();
    }
    let dir = std::env::temp_dir().join(format!("b24-events-{}-{}", std::process::id(), sandbox.port()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut kills = 0;
    let finished = loop {
        assert!(kills < 40, "the consumer never finished");
        let mut child = spawn_consumer(&dir, &sandbox, bot);
        std::thread::sleep(Duration::from_millis(random_millis(200, 900)));
        match child.try_wait().unwrap() {
            Some(status) => break status,
            None => {
                child.kill().unwrap();
                child.wait().unwrap();
                kills += 1;
            }
        }
    };
    assert!(finished.success(), "the last consumer ended well");
    let pages = read_log(&dir.join("log"));
    std::fs::remove_dir_all(&dir).ok();
    assert!(kills > 0, "the consumer was killed at least once");

    let mut seen: BTreeMap<u64, usize> = BTreeMap::new();
    for (offset, texts) in &pages {
        // A page starts where the stored offset says, and runs on without a gap.
        let first = texts[0];
        assert_eq!(offset.unwrap_or(1), first, "a page begins at the offset sent");
        assert!(texts.windows(2).all(|w| w[1] == w[0] + 1), "{texts:?}");
        for text in texts {
            *seen.entry(*text).or_default() += 1;
        }
    }
    assert_eq!(
        seen.keys().copied().collect::<Vec<_>>(),
        (1..=EVENTS as u64).collect::<Vec<_>>(),
        "none lost"
    );
    let repeats: usize = seen.values().map(|n| n - 1).sum();
    assert!(repeats <= kills * PAGE, "{repeats} repeats after {kills} kills");
    // The stored offsets only grow: nothing acknowledged is read again.
    let offsets: Vec<u64> = pages.iter().filter_map(|(offset, _)| *offset).collect();
    assert!(offsets.windows(2).all(|w| w[1] >= w[0]), "{offsets:?}");
    assert_eq!(sandbox.bot_queue_len(bot), 0, "the last read acknowledged everything");
}

fn spawn_consumer(dir: &Path, sandbox: &Sandbox, bot: u64) -> std::process::Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "consumer_child", "--nocapture", "--test-threads=1"])
        .env(CHILD_MODE, dir)
        .env("B24_EVENTS_URL", sandbox.webhook_url())
        .env("B24_EVENTS_BOT", bot.to_string())
        .env_remove("B24_RATE_LIMIT")
        .env_remove("B24_LIMIT_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the test binary starts as a child")
}

/// Each handed-over page: the offset it was read with, and its events' numbers.
fn read_log(path: &Path) -> Vec<(Option<u64>, Vec<u64>)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (offset, ids) = line.split_once(' ').unwrap();
            (offset.parse().ok(), ids.split(',').map(|id| id.parse().unwrap()).collect())
        })
        .collect()
}
