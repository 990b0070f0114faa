//! Support-staff operations on one user (SigV4-signed): sign out everywhere, reset the
//! password, disable and enable.

use super::super::error::{ApiError, ApiResult};
use super::super::model::RESET_REQUIRED;
use super::super::state::State;
use super::super::store::UserPatch;
use super::common::resolve_user;
use crate::cognito::types::{AdminUserRequest, Empty};

/// The purpose (and code key) of the code AdminResetUserPassword sends: the one
/// ConfirmForgotPassword takes.
const FORGOT: &str = "forgot_password";
/// Reset codes last an hour, as ForgotPassword's do.
const RESET_CODE_TTL: i64 = 3600;

/// Revokes every refresh token of the user, and so every access token issued with them.
pub fn admin_user_global_sign_out(st: &State, req: AdminUserRequest) -> ApiResult<Empty> {
    let pool = st.pool(&req.user_pool_id)?;
    st.store.write(|db| {
        let u = resolve_user(db, &pool, &req.username)?.ok_or_else(ApiError::user_not_found)?;
        db.revoke_user_sessions(&u.pool_id, &u.username)
    })?;
    Ok(Empty {})
}

/// Status RESET_REQUIRED and a reset code to the outbox (purpose `forgot_password`): the next
/// sign-in with the old password answers PasswordResetRequiredException, and
/// ConfirmForgotPassword with the code sets a new password and confirms the user. Sessions are
/// kept, as Cognito keeps them.
pub fn admin_reset_user_password(st: &State, req: AdminUserRequest) -> ApiResult<Empty> {
    let pool = st.pool(&req.user_pool_id)?;
    st.store.write(|db| {
        let u = resolve_user(db, &pool, &req.username)?.ok_or_else(ApiError::user_not_found)?;
        if u.email().is_none() || !u.email_verified() {
            return Err(ApiError::invalid_parameter(
                "Cannot reset password for the user as there is no registered/verified email \
                 or phone_number",
            ));
        }
        st.send_code(db, &u, FORGOT, FORGOT, RESET_CODE_TTL)?;
        db.patch_user(
            &u.pool_id,
            &u.username,
            &UserPatch {
                status: Some(RESET_REQUIRED),
                modified: Some(st.clock.now_f64()),
                ..Default::default()
            },
        )
    })?;
    Ok(Empty {})
}

/// A disabled user cannot sign in or refresh, and its tokens are revoked (as Cognito's
/// AdminDisableUser does); it still appears in ListUsers.
pub fn admin_disable_user(st: &State, req: AdminUserRequest) -> ApiResult<Empty> {
    set_enabled(st, &req, false)
}

pub fn admin_enable_user(st: &State, req: AdminUserRequest) -> ApiResult<Empty> {
    set_enabled(st, &req, true)
}

fn set_enabled(st: &State, req: &AdminUserRequest, enabled: bool) -> ApiResult<Empty> {
    let pool = st.pool(&req.user_pool_id)?;
    st.store.write(|db| {
        let u = resolve_user(db, &pool, &req.username)?.ok_or_else(ApiError::user_not_found)?;
        db.patch_user(
            &u.pool_id,
            &u.username,
            &UserPatch {
                enabled: Some(enabled),
                modified: Some(st.clock.now_f64()),
                ..Default::default()
            },
        )?;
        if !enabled {
            db.revoke_user_sessions(&u.pool_id, &u.username)?;
        }
        Ok(())
    })?;
    Ok(Empty {})
}
