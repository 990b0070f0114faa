//! Users: insert, look up, list by pages, and change only the columns an operation changes (so
//! two writers to one user never undo each other's work).

use super::{Db, json_err, username_key};
use crate::local::error::ApiResult;
use crate::local::model::User;
use rusqlite::types::ToSql;
use rusqlite::{OptionalExtension, Row, params};
use std::collections::BTreeMap;

macro_rules! user_select {
    ($cond:literal) => {
        concat!(
            "SELECT pool_id, username, sub, status, enabled, attributes, salt, verifier, created,
                modified, failed_attempts, locked_until FROM users WHERE ",
            $cond
        )
    };
}
const USER_BY_NAME: &str = user_select!("pool_id = ?1 AND username_key = ?2");
const USER_BY_SUB: &str = user_select!("pool_id = ?1 AND sub = ?2");
const USERS_BY_EMAIL: &str = user_select!("pool_id = ?1 AND email_key = ?2 ORDER BY created");
/// Where every [`Db::patch_user`] writes; its SET list depends on the patch.
const PATCH_USER_WHERE: &str = "WHERE pool_id = ? AND username_key = ?";
/// [`Db::patch_user`] with every column it can set, for the query-plan test.
const PATCH_USER_ALL: &str = "UPDATE users SET status = ?, enabled = ?, attributes = ?,
    email_key = ?, salt = ?, verifier = ?, failed_attempts = 0, locked_until = 0, modified = ?
    WHERE pool_id = ? AND username_key = ?";

/// The columns one write changes; `None` leaves a column as it is.
#[derive(Debug, Default)]
pub struct UserPatch<'a> {
    pub status: Option<&'a str>,
    pub enabled: Option<bool>,
    pub attributes: Option<&'a BTreeMap<String, String>>,
    /// A new password as its SRP salt and verifier (hex).
    pub password: Option<(&'a str, &'a str)>,
    /// Clears the failed sign-in count and any lockout.
    pub reset_failures: bool,
    pub modified: Option<f64>,
}

/// A user's failed sign-in count and lockout, as last written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Lockout {
    pub failed_attempts: i64,
    pub locked_until: i64,
}

const INSERT_USER: &str =
    "INSERT OR IGNORE INTO users (pool_id, username_key, username, sub, status, enabled,
                attributes, email_key, salt, verifier, created, modified, failed_attempts,
                locked_until)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";
const LOCKOUT: &str = "SELECT failed_attempts, locked_until FROM users
                 WHERE pool_id = ?1 AND username_key = ?2";
const SET_LOCKOUT: &str = "UPDATE users SET failed_attempts = ?3, locked_until = ?4
             WHERE pool_id = ?1 AND username_key = ?2";
const DELETE_USER: &str = "DELETE FROM users WHERE pool_id = ?1 AND username_key = ?2";
const DELETE_USER_CODES: &str = "DELETE FROM codes WHERE pool_id = ?1 AND username_key = ?2";
const DELETE_USER_MFA: &str = "DELETE FROM user_mfa WHERE pool_id = ?1 AND username_key = ?2";
const DELETE_USER_DEVICES: &str = "DELETE FROM devices WHERE pool_id = ?1 AND username_key = ?2";
const REVOKE_DELETED_USER_SESSIONS: &str =
    "UPDATE sessions SET revoked = 1 WHERE pool_id = ?1 AND username_key = ?2";
const LIST_USERS_AFTER: &str = "SELECT pool_id, username, sub, status, enabled, attributes, salt,
                verifier, created, modified, failed_attempts, locked_until, username_key
             FROM users WHERE pool_id = ?1 AND username_key > ?2
             ORDER BY username_key LIMIT ?3";
const COUNT_USERS: &str = "SELECT COUNT(*) FROM users WHERE pool_id = ?1";

// Every statement this file runs, for the query-plan test.
store_queries!(
    USER_BY_NAME,
    USER_BY_SUB,
    USERS_BY_EMAIL,
    PATCH_USER_ALL,
    INSERT_USER,
    LOCKOUT,
    SET_LOCKOUT,
    DELETE_USER,
    DELETE_USER_CODES,
    DELETE_USER_MFA,
    DELETE_USER_DEVICES,
    REVOKE_DELETED_USER_SESSIONS,
    LIST_USERS_AFTER,
    COUNT_USERS
);

impl Db<'_> {
    /// Inserts a new user; `Ok(false)` when the username is taken.
    pub fn insert_user(&self, u: &User) -> ApiResult<bool> {
        let attributes = serde_json::to_string(&u.attributes).map_err(json_err)?;
        let n = self.exec(
            INSERT_USER,
            params![
                u.pool_id,
                username_key(&u.username),
                u.username,
                u.sub,
                u.status,
                u.enabled,
                attributes,
                u.email().map(str::to_lowercase),
                u.salt_hex,
                u.verifier_hex,
                u.created,
                u.modified,
                u.failed_attempts,
                u.locked_until
            ],
        )?;
        Ok(n == 1)
    }

    /// Writes the columns `patch` names, and only those.
    pub fn patch_user(
        &self,
        pool_id: &str,
        username: &str,
        patch: &UserPatch<'_>,
    ) -> ApiResult<()> {
        let key = username_key(username);
        let mut sets: Vec<&str> = Vec::new();
        let mut values: Vec<Box<dyn ToSql>> = Vec::new();
        if let Some(s) = patch.status {
            sets.push("status = ?");
            values.push(Box::new(s.to_owned()));
        }
        if let Some(e) = patch.enabled {
            sets.push("enabled = ?");
            values.push(Box::new(e));
        }
        if let Some(a) = patch.attributes {
            sets.push("attributes = ?");
            values.push(Box::new(serde_json::to_string(a).map_err(json_err)?));
            sets.push("email_key = ?");
            values.push(Box::new(a.get("email").map(|e| e.to_lowercase())));
        }
        if let Some((salt, verifier)) = patch.password {
            sets.push("salt = ?");
            values.push(Box::new(salt.to_owned()));
            sets.push("verifier = ?");
            values.push(Box::new(verifier.to_owned()));
        }
        if patch.reset_failures {
            sets.push("failed_attempts = 0");
            sets.push("locked_until = 0");
        }
        if let Some(m) = patch.modified {
            sets.push("modified = ?");
            values.push(Box::new(m));
        }
        if sets.is_empty() {
            return Ok(());
        }
        let sql = format!("UPDATE users SET {} {PATCH_USER_WHERE}", sets.join(", "));
        values.push(Box::new(pool_id.to_owned()));
        values.push(Box::new(key));
        let refs: Vec<&dyn ToSql> = values.iter().map(|v| v.as_ref()).collect();
        self.exec(&sql, refs.as_slice())?;
        Ok(())
    }

    /// The user's current failed-sign-in state (`None`: no such user).
    pub fn lockout(&self, pool_id: &str, username: &str) -> ApiResult<Option<Lockout>> {
        Ok(self
            .row(LOCKOUT, [pool_id, &username_key(username)], |r| {
                Ok(Lockout {
                    failed_attempts: r.get(0)?,
                    locked_until: r.get(1)?,
                })
            })
            .optional()?)
    }

    /// Writes a new failed-sign-in state (the caller computed it from [`Db::lockout`] in the
    /// same transaction).
    pub fn set_lockout(&self, pool_id: &str, username: &str, l: Lockout) -> ApiResult<()> {
        self.exec(
            SET_LOCKOUT,
            params![
                pool_id,
                username_key(username),
                l.failed_attempts,
                l.locked_until
            ],
        )?;
        Ok(())
    }

    /// Deletes a user, its codes, and ends its sessions.
    pub fn delete_user(&self, pool_id: &str, username: &str) -> ApiResult<()> {
        let key = username_key(username);
        for sql in [
            DELETE_USER,
            DELETE_USER_CODES,
            DELETE_USER_MFA,
            DELETE_USER_DEVICES,
            REVOKE_DELETED_USER_SESSIONS,
        ] {
            self.exec(sql, [pool_id, &key])?;
        }
        Ok(())
    }

    pub fn get_user(&self, pool_id: &str, username: &str) -> ApiResult<Option<User>> {
        self.user_where(USER_BY_NAME, pool_id, &username_key(username))
    }

    /// The users whose email is `email`, verified ones first.
    pub fn find_by_email(&self, pool_id: &str, email: &str) -> ApiResult<Vec<User>> {
        let mut stmt = self.conn.prepare_cached(USERS_BY_EMAIL)?;
        let rows = stmt.query_map([pool_id, &email.to_lowercase()], user_from_row)?;
        let mut users = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        users.sort_by_key(|u| !u.email_verified());
        Ok(users)
    }

    pub fn find_by_sub(&self, pool_id: &str, sub: &str) -> ApiResult<Option<User>> {
        self.user_where(USER_BY_SUB, pool_id, sub)
    }

    fn user_where(&self, sql: &str, pool_id: &str, value: &str) -> ApiResult<Option<User>> {
        Ok(self.row(sql, [pool_id, value], user_from_row).optional()?)
    }

    /// Users in username order, those after `after` (a username key) only, at most `limit`.
    pub fn list_users_after(
        &self,
        pool_id: &str,
        after: Option<&str>,
        limit: usize,
    ) -> ApiResult<Vec<(String, User)>> {
        let mut stmt = self.conn.prepare_cached(LIST_USERS_AFTER)?;
        let rows = stmt.query_map(params![pool_id, after.unwrap_or(""), limit as i64], |r| {
            Ok((r.get::<_, String>(12)?, user_from_row(r)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn count_users(&self, pool_id: &str) -> ApiResult<u64> {
        Ok(self.row(COUNT_USERS, [pool_id], |r| r.get(0))?)
    }
}

fn user_from_row(r: &Row<'_>) -> rusqlite::Result<User> {
    let attributes: String = r.get(5)?;
    Ok(User {
        pool_id: r.get(0)?,
        username: r.get(1)?,
        sub: r.get(2)?,
        status: r.get(3)?,
        enabled: r.get(4)?,
        attributes: serde_json::from_str(&attributes).map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(5, rusqlite::types::Type::Text, Box::new(e))
        })?,
        salt_hex: r.get(6)?,
        verifier_hex: r.get(7)?,
        created: r.get(8)?,
        modified: r.get(9)?,
        failed_attempts: r.get(10)?,
        locked_until: r.get(11)?,
    })
}
