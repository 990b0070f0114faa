//! Stable exit codes (documented in docs/cli.md), derived from the error's type.

use crate::auth::AuthError;
use crate::cognito::CognitoError;
use crate::session::SessionError;

pub const OK: u8 = 0;
/// Something else went wrong.
pub const FAILURE: u8 = 1;
/// Bad arguments (clap's own code).
pub const USAGE: u8 = 2;
/// Cognito refused (wrong password, unknown user, bad code, policy...).
pub const REFUSED: u8 = 3;
/// Cognito could not be reached, or its answer did not parse.
pub const UNREACHABLE: u8 = 4;
/// Not signed in, or the session expired and could not be refreshed.
pub const NOT_SIGNED_IN: u8 = 5;
/// No usable profile or configuration.
pub const CONFIG: u8 = 6;
/// The session store (keyring or file) is unavailable or damaged.
pub const SESSION_STORE: u8 = 7;
/// A step cogtui does not support yet.
pub const NOT_SUPPORTED: u8 = 8;
/// Input is needed but there is no terminal to ask (pass the flag named in the message).
pub const NEEDS_INPUT: u8 = 9;
/// What was typed was refused before anything was sent (the two new passwords differ,
/// nothing was typed).
pub const INPUT_REFUSED: u8 = 10;

/// `cogtui doctor` found problems at the level of `--fail-on` (error by default).
pub const FINDINGS: u8 = 11;

/// Errors the CLI raises itself, with their exit codes.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    NotSignedIn(String),
    #[error("{0}")]
    Config(String),
    #[error("{0}")]
    NeedsInput(String),
    #[error("{0}")]
    Refused(String),
    #[error("{0}")]
    Usage(String),
    #[error("{0}")]
    InputRefused(String),
    /// A service other than Cognito (STS, the AWS federation endpoint) could not be reached
    /// or answered with something that did not parse.
    #[error("{0}")]
    Unreachable(String),
    /// The doctor found problems (the report is printed already).
    #[error("{0}")]
    Findings(String),
}

fn cognito_code(e: &CognitoError) -> u8 {
    match e {
        CognitoError::Service { status, .. } if *status >= 500 => UNREACHABLE,
        CognitoError::Service { .. } => REFUSED,
        CognitoError::Network { .. } | CognitoError::Parse { .. } => UNREACHABLE,
    }
}

#[cfg(feature = "admin")]
fn admin_code(e: &crate::admin::AdminError) -> u8 {
    use crate::admin::AdminError as A;
    match e {
        A::NoCredentials { .. } => CONFIG,
        A::CredentialsRefused { .. } | A::AccessDenied { .. } | A::UserNotFound { .. } => REFUSED,
        A::BadFilter(_) => USAGE,
        A::Audit { .. } => FAILURE,
        A::Cognito(c) => cognito_code(c),
    }
}

/// The exit code for an error chain.
pub fn code_for(err: &anyhow::Error) -> u8 {
    for cause in err.chain() {
        if let Some(e) = cause.downcast_ref::<CliError>() {
            return match e {
                CliError::NotSignedIn(_) => NOT_SIGNED_IN,
                CliError::Config(_) => CONFIG,
                CliError::NeedsInput(_) => NEEDS_INPUT,
                CliError::Refused(_) => REFUSED,
                CliError::Usage(_) => USAGE,
                CliError::InputRefused(_) => INPUT_REFUSED,
                CliError::Unreachable(_) => UNREACHABLE,
                CliError::Findings(_) => FINDINGS,
            };
        }
        if let Some(e) = cause.downcast_ref::<AuthError>() {
            return match e {
                AuthError::Cognito(c) => cognito_code(c),
                AuthError::Srp(_) | AuthError::DeviceRefused { .. } => REFUSED,
                AuthError::Session(_) => SESSION_STORE,
                AuthError::NotSupported(_) => NOT_SUPPORTED,
                AuthError::Incomplete(_) => UNREACHABLE,
                AuthError::NotSignedIn { .. } | AuthError::SessionEnded { .. } => NOT_SIGNED_IN,
                AuthError::InvalidInput(_) => INPUT_REFUSED,
            };
        }
        #[cfg(feature = "admin")]
        if let Some(e) = cause.downcast_ref::<crate::admin::AdminError>() {
            return admin_code(e);
        }
        #[cfg(feature = "admin")]
        if let Some(e) = cause.downcast_ref::<crate::doctor::DoctorError>() {
            use crate::doctor::DoctorError as D;
            return match e {
                // The profile names a pool or client that is not there.
                D::PoolNotFound { .. } | D::ClientNotFound { .. } => CONFIG,
                D::Admin(a) => admin_code(a),
            };
        }
        if let Some(e) = cause.downcast_ref::<CognitoError>() {
            return cognito_code(e);
        }
        if cause.downcast_ref::<crate::config::ConfigError>().is_some() {
            return CONFIG;
        }
        if cause.downcast_ref::<SessionError>().is_some() {
            return SESSION_STORE;
        }
        if let Some(e) = cause.downcast_ref::<crate::cognito::TokenCheckError>() {
            return match e {
                crate::cognito::TokenCheckError::Fetch { .. } => UNREACHABLE,
                _ => NOT_SIGNED_IN,
            };
        }
    }
    FAILURE
}
