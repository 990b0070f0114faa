//! Why credentials could not be had, in words that say what to fix.

use crate::auth::AuthError;
use crate::cognito::CognitoError;
use crate::session::SessionError;

#[derive(Debug, thiserror::Error)]
pub enum CredsError {
    /// The profile names no identity pool.
    #[error(
        "profile '{0}' has no identity_pool_id: add `identity_pool_id = \"<region>:<uuid>\"` to \
         the profile (`cogtui profile show` prints it)"
    )]
    NoIdentityPool(String),
    /// The identity pool's own setup is wrong (roles, role mappings, guests): said plainly.
    #[error("{0}")]
    PoolSetup(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Cognito(#[from] CognitoError),
    #[error(transparent)]
    Session(#[from] SessionError),
    #[error("the answer lacks {0}; is the endpoint a Cognito identity pool?")]
    Incomplete(&'static str),
}
