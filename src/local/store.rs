//! SQLite storage (WAL): pools, clients, users, codes, sessions and the outbox. An answered
//! write is committed before the answer leaves, so it survives `kill -9`.

use super::error::{ApiError, ApiResult};
use super::model::{OutboxEntry, SessionRow, User};
use crate::cognito::types::{UserPoolClientType, UserPoolType};
use rusqlite::{Connection, OptionalExtension, Row, params};
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS user_pools (
    id TEXT PRIMARY KEY, config TEXT NOT NULL, signing_key TEXT NOT NULL, kid TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clients (
    id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, config TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS users (
    pool_id TEXT NOT NULL, username_key TEXT NOT NULL, username TEXT NOT NULL,
    sub TEXT NOT NULL, status TEXT NOT NULL, enabled INTEGER NOT NULL,
    attributes TEXT NOT NULL, email_key TEXT, salt TEXT NOT NULL, verifier TEXT NOT NULL,
    created REAL NOT NULL, modified REAL NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0, locked_until INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pool_id, username_key));
CREATE INDEX IF NOT EXISTS users_email ON users (pool_id, email_key);
CREATE TABLE IF NOT EXISTS codes (
    pool_id TEXT NOT NULL, username_key TEXT NOT NULL, purpose TEXT NOT NULL,
    code TEXT NOT NULL, expires_at INTEGER NOT NULL,
    PRIMARY KEY (pool_id, username_key, purpose));
CREATE TABLE IF NOT EXISTS sessions (
    origin_jti TEXT PRIMARY KEY, pool_id TEXT NOT NULL, client_id TEXT NOT NULL,
    username_key TEXT NOT NULL, username TEXT NOT NULL, refresh_hash TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0, auth_time INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS sessions_user ON sessions (pool_id, username_key);
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT, pool_id TEXT NOT NULL, destination TEXT NOT NULL,
    username TEXT NOT NULL, purpose TEXT NOT NULL, code TEXT NOT NULL, sent_at REAL NOT NULL);
CREATE TABLE IF NOT EXISTS identity_pools (id TEXT PRIMARY KEY, config TEXT NOT NULL);
";

/// The key a username is stored and looked up under: pools here are case-insensitive.
pub fn username_key(username: &str) -> String {
    username.to_lowercase()
}

/// A stored user pool with its JWT signing key.
#[derive(Debug, Clone)]
pub struct PoolRow {
    pub config: UserPoolType,
    pub signing_key_pem: String,
    pub kid: String,
}

pub struct Store {
    conn: Mutex<Connection>,
}

fn json_err(e: serde_json::Error) -> ApiError {
    ApiError::internal(format!("stored record does not parse: {e}"))
}

impl Store {
    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> rusqlite::Result<Self> {
        let conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn db(&self) -> ApiResult<MutexGuard<'_, Connection>> {
        self.conn
            .lock()
            .map_err(|_| ApiError::internal("the local pool's database lock was poisoned"))
    }

    pub fn meta_get(&self, key: &str) -> ApiResult<Option<String>> {
        Ok(self
            .db()?
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn meta_set(&self, key: &str, value: &str) -> ApiResult<()> {
        self.db()?.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    // ---- pools and clients ----

    pub fn insert_pool(&self, pool: &PoolRow) -> ApiResult<()> {
        let id = pool.config.id.clone().unwrap_or_default();
        let config = serde_json::to_string(&pool.config).map_err(json_err)?;
        self.db()?.execute(
            "INSERT INTO user_pools (id, config, signing_key, kid) VALUES (?1, ?2, ?3, ?4)",
            params![id, config, pool.signing_key_pem, pool.kid],
        )?;
        Ok(())
    }

    pub fn get_pool(&self, id: &str) -> ApiResult<Option<PoolRow>> {
        let row: Option<(String, String, String)> = self
            .db()?
            .query_row(
                "SELECT config, signing_key, kid FROM user_pools WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        row.map(|(config, signing_key_pem, kid)| {
            Ok(PoolRow {
                config: serde_json::from_str(&config).map_err(json_err)?,
                signing_key_pem,
                kid,
            })
        })
        .transpose()
    }

    pub fn insert_client(&self, client: &UserPoolClientType) -> ApiResult<()> {
        let config = serde_json::to_string(client).map_err(json_err)?;
        self.db()?.execute(
            "INSERT INTO clients (id, pool_id, config) VALUES (?1, ?2, ?3)",
            params![client.client_id, client.user_pool_id, config],
        )?;
        Ok(())
    }

    pub fn get_client(&self, id: &str) -> ApiResult<Option<UserPoolClientType>> {
        let config: Option<String> = self
            .db()?
            .query_row("SELECT config FROM clients WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?;
        config
            .map(|c| serde_json::from_str(&c).map_err(json_err))
            .transpose()
    }

    pub fn insert_identity_pool(&self, id: &str, config: &serde_json::Value) -> ApiResult<()> {
        self.db()?.execute(
            "INSERT INTO identity_pools (id, config) VALUES (?1, ?2)",
            params![id, config.to_string()],
        )?;
        Ok(())
    }

    // ---- users ----

    /// Inserts a new user; `Ok(false)` when the username is taken.
    pub fn insert_user(&self, u: &User) -> ApiResult<bool> {
        let attributes = serde_json::to_string(&u.attributes).map_err(json_err)?;
        let n = self.db()?.execute(
            "INSERT OR IGNORE INTO users (pool_id, username_key, username, sub, status, enabled,
                attributes, email_key, salt, verifier, created, modified, failed_attempts,
                locked_until)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
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

    pub fn update_user(&self, u: &User) -> ApiResult<()> {
        let attributes = serde_json::to_string(&u.attributes).map_err(json_err)?;
        self.db()?.execute(
            "UPDATE users SET sub = ?3, status = ?4, enabled = ?5, attributes = ?6,
                email_key = ?7, salt = ?8, verifier = ?9, modified = ?10,
                failed_attempts = ?11, locked_until = ?12
             WHERE pool_id = ?1 AND username_key = ?2",
            params![
                u.pool_id,
                username_key(&u.username),
                u.sub,
                u.status,
                u.enabled,
                attributes,
                u.email().map(str::to_lowercase),
                u.salt_hex,
                u.verifier_hex,
                u.modified,
                u.failed_attempts,
                u.locked_until
            ],
        )?;
        Ok(())
    }

    pub fn delete_user(&self, pool_id: &str, username: &str) -> ApiResult<()> {
        let key = username_key(username);
        let mut db = self.db()?;
        let tx = db.transaction()?;
        tx.execute(
            "DELETE FROM users WHERE pool_id = ?1 AND username_key = ?2",
            [pool_id, &key],
        )?;
        tx.execute(
            "DELETE FROM codes WHERE pool_id = ?1 AND username_key = ?2",
            [pool_id, &key],
        )?;
        tx.execute(
            "UPDATE sessions SET revoked = 1 WHERE pool_id = ?1 AND username_key = ?2",
            [pool_id, &key],
        )?;
        tx.commit()?;
        Ok(())
    }

    pub fn get_user(&self, pool_id: &str, username: &str) -> ApiResult<Option<User>> {
        self.user_where("username_key = ?2", pool_id, &username_key(username))
    }

    /// The user whose email is `email`, verified ones first.
    pub fn find_by_email(&self, pool_id: &str, email: &str) -> ApiResult<Vec<User>> {
        let db = self.db()?;
        let mut stmt = db.prepare(&format!(
            "{USER_COLUMNS} WHERE pool_id = ?1 AND email_key = ?2 ORDER BY created"
        ))?;
        let rows = stmt.query_map([pool_id, &email.to_lowercase()], user_from_row)?;
        let mut users = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        users.sort_by_key(|u| !u.email_verified());
        Ok(users)
    }

    pub fn find_by_sub(&self, pool_id: &str, sub: &str) -> ApiResult<Option<User>> {
        self.user_where("sub = ?2", pool_id, sub)
    }

    fn user_where(&self, cond: &str, pool_id: &str, value: &str) -> ApiResult<Option<User>> {
        Ok(self
            .db()?
            .query_row(
                &format!("{USER_COLUMNS} WHERE pool_id = ?1 AND {cond}"),
                [pool_id, value],
                user_from_row,
            )
            .optional()?)
    }

    pub fn list_users(&self, pool_id: &str) -> ApiResult<Vec<User>> {
        let db = self.db()?;
        let mut stmt = db.prepare(&format!(
            "{USER_COLUMNS} WHERE pool_id = ?1 ORDER BY username_key"
        ))?;
        let rows = stmt.query_map([pool_id], user_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    pub fn count_users(&self, pool_id: &str) -> ApiResult<u64> {
        Ok(self.db()?.query_row(
            "SELECT COUNT(*) FROM users WHERE pool_id = ?1",
            [pool_id],
            |r| r.get(0),
        )?)
    }

    // ---- codes ----

    pub fn set_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
        code: &str,
        expires_at: i64,
    ) -> ApiResult<()> {
        self.db()?.execute(
            "INSERT INTO codes (pool_id, username_key, purpose, code, expires_at)
             VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(pool_id, username_key, purpose)
             DO UPDATE SET code = excluded.code, expires_at = excluded.expires_at",
            params![pool_id, username_key(username), purpose, code, expires_at],
        )?;
        Ok(())
    }

    /// The pending code for a purpose, with its expiry.
    pub fn get_code(
        &self,
        pool_id: &str,
        username: &str,
        purpose: &str,
    ) -> ApiResult<Option<(String, i64)>> {
        Ok(self
            .db()?
            .query_row(
                "SELECT code, expires_at FROM codes
                 WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
                [pool_id, &username_key(username), purpose],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    pub fn delete_code(&self, pool_id: &str, username: &str, purpose: &str) -> ApiResult<()> {
        self.db()?.execute(
            "DELETE FROM codes WHERE pool_id = ?1 AND username_key = ?2 AND purpose = ?3",
            [pool_id, &username_key(username), purpose],
        )?;
        Ok(())
    }

    // ---- sessions ----

    pub fn insert_session(&self, s: &SessionRow, refresh_hash: &str) -> ApiResult<()> {
        self.db()?.execute(
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
            .db()?
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
        self.db()?.execute(
            "UPDATE sessions SET revoked = 1 WHERE origin_jti = ?1",
            [origin_jti],
        )?;
        Ok(())
    }

    pub fn revoke_user_sessions(&self, pool_id: &str, username: &str) -> ApiResult<()> {
        self.db()?.execute(
            "UPDATE sessions SET revoked = 1 WHERE pool_id = ?1 AND username_key = ?2",
            [pool_id, &username_key(username)],
        )?;
        Ok(())
    }

    // ---- outbox ----

    pub fn outbox_add(&self, e: &OutboxEntry) -> ApiResult<()> {
        self.db()?.execute(
            "INSERT INTO outbox (pool_id, destination, username, purpose, code, sent_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                e.pool_id,
                e.destination,
                e.username,
                e.purpose,
                e.code,
                e.sent_at
            ],
        )?;
        Ok(())
    }

    pub fn outbox_list(&self) -> ApiResult<Vec<OutboxEntry>> {
        let db = self.db()?;
        let mut stmt = db.prepare(
            "SELECT pool_id, destination, username, purpose, code, sent_at FROM outbox ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(OutboxEntry {
                pool_id: r.get(0)?,
                destination: r.get(1)?,
                username: r.get(2)?,
                purpose: r.get(3)?,
                code: r.get(4)?,
                sent_at: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

const USER_COLUMNS: &str = "SELECT pool_id, username, sub, status, enabled, attributes, salt,
    verifier, created, modified, failed_attempts, locked_until FROM users";

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
