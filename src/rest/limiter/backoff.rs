//! How long to wait before repeating a request the portal refused with QUERY_LIMIT_EXCEEDED.
//!
//! The delay grows with each attempt, so that a portal whose bucket is shared with callers we
//! do not see (other machines behind the same IP) gets room, and carries jitter, so that
//! processes refused at the same moment do not all come back at the same moment.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Growth per attempt: the factor the official JS SDK uses, gentle enough that the fifth retry
/// still comes within a few seconds at the standard rate.
const GROWTH: f64 = 1.5;

/// No single wait beyond this: longer than any refusal of the bucket lasts, short enough for a
/// caller with a generous deadline to notice a portal that recovered.
const MAX_SECONDS: f64 = 30.0;

/// The delay before retry number `attempt` (0 for the first retry) on a portal whose bucket
/// drains one request every `interval` seconds: interval × 1.5^attempt, plus up to half of
/// that again at random, capped at 30 s.
pub(super) fn retry_delay(interval: f64, attempt: u32) -> Duration {
    let base = (interval * GROWTH.powi(attempt.min(100) as i32)).min(MAX_SECONDS);
    let seconds = (base * (1.0 + 0.5 * unit_random())).min(MAX_SECONDS);
    Duration::from_secs_f64(seconds)
}

/// A number in [0, 1) that differs between threads, calls and moments. Not for secrets: it
/// only has to keep colliding retries apart.
fn unit_random() -> f64 {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    let mut thread = DefaultHasher::new();
    std::thread::current().id().hash(&mut thread);
    let seed =
        nanos ^ thread.finish() ^ CALLS.fetch_add(1, Ordering::Relaxed).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    (mix(seed) >> 11) as f64 / (1u64 << 53) as f64
}

/// The splitmix64 finaliser: spreads nearby seeds over the whole range.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_by_half_per_attempt_within_their_jitter() {
        for attempt in 0..6 {
            let base = 0.5 * GROWTH.powi(attempt as i32);
            let delay = retry_delay(0.5, attempt).as_secs_f64();
            assert!(delay >= base && delay < base * 1.5 + 1e-9, "attempt {attempt}: {delay}");
        }
    }

    #[test]
    fn delays_are_capped() {
        assert!(retry_delay(0.5, 40).as_secs_f64() <= MAX_SECONDS);
        assert!(retry_delay(0.5, u32::MAX).as_secs_f64() <= MAX_SECONDS);
        assert!(retry_delay(1e6, 0).as_secs_f64() <= MAX_SECONDS);
    }

    #[test]
    fn jitter_spreads_over_the_unit_interval() {
        let draws: Vec<f64> = (0..1000).map(|_| unit_random()).collect();
        assert!(draws.iter().all(|x| (0.0..1.0).contains(x)));
        let low = draws.iter().filter(|x| **x < 0.5).count();
        // A fair source puts about half below 0.5; this bound fails only for a broken one.
        assert!((350..=650).contains(&low), "{low} of 1000 below 0.5");
        let mut distinct = draws.clone();
        distinct.sort_by(f64::total_cmp);
        distinct.dedup();
        assert!(distinct.len() > 990);
    }
}
