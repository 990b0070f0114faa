//! UserMigration: the event for a name that is no user yet, and the user its answer describes.

use super::events::event;
use super::hooks::caller;
use super::{Trigger, run};
use crate::local::error::ApiResult;
use crate::local::state::State;
use crate::local::store::PoolRow;
use serde_json::{Value, json};
use std::collections::BTreeMap;

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
    let ev = || {
        let mut request = json!({"validationData": Value::Null, "clientMetadata": Value::Null});
        if let Some(p) = password {
            request["password"] = json!(p);
        }
        let response = json!({"userAttributes": null, "finalUserStatus": null, "messageAction": null,
                          "desiredDeliveryMediums": null, "forceAliasCreation": null,
                          "enableSMSMFA": null});
        event(
            &caller(st, pool, client_id),
            "1",
            source,
            user_name,
            request,
            response,
        )
    };
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
