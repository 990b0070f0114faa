//! The points where the pool's operations call their triggers, with Cognito's triggerSource
//! values and what each trigger's answer may change.

use super::events::{Caller, attribute_map, event, user_attributes};
use super::{Trigger, run, token_version};
use crate::local::error::ApiResult;
use crate::local::model::User;
use crate::local::state::State;
use crate::local::store::PoolRow;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

fn caller<'a>(st: &'a State, pool: &'a PoolRow, client_id: &'a str) -> Caller<'a> {
    Caller {
        region: &st.region,
        user_pool_id: pool.config.id.as_deref().unwrap_or_default(),
        client_id,
    }
}

fn string_map(m: Option<&BTreeMap<String, String>>) -> Value {
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
    let request = json!({
        "userAttributes": string_map(Some(e.attributes)),
        "validationData": string_map(e.validation_data),
        "clientMetadata": string_map(e.client_metadata),
    });
    let response =
        json!({"autoConfirmUser": false, "autoVerifyEmail": false, "autoVerifyPhone": false});
    let ev = event(
        &caller(st, pool, e.client_id),
        "1",
        e.source,
        e.user_name,
        request,
        response,
    );
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
    let request = json!({
        "userAttributes": user_attributes(user),
        "clientMetadata": string_map(client_metadata),
    });
    let ev = event(
        &caller(st, pool, client_id),
        "1",
        source,
        &user.username,
        request,
        json!({}),
    );
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
    let request = json!({
        "userAttributes": user_attributes(user),
        "validationData": Value::Null,
        "userNotFound": false,
    });
    let ev = event(
        &caller(st, pool, client_id),
        "1",
        "PreAuthentication_Authentication",
        &user.username,
        request,
        json!({}),
    );
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
    let request = json!({
        "userAttributes": user_attributes(user),
        "newDeviceUsed": new_device_used,
        "clientMetadata": Value::Null,
    });
    let ev = event(
        &caller(st, pool, client_id),
        "1",
        "PostAuthentication_Authentication",
        &user.username,
        request,
        json!({}),
    );
    run(
        &st.triggers,
        pool.config.lambda_config.as_ref(),
        Trigger::PostAuthentication,
        ev,
    )?;
    Ok(())
}

/// CustomMessage_SignUp, _ResendCode, _ForgotPassword, _AdminCreateUser, …: run before the
/// operation's write with Cognito's placeholders (`{####}`, and `{username}` for an invitation);
/// the text it returns becomes the outbox message once the code is made
/// ([`super::message::with_template`]). None without the trigger or when it leaves both texts
/// out (Cognito's default message).
pub fn custom_message(
    st: &State,
    pool: &PoolRow,
    client_id: &str,
    source: &str,
    user: &User,
) -> ApiResult<Option<super::message::Template>> {
    let cfg = pool.config.lambda_config.as_ref();
    if Trigger::CustomMessage.configured(cfg).is_none() {
        return Ok(None);
    }
    let username_parameter = if source == "CustomMessage_AdminCreateUser" {
        json!(super::message::USERNAME)
    } else {
        Value::Null
    };
    let request = json!({
        "userAttributes": user_attributes(user),
        "codeParameter": super::message::CODE,
        "linkParameter": "{##Click Here##}",
        "usernameParameter": username_parameter,
        "clientMetadata": Value::Null,
    });
    let ev = event(
        &caller(st, pool, client_id),
        "1",
        source,
        &user.username,
        request,
        json!({"smsMessage": null, "emailMessage": null, "emailSubject": null}),
    );
    let Some(r) = run(&st.triggers, cfg, Trigger::CustomMessage, ev)? else {
        return Ok(None);
    };
    let text = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_owned);
    let template = super::message::Template {
        subject: text("emailSubject"),
        message: text("emailMessage"),
    };
    Ok(Some(template).filter(|t| t.subject.is_some() || t.message.is_some()))
}

/// What a UserMigration handler answered: the user's attributes and status.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Migrated {
    pub attributes: BTreeMap<String, String>,
    /// `finalUserStatus`: CONFIRMED, or (the default) RESET_REQUIRED.
    pub confirmed: bool,
}

/// UserMigration_Authentication (with the password the user typed: the one event that carries
/// it, as on Cognito) or UserMigration_ForgotPassword, for a name that is no user yet. None: no
/// such trigger; an error: the handler refused (the user stays unknown).
pub fn user_migration(
    st: &State,
    pool: &PoolRow,
    client_id: &str,
    source: &str,
    user_name: &str,
    password: Option<&str>,
) -> ApiResult<Option<Migrated>> {
    let cfg = pool.config.lambda_config.as_ref();
    if Trigger::UserMigration.configured(cfg).is_none() {
        return Ok(None);
    }
    let mut request = json!({"validationData": Value::Null, "clientMetadata": Value::Null});
    if let Some(p) = password {
        request["password"] = json!(p);
    }
    let response = json!({"userAttributes": null, "finalUserStatus": null, "messageAction": null,
                          "desiredDeliveryMediums": null, "forceAliasCreation": null,
                          "enableSMSMFA": null});
    let ev = event(
        &caller(st, pool, client_id),
        "1",
        source,
        user_name,
        request,
        response,
    );
    let Some(r) = run(&st.triggers, cfg, Trigger::UserMigration, ev)? else {
        return Ok(None);
    };
    let attributes = r
        .get("userAttributes")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
                .collect()
        })
        .unwrap_or_default();
    Ok(Some(Migrated {
        attributes,
        confirmed: r.get("finalUserStatus").and_then(Value::as_str) == Some("CONFIRMED"),
    }))
}

/// Claims no handler may change, as on Cognito.
const RESERVED: &[&str] = &[
    "acr",
    "amr",
    "aud",
    "auth_time",
    "azp",
    "exp",
    "iat",
    "identities",
    "iss",
    "sub",
    "token_use",
    "nonce",
    "at_hash",
    "cognito:username",
    "client_id",
    "jti",
    "origin_jti",
    "event_id",
    "username",
    "device_key",
    "scope",
];

fn apply_claims(claims: &mut Map<String, Value>, details: &Value) {
    if let Some(add) = details
        .get("claimsToAddOrOverride")
        .and_then(Value::as_object)
    {
        for (k, v) in add {
            if !RESERVED.contains(&k.as_str()) {
                claims.insert(k.clone(), v.clone());
            }
        }
    }
    if let Some(list) = details.get("claimsToSuppress").and_then(Value::as_array) {
        for k in list.iter().filter_map(Value::as_str) {
            if !RESERVED.contains(&k) {
                claims.remove(k);
            }
        }
    }
}

fn apply_groups(claims: &mut Map<String, Value>, groups: &Value) {
    for (field, claim) in [
        ("groupsToOverride", "cognito:groups"),
        ("iamRolesToOverride", "cognito:roles"),
    ] {
        if let Some(list) = groups.get(field).and_then(Value::as_array) {
            if list.is_empty() {
                claims.remove(claim);
            } else {
                claims.insert(claim.into(), Value::Array(list.clone()));
            }
        }
    }
    if let Some(role) = groups.get("preferredRole").and_then(Value::as_str) {
        claims.insert("cognito:preferred_role".into(), json!(role));
    }
}

fn apply_scopes(access: &mut Map<String, Value>, details: &Value) {
    let mut scopes: Vec<String> = access
        .get("scope")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .split_whitespace()
        .map(str::to_owned)
        .collect();
    if let Some(add) = details.get("scopesToAdd").and_then(Value::as_array) {
        for s in add.iter().filter_map(Value::as_str) {
            if !scopes.iter().any(|x| x == s) {
                scopes.push(s.to_owned());
            }
        }
    }
    if let Some(drop) = details.get("scopesToSuppress").and_then(Value::as_array) {
        scopes.retain(|s| !drop.iter().any(|d| d.as_str() == Some(s)));
    }
    access.insert("scope".into(), json!(scopes.join(" ")));
}

/// Pre-token generation (V1 or V2, as the pool's PreTokenGenerationConfig says): every path
/// that mints tokens calls this with the claims it is about to sign, and `source` one of
/// TokenGeneration_Authentication, _RefreshTokens, _NewPasswordChallenge, _AuthenticateDevice,
/// _HostedAuth.
pub fn pre_token_generation(
    st: &State,
    pool: &PoolRow,
    client_id: &str,
    user: &User,
    source: &str,
    access: &mut Map<String, Value>,
    id: &mut Map<String, Value>,
) -> ApiResult<()> {
    let cfg = pool.config.lambda_config.as_ref();
    if Trigger::PreTokenGeneration.configured(cfg).is_none() {
        return Ok(());
    }
    let version = token_version(cfg);
    let groups = json!({"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null});
    let mut request = json!({
        "userAttributes": user_attributes(user),
        "groupConfiguration": groups,
        "clientMetadata": Value::Null,
    });
    let response = if version == 2 {
        let scopes: Vec<&str> = access
            .get("scope")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .split_whitespace()
            .collect();
        request["scopes"] = json!(scopes);
        json!({"claimsAndScopeOverrideDetails": null})
    } else {
        json!({"claimsOverrideDetails": null})
    };
    let ev = event(
        &caller(st, pool, client_id),
        if version == 2 { "2" } else { "1" },
        source,
        &user.username,
        request,
        response,
    );
    let Some(r) = run(&st.triggers, cfg, Trigger::PreTokenGeneration, ev)? else {
        return Ok(());
    };
    if version == 2 {
        let d = &r["claimsAndScopeOverrideDetails"];
        apply_claims(id, &d["idTokenGeneration"]);
        apply_claims(access, &d["accessTokenGeneration"]);
        apply_scopes(access, &d["accessTokenGeneration"]);
        apply_groups(id, &d["groupOverrideDetails"]);
        apply_groups(access, &d["groupOverrideDetails"]);
    } else {
        let d = &r["claimsOverrideDetails"];
        apply_claims(id, d);
        apply_groups(id, &d["groupOverrideDetails"]);
        apply_groups(access, &d["groupOverrideDetails"]);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reserved_claims_stay() {
        let mut c = Map::new();
        c.insert("sub".into(), json!("s"));
        c.insert("email".into(), json!("e"));
        apply_claims(
            &mut c,
            &json!({"claimsToAddOrOverride": {"sub": "x", "team": "red"}, "claimsToSuppress": ["email", "sub"]}),
        );
        assert_eq!(Value::Object(c), json!({"sub": "s", "team": "red"}));
    }

    #[test]
    fn scopes_are_added_and_suppressed() {
        let mut a = Map::new();
        a.insert("scope".into(), json!("aws.cognito.signin.user.admin"));
        apply_scopes(
            &mut a,
            &json!({"scopesToAdd": ["read"], "scopesToSuppress": ["aws.cognito.signin.user.admin"]}),
        );
        assert_eq!(a["scope"], "read");
    }
}
