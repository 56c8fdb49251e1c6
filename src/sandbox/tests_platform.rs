//! What surrounds the methods, over raw loopback HTTP: batch, the OAuth token server, the leaky
//! bucket, the operating limit and idle connection close.

use std::thread;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::tests::{call, ok, webhook_path, Client};
use super::*;

fn token_request(sandbox: &Sandbox, query: &str) -> tests::Reply {
    Client::connect(sandbox).request("GET", &format!("/oauth/token/?{query}"), "", b"", "")
}

fn refresh_query(refresh: &str) -> String {
    format!("grant_type=refresh_token&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&refresh_token={refresh}")
}

#[test]
fn batch_runs_commands_in_order_with_result_references() {
    let sandbox = Sandbox::start().unwrap();
    // Written out by hand: `json!` would sort the keys, and the order is what is tested.
    let body = r#"{"halt": 0, "cmd": {
        "new": "im.chat.add?TITLE=Batch&USERS[]=10",
        "add": "im.message.add?DIALOG_ID=chat$result[new]&MESSAGE=hi%20there",
        "bad": "im.nothing",
        "list": "im.dialog.users.list?DIALOG_ID=chat$result[new]"
    }}"#;
    let reply = Client::connect(&sandbox).request(
        "POST",
        &webhook_path("batch"),
        "application/json",
        body.as_bytes(),
        "",
    );
    assert_eq!(reply.status, 200);
    let answer = reply.json();
    let result = &answer["result"];
    let chat = result["result"]["new"].as_u64().unwrap();
    let message = result["result"]["add"].as_u64().unwrap();
    assert_eq!(sandbox.snapshot().message(message).unwrap().dialog_id, format!("chat{chat}"));
    assert_eq!(result["result_error"]["bad"]["error"], "ERROR_METHOD_NOT_FOUND");
    assert_eq!(result["result_total"], json!({"list": 2}));
    assert_eq!(result["result_next"], json!([]));
    assert_eq!(result["result_time"].as_object().unwrap().len(), 4);
    assert!(answer["time"].is_object());
}

#[test]
fn batch_halts_refuses_nesting_and_long_lists_and_counts_once() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.set_bucket(10, 0.0);
    let halted = ok(
        &sandbox,
        "batch",
        json!({"halt": 1, "cmd": {"a": "im.message.update?MESSAGE_ID=0", "b": "im.message.add?DIALOG_ID=1&MESSAGE=x"}}),
    );
    assert_eq!(halted["result"], json!([]));
    assert_eq!(halted["result_error"]["a"]["error"], "MESSAGE_ID_ERROR");
    assert_eq!(sandbox.message_count(), 0);
    let nested = ok(
        &sandbox,
        "batch",
        json!({"cmd": {"n": "batch?cmd[x]=server.time", "u": "disk.folder.uploadfile?id=1"}}),
    );
    assert_eq!(nested["result_error"]["n"]["error"], "ERROR_BATCH_METHOD_NOT_ALLOWED");
    assert_eq!(nested["result_error"]["u"]["error"], "ERROR_BATCH_METHOD_NOT_ALLOWED");
    assert_eq!(sandbox.accepted_requests(), 2);

    let cmd: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("c{i}"), json!("server.time"))).collect();
    let refused = call(&sandbox, "batch", json!({"cmd": cmd}));
    assert_eq!((refused.status, refused.error_code().as_str()), (400, "ERROR_BATCH_LENGTH_EXCEEDED"));

    let form = "halt=0&cmd[t]=server.time&cmd[s]=im.user.status.get";
    let reply = Client::connect(&sandbox).request(
        "POST",
        &webhook_path("batch"),
        "application/x-www-form-urlencoded",
        form.as_bytes(),
        "",
    );
    assert_eq!(reply.json()["result"]["result"]["s"], "online");
}

#[test]
fn oauth_code_exchange_and_rotating_refresh() {
    let sandbox = Sandbox::start().unwrap();
    let code_query = format!(
        "grant_type=authorization_code&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&code={AUTH_CODE}"
    );
    let granted = token_request(&sandbox, &code_query);
    assert_eq!(granted.status, 200);
    let tokens = granted.json();
    assert_eq!(tokens["client_endpoint"], format!("{}rest/", sandbox.portal_url()));
    assert_eq!(
        (tokens["user_id"].clone(), tokens["expires_in"].clone(), tokens["scope"].clone()),
        (json!(1), json!(3600), json!("app"))
    );
    for key in
        ["access_token", "refresh_token", "expires", "domain", "server_endpoint", "status", "member_id"]
    {
        assert!(!tokens[key].is_null(), "{key}");
    }
    assert_eq!(token_request(&sandbox, &code_query).error_code(), "invalid_grant");

    let access = tokens["access_token"].as_str().unwrap();
    let rest =
        Client::connect(&sandbox).request("GET", &format!("/rest/server.time?auth={access}"), "", b"", "");
    assert_eq!(rest.status, 200);

    let old_refresh = tokens["refresh_token"].as_str().unwrap();
    let refreshed = token_request(&sandbox, &refresh_query(old_refresh)).json();
    let new_refresh = refreshed["refresh_token"].as_str().unwrap();
    assert_ne!(new_refresh, old_refresh);
    assert_eq!(token_request(&sandbox, &refresh_query(old_refresh)).json()["error"], "invalid_grant");
    // The same grant as a POST form, which keeps the secret out of URLs.
    let form = refresh_query(new_refresh);
    let posted = Client::connect(&sandbox).request(
        "POST",
        "/oauth/token/",
        "application/x-www-form-urlencoded",
        form.as_bytes(),
        "",
    );
    assert_eq!(posted.status, 200);
    assert_eq!(sandbox.refreshes(), 2);
    assert_eq!(sandbox.code_exchanges(), 1);

    let wrong = token_request(&sandbox, &refresh_query(new_refresh).replace(CLIENT_SECRET, "nope"));
    assert_eq!((wrong.status, wrong.error_code().as_str()), (401, "invalid_client"));
}

#[test]
fn issued_tokens_expire_on_request_and_by_lifetime() {
    let sandbox = Sandbox::start().unwrap();
    let pair = sandbox.issue_tokens();
    let server_time = |token: &str| {
        Client::connect(&sandbox).request("GET", &format!("/rest/server.time?auth={token}"), "", b"", "")
    };
    assert_eq!(server_time(&pair.access_token).status, 200);
    sandbox.expire_access_tokens();
    let expired = server_time(&pair.access_token);
    assert_eq!((expired.status, expired.error_code().as_str()), (401, "expired_token"));
    assert_eq!(server_time(TOKEN).status, 200);
    let refreshed = token_request(&sandbox, &refresh_query(&pair.refresh_token)).json();
    assert_eq!(server_time(refreshed["access_token"].as_str().unwrap()).status, 200);

    sandbox.set_token_lifetime(Duration::from_millis(200));
    let short = sandbox.issue_tokens();
    assert_eq!(server_time(&short.access_token).status, 200);
    thread::sleep(Duration::from_millis(250));
    assert_eq!(server_time(&short.access_token).error_code(), "expired_token");
    let code = sandbox.new_auth_code();
    let query = format!(
        "grant_type=authorization_code&client_id={CLIENT_ID}&client_secret={CLIENT_SECRET}&code={code}"
    );
    assert_eq!(token_request(&sandbox, &query).status, 200);
}

#[test]
fn leaky_bucket_refuses_with_503_and_counts() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.set_bucket(3, 0.0);
    let mut client = Client::connect(&sandbox);
    let statuses: Vec<u16> =
        (0..5).map(|_| client.request("GET", &webhook_path("server.time"), "", b"", "").status).collect();
    assert_eq!(statuses, [200, 200, 200, 503, 503]);
    let refused = client.request("GET", &webhook_path("server.time"), "", b"", "");
    assert_eq!(
        refused.json(),
        json!({"error": "QUERY_LIMIT_EXCEEDED", "error_description": "Too many requests"})
    );
    assert_eq!((sandbox.accepted_requests(), sandbox.refusals()), (3, 3));
    sandbox.set_bucket(1, 20.0);
    assert_eq!(client.request("GET", &webhook_path("server.time"), "", b"", "").status, 200);
    assert_eq!(client.request("GET", &webhook_path("server.time"), "", b"", "").status, 503);
    thread::sleep(Duration::from_millis(80));
    assert_eq!(client.request("GET", &webhook_path("server.time"), "", b"", "").status, 200);
    sandbox.no_bucket();
    assert!((0..10).all(|_| client.request("GET", &webhook_path("server.time"), "", b"", "").status == 200));
}

#[test]
fn operating_budget_shows_in_time_and_blocks_with_429() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.set_operating(1.0, Duration::from_millis(600), 0.4);
    let mut client = Client::connect(&sandbox);
    let time = |client: &mut Client| client.request("GET", &webhook_path("server.time"), "", b"", "");
    let first = time(&mut client).json()["time"].clone();
    assert_eq!(first["operating"], 0.4);
    assert!(first["operating_reset_at"].as_i64().unwrap() >= first["start"].as_i64().unwrap());
    assert!((time(&mut client).json()["time"]["operating"].as_f64().unwrap() - 0.8).abs() < 1e-9);
    assert_eq!(time(&mut client).status, 200);
    let blocked = time(&mut client);
    assert_eq!((blocked.status, blocked.error_code().as_str()), (429, "OPERATION_TIME_LIMIT"));
    assert_eq!(sandbox.operating_refusals(), 1);
    let other = client.post_json(&webhook_path("im.user.status.get"), &json!({}));
    assert_eq!(other.status, 200, "other methods have their own budget");
    thread::sleep(Duration::from_millis(650));
    assert_eq!(time(&mut client).status, 200);

    sandbox.no_operating();
    assert_eq!(time(&mut client).json()["time"]["operating"], 0);
}

#[test]
fn idle_keep_alive_connections_are_closed_silently() {
    let sandbox = Sandbox::start().unwrap();
    sandbox.close_idle_after(Duration::from_millis(150));
    let mut client = Client::connect(&sandbox);
    assert_eq!(client.request("GET", &webhook_path("server.time"), "", b"", "").status, 200);
    let waited = Instant::now();
    assert!(client.server_closed(), "the server closes without sending anything");
    assert!(waited.elapsed() >= Duration::from_millis(100), "{:?}", waited.elapsed());
    let deadline = Instant::now() + Duration::from_secs(2);
    while sandbox.open_connections() > 0 && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(sandbox.open_connections(), 0);

    // A busy connection is not idle: requests 100 ms apart keep it open.
    let mut busy = Client::connect(&sandbox);
    for _ in 0..4 {
        assert_eq!(busy.request("GET", &webhook_path("server.time"), "", b"", "").status, 200);
        thread::sleep(Duration::from_millis(100));
    }
    sandbox.close_idle_after(Duration::ZERO);
    let mut lasting = Client::connect(&sandbox);
    thread::sleep(Duration::from_millis(300));
    assert_eq!(lasting.request("GET", &webhook_path("server.time"), "", b"", "").status, 200);
}
