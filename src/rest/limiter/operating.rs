//! The operating-time ledger: how much of each method's execution budget the portal says is
//! used, and until when a method must rest.
//!
//! Besides the request bucket, Bitrix24 gives every method a budget of execution seconds in a
//! sliding ten-minute window (per application or webhook). Every answer reports the method's
//! running total (`time.operating`) and when the oldest minute of it expires
//! (`time.operating_reset_at`). Over budget the portal refuses the method with 429
//! OPERATION_TIME_LIMIT until then. Holding a method back before that refusal costs the same
//! wait and spares the refused requests. Times here are unix seconds, as the portal gives them.

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

    /// Notes an OPERATION_TIME_LIMIT refusal: the method rests until `reset_at` plus a margin;
    /// without one, until the last reset seen, or a minute when none was.
    pub fn limited(&mut self, origin: &str, method: &str, reset_at: Option<f64>, now: f64) {
        let record = self.record_mut(origin, method, now);
        let reset_at = match reset_at.filter(|t| t.is_finite()) {
            Some(reset_at) => reset_at,
            None if record.reset_at > now => record.reset_at,
            None => now + UNKNOWN_RESET_SECONDS,
        };
        record.limited_until = record.limited_until.max(reset_at + LIMITED_MARGIN_SECONDS);
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
        ledger.limited(PORTAL, "im.message.add", Some(150.0), 100.0);
        assert_eq!(ledger.hold(PORTAL, "im.message.add", 100.0), 51.0);
        // A later answer with a low total does not lift the refusal's rest.
        ledger.record(PORTAL, "im.message.add", 10.0, 160.0, 101.0);
        assert_eq!(ledger.hold(PORTAL, "im.message.add", 101.0), 50.0);
    }

    #[test]
    fn a_refusal_without_a_reset_uses_the_last_one_seen_or_a_minute() {
        let mut ledger = Ledger::default();
        ledger.record(PORTAL, "a", 10.0, 120.0, 100.0);
        ledger.limited(PORTAL, "a", None, 100.0);
        assert_eq!(ledger.hold(PORTAL, "a", 100.0), 21.0);
        ledger.limited(PORTAL, "b", None, 100.0);
        assert_eq!(ledger.hold(PORTAL, "b", 100.0), 61.0);
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
