//! The operating-time ledger: how much of each method's execution budget the portal says is
//! used, and until when a method must rest.
//!
//! Besides the request bucket, Bitrix24 gives every method a budget of execution seconds in a
//! sliding ten-minute window (per application or webhook). Every answer reports the method's
//! running total (`time.operating`) and when the oldest minute of it expires
//! (`time.operating_reset_at`). Over budget the portal refuses the method with 429
//! OPERATION_TIME_LIMIT until then. Holding a method back before that refusal costs the same
//! wait and spares the refused requests.
//!
//! The portal's clock is often minutes or hours off the machine's, so its reset is read
//! against the same answer's `time.start` and kept here as a moment of the local clock (unix
//! seconds), never further than the portal's window away.

use std::collections::HashMap;

/// The budget in the REST documentation's example. The cloud's real value is configuration
/// the answers do not reveal, so the documented one is the best guess.
pub const BUDGET_SECONDS: f64 = 480.0;

/// Hold a method back from this share of the budget on: one more long call could cross it,
/// and a refused call costs a round trip. Near enough to the end that ordinary use never waits.
pub const HOLD_SHARE: f64 = 0.9;

/// After OPERATION_TIME_LIMIT the method waits until the reset plus this margin, because the
/// portal's clock and the reset moment are only known to the second.
pub const LIMITED_MARGIN_SECONDS: f64 = 1.0;

/// The portal's window: no reset can be further away than this.
pub const WINDOW_SECONDS: f64 = 600.0;

/// The oldest of the window's ten one-minute buckets expires within a minute: the longest
/// wait when a refusal came without a reset time and none was seen before.
const UNKNOWN_RESET_SECONDS: f64 = 60.0;

/// How many (portal, method) records the process keeps before forgetting expired ones.
const KEEP: usize = 1024;

#[derive(Debug, Clone, Copy, PartialEq)]
struct Record {
    operating: f64,
    reset_at: f64,
    /// Set by a refusal: no request of the method before this moment.
    limited_until: f64,
}

/// The process's records by portal origin and method, bounded: a record whose reset and
/// limit have both passed can hold nothing back and is forgotten when space is needed.
#[derive(Debug, Default)]
pub(super) struct Ledger {
    map: HashMap<String, Record>,
    sweep_at: usize,
}

/// The local moment (unix seconds of this machine at `now`) of a reset the portal gave as
/// `reset_at` in an answer that started at `start` by its own clock: the wait it means, within
/// [0, the window], from now. Without `start` the local clock stands in; a reset that is no
/// time (NaN, infinite) is none.
pub fn local_reset(reset_at: f64, start: Option<f64>, now: f64) -> Option<f64> {
    if !reset_at.is_finite() {
        return None;
    }
    let since = start.filter(|start| start.is_finite()).unwrap_or(now);
    Some(now + (reset_at - since).clamp(0.0, WINDOW_SECONDS))
}

fn key(origin: &str, method: &str) -> String {
    // Method names are compared as the portal does: case-insensitively.
    format!("{origin}\n{}", method.to_ascii_lowercase())
}

impl Ledger {
    /// Notes what an answer said. Values that are not times or totals are ignored.
    pub fn record(&mut self, origin: &str, method: &str, operating: f64, reset_at: f64, now: f64) {
        if !(operating.is_finite() && operating >= 0.0 && reset_at.is_finite()) {
            return;
        }
        let record = self.record_mut(origin, method, now);
        record.operating = operating;
        record.reset_at = reset_at;
    }

    /// Notes an OPERATION_TIME_LIMIT refusal: the method rests until `reset_at` (local) plus a
    /// margin, and at least `at_least` seconds; without a reset, until the last one seen, or a
    /// minute when none was. Never zero: a reset already past is no reason to send at once.
    pub fn limited(&mut self, origin: &str, method: &str, reset_at: Option<f64>, at_least: f64, now: f64) {
        let record = self.record_mut(origin, method, now);
        let reset_at = match reset_at.filter(|t| t.is_finite()) {
            Some(reset_at) => reset_at,
            None if record.reset_at > now => record.reset_at,
            None => now + UNKNOWN_RESET_SECONDS,
        };
        let until = reset_at.max(now + at_least.max(0.0)) + LIMITED_MARGIN_SECONDS;
        record.limited_until = record.limited_until.max(until);
    }

    /// Seconds the method must still wait at `now`; zero when it may go.
    pub fn hold(&self, origin: &str, method: &str, now: f64) -> f64 {
        let Some(record) = self.map.get(&key(origin, method)) else {
            return 0.0;
        };
        let mut until = record.limited_until;
        if record.operating >= HOLD_SHARE * BUDGET_SECONDS {
            until = until.max(record.reset_at);
        }
        (until - now).max(0.0)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    fn record_mut(&mut self, origin: &str, method: &str, now: f64) -> &mut Record {
        let key = key(origin, method);
        if !self.map.contains_key(&key) {
            self.sweep(now);
        }
        self.map.entry(key).or_insert(Record {
            operating: 0.0,
            reset_at: f64::NEG_INFINITY,
            limited_until: f64::NEG_INFINITY,
        })
    }

    fn sweep(&mut self, now: f64) {
        if self.map.len() < self.sweep_at.max(KEEP) {
            return;
        }
        self.map.retain(|_, r| r.reset_at > now || r.limited_until > now);
        self.sweep_at = (2 * self.map.len()).max(KEEP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PORTAL: &str = "https://x.bitrix24.com";

    #[test]
    fn a_method_near_its_budget_waits_until_the_reset() {
        let mut ledger = Ledger::default();
        ledger.record(PORTAL, "im.message.add", 440.0, 130.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "im.message.add", 100.0), 30.0);
        assert_eq!(ledger.hold(PORTAL, "IM.MESSAGE.ADD", 120.0), 10.0);
        assert_eq!(ledger.hold(PORTAL, "im.message.add", 130.0), 0.0);
    }

    #[test]
    fn other_methods_and_portals_do_not_wait() {
        let mut ledger = Ledger::default();
        ledger.record(PORTAL, "im.message.add", 470.0, 130.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "im.chat.get", 100.0), 0.0);
        assert_eq!(ledger.hold("https://y.bitrix24.com", "im.message.add", 100.0), 0.0);
    }

    #[test]
    fn a_method_below_the_threshold_does_not_wait() {
        let mut ledger = Ledger::default();
        let just_below = HOLD_SHARE * BUDGET_SECONDS - 0.001;
        ledger.record(PORTAL, "im.message.add", just_below, 130.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "im.message.add", 100.0), 0.0);
        ledger.record(PORTAL, "im.message.add", HOLD_SHARE * BUDGET_SECONDS, 130.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "im.message.add", 100.0), 30.0);
    }

    #[test]
    fn a_refusal_rests_the_method_until_the_reset_and_a_second() {
        let mut ledger = Ledger::default();
        ledger.limited(PORTAL, "im.message.add", Some(150.0), 0.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "im.message.add", 100.0), 51.0);
        // A later answer with a low total does not lift the refusal's rest.
        ledger.record(PORTAL, "im.message.add", 10.0, 160.0, 101.0);
        assert_eq!(ledger.hold(PORTAL, "im.message.add", 101.0), 50.0);
    }

    #[test]
    fn a_refusal_without_a_reset_uses_the_last_one_seen_or_a_minute() {
        let mut ledger = Ledger::default();
        ledger.record(PORTAL, "a", 10.0, 120.0, 100.0);
        ledger.limited(PORTAL, "a", None, 0.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "a", 100.0), 21.0);
        ledger.limited(PORTAL, "b", None, 0.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "b", 100.0), 61.0);
    }

    #[test]
    fn a_reset_already_past_still_rests_the_method_at_least_as_asked_and_a_second() {
        let mut ledger = Ledger::default();
        ledger.limited(PORTAL, "a", Some(40.0), 0.5, 100.0);
        assert_eq!(ledger.hold(PORTAL, "a", 100.0), 1.5);
        ledger.limited(PORTAL, "b", Some(f64::NAN), 4.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "b", 100.0), 61.0);
    }

    #[test]
    fn a_reset_is_read_against_the_answers_start_within_the_window() {
        // The portal's clock two hours ahead of ours, or behind: the wait is what it says.
        assert_eq!(local_reset(7230.0, Some(7200.0), 100.0), Some(130.0));
        assert_eq!(local_reset(-7170.0, Some(-7200.0), 100.0), Some(130.0));
        // Past, or beyond the window, or no time at all.
        assert_eq!(local_reset(10.0, Some(7200.0), 100.0), Some(100.0));
        assert_eq!(local_reset(1e300, Some(7200.0), 100.0), Some(100.0 + WINDOW_SECONDS));
        assert_eq!(local_reset(f64::NAN, Some(7200.0), 100.0), None);
        assert_eq!(local_reset(f64::INFINITY, None, 100.0), None);
        // Without a start (or a start that is no time) the local clock stands in.
        assert_eq!(local_reset(130.0, None, 100.0), Some(130.0));
        assert_eq!(local_reset(130.0, Some(f64::NAN), 100.0), Some(130.0));
    }

    #[test]
    fn nonsense_totals_are_ignored() {
        let mut ledger = Ledger::default();
        ledger.record(PORTAL, "a", f64::NAN, 120.0, 100.0);
        ledger.record(PORTAL, "a", 470.0, f64::INFINITY, 100.0);
        ledger.record(PORTAL, "a", -1.0, 120.0, 100.0);
        assert_eq!(ledger.hold(PORTAL, "a", 100.0), 0.0);
        assert_eq!(ledger.len(), 0);
    }

    #[test]
    fn expired_records_are_forgotten() {
        let mut ledger = Ledger::default();
        for i in 0..5000 {
            let now = f64::from(i);
            ledger.record(PORTAL, &format!("method{i}"), 470.0, now + 1.0, now);
            assert!(ledger.len() <= 2 * KEEP, "{} records kept", ledger.len());
        }
    }
}
