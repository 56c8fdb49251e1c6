//! b24_send_message against the sandbox portal over loopback HTTP:
//!
//!     cargo run --release --features sandbox --example bench
//!
//! Phases, each printing its figures:
//! - throughput (request limit off): sequential calls, then the same number spread over 8
//!   threads: calls/s, µs/call and the resident set size every 10,000 calls, so a leak shows
//!   as growth. The sandbox keeps no record of what it received, so its memory does not grow.
//!   B24_BENCH_CALLS sets the total (default 100,000).
//! - client CPU: one thread's SendMessage calls to a sandbox in another process (so that the
//!   figures are the library's alone), limit off: user+sys CPU and context switches per call,
//!   from getrusage, for the whole process and for the calling thread.
//!   B24_BENCH_CPU_CALLS sets the number (default 5,000).
//! - bulk: B24_BENCH_BULK messages (default 10,000) to a sandbox whose bucket holds 50 and
//!   drains 100 per second, with the same rate_limit given to the library: as single calls
//!   from 1 thread and from 8 threads, and as one Batch. Messages delivered (all, once), the
//!   refusals the sandbox sent, and the wall time against the bucket's minimum. The Batch's
//!   wall time is the b24_batch call's; the bench's own writing of the 10,000 calls as JSON and
//!   reading of the answer are shown apart. Then the same Batch with no bucket, and against a
//!   port where nothing listens with halt (what comes before the first request).
//!
//! - list: B24_BENCH_LIST deals (default 100,000) in a sandbox in another process whose bucket
//!   holds 50 and drains 10 per second (the same rate_limit given to the library), read whole
//!   with ListAll to a file: rows/s against the ceiling (2,500 rows × 10 requests a second once
//!   the burst is spent), requests, the portal's refusals, peak RSS; then, on the same data,
//!   OPI's way (GetDealsList page by page with offset, 50 rows a request: its first 5,000 rows)
//!   and offset batches (ListAll by `start=N`, 50 calls a request). B24_BENCH_LIST_BIG (default
//!   1,000,000) repeats the ListAll read for the peak RSS of a ten times longer list.
//!
//! B24_BENCH_ONLY=throughput|cpu|bulk|list runs one phase (e.g. `B24_BENCH_ONLY=cpu` under
//! `valgrind --tool=callgrind`).

use std::collections::HashSet;
use std::ffi::{c_char, CStr, CString};
use std::io::{BufRead, BufReader, Write};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bitrix24_ffi::ffi::{b24_batch, b24_call, b24_free, b24_send_message};
use bitrix24_ffi::sandbox::Sandbox;
use serde_json::{json, Value};

const THREADS: usize = 8;
const CHECKPOINT: usize = 10_000;
/// The bulk phase's bucket: the sandbox's and the library's.
const BURST: u32 = 50;
const PER_SECOND: f64 = 100.0;
/// The list phase's bucket: the standard plan's burst, and 10 requests a second.
const LIST_BURST: u32 = 50;
const LIST_PER_SECOND: f64 = 10.0;
/// The argument that makes this program a sandbox serving until its stdin closes.
const SERVE: &str = "--serve-sandbox";

/// Calls an export and returns whether the answer is a result, releasing it.
fn call_ok(export: unsafe extern "C" fn(*const c_char) -> *mut c_char, params: &CStr) -> bool {
    // SAFETY: a NUL-terminated text that outlives the call.
    let answer: *mut c_char = unsafe { export(params.as_ptr()) };
    // SAFETY: a NUL-terminated answer, released once.
    let ok = unsafe { CStr::from_ptr(answer) }.to_bytes().starts_with(b"{\"result\"");
    unsafe { b24_free(answer) };
    ok
}

fn send(params: &CStr) {
    assert!(call_ok(b24_send_message, params), "a send failed during the benchmark");
}

/// Calls an export with JSON and returns the answer parsed.
fn call_json(export: unsafe extern "C" fn(*const c_char) -> *mut c_char, params: &Value) -> Value {
    timed_call(export, params).0
}

/// [`call_json`], with the seconds the call itself took and the seconds the caller's own JSON
/// work took (writing the parameters, reading the answer), which the library does not do.
fn timed_call(
    export: unsafe extern "C" fn(*const c_char) -> *mut c_char,
    params: &Value,
) -> (Value, f64, f64) {
    let written = Instant::now();
    let params = CString::new(params.to_string()).expect("no NUL");
    let writing = written.elapsed().as_secs_f64();
    let started = Instant::now();
    // SAFETY: as in `call_ok`.
    let answer = unsafe { export(params.as_ptr()) };
    let call = started.elapsed().as_secs_f64();
    let read = Instant::now();
    let text = unsafe { CStr::from_ptr(answer) }.to_string_lossy().into_owned();
    unsafe { b24_free(answer) };
    let value = serde_json::from_str(&text).unwrap_or(Value::Null);
    (value, call, writing + read.elapsed().as_secs_f64())
}

/// A line of /proc/self/status in KiB: VmRSS now, VmHWM the peak.
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name).ok().and_then(|n| n.parse().ok()).unwrap_or(default)
}

fn main() {
    if std::env::args().nth(1).as_deref() == Some(SERVE) {
        serve_sandbox();
        return;
    }
    let only = std::env::var("B24_BENCH_ONLY").unwrap_or_default();
    let runs = |phase: &str| only.is_empty() || only == phase;
    if runs("throughput") {
        throughput(env_number("B24_BENCH_CALLS", 100_000));
    }
    if runs("cpu") {
        client_cpu(env_number("B24_BENCH_CPU_CALLS", 5_000));
    }
    if runs("bulk") {
        bulk(env_number("B24_BENCH_BULK", 10_000));
    }
    if runs("list") {
        list(env_number("B24_BENCH_LIST", 100_000), env_number("B24_BENCH_LIST_BIG", 1_000_000));
    }
}

// --- throughput ------------------------------------------------------------------------------

fn throughput(total: usize) {
    let per_phase = total / 2;
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    let params = CString::new(format!(
        r#"{{"url": "{}", "chat": "chat450", "text": "Message text", "rate_limit": "off", "blocks": [{{"IMAGE": {{"NAME": "Image", "LINK": "https://example.com/p.jpg"}}}}]}}"#,
        sandbox.webhook_url()
    ))
    .expect("no NUL");

    for _ in 0..1_000 {
        send(&params);
    }
    sandbox.keep_records(false);
    println!("== throughput: b24_send_message to the in-process sandbox, {total} calls, limit off");
    println!("RSS after warm-up: {} KiB", status_kib("VmRSS:"));

    let done = AtomicUsize::new(0);
    let checkpoint = || {
        let n = done.fetch_add(1, Ordering::Relaxed) + 1;
        if n.is_multiple_of(CHECKPOINT) {
            println!("  after {n:>7} calls: RSS {} KiB", status_kib("VmRSS:"));
        }
    };

    let started = Instant::now();
    for _ in 0..per_phase {
        send(&params);
        checkpoint();
    }
    report("sequential", per_phase, started.elapsed().as_secs_f64(), 1);

    let started = Instant::now();
    std::thread::scope(|scope| {
        for _ in 0..THREADS {
            scope.spawn(|| {
                for _ in 0..per_phase / THREADS {
                    send(&params);
                    checkpoint();
                }
            });
        }
    });
    report(
        &format!("{THREADS} threads"),
        per_phase / THREADS * THREADS,
        started.elapsed().as_secs_f64(),
        THREADS,
    );
    println!("peak RSS (VmHWM): {} KiB; RSS now: {} KiB", status_kib("VmHWM:"), status_kib("VmRSS:"));
}

fn report(name: &str, calls: usize, seconds: f64, threads: usize) {
    println!(
        "{name:>10}: {calls} calls in {seconds:.2} s = {:.0} calls/s, {:.1} µs/call per thread",
        calls as f64 / seconds,
        seconds * 1e6 * threads as f64 / calls as f64
    );
}

// --- client CPU ------------------------------------------------------------------------------

/// The child's side: a sandbox that keeps no records, its webhook URL on stdout, serving until
/// the parent closes our stdin.
fn serve_sandbox() {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    sandbox.keep_records(false);
    // `--serve-sandbox DEALS`: that many deals, and the list phase's bucket.
    if let Some(deals) = std::env::args().nth(2).and_then(|n| n.parse::<usize>().ok()) {
        sandbox.seed_records("crm.deal", deals, |n| {
            let mut deal = serde_json::Map::new();
            deal.insert("TITLE".into(), json!(format!("Deal {n}")));
            deal.insert("STAGE_ID".into(), json!("NEW"));
            deal.insert("OPPORTUNITY".into(), json!("1000.00"));
            deal.insert("CURRENCY_ID".into(), json!("USD"));
            deal
        });
        sandbox.set_bucket(LIST_BURST, LIST_PER_SECOND);
    }
    println!("{}", sandbox.webhook_url());
    let mut line = String::new();
    while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {}
    // What the portal saw, for the parent to print.
    let _ = writeln!(std::io::stdout(), "{} {}", sandbox.accepted_requests(), sandbox.refusals());
}

#[derive(Clone, Copy)]
struct Usage {
    cpu_seconds: f64,
    voluntary: i64,
    involuntary: i64,
}

fn usage(who: libc::c_int) -> Usage {
    // SAFETY: getrusage fills the struct it is given.
    let mut raw: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(who, &mut raw) };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Usage {
        cpu_seconds: seconds(raw.ru_utime) + seconds(raw.ru_stime),
        voluntary: raw.ru_nvcsw,
        involuntary: raw.ru_nivcsw,
    }
}

fn client_cpu(calls: usize) {
    let mut child = Command::new(std::env::current_exe().expect("the program knows its path"))
        .arg(SERVE)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("the sandbox process starts");
    let mut url = String::new();
    BufReader::new(child.stdout.take().expect("piped")).read_line(&mut url).expect("the sandbox's URL");
    let params = CString::new(
        json!({"url": url.trim(), "chat": "chat450", "text": "Message text", "rate_limit": "off"})
            .to_string(),
    )
    .expect("no NUL");
    for _ in 0..200 {
        send(&params);
    }
    let (process, thread, started) = (usage(libc::RUSAGE_SELF), usage(libc::RUSAGE_THREAD), Instant::now());
    for _ in 0..calls {
        send(&params);
    }
    let wall = started.elapsed().as_secs_f64();
    let (process_after, thread_after) = (usage(libc::RUSAGE_SELF), usage(libc::RUSAGE_THREAD));
    drop(child.stdin.take());
    let _ = child.wait();

    let per_call = |before: Usage, after: Usage| {
        (
            (after.cpu_seconds - before.cpu_seconds) * 1e6 / calls as f64,
            (after.voluntary - before.voluntary) as f64 / calls as f64,
            (after.involuntary - before.involuntary) as f64 / calls as f64,
        )
    };
    let (cpu, voluntary, involuntary) = per_call(process, process_after);
    let (thread_cpu, thread_voluntary, thread_involuntary) = per_call(thread, thread_after);
    println!("== client CPU: {calls} SendMessage calls from 1 thread, sandbox in another process, limit off");
    println!("  wall {:.1} µs/call", wall * 1e6 / calls as f64);
    println!(
        "  process (caller + the HTTP client's runtime thread): {cpu:.1} µs CPU/call (user+sys), \
         {voluntary:.2} voluntary + {involuntary:.2} involuntary context switches/call"
    );
    println!(
        "  calling thread alone: {thread_cpu:.1} µs CPU/call, {thread_voluntary:.2} voluntary + \
         {thread_involuntary:.2} involuntary context switches/call"
    );
}

// --- bulk ------------------------------------------------------------------------------------

/// A sandbox with the bulk bucket, and the rate_limit that tells the library the same.
fn bulk_sandbox() -> (Sandbox, Value) {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    sandbox.set_bucket(BURST, PER_SECOND);
    (sandbox, json!({"burst": BURST, "per_second": PER_SECOND}))
}

/// Delivered: how many messages of `expected` the dialog holds, and whether each came once.
fn delivered(sandbox: &Sandbox, dialog: &str, expected: &HashSet<String>) -> (usize, bool) {
    let texts: Vec<String> = sandbox.messages(dialog).into_iter().filter_map(|m| m.message).collect();
    let unique: HashSet<&String> = texts.iter().collect();
    let all_expected = texts.iter().all(|text| expected.contains(text));
    (texts.len(), unique.len() == texts.len() && all_expected && texts.len() == expected.len())
}

fn bulk_report(
    name: &str,
    sandbox: &Sandbox,
    count_and_once: (usize, bool),
    failed: usize,
    wall: f64,
    minimum: f64,
) {
    let (count, once) = count_and_once;
    let against = if minimum > 0.0 {
        format!("the bucket's minimum {minimum:.2} s ({:+.1} %)", (wall / minimum - 1.0) * 100.0)
    } else {
        "the bucket's minimum 0 s (all requests fit the burst)".to_string()
    };
    println!(
        "  {name:<16} delivered {count} ({}), failed calls {failed}, refusals {}, portal requests {}, \
         wall {wall:.2} s vs {against}",
        if once { "all, each once" } else { "NOT all once" },
        sandbox.refusals(),
        sandbox.accepted_requests() + sandbox.refusals(),
    );
}

fn bulk(n: usize) {
    println!(
        "== bulk: {n} messages, sandbox bucket {BURST} at once + {PER_SECOND} per s, same rate_limit given"
    );
    // B24_BENCH_BULK_BATCH_ONLY=1 leaves out the single calls (100 s each at 100 a second).
    let threads_runs: &[usize] =
        if std::env::var_os("B24_BENCH_BULK_BATCH_ONLY").is_some() { &[] } else { &[1, THREADS] };
    for &threads in threads_runs {
        let total = n / threads * threads;
        let single_minimum = (total as f64 - f64::from(BURST)).max(0.0) / PER_SECOND;
        let (sandbox, rate) = bulk_sandbox();
        let url = sandbox.webhook_url();
        let expected: HashSet<String> =
            (0..threads).flat_map(|t| (0..n / threads).map(move |i| format!("t{t}-{i}"))).collect();
        let failed = AtomicUsize::new(0);
        let started = Instant::now();
        std::thread::scope(|scope| {
            for t in 0..threads {
                let (url, rate, failed) = (&url, &rate, &failed);
                scope.spawn(move || {
                    for i in 0..n / threads {
                        let params = json!({"url": url, "chat": "chat1", "text": format!("t{t}-{i}"), "rate_limit": rate});
                        let params = CString::new(params.to_string()).expect("no NUL");
                        if !call_ok(b24_send_message, &params) {
                            failed.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        let wall = started.elapsed().as_secs_f64();
        let name = format!("single, {threads} thr");
        let count = delivered(&sandbox, "chat1", &expected);
        bulk_report(&name, &sandbox, count, failed.into_inner(), wall, single_minimum);
    }

    // The library builds its HTTP client on the process's first request (reading the system's
    // root certificates); that is done here, on another sandbox (another bucket), so that the
    // Batch's wall time is the Batch's.
    let setup = Sandbox::start().expect("the sandbox starts on loopback");
    let (_, first, _) = timed_call(
        b24_call,
        &json!({"url": setup.webhook_url(), "method": "server.time", "rate_limit": "off"}),
    );
    println!("  {:<16} the process's first request, which builds the HTTP client: {first:.3} s", "");
    drop(setup);
    let (sandbox, rate) = bulk_sandbox();
    let calls: Vec<Value> = (0..n)
        .map(|i| json!({"function": "SendMessage", "params": {"chat": "chat1", "text": format!("b{i}")}}))
        .collect();
    let requests = n.div_ceil(50);
    let batch_minimum = (requests as f64 - f64::from(BURST)).max(0.0) / PER_SECOND;
    // The wall is the b24_batch call's; the bench writing 10,000 calls as JSON and reading the
    // answer back is the caller's work, shown apart.
    let (answer, wall, own_json) = timed_call(
        b24_batch,
        &json!({"url": sandbox.webhook_url(), "calls": calls, "rate_limit": rate, "timeout": 600}),
    );
    let items = answer["result"].as_array().cloned().unwrap_or_default();
    let failed = n - items.iter().filter(|item| item.get("result").is_some()).count();
    let expected: HashSet<String> = (0..n).map(|i| format!("b{i}")).collect();
    let count = delivered(&sandbox, "chat1", &expected);
    bulk_report(&format!("Batch ({requests} req)"), &sandbox, count, failed, wall, batch_minimum);
    println!(
        "  {:<16} the bench's own JSON (writing the calls, reading the answer): {own_json:.2} s more",
        ""
    );

    // The same Batch with no bucket at all: how long its requests take by themselves. When
    // that is near the bucketed wall time, the run is bound by the requests' own time (the
    // sandbox running 50 calls each), not by the bucket, whose burst then never fills.
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    let (answer, wall, _) = timed_call(
        b24_batch,
        &json!({"url": sandbox.webhook_url(), "calls": calls, "rate_limit": "off", "timeout": 600}),
    );
    let done = answer["result"]
        .as_array()
        .map_or(0, |items| items.iter().filter(|item| item.get("result").is_some()).count());
    println!(
        "  {:<16} {done} delivered, no bucket: wall {wall:.2} s, {:.2} ms a request of 50 calls",
        "Batch, no limit",
        wall * 1e3 / requests as f64
    );
    // The part before any request: reading and checking the 10,000 calls and encoding them as
    // commands, timed against a port where nothing listens; with halt, the first refused
    // connection ends the run.
    drop(sandbox);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let port = listener.local_addr().expect("its address").port();
    drop(listener);
    let url = format!("http://127.0.0.1:{port}/rest/1/code/");
    let (_, wall, _) =
        timed_call(b24_batch, &json!({"url": url, "calls": calls, "rate_limit": "off", "halt": true}));
    println!(
        "  {:<16} wall {:.3} s: reading, checking and encoding the {n} calls, and one refused connection",
        "Batch, no portal", wall
    );
}

// --- list ------------------------------------------------------------------------------------

/// A sandbox process with `deals` deals and the list bucket.
struct ListSandbox {
    child: std::process::Child,
    out: BufReader<std::process::ChildStdout>,
    url: String,
}

impl ListSandbox {
    fn start(deals: usize) -> ListSandbox {
        let mut child = Command::new(std::env::current_exe().expect("the program knows its path"))
            .args([SERVE, &deals.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the sandbox process starts");
        let mut out = BufReader::new(child.stdout.take().expect("piped"));
        let mut url = String::new();
        out.read_line(&mut url).expect("the sandbox's URL");
        ListSandbox { child, out, url: url.trim().to_string() }
    }

    /// Ends the sandbox; the requests it let through and those its bucket refused.
    fn stop(mut self) -> (u64, u64) {
        drop(self.child.stdin.take());
        let mut line = String::new();
        let _ = self.out.read_line(&mut line);
        let _ = self.child.wait();
        let mut numbers = line.split_whitespace().map(|n| n.parse().unwrap_or(0));
        (numbers.next().unwrap_or(0), numbers.next().unwrap_or(0))
    }
}

fn list_read(url: &str, rate: &Value, path: &std::path::Path, deals: usize, label: &str) {
    // The peak of this read alone (Linux: 5 in clear_refs resets VmHWM).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    // RSS sampled while the read runs: flat memory shows as a flat line, not only a peak.
    let rss_before = status_kib("VmRSS:");
    let done = std::sync::atomic::AtomicBool::new(false);
    let started = Instant::now();
    let (answer, samples) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let mut samples = Vec::new();
            while !done.load(Ordering::Relaxed) {
                samples.push(status_kib("VmRSS:"));
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            samples
        });
        let answer = call_json(
            bitrix24_ffi::ffi::b24_list_all,
            &json!({"url": url, "method": "GetDealsList", "file": path, "rate_limit": rate, "timeout": 120}),
        );
        done.store(true, Ordering::Relaxed);
        (answer, sampler.join().unwrap_or_default())
    });
    let wall = started.elapsed().as_secs_f64();
    let quarter = |q: usize| samples.get(samples.len().saturating_sub(1) * q / 4).copied().unwrap_or(0);
    println!(
        "    RSS before {rss_before} KiB; during the read at 0/4/…/4 of it: {} {} {} {} {} KiB, max {} KiB",
        quarter(0),
        quarter(1),
        quarter(2),
        quarter(3),
        quarter(4),
        samples.iter().max().copied().unwrap_or(0)
    );
    let rows = answer["result"]["rows"].as_u64().unwrap_or(0);
    let requests = answer["result"]["requests"].as_u64().unwrap_or(0);
    // The peak before the file is counted, line by line (reading it whole would be the peak).
    let peak = status_kib("VmHWM:");
    let lines = std::fs::File::open(path).map(|file| BufReader::new(file).lines().count()).unwrap_or(0);
    // The ceiling: the burst's requests at once, then 10 a second, 2,500 rows each.
    let after_burst = (requests as f64 - f64::from(LIST_BURST)).max(0.0) / LIST_PER_SECOND;
    let ceiling = 2_500.0 * LIST_PER_SECOND;
    println!(
        "  {label:<22} {rows} rows ({}), {lines} lines, {requests} requests, wall {wall:.2} s \
         (the bucket's minimum {after_burst:.2} s), {:.0} rows/s = {:.2} of the ceiling {ceiling:.0} rows/s, \
         error {}, peak RSS {} KiB",
        if rows as usize == deals { "all" } else { "NOT all" },
        rows as f64 / wall,
        rows as f64 / wall / ceiling,
        answer["error"].as_str().unwrap_or("none"),
        peak,
    );
}

fn list(deals: usize, big: usize) {
    println!(
        "== list: {deals} deals, sandbox in another process, bucket {LIST_BURST} at once + {LIST_PER_SECOND} per s, same rate_limit given"
    );
    let rate = json!({"burst": LIST_BURST, "per_second": LIST_PER_SECOND});
    let dir = std::env::temp_dir().join(format!("b24-bench-list-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let path = dir.join("deals.jsonl");

    let sandbox = ListSandbox::start(deals);
    list_read(&sandbox.url, &rate, &path, deals, "ListAll to a file");
    let (accepted, refused) = sandbox.stop();
    println!("    the portal: {accepted} requests let through, {refused} refused");

    // OPI's way: a page of 50 a request with offset; its first 5,000 rows (100 requests).
    let sandbox = ListSandbox::start(deals);
    let url = sandbox.url.clone();
    let sample = 5_000.min(deals);
    let started = Instant::now();
    let mut rows = 0;
    let mut requests = 0;
    while rows < sample {
        let answer = call_json(
            bitrix24_ffi::ffi::b24_get_deals_list,
            &json!({"url": url, "offset": rows, "rate_limit": rate, "timeout": 120}),
        );
        requests += 1;
        let page = answer["result"].as_array().map_or(0, Vec::len);
        if page == 0 {
            break;
        }
        rows += page;
    }
    let wall = started.elapsed().as_secs_f64();
    let whole = (deals as f64 / 50.0 - f64::from(LIST_BURST)).max(0.0) / LIST_PER_SECOND;
    println!(
        "  {:<22} {rows} rows, {requests} requests, wall {wall:.2} s, {:.0} rows/s; the whole list would take \
         {} requests, at least {whole:.0} s",
        "OPI's way (offset)",
        rows as f64 / wall,
        deals.div_ceil(50),
    );
    let (_, refused) = sandbox.stop();
    println!("    the portal refused {refused}");

    // Offset batches: ListAll by start=N (a shape without a filter), 50 calls a request.
    let sandbox = ListSandbox::start(deals);
    let url = sandbox.url.clone();
    let started = Instant::now();
    let answer = call_json(
        bitrix24_ffi::ffi::b24_list_all,
        &json!({"url": url, "method": "crm.deal.list", "shape": {"id": "ID"}, "file": path, "rate_limit": rate, "timeout": 120}),
    );
    let wall = started.elapsed().as_secs_f64();
    println!(
        "  {:<22} {} rows, {} requests, wall {wall:.2} s, {:.0} rows/s, error {}",
        "offset batches",
        answer["result"]["rows"],
        answer["result"]["requests"],
        answer["result"]["rows"].as_f64().unwrap_or(0.0) / wall,
        answer["error"].as_str().unwrap_or("none"),
    );
    let (_, refused) = sandbox.stop();
    println!("    the portal refused {refused}");

    if big > 0 {
        let sandbox = ListSandbox::start(big);
        list_read(&sandbox.url, &rate, &path, big, "ListAll, long list");
        let (accepted, refused) = sandbox.stop();
        println!("    the portal: {accepted} requests let through, {refused} refused");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
