//! cogtui: a terminal account manager for Amazon Cognito, and a Cognito-compatible local pool.
#![forbid(unsafe_code)]

#[cfg(feature = "admin")]
pub mod admin;
pub mod auth;
pub mod calendar;
pub mod cli;
pub mod cognito;
pub mod config;
pub mod creds;
pub mod doctor;
#[cfg(feature = "local")]
pub mod local;
pub mod private_fs;
pub mod qr;
pub mod secret;
pub mod session;
pub mod srp;
pub mod text;
pub mod totp;
#[cfg(feature = "tui")]
pub mod tui;
