//! The C API against the sandbox portal over real loopback HTTP: what came back, and what
//! the portal received.

mod common;

use std::collections::HashSet;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::ptr;
use std::time::{Duration, Instant};

use bitrix24_ffi::sandbox::{self, Fault, Sandbox};
use common::{call, call_raw, error_code, ffi, take};
use serde_json::{json, Value};

/// A sandbox whose request limit this process does not keep: these tests are about what is
/// sent, not when (the limits have tests of their own).
fn start() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

fn send(input: Value) -> Value {
    call(ffi::b24_send_message, &input)
}

/// The only request the sandbox received.
fn only_request(sandbox: &Sandbox) -> sandbox::ReceivedRequest {
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    requests.into_iter().next().unwrap()
}

fn assert_no_secret(answer: &Value) {
    let text = answer.to_string();
    for secret in [sandbox::WEBHOOK_CODE, sandbox::TOKEN, sandbox::EXPIRED_TOKEN] {
        assert!(!text.contains(secret), "a secret leaked: {text}");
    }
}

#[test]
fn a_webhook_send_posts_exactly_the_message_fields() {
    let sandbox = start();
    let answer = send(json!({"url": sandbox.webhook_url(), "chat": "chat450", "text": "Message text"}));
    let id = answer["result"].as_u64().unwrap_or_else(|| panic!("{answer}"));
    assert!(answer["time"]["date_start"].is_string());

    let request = only_request(&sandbox);
    assert_eq!(request.http_method, "POST");
    assert_eq!(request.path, format!("/rest/1/{}/im.message.add", sandbox::WEBHOOK_CODE));
    assert_eq!(request.content_type, "application/json; charset=utf-8");
    assert_eq!(request.auth, None);
    assert_eq!(request.fields, json!({"DIALOG_ID": "chat450", "MESSAGE": "Message text"}));
    let posted = sandbox.messages("chat450");
    assert_eq!(posted.len(), 1);
    assert_eq!((posted[0].id, posted[0].message.as_deref()), (id, Some("Message text")));
}

#[test]
fn a_token_send_goes_to_the_rest_method_with_auth_in_the_body() {
    let sandbox = start();
    let answer =
        send(json!({"url": sandbox.portal_url(), "chat": "sg12", "text": "hi", "token": sandbox::TOKEN}));
    assert!(answer["result"].is_u64(), "{answer}");
    let request = only_request(&sandbox);
    assert_eq!(request.path, "/rest/im.message.add");
    assert_eq!(request.auth.as_deref(), Some(sandbox::TOKEN));
    assert_eq!(request.fields, json!({"DIALOG_ID": "sg12", "MESSAGE": "hi", "auth": sandbox::TOKEN}));
}

#[test]
fn picture_and_file_blocks_arrive_as_attach() {
    let sandbox = start();
    let picture = call(ffi::b24_get_picture_block, &json!({"title": "Image", "url": "https://host/p.jpg"}));
    let file = call(ffi::b24_get_file_block, &json!({"title": "Doc.docx", "url": "https://host/d.docx"}));
    assert_eq!(picture, json!({"IMAGE": {"NAME": "Image", "LINK": "https://host/p.jpg"}}));
    assert_eq!(file, json!({"FILE": {"NAME": "Doc.docx", "LINK": "https://host/d.docx"}}));

    let answer = send(
        json!({"url": sandbox.webhook_url(), "chat": "chat450", "text": "Files", "blocks": [picture, file]}),
    );
    assert!(answer["result"].is_u64(), "{answer}");
    let request = only_request(&sandbox);
    assert_eq!(request.path, format!("/rest/1/{}/im.message.add", sandbox::WEBHOOK_CODE));
    assert_eq!(request.auth, None, "a webhook needs no auth field");
    assert_eq!(
        request.fields,
        json!({"DIALOG_ID": "chat450", "MESSAGE": "Files", "ATTACH": [picture, file]})
    );
}

#[test]
fn blocks_may_come_as_json_text_or_as_one_block_and_alone() {
    let sandbox = start();
    let block = json!({"FILE": {"NAME": "a", "LINK": "https://h/a"}});
    send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "blocks": json!([block]).to_string()}));
    send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "blocks": block}));
    let posted = sandbox.messages("chat1");
    assert_eq!(posted.len(), 2);
    for message in posted {
        assert_eq!(
            message.fields,
            json!({"DIALOG_ID": "chat1", "ATTACH": [block]}),
            "no MESSAGE without text"
        );
    }
}

#[test]
fn a_numeric_chat_is_sent_as_a_string_dialog_id() {
    let sandbox = start();
    let answer = send(json!({"url": sandbox.webhook_url(), "chat": 450, "text": "to a user"}));
    assert!(answer["result"].is_u64(), "{answer}");
    assert_eq!(only_request(&sandbox).fields["DIALOG_ID"], json!("450"));
}

#[test]
fn portal_errors_come_back_verbatim() {
    let sandbox = start();
    let empty = call(
        ffi::b24_call,
        &json!({"url": sandbox.webhook_url(), "method": "im.message.add", "params": {"DIALOG_ID": "chat1"}}),
    );
    assert_eq!(empty["error"], "MESSAGE_EMPTY", "{empty}");
    assert!(empty["error_description"].is_string());

    let wrong_code = sandbox.webhook_url().replace(sandbox::WEBHOOK_CODE, "wrongcode");
    let no_auth = send(json!({"url": wrong_code, "chat": "chat1", "text": "x"}));
    assert_eq!(no_auth["error"], "NO_AUTH_FOUND", "{no_auth}");

    let expired = send(
        json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "x", "token": sandbox::EXPIRED_TOKEN}),
    );
    assert_eq!(expired["error"], "expired_token", "{expired}");
    assert_no_secret(&expired);
}

#[test]
fn a_throttled_send_waits_and_goes_once() {
    let sandbox = start();
    sandbox.misbehave(Fault::QueryLimit, 1);
    let answer = send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "x"}));
    assert!(answer["result"].is_u64(), "{answer}");
    assert_eq!(sandbox.requests().len(), 2, "refused once, then sent again");
    assert_eq!(sandbox.messages("chat1").len(), 1);
}

#[test]
fn throttling_past_the_deadline_returns_the_portals_refusal_as_it_came() {
    let sandbox = start();
    sandbox.misbehave(Fault::QueryLimit, 1000);
    let started = Instant::now();
    let answer = send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "x", "timeout": 1.5}));
    assert_eq!(answer["error"], "QUERY_LIMIT_EXCEEDED", "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3), "the deadline held: {:?}", started.elapsed());
    assert!(sandbox.requests().len() >= 2, "it was tried again while the deadline allowed");
    assert!(sandbox.messages("chat1").is_empty());
}

#[test]
fn call_reaches_any_method_in_both_auth_modes() {
    let sandbox = start();
    let by_webhook = call(ffi::b24_call, &json!({"url": sandbox.webhook_url(), "method": "server.time"}));
    assert!(by_webhook["result"].as_str().is_some_and(|t| t.ends_with("+00:00")), "{by_webhook}");
    let by_token = call(
        ffi::b24_call,
        &json!({"url": sandbox.portal_url(), "method": "server.time", "token": sandbox::TOKEN, "params": "{\"X\": 1}"}),
    );
    assert!(by_token["result"].is_string(), "{by_token}");
    let requests = sandbox.requests();
    assert_eq!(requests[1].path, "/rest/server.time");
    assert_eq!(requests[1].fields, json!({"X": 1, "auth": sandbox::TOKEN}));

    let unknown = call(ffi::b24_call, &json!({"url": sandbox.webhook_url(), "method": "no.such.method"}));
    assert_eq!(unknown["error"], "ERROR_METHOD_NOT_FOUND", "{unknown}");
}

#[test]
fn an_answer_that_is_not_json_is_a_bad_answer_with_the_status() {
    let sandbox = start();
    sandbox.misbehave(Fault::NotJson, 1);
    sandbox.misbehave(Fault::HtmlError, 1);
    let not_json = send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "x"}));
    let html = send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "x"}));
    assert_eq!(error_code(&not_json), "B24_BAD_ANSWER", "{not_json}");
    assert!(not_json["error_description"].as_str().unwrap().contains("HTTP 200"), "{not_json}");
    assert_eq!(error_code(&html), "B24_BAD_ANSWER", "{html}");
    let description = html["error_description"].as_str().unwrap();
    assert!(description.contains("HTTP 500") && description.contains("<"), "{description}");
    assert_no_secret(&html);
}

#[test]
fn a_refused_connection_is_reported_and_nothing_is_sent() {
    let (_held, port) = common::closed_port();
    let url = format!("http://127.0.0.1:{port}/rest/1/{}/", sandbox::WEBHOOK_CODE);
    let answer = send(json!({"url": url, "chat": "chat1", "text": "x"}));
    assert_eq!(error_code(&answer), "B24_CONNECTION_FAILED", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains(&format!("127.0.0.1:{port}")));
    assert_no_secret(&answer);
}

#[test]
fn a_dropped_connection_is_reported_and_not_repeated() {
    let sandbox = start();
    sandbox.misbehave(Fault::DropConnection, 1);
    let answer = send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "once"}));
    assert_eq!(error_code(&answer), "B24_TRANSPORT_FAILED", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains("not repeated"));
    assert_no_secret(&answer);
    assert_eq!(sandbox.requests().len(), 1, "a request that may have been posted is never repeated");
}

#[test]
fn the_timeout_is_honoured_and_the_request_not_repeated() {
    let sandbox = start();
    sandbox.misbehave(Fault::Delay(Duration::from_secs(5)), 1);
    let started = Instant::now();
    let answer = send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "slow", "timeout": 0.5}));
    let waited = started.elapsed();
    assert_eq!(error_code(&answer), "B24_TIMEOUT", "{answer}");
    assert!(waited >= Duration::from_millis(450) && waited < Duration::from_secs(4), "{waited:?}");
    assert_no_secret(&answer);
    assert_eq!(sandbox.requests().len(), 1);
}

/// A server for one exchange: it reads one request whose body holds `"MESSAGE"`, answers
/// `reply` and hands back the request's text.
fn one_exchange(reply: &'static str) -> (u16, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let server = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        let mut seen = Vec::new();
        let mut buffer = [0u8; 4096];
        while !String::from_utf8_lossy(&seen).contains("\"MESSAGE\"") {
            let n = stream.read(&mut buffer).unwrap();
            assert!(n > 0, "the client closed before sending its body");
            seen.extend_from_slice(&buffer[..n]);
        }
        stream.write_all(reply.as_bytes()).unwrap();
        String::from_utf8_lossy(&seen).into_owned()
    });
    (port, server)
}

#[test]
fn a_redirect_is_not_followed_and_names_the_new_host_only() {
    let (port, server) = one_exchange(
        "HTTP/1.1 302 Found\r\nLocation: https://moved.example.com/rest/1/sandboxwebhookcode/im.message.add\r\n\
         Content-Length: 0\r\nConnection: close\r\n\r\n",
    );
    let url = format!("http://127.0.0.1:{port}/rest/1/{}/", sandbox::WEBHOOK_CODE);
    let answer = send(json!({"url": url, "chat": "chat1", "text": "x"}));
    server.join().unwrap();
    assert_eq!(error_code(&answer), "B24_REDIRECTED", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains("https://moved.example.com"), "{answer}");
    assert_no_secret(&answer);
}

#[test]
fn a_proxy_given_for_the_call_carries_the_request() {
    let (port, proxy) = one_exchange(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 14\r\n\
         Connection: close\r\n\r\n{\"result\": 77}",
    );
    let url = format!("http://portal.invalid/rest/1/{}/", sandbox::WEBHOOK_CODE);
    let answer = send(
        json!({"url": url, "chat": "chat1", "text": "via proxy", "proxy": format!("http://127.0.0.1:{port}")}),
    );
    let request = proxy.join().unwrap();
    assert_eq!(answer, json!({"result": 77}));
    let expected =
        format!("POST http://portal.invalid/rest/1/{}/im.message.add HTTP/1.1", sandbox::WEBHOOK_CODE);
    assert!(request.starts_with(&expected), "{request}");
}

#[test]
fn a_dead_proxy_is_a_connection_failure_that_does_not_echo_it() {
    let (_held, port) = common::closed_port();
    let sandbox = start();
    let proxy = format!("http://user:proxypass@127.0.0.1:{port}");
    let answer = send(json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": "x", "proxy": proxy}));
    assert_eq!(error_code(&answer), "B24_CONNECTION_FAILED", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains("proxy"), "{answer}");
    assert!(!answer.to_string().contains("proxypass"), "{answer}");
    assert!(sandbox.requests().is_empty(), "the request went nowhere but the proxy");
}

#[test]
fn bad_input_gets_a_clear_error_and_never_a_crash_or_a_secret() {
    let sandbox = start();
    let url = sandbox.webhook_url();
    let deep = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("invalid UTF-8", b"{\"url\": \"\xff\xfe\"}".to_vec(), "B24_INVALID_INPUT", "UTF-8"),
        ("not JSON", b"url=x&chat=1".to_vec(), "B24_INVALID_INPUT", "not valid JSON"),
        ("an array", b"[1, 2]".to_vec(), "B24_INVALID_INPUT", "JSON object"),
        (
            "no url",
            json!({"chat": "chat1", "text": "x"}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'url'",
        ),
        (
            "no chat",
            json!({"url": url, "text": "x"}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'chat'",
        ),
        (
            "no text nor blocks",
            json!({"url": url, "chat": 1}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'text'",
        ),
        (
            "a number for text",
            json!({"url": url, "chat": 1, "text": 5}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'text'",
        ),
        (
            "an object for chat",
            json!({"url": url, "chat": {}, "text": "x"}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'chat'",
        ),
        (
            "a boolean url",
            json!({"url": true, "chat": 1, "text": "x"}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'url'",
        ),
        (
            "an unknown key",
            json!({"url": url, "chat": 1, "text": "x", "Text": "y"}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'Text'",
        ),
        (
            "a string block",
            json!({"url": url, "chat": 1, "blocks": ["IMAGE"]}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'blocks'",
        ),
        (
            "deeply nested blocks",
            format!("{{\"url\": \"{url}\", \"chat\": 1, \"blocks\": {deep}}}").into_bytes(),
            "B24_INVALID_INPUT",
            "recursion",
        ),
        (
            "deeply nested blocks as text",
            json!({"url": url, "chat": 1, "blocks": deep}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'blocks'",
        ),
        (
            "a 1 MB text",
            json!({"url": url, "chat": 1, "text": "я".repeat(1 << 19)}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "'text'",
        ),
        (
            "a portal address without token",
            json!({"url": sandbox.portal_url(), "chat": 1, "text": "x"}).to_string().into_bytes(),
            "B24_INVALID_PARAMETER",
            "no token",
        ),
    ];
    for (name, input, code, mentions) in cases {
        let answer: Value = serde_json::from_str(&call_raw(ffi::b24_send_message, &input)).unwrap();
        assert_eq!(error_code(&answer), code, "{name}: {answer}");
        let description = answer["error_description"].as_str().unwrap_or_default();
        assert!(description.contains(mentions), "{name}: {description}");
        assert_no_secret(&answer);
    }
    assert!(sandbox.requests().is_empty(), "bad input never reaches the portal");
}

#[test]
fn null_pointers_are_refused_and_b24_free_ignores_null() {
    let answer: Value = serde_json::from_str(&take(unsafe { ffi::b24_send_message(ptr::null()) })).unwrap();
    assert_eq!(error_code(&answer), "B24_INVALID_INPUT");
    assert!(answer["error_description"].as_str().unwrap().contains("NULL"));
    let params = c"{}";
    let answer: Value =
        serde_json::from_str(&take(unsafe { ffi::b24_invoke(ptr::null(), params.as_ptr()) })).unwrap();
    assert_eq!(error_code(&answer), "B24_INVALID_INPUT");
    // SAFETY: NULL is documented as accepted.
    unsafe { ffi::b24_free(ptr::null_mut()) };
}

#[test]
fn invoke_runs_table_functions_by_opi_name() {
    let sandbox = start();
    let run = |name: &std::ffi::CStr, params: Value| -> Value {
        let params = std::ffi::CString::new(params.to_string()).unwrap();
        serde_json::from_str(&take(unsafe { ffi::b24_invoke(name.as_ptr(), params.as_ptr()) })).unwrap()
    };
    let block = run(c"GetPictureBlock", json!({"title": "t", "url": "u"}));
    assert_eq!(block, json!({"IMAGE": {"NAME": "t", "LINK": "u"}}));
    let sent = run(c"SendMessage", json!({"url": sandbox.webhook_url(), "chat": "chat9", "blocks": [block]}));
    assert!(sent["result"].is_u64(), "{sent}");
    assert_eq!(sandbox.messages("chat9").len(), 1);
    assert_eq!(error_code(&run(c"NoSuchFunction", json!({}))), "B24_UNKNOWN_FUNCTION");
}

#[test]
fn the_version_is_static_text() {
    // SAFETY: a static NUL-terminated string.
    let version = unsafe { std::ffi::CStr::from_ptr(ffi::b24_version()) }.to_str().unwrap();
    assert_eq!(version, bitrix24_ffi::VERSION);
}

#[test]
fn connections_are_reused_across_calls() {
    let sandbox = start();
    for n in 0..20 {
        let answer = send(json!({"url": sandbox.webhook_url(), "chat": "chat5", "text": format!("n{n}")}));
        assert!(answer["result"].is_u64(), "{answer}");
    }
    assert_eq!(sandbox.messages("chat5").len(), 20);
    // hyper may open a second connection when one is being returned to its pool just as the
    // next call starts; twenty calls on at most two connections is reuse all the same.
    assert!(
        sandbox.connection_count() <= 2,
        "kept-alive connections served the calls: {}",
        sandbox.connection_count()
    );
}

#[test]
fn sixteen_threads_send_two_hundred_messages_each_exactly_once() {
    const THREADS: usize = 16;
    const SENDS: usize = 200;
    let sandbox = start();
    let url = sandbox.webhook_url();
    let ids: Vec<u64> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..THREADS)
            .map(|thread| {
                let url = url.clone();
                scope.spawn(move || {
                    (0..SENDS)
                        .map(|n| {
                            let answer = send(json!({"url": url, "chat": format!("chat{}", 1000 + thread), "text": format!("{thread}-{n}")}));
                            answer["result"].as_u64().unwrap_or_else(|| panic!("{answer}"))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers.into_iter().flat_map(|worker| worker.join().unwrap()).collect()
    });
    assert_eq!(ids.len(), THREADS * SENDS);
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), ids.len(), "ids are unique");
    assert_eq!(sandbox.requests().len(), THREADS * SENDS, "no request was repeated");
    for thread in 0..THREADS {
        let texts: Vec<String> = sandbox
            .messages(&format!("chat{}", 1000 + thread))
            .into_iter()
            .filter_map(|m| m.message)
            .collect();
        let expected: HashSet<String> = (0..SENDS).map(|n| format!("{thread}-{n}")).collect();
        assert_eq!(texts.len(), SENDS);
        assert_eq!(texts.into_iter().collect::<HashSet<_>>(), expected);
    }
}
