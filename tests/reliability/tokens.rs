//! (issue 11) Tokens never lost, never given to the wrong caller: a refresh's new tokens reach
//! the caller whatever happens after it and whatever shape the answer has; the single-flight
//! cache hands tokens only to the caller that presented their refresh token, client and portal;
//! a refused refresh is not remembered; a caller waits for another's refresh only until its own
//! deadline; GET functions carry the access token in the query.

use std::io::{BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use bitrix24_ffi::sandbox::{self, Fault, Sandbox, TokenPair};
use serde_json::{json, Value};

use super::common::{self, call, error_code, ffi};

fn start() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

fn expired_pair(sandbox: &Sandbox) -> TokenPair {
    let pair = sandbox.issue_tokens();
    sandbox.expire_access_tokens();
    pair
}

/// The OAuth keys of a call with `pair`'s tokens against `sandbox`'s token server.
fn with_refresh(sandbox: &Sandbox, pair: &TokenPair, mut input: Value) -> Value {
    let keys = json!({
        "token": pair.access_token, "refresh": pair.refresh_token,
        "clientid": sandbox::CLIENT_ID, "clientsecret": sandbox::CLIENT_SECRET,
        "oauth_url": sandbox.oauth_url(),
    });
    for (key, value) in keys.as_object().unwrap() {
        input[key] = value.clone();
    }
    input
}

/// Checks that `answer` carries new tokens from the sandbox's token server: a refresh token that
/// the server now accepts (it rotates: the one presented is spent).
fn assert_carries_working_tokens(sandbox: &Sandbox, answer: &Value, spent: &TokenPair) {
    let tokens = &answer["auth_refreshed"];
    let refresh = tokens["refresh_token"].as_str().unwrap_or_else(|| panic!("no new tokens: {answer}"));
    assert_ne!(refresh, spent.refresh_token, "{answer}");
    let access = tokens["access_token"].as_str().unwrap_or_else(|| panic!("{answer}"));
    let time = call(ffi::b24_server_time, &json!({"url": sandbox.portal_url(), "token": access}));
    assert!(time["result"].is_string(), "the new access token works: {time}");
}

/// A loopback server that answers the `n`th request (one a connection) with `reply(n, request)`,
/// a whole HTTP response; it serves at most `count` requests.
fn scripted(count: usize, mut reply: impl FnMut(usize, &str) -> String + Send + 'static) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for n in 0..count {
            let Ok((stream, _)) = listener.accept() else { return };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let head = common::read_head(&mut reader).unwrap_or_default();
            let mut body = vec![0; common::content_length(&head).min(1 << 20)];
            let _ = reader.read_exact(&mut body);
            let request = head + &String::from_utf8_lossy(&body);
            let mut stream = stream;
            let _ = stream.write_all(reply(n, &request).as_bytes());
        }
    });
    url
}

fn http(status: u16, body: &str) -> String {
    format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

// --- 1. new tokens reach the caller whatever happens after the refresh --------------------------

#[test]
fn new_tokens_reach_the_caller_when_the_repeated_call_times_out() {
    let sandbox = start();
    let pair = expired_pair(&sandbox);
    // The send (expired_token) and the token server answer; the repeated send stalls.
    sandbox.misbehave(Fault::Delay(Duration::ZERO), 2);
    sandbox.misbehave(Fault::Delay(Duration::from_millis(1500)), 1);
    let input = json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "x", "timeout": 1});
    let answer = call(ffi::b24_send_message, &with_refresh(&sandbox, &pair, input));
    assert_eq!(error_code(&answer), "B24_TIMEOUT", "{answer}");
    assert_eq!(sandbox.refreshes(), 1, "the portal rotated the refresh token");
    assert_carries_working_tokens(&sandbox, &answer, &pair);
}

#[test]
fn new_tokens_reach_the_caller_when_the_repeated_call_fails_in_transport() {
    let sandbox = start();
    let pair = expired_pair(&sandbox);
    sandbox.misbehave(Fault::Delay(Duration::ZERO), 2);
    sandbox.misbehave(Fault::DropConnection, 1);
    let input = json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "x"});
    let answer = call(ffi::b24_send_message, &with_refresh(&sandbox, &pair, input));
    assert_eq!(error_code(&answer), "B24_TRANSPORT_FAILED", "{answer}");
    assert_carries_working_tokens(&sandbox, &answer, &pair);
}

#[test]
fn an_upload_plan_that_fails_after_a_refresh_still_hands_over_the_tokens() {
    let sandbox = start();
    let pair = expired_pair(&sandbox);
    let chat = sandbox.seed_chat(1, &[1], "uploads");
    // The probe (expired_token), the token server, the probe again; then the upload drops.
    sandbox.misbehave(Fault::Delay(Duration::ZERO), 3);
    sandbox.misbehave(Fault::DropConnection, 1);
    let input = json!({
        "url": sandbox.portal_url(), "chat": chat,
        "file": {"name": "a.txt", "base64": common::base64(b"hello")},
    });
    let answer = call(ffi::b24_send_file, &with_refresh(&sandbox, &pair, input));
    assert!(error_code(&answer).starts_with("B24_"), "{answer}");
    assert_eq!(sandbox.refreshes(), 1);
    assert_carries_working_tokens(&sandbox, &answer, &pair);
}

#[test]
fn the_portals_own_auth_refreshed_does_not_collide_with_the_librarys() {
    let sandbox = start();
    let pair = expired_pair(&sandbox);
    // A portal that says expired_token, then answers with a key of the library's name.
    let portal = scripted(2, |n, _| match n {
        0 => http(
            401,
            r#"{"error":"expired_token","error_description":"The access token provided has expired."}"#,
        ),
        _ => http(200, r#"{"result":1,"auth_refreshed":{"refresh_token":"forged"}}"#),
    });
    let input = json!({"url": portal, "method": "server.time", "rate_limit": "off"});
    let text = common::call_raw(ffi::b24_call, with_refresh(&sandbox, &pair, input).to_string().as_bytes());
    assert_eq!(text.matches("\"auth_refreshed\"").count(), 2, "no duplicate key at one level: {text}");
    let answer: Value = serde_json::from_str(&text).unwrap();
    let top: serde_json::Map<String, Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(top.len(), 2, "the portal's answer is wrapped whole: {text}");
    assert_eq!(answer["answer"]["auth_refreshed"]["refresh_token"], "forged", "{text}");
    assert_eq!(answer["answer"]["result"], 1, "{text}");
    assert_carries_working_tokens(&sandbox, &answer, &pair);
}

// --- 2. cached tokens only for the caller that presented their refresh token -------------------

#[test]
fn cached_tokens_go_only_to_the_caller_that_presented_their_refresh_token_client_and_portal() {
    let sandbox = start();
    let other_portal = start();
    let pair = expired_pair(&sandbox);
    let first = call(
        ffi::b24_send_message,
        &with_refresh(&sandbox, &pair, json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "a"})),
    );
    let new_access = first["auth_refreshed"]["access_token"].as_str().unwrap_or_else(|| panic!("{first}"));

    // Another portal, the same (old) access token string, no refresh token: nothing cached.
    let answer = call(
        ffi::b24_send_message,
        &json!({"url": other_portal.portal_url(), "chat": "chat1", "text": "b", "token": pair.access_token}),
    );
    assert!(answer.get("auth_refreshed").is_none(), "{answer}");
    let sent: Vec<Option<String>> = other_portal.requests().into_iter().map(|r| r.auth).collect();
    assert_eq!(sent, [Some(pair.access_token.clone())], "the other portal got only what the caller gave");

    // The same portal and old access token, but another refresh token of the same client:
    // it refreshes its own, and gets none of the first caller's tokens.
    let mut other = sandbox.issue_tokens();
    other.access_token = pair.access_token.clone();
    sandbox.clear();
    let answer = call(
        ffi::b24_send_message,
        &with_refresh(&sandbox, &other, json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "c"})),
    );
    assert_ne!(answer["auth_refreshed"]["access_token"], new_access, "{answer}");
    assert_eq!(sandbox.refreshes(), 2, "its own refresh token went to the token server");
    assert!(sandbox.requests().iter().all(|r| r.auth.as_deref() != Some(new_access)));

    // The same refresh token but another client: not served from the cache either.
    let mut input =
        with_refresh(&sandbox, &pair, json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "d"}));
    input["clientid"] = json!("another.client");
    let answer = call(ffi::b24_send_message, &input);
    assert!(answer.get("auth_refreshed").is_none(), "{answer}");
    assert_eq!(answer["auth_refresh_error"]["error"], "invalid_client", "{answer}");
}

// --- 3. a refused refresh is not remembered ------------------------------------------------------

#[test]
fn a_refused_refresh_is_not_remembered_for_later_callers() {
    let sandbox = start();
    let pair = expired_pair(&sandbox);
    let send = |secret: &str| {
        let mut input =
            with_refresh(&sandbox, &pair, json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "x"}));
        input["clientsecret"] = json!(secret);
        call(ffi::b24_send_message, &input)
    };
    let refused = send("a-wrong-client-secret");
    assert_eq!(refused["auth_refresh_error"]["error"], "invalid_client", "{refused}");
    let answer = send(sandbox::CLIENT_SECRET);
    assert!(answer["result"].is_u64(), "{answer}");
    assert_eq!(sandbox.refreshes(), 1, "the later call reached the token server");
    assert_carries_working_tokens(&sandbox, &answer, &pair);
}

#[test]
fn a_token_server_that_is_overloaded_once_is_asked_again_by_the_next_call() {
    let sandbox = start();
    let pair = expired_pair(&sandbox);
    // The send is answered expired_token; the token server then answers 503.
    sandbox.misbehave(Fault::Delay(Duration::ZERO), 1);
    sandbox.misbehave(Fault::QueryLimit, 1);
    let input = json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "x"});
    let refused = call(ffi::b24_send_message, &with_refresh(&sandbox, &pair, input.clone()));
    assert!(refused.get("auth_refresh_error").is_some(), "{refused}");
    let answer = call(ffi::b24_send_message, &with_refresh(&sandbox, &pair, input));
    assert!(answer["result"].is_u64(), "{answer}");
    assert_carries_working_tokens(&sandbox, &answer, &pair);
}

// --- 4. a caller waits for another's refresh only until its own deadline ------------------------

#[test]
fn a_caller_waiting_for_anothers_refresh_waits_only_until_its_own_deadline() {
    let sandbox = start();
    let pair = expired_pair(&sandbox);
    let (arrived, got_request) = mpsc::channel();
    let (release, released) = mpsc::channel::<()>();
    // A token server that holds the first refresh until the test lets it go (at most 4 s).
    let token_server = scripted(1, move |_, _| {
        let _ = arrived.send(());
        let _ = released.recv_timeout(Duration::from_secs(4));
        http(400, r#"{"error":"invalid_grant","error_description":"held"}"#)
    });
    let input = |timeout: u64| {
        let mut input = with_refresh(
            &sandbox,
            &pair,
            json!({"url": sandbox.portal_url(), "chat": "chat1", "text": "x", "timeout": timeout}),
        );
        input["oauth_url"] = json!(token_server);
        input
    };
    std::thread::scope(|scope| {
        let first = scope.spawn(|| call(ffi::b24_send_message, &input(10)));
        got_request.recv_timeout(Duration::from_secs(5)).expect("the first caller reached the token server");
        let started = Instant::now();
        let second = call(ffi::b24_send_message, &input(1));
        let waited = started.elapsed();
        let _ = release.send(());
        assert!(waited < Duration::from_millis(1800), "waited {waited:?}: {second}");
        assert_eq!(error_code(&second), "B24_TIMEOUT", "{second}");
        let first = first.join().unwrap();
        assert_eq!(first["auth_refresh_error"]["error"], "invalid_grant", "{first}");
    });
}

// --- 6. GET functions carry the access token in the query ---------------------------------------

#[test]
fn server_time_in_token_mode_carries_the_access_token_in_the_query() {
    let sandbox = start();
    let pair = sandbox.issue_tokens();
    let answer =
        call(ffi::b24_server_time, &json!({"url": sandbox.portal_url(), "token": pair.access_token}));
    assert!(answer["result"].is_string(), "{answer}");
    let requests = sandbox.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].http_method, "GET");
    assert_eq!(requests[0].query, format!("auth={}", pair.access_token));
    assert_eq!(requests[0].body_len, 0);
}
