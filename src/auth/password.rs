//! Changing a password (signed in), and resetting a forgotten one with a code.

use super::{AuthClient, AuthError};
use crate::cognito::types::{
    ChangePasswordRequest, CodeDeliveryDetails, ConfirmForgotPasswordRequest, ForgotPasswordRequest,
};
use crate::secret::Secret;

pub async fn change_password(
    c: &AuthClient,
    access_token: &Secret,
    old: &Secret,
    new: &Secret,
) -> Result<(), AuthError> {
    c.idp
        .change_password(&ChangePasswordRequest {
            access_token: access_token.clone(),
            previous_password: Some(old.clone()),
            proposed_password: new.clone(),
        })
        .await?;
    Ok(())
}

pub async fn forgot_password(
    c: &AuthClient,
    username: &str,
) -> Result<CodeDeliveryDetails, AuthError> {
    let resp = c
        .idp
        .forgot_password(&ForgotPasswordRequest {
            client_id: c.client_id(),
            username: username.to_owned(),
            secret_hash: c.secret_hash(username),
        })
        .await?;
    Ok(resp.code_delivery_details.unwrap_or_default())
}

pub async fn confirm_forgot_password(
    c: &AuthClient,
    username: &str,
    code: &Secret,
    new: &Secret,
) -> Result<(), AuthError> {
    c.idp
        .confirm_forgot_password(&ConfirmForgotPasswordRequest {
            client_id: c.client_id(),
            username: username.to_owned(),
            confirmation_code: code.clone(),
            password: new.clone(),
            secret_hash: c.secret_hash(username),
        })
        .await?;
    Ok(())
}
