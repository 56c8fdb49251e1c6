//! Chat files over raw loopback HTTP: the folder, the disk upload, the commit to a chat, the
//! one-call v2 upload (on and off), downloads, and a large upload.

use serde_json::json;

use super::base64;
use super::tests::{call, fails, ok, webhook_path, Client};
use super::*;

fn chat(sandbox: &Sandbox) -> u64 {
    ok(sandbox, "im.chat.add", json!({"TITLE": "Files", "USERS": [10]})).as_u64().unwrap()
}

fn download(sandbox: &Sandbox, url: &str) -> tests::Reply {
    let target = url.strip_prefix(&sandbox.portal_url()).map(|rest| format!("/{rest}")).unwrap();
    Client::connect(sandbox).request("GET", &target, "", b"", "")
}

#[test]
fn folder_upload_and_commit_post_the_file_to_the_chat() {
    let sandbox = Sandbox::start().unwrap();
    let chat = chat(&sandbox);
    let folder = ok(&sandbox, "im.disk.folder.get", json!({"CHAT_ID": chat}))["ID"].as_u64().unwrap();
    assert_eq!(ok(&sandbox, "im.disk.folder.get", json!({"CHAT_ID": chat}))["ID"], folder);
    assert_eq!(sandbox.snapshot().chat(chat).unwrap().disk_folder_id, Some(folder));

    let upload = json!({"id": folder, "data": {"NAME": "report.txt"}, "fileContent": ["report.txt", base64::encode(b"hello disk")]});
    let file = ok(&sandbox, "disk.folder.uploadfile", upload.clone());
    let file_id = file["ID"].as_u64().unwrap();
    assert_eq!(
        (file["NAME"].clone(), file["SIZE"].clone(), file["PARENT_ID"].clone()),
        (json!("report.txt"), json!("10"), json!(folder.to_string()))
    );
    let url = file["DOWNLOAD_URL"].as_str().unwrap().to_string();
    assert!(url.contains("auth=") && url.starts_with(&sandbox.portal_url()), "{url}");
    let fetched = download(&sandbox, &url);
    assert_eq!((fetched.status, fetched.body.as_slice()), (200, &b"hello disk"[..]));
    assert_eq!(download(&sandbox, &url.replace("auth=", "auth=x")).status, 404);

    assert_eq!(fails(&sandbox, "disk.folder.uploadfile", upload.clone()).1, "DISK_OBJ_22000");
    let mut unique = upload;
    unique["generateUniqueName"] = json!(true);
    assert_eq!(ok(&sandbox, "disk.folder.uploadfile", unique)["NAME"], "report (1).txt");
    let missing = json!({"id": 999_999, "fileContent": ["a", "YQ=="]});
    assert_eq!(fails(&sandbox, "disk.folder.uploadfile", missing).1, "ERROR_NOT_FOUND");

    let committed =
        ok(&sandbox, "im.disk.file.commit", json!({"CHAT_ID": chat, "UPLOAD_ID": file_id, "MESSAGE": "see"}));
    let key = format!("upload{file_id}");
    assert_eq!(
        (committed["DISK_ID"].clone(), committed["FILES"][&key]["name"].clone()),
        (json!([file_id.to_string()]), json!("report.txt"))
    );
    assert_eq!(committed["FILE_MODELS"][&key]["parentId"], folder);
    let message_id = committed["MESSAGE_ID"].as_u64().unwrap();
    let message = sandbox.snapshot().message(message_id).cloned().unwrap();
    assert_eq!(
        (message.dialog_id, message.message.as_deref(), message.file_ids),
        (format!("chat{chat}"), Some("see"), vec![file_id])
    );
    let listed = ok(&sandbox, "im.dialog.messages.get", json!({"DIALOG_ID": format!("chat{chat}")}));
    assert_eq!(listed["files"][0]["id"], file_id);
    assert_eq!(listed["messages"][0]["params"]["FILE_ID"], json!([file_id]));

    let copied = ok(&sandbox, "im.disk.file.commit", json!({"CHAT_ID": chat, "FILE_ID": [file_id]}));
    let copy_id: u64 = copied["DISK_ID"][0].as_str().unwrap().parse().unwrap();
    assert_ne!(copy_id, file_id);
    assert_eq!(sandbox.snapshot().file(copy_id).unwrap().bytes.as_slice(), b"hello disk");
    assert_eq!(fails(&sandbox, "im.disk.file.commit", json!({"CHAT_ID": chat})).1, "FILES_ERROR");
    assert_eq!(
        fails(&sandbox, "im.disk.file.commit", json!({"CHAT_ID": chat, "UPLOAD_ID": 999_999})).1,
        "SAVE_ERROR"
    );
    assert_eq!(fails(&sandbox, "im.disk.folder.get", json!({})).1, "CHAT_ID_EMPTY");
    let foreign = sandbox.seed_chat(10, &[10], "theirs");
    assert_eq!(
        fails(&sandbox, "im.disk.folder.get", json!({"CHAT_ID": foreign})),
        (403, "ACCESS_ERROR".into())
    );
}

#[test]
fn v2_upload_stores_the_file_and_posts_the_message() {
    let sandbox = Sandbox::start().unwrap();
    let chat = chat(&sandbox);
    let dialog = format!("chat{chat}");
    let body = json!({"dialogId": dialog, "fields": {"name": "a.pdf", "content": base64::encode(b"%PDF-1.4"), "message": "here"}});
    let result = ok(&sandbox, "im.v2.File.upload", body);
    assert_eq!((result["chatId"].clone(), result["dialogId"].clone()), (json!(chat), json!(dialog)));
    let file_id = result["file"]["id"].as_u64().unwrap();
    assert_eq!((result["file"]["name"].clone(), result["file"]["size"].clone()), (json!("a.pdf"), json!(8)));
    let snapshot = sandbox.snapshot();
    let file = snapshot.file(file_id).unwrap();
    assert_eq!((file.name.as_str(), file.bytes.as_slice()), ("a.pdf", &b"%PDF-1.4"[..]));
    assert_eq!(snapshot.files_in_folder(file.folder_id).len(), 1);
    let message = snapshot.message(result["messageId"].as_u64().unwrap()).unwrap();
    assert_eq!((message.message.as_deref(), message.file_ids.clone()), (Some("here"), vec![file_id]));

    let private = ok(
        &sandbox,
        "im.v2.File.upload",
        json!({"dialogId": "10", "fields": {"name": "b.txt", "content": "Yg=="}}),
    );
    assert_eq!(private["dialogId"], "10");
    for (body, code) in [
        (json!({"dialogId": dialog, "fields": {"name": "x"}}), "FILE_EMPTY"),
        (json!({"dialogId": dialog, "fields": {"name": "x", "content": "!!!"}}), "FILE_INVALID_CONTENT"),
        (json!({"dialogId": "chat999999", "fields": {"name": "x", "content": "YQ=="}}), "CHAT_NOT_FOUND"),
        (json!({"fields": {"name": "x", "content": "YQ=="}}), "CHAT_NOT_FOUND"),
    ] {
        assert_eq!(fails(&sandbox, "im.v2.File.upload", body).1, code);
    }
}

#[test]
fn v2_upload_can_be_switched_off_like_an_older_portal() {
    let sandbox = Sandbox::start().unwrap();
    let body = json!({"dialogId": "10", "fields": {"name": "x", "content": "YQ=="}});
    sandbox.without_v2_upload(true);
    assert_eq!(fails(&sandbox, "im.v2.File.upload", body.clone()), (404, "ERROR_METHOD_NOT_FOUND".into()));
    sandbox.without_v2_upload(false);
    assert_eq!(call(&sandbox, "im.v2.File.upload", body).status, 200);
}

#[test]
fn a_20_mb_upload_is_stored_whole_and_recorded_shortened() {
    let sandbox = Sandbox::start().unwrap();
    let bytes: Vec<u8> =
        (0..20 * 1024 * 1024u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8).collect();
    let body = json!({"dialogId": "10", "fields": {"name": "big.bin", "content": base64::encode(&bytes)}})
        .to_string();
    let reply = Client::connect(&sandbox).request(
        "POST",
        &webhook_path("im.v2.File.upload"),
        "application/json",
        body.as_bytes(),
        "",
    );
    assert_eq!(reply.status, 200, "{}", String::from_utf8_lossy(&reply.body));
    let file_id = reply.json()["result"]["file"]["id"].as_u64().unwrap();
    assert!(sandbox.snapshot().file(file_id).unwrap().bytes.as_slice() == bytes.as_slice());

    let recorded = sandbox.requests().pop().unwrap();
    assert_eq!(recorded.body_len, body.len());
    assert_eq!(recorded.body.len(), 64 * 1024);
    let content = recorded.fields["fields"]["content"].as_str().unwrap();
    assert!(
        content.len() < 2048 && content.ends_with("bytes omitted]"),
        "{}",
        &content[content.len() - 40..]
    );
    assert_eq!(recorded.fields["fields"]["name"], "big.bin");
}
