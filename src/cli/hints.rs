//! What to do next, for the errors a person meets most.

use crate::auth::AuthError;
use crate::cognito::{CognitoError, ErrorKind};

fn auth_error(err: &anyhow::Error) -> Option<&AuthError> {
    err.chain().find_map(|c| c.downcast_ref::<AuthError>())
}

fn cognito_error(err: &anyhow::Error) -> Option<&CognitoError> {
    err.chain().find_map(|cause| {
        cause
            .downcast_ref::<AuthError>()
            .and_then(|a| match a {
                AuthError::Cognito(c) => Some(c),
                _ => None,
            })
            .or_else(|| cause.downcast_ref::<CognitoError>())
    })
}

/// A next step for the error, if there is a usual one. `command` is the command that failed
/// (`logout`, `password reset`, ...), for hints that depend on it.
pub fn hint(err: &anyhow::Error, command: &str) -> Option<String> {
    match auth_error(err) {
        Some(AuthError::NotSignedIn { user: Some(u), .. }) => {
            return Some(format!(
                "sign in with `cogtui login {u}`; `cogtui users` lists who is signed in"
            ));
        }
        Some(AuthError::NotSignedIn { user: None, .. }) => {
            return Some("sign in with `cogtui login USERNAME`".into());
        }
        Some(AuthError::SessionEnded { user, .. }) => {
            return Some(format!("sign in again with `cogtui login {user}`"));
        }
        _ => {}
    }
    let c = cognito_error(err)?;
    if c.is_unreachable() && command == "logout" {
        return Some(
            "the session is kept; `cogtui logout --local-only` forgets it here without telling \
             Cognito"
                .into(),
        );
    }
    let CognitoError::Service { kind, message, .. } = c else {
        return None;
    };
    let text = match kind {
        ErrorKind::UserNotConfirmed => {
            "confirm the account with `cogtui confirm USERNAME CODE` (a new code: `cogtui resend-code USERNAME`)"
        }
        ErrorKind::NotAuthorized if message.contains("attempts exceeded") => {
            "too many wrong passwords: wait a few minutes, or reset it with `cogtui password forgot USERNAME`"
        }
        ErrorKind::NotAuthorized if message.contains("Incorrect username or password") => {
            "check the username and password; forgot it? `cogtui password forgot USERNAME`"
        }
        ErrorKind::CodeMismatch | ErrorKind::ExpiredCode if command == "password reset" => {
            "check the code; a new one: `cogtui password forgot USERNAME`"
        }
        ErrorKind::CodeMismatch if command == "login" => {
            "check the MFA code (each is good once; an authenticator's changes every 30 s)"
        }
        ErrorKind::CodeMismatch => "check the code; a new one: `cogtui resend-code USERNAME`",
        ErrorKind::ExpiredCode => "the code has expired: ask for a new one",
        ErrorKind::UsernameExists => {
            "that username is taken: pick another, or sign in with `cogtui login USERNAME`"
        }
        ErrorKind::InvalidPassword => "choose a password the pool's policy accepts",
        ErrorKind::PasswordResetRequired => {
            "reset the password with `cogtui password forgot USERNAME`"
        }
        ErrorKind::ResourceNotFound => {
            "the profile's pool or app client does not exist: check `cogtui profile show`"
        }
        k if k.is_throttling() => "Cognito is throttling: wait a little and try again",
        _ => return None,
    };
    Some(text.to_owned())
}
