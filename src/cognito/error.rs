//! Errors of the wire client, keeping apart "Cognito said no", "the network failed" and "the
//! answer did not parse".

/// Why a call to Cognito failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CognitoError {
    /// Cognito (or the local pool) answered with an error.
    #[error("{kind}: {message}")]
    Service {
        kind: String,
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
    /// The error type Cognito named (`NotAuthorizedException`, ...), if it answered.
    pub fn kind(&self) -> Option<&str> {
        match self {
            Self::Service { kind, .. } => Some(kind),
            _ => None,
        }
    }

    pub fn is(&self, kind: &str) -> bool {
        self.kind() == Some(kind)
    }

    /// Throttling: the request was not processed and may be sent again.
    pub fn is_throttling(&self) -> bool {
        matches!(
            self.kind(),
            Some("TooManyRequestsException" | "LimitExceededException" | "ThrottlingException")
        )
    }

    /// A server-side failure: safe to repeat only for idempotent calls.
    pub fn is_server_fault(&self) -> bool {
        matches!(self, Self::Service { status, .. } if *status >= 500)
    }
}

/// The error type from `x-amzn-ErrorType` (up to the first `:`) or the body's `__type`
/// (after the last `#`).
pub fn error_kind(header: Option<&str>, body_type: Option<&str>) -> Option<String> {
    if let Some(h) = header {
        let t = h.split(':').next().unwrap_or_default().trim();
        if !t.is_empty() {
            return Some(t.to_owned());
        }
    }
    body_type
        .map(|t| t.rsplit('#').next().unwrap_or(t).trim().to_owned())
        .filter(|t| !t.is_empty())
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
            )
            .as_deref(),
            Some("NotAuthorizedException")
        );
        assert_eq!(
            error_kind(None, Some("com.amazonaws.cognito#UserNotFoundException")).as_deref(),
            Some("UserNotFoundException")
        );
        assert_eq!(
            error_kind(Some(""), Some("CodeMismatchException")).as_deref(),
            Some("CodeMismatchException")
        );
        assert_eq!(error_kind(None, None), None);
    }
}
