//! UpdateUserPool and UpdateUserPoolClient (SigV4-signed). As on Cognito, a setting the request
//! leaves out goes back to its default: callers send the whole configuration they want.

use super::super::error::{ApiError, ApiResult};
use super::super::state::State;
use super::admin::{check_auto_verified, client_settings, password_policy, pool_client};
use super::common::pool_id;
use super::mfa::allowed_methods;
use crate::cognito::types::{
    CreateUserPoolClientRequest, Empty, UpdateUserPoolClientRequest, UpdateUserPoolRequest,
    UserPoolClientResponse, UserPoolPolicyType,
};

pub fn update_user_pool(st: &State, req: UpdateUserPoolRequest) -> ApiResult<Empty> {
    let pool = st.pool(&req.user_pool_id)?;
    check_auto_verified(&req.auto_verified_attributes)?;
    super::super::triggers::check_config(req.lambda_config.as_ref())?;
    let policy = password_policy(req.policies.as_ref())?;
    let mode = req
        .mfa_configuration
        .clone()
        .unwrap_or_else(|| "OFF".into());
    if !matches!(mode.as_str(), "OFF" | "ON" | "OPTIONAL") {
        return Err(ApiError::invalid_parameter(
            "MfaConfiguration must be one of OFF, ON, OPTIONAL",
        ));
    }
    let mut config = pool.config.clone();
    if let Some(name) = &req.pool_name {
        config.name = Some(name.clone());
    }
    config.policies = Some(UserPoolPolicyType {
        password_policy: Some(policy),
    });
    config.lambda_config = req.lambda_config.clone();
    config.auto_verified_attributes = req.auto_verified_attributes.clone();
    config.device_configuration = req.device_configuration.clone();
    config.mfa_configuration = Some(mode.clone());
    config.last_modified_date = Some(st.clock.now_f64());
    st.store.write(|db| {
        let mut mfa = db.get_pool_mfa(pool_id(&pool))?;
        if mode != "OFF" && allowed_methods(&mfa).is_empty() {
            return Err(ApiError::invalid_parameter(
                "MFA cannot be ON or OPTIONAL without an MFA method: call SetUserPoolMfaConfig \
                 with SoftwareTokenMfaConfiguration first",
            ));
        }
        mfa.mfa_configuration = Some(mode.clone());
        db.put_pool_mfa(pool_id(&pool), &mfa)?;
        db.update_pool(&config)
    })?;
    Ok(Empty {})
}

pub fn update_user_pool_client(
    st: &State,
    req: UpdateUserPoolClientRequest,
) -> ApiResult<UserPoolClientResponse> {
    st.pool(&req.user_pool_id)?;
    let old = pool_client(st, &req.user_pool_id, &req.client_id)?;
    let settings = client_settings(&CreateUserPoolClientRequest {
        user_pool_id: req.user_pool_id.clone(),
        client_name: req
            .client_name
            .clone()
            .or_else(|| old.client_name.clone())
            .unwrap_or_default(),
        // The secret stays; the OAuth checks need to know whether there is one.
        generate_secret: Some(old.client_secret.is_some()),
        explicit_auth_flows: req.explicit_auth_flows.clone(),
        refresh_token_validity: req.refresh_token_validity,
        access_token_validity: req.access_token_validity,
        id_token_validity: req.id_token_validity,
        token_validity_units: req.token_validity_units.clone(),
        prevent_user_existence_errors: req.prevent_user_existence_errors.clone(),
        enable_token_revocation: req.enable_token_revocation,
        read_attributes: req.read_attributes.clone(),
        write_attributes: req.write_attributes.clone(),
        auth_session_validity: req.auth_session_validity,
        oauth: req.oauth.clone(),
    })?;
    let client = crate::cognito::types::UserPoolClientType {
        client_id: old.client_id.clone(),
        client_secret: old.client_secret.clone(),
        creation_date: old.creation_date,
        last_modified_date: Some(st.clock.now_f64()),
        ..settings
    };
    st.store.write(|db| db.update_client(&client))?;
    Ok(UserPoolClientResponse {
        user_pool_client: client,
    })
}
