//! The chat, dialog, notification and authorisation functions through the C ABI against the
//! sandbox portal: what each call answers, what the portal received, and above all what the
//! portal's state is afterwards (`Sandbox::snapshot`).

mod common;

use std::collections::BTreeSet;
use std::ffi::CString;
use std::io::{Read, Write};

use bitrix24_ffi::sandbox::{self, NotifyKind, ReceivedRequest, Sandbox, CALLER};
use common::{call, error_code, ffi, take, Export};
use serde_json::{json, Value};

/// A sandbox whose request limit this process does not keep: these tests are about what is
/// sent and what it does, not when.
fn start() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

/// Runs a function by its OPI name through `b24_invoke`.
fn invoke(name: &str, params: &Value) -> Value {
    let name = CString::new(name).unwrap();
    let params = CString::new(params.to_string()).unwrap();
    // SAFETY: two NUL-terminated texts that outlive the call; the answer is taken once.
    let text = take(unsafe { ffi::b24_invoke(name.as_ptr(), params.as_ptr()) });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {text}"))
}

/// Calls an export with the sandbox's webhook URL added to `params`.
fn hook(sandbox: &Sandbox, export: Export, mut params: Value) -> Value {
    params["url"] = json!(sandbox.webhook_url());
    call(export, &params)
}

/// The `result` of a successful answer.
fn result(answer: &Value) -> &Value {
    assert_eq!(error_code(answer), "", "the call failed: {answer}");
    answer.get("result").unwrap_or_else(|| panic!("no result: {answer}"))
}

/// The requests of one REST method (lower-case), in arrival order.
fn requests_of(sandbox: &Sandbox, method: &str) -> Vec<ReceivedRequest> {
    sandbox.requests().into_iter().filter(|r| r.rest_method == method).collect()
}

/// The only request of one REST method.
fn only(sandbox: &Sandbox, method: &str) -> ReceivedRequest {
    let requests = requests_of(sandbox, method);
    assert_eq!(requests.len(), 1, "{method}: {requests:?}");
    requests.into_iter().next().unwrap()
}

fn members(sandbox: &Sandbox, chat: u64) -> BTreeSet<u64> {
    sandbox.snapshot().chat(chat).expect("the chat exists").members.clone()
}

fn set(ids: &[u64]) -> BTreeSet<u64> {
    ids.iter().copied().collect()
}

// --- CreateChat ------------------------------------------------------------------------------

#[test]
fn create_chat_makes_a_chat_with_members_owner_title_colour_type_and_first_message() {
    let sandbox = start();
    let fields = json!({
        "TYPE": "OPEN",
        "TITLE": "Отдел продаж",
        "DESCRIPTION": "Planning",
        "COLOR": "PINK",
        "MESSAGE": "Welcome",
        "USERS": [10, "638"],
        "OWNER_ID": 10,
    });
    let answer = hook(&sandbox, ffi::b24_create_chat, json!({"fields": fields}));
    let id = result(&answer).as_u64().unwrap_or_else(|| panic!("{answer}"));

    let request = only(&sandbox, "im.chat.add");
    assert_eq!(request.fields, fields, "each key of fields is a top-level field, as given");
    let snapshot = sandbox.snapshot();
    let chat = snapshot.chat(id).expect("the chat exists on the portal");
    assert_eq!(chat.kind, sandbox::ChatType::Open);
    assert_eq!(chat.title, "Отдел продаж");
    assert_eq!(chat.description, "Planning");
    assert_eq!(chat.color, "PINK");
    assert_eq!(chat.owner, 10);
    assert_eq!(chat.members, set(&[CALLER, 10, 638]));
    let posted = snapshot.dialog_messages(&format!("chat{id}"));
    assert_eq!(posted.len(), 1);
    assert_eq!((posted[0].author_id, posted[0].message.as_deref()), (CALLER, Some("Welcome")));
}

#[test]
fn create_chat_takes_its_fields_and_users_as_json_text() {
    let sandbox = start();
    let fields = json!({"TYPE": "CHAT", "TITLE": "Private chat", "USERS": "[\"10\", 640]"}).to_string();
    let answer = hook(&sandbox, ffi::b24_create_chat, json!({"fields": fields}));
    let id = result(&answer).as_u64().unwrap_or_else(|| panic!("{answer}"));

    let request = only(&sandbox, "im.chat.add");
    assert_eq!(request.fields["USERS"], json!(["10", 640]), "USERS text is sent as the array it holds");
    let snapshot = sandbox.snapshot();
    let chat = snapshot.chat(id).unwrap();
    assert_eq!(chat.kind, sandbox::ChatType::Chat);
    assert_eq!(chat.title, "Private chat");
    assert_eq!(chat.owner, CALLER, "the caller owns a chat without OWNER_ID");
    assert_eq!(chat.members, set(&[CALLER, 10, 640]));
    assert!(snapshot.dialog_messages(&format!("chat{id}")).is_empty(), "no MESSAGE, no message");
}

#[test]
fn create_chat_by_invoke_with_an_unknown_user_creates_nothing() {
    let sandbox = start();
    let answer = invoke(
        "createchat",
        &json!({"url": sandbox.webhook_url(), "fields": {"TITLE": "x", "USERS": [10, 99999]}}),
    );
    assert_eq!(error_code(&answer), "USER_NOT_FOUND", "{answer}");
    assert!(sandbox.snapshot().chats.is_empty());
}

// --- Members -----------------------------------------------------------------------------------

#[test]
fn get_chat_users_lists_the_members_and_sends_the_bare_chat_number() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[638, 10], "Seeded");
    let answer = hook(&sandbox, ffi::b24_get_chat_users, json!({"chat": format!("chat{chat}")}));
    let ids: BTreeSet<u64> = result(&answer).as_array().unwrap().iter().filter_map(Value::as_u64).collect();
    assert_eq!(ids, members(&sandbox, chat));
    assert_eq!(only(&sandbox, "im.chat.user.list").fields, json!({"CHAT_ID": chat.to_string()}));
}

#[test]
fn leave_chat_takes_the_caller_out_and_hands_ownership_on() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[10, 638], "To leave");
    let answer = hook(&sandbox, ffi::b24_leave_chat, json!({"chat": chat}));
    assert_eq!(result(&answer), &json!(true));
    let snapshot = sandbox.snapshot();
    let state = snapshot.chat(chat).unwrap();
    assert_eq!(state.members, set(&[10, 638]));
    assert_eq!(state.owner, 10, "the member with the lowest id owns it now");

    // Left for good: the chat's methods now answer the portal's ACCESS_ERROR.
    let again = hook(&sandbox, ffi::b24_get_chat_users, json!({"chat": chat}));
    assert_eq!(error_code(&again), "ACCESS_ERROR", "{again}");
}

#[test]
fn add_users_with_hide_true_sends_hide_history_y_and_hides_earlier_messages() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[10], "History");
    let before = sandbox.post_as(10, &format!("chat{chat}"), "said before").unwrap();
    let answer = hook(
        &sandbox,
        ffi::b24_add_users_to_chat,
        json!({"chat": chat, "users": [638, "640"], "hide": true}),
    );
    assert_eq!(result(&answer), &json!(true));

    let request = only(&sandbox, "im.chat.user.add");
    assert_eq!(
        request.fields,
        json!({"CHAT_ID": chat.to_string(), "USERS": ["638", "640"], "HIDE_HISTORY": "Y"})
    );
    let snapshot = sandbox.snapshot();
    let state = snapshot.chat(chat).unwrap();
    assert_eq!(state.members, set(&[CALLER, 10, 638, 640]));
    assert_eq!(state.hidden_history.get(&638), Some(&before));
    assert_eq!(state.hidden_history.get(&640), Some(&before));
}

#[test]
fn add_users_with_hide_false_or_left_out_sends_hide_history_n() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[], "Open history");
    sandbox.post_as(CALLER, &format!("chat{chat}"), "before").unwrap();
    let answer =
        hook(&sandbox, ffi::b24_add_users_to_chat, json!({"chat": chat, "users": 10, "hide": false}));
    assert_eq!(result(&answer), &json!(true));
    // USERS as the JSON text of an array, and no hide at all.
    let answer = hook(&sandbox, ffi::b24_add_users_to_chat, json!({"chat": chat, "users": "[638]"}));
    assert_eq!(result(&answer), &json!(true));

    let requests = requests_of(&sandbox, "im.chat.user.add");
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].fields["HIDE_HISTORY"], "N");
    assert_eq!(requests[0].fields["USERS"], json!(["10"]));
    assert_eq!(requests[1].fields["HIDE_HISTORY"], "N", "OPI's default is false");
    assert_eq!(requests[1].fields["USERS"], json!(["638"]));
    let snapshot = sandbox.snapshot();
    let state = snapshot.chat(chat).unwrap();
    assert_eq!(state.members, set(&[CALLER, 10, 638]));
    assert!(state.hidden_history.is_empty(), "{:?}", state.hidden_history);
}

#[test]
fn a_deleted_user_is_no_longer_a_member() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[10, 638], "Kick");
    let answer = hook(&sandbox, ffi::b24_delete_user_from_chat, json!({"chat": chat, "user": "638"}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(
        only(&sandbox, "im.chat.user.delete").fields,
        json!({"CHAT_ID": chat.to_string(), "USER_ID": "638"})
    );
    assert_eq!(members(&sandbox, chat), set(&[CALLER, 10]));

    // Deleting them again is the portal's refusal, returned as it came.
    let again = hook(&sandbox, ffi::b24_delete_user_from_chat, json!({"chat": chat, "user": 638}));
    assert_eq!(error_code(&again), "USER_NOT_FOUND", "{again}");
}

#[test]
fn get_users_gives_one_user_or_several_by_id() {
    let sandbox = start();
    let one = hook(&sandbox, ffi::b24_get_users, json!({"users": 10}));
    let snapshot = sandbox.snapshot();
    let maria = &snapshot.users[&10];
    assert_eq!(result(&one)["10"]["name"], maria.name());
    assert_eq!(result(&one).as_object().unwrap().len(), 1);

    let several = hook(&sandbox, ffi::b24_get_users, json!({"users": ["1", 638, 2960]}));
    let found = result(&several).as_object().unwrap();
    assert_eq!(
        found.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        BTreeSet::from(["1", "638", "2960"])
    );
    for (id, user) in found {
        let id: u64 = id.parse().unwrap();
        assert_eq!(user["last_name"], snapshot.users[&id].last_name);
    }
    let requests = requests_of(&sandbox, "im.user.list.get");
    assert_eq!(requests[0].fields, json!({"ID": ["10"]}));
    assert_eq!(requests[1].fields, json!({"ID": ["1", "638", "2960"]}));
}

// --- Chat settings -------------------------------------------------------------------------------

#[test]
fn change_chat_title_renames_the_chat() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[10], "Old title");
    let answer = invoke(
        "ChangeChatTitle",
        &json!({"url": sandbox.webhook_url(), "chat": format!("chat{chat}"), "title": "Новый заголовок"}),
    );
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(
        only(&sandbox, "im.chat.updatetitle").fields,
        json!({"CHAT_ID": chat.to_string(), "TITLE": "Новый заголовок"})
    );
    assert_eq!(sandbox.snapshot().chat(chat).unwrap().title, "Новый заголовок");
}

#[test]
fn change_chat_color_sets_the_colour_in_capitals() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[], "Colours");
    let answer = hook(&sandbox, ffi::b24_change_chat_color, json!({"chat": chat, "color": " light_blue "}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(only(&sandbox, "im.chat.updatecolor").fields["COLOR"], "LIGHT_BLUE");
    assert_eq!(sandbox.snapshot().chat(chat).unwrap().color, "LIGHT_BLUE");
}

#[test]
fn an_unknown_colour_is_refused_and_nothing_is_sent() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[], "Colours");
    let answer = hook(&sandbox, ffi::b24_change_chat_color, json!({"chat": chat, "color": "ULTRAVIOLET"}));
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
    let description = answer["error_description"].as_str().unwrap();
    assert!(description.contains("'color'") && description.contains("GRAPHITE"), "{description}");
    assert!(sandbox.requests().is_empty(), "{:?}", sandbox.requests());
    assert_eq!(sandbox.snapshot().chat(chat).unwrap().color, "");
}

#[test]
fn change_chat_owner_hands_the_chat_to_a_member() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[10, 638], "Owners");
    let answer = hook(&sandbox, ffi::b24_change_chat_owner, json!({"chat": chat, "user": 638}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(
        only(&sandbox, "im.chat.setowner").fields,
        json!({"CHAT_ID": chat.to_string(), "USER_ID": "638"})
    );
    let snapshot = sandbox.snapshot();
    assert_eq!(snapshot.chat(chat).unwrap().owner, 638);
    assert!(snapshot.chat(chat).unwrap().members.contains(&CALLER), "the old owner stays a member");

    // No longer the owner, the caller cannot hand it on again: the portal's own error.
    let again = hook(&sandbox, ffi::b24_change_chat_owner, json!({"chat": chat, "user": 10}));
    assert_eq!(error_code(&again), "WRONG_REQUEST", "{again}");
    assert_eq!(sandbox.snapshot().chat(chat).unwrap().owner, 638);
}

#[test]
fn disable_and_enable_chat_notifications_mute_and_unmute_for_the_caller() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[10], "Noisy");
    let answer = hook(&sandbox, ffi::b24_disable_chat_notifications, json!({"chat": chat}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(sandbox.snapshot().chat(chat).unwrap().muted_by, set(&[CALLER]));

    let answer = hook(&sandbox, ffi::b24_enable_chat_notifications, json!({"chat": format!("chat{chat}")}));
    assert_eq!(result(&answer), &json!(true));
    assert!(sandbox.snapshot().chat(chat).unwrap().muted_by.is_empty());

    let mutes: Vec<Value> = requests_of(&sandbox, "im.chat.mute").into_iter().map(|r| r.fields).collect();
    assert_eq!(
        mutes,
        vec![
            json!({"CHAT_ID": chat.to_string(), "MUTE": "Y"}),
            json!({"CHAT_ID": chat.to_string(), "MUTE": "N"})
        ]
    );
}

// --- Dialogs ---------------------------------------------------------------------------------------

/// A chat with 25 messages by user 10; their ids, oldest first.
fn chat_with_history(sandbox: &Sandbox) -> (u64, Vec<u64>) {
    let chat = sandbox.seed_chat(CALLER, &[10], "History");
    let ids = (0..25).map(|n| sandbox.post_as(10, &format!("chat{chat}"), &format!("message {n}")).unwrap());
    (chat, ids.collect())
}

fn message_ids(answer: &Value) -> Vec<u64> {
    result(answer)["messages"].as_array().unwrap().iter().map(|m| m["id"].as_u64().unwrap()).collect()
}

#[test]
fn get_chat_messages_list_pages_back_with_last() {
    let sandbox = start();
    let (chat, ids) = chat_with_history(&sandbox);
    let dialog = format!("chat{chat}");

    let newest = hook(&sandbox, ffi::b24_get_chat_messages_list, json!({"chat": dialog}));
    let page: Vec<u64> = ids.iter().rev().take(20).copied().collect();
    assert_eq!(message_ids(&newest), page, "the newest 20, newest first");
    assert_eq!(result(&newest)["messages"][0]["text"], "message 24");

    let oldest_seen = *page.last().unwrap();
    let older = hook(&sandbox, ffi::b24_get_chat_messages_list, json!({"chat": dialog, "last": oldest_seen}));
    let rest: Vec<u64> = ids[..5].iter().rev().copied().collect();
    assert_eq!(message_ids(&older), rest);

    let requests = requests_of(&sandbox, "im.dialog.messages.get");
    assert_eq!(requests[0].fields, json!({"DIALOG_ID": dialog}));
    assert_eq!(requests[1].fields, json!({"DIALOG_ID": dialog, "LAST_ID": oldest_seen.to_string()}));
}

#[test]
fn get_chat_messages_list_reads_forward_from_first_zero() {
    let sandbox = start();
    let (chat, ids) = chat_with_history(&sandbox);
    let dialog = format!("chat{chat}");

    let start_page = hook(&sandbox, ffi::b24_get_chat_messages_list, json!({"chat": dialog, "first": 0}));
    assert_eq!(message_ids(&start_page), ids[..20].to_vec(), "the oldest 20, oldest first");
    let next = hook(&sandbox, ffi::b24_get_chat_messages_list, json!({"chat": dialog, "first": ids[19]}));
    assert_eq!(message_ids(&next), ids[20..].to_vec());
    let texts: Vec<&str> =
        result(&next)["messages"].as_array().unwrap().iter().map(|m| m["text"].as_str().unwrap()).collect();
    let stored = sandbox.snapshot();
    let wanted: Vec<&str> =
        ids[20..].iter().map(|id| stored.message(*id).unwrap().message.as_deref().unwrap()).collect();
    assert_eq!(texts, wanted);

    let requests = requests_of(&sandbox, "im.dialog.messages.get");
    assert_eq!(requests[0].fields, json!({"DIALOG_ID": dialog, "FIRST_ID": "0"}), "0 is sent, not dropped");
}

#[test]
fn get_dialog_describes_the_chat_as_the_portal_holds_it() {
    let sandbox = start();
    let chat = sandbox.seed_chat(10, &[CALLER, 638], "Dialog card");
    let answer = invoke("GetDialog", &json!({"url": sandbox.webhook_url(), "chat": format!("chat{chat}")}));
    let card = result(&answer);
    let snapshot = sandbox.snapshot();
    let state = snapshot.chat(chat).unwrap();
    assert_eq!(card["id"], chat);
    assert_eq!(card["name"], state.title.as_str());
    assert_eq!(card["owner"], state.owner);
    assert_eq!(card["user_counter"], state.members.len());
    assert_eq!(card["dialog_id"], format!("chat{chat}"));
    assert_eq!(only(&sandbox, "im.dialog.get").fields, json!({"DIALOG_ID": format!("chat{chat}")}));
}

#[test]
fn get_chat_members_list_gives_every_member_with_their_data() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[10, 2960], "Members");
    let answer = hook(&sandbox, ffi::b24_get_chat_members_list, json!({"chat": format!("chat{chat}")}));
    let listed = result(&answer).as_array().unwrap();
    let ids: BTreeSet<u64> = listed.iter().map(|u| u["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, members(&sandbox, chat));
    let snapshot = sandbox.snapshot();
    for user in listed {
        assert_eq!(user["name"], snapshot.users[&user["id"].as_u64().unwrap()].name());
    }
}

#[test]
fn send_writing_notification_shows_typing_in_the_dialog() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[10], "Typing");
    let answer = hook(&sandbox, ffi::b24_send_writing_notification, json!({"chat": format!("chat{chat}")}));
    assert_eq!(result(&answer), &json!(true));
    let answer = hook(&sandbox, ffi::b24_send_writing_notification, json!({"chat": 10}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(sandbox.snapshot().writing, vec![(CALLER, format!("chat{chat}")), (CALLER, "10".to_string())]);
}

#[test]
fn set_user_status_changes_the_status_and_get_user_status_reads_it() {
    let sandbox = start();
    assert_eq!(result(&hook(&sandbox, ffi::b24_get_user_status, json!({}))), "online");
    let answer = hook(&sandbox, ffi::b24_set_user_status, json!({"status": "DND"}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(only(&sandbox, "im.user.status.set").fields, json!({"STATUS": "dnd"}));
    assert_eq!(sandbox.snapshot().status(CALLER), "dnd");
    assert_eq!(result(&hook(&sandbox, ffi::b24_get_user_status, json!({}))), "dnd");
}

#[test]
fn a_bad_status_is_refused_and_nothing_is_sent() {
    let sandbox = start();
    let answer = hook(&sandbox, ffi::b24_set_user_status, json!({"status": "busy"}));
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains("'status'"), "{answer}");
    assert!(sandbox.requests().is_empty());
    assert_eq!(sandbox.snapshot().status(CALLER), "online");
}

#[test]
fn read_all_moves_every_read_mark_to_the_last_message() {
    let sandbox = start();
    let (chat, ids) = chat_with_history(&sandbox);
    let other = sandbox.seed_chat(CALLER, &[638], "Other");
    let last_other = sandbox.post_as(638, &format!("chat{other}"), "hello").unwrap();
    assert_eq!(sandbox.snapshot().read_mark(CALLER, &format!("chat{chat}")), 0);

    let answer = hook(&sandbox, ffi::b24_read_all, json!({}));
    assert_eq!(result(&answer), &json!(true));
    let snapshot = sandbox.snapshot();
    assert_eq!(snapshot.read_mark(CALLER, &format!("chat{chat}")), *ids.last().unwrap());
    assert_eq!(snapshot.read_mark(CALLER, &format!("chat{other}")), last_other);
    assert_eq!(only(&sandbox, "im.dialog.read.all").fields, json!({}));
}

#[test]
fn get_chat_files_folder_gives_the_chats_folder() {
    let sandbox = start();
    let chat = sandbox.seed_chat(CALLER, &[], "Files");
    let answer = hook(&sandbox, ffi::b24_get_chat_files_folder, json!({"chat": format!("chat{chat}")}));
    let folder = result(&answer)["ID"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    let snapshot = sandbox.snapshot();
    assert_eq!(snapshot.chat(chat).unwrap().disk_folder_id, Some(folder));
    assert_eq!(snapshot.folders[&folder].dialog_id.as_deref(), Some(format!("chat{chat}").as_str()));
    assert_eq!(only(&sandbox, "im.disk.folder.get").fields, json!({"CHAT_ID": chat.to_string()}));
}

#[test]
fn get_chat_structure_describes_or_empties_the_keys_without_a_request() {
    let sandbox = start();
    let keys = ["TYPE", "TITLE", "DESCRIPTION", "COLOR", "MESSAGE", "USERS", "AVATAR", "OWNER_ID"];
    let described = call(ffi::b24_get_chat_structure, &json!({}));
    let object = described.as_object().unwrap();
    assert_eq!(object.keys().map(String::as_str).collect::<Vec<_>>(), keys);
    assert_eq!(described["TYPE"], "<Chat type OPEN (Public) | CHAT (Private)>");
    assert!(object.values().all(|v| v.as_str().is_some_and(|t| t.starts_with('<'))));

    let empty = invoke("GetChatStructure", &json!({"empty": true}));
    let object = empty.as_object().unwrap();
    assert_eq!(object.keys().map(String::as_str).collect::<Vec<_>>(), keys);
    assert!(object.values().all(|v| v == ""), "{empty}");
    assert!(sandbox.requests().is_empty());
}

// --- Notifications ---------------------------------------------------------------------------------

#[test]
fn create_personal_notification_reaches_the_user_from_the_caller() {
    let sandbox = start();
    let answer = hook(&sandbox, ffi::b24_create_personal_notification, json!({"user": 10, "text": "Привет"}));
    let id = result(&answer).as_u64().unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(
        only(&sandbox, "im.notify.personal.add").fields,
        json!({"USER_ID": "10", "MESSAGE": "Привет"})
    );
    let snapshot = sandbox.snapshot();
    let notification = &snapshot.notifications[&id];
    assert_eq!(notification.kind, NotifyKind::Personal);
    assert_eq!((notification.user_id, notification.author_id), (10, CALLER));
    assert_eq!(notification.text.as_deref(), Some("Привет"));
    assert_eq!((notification.tag.as_ref(), notification.attach.as_ref()), (None, None));
}

#[test]
fn a_system_notification_with_the_same_tag_replaces_the_earlier_one() {
    let sandbox = start();
    let first = hook(
        &sandbox,
        ffi::b24_create_system_notification,
        json!({"user": 638, "text": "v1", "tag": "build"}),
    );
    let first = result(&first).as_u64().unwrap();
    let other = hook(
        &sandbox,
        ffi::b24_create_system_notification,
        json!({"user": 638, "text": "other", "tag": "x"}),
    );
    let other = result(&other).as_u64().unwrap();
    assert_eq!(sandbox.snapshot().notifications_of(638).len(), 2);

    let second = invoke(
        "CreateSystemNotification",
        &json!({"url": sandbox.webhook_url(), "user": 638, "text": "v2", "tag": "build"}),
    );
    let second = result(&second).as_u64().unwrap();
    let snapshot = sandbox.snapshot();
    let ids: Vec<u64> = snapshot.notifications_of(638).iter().map(|n| n.id).collect();
    assert_eq!(ids, vec![other, second], "{first} was replaced");
    let replacing = &snapshot.notifications[&second];
    assert_eq!((replacing.kind, replacing.author_id), (NotifyKind::System, 0));
    assert_eq!((replacing.text.as_deref(), replacing.tag.as_deref()), (Some("v2"), Some("build")));
    assert_eq!(requests_of(&sandbox, "im.notify.system.add")[2].fields["TAG"], "build");
}

#[test]
fn a_notification_carries_its_blocks_as_attach() {
    let sandbox = start();
    let link =
        call(ffi::b24_get_link_block, &json!({"url": "https://example.com/report", "title": "Report"}));
    let text = call(ffi::b24_get_text_block, &json!({"text": "[b]Ready[/b]"}));
    let blocks = json!([link, text]);
    let answer = hook(
        &sandbox,
        ffi::b24_create_system_notification,
        json!({"user": 10, "text": "Report", "blocks": blocks.to_string()}),
    );
    let id = result(&answer).as_u64().unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(only(&sandbox, "im.notify.system.add").fields["ATTACH"], blocks);
    assert_eq!(sandbox.snapshot().notifications[&id].attach.as_ref(), Some(&blocks));

    let answer = hook(
        &sandbox,
        ffi::b24_create_personal_notification,
        json!({"user": 10, "text": "x", "blocks": link}),
    );
    let id = result(&answer).as_u64().unwrap();
    assert_eq!(sandbox.snapshot().notifications[&id].attach, Some(json!([link])));
}

#[test]
fn delete_notification_removes_it() {
    let sandbox = start();
    let kept =
        result(&hook(&sandbox, ffi::b24_create_personal_notification, json!({"user": 10, "text": "keep"})))
            .as_u64()
            .unwrap();
    let gone =
        result(&hook(&sandbox, ffi::b24_create_personal_notification, json!({"user": 10, "text": "drop"})))
            .as_u64()
            .unwrap();
    let answer = hook(&sandbox, ffi::b24_delete_notification, json!({"notif": gone}));
    assert_eq!(result(&answer), &json!(true));
    assert_eq!(only(&sandbox, "im.notify.delete").fields, json!({"ID": gone.to_string()}));
    let snapshot = sandbox.snapshot();
    assert!(!snapshot.notifications.contains_key(&gone));
    assert!(snapshot.notifications.contains_key(&kept));
}

// --- Authorisation -----------------------------------------------------------------------------------

#[test]
fn get_app_auth_link_builds_the_link_without_a_request() {
    let sandbox = start();
    let link = call(
        ffi::b24_get_app_auth_link,
        &json!({"domain": "portal.bitrix24.com", "clientid": sandbox::CLIENT_ID}),
    );
    assert_eq!(
        link,
        json!(format!("https://portal.bitrix24.com/oauth/authorize/?client_id={}", sandbox::CLIENT_ID))
    );
    let link = invoke("GetAppAuthLink", &json!({"domain": "http://127.0.0.1:8080/", "clientid": "app"}));
    assert_eq!(link, "http://127.0.0.1:8080/oauth/authorize/?client_id=app");
    assert!(sandbox.requests().is_empty());
}

#[test]
fn get_app_auth_link_adds_the_scheme_to_a_domain_whose_name_starts_with_http() {
    // A portal's name may begin with "http"; only "http://" or "https://" is a scheme, as the
    // `url` parameter already treats it.
    let link =
        call(ffi::b24_get_app_auth_link, &json!({"domain": "httpclub.bitrix24.ru", "clientid": "app"}));
    assert_eq!(link, "https://httpclub.bitrix24.ru/oauth/authorize/?client_id=app");
    let link =
        call(ffi::b24_get_app_auth_link, &json!({"domain": "HTTPS://portal.bitrix24.ru", "clientid": "app"}));
    // The scheme is kept, written as schemes are, in lower case.
    assert_eq!(link, "https://portal.bitrix24.ru/oauth/authorize/?client_id=app");
}

/// Whether a request's URL (path and query) holds the client secret.
fn url_has_secret(request: &ReceivedRequest) -> bool {
    request.path.contains(sandbox::CLIENT_SECRET) || request.query.contains(sandbox::CLIENT_SECRET)
}

fn token_params(sandbox: &Sandbox, key: &str, value: &str) -> Value {
    json!({
        "clientid": sandbox::CLIENT_ID,
        "clientsecret": sandbox::CLIENT_SECRET,
        key: value,
        "oauth_url": sandbox.oauth_url(),
    })
}

#[test]
fn get_token_exchanges_a_code_for_tokens_that_the_portal_accepts() {
    let sandbox = start();
    let code = sandbox.new_auth_code();
    let answer = call(ffi::b24_get_token, &token_params(&sandbox, "code", &code));
    let access = answer["access_token"].as_str().unwrap_or_else(|| panic!("{answer}"));
    assert!(answer["refresh_token"].is_string(), "{answer}");
    assert_eq!(sandbox.code_exchanges(), 1);

    let request = sandbox.requests().pop().unwrap();
    assert_eq!((request.http_method.as_str(), request.path.as_str()), ("POST", "/oauth/token/"));
    assert_eq!(request.content_type, "application/x-www-form-urlencoded");
    assert_eq!(request.query, "");
    assert_eq!(
        request.fields,
        json!({"grant_type": "authorization_code", "client_id": sandbox::CLIENT_ID,
               "client_secret": sandbox::CLIENT_SECRET, "code": code})
    );

    let time = call(ffi::b24_server_time, &json!({"url": sandbox.portal_url(), "token": access}));
    assert!(result(&time).is_string(), "the new access token works: {time}");

    // A code is good once: the server's refusal comes back as it came.
    let again = call(ffi::b24_get_token, &token_params(&sandbox, "code", &code));
    assert_eq!(error_code(&again), "invalid_grant", "{again}");
    assert_eq!(sandbox.code_exchanges(), 1);
}

/// The child process of `get_token_takes_the_server_from_b24_oauth_url`: it runs only there,
/// where B24_OAUTH_URL is set for the whole process, and prints GetToken's answer.
#[test]
#[ignore = "run as a child process by get_token_takes_the_server_from_b24_oauth_url"]
fn child_get_token_with_the_environment() {
    let Ok(code) = std::env::var("B24_TEST_CHILD_CODE") else { return };
    let answer = call(
        ffi::b24_get_token,
        &json!({"clientid": sandbox::CLIENT_ID, "clientsecret": sandbox::CLIENT_SECRET, "code": code}),
    );
    println!("CHILD-ANSWER {answer}");
}

#[test]
fn get_token_takes_the_server_from_b24_oauth_url() {
    let sandbox = start();
    let code = sandbox.new_auth_code();
    let output = common::run_logged(
        std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--ignored", "--exact", "child_get_token_with_the_environment", "--nocapture"])
            .env("B24_OAUTH_URL", sandbox.oauth_url())
            .env("B24_TEST_CHILD_CODE", &code),
    );
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout.lines().find_map(|l| l.strip_prefix("CHILD-ANSWER ")).expect("the child answered");
    let answer: Value = serde_json::from_str(line).unwrap();
    assert!(answer["access_token"].is_string(), "{answer}");
    assert_eq!(sandbox.code_exchanges(), 1, "the code went to the sandbox's token server");
    let request = only_oauth(&sandbox);
    assert_eq!(request.fields["code"], code);
    assert!(!url_has_secret(&request));
}

fn only_oauth(sandbox: &Sandbox) -> ReceivedRequest {
    let requests: Vec<ReceivedRequest> =
        sandbox.requests().into_iter().filter(|r| r.path == "/oauth/token/").collect();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.into_iter().next().unwrap()
}

#[test]
fn refresh_token_rotates_and_the_old_refresh_token_is_then_invalid_grant() {
    let sandbox = start();
    let pair = sandbox.issue_tokens();
    let answer = call(ffi::b24_refresh_token, &token_params(&sandbox, "refresh", &pair.refresh_token));
    let new_refresh = answer["refresh_token"].as_str().unwrap_or_else(|| panic!("{answer}")).to_string();
    let new_access = answer["access_token"].as_str().unwrap().to_string();
    assert_ne!(new_refresh, pair.refresh_token);
    assert_ne!(new_access, pair.access_token);
    assert_eq!(sandbox.refreshes(), 1);
    let request = only_oauth(&sandbox);
    assert_eq!(request.http_method, "POST");
    assert_eq!(request.fields["grant_type"], "refresh_token");
    assert_eq!(request.fields["refresh_token"], pair.refresh_token.as_str());

    let old = call(ffi::b24_refresh_token, &token_params(&sandbox, "refresh", &pair.refresh_token));
    assert_eq!(error_code(&old), "invalid_grant", "{old}");
    assert_eq!(old["error_description"], "Invalid refresh token", "verbatim");
    assert_eq!(sandbox.refreshes(), 1);

    let next = invoke("RefreshToken", &token_params(&sandbox, "refresh", &new_refresh));
    assert!(next["access_token"].is_string(), "{next}");
    assert_eq!(sandbox.refreshes(), 2);
}

#[test]
fn server_time_is_a_get_with_auth_in_the_query_in_token_mode() {
    let sandbox = start();
    let answer = hook(&sandbox, ffi::b24_server_time, json!({}));
    assert!(result(&answer).is_string(), "{answer}");
    let request = only(&sandbox, "server.time");
    assert_eq!(request.http_method, "GET");
    assert_eq!(request.path, format!("/rest/1/{}/server.time", sandbox::WEBHOOK_CODE));
    assert_eq!((request.query.as_str(), request.body_len), ("", 0));
    sandbox.clear();

    let answer = call(ffi::b24_server_time, &json!({"url": sandbox.portal_url(), "token": sandbox::TOKEN}));
    assert!(result(&answer).is_string(), "{answer}");
    let request = only(&sandbox, "server.time");
    assert_eq!(request.http_method, "GET");
    assert_eq!(request.path, "/rest/server.time");
    assert_eq!(request.query, format!("auth={}", sandbox::TOKEN));
    assert_eq!(request.auth.as_deref(), Some(sandbox::TOKEN));
    assert_eq!(request.body_len, 0);
}

#[test]
fn the_client_secret_is_in_no_url_and_no_error_text() {
    let sandbox = start();
    let mut answers = Vec::new();
    // The server's refusals, of a code and of a refresh token.
    answers.push(call(ffi::b24_get_token, &token_params(&sandbox, "code", "no-such-code")));
    answers.push(call(ffi::b24_refresh_token, &token_params(&sandbox, "refresh", "no-such-refresh")));
    // A server that is not there, and one whose answer is not JSON.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let mut params = token_params(&sandbox, "code", "x");
    params["oauth_url"] = json!(format!("http://127.0.0.1:{closed}/oauth/token/"));
    answers.push(call(ffi::b24_get_token, &params));
    sandbox.misbehave(sandbox::Fault::NotJson, 1);
    answers.push(call(ffi::b24_get_token, &token_params(&sandbox, "code", "x")));
    // A secret where a URL should be.
    let mut params = token_params(&sandbox, "code", "x");
    params["oauth_url"] = json!(format!("not a url {}", sandbox::CLIENT_SECRET));
    answers.push(call(ffi::b24_get_token, &params));

    let codes: Vec<&str> = answers.iter().map(error_code).collect();
    assert_eq!(
        codes,
        [
            "invalid_grant",
            "invalid_grant",
            "B24_CONNECTION_FAILED",
            "B24_BAD_ANSWER",
            "B24_INVALID_PARAMETER"
        ]
    );
    for answer in &answers {
        assert!(!answer.to_string().contains(sandbox::CLIENT_SECRET), "the secret leaked: {answer}");
    }
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 3);
    for request in &requests {
        assert!(!url_has_secret(request), "{request:?}");
        assert_eq!(request.http_method, "POST");
        assert_eq!(request.fields["client_secret"], sandbox::CLIENT_SECRET, "it travels in the form body");
    }
}

#[test]
fn an_expired_token_is_refreshed_with_the_secret_in_a_form_body_and_the_get_repeated_with_the_new_token() {
    let sandbox = start();
    let pair = sandbox.issue_tokens();
    sandbox.expire_access_tokens();
    let answer = call(
        ffi::b24_server_time,
        &json!({"url": sandbox.portal_url(), "token": pair.access_token, "refresh": pair.refresh_token,
                "clientid": sandbox::CLIENT_ID, "clientsecret": sandbox::CLIENT_SECRET,
                "oauth_url": sandbox.oauth_url()}),
    );
    assert!(result(&answer).is_string(), "{answer}");
    let renewed = answer["auth_refreshed"]["access_token"].as_str().unwrap_or_else(|| panic!("{answer}"));
    assert_eq!(sandbox.refreshes(), 1);

    let requests = sandbox.requests();
    let seen: Vec<(&str, &str)> =
        requests.iter().map(|r| (r.http_method.as_str(), r.path.as_str())).collect();
    assert_eq!(seen, [("GET", "/rest/server.time"), ("POST", "/oauth/token/"), ("GET", "/rest/server.time")]);
    assert_eq!(requests[0].auth.as_deref(), Some(pair.access_token.as_str()));
    assert_eq!(requests[2].auth.as_deref(), Some(renewed), "the GET went again with the new token");
    assert_eq!(requests[1].fields["client_secret"], sandbox::CLIENT_SECRET);
    for request in &requests {
        assert!(!url_has_secret(request), "{request:?}");
        assert!(!request.query.contains(&pair.refresh_token), "{request:?}");
    }
}

/// A token server for one exchange that answers 500 with an HTML page quoting the whole
/// request it got, as a misconfigured proxy might.
fn echoing_token_server() -> (u16, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut seen = Vec::new();
        let mut buffer = [0u8; 4096];
        while !String::from_utf8_lossy(&seen).ends_with("code=echo-code") {
            let n = stream.read(&mut buffer).unwrap();
            assert!(n > 0, "the client closed before sending its body");
            seen.extend_from_slice(&buffer[..n]);
        }
        let request = String::from_utf8_lossy(&seen).into_owned();
        let page = format!("<html><body><pre>{request}</pre></body></html>");
        let reply = format!(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: {}\r\n\
             Connection: close\r\n\r\n{page}",
            page.len()
        );
        stream.write_all(reply.as_bytes()).unwrap();
        request
    });
    (port, server)
}

#[test]
fn an_error_page_quoting_the_request_is_shown_without_the_client_secret() {
    let (port, server) = echoing_token_server();
    let answer = call(
        ffi::b24_get_token,
        &json!({"clientid": sandbox::CLIENT_ID, "clientsecret": sandbox::CLIENT_SECRET, "code": "echo-code",
                "oauth_url": format!("http://127.0.0.1:{port}/oauth/token/")}),
    );
    let request = server.join().unwrap();
    let first_line = request.lines().next().unwrap();
    assert_eq!(first_line, "POST /oauth/token/ HTTP/1.1", "nothing in the URL: {request}");
    assert!(request.contains(&format!("client_secret={}", sandbox::CLIENT_SECRET)), "{request}");
    assert_eq!(error_code(&answer), "B24_BAD_ANSWER", "{answer}");
    let description = answer["error_description"].as_str().unwrap();
    assert!(description.contains("500"), "{description}");
    assert!(!description.contains(sandbox::CLIENT_SECRET), "the secret leaked: {description}");
    assert!(!description.contains("echo-code"), "the code is a secret too: {description}");
}

// --- Portal errors -----------------------------------------------------------------------------------

#[test]
fn portal_errors_come_back_verbatim_and_change_nothing() {
    let sandbox = start();
    // A chat the caller is not in.
    let foreign = sandbox.seed_chat(10, &[638], "Not ours");
    let before = sandbox.snapshot().chat(foreign).cloned();

    let title = hook(&sandbox, ffi::b24_change_chat_title, json!({"chat": foreign, "title": "Mine now"}));
    assert_eq!(title, json!({"error": "ACCESS_ERROR", "error_description": "Action unavailable"}));
    let add = hook(&sandbox, ffi::b24_add_users_to_chat, json!({"chat": foreign, "users": [CALLER]}));
    assert_eq!(error_code(&add), "ACCESS_ERROR", "{add}");
    let history = hook(&sandbox, ffi::b24_get_chat_messages_list, json!({"chat": format!("chat{foreign}")}));
    assert_eq!(
        history,
        json!({"error": "ACCESS_ERROR", "error_description": "You do not have access to the specified dialog"})
    );
    assert_eq!(sandbox.snapshot().chat(foreign).cloned(), before);

    // Ids the portal cannot read.
    let users = hook(&sandbox, ffi::b24_get_chat_users, json!({"chat": "general"}));
    assert_eq!(users, json!({"error": "CHAT_ID_EMPTY", "error_description": "Chat ID can't be empty"}));
    let dialog = hook(&sandbox, ffi::b24_get_dialog, json!({"chat": "chat"}));
    assert_eq!(dialog, json!({"error": "DIALOG_ID_EMPTY", "error_description": "Dialog ID can't be empty"}));
    let notify = hook(&sandbox, ffi::b24_create_personal_notification, json!({"user": 424242, "text": "x"}));
    assert_eq!(notify, json!({"error": "USER_NOT_FOUND", "error_description": "User not found"}));
    assert!(sandbox.snapshot().notifications.is_empty());

    let token_mode = call(
        ffi::b24_leave_chat,
        &json!({"url": sandbox.portal_url(), "chat": foreign, "token": sandbox::EXPIRED_TOKEN}),
    );
    assert_eq!(error_code(&token_mode), "expired_token", "{token_mode}");
    assert_eq!(sandbox.snapshot().chat(foreign).cloned(), before);
}
