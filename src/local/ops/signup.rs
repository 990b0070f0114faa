//! SignUp, ConfirmSignUp and ResendConfirmationCode.

use super::super::error::{ApiError, ApiResult};
use super::super::fakes;
use super::super::model::{CONFIRMED, UNCONFIRMED, User};
use super::super::state::State;
use super::super::store::{Db, PoolRow, UserPatch};
use super::super::triggers;
use super::common::{
    check_secret_hash, code_error, decoy_code_guess, decoy_code_request, find_user, hides_users,
    pool_id, resolve_user, secret_str, set_password,
};
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

/// Whether [`send_sign_up_code`] sends one for this user.
fn sends_sign_up_code(pool: &PoolRow, user: &User) -> bool {
    auto_verifies_email(pool) && user.email().is_some()
}

/// Sends the sign-up code if the pool verifies email, as Cognito does.
pub fn send_sign_up_code(
    st: &State,
    db: &Db<'_>,
    pool: &PoolRow,
    user: &User,
    purpose: &str,
) -> ApiResult<Option<CodeDeliveryDetails>> {
    if sends_sign_up_code(pool, user) {
        Ok(Some(st.send_code(
            db,
            user,
            SIGN_UP,
            purpose,
            SIGN_UP_CODE_TTL,
        )?))
    } else {
        Ok(None)
    }
}

fn username_exists() -> ApiError {
    ApiError::new("UsernameExistsException", "User already exists")
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
    let by_email = email_is_username(&pool.config);
    let username = if by_email {
        attributes.insert("email".into(), req.username.clone());
        sub.clone()
    } else {
        req.username.clone()
    };
    check_required(&pool.config, &attributes)?;
    check_password(&pool.config, req.password.expose())?;
    let validation: Option<BTreeMap<String, String>> = req.validation_data.as_ref().map(|v| {
        v.iter()
            .map(|a| (a.name.clone(), a.value.clone().unwrap_or_default()))
            .collect()
    });
    // A name already taken is refused before the handler hears of it (the write checks again).
    let taken = st.store.read(|db| {
        Ok(db.get_user(pool_id(&pool), &username)?.is_some()
            || (by_email && !db.find_by_email(pool_id(&pool), &req.username)?.is_empty()))
    })?;
    if taken {
        return Err(username_exists());
    }
    // Before anything is stored: a refusal leaves no user behind.
    let decided = triggers::hooks::pre_sign_up(
        st,
        &pool,
        &triggers::hooks::SignUpEvent {
            source: "PreSignUp_SignUp",
            client_id: &req.client_id,
            user_name: &username,
            attributes: &attributes,
            validation_data: validation.as_ref(),
            client_metadata: req.client_metadata.as_ref(),
        },
    )?;
    if decided.auto_verify_email && attributes.contains_key("email") {
        attributes.insert("email_verified".into(), "true".into());
    }
    if decided.auto_verify_phone && attributes.contains_key("phone_number") {
        attributes.insert("phone_number_verified".into(), "true".into());
    }
    let id = pool_id(&pool).to_owned();
    let now = st.clock.now_f64();
    let mut user = User {
        pool_id: id.clone(),
        username,
        sub: sub.clone(),
        status: if decided.auto_confirm {
            CONFIRMED
        } else {
            UNCONFIRMED
        }
        .into(),
        enabled: true,
        attributes,
        salt_hex: String::new(),
        verifier_hex: String::new(),
        created: now,
        modified: now,
        failed_attempts: 0,
        locked_until: 0,
    };
    // The verifier is the slow part: made before the transaction, which then only checks and
    // writes.
    set_password(&mut user, req.password.expose());
    let template = if !decided.auto_confirm && sends_sign_up_code(&pool, &user) {
        triggers::hooks::custom_message(st, &pool, &req.client_id, "CustomMessage_SignUp", &user)?
    } else {
        None
    };
    let details = triggers::message::with_template(template, || {
        st.store.write(|db| {
            // Where the email is the username, any user holding it (confirmed or not) has it.
            if by_email && !db.find_by_email(&id, &req.username)?.is_empty() {
                return Err(username_exists());
            }
            if !db.insert_user(&user)? {
                return Err(username_exists());
            }
            if decided.auto_confirm {
                return Ok(None);
            }
            send_sign_up_code(st, db, &pool, &user, "sign_up")
        })
    })?;
    Ok(SignUpResponse {
        user_confirmed: decided.auto_confirm,
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
    let id = pool_id(&pool);
    let code = req.confirmation_code.expose();
    let now = st.clock.now();
    let outcome = st.store.write(|db| {
        let Some(user) = resolve_user(db, &pool, &req.username)? else {
            return Ok(None);
        };
        if user.status != UNCONFIRMED {
            return Ok(Some(Err(ApiError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status
            )))));
        }
        // A wrong guess is counted and committed; a burned code stays burned.
        let check = db.check_code(id, &user.username, SIGN_UP, code, now)?;
        if let Err(e) = code_error(check) {
            return Ok(Some(Err(e)));
        }
        claim_email_alias(db, &pool, &user, req.force_alias_creation.unwrap_or(false))?;
        db.delete_code(id, &user.username, SIGN_UP)?;
        let mut attributes = user.attributes.clone();
        if user.email().is_some() {
            attributes.insert("email_verified".into(), "true".into());
        }
        db.patch_user(
            id,
            &user.username,
            &UserPatch {
                status: Some(CONFIRMED),
                attributes: Some(&attributes),
                modified: Some(st.clock.now_f64()),
                ..Default::default()
            },
        )?;
        Ok(Some(Ok(User {
            status: CONFIRMED.into(),
            attributes,
            ..user
        })))
    })?;
    match outcome {
        Some(Ok(user)) => {
            // After the commit, outside the transaction (handlers may take seconds).
            triggers::hooks::post_confirmation(
                st,
                &pool,
                &req.client_id,
                "PostConfirmation_ConfirmSignUp",
                &user,
                None,
            )?;
            Ok(Empty {})
        }
        Some(Err(e)) => Err(e),
        None if hides_users(&client) => Err(decoy_code_guess(st, id, &req.username)),
        None => Err(combination_not_found()),
    }
}

/// A verified email alias belongs to one user: refuse, or (forced) take it from the other.
pub fn claim_email_alias(db: &Db<'_>, pool: &PoolRow, user: &User, force: bool) -> ApiResult<()> {
    let Some(email) = user.email() else {
        return Ok(());
    };
    if !email_is_alias(&pool.config) {
        return Ok(());
    }
    for other in db.find_by_email(pool_id(pool), email)? {
        if other.username == user.username || !other.email_verified() {
            continue;
        }
        if !force {
            return Err(ApiError::new(
                "AliasExistsException",
                "An account with the given email already exists.",
            ));
        }
        let mut attributes = other.attributes.clone();
        attributes.insert("email_verified".into(), "false".into());
        db.patch_user(
            &other.pool_id,
            &other.username,
            &UserPatch {
                attributes: Some(&attributes),
                ..Default::default()
            },
        )?;
    }
    Ok(())
}

/// What a name that is not a user hears when it asks for a code: a code went somewhere.
pub fn simulated_delivery(st: &State, pool_id: &str, name: &str) -> CodeDeliveryResponse {
    CodeDeliveryResponse {
        code_delivery_details: Some(CodeDeliveryDetails {
            destination: Some(fakes::masked_destination(st.secret(), pool_id, name)),
            delivery_medium: Some("EMAIL".into()),
            attribute_name: Some("email".into()),
        }),
    }
}

pub fn resend_confirmation_code(
    st: &State,
    req: ResendConfirmationCodeRequest,
) -> ApiResult<CodeDeliveryResponse> {
    let (client, pool) = st.client(&req.client_id)?;
    check_secret_hash(&client, &req.username, secret_str(&req.secret_hash))?;
    let id = pool_id(&pool);
    let Some(user) = find_user(st, &pool, &req.username)? else {
        if hides_users(&client) {
            decoy_code_request(st, id, &req.username)?;
            return Ok(simulated_delivery(st, id, &req.username));
        }
        return Err(combination_not_found());
    };
    if user.status != UNCONFIRMED {
        return Err(ApiError::invalid_parameter("User is already confirmed."));
    }
    let template = if sends_sign_up_code(&pool, &user) {
        triggers::hooks::custom_message(
            st,
            &pool,
            &req.client_id,
            "CustomMessage_ResendCode",
            &user,
        )?
    } else {
        None
    };
    let details = triggers::message::with_template(template, || {
        st.store
            .write(|db| send_sign_up_code(st, db, &pool, &user, "resend"))
    })?
    .ok_or_else(|| {
        ApiError::invalid_parameter(
            "The pool does not verify email, so there is no code to send; an admin \
                 confirms this user with AdminConfirmSignUp.",
        )
    })?;
    Ok(CodeDeliveryResponse {
        code_delivery_details: Some(details),
    })
}
