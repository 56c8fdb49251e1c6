//! The portal's two request limits, both off by default so ordinary tests never meet them:
//!
//! - the leaky bucket: every REST request adds 1, the level drains `per_second`, a request that
//!   would lift the level above `burst` is refused with 503 QUERY_LIMIT_EXCEEDED before it runs
//!   (and adds nothing). A batch is one request.
//! - the operating limit: each method has a budget of execution seconds in a sliding window.
//!   The sandbox spends no real time, so every call is charged a fixed cost (per method if set).
//!   Every answer reports the method's total in `time.operating` and, in
//!   `time.operating_reset_at`, when its oldest charge leaves the window. A call made while the
//!   total is at or above the budget is refused with 429 OPERATION_TIME_LIMIT. The portal keeps
//!   ten one-minute buckets; a sliding window is the same idea with exact, testable times.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant, SystemTime};

use super::clock;

/// The portal's operating window: 10 minutes.
pub(crate) const DEFAULT_WINDOW: Duration = Duration::from_secs(600);

#[derive(Default)]
pub(crate) struct Limits {
    bucket: Option<Bucket>,
    operating: Option<Operating>,
    /// Requests refused by the bucket.
    pub refusals: usize,
    /// Requests the bucket let through (all REST requests when it is off).
    pub accepted: usize,
    /// Calls refused with OPERATION_TIME_LIMIT.
    pub operating_refusals: usize,
}

struct Bucket {
    burst: f64,
    per_second: f64,
    level: f64,
    at: Instant,
}

struct Operating {
    budget: f64,
    window: Duration,
    cost: f64,
    method_costs: HashMap<String, f64>,
    /// Per method: when each charge was made and its cost, oldest first.
    charges: HashMap<String, VecDeque<(SystemTime, f64)>>,
}

/// What `time.operating` and `time.operating_reset_at` say for one answer.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct OperatingReport {
    pub operating: f64,
    pub reset_at: i64,
}

impl Limits {
    pub fn set_bucket(&mut self, burst: u32, per_second: f64) {
        let per_second = per_second.max(0.0);
        self.bucket = Some(Bucket { burst: f64::from(burst), per_second, level: 0.0, at: Instant::now() });
    }

    pub fn no_bucket(&mut self) {
        self.bucket = None;
    }

    /// Counts one request into the bucket; false when it must be refused.
    pub fn admit(&mut self, now: Instant) -> bool {
        let Some(bucket) = &mut self.bucket else {
            self.accepted += 1;
            return true;
        };
        let drained = now.saturating_duration_since(bucket.at).as_secs_f64() * bucket.per_second;
        bucket.level = (bucket.level - drained).max(0.0);
        bucket.at = now;
        if bucket.level + 1.0 > bucket.burst {
            self.refusals += 1;
            false
        } else {
            bucket.level += 1.0;
            self.accepted += 1;
            true
        }
    }

    pub fn set_operating(&mut self, budget_seconds: f64, window: Duration, cost_per_call_seconds: f64) {
        let method_costs = self.operating.take().map(|o| o.method_costs).unwrap_or_default();
        self.operating = Some(Operating {
            budget: budget_seconds,
            window,
            cost: cost_per_call_seconds,
            method_costs,
            charges: HashMap::new(),
        });
    }

    pub fn set_method_cost(&mut self, method: &str, seconds: f64) {
        let operating = self.operating.get_or_insert_with(|| Operating {
            budget: f64::INFINITY,
            window: DEFAULT_WINDOW,
            cost: 0.0,
            method_costs: HashMap::new(),
            charges: HashMap::new(),
        });
        operating.method_costs.insert(method.to_ascii_lowercase(), seconds);
    }

    pub fn no_operating(&mut self) {
        self.operating = None;
    }

    /// Err with the current report when `method` is over its budget; the refusal is counted.
    pub fn check_operating(&mut self, method: &str, now: SystemTime) -> Result<(), OperatingReport> {
        let over = match &mut self.operating {
            Some(operating) => operating.total(method, now) >= operating.budget,
            None => false,
        };
        if over {
            self.operating_refusals += 1;
            return Err(self.report(method, now));
        }
        Ok(())
    }

    /// Charges one call of `method` and reports the new total.
    pub fn charge(&mut self, method: &str, now: SystemTime) -> OperatingReport {
        if let Some(operating) = &mut self.operating {
            let cost = operating.method_costs.get(method).copied().unwrap_or(operating.cost);
            if cost > 0.0 {
                operating.charges.entry(method.to_string()).or_default().push_back((now, cost));
            }
        }
        self.report(method, now)
    }

    /// The method's current total, without charging.
    pub fn report(&mut self, method: &str, now: SystemTime) -> OperatingReport {
        let now_secs = clock::unix_seconds(now).floor() as i64;
        let Some(operating) = &mut self.operating else {
            return OperatingReport { operating: 0.0, reset_at: now_secs + DEFAULT_WINDOW.as_secs() as i64 };
        };
        let operating_total = operating.total(method, now);
        let oldest = operating.charges.get(method).and_then(|c| c.front()).map(|(at, _)| *at);
        let reset_at = oldest.unwrap_or(now) + operating.window;
        OperatingReport { operating: operating_total, reset_at: clock::unix_seconds(reset_at).ceil() as i64 }
    }
}

impl Operating {
    /// Drops charges that left the window and sums the rest.
    fn total(&mut self, method: &str, now: SystemTime) -> f64 {
        let Some(charges) = self.charges.get_mut(method) else {
            return 0.0;
        };
        while charges.front().is_some_and(|(at, _)| *at + self.window <= now) {
            charges.pop_front();
        }
        charges.iter().map(|(_, cost)| cost).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_refuses_above_burst_and_drains_over_time() {
        let mut limits = Limits::default();
        let start = Instant::now();
        assert!(limits.admit(start));
        limits.set_bucket(2, 1.0);
        assert!(limits.admit(start));
        assert!(limits.admit(start));
        assert!(!limits.admit(start));
        assert!(limits.admit(start + Duration::from_millis(1000)));
        assert_eq!((limits.accepted, limits.refusals), (4, 1));
    }

    #[test]
    fn operating_budget_blocks_until_the_oldest_charge_leaves_the_window() {
        let mut limits = Limits::default();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        assert_eq!(limits.charge("m", t0), OperatingReport { operating: 0.0, reset_at: 1_000_600 });
        limits.set_operating(2.0, Duration::from_secs(60), 1.0);
        assert!(limits.check_operating("m", t0).is_ok());
        limits.charge("m", t0);
        let second = limits.charge("m", t0 + Duration::from_secs(10));
        assert_eq!(second, OperatingReport { operating: 2.0, reset_at: 1_000_060 });
        assert!(limits.check_operating("m", t0 + Duration::from_secs(59)).is_err());
        assert!(limits.check_operating("other", t0).is_ok());
        assert!(limits.check_operating("m", t0 + Duration::from_secs(60)).is_ok());
        assert_eq!(limits.operating_refusals, 1);
    }
}
