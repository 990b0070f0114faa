//! The user-pool operations cogtui calls, unsigned as Cognito expects them.

use super::error::CognitoError;
use super::transport::{IDP, Idempotence, Transport};
use super::types::*;
use crate::secret::Secret;

/// A client for one user-pool endpoint.
#[derive(Debug, Clone)]
pub struct IdpClient {
    transport: Transport,
}

type R<T> = Result<T, CognitoError>;

impl IdpClient {
    pub fn new(endpoint: &str) -> R<Self> {
        Ok(Self {
            transport: Transport::new(endpoint)?,
        })
    }

    pub fn endpoint(&self) -> &str {
        self.transport.endpoint()
    }

    async fn unsafe_call<Q: serde::Serialize, S: serde::de::DeserializeOwned>(
        &self,
        op: &str,
        req: &Q,
    ) -> R<S> {
        self.transport.call(IDP, op, req, Idempotence::Unsafe).await
    }

    pub async fn sign_up(&self, req: &SignUpRequest) -> R<SignUpResponse> {
        self.unsafe_call("SignUp", req).await
    }

    pub async fn confirm_sign_up(&self, req: &ConfirmSignUpRequest) -> R<Empty> {
        self.unsafe_call("ConfirmSignUp", req).await
    }

    pub async fn resend_confirmation_code(
        &self,
        req: &ResendConfirmationCodeRequest,
    ) -> R<CodeDeliveryResponse> {
        self.unsafe_call("ResendConfirmationCode", req).await
    }

    pub async fn initiate_auth(&self, req: &InitiateAuthRequest) -> R<AuthResponse> {
        self.unsafe_call("InitiateAuth", req).await
    }

    pub async fn respond_to_auth_challenge(
        &self,
        req: &RespondToAuthChallengeRequest,
    ) -> R<AuthResponse> {
        self.unsafe_call("RespondToAuthChallenge", req).await
    }

    pub async fn get_user(&self, access_token: &Secret) -> R<GetUserResponse> {
        let req = AccessTokenRequest {
            access_token: access_token.clone(),
        };
        self.transport
            .call(IDP, "GetUser", &req, Idempotence::Safe)
            .await
    }

    pub async fn change_password(&self, req: &ChangePasswordRequest) -> R<Empty> {
        self.unsafe_call("ChangePassword", req).await
    }

    pub async fn forgot_password(&self, req: &ForgotPasswordRequest) -> R<CodeDeliveryResponse> {
        self.unsafe_call("ForgotPassword", req).await
    }

    pub async fn confirm_forgot_password(&self, req: &ConfirmForgotPasswordRequest) -> R<Empty> {
        self.unsafe_call("ConfirmForgotPassword", req).await
    }

    pub async fn global_sign_out(&self, access_token: &Secret) -> R<Empty> {
        let req = AccessTokenRequest {
            access_token: access_token.clone(),
        };
        self.transport
            .call(IDP, "GlobalSignOut", &req, Idempotence::Safe)
            .await
    }

    pub async fn revoke_token(&self, req: &RevokeTokenRequest) -> R<Empty> {
        self.transport
            .call(IDP, "RevokeToken", req, Idempotence::Safe)
            .await
    }

    pub async fn update_user_attributes(
        &self,
        req: &UpdateUserAttributesRequest,
    ) -> R<UpdateUserAttributesResponse> {
        self.unsafe_call("UpdateUserAttributes", req).await
    }

    pub async fn associate_software_token(
        &self,
        req: &AssociateSoftwareTokenRequest,
    ) -> R<AssociateSoftwareTokenResponse> {
        self.unsafe_call("AssociateSoftwareToken", req).await
    }

    pub async fn verify_software_token(
        &self,
        req: &VerifySoftwareTokenRequest,
    ) -> R<VerifySoftwareTokenResponse> {
        self.unsafe_call("VerifySoftwareToken", req).await
    }

    pub async fn set_user_mfa_preference(&self, req: &SetUserMfaPreferenceRequest) -> R<Empty> {
        self.transport
            .call(IDP, "SetUserMFAPreference", req, Idempotence::Safe)
            .await
    }

    pub async fn confirm_device(&self, req: &ConfirmDeviceRequest) -> R<ConfirmDeviceResponse> {
        self.unsafe_call("ConfirmDevice", req).await
    }

    pub async fn list_devices(&self, req: &ListDevicesRequest) -> R<ListDevicesResponse> {
        self.transport
            .call(IDP, "ListDevices", req, Idempotence::Safe)
            .await
    }

    pub async fn get_device(&self, req: &GetDeviceRequest) -> R<GetDeviceResponse> {
        self.transport
            .call(IDP, "GetDevice", req, Idempotence::Safe)
            .await
    }

    pub async fn update_device_status(&self, req: &UpdateDeviceStatusRequest) -> R<Empty> {
        self.transport
            .call(IDP, "UpdateDeviceStatus", req, Idempotence::Safe)
            .await
    }

    pub async fn forget_device(&self, req: &ForgetDeviceRequest) -> R<Empty> {
        self.transport
            .call(IDP, "ForgetDevice", req, Idempotence::Safe)
            .await
    }
}
