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
    /// The basic flow was asked for without a role to assume.
    #[error(
        "the basic flow assumes a role you name: pass --role-arn ARN, or add `role_arn = \
         \"arn:aws:iam::<account>:role/<name>\"` to profile '{0}'"
    )]
    NoBasicRole(String),
    /// STS refused or could not be reached (the basic flow).
    #[error(transparent)]
    Sts(#[from] super::sts::StsError),
    /// The federation endpoint could not be reached, or its answer did not parse.
    #[error("{0}")]
    Federation(String),
    /// The federation endpoint answered, and refused the credentials.
    #[error("{0}")]
    FederationRefused(String),
}
