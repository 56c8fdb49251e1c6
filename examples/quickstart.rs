//! Sends "Message text" with a picture block and a file block through the C API.
//!
//!     cargo run --release --features sandbox --example quickstart
//!
//! With no B24_URL set it starts the sandbox portal on a loopback port and sends to chat450
//! there. With B24_URL (a webhook URL, or a portal address plus B24_TOKEN) and B24_CHAT it
//! sends to that portal instead.

use std::ffi::{c_char, CStr, CString};

use bitrix24_ffi::ffi::{b24_free, b24_get_file_block, b24_get_picture_block, b24_send_message, b24_version};
use bitrix24_ffi::sandbox::Sandbox;
use serde_json::{json, Value};

/// One C call: JSON text in, the answer text out, released with b24_free as a C host would.
fn call(export: unsafe extern "C" fn(*const c_char) -> *mut c_char, params: &Value) -> String {
    let params = CString::new(params.to_string()).expect("JSON has no NUL");
    // SAFETY: a NUL-terminated text that outlives the call.
    let answer = unsafe { export(params.as_ptr()) };
    // SAFETY: answers are NUL-terminated UTF-8 texts owned by the caller until b24_free.
    let text = unsafe { CStr::from_ptr(answer) }.to_string_lossy().into_owned();
    unsafe { b24_free(answer) };
    text
}

fn main() {
    // Kept alive until the end of main when used.
    let mut local_portal = None;
    let (url, token, chat) = match std::env::var("B24_URL") {
        Ok(url) if !url.trim().is_empty() => {
            let chat = std::env::var("B24_CHAT").unwrap_or_else(|_| {
                eprintln!("B24_CHAT is not set: name the chat (chatN) or user id to send to");
                std::process::exit(2)
            });
            (url, std::env::var("B24_TOKEN").unwrap_or_default(), chat)
        }
        _ => {
            let portal = Sandbox::start().expect("the sandbox starts on loopback");
            println!("no B24_URL set: using the sandbox portal at {}", portal.portal_url());
            let url = portal.webhook_url();
            local_portal = Some(portal);
            (url, String::new(), "chat450".to_string())
        }
    };
    // SAFETY: a static NUL-terminated string.
    println!("{}", unsafe { CStr::from_ptr(b24_version()) }.to_string_lossy());

    let picture = call(
        b24_get_picture_block,
        &json!({"title": "Image", "url": "https://hut.openintegrations.dev/test_data/picture.jpg"}),
    );
    println!("GetPictureBlock: {picture}");
    let file = call(
        b24_get_file_block,
        &json!({"title": "Document.docx", "url": "https://hut.openintegrations.dev/test_data/document.docx"}),
    );
    println!("GetFileBlock: {file}");

    let blocks = format!("[{picture},{file}]");
    let answer = call(
        b24_send_message,
        &json!({"url": url, "chat": chat, "text": "Message text", "blocks": blocks, "token": token}),
    );
    println!("SendMessage: {answer}");

    if let Some(portal) = &local_portal {
        for message in portal.messages("chat450") {
            println!(
                "the sandbox received message {} for {}: {:?} with {} block(s)",
                message.id,
                message.dialog_id,
                message.message.unwrap_or_default(),
                message.attach.as_ref().and_then(Value::as_array).map_or(0, Vec::len)
            );
        }
    }
    let failed = serde_json::from_str::<Value>(&answer).map_or(true, |answer| answer.get("error").is_some());
    std::process::exit(if failed { 1 } else { 0 });
}
