//! User migration: a name that is no user yet may be brought in by the pool's UserMigration
//! trigger at sign-in (USER_PASSWORD_AUTH, with the typed password) or at ForgotPassword.

use super::super::error::{ApiError, ApiResult};
use super::super::model::{CONFIRMED, RESET_REQUIRED, User};
use super::super::state::State;
use super::super::store::PoolRow;
use super::super::triggers::hooks::user_migration;
use super::common::{pool_id, set_password};
use super::policy::{apply_attributes, email_is_username};
use crate::cognito::types::AttributeType;
use std::collections::BTreeMap;

/// Runs UserMigration for `name` and stores the user it answers with (None: no trigger).
/// With a password (sign-in) the user gets it; without (ForgotPassword) a random one and
/// RESET_REQUIRED, so only the reset code lets them in.
pub fn migrate(
    st: &State,
    pool: &PoolRow,
    client_id: &str,
    name: &str,
    password: Option<&str>,
) -> ApiResult<Option<User>> {
    let source = match password {
        Some(_) => "UserMigration_Authentication",
        None => "UserMigration_ForgotPassword",
    };
    let migrated = match user_migration(st, pool, client_id, source, name, password) {
        Ok(Some(m)) => m,
        Ok(None) => return Ok(None),
        // A handler that refuses leaves the name unknown: the caller answers as for any
        // unknown name (the handler's message stays in the log).
        Err(e) if e.kind == "UserLambdaValidationException" => {
            tracing::info!(message = %super::super::escape::printable(&e.message), "user migration refused");
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    let wire: Vec<AttributeType> = migrated
        .attributes
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "sub" | "username" | "cognito:user_status"))
        .map(|(k, v)| AttributeType::new(k, v))
        .collect();
    let mut attributes = BTreeMap::new();
    apply_attributes(&pool.config, &wire, &mut attributes, true)?;
    let sub = uuid::Uuid::new_v4().to_string();
    let username = if email_is_username(&pool.config) {
        attributes.insert("email".into(), name.to_owned());
        sub.clone()
    } else {
        name.to_owned()
    };
    let confirmed = migrated.confirmed && password.is_some();
    let now = st.clock.now_f64();
    let mut user = User {
        pool_id: pool_id(pool).to_owned(),
        username,
        sub,
        status: if confirmed { CONFIRMED } else { RESET_REQUIRED }.into(),
        enabled: true,
        attributes,
        salt_hex: String::new(),
        verifier_hex: String::new(),
        created: now,
        modified: now,
        failed_attempts: 0,
        locked_until: 0,
    };
    let random = super::super::ids::temporary_password();
    set_password(&mut user, password.unwrap_or(&random));
    let inserted = st.store.write(|db| db.insert_user(&user))?;
    if !inserted {
        return Err(ApiError::new(
            "UsernameExistsException",
            "User already exists",
        ));
    }
    Ok(Some(user))
}
