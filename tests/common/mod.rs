//! What the integration tests share: calling the extern "C" functions the way a C host does
//! (a C string in, a C string out, released with b24_free), and finding the built library.

#![allow(dead_code)]

use std::ffi::{c_char, CStr, CString};
use std::path::PathBuf;

use serde_json::Value;

pub use bitrix24_ffi::ffi;

/// A one-argument export of the library, as C declares it.
pub type Export = unsafe extern "C" fn(*const c_char) -> *mut c_char;

/// Calls a one-argument export with `input` and returns its answer text, releasing it.
pub fn call_raw(export: Export, input: &[u8]) -> String {
    let input = CString::new(input).expect("test inputs have no NUL");
    // SAFETY: a NUL-terminated text that outlives the call.
    let answer = unsafe { export(input.as_ptr()) };
    take(answer)
}

/// Calls an export with a JSON value and parses its answer.
pub fn call(export: Export, input: &Value) -> Value {
    let text = call_raw(export, input.to_string().as_bytes());
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {text}"))
}

/// Reads and releases an answer; an answer is never NULL.
pub fn take(answer: *mut c_char) -> String {
    assert!(!answer.is_null(), "an answer must never be NULL");
    // SAFETY: the library returns a NUL-terminated string it allocated.
    let text = unsafe { CStr::from_ptr(answer) }.to_str().expect("answers are UTF-8").to_string();
    // SAFETY: released once, by the library that made it.
    unsafe { ffi::b24_free(answer) };
    text
}

/// The library's error code in an answer, "" for a portal answer without `error`.
pub fn error_code(answer: &Value) -> &str {
    answer["error"].as_str().unwrap_or("")
}

/// The cdylib cargo built with this test run. The test is target/<profile>/deps/<name>-<hash>
/// and the library built with it sits in that same deps/ folder; target/<profile>/ holds a
/// copy only from the last `cargo build`, which may be older or missing. B24_TEST_LIBRARY
/// names another build to test instead, e.g. the glibc 2.17 one that package_1c --zigbuild packs.
pub fn library_path() -> PathBuf {
    if let Some(path) = std::env::var_os("B24_TEST_LIBRARY") {
        return PathBuf::from(path);
    }
    let exe = std::env::current_exe().expect("the test knows its path");
    let deps = exe.parent().expect("the test runs from target/<profile>/deps");
    let candidates =
        [deps.join("libbitrix24_ffi.so"), deps.parent().unwrap_or(deps).join("libbitrix24_ffi.so")];
    candidates
        .into_iter()
        .find(|library| library.exists())
        .unwrap_or_else(|| panic!("libbitrix24_ffi.so is missing beside {}", exe.display()))
}

/// The folder of `library_path()`, to link and run C programs against.
pub fn library_dir() -> PathBuf {
    library_path().parent().expect("a library path has a folder").to_path_buf()
}

pub fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whether a tool is on PATH; tests that need one fail in CI (which installs it) and say
/// why elsewhere.
pub fn have_tool(name: &str) -> bool {
    let found = std::process::Command::new("sh")
        .args(["-c", &format!("command -v {name}")])
        .output()
        .map(|out| out.status.success())
        .unwrap_or(false);
    if !found && std::env::var("CI").is_ok() {
        panic!("{name} is not installed; .ci/run installs it");
    }
    if !found {
        eprintln!("note: {name} is not installed here; this check was skipped");
    }
    found
}

/// Runs a command to its end and logs what it printed (shown when a test fails).
pub fn run_logged(command: &mut std::process::Command) -> std::process::Output {
    let output = command.output().unwrap_or_else(|e| panic!("{command:?} did not start: {e}"));
    eprintln!(
        "{command:?}\n--- status {}\n--- stdout\n{}--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Checks the one message a host example sent: its text, then the picture block and the
/// file block (in that order) as ATTACH.
#[cfg(feature = "sandbox")]
pub fn assert_example_message(sandbox: &bitrix24_ffi::sandbox::Sandbox, dialog: &str, text: &str) {
    let posted = sandbox.messages(dialog);
    assert_eq!(posted.len(), 1, "exactly one message reached the portal: {posted:?}");
    assert_eq!(posted[0].message.as_deref(), Some(text));
    let attach = posted[0].attach.clone().expect("the blocks arrived as ATTACH");
    assert_eq!(
        attach,
        serde_json::json!([
            {"IMAGE": {"NAME": "Image", "LINK": "https://hut.openintegrations.dev/test_data/picture.jpg"}},
            {"FILE": {"NAME": "Document.docx", "LINK": "https://hut.openintegrations.dev/test_data/document.docx"}}
        ])
    );
}

/// Turns this process's request limit for the sandbox's portal off, as a test suite may: the
/// first setting seen for a portal holds until another is given. Tests of the limits leave it on.
pub fn without_limits(sandbox: &bitrix24_ffi::sandbox::Sandbox) {
    let answer = call(
        ffi::b24_call,
        &serde_json::json!({"url": sandbox.webhook_url(), "method": "server.time", "rate_limit": "off"}),
    );
    assert!(answer["result"].is_string(), "{answer}");
    sandbox.clear();
}

/// A loopback port where nothing listens, held for as long as the returned socket lives: a
/// socket bound but never listening refuses connections, and no other process can take its
/// port meanwhile (a port bound and released could be taken before the test connects).
pub fn closed_port() -> (std::os::fd::OwnedFd, u16) {
    use std::os::fd::FromRawFd;
    // SAFETY: plain socket calls on a descriptor owned here; the address structs are local.
    unsafe {
        let fd = libc::socket(libc::AF_INET, libc::SOCK_STREAM, 0);
        assert!(fd >= 0, "a socket can be made");
        let owned = std::os::fd::OwnedFd::from_raw_fd(fd);
        let mut address: libc::sockaddr_in = std::mem::zeroed();
        address.sin_family = libc::AF_INET as libc::sa_family_t;
        address.sin_addr.s_addr = u32::from(std::net::Ipv4Addr::LOCALHOST).to_be();
        let size = std::mem::size_of::<libc::sockaddr_in>() as libc::socklen_t;
        assert_eq!(libc::bind(fd, (&address as *const libc::sockaddr_in).cast(), size), 0, "bind");
        let mut bound: libc::sockaddr_in = std::mem::zeroed();
        let mut length = size;
        assert_eq!(libc::getsockname(fd, (&mut bound as *mut libc::sockaddr_in).cast(), &mut length), 0);
        (owned, u16::from_be(bound.sin_port))
    }
}

/// Calls `b24_invoke` with a function's OPI name and a JSON value, and parses its answer.
pub fn invoke(function: &str, input: &Value) -> Value {
    let function = CString::new(function).expect("function names have no NUL");
    let input = CString::new(input.to_string()).expect("test inputs have no NUL");
    // SAFETY: two NUL-terminated texts that outlive the call.
    let text = take(unsafe { ffi::b24_invoke(function.as_ptr(), input.as_ptr()) });
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("answer is not JSON ({e}): {text}"))
}

/// Standard padded base64 (RFC 4648), written here so that tests do not check the library's
/// encoder with itself.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group.iter().enumerate().fold(0u32, |n, (i, &b)| n | (u32::from(b) << (16 - 8 * i)));
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// What the function tests share: a sandbox whose request limit this process does not keep
/// (they are about what is sent and what it does, not when), a call with its webhook, the
/// `result` of a call that must succeed, and the last request of a method the portal got.
#[cfg(feature = "sandbox")]
pub mod portal {
    use bitrix24_ffi::sandbox::{ReceivedRequest, Sandbox};
    use serde_json::{json, Value};

    use super::{call, Export};

    pub fn start() -> Sandbox {
        let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
        super::without_limits(&sandbox);
        sandbox
    }

    /// Calls an export with the sandbox's webhook URL added to `params`.
    pub fn hook(sandbox: &Sandbox, export: Export, mut params: Value) -> Value {
        params["url"] = json!(sandbox.webhook_url());
        call(export, &params)
    }

    pub fn result(answer: &Value) -> &Value {
        assert!(answer.get("error").is_none(), "the call failed: {answer}");
        answer.get("result").unwrap_or_else(|| panic!("no result: {answer}"))
    }

    pub fn last_request(sandbox: &Sandbox, method: &str) -> ReceivedRequest {
        sandbox.requests().into_iter().rev().find(|r| r.rest_method == method).expect("the method was called")
    }
}

/// Reads one HTTP request's head (up to the blank line) from a test's own loopback server:
/// `None` when the client closed before a whole head came.
pub fn read_head(reader: &mut impl std::io::BufRead) -> Option<String> {
    let mut head = String::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        if line == "\r\n" {
            return Some(head);
        }
        head.push_str(&line);
    }
}

/// The Content-Length a request head declares; 0 without one.
pub fn content_length(head: &str) -> usize {
    head.lines()
        .find_map(|line| {
            line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_string())
        })
        .and_then(|value| value.parse().ok())
        .unwrap_or(0)
}
