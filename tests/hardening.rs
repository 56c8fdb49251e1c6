//! What an outside review found, kind by kind, through the C ABI: secrets that leaked in some
//! spelling, numbers that could reach the portal as a neighbouring id, "not given" that meant
//! different things in different forms, and proxies whose refusals were worded as the portal's.

mod common;

use std::io::{BufReader, Read, Write};
use std::net::TcpListener;

use bitrix24_ffi::rest::redact;
use bitrix24_ffi::sandbox::{self, Sandbox};
use common::{call, error_code, ffi};
use serde_json::{json, Value};

fn start() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

/// A one-shot server on loopback that reads one request, hands its head to the test and
/// answers with `reply(head)`.
fn one_reply(reply: impl FnOnce(&str) -> String + Send + 'static) -> (u16, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let head = common::read_head(&mut reader).unwrap_or_default();
        let mut body = vec![0; common::content_length(&head)];
        let _ = reader.read_exact(&mut body);
        let mut stream = stream;
        let _ = stream.write_all(reply(&head).as_bytes());
        head
    });
    (port, server)
}

#[test]
fn a_secret_straddling_the_excerpts_cut_leaves_nothing_behind() {
    // A proxy in front of the portal answers an HTML page that quotes the request path.
    let code = sandbox::WEBHOOK_CODE;
    let (port, server) = one_reply(move |head| {
        let path = head.split_whitespace().nth(1).unwrap_or_default().to_string();
        let page = format!("<html>{}{path} {}</html>", "x".repeat(170), path.to_uppercase());
        format!(
            "HTTP/1.1 502 Bad Gateway\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        )
    });
    let url = format!("http://127.0.0.1:{port}/rest/1/{code}/");
    let answer = call(ffi::b24_send_message, &json!({"url": url, "chat": "chat1", "text": "x"}));
    server.join().unwrap();
    assert_eq!(error_code(&answer), "B24_BAD_ANSWER", "{answer}");
    let text = answer.to_string();
    assert!(!redact::contains(&text, code), "{text}");
    // Nor any prefix of it long enough to mean something.
    assert!(!text.to_lowercase().contains(&code[..8].to_lowercase()), "{text}");
}

#[test]
fn a_secret_echoed_percent_encoded_or_json_escaped_is_removed() {
    let code = sandbox::WEBHOOK_CODE;
    let (port, server) = one_reply(move |_| {
        let encoded: String = code.bytes().map(|b| format!("%{b:02X}")).collect();
        let escaped: String = code.chars().map(|c| format!("\\u{:04x}", c as u32)).collect();
        let page = format!("not json: {encoded} and {escaped} and {}", code.to_uppercase());
        format!("HTTP/1.1 500 Oops\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}", page.len())
    });
    let url = format!("http://127.0.0.1:{port}/rest/1/{code}/");
    let answer = call(ffi::b24_send_message, &json!({"url": url, "chat": "chat1", "text": "x"}));
    server.join().unwrap();
    assert_eq!(error_code(&answer), "B24_BAD_ANSWER", "{answer}");
    assert!(!redact::contains(&answer.to_string(), code), "{answer}");
}

#[test]
fn a_proxy_that_refuses_and_echoes_the_credentials_leaks_nothing_and_is_not_the_portal() {
    let (port, server) = one_reply(|head| {
        let echoed =
            head.lines().find(|l| l.to_ascii_lowercase().starts_with("proxy-authorization")).unwrap_or("");
        let page = format!("denied: {echoed}");
        format!(
            "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
            page.len()
        )
    });
    let sandbox = start();
    let proxy = format!("http://agent:hunter2secret@127.0.0.1:{port}");
    let answer = call(
        ffi::b24_send_message,
        &json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "x", "proxy": proxy}),
    );
    let head = server.join().unwrap();
    assert!(
        head.to_ascii_lowercase().contains("proxy-authorization: basic"),
        "credentials were sent: {head}"
    );
    assert_eq!(error_code(&answer), "B24_CONNECTION_FAILED", "{answer}");
    let text = answer["error_description"].as_str().unwrap();
    assert!(text.contains("proxy") && !text.contains("portal answered"), "{text}");
    for secret in ["hunter2secret", "YWdlbnQ6aHVudGVyMnNlY3JldA=="] {
        assert!(!redact::contains(&answer.to_string(), secret), "{answer}");
    }
    assert!(sandbox.requests().is_empty());
}

#[test]
fn a_proxy_of_another_scheme_is_refused_naming_proxy() {
    let sandbox = start();
    for proxy in ["socks5://127.0.0.1:1080", "ftp://127.0.0.1/"] {
        let answer = call(
            ffi::b24_send_message,
            &json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "x", "proxy": proxy}),
        );
        assert_eq!(answer["parameter"], "proxy", "{proxy}: {answer}");
    }
    assert!(sandbox.requests().is_empty());
}

#[test]
fn an_id_that_is_not_an_exact_integer_never_reaches_the_portal() {
    let sandbox = start();
    for chat in [json!(12.5), json!(9.007199254740993e15), json!(1e300), json!(-1)] {
        let answer =
            call(ffi::b24_send_message, &json!({"url": sandbox.webhook_url(), "chat": chat, "text": "x"}));
        assert_eq!(answer["parameter"], "chat", "{chat}: {answer}");
    }
    let answer = call(ffi::b24_delete_message, &json!({"url": sandbox.webhook_url(), "message": 4.0e16}));
    assert_eq!(answer["parameter"], "message", "{answer}");
    assert!(sandbox.requests().is_empty());
    // A whole number written as a float is still that number.
    let answer =
        call(ffi::b24_send_message, &json!({"url": sandbox.webhook_url(), "chat": 450.0, "text": "x"}));
    assert!(answer["result"].is_u64(), "{answer}");
    assert_eq!(sandbox.requests()[0].fields["DIALOG_ID"], "450");
}

#[test]
fn not_given_means_the_same_in_every_form() {
    let sandbox = start();
    for blocks in [json!({}), json!("{}"), json!([]), json!("[]"), json!(null), json!("null"), json!("")] {
        let answer = call(
            ffi::b24_send_message,
            &json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "t", "blocks": blocks}),
        );
        assert!(answer["result"].is_u64(), "{blocks}: {answer}");
    }
    for request in sandbox.requests() {
        assert_eq!(request.fields, json!({"DIALOG_ID": "chat1", "MESSAGE": "t"}), "no ATTACH was sent");
    }
    // Text given as nothing and blocks as nothing: text is then required.
    let answer =
        call(ffi::b24_send_message, &json!({"url": sandbox.webhook_url(), "chat": "chat1", "blocks": "{}"}));
    assert_eq!(answer["parameter"], "text", "{answer}");
}

#[test]
fn a_timeout_too_small_to_wait_at_all_is_refused_like_zero() {
    let sandbox = start();
    for timeout in [json!(0), json!(1e-320), json!(1e-9), json!(-1)] {
        let answer = call(
            ffi::b24_send_message,
            &json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "x", "timeout": timeout}),
        );
        assert_eq!(answer["parameter"], "timeout", "{timeout}: {answer}");
    }
    assert!(sandbox.requests().is_empty());
}

#[test]
fn every_refusal_about_a_parameter_names_it_machine_readably() {
    let answers: Vec<Value> = vec![
        call(ffi::b24_send_message, &json!({"url": "x", "chat": true})),
        call(ffi::b24_get_chat_users, &json!({"url": "https://p.example.com/rest/1/c/", "chat": [1]})),
        call(
            ffi::b24_send_file,
            &json!({"url": "https://p.example.com/rest/1/c/", "chat": 1, "file": "/no/such"}),
        ),
        call(
            ffi::b24_batch,
            &json!({"url": "https://p.example.com/rest/1/c/", "calls": [{"function": "Nope"}]}),
        ),
    ];
    for (answer, key) in answers.iter().zip(["chat", "chat", "file", "calls"]) {
        assert_eq!(answer["error"], "B24_INVALID_PARAMETER", "{answer}");
        assert_eq!(answer["parameter"], key, "{answer}");
        assert!(answer["error_description"].as_str().unwrap().contains(&format!("'{key}'")), "{answer}");
    }
}
