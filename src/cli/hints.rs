//! What to do next, for the Cognito errors a person meets most.

use crate::auth::AuthError;
use crate::cognito::CognitoError;

fn kind_of(err: &anyhow::Error) -> Option<(String, String)> {
    for cause in err.chain() {
        let c = cause
            .downcast_ref::<AuthError>()
            .and_then(|a| match a {
                AuthError::Cognito(c) => Some(c),
                _ => None,
            })
            .or_else(|| cause.downcast_ref::<CognitoError>());
        if let Some(CognitoError::Service { kind, message, .. }) = c {
            return Some((kind.clone(), message.clone()));
        }
    }
    None
}

/// A next step for the error, if there is a usual one.
pub fn hint(err: &anyhow::Error) -> Option<&'static str> {
    let (kind, message) = kind_of(err)?;
    Some(match kind.as_str() {
        "UserNotConfirmedException" => {
            "confirm the account with `cogtui confirm USERNAME CODE` (a new code: `cogtui resend-code USERNAME`)"
        }
        "NotAuthorizedException" if message.contains("attempts exceeded") => {
            "too many wrong passwords: wait a few minutes, or reset it with `cogtui password forgot USERNAME`"
        }
        "NotAuthorizedException" if message.contains("Incorrect username or password") => {
            "check the username and password; forgot it? `cogtui password forgot USERNAME`"
        }
        "CodeMismatchException" => "check the code; a new one: `cogtui resend-code USERNAME`",
        "ExpiredCodeException" => "the code has expired: ask for a new one",
        "UsernameExistsException" => {
            "that username is taken: pick another, or sign in with `cogtui login USERNAME`"
        }
        "InvalidPasswordException" => "choose a password the pool's policy accepts",
        "PasswordResetRequiredException" => {
            "reset the password with `cogtui password forgot USERNAME`"
        }
        "ResourceNotFoundException" => {
            "the profile's pool or app client does not exist: check `cogtui profile show`"
        }
        "TooManyRequestsException" | "LimitExceededException" => {
            "Cognito is throttling: wait a little and try again"
        }
        _ => return None,
    })
}
