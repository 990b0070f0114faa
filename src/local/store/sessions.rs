//! Signed-in sessions: the refresh token (by hash) and the `origin_jti` its tokens carry.

use super::{Db, username_key};
use crate::local::error::ApiResult;
use crate::local::model::SessionRow;
use rusqlite::{OptionalExtension, params};

macro_rules! session_select {
    ($cond:literal) => {
        concat!(
            "SELECT s.origin_jti, s.pool_id, s.client_id, s.username, s.expires_at, s.revoked,
                    s.auth_time, o.scope
             FROM sessions s LEFT JOIN oauth_sessions o ON o.origin_jti = s.origin_jti WHERE ",
            $cond
        )
    };
}
const SESSION_BY_REFRESH: &str = session_select!("s.refresh_hash = ?1");
const SESSION_BY_JTI: &str = session_select!("s.origin_jti = ?1");

const INSERT_SESSION: &str =
    "INSERT INTO sessions (origin_jti, pool_id, client_id, username_key, username,
                refresh_hash, expires_at, revoked, auth_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
const REVOKE_SESSION: &str = "UPDATE sessions SET revoked = 1 WHERE origin_jti = ?1";
const REVOKE_USER_SESSIONS: &str =
    "UPDATE sessions SET revoked = 1 WHERE pool_id = ?1 AND username_key = ?2";

// Every statement this file runs, for the query-plan test.
store_queries!(
    SESSION_BY_REFRESH,
    SESSION_BY_JTI,
    INSERT_SESSION,
    REVOKE_SESSION,
    REVOKE_USER_SESSIONS
);

impl Db<'_> {
    pub fn insert_session(&self, s: &SessionRow, refresh_hash: &str) -> ApiResult<()> {
        self.exec(
            INSERT_SESSION,
            params![
                s.origin_jti,
                s.pool_id,
                s.client_id,
                username_key(&s.username),
                s.username,
                refresh_hash,
                s.expires_at,
                s.revoked,
                s.auth_time
            ],
        )?;
        Ok(())
    }

    pub fn session_by_refresh(&self, refresh_hash: &str) -> ApiResult<Option<SessionRow>> {
        self.session_where(SESSION_BY_REFRESH, refresh_hash)
    }

    pub fn session_by_jti(&self, origin_jti: &str) -> ApiResult<Option<SessionRow>> {
        self.session_where(SESSION_BY_JTI, origin_jti)
    }

    fn session_where(&self, sql: &str, value: &str) -> ApiResult<Option<SessionRow>> {
        Ok(self
            .row(sql, [value], |r| {
                Ok(SessionRow {
                    origin_jti: r.get(0)?,
                    pool_id: r.get(1)?,
                    client_id: r.get(2)?,
                    username: r.get(3)?,
                    expires_at: r.get(4)?,
                    revoked: r.get(5)?,
                    auth_time: r.get(6)?,
                    oauth_scope: r.get(7)?,
                })
            })
            .optional()?)
    }

    pub fn revoke_session(&self, origin_jti: &str) -> ApiResult<()> {
        self.exec(REVOKE_SESSION, [origin_jti])?;
        Ok(())
    }

    pub fn revoke_user_sessions(&self, pool_id: &str, username: &str) -> ApiResult<()> {
        self.exec(REVOKE_USER_SESSIONS, [pool_id, &username_key(username)])?;
        Ok(())
    }
}
