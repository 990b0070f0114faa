//! Sign-up, confirmation and resending the code.

use super::{AuthClient, AuthError};
use crate::cognito::types::{
    AttributeType, CodeDeliveryDetails, ConfirmSignUpRequest, ResendConfirmationCodeRequest,
    SignUpRequest, SignUpResponse,
};
use crate::secret::Secret;

pub async fn sign_up(
    c: &AuthClient,
    username: &str,
    password: &Secret,
    attributes: Vec<AttributeType>,
) -> Result<SignUpResponse, AuthError> {
    Ok(c.idp
        .sign_up(&SignUpRequest {
            client_id: c.client_id(),
            username: username.to_owned(),
            password: password.clone(),
            secret_hash: c.secret_hash(username),
            user_attributes: Some(attributes),
            validation_data: None,
            client_metadata: None,
        })
        .await?)
}

pub async fn confirm_sign_up(
    c: &AuthClient,
    username: &str,
    code: &Secret,
) -> Result<(), AuthError> {
    c.idp
        .confirm_sign_up(&ConfirmSignUpRequest {
            client_id: c.client_id(),
            username: username.to_owned(),
            confirmation_code: code.clone(),
            secret_hash: c.secret_hash(username),
            force_alias_creation: None,
        })
        .await?;
    Ok(())
}

pub async fn resend_code(c: &AuthClient, username: &str) -> Result<CodeDeliveryDetails, AuthError> {
    let resp = c
        .idp
        .resend_confirmation_code(&ResendConfirmationCodeRequest {
            client_id: c.client_id(),
            username: username.to_owned(),
            secret_hash: c.secret_hash(username),
        })
        .await?;
    Ok(resp.code_delivery_details.unwrap_or_default())
}
