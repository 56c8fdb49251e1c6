//! A loopback fake Bitrix24 portal for tests, examples and benchmarks: a stateful stand-in for
//! the im methods OpenIntegrations wraps (messages, chats and dialogs, users, notifications,
//! chat files), `batch`, `server.time`, and the OAuth token server, in webhook and OAuth mode
//! alike, with the portal's answer and error shapes. Tests read its state with
//! [`Sandbox::snapshot`].
//!
//! Why a hand-written HTTP/1.1 server on `std::net` rather than hyper: the sandbox exists to
//! misbehave at the socket level. It must read a request and then drop the connection without
//! a word, stall mid-exchange on purpose, and close idle keep-alive connections silently on a
//! schedule the test sets, the way nginx's `keepalive_timeout` does. hyper answers or resets on
//! its own terms and hides the socket behind its connection state machine, so each of these
//! would need a custom I/O wrapper and an async runtime the library otherwise does without.
//! The price is ~500 lines of HTTP parsing that hyper would have given us for free, which the
//! tests in `http.rs` and `tests.rs` pin down (pipelining, chunked bodies, 100-continue,
//! malformed input).
//!
//! Every connection gets its own thread and no lock is held while sleeping or doing I/O, so the
//! sandbox is never the bottleneck of a benchmark that drives it with many connections.

mod base64;
mod clock;
mod entity;
mod http;
mod limits;
mod methods;
mod oauth;
mod params;
mod portal;
mod state;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_entities;
#[cfg(test)]
mod tests_files;
#[cfg(test)]
mod tests_methods;
#[cfg(test)]
mod tests_platform;

pub use oauth::TokenPair;
pub use params::decode_form;
pub use state::{
    Chat, ChatType, Deleted, DiskFile, Folder, Message, Notification, NotifyKind, PostedMessage, Snapshot,
    Storage, User, APP_STORAGE, CALLER, CALLER_STORAGE, CHATS_STORAGE, CHAT_COLORS, DELETED_TEXT,
    SHARED_STORAGE,
};

use std::collections::VecDeque;
use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
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
/// The OAuth application's client id the token server accepts.
pub const CLIENT_ID: &str = "local.5a9d0c0ffee001.00000001";
/// The OAuth application's client secret the token server accepts.
pub const CLIENT_SECRET: &str = "sandboxclientsecret0000000000000000000000000000000";
/// An authorization code the token server accepts once (more: [`Sandbox::new_auth_code`]).
pub const AUTH_CODE: &str = "sandbox-authorization-code";

/// A running fake portal. Dropping it closes the listener; open connections notice within a
/// fraction of a second and close themselves.
pub struct Sandbox {
    shared: Arc<Shared>,
    addr: SocketAddr,
    acceptor: Option<JoinHandle<()>>,
}

/// One HTTP request as the sandbox received it, for tests to inspect.
///
/// Requests with a body over 1 MiB (uploads) are recorded shortened so that the record does
/// not hold a second copy of the file: `body` keeps the first 64 KiB and every string in
/// `fields` longer than 1 KiB is cut to its first 1 KiB plus `…[N bytes omitted]`;
/// `body_len` tells the size that arrived. The portal itself used the whole body.
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
    /// The raw body (only its start for bodies over 1 MiB, see above).
    pub body: Vec<u8>,
    /// How many body bytes arrived.
    pub body_len: usize,
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
        let shared = Arc::new(Shared::new(format!("http://{}/", reachable_addr(addr))));
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
        self.shared.portal_url.clone()
    }

    /// The OAuth token endpoint, `<portal_url>oauth/token/`: the sandbox's stand-in for
    /// `https://oauth.bitrix.info/oauth/token/`.
    pub fn oauth_url(&self) -> String {
        format!("{}oauth/token/", self.portal_url())
    }

    /// Every HTTP request received so far, in arrival order.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// The messages of one dialog, in id order, deleted ones included.
    pub fn messages(&self, dialog_id: &str) -> Vec<PostedMessage> {
        lock(&self.shared.store).data.dialog_messages(dialog_id).into_iter().cloned().collect()
    }

    /// The number of messages stored in all dialogs.
    pub fn message_count(&self) -> usize {
        lock(&self.shared.store).data.messages.len()
    }

    /// A copy of the whole portal state: users, chats, messages, read marks, folders, files,
    /// notifications, statuses. File bytes are shared, not copied.
    pub fn snapshot(&self) -> Snapshot {
        lock(&self.shared.store).data.clone()
    }

    /// One record of an entity family (`crm.deal`, `crm.lead`, ...) as the portal keeps it.
    pub fn record(&self, family: &str, id: u64) -> Option<serde_json::Map<String, serde_json::Value>> {
        lock(&self.shared.store).entities.get(family)?.get(id).cloned()
    }

    /// How many records a family holds.
    pub fn record_count(&self, family: &str) -> usize {
        lock(&self.shared.store).entities.get(family).map_or(0, entity::Table::len)
    }

    /// Puts a task in the caller's plan for the day, as the portal's "plan for the day" button
    /// does: no REST method of OPI's does it, GetDailyPlan reads it.
    pub fn plan_for_today(&self, task: u64) {
        methods::tasks::plan_for_today(&mut lock(&self.shared.store), state::CALLER, task);
    }

    /// Posts a message as another user (e.g. one a test wants the caller to read, or fail to
    /// edit). A `chatN` dialog must exist and have `author` as a member. Returns the id, or
    /// None when the chat does not allow it.
    pub fn post_as(&self, author: u64, dialog_id: &str, text: &str) -> Option<u64> {
        let mut store = lock(&self.shared.store);
        if let Some(chat) = state::dialog_chat_id(dialog_id) {
            if !store.data.chats.get(&chat)?.members.contains(&author) {
                return None;
            }
        }
        let now = clock::unix_seconds(std::time::SystemTime::now()).floor() as i64;
        let message = store.new_message(dialog_id, author, Some(text.to_string()), now);
        let id = message.id;
        store.post(message);
        Some(id)
    }

    /// The messages of the private dialog of users `a` and `b` (a bot is a user), both ways, in
    /// id order: each side names the dialog by the other's id.
    pub fn conversation(&self, a: u64, b: u64) -> Vec<PostedMessage> {
        let store = lock(&self.shared.store);
        let between = |m: &&PostedMessage| {
            (m.author_id == a && m.dialog_id == b.to_string())
                || (m.author_id == b && m.dialog_id == a.to_string())
        };
        store.data.messages.values().filter(between).cloned().collect()
    }

    /// How many bots are registered.
    pub fn bot_count(&self) -> usize {
        lock(&self.shared.store).bots.bots.len()
    }

    /// How many events wait in a bot's queue (read but not acknowledged ones included).
    pub fn bot_queue_len(&self, bot: u64) -> usize {
        lock(&self.shared.store).bots.bots.get(&bot).map_or(0, |bot| bot.queue.len())
    }

    /// imbot.v2.Event.get requests answered so far, and imbot.v2 requests refused with 429 for
    /// coming faster than 2 a second.
    pub fn bot_polls(&self) -> (usize, usize) {
        let store = lock(&self.shared.store);
        (store.bots.polls, store.bots.refusals)
    }

    /// Creates a group chat directly (no request), e.g. one the caller is not in. `members`
    /// should include `owner`; it is added if missing. Returns the chat id.
    pub fn seed_chat(&self, owner: u64, members: &[u64], title: &str) -> u64 {
        let mut store = lock(&self.shared.store);
        let id = store.take_chat_id();
        let mut set: std::collections::BTreeSet<u64> = members.iter().copied().collect();
        set.insert(owner);
        let now = clock::unix_seconds(std::time::SystemTime::now()).floor() as i64;
        store.insert_chat(id, owner, set, title.to_string(), now);
        id
    }

    /// Makes the next `times` requests get `fault` instead of normal handling. Faults queue
    /// up: a later call's faults come after an earlier call's.
    pub fn misbehave(&self, fault: Fault, times: usize) {
        lock(&self.shared.faults).extend(std::iter::repeat_n(fault, times));
    }

    /// Forgets recorded requests, queued faults and the portal's content (back to the seeded
    /// users, no chats, messages, files or notifications). Ids keep increasing, as they would
    /// on a real portal. OAuth grants, limits and their counters are left alone.
    pub fn clear(&self) {
        lock(&self.shared.requests).clear();
        lock(&self.shared.store).reset();
        lock(&self.shared.faults).clear();
    }

    /// How many TCP connections clients have opened so far, to see that they are reused.
    pub fn connection_count(&self) -> usize {
        self.shared.connections.load(Ordering::Relaxed)
    }

    /// How many client connections are open right now.
    pub fn open_connections(&self) -> usize {
        self.shared.open_connections.load(Ordering::SeqCst)
    }

    /// Whether requests and messages are kept for `requests()` and `messages()` (on by
    /// default). The benchmark turns it off so that its memory figures are the library's,
    /// not a growing record; ids are still handed out, but a message not kept cannot be
    /// updated, deleted or liked later.
    pub fn keep_records(&self, on: bool) {
        self.shared.keep_records.store(on, Ordering::Relaxed);
    }

    /// Prints one line per request (verb, REST method, status) to stderr. Everything the
    /// sandbox knows is fake, so the log holds no secrets.
    pub fn log_requests(&self, on: bool) {
        self.shared.log.store(on, Ordering::Relaxed);
    }

    /// `true` makes im.v2.File.upload answer 404 ERROR_METHOD_NOT_FOUND, like a portal older
    /// than the method (2026-04); `false` (the default) serves it.
    pub fn without_v2_upload(&self, off: bool) {
        self.shared.v2_upload.store(!off, Ordering::Relaxed);
    }

    /// `true` makes list method `method` (e.g. "crm.deal.list") ignore the cursor, as some
    /// portal methods do: a `>ID` (or `>=ID`) in its filter and `start` are not applied, so
    /// every call answers the first page again. For the stall test of reading whole lists.
    pub fn ignore_cursor(&self, method: &str, on: bool) {
        let method = method.to_ascii_lowercase();
        let mut ignored = lock(&self.shared.cursor_ignored);
        ignored.retain(|m| *m != method);
        if on {
            ignored.push(method);
        }
    }

    /// Adds `count` records to an entity family (`crm.deal`, `crm.lead`, `tasks.task`) at once,
    /// without requests, each with the fields `fields(n)` gives for n = 0, 1, ... (a record
    /// as the family's add would store it needs its defaults given here). Returns the ids.
    /// For tests and the benchmark that need thousands of records quickly.
    pub fn seed_records(
        &self,
        family: &str,
        count: usize,
        mut fields: impl FnMut(usize) -> serde_json::Map<String, serde_json::Value>,
    ) -> std::ops::RangeInclusive<u64> {
        let shape = methods::family(family).unwrap_or_else(|| panic!("no entity family {family}"));
        let mut store = lock(&self.shared.store);
        let table = store.entities.entry(methods::table_name(family)).or_default();
        let mut ids = 0..=0;
        for n in 0..count {
            let id = table.add(shape, fields(n));
            ids = if n == 0 { id..=id } else { *ids.start()..=id };
        }
        ids
    }

    /// Closes a keep-alive connection silently (no answer, just FIN), as nginx's
    /// `keepalive_timeout` does, once it has waited this long for its next request.
    /// `Duration::ZERO` (the default) keeps idle connections open.
    pub fn close_idle_after(&self, idle: Duration) {
        let millis = u64::try_from(idle.as_millis()).unwrap_or(u64::MAX);
        self.shared.idle_close_ms.store(millis, Ordering::Relaxed);
    }

    // --- OAuth ---------------------------------------------------------------------------

    /// A fresh access+refresh pair, as if the application had just been authorized.
    pub fn issue_tokens(&self) -> TokenPair {
        lock(&self.shared.oauth).issue(std::time::SystemTime::now())
    }

    /// A new one-shot authorization code for grant_type=authorization_code.
    pub fn new_auth_code(&self) -> String {
        lock(&self.shared.oauth).new_code()
    }

    /// Makes every access token issued so far answer 401 `expired_token`; tokens issued
    /// afterwards work. [`TOKEN`] is not affected.
    pub fn expire_access_tokens(&self) {
        lock(&self.shared.oauth).expire_all();
    }

    /// How long access tokens issued from now on live (default one hour).
    pub fn set_token_lifetime(&self, lifetime: Duration) {
        lock(&self.shared.oauth).set_lifetime(lifetime);
    }

    /// How many refresh_token grants the token server has served successfully.
    pub fn refreshes(&self) -> usize {
        lock(&self.shared.oauth).refreshes
    }

    /// How many authorization_code grants the token server has served successfully.
    pub fn code_exchanges(&self) -> usize {
        lock(&self.shared.oauth).code_exchanges
    }

    // --- Limits ----------------------------------------------------------------------------

    /// Turns on the leaky bucket: at most `burst` REST requests at once, draining
    /// `per_second`; above it 503 QUERY_LIMIT_EXCEEDED. Starts empty. Counts every REST
    /// request (a batch once), not the token server or file downloads.
    pub fn set_bucket(&self, burst: u32, per_second: f64) {
        lock(&self.shared.limits).set_bucket(burst, per_second);
    }

    /// Turns the leaky bucket off (the default).
    pub fn no_bucket(&self) {
        lock(&self.shared.limits).no_bucket();
    }

    /// REST requests the bucket refused with QUERY_LIMIT_EXCEEDED.
    pub fn refusals(&self) -> usize {
        lock(&self.shared.limits).refusals
    }

    /// REST requests the bucket let through (every REST request while it is off).
    pub fn accepted_requests(&self) -> usize {
        lock(&self.shared.limits).accepted
    }

    /// Turns on the operating limit: each method may spend `budget_seconds` within `window`
    /// (the portal's is 600 s); every call is charged `cost_per_call_seconds` unless
    /// [`Sandbox::set_method_cost`] says otherwise. A call made at or over budget gets 429
    /// OPERATION_TIME_LIMIT until `time.operating_reset_at`, when the oldest charge expires.
    pub fn set_operating(&self, budget_seconds: f64, window: Duration, cost_per_call_seconds: f64) {
        lock(&self.shared.limits).set_operating(budget_seconds, window, cost_per_call_seconds);
    }

    /// The operating cost of one call of `method` (lower-case, e.g. "im.message.add"). Turns
    /// the limit on with an unlimited budget if it was off.
    pub fn set_method_cost(&self, method: &str, seconds: f64) {
        lock(&self.shared.limits).set_method_cost(method, seconds);
    }

    /// Turns the operating limit off (the default): `operating` is 0 in every answer.
    pub fn no_operating(&self) {
        lock(&self.shared.limits).no_operating();
    }

    /// Calls refused with OPERATION_TIME_LIMIT.
    pub fn operating_refusals(&self) -> usize {
        lock(&self.shared.limits).operating_refusals
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
    v2_upload: AtomicBool,
    /// List methods (lower-case) that ignore the cursor: `>ID` in their filter and `start`.
    cursor_ignored: Mutex<Vec<String>>,
    /// 0: never close idle connections.
    idle_close_ms: AtomicU64,
    connections: AtomicUsize,
    open_connections: AtomicUsize,
    /// `http://host:port/`.
    portal_url: String,
    requests: Mutex<Vec<ReceivedRequest>>,
    faults: Mutex<VecDeque<Fault>>,
    store: Mutex<state::Store>,
    oauth: Mutex<oauth::Grants>,
    limits: Mutex<limits::Limits>,
}

impl Shared {
    fn new(portal_url: String) -> Shared {
        Shared {
            stopping: AtomicBool::new(false),
            log: AtomicBool::new(false),
            keep_records: AtomicBool::new(true),
            v2_upload: AtomicBool::new(true),
            cursor_ignored: Mutex::new(Vec::new()),
            idle_close_ms: AtomicU64::new(0),
            connections: AtomicUsize::new(0),
            open_connections: AtomicUsize::new(0),
            portal_url,
            requests: Mutex::new(Vec::new()),
            faults: Mutex::new(VecDeque::new()),
            store: Mutex::new(state::Store::new()),
            oauth: Mutex::new(oauth::Grants::new()),
            limits: Mutex::new(limits::Limits::default()),
        }
    }

    pub(crate) fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    pub(crate) fn keeps_records(&self) -> bool {
        self.keep_records.load(Ordering::Relaxed)
    }

    pub(crate) fn ignores_cursor(&self, method: &str) -> bool {
        lock(&self.cursor_ignored).iter().any(|ignored| ignored == method)
    }

    pub(crate) fn v2_upload_enabled(&self) -> bool {
        self.v2_upload.load(Ordering::Relaxed)
    }

    /// How long a connection may wait for its next request; None for ever.
    pub(crate) fn idle_limit(&self) -> Option<Duration> {
        match self.idle_close_ms.load(Ordering::Relaxed) {
            0 => None,
            millis => Some(Duration::from_millis(millis)),
        }
    }

    pub(crate) fn record(&self, request: ReceivedRequest) {
        lock(&self.requests).push(request);
    }

    pub(crate) fn next_fault(&self) -> Option<Fault> {
        lock(&self.faults).pop_front()
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

struct OpenConnection<'a>(&'a Shared);

impl Drop for OpenConnection<'_> {
    fn drop(&mut self) {
        self.0.open_connections.fetch_sub(1, Ordering::SeqCst);
    }
}

fn spawn_connection(stream: TcpStream, shared: &Arc<Shared>) {
    let shared = Arc::clone(shared);
    shared.open_connections.fetch_add(1, Ordering::SeqCst);
    // If no thread can be had, the stream is dropped and the client sees a closed connection,
    // which is the honest answer of an overloaded server.
    let spawned = thread::Builder::new().name("sandbox-conn".into()).spawn({
        let shared = Arc::clone(&shared);
        move || {
            // Counts the connection closed even if serving it panics.
            let _open = OpenConnection(&shared);
            http::serve(stream, &shared);
        }
    });
    if spawned.is_err() {
        shared.open_connections.fetch_sub(1, Ordering::SeqCst);
    }
}
