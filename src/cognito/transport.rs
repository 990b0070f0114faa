//! AWS JSON 1.1 over reqwest (rustls): timeouts, error decoding, and capped, jittered retries
//! where repeating a call is safe.

use super::error::{CognitoError, error_kind};
use rand::RngExt;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// The user-pool API's target prefix.
pub const IDP: &str = "AWSCognitoIdentityProviderService";
/// The identity-pool API's target prefix.
pub const IDENTITY: &str = "AWSCognitoIdentityService";

const ATTEMPTS: u32 = 3;
const BASE_DELAY: Duration = Duration::from_millis(100);
const MAX_DELAY: Duration = Duration::from_secs(2);

/// Whether a call may be sent again after a server fault or a timeout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idempotence {
    /// Reads, and writes that land the same twice: retry on 5xx and timeouts too.
    Safe,
    /// Retry only when the request was certainly not processed (throttling, no connection).
    Unsafe,
}

/// Signs a request before it leaves (SigV4 for the admin operations): given the URL, the
/// headers that will be sent and the body, the headers to add. Kept behind this seam so the
/// transport knows nothing of IAM.
pub trait RequestSigner: std::fmt::Debug + Send + Sync {
    fn sign(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Vec<(String, String)>, CognitoError>;
}

#[derive(Debug, Clone)]
pub struct Transport {
    /// Built at the first request: building it reads and parses the OS certificate store
    /// (hundreds of files), which commands answered from the session store
    /// (`creds process` with cached credentials) must not pay for.
    http: std::sync::Arc<std::sync::OnceLock<reqwest::Client>>,
    endpoint: String,
    signer: Option<std::sync::Arc<dyn RequestSigner>>,
}

impl Transport {
    /// A transport for `endpoint` with connect and request timeouts.
    pub fn new(endpoint: &str) -> Result<Self, CognitoError> {
        Ok(Self {
            http: Default::default(),
            endpoint: endpoint.to_owned(),
            signer: None,
        })
    }

    fn http(&self) -> Result<&reqwest::Client, CognitoError> {
        if let Some(c) = self.http.get() {
            return Ok(c);
        }
        let built = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(concat!("cogtui/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| CognitoError::Network {
                endpoint: self.endpoint.clone(),
                reason: format!("cannot build an HTTP client: {e}"),
            })?;
        Ok(self.http.get_or_init(|| built))
    }

    /// This transport with every request signed by `signer` (signed afresh at each attempt).
    pub fn with_signer(mut self, signer: std::sync::Arc<dyn RequestSigner>) -> Self {
        self.signer = Some(signer);
        self
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    /// Calls `<prefix>.<op>` with `req`, retrying where it is safe.
    pub async fn call<Req: Serialize, Resp: DeserializeOwned>(
        &self,
        prefix: &str,
        op: &str,
        req: &Req,
        idempotence: Idempotence,
    ) -> Result<Resp, CognitoError> {
        let body = serde_json::to_vec(req).map_err(|e| CognitoError::Parse {
            endpoint: self.endpoint.clone(),
            reason: format!("cannot encode the request: {e}"),
        })?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            let result = self.send_once(prefix, op, &body).await;
            let retry = match &result {
                Ok(_) => false,
                Err(Attempt::NotSent(_)) => true,
                Err(Attempt::Failed(e)) => {
                    e.is_throttling() || (idempotence == Idempotence::Safe && e.is_server_fault())
                }
                Err(Attempt::TimedOut(_)) => idempotence == Idempotence::Safe,
            };
            if !retry || attempt >= ATTEMPTS {
                return result.map_err(Attempt::into_error);
            }
            tracing::debug!(op, attempt, "retrying Cognito call");
            tokio::time::sleep(backoff(attempt)).await;
        }
    }

    async fn send_once<Resp: DeserializeOwned>(
        &self,
        prefix: &str,
        op: &str,
        body: &[u8],
    ) -> Result<Resp, Attempt> {
        let target = format!("{prefix}.{op}");
        let mut request = self
            .http()
            .map_err(Attempt::Failed)?
            .post(&self.endpoint)
            .header("content-type", "application/x-amz-json-1.1")
            .header("x-amz-target", &target);
        if let Some(signer) = &self.signer {
            let headers = [
                ("content-type", "application/x-amz-json-1.1"),
                ("x-amz-target", target.as_str()),
            ];
            for (name, value) in signer
                .sign(&self.endpoint, &headers, body)
                .map_err(Attempt::Failed)?
            {
                request = request.header(name, value);
            }
        }
        let resp = request
            .body(body.to_vec())
            .send()
            .await
            .map_err(|e| self.classify(&e))?;
        let status = resp.status().as_u16();
        let header = resp
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let bytes = resp.bytes().await.map_err(|e| self.classify(&e))?;
        if (200..300).contains(&status) {
            let text: &[u8] = if bytes.is_empty() { b"{}" } else { &bytes };
            return serde_json::from_slice(text).map_err(|e| {
                Attempt::Failed(CognitoError::Parse {
                    endpoint: self.endpoint.clone(),
                    reason: format!("{op} answer: {e}"),
                })
            });
        }
        let json: Option<serde_json::Value> = serde_json::from_slice(&bytes).ok();
        let body_type = json
            .as_ref()
            .and_then(|j| j.get("__type"))
            .and_then(|t| t.as_str());
        let Some(kind) = error_kind(header.as_deref(), body_type) else {
            let err = CognitoError::Parse {
                endpoint: self.endpoint.clone(),
                reason: format!("HTTP {status} with no Cognito error in the body"),
            };
            // A proxy's 5xx page: the request may not have been processed.
            return Err(if status >= 500 {
                Attempt::Failed(CognitoError::Service {
                    kind: super::error::ErrorKind::InternalError,
                    message: err.to_string(),
                    status,
                })
            } else {
                Attempt::Failed(err)
            });
        };
        let message = json
            .as_ref()
            .and_then(|j| j.get("message").or_else(|| j.get("Message")))
            .and_then(|m| m.as_str())
            .unwrap_or_default()
            .to_owned();
        Err(Attempt::Failed(CognitoError::Service {
            kind,
            message,
            status,
        }))
    }

    fn classify(&self, e: &reqwest::Error) -> Attempt {
        let err = CognitoError::Network {
            endpoint: self.endpoint.clone(),
            reason: describe(e),
        };
        if e.is_connect() {
            Attempt::NotSent(err)
        } else if e.is_timeout() {
            Attempt::TimedOut(err)
        } else {
            Attempt::Failed(err)
        }
    }
}

enum Attempt {
    NotSent(CognitoError),
    TimedOut(CognitoError),
    Failed(CognitoError),
}

impl Attempt {
    fn into_error(self) -> CognitoError {
        match self {
            Self::NotSent(e) | Self::TimedOut(e) | Self::Failed(e) => e,
        }
    }
}

/// reqwest's message without the URL's query (there is none) and with its cause.
fn describe(e: &reqwest::Error) -> String {
    let mut text = if e.is_connect() {
        "connection refused or unreachable".to_owned()
    } else if e.is_timeout() {
        "timed out".to_owned()
    } else {
        "request failed".to_owned()
    };
    let mut source = std::error::Error::source(e);
    if let Some(s) = source.take() {
        text.push_str(&format!(" ({s})"));
    }
    text
}

/// Full jitter over a capped exponential backoff.
fn backoff(attempt: u32) -> Duration {
    let cap = BASE_DELAY
        .saturating_mul(1 << attempt.min(10))
        .min(MAX_DELAY);
    let ms = rand::rng().random_range(0..=cap.as_millis() as u64);
    Duration::from_millis(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_capped() {
        for attempt in 1..20 {
            assert!(backoff(attempt) <= MAX_DELAY);
        }
    }
}
