//! ForgotPassword and ConfirmForgotPassword.

use super::super::error::{ApiError, ApiResult};
use super::super::model::{CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED};
use super::super::state::State;
use super::super::store::UserPatch;
use super::common::{
    check_secret_hash, code_error, decoy_code_guess, decoy_code_request, find_user, hides_users,
    new_password, pool_id, resolve_user, secret_str,
};
use super::policy::check_password;
use super::signup::simulated_delivery;
use crate::cognito::types::{
    CodeDeliveryResponse, ConfirmForgotPasswordRequest, Empty, ForgotPasswordRequest,
};

/// Reset codes last an hour, as Cognito's do.
const FORGOT_CODE_TTL: i64 = 3600;
const FORGOT: &str = "forgot_password";

pub fn forgot_password(st: &State, req: ForgotPasswordRequest) -> ApiResult<CodeDeliveryResponse> {
    let (client, pool) = st.client(&req.client_id)?;
    check_secret_hash(&client, &req.username, secret_str(&req.secret_hash))?;
    let id = pool_id(&pool);
    let found = match find_user(st, &pool, &req.username)? {
        Some(user) => Some(user),
        None => super::migration::migrate(st, &pool, &req.client_id, &req.username, None)?,
    };
    let Some(user) = found else {
        if hides_users(&client) {
            // PreventUserExistenceErrors: answer as if a code went out (and as often).
            decoy_code_request(st, id, &req.username)?;
            return Ok(simulated_delivery(st, id, &req.username));
        }
        return Err(ApiError::user_not_found());
    };
    if user.email().is_none() || !user.email_verified() {
        return Err(ApiError::invalid_parameter(
            "Cannot reset password for the user as there is no registered/verified email or \
             phone_number",
        ));
    }
    let template = super::super::triggers::hooks::custom_message(
        st,
        &pool,
        &req.client_id,
        "CustomMessage_ForgotPassword",
        &user,
    )?;
    let details = super::super::triggers::message::with_template(template, || {
        st.store
            .write(|db| st.send_code(db, &user, FORGOT, FORGOT, FORGOT_CODE_TTL))
    })?;
    Ok(CodeDeliveryResponse {
        code_delivery_details: Some(details),
    })
}

pub fn confirm_forgot_password(st: &State, req: ConfirmForgotPasswordRequest) -> ApiResult<Empty> {
    let (client, pool) = st.client(&req.client_id)?;
    check_secret_hash(&client, &req.username, secret_str(&req.secret_hash))?;
    check_password(&pool.config, req.password.expose())?;
    let id = pool_id(&pool);
    let Some(user) = find_user(st, &pool, &req.username)? else {
        if hides_users(&client) {
            return Err(decoy_code_guess(st, id, &req.username));
        }
        return Err(ApiError::user_not_found());
    };
    // The verifier is made before the transaction (it is the slow part).
    let (salt, verifier) = new_password(id, &user.username, req.password.expose());
    let now = st.clock.now();
    let user = st.store.write(|db| {
        // Read again inside the transaction: the user may have changed since.
        let Some(user) =
            resolve_user(db, &pool, &req.username)?.filter(|u| u.username == user.username)
        else {
            return Ok(code_error(super::super::store::CodeCheck::Expired).map(|()| user.clone()));
        };
        let check = db.check_code(
            id,
            &user.username,
            FORGOT,
            req.confirmation_code.expose(),
            now,
        )?;
        if let Err(e) = code_error(check) {
            return Ok(Err(e));
        }
        db.delete_code(id, &user.username, FORGOT)?;
        let status = [RESET_REQUIRED, FORCE_CHANGE_PASSWORD]
            .contains(&user.status.as_str())
            .then_some(CONFIRMED);
        db.patch_user(
            id,
            &user.username,
            &UserPatch {
                status,
                password: Some((&salt, &verifier)),
                reset_failures: true,
                modified: Some(st.clock.now_f64()),
                ..Default::default()
            },
        )?;
        let status = status.map_or(user.status.clone(), str::to_owned);
        Ok(Ok(super::super::model::User { status, ..user }))
    })??;
    super::super::triggers::hooks::post_confirmation(
        st,
        &pool,
        &req.client_id,
        "PostConfirmation_ConfirmForgotPassword",
        &user,
        None,
    )?;
    Ok(Empty {})
}
