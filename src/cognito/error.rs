//! Errors of the wire client, keeping apart "Cognito said no", "the network failed" and "the
//! answer did not parse"; Cognito's error names as a type (`ErrorKind`), matched, never
//! compared as strings.

/// The error types Cognito (and the local pool) answer with. Names not listed here keep their
/// text in `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    NotAuthorized,
    UserNotFound,
    UserNotConfirmed,
    UsernameExists,
    AliasExists,
    CodeMismatch,
    ExpiredCode,
    CodeDeliveryFailure,
    PasswordResetRequired,
    InvalidPassword,
    InvalidParameter,
    InvalidLambdaResponse,
    InvalidUserPoolConfiguration,
    InvalidIdentityPoolConfiguration,
    LimitExceeded,
    TooManyRequests,
    TooManyFailedAttempts,
    Throttling,
    ResourceNotFound,
    EnableSoftwareTokenMfa,
    SoftwareTokenMfaNotFound,
    MfaMethodNotFound,
    UnsupportedOperation,
    UnsupportedTokenType,
    UserLambdaValidation,
    InternalError,
    /// Any other name, as Cognito spelled it.
    Other(String),
}

/// Wire names, one place: `(kind, name)`.
const NAMES: &[(ErrorKind, &str)] = &[
    (ErrorKind::NotAuthorized, "NotAuthorizedException"),
    (ErrorKind::UserNotFound, "UserNotFoundException"),
    (ErrorKind::UserNotConfirmed, "UserNotConfirmedException"),
    (ErrorKind::UsernameExists, "UsernameExistsException"),
    (ErrorKind::AliasExists, "AliasExistsException"),
    (ErrorKind::CodeMismatch, "CodeMismatchException"),
    (ErrorKind::ExpiredCode, "ExpiredCodeException"),
    (
        ErrorKind::CodeDeliveryFailure,
        "CodeDeliveryFailureException",
    ),
    (
        ErrorKind::PasswordResetRequired,
        "PasswordResetRequiredException",
    ),
    (ErrorKind::InvalidPassword, "InvalidPasswordException"),
    (ErrorKind::InvalidParameter, "InvalidParameterException"),
    (
        ErrorKind::InvalidLambdaResponse,
        "InvalidLambdaResponseException",
    ),
    (
        ErrorKind::InvalidUserPoolConfiguration,
        "InvalidUserPoolConfigurationException",
    ),
    (
        ErrorKind::InvalidIdentityPoolConfiguration,
        "InvalidIdentityPoolConfigurationException",
    ),
    (ErrorKind::LimitExceeded, "LimitExceededException"),
    (ErrorKind::TooManyRequests, "TooManyRequestsException"),
    (
        ErrorKind::TooManyFailedAttempts,
        "TooManyFailedAttemptsException",
    ),
    (ErrorKind::Throttling, "ThrottlingException"),
    (ErrorKind::ResourceNotFound, "ResourceNotFoundException"),
    (
        ErrorKind::EnableSoftwareTokenMfa,
        "EnableSoftwareTokenMFAException",
    ),
    (
        ErrorKind::SoftwareTokenMfaNotFound,
        "SoftwareTokenMFANotFoundException",
    ),
    (ErrorKind::MfaMethodNotFound, "MFAMethodNotFoundException"),
    (
        ErrorKind::UnsupportedOperation,
        "UnsupportedOperationException",
    ),
    (
        ErrorKind::UnsupportedTokenType,
        "UnsupportedTokenTypeException",
    ),
    (
        ErrorKind::UserLambdaValidation,
        "UserLambdaValidationException",
    ),
    (ErrorKind::InternalError, "InternalErrorException"),
];

impl ErrorKind {
    /// The kind for a wire name (`NotAuthorizedException`); unknown names are `Other`.
    pub fn from_name(name: &str) -> Self {
        NAMES
            .iter()
            .find(|(_, n)| *n == name)
            .map(|(k, _)| k.clone())
            .unwrap_or_else(|| Self::Other(name.to_owned()))
    }

    /// The wire name.
    pub fn name(&self) -> &str {
        match self {
            Self::Other(n) => n,
            k => NAMES
                .iter()
                .find(|(known, _)| known == k)
                .map_or("UnknownError", |(_, n)| n),
        }
    }

    /// Throttling: the request was not processed and may be sent again.
    pub fn is_throttling(&self) -> bool {
        matches!(
            self,
            Self::TooManyRequests | Self::LimitExceeded | Self::Throttling
        )
    }
}

impl std::fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a call to Cognito failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CognitoError {
    /// Cognito (or the local pool) answered with an error.
    #[error("{kind}: {message}")]
    Service {
        kind: ErrorKind,
        message: String,
        status: u16,
    },
    /// The request did not get an answer.
    #[error("cannot reach {endpoint}: {reason}; check the network and the profile's endpoint")]
    Network { endpoint: String, reason: String },
    /// An answer came but it is not what the API returns.
    #[error("the answer from {endpoint} did not parse ({reason}); is the endpoint a Cognito API?")]
    Parse { endpoint: String, reason: String },
}

impl CognitoError {
    /// The error type Cognito named, if it answered.
    pub fn kind(&self) -> Option<&ErrorKind> {
        match self {
            Self::Service { kind, .. } => Some(kind),
            _ => None,
        }
    }

    /// Cognito's message, if it answered.
    pub fn message(&self) -> Option<&str> {
        match self {
            Self::Service { message, .. } => Some(message),
            _ => None,
        }
    }

    pub fn is(&self, kind: &ErrorKind) -> bool {
        self.kind() == Some(kind)
    }

    /// Throttling: the request was not processed and may be sent again.
    pub fn is_throttling(&self) -> bool {
        self.kind().is_some_and(ErrorKind::is_throttling)
    }

    /// A server-side failure: safe to repeat only for idempotent calls.
    pub fn is_server_fault(&self) -> bool {
        matches!(self, Self::Service { status, .. } if *status >= 500)
    }

    /// Cognito was not reached, or answered with something that is not its API.
    pub fn is_unreachable(&self) -> bool {
        matches!(self, Self::Network { .. } | Self::Parse { .. }) || self.is_server_fault()
    }
}

/// The error type from `x-amzn-ErrorType` (up to the first `:`) or the body's `__type`
/// (after the last `#`).
pub fn error_kind(header: Option<&str>, body_type: Option<&str>) -> Option<ErrorKind> {
    if let Some(h) = header {
        let t = h.split(':').next().unwrap_or_default().trim();
        if !t.is_empty() {
            return Some(ErrorKind::from_name(t));
        }
    }
    body_type
        .map(|t| t.rsplit('#').next().unwrap_or(t).trim())
        .filter(|t| !t.is_empty())
        .map(ErrorKind::from_name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_from_header_or_body() {
        assert_eq!(
            error_kind(
                Some("NotAuthorizedException:http://internal.amazon.com/coral/x/"),
                None
            ),
            Some(ErrorKind::NotAuthorized)
        );
        assert_eq!(
            error_kind(None, Some("com.amazonaws.cognito#UserNotFoundException")),
            Some(ErrorKind::UserNotFound)
        );
        assert_eq!(
            error_kind(Some(""), Some("CodeMismatchException")),
            Some(ErrorKind::CodeMismatch)
        );
        assert_eq!(error_kind(None, None), None);
        assert_eq!(
            error_kind(None, Some("SomethingNewException")),
            Some(ErrorKind::Other("SomethingNewException".into()))
        );
    }

    #[test]
    fn names_round_trip() {
        for (kind, name) in NAMES {
            assert_eq!(&ErrorKind::from_name(name), kind);
            assert_eq!(kind.name(), *name);
        }
        assert_eq!(ErrorKind::Other("X".into()).name(), "X");
    }
}
