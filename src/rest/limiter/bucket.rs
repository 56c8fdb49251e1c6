//! The leaky bucket's arithmetic, and the process's buckets keyed by portal.
//!
//! A bucket is kept as one number, `tat`: the moment at which it would be empty if nothing
//! more were sent (the "theoretical arrival time" of the generic cell rate algorithm). Its
//! level at `now` is `(tat - now) / interval`. A request may go once the level leaves room for
//! it, and going pushes `tat` on by one interval. A reservation for a later moment is the same
//! push, so reservations queue up in `tat` and waiting callers go in the order they reserved.
//! Times are plain seconds on whatever clock the caller uses: the process's monotonic clock for
//! buckets kept in memory, the wall clock for buckets shared through a file.

use std::collections::HashMap;

use super::rate::Rate;

/// Waits shorter than this are rounding, not waits: `tat` is a sum of many intervals.
const ROUNDING: f64 = 1e-6;

/// Slots of the portal's burst the limiter leaves unused, see `Shape::paced`.
const HEADROOM: u32 = 1;

/// A bucket's size and drain, in the units the arithmetic needs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Shape {
    burst: f64,
    /// Seconds to drain one request: 1 / rate.
    interval: f64,
}

/// A reserved slot: how long to wait for it, and the bucket once it is taken.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Slot {
    pub wait: f64,
    pub tat: f64,
}

impl Shape {
    /// The portal's bucket; `None` for `Rate::Off`, which has none.
    pub fn of(rate: Rate) -> Option<Shape> {
        rate.bucket().map(|(burst, per_second)| Shape { burst: f64::from(burst), interval: 1.0 / per_second })
    }

    /// The bucket the limiter paces by: the portal's with one slot of the burst kept in reserve.
    /// The portal counts a request when it arrives, the limiter when its slot comes, and a
    /// request that arrives late (a new connection, a TLS handshake) would otherwise meet the
    /// next one in a bucket the portal finds one over full.
    pub fn paced(rate: Rate) -> Option<Shape> {
        Shape::of(rate).map(|shape| Shape { burst: (shape.burst - f64::from(HEADROOM)).max(1.0), ..shape })
    }

    pub fn interval(&self) -> f64 {
        self.interval
    }

    /// Seconds a full bucket takes to drain.
    pub fn span(&self) -> f64 {
        self.burst * self.interval
    }

    /// Seconds from `now` until one more request fits, counting every reservation already made.
    pub fn wait(&self, tat: f64, now: f64) -> f64 {
        let wait = tat - (self.burst - 1.0) * self.interval - now;
        if wait < ROUNDING {
            0.0
        } else {
            wait
        }
    }

    /// Takes the next free slot if it comes within `max_wait` seconds; otherwise leaves the
    /// bucket as it was and says how long the wait would have been.
    pub fn reserve(&self, tat: f64, now: f64, max_wait: f64) -> Result<Slot, f64> {
        let wait = self.wait(tat, now);
        if wait > max_wait {
            return Err(wait);
        }
        Ok(Slot { wait, tat: tat.max(now + wait) + self.interval })
    }

    /// The bucket as the portal sees it after refusing a request: full now, so that the next
    /// request waits one interval. Reservations already made stay in force.
    pub fn full(&self, tat: f64, now: f64) -> f64 {
        tat.max(now + self.burst * self.interval)
    }
}

/// How many portals the process keeps before it looks for idle ones to forget.
const KEEP: usize = 256;

/// One portal's bucket in this process.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Entry {
    pub rate: Rate,
    /// On the process clock; unused when the bucket lives in a shared file.
    pub tat: f64,
}

/// The process's buckets by portal origin, bounded: a program that calls a thousand portals
/// keeps only those whose buckets still hold something. Forgetting a drained bucket loses
/// nothing but its rate setting, which the caller passes again with its options.
#[derive(Debug, Default)]
pub(super) struct Buckets {
    map: HashMap<String, Entry>,
    /// The size at which the next sweep happens; doubled when a sweep frees little, so that a
    /// busy process does not sweep on every new portal.
    sweep_at: usize,
}

impl Buckets {
    /// The portal's entry, created with `default` (consulted only then) and set to `rate`
    /// when one is given.
    pub fn entry<E>(
        &mut self,
        origin: &str,
        rate: Option<Rate>,
        default: impl FnOnce() -> Result<Rate, E>,
        now: f64,
    ) -> Result<&mut Entry, E> {
        if !self.map.contains_key(origin) {
            let rate = match rate {
                Some(rate) => rate,
                None => default()?,
            };
            self.sweep(now);
            self.map.insert(origin.to_string(), Entry { rate, tat: f64::NEG_INFINITY });
        }
        let entry = self.map.get_mut(origin).expect("inserted above");
        if let Some(rate) = rate {
            entry.rate = rate;
        }
        Ok(entry)
    }

    pub fn get_mut(&mut self, origin: &str) -> Option<&mut Entry> {
        self.map.get_mut(origin)
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.map.len()
    }

    fn sweep(&mut self, now: f64) {
        if self.map.len() < self.sweep_at.max(KEEP) {
            return;
        }
        // Drained means no level and no reservation: the entry equals a fresh one.
        self.map.retain(|_, entry| entry.tat > now);
        self.sweep_at = (2 * self.map.len()).max(KEEP);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(burst: u32, per_second: f64) -> Shape {
        Shape::of(Rate::Custom { burst, per_second }).unwrap()
    }

    /// Sends `n` requests at `now`, each allowed no wait, and returns the bucket.
    fn burst_at(shape: Shape, now: f64, n: usize) -> f64 {
        (0..n).fold(f64::NEG_INFINITY, |tat, i| {
            shape.reserve(tat, now, 0.0).unwrap_or_else(|w| panic!("request {i} waits {w}")).tat
        })
    }

    #[test]
    fn a_standard_burst_passes_and_the_next_request_waits_half_a_second() {
        let standard = Shape::of(Rate::Standard).unwrap();
        let tat = burst_at(standard, 1000.0, 50);
        assert!((standard.wait(tat, 1000.0) - 0.5).abs() < 1e-9);
    }

    #[test]
    fn an_enterprise_burst_is_250_and_drains_every_fifth_of_a_second() {
        let enterprise = Shape::of(Rate::Enterprise).unwrap();
        let tat = burst_at(enterprise, 1000.0, 250);
        assert!((enterprise.wait(tat, 1000.0) - 0.2).abs() < 1e-9);
        let standard = Shape::of(Rate::Standard).unwrap();
        assert!(standard.reserve(burst_at(standard, 1000.0, 50), 1000.0, 0.0).is_err());
    }

    #[test]
    fn a_custom_rate_sets_burst_and_interval() {
        let custom = shape(3, 10.0);
        let tat = burst_at(custom, 5.0, 3);
        assert!((custom.wait(tat, 5.0) - 0.1).abs() < 1e-9);
        assert!((custom.wait(tat, 5.05) - 0.05).abs() < 1e-9);
        assert_eq!(custom.wait(tat, 5.1), 0.0);
    }

    #[test]
    fn the_bucket_drains_back_to_a_full_burst() {
        let custom = shape(4, 2.0);
        let tat = burst_at(custom, 0.0, 4);
        // Two seconds drain everything: a whole burst passes again.
        let mut tat2 = tat;
        for _ in 0..4 {
            tat2 = custom.reserve(tat2, 2.0, 0.0).unwrap().tat;
        }
        assert!(custom.reserve(tat2, 2.0, 0.0).is_err());
    }

    #[test]
    fn reservations_queue_one_interval_apart() {
        let custom = shape(2, 4.0);
        let mut tat = burst_at(custom, 0.0, 2);
        let waits: Vec<f64> = (0..3)
            .map(|_| {
                let slot = custom.reserve(tat, 0.0, 10.0).unwrap();
                tat = slot.tat;
                slot.wait
            })
            .collect();
        for (got, want) in waits.iter().zip([0.25, 0.5, 0.75]) {
            assert!((got - want).abs() < 1e-9, "{waits:?}");
        }
    }

    #[test]
    fn a_deadline_too_short_refuses_with_the_wait_and_reserves_nothing() {
        let custom = shape(1, 2.0);
        let tat = burst_at(custom, 0.0, 1);
        assert_eq!(custom.reserve(tat, 0.0, 0.4), Err(0.5));
        // Asking again gives the same answer: the refusal took no slot.
        assert_eq!(custom.reserve(tat, 0.0, 0.4), Err(0.5));
        assert_eq!(custom.reserve(tat, 0.0, 0.5), Ok(Slot { wait: 0.5, tat: 1.0 }));
    }

    #[test]
    fn off_has_no_bucket() {
        assert_eq!(Shape::of(Rate::Off), None);
    }

    #[test]
    fn a_refusal_from_the_portal_fills_the_bucket_for_one_interval() {
        let custom = shape(10, 2.0);
        let tat = custom.full(f64::NEG_INFINITY, 100.0);
        assert!((custom.wait(tat, 100.0) - 0.5).abs() < 1e-9);
        // Reservations beyond a full bucket are kept.
        assert_eq!(custom.full(200.0, 100.0), 200.0);
    }

    #[test]
    fn the_first_rate_holds_until_another_is_given() {
        let mut buckets = Buckets::default();
        let custom = Rate::Custom { burst: 3, per_second: 1.0 };
        let never = || -> Result<Rate, ()> { panic!("default consulted for a known portal") };
        assert_eq!(buckets.entry("https://a", Some(custom), never, 0.0).unwrap().rate, custom);
        assert_eq!(buckets.entry("https://a", None, never, 0.0).unwrap().rate, custom);
        assert_eq!(buckets.entry("https://a", Some(Rate::Off), never, 0.0).unwrap().rate, Rate::Off);
        let fresh = buckets.entry("https://b", None, || Ok::<_, ()>(Rate::Enterprise), 0.0);
        assert_eq!(fresh.unwrap().rate, Rate::Enterprise);
        assert_eq!(buckets.entry("https://c", None, || Err("bad env"), 0.0).unwrap_err(), "bad env");
    }

    #[test]
    fn drained_portals_are_forgotten_and_busy_ones_kept() {
        let mut buckets = Buckets::default();
        let rate = Some(Rate::Custom { burst: 5, per_second: 1.0 });
        for i in 0..1000 {
            let now = f64::from(i);
            // Each portal sends once and drains a second later.
            buckets.entry(&format!("https://p{i}"), rate, || Err(()), now).unwrap().tat = now + 1.0;
            assert!(buckets.len() <= 2 * KEEP, "{} portals kept", buckets.len());
        }
        // Busy portals (level above zero) are never forgotten, however many there are.
        let mut busy = Buckets::default();
        for i in 0..600 {
            busy.entry(&format!("https://q{i}"), rate, || Err(()), 0.0).unwrap().tat = 10.0;
        }
        assert_eq!(busy.len(), 600);
    }
}
