//! Keeps requests within a portal's limits before they are sent, so that the portal does not
//! have to refuse them.
//!
//! Two limits, both from the portal's documentation:
//! - the request bucket (per portal and source IP, see [`Rate`]): every request of the process
//!   to one portal origin draws from one bucket, whichever thread or add-in object sends it;
//!   with a `limit_dir`, every process on the machine draws from one bucket kept in a file;
//! - the operating time (per portal and method): a method near its execution budget is held
//!   back until the portal's window moves on.
//!
//! Waiting is by reservation: [`acquire`] computes when the request may go, counting the
//! requests already waiting, takes that slot and sleeps until it; or, when the slot comes after
//! the caller's deadline, takes nothing and says how long the wait would have been. This is the
//! one place that sleeps for limits; the transport decides what a refusal means for the call.
//!
//! The state kept in the process is bounded: portals whose buckets have drained and methods
//! whose windows have passed are forgotten when many accumulate.
//!
//! On platforms other than Unix a `limit_dir` is ignored and each process keeps its own
//! buckets: the shared file relies on `flock`.

mod backoff;
mod bucket;
mod operating;
mod rate;
#[cfg(unix)]
mod shared_file;
#[cfg(test)]
mod tests;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::PerProcess;

pub use operating::{BUDGET_SECONDS, HOLD_SHARE, LIMITED_MARGIN_SECONDS, WINDOW_SECONDS};
pub use rate::Rate;

use bucket::{Buckets, Shape};
use operating::Ledger;

/// Sleeps out a wait, except under the fuzzer, whose inputs may set any rate for the stub's
/// portals and would otherwise spend the run asleep.
fn wait_for(duration: Duration) {
    #[cfg(not(fuzzing))]
    std::thread::sleep(duration);
    #[cfg(fuzzing)]
    let _ = duration;
}

/// The environment variable that sets the rate of portals a call gives none for.
pub const RATE_ENV: &str = "B24_RATE_LIMIT";

/// The environment variable that names the shared directory when a call gives none.
pub const LIMIT_DIR_ENV: &str = "B24_LIMIT_DIR";

/// Which bucket a request draws from and how it is set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Target<'a> {
    /// The portal's origin, `scheme://host[:port]`: the unit the portal counts by.
    pub origin: &'a str,
    /// The `rate_limit` setting of this call; `None` keeps the origin's current rate (for an
    /// origin not seen yet: `B24_RATE_LIMIT`, or `Rate::Standard`).
    pub rate: Option<Rate>,
    /// The `limit_dir` setting (or [`default_limit_dir`]): the directory whose file holds the
    /// bucket for every process on the machine. `None`: this process's bucket.
    pub limit_dir: Option<&'a Path>,
}

/// Which limit made a request wait.
#[derive(Debug, Clone, PartialEq)]
pub enum Cause {
    /// The portal's request bucket.
    Rate,
    /// The method's operating-time budget.
    OperatingTime { method: String },
}

/// Why the limiter did not let a request go.
#[derive(Debug, Clone, PartialEq)]
pub enum LimitError {
    /// The request may only go after the caller's deadline; nothing was reserved.
    Deadline { wait: Duration, cause: Cause },
    /// `B24_RATE_LIMIT` holds no rate; the reason says what it should hold.
    RateSetting(String),
    /// The `limit_dir` directory cannot hold the shared state.
    LimitDir { path: PathBuf, reason: String },
    /// Another process held the shared state's lock in `limit_dir` until the caller's deadline;
    /// nothing was reserved.
    Locked { path: PathBuf },
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitError::Deadline { wait, cause: Cause::Rate } => write!(
                f,
                "the portal's request limit allows the next request in {:.2} s, after the deadline",
                wait.as_secs_f64()
            ),
            LimitError::Deadline { wait, cause: Cause::OperatingTime { method } } => write!(
                f,
                "{method} has used its operating time on the portal and may run again in {:.2} s, \
                 after the deadline",
                wait.as_secs_f64()
            ),
            LimitError::RateSetting(reason) => write!(f, "{RATE_ENV}: {reason}"),
            LimitError::LimitDir { path, reason } => {
                write!(f, "limit_dir ({LIMIT_DIR_ENV}) {}: {reason}", path.display())
            }
            LimitError::Locked { path } => write!(
                f,
                "another process held the lock of the portal's shared request limit in limit_dir \
                 ({LIMIT_DIR_ENV}) {} past the call's deadline",
                path.display()
            ),
        }
    }
}

impl std::error::Error for LimitError {}

/// The rate of origins that no call has given one for: `B24_RATE_LIMIT`, read once, or
/// `Rate::Standard` when it is unset or empty.
pub fn default_rate() -> Result<Rate, LimitError> {
    static DEFAULT: PerProcess<Result<Rate, String>> = PerProcess::new(|| match std::env::var(RATE_ENV) {
        Ok(text) if text.trim().is_empty() => Ok(Rate::Standard),
        Ok(text) => Rate::parse(&text),
        Err(std::env::VarError::NotPresent) => Ok(Rate::Standard),
        Err(std::env::VarError::NotUnicode(_)) => Err("not valid Unicode".to_string()),
    });
    DEFAULT.clone().map_err(LimitError::RateSetting)
}

/// `B24_LIMIT_DIR`, read once: the shared directory of calls that give no `limit_dir`.
pub fn default_limit_dir() -> Option<&'static Path> {
    static DIR: PerProcess<Option<PathBuf>> =
        PerProcess::new(|| std::env::var_os(LIMIT_DIR_ENV).filter(|dir| !dir.is_empty()).map(PathBuf::from));
    DIR.current().as_deref()
}

/// Waits until a request of `method` to the target's portal may go, and takes its place in the
/// bucket. Returns how long it waited.
///
/// The method first waits out its operating-time rest (see [`record_operating`] and
/// [`operation_limited`]), then its slot in the bucket. When the whole wait, as far as it is
/// known now, ends after `deadline`, it returns at once with [`LimitError::Deadline`] and
/// reserves nothing. (After an operating-time rest, the bucket may have filled meanwhile; then
/// the refusal comes after that rest.) `Rate::Off` never waits for the bucket.
pub fn acquire(target: &Target<'_>, method: &str, deadline: Instant) -> Result<Duration, LimitError> {
    let started = Instant::now();
    let shape = Shape::paced(resolve_rate(target)?);
    let hold = guard(&LEDGER).hold(target.origin, method, unix_now());
    if hold > 0.0 {
        let queue = match shape {
            Some(shape) => with_bucket(target, deadline, |tat, now| (None, shape.wait(tat, now)))?,
            None => 0.0,
        };
        if hold + queue > seconds_until(deadline) {
            let cause = Cause::OperatingTime { method: method.to_string() };
            return Err(LimitError::Deadline { wait: seconds(hold + queue), cause });
        }
        wait_for(seconds(hold));
    }
    // The bot pages' own limit first: it is the slower one, and a slot of the portal's
    // bucket taken before it would go unused while the bot's drains.
    if is_bot_method(method) {
        let key = bot_key(target.origin);
        let bot = Target { origin: &key, rate: Some(BOT_RATE), limit_dir: target.limit_dir };
        if let Some(shape) = Shape::paced(resolve_rate(&bot)?) {
            take_slot(&bot, shape, deadline)?;
        }
    }
    if let Some(shape) = shape {
        take_slot(target, shape, deadline)?;
    }
    Ok(started.elapsed())
}

/// The chat bot pages' limit (`chat-bots-v2/index.md#limits`): 2 requests a second per
/// application, 429 beyond it, on top of the portal's bucket. Paced with one slot kept in
/// reserve (see `Shape::paced`), requests go at least half a second apart.
pub const BOT_RATE: Rate = Rate::Custom { burst: 2, per_second: 2.0 };

/// Whether the method is one of the bot API's (`imbot.v2.*`), which the bot limit counts.
pub fn is_bot_method(method: &str) -> bool {
    method.get(..9).is_some_and(|prefix| prefix.eq_ignore_ascii_case("imbot.v2."))
}

/// The key of an origin's bot bucket: apart from the portal's bucket, in memory and on disk.
fn bot_key(origin: &str) -> String {
    format!("{origin}#imbot.v2")
}

/// Waits for a slot in the target's bucket and takes it; refuses at once when the slot comes
/// after `deadline`.
fn take_slot(target: &Target<'_>, shape: Shape, deadline: Instant) -> Result<(), LimitError> {
    // In a shared file no slot is taken further ahead than the bucket's span, so that a
    // state claiming more is known not to be the library's (see `in_file`). A caller whose
    // slot lies further waits, without a reservation, until it does not, then takes it.
    let horizon = if target.limit_dir.is_some() { shape.span() } else { f64::INFINITY };
    loop {
        let max_wait = seconds_until(deadline);
        let slot =
            with_bucket(target, deadline, |tat, now| match shape.reserve(tat, now, max_wait.min(horizon)) {
                Ok(slot) => (Some(slot.tat), Ok(slot.wait)),
                Err(wait) => (None, Err(wait)),
            })?;
        match slot {
            Ok(wait) => {
                if wait > 0.0 {
                    wait_for(seconds(wait));
                }
                return Ok(());
            }
            Err(wait) if wait > max_wait => {
                return Err(LimitError::Deadline { wait: seconds(wait), cause: Cause::Rate });
            }
            // Each round sleeps at least one interval of a deadline the wait fits in, so the
            // rounds are few and end by the deadline.
            Err(wait) => wait_for(seconds((wait - horizon).max(shape.interval()))),
        }
    }
}

/// Notes that the portal refused a request with QUERY_LIMIT_EXCEEDED, and returns how long to
/// wait before retry number `attempt` (0 for the first): the bucket's drain interval × 1.5^attempt
/// plus up to half that again at random, at most 30 s.
///
/// The portal's bucket is fuller than ours thought (other machines behind the same IP, other
/// programs without a shared `limit_dir`), so ours is taken as full: the next requests of every
/// caller wait a drain interval. Marking the shared file is best effort: a `limit_dir` that
/// cannot be written was already reported by [`acquire`]; a lock another process holds is
/// waited for only until `deadline`.
pub fn throttled(target: &Target<'_>, attempt: u32, deadline: Instant) -> Duration {
    let rate = resolve_rate(target).unwrap_or_default();
    throttled_at(target, rate, attempt, deadline)
}

/// [`throttled`] for a refusal by the bot pages' limit (429 to an `imbot.v2` method): the
/// origin's bot bucket is taken as full, and the pause is paced by the bot rate.
pub fn bot_throttled(target: &Target<'_>, attempt: u32, deadline: Instant) -> Duration {
    let key = bot_key(target.origin);
    let bot = Target { origin: &key, rate: Some(BOT_RATE), limit_dir: target.limit_dir };
    throttled_at(&bot, BOT_RATE, attempt, deadline)
}

fn throttled_at(target: &Target<'_>, rate: Rate, attempt: u32, deadline: Instant) -> Duration {
    if let Some(shape) = Shape::paced(rate) {
        let _best_effort = with_bucket(target, deadline, |tat, now| (Some(shape.full(tat, now)), ()));
    }
    // With the limiter off, the portal still has its limit: pace retries at the standard rate.
    let interval = Shape::of(rate).or(Shape::of(Rate::Standard)).map_or(0.5, |shape| shape.interval());
    backoff::retry_delay(interval, attempt)
}

/// Reserves the next poll of one queue (a bot's, a user's) in this process: at least `every`
/// after the one before, whichever call made it, so that callers waiting on the same queue
/// together still poll it at the docs' cadence. Sleeps until the reserved moment; when that
/// comes after `deadline`, reserves nothing and says how long the wait would have been.
pub fn pace(queue: &str, every: Duration, deadline: Instant) -> Result<(), Duration> {
    let at = {
        let mut polls = guard(&POLLS);
        let now = Instant::now();
        let at = polls.get(queue).map_or(now, |last| (*last + every).max(now));
        if at > deadline {
            return Err(at - now);
        }
        if polls.len() >= 4096 {
            // Queues polled long ago need no pacing: forget them rather than grow.
            polls.retain(|_, last| *last + every > now);
        }
        polls.insert(queue.to_string(), at);
        at
    };
    wait_for(at.saturating_duration_since(Instant::now()));
    Ok(())
}

/// What an answer's top-level `time` object says of the operating time, by the portal's clock.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AnswerTime {
    /// `time.start`: when the portal began the request.
    pub start: Option<f64>,
    /// `time.operating`: seconds the method used in the portal's window.
    pub operating: Option<f64>,
    /// `time.operating_reset_at`: when the oldest of those seconds leave the window.
    pub reset_at: Option<f64>,
}

/// Notes an answer's `time.operating` and `time.operating_reset_at`. From [`HOLD_SHARE`] of
/// [`BUDGET_SECONDS`] on, the method is held back until that reset, read against the answer's
/// `time.start` and never more than [`WINDOW_SECONDS`] away. Kept per process.
pub fn record_operating(origin: &str, method: &str, time: &AnswerTime) {
    let now = unix_now();
    let (Some(operating), Some(reset_at)) = (time.operating, time.reset_at) else {
        return;
    };
    if let Some(reset_at) = operating::local_reset(reset_at, time.start, now) {
        guard(&LEDGER).record(origin, method, operating, reset_at, now);
    }
}

/// How long the ledger still holds `method` back (a nested call of a batch, which the outer
/// request's own wait does not cover).
pub fn operating_hold(origin: &str, method: &str) -> Duration {
    seconds(guard(&LEDGER).hold(origin, method, unix_now()))
}

/// Notes a 429 OPERATION_TIME_LIMIT refusal: the method rests until the answer's reset (read
/// as in [`record_operating`]), and at least `at_least`, plus [`LIMITED_MARGIN_SECONDS`].
/// Without a reset time: until the last one recorded, or for a minute.
pub fn operation_limited(origin: &str, method: &str, time: &AnswerTime, at_least: Duration) {
    let now = unix_now();
    let reset_at = time.reset_at.and_then(|reset_at| operating::local_reset(reset_at, time.start, now));
    guard(&LEDGER).limited(origin, method, reset_at, at_least.as_secs_f64(), now);
}

static BUCKETS: PerProcess<Mutex<Buckets>> = PerProcess::new(Default::default);
static LEDGER: PerProcess<Mutex<Ledger>> = PerProcess::new(Default::default);
/// When each queue's last poll went (or will go), see [`pace`].
static POLLS: PerProcess<Mutex<std::collections::HashMap<String, Instant>>> =
    PerProcess::new(Default::default);

/// Runs `work` holding the buckets' and the ledger's locks (for the fork tests).
#[cfg(feature = "sandbox")]
pub(crate) fn hold_state<R>(work: impl FnOnce() -> R) -> R {
    let _held = (guard(&BUCKETS), guard(&LEDGER), guard(&POLLS));
    work()
}

/// The zero of the process clock on which buckets kept in memory count.
static EPOCH: PerProcess<Instant> = PerProcess::new(Instant::now);

/// The maps stay consistent whatever a panicking holder did: each change is one assignment.
fn guard<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Registers the target's rate setting and returns the rate in force for its origin.
fn resolve_rate(target: &Target<'_>) -> Result<Rate, LimitError> {
    let mut buckets = guard(&BUCKETS);
    Ok(buckets.entry(target.origin, target.rate, default_rate, process_now())?.rate)
}

/// Runs `change` on the target's bucket (`tat` and now, on the bucket's clock) and stores the
/// new `tat` it returns, if any. The bucket is locked only for that; nobody sleeps in it.
/// A shared file's lock is waited for until `deadline`.
fn with_bucket<T>(
    target: &Target<'_>,
    deadline: Instant,
    change: impl FnOnce(f64, f64) -> (Option<f64>, T),
) -> Result<T, LimitError> {
    #[cfg(unix)]
    if let Some(dir) = target.limit_dir {
        return in_file(dir, target.origin, deadline, change);
    }
    #[cfg(not(unix))]
    let _ = deadline;
    let mut buckets = guard(&BUCKETS);
    let now = process_now();
    // The entry is there unless a sweep forgot it since `resolve_rate`; then it starts afresh.
    let entry = buckets.entry(target.origin, target.rate, default_rate, now)?;
    let (tat, result) = change(entry.tat, now);
    if let Some(tat) = tat {
        entry.tat = tat;
    }
    Ok(result)
}

/// The bucket kept in `dir`. A stored state is trusted only as far as the bucket allows: no
/// caller reserves further ahead than the bucket's span (see [`acquire`]), so a `tat` more than
/// two spans ahead (a full bucket and a full queue) is not the library's (a wall clock set
/// back, a file someone wrote) and is taken for a full bucket, which the next write stores.
#[cfg(unix)]
fn in_file<T>(
    dir: &Path,
    origin: &str,
    deadline: Instant,
    change: impl FnOnce(f64, f64) -> (Option<f64>, T),
) -> Result<T, LimitError> {
    let unusable =
        |error: std::io::Error| LimitError::LimitDir { path: dir.to_path_buf(), reason: error.to_string() };
    let files = shared_file::SharedFile::new(dir, origin).map_err(unusable)?;
    let locked = files
        .lock(deadline)
        .map_err(unusable)?
        .ok_or_else(|| LimitError::Locked { path: dir.to_path_buf() })?;
    let now = unix_now();
    let span = full_span(origin);
    let stored = locked.read().map(|tat| if tat > now + 2.0 * span { now + span } else { tat });
    let (tat, result) = change(stored.unwrap_or(f64::NEG_INFINITY), now);
    if let Some(tat) = tat {
        locked.write(tat).map_err(unusable)?;
    }
    Ok(result)
}

/// Seconds a full bucket of the origin's rate takes to drain.
#[cfg(unix)]
fn full_span(origin: &str) -> f64 {
    let rate = guard(&BUCKETS).get_mut(origin).map_or(Rate::Standard, |entry| entry.rate);
    rate.bucket().map_or(0.0, |(burst, per_second)| f64::from(burst) / per_second)
}

fn process_now() -> f64 {
    EPOCH.elapsed().as_secs_f64()
}

fn unix_now() -> f64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0.0, |since| since.as_secs_f64())
}

fn seconds_until(deadline: Instant) -> f64 {
    deadline.saturating_duration_since(Instant::now()).as_secs_f64()
}

/// A wait as a `Duration`; absurd ones (a custom rate of one request a century) saturate.
fn seconds(seconds: f64) -> Duration {
    Duration::try_from_secs_f64(seconds.max(0.0)).unwrap_or(Duration::MAX)
}
