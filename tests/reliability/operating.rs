//! (issue 11) The operating-time ledger and retries, and the earlier findings still open: a
//! portal (or a clock) that answers OPERATION_TIME_LIMIT with any reset, QUERY_LIMIT_EXCEEDED
//! forever, or a ledger-like field inside `result` never makes one call send more than a
//! handful of requests nor hold a method for hours; secrets echoed with Unicode case changes,
//! and a proxy from the environment, are redacted; a connect or TLS handshake that never
//! completes is "nothing was sent".

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bitrix24_ffi::rest::redact;
use serde_json::{json, Value};

use super::common::{call, error_code, ffi};

/// Selects what a child process started by [`spawn_child`] does; unset in ordinary runs.
const CHILD_MODE: &str = "B24_OPERATING_CHILD";

const CODE: &str = "k3yOperating0xA1";

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64()
}

/// A portal on loopback that answers every request with what `reply` makes of its number
/// (0 for the first), over keep-alive connections, and counts what it received. It stops
/// accepting when dropped.
struct Hostile {
    port: u16,
    received: Arc<AtomicUsize>,
    stop: Arc<AtomicBool>,
}

type Reply = dyn Fn(usize) -> (u16, String) + Send + Sync;

impl Hostile {
    fn start(reply: impl Fn(usize) -> (u16, String) + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let reply: Arc<Reply> = Arc::new(reply);
        let (counter, stopped) = (received.clone(), stop.clone());
        std::thread::spawn(move || {
            while !stopped.load(Ordering::Relaxed) {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let (counter, reply, stopped) = (counter.clone(), reply.clone(), stopped.clone());
                        std::thread::spawn(move || serve(stream, &counter, &*reply, &stopped));
                    }
                    Err(_) => std::thread::sleep(Duration::from_millis(2)),
                }
            }
        });
        Hostile { port, received, stop }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/rest/1/{CODE}/", self.port)
    }

    fn received(&self) -> usize {
        self.received.load(Ordering::SeqCst)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn serve(stream: TcpStream, counter: &AtomicUsize, reply: &Reply, stop: &AtomicBool) {
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut stream = stream;
    while !stop.load(Ordering::Relaxed) {
        let mut length = 0usize;
        let mut first = true;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" && !first {
                break;
            }
            first = false;
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let number = counter.fetch_add(1, Ordering::SeqCst);
        let (status, text) = reply(number);
        let head = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            text.len()
        );
        if stream.write_all(head.as_bytes()).and_then(|_| stream.write_all(text.as_bytes())).is_err() {
            return;
        }
    }
}

fn send(url: &str, timeout: f64) -> Value {
    call(
        ffi::b24_send_message,
        &json!({"url": url, "chat": "chat1", "text": "x", "timeout": timeout, "rate_limit": "off"}),
    )
}

fn operation_time_limit(time: Value) -> (u16, String) {
    let body = json!({
        "error": "OPERATION_TIME_LIMIT",
        "error_description": "Method is blocked due to operation time limit.",
        "time": time,
    });
    (429, body.to_string())
}

// --- the operating-time ledger and retries ----------------------------------------------------

#[test]
fn a_portal_that_always_refuses_gets_a_handful_of_requests_per_call() {
    // Each refusal, forever, whatever its reset says. Today a reset in the past (the portal's
    // clock behind ours) or a negative one meant "send again at once": thousands of requests.
    let start = now();
    let cases: Vec<(&str, Value)> = vec![
        ("reset in the past", json!({"start": start - 7200.0, "operating_reset_at": start - 7190.0})),
        ("reset before start", json!({"start": start, "operating_reset_at": start - 30.0})),
        ("reset at zero", json!({"start": start, "operating_reset_at": 0})),
        ("reset negative", json!({"start": start, "operating_reset_at": -5})),
        ("reset absent", json!({"start": start})),
        ("no time at all", Value::Null),
        ("reset huge", json!({"start": start, "operating_reset_at": 1e300})),
    ];
    let mut runs = Vec::new();
    for (name, time) in cases {
        runs.push(std::thread::spawn(move || {
            let time = time.clone();
            let server = Hostile::start(move |_| match &time {
                Value::Null => (429, r#"{"error":"OPERATION_TIME_LIMIT","error_description":"x"}"#.into()),
                time => operation_time_limit(time.clone()),
            });
            let began = Instant::now();
            let answer = send(&server.url(), 3.0);
            (name, answer, server.received(), began.elapsed())
        }));
    }
    // And one that refuses with QUERY_LIMIT_EXCEEDED forever.
    runs.push(std::thread::spawn(|| {
        let server = Hostile::start(|_| {
            (503, r#"{"error":"QUERY_LIMIT_EXCEEDED","error_description":"Too many"}"#.into())
        });
        let began = Instant::now();
        let answer = send(&server.url(), 3.0);
        ("query limit", answer, server.received(), began.elapsed())
    }));
    for run in runs {
        let (name, answer, received, took) = run.join().unwrap();
        assert!((1..=5).contains(&received), "{name}: {received} requests for one call");
        assert!(took < Duration::from_millis(3600), "{name}: {took:?}");
        let code = error_code(&answer);
        assert!(
            ["OPERATION_TIME_LIMIT", "QUERY_LIMIT_EXCEEDED"].contains(&code),
            "{name}: the portal's last answer as it came: {answer}"
        );
    }
}

#[test]
fn a_reset_is_read_against_the_answers_own_clock() {
    // The portal's clock is two hours ahead of ours: its reset, one second after its start,
    // is one second away, not two hours. Today the call gave up at once.
    let server = Hostile::start(|number| match number {
        0 => {
            let start = now() + 7200.0;
            operation_time_limit(json!({"start": start, "operating_reset_at": start + 1.0}))
        }
        _ => (200, json!({"result": 7, "time": {"start": now() + 7200.0}}).to_string()),
    });
    let began = Instant::now();
    let answer = send(&server.url(), 8.0);
    assert_eq!(answer["result"], 7, "{answer}");
    assert_eq!(server.received(), 2);
    assert!(began.elapsed() >= Duration::from_millis(900), "rested until the reset: {:?}", began.elapsed());

    // The same for the ledger: a method near its budget whose portal clock is hours behind
    // rests until the reset by the answer's clock (a second), not hours, nor not at all.
    let behind = Hostile::start(|_| {
        let start = now() - 7200.0;
        (200, json!({"result": 8, "time": {"start": start, "operating": 479, "operating_reset_at": start + 1.0}}).to_string())
    });
    assert_eq!(send(&behind.url(), 5.0)["result"], 8);
    let began = Instant::now();
    let answer = send(&behind.url(), 5.0);
    assert_eq!(answer["result"], 8, "{answer}");
    assert!(began.elapsed() >= Duration::from_millis(700), "held until the reset: {:?}", began.elapsed());
    let ahead = Hostile::start(|_| {
        let start = now() + 7200.0;
        (200, json!({"result": 9, "time": {"start": start, "operating": 479, "operating_reset_at": start + 1.0}}).to_string())
    });
    assert_eq!(send(&ahead.url(), 5.0)["result"], 9);
    let answer = send(&ahead.url(), 5.0);
    assert_eq!(answer["result"], 9, "held a second, not two hours: {answer}");
    assert_eq!(ahead.received(), 2);
}

#[test]
fn fields_named_like_the_ledger_inside_the_result_are_not_the_ledger() {
    let server = Hostile::start(|_| {
        let start = now();
        let body = json!({
            "time": {"start": start, "finish": start + 0.01},
            "result": {"operating": 479, "operating_reset_at": 4_102_444_800u64, "text": "\"operating\": 479"},
        });
        (200, body.to_string())
    });
    for _ in 0..3 {
        let answer = send(&server.url(), 2.0);
        assert_eq!(answer["result"]["operating"], 479, "{answer}");
    }
    assert_eq!(server.received(), 3, "no call was held back");
}

// --- earlier findings: secrets, the environment's proxy, connects that never complete -------

/// A server that answers one request with a page echoing `echo`, not JSON.
fn echoing(echo: String) -> Hostile {
    Hostile::start(move |_| (500, format!("<html>token {echo} refused</html>")))
}

#[test]
fn a_secret_echoed_with_unicode_case_changes_is_removed() {
    for (token, echo) in [
        ("straßenTOKEN42", "STRASSENTOKEN42".to_string()),
        ("ıstanbulTOKEN42", "ISTANBULtoken42".to_string()),
        ("токенСекрет42", "токенСекрет42".to_uppercase()),
        ("ТОКЕНсекрет42", "ТОКЕНсекрет42".to_lowercase()),
        ("ςσΣtokenFinal9", "ΣΣΣTOKENFINAL9".to_string()),
    ] {
        let server = echoing(echo.clone());
        let url = format!("http://127.0.0.1:{}/", server.port);
        let answer =
            call(ffi::b24_send_message, &json!({"url": url, "token": token, "chat": "c", "text": "x"}));
        assert_eq!(server.received(), 1);
        assert_eq!(error_code(&answer), "B24_BAD_ANSWER", "{answer}");
        let text = answer.to_string();
        assert!(!text.contains(&echo), "{token} echoed as {echo}: {text}");
        assert!(text.contains("token *** refused"), "{text}");
    }
}

/// Runs one test of this binary in a child process with `env` set and `CHILD_MODE` set.
fn spawn_child(test: &str, env: &[(&str, String)]) -> std::process::Output {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(CHILD_MODE, "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for key in ["HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"] {
        command.env_remove(key);
    }
    command.env_remove("NO_PROXY").env_remove("no_proxy");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("the test binary runs as a child")
}

/// A proxy that echoes every credential it got, in every form: first refusing with 407, then
/// with an error page of its own.
fn echoing_proxy(seen: Arc<Mutex<Vec<String>>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for (number, stream) in listener.incoming().take(2).flatten().enumerate() {
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let head = super::common::read_head(&mut reader).unwrap_or_default();
            seen.lock().unwrap().push(head.clone());
            let credentials = head
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("proxy-authorization"))
                .unwrap_or_default();
            let page = format!("denied: {credentials} for agent7x with envsecret9");
            let status = ["407 Proxy Authentication Required", "502 Bad Gateway"][number];
            let mut stream = stream;
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
        }
    });
    port
}

#[test]
fn a_proxy_from_the_environment_is_redacted_like_the_proxy_key() {
    if std::env::var_os(CHILD_MODE).is_some() {
        return;
    }
    for variable in ["HTTP_PROXY", "http_proxy", "ALL_PROXY"] {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let port = echoing_proxy(seen.clone());
        let proxy = format!("http://agent7x:envsecret9@127.0.0.1:{port}");
        let output =
            spawn_child("operating::child_calls_through_the_environments_proxy", &[(variable, proxy)]);
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success() && stdout.contains("1 passed"), "{variable}: {stdout}");
        let heads = seen.lock().unwrap().join("");
        assert!(heads.to_ascii_lowercase().contains("proxy-authorization: basic"), "{variable}: {heads}");
        let answers: Vec<Value> = stdout
            .lines()
            .filter_map(|l| l.split_once("ANSWER ").map(|(_, a)| serde_json::from_str(a).unwrap()))
            .collect();
        assert_eq!(answers.len(), 2, "{stdout}");
        for answer in &answers {
            for secret in ["envsecret9", "YWdlbnQ3eDplbnZzZWNyZXQ5", "agent7x"] {
                assert!(!redact::contains(&answer.to_string(), secret), "{variable}: {secret} in {answer}");
            }
        }
        // The proxy's refusal is the proxy's, not the portal's; its page said "denied".
        assert_eq!(error_code(&answers[0]), "B24_CONNECTION_FAILED", "{variable}: {}", answers[0]);
        assert_eq!(error_code(&answers[1]), "B24_BAD_ANSWER", "{variable}: {}", answers[1]);
        assert!(answers[1].to_string().contains("denied"), "{}", answers[1]);
    }
}

#[test]
fn child_calls_through_the_environments_proxy() {
    if std::env::var_os(CHILD_MODE).is_none() {
        return;
    }
    for _ in 0..2 {
        let answer = call(
            ffi::b24_send_message,
            &json!({"url": format!("http://portal.invalid/rest/1/{CODE}/"), "chat": "c", "text": "x", "timeout": 5}),
        );
        println!("ANSWER {answer}");
    }
}

/// A server on loopback that accepts one connection and never answers; what arrived on it
/// within 3 s.
fn silent_server() -> (u16, std::thread::JoinHandle<Vec<u8>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let held = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
        let mut got = Vec::new();
        let _ = stream.read_to_end(&mut got);
        got
    });
    (port, held)
}

#[test]
fn a_tls_handshake_that_stalls_is_a_failed_connection_nothing_sent() {
    // Accepts and never answers: the TLS client hello gets no server hello.
    let (port, held) = silent_server();
    let url = format!("https://127.0.0.1:{port}/rest/1/{CODE}/");
    let began = Instant::now();
    let answer = call(ffi::b24_server_time, &json!({"url": url, "timeout": 0.5, "rate_limit": "off"}));
    assert!(began.elapsed() < Duration::from_secs(2), "{:?}", began.elapsed());
    assert_eq!(error_code(&answer), "B24_CONNECTION_FAILED", "{answer}");
    let text = answer["error_description"].as_str().unwrap();
    assert!(text.contains("nothing was sent") && !text.contains("may have reached"), "{text}");
    let got = held.join().unwrap();
    assert_eq!(got.first(), Some(&0x16), "only a TLS handshake arrived");
}

#[test]
fn a_request_written_and_never_answered_is_still_a_timeout() {
    // The counterpart: once connected and sent, the portal may have run it.
    let (port, held) = silent_server();
    let url = format!("http://127.0.0.1:{port}/rest/1/{CODE}/");
    let answer = call(ffi::b24_send_message, &json!({"url": url, "chat": "c", "text": "x", "timeout": 0.5}));
    assert_eq!(error_code(&answer), "B24_TIMEOUT", "{answer}");
    assert!(String::from_utf8_lossy(&held.join().unwrap()).starts_with("POST "));
}

#[test]
fn a_connect_that_never_completes_is_a_failed_connection_nothing_sent() {
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    // A listener with a backlog of 0 that never accepts: once its queue holds what it can,
    // the kernel drops further SYNs and a connect waits until it gives up.
    // SAFETY: plain socket calls on a descriptor owned here; the address structs are local.
    let (listener, port) = unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0);
        let owned = OwnedFd::from_raw_fd(fd);
        let mut address: libc::sockaddr_in = std::mem::zeroed();
        address.sin_family = libc::AF_INET as libc::sa_family_t;
        address.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
        let size = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        assert_eq!(libc::bind(fd, (&address as *const libc::sockaddr_in).cast(), size), 0);
        assert_eq!(libc::listen(owned.as_raw_fd(), 0), 0);
        let mut bound: libc::sockaddr_in = std::mem::zeroed();
        let mut length = size;
        assert_eq!(libc::getsockname(fd, (&mut bound as *mut libc::sockaddr_in).cast(), &mut length), 0);
        (owned, u16::from_be(bound.sin_port))
    };
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let mut fillers = Vec::new();
    let mut full = false;
    for _ in 0..8 {
        match TcpStream::connect_timeout(&address, Duration::from_millis(200)) {
            Ok(stream) => fillers.push(stream),
            Err(_) => {
                full = true;
                break;
            }
        }
    }
    if !full {
        // This kernel completes connects beyond the backlog: no stalled connect to test here.
        eprintln!("note: the loopback backlog never filled; skipped");
        return;
    }
    let began = Instant::now();
    let answer = call(
        ffi::b24_server_time,
        &json!({"url": format!("http://127.0.0.1:{port}/rest/1/{CODE}/"), "timeout": 0.5, "rate_limit": "off"}),
    );
    assert!(began.elapsed() < Duration::from_secs(2), "{:?}", began.elapsed());
    assert_eq!(error_code(&answer), "B24_CONNECTION_FAILED", "{answer}");
    drop((listener, fillers));
}
