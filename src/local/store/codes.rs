//! One-time codes: at most one pending per user and purpose, burned after a few wrong guesses;
//! and the times codes were requested, so requests can be rate-limited per user.

use super::{Db, username_key};
use crate::local::error::ApiResult;
use rusqlite::{OptionalExtension, params};
use subtle::ConstantTimeEq;

/// Wrong guesses a code survives; the next answer is "attempt limit exceeded" until a new code
/// is requested (as Cognito does).
pub const MAX_CODE_ATTEMPTS: i64 = 5;

/// What a guessed code turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Matches,
    Mismatch,
    /// Too many wrong guesses: the code is burned.
    Exhausted,
    /// No code pending, or it expired.
    Expired,
}

const SET_CODE: &str =
    "INSERT INTO codes (pool_id, username_key, purpose, code, expires_at, attempts)
             VALUES (?1, ?2, ?3, ?4, ?5, 0)
             ON CONFLICT(pool_id, username_key, purpose)
             DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at, attempts = 0";
const CHECK_CODE: &str = "SELECT code, expires_at, attempts FROM codes
                 WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3";
const COUNT_WRONG_CODE: &str = "UPDATE codes SET attempts = attempts + 1
             WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3";
const DELETE_CODE: &str =
    "DELETE FROM codes WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3";
const FORGET_OLD_CODE_REQUESTS: &str =
    "DELETE FROM code_requests WHERE pool_id = ?1 AND username_key = ?2
             AND requested_at <= ?3";
const COUNT_CODE_REQUESTS: &str =
    "SELECT COUNT(*) FROM code_requests WHERE pool_id = ?1 AND username_key = ?2";
const RECORD_CODE_REQUEST: &str =
    "INSERT INTO code_requests (pool_id, username_key, requested_at) VALUES (?1, ?2, ?3)";

// Every statement this file runs, for the query-plan test.
store_queries!(
    SET_CODE,
    CHECK_CODE,
    COUNT_WRONG_CODE,
    DELETE_CODE,
    FORGET_OLD_CODE_REQUESTS,
    COUNT_CODE_REQUESTS,
    RECORD_CODE_REQUEST
);

impl Db<'_> {
    /// Stores a fresh code (replacing any pending one, and its count of wrong guesses).
    pub fn set_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
        code: &str,
        expires_at: i64,
    ) -> ApiResult<()> {
        self.exec(
            SET_CODE,
            params![pool_id, username_key(username), purpose, code, expires_at],
        )?;
        Ok(())
    }

    /// Checks a guess and counts it when wrong. Call inside [`super::Store::write`] so the
    /// count and the check are one step.
    pub fn check_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
        given: &str,
        now: i64,
    ) -> ApiResult<CodeCheck> {
        let key = username_key(username);
        let row: Option<(String, i64, i64)> = self
            .row(CHECK_CODE, [pool_id, &key, purpose], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()?;
        let Some((code, expires_at, attempts)) = row else {
            return Ok(CodeCheck::Expired);
        };
        if attempts >= MAX_CODE_ATTEMPTS {
            return Ok(CodeCheck::Exhausted);
        }
        if expires_at <= now {
            return Ok(CodeCheck::Expired);
        }
        if bool::from(code.as_bytes().ct_eq(given.trim().as_bytes())) {
            return Ok(CodeCheck::Matches);
        }
        self.exec(COUNT_WRONG_CODE, [pool_id, &key, purpose])?;
        Ok(CodeCheck::Mismatch)
    }

    pub fn delete_code(&self, pool_id: &str, username: &str, purpose: &str) -> ApiResult<()> {
        self.exec(DELETE_CODE, [pool_id, &username_key(username), purpose])?;
        Ok(())
    }

    /// How many codes the user asked for since `since`; old requests are forgotten on the way.
    pub fn code_requests_since(&self, pool_id: &str, username: &str, since: i64) -> ApiResult<i64> {
        let key = username_key(username);
        self.exec(FORGET_OLD_CODE_REQUESTS, params![pool_id, key, since])?;
        Ok(self.row(COUNT_CODE_REQUESTS, params![pool_id, key], |r| r.get(0))?)
    }

    pub fn record_code_request(&self, pool_id: &str, username: &str, now: i64) -> ApiResult<()> {
        self.exec(
            RECORD_CODE_REQUEST,
            params![pool_id, username_key(username), now],
        )?;
        Ok(())
    }
}
