//! Process-wide state that survives `fork`.
//!
//! A child forked while another thread of the parent was inside a call inherits that thread's
//! locks (a `Mutex` it held, a `Lazy` or `OnceCell` it was initialising) but not the thread:
//! nothing in the child would ever release them, and the child's first call would wait forever.
//! Every `static` of the library's shared state is therefore a [`PerProcess`]: each access
//! compares the process id that made the value with the current one, and a child makes its own
//! value on first use, leaving the parent's untouched.
//!
//! Why this and not `pthread_atfork`: atfork handlers would have to take every lock before the
//! fork, so a fork would wait for calls in flight (a refresh holds its single-flight cell for a
//! whole request), and they cannot empty a once-cell that another thread is initialising. The
//! process-id check needs no cooperation from the thread that holds the lock, covers once-cells
//! and plain values alike, and costs one `getpid` per access, nothing beside a network call.
//!
//! The parent's value is leaked in the child, never dropped: dropping it could take a lock a
//! vanished thread holds, or join a thread (the HTTP client's) that does not exist in the child.
//! One value per static per fork. Initialisation takes no lock either: threads that race to make
//! a value each make one, one wins, the others drop theirs.

use std::marker::PhantomData;
use std::ops::Deref;
use std::ptr;
use std::sync::atomic::{AtomicPtr, Ordering};

pub struct PerProcess<T> {
    slot: AtomicPtr<Slot<T>>,
    make: fn() -> T,
    /// Shared like a `T` across threads: `Sync` only when `T` is.
    _value: PhantomData<T>,
}

struct Slot<T> {
    pid: u32,
    value: T,
}

impl<T> PerProcess<T> {
    pub const fn new(make: fn() -> T) -> PerProcess<T> {
        PerProcess { slot: AtomicPtr::new(ptr::null_mut()), make, _value: PhantomData }
    }

    /// This process's value, made on its first use in the process.
    pub fn current(&self) -> &T {
        let pid = std::process::id();
        let mut seen = self.slot.load(Ordering::Acquire);
        loop {
            // SAFETY: a published slot is never freed (only leaked), so it outlives `self`.
            if let Some(slot) = unsafe { seen.as_ref() } {
                if slot.pid == pid {
                    return &slot.value;
                }
            }
            let fresh = Box::into_raw(Box::new(Slot { pid, value: (self.make)() }));
            match self.slot.compare_exchange(seen, fresh, Ordering::AcqRel, Ordering::Acquire) {
                // The slot replaced, if any, was another process's: leaked on purpose.
                // SAFETY: just published, and never freed.
                Ok(_) => return unsafe { &(*fresh).value },
                Err(now) => {
                    // SAFETY: `fresh` was never published; this thread owns it alone.
                    drop(unsafe { Box::from_raw(fresh) });
                    seen = now;
                }
            }
        }
    }
}

impl<T> Deref for PerProcess<T> {
    type Target = T;

    fn deref(&self) -> &T {
        self.current()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn a_value_is_made_once_per_process_and_shared_by_threads() {
        static COUNTER: PerProcess<Mutex<u32>> = PerProcess::new(|| Mutex::new(0));
        let threads: Vec<_> = (0..4).map(|_| std::thread::spawn(|| *COUNTER.lock().unwrap() += 1)).collect();
        threads.into_iter().for_each(|t| t.join().unwrap());
        assert_eq!(*COUNTER.lock().unwrap(), 4);
    }

    #[test]
    fn a_value_of_another_process_is_replaced_not_dropped() {
        static HELD: PerProcess<Mutex<u32>> = PerProcess::new(|| Mutex::new(7));
        let held = HELD.lock().unwrap();
        // Pretend the slot was made by a parent before a fork, with its lock still held.
        let slot = HELD.slot.load(Ordering::Acquire);
        unsafe { (*slot).pid = std::process::id().wrapping_add(1) };
        assert_eq!(*HELD.try_lock().expect("a fresh lock, not the inherited one"), 7);
        drop(held);
    }
}
