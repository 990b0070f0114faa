//! MFA: a pool's configuration (SetUserPoolMfaConfig, GetUserPoolMfaConfig), software-token
//! enrolment (AssociateSoftwareToken, VerifySoftwareToken, with an access token or an MFA_SETUP
//! session), preferences (SetUserMFAPreference, AdminSetUserMFAPreference), and the challenges
//! after a correct password: SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, SELECT_MFA_TYPE, MFA_SETUP.

use super::super::challenge::{Challenge, ChallengeKind, DeviceLink};
use super::super::error::{ApiError, ApiResult};
use super::super::model::User;
use super::super::state::{State, mask_email};
use super::super::store::{MfaState, PoolRow};
use super::common::{client_id, pool_id};
use super::tokens::{self, access_token_user};
use crate::cognito::types::{
    AdminSetUserMfaPreferenceRequest, AssociateSoftwareTokenRequest,
    AssociateSoftwareTokenResponse, AuthResponse, Empty, MfaSettings, PoolMfaConfig,
    SetUserMfaPreferenceRequest, SetUserPoolMfaConfigRequest, UserPoolClientType,
    UserPoolIdRequest, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use crate::secret::{Params, Secret};
use crate::totp;

pub const SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
pub const SMS_MFA: &str = "SMS_MFA";
pub const EMAIL_OTP: &str = "EMAIL_OTP";
/// Wrong codes a challenge session survives; the next one ends it.
pub const MAX_MFA_ATTEMPTS: u32 = 3;
/// How long a code sent by SMS or email is good for.
const SENT_CODE_TTL: i64 = 180;

// ---- the pool's configuration ----

pub fn set_user_pool_mfa_config(
    st: &State,
    req: SetUserPoolMfaConfigRequest,
) -> ApiResult<PoolMfaConfig> {
    let pool = st.pool(&req.user_pool_id)?;
    let mut config = st.store.read(|db| db.get_pool_mfa(pool_id(&pool)))?;
    let new = req.config;
    if new.software_token_mfa_configuration.is_some() {
        config.software_token_mfa_configuration = new.software_token_mfa_configuration;
    }
    if new.sms_mfa_configuration.is_some() {
        config.sms_mfa_configuration = new.sms_mfa_configuration;
    }
    if new.email_mfa_configuration.is_some() {
        config.email_mfa_configuration = new.email_mfa_configuration;
    }
    if let Some(m) = new.mfa_configuration {
        if !matches!(m.as_str(), "OFF" | "ON" | "OPTIONAL") {
            return Err(ApiError::invalid_parameter(
                "MfaConfiguration must be one of OFF, ON, OPTIONAL",
            ));
        }
        config.mfa_configuration = Some(m);
    }
    let methods = allowed_methods(&config);
    if config.mfa_configuration.as_deref() != Some("OFF") && methods.is_empty() {
        return Err(ApiError::invalid_parameter(
            "MFA cannot be ON or OPTIONAL without an MFA method: enable \
             SoftwareTokenMfaConfiguration, SmsMfaConfiguration or EmailMfaConfiguration",
        ));
    }
    st.store
        .write(|db| db.put_pool_mfa(pool_id(&pool), &config))?;
    Ok(config)
}

pub fn get_user_pool_mfa_config(st: &State, req: UserPoolIdRequest) -> ApiResult<PoolMfaConfig> {
    let pool = st.pool(&req.user_pool_id)?;
    st.store.read(|db| db.get_pool_mfa(pool_id(&pool)))
}

/// The methods the pool allows, in Cognito's order.
pub fn allowed_methods(c: &PoolMfaConfig) -> Vec<&'static str> {
    let mut out = Vec::new();
    if c.sms_mfa_configuration.is_some() {
        out.push(SMS_MFA);
    }
    if c.software_token_mfa_configuration
        .and_then(|t| t.enabled)
        .unwrap_or(false)
    {
        out.push(SOFTWARE_TOKEN_MFA);
    }
    if c.email_mfa_configuration.is_some() {
        out.push(EMAIL_OTP);
    }
    out
}

// ---- enrolment ----

pub fn associate_software_token(
    st: &State,
    req: AssociateSoftwareTokenRequest,
) -> ApiResult<AssociateSoftwareTokenResponse> {
    let secret = totp::base32_encode(&totp::generate_secret());
    if let Some(token) = &req.access_token {
        let (user, _, _) = access_token_user(st, token.expose())?;
        st.store.write(|db| {
            let mut m = db.get_mfa(&user.pool_id, &user.username)?;
            m.pending_secret = Some(secret.clone());
            db.put_mfa(&user.pool_id, &user.username, &m)
        })?;
        return Ok(AssociateSoftwareTokenResponse {
            secret_code: Secret::new(secret),
            session: None,
        });
    }
    let mut ch = take_session(st, req.session.as_ref())?;
    let ChallengeKind::MfaSetup { .. } = ch.kind else {
        return Err(ApiError::not_authorized("Invalid session for the user."));
    };
    ch.kind = ChallengeKind::MfaSetup {
        secret: Some(secret.clone()),
        verified: false,
        attempts: 0,
    };
    let session = st.challenges.insert(ch, st.clock.now());
    Ok(AssociateSoftwareTokenResponse {
        secret_code: Secret::new(secret),
        session: Some(Secret::new(session)),
    })
}

fn code_mismatch_for_token() -> ApiError {
    ApiError::new("EnableSoftwareTokenMFAException", "Code mismatch")
}

pub fn verify_software_token(
    st: &State,
    req: VerifySoftwareTokenRequest,
) -> ApiResult<VerifySoftwareTokenResponse> {
    let code = req.user_code.expose().trim();
    let now = st.clock.now();
    if let Some(token) = &req.access_token {
        let (user, _, _) = access_token_user(st, token.expose())?;
        st.store.write(|db| {
            let mut m = db.get_mfa(&user.pool_id, &user.username)?;
            let Some(pending) = m.pending_secret.clone() else {
                return Err(ApiError::invalid_parameter(
                    "No software token is being set up: call AssociateSoftwareToken first",
                ));
            };
            let bytes = totp::base32_decode(&pending).unwrap_or_default();
            let Some(step) = totp::verify(&bytes, code, now, None) else {
                return Err(code_mismatch_for_token());
            };
            m.totp_secret = Some(pending);
            m.pending_secret = None;
            m.last_step = Some(step);
            db.put_mfa(&user.pool_id, &user.username, &m)
        })?;
        return Ok(VerifySoftwareTokenResponse {
            status: "SUCCESS".into(),
            session: None,
        });
    }
    let session_text = req.session.as_ref().map(|s| s.expose().to_owned());
    let mut ch = take_session(st, req.session.as_ref())?;
    let ChallengeKind::MfaSetup {
        secret: Some(secret),
        attempts,
        ..
    } = &ch.kind
    else {
        return Err(ApiError::not_authorized("Invalid session for the user."));
    };
    let (secret, attempts) = (secret.clone(), *attempts);
    let bytes = totp::base32_decode(&secret).unwrap_or_default();
    let Some(step) = totp::verify(&bytes, code, now, None) else {
        if attempts + 1 < MAX_MFA_ATTEMPTS
            && let Some(s) = session_text
        {
            ch.kind = ChallengeKind::MfaSetup {
                secret: Some(secret),
                verified: false,
                attempts: attempts + 1,
            };
            st.challenges.insert_as(s, ch, now);
        }
        return Err(code_mismatch_for_token());
    };
    let user = st
        .store
        .read(|db| db.get_user(&ch.pool_id, &ch.username))?
        .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?;
    st.store.write(|db| {
        let mut m = db.get_mfa(&user.pool_id, &user.username)?;
        m.totp_secret = Some(secret.clone());
        m.pending_secret = None;
        m.last_step = Some(step);
        m.totp_enabled = true;
        m.preferred.get_or_insert_with(|| SOFTWARE_TOKEN_MFA.into());
        db.put_mfa(&user.pool_id, &user.username, &m)
    })?;
    ch.kind = ChallengeKind::MfaSetup {
        secret: Some(secret),
        verified: true,
        attempts: 0,
    };
    let session = st.challenges.insert(ch, now);
    Ok(VerifySoftwareTokenResponse {
        status: "SUCCESS".into(),
        session: Some(Secret::new(session)),
    })
}

fn take_session(st: &State, session: Option<&Secret>) -> ApiResult<Challenge> {
    let s = session.ok_or_else(|| {
        ApiError::invalid_parameter("Either AccessToken or Session must be given")
    })?;
    let ch = st
        .challenges
        .take(Some(s.expose()), None)
        .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?;
    if st.clock.now() - ch.created > super::super::challenge::CHALLENGE_TTL {
        return Err(ApiError::not_authorized(
            "Invalid session for the user, session is expired.",
        ));
    }
    Ok(ch)
}

// ---- preferences ----

pub fn set_user_mfa_preference(st: &State, req: SetUserMfaPreferenceRequest) -> ApiResult<Empty> {
    let (user, _, _) = access_token_user(st, req.access_token.expose())?;
    apply_preferences(
        st,
        &user,
        req.sms_mfa_settings,
        req.software_token_mfa_settings,
        req.email_mfa_settings,
    )?;
    Ok(Empty {})
}

pub fn admin_set_user_mfa_preference(
    st: &State,
    req: AdminSetUserMfaPreferenceRequest,
) -> ApiResult<Empty> {
    let pool = st.pool(&req.user_pool_id)?;
    let user = super::common::must_resolve(st, &pool, &req.username)?;
    apply_preferences(
        st,
        &user,
        req.sms_mfa_settings,
        req.software_token_mfa_settings,
        req.email_mfa_settings,
    )?;
    Ok(Empty {})
}

fn apply_preferences(
    st: &State,
    user: &User,
    sms: Option<MfaSettings>,
    totp_settings: Option<MfaSettings>,
    email: Option<MfaSettings>,
) -> ApiResult<()> {
    st.store.write(|db| {
        let mut m = db.get_mfa(&user.pool_id, &user.username)?;
        let mut preferred: Option<String> = None;
        let mut unpreferred: Vec<String> = Vec::new();
        let (mut sms_on, mut totp_on, mut email_on) =
            (m.sms_enabled, m.totp_enabled, m.email_enabled);
        let mut apply = |s: Option<MfaSettings>, name: &str, on: &mut bool| -> ApiResult<()> {
            let Some(s) = s else { return Ok(()) };
            if let Some(e) = s.enabled {
                *on = e;
            }
            if s.preferred_mfa == Some(true) {
                if !*on {
                    return Err(ApiError::invalid_parameter(format!(
                        "{name} cannot be preferred while it is disabled"
                    )));
                }
                preferred = Some(name.to_owned());
            }
            if s.preferred_mfa == Some(false) {
                unpreferred.push(name.to_owned());
            }
            Ok(())
        };
        apply(sms, SMS_MFA, &mut sms_on)?;
        apply(totp_settings, SOFTWARE_TOKEN_MFA, &mut totp_on)?;
        apply(email, EMAIL_OTP, &mut email_on)?;
        if totp_on && m.totp_secret.is_none() {
            return Err(ApiError::invalid_parameter(
                "User has not verified software token mfa",
            ));
        }
        if sms_on && !user.attributes.contains_key("phone_number") {
            return Err(ApiError::invalid_parameter(
                "User does not have a phone number for SMS MFA",
            ));
        }
        if email_on && user.email().is_none() {
            return Err(ApiError::invalid_parameter(
                "User does not have an email address for email MFA",
            ));
        }
        m.sms_enabled = sms_on;
        m.totp_enabled = totp_on;
        m.email_enabled = email_on;
        if m.preferred
            .as_deref()
            .is_some_and(|p| unpreferred.iter().any(|u| u == p))
        {
            m.preferred = None;
        }
        if let Some(p) = preferred {
            m.preferred = Some(p);
        }
        // A preference for a method now off goes with it (TOTP on implies a verified secret,
        // checked above, so `enabled` lists exactly the methods on).
        if m.preferred
            .as_ref()
            .is_some_and(|p| !enabled(&m).contains(p))
        {
            m.preferred = None;
        }
        db.put_mfa(&user.pool_id, &user.username, &m)
    })
}

/// GetUser's `PreferredMfaSetting` and `UserMFASettingList`.
pub fn user_settings(st: &State, user: &User) -> ApiResult<(Option<String>, Vec<String>)> {
    let m = st
        .store
        .read(|db| db.get_mfa(&user.pool_id, &user.username))?;
    Ok((m.preferred.clone(), enabled(&m)))
}

fn enabled(m: &MfaState) -> Vec<String> {
    let mut out = Vec::new();
    if m.sms_enabled {
        out.push(SMS_MFA.to_owned());
    }
    if m.totp_enabled && m.totp_secret.is_some() {
        out.push(SOFTWARE_TOKEN_MFA.to_owned());
    }
    if m.email_enabled {
        out.push(EMAIL_OTP.to_owned());
    }
    out
}

// ---- sign-in ----

/// The MFA challenge a correct password leads to, if the pool and the user call for one.
pub fn challenge_after_password(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    user: &User,
    device: &DeviceLink,
) -> ApiResult<Option<AuthResponse>> {
    let config = st.store.read(|db| db.get_pool_mfa(pool_id(pool)))?;
    let mode = config.mfa_configuration.as_deref().unwrap_or("OFF");
    if mode == "OFF" {
        return Ok(None);
    }
    let allowed = allowed_methods(&config);
    let m = st
        .store
        .read(|db| db.get_mfa(&user.pool_id, &user.username))?;
    let methods: Vec<String> = enabled(&m)
        .into_iter()
        .filter(|x| allowed.contains(&x.as_str()))
        .collect();
    let new = |kind: ChallengeKind| Challenge {
        pool_id: pool_id(pool).to_owned(),
        client_id: client_id(client).to_owned(),
        username: user.username.clone(),
        created: st.clock.now(),
        kind,
        device: device.clone(),
    };
    if methods.is_empty() {
        if mode == "OPTIONAL" {
            return Ok(None);
        }
        if !allowed.contains(&SOFTWARE_TOKEN_MFA) {
            return Err(ApiError::new(
                "InvalidUserPoolConfigurationException",
                "MFA is required but the user has no MFA method and the pool allows no \
                 software token to set one up",
            ));
        }
        let session = st.challenges.insert(
            new(ChallengeKind::MfaSetup {
                secret: None,
                verified: false,
                attempts: 0,
            }),
            st.clock.now(),
        );
        return Ok(Some(challenge_response(
            "MFA_SETUP",
            session,
            &[("MFAS_CAN_SETUP", format!("[\"{SOFTWARE_TOKEN_MFA}\"]"))],
        )));
    }
    let chosen = match (&m.preferred, methods.len()) {
        (Some(p), _) if methods.contains(p) => p.clone(),
        (_, 1) => methods[0].clone(),
        _ => {
            let list = serde_json::to_string(&methods).unwrap_or_default();
            let session = st.challenges.insert(
                new(ChallengeKind::SelectMfaType { options: methods }),
                st.clock.now(),
            );
            return Ok(Some(challenge_response(
                "SELECT_MFA_TYPE",
                session,
                &[("MFAS_CAN_CHOOSE", list)],
            )));
        }
    };
    start_method(st, user, &chosen, new).map(Some)
}

/// The challenge of one method: a code to type, or a code sent.
fn start_method(
    st: &State,
    user: &User,
    method: &str,
    new: impl Fn(ChallengeKind) -> Challenge,
) -> ApiResult<AuthResponse> {
    let now = st.clock.now();
    match method {
        SOFTWARE_TOKEN_MFA => {
            let session = st
                .challenges
                .insert(new(ChallengeKind::SoftwareTokenMfa { attempts: 0 }), now);
            Ok(challenge_response(SOFTWARE_TOKEN_MFA, session, &[]))
        }
        SMS_MFA | EMAIL_OTP => {
            let (name, medium, destination, masked) = if method == SMS_MFA {
                let phone = user
                    .attributes
                    .get("phone_number")
                    .cloned()
                    .unwrap_or_default();
                let masked = mask_phone(&phone);
                (SMS_MFA, "SMS", phone, masked)
            } else {
                let email = user.email().unwrap_or_default().to_owned();
                let masked = mask_email(&email);
                (EMAIL_OTP, "EMAIL", email, masked)
            };
            let code = super::super::ids::code();
            st.store.write(|db| {
                st.deliver(db, user, &name.to_ascii_lowercase(), &destination, &code)
            })?;
            let session = st.challenges.insert(
                new(ChallengeKind::SentCode {
                    name,
                    code,
                    attempts: 0,
                }),
                now,
            );
            Ok(challenge_response(
                name,
                session,
                &[
                    ("CODE_DELIVERY_DELIVERY_MEDIUM", medium.to_owned()),
                    ("CODE_DELIVERY_DESTINATION", masked),
                ],
            ))
        }
        _ => Err(ApiError::invalid_parameter("Unknown MFA method")),
    }
}

fn mask_phone(phone: &str) -> String {
    let tail: String = phone
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    format!("+*******{tail}")
}

fn challenge_response(name: &str, session: String, extra: &[(&str, String)]) -> AuthResponse {
    let mut params = Params::default();
    for (k, v) in extra {
        params.insert(k, v.clone());
    }
    AuthResponse {
        challenge_name: Some(name.into()),
        session: Some(Secret::new(session)),
        challenge_parameters: Some(params),
        authentication_result: None,
    }
}

/// Answers an MFA challenge (the session was taken by the caller; `session` is its string, so
/// a wrong code can be tried again with it).
pub fn respond(
    st: &State,
    client: &UserPoolClientType,
    pool: &PoolRow,
    mut ch: Challenge,
    session: Option<&str>,
    responses: &Params,
) -> ApiResult<AuthResponse> {
    let now = st.clock.now();
    let user = st
        .store
        .read(|db| db.get_user(&ch.pool_id, &ch.username))?
        .ok_or_else(|| ApiError::not_authorized("Invalid session for the user."))?;
    let device = ch.device.clone();
    let issue = |user: &User| -> ApiResult<AuthResponse> {
        Ok(AuthResponse {
            authentication_result: Some(tokens::issue(st, pool, client, user, &device)?),
            challenge_parameters: Some(Params::default()),
            ..Default::default()
        })
    };
    let retry = |ch: Challenge| {
        if let Some(s) = session {
            st.challenges.insert_as(s.to_owned(), ch, now);
        }
    };
    match &mut ch.kind {
        ChallengeKind::SoftwareTokenMfa { attempts } => {
            let code = responses
                .get("SOFTWARE_TOKEN_MFA_CODE")
                .ok_or_else(|| ApiError::missing("SOFTWARE_TOKEN_MFA_CODE"))?
                .trim()
                .to_owned();
            let accepted = st.store.write(|db| {
                let mut m = db.get_mfa(&user.pool_id, &user.username)?;
                let secret = m.totp_secret.clone().unwrap_or_default();
                let bytes = totp::base32_decode(&secret).unwrap_or_default();
                match totp::verify(&bytes, &code, now, m.last_step) {
                    Some(step) => {
                        m.last_step = Some(step);
                        db.put_mfa(&user.pool_id, &user.username, &m)?;
                        Ok(true)
                    }
                    None => Ok(false),
                }
            })?;
            if accepted {
                return issue(&user);
            }
            *attempts += 1;
            if *attempts < MAX_MFA_ATTEMPTS {
                retry(ch);
            }
            Err(code_mismatch())
        }
        ChallengeKind::SentCode {
            name,
            code,
            attempts,
        } => {
            let key = if *name == SMS_MFA {
                "SMS_MFA_CODE"
            } else {
                "EMAIL_OTP_CODE"
            };
            let given = responses
                .get(key)
                .ok_or_else(|| ApiError::missing(key))?
                .trim();
            let same: bool =
                subtle::ConstantTimeEq::ct_eq(given.as_bytes(), code.as_bytes()).into();
            if same && now - ch.created <= SENT_CODE_TTL {
                return issue(&user);
            }
            if now - ch.created > SENT_CODE_TTL {
                return Err(ApiError::new(
                    "ExpiredCodeException",
                    "Your software token has already been used once or the code has expired.",
                ));
            }
            *attempts += 1;
            if *attempts < MAX_MFA_ATTEMPTS {
                retry(ch);
            }
            Err(code_mismatch())
        }
        ChallengeKind::SelectMfaType { options } => {
            let answer = responses
                .get("ANSWER")
                .ok_or_else(|| ApiError::missing("ANSWER"))?
                .to_owned();
            if !options.contains(&answer) {
                return Err(ApiError::invalid_parameter(
                    "ANSWER must be one of the MFAS_CAN_CHOOSE methods",
                ));
            }
            let (pool_id, client_id, username) = (
                ch.pool_id.clone(),
                ch.client_id.clone(),
                ch.username.clone(),
            );
            start_method(st, &user, &answer, |kind| Challenge {
                pool_id: pool_id.clone(),
                client_id: client_id.clone(),
                username: username.clone(),
                created: now,
                kind,
                device: device.clone(),
            })
        }
        ChallengeKind::MfaSetup { verified, .. } => {
            if !*verified {
                return Err(ApiError::invalid_parameter(
                    "Set up the software token first: AssociateSoftwareToken, then \
                     VerifySoftwareToken with the session",
                ));
            }
            issue(&user)
        }
        ChallengeKind::PasswordVerifier { .. }
        | ChallengeKind::NewPasswordRequired
        | ChallengeKind::DeviceSrpAuth { .. }
        | ChallengeKind::DevicePasswordVerifier { .. }
        | ChallengeKind::Custom { .. } => {
            Err(ApiError::not_authorized("Invalid session for the user."))
        }
    }
}

fn code_mismatch() -> ApiError {
    ApiError::new("CodeMismatchException", "Invalid code received for user")
}
