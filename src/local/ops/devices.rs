//! Remembered devices: the pool's device tracking (DeviceConfiguration), devices offered at SRP
//! sign-in (NewDeviceMetadata), ConfirmDevice, the DEVICE_SRP_AUTH and DEVICE_PASSWORD_VERIFIER
//! challenges verified with real SRP, the device a refresh must name, and ListDevices,
//! GetDevice, UpdateDeviceStatus, ForgetDevice with their Admin twins.

use super::super::challenge::{Challenge, ChallengeKind, DeviceLink};
use super::super::error::{ApiError, ApiResult};
use super::super::model::{SessionRow, User};
use super::super::state::State;
use super::super::store::{DeviceRow, PoolRow, username_key};
use super::auth::{TIMESTAMP_WINDOW, after_password};
use super::common::{client_id, must_resolve, pool_id};
use super::tokens::access_token_user;
use crate::cognito::types::{
    AdminDeviceRequest, AdminListDevicesRequest, AdminUpdateDeviceStatusRequest, AttributeType,
    AuthResponse, ConfirmDeviceRequest, ConfirmDeviceResponse, DeviceType, Empty,
    ForgetDeviceRequest, GetDeviceRequest, GetDeviceResponse, ListDevicesRequest,
    ListDevicesResponse, NOT_REMEMBERED, REMEMBERED, UpdateDeviceStatusRequest, UserPoolClientType,
};
use crate::secret::{Params, Secret};
use crate::srp::{self, ServerEphemeral, SrpError};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD as B64, URL_SAFE_NO_PAD as B64URL};
use num_bigint::BigUint;
use num_traits::Zero;
use std::cell::RefCell;

/// ListDevices answers at most this many devices a page (Cognito's limit).
pub const MAX_PAGE: u32 = 60;

thread_local! {
    /// The address the request being answered came from (`last_ip_used`).
    static CALLER_IP: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `f` with `ip` as the caller's address, for the devices it signs in.
pub fn with_caller_ip<T>(ip: Option<String>, f: impl FnOnce() -> T) -> T {
    let before = CALLER_IP.with(|c| c.replace(ip));
    let out = f();
    CALLER_IP.with(|c| *c.borrow_mut() = before);
    out
}

fn caller_ip() -> Option<String> {
    CALLER_IP.with(|c| c.borrow().clone())
}

/// A pool's device tracking, when it has any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tracking {
    /// DeviceOnlyRememberedOnUserPrompt: ConfirmDevice leaves the device not remembered until
    /// UpdateDeviceStatus says so.
    pub opt_in: bool,
    /// ChallengeRequiredOnNewDevice: a remembered device signs in without MFA.
    pub skip_mfa: bool,
}

/// Device tracking is on when the pool has a DeviceConfiguration (any property set), as in
/// Cognito.
pub fn tracking(pool: &PoolRow) -> Option<Tracking> {
    pool.config.device_configuration.as_ref().map(|c| Tracking {
        opt_in: c.device_only_remembered_on_user_prompt.unwrap_or(false),
        skip_mfa: c.challenge_required_on_new_device.unwrap_or(false),
    })
}

pub fn not_found() -> ApiError {
    ApiError::resource_not_found("Device does not exist.")
}

/// A device to offer with the tokens of an SRP sign-in (stored unconfirmed).
pub fn offer(st: &State, user: &User) -> DeviceRow {
    use rand::RngExt;
    let region = user.pool_id.split('_').next().unwrap_or_default();
    let group: String = rand::rng()
        .sample_iter(&rand::distr::Alphanumeric)
        .take(9)
        .map(char::from)
        .collect();
    let now = st.clock.now_f64();
    DeviceRow {
        device_key: format!("{region}_{}", uuid::Uuid::new_v4()),
        pool_id: user.pool_id.clone(),
        username_key: username_key(&user.username),
        group_key: format!("-{group}"),
        confirmed: false,
        remembered: false,
        salt_hex: None,
        verifier_hex: None,
        name: None,
        last_ip: caller_ip(),
        created: now,
        last_authenticated: Some(now),
        last_modified: now,
    }
}

/// The user's confirmed device `key`, or ResourceNotFound (another user's device is not found
/// either).
fn owned_device(st: &State, pool_id: &str, username: &str, key: &str) -> ApiResult<DeviceRow> {
    st.store
        .read(|db| db.get_device(key))?
        .filter(|d| d.confirmed && d.owned_by(pool_id, username))
        .ok_or_else(not_found)
}

// ---- sign-in ----

/// Whether `key` is a confirmed device of `username` that may answer DEVICE_SRP_AUTH.
pub fn claimable(st: &State, pool: &PoolRow, username: &str, key: &str) -> ApiResult<bool> {
    Ok(owned_device(st, pool_id(pool), username, key).is_ok())
}

/// Whether the device `key` is remembered.
pub fn remembered(st: &State, key: &str) -> ApiResult<bool> {
    Ok(st
        .store
        .read(|db| db.get_device(key))?
        .is_some_and(|d| d.remembered))
}

fn challenge(st: &State, ch: &Challenge, kind: ChallengeKind) -> String {
    st.challenges.insert(
        Challenge {
            pool_id: ch.pool_id.clone(),
            client_id: ch.client_id.clone(),
            username: ch.username.clone(),
            created: st.clock.now(),
            kind,
            device: ch.device.clone(),
        },
        st.clock.now(),
    )
}

/// DEVICE_SRP_AUTH: the password was right and the device named is the user's.
pub fn srp_auth_challenge(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    user: &User,
    key: &str,
) -> ApiResult<AuthResponse> {
    let session = st.challenges.insert(
        Challenge {
            pool_id: pool_id(pool).to_owned(),
            client_id: client_id(client).to_owned(),
            username: user.username.clone(),
            created: st.clock.now(),
            kind: ChallengeKind::DeviceSrpAuth {
                device_key: key.to_owned(),
            },
            device: DeviceLink::Claimed(key.to_owned()),
        },
        st.clock.now(),
    );
    Ok(AuthResponse {
        challenge_name: Some("DEVICE_SRP_AUTH".into()),
        session: Some(Secret::new(session)),
        challenge_parameters: Some(Params::from([
            ("DEVICE_KEY", key.to_owned()),
            ("USERNAME", user.username.clone()),
        ])),
        authentication_result: None,
    })
}

fn param<'a>(p: &'a Params, key: &str) -> ApiResult<&'a str> {
    p.get(key).ok_or_else(|| ApiError::missing(key))
}

/// The device key an answer names must be the one of the sign-in.
fn same_device(responses: &Params, key: &str) -> ApiResult<()> {
    if param(responses, "DEVICE_KEY")? == key {
        Ok(())
    } else {
        Err(ApiError::not_authorized(
            "DEVICE_KEY is not the device this sign-in started with.",
        ))
    }
}

/// Answers DEVICE_SRP_AUTH (the device's SRP_A) and DEVICE_PASSWORD_VERIFIER (its proof).
pub fn respond(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    ch: Challenge,
    responses: &Params,
) -> ApiResult<AuthResponse> {
    let id = pool_id(pool);
    match &ch.kind {
        ChallengeKind::DeviceSrpAuth { device_key } => {
            same_device(responses, device_key)?;
            let a_hex = param(responses, "SRP_A")?;
            let a_pub = (a_hex.len() <= super::auth::MAX_SRP_A_HEX)
                .then(|| srp::parse_hex(a_hex))
                .flatten()
                .filter(|a| !(a % srp::n()).is_zero())
                .ok_or_else(|| {
                    ApiError::invalid_parameter(
                        "SRP_A must be a hexadecimal number of at most 3072 bits that is not \
                         0 mod N",
                    )
                })?;
            let device = owned_device(st, id, &ch.username, device_key)?;
            let salt = device
                .salt_hex
                .as_deref()
                .and_then(srp::parse_hex)
                .unwrap_or_default();
            let v = device
                .verifier_hex
                .as_deref()
                .and_then(srp::parse_hex)
                .unwrap_or_default();
            let server = ServerEphemeral::generate(&v);
            let b_hex = server.public().to_str_radix(16);
            let mut raw = vec![0u8; 64];
            rand::fill(&mut raw[..]);
            let secret_block = B64.encode(raw);
            let session = challenge(
                st,
                &ch,
                ChallengeKind::DevicePasswordVerifier {
                    server,
                    a_pub,
                    secret_block: secret_block.clone(),
                    device_key: device_key.clone(),
                },
            );
            Ok(AuthResponse {
                challenge_name: Some("DEVICE_PASSWORD_VERIFIER".into()),
                session: Some(Secret::new(session)),
                challenge_parameters: Some(Params::from([
                    ("DEVICE_KEY", device_key.clone()),
                    ("SALT", srp::pad_hex(&salt)),
                    ("SECRET_BLOCK", secret_block),
                    ("SRP_B", b_hex),
                    ("USERNAME", ch.username.clone()),
                ])),
                authentication_result: None,
            })
        }
        ChallengeKind::DevicePasswordVerifier {
            server,
            a_pub,
            secret_block,
            device_key,
        } => {
            same_device(responses, device_key)?;
            let signature = param(responses, "PASSWORD_CLAIM_SIGNATURE")?;
            let claimed_block = param(responses, "PASSWORD_CLAIM_SECRET_BLOCK")?;
            let timestamp = param(responses, "TIMESTAMP")?;
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
            let wrong = || ApiError::not_authorized("Incorrect device password.");
            if claimed_block != secret_block {
                return Err(wrong());
            }
            let device = owned_device(st, id, &ch.username, device_key)?;
            let v = device
                .verifier_hex
                .as_deref()
                .and_then(srp::parse_hex)
                .unwrap_or_default();
            let block = B64.decode(secret_block).unwrap_or_default();
            match srp::verify_claim(
                &v,
                server,
                a_pub,
                &device.group_key,
                &device.device_key,
                &block,
                timestamp,
                signature,
            ) {
                Ok(()) => {}
                Err(SrpError::BadSignature) => return Err(wrong()),
                Err(e) => return Err(ApiError::invalid_parameter(e.to_string())),
            }
            let now = st.clock.now_f64();
            st.store
                .read(|db| db.touch_device(device_key, caller_ip().as_deref(), now))?;
            let user = st
                .store
                .get_user(id, &ch.username)?
                .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?;
            after_password(
                st,
                client,
                pool,
                &user,
                DeviceLink::Proven(device_key.clone()),
            )
        }
        _ => Err(ApiError::not_authorized("Invalid session for the user.")),
    }
}

/// The device a refresh is issued with. A session issued with a confirmed device refreshes only
/// when the request names that DEVICE_KEY (Cognito answers "Invalid Refresh Token" otherwise);
/// a forgotten device's sessions were revoked with it.
pub fn refresh_device(
    st: &State,
    pool: &PoolRow,
    session: &SessionRow,
    given: Option<&str>,
) -> ApiResult<Option<String>> {
    let Some(key) = st.store.read(|db| db.session_device(&session.origin_jti))? else {
        return Ok(None);
    };
    let Some(device) = st.store.read(|db| db.get_device(&key))? else {
        return Err(ApiError::not_authorized("Refresh Token has been revoked"));
    };
    if device.confirmed && tracking(pool).is_some() && given != Some(key.as_str()) {
        return Err(ApiError::not_authorized("Invalid Refresh Token"));
    }
    Ok(Some(key))
}

// ---- the operations ----

fn device_type(d: &DeviceRow) -> DeviceType {
    let status = if d.remembered {
        REMEMBERED
    } else {
        NOT_REMEMBERED
    };
    let mut attrs = vec![
        AttributeType::new("device_status", "valid"),
        AttributeType::new("dev:device_remembered_status", status),
    ];
    if let Some(n) = &d.name {
        attrs.push(AttributeType::new("device_name", n));
    }
    if let Some(ip) = &d.last_ip {
        attrs.push(AttributeType::new("last_ip_used", ip));
    }
    DeviceType {
        device_key: Some(d.device_key.clone()),
        device_attributes: attrs,
        device_create_date: Some(d.created),
        device_last_modified_date: Some(d.last_modified),
        device_last_authenticated_date: d.last_authenticated,
    }
}

/// base64 of big-endian bytes as a positive number (ConfirmDevice's Salt and PasswordVerifier).
fn b64_number(text: Option<&str>, what: &str) -> ApiResult<BigUint> {
    text.and_then(|t| B64.decode(t.trim()).ok())
        .filter(|b| !b.is_empty() && b.len() <= 400)
        .map(|b| BigUint::from_bytes_be(&b))
        .filter(|n| !(n % srp::n()).is_zero() || what == "Salt")
        .ok_or_else(|| {
            ApiError::invalid_parameter(format!(
                "DeviceSecretVerifierConfig.{what} must be base64 of a number (as AWS's SDKs \
                 send it)"
            ))
        })
}

pub fn confirm_device(st: &State, req: ConfirmDeviceRequest) -> ApiResult<ConfirmDeviceResponse> {
    let (user, pool, _) = access_token_user(st, req.access_token.expose())?;
    let Some(t) = tracking(&pool) else {
        return Err(ApiError::invalid_parameter(
            "Device tracking is not enabled for this user pool (it has no DeviceConfiguration).",
        ));
    };
    let config = req.device_secret_verifier_config.unwrap_or_default();
    let salt = b64_number(config.salt.as_deref(), "Salt")?;
    let v = b64_number(config.password_verifier.as_deref(), "PasswordVerifier")?;
    let now = st.clock.now_f64();
    st.store.write(|db| {
        let device = db
            .get_device(&req.device_key)?
            .filter(|d| d.owned_by(&user.pool_id, &user.username))
            .ok_or_else(not_found)?;
        if device.confirmed {
            return Err(ApiError::invalid_parameter(
                "The device is already confirmed; forget it first to confirm it again.",
            ));
        }
        db.confirm_device(
            &device.device_key,
            &salt.to_str_radix(16),
            &v.to_str_radix(16),
            req.device_name.as_deref(),
            !t.opt_in,
            now,
        )
    })?;
    Ok(ConfirmDeviceResponse {
        user_confirmation_necessary: t.opt_in,
    })
}

fn page_mac(st: &State, pool_id: &str, username: &str, last: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = <Hmac<sha2::Sha256> as hmac::KeyInit>::new_from_slice(st.secret()) else {
        return String::new();
    };
    for part in ["list_devices", pool_id, &username_key(username), last] {
        mac.update(part.as_bytes());
        mac.update(b"\0");
    }
    hex::encode(&mac.finalize().into_bytes()[..16])
}

/// A page of a user's devices; the token is the last key, signed so a crafted one is refused.
fn list(
    st: &State,
    user: &User,
    limit: Option<u32>,
    token: Option<&str>,
) -> ApiResult<ListDevicesResponse> {
    let limit = limit.unwrap_or(MAX_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(ApiError::invalid_parameter(format!(
            "Limit must be between 1 and {MAX_PAGE}"
        )));
    }
    let after = match token {
        Some(t) => {
            use subtle::ConstantTimeEq;
            let bad = || ApiError::invalid_parameter("Invalid PaginationToken");
            let (key, mac) = t.split_once('.').ok_or_else(bad)?;
            let key = B64URL
                .decode(key)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(bad)?;
            let expected = page_mac(st, &user.pool_id, &user.username, &key);
            if !bool::from(expected.as_bytes().ct_eq(mac.as_bytes())) {
                return Err(bad());
            }
            Some(key)
        }
        None => None,
    };
    let mut rows = st.store.read(|db| {
        db.list_devices(
            &user.pool_id,
            &user.username,
            after.as_deref(),
            limit as usize + 1,
        )
    })?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let pagination_token = match (more, rows.last()) {
        (true, Some(last)) => Some(format!(
            "{}.{}",
            B64URL.encode(&last.device_key),
            page_mac(st, &user.pool_id, &user.username, &last.device_key)
        )),
        _ => None,
    };
    Ok(ListDevicesResponse {
        devices: rows.iter().map(device_type).collect(),
        pagination_token,
    })
}

fn set_status(st: &State, user: &User, key: &str, status: Option<&str>) -> ApiResult<Empty> {
    let remembered = match status {
        Some(REMEMBERED) => true,
        Some(NOT_REMEMBERED) => false,
        _ => {
            return Err(ApiError::invalid_parameter(
                "DeviceRememberedStatus must be remembered or not_remembered",
            ));
        }
    };
    let now = st.clock.now_f64();
    st.store.write(|db| {
        db.get_device(key)?
            .filter(|d| d.confirmed && d.owned_by(&user.pool_id, &user.username))
            .ok_or_else(not_found)?;
        db.set_device_remembered(key, remembered, now)
    })?;
    Ok(Empty {})
}

/// Forgets a device of the user (confirmed or only offered) and revokes its sessions.
fn forget(st: &State, user: &User, key: &str) -> ApiResult<Empty> {
    st.store.write(|db| {
        db.get_device(key)?
            .filter(|d| d.owned_by(&user.pool_id, &user.username))
            .ok_or_else(not_found)?;
        db.delete_device(key)
    })?;
    Ok(Empty {})
}

fn token_user(st: &State, token: Option<&Secret>) -> ApiResult<User> {
    let token = token.ok_or_else(|| ApiError::missing("AccessToken"))?;
    Ok(access_token_user(st, token.expose())?.0)
}

pub fn list_devices(st: &State, req: ListDevicesRequest) -> ApiResult<ListDevicesResponse> {
    let user = token_user(st, Some(&req.access_token))?;
    list(st, &user, req.limit, req.pagination_token.as_deref())
}

pub fn get_device(st: &State, req: GetDeviceRequest) -> ApiResult<GetDeviceResponse> {
    let user = token_user(st, req.access_token.as_ref())?;
    let d = owned_device(st, &user.pool_id, &user.username, &req.device_key)?;
    Ok(GetDeviceResponse {
        device: device_type(&d),
    })
}

pub fn update_device_status(st: &State, req: UpdateDeviceStatusRequest) -> ApiResult<Empty> {
    let user = token_user(st, Some(&req.access_token))?;
    set_status(
        st,
        &user,
        &req.device_key,
        req.device_remembered_status.as_deref(),
    )
}

pub fn forget_device(st: &State, req: ForgetDeviceRequest) -> ApiResult<Empty> {
    let user = token_user(st, req.access_token.as_ref())?;
    forget(st, &user, &req.device_key)
}

fn admin_user(st: &State, pool_id: &str, username: &str) -> ApiResult<User> {
    let pool = st.pool(pool_id)?;
    must_resolve(st, &pool, username)
}

pub fn admin_list_devices(
    st: &State,
    req: AdminListDevicesRequest,
) -> ApiResult<ListDevicesResponse> {
    let user = admin_user(st, &req.user_pool_id, &req.username)?;
    list(st, &user, req.limit, req.pagination_token.as_deref())
}

pub fn admin_get_device(st: &State, req: AdminDeviceRequest) -> ApiResult<GetDeviceResponse> {
    let user = admin_user(st, &req.user_pool_id, &req.username)?;
    let d = owned_device(st, &user.pool_id, &user.username, &req.device_key)?;
    Ok(GetDeviceResponse {
        device: device_type(&d),
    })
}

pub fn admin_forget_device(st: &State, req: AdminDeviceRequest) -> ApiResult<Empty> {
    let user = admin_user(st, &req.user_pool_id, &req.username)?;
    forget(st, &user, &req.device_key)
}

pub fn admin_update_device_status(
    st: &State,
    req: AdminUpdateDeviceStatusRequest,
) -> ApiResult<Empty> {
    let user = admin_user(st, &req.user_pool_id, &req.username)?;
    set_status(
        st,
        &user,
        &req.device_key,
        req.device_remembered_status.as_deref(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caller_ip_is_scoped_to_the_call() {
        assert_eq!(caller_ip(), None);
        let inside = with_caller_ip(Some("10.0.0.7".into()), caller_ip);
        assert_eq!(inside.as_deref(), Some("10.0.0.7"));
        assert_eq!(caller_ip(), None);
    }

    #[test]
    fn verifier_numbers_are_base64_and_not_zero() {
        assert!(b64_number(Some("AA=="), "PasswordVerifier").is_err());
        assert!(b64_number(Some("not base64!"), "Salt").is_err());
        assert!(b64_number(None, "Salt").is_err());
        assert_eq!(
            b64_number(Some("AQI="), "Salt").unwrap(),
            BigUint::from(0x0102u32)
        );
    }
}
