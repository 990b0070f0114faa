//! Flows, written once for both faces: sign-up, sign-in (challenges as a type), refresh,
//! passwords and sign-out, and the account service (`Account`) that owns a profile's sessions.
//! They talk to Cognito through `cognito::IdpClient` and keep sessions through
//! `session::SessionStore`; they never print or prompt.

mod account;
mod challenge;
mod client;
mod devices;
pub mod hosted_ui;
mod mfa;
mod password;
mod refresh;
mod signin;
mod signout;
mod signup;
mod tokens;
mod user_view;

pub use account::{Account, SignedInUser};
pub use challenge::{
    Answer, Challenge, MfaMethod, MfaSetupChallenge, NewPasswordChallenge, Pending,
    SelectMfaChallenge, SentCodeChallenge, SignIn, respond,
};
pub use client::AuthClient;
pub use devices::{DeviceInfo, DeviceRef, Forgotten, Remembered, Tracked, default_device_name};
pub use mfa::{Enrolment, MfaStatus, current_code};
pub use password::{change_password, confirm_forgot_password, forgot_password};
pub use refresh::{REFRESH_MARGIN, needs_refresh, refresh};
pub use signin::{AuthFlow, sign_in};
pub use signout::{SignOutReport, SignOutScope};
pub use signup::{confirm_sign_up, resend_code, sign_up};
pub use tokens::{stored_from_result, unverified_claims};
pub use user_view::UserView;

use crate::cognito::{CognitoError, ErrorKind};
use crate::session::SessionError;
use crate::srp::SrpError;

/// Why a flow stopped.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error(transparent)]
    Cognito(#[from] CognitoError),
    #[error("SRP failed: {0}")]
    Srp(#[from] SrpError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("not supported: {0}")]
    NotSupported(String),
    #[error("the answer lacks {0}; is the endpoint a Cognito user pool?")]
    Incomplete(&'static str),
    /// Nobody (or not this user) is signed in on the profile.
    #[error("{}", not_signed_in(profile, user.as_deref()))]
    NotSignedIn {
        profile: String,
        user: Option<String>,
    },
    /// What the person gave cannot be used (a TOTP secret that is not base32, ...).
    #[error("{0}")]
    InvalidInput(String),
    /// The pool refused the remembered device (unknown, forgotten elsewhere, or its password
    /// no longer verifies); its secrets here have been dropped.
    #[error(
        "the remembered device of {user} was refused by the pool ({why}); it has been \
         forgotten here: sign in again (MFA will be asked)"
    )]
    DeviceRefused { user: String, why: String },
    /// Cognito no longer accepts the session (expired, revoked, or damaged here); it has been
    /// forgotten.
    #[error("the session of {user} has ended ({why}); sign in again")]
    SessionEnded { user: String, why: String },
}

fn not_signed_in(profile: &str, user: Option<&str>) -> String {
    match user {
        Some(u) => format!("{u} is not signed in on profile '{profile}'"),
        None => format!("nobody is signed in on profile '{profile}'"),
    }
}

impl AuthError {
    /// The Cognito error type, if Cognito said no.
    pub fn kind(&self) -> Option<&ErrorKind> {
        match self {
            Self::Cognito(e) => e.kind(),
            _ => None,
        }
    }

    /// Cognito could not be reached (or answered with something that is not its API).
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Self::Cognito(e) if e.is_unreachable())
    }
}
