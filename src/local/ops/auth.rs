//! InitiateAuth and RespondToAuthChallenge: USER_SRP_AUTH with real verification,
//! USER_PASSWORD_AUTH, REFRESH_TOKEN_AUTH, NEW_PASSWORD_REQUIRED and (in custom_auth.rs)
//! CUSTOM_AUTH.

use super::super::challenge::{CHALLENGE_TTL, Challenge, ChallengeKind, DeviceLink};
use super::super::error::{ApiError, ApiResult};
use super::super::fakes;
use super::super::model::{FORCE_CHANGE_PASSWORD, RESET_REQUIRED, UNCONFIRMED, User};
use super::super::state::State;
use super::super::store::{PoolRow, UserPatch, username_key};
use super::common::{
    check_decoy_lockout, check_lockout, check_secret_hash, client_id, dummy_password_check,
    find_user, new_password, password_matches, pool_id, pool_name, record_decoy_failure,
    record_failure, record_success, require_flow, resolve_user,
};
use super::policy::{apply_attributes, check_password, check_required, required_attributes};
use super::policy::{email_is_alias, email_is_username, looks_like_email};
use super::tokens;
use crate::cognito::types::{
    AttributeType, AuthResponse, InitiateAuthRequest, RespondToAuthChallengeRequest,
    UserPoolClientType,
};
use crate::secret::{Params, Secret};
use crate::srp::{self, ServerEphemeral, SrpError};
use num_traits::Zero;

/// How far a PASSWORD_VERIFIER TIMESTAMP may be from the pool's clock.
pub const TIMESTAMP_WINDOW: i64 = 5 * 60;

fn param<'a>(p: &'a Params, key: &str) -> ApiResult<&'a str> {
    p.get(key).ok_or_else(|| ApiError::missing(key))
}

pub fn initiate_auth(st: &State, req: InitiateAuthRequest) -> ApiResult<AuthResponse> {
    let (client, pool) = st.client(&req.client_id)?;
    let params = req.auth_parameters.unwrap_or_default();
    match req.auth_flow.as_str() {
        "USER_SRP_AUTH" => srp_start(st, &client, &pool, &params, None),
        "USER_PASSWORD_AUTH" => password_auth(st, &client, &pool, &params),
        "REFRESH_TOKEN_AUTH" | "REFRESH_TOKEN" => refresh(st, &client, &pool, &params),
        "CUSTOM_AUTH" => super::custom_auth::start(st, &client, &pool, &params),
        "USER_AUTH" | "ADMIN_NO_SRP_AUTH" | "ADMIN_USER_PASSWORD_AUTH" => {
            Err(ApiError::invalid_parameter(format!(
                "AuthFlow {} is not supported by the cogtui local pool",
                req.auth_flow
            )))
        }
        // The value is not quoted: it is whatever the caller sent.
        _ => Err(ApiError::invalid_parameter(
            "1 validation error detected: Value at 'authFlow' failed to satisfy \
             constraint: Member must satisfy enum value set: [USER_SRP_AUTH, \
             REFRESH_TOKEN_AUTH, REFRESH_TOKEN, CUSTOM_AUTH, USER_PASSWORD_AUTH, USER_AUTH]",
        )),
    }
}

/// USER_SRP_AUTH's first step; with `custom` (the session so far), the PASSWORD_VERIFIER step
/// a CUSTOM_AUTH sign-in's DefineAuthChallenge asked for.
pub(super) fn srp_start(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    params: &Params,
    custom: Option<Vec<serde_json::Value>>,
) -> ApiResult<AuthResponse> {
    require_flow(
        client,
        if custom.is_some() {
            "CUSTOM_AUTH"
        } else {
            "USER_SRP_AUTH"
        },
    )?;
    let username = param(params, "USERNAME")?;
    let a_hex = param(params, "SRP_A")?;
    check_secret_hash(client, username, params.get("SECRET_HASH"))?;
    if a_hex.len() > MAX_SRP_A_HEX {
        return Err(bad_srp_a());
    }
    let a_pub = srp::parse_hex(a_hex)
        .filter(|a| !(a % srp::n()).is_zero())
        .ok_or_else(bad_srp_a)?;
    let id = pool_id(pool);
    let user = find_user(st, pool, username)?;
    match &user {
        Some(u) => check_lockout(st, u)?,
        None => check_decoy_lockout(st, id, username)?,
    }
    // An unknown user gets a challenge that cannot be answered, shaped like a real one and the
    // same on every call, so a caller cannot tell unknown users from wrong passwords
    // (PreventUserExistenceErrors).
    let (user_id, salt, v, fake) = match &user {
        Some(u) => (
            u.username.clone(),
            srp::parse_hex(&u.salt_hex).unwrap_or_default(),
            srp::parse_hex(&u.verifier_hex).unwrap_or_default(),
            false,
        ),
        None => (
            fake_user_id(st, pool, username),
            fakes::salt(st.secret(), id, &username_key(username)),
            fakes::verifier(st.secret(), id, &username_key(username)),
            true,
        ),
    };
    let server = ServerEphemeral::generate(&v);
    let b_hex = server.public().to_str_radix(16);
    let secret_block = {
        use base64::Engine;
        let mut raw = vec![0u8; 64];
        rand::fill(&mut raw[..]);
        base64::engine::general_purpose::STANDARD.encode(raw)
    };
    let session = st.challenges.insert(
        Challenge {
            pool_id: pool_id(pool).to_owned(),
            client_id: client_id(client).to_owned(),
            username: user_id.clone(),
            created: st.clock.now(),
            kind: ChallengeKind::PasswordVerifier {
                server,
                a_pub,
                secret_block: secret_block.clone(),
                fake,
                custom,
            },
            device: DeviceLink::None,
        },
        st.clock.now(),
    );
    Ok(AuthResponse {
        challenge_name: Some("PASSWORD_VERIFIER".into()),
        session: Some(Secret::new(session)),
        challenge_parameters: Some(Params::from([
            ("SALT", srp::pad_hex(&salt)),
            ("SECRET_BLOCK", secret_block),
            ("SRP_B", b_hex),
            ("USERNAME", user_id.clone()),
            ("USER_ID_FOR_SRP", user_id),
        ])),
        authentication_result: None,
    })
}

/// SRP_A is at most 3072 bits: 768 hex digits, plus a sign byte some SDKs add.
pub const MAX_SRP_A_HEX: usize = 770;

fn bad_srp_a() -> ApiError {
    ApiError::invalid_parameter(
        "SRP_A must be a hexadecimal number of at most 3072 bits that is not 0 mod N",
    )
}

/// The USER_ID_FOR_SRP an unknown name gets: what a known one of that form would get. A name
/// shaped like an email signs in by alias or as the username attribute, and then the id is
/// the internal username (a UUID for the latter); any other name is its own id.
fn fake_user_id(st: &State, pool: &PoolRow, name: &str) -> String {
    let by_email = email_is_alias(&pool.config) || email_is_username(&pool.config);
    if by_email && looks_like_email(name) {
        fakes::user_id(st.secret(), pool_id(pool), &username_key(name))
    } else {
        name.to_owned()
    }
}

fn password_auth(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    params: &Params,
) -> ApiResult<AuthResponse> {
    require_flow(client, "USER_PASSWORD_AUTH")?;
    let username = param(params, "USERNAME")?;
    let password = param(params, "PASSWORD")?;
    check_secret_hash(client, username, params.get("SECRET_HASH"))?;
    password_step(st, client, pool, username, password)
}

/// A sign-in with the password itself (USER_PASSWORD_AUTH once its flow and SECRET_HASH are
/// checked, and the Hosted UI's login page): lockout, the check, then what follows.
pub(in crate::local) fn password_step(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    username: &str,
    password: &str,
) -> ApiResult<AuthResponse> {
    let id = pool_id(pool);
    let found = match find_user(st, pool, username)? {
        Some(user) => Some(user),
        None => super::migration::migrate(st, pool, client_id(client), username, Some(password))?,
    };
    let Some(user) = found else {
        // The same lock, lockout and work as for a user, so nothing tells them apart.
        let _turn = st.user_locks.lock(id, &username_key(username));
        check_decoy_lockout(st, id, username)?;
        dummy_password_check(st, id, username, password);
        return Err(record_decoy_failure(st, id, username));
    };
    // One attempt per user at a time: the lockout check, the password check and the count of
    // a failure are one step, so a burst cannot get more guesses checked than the lockout
    // allows.
    let _turn = st.user_locks.lock(id, &username_key(&user.username));
    check_lockout(st, &user)?;
    if !password_matches(&user, password) {
        return Err(record_failure(st, &user)?);
    }
    record_success(st, &user)?;
    super::super::triggers::hooks::pre_authentication(st, pool, client_id(client), &user)?;
    after_password(st, client, pool, &user, DeviceLink::None)
}

/// What follows a correct password (or a proven device): tokens, or the challenge the user's
/// state calls for. `device` says what the sign-in means for device tracking.
pub(super) fn after_password(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    user: &User,
    device: DeviceLink,
) -> ApiResult<AuthResponse> {
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    match user.status.as_str() {
        UNCONFIRMED => Err(ApiError::new(
            "UserNotConfirmedException",
            "User is not confirmed.",
        )),
        RESET_REQUIRED => Err(ApiError::new(
            "PasswordResetRequiredException",
            "Password reset required for the user",
        )),
        FORCE_CHANGE_PASSWORD => {
            let session = st.challenges.insert(
                Challenge {
                    pool_id: pool_id(pool).to_owned(),
                    client_id: client_id(client).to_owned(),
                    username: user.username.clone(),
                    created: st.clock.now(),
                    kind: ChallengeKind::NewPasswordRequired,
                    device,
                },
                st.clock.now(),
            );
            let attrs: serde_json::Map<String, serde_json::Value> = user
                .attributes
                .iter()
                .filter(|(k, _)| !k.ends_with("_verified"))
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            let missing: Vec<String> = required_attributes(&pool.config)
                .into_iter()
                .filter(|a| !user.attributes.contains_key(a))
                .map(|a| format!("userAttributes.{a}"))
                .collect();
            Ok(AuthResponse {
                challenge_name: Some("NEW_PASSWORD_REQUIRED".into()),
                session: Some(Secret::new(session)),
                challenge_parameters: Some(Params::from([
                    ("USER_ID_FOR_SRP", user.username.clone()),
                    (
                        "requiredAttributes",
                        serde_json::to_string(&missing).unwrap_or_default(),
                    ),
                    (
                        "userAttributes",
                        serde_json::Value::Object(attrs).to_string(),
                    ),
                ])),
                authentication_result: None,
            })
        }
        _ => {
            // As AWS's SDK expects it: a remembered device proves itself right after the
            // password (DEVICE_SRP_AUTH, then tokens), instead of MFA where the pool lets it;
            // where MFA is still asked, the tokens follow the code, issued with the device
            // named (a device that is not remembered never answers device SRP).
            let remembered = match &device {
                DeviceLink::Claimed(key) => super::devices::remembered(st, key)?,
                _ => false,
            };
            let skips = remembered && super::devices::tracking(pool).is_some_and(|t| t.skip_mfa);
            if let (DeviceLink::Claimed(key), true) = (&device, skips) {
                return super::devices::srp_auth_challenge(st, client, pool, user, key);
            }
            if !matches!(device, DeviceLink::Proven(_)) {
                if let Some(challenge) =
                    super::mfa::challenge_after_password(st, client, pool, user, &device)?
                {
                    return Ok(challenge);
                }
                if let (DeviceLink::Claimed(key), true) = (&device, remembered) {
                    return super::devices::srp_auth_challenge(st, client, pool, user, key);
                }
            }
            Ok(AuthResponse {
                authentication_result: Some(tokens::issue(st, pool, client, user, &device)?),
                challenge_parameters: Some(Params::default()),
                ..Default::default()
            })
        }
    }
}

fn refresh(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    params: &Params,
) -> ApiResult<AuthResponse> {
    require_flow(client, "REFRESH_TOKEN_AUTH")?;
    let token = param(params, "REFRESH_TOKEN")?;
    let invalid = || ApiError::not_authorized("Invalid Refresh Token");
    let session = st
        .store
        .session_by_refresh(&tokens::refresh_hash(token))?
        .ok_or_else(invalid)?;
    if session.client_id != client_id(client) || session.pool_id != pool_id(pool) {
        return Err(invalid());
    }
    if session.revoked {
        return Err(ApiError::not_authorized("Refresh Token has been revoked"));
    }
    if session.expires_at <= st.clock.now() {
        return Err(ApiError::not_authorized("Refresh Token has expired"));
    }
    let user = st
        .store
        .get_user(&session.pool_id, &session.username)?
        .ok_or_else(invalid)?;
    if client.client_secret.is_some() {
        let given = params.get("SECRET_HASH");
        check_secret_hash(client, &user.username, given)
            .or_else(|_| check_secret_hash(client, &user.sub, given))?;
    }
    if !user.enabled {
        return Err(ApiError::not_authorized("User is disabled."));
    }
    let device = super::devices::refresh_device(st, pool, &session, params.get("DEVICE_KEY"))?;
    Ok(AuthResponse {
        authentication_result: Some(tokens::refreshed(
            st,
            pool,
            client,
            &user,
            &session,
            device.as_deref(),
        )?),
        challenge_parameters: Some(Params::default()),
        ..Default::default()
    })
}

pub fn respond_to_auth_challenge(
    st: &State,
    req: RespondToAuthChallengeRequest,
) -> ApiResult<AuthResponse> {
    let (client, pool) = st.client(&req.client_id)?;
    let responses = req.challenge_responses.unwrap_or_default();
    let session = req.session.as_ref().map(Secret::expose);
    let block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK");
    if session.is_none() && block.is_none() {
        return Err(ApiError::missing("Session"));
    }
    let (session_key, challenge) = st.challenges.take_keyed(session, block).ok_or_else(|| {
        ApiError::not_authorized("Invalid session for the user, session can only be used once.")
    })?;
    if st.clock.now() - challenge.created > CHALLENGE_TTL {
        return Err(ApiError::not_authorized(
            "Invalid session for the user, session is expired.",
        ));
    }
    if challenge.client_id != client_id(&client) || challenge.pool_id != pool_id(&pool) {
        return Err(ApiError::not_authorized("Invalid session for the user."));
    }
    if challenge.name() != req.challenge_name {
        return Err(ApiError::invalid_parameter(format!(
            "ChallengeName does not match the session's challenge {}",
            challenge.name()
        )));
    }
    let username = param(&responses, "USERNAME")?;
    check_secret_hash(&client, username, responses.get("SECRET_HASH"))?;
    // A device named in a PASSWORD_VERIFIER answer is checked before the proof, and a stale one
    // is refused with the challenge put back: AWS's SDKs then send the same answer again
    // without it. An unknown user's made-up challenge answers the same way.
    let mut link = DeviceLink::None;
    if let ChallengeKind::PasswordVerifier { fake, .. } = &challenge.kind {
        let tracked = super::devices::tracking(&pool).is_some();
        let named = responses.get("DEVICE_KEY").filter(|_| tracked);
        if let Some(key) = named {
            let known = !*fake && super::devices::claimable(st, &pool, &challenge.username, key)?;
            if !known {
                let now = st.clock.now();
                st.challenges.insert_as(session_key, challenge, now);
                return Err(super::devices::not_found());
            }
        }
        link = match named {
            Some(key) => DeviceLink::Claimed(key.to_owned()),
            None if tracked => DeviceLink::New,
            None => DeviceLink::None,
        };
    }
    match challenge.kind {
        ChallengeKind::PasswordVerifier {
            server,
            a_pub,
            secret_block,
            fake,
            custom,
        } => {
            let signature = param(&responses, "PASSWORD_CLAIM_SIGNATURE")?;
            let claimed_block = param(&responses, "PASSWORD_CLAIM_SECRET_BLOCK")?;
            let timestamp = param(&responses, "TIMESTAMP")?;
            let when = srp::parse_timestamp(timestamp).ok_or_else(|| {
                ApiError::invalid_parameter(
                    "TIMESTAMP must be 'EEE MMM d HH:mm:ss UTC yyyy' in English and UTC, \
                     e.g. 'Thu Nov 5 09:04:07 UTC 2026'",
                )
            })?;
            if (when - st.clock.now()).abs() > TIMESTAMP_WINDOW {
                return Err(ApiError::not_authorized(
                    "TIMESTAMP is more than 5 minutes from the server clock; check the clock",
                ));
            }
            if claimed_block != secret_block {
                return Err(ApiError::incorrect_credentials());
            }
            let block_bytes = {
                use base64::Engine;
                base64::engine::general_purpose::STANDARD
                    .decode(&secret_block)
                    .unwrap_or_default()
            };
            let id = pool_id(&pool);
            if fake {
                // The same lock, lockout and work as for a user; it can only fail.
                let _turn = st.user_locks.lock(id, &username_key(&challenge.username));
                check_decoy_lockout(st, id, &challenge.username)?;
                let v = fakes::verifier(st.secret(), id, &username_key(&challenge.username));
                let _ = srp::verify_claim(
                    &v,
                    &server,
                    &a_pub,
                    pool_name(id),
                    &challenge.username,
                    &block_bytes,
                    timestamp,
                    signature,
                );
                return Err(record_decoy_failure(st, id, &challenge.username));
            }
            let user = find_user(st, &pool, username)?
                .filter(|u| u.username == challenge.username)
                .ok_or_else(ApiError::incorrect_credentials)?;
            let _turn = st.user_locks.lock(id, &username_key(&user.username));
            check_lockout(st, &user)?;
            let verifier = srp::parse_hex(&user.verifier_hex).unwrap_or_default();
            match srp::verify_claim(
                &verifier,
                &server,
                &a_pub,
                pool_name(&user.pool_id),
                &user.username,
                &block_bytes,
                timestamp,
                signature,
            ) {
                Ok(()) => {
                    record_success(st, &user)?;
                    super::super::triggers::hooks::pre_authentication(
                        st,
                        &pool,
                        client_id(&client),
                        &user,
                    )?;
                    if let Some(session) = custom {
                        return super::custom_auth::after_password(
                            st, &client, &pool, &user, session,
                        );
                    }
                    after_password(st, &client, &pool, &user, link)
                }
                Err(SrpError::BadSignature) => Err(record_failure(st, &user)?),
                Err(e) => Err(ApiError::invalid_parameter(e.to_string())),
            }
        }
        ChallengeKind::SoftwareTokenMfa { .. }
        | ChallengeKind::SentCode { .. }
        | ChallengeKind::SelectMfaType { .. }
        | ChallengeKind::MfaSetup { .. } => {
            super::mfa::respond(st, &client, &pool, challenge, session, &responses)
        }
        ChallengeKind::DeviceSrpAuth { .. } | ChallengeKind::DevicePasswordVerifier { .. } => {
            super::devices::respond(st, &client, &pool, challenge, &responses)
        }
        ChallengeKind::Custom { .. } => {
            super::custom_auth::respond(st, &client, &pool, challenge, &responses)
        }
        ChallengeKind::NewPasswordRequired => {
            let device = challenge.device.clone();
            let new_password_text = param(&responses, "NEW_PASSWORD")?;
            check_password(&pool.config, new_password_text)?;
            let attrs: Vec<AttributeType> = responses
                .0
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix("userAttributes.")
                        .map(|name| AttributeType::new(name, v))
                })
                .collect();
            let id = pool_id(&pool);
            let (salt, verifier) = new_password(id, &challenge.username, new_password_text);
            let user = st.store.write(|db| {
                let mut user = resolve_user(db, &pool, username)?
                    .filter(|u| u.username == challenge.username)
                    .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?;
                apply_attributes(&pool.config, &attrs, &mut user.attributes, false)?;
                check_required(&pool.config, &user.attributes)?;
                user.status = super::super::model::CONFIRMED.into();
                db.patch_user(
                    id,
                    &user.username,
                    &UserPatch {
                        status: Some(&user.status),
                        attributes: Some(&user.attributes),
                        password: Some((&salt, &verifier)),
                        modified: Some(st.clock.now_f64()),
                        ..Default::default()
                    },
                )?;
                Ok(user)
            })?;
            tokens::with_source("TokenGeneration_NewPasswordChallenge", || {
                after_password(st, &client, &pool, &user, device)
            })
        }
    }
}
