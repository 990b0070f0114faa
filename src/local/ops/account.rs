//! Self-service operations with an access token: GetUser, UpdateUserAttributes, attribute
//! verification, ChangePassword, GlobalSignOut and RevokeToken.

use super::super::error::{ApiError, ApiResult};
use super::super::state::State;
use super::super::store::UserPatch;
use super::super::triggers::hooks::custom_message;
use super::super::triggers::message::with_template;
use super::common::{
    check_lockout, client_id, code_error, new_password, password_matches, record_failure,
};
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
    let (preferred, list) = super::mfa::user_settings(st, &user)?;
    Ok(GetUserResponse {
        username: user.username.clone(),
        user_attributes: user.wire_attributes(),
        preferred_mfa_setting: preferred,
        user_mfa_setting_list: Some(list),
    })
}

pub fn update_user_attributes(
    st: &State,
    req: UpdateUserAttributesRequest,
) -> ApiResult<UpdateUserAttributesResponse> {
    let (user, pool, session) = access_token_user(st, req.access_token.expose())?;
    // A CustomMessage trigger writes the verification message before the write (it must not
    // run inside it); the write decides again whether a code goes out.
    let mut changed = user.clone();
    let template = if apply_attributes(
        &pool.config,
        &req.user_attributes,
        &mut changed.attributes,
        false,
    )
    .is_ok()
        && changed.email().is_some()
        && changed.email() != user.email()
    {
        custom_message(
            st,
            &pool,
            &session.client_id,
            "CustomMessage_UpdateUserAttribute",
            &changed,
        )?
    } else {
        None
    };
    let list = with_template(template, || {
        st.store.write(|db| {
            // Read again in the transaction: attributes are read, changed and written as one step.
            let mut user = db
                .get_user(&user.pool_id, &user.username)?
                .ok_or_else(|| ApiError::not_authorized("User does not exist."))?;
            let old_email = user.email().map(str::to_owned);
            apply_attributes(
                &pool.config,
                &req.user_attributes,
                &mut user.attributes,
                false,
            )?;
            let email_changed =
                user.email().is_some() && user.email().map(str::to_owned) != old_email;
            if email_changed {
                user.attributes
                    .insert("email_verified".into(), "false".into());
            }
            db.patch_user(
                &user.pool_id,
                &user.username,
                &UserPatch {
                    attributes: Some(&user.attributes),
                    modified: Some(st.clock.now_f64()),
                    ..Default::default()
                },
            )?;
            let mut list = Vec::new();
            if email_changed {
                list.push(st.send_code(db, &user, VERIFY_EMAIL, VERIFY_EMAIL, VERIFY_CODE_TTL)?);
            }
            Ok(list)
        })
    })?;
    Ok(UpdateUserAttributesResponse {
        code_delivery_details_list: (!list.is_empty()).then_some(list),
    })
}

fn email_only(name: &str) -> ApiResult<()> {
    if name == "email" {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(
            "Only email can be verified by the cogtui local pool",
        ))
    }
}

pub fn get_user_attribute_verification_code(
    st: &State,
    req: GetUserAttributeVerificationCodeRequest,
) -> ApiResult<CodeDeliveryResponse> {
    email_only(&req.attribute_name)?;
    let (user, pool, session) = access_token_user(st, req.access_token.expose())?;
    if user.email().is_none() {
        return Err(ApiError::invalid_parameter(
            "The user has no email to verify.",
        ));
    }
    let template = custom_message(
        st,
        &pool,
        &session.client_id,
        "CustomMessage_VerifyUserAttribute",
        &user,
    )?;
    let details = with_template(template, || {
        st.store
            .write(|db| st.send_code(db, &user, VERIFY_EMAIL, VERIFY_EMAIL, VERIFY_CODE_TTL))
    })?;
    Ok(CodeDeliveryResponse {
        code_delivery_details: Some(details),
    })
}

pub fn verify_user_attribute(st: &State, req: VerifyUserAttributeRequest) -> ApiResult<Empty> {
    email_only(&req.attribute_name)?;
    let (user, pool, _) = access_token_user(st, req.access_token.expose())?;
    let now = st.clock.now();
    st.store.write(|db| {
        let check = db.check_code(
            &user.pool_id,
            &user.username,
            VERIFY_EMAIL,
            req.code.expose(),
            now,
        )?;
        if let Err(e) = code_error(check) {
            return Ok(Err(e));
        }
        let mut user = db
            .get_user(&user.pool_id, &user.username)?
            .ok_or_else(|| ApiError::not_authorized("User does not exist."))?;
        super::signup::claim_email_alias(db, &pool, &user, false)?;
        db.delete_code(&user.pool_id, &user.username, VERIFY_EMAIL)?;
        user.attributes
            .insert("email_verified".into(), "true".into());
        db.patch_user(
            &user.pool_id,
            &user.username,
            &UserPatch {
                attributes: Some(&user.attributes),
                modified: Some(st.clock.now_f64()),
                ..Default::default()
            },
        )?;
        Ok(Ok(()))
    })??;
    Ok(Empty {})
}

pub fn change_password(st: &State, req: ChangePasswordRequest) -> ApiResult<Empty> {
    let (user, pool, _) = access_token_user(st, req.access_token.expose())?;
    let previous = req
        .previous_password
        .as_ref()
        .ok_or_else(|| ApiError::missing("PreviousPassword"))?;
    let _turn = st.user_locks.lock(
        &user.pool_id,
        &super::super::store::username_key(&user.username),
    );
    check_lockout(st, &user)?;
    if !password_matches(&user, previous.expose()) {
        return Err(record_failure(st, &user)?);
    }
    check_password(&pool.config, req.proposed_password.expose())?;
    let (salt, verifier) = new_password(
        &user.pool_id,
        &user.username,
        req.proposed_password.expose(),
    );
    st.store.read(|db| {
        db.patch_user(
            &user.pool_id,
            &user.username,
            &UserPatch {
                password: Some((&salt, &verifier)),
                reset_failures: true,
                modified: Some(st.clock.now_f64()),
                ..Default::default()
            },
        )
    })?;
    Ok(Empty {})
}

pub fn global_sign_out(st: &State, req: AccessTokenRequest) -> ApiResult<Empty> {
    let (user, _, _) = access_token_user(st, req.access_token.expose())?;
    st.store
        .read(|db| db.revoke_user_sessions(&user.pool_id, &user.username))?;
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
    if let Some(session) = st
        .store
        .read(|db| db.session_by_refresh(&refresh_hash(token)))?
    {
        if session.client_id != client_id(&client) {
            return Err(ApiError::new(
                "UnauthorizedException",
                "The refresh token was not issued to this client.",
            ));
        }
        st.store.read(|db| db.revoke_session(&session.origin_jti))?;
    }
    Ok(Empty {})
}
