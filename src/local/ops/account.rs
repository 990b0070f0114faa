//! Self-service operations with an access token: GetUser, UpdateUserAttributes, attribute
//! verification, ChangePassword, GlobalSignOut and RevokeToken.

use super::super::error::{ApiError, ApiResult};
use super::super::state::State;
use super::common::{check_lockout, client_id, password_matches, record_failure, set_password};
use super::policy::{apply_attributes, check_password};
use super::tokens::{access_token_user, refresh_hash};
use crate::cognito::types::{
    AccessTokenRequest, ChangePasswordRequest, CodeDeliveryResponse, Empty,
    GetUserAttributeVerificationCodeRequest, GetUserResponse, RevokeTokenRequest,
    UpdateUserAttributesRequest, UpdateUserAttributesResponse, VerifyUserAttributeRequest,
};
use subtle::ConstantTimeEq;

/// Codes that verify a changed email last a day.
const VERIFY_CODE_TTL: i64 = 24 * 3600;
const VERIFY_EMAIL: &str = "verify_email";

pub fn get_user(st: &State, req: AccessTokenRequest) -> ApiResult<GetUserResponse> {
    let (user, _, _) = access_token_user(st, req.access_token.expose())?;
    Ok(GetUserResponse {
        username: user.username.clone(),
        user_attributes: user.wire_attributes(),
        preferred_mfa_setting: None,
        user_mfa_setting_list: None,
    })
}

pub fn update_user_attributes(
    st: &State,
    req: UpdateUserAttributesRequest,
) -> ApiResult<UpdateUserAttributesResponse> {
    let (mut user, pool, _) = access_token_user(st, req.access_token.expose())?;
    let old_email = user.email().map(str::to_owned);
    apply_attributes(
        &pool.config,
        &req.user_attributes,
        &mut user.attributes,
        false,
    )?;
    let email_changed = user.email().is_some() && user.email().map(str::to_owned) != old_email;
    if email_changed {
        user.attributes
            .insert("email_verified".into(), "false".into());
    }
    user.modified = st.clock.now_f64();
    st.store.update_user(&user)?;
    let mut list = Vec::new();
    if email_changed {
        list.push(st.send_code(&user, VERIFY_EMAIL, VERIFY_EMAIL, VERIFY_CODE_TTL)?);
    }
    Ok(UpdateUserAttributesResponse {
        code_delivery_details_list: (!list.is_empty()).then_some(list),
    })
}

fn email_only(name: &str) -> ApiResult<()> {
    if name == "email" {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(format!(
            "Only email can be verified by the cogtui local pool, not {name}"
        )))
    }
}

pub fn get_user_attribute_verification_code(
    st: &State,
    req: GetUserAttributeVerificationCodeRequest,
) -> ApiResult<CodeDeliveryResponse> {
    email_only(&req.attribute_name)?;
    let (user, _, _) = access_token_user(st, req.access_token.expose())?;
    if user.email().is_none() {
        return Err(ApiError::invalid_parameter(
            "The user has no email to verify.",
        ));
    }
    Ok(CodeDeliveryResponse {
        code_delivery_details: Some(st.send_code(
            &user,
            VERIFY_EMAIL,
            VERIFY_EMAIL,
            VERIFY_CODE_TTL,
        )?),
    })
}

pub fn verify_user_attribute(st: &State, req: VerifyUserAttributeRequest) -> ApiResult<Empty> {
    email_only(&req.attribute_name)?;
    let (mut user, pool, _) = access_token_user(st, req.access_token.expose())?;
    super::common::check_code(st, &user, VERIFY_EMAIL, req.code.expose())?;
    super::signup::claim_email_alias(st, &pool, &user, false)?;
    super::common::take_code(st, &user, VERIFY_EMAIL, req.code.expose())?;
    user.attributes
        .insert("email_verified".into(), "true".into());
    user.modified = st.clock.now_f64();
    st.store.update_user(&user)?;
    Ok(Empty {})
}

pub fn change_password(st: &State, req: ChangePasswordRequest) -> ApiResult<Empty> {
    let (mut user, pool, _) = access_token_user(st, req.access_token.expose())?;
    let previous = req
        .previous_password
        .as_ref()
        .ok_or_else(|| ApiError::missing("PreviousPassword"))?;
    check_lockout(st, &user)?;
    if !password_matches(&user, previous.expose()) {
        return Err(record_failure(st, &mut user)?);
    }
    check_password(&pool.config, req.proposed_password.expose())?;
    set_password(&mut user, req.proposed_password.expose());
    user.failed_attempts = 0;
    user.modified = st.clock.now_f64();
    st.store.update_user(&user)?;
    Ok(Empty {})
}

pub fn global_sign_out(st: &State, req: AccessTokenRequest) -> ApiResult<Empty> {
    let (user, _, _) = access_token_user(st, req.access_token.expose())?;
    st.store
        .revoke_user_sessions(&user.pool_id, &user.username)?;
    Ok(Empty {})
}

/// Revokes a refresh token and every access token of its session.
pub fn revoke_token(st: &State, req: RevokeTokenRequest) -> ApiResult<Empty> {
    let (client, _) = st.client(&req.client_id)?;
    if let Some(secret) = &client.client_secret {
        let given = req
            .client_secret
            .as_ref()
            .map(|s| s.expose().as_bytes())
            .unwrap_or_default();
        if !bool::from(secret.expose().as_bytes().ct_eq(given)) {
            return Err(ApiError::not_authorized(format!(
                "Client {} is configured with secret but secret was not received or is wrong",
                client_id(&client)
            )));
        }
    }
    let token = req.token.expose();
    if token.split('.').count() == 3 {
        return Err(ApiError::new(
            "UnsupportedTokenTypeException",
            "RevokeToken takes a refresh token, not an access or ID token.",
        ));
    }
    // An unknown refresh token is not an error: Cognito answers {} so callers can't probe.
    if let Some(session) = st.store.session_by_refresh(&refresh_hash(token))? {
        if session.client_id != client_id(&client) {
            return Err(ApiError::new(
                "UnauthorizedException",
                "The refresh token was not issued to this client.",
            ));
        }
        st.store.revoke_session(&session.origin_jti)?;
    }
    Ok(Empty {})
}
