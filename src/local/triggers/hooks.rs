//! The points where the pool's operations call their triggers, with Cognito's triggerSource
//! values and what each trigger's answer may change: sign-up, confirmation and sign-in here;
//! tokens in claims.rs, messages in message.rs, migration in migration.rs.

pub use super::claims::pre_token_generation;
pub use super::message::custom_message;
pub use super::migration::user_migration;

use super::events::{Caller, attribute_map, event, user_attributes};
use super::{Trigger, run};
use crate::local::error::ApiResult;
use crate::local::model::User;
use crate::local::state::State;
use crate::local::store::PoolRow;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub(super) fn caller<'a>(st: &'a State, pool: &'a PoolRow, client_id: &'a str) -> Caller<'a> {
    Caller {
        region: &st.region,
        user_pool_id: pool.config.id.as_deref().unwrap_or_default(),
        client_id,
    }
}

pub(super) fn string_map(m: Option<&BTreeMap<String, String>>) -> Value {
    m.map_or(Value::Null, |m| {
        attribute_map(m.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    })
}

/// What a pre-sign-up handler decided.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PreSignUp {
    pub auto_confirm: bool,
    pub auto_verify_email: bool,
    pub auto_verify_phone: bool,
}

/// The sign-up as the handler sees it (never the password).
pub struct SignUpEvent<'a> {
    pub source: &'a str,
    pub client_id: &'a str,
    pub user_name: &'a str,
    pub attributes: &'a BTreeMap<String, String>,
    pub validation_data: Option<&'a BTreeMap<String, String>>,
    pub client_metadata: Option<&'a BTreeMap<String, String>>,
}

/// PreSignUp_SignUp / PreSignUp_AdminCreateUser: may refuse the sign-up (its error is the
/// answer) or auto-confirm and auto-verify.
pub fn pre_sign_up(st: &State, pool: &PoolRow, e: &SignUpEvent<'_>) -> ApiResult<PreSignUp> {
    let ev = || {
        let request = json!({
            "userAttributes": string_map(Some(e.attributes)),
            "validationData": string_map(e.validation_data),
            "clientMetadata": string_map(e.client_metadata),
        });
        let response =
            json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false});
        event(
            &caller(st, pool, e.client_id),
            "1",
            e.source,
            e.user_name,
            request,
            response,
        )
    };
    let Some(r) = run(
        &st.triggers,
        pool.config.lambda_config.as_ref(),
        Trigger::PreSignUp,
        ev,
    )?
    else {
        return Ok(PreSignUp::default());
    };
    let flag = |k: &str| r.get(k).and_then(Value::as_bool).unwrap_or(false);
    Ok(PreSignUp {
        auto_confirm: flag("autoConfirmUser"),
        auto_verify_email: flag("autoVerifyEmail"),
        auto_verify_phone: flag("autoVerifyPhone"),
    })
}

/// PostConfirmation_ConfirmSignUp / PostConfirmation_ConfirmForgotPassword, after the change
/// is stored (as on Cognito, a failing handler fails the call but the change stays).
pub fn post_confirmation(
    st: &State,
    pool: &PoolRow,
    client_id: &str,
    source: &str,
    user: &User,
    client_metadata: Option<&BTreeMap<String, String>>,
) -> ApiResult<()> {
    let ev = || {
        let request = json!({
            "userAttributes": user_attributes(user),
            "clientMetadata": string_map(client_metadata),
        });
        event(
            &caller(st, pool, client_id),
            "1",
            source,
            &user.username,
            request,
            json!({}),
        )
    };
    run(
        &st.triggers,
        pool.config.lambda_config.as_ref(),
        Trigger::PostConfirmation,
        ev,
    )?;
    Ok(())
}

/// PreAuthentication_Authentication: the handler may refuse the sign-in.
pub fn pre_authentication(
    st: &State,
    pool: &PoolRow,
    client_id: &str,
    user: &User,
) -> ApiResult<()> {
    let ev = || {
        let request = json!({
            "userAttributes": user_attributes(user),
            "validationData": Value::Null,
            "userNotFound": false,
        });
        event(
            &caller(st, pool, client_id),
            "1",
            "PreAuthentication_Authentication",
            &user.username,
            request,
            json!({}),
        )
    };
    run(
        &st.triggers,
        pool.config.lambda_config.as_ref(),
        Trigger::PreAuthentication,
        ev,
    )?;
    Ok(())
}

/// PostAuthentication_Authentication, before the tokens go out; a failure refuses them.
pub fn post_authentication(
    st: &State,
    pool: &PoolRow,
    client_id: &str,
    user: &User,
    new_device_used: bool,
) -> ApiResult<()> {
    let ev = || {
        let request = json!({
            "userAttributes": user_attributes(user),
            "newDeviceUsed": new_device_used,
            "clientMetadata": Value::Null,
        });
        event(
            &caller(st, pool, client_id),
            "1",
            "PostAuthentication_Authentication",
            &user.username,
            request,
            json!({}),
        )
    };
    run(
        &st.triggers,
        pool.config.lambda_config.as_ref(),
        Trigger::PostAuthentication,
        ev,
    )?;
    Ok(())
}
