//! A loopback fake Bitrix24 portal for tests, examples and benchmarks.
//!
//! It is a hand-written HTTP/1.1 server on `std::net` rather than a library server because it
//! has to misbehave at the socket level (drop a connection without answering, stall) in ways a
//! well-behaved server framework refuses to do. It answers `im.message.add` and `server.time`
//! in both webhook and OAuth modes, with the portal's answer and error shapes.
//!
//! Every connection gets its own thread and no lock is held while sleeping or doing I/O, so the
//! sandbox is never the bottleneck of a benchmark that drives it with many connections.

mod clock;
mod http;
mod params;
mod portal;
#[cfg(test)]
mod tests;

use std::collections::VecDeque;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// The user id in the sandbox's webhook URL.
pub const WEBHOOK_USER: &str = "1";
/// The secret part of the sandbox's webhook URL (a fake: printing it is harmless).
pub const WEBHOOK_CODE: &str = "sandboxwebhookcode";
/// The only OAuth access token the sandbox accepts.
pub const TOKEN: &str = "sandbox-access-token";
/// An OAuth access token the sandbox always reports as expired, to exercise token refresh.
pub const EXPIRED_TOKEN: &str = "sandbox-expired-token";

/// Message ids start here; real portals never reuse ids, so `clear` does not reset them.
const FIRST_MESSAGE_ID: u64 = 1;

/// A running fake portal. Dropping it closes the listener; open connections notice within a
/// fraction of a second and close themselves.
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    acceptor: Option<JoinHandle<()>>,
}

/// One HTTP request as the sandbox received it, for tests to inspect.
#[derive(Clone, Debug)]
pub struct ReceivedRequest {
    /// The HTTP verb as sent, e.g. "POST".
    pub http_method: String,
    /// The raw path without the query, e.g. "/rest/1/sandboxwebhookcode/im.message.add".
    pub path: String,
    /// The raw query string, "" if none.
    pub query: String,
    /// The REST method, lower-cased with any ".json" suffix removed; "" outside `/rest/`.
    pub rest_method: String,
    /// The Content-Type header as sent, "" if none.
    pub content_type: String,
    /// The `auth` parameter from the body or the query (OAuth mode).
    pub auth: Option<String>,
    /// All parameters as one JSON object: query fields overlaid by body fields.
    pub fields: serde_json::Value,
    /// The raw body.
    pub body: Vec<u8>,
}

/// A message that `im.message.add` accepted.
#[derive(Clone, Debug)]
pub struct PostedMessage {
    pub id: u64,
    pub dialog_id: String,
    /// The MESSAGE parameter as sent; `None` when it was absent.
    pub message: Option<String>,
    /// ATTACH as a JSON value (a JSON-string ATTACH is parsed); `None` when absent or empty.
    pub attach: Option<serde_json::Value>,
    /// All parameters of the request except `auth`.
    pub fields: serde_json::Value,
}

/// A way for the sandbox to misbehave instead of answering normally.
#[derive(Clone, Debug)]
pub enum Fault {
    /// 503 QUERY_LIMIT_EXCEEDED, as a throttled portal answers.
    QueryLimit,
    /// 500 with an HTML page, as a proxy in front of a dead portal answers.
    HtmlError,
    /// 200 with a body that is not JSON.
    NotJson,
    /// Sleep, then answer normally.
    Delay(Duration),
    /// Read the request, then close the socket without answering.
    DropConnection,
}

impl Sandbox {
    /// Starts on 127.0.0.1 with a port chosen by the system.
    pub fn start() -> io::Result<Sandbox> {
        Sandbox::start_on("127.0.0.1:0")
    }

    /// Starts on the given address, e.g. "127.0.0.1:8080".
    pub fn start_on(addr: &str) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(addr)?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::new());
        let acceptor = thread::Builder::new().name("sandbox-accept".into()).spawn({
            let shared = Arc::clone(&shared);
            move || accept_loop(listener, shared)
        })?;
        Ok(Sandbox { shared, addr, acceptor: Some(acceptor) })
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// The incoming-webhook base URL; the REST method name is appended to it.
    pub fn webhook_url(&self) -> String {
        format!("{}rest/{}/{}/", self.portal_url(), WEBHOOK_USER, WEBHOOK_CODE)
    }

    /// The portal address for OAuth mode; requests go to `<portal_url>rest/<method>`.
    pub fn portal_url(&self) -> String {
        format!("http://{}/", reachable_addr(self.addr))
    }

    /// Every HTTP request received so far, in arrival order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// The messages posted to one dialog, in id order.
    pub fn messages(&self, dialog_id: &str) -> Vec<PostedMessage> {
        let mut found: Vec<PostedMessage> =
            lock(&self.shared.store).messages.iter().filter(|m| m.dialog_id == dialog_id).cloned().collect();
        found.sort_by_key(|m| m.id);
        found
    }

    /// The number of messages posted to all dialogs.
    pub fn message_count(&self) -> usize {
        lock(&self.shared.store).messages.len()
    }

    /// Makes the next `times` requests get `fault` instead of normal handling. Faults queue
    /// up: a later call's faults come after an earlier call's.
    pub fn misbehave(&self, fault: Fault, times: usize) {
        lock(&self.shared.faults).extend(std::iter::repeat_n(fault, times));
    }

    /// Forgets recorded requests, posted messages and queued faults. Message ids keep
    /// increasing, as they would on a real portal.
    pub fn clear(&self) {
        lock(&self.shared.requests).clear();
        lock(&self.shared.store).messages.clear();
        lock(&self.shared.faults).clear();
    }

    /// How many TCP connections clients have opened so far, to see that they are reused.
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// Whether requests and messages are kept for `requests()` and `messages()` (on by
    /// default). The benchmark turns it off so that its memory figures are the library's,
    /// not a growing record; ids are still handed out.
    pub fn keep_records(&self, on: bool) {
        self.shared.keep_records.store(on, Ordering::Relaxed);
    }

    /// Prints one line per request (verb, REST method, status) to stderr. Everything the
    /// sandbox knows is fake, so the log holds no secrets.
    pub fn log_requests(&self, on: bool) {
        self.shared.log.store(on, Ordering::Relaxed);
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // `accept` has no timeout in std, so a connection of our own wakes the accept thread
        // to see the flag. If even that fails, the thread is left to end on the next accept.
        let woke = TcpStream::connect_timeout(&reachable_addr(self.addr), Duration::from_secs(1)).is_ok();
        if let Some(acceptor) = self.acceptor.take() {
            if woke {
                let _ = acceptor.join();
            }
        }
    }
}

/// State shared by the accept thread, the connection threads and the `Sandbox` handle.
pub(crate) struct Shared {
    stopping: AtomicBool,
    log: AtomicBool,
    keep_records: AtomicBool,
    connections: AtomicUsize,
    requests: Mutex<Vec<ReceivedRequest>>,
    faults: Mutex<VecDeque<Fault>>,
    store: Mutex<Store>,
}

/// Messages and the id counter live under one lock so that ids are handed out in the same
/// order the messages are stored.
struct Store {
    next_id: u64,
    messages: Vec<PostedMessage>,
}

impl Shared {
    fn new() -> Shared {
        Shared {
            stopping: AtomicBool::new(false),
            log: AtomicBool::new(false),
            keep_records: AtomicBool::new(true),
            connections: AtomicUsize::new(0),
            requests: Mutex::new(Vec::new()),
            faults: Mutex::new(VecDeque::new()),
            store: Mutex::new(Store { next_id: FIRST_MESSAGE_ID, messages: Vec::new() }),
        }
    }

    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub(crate) fn record(&self, request: ReceivedRequest) {
        if self.keep_records.load(Ordering::Relaxed) {
            lock(&self.requests).push(request);
        }
    }

    pub(crate) fn next_fault(&self) -> Option<Fault> {
        lock(&self.faults).pop_front()
    }

    /// Stores a message and returns its new id.
    pub(crate) fn post(
        &self,
        dialog_id: String,
        message: Option<String>,
        attach: Option<serde_json::Value>,
        fields: serde_json::Value,
    ) -> u64 {
        let mut store = lock(&self.store);
        let id = store.next_id;
        store.next_id += 1;
        if self.keep_records.load(Ordering::Relaxed) {
            store.messages.push(PostedMessage { id, dialog_id, message, attach, fields });
        }
        id
    }

    pub(crate) fn log(&self, http_method: &str, what: &str, status: &str) {
        if self.log.load(Ordering::Relaxed) {
            eprintln!("{http_method} {what} -> {status}");
        }
    }
}

/// A panic in one connection thread must not make the whole sandbox unusable, so a poisoned
/// lock is simply taken over: every critical section leaves the data consistent.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The address a client on this machine can connect to: a wildcard bind is reached through
/// loopback.
fn reachable_addr(bound: SocketAddr) -> SocketAddr {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, bound.port())
}

fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming() {
        if shared.is_stopping() {
            break;
        }
        match stream {
            Ok(stream) => {
                shared.connections.fetch_add(1, Ordering::Relaxed);
                spawn_connection(stream, &shared)
            }
            // Usually out of file descriptors: back off instead of spinning on the error.
            Err(_) => thread::sleep(Duration::from_millis(10)),
        }
    }
}

fn spawn_connection(stream: TcpStream, shared: &Arc<Shared>) {
    let shared = Arc::clone(shared);
    // If no thread can be had, the stream is dropped and the client sees a closed connection,
    // which is the honest answer of an overloaded server.
    let _ = thread::Builder::new().name("sandbox-conn".into()).spawn(move || http::serve(stream, &shared));
}
