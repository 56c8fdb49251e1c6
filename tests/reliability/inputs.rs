//! (issue 11) inputs: files whose bytes are exactly the checked size, the im.v2 upload probe,
//! exact ids, a bounded input, duplicate keys, and answers with a BOM, each through the C ABI
//! against the sandbox or a small hostile server of the test's own.

use std::ffi::CString;
use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bitrix24_ffi::sandbox::Sandbox;
use serde_json::{json, Value};

use super::common::{self, error_code, ffi};

fn sandbox() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    common::without_limits(&sandbox);
    sandbox
}

/// Calls `b24_invoke` with raw JSON text and returns the answer text as the library wrote it.
fn invoke_text(function: &str, input: &str) -> String {
    let function = CString::new(function).unwrap();
    let input = CString::new(input).unwrap();
    // SAFETY: two NUL-terminated texts that outlive the call.
    common::take(unsafe { ffi::b24_invoke(function.as_ptr(), input.as_ptr()) })
}

fn parsed(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {text}"))
}

/// A file in the temporary folder, removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(tag: &str) -> TempFile {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        TempFile(std::env::temp_dir().join(format!("b24-inputs-{tag}-{}-{nanos}", std::process::id())))
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// One request as a hostile server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    body: String,
}

/// Reads a request head; returns it and the declared Content-Length.
fn read_head(reader: &mut BufReader<TcpStream>) -> Option<(String, usize)> {
    let head = common::read_head(reader)?;
    let length = common::content_length(&head);
    Some((head, length))
}

fn respond(stream: &mut TcpStream, status: u16, body: &[u8]) {
    let head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(body);
}

/// A portal on loopback that answers each request with `reply(seen)` (status, body) and records
/// what it got; one connection a request. Stops with the test process.
fn hostile(reply: impl Fn(&Seen) -> (u16, Vec<u8>) + Send + 'static) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let Some((head, length)) = read_head(&mut reader) else { continue };
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                continue;
            }
            let path = head.split_whitespace().nth(1).unwrap_or_default().to_string();
            let request = Seen { path, body: String::from_utf8_lossy(&body).into_owned() };
            let (status, answer) = reply(&request);
            record.lock().unwrap().push(request);
            respond(&mut stream, status, &answer);
        }
    });
    (format!("http://127.0.0.1:{port}/rest/1/hostilecode/"), seen)
}

fn methods(seen: &Arc<Mutex<Vec<Seen>>>) -> Vec<String> {
    seen.lock().unwrap().iter().map(|s| s.path.rsplit('/').next().unwrap().to_string()).collect()
}

fn is_probe(seen: &Seen) -> bool {
    seen.path.ends_with("im.v2.File.upload") && seen.body.contains("\"content\":\"\"")
}

// ---------------------------------------------------------------- files

#[test]
fn a_fifo_is_refused_at_once_without_blocking() {
    let fifo = TempFile::new("fifo");
    let path = CString::new(fifo.path()).unwrap();
    // SAFETY: a NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(path.as_ptr(), 0o600) }, 0);
    let (url, seen) = hostile(|_| (200, br#"{"result":true}"#.to_vec()));
    let started = Instant::now();
    let answer =
        parsed(&invoke_text("SendFile", &json!({"url": url, "chat": 5, "file": fifo.path()}).to_string()));
    assert!(started.elapsed() < Duration::from_secs(2), "refused promptly");
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
    assert_eq!(answer["parameter"], "file", "{answer}");
    assert!(seen.lock().unwrap().is_empty(), "nothing was sent");
}

/// A portal with im.v2.File.upload whose upload endpoint reads the head, tells the test, waits
/// for its word, then reads what arrives.
struct SlowUpload {
    url: String,
    head_seen: mpsc::Receiver<()>,
    go: mpsc::Sender<()>,
    /// (Content-Length, bytes received).
    report: mpsc::Receiver<(usize, usize)>,
}

fn slow_upload_portal() -> SlowUpload {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (head_seen, head_rx) = mpsc::channel();
    let (go_tx, go) = mpsc::channel::<()>();
    let (report, report_rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(4) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let Some((head, length)) = read_head(&mut reader) else { continue };
            if length < 1000 {
                // The probe: the portal has the method and refuses the empty file.
                let mut body = vec![0; length];
                let _ = reader.read_exact(&mut body);
                respond(&mut stream, 400, br#"{"error":"FILE_EMPTY","error_description":"x"}"#);
                continue;
            }
            let _ = head;
            head_seen.send(()).unwrap();
            let _ = go.recv_timeout(Duration::from_secs(10));
            stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
            let mut received = 0usize;
            let mut buffer = vec![0u8; 1 << 16];
            while received < length {
                match reader.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => received += n,
                }
            }
            if received >= length {
                respond(&mut stream, 200, br#"{"result":{"file":{"id":1}}}"#);
            }
            report.send((length, received)).unwrap();
            return;
        }
    });
    SlowUpload {
        url: format!("http://127.0.0.1:{port}/rest/1/hostilecode/"),
        head_seen: head_rx,
        go: go_tx,
        report: report_rx,
    }
}

fn file_changed_while_sent(change: impl FnOnce(&std::path::Path)) {
    let file = TempFile::new("changing");
    // Large enough that the socket buffers hold only part of it when the server stalls.
    std::fs::write(&file.0, vec![b'a'; 24 * 1024 * 1024 + 1]).unwrap();
    let SlowUpload { url, head_seen, go, report } = slow_upload_portal();
    let input = json!({"url": url, "chat": 5, "file": file.path()}).to_string();
    let caller = std::thread::spawn(move || invoke_text("SendFile", &input));
    head_seen.recv_timeout(Duration::from_secs(10)).expect("the upload began");
    change(&file.0);
    go.send(()).unwrap();
    let answer = parsed(&caller.join().unwrap());
    let (length, received) = report.recv_timeout(Duration::from_secs(10)).unwrap();
    assert!(received < length, "the server got a complete body ({received} of {length}): {answer}");
    assert_eq!(error_code(&answer), "B24_INVALID_PARAMETER", "{answer}");
    assert_eq!(answer["parameter"], "file", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains("changed while"), "{answer}");
}

#[test]
fn a_file_that_shrinks_while_sent_fails_locally_and_no_complete_body_arrives() {
    file_changed_while_sent(|path| {
        std::fs::OpenOptions::new().write(true).open(path).unwrap().set_len(1024 * 1024).unwrap();
    });
}

#[test]
fn a_file_that_grows_while_sent_fails_locally_and_no_complete_body_arrives() {
    file_changed_while_sent(|path| {
        let mut file = std::fs::OpenOptions::new().append(true).open(path).unwrap();
        file.write_all(&[b'b'; 4096]).unwrap();
    });
}

// ---------------------------------------------------------------- the im.v2 probe

/// A portal whose probe answers as `probe` says (None: the method works), and whose disk path
/// (folder, upload, commit) works.
fn probing_portal(
    probe: impl Fn(usize) -> Option<(u16, Vec<u8>)> + Send + 'static,
) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let probes = Mutex::new(0usize);
    hostile(move |seen| {
        let method = seen.path.rsplit('/').next().unwrap();
        if is_probe(seen) {
            let mut count = probes.lock().unwrap();
            *count += 1;
            if let Some(answer) = probe(*count) {
                return answer;
            }
            return (200, br#"{"result":{"file":{"id":0}}}"#.to_vec());
        }
        match method {
            "im.v2.File.upload" => (200, br#"{"result":{"file":{"id":9},"messageId":3}}"#.to_vec()),
            "im.disk.folder.get" => (200, br#"{"result":{"ID":41}}"#.to_vec()),
            "disk.folder.uploadfile" => (200, br#"{"result":{"ID":77}}"#.to_vec()),
            "im.disk.file.commit" => (200, br#"{"result":true}"#.to_vec()),
            _ => (404, br#"{"error":"ERROR_METHOD_NOT_FOUND"}"#.to_vec()),
        }
    })
}

fn send_base64_file(url: &str, content: &str) -> Value {
    parsed(&invoke_text(
        "SendFile",
        &json!({"url": url, "chat": 5, "file": {"name": "a.txt", "base64": common::base64(content.as_bytes())}})
            .to_string(),
    ))
}

#[test]
fn an_unclear_probe_answer_is_not_remembered_and_the_call_uses_the_disk() {
    let unclear: Vec<(u16, Vec<u8>)> = vec![
        (500, br#"{"error":"INTERNAL_SERVER_ERROR","error_description":"x"}"#.to_vec()),
        (403, br#"{"error":"ACCESS_DENIED","error_description":"x"}"#.to_vec()),
        (502, b"<html>bad gateway</html>".to_vec()),
    ];
    for answer in unclear {
        let shown = String::from_utf8_lossy(&answer.1).into_owned();
        let (url, seen) = probing_portal(move |_| Some(answer.clone()));
        for _ in 0..2 {
            let result = send_base64_file(&url, "hello");
            assert_eq!(result, json!({"result": true}), "{shown}: fell back to the disk");
        }
        let methods = methods(&seen);
        let probes = seen.lock().unwrap().iter().filter(|s| is_probe(s)).count();
        assert_eq!(probes, 2, "{shown}: asked again on the second call: {methods:?}");
        let uploads =
            seen.lock().unwrap().iter().filter(|s| s.body.contains(&common::base64(b"hello"))).count();
        assert_eq!(uploads, 2, "{shown}: the file went once per call: {methods:?}");
    }
}

#[test]
fn a_clear_probe_answer_is_remembered() {
    // FILE_EMPTY: the portal has the method; asked once, the file goes to im.v2.
    let (url, seen) = probing_portal(|_| Some((400, br#"{"error":"FILE_EMPTY"}"#.to_vec())));
    for _ in 0..2 {
        assert!(send_base64_file(&url, "hi")["result"]["messageId"].is_u64());
    }
    assert_eq!(methods(&seen), ["im.v2.File.upload"; 3], "one probe, two uploads");
    // ERROR_METHOD_NOT_FOUND: the portal has not; asked once, the file goes to the disk.
    let (url, seen) = probing_portal(|_| Some((404, br#"{"error":"ERROR_METHOD_NOT_FOUND"}"#.to_vec())));
    for _ in 0..2 {
        assert_eq!(send_base64_file(&url, "hi"), json!({"result": true}));
    }
    let probes = seen.lock().unwrap().iter().filter(|s| is_probe(s)).count();
    assert_eq!(probes, 1, "{:?}", methods(&seen));
}

#[test]
fn an_accepted_probe_is_remembered_and_the_file_is_posted_once() {
    let (url, seen) = probing_portal(|_| None);
    let answer = send_base64_file(&url, "only once");
    assert!(answer["result"]["messageId"].is_u64(), "{answer}");
    let encoded = common::base64(b"only once");
    let posts = seen.lock().unwrap().iter().filter(|s| s.body.contains(&encoded)).count();
    assert_eq!(posts, 1, "{:?}", methods(&seen));
    send_base64_file(&url, "again");
    assert_eq!(seen.lock().unwrap().iter().filter(|s| is_probe(s)).count(), 1);
}

// ---------------------------------------------------------------- ids

#[test]
fn whole_numbers_written_as_floats_reach_the_portal_exactly() {
    let sandbox = sandbox();
    let url = sandbox.webhook_url();
    // Spread over [1e15, 9e15), with the neighbours of 2^52 and numbers that round badly.
    let mut ids: Vec<u64> =
        (0..200u64).map(|i| 1_000_000_000_000_000 + i * 39_999_999_999_999 + i % 7).collect();
    ids.extend([4_503_599_627_370_495, 4_503_599_627_370_496, 4_503_599_627_370_497, 8_999_999_999_999_999]);
    ids.extend([1_000_000_000_000_001, 2_251_799_813_685_249, 7_205_759_403_792_793]);
    for id in &ids {
        let input = format!(r#"{{"url": "{url}", "message": {id}.0}}"#);
        invoke_text("DeleteMessage", &input);
    }
    let sent: Vec<String> =
        sandbox.requests().iter().map(|r| r.fields["MESSAGE_ID"].as_str().unwrap().to_string()).collect();
    let wanted: Vec<String> = ids.iter().map(u64::to_string).collect();
    assert_eq!(sent, wanted);
}

#[test]
fn integers_beyond_2_53_are_sent_exactly_and_inexact_numbers_are_refused() {
    let sandbox = sandbox();
    let url = sandbox.webhook_url();
    for exact in ["9007199254740993", "18446744073709551615"] {
        let answer =
            parsed(&invoke_text("DeleteMessage", &format!(r#"{{"url": "{url}", "message": {exact}}}"#)));
        assert_ne!(error_code(&answer), "B24_INVALID_PARAMETER", "{exact}: {answer}");
        let users =
            invoke_text("AddUsersToChat", &format!(r#"{{"url": "{url}", "chat": 1, "users": [{exact}]}}"#));
        assert_ne!(error_code(&parsed(&users)), "B24_INVALID_PARAMETER", "{exact}: {users}");
    }
    let requests = sandbox.requests();
    let sent: Vec<Value> = requests
        .iter()
        .map(|r| r.fields.get("MESSAGE_ID").or(r.fields.get("USERS")).cloned().unwrap())
        .collect();
    assert_eq!(
        sent,
        [
            json!("9007199254740993"),
            json!(["9007199254740993"]),
            json!("18446744073709551615"),
            json!(["18446744073709551615"])
        ]
    );
    sandbox.clear();
    for inexact in [
        "18446744073709551616",
        "9007199254740993.0",
        "4503599627370497.5",
        "4503599627370497.25e0",
        "45035996273704975e-1",
        "1.0e16",
    ] {
        let answer =
            parsed(&invoke_text("DeleteMessage", &format!(r#"{{"url": "{url}", "message": {inexact}}}"#)));
        assert_eq!(answer["parameter"], "message", "{inexact}: {answer}");
        let users = format!(r#"{{"url": "{url}", "chat": 1, "users": "[1, {inexact}]"}}"#);
        let answer = parsed(&invoke_text("AddUsersToChat", &users));
        assert_eq!(answer["parameter"], "users", "{inexact}: {answer}");
    }
    assert!(sandbox.requests().is_empty(), "nothing inexact was sent");
}

// ---------------------------------------------------------------- input size

/// The most memory this process has held so far, in bytes.
fn peak_rss() -> u64 {
    // SAFETY: getrusage fills a struct owned here.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    usage.ru_maxrss as u64 * 1024
}

#[test]
fn a_hundred_megabytes_of_ids_is_refused_promptly_in_bounded_memory() {
    let (url, seen) = hostile(|_| (200, br#"{"result":true}"#.to_vec()));
    let mut text = format!(r#"{{"url": "{url}", "chat": 1, "users": ["#).into_bytes();
    text.extend_from_slice(&b"1,".repeat(50 * 1024 * 1024));
    text.extend_from_slice(b"1]}");
    let input = CString::new(text).unwrap();
    let function = CString::new("AddUsersToChat").unwrap();
    let before = peak_rss();
    let started = Instant::now();
    // SAFETY: two NUL-terminated texts that outlive the call.
    let answer = parsed(&common::take(unsafe { ffi::b24_invoke(function.as_ptr(), input.as_ptr()) }));
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(error_code(&answer), "B24_INVALID_INPUT", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains("at most 8388608 bytes"), "{answer}");
    let grown = peak_rss().saturating_sub(before);
    assert!(grown < 64 * 1024 * 1024, "the peak memory grew by {grown} bytes");
    assert!(seen.lock().unwrap().is_empty());
}

// ---------------------------------------------------------------- duplicate keys

#[test]
fn duplicate_keys_are_refused_naming_the_key_never_last_wins() {
    let sandbox = sandbox();
    let url = sandbox.webhook_url();
    let top = format!(r#"{{"url": "{url}", "chat": "chat1", "text": "first", "text": "second"}}"#);
    let answer = parsed(&invoke_text("SendMessage", &top));
    assert_eq!(error_code(&answer), "B24_INVALID_INPUT", "{answer}");
    assert!(answer["error_description"].as_str().unwrap().contains("'text'"), "{answer}");
    // Deeper too: in blocks, in blocks given as JSON text, and in raw params of Call.
    let nested = [
        (
            "SendMessage",
            format!(r#"{{"url": "{url}", "chat": "chat1", "blocks": [{{"MESSAGE": "a", "MESSAGE": "b"}}]}}"#),
        ),
        (
            "SendMessage",
            format!(r#"{{"url": "{url}", "chat": "chat1", "blocks": "[{{\"LINK\": 1, \"LINK\": 2}}]"}}"#),
        ),
        (
            "Call",
            format!(
                r#"{{"url": "{url}", "method": "im.message.add", "params": {{"A": {{"B": 1, "B": 2}}}}}}"#
            ),
        ),
    ];
    for (function, input) in nested {
        let answer = parsed(&invoke_text(function, &input));
        assert!(
            matches!(error_code(&answer), "B24_INVALID_INPUT" | "B24_INVALID_PARAMETER"),
            "{input}: {answer}"
        );
        assert!(answer["error_description"].as_str().unwrap().contains("twice"), "{input}: {answer}");
    }
    assert!(sandbox.requests().is_empty(), "nothing was sent");
}

// ---------------------------------------------------------------- answers

#[test]
fn an_answer_with_a_bom_is_read_as_json_and_handed_back_without_it() {
    let bom = |text: &str| [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
    let (url, seen) = hostile(move |seen| {
        let method = seen.path.rsplit('/').next().unwrap().to_string();
        match method.as_str() {
            "server.time" => (200, bom(r#"{"result":"2026-01-01T00:00:00+00:00"}"#)),
            "im.v2.File.upload" => (404, bom(r#"{"error":"ERROR_METHOD_NOT_FOUND"}"#)),
            "im.disk.folder.get" => (200, bom(r#"{"result":{"ID":41}}"#)),
            "disk.folder.uploadfile" => (200, bom(r#"{"result":{"ID":77}}"#)),
            _ => (200, bom(r#"{"result":true}"#)),
        }
    });
    let answer = invoke_text("Call", &json!({"url": url, "method": "server.time"}).to_string());
    assert_eq!(answer, r#"{"result":"2026-01-01T00:00:00+00:00"}"#);
    // The error code of the probe and the folder's id are read through the BOM.
    let answer = send_base64_file(&url, "x");
    assert_eq!(answer, json!({"result": true}));
    let uploads = seen.lock().unwrap().iter().filter(|s| s.path.ends_with("disk.folder.uploadfile")).count();
    assert_eq!(uploads, 1, "{:?}", methods(&seen));
    assert!(seen.lock().unwrap().iter().any(|s| s.body.contains("\"id\":41")), "{:?}", seen.lock().unwrap());
}

#[test]
fn answers_with_lone_surrogates_or_duplicate_keys_pass_through_byte_for_byte() {
    let bodies = [
        r#"{"result":{"NAME":"\ud800 half","TEXT":"\udc00"},"time":{"start":1}}"#,
        r#"{"result":{"ID":1,"ID":2},"result":3}"#,
    ];
    for body in bodies {
        let (url, _) = hostile(move |_| (200, body.as_bytes().to_vec()));
        let answer = invoke_text("Call", &json!({"url": url, "method": "user.get"}).to_string());
        assert_eq!(answer, body);
    }
}
