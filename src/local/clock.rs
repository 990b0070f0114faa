//! The pool's clock: the system time plus an offset that tests move with `POST /_local/clock`.

use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

#[derive(Debug, Default)]
pub struct Clock {
    offset: AtomicI64,
}

impl Clock {
    /// Unix seconds, offset included.
    pub fn now(&self) -> i64 {
        system_now() + self.offset.load(Ordering::Relaxed)
    }

    /// Unix seconds with a fraction, as Cognito's dates are sent.
    pub fn now_f64(&self) -> f64 {
        let d = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default();
        d.as_secs_f64() + self.offset.load(Ordering::Relaxed) as f64
    }

    /// Moves the clock forward (or back) and returns the new offset.
    pub fn advance(&self, seconds: i64) -> i64 {
        self.offset.fetch_add(seconds, Ordering::Relaxed) + seconds
    }
}

pub use crate::calendar::unix_now as system_now;

pub fn system_now_f64() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64())
        .unwrap_or_default()
}
