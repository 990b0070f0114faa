//! MFA records: each user's software token, enabled methods and preference, and each pool's
//! MFA configuration (`user_mfa`, `pool_mfa`, schema version 3).

use super::{Db, json_err, username_key};
use crate::cognito::types::PoolMfaConfig;
use crate::local::error::ApiResult;
use rusqlite::{OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// A user's MFA state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MfaState {
    /// The verified TOTP secret (base32), once VerifySoftwareToken succeeded.
    #[serde(default)]
    pub totp_secret: Option<String>,
    /// A secret from AssociateSoftwareToken not verified yet.
    #[serde(default)]
    pub pending_secret: Option<String>,
    /// The last TOTP step accepted: a code is good once.
    #[serde(default)]
    pub last_step: Option<i64>,
    #[serde(default)]
    pub totp_enabled: bool,
    #[serde(default)]
    pub sms_enabled: bool,
    #[serde(default)]
    pub email_enabled: bool,
    /// SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP.
    #[serde(default)]
    pub preferred: Option<String>,
}

const GET_MFA: &str = "SELECT state FROM user_mfa WHERE pool_id = ?1 AND username_key = ?2";
const PUT_MFA: &str = "INSERT INTO user_mfa (pool_id, username_key, state) VALUES (?1, ?2, ?3)
             ON CONFLICT(pool_id, username_key) DO UPDATE SET state = excluded.state";
const GET_POOL_MFA: &str = "SELECT config FROM pool_mfa WHERE pool_id = ?1";
const HAS_POOL_MFA: &str = "SELECT COUNT(*) FROM pool_mfa WHERE pool_id = ?1";
const PUT_POOL_MFA: &str = "INSERT INTO pool_mfa (pool_id, config) VALUES (?1, ?2)
             ON CONFLICT(pool_id) DO UPDATE SET config = excluded.config";

// Every statement this file runs, for the query-plan test.
store_queries!(GET_MFA, PUT_MFA, GET_POOL_MFA, HAS_POOL_MFA, PUT_POOL_MFA);

impl Db<'_> {
    pub fn get_mfa(&self, pool_id: &str, username: &str) -> ApiResult<MfaState> {
        let text: Option<String> = self
            .row(GET_MFA, params![pool_id, username_key(username)], |r| {
                r.get(0)
            })
            .optional()?;
        match text {
            Some(t) => serde_json::from_str(&t).map_err(json_err),
            None => Ok(MfaState::default()),
        }
    }

    pub fn put_mfa(&self, pool_id: &str, username: &str, state: &MfaState) -> ApiResult<()> {
        let text = serde_json::to_string(state).map_err(json_err)?;
        self.exec(PUT_MFA, params![pool_id, username_key(username), text])?;
        Ok(())
    }

    /// The pool's MFA configuration; OFF with only the software token allowed when never set.
    pub fn get_pool_mfa(&self, pool_id: &str) -> ApiResult<PoolMfaConfig> {
        let text: Option<String> = self
            .row(GET_POOL_MFA, params![pool_id], |r| r.get(0))
            .optional()?;
        match text {
            Some(t) => serde_json::from_str(&t).map_err(json_err),
            None => Ok(PoolMfaConfig {
                mfa_configuration: Some("OFF".into()),
                ..PoolMfaConfig::default()
            }),
        }
    }

    /// Whether the pool's MFA configuration was ever set.
    pub fn has_pool_mfa(&self, pool_id: &str) -> ApiResult<bool> {
        let n: i64 = self.row(HAS_POOL_MFA, params![pool_id], |r| r.get(0))?;
        Ok(n > 0)
    }

    pub fn put_pool_mfa(&self, pool_id: &str, config: &PoolMfaConfig) -> ApiResult<()> {
        let text = serde_json::to_string(config).map_err(json_err)?;
        self.exec(PUT_POOL_MFA, params![pool_id, text])?;
        Ok(())
    }
}
