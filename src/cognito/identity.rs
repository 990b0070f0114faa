//! The identity-pool operations cogtui calls (GetId, GetCredentialsForIdentity,
//! GetOpenIdToken), unsigned as Cognito expects them.

use super::error::CognitoError;
use super::identity_types::*;
use super::transport::{IDENTITY, Idempotence, Transport};

type R<T> = Result<T, CognitoError>;

/// A client for one identity-pool endpoint.
#[derive(Debug, Clone)]
pub struct IdentityClient {
    transport: Transport,
}

impl IdentityClient {
    pub fn new(endpoint: &str) -> R<Self> {
        Ok(Self {
            transport: Transport::new(endpoint)?,
        })
    }

    pub fn endpoint(&self) -> &str {
        self.transport.endpoint()
    }

    /// GetId: the same identity for the same login every time, so it is safe to repeat.
    pub async fn get_id(&self, req: &GetIdRequest) -> R<GetIdResponse> {
        self.transport
            .call(IDENTITY, "GetId", req, Idempotence::Safe)
            .await
    }

    pub async fn get_credentials_for_identity(
        &self,
        req: &GetCredentialsForIdentityRequest,
    ) -> R<GetCredentialsForIdentityResponse> {
        self.transport
            .call(
                IDENTITY,
                "GetCredentialsForIdentity",
                req,
                Idempotence::Safe,
            )
            .await
    }

    pub async fn get_open_id_token(
        &self,
        req: &GetOpenIdTokenRequest,
    ) -> R<GetOpenIdTokenResponse> {
        self.transport
            .call(IDENTITY, "GetOpenIdToken", req, Idempotence::Safe)
            .await
    }
}
