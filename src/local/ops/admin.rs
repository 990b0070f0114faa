//! Control-plane operations (SigV4-signed): pools, app clients and admin user management.

use super::super::clock::system_now_f64 as clock_now_f64;
use super::super::error::{ApiError, ApiResult};
use super::super::ids;
use super::super::jwt::generate_key;
use super::super::model::{CONFIRMED, FORCE_CHANGE_PASSWORD, UNCONFIRMED, User};
use super::super::state::State;
use super::super::store::UserPatch;
use super::super::store::{PoolRow, Store, username_key};
use super::common::{must_resolve, new_password, pool_id, resolve_user, set_password};
use super::list_filter;
use super::policy::{
    STANDARD_ATTRIBUTES, apply_attributes, check_password, check_username, default_password_policy,
    email_is_username,
};
use crate::cognito::types::{
    AdminCreateUserRequest, AdminCreateUserResponse, AdminGetUserResponse,
    AdminSetUserPasswordRequest, AdminUserRequest, CreateUserPoolClientRequest,
    CreateUserPoolRequest, DescribeUserPoolClientRequest, DescribeUserPoolRequest, Empty,
    ListUsersRequest, ListUsersResponse, PasswordPolicyType, SchemaAttributeType,
    UserPoolClientResponse, UserPoolClientType, UserPoolPolicyType, UserPoolResponse, UserPoolType,
    UserType,
};
use crate::secret::Secret;
use std::collections::BTreeMap;

const SIGN_IN_ATTRIBUTES: &[&str] = &["email", "phone_number", "preferred_username"];

fn check_sign_in_attributes(list: &Option<Vec<String>>, what: &str) -> ApiResult<()> {
    for a in list.iter().flatten() {
        if !SIGN_IN_ATTRIBUTES.contains(&a.as_str()) {
            return Err(ApiError::invalid_parameter(format!(
                "{what} may only hold email, phone_number or preferred_username"
            )));
        }
    }
    Ok(())
}

/// Creates and stores a pool with a fresh signing key.
pub fn create_pool(
    store: &Store,
    region: &str,
    req: &CreateUserPoolRequest,
) -> ApiResult<UserPoolType> {
    if !valid_name(&req.pool_name) {
        return Err(ApiError::invalid_parameter(
            "PoolName must be 1 to 128 letters, digits, spaces or + = , . @ - _",
        ));
    }
    check_auto_verified(&req.auto_verified_attributes)?;
    for attr in req.schema.iter().flatten() {
        if let Some(t) = &attr.attribute_data_type
            && !["String", "Number", "DateTime", "Boolean"].contains(&t.as_str())
        {
            return Err(ApiError::invalid_parameter(
                "AttributeDataType must be String, Number, DateTime or Boolean",
            ));
        }
        let name = attr.name.as_deref().unwrap_or_default();
        if name.chars().count() > 32 && !super::policy::STANDARD_ATTRIBUTES.contains(&name)
            || name
                .chars()
                .any(|c| !(c.is_alphanumeric() || "_-:".contains(c)))
        {
            return Err(ApiError::invalid_parameter(
                "Schema attribute names are 1 to 32 letters, digits, _ - or :",
            ));
        }
    }
    if req.alias_attributes.is_some() && req.username_attributes.is_some() {
        return Err(ApiError::invalid_parameter(
            "Only one of AliasAttributes and UsernameAttributes can be set in a User Pool",
        ));
    }
    check_sign_in_attributes(&req.alias_attributes, "AliasAttributes")?;
    check_sign_in_attributes(&req.username_attributes, "UsernameAttributes")?;
    let policy = password_policy(req.policies.as_ref())?;
    let schema = build_schema(req.schema.as_deref().unwrap_or_default())?;
    let id = ids::user_pool_id(region);
    let now = clock_now_f64();
    let config = UserPoolType {
        id: Some(id.clone()),
        name: Some(req.pool_name.clone()),
        arn: Some(format!(
            "arn:aws:cognito-idp:{region}:000000000000:userpool/{id}"
        )),
        policies: Some(UserPoolPolicyType {
            password_policy: Some(policy),
        }),
        alias_attributes: req.alias_attributes.clone(),
        username_attributes: req.username_attributes.clone(),
        auto_verified_attributes: req.auto_verified_attributes.clone(),
        schema_attributes: Some(schema),
        mfa_configuration: Some(
            req.mfa_configuration
                .clone()
                .unwrap_or_else(|| "OFF".into()),
        ),
        device_configuration: req.device_configuration.clone(),
        lambda_config: req.lambda_config.clone(),
        estimated_number_of_users: None,
        creation_date: Some(now),
        last_modified_date: Some(now),
    };
    let (signing_key_pem, kid) = generate_key()?;
    store.insert_pool(&PoolRow {
        config: config.clone(),
        signing_key_pem,
        kid,
    })?;
    Ok(config)
}

/// AutoVerifiedAttributes may name email and phone_number only.
pub fn check_auto_verified(list: &Option<Vec<String>>) -> ApiResult<()> {
    for a in list.iter().flatten() {
        if a != "email" && a != "phone_number" {
            return Err(ApiError::invalid_parameter(
                "AutoVerifiedAttributes may only hold email and phone_number",
            ));
        }
    }
    Ok(())
}

/// The password policy a request asks for, checked; Cognito's default when it asks for none.
pub fn password_policy(policies: Option<&UserPoolPolicyType>) -> ApiResult<PasswordPolicyType> {
    let Some(p) = policies.and_then(|p| p.password_policy.as_ref()) else {
        return Ok(default_password_policy());
    };
    let min = p.minimum_length.unwrap_or(8);
    if !(6..=99).contains(&min) {
        return Err(ApiError::invalid_parameter(
            "PasswordPolicy.MinimumLength must be between 6 and 99",
        ));
    }
    Ok(PasswordPolicyType {
        minimum_length: Some(min),
        require_uppercase: Some(p.require_uppercase.unwrap_or(false)),
        require_lowercase: Some(p.require_lowercase.unwrap_or(false)),
        require_numbers: Some(p.require_numbers.unwrap_or(false)),
        require_symbols: Some(p.require_symbols.unwrap_or(false)),
        temporary_password_validity_days: Some(p.temporary_password_validity_days.unwrap_or(7)),
    })
}

/// The standard attributes (with the requested ones marked required) and the custom ones,
/// named `custom:<name>` as Cognito names them.
fn build_schema(requested: &[SchemaAttributeType]) -> ApiResult<Vec<SchemaAttributeType>> {
    let mut out: Vec<SchemaAttributeType> = std::iter::once("sub")
        .chain(STANDARD_ATTRIBUTES.iter().copied())
        .map(|name| SchemaAttributeType {
            name: Some(name.into()),
            attribute_data_type: Some(
                if name.ends_with("_verified") {
                    "Boolean"
                } else {
                    "String"
                }
                .into(),
            ),
            developer_only_attribute: Some(false),
            mutable: Some(name != "sub"),
            required: Some(name == "sub"),
            string_attribute_constraints: None,
        })
        .collect();
    for attr in requested {
        let name = attr.name.clone().unwrap_or_default();
        if name.is_empty() {
            return Err(ApiError::invalid_parameter("Schema attributes need a Name"));
        }
        if let Some(std) = out.iter_mut().find(|a| a.name.as_deref() == Some(&name)) {
            std.required = Some(attr.required.unwrap_or(false));
            if let Some(m) = attr.mutable {
                std.mutable = Some(m);
            }
            continue;
        }
        if attr.required == Some(true) {
            return Err(ApiError::invalid_parameter(
                "Required custom attributes are not supported currently.",
            ));
        }
        let full = if name.starts_with("custom:") {
            name
        } else {
            format!("custom:{name}")
        };
        out.push(SchemaAttributeType {
            name: Some(full),
            attribute_data_type: Some(
                attr.attribute_data_type
                    .clone()
                    .unwrap_or_else(|| "String".into()),
            ),
            developer_only_attribute: Some(attr.developer_only_attribute.unwrap_or(false)),
            mutable: Some(attr.mutable.unwrap_or(true)),
            required: Some(false),
            string_attribute_constraints: attr.string_attribute_constraints.clone(),
        });
    }
    Ok(out)
}

fn normalize_flow(flow: &str) -> ApiResult<String> {
    let f = flow.strip_prefix("ALLOW_").unwrap_or(flow);
    let f = match f {
        "ADMIN_NO_SRP_AUTH" => "ADMIN_USER_PASSWORD_AUTH",
        "CUSTOM_AUTH_FLOW_ONLY" => "CUSTOM_AUTH",
        other => other,
    };
    const KNOWN: &[&str] = &[
        "ADMIN_USER_PASSWORD_AUTH",
        "CUSTOM_AUTH",
        "USER_PASSWORD_AUTH",
        "USER_SRP_AUTH",
        "REFRESH_TOKEN_AUTH",
        "USER_AUTH",
    ];
    if KNOWN.contains(&f) {
        Ok(format!("ALLOW_{f}"))
    } else {
        Err(ApiError::invalid_parameter(format!(
            "ExplicitAuthFlows values must be among {}",
            KNOWN.join(", ")
        )))
    }
}

/// Cognito's pattern for pool and client names: `[\w\s+=,.@-]+`, 1 to 128 characters.
fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().count() <= 128
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ' ' || "+=,.@-".contains(c))
}

/// Creates and stores an app client.
pub fn create_client(
    store: &Store,
    req: &CreateUserPoolClientRequest,
) -> ApiResult<UserPoolClientType> {
    if store.get_pool(&req.user_pool_id)?.is_none() {
        return Err(ApiError::resource_not_found(format!(
            "User pool {} does not exist.",
            req.user_pool_id
        )));
    }
    let now = clock_now_f64();
    let client = UserPoolClientType {
        client_id: Some(ids::client_id()),
        client_secret: req
            .generate_secret
            .unwrap_or(false)
            .then(|| Secret::new(ids::client_secret())),
        creation_date: Some(now),
        last_modified_date: Some(now),
        ..client_settings(req)?
    };
    store.insert_client(&client)?;
    Ok(client)
}

/// An app client's settings from a request, checked, with Cognito's defaults for what it leaves
/// out; no id, secret or dates. CreateUserPoolClient and UpdateUserPoolClient both use it.
pub fn client_settings(req: &CreateUserPoolClientRequest) -> ApiResult<UserPoolClientType> {
    if !valid_name(&req.client_name) {
        return Err(ApiError::invalid_parameter(
            "ClientName must be 1 to 128 letters, digits, spaces or + = , . @ - _",
        ));
    }
    let (access, id, refresh, units) = super::validity::checked(req)?;
    let mut flows = match &req.explicit_auth_flows {
        Some(list) => list
            .iter()
            .map(|f| normalize_flow(f))
            .collect::<ApiResult<Vec<_>>>()?,
        None => vec![
            "ALLOW_USER_SRP_AUTH".into(),
            "ALLOW_CUSTOM_AUTH".into(),
            "ALLOW_REFRESH_TOKEN_AUTH".into(),
        ],
    };
    flows.dedup();
    let auth_session_validity = req.auth_session_validity.unwrap_or(3);
    if !(3..=15).contains(&auth_session_validity) {
        return Err(ApiError::invalid_parameter(
            "AuthSessionValidity must be between 3 and 15 minutes",
        ));
    }
    Ok(UserPoolClientType {
        user_pool_id: Some(req.user_pool_id.clone()),
        client_name: Some(req.client_name.clone()),
        explicit_auth_flows: Some(flows),
        refresh_token_validity: Some(refresh),
        access_token_validity: Some(access),
        id_token_validity: Some(id),
        token_validity_units: Some(units),
        prevent_user_existence_errors: Some(
            req.prevent_user_existence_errors
                .clone()
                .unwrap_or_else(|| "ENABLED".into()),
        ),
        enable_token_revocation: Some(req.enable_token_revocation.unwrap_or(true)),
        read_attributes: req.read_attributes.clone(),
        write_attributes: req.write_attributes.clone(),
        auth_session_validity: Some(auth_session_validity),
        oauth: super::oauth_settings::check(&req.oauth, req.generate_secret.unwrap_or(false))?,
        ..Default::default()
    })
}

pub fn create_user_pool(st: &State, req: CreateUserPoolRequest) -> ApiResult<UserPoolResponse> {
    super::super::triggers::check_config(req.lambda_config.as_ref())?;
    let mut pool = create_pool(&st.store, &st.region, &req)?;
    pool.estimated_number_of_users = Some(0);
    Ok(UserPoolResponse { user_pool: pool })
}

pub fn create_user_pool_client(
    st: &State,
    req: CreateUserPoolClientRequest,
) -> ApiResult<UserPoolClientResponse> {
    Ok(UserPoolClientResponse {
        user_pool_client: create_client(&st.store, &req)?,
    })
}

pub fn describe_user_pool(st: &State, req: DescribeUserPoolRequest) -> ApiResult<UserPoolResponse> {
    let mut pool = st.pool(&req.user_pool_id)?.config;
    pool.estimated_number_of_users = Some(st.store.count_users(&req.user_pool_id)?);
    // SetUserPoolMfaConfig and UpdateUserPool keep the pool's MFA mode in one place.
    let mfa = st.store.read(|db| db.get_pool_mfa(&req.user_pool_id))?;
    if let Some(mode) = mfa.mfa_configuration {
        pool.mfa_configuration = Some(mode);
    }
    Ok(UserPoolResponse { user_pool: pool })
}

/// App client `client_id` of pool `pool_id`, as stored; a client of another pool is not found.
pub fn pool_client(st: &State, pool_id: &str, client_id: &str) -> ApiResult<UserPoolClientType> {
    st.store
        .get_client(client_id)?
        .filter(|c| c.user_pool_id.as_deref() == Some(pool_id))
        .ok_or_else(|| {
            ApiError::resource_not_found(format!("User pool client {client_id} does not exist."))
        })
}

pub fn describe_user_pool_client(
    st: &State,
    req: DescribeUserPoolClientRequest,
) -> ApiResult<UserPoolClientResponse> {
    Ok(UserPoolClientResponse {
        user_pool_client: pool_client(st, &req.user_pool_id, &req.client_id)?,
    })
}

fn user_type(u: &User, only: Option<&[String]>) -> UserType {
    let attributes = u
        .wire_attributes()
        .into_iter()
        .filter(|a| only.is_none_or(|names| names.contains(&a.name)))
        .collect();
    UserType {
        username: Some(u.username.clone()),
        attributes: Some(attributes),
        user_create_date: Some(u.created),
        user_last_modified_date: Some(u.modified),
        enabled: Some(u.enabled),
        user_status: Some(u.status.clone()),
    }
}

pub fn admin_create_user(
    st: &State,
    req: AdminCreateUserRequest,
) -> ApiResult<AdminCreateUserResponse> {
    let pool = st.pool(&req.user_pool_id)?;
    let id = pool_id(&pool).to_owned();
    let resend = req.message_action.as_deref() == Some("RESEND");
    let suppress = req.message_action.as_deref() == Some("SUPPRESS");
    let temporary = match &req.temporary_password {
        Some(p) => {
            check_password(&pool.config, p.expose())?;
            p.expose().to_owned()
        }
        None => ids::temporary_password(),
    };
    if resend {
        let mut user = must_resolve(st, &pool, &req.username)?;
        if user.status != FORCE_CHANGE_PASSWORD {
            return Err(ApiError::new(
                "UnsupportedUserStateException",
                "Resend not possible. User status is not FORCE_CHANGE_PASSWORD",
            ));
        }
        let (salt, verifier) = new_password(&user.pool_id, &user.username, &temporary);
        user.modified = st.clock.now_f64();
        let template = invitation_text(st, &pool, &user)?;
        super::super::triggers::message::with_template(template, || {
            st.store.write(|db| {
                db.patch_user(
                    &user.pool_id,
                    &user.username,
                    &UserPatch {
                        password: Some((&salt, &verifier)),
                        modified: Some(user.modified),
                        ..Default::default()
                    },
                )?;
                invite(st, db, &user, &temporary)
            })
        })?;
        return Ok(AdminCreateUserResponse {
            user: user_type(&user, None),
        });
    }
    check_username(&pool.config, &req.username)?;
    let mut attributes = BTreeMap::new();
    apply_attributes(
        &pool.config,
        req.user_attributes.as_deref().unwrap_or_default(),
        &mut attributes,
        true,
    )?;
    let sub = uuid::Uuid::new_v4().to_string();
    let by_email = email_is_username(&pool.config);
    let username = if by_email {
        attributes.insert("email".into(), req.username.clone());
        sub.clone()
    } else {
        req.username.clone()
    };
    // Before anything is stored; for admin-created users only the verification flags apply.
    let decided = super::super::triggers::hooks::pre_sign_up(
        st,
        &pool,
        &super::super::triggers::hooks::SignUpEvent {
            source: "PreSignUp_AdminCreateUser",
            client_id: "CLIENT_ID_NOT_APPLICABLE",
            user_name: &username,
            attributes: &attributes,
            validation_data: None,
            client_metadata: None,
        },
    )?;
    if decided.auto_verify_email && attributes.contains_key("email") {
        attributes.insert("email_verified".into(), "true".into());
    }
    if decided.auto_verify_phone && attributes.contains_key("phone_number") {
        attributes.insert("phone_number_verified".into(), "true".into());
    }
    let now = st.clock.now_f64();
    let mut user = User {
        pool_id: id,
        username,
        sub,
        status: FORCE_CHANGE_PASSWORD.into(),
        enabled: true,
        attributes,
        salt_hex: String::new(),
        verifier_hex: String::new(),
        created: now,
        modified: now,
        failed_attempts: 0,
        locked_until: 0,
    };
    set_password(&mut user, &temporary);
    let exists = || ApiError::new("UsernameExistsException", "User account already exists");
    let template = if suppress {
        None
    } else {
        invitation_text(st, &pool, &user)?
    };
    super::super::triggers::message::with_template(template, || {
        st.store.write(|db| {
            if by_email && !db.find_by_email(&user.pool_id, &req.username)?.is_empty() {
                return Err(exists());
            }
            if !db.insert_user(&user)? {
                return Err(exists());
            }
            if !suppress {
                invite(st, db, &user, &temporary)?;
            }
            Ok(())
        })
    })?;
    Ok(AdminCreateUserResponse {
        user: user_type(&user, None),
    })
}

/// The CustomMessage_AdminCreateUser text of an invitation, if the pool has that trigger.
fn invitation_text(
    st: &State,
    pool: &super::super::store::PoolRow,
    user: &User,
) -> ApiResult<Option<super::super::triggers::message::Template>> {
    super::super::triggers::hooks::custom_message(
        st,
        pool,
        "CLIENT_ID_NOT_APPLICABLE",
        "CustomMessage_AdminCreateUser",
        user,
    )
}

/// The invitation carries the temporary password, as Cognito's email does.
fn invite(
    st: &State,
    db: &super::super::store::Db<'_>,
    user: &User,
    temporary: &str,
) -> ApiResult<()> {
    let destination = user.email().unwrap_or(&user.username).to_owned();
    st.deliver(db, user, "invitation", &destination, temporary)
}

pub fn admin_get_user(st: &State, req: AdminUserRequest) -> ApiResult<AdminGetUserResponse> {
    let pool = st.pool(&req.user_pool_id)?;
    let u = must_resolve(st, &pool, &req.username)?;
    let (preferred, methods) = super::mfa::user_settings(st, &u)?;
    Ok(AdminGetUserResponse {
        username: u.username.clone(),
        user_attributes: u.wire_attributes(),
        user_create_date: u.created,
        user_last_modified_date: u.modified,
        enabled: u.enabled,
        user_status: u.status.clone(),
        preferred_mfa_setting: preferred,
        // Cognito leaves the list out when no method is on.
        user_mfa_setting_list: Some(methods).filter(|m| !m.is_empty()),
    })
}

pub fn admin_confirm_sign_up(st: &State, req: AdminUserRequest) -> ApiResult<Empty> {
    let pool = st.pool(&req.user_pool_id)?;
    let user = st.store.write(|db| {
        let u = resolve_user(db, &pool, &req.username)?.ok_or_else(ApiError::user_not_found)?;
        if u.status != UNCONFIRMED {
            return Err(ApiError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                u.status
            )));
        }
        db.patch_user(
            &u.pool_id,
            &u.username,
            &UserPatch {
                status: Some(CONFIRMED),
                modified: Some(st.clock.now_f64()),
                ..Default::default()
            },
        )?;
        Ok(User {
            status: CONFIRMED.into(),
            ..u
        })
    })?;
    super::super::triggers::hooks::post_confirmation(
        st,
        &pool,
        "CLIENT_ID_NOT_APPLICABLE",
        "PostConfirmation_ConfirmSignUp",
        &user,
        None,
    )?;
    Ok(Empty {})
}

pub fn admin_delete_user(st: &State, req: AdminUserRequest) -> ApiResult<Empty> {
    let pool = st.pool(&req.user_pool_id)?;
    st.store.write(|db| {
        let u = resolve_user(db, &pool, &req.username)?.ok_or_else(ApiError::user_not_found)?;
        db.delete_user(&u.pool_id, &u.username)
    })?;
    Ok(Empty {})
}

pub fn admin_set_user_password(st: &State, req: AdminSetUserPasswordRequest) -> ApiResult<Empty> {
    let pool = st.pool(&req.user_pool_id)?;
    let u = must_resolve(st, &pool, &req.username)?;
    check_password(&pool.config, req.password.expose())?;
    let (salt, verifier) = new_password(&u.pool_id, &u.username, req.password.expose());
    let status = if req.permanent.unwrap_or(false) {
        CONFIRMED
    } else {
        FORCE_CHANGE_PASSWORD
    };
    // Only the columns this changes: a sign-in counting a failure at the same moment cannot
    // write the old password back.
    st.store.read(|db| {
        db.patch_user(
            &u.pool_id,
            &u.username,
            &UserPatch {
                status: Some(status),
                password: Some((&salt, &verifier)),
                reset_failures: true,
                modified: Some(st.clock.now_f64()),
                ..Default::default()
            },
        )
    })?;
    Ok(Empty {})
}

/// A ListUsers pagination token: the last username key of a page, signed with the pool's
/// secret so a crafted token is refused rather than followed.
fn page_token(st: &State, pool_id: &str, last_key: &str) -> String {
    use base64::Engine;
    let key = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(last_key);
    format!("{key}.{}", page_mac(st, pool_id, last_key))
}

fn page_mac(st: &State, pool_id: &str, last_key: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = <Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(st.secret()) else {
        return String::new();
    };
    mac.update(b"list_users\0");
    mac.update(pool_id.as_bytes());
    mac.update(b"\0");
    mac.update(last_key.as_bytes());
    hex::encode(&mac.finalize().into_bytes()[..16])
}

fn parse_page_token(st: &State, pool_id: &str, token: &str) -> ApiResult<String> {
    use base64::Engine;
    use subtle::ConstantTimeEq;
    let bad = || ApiError::invalid_parameter("Invalid PaginationToken");
    let (key, mac) = token.split_once('.').ok_or_else(bad)?;
    let key = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(key)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(bad)?;
    let expected = page_mac(st, pool_id, &key);
    if bool::from(expected.as_bytes().ct_eq(mac.as_bytes())) {
        Ok(key)
    } else {
        Err(bad())
    }
}

type Page = (Vec<(String, User)>, bool);

/// An exact match on username, sub or email: the few candidates come from an index (so a
/// search answers as fast in a pool of a million users as in one of ten), in key order.
fn indexed_page(
    st: &State,
    pool_id: &str,
    f: &list_filter::Filter,
    cursor: Option<String>,
    limit: usize,
) -> ApiResult<Page> {
    let mut found: Vec<(String, User)> = st
        .store
        .read(|db| {
            Ok(match f.attribute.as_str() {
                "username" => db.get_user(pool_id, &f.value)?.into_iter().collect(),
                "sub" => db.find_by_sub(pool_id, &f.value)?.into_iter().collect(),
                _ => db.find_by_email(pool_id, &f.value)?,
            })
        })?
        .into_iter()
        .filter(|u| f.matches(u))
        .map(|u| (username_key(&u.username), u))
        .filter(|(k, _)| cursor.as_deref().is_none_or(|c| k.as_str() > c))
        .collect();
    found.sort_by(|a, b| a.0.cmp(&b.0));
    let more = found.len() > limit;
    found.truncate(limit);
    Ok((found, more))
}

/// Any other filter: keyset paging through the users in key order, each page strictly after
/// the last key of the one before, so a listing always moves forward and ends.
fn scanned_page(
    st: &State,
    pool_id: &str,
    filter: Option<&list_filter::Filter>,
    mut cursor: Option<String>,
    limit: usize,
) -> ApiResult<Page> {
    const BATCH: usize = 500;
    let mut page: Vec<(String, User)> = Vec::new();
    loop {
        let batch = st
            .store
            .read(|db| db.list_users_after(pool_id, cursor.as_deref(), BATCH))?;
        let exhausted = batch.len() < BATCH;
        for (key, u) in batch {
            cursor = Some(key.clone());
            if filter.is_some_and(|f| !f.matches(&u)) {
                continue;
            }
            if page.len() == limit {
                return Ok((page, true));
            }
            page.push((key, u));
        }
        if exhausted {
            return Ok((page, false));
        }
    }
}

pub fn list_users(st: &State, req: ListUsersRequest) -> ApiResult<ListUsersResponse> {
    st.pool(&req.user_pool_id)?;
    let limit = req.limit.unwrap_or(60);
    if !(1..=60).contains(&limit) {
        return Err(ApiError::invalid_parameter(
            "Limit must be between 1 and 60",
        ));
    }
    let limit = limit as usize;
    let filter = list_filter::parse(req.filter.as_deref().unwrap_or_default())?;
    let cursor = match &req.pagination_token {
        Some(t) => Some(parse_page_token(st, &req.user_pool_id, t)?),
        None => None,
    };
    let (page, more) = match filter.as_ref().filter(|f| !f.prefix) {
        Some(f) if ["username", "sub", "email"].contains(&f.attribute.as_str()) => {
            indexed_page(st, &req.user_pool_id, f, cursor, limit)?
        }
        _ => scanned_page(st, &req.user_pool_id, filter.as_ref(), cursor, limit)?,
    };
    let next = match (more, page.last()) {
        (true, Some((key, _))) => Some(page_token(st, &req.user_pool_id, key)),
        _ => None,
    };
    Ok(ListUsersResponse {
        users: page
            .iter()
            .map(|(_, u)| user_type(u, req.attributes_to_get.as_deref()))
            .collect(),
        pagination_token: next,
    })
}
