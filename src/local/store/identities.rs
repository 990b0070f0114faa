//! Identity pools (config JSON), their identities, and the AWS credentials issued to them.

use super::{Db, json_err};
use crate::local::error::ApiResult;
use rusqlite::{OptionalExtension, params};

/// An identity of an identity pool; `login_key` is `<user pool id>/<sub>` for a user's,
/// `None` for an unauthenticated one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdentityRow {
    pub identity_id: String,
    pub pool_id: String,
    pub login_key: Option<String>,
}

/// Credentials the pool issued; the secret key is kept so that local STS can check signatures.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedCredentials {
    pub access_key_id: String,
    pub secret_key: String,
    pub session_token_hash: String,
    pub identity_id: String,
    pub role_arn: String,
    pub expires_at: i64,
}

impl std::fmt::Debug for IssuedCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("identity_id", &self.identity_id)
            .field("role_arn", &self.role_arn)
            .finish_non_exhaustive()
    }
}

const IDENTITY_POOL: &str = "SELECT config FROM identity_pools WHERE id = ?1";
const PUT_IDENTITY_POOL: &str = "INSERT INTO identity_pools (id, config) VALUES (?1, ?2)
             ON CONFLICT(id) DO UPDATE SET config = excluded.config";
const IDENTITY: &str =
    "SELECT identity_id, pool_id, login_key FROM identities WHERE identity_id = ?1";
const IDENTITY_BY_LOGIN: &str =
    "SELECT identity_id FROM identities WHERE pool_id = ?1 AND login_key = ?2";
const INSERT_IDENTITY: &str = "INSERT INTO identities (identity_id, pool_id, login_key, created)
             VALUES (?1, ?2, ?3, ?4)";
const DELETE_IDENTITY_CREDENTIALS: &str = "DELETE FROM aws_credentials WHERE identity_id = ?1";
const DELETE_IDENTITY_ROW: &str = "DELETE FROM identities WHERE identity_id = ?1";
const FORGET_EXPIRED_CREDENTIALS: &str = "DELETE FROM aws_credentials WHERE expires_at < ?1";
const INSERT_CREDENTIALS_ROW: &str =
    "INSERT INTO aws_credentials (access_key_id, secret_key, session_token_hash,
                identity_id, role_arn, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
const CREDENTIALS: &str =
    "SELECT access_key_id, secret_key, session_token_hash, identity_id, role_arn,
                    expires_at FROM aws_credentials WHERE access_key_id = ?1";

// Every statement this file runs, for the query-plan test.
store_queries!(
    IDENTITY_POOL,
    PUT_IDENTITY_POOL,
    IDENTITY,
    IDENTITY_BY_LOGIN,
    INSERT_IDENTITY,
    DELETE_IDENTITY_CREDENTIALS,
    DELETE_IDENTITY_ROW,
    FORGET_EXPIRED_CREDENTIALS,
    INSERT_CREDENTIALS_ROW,
    CREDENTIALS
);

impl Db<'_> {
    pub fn identity_pool(&self, id: &str) -> ApiResult<Option<serde_json::Value>> {
        let text: Option<String> = self.row(IDENTITY_POOL, [id], |r| r.get(0)).optional()?;
        text.map(|t| serde_json::from_str(&t).map_err(json_err))
            .transpose()
    }

    pub fn put_identity_pool(&self, id: &str, config: &serde_json::Value) -> ApiResult<()> {
        self.exec(PUT_IDENTITY_POOL, params![id, config.to_string()])?;
        Ok(())
    }

    pub fn identity(&self, identity_id: &str) -> ApiResult<Option<IdentityRow>> {
        Ok(self
            .row(IDENTITY, [identity_id], |r| {
                Ok(IdentityRow {
                    identity_id: r.get(0)?,
                    pool_id: r.get(1)?,
                    login_key: r.get(2)?,
                })
            })
            .optional()?)
    }

    pub fn identity_by_login(&self, pool_id: &str, login_key: &str) -> ApiResult<Option<String>> {
        Ok(self
            .row(IDENTITY_BY_LOGIN, [pool_id, login_key], |r| r.get(0))
            .optional()?)
    }

    pub fn insert_identity(&self, row: &IdentityRow, now: i64) -> ApiResult<()> {
        self.exec(
            INSERT_IDENTITY,
            params![row.identity_id, row.pool_id, row.login_key, now],
        )?;
        Ok(())
    }

    /// Deletes an identity and every credential issued to it; whether it existed.
    pub fn delete_identity(&self, identity_id: &str) -> ApiResult<bool> {
        self.exec(DELETE_IDENTITY_CREDENTIALS, [identity_id])?;
        Ok(self.exec(DELETE_IDENTITY_ROW, [identity_id])? > 0)
    }

    /// Keeps issued credentials; ones expired for a day are forgotten on the way.
    pub fn insert_credentials(&self, c: &IssuedCredentials, now: i64) -> ApiResult<()> {
        self.exec(FORGET_EXPIRED_CREDENTIALS, [now - 86_400])?;
        self.exec(
            INSERT_CREDENTIALS_ROW,
            params![
                c.access_key_id,
                c.secret_key,
                c.session_token_hash,
                c.identity_id,
                c.role_arn,
                c.expires_at
            ],
        )?;
        Ok(())
    }

    pub fn credentials(&self, access_key_id: &str) -> ApiResult<Option<IssuedCredentials>> {
        Ok(self
            .row(CREDENTIALS, [access_key_id], |r| {
                Ok(IssuedCredentials {
                    access_key_id: r.get(0)?,
                    secret_key: r.get(1)?,
                    session_token_hash: r.get(2)?,
                    identity_id: r.get(3)?,
                    role_arn: r.get(4)?,
                    expires_at: r.get(5)?,
                })
            })
            .optional()?)
    }
}
