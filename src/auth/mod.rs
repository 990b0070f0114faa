//! Flows, written once for both faces: sign-up, sign-in (a challenge state machine), refresh,
//! passwords and sign-out. They talk to Cognito through `cognito::IdpClient` and keep sessions
//! through `session::SessionStore`; they never print or prompt.

mod client;
mod password;
mod refresh;
mod signin;
mod signout;
mod signup;
mod tokens;

pub use client::AuthClient;
pub use password::{change_password, confirm_forgot_password, forgot_password};
pub use refresh::{REFRESH_MARGIN, needs_refresh, refresh};
pub use signin::{AuthFlow, NewPasswordChallenge, SignInState, answer_new_password, sign_in};
pub use signout::{SignOutReport, sign_out};
pub use signup::{confirm_sign_up, resend_code, sign_up};
pub use tokens::{stored_from_result, unverified_claims};

use crate::cognito::CognitoError;
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
}

impl AuthError {
    /// The Cognito error type, if Cognito said no.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Self::Cognito(e) => e.kind(),
            _ => None,
        }
    }
}
