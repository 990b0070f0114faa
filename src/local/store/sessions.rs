//! Signed-in sessions: the refresh token (by hash) and the `origin_jti` its tokens carry.

use super::{Db, username_key};
use crate::local::error::ApiResult;
use crate::local::model::SessionRow;
use rusqlite::{OptionalExtension, params};

impl Db<'_> {
    pub fn insert_session(&self, s: &SessionRow, refresh_hash: &str) -> ApiResult<()> {
        self.conn.execute(
            "INSERT INTO sessions (origin_jti, pool_id, client_id, username_key, username,
                refresh_hash, expires_at, revoked, auth_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
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
        self.session_where("refresh_hash = ?1", refresh_hash)
    }

    pub fn session_by_jti(&self, origin_jti: &str) -> ApiResult<Option<SessionRow>> {
        self.session_where("origin_jti = ?1", origin_jti)
    }

    fn session_where(&self, cond: &str, value: &str) -> ApiResult<Option<SessionRow>> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT origin_jti, pool_id, client_id, username, expires_at, revoked,
                        auth_time FROM sessions WHERE {cond}"
                ),
                [value],
                |r| {
                    Ok(SessionRow {
                        origin_jti: r.get(0)?,
                        pool_id: r.get(1)?,
                        client_id: r.get(2)?,
                        username: r.get(3)?,
                        expires_at: r.get(4)?,
                        revoked: r.get(5)?,
                        auth_time: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    pub fn revoke_session(&self, origin_jti: &str) -> ApiResult<()> {
        self.conn.execute(
            "UPDATE sessions SET revoked = 1 WHERE origin_jti = ?1",
            [origin_jti],
        )?;
        Ok(())
    }

    pub fn revoke_user_sessions(&self, pool_id: &str, username: &str) -> ApiResult<()> {
        self.conn.execute(
            "UPDATE sessions SET revoked = 1 WHERE pool_id = ?1 AND username_key = ?2",
            [pool_id, &username_key(username)],
        )?;
        Ok(())
    }
}
