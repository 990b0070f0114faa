//! SignUp, ConfirmSignUp and ResendConfirmationCode.

use super::super::error::{ApiError, ApiResult};
use super::super::model::{CONFIRMED, UNCONFIRMED, User};
use super::super::state::State;
use super::super::store::PoolRow;
use super::common::{check_secret_hash, pool_id, resolve_user, secret_str, set_password};
use super::policy::{
    apply_attributes, check_password, check_required, check_username, email_is_alias,
    email_is_username,
};
use crate::cognito::types::{
    CodeDeliveryDetails, CodeDeliveryResponse, ConfirmSignUpRequest, Empty,
    ResendConfirmationCodeRequest, SignUpRequest, SignUpResponse,
};
use std::collections::BTreeMap;

/// Sign-up codes last a day, as Cognito's do.
pub const SIGN_UP_CODE_TTL: i64 = 24 * 3600;
pub const SIGN_UP: &str = "sign_up";

fn auto_verifies_email(pool: &PoolRow) -> bool {
    pool.config
        .auto_verified_attributes
        .iter()
        .flatten()
        .any(|a| a == "email")
}

/// Sends the sign-up code if the pool verifies email, as Cognito does.
pub fn send_sign_up_code(
    st: &State,
    pool: &PoolRow,
    user: &User,
    purpose: &str,
) -> ApiResult<Option<CodeDeliveryDetails>> {
    if auto_verifies_email(pool) && user.email().is_some() {
        Ok(Some(st.send_code(
            user,
            SIGN_UP,
            purpose,
            SIGN_UP_CODE_TTL,
        )?))
    } else {
        Ok(None)
    }
}

pub fn sign_up(st: &State, req: SignUpRequest) -> ApiResult<SignUpResponse> {
    let (client, pool) = st.client(&req.client_id)?;
    check_secret_hash(&client, &req.username, secret_str(&req.secret_hash))?;
    check_username(&pool.config, &req.username)?;
    let mut attributes = BTreeMap::new();
    apply_attributes(
        &pool.config,
        req.user_attributes.as_deref().unwrap_or_default(),
        &mut attributes,
        false,
    )?;
    let sub = uuid::Uuid::new_v4().to_string();
    let username = if email_is_username(&pool.config) {
        attributes.insert("email".into(), req.username.clone());
        sub.clone()
    } else {
        req.username.clone()
    };
    check_required(&pool.config, &attributes)?;
    check_password(&pool.config, req.password.expose())?;
    let id = pool_id(&pool);
    let taken = if email_is_username(&pool.config) {
        st.store
            .find_by_email(id, &req.username)?
            .iter()
            .any(|u| u.status != UNCONFIRMED)
    } else {
        st.store.get_user(id, &username)?.is_some()
    };
    if taken {
        return Err(ApiError::new(
            "UsernameExistsException",
            "User already exists",
        ));
    }
    let now = st.clock.now_f64();
    let mut user = User {
        pool_id: id.to_owned(),
        username,
        sub: sub.clone(),
        status: UNCONFIRMED.into(),
        enabled: true,
        attributes,
        salt_hex: String::new(),
        verifier_hex: String::new(),
        created: now,
        modified: now,
        failed_attempts: 0,
        locked_until: 0,
    };
    set_password(&mut user, req.password.expose());
    if !st.store.insert_user(&user)? {
        return Err(ApiError::new(
            "UsernameExistsException",
            "User already exists",
        ));
    }
    let details = send_sign_up_code(st, &pool, &user, "sign_up")?;
    Ok(SignUpResponse {
        user_confirmed: false,
        user_sub: sub,
        code_delivery_details: details,
    })
}

fn combination_not_found() -> ApiError {
    ApiError::new(
        "UserNotFoundException",
        "Username/client id combination not found.",
    )
}

pub fn confirm_sign_up(st: &State, req: ConfirmSignUpRequest) -> ApiResult<Empty> {
    let (client, pool) = st.client(&req.client_id)?;
    check_secret_hash(&client, &req.username, secret_str(&req.secret_hash))?;
    let mut user = resolve_user(st, &pool, &req.username)?.ok_or_else(combination_not_found)?;
    if user.status != UNCONFIRMED {
        return Err(ApiError::not_authorized(format!(
            "User cannot be confirmed. Current status is {}",
            user.status
        )));
    }
    let code = req.confirmation_code.expose();
    super::common::check_code(st, &user, SIGN_UP, code)?;
    claim_email_alias(st, &pool, &user, req.force_alias_creation.unwrap_or(false))?;
    super::common::take_code(st, &user, SIGN_UP, code)?;
    user.status = CONFIRMED.into();
    if user.email().is_some() {
        user.attributes
            .insert("email_verified".into(), "true".into());
    }
    user.modified = st.clock.now_f64();
    st.store.update_user(&user)?;
    Ok(Empty {})
}

/// A verified email alias belongs to one user: refuse, or (forced) take it from the other.
pub fn claim_email_alias(st: &State, pool: &PoolRow, user: &User, force: bool) -> ApiResult<()> {
    let Some(email) = user.email() else {
        return Ok(());
    };
    if !email_is_alias(&pool.config) {
        return Ok(());
    }
    for mut other in st.store.find_by_email(pool_id(pool), email)? {
        if other.username == user.username || !other.email_verified() {
            continue;
        }
        if !force {
            return Err(ApiError::new(
                "AliasExistsException",
                "An account with the given email already exists.",
            ));
        }
        other
            .attributes
            .insert("email_verified".into(), "false".into());
        st.store.update_user(&other)?;
    }
    Ok(())
}

pub fn resend_confirmation_code(
    st: &State,
    req: ResendConfirmationCodeRequest,
) -> ApiResult<CodeDeliveryResponse> {
    let (client, pool) = st.client(&req.client_id)?;
    check_secret_hash(&client, &req.username, secret_str(&req.secret_hash))?;
    let user = resolve_user(st, &pool, &req.username)?.ok_or_else(combination_not_found)?;
    if user.status != UNCONFIRMED {
        return Err(ApiError::invalid_parameter("User is already confirmed."));
    }
    let details = send_sign_up_code(st, &pool, &user, "resend")?.ok_or_else(|| {
        ApiError::invalid_parameter(
            "The pool does not verify email, so there is no code to send; an admin confirms \
             this user with AdminConfirmSignUp.",
        )
    })?;
    Ok(CodeDeliveryResponse {
        code_delivery_details: Some(details),
    })
}
