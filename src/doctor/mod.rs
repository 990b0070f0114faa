//! The pool doctor: reads a profile's user pool and app client with IAM credentials (the
//! admin core's signed calls) and explains, in plain words with the fix, what would trip
//! cogtui and its users: SRP or refresh not allowed, a client secret, short refresh tokens,
//! device tracking, MFA against users' enrolment, Hosted UI callbacks, triggers. UI-free: the
//! CLI (`cogtui doctor`) and the TUI's pool-health panel show the same `Report`. The checks
//! and findings build without the `admin` feature; the reads need it.

mod checks;
#[cfg(feature = "admin")]
mod error;
#[cfg(feature = "admin")]
mod fetch;
mod findings;
mod snapshot;

pub use checks::all as check;
#[cfg(feature = "admin")]
pub use error::DoctorError;
#[cfg(feature = "admin")]
pub use fetch::{diagnose, run, snapshot};
pub use findings::{Finding, Report, Severity};
pub use snapshot::{
    DEFAULT_REFRESH_SECONDS, DEFAULT_SAMPLE, Expectations, ProfileView, SampledUser, Snapshot,
    Unread, UserSample, parse_duration, say_duration,
};
