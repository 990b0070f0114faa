//! Request work (SRP maths, signatures, SQLite) off the async threads, a few requests at a
//! time, first come first served.
//!
//! Each request used to get its own blocking thread at once, so under load every request in
//! flight shared the cores with every other and all of them finished late. With one slot per
//! core (and one more, so a core does not idle while the next request's thread wakes), requests
//! queue in arrival order and each runs at full speed once it starts: more sign-ins per second
//! and a much shorter tail (docs/performance.md, sign-in load). A request that has to wait on
//! something other than a core (a trigger's handler, another request's user lock) gives its
//! slot back for good ([`waiting`]), so a slow handler or a burst of sign-ins for one user never
//! holds up other requests, and a request never waits for a slot while holding a lock.

use super::state::State;
use std::cell::RefCell;
use std::sync::Arc;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinError;

/// The slots requests' work waits for.
pub struct Slots(Arc<Semaphore>);

impl Default for Slots {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self(Arc::new(Semaphore::new(cores + 1)))
    }
}

thread_local! {
    /// The slot the request running on this blocking thread holds.
    static HELD: RefCell<Option<OwnedSemaphorePermit>> = const { RefCell::new(None) };
}

/// Gives the thread's slot back when the request ends, even by a panic.
struct Release;

impl Drop for Release {
    fn drop(&mut self) {
        HELD.with(|h| h.borrow_mut().take());
    }
}

impl Slots {
    /// A fixed number of slots (tests).
    #[cfg(test)]
    fn with(count: usize) -> Self {
        Self(Arc::new(Semaphore::new(count)))
    }

    /// Runs `f` on a blocking thread once a slot is free (waiting requests are served in
    /// arrival order). An error means `f` panicked.
    pub async fn run<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, JoinError> {
        // The semaphore is never closed, so waiting cannot fail; should it, run unthrottled.
        let slot = self.0.clone().acquire_owned().await.ok();
        tokio::task::spawn_blocking(move || {
            HELD.with(|h| *h.borrow_mut() = slot);
            let _release = Release;
            f()
        })
        .await
    }
}

impl State {
    /// A request's work, run as [`Slots::run`] runs it.
    pub async fn run<T: Send + 'static>(
        self: &Arc<Self>,
        f: impl FnOnce(&State) -> T + Send + 'static,
    ) -> Result<T, JoinError> {
        let st = self.clone();
        self.slots.run(move || f(&st)).await
    }
}

/// Runs `f`, which waits on something other than a core (a trigger's handler, a lock another
/// request holds), with this request's slot given back first. The request then finishes without
/// a slot: taking one again here could wait on requests that wait on this one (for a user's
/// lock, say), so no thread ever waits for a slot while it holds anything. Outside a request, or
/// once its slot is given back, it just runs `f`.
pub fn waiting<T>(f: impl FnOnce() -> T) -> T {
    drop(HELD.with(|h| h.borrow_mut().take()));
    f()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a test runtime")
    }

    #[test]
    fn no_more_requests_run_at_once_than_there_are_slots() {
        let slots = Arc::new(Slots::with(2));
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        runtime().block_on(async {
            let mut all = Vec::new();
            for _ in 0..8 {
                let (slots, now, most) = (slots.clone(), now.clone(), most.clone());
                all.push(tokio::spawn(async move {
                    slots
                        .run(move || {
                            let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                            most.fetch_max(running, Ordering::SeqCst);
                            std::thread::sleep(Duration::from_millis(20));
                            now.fetch_sub(1, Ordering::SeqCst);
                        })
                        .await
                }));
            }
            for task in all {
                task.await.expect("joined").expect("ran");
            }
        });
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_request_waiting_outside_the_pool_lets_others_run() {
        let slots = Arc::new(Slots::with(2));
        let entered = Arc::new(AtomicUsize::new(0));
        let finished = Arc::new(std::sync::Mutex::new(Vec::new()));
        runtime().block_on(async {
            let mut waiters = Vec::new();
            for i in 0..2 {
                let (slots, entered, finished) = (slots.clone(), entered.clone(), finished.clone());
                waiters.push(tokio::spawn(async move {
                    slots
                        .run(move || {
                            waiting(|| {
                                entered.fetch_add(1, Ordering::SeqCst);
                                std::thread::sleep(Duration::from_millis(400));
                            });
                            finished.lock().expect("lock").push(format!("waiter {i}"));
                        })
                        .await
                }));
            }
            while entered.load(Ordering::SeqCst) < 2 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            // Both slots' holders are waiting on "handlers": this one must not queue behind them.
            let quick = finished.clone();
            slots
                .run(move || quick.lock().expect("lock").push("quick".to_owned()))
                .await
                .expect("ran");
            for w in waiters {
                w.await.expect("joined").expect("ran");
            }
        });
        let order = finished.lock().expect("lock").clone();
        assert_eq!(
            order.first().map(String::as_str),
            Some("quick"),
            "{order:?}"
        );
        assert_eq!(order.len(), 3);
    }

    #[test]
    fn a_panic_gives_the_slot_back() {
        let slots = Slots::with(1);
        runtime().block_on(async {
            assert!(slots.run(|| panic!("a bug")).await.is_err());
            // A slot kept by the panicked thread would make this wait for ever.
            let again = tokio::time::timeout(Duration::from_secs(30), slots.run(|| 7)).await;
            assert_eq!(again.expect("the slot is free again").expect("ran"), 7);
        });
    }

    #[test]
    fn outside_a_request_waiting_just_runs() {
        assert_eq!(waiting(|| 7), 7);
    }
}
