//! What can go wrong in an admin operation, each saying what to do next.

use crate::cognito::{CognitoError, ErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    #[error(
        "no IAM credentials for admin commands: tried {tried}: {reason}; set AWS_PROFILE or \
         pass --aws-profile NAME (run `aws sso login --profile NAME` first for SSO), or set \
         AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
    )]
    NoCredentials { tried: String, reason: String },
    #[error(
        "the IAM credentials from {from} were refused ({kind}: {message}); check that they \
         are current and for this account, or pick others with --aws-profile"
    )]
    CredentialsRefused {
        from: String,
        kind: String,
        message: String,
    },
    #[error(
        "the IAM credentials from {from} may not do this ({message}); the IAM policy needs \
         cognito-idp:{operation} on the user pool"
    )]
    AccessDenied {
        from: String,
        operation: String,
        message: String,
    },
    #[error("no user `{user}` in pool {pool}; find one with `cogtui admin user find`")]
    UserNotFound { user: String, pool: String },
    #[error("the filter was refused: {0}")]
    BadFilter(String),
    #[error("cannot write the audit log {path}: {reason}")]
    Audit { path: String, reason: String },
    #[error(transparent)]
    Cognito(#[from] CognitoError),
}

impl AdminError {
    /// The error of an admin call, with the refusals that concern the credentials named.
    pub(super) fn from_call(
        e: CognitoError,
        source: &str,
        operation: &str,
        user: &str,
        pool: &str,
    ) -> Self {
        let CognitoError::Service { kind, message, .. } = &e else {
            return Self::Cognito(e);
        };
        let name = kind.name();
        match kind {
            ErrorKind::UserNotFound => Self::UserNotFound {
                user: user.to_owned(),
                pool: pool.to_owned(),
            },
            _ if matches!(
                name,
                "UnrecognizedClientException"
                    | "InvalidSignatureException"
                    | "MissingAuthenticationTokenException"
                    | "ExpiredTokenException"
                    | "InvalidClientTokenId"
                    | "SignatureDoesNotMatch"
            ) =>
            {
                Self::CredentialsRefused {
                    from: source.to_owned(),
                    kind: name.to_owned(),
                    message: message.clone(),
                }
            }
            _ if name == "AccessDeniedException" => Self::AccessDenied {
                from: source.to_owned(),
                operation: operation.to_owned(),
                message: message.clone(),
            },
            _ => Self::Cognito(e),
        }
    }

    /// A short name for the audit log's `result`.
    pub fn audit_name(&self) -> String {
        match self {
            Self::NoCredentials { .. } => "NoCredentials".into(),
            Self::CredentialsRefused { kind, .. } => kind.clone(),
            Self::AccessDenied { .. } => "AccessDeniedException".into(),
            Self::UserNotFound { .. } => "UserNotFoundException".into(),
            Self::BadFilter(_) => "InvalidParameterException".into(),
            Self::Audit { .. } => "AuditLogUnwritable".into(),
            Self::Cognito(CognitoError::Service { kind, .. }) => kind.name().to_owned(),
            Self::Cognito(CognitoError::Network { .. }) => "NetworkError".into(),
            Self::Cognito(CognitoError::Parse { .. }) => "UnparsedAnswer".into(),
        }
    }
}
