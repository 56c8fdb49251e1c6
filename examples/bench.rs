//! b24_send_message against the in-process sandbox portal over loopback HTTP:
//!
//!     cargo run --release --features sandbox --example bench
//!
//! Runs sequential calls, then the same number spread over 8 threads, and prints calls/s,
//! µs/call and the resident set size every 10,000 calls, so a leak shows as growth. The
//! sandbox keeps no record of what it received, so its memory does not grow either.
//! B24_BENCH_CALLS sets the total (default 100,000).

use std::ffi::{c_char, CStr, CString};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use bitrix24_ffi::ffi::{b24_free, b24_send_message};
use bitrix24_ffi::sandbox::Sandbox;

const THREADS: usize = 8;
const CHECKPOINT: usize = 10_000;

fn send(params: &CStr) {
    // SAFETY: a NUL-terminated text that outlives the call.
    let answer: *mut c_char = unsafe { b24_send_message(params.as_ptr()) };
    // SAFETY: a NUL-terminated answer, released once.
    let ok = unsafe { CStr::from_ptr(answer) }.to_bytes().starts_with(b"{\"result\"");
    unsafe { b24_free(answer) };
    assert!(ok, "a send failed during the benchmark");
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

fn main() {
    let total: usize = std::env::var("B24_BENCH_CALLS").ok().and_then(|n| n.parse().ok()).unwrap_or(100_000);
    let per_phase = total / 2;
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    let params = CString::new(format!(
        r#"{{"url": "{}", "chat": "chat450", "text": "Message text", "blocks": [{{"IMAGE": {{"NAME": "Image", "LINK": "https://example.com/p.jpg"}}}}]}}"#,
        sandbox.webhook_url()
    ))
    .expect("no NUL");

    for _ in 0..1_000 {
        send(&params);
    }
    sandbox.keep_records(false);
    println!("bitrix24-ffi bench: b24_send_message to the in-process sandbox, {total} calls");
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
