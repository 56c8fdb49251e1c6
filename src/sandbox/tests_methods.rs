//! The im method families over raw loopback HTTP: messages, chats, dialogs, users and
//! notifications, checked both in the answers and in the sandbox's state.

use serde_json::{json, Value};

use super::tests::{call, fails, ok};
use super::*;

/// A 1×1 PNG, base64.
const PNG: &str =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

fn new_chat(sandbox: &Sandbox, users: Value) -> u64 {
    ok(sandbox, "im.chat.add", json!({"TITLE": "Team", "USERS": users})).as_u64().expect("chat id")
}

#[test]
fn message_add_stores_keyboard_menu_and_flags() {
    let sandbox = Sandbox::start().unwrap();
    let first = ok(&sandbox, "im.message.add", json!({"DIALOG_ID": "10", "MESSAGE": "a"})).as_u64().unwrap();
    let keyboard = json!([{"TEXT": "Yes", "COMMAND": "yes"}]);
    let id = ok(
        &sandbox,
        "im.message.add",
        json!({"DIALOG_ID": "10", "MESSAGE": "b", "KEYBOARD": keyboard.to_string(), "MENU": {"ITEMS": [{"TEXT": "m"}]},
               "SYSTEM": "Y", "URL_PREVIEW": "N", "REPLY_ID": first}),
    )
    .as_u64()
    .unwrap();
    let stored = sandbox.snapshot().message(id).cloned().unwrap();
    assert_eq!(
        (stored.author_id, stored.keyboard, stored.system, stored.url_preview),
        (1, Some(keyboard), true, false)
    );
    assert_eq!(
        (stored.menu.unwrap()["ITEMS"][0]["TEXT"].clone(), stored.reply_id),
        (json!("m"), Some(first))
    );
    let body = json!({"DIALOG_ID": "11", "MESSAGE": "c", "REPLY_ID": first});
    assert_eq!(fails(&sandbox, "im.message.add", body).1, "REPLY_FROM_OTHER_CHAT_ERROR");
    let body = json!({"DIALOG_ID": "10", "MESSAGE": "c", "KEYBOARD": "{broken"});
    assert_eq!(fails(&sandbox, "im.message.add", body), (400, "KEYBOARD_ERROR".into()));
}

#[test]
fn message_to_an_unknown_chat_creates_it_but_a_foreign_chat_is_refused() {
    let sandbox = Sandbox::start().unwrap();
    ok(&sandbox, "im.message.add", json!({"DIALOG_ID": "chat40", "MESSAGE": "x"}));
    let chat = sandbox.snapshot().chat(40).cloned().unwrap();
    assert_eq!((chat.owner, chat.members.into_iter().collect::<Vec<_>>()), (1, vec![1]));
    let foreign = sandbox.seed_chat(10, &[10, 638], "Theirs");
    let body = json!({"DIALOG_ID": format!("chat{foreign}"), "MESSAGE": "x"});
    assert_eq!(fails(&sandbox, "im.message.add", body).1, "ACCESS_ERROR");
}

#[test]
fn message_update_delete_and_like_change_the_stored_message() {
    let sandbox = Sandbox::start().unwrap();
    let id = ok(
        &sandbox,
        "im.message.add",
        json!({"DIALOG_ID": "chat3", "MESSAGE": "v1", "KEYBOARD": [{"TEXT": "k"}]}),
    )
    .as_u64()
    .unwrap();
    assert_eq!(
        ok(&sandbox, "im.message.update", json!({"MESSAGE_ID": id, "MESSAGE": "v2", "KEYBOARD": "N"})),
        true
    );
    let updated = sandbox.snapshot().message(id).cloned().unwrap();
    assert_eq!((updated.message.as_deref(), updated.keyboard, updated.edited), (Some("v2"), None, true));
    assert_eq!(updated.params["IS_EDITED"], "Y");

    assert_eq!(ok(&sandbox, "im.message.like", json!({"MESSAGE_ID": id})), true);
    assert!(sandbox.snapshot().message(id).unwrap().likes.contains(&1));
    assert_eq!(
        fails(&sandbox, "im.message.like", json!({"MESSAGE_ID": id, "ACTION": "plus"})).1,
        "WITHOUT_CHANGES"
    );
    ok(&sandbox, "im.message.like", json!({"MESSAGE_ID": id, "ACTION": "auto"}));
    assert!(sandbox.snapshot().message(id).unwrap().likes.is_empty());

    assert_eq!(ok(&sandbox, "im.message.delete", json!({"MESSAGE_ID": id})), true);
    let deleted = sandbox.snapshot().message(id).cloned().unwrap();
    assert!(deleted.is_deleted());
    assert_eq!(deleted.message.as_deref(), Some(DELETED_TEXT));
    for method in ["im.message.update", "im.message.delete", "im.message.like"] {
        assert_eq!(
            fails(&sandbox, method, json!({"MESSAGE_ID": id, "MESSAGE": "x"})),
            (400, "MESSAGE_ID_ERROR".into())
        );
    }
    assert_eq!(fails(&sandbox, "im.message.update", json!({"MESSAGE_ID": 999_999})).1, "MESSAGE_ID_ERROR");
}

#[test]
fn another_authors_message_cannot_be_edited_or_deleted() {
    let sandbox = Sandbox::start().unwrap();
    let theirs = sandbox.post_as(10, "10", "from Maria").unwrap();
    assert_eq!(
        fails(&sandbox, "im.message.update", json!({"MESSAGE_ID": theirs, "MESSAGE": "x"})).1,
        "CANT_EDIT_MESSAGE"
    );
    assert_eq!(fails(&sandbox, "im.message.delete", json!({"MESSAGE_ID": theirs})).1, "CANT_EDIT_MESSAGE");
    assert_eq!(ok(&sandbox, "im.message.like", json!({"MESSAGE_ID": theirs})), true);
}

#[test]
fn chat_add_creates_a_chat_with_the_caller_as_owner_and_member() {
    let sandbox = Sandbox::start().unwrap();
    let id = ok(
        &sandbox,
        "im.chat.add",
        json!({"TYPE": "OPEN", "TITLE": "Ops", "DESCRIPTION": "d", "COLOR": "mint", "USERS": ["10", 638],
               "MESSAGE": "welcome", "AVATAR": PNG, "ENTITY_TYPE": "CRM", "ENTITY_ID": "7"}),
    )
    .as_u64()
    .unwrap();
    let chat = sandbox.snapshot().chat(id).cloned().unwrap();
    assert_eq!(
        (chat.kind, chat.title.as_str(), chat.color.as_str(), chat.owner),
        (ChatType::Open, "Ops", "MINT", 1)
    );
    assert_eq!(chat.members.iter().copied().collect::<Vec<_>>(), [1, 10, 638]);
    assert!(chat.avatar.unwrap().starts_with(b"\x89PNG"));
    assert_eq!((chat.entity_type.as_str(), chat.entity_id.as_str()), ("CRM", "7"));
    assert_eq!(sandbox.messages(&format!("chat{id}"))[0].message.as_deref(), Some("welcome"));
    assert_eq!(ok(&sandbox, "im.chat.user.list", json!({"CHAT_ID": id})), json!([1, 10, 638]));

    let second = new_chat(&sandbox, json!([]));
    assert!(second > id);
    assert_eq!(fails(&sandbox, "im.chat.add", json!({"USERS": [424_242]})).1, "USER_NOT_FOUND");
    assert_eq!(fails(&sandbox, "im.chat.add", json!({"COLOR": "OCHRE"})).1, "WRONG_COLOR");
    let owned_by_10 = ok(&sandbox, "im.chat.add", json!({"OWNER_ID": 10})).as_u64().unwrap();
    assert_eq!(sandbox.snapshot().chat(owned_by_10).unwrap().owner, 10);
}

#[test]
fn chat_members_join_leave_and_change_owner() {
    let sandbox = Sandbox::start().unwrap();
    let id = new_chat(&sandbox, json!([10]));
    ok(&sandbox, "im.message.add", json!({"DIALOG_ID": format!("chat{id}"), "MESSAGE": "before"}));
    ok(&sandbox, "im.chat.user.add", json!({"CHAT_ID": id, "USERS": [638, 640], "HIDE_HISTORY": "Y"}));
    let chat = sandbox.snapshot().chat(id).cloned().unwrap();
    assert!(chat.members.contains(&640) && chat.hidden_history.contains_key(&640));
    assert_eq!(fails(&sandbox, "im.chat.user.add", json!({"CHAT_ID": id, "USERS": [5]})).1, "USER_NOT_FOUND");

    ok(&sandbox, "im.chat.user.delete", json!({"CHAT_ID": id, "USER_ID": 640}));
    let body = json!({"CHAT_ID": id, "USER_ID": 640});
    assert_eq!(fails(&sandbox, "im.chat.user.delete", body), (400, "USER_NOT_FOUND".into()));
    ok(&sandbox, "im.chat.setOwner", json!({"CHAT_ID": id, "USER_ID": 10}));
    assert_eq!(sandbox.snapshot().chat(id).unwrap().owner, 10);
    let kick = fails(&sandbox, "im.chat.user.delete", json!({"CHAT_ID": id, "USER_ID": 638}));
    assert_eq!(kick, (403, "ACCESS_DENIED_KICK".into()));
    assert_eq!(fails(&sandbox, "im.chat.setOwner", json!({"CHAT_ID": id, "USER_ID": 1})).1, "WRONG_REQUEST");

    ok(&sandbox, "im.chat.leave", json!({"CHAT_ID": id}));
    assert!(!sandbox.snapshot().chat(id).unwrap().members.contains(&1));
    assert_eq!(fails(&sandbox, "im.chat.user.list", json!({"CHAT_ID": id})), (403, "ACCESS_ERROR".into()));
    assert_eq!(
        fails(&sandbox, "im.chat.updateTitle", json!({"CHAT_ID": id, "TITLE": "x"})).1,
        "ACCESS_ERROR"
    );
}

#[test]
fn chat_updates_title_colour_avatar_and_mute() {
    let sandbox = Sandbox::start().unwrap();
    let id = new_chat(&sandbox, json!([10]));
    ok(&sandbox, "im.chat.updateTitle", json!({"CHAT_ID": id, "TITLE": " New "}));
    ok(&sandbox, "im.chat.updateColor", json!({"DIALOG_ID": format!("chat{id}"), "COLOR": "AZURE"}));
    ok(&sandbox, "im.chat.updateAvatar", json!({"CHAT_ID": id.to_string(), "AVATAR": PNG}));
    ok(&sandbox, "im.chat.mute", json!({"CHAT_ID": id, "MUTE": "Y"}));
    let chat = sandbox.snapshot().chat(id).cloned().unwrap();
    assert_eq!((chat.title.as_str(), chat.color.as_str()), ("New", "AZURE"));
    assert_eq!(chat.avatar.as_deref().map(Vec::len), Some(70));
    assert!(chat.muted_by.contains(&1));
    ok(&sandbox, "im.chat.mute", json!({"CHAT_ID": id, "MUTE": "N"}));
    assert!(sandbox.snapshot().chat(id).unwrap().muted_by.is_empty());

    for (method, body, code) in [
        ("im.chat.updateColor", json!({"CHAT_ID": id, "COLOR": "AZURE"}), "WRONG_REQUEST"),
        ("im.chat.updateColor", json!({"CHAT_ID": id, "COLOR": "TEAL"}), "WRONG_COLOR"),
        ("im.chat.updateTitle", json!({"CHAT_ID": id, "TITLE": "  "}), "TITLE_EMPTY"),
        ("im.chat.updateAvatar", json!({"CHAT_ID": id, "AVATAR": "aGVsbG8="}), "AVATAR_ERROR"),
        ("im.chat.updateTitle", json!({"CHAT_ID": format!("chat{id}"), "TITLE": "x"}), "CHAT_ID_EMPTY"),
        ("im.chat.updateTitle", json!({"TITLE": "x"}), "CHAT_ID_EMPTY"),
        ("im.chat.mute", json!({"DIALOG_ID": "10"}), "DIALOG_ID_EMPTY"),
        ("im.chat.updateTitle", json!({"CHAT_ID": 987_654, "TITLE": "x"}), "ACCESS_ERROR"),
    ] {
        assert_eq!(fails(&sandbox, method, body).1, code, "{method}");
    }
}

#[test]
fn dialog_read_unread_and_read_all_move_the_callers_mark() {
    let sandbox = Sandbox::start().unwrap();
    let ids: Vec<u64> = (0..3).map(|i| sandbox.post_as(10, "10", &format!("m{i}")).unwrap()).collect();
    let read = ok(&sandbox, "im.dialog.read", json!({"DIALOG_ID": "10", "MESSAGE_ID": ids[1]}));
    assert_eq!(read, json!({"dialogId": 10, "chatId": 10, "lastId": ids[1], "counter": 1}));
    assert_eq!(sandbox.snapshot().read_mark(1, "10"), ids[1]);
    ok(&sandbox, "im.dialog.unread", json!({"DIALOG_ID": "10", "MESSAGE_ID": ids[1]}));
    assert_eq!(sandbox.snapshot().read_mark(1, "10"), ids[0]);
    assert_eq!(fails(&sandbox, "im.dialog.unread", json!({"DIALOG_ID": "10"})).1, "MESSAGE_ID_ERROR");
    ok(&sandbox, "im.dialog.read.all", json!({}));
    assert_eq!(sandbox.snapshot().read_mark(1, "10"), ids[2]);
    ok(&sandbox, "im.dialog.writing", json!({"DIALOG_ID": "10"}));
    assert_eq!(sandbox.snapshot().writing, [(1, "10".to_string())]);
    assert_eq!(
        fails(&sandbox, "im.dialog.read", json!({"DIALOG_ID": "bogus"})),
        (400, "DIALOG_ID_EMPTY".into())
    );
}

#[test]
fn dialog_messages_get_pages_by_last_and_first_id() {
    let sandbox = Sandbox::start().unwrap();
    let chat = new_chat(&sandbox, json!([10]));
    let dialog = format!("chat{chat}");
    let ids: Vec<u64> = (0..25)
        .map(|i| {
            ok(&sandbox, "im.message.add", json!({"DIALOG_ID": dialog, "MESSAGE": format!("n{i}")}))
                .as_u64()
                .unwrap()
        })
        .collect();
    let ids_of = |result: &Value| -> Vec<u64> {
        result["messages"].as_array().unwrap().iter().map(|m| m["id"].as_u64().unwrap()).collect()
    };
    let latest = ok(&sandbox, "im.dialog.messages.get", json!({"DIALOG_ID": dialog}));
    assert_eq!(ids_of(&latest), ids.iter().rev().take(20).copied().collect::<Vec<_>>());
    assert_eq!(latest["chat_id"], chat);
    let message = &latest["messages"][0];
    assert_eq!(
        (message["author_id"].clone(), message["text"].clone(), message["params"].clone()),
        (json!(1), json!("n24"), json!([]))
    );
    assert_eq!(latest["users"][0]["id"], 1);
    let older =
        ok(&sandbox, "im.dialog.messages.get", json!({"DIALOG_ID": dialog, "LAST_ID": ids[5], "LIMIT": 3}));
    assert_eq!(ids_of(&older), [ids[4], ids[3], ids[2]]);
    let from_start =
        ok(&sandbox, "im.dialog.messages.get", json!({"DIALOG_ID": dialog, "FIRST_ID": "0", "LIMIT": 100}));
    assert_eq!(ids_of(&from_start), ids.clone());
    let newer = ok(&sandbox, "im.dialog.messages.get", json!({"DIALOG_ID": dialog, "FIRST_ID": ids[22]}));
    assert_eq!(ids_of(&newer), [ids[23], ids[24]]);
    let unknown = ok(&sandbox, "im.dialog.messages.get", json!({"DIALOG_ID": dialog, "LAST_ID": 999_999}));
    assert_eq!(ids_of(&unknown), Vec::<u64>::new());
    assert_eq!(
        fails(&sandbox, "im.dialog.messages.get", json!({"DIALOG_ID": dialog, "LAST_ID": "x"})).1,
        "LAST_ID_STRING"
    );

    ok(&sandbox, "im.message.delete", json!({"MESSAGE_ID": ids[24]}));
    let after = ok(&sandbox, "im.dialog.messages.get", json!({"DIALOG_ID": dialog, "LIMIT": 1}));
    assert_eq!(after["messages"][0]["params"], json!({"IS_DELETED": "Y"}));
    assert_eq!(after["messages"][0]["text"], DELETED_TEXT);
}

#[test]
fn dialog_get_and_users_list_describe_chats_and_private_dialogs() {
    let sandbox = Sandbox::start().unwrap();
    let chat = new_chat(&sandbox, json!([10, 2960]));
    let card = ok(&sandbox, "im.dialog.get", json!({"DIALOG_ID": format!("chat{chat}")}));
    assert_eq!(
        (card["id"].clone(), card["name"].clone(), card["owner"].clone()),
        (json!(chat), json!("Team"), json!(1))
    );
    assert_eq!(
        (card["type"].clone(), card["dialog_id"].clone()),
        (json!("chat"), json!(format!("chat{chat}")))
    );
    let private = ok(&sandbox, "im.dialog.get", json!({"DIALOG_ID": 10}));
    assert_eq!(
        (private["type"].clone(), private["name"].clone()),
        (json!("private"), json!("Maria Ivanova"))
    );

    let reply = call(&sandbox, "im.dialog.users.list", json!({"DIALOG_ID": format!("chat{chat}")}));
    let listed: Vec<u64> =
        reply.json()["result"].as_array().unwrap().iter().map(|u| u["id"].as_u64().unwrap()).collect();
    assert_eq!((listed, reply.json()["total"].clone()), (vec![1, 10, 2960], json!(3)));
    let foreign = sandbox.seed_chat(10, &[10], "x");
    let refused = fails(&sandbox, "im.dialog.users.list", json!({"DIALOG_ID": format!("chat{foreign}")}));
    assert_eq!(refused, (403, "ACCESS_ERROR".into()));
}

#[test]
fn users_and_statuses() {
    let sandbox = Sandbox::start().unwrap();
    let users = ok(&sandbox, "im.user.list.get", json!({"ID": ["10", 2960, 77]}));
    assert_eq!(users["10"]["name"], "Maria Ivanova");
    assert_eq!(users["2960"]["id"], 2960);
    assert_eq!(users["77"], Value::Null);
    assert_eq!(ok(&sandbox, "im.user.list.get", json!({"ID": 1}))["1"]["first_name"], "Alexei");
    assert_eq!(fails(&sandbox, "im.user.list.get", json!({})).1, "INVALID_FORMAT");

    assert_eq!(ok(&sandbox, "im.user.status.get", json!({})), "online");
    ok(&sandbox, "im.user.status.set", json!({"STATUS": "dnd"}));
    assert_eq!(ok(&sandbox, "im.user.status.get", json!({})), "dnd");
    assert_eq!(sandbox.snapshot().status(1), "dnd");
    assert_eq!(fails(&sandbox, "im.user.status.set", json!({"STATUS": "asleep"})).1, "STATUS_ERROR");
}

#[test]
fn notifications_are_added_replaced_by_tag_and_deleted() {
    let sandbox = Sandbox::start().unwrap();
    let first = ok(&sandbox, "im.notify.personal.add", json!({"USER_ID": 10, "MESSAGE": "a", "TAG": "t1"}));
    let system =
        ok(&sandbox, "im.notify.system.add", json!({"USER_ID": "638", "MESSAGE": "s", "SUB_TAG": "sub"}));
    let replacement =
        ok(&sandbox, "im.notify.personal.add", json!({"USER_ID": 10, "MESSAGE": "b", "TAG": "t1"}));
    assert!(replacement.as_u64() > first.as_u64());
    let snapshot = sandbox.snapshot();
    let of_10 = snapshot.notifications_of(10);
    assert_eq!((of_10.len(), of_10[0].text.as_deref(), of_10[0].kind), (1, Some("b"), NotifyKind::Personal));
    assert_eq!(snapshot.notifications_of(638)[0].kind, NotifyKind::System);

    assert_eq!(ok(&sandbox, "im.notify.delete", json!({"SUB_TAG": "sub"})), true);
    assert_eq!(ok(&sandbox, "im.notify.delete", json!({"ID": system})), false);
    assert_eq!(ok(&sandbox, "im.notify.delete", json!({"TAG": "t1"})), true);
    assert!(sandbox.snapshot().notifications.is_empty());
    assert_eq!(fails(&sandbox, "im.notify.delete", json!({})).1, "PARAMS_ERROR");
    assert_eq!(fails(&sandbox, "im.notify.personal.add", json!({"MESSAGE": "x"})).1, "USER_ID_EMPTY");
    assert_eq!(fails(&sandbox, "im.notify.system.add", json!({"USER_ID": 10})).1, "MESSAGE_EMPTY");
    assert_eq!(
        fails(&sandbox, "im.notify.system.add", json!({"USER_ID": 5, "MESSAGE": "x"})).1,
        "USER_NOT_FOUND"
    );
}

#[test]
fn clear_resets_the_portal_to_its_seed() {
    let sandbox = Sandbox::start().unwrap();
    new_chat(&sandbox, json!([10]));
    ok(&sandbox, "im.user.status.set", json!({"STATUS": "away"}));
    sandbox.clear();
    let snapshot = sandbox.snapshot();
    assert!(snapshot.chats.is_empty() && snapshot.statuses.is_empty());
    assert_eq!(snapshot.users.keys().copied().collect::<Vec<_>>(), [1, 10, 638, 640, 2960]);
}
