//! Peak memory of sending a 50 MB file with SendFile, then with UploadFileToStorage, `file`
//! given as a path:
//!
//!     cargo build --release --features sandbox --example sandbox
//!     cargo run --release --features sandbox --example bench_file
//!
//! The sandbox portal runs in another process (the `sandbox` example, found beside this one
//! in target/<profile>/examples/), so that its copy of the upload is not counted: the figures
//! are the library's alone. If the sandbox binary is missing, this builds it first with the
//! same cargo, profile and target folder. B24_BENCH_FILE_MB sets the size (default 50).
//!
//! Prints, for each function, the file size, the peak resident set (VmHWM of /proc/self/status)
//! before and after the send, the peak as a multiple of the file size, and the time taken. The
//! goal is a peak under 3× the file size: the file is read and base64-encoded while the body is
//! sent. The peak only grows, so the second phase's figure covers both sends; it is measured
//! after the first so that each phase's growth shows apart.

use std::ffi::{CStr, CString};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

use bitrix24_ffi::ffi::{b24_call, b24_free, b24_send_file, b24_upload_file_to_storage};

/// A field of /proc/self/status in KiB (VmHWM: the peak resident set; VmRSS: now).
fn status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn call(
    export: unsafe extern "C" fn(*const std::ffi::c_char) -> *mut std::ffi::c_char,
    input: &str,
) -> String {
    let input = CString::new(input).expect("no NUL");
    // SAFETY: a NUL-terminated text that outlives the call.
    let answer = unsafe { export(input.as_ptr()) };
    // SAFETY: the library's NUL-terminated answer, released once below.
    let text = unsafe { CStr::from_ptr(answer) }.to_string_lossy().into_owned();
    unsafe { b24_free(answer) };
    text
}

/// target/<profile>/examples/sandbox, built if missing.
fn sandbox_binary() -> PathBuf {
    let exe = std::env::current_exe().expect("the benchmark knows its path");
    let examples = exe.parent().expect("examples/").to_path_buf();
    let binary = examples.join("sandbox");
    if binary.exists() {
        return binary;
    }
    let profile_dir = examples.parent().expect("target/<profile>/");
    let target_dir = profile_dir.parent().expect("target/");
    let profile = profile_dir.file_name().and_then(|n| n.to_str()).unwrap_or("debug");
    let profile = if profile == "debug" { "dev" } else { profile };
    eprintln!("building the sandbox example ({profile} profile) …");
    let status = Command::new(env!("CARGO"))
        .args(["build", "--features", "sandbox", "--example", "sandbox", "--profile", profile])
        .arg("--target-dir")
        .arg(target_dir)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .status()
        .expect("cargo runs");
    assert!(status.success() && binary.exists(), "the sandbox example did not build");
    binary
}

/// Starts the sandbox process and returns it with its webhook URL. Its stdout is drained for
/// as long as it runs, so that it never blocks (or fails) writing to a full pipe.
fn start_sandbox(binary: &Path) -> (Child, String) {
    let mut child = Command::new(binary)
        .arg("127.0.0.1:0")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the sandbox starts");
    let mut lines = BufReader::new(child.stdout.take().expect("piped")).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("webhook URL:").map(|url| url.trim().to_string()))
        .expect("the sandbox prints its webhook URL");
    std::thread::spawn(move || lines.for_each(drop));
    (child, url)
}

/// Writes `size` bytes of a varied pattern, a megabyte at a time, so that making the file
/// does not itself raise this process's peak.
fn write_file(path: &Path, size: usize) {
    let chunk: Vec<u8> = (0..1024 * 1024).map(|i: usize| (i.wrapping_mul(31) ^ (i >> 9)) as u8).collect();
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).expect("the file can be made"));
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        file.write_all(&chunk[..n]).expect("the file can be written");
        left -= n;
    }
    file.flush().expect("the file can be written");
}

fn main() {
    let megabytes: usize = std::env::var("B24_BENCH_FILE_MB").ok().and_then(|n| n.parse().ok()).unwrap_or(50);
    let size = megabytes * 1024 * 1024;
    let (mut sandbox, url) = start_sandbox(&sandbox_binary());
    let path = std::env::temp_dir().join(format!("b24-bench-file-{}.bin", std::process::id()));
    write_file(&path, size);

    // Warm up: the HTTP client, the limiter's entry for the portal (off), a chat to send to
    // (a message to chat1 makes it), and a small file through the same code path.
    let warm =
        call(b24_call, &format!(r#"{{"url": "{url}", "method": "server.time", "rate_limit": "off"}}"#));
    assert!(warm.contains("\"result\""), "{warm}");
    let chat = call(
        b24_call,
        &format!(
            r#"{{"url": "{url}", "method": "im.message.add", "params": {{"DIALOG_ID": "chat1", "MESSAGE": "bench"}}}}"#
        ),
    );
    assert!(chat.contains("\"result\""), "{chat}");
    let small = call(
        b24_send_file,
        &format!(r#"{{"url": "{url}", "chat": 1, "file": {{"name": "warm.txt", "base64": "d2FybQ=="}}}}"#),
    );
    assert!(small.contains("\"messageId\""), "{small}");

    let file_kib = (size / 1024) as f64;
    let mut goals = Vec::new();

    let phase = Phase::start();
    let input = serde_json::json!({"url": url, "chat": 1, "file": path.to_str().expect("UTF-8 path"), "timeout": 600})
        .to_string();
    let answer = call(b24_send_file, &input);
    let sent: serde_json::Value = serde_json::from_str(&answer).expect("the answer is JSON");
    goals.push(phase.report("SendFile", megabytes, file_kib));
    assert!(sent["result"]["messageId"].is_u64(), "the file was not sent: {answer}");
    assert_eq!(sent["result"]["file"]["size"], size, "the portal got all of it");

    // UploadFileToStorage: the same file into the shared drive (storage 2 in the sandbox).
    let warm = call(
        b24_upload_file_to_storage,
        &format!(
            r#"{{"url": "{url}", "title": "warm.txt", "file": {{"base64": "d2FybQ=="}}, "storageid": 2}}"#
        ),
    );
    assert!(warm.contains("\"result\""), "{warm}");
    let phase = Phase::start();
    let input =
        serde_json::json!({"url": url, "title": "bench.bin", "file": path.to_str().expect("UTF-8 path"),
        "storageid": 2, "timeout": 600})
        .to_string();
    let answer = call(b24_upload_file_to_storage, &input);
    let uploaded: serde_json::Value = serde_json::from_str(&answer).expect("the answer is JSON");
    goals.push(phase.report("UploadFileToStorage", megabytes, file_kib));
    assert_eq!(uploaded["result"]["SIZE"], size.to_string(), "the portal got all of it: {answer}");

    let _ = std::fs::remove_file(&path);
    let _ = sandbox.kill();
    let _ = sandbox.wait();
    let met = goals.iter().all(|goal| *goal);
    println!("goal (peak < 3× the file size, both functions): {}", if met { "met" } else { "NOT met" });
}

/// One measured send: the peak and the resident set before it, and when it started.
struct Phase {
    before_hwm: u64,
    before_rss: u64,
    started: Instant,
}

impl Phase {
    fn start() -> Phase {
        Phase { before_hwm: status_kib("VmHWM:"), before_rss: status_kib("VmRSS:"), started: Instant::now() }
    }

    /// Prints the figures of the send just made; true when its peak met the goal.
    fn report(self, function: &str, megabytes: usize, file_kib: f64) -> bool {
        let elapsed = self.started.elapsed();
        let after_hwm = status_kib("VmHWM:");
        println!("bitrix24-ffi bench_file: {function} with file as a path, sandbox in another process");
        println!("file size:            {} bytes ({megabytes} MiB)", megabytes * 1024 * 1024);
        println!("peak RSS before:      {} KiB (RSS {} KiB)", self.before_hwm, self.before_rss);
        println!("peak RSS after:       {after_hwm} KiB");
        println!("peak / file size:     {:.2}×", after_hwm as f64 / file_kib);
        println!("peak growth / size:   {:.2}×", after_hwm.saturating_sub(self.before_hwm) as f64 / file_kib);
        println!(
            "time:                 {:.3} s ({:.1} MiB/s)",
            elapsed.as_secs_f64(),
            megabytes as f64 / elapsed.as_secs_f64()
        );
        println!();
        after_hwm as f64 / file_kib < 3.0
    }
}
