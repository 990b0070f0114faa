//! cogtui: a terminal account manager for Amazon Cognito, and a Cognito-compatible local pool.
#![forbid(unsafe_code)]

pub mod calendar;
pub mod cli;
pub mod cognito;
#[cfg(feature = "local")]
pub mod local;
pub mod secret;
pub mod srp;
