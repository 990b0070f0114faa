//! ForgotPassword and ConfirmForgotPassword.

use super::super::error::{ApiError, ApiResult};
use super::super::model::{CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED};
use super::super::state::{State, mask_email};
use super::common::{check_secret_hash, resolve_user, secret_str, set_password, take_code};
use super::policy::check_password;
use crate::cognito::types::{
    CodeDeliveryDetails, CodeDeliveryResponse, ConfirmForgotPasswordRequest, Empty,
    ForgotPasswordRequest,
};

/// Reset codes last an hour, as Cognito's do.
const FORGOT_CODE_TTL: i64 = 3600;
const FORGOT: &str = "forgot_password";

pub fn forgot_password(st: &State, req: ForgotPasswordRequest) -> ApiResult<CodeDeliveryResponse> {
    let (client, pool) = st.client(&req.client_id)?;
    check_secret_hash(&client, &req.username, secret_str(&req.secret_hash))?;
    let Some(user) = resolve_user(st, &pool, &req.username)? else {
        // PreventUserExistenceErrors: answer as if a code went out.
        return Ok(CodeDeliveryResponse {
            code_delivery_details: Some(CodeDeliveryDetails {
                destination: Some(mask_email("user@example.com")),
                delivery_medium: Some("EMAIL".into()),
                attribute_name: Some("email".into()),
            }),
        });
    };
    if user.email().is_none() || !user.email_verified() {
        return Err(ApiError::invalid_parameter(
            "Cannot reset password for the user as there is no registered/verified email or \
             phone_number",
        ));
    }
    Ok(CodeDeliveryResponse {
        code_delivery_details: Some(st.send_code(&user, FORGOT, FORGOT, FORGOT_CODE_TTL)?),
    })
}

pub fn confirm_forgot_password(st: &State, req: ConfirmForgotPasswordRequest) -> ApiResult<Empty> {
    let (client, pool) = st.client(&req.client_id)?;
    check_secret_hash(&client, &req.username, secret_str(&req.secret_hash))?;
    let mut user = resolve_user(st, &pool, &req.username)?.ok_or_else(|| {
        ApiError::new(
            "ExpiredCodeException",
            "Invalid code provided, please request a code again.",
        )
    })?;
    check_password(&pool.config, req.password.expose())?;
    take_code(st, &user, FORGOT, req.confirmation_code.expose())?;
    set_password(&mut user, req.password.expose());
    if [RESET_REQUIRED, FORCE_CHANGE_PASSWORD].contains(&user.status.as_str()) {
        user.status = CONFIRMED.into();
    }
    user.failed_attempts = 0;
    user.locked_until = 0;
    user.modified = st.clock.now_f64();
    st.store.update_user(&user)?;
    Ok(Empty {})
}
