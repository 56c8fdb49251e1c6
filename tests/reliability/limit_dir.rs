//! (issue 11) The shared state on disk: a `limit_dir` is often shared, like `/tmp`, and may hold
//! files another local user planted. Every test sends through the C ABI to the sandbox with a
//! `limit_dir`, then looks at the directory, the planted files and what the portal received.

use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use bitrix24_ffi::sandbox::Sandbox;
use serde_json::{json, Value};

use super::common::{self, error_code, ffi};

/// The library's rate for these tests, and the sandbox portal's: an interval of 0.2 s, a full
/// bucket drains in 2 s, and the limiter paces by 9 of the 10 (one kept in reserve).
const BURST: u32 = 10;
const PER_SECOND: f64 = 5.0;

/// The first words of a state record (the form the library writes).
const MAGIC: &str = "b24-limiter-bucket 1 ";

/// Set in a child process started by [`as_other_user`]: what the child does.
const CHILD: &str = "B24_LIMIT_DIR_CHILD";

/// A fresh directory for one test, removed when the test ends, passed or not.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("b24-limit-dir-{name}-{}-{}", std::process::id(), now()));
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs_f64()
}

/// A sandbox whose portal has the tests' bucket.
fn portal() -> Sandbox {
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    sandbox.set_bucket(BURST, PER_SECOND);
    sandbox
}

/// Sends `text` to chat1 through the C ABI with the tests' rate, `dir` as limit_dir and
/// `timeout` seconds.
fn send(sandbox: &Sandbox, dir: &Path, text: &str, timeout: f64) -> Value {
    common::call(
        ffi::b24_send_message,
        &json!({
            "url": sandbox.webhook_url(), "chat": "chat1", "text": text, "timeout": timeout,
            "limit_dir": dir, "rate_limit": {"burst": BURST, "per_second": PER_SECOND},
        }),
    )
}

/// The same, in a thread: the answer, or `None` when the call has not returned within `wait`.
fn send_within(sandbox: &Sandbox, dir: &Path, text: &str, timeout: f64, wait: Duration) -> Option<Value> {
    let (sent, received) = mpsc::channel();
    let (url, dir, text) = (sandbox.webhook_url(), dir.to_path_buf(), text.to_string());
    std::thread::spawn(move || {
        let answer = common::call(
            ffi::b24_send_message,
            &json!({
                "url": url, "chat": "chat1", "text": text, "timeout": timeout,
                "limit_dir": dir, "rate_limit": {"burst": BURST, "per_second": PER_SECOND},
            }),
        );
        let _ = sent.send(answer);
    });
    received.recv_timeout(wait).ok()
}

fn texts(sandbox: &Sandbox) -> Vec<String> {
    sandbox.messages("chat1").into_iter().filter_map(|m| m.message).collect()
}

/// The portal's state and lock files in `dir`, made by one first call.
struct Files {
    state: PathBuf,
    lock: PathBuf,
}

fn first_call(sandbox: &Sandbox, dir: &Path) -> Files {
    let answer = send(sandbox, dir, "first", 5.0);
    assert!(answer["result"].is_u64(), "{answer}");
    let named = |suffix: &str| {
        let found: Vec<PathBuf> = fs::read_dir(dir)
            .unwrap()
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.to_string_lossy().ends_with(suffix))
            .collect();
        assert_eq!(found.len(), 1, "one {suffix} file: {found:?}");
        found[0].clone()
    };
    Files { state: named(".bucket"), lock: named(".lock") }
}

/// A state record holding `tat`.
fn record(tat: f64) -> String {
    format!("{MAGIC}{tat}\n")
}

/// The `tat` a state file holds, read as the library writes it.
fn stored_tat(state: &Path) -> f64 {
    let text = fs::read_to_string(state).unwrap();
    text.strip_prefix(MAGIC).and_then(|t| t.trim().parse().ok()).unwrap_or_else(|| panic!("{text:?}"))
}

fn mkfifo(path: &Path) {
    let name = std::ffi::CString::new(path.as_os_str().as_encoded_bytes()).unwrap();
    // SAFETY: a NUL-terminated path that outlives the call.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o666) }, 0, "mkfifo {}", path.display());
}

/// Lets a reader blocked on the FIFO at `path` go (a writer that opens and closes it), so that a
/// failed test leaves no thread stuck.
fn release_fifo(path: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    let _ = fs::OpenOptions::new().write(true).custom_flags(libc::O_NONBLOCK).open(path);
}

/// A claim the bucket allows in form but that holds the next request 2.3 s: past the tests'
/// 1.5 s timeout when obeyed.
fn a_wait_of_two_seconds() -> String {
    record(now() + 3.9)
}

fn assert_sent(answer: &Value, sandbox: &Sandbox, text: &str) {
    assert!(answer["result"].is_u64(), "{answer}");
    assert!(texts(sandbox).iter().any(|sent| sent == text), "{:?}", texts(sandbox));
}

fn assert_regular(path: &Path) {
    let kind = fs::symlink_metadata(path).unwrap().file_type();
    assert!(kind.is_file(), "{} is {kind:?}, not a regular file", path.display());
}

// --- links ----------------------------------------------------------------------------------

#[test]
fn a_symlink_planted_as_the_state_file_is_not_followed() {
    let scratch = Scratch::new("state-link");
    let dir = scratch.path("shared");
    let sandbox = portal();
    let files = first_call(&sandbox, &dir);
    // The victim holds what a state would: read through the link, it would hold the call.
    let victim = scratch.path("victim");
    let content = a_wait_of_two_seconds();
    fs::write(&victim, &content).unwrap();
    fs::remove_file(&files.state).unwrap();
    std::os::unix::fs::symlink(&victim, &files.state).unwrap();

    let answer = send(&sandbox, &dir, "through a link", 1.5);
    assert_sent(&answer, &sandbox, "through a link");
    assert_eq!(fs::read_to_string(&victim).unwrap(), content, "the victim was changed");
    assert_regular(&files.state);
}

#[test]
fn a_symlink_planted_as_the_temporary_file_is_not_followed() {
    let scratch = Scratch::new("temp-link");
    let dir = scratch.path("shared");
    let sandbox = portal();
    let files = first_call(&sandbox, &dir);
    let victim = scratch.path("victim");
    fs::write(&victim, "precious").unwrap();
    // The name the temporary file had, and a few others a neighbour might guess.
    let state = files.state.to_string_lossy().into_owned();
    for guess in [format!("{state}.tmp"), format!("{state}.new"), format!("{state}~")] {
        std::os::unix::fs::symlink(&victim, guess).unwrap();
    }

    for n in 0..3 {
        let text = format!("temp {n}");
        assert_sent(&send(&sandbox, &dir, &text, 5.0), &sandbox, &text);
    }
    assert_eq!(fs::read_to_string(&victim).unwrap(), "precious", "written through a link");
    assert!(stored_tat(&files.state) > now(), "the state is kept in the directory");
}

#[test]
fn a_symlink_planted_as_the_lock_file_is_not_followed() {
    let scratch = Scratch::new("lock-link");
    let dir = scratch.path("shared");
    let sandbox = portal();
    let files = first_call(&sandbox, &dir);
    // A link to a file that does not exist: following it would create the file.
    let victim = scratch.path("victim-created-through-the-link");
    fs::remove_file(&files.lock).unwrap();
    std::os::unix::fs::symlink(&victim, &files.lock).unwrap();

    let answer = send(&sandbox, &dir, "lock link", 5.0);
    assert_sent(&answer, &sandbox, "lock link");
    assert!(!victim.exists(), "a file was created through the link");
    assert_regular(&files.lock);
}

// --- FIFOs -----------------------------------------------------------------------------------

#[test]
fn fifos_planted_as_the_state_and_lock_files_are_not_waited_on() {
    let scratch = Scratch::new("fifos");
    let dir = scratch.path("shared");
    let sandbox = portal();
    let files = first_call(&sandbox, &dir);
    fs::remove_file(&files.state).unwrap();
    fs::remove_file(&files.lock).unwrap();
    mkfifo(&files.state);
    mkfifo(&files.lock);

    let answer = send_within(&sandbox, &dir, "fifos", 5.0, Duration::from_secs(4));
    let Some(answer) = answer else {
        release_fifo(&files.state);
        release_fifo(&files.lock);
        panic!("the call hangs on a FIFO");
    };
    assert_sent(&answer, &sandbox, "fifos");
    assert_regular(&files.state);
    assert_regular(&files.lock);
}

// --- the lock ---------------------------------------------------------------------------------

#[test]
fn a_lock_held_past_the_deadline_gives_rate_limited_within_the_deadline() {
    use std::os::fd::AsRawFd;
    let scratch = Scratch::new("held");
    let dir = scratch.path("shared");
    let sandbox = portal();
    let files = first_call(&sandbox, &dir);
    // Another descriptor holds the lock, as a stuck process would.
    let holder = fs::File::open(&files.lock).unwrap();
    // SAFETY: flock on a descriptor this test owns.
    assert_eq!(unsafe { libc::flock(holder.as_raw_fd(), libc::LOCK_EX) }, 0);
    let before = sandbox.requests().len();

    let started = Instant::now();
    let answer = send_within(&sandbox, &dir, "held", 0.5, Duration::from_secs(3));
    let took = started.elapsed();
    drop(holder);
    let answer = answer.expect("the call waits for the lock past its deadline");
    assert_eq!(error_code(&answer), "B24_RATE_LIMITED", "{answer}");
    let description = answer["error_description"].as_str().unwrap_or("");
    assert!(description.contains("limit_dir") && description.contains("lock"), "{description}");
    assert!(took < Duration::from_millis(1200), "{took:?}");
    assert_eq!(sandbox.requests().len(), before, "nothing was sent");

    // Released, the lock is taken at once.
    assert_sent(&send(&sandbox, &dir, "released", 5.0), &sandbox, "released");
}

// --- values from the file -----------------------------------------------------------------------

#[test]
fn a_state_claiming_a_wait_of_an_hour_is_repaired_not_obeyed() {
    let scratch = Scratch::new("hour");
    let dir = scratch.path("shared");
    let sandbox = portal();
    let files = first_call(&sandbox, &dir);
    for (n, claim) in [3000.0, 3.0 * 3600.0, 1e15].into_iter().enumerate() {
        fs::write(&files.state, record(now() + claim)).unwrap();
        let started = Instant::now();
        let text = format!("claim {n}");
        assert_sent(&send(&sandbox, &dir, &text, 1.5), &sandbox, &text);
        assert!(started.elapsed() < Duration::from_millis(1500), "{:?}", started.elapsed());
        // Repaired: at most a full bucket (2 s) and this request's interval ahead.
        let ahead = stored_tat(&files.state) - now();
        assert!(ahead <= 2.5, "the state still claims {ahead} s");
    }
}

#[test]
fn a_huge_state_file_is_not_read_whole() {
    let scratch = Scratch::new("huge");
    let dir = scratch.path("shared");
    let sandbox = portal();
    let files = first_call(&sandbox, &dir);
    // A number with megabytes of leading zeros: read whole, a state that holds the call.
    let claim = a_wait_of_two_seconds();
    let digits = claim.strip_prefix(MAGIC).unwrap();
    let huge = format!("{MAGIC}{}{digits}", "0".repeat(4 << 20));
    fs::write(&files.state, huge).unwrap();

    let answer = send(&sandbox, &dir, "huge", 1.5);
    assert_sent(&answer, &sandbox, "huge");
    assert!(fs::metadata(&files.state).unwrap().len() < 1024, "the state was not rewritten");
}

// --- two users ------------------------------------------------------------------------------

const NOBODY: u32 = 65534;

/// Why another user cannot run the test binary at `exe`, if they cannot: every folder above it
/// must let others through, and the binary must let them run it.
fn unreachable_by_others(exe: &Path) -> Option<String> {
    let mode = |path: &Path| fs::metadata(path).map(|meta| meta.mode()).unwrap_or(0);
    if mode(exe) & 0o005 != 0o005 {
        return Some(format!("{} cannot be run by other users", exe.display()));
    }
    exe.ancestors().skip(1).find(|dir| mode(dir) & 0o001 == 0).map(|dir| {
        format!("{} cannot be entered by other users, so nobody cannot run the test binary", dir.display())
    })
}

/// Runs `mode` of [`child_as_other_user`] as the user nobody and checks that it passed.
fn as_other_user(mode: &str, sandbox: &Sandbox, dir: &Path) {
    use std::os::unix::process::CommandExt;
    let output = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "limit_dir::child_as_other_user", "--nocapture", "--test-threads=1"])
        .env(CHILD, mode)
        .env("B24_LIMIT_DIR_CHILD_URL", sandbox.webhook_url())
        .env("B24_LIMIT_DIR_CHILD_DIR", dir)
        .env_remove("B24_LIMIT_DIR")
        .env_remove("B24_RATE_LIMIT")
        .uid(NOBODY)
        .gid(NOBODY)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .expect("the test binary starts as nobody");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "the child as nobody failed ({}):\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

/// In a child running as nobody (and only there): one send goes at once into the bucket root's
/// process filled but for one slot, and the next finds the bucket full.
#[test]
fn child_as_other_user() {
    if std::env::var(CHILD).as_deref() != Ok("send") {
        return;
    }
    // SAFETY: getuid has no preconditions.
    assert_eq!(unsafe { libc::getuid() }, NOBODY);
    let url = std::env::var("B24_LIMIT_DIR_CHILD_URL").unwrap();
    let dir = std::env::var("B24_LIMIT_DIR_CHILD_DIR").unwrap();
    let rate = json!({"burst": 3, "per_second": 0.25});
    let input = |text: &str, timeout: f64| json!({"url": url, "chat": "chat1", "text": text, "timeout": timeout, "limit_dir": dir, "rate_limit": rate});
    let answer = common::call(ffi::b24_send_message, &input("from nobody", 1.0));
    assert!(answer["result"].is_u64(), "{answer}");
    let answer = common::call(ffi::b24_send_message, &input("nobody again", 0.5));
    assert_eq!(error_code(&answer), "B24_RATE_LIMITED", "{answer}");
}

#[test]
fn two_users_share_one_bucket_in_a_sticky_world_writable_directory() {
    // SAFETY: getuid has no preconditions.
    let why = if unsafe { libc::getuid() } != 0 {
        Some("this test needs root to start a process as another user".to_string())
    } else {
        unreachable_by_others(&std::env::current_exe().unwrap())
    };
    if let Some(why) = why {
        assert!(std::env::var("CI").as_deref() != Ok("true"), "{why}; CI runs the tests as root");
        eprintln!("note: {why}; skipped");
        return;
    }
    let scratch = Scratch::new("users");
    fs::set_permissions(&scratch.0, fs::Permissions::from_mode(0o755)).unwrap();
    let dir = scratch.path("shared");
    fs::create_dir(&dir).unwrap();
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o1777)).unwrap();
    let sandbox = Sandbox::start().expect("the sandbox starts on loopback");
    // Paced by 2 of the 3, draining one every 4 s: two sends fill it for seconds.
    sandbox.set_bucket(3, 0.25);
    let rate = json!({"burst": 3, "per_second": 0.25});
    let input = |text: &str, timeout: f64| {
        json!({"url": sandbox.webhook_url(), "chat": "chat1", "text": text, "timeout": timeout,
               "limit_dir": dir, "rate_limit": rate})
    };

    // Root takes one slot and makes the files...
    let answer = common::call(ffi::b24_send_message, &input("from root", 5.0));
    assert!(answer["result"].is_u64(), "{answer}");
    let mut made = Vec::new();
    for entry in fs::read_dir(&dir).unwrap() {
        let meta = entry.as_ref().unwrap().metadata().unwrap();
        assert!(meta.is_file(), "{entry:?}");
        assert_eq!(meta.uid(), 0);
        assert_eq!(meta.mode() & 0o777, 0o666, "{entry:?} must be usable by the directory's other users");
        made.push(entry.unwrap().path());
    }
    assert_eq!(made.len(), 2, "a state and a lock file: {made:?}");
    let state = made.iter().find(|p| p.to_string_lossy().ends_with(".bucket")).unwrap().clone();
    let before = stored_tat(&state);

    // ...nobody takes the other slot and finds the bucket full: the sticky bit keeps it from
    // replacing root's files, so it must use them as they are.
    as_other_user("send", &sandbox, &dir);
    assert_eq!(texts(&sandbox), ["from root", "from nobody"]);
    assert_eq!(fs::metadata(&state).unwrap().uid(), 0, "root's state is used, not replaced");
    assert!(stored_tat(&state) > before + 3.0, "nobody's request is in the shared state");

    // And root sees nobody's request: the bucket is full for it too.
    let answer = common::call(ffi::b24_send_message, &input("root again", 0.5));
    assert_eq!(error_code(&answer), "B24_RATE_LIMITED", "{answer}");
    assert_eq!(sandbox.refusals(), 0);
}
