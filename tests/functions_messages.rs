//! The message functions and the file functions through the C ABI against the sandbox portal:
//! what came back, and what the portal holds afterwards (messages, read marks, folders, files,
//! avatars) and which requests it received.

mod common;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use bitrix24_ffi::sandbox::{Sandbox, Snapshot, CALLER, DELETED_TEXT};
use common::{call, error_code, ffi, invoke, Export};
use serde_json::{json, Value};

/// A 1×1 transparent PNG, complete with valid CRCs: the sandbox takes an avatar only when its
/// bytes start like an image.
const TINY_PNG: [u8; 68] = [
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00,
    0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00,
    0x00, 0x00, 0x0b, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x60, 0x00, 0x02, 0x00, 0x00, 0x05, 0x00,
    0x01, 0x7a, 0x5e, 0xab, 0x3f, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

// --- Helpers ------------------------------------------------------------------------------

/// A sandbox whose request limit this process does not keep.
fn start() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

/// A sandbox that answers im.v2.File.upload with ERROR_METHOD_NOT_FOUND. The library
/// remembers for the rest of the process that this origin lacks the method; were the sandbox
/// dropped, a later sandbox of this process could get the same port and inherit that memory,
/// so it is kept (with its port) until the process ends.
fn start_without_v2() -> &'static Sandbox {
    let sandbox = start();
    sandbox.without_v2_upload(true);
    Box::leak(Box::new(sandbox))
}

/// A group chat of the caller and user 10, made directly in the portal.
fn group_chat(sandbox: &Sandbox) -> u64 {
    sandbox.seed_chat(CALLER, &[CALLER, 10], "Reports")
}

fn result_id(answer: &Value) -> u64 {
    answer["result"].as_u64().unwrap_or_else(|| panic!("no id in the answer: {answer}"))
}

/// Sends a text message and returns its id.
fn post(sandbox: &Sandbox, chat: &str, text: &str) -> u64 {
    result_id(&call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "text": text}),
    ))
}

/// The REST methods the sandbox received, in order.
fn methods(sandbox: &Sandbox) -> Vec<String> {
    sandbox.requests().into_iter().map(|request| request.rest_method).collect()
}

/// A message as GetChatMessagesList reads it back from the portal.
fn listed(sandbox: &Sandbox, dialog: &str, id: u64) -> Value {
    let answer =
        call(ffi::b24_get_chat_messages_list, &json!({"url": sandbox.webhook_url(), "chat": dialog}));
    let messages = answer["result"]["messages"].as_array().unwrap_or_else(|| panic!("{answer}"));
    messages.iter().find(|m| m["id"] == id).cloned().unwrap_or_else(|| panic!("{id} not listed: {answer}"))
}

/// A refusal by the library that names the parameter at fault, and nothing reached the portal.
fn assert_refused_before_sending(sandbox: &Sandbox, answer: &Value, key: &str) {
    assert_eq!(error_code(answer), "B24_INVALID_PARAMETER", "{answer}");
    assert_eq!(answer["parameter"], key, "{answer}");
    assert!(sandbox.requests().is_empty(), "nothing may be sent: {:?}", methods(sandbox));
    let snapshot = sandbox.snapshot();
    assert!(snapshot.messages.is_empty() && snapshot.files.is_empty(), "{snapshot:?}");
}

/// Bytes of every value, in an order that no off-by-one in an encoder would keep.
fn sample_bytes(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i.wrapping_mul(31) ^ (i >> 7)) as u8).collect()
}

/// A folder of its own for one test's files, removed afterwards.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Scratch {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("b24-functions-messages-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch folder can be made");
        Scratch(dir)
    }

    fn file(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, bytes).expect("a scratch file can be written");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn text_of(path: &Path) -> &str {
    path.to_str().expect("scratch paths are UTF-8")
}

/// The one file in a chat's folder, after checking there is exactly one.
fn only_file_of_chat(snapshot: &Snapshot, chat: u64) -> bitrix24_ffi::sandbox::DiskFile {
    let folder = snapshot.chat(chat).and_then(|c| c.disk_folder_id).expect("the chat has a files folder");
    let files = snapshot.files_in_folder(folder);
    assert_eq!(files.len(), 1, "{files:?}");
    files[0].clone()
}

// --- SendMessage --------------------------------------------------------------------------

#[test]
fn a_keyboard_of_built_buttons_is_stored_with_the_message() {
    let sandbox = start();
    let open = call(
        ffi::b24_get_keyboard_button,
        &json!({"text": "Open", "link": "https://example.com/order/42", "bgcolor": "#29619b"}),
    );
    let copy = call(
        ffi::b24_get_keyboard_button,
        &json!({"text": "Copy", "action": "copy", "actionvalue": "ORDER-42", "display": "line"}),
    );
    assert_eq!(
        copy,
        json!({"TEXT": "Copy", "ACTION": "COPY", "ACTION_VALUE": "ORDER-42", "DISPLAY": "LINE"})
    );

    let answer = call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": "chat450", "text": "Order 42", "keyboard": [open, copy]}),
    );
    let snapshot = sandbox.snapshot();
    let message = snapshot.message(result_id(&answer)).expect("the message is stored");
    assert_eq!(message.message.as_deref(), Some("Order 42"));
    assert_eq!(message.keyboard, Some(json!([open, copy])));
}

#[test]
fn a_menu_given_as_json_text_is_stored_as_a_structure() {
    let sandbox = start();
    let menu = json!([
        {"TEXT": "Help", "LINK": "https://example.com/help"},
        {"TEXT": "Ping", "COMMAND": "ping", "COMMAND_PARAMS": "now"}
    ]);
    let answer = call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": "chat450", "text": "Menu", "menu": menu.to_string()}),
    );
    let snapshot = sandbox.snapshot();
    assert_eq!(snapshot.message(result_id(&answer)).expect("stored").menu, Some(menu));
}

#[test]
fn a_system_message_is_stored_as_system_and_others_are_not() {
    let sandbox = start();
    let url = sandbox.webhook_url();
    let system = result_id(&call(
        ffi::b24_send_message,
        &json!({"url": url, "chat": "chat1", "text": "Sys", "system": true}),
    ));
    let plain = post(&sandbox, "chat1", "Plain");
    let snapshot = sandbox.snapshot();
    assert!(snapshot.message(system).expect("stored").system);
    assert_eq!(snapshot.message(system).unwrap().fields["SYSTEM"], "Y");
    assert!(!snapshot.message(plain).expect("stored").system);
}

#[test]
fn url_preview_can_be_turned_off() {
    let sandbox = start();
    let url = sandbox.webhook_url();
    let input = json!({"url": url, "chat": "chat1", "text": "https://example.com", "urlpreview": false});
    let without = result_id(&call(ffi::b24_send_message, &input));
    let with = post(&sandbox, "chat1", "https://example.com");
    let snapshot = sandbox.snapshot();
    assert!(!snapshot.message(without).expect("stored").url_preview);
    assert!(snapshot.message(with).expect("stored").url_preview, "on by default");
}

#[test]
fn a_reply_is_stored_with_the_message_it_answers() {
    let sandbox = start();
    let question = post(&sandbox, "chat7", "When?");
    let answer = call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": "chat7", "text": "Friday", "reply": question}),
    );
    let reply = result_id(&answer);
    assert_eq!(sandbox.snapshot().message(reply).expect("stored").reply_id, Some(question));
    assert_eq!(listed(&sandbox, "chat7", reply)["params"]["REPLY_ID"], question);
}

#[test]
fn a_reply_to_a_message_of_another_chat_is_the_portals_refusal_as_it_came() {
    let sandbox = start();
    let elsewhere = post(&sandbox, "chat7", "Elsewhere");
    let answer = call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": "chat8", "text": "Re", "reply": elsewhere}),
    );
    assert_eq!(answer["error"], "REPLY_FROM_OTHER_CHAT_ERROR", "{answer}");
    assert_eq!(sandbox.message_count(), 1, "only the first message is stored");
}

/// `[{"MESSAGE":"…"}]` is 16 characters around the text.
fn attach_of_length(chars: usize) -> Value {
    json!([{"MESSAGE": "x".repeat(chars - 16)}])
}

#[test]
fn an_attachment_of_exactly_60000_characters_is_sent() {
    let sandbox = start();
    let blocks = attach_of_length(60_000);
    assert_eq!(blocks.to_string().chars().count(), 60_000);
    let answer = call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": "chat1", "blocks": blocks}),
    );
    let snapshot = sandbox.snapshot();
    assert_eq!(snapshot.message(result_id(&answer)).expect("stored").attach, Some(blocks));
}

#[test]
fn an_attachment_over_60000_characters_is_refused_and_nothing_is_sent() {
    let sandbox = start();
    let answer = call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "Big", "blocks": attach_of_length(60_001)}),
    );
    assert_refused_before_sending(&sandbox, &answer, "blocks");
    let description = answer["error_description"].as_str().unwrap_or_default();
    assert!(description.contains("60000") && description.contains("ATTACH_OVERSIZE"), "{description}");
}

#[test]
fn every_block_builder_is_stored_as_attach_in_the_order_given() {
    let sandbox = start();
    let builders: [(&str, Export, Value); 7] = [
        ("GetTextBlock", ffi::b24_get_text_block, json!({"text": "[b]Release[/b] 1.4 is out"})),
        (
            "GetLinkBlock",
            ffi::b24_get_link_block,
            json!({"url": "https://example.com/notes", "title": "Notes", "description": "What changed",
                   "preview": "https://example.com/notes.png"}),
        ),
        (
            "GetUserBlock",
            ffi::b24_get_user_block,
            json!({"title": "Maria Ivanova", "user": 10, "avatar": "https://example.com/m.png",
                   "url": "https://example.com/u/10"}),
        ),
        (
            "GetGridBlock",
            ffi::b24_get_grid_block,
            json!({"items": {"Version": "1.4", "Fixes": 12}, "display": "block"}),
        ),
        ("GetDelimiterBlock", ffi::b24_get_delimiter_block, json!({"size": 200, "color": "#c8c8c8"})),
        (
            "GetPictureBlock",
            ffi::b24_get_picture_block,
            json!({"title": "Chart", "url": "https://example.com/chart.png"}),
        ),
        (
            "GetFileBlock",
            ffi::b24_get_file_block,
            json!({"title": "notes.pdf", "url": "https://example.com/notes.pdf"}),
        ),
    ];
    let mut blocks = Vec::new();
    for (name, export, input) in &builders {
        let by_export = call(*export, input);
        assert!(by_export.get("error").is_none(), "{name}: {by_export}");
        assert_eq!(invoke(name, input), by_export, "b24_invoke(\"{name}\") builds what its export builds");
        blocks.push(by_export);
    }
    let kinds: Vec<&str> =
        blocks.iter().map(|b| b.as_object().unwrap().keys().next().unwrap().as_str()).collect();
    assert_eq!(kinds, ["MESSAGE", "LINK", "USER", "GRID", "DELIMITER", "IMAGE", "FILE"]);

    let answer = call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": "chat450", "text": "Release", "blocks": blocks}),
    );
    let snapshot = sandbox.snapshot();
    let message = snapshot.message(result_id(&answer)).expect("stored");
    assert_eq!(message.attach, Some(Value::Array(blocks.clone())));
    assert_eq!(listed(&sandbox, "chat450", message.id)["params"]["ATTACH"], Value::Array(blocks));
}

// --- EditMessage, DeleteMessage, SetMessageReaction -----------------------------------------

#[test]
fn an_edited_message_reads_back_edited() {
    let sandbox = start();
    let id = post(&sandbox, "chat450", "Draft");
    let block = call(ffi::b24_get_text_block, &json!({"text": "Appendix"}));
    let answer = call(
        ffi::b24_edit_message,
        &json!({"url": sandbox.webhook_url(), "message": id, "text": "Final", "blocks": [block]}),
    );
    assert_eq!(answer["result"], true, "{answer}");

    let snapshot = sandbox.snapshot();
    let message = snapshot.message(id).expect("still stored");
    assert_eq!(message.message.as_deref(), Some("Final"));
    assert_eq!(message.attach, Some(json!([block])));
    assert!(message.edited);
    let read_back = listed(&sandbox, "chat450", id);
    assert_eq!(read_back["text"], "Final");
    assert_eq!(read_back["params"]["IS_EDITED"], "Y");
}

#[test]
fn editing_an_unknown_message_returns_message_id_error_verbatim() {
    let sandbox = start();
    let answer = call(
        ffi::b24_edit_message,
        &json!({"url": sandbox.webhook_url(), "message": 999_999, "text": "Nobody"}),
    );
    assert_eq!(
        answer,
        json!({"error": "MESSAGE_ID_ERROR", "error_description": "Message ID can't be empty"})
    );
    assert_eq!(sandbox.message_count(), 0);
}

#[test]
fn a_deleted_message_reads_back_deleted() {
    let sandbox = start();
    let id = post(&sandbox, "chat450", "Oops");
    let answer = call(ffi::b24_delete_message, &json!({"url": sandbox.webhook_url(), "message": id}));
    assert_eq!(answer["result"], true, "{answer}");

    let snapshot = sandbox.snapshot();
    let message = snapshot.message(id).expect("a deleted message stays in place");
    assert!(message.is_deleted());
    assert_eq!(message.message.as_deref(), Some(DELETED_TEXT));
    let read_back = listed(&sandbox, "chat450", id);
    assert_eq!(read_back["text"], DELETED_TEXT);
    assert_eq!(read_back["params"]["IS_DELETED"], "Y");
}

#[test]
fn a_reaction_turns_the_callers_like_on_then_off() {
    let sandbox = start();
    let id = post(&sandbox, "chat450", "Nice");
    let input = json!({"url": sandbox.webhook_url(), "message": id});

    let on = call(ffi::b24_set_message_reaction, &input);
    assert_eq!(on["result"], true, "{on}");
    assert!(sandbox.snapshot().message(id).unwrap().likes.contains(&CALLER));

    let off = invoke("SetMessageReaction", &input);
    assert_eq!(off["result"], true, "{off}");
    assert!(sandbox.snapshot().message(id).unwrap().likes.is_empty());
}

// --- MarkMessageAsReaded, MarkMessageAsUnreaded -------------------------------------------

/// A chat with three messages from user 10, which the caller has not read.
fn chat_with_three_unread(sandbox: &Sandbox) -> (String, [u64; 3]) {
    let dialog = format!("chat{}", group_chat(sandbox));
    let ids = ["one", "two", "three"].map(|text| sandbox.post_as(10, &dialog, text).expect("10 is a member"));
    assert_eq!(sandbox.snapshot().read_mark(CALLER, &dialog), 0);
    (dialog, ids)
}

#[test]
fn marking_a_message_read_moves_the_read_mark_up_to_it() {
    let sandbox = start();
    let (dialog, [_, second, _]) = chat_with_three_unread(&sandbox);
    let answer = call(
        ffi::b24_mark_message_as_readed,
        &json!({"url": sandbox.webhook_url(), "chat": dialog, "message": second}),
    );
    assert_eq!(answer["result"]["lastId"], second, "{answer}");
    assert_eq!(answer["result"]["counter"], 1, "{answer}");
    assert_eq!(sandbox.snapshot().read_mark(CALLER, &dialog), second);
}

#[test]
fn marking_a_message_unread_moves_the_read_mark_back_before_it() {
    let sandbox = start();
    let (dialog, [first, second, third]) = chat_with_three_unread(&sandbox);
    let url = sandbox.webhook_url();
    call(ffi::b24_mark_message_as_readed, &json!({"url": url, "chat": dialog, "message": third}));
    assert_eq!(sandbox.snapshot().read_mark(CALLER, &dialog), third);

    let answer = invoke("MarkMessageAsUnreaded", &json!({"url": url, "chat": dialog, "message": second}));
    assert_eq!(answer["result"], true, "{answer}");
    assert_eq!(sandbox.snapshot().read_mark(CALLER, &dialog), first);
    assert_eq!(listed(&sandbox, &dialog, second)["unread"], true);
}

// --- SendFile -----------------------------------------------------------------------------

#[test]
fn a_file_uploaded_to_the_chats_folder_is_sent_by_fileid() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let url = sandbox.webhook_url();
    let bytes = sample_bytes(10_000);

    let folder = call(ffi::b24_get_chat_files_folder, &json!({"url": url, "chat": chat}));
    let folder_id = folder["result"]["ID"].as_u64().unwrap_or_else(|| panic!("{folder}"));
    let uploaded = call(
        ffi::b24_upload_file_to_folder,
        &json!({"url": url, "title": "report.bin", "file": {"base64": common::base64(&bytes)}, "folderid": folder_id}),
    );
    let file_id = uploaded["result"]["ID"].as_u64().unwrap_or_else(|| panic!("{uploaded}"));
    let sent = call(
        ffi::b24_send_file,
        &json!({"url": url, "chat": chat, "fileid": file_id, "description": "The report"}),
    );
    let message_id = sent["result"]["MESSAGE_ID"].as_u64().unwrap_or_else(|| panic!("{sent}"));

    let snapshot = sandbox.snapshot();
    let file = only_file_of_chat(&snapshot, chat);
    assert_eq!((file.id, file.folder_id, file.name.as_str()), (file_id, folder_id, "report.bin"));
    assert_eq!(*file.bytes, bytes);
    let message = snapshot.message(message_id).expect("the file's message is stored");
    assert_eq!(message.dialog_id, format!("chat{chat}"));
    assert_eq!(message.file_ids, [file_id]);
    assert_eq!(message.message.as_deref(), Some("The report"));
    assert_eq!(
        methods(&sandbox),
        ["im.disk.folder.get", "disk.folder.uploadfile", "im.disk.file.commit"],
        "OPI's way: no upload inside SendFile"
    );
}

/// Checks a file sent with `file`: it is in the chat's folder with these bytes and name, and
/// the one message of the chat carries it; returns that message's id.
fn assert_file_posted(sandbox: &Sandbox, chat: u64, name: &str, bytes: &[u8], description: &str) -> u64 {
    let snapshot = sandbox.snapshot();
    let file = only_file_of_chat(&snapshot, chat);
    assert_eq!(file.name, name);
    assert_eq!(file.bytes.len(), bytes.len());
    assert!(*file.bytes == bytes, "the stored bytes differ from the file's");
    let messages = snapshot.dialog_messages(&format!("chat{chat}"));
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert_eq!(messages[0].file_ids, [file.id]);
    assert_eq!(messages[0].message.as_deref(), Some(description));
    messages[0].id
}

#[test]
fn a_file_given_as_a_path_is_uploaded_to_the_chat_and_posted_after_one_empty_probe() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let scratch = Scratch::new();
    // Not a multiple of 3, so the encoding ends in padding.
    let bytes = sample_bytes(300_001);
    let path = scratch.file("minutes 2026-05.pdf", &bytes);

    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": format!("chat{chat}"), "file": text_of(&path),
                "description": "Minutes"}),
    );
    let message = assert_file_posted(&sandbox, chat, "minutes 2026-05.pdf", &bytes, "Minutes");
    assert_eq!(answer["result"]["messageId"], message, "{answer}");
    assert_eq!(answer["result"]["file"]["name"], "minutes 2026-05.pdf", "{answer}");
    // The first file to a portal: an empty one asks whether it has im.v2.File.upload, so that
    // the real file travels once, to the method that takes it.
    assert_eq!(methods(&sandbox), ["im.v2.file.upload", "im.v2.file.upload"]);
    let probe = &sandbox.requests()[0];
    assert_eq!(probe.fields["fields"]["content"], "", "the probe carries no file");

    // A second file to the same portal goes in one request.
    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "file": text_of(&path), "filename": "again.pdf"}),
    );
    assert!(answer["result"]["messageId"].is_u64(), "{answer}");
    assert_eq!(methods(&sandbox).len(), 3);
}

#[test]
fn a_file_given_as_base64_with_its_name_is_posted() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let bytes = sample_bytes(4_096);
    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "description": "Data",
                "file": {"name": "data.csv", "base64": common::base64(&bytes)}}),
    );
    let message = assert_file_posted(&sandbox, chat, "data.csv", &bytes, "Data");
    assert_eq!(answer["result"]["messageId"], message, "{answer}");
}

#[test]
fn filename_names_the_file_in_the_chat_instead_of_its_own_name() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let scratch = Scratch::new();
    let path = scratch.file("tmp-8f3a.bin", b"quarterly numbers");
    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "file": text_of(&path), "filename": "Q2.txt",
                "description": "Q2"}),
    );
    let message = assert_file_posted(&sandbox, chat, "Q2.txt", b"quarterly numbers", "Q2");
    assert_eq!(answer["result"]["messageId"], message, "{answer}");
}

#[test]
fn without_v2_upload_a_file_goes_by_folder_upload_and_commit() {
    let sandbox = start_without_v2();
    let chat = group_chat(sandbox);
    let scratch = Scratch::new();
    let bytes = sample_bytes(200_002);
    let path = scratch.file("scan.tiff", &bytes);

    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "file": text_of(&path), "description": "Scan"}),
    );
    let message = assert_file_posted(sandbox, chat, "scan.tiff", &bytes, "Scan");
    assert_eq!(answer["result"]["MESSAGE_ID"], message, "{answer}");
    assert_eq!(
        methods(sandbox),
        ["im.v2.file.upload", "im.disk.folder.get", "disk.folder.uploadfile", "im.disk.file.commit"]
    );
    let upload = &sandbox.requests()[2];
    assert_eq!(upload.fields["data"]["NAME"], "scan.tiff");
}

#[test]
fn a_second_file_to_a_portal_without_v2_upload_does_not_try_it_again() {
    let sandbox = start_without_v2();
    let chat = group_chat(sandbox);
    let url = sandbox.webhook_url();
    let first =
        json!({"url": url, "chat": chat, "file": {"name": "a.txt", "base64": common::base64(b"first")}});
    assert!(call(ffi::b24_send_file, &first)["result"]["MESSAGE_ID"].is_u64());
    sandbox.clear();
    let chat = group_chat(sandbox);

    let bytes = sample_bytes(1_000);
    let second = json!({"url": url, "chat": chat, "description": "B",
                        "file": {"name": "b.bin", "base64": common::base64(&bytes)}});
    let answer = call(ffi::b24_send_file, &second);
    let message = assert_file_posted(sandbox, chat, "b.bin", &bytes, "B");
    assert_eq!(answer["result"]["MESSAGE_ID"], message, "{answer}");
    assert_eq!(methods(sandbox), ["im.disk.folder.get", "disk.folder.uploadfile", "im.disk.file.commit"]);
}

#[test]
fn an_unreadable_path_is_refused_before_anything_is_sent() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let scratch = Scratch::new();
    let missing = scratch.0.join("no-such-file.pdf");
    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "file": text_of(&missing)}),
    );
    assert_refused_before_sending(&sandbox, &answer, "file");
}

#[test]
fn bad_base64_is_refused_before_anything_is_sent() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "file": {"name": "x.txt", "base64": "not*base64"}}),
    );
    assert_refused_before_sending(&sandbox, &answer, "file");
}

#[test]
fn a_file_over_100_mb_is_refused_before_anything_is_sent() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let scratch = Scratch::new();
    let path = scratch.0.join("huge.iso");
    // Sparse: the size is what counts, and no disk space is used.
    std::fs::File::create(&path).and_then(|file| file.set_len(101 * 1024 * 1024)).expect("a sparse file");
    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "file": text_of(&path)}),
    );
    assert_refused_before_sending(&sandbox, &answer, "file");
    assert!(answer["error_description"].as_str().unwrap_or_default().contains("105906176"), "{answer}");
}

#[test]
fn base64_without_a_name_needs_filename_and_nothing_is_sent_without_it() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let answer = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "file": {"base64": common::base64(b"nameless")}}),
    );
    assert_refused_before_sending(&sandbox, &answer, "filename");
}

// --- UploadFileToFolder, ChangeChatPicture, CreateChat -------------------------------------

#[test]
fn an_upload_puts_the_bytes_under_the_title_in_the_folder_and_its_download_url_works() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let url = sandbox.webhook_url();
    let scratch = Scratch::new();
    let bytes = sample_bytes(65_537);
    let path = scratch.file("local-name.dat", &bytes);
    let folder = call(ffi::b24_get_chat_files_folder, &json!({"url": url, "chat": format!("chat{chat}")}));
    let folder_id = folder["result"]["ID"].as_u64().unwrap_or_else(|| panic!("{folder}"));

    let answer = call(
        ffi::b24_upload_file_to_folder,
        &json!({"url": url, "title": "Budget.xlsx", "file": text_of(&path), "folderid": folder_id}),
    );
    let snapshot = sandbox.snapshot();
    let files = snapshot.files_in_folder(folder_id);
    assert_eq!(files.len(), 1, "{files:?}");
    assert_eq!(files[0].name, "Budget.xlsx", "the title names the file, not the path");
    assert!(*files[0].bytes == bytes, "the stored bytes differ from the file's");
    assert_eq!(answer["result"]["ID"], files[0].id, "{answer}");

    // The download key is a secret of the portal's own making: it stays as the portal gave it.
    let download = answer["result"]["DOWNLOAD_URL"].as_str().unwrap_or_else(|| panic!("{answer}"));
    let expected = format!(
        "{}rest/download.json?auth={}&token=disk%7C{}",
        sandbox.portal_url(),
        files[0].download_key,
        files[0].id
    );
    assert_eq!(download, expected);
    let fetched = reqwest::blocking::get(download).and_then(|r| r.bytes()).expect("the download URL answers");
    assert!(fetched.as_ref() == bytes.as_slice(), "the download URL gives the file's bytes");
}

#[test]
fn a_png_path_becomes_the_chats_picture() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let scratch = Scratch::new();
    let path = scratch.file("logo.png", &TINY_PNG);
    let answer = call(
        ffi::b24_change_chat_picture,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "picture": text_of(&path)}),
    );
    assert_eq!(answer["result"], true, "{answer}");
    let avatar = sandbox.snapshot().chat(chat).and_then(|c| c.avatar.clone()).expect("an avatar is set");
    assert_eq!(avatar.as_slice(), TINY_PNG);
}

#[test]
fn a_png_in_base64_becomes_the_chats_picture() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let answer = invoke(
        "ChangeChatPicture",
        &json!({"url": sandbox.webhook_url(), "chat": format!("chat{chat}"),
                "picture": {"name": "logo.png", "base64": common::base64(&TINY_PNG)}}),
    );
    assert_eq!(answer["result"], true, "{answer}");
    let avatar = sandbox.snapshot().chat(chat).and_then(|c| c.avatar.clone()).expect("an avatar is set");
    assert_eq!(avatar.as_slice(), TINY_PNG);
}

#[test]
fn a_picture_that_is_not_an_image_is_the_portals_refusal_and_the_avatar_stays() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let scratch = Scratch::new();
    let path = scratch.file("notes.txt", b"plain text, not a picture");
    let answer = call(
        ffi::b24_change_chat_picture,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "picture": text_of(&path)}),
    );
    assert_eq!(answer["error"], "AVATAR_ERROR", "{answer}");
    assert_eq!(sandbox.snapshot().chat(chat).unwrap().avatar, None);
}

#[test]
fn create_chat_takes_an_avatar_as_a_path() {
    let sandbox = start();
    let scratch = Scratch::new();
    let path = scratch.file("team.png", &TINY_PNG);
    let answer = call(
        ffi::b24_create_chat,
        &json!({"url": sandbox.webhook_url(), "fields": {
            "TYPE": "CHAT", "TITLE": "Team", "USERS": [10, 638], "AVATAR": text_of(&path), "MESSAGE": "Welcome"
        }}),
    );
    let chat_id = result_id(&answer);
    let snapshot = sandbox.snapshot();
    let chat = snapshot.chat(chat_id).expect("the chat exists");
    assert_eq!(chat.title, "Team");
    assert_eq!(chat.members.iter().copied().collect::<Vec<_>>(), [CALLER, 10, 638]);
    assert_eq!(chat.avatar.as_deref().map(Vec::as_slice), Some(&TINY_PNG[..]));
    let messages = snapshot.dialog_messages(&chat.dialog_id());
    assert_eq!(messages.iter().map(|m| m.message.as_deref()).collect::<Vec<_>>(), [Some("Welcome")]);
}

#[test]
fn a_file_named_twice_or_a_description_the_portal_would_cut_is_refused_before_sending() {
    let sandbox = start();
    let chat = group_chat(&sandbox);
    let both = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "fileid": 5, "file": {"name": "a.txt", "base64": "YQ=="}}),
    );
    assert_eq!(both["parameter"], "file", "{both}");
    let long = call(
        ffi::b24_send_file,
        &json!({"url": sandbox.webhook_url(), "chat": chat, "fileid": 5, "description": "x".repeat(20_001)}),
    );
    assert_eq!(long["parameter"], "description", "{long}");
    assert!(sandbox.requests().is_empty());
}
