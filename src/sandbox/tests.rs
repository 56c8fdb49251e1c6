//! The sandbox driven over real loopback HTTP by a tiny client written here, so these tests
//! depend on nothing but std and check the bytes on the wire.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::*;

pub(super) struct Reply {
    pub(super) status: u16,
    pub(super) headers: Vec<(String, String)>,
    pub(super) body: Vec<u8>,
}

impl Reply {
    pub(super) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub(super) fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub(super) fn error_code(&self) -> String {
        self.json()["error"].as_str().unwrap_or("").to_string()
    }
}

/// One client connection that can carry many requests.
pub(super) struct Client {
    pub(super) stream: TcpStream,
    buf: Vec<u8>,
}

impl Client {
    pub(super) fn connect(sandbox: &Sandbox) -> Client {
        let stream = TcpStream::connect(("127.0.0.1", sandbox.port())).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        Client { stream, buf: Vec::new() }
    }

    pub(super) fn send_raw(&mut self, bytes: &[u8]) {
        self.stream.write_all(bytes).expect("write");
    }

    pub(super) fn request(
        &mut self,
        method: &str,
        target: &str,
        content_type: &str,
        body: &[u8],
        extra: &str,
    ) -> Reply {
        let mut head =
            format!("{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {}\r\n", body.len());
        if !content_type.is_empty() {
            head.push_str(&format!("Content-Type: {content_type}\r\n"));
        }
        head.push_str(extra);
        head.push_str("\r\n");
        let mut bytes = head.into_bytes();
        bytes.extend_from_slice(body);
        self.send_raw(&bytes);
        self.read_reply().expect("a reply")
    }

    pub(super) fn post_json(&mut self, target: &str, body: &Value) -> Reply {
        self.request("POST", target, "application/json", body.to_string().as_bytes(), "")
    }

    /// None when the server closed the connection before a complete reply.
    pub(super) fn read_reply(&mut self) -> Option<Reply> {
        let head_end = loop {
            if let Some(pos) = self.buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break pos + 4;
            }
            self.fill()?;
        };
        let head = String::from_utf8(self.buf.drain(..head_end).collect()).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
            .collect();
        let length: usize =
            headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length"))?.1.parse().ok()?;
        while self.buf.len() < length {
            self.fill()?;
        }
        let body = self.buf.drain(..length).collect();
        Some(Reply { status, headers, body })
    }

    fn fill(&mut self) -> Option<()> {
        let mut chunk = [0u8; 8192];
        match self.stream.read(&mut chunk) {
            Ok(0) | Err(_) => None,
            Ok(n) => {
                self.buf.extend_from_slice(&chunk[..n]);
                Some(())
            }
        }
    }

    /// True when the server closed its side: the next read sees end of stream.
    pub(super) fn server_closed(&mut self) -> bool {
        self.buf.is_empty() && self.fill().is_none()
    }
}

pub(super) fn webhook_path(method: &str) -> String {
    format!("/rest/{WEBHOOK_USER}/{WEBHOOK_CODE}/{method}")
}

/// POSTs a JSON body to a webhook method on a new connection.
pub(super) fn call(sandbox: &Sandbox, method: &str, body: Value) -> Reply {
    Client::connect(sandbox).post_json(&webhook_path(method), &body)
}

/// The `result` of a call that must succeed.
pub(super) fn ok(sandbox: &Sandbox, method: &str, body: Value) -> Value {
    let reply = call(sandbox, method, body);
    assert_eq!(reply.status, 200, "{method}: {}", String::from_utf8_lossy(&reply.body));
    reply.json()["result"].clone()
}

/// The status and error code of a call that must fail.
pub(super) fn fails(sandbox: &Sandbox, method: &str, body: Value) -> (u16, String) {
    let reply = call(sandbox, method, body);
    (reply.status, reply.error_code())
}

pub(super) fn send(sandbox: &Sandbox, dialog: &str, text: &str) -> Reply {
    Client::connect(sandbox)
        .post_json(&webhook_path("im.message.add"), &json!({"DIALOG_ID": dialog, "MESSAGE": text}))
}

#[test]
fn urls_point_at_the_listening_port() {
    let sandbox = Sandbox::start().unwrap();
    let port = sandbox.port();
    assert_eq!(sandbox.portal_url(), format!("http://127.0.0.1:{port}/"));
    assert_eq!(sandbox.webhook_url(), format!("http://127.0.0.1:{port}/rest/1/{WEBHOOK_CODE}/"));
}

#[test]
fn webhook_message_is_stored_and_answered_with_id_and_time() {
    let sandbox = Sandbox::start().unwrap();
    let reply = send(&sandbox, "chat7", "hello [B]world[/B]");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("content-type"), Some("application/json; charset=utf-8"));
    let answer = reply.json();
    let id = answer["result"].as_u64().expect("numeric id");
    let time = answer["time"].as_object().expect("time object");
    for key in super::clock::TIME_KEYS {
        assert!(time.contains_key(key), "time lacks {key}");
    }
    assert_eq!(time.len(), 8);
    assert!(time["date_start"].as_str().unwrap().ends_with("+00:00"));
    assert_eq!(time["operating_reset_at"].as_i64().unwrap(), time["start"].as_i64().unwrap() + 600);

    let posted = sandbox.messages("chat7");
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].id, id);
    assert_eq!(posted[0].message.as_deref(), Some("hello [B]world[/B]"));
    assert_eq!(posted[0].attach, None);
    assert_eq!(sandbox.message_count(), 1);

    let recorded = sandbox.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].http_method, "POST");
    assert_eq!(recorded[0].rest_method, "im.message.add");
    assert_eq!(recorded[0].path, webhook_path("im.message.add"));
    assert_eq!(recorded[0].content_type, "application/json");
    assert_eq!(recorded[0].auth, None);
    assert_eq!(recorded[0].fields["DIALOG_ID"], "chat7");
}

#[test]
fn keep_alive_serves_several_requests_on_one_connection() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let path = webhook_path("im.message.add");
    let first = client.post_json(&path, &json!({"DIALOG_ID": "1", "MESSAGE": "one"}));
    let second = client.post_json(&path, &json!({"DIALOG_ID": "1", "MESSAGE": "two"}));
    assert_eq!((first.status, second.status), (200, 200));
    assert!(first.header("connection").is_none());
    assert!(second.json()["result"].as_u64() > first.json()["result"].as_u64());
    let texts: Vec<_> = sandbox.messages("1").into_iter().filter_map(|m| m.message).collect();
    assert_eq!(texts, ["one", "two"]);
}

#[test]
fn pipelined_requests_are_answered_in_order() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let one = format!("GET {}?n=1 HTTP/1.1\r\nHost: x\r\n\r\n", webhook_path("server.time"));
    let two = format!("GET {}?n=2 HTTP/1.1\r\nHost: x\r\n\r\n", webhook_path("server.time"));
    client.send_raw(format!("{one}{two}").as_bytes());
    assert_eq!(client.read_reply().unwrap().status, 200);
    assert_eq!(client.read_reply().unwrap().status, 200);
    let queries: Vec<_> = sandbox.requests().into_iter().map(|r| r.query).collect();
    assert_eq!(queries, ["n=1", "n=2"]);
}

#[test]
fn connection_close_is_honoured() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let reply = client.request("GET", &webhook_path("server.time"), "", b"", "Connection: close\r\n");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.header("connection"), Some("close"));
    assert!(client.server_closed());
}

#[test]
fn server_time_answers_an_iso_date_in_utc() {
    let sandbox = Sandbox::start().unwrap();
    let reply = Client::connect(&sandbox).request("GET", &webhook_path("server.time.json"), "", b"", "");
    assert_eq!(reply.status, 200);
    let now = reply.json()["result"].as_str().unwrap().to_string();
    assert_eq!(now.len(), "2024-10-09T09:19:10+00:00".len());
    assert!(now.ends_with("+00:00") && now.as_bytes()[10] == b'T', "{now}");
}

#[test]
fn wrong_webhook_user_or_code_is_no_auth_found() {
    let sandbox = Sandbox::start().unwrap();
    for path in ["/rest/1/wrongcode/server.time", "/rest/2/sandboxwebhookcode/server.time"] {
        let reply = Client::connect(&sandbox).request("GET", path, "", b"", "");
        assert_eq!(reply.status, 401);
        assert_eq!(
            reply.json(),
            json!({"error": "NO_AUTH_FOUND", "error_description": "Wrong authorization data"})
        );
    }
}

#[test]
fn oauth_token_is_read_from_json_body_form_body_and_query() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let json_body = client
        .post_json("/rest/im.message.add", &json!({"auth": TOKEN, "DIALOG_ID": "chat1", "MESSAGE": "a"}));
    let form_body = format!("auth={TOKEN}&DIALOG_ID=chat1&MESSAGE=b");
    let form = client.request(
        "POST",
        "/rest/im.message.add",
        "application/x-www-form-urlencoded",
        form_body.as_bytes(),
        "",
    );
    let query = client.request("GET", &format!("/rest/server.time?auth={TOKEN}"), "", b"", "");
    assert_eq!((json_body.status, form.status, query.status), (200, 200, 200));
    assert_eq!(sandbox.messages("chat1").len(), 2);
    assert!(sandbox.requests().iter().all(|r| r.auth.as_deref() == Some(TOKEN)));
    assert!(sandbox.messages("chat1").iter().all(|m| m.fields.get("auth").is_none()));
}

#[test]
fn oauth_without_a_valid_token_is_refused() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let missing = client.post_json("/rest/im.message.add", &json!({"DIALOG_ID": "1", "MESSAGE": "x"}));
    let unknown =
        client.post_json("/rest/im.message.add", &json!({"auth": "nope", "DIALOG_ID": "1", "MESSAGE": "x"}));
    let expired = client
        .post_json("/rest/im.message.add", &json!({"auth": EXPIRED_TOKEN, "DIALOG_ID": "1", "MESSAGE": "x"}));
    assert_eq!((missing.status, missing.error_code().as_str()), (401, "NO_AUTH_FOUND"));
    assert_eq!((unknown.status, unknown.error_code().as_str()), (401, "NO_AUTH_FOUND"));
    assert_eq!(expired.status, 401);
    assert_eq!(
        expired.json(),
        json!({"error": "expired_token", "error_description": "The access token provided has expired."})
    );
    assert_eq!(sandbox.message_count(), 0);
}

#[test]
fn unknown_methods_and_paths_are_not_found() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let expected = json!({"error": "ERROR_METHOD_NOT_FOUND", "error_description": "Method not found!"});
    for path in [
        webhook_path("im.nothing"),
        format!("/rest/im.nothing?auth={TOKEN}"),
        "/".into(),
        "/index.php".into(),
        "/rest/a/b".into(),
    ] {
        let reply = client.request("POST", &path, "application/json", b"{}", "");
        assert_eq!(reply.status, 404, "{path}");
        assert_eq!(reply.json(), expected, "{path}");
    }
    assert_eq!(sandbox.requests()[2].rest_method, "");
}

#[test]
fn method_names_ignore_case() {
    let sandbox = Sandbox::start().unwrap();
    let reply = Client::connect(&sandbox)
        .post_json(&webhook_path("IM.Message.ADD.json"), &json!({"DIALOG_ID": "3", "MESSAGE": "x"}));
    assert_eq!(reply.status, 200);
    assert_eq!(sandbox.requests()[0].rest_method, "im.message.add");
}

#[test]
fn invalid_json_body_is_a_bad_request() {
    let sandbox = Sandbox::start().unwrap();
    let reply = Client::connect(&sandbox).request(
        "POST",
        &webhook_path("im.message.add"),
        "application/json",
        b"{\"DIALOG_ID\":",
        "",
    );
    assert_eq!(reply.status, 400);
    assert_eq!(reply.error_code(), "INVALID_REQUEST");
    assert_eq!(sandbox.requests().len(), 1);
}

#[test]
fn message_without_text_or_attachment_is_message_empty() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    for body in [
        json!({"DIALOG_ID": "chat1"}),
        json!({"DIALOG_ID": "chat1", "MESSAGE": "  "}),
        json!({"DIALOG_ID": "chat1", "MESSAGE": "", "ATTACH": []}),
    ] {
        let reply = client.post_json(&webhook_path("im.message.add"), &body);
        assert_eq!(reply.status, 400);
        assert_eq!(
            reply.json(),
            json!({"error": "MESSAGE_EMPTY", "error_description": "Message can't be empty"})
        );
    }
    assert_eq!(sandbox.message_count(), 0);
}

#[test]
fn bad_dialog_ids_are_refused_with_documented_codes() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let path = webhook_path("im.message.add");
    let missing = client.post_json(&path, &json!({"MESSAGE": "x"}));
    let malformed = client.post_json(&path, &json!({"DIALOG_ID": "someone", "MESSAGE": "x"}));
    let bad_chat = client.post_json(&path, &json!({"DIALOG_ID": "chat0", "MESSAGE": "x"}));
    assert_eq!((missing.status, missing.error_code().as_str()), (400, "USER_ID_EMPTY"));
    assert_eq!((malformed.status, malformed.error_code().as_str()), (400, "USER_ID_EMPTY"));
    assert_eq!((bad_chat.status, bad_chat.error_code().as_str()), (400, "CHAT_ID_EMPTY"));
    let numeric = client.post_json(&path, &json!({"DIALOG_ID": 42, "MESSAGE": "x"}));
    assert_eq!(numeric.status, 200);
    assert_eq!(sandbox.messages("42").len(), 1);
}

#[test]
fn attachment_alone_is_enough_and_json_strings_are_parsed() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let blocks = json!([{"IMAGE": {"NAME": "n", "LINK": "https://x/p.jpg"}}]);
    let as_array =
        client.post_json(&webhook_path("im.message.add"), &json!({"DIALOG_ID": "sg4", "ATTACH": blocks}));
    let as_text = client.post_json(
        &webhook_path("im.message.add"),
        &json!({"DIALOG_ID": "sg4", "ATTACH": blocks.to_string()}),
    );
    assert_eq!((as_array.status, as_text.status), (200, 200));
    let posted = sandbox.messages("sg4");
    assert!(posted.iter().all(|m| m.attach.as_ref() == Some(&blocks) && m.message.is_none()));
}

#[test]
fn attachment_over_60000_characters_is_attach_oversize() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let fits = json!([{"MESSAGE": "x".repeat(60_000 - r#"[{"MESSAGE":""}]"#.len())}]);
    let too_big = json!([{"MESSAGE": "x".repeat(60_001 - r#"[{"MESSAGE":""}]"#.len())}]);
    let ok = client.post_json(&webhook_path("im.message.add"), &json!({"DIALOG_ID": "1", "ATTACH": fits}));
    let refused = client.post_json(
        &webhook_path("im.message.add"),
        &json!({"DIALOG_ID": "1", "MESSAGE": "m", "ATTACH": too_big}),
    );
    assert_eq!(ok.status, 200);
    assert_eq!((refused.status, refused.error_code().as_str()), (400, "ATTACH_OVERSIZE"));
    assert_eq!(sandbox.message_count(), 1);
}

#[test]
fn form_body_with_php_brackets_becomes_nested_fields() {
    let sandbox = Sandbox::start().unwrap();
    let body = "DIALOG_ID=chat9&MESSAGE=hi+there&ATTACH[0][IMAGE][NAME]=pic&ATTACH[0][IMAGE][LINK]=https%3A%2F%2Fx%2Fp.jpg&ATTACH[1][MESSAGE]=more";
    let reply = Client::connect(&sandbox).request(
        "POST",
        &format!("{}?FROM_QUERY=1", webhook_path("im.message.add")),
        "application/x-www-form-urlencoded",
        body.as_bytes(),
        "",
    );
    assert_eq!(reply.status, 200);
    let expected_attach = json!([{"IMAGE": {"NAME": "pic", "LINK": "https://x/p.jpg"}}, {"MESSAGE": "more"}]);
    let recorded = &sandbox.requests()[0];
    assert_eq!(recorded.query, "FROM_QUERY=1");
    assert_eq!(recorded.body, body.as_bytes());
    assert_eq!(
        recorded.fields,
        json!({"DIALOG_ID": "chat9", "MESSAGE": "hi there", "ATTACH": expected_attach, "FROM_QUERY": "1"})
    );
    let posted = &sandbox.messages("chat9")[0];
    assert_eq!(posted.message.as_deref(), Some("hi there"));
    assert_eq!(posted.attach, Some(expected_attach));
}

#[test]
fn chunked_bodies_are_read() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let body = json!({"DIALOG_ID": "5", "MESSAGE": "chunked"}).to_string();
    let (a, b) = body.split_at(10);
    let request = format!(
        "POST {} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x};ext=1\r\n{a}\r\n{:x}\r\n{b}\r\n0\r\nTrailer: t\r\n\r\n",
        webhook_path("im.message.add"),
        a.len(),
        b.len(),
    );
    client.send_raw(request.as_bytes());
    assert_eq!(client.read_reply().unwrap().status, 200);
    assert_eq!(sandbox.messages("5")[0].message.as_deref(), Some("chunked"));
    let again = client.request("GET", &webhook_path("server.time"), "", b"", "");
    assert_eq!(again.status, 200);
}

#[test]
fn expect_continue_gets_an_interim_answer() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let body = json!({"DIALOG_ID": "5", "MESSAGE": "x"}).to_string();
    client.send_raw(
        format!(
            "POST {} HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
            webhook_path("im.message.add"),
            body.len()
        )
        .as_bytes(),
    );
    let mut interim = [0u8; 25];
    client.stream.read_exact(&mut interim).unwrap();
    assert_eq!(&interim, b"HTTP/1.1 100 Continue\r\n\r\n");
    client.send_raw(body.as_bytes());
    assert_eq!(client.read_reply().unwrap().status, 200);
}

#[test]
fn garbage_gets_a_bad_request_and_the_server_survives() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    client.send_raw(b"\x00\xffNOT HTTP AT ALL\r\n\r\n");
    assert_eq!(client.read_reply().unwrap().status, 400);
    assert!(client.server_closed());
    assert_eq!(send(&sandbox, "1", "still alive").status, 200);
}

#[test]
fn oversized_head_and_body_are_refused() {
    let sandbox = Sandbox::start().unwrap();
    let mut client = Client::connect(&sandbox);
    let huge_header = format!("GET / HTTP/1.1\r\nX-Big: {}\r\n\r\n", "a".repeat(70 * 1024));
    client.send_raw(huge_header.as_bytes());
    assert_eq!(client.read_reply().unwrap().status, 431);

    let mut client = Client::connect(&sandbox);
    client.send_raw(
        format!("POST {} HTTP/1.1\r\nContent-Length: 150000000\r\n\r\n", webhook_path("im.message.add"))
            .as_bytes(),
    );
    assert_eq!(client.read_reply().unwrap().status, 413);
}

#[test]
fn query_limit_fault_answers_503() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.misbehave(Fault::QueryLimit, 1);
    let reply = send(&sandbox, "1", "x");
    assert_eq!(reply.status, 503);
    assert_eq!(
        reply.json(),
        json!({"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"})
    );
    assert_eq!(sandbox.message_count(), 0);
    assert_eq!(sandbox.requests().len(), 1);
    assert_eq!(send(&sandbox, "1", "x").status, 200);
}

#[test]
fn html_error_fault_answers_an_html_page() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.misbehave(Fault::HtmlError, 1);
    let reply = send(&sandbox, "1", "x");
    assert_eq!(reply.status, 500);
    assert!(reply.header("content-type").unwrap().starts_with("text/html"));
    assert!(String::from_utf8_lossy(&reply.body).contains("<html>"));
    assert_eq!(sandbox.message_count(), 0);
}

#[test]
fn not_json_fault_answers_200_with_plain_text() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.misbehave(Fault::NotJson, 1);
    let reply = send(&sandbox, "1", "x");
    assert_eq!(reply.status, 200);
    assert!(reply.header("content-type").unwrap().starts_with("text/plain"));
    assert!(serde_json::from_slice::<Value>(&reply.body).is_err());
    assert_eq!(sandbox.message_count(), 0);
}

#[test]
fn delay_fault_answers_normally_after_the_pause() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.misbehave(Fault::Delay(Duration::from_millis(300)), 1);
    let began = Instant::now();
    let reply = send(&sandbox, "1", "late");
    assert!(began.elapsed() >= Duration::from_millis(300));
    assert_eq!(reply.status, 200);
    assert_eq!(sandbox.message_count(), 1);
}

#[test]
fn drop_connection_fault_closes_without_answering() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.misbehave(Fault::DropConnection, 1);
    let mut client = Client::connect(&sandbox);
    client.send_raw(b"GET /rest/1/sandboxwebhookcode/server.time HTTP/1.1\r\n\r\n");
    assert!(client.read_reply().is_none());
    assert_eq!(sandbox.requests().len(), 1);
    assert_eq!(sandbox.message_count(), 0);
}

#[test]
fn faults_queue_up_and_are_used_once_each() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.misbehave(Fault::QueryLimit, 2);
    sandbox.misbehave(Fault::HtmlError, 1);
    let statuses: Vec<u16> = (0..4).map(|_| send(&sandbox, "1", "x").status).collect();
    assert_eq!(statuses, [503, 503, 500, 200]);
    assert_eq!(sandbox.message_count(), 1);
}

#[test]
fn clear_forgets_requests_messages_and_faults_but_ids_keep_growing() {
    let sandbox = Sandbox::start().unwrap();
    let first = send(&sandbox, "1", "x").json()["result"].as_u64().unwrap();
    sandbox.misbehave(Fault::QueryLimit, 3);
    sandbox.clear();
    assert!(sandbox.requests().is_empty());
    assert_eq!(sandbox.message_count(), 0);
    let second = send(&sandbox, "1", "y").json()["result"].as_u64().unwrap();
    assert!(second > first);
}

#[test]
fn without_records_messages_are_answered_but_not_kept() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.keep_records(false);
    let first = send(&sandbox, "1", "x").json()["result"].as_u64().unwrap();
    let second = send(&sandbox, "1", "y").json()["result"].as_u64().unwrap();
    assert!(second > first);
    assert!(sandbox.requests().is_empty());
    assert_eq!(sandbox.message_count(), 0);
    sandbox.keep_records(true);
    send(&sandbox, "1", "z");
    assert_eq!((sandbox.requests().len(), sandbox.message_count()), (1, 1));
}

#[test]
fn sixty_four_concurrent_connections_get_unique_increasing_ids() {
    const CONNECTIONS: usize = 64;
    const PER_CONNECTION: usize = 5;
    let sandbox = Arc::new(Sandbox::start().unwrap());
    // Every connection is open before anyone posts, so all 64 are served at the same time.
    let barrier = Arc::new(Barrier::new(CONNECTIONS));
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|n| {
            let (sandbox, barrier) = (Arc::clone(&sandbox), Arc::clone(&barrier));
            thread::spawn(move || {
                let mut client = Client::connect(&sandbox);
                barrier.wait();
                (0..PER_CONNECTION)
                    .map(|i| {
                        let reply = client.post_json(
                            &webhook_path("im.message.add"),
                            &json!({"DIALOG_ID": format!("chat{}", n + 1), "MESSAGE": format!("{n}/{i}")}),
                        );
                        assert_eq!(reply.status, 200);
                        reply.json()["result"].as_u64().unwrap()
                    })
                    .collect::<Vec<u64>>()
            })
        })
        .collect();
    let mut all = Vec::new();
    for worker in workers {
        let ids = worker.join().unwrap();
        assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids on one connection increase: {ids:?}");
        all.extend(ids);
    }
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), CONNECTIONS * PER_CONNECTION);
    assert_eq!(sandbox.message_count(), CONNECTIONS * PER_CONNECTION);
    let chat = sandbox.messages("chat1");
    assert_eq!(chat.len(), PER_CONNECTION);
    assert!(chat.windows(2).all(|w| w[0].id < w[1].id));
}

#[test]
fn dropping_the_sandbox_stops_listening_and_closes_idle_connections() {
    let sandbox = Sandbox::start().unwrap();
    let port = sandbox.port();
    let mut idle = Client::connect(&sandbox);
    assert_eq!(idle.request("GET", &webhook_path("server.time"), "", b"", "").status, 200);
    drop(sandbox);
    assert!(TcpStream::connect(("127.0.0.1", port)).is_err());
    assert!(idle.server_closed());
}

#[test]
fn sandbox_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Sandbox>();
}
