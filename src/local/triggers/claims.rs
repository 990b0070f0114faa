//! Pre-token generation: the V1 or V2 event for the claims about to be signed, and what the
//! handler's answer adds, suppresses or overrides in them.

use super::events::{event, user_attributes};
use super::hooks::caller;
use super::{Trigger, run, token_version};
use crate::local::error::ApiResult;
use crate::local::model::User;
use crate::local::state::State;
use crate::local::store::PoolRow;
use serde_json::{Map, Value, json};

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
    let version = token_version(cfg);
    let ev = || {
        let groups =
            json!({"groupsToOverride": [], "iamRolesToOverride": [], "preferredRole": null});
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
        event(
            &caller(st, pool, client_id),
            if version == 2 { "2" } else { "1" },
            source,
            &user.username,
            request,
            response,
        )
    };
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
