//! The limiter through its public functions: real clocks, threads and processes. Each test
//! uses its own origin, because the buckets are process-wide.

use std::sync::{Arc, Barrier};
use std::thread;
use std::time::{Duration, Instant};

use super::*;

fn target(origin: &str, rate: Rate) -> Target<'_> {
    Target { origin, rate: Some(rate), limit_dir: None }
}

fn close_to(got: Duration, want: f64, tolerance: f64) -> bool {
    (got.as_secs_f64() - want).abs() <= tolerance
}

fn refused_wait(result: Result<Duration, LimitError>) -> (f64, Cause) {
    match result {
        Err(LimitError::Deadline { wait, cause }) => (wait.as_secs_f64(), cause),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Timing slack for sleeps that overshoot on a loaded machine: an earlier request that woke
/// late makes a later one look closer to it than it was scheduled.
const OVERSHOOT: f64 = 0.05;

/// Every run of requests, counted by the moments they went, fits the bucket:
/// at most burst + rate × (last − first) requests.
fn assert_within_bucket(stamps: &mut [f64], burst: u32, per_second: f64) {
    stamps.sort_by(f64::total_cmp);
    for i in 0..stamps.len() {
        for j in i..stamps.len() {
            let count = (j - i + 1) as f64;
            let allowed = f64::from(burst) + per_second * (stamps[j] - stamps[i] + OVERSHOOT);
            assert!(
                count <= allowed,
                "{count} requests in {:.3} s (allowed {allowed:.1})",
                stamps[j] - stamps[i]
            );
        }
    }
    // And the limiter did limit: the requests beyond the burst needed their drain time.
    let span = stamps[stamps.len() - 1] - stamps[0];
    let needed = (stamps.len() as f64 - f64::from(burst)) / per_second;
    assert!(span >= needed - OVERSHOOT, "{} requests in {span:.3} s, need {needed:.3} s", stamps.len());
}

#[test]
fn a_standard_burst_passes_and_the_next_request_waits_half_a_second() {
    let standard = target("https://burst.example", Rate::Standard);
    // 49 of the 50: one slot stays in reserve for a request the portal counts late.
    for i in 0..49 {
        let waited =
            acquire(&standard, "im.message.add", Instant::now()).unwrap_or_else(|e| panic!("{i}: {e}"));
        assert!(waited < Duration::from_millis(50));
    }
    let (wait, cause) = refused_wait(acquire(&standard, "im.message.add", Instant::now()));
    assert_eq!(cause, Cause::Rate);
    assert!((0.4..=0.5).contains(&wait), "{wait}");
    // The refusal reserved nothing: asking again gives the same wait, not one more interval.
    let (again, _) = refused_wait(acquire(&standard, "im.message.add", Instant::now()));
    assert!(again <= wait, "{again} after {wait}");
    let waited = acquire(&standard, "im.message.add", Instant::now() + Duration::from_secs(2)).unwrap();
    assert!(close_to(waited, again, 0.1), "{waited:?}");
}

#[test]
fn an_enterprise_burst_is_250() {
    let enterprise = target("https://enterprise.example", Rate::Enterprise);
    for _ in 0..249 {
        acquire(&enterprise, "m", Instant::now()).unwrap();
    }
    let (wait, _) = refused_wait(acquire(&enterprise, "m", Instant::now()));
    assert!((0.1..=0.2).contains(&wait), "{wait}");
}

#[test]
fn off_never_waits() {
    let off = target("https://off.example", Rate::Off);
    for _ in 0..10_000 {
        assert!(acquire(&off, "m", Instant::now()).is_ok());
    }
}

#[test]
fn the_first_rate_holds_until_another_is_given() {
    let origin = "https://setting.example";
    acquire(&target(origin, Rate::Custom { burst: 1, per_second: 1.0 }), "m", Instant::now()).unwrap();
    let unset = Target { origin, rate: None, limit_dir: None };
    let (wait, _) = refused_wait(acquire(&unset, "m", Instant::now()));
    assert!((0.9..=1.0).contains(&wait), "{wait}");
    assert!(acquire(&target(origin, Rate::Off), "m", Instant::now()).is_ok());
    assert!(acquire(&unset, "m", Instant::now()).is_ok());
}

#[test]
fn a_refusal_from_the_portal_makes_everyone_wait_an_interval_and_backs_off() {
    let limited = target("https://refused.example", Rate::Custom { burst: 10, per_second: 4.0 });
    acquire(&limited, "m", Instant::now()).unwrap();
    let delay = throttled(&limited, 0, Instant::now()).as_secs_f64();
    assert!((0.25..0.375).contains(&delay), "{delay}");
    let (wait, _) = refused_wait(acquire(&limited, "m", Instant::now()));
    assert!((0.2..=0.25).contains(&wait), "{wait}");
    let later = throttled(&limited, 3, Instant::now()).as_secs_f64();
    assert!((0.25 * 1.5f64.powi(3)..0.375 * 1.5f64.powi(3)).contains(&later), "{later}");
}

#[test]
fn threads_together_stay_within_the_bucket() {
    const THREADS: usize = 8;
    const EACH: usize = 6;
    let (burst, per_second) = (5, 50.0);
    let start = Instant::now();
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let barrier = Arc::clone(&barrier);
            thread::spawn(move || {
                let shared = target("https://threads.example", Rate::Custom { burst, per_second });
                barrier.wait();
                (0..EACH)
                    .map(|_| {
                        acquire(&shared, "m", Instant::now() + Duration::from_secs(10)).unwrap();
                        start.elapsed().as_secs_f64()
                    })
                    .collect::<Vec<f64>>()
            })
        })
        .collect();
    let mut stamps: Vec<f64> = handles.into_iter().flat_map(|h| h.join().unwrap()).collect();
    assert_eq!(stamps.len(), THREADS * EACH);
    assert_within_bucket(&mut stamps, burst, per_second);
}

/// An answer's `time`, by a portal clock an hour ahead: `operating` seconds used, the reset
/// `reset_in` seconds after the answer's start.
fn time_of(operating: f64, reset_in: f64) -> AnswerTime {
    let start = unix_now() + 3600.0;
    AnswerTime { start: Some(start), operating: Some(operating), reset_at: Some(start + reset_in) }
}

#[test]
fn a_method_near_its_operating_budget_waits_for_the_reset_and_others_do_not() {
    let origin = "https://operating.example";
    let free = target(origin, Rate::Off);
    record_operating(origin, "im.message.add", &time_of(450.0, 0.3));
    record_operating(origin, "im.chat.get", &time_of(100.0, 0.3));
    assert!(acquire(&free, "im.chat.get", Instant::now()).is_ok());
    assert!(acquire(&free, "im.dialog.get", Instant::now()).is_ok());
    let (wait, cause) = refused_wait(acquire(&free, "im.message.add", Instant::now()));
    assert_eq!(cause, Cause::OperatingTime { method: "im.message.add".to_string() });
    assert!((0.2..=0.3).contains(&wait), "{wait}");
    let waited = acquire(&free, "im.message.add", Instant::now() + Duration::from_secs(2)).unwrap();
    assert!(close_to(waited, 0.3, 0.1), "{waited:?}");
    assert!(acquire(&free, "im.message.add", Instant::now()).is_ok(), "the reset has passed");
}

#[test]
fn a_method_refused_for_operating_time_rests_until_the_reset_and_a_second() {
    let origin = "https://operation-limited.example";
    let free = target(origin, Rate::Off);
    operation_limited(origin, "im.message.add", &time_of(0.0, 0.5), Duration::ZERO);
    let (wait, _) = refused_wait(acquire(&free, "im.message.add", Instant::now()));
    assert!((1.4..=1.5).contains(&wait), "{wait}");
    assert!(acquire(&free, "im.chat.get", Instant::now()).is_ok());
}

#[test]
fn an_operating_refusal_counts_the_bucket_queue_too() {
    let origin = "https://operating-and-rate.example";
    let slow = target(origin, Rate::Custom { burst: 1, per_second: 2.0 });
    acquire(&slow, "other", Instant::now()).unwrap();
    record_operating(origin, "busy", &time_of(470.0, 0.2));
    let (wait, _) = refused_wait(acquire(&slow, "busy", Instant::now()));
    assert!((0.6..=0.7).contains(&wait), "{wait}");
}

#[cfg(unix)]
mod processes {
    use std::io::{BufRead, BufReader};
    use std::path::PathBuf;
    use std::process::{Child, Command, Stdio};
    use std::sync::mpsc;

    use super::super::shared_file::{self, SharedFile};
    use super::*;

    /// Set in a child process: what `child` does there.
    const CHILD: &str = "B24_LIMITER_TEST_CHILD";

    /// A fresh path for one test's shared buckets, removed when the test ends, passed or not.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Scratch {
            let name = format!("b24-limiter-{name}-{}-{}", std::process::id(), unix_now());
            Scratch(std::env::temp_dir().join(name))
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0).or_else(|_| std::fs::remove_file(&self.0));
        }
    }

    fn shared<'a>(origin: &'a str, rate: Rate, dir: &'a Path) -> Target<'a> {
        Target { origin, rate: Some(rate), limit_dir: Some(dir) }
    }

    /// Runs this test binary as a child that acts out `mode` (see `child`).
    fn spawn(mode: &str, dir: &Path, origin: &str, rate: &str, count: usize) -> Child {
        Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "rest::limiter::tests::processes::child", "--nocapture", "--test-threads=1"])
            .env(CHILD, mode)
            .env("B24_LIMITER_TEST_DIR", dir)
            .env("B24_LIMITER_TEST_ORIGIN", origin)
            .env("B24_LIMITER_TEST_RATE", rate)
            .env("B24_LIMITER_TEST_COUNT", count.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    /// The child's messages: the test harness may print its own text before one on a line.
    fn message<'a>(line: &'a str, word: &str) -> Option<&'a str> {
        line.find(word).map(|at| line[at + word.len()..].trim())
    }

    /// Reads the child's lines until `count` of them carry `word`.
    fn wait_for(child: &mut Child, word: &str, count: usize) -> BufReader<std::process::ChildStdout> {
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut text = String::new();
        let mut seen = 0;
        while seen < count {
            text.clear();
            assert!(reader.read_line(&mut text).unwrap() > 0, "the child ended before {word}");
            seen += usize::from(message(&text, word).is_some());
        }
        reader
    }

    /// In a child process (and only there): `acquire` prints the wall-clock moment of each of
    /// COUNT acquisitions; `fill` acquires COUNT times, then hangs; `hold` takes the bucket's
    /// lock and hangs with it. The parent kills the hanging ones.
    #[test]
    fn child() {
        let Ok(mode) = std::env::var(CHILD) else { return };
        let var = |name: &str| std::env::var(name).unwrap();
        let dir = PathBuf::from(var("B24_LIMITER_TEST_DIR"));
        let origin = var("B24_LIMITER_TEST_ORIGIN");
        let rate = Rate::parse(&var("B24_LIMITER_TEST_RATE")).unwrap();
        let count: usize = var("B24_LIMITER_TEST_COUNT").parse().unwrap();
        let target = shared(&origin, rate, &dir);
        match mode.as_str() {
            "acquire" | "fill" => {
                for _ in 0..count {
                    acquire(&target, "m", Instant::now() + Duration::from_secs(30)).unwrap();
                    println!("STAMP {}", unix_now());
                }
                if mode == "fill" {
                    println!("FILLED");
                    thread::sleep(Duration::from_secs(60));
                }
            }
            "hold" => {
                let files = SharedFile::new(&dir, &origin).unwrap();
                let _locked = files.lock(Instant::now() + Duration::from_secs(5)).unwrap().unwrap();
                println!("LOCKED");
                thread::sleep(Duration::from_secs(60));
            }
            other => panic!("unknown child mode {other}"),
        }
    }

    #[test]
    fn processes_sharing_a_directory_stay_within_one_bucket() {
        let scratch = Scratch::new("share");
        let dir = scratch.0.clone();
        let (burst, per_second) = (4, 20.0);
        let rate = format!(r#"{{"burst": {burst}, "per_second": {per_second}}}"#);
        let children: Vec<Child> =
            (0..3).map(|_| spawn("acquire", &dir, "https://procs.example", &rate, 6)).collect();
        let mut stamps = Vec::new();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "a child failed: {:?}", output.status);
            let text = String::from_utf8(output.stdout).unwrap();
            stamps
                .extend(text.lines().filter_map(|l| message(l, "STAMP")).map(|t| t.parse::<f64>().unwrap()));
        }
        assert_eq!(stamps.len(), 18);
        assert_within_bucket(&mut stamps, burst, per_second);
    }

    #[test]
    fn a_child_killed_while_holding_the_lock_releases_it() {
        let scratch = Scratch::new("killed-holding");
        let dir = scratch.0.clone();
        let origin = "https://killed-holding.example";
        let mut child = spawn("hold", &dir, origin, "standard", 0);
        let _reader = wait_for(&mut child, "LOCKED", 1);
        let (sent, received) = mpsc::channel();
        let parent_dir = dir.clone();
        thread::spawn(move || {
            let target = shared(origin, Rate::Standard, &parent_dir);
            sent.send(acquire(&target, "m", Instant::now() + Duration::from_secs(5))).unwrap();
        });
        // The child holds the lock: the parent waits for it...
        assert!(received.recv_timeout(Duration::from_millis(200)).is_err());
        child.kill().unwrap();
        child.wait().unwrap();
        // ...and gets it as soon as the child is gone.
        let waited = received.recv_timeout(Duration::from_secs(2)).expect("still locked").unwrap();
        assert!(waited < Duration::from_secs(2));
    }

    #[test]
    fn a_child_killed_after_filling_the_bucket_leaves_it_full_and_usable() {
        let scratch = Scratch::new("killed-filled");
        let dir = scratch.0.clone();
        let origin = "https://killed-filled.example";
        let mut child = spawn("fill", &dir, origin, r#"{"burst": 3, "per_second": 2}"#, 3);
        let _reader = wait_for(&mut child, "FILLED", 1);
        child.kill().unwrap();
        child.wait().unwrap();
        let target = shared(origin, Rate::Custom { burst: 3, per_second: 2.0 }, &dir);
        let (wait, _) = refused_wait(acquire(&target, "m", Instant::now()));
        assert!((0.1..=0.5).contains(&wait), "the child's requests were forgotten: {wait}");
        assert!(acquire(&target, "m", Instant::now() + Duration::from_secs(2)).is_ok());
    }

    #[test]
    fn a_child_killed_at_a_random_point_leaves_the_bucket_usable() {
        let scratch = Scratch::new("killed-anywhere");
        let dir = scratch.0.clone();
        let origin = "https://killed-anywhere.example";
        let rate = r#"{"burst": 2, "per_second": 500}"#;
        let mut child = spawn("acquire", &dir, origin, rate, 100_000);
        let _reader = wait_for(&mut child, "STAMP", 20);
        child.kill().unwrap();
        child.wait().unwrap();
        let files = SharedFile::new(&dir, origin).unwrap();
        assert!(files.lock(Instant::now()).unwrap().unwrap().read().is_some(), "the state file is not whole");
        let target = shared(origin, Rate::Custom { burst: 2, per_second: 500.0 }, &dir);
        for _ in 0..10 {
            acquire(&target, "m", Instant::now() + Duration::from_secs(1)).unwrap();
        }
    }

    #[test]
    fn a_garbage_state_file_counts_as_an_empty_bucket() {
        let scratch = Scratch::new("garbage");
        let dir = scratch.0.clone();
        let origin = "https://garbage.example";
        let files = SharedFile::new(&dir, origin).unwrap();
        std::fs::write(files.state_path(), b"\x00\xffnot a bucket 1e308\n").unwrap();
        std::fs::write(dir.join("stale.tmp"), b"half a wri").unwrap();
        let target = shared(origin, Rate::Custom { burst: 3, per_second: 1.0 }, &dir);
        assert!(acquire(&target, "m", Instant::now()).is_ok());
        assert!(acquire(&target, "m", Instant::now()).is_ok());
        let (wait, _) = refused_wait(acquire(&target, "m", Instant::now()));
        assert!((0.9..=1.0).contains(&wait), "{wait}");
        assert!(
            files.lock(Instant::now()).unwrap().unwrap().read().is_some(),
            "the state file was not rewritten"
        );
    }

    #[test]
    fn a_state_far_in_the_future_is_taken_for_a_full_bucket() {
        let scratch = Scratch::new("clock");
        let dir = scratch.0.clone();
        let origin = "https://clock.example";
        let custom = Rate::Custom { burst: 4, per_second: 10.0 };
        let target = shared(origin, custom, &dir);
        // The first call registers the rate (and makes the files).
        acquire(&target, "m", Instant::now()).unwrap();
        let files = SharedFile::new(&dir, origin).unwrap();
        // A wall clock set back an hour, or a file someone wrote: not obeyed, but repaired to a
        // full bucket, whose next slot comes two intervals on.
        files.lock(Instant::now()).unwrap().unwrap().write(unix_now() + 3600.0).unwrap();
        let (wait, _) = refused_wait(acquire(&target, "m", Instant::now()));
        assert!((0.1..=0.21).contains(&wait), "{wait}");
        let waited = acquire(&target, "m", Instant::now() + Duration::from_secs(1)).unwrap();
        assert!(waited < Duration::from_millis(500), "{waited:?}");
        let stored = files.lock(Instant::now()).unwrap().unwrap().read().unwrap();
        assert!(stored <= unix_now() + 0.5, "not repaired: {}", stored - unix_now());
    }

    #[test]
    fn a_queue_in_a_shared_file_never_reaches_past_the_span() {
        let scratch = Scratch::new("horizon");
        let dir = scratch.0.clone();
        let origin = "https://horizon.example";
        // Paced by 2 a 20th of a second apart: a span of 0.1 s.
        let target = shared(origin, Rate::Custom { burst: 3, per_second: 20.0 }, &dir);
        let files = SharedFile::new(&dir, origin).unwrap();
        let start = unix_now();
        let mut stamps = Vec::new();
        for _ in 0..8 {
            acquire(&target, "m", Instant::now() + Duration::from_secs(2)).unwrap();
            stamps.push(unix_now() - start);
            let ahead = files.lock(Instant::now()).unwrap().unwrap().read().unwrap() - unix_now();
            assert!(ahead <= 0.2 + 1e-3, "{ahead}");
        }
        assert_within_bucket(&mut stamps, 2, 20.0);
    }

    #[test]
    fn the_lock_is_waited_for_only_until_the_deadline() {
        let scratch = Scratch::new("deadline");
        let dir = scratch.0.clone();
        let origin = "https://lock-deadline.example";
        let files = SharedFile::new(&dir, origin).unwrap();
        let _held = files.lock(Instant::now()).unwrap().unwrap();
        let started = Instant::now();
        assert!(files.lock(started + Duration::from_millis(50)).unwrap().is_none());
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(50) && took < Duration::from_millis(250), "{took:?}");
        let target = shared(origin, Rate::Standard, &dir);
        let error = acquire(&target, "m", Instant::now() + Duration::from_millis(20)).unwrap_err();
        assert!(matches!(error, LimitError::Locked { .. }), "{error:?}");
        assert!(error.to_string().contains("limit_dir"), "{error}");
    }

    #[test]
    fn a_directory_planted_as_the_state_file_is_an_error_naming_it() {
        let scratch = Scratch::new("state-dir");
        let dir = scratch.0.clone();
        let origin = "https://state-dir.example";
        let files = SharedFile::new(&dir, origin).unwrap();
        std::fs::create_dir_all(files.state_path().join("inside")).unwrap();
        let target = shared(origin, Rate::Standard, &dir);
        let error = acquire(&target, "m", Instant::now()).unwrap_err();
        assert!(matches!(error, LimitError::LimitDir { .. }), "{error:?}");
        assert!(error.to_string().contains(".bucket"), "{error}");
        // And a directory as the lock file.
        std::fs::remove_dir_all(files.state_path()).unwrap();
        let _ = std::fs::remove_file(files.lock_path());
        std::fs::create_dir_all(files.lock_path().join("inside")).unwrap();
        let error = acquire(&target, "m", Instant::now()).unwrap_err();
        assert!(error.to_string().contains(".lock"), "{error}");
    }

    #[test]
    fn records_have_one_length_and_old_ones_still_read() {
        let scratch = Scratch::new("records");
        let dir = scratch.0.clone();
        let files = SharedFile::new(&dir, "https://records.example").unwrap();
        let locked = files.lock(Instant::now()).unwrap().unwrap();
        locked.write(1.5).unwrap();
        let short = std::fs::metadata(files.state_path()).unwrap().len();
        locked.write(1_712_345_678.123_456_7).unwrap();
        assert_eq!(std::fs::metadata(files.state_path()).unwrap().len(), short);
        assert_eq!(locked.read(), Some(1_712_345_678.123_456_7));
        // The form of earlier versions, unpadded.
        std::fs::write(files.state_path(), "b24-limiter-bucket 1 42.5\n").unwrap();
        assert_eq!(locked.read(), Some(42.5));
        // More than a state can be: not read.
        let long = format!("b24-limiter-bucket 1 {}1\n", "0".repeat(shared_file::MAX_READ));
        std::fs::write(files.state_path(), long).unwrap();
        assert_eq!(locked.read(), None);
    }

    #[test]
    fn an_unusable_directory_is_an_error_naming_the_option() {
        let scratch = Scratch::new("unusable");
        let dir = scratch.0.clone();
        std::fs::write(&dir, b"a file, not a directory").unwrap();
        let target = shared("https://unusable.example", Rate::Standard, &dir);
        let error = acquire(&target, "m", Instant::now()).unwrap_err();
        assert!(matches!(error, LimitError::LimitDir { .. }), "{error:?}");
        assert!(error.to_string().starts_with("limit_dir"), "{error}");
    }

    #[test]
    fn a_missing_directory_is_created() {
        let scratch = Scratch::new("created");
        let dir = scratch.0.join("nested");
        let target = shared("https://created.example", Rate::Standard, &dir);
        assert!(acquire(&target, "m", Instant::now()).is_ok());
        assert!(dir.is_dir());
    }
}

#[test]
fn bot_methods_also_wait_for_the_bot_pages_limit_and_others_do_not() {
    let origin = "https://bots.limiter.test";
    let off = target(origin, Rate::Off);
    acquire(&off, "imbot.v2.Event.get", Instant::now()).unwrap();
    // Half a second apart at most two a second, whatever the portal's bucket says.
    let (wait, cause) = refused_wait(acquire(&off, "imbot.v2.Chat.Message.send", Instant::now()));
    assert!(wait > 0.4 && wait <= 0.5, "{wait}");
    assert_eq!(cause, Cause::Rate);
    assert!(acquire(&off, "im.message.add", Instant::now()).is_ok(), "other methods are not held");
    let waited = acquire(&off, "IMBOT.V2.Event.get", Instant::now() + Duration::from_secs(1)).unwrap();
    assert!(waited >= Duration::from_millis(400), "{waited:?}");
}

#[test]
fn polls_of_one_queue_keep_their_cadence_across_callers() {
    let every = Duration::from_millis(300);
    let started = Instant::now();
    pace("q one", every, started + Duration::from_secs(1)).unwrap();
    pace("q one", every, started + Duration::from_secs(1)).unwrap();
    assert!(started.elapsed() >= every);
    // A poll that could only come after the deadline is not reserved.
    assert!(pace("q one", every, Instant::now()).is_err());
    let soon = Instant::now() + Duration::from_millis(50);
    assert!(pace("q two", every, soon).is_ok(), "another queue has its own cadence");
}
