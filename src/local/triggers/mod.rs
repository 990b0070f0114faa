//! Triggers on the local pool: a pool's LambdaConfig names, per trigger, a local command
//! (`cmd:…`) or an HTTP URL that gets Cognito's event JSON and answers with it, as a team's
//! Lambda handler does. Checked at configuration time, run with Cognito's 5 s limit and errors.

pub mod claims;
pub mod custom_auth;
pub mod events;
pub mod hooks;
pub mod invoke;
pub mod message;
pub mod migration;
pub mod target;

use super::error::{ApiError, ApiResult};
use crate::cognito::types::LambdaConfigType;
use invoke::Failure;
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Cognito waits 5 seconds for a trigger.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// The pool's trigger settings that are not part of the wire (the timeout).
#[derive(Debug)]
pub struct Settings {
    timeout_ms: AtomicU64,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            timeout_ms: AtomicU64::new(DEFAULT_TIMEOUT.as_millis() as u64),
        }
    }
}

impl Settings {
    pub fn timeout(&self) -> Duration {
        Duration::from_millis(self.timeout_ms.load(Ordering::Relaxed))
    }

    /// Shortens (or lengthens) how long a trigger may take; 5 s unless set (tests shorten it).
    pub fn set_timeout(&self, timeout: Duration) {
        self.timeout_ms
            .store(timeout.as_millis() as u64, Ordering::Relaxed);
    }
}

/// The triggers the local pool runs, by the name Cognito uses in its errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    PreSignUp,
    PostConfirmation,
    PreAuthentication,
    PostAuthentication,
    PreTokenGeneration,
    CustomMessage,
    UserMigration,
    DefineAuthChallenge,
    CreateAuthChallenge,
    VerifyAuthChallengeResponse,
}

impl Trigger {
    pub fn name(self) -> &'static str {
        match self {
            Self::PreSignUp => "PreSignUp",
            Self::PostConfirmation => "PostConfirmation",
            Self::PreAuthentication => "PreAuthentication",
            Self::PostAuthentication => "PostAuthentication",
            Self::PreTokenGeneration => "PreTokenGeneration",
            Self::CustomMessage => "CustomMessage",
            Self::UserMigration => "UserMigration",
            Self::DefineAuthChallenge => "DefineAuthChallenge",
            Self::CreateAuthChallenge => "CreateAuthChallenge",
            Self::VerifyAuthChallengeResponse => "VerifyAuthChallengeResponse",
        }
    }

    /// Where this trigger runs in a pool's LambdaConfig, if anywhere.
    pub fn configured(self, cfg: Option<&LambdaConfigType>) -> Option<&str> {
        let cfg = cfg?;
        let value = match self {
            Self::PreSignUp => &cfg.pre_sign_up,
            Self::PostConfirmation => &cfg.post_confirmation,
            Self::PreAuthentication => &cfg.pre_authentication,
            Self::PostAuthentication => &cfg.post_authentication,
            Self::PreTokenGeneration => {
                if let Some(arn) = cfg
                    .pre_token_generation_config
                    .as_ref()
                    .and_then(|c| c.lambda_arn.as_ref())
                {
                    return Some(arn);
                }
                &cfg.pre_token_generation
            }
            Self::CustomMessage => &cfg.custom_message,
            Self::UserMigration => &cfg.user_migration,
            Self::DefineAuthChallenge => &cfg.define_auth_challenge,
            Self::CreateAuthChallenge => &cfg.create_auth_challenge,
            Self::VerifyAuthChallengeResponse => &cfg.verify_auth_challenge_response,
        };
        value.as_deref()
    }
}

/// The pre-token-generation event version a pool asks for: 1 (claims of the ID token) or 2
/// (claims and scopes of both tokens).
pub fn token_version(cfg: Option<&LambdaConfigType>) -> u8 {
    match cfg
        .and_then(|c| c.pre_token_generation_config.as_ref())
        .and_then(|c| c.lambda_version.as_deref())
    {
        Some("V2_0" | "V3_0") => 2,
        _ => 1,
    }
}

fn bad_config(name: &str, why: &str) -> ApiError {
    ApiError::invalid_parameter(format!("LambdaConfig.{name}: {why}"))
}

/// Checks a LambdaConfig at CreateUserPool/UpdateUserPool: every target parses, and what the
/// local pool does not run is refused plainly rather than ignored.
pub fn check_config(cfg: Option<&LambdaConfigType>) -> ApiResult<()> {
    let Some(cfg) = cfg else {
        return Ok(());
    };
    let unsupported = "is not supported by the local pool (see docs/local-pool.md, Triggers)";
    if cfg.custom_sms_sender.is_some() {
        return Err(bad_config("CustomSMSSender", unsupported));
    }
    if cfg.custom_email_sender.is_some() {
        return Err(bad_config("CustomEmailSender", unsupported));
    }
    if let Some(c) = &cfg.pre_token_generation_config {
        let version = c.lambda_version.as_deref().unwrap_or("V1_0");
        if !matches!(version, "V1_0" | "V2_0" | "V3_0") {
            return Err(bad_config(
                "PreTokenGenerationConfig.LambdaVersion",
                "must be V1_0, V2_0 or V3_0",
            ));
        }
        if c.lambda_arn.is_none() {
            return Err(bad_config(
                "PreTokenGenerationConfig.LambdaArn",
                "is required: the `cmd:` command or URL to run",
            ));
        }
    }
    let named = [
        ("PreSignUp", &cfg.pre_sign_up),
        ("PostConfirmation", &cfg.post_confirmation),
        ("PreAuthentication", &cfg.pre_authentication),
        ("PostAuthentication", &cfg.post_authentication),
        ("PreTokenGeneration", &cfg.pre_token_generation),
        ("CustomMessage", &cfg.custom_message),
        ("UserMigration", &cfg.user_migration),
        ("DefineAuthChallenge", &cfg.define_auth_challenge),
        ("CreateAuthChallenge", &cfg.create_auth_challenge),
        (
            "VerifyAuthChallengeResponse",
            &cfg.verify_auth_challenge_response,
        ),
    ];
    let versioned = cfg
        .pre_token_generation_config
        .as_ref()
        .and_then(|c| c.lambda_arn.as_ref());
    for (name, value) in named
        .into_iter()
        .filter_map(|(n, v)| v.as_ref().map(|v| (n, v)))
        .chain(versioned.map(|v| ("PreTokenGenerationConfig.LambdaArn", v)))
    {
        target::parse(value).map_err(|why| bad_config(name, &why))?;
    }
    Ok(())
}

/// Cognito's answer when a trigger fails, by what went wrong.
pub fn failure_error(trigger: Trigger, failure: Failure) -> ApiError {
    let name = trigger.name();
    match failure {
        Failure::Handler(msg) => ApiError::new(
            "UserLambdaValidationException",
            format!("{name} failed with error {msg}."),
        ),
        Failure::Timeout => ApiError::new(
            "UnexpectedLambdaException",
            format!(
                "{name} invocation failed due to error Socket timeout while invoking Lambda \
                 function."
            ),
        ),
        Failure::BadResponse => ApiError::new(
            "InvalidLambdaResponseException",
            "Unrecognizable lambda output",
        ),
        Failure::Unreachable(why) => {
            tracing::warn!(trigger = name, reason = %why, "trigger could not run");
            ApiError::new(
                "UnexpectedLambdaException",
                format!("{name} invocation failed due to error {why}."),
            )
        }
    }
}

/// Runs `trigger` if the pool configures it, and returns the `response` of its answer (None:
/// no such trigger). The event is built only then, so a pool without the trigger pays nothing
/// on its sign-ups and sign-ins. A failure is Cognito's error for it.
pub fn run(
    settings: &Settings,
    cfg: Option<&LambdaConfigType>,
    trigger: Trigger,
    event: impl FnOnce() -> Value,
) -> ApiResult<Option<Value>> {
    let Some(value) = trigger.configured(cfg) else {
        return Ok(None);
    };
    let event = event();
    // Checked when configured; a stored value that no longer parses is still refused plainly.
    let target = target::parse(value).map_err(|why| bad_config(trigger.name(), &why))?;
    let answer = invoke::invoke(&target, &event, settings.timeout())
        .map_err(|f| failure_error(trigger, f))?;
    match answer.get("response") {
        Some(r) if r.is_object() => Ok(Some(r.clone())),
        // Handlers that only run side effects often return the event with response {}.
        Some(Value::Null) | None => Ok(Some(Value::Object(Default::default()))),
        Some(_) => Err(failure_error(trigger, Failure::BadResponse)),
    }
}
