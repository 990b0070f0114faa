//! SigV4 for the admin operations, by AWS's `aws-sigv4`, plugged into the project's transport
//! (`cognito::RequestSigner`): service `cognito-idp`, the profile's region, the body signed.

use super::credentials::AdminCredentials;
use crate::cognito::{CognitoError, RequestSigner};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_smithy_runtime_api::client::identity::Identity;

/// The service name admin calls are signed for.
pub const SERVICE: &str = "cognito-idp";

#[derive(Debug)]
pub struct SigV4Signer {
    identity: Identity,
    region: String,
    service: &'static str,
}

impl SigV4Signer {
    pub fn new(creds: &AdminCredentials, region: &str) -> Self {
        Self {
            identity: creds.to_aws().into(),
            region: region.to_owned(),
            service: SERVICE,
        }
    }
}

fn sign_error(endpoint: &str, what: impl std::fmt::Display) -> CognitoError {
    CognitoError::Parse {
        endpoint: endpoint.to_owned(),
        reason: format!("cannot sign the request: {what}"),
    }
}

impl RequestSigner for SigV4Signer {
    fn sign(
        &self,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Result<Vec<(String, String)>, CognitoError> {
        // Normalised as reqwest sends it: an empty path is `/`, a default port left out.
        let parsed = url::Url::parse(url).map_err(|e| sign_error(url, e))?;
        let host = match (parsed.host_str(), parsed.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            (None, _) => return Err(sign_error(url, "the endpoint has no host")),
        };
        let mut all: Vec<(&str, &str)> = headers.to_vec();
        all.push(("host", host.as_str()));
        let params = aws_sigv4::sign::v4::SigningParams::builder()
            .identity(&self.identity)
            .region(&self.region)
            .name(self.service)
            .time(std::time::SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .map_err(|e| sign_error(url, e))?
            .into();
        let request = SignableRequest::new(
            "POST",
            parsed.as_str(),
            all.iter().copied(),
            SignableBody::Bytes(body),
        )
        .map_err(|e| sign_error(url, e))?;
        let (instructions, _) = sign(request, &params)
            .map_err(|e| sign_error(url, e))?
            .into_parts();
        Ok(instructions
            .headers()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect())
    }
}
