//! SQLite storage (WAL): pools, clients, users, codes, sessions and the outbox. An answered
//! write is committed before the answer leaves, so it survives `kill -9`. Whatever reads and
//! then writes runs in one transaction ([`Store::write`]). Every statement is a constant listed
//! by its file's `store_queries!`, so [`queries`] can hand them all to the query-plan test
//! (`tests/local_query_plans.rs`); statements are prepared once per connection and cached.

/// Names the statements of one store file (`QUERIES`), gathered by [`queries`].
macro_rules! store_queries {
    ($($q:ident),* $(,)?) => {
        pub(super) const QUERIES: &[(&str, &str)] = &[$((stringify!($q), $q)),*];
    };
}

mod codes;
mod devices;
mod identities;
mod mfa;
mod oauth;
mod outbox;
mod providers;
pub mod schema;
mod sessions;
mod users;

pub use codes::{CodeCheck, MAX_CODE_ATTEMPTS};
pub use devices::DeviceRow;
pub use identities::{IdentityRow, IssuedCredentials};
pub use mfa::MfaState;
pub use outbox::OUTBOX_PAGE_MAX;
pub use users::UserPatch;

use super::error::{ApiError, ApiResult};
use crate::cognito::types::{UserPoolClientType, UserPoolType};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};
use std::cell::Cell;
use std::path::Path;
use std::sync::{Mutex, MutexGuard};

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

/// The database as one operation sees it: inside [`Store::read`] or [`Store::write`].
pub struct Db<'a> {
    conn: &'a Connection,
}

thread_local! {
    /// Set while this thread holds the database: a nested use would deadlock, so it is refused.
    static HOLDING: Cell<bool> = const { Cell::new(false) };
}

struct Holding;

impl Holding {
    fn enter() -> ApiResult<Self> {
        if HOLDING.with(|h| h.replace(true)) {
            return Err(ApiError::internal(
                "the local pool used its database inside a transaction (a bug); see its log",
            ));
        }
        Ok(Holding)
    }
}

impl Drop for Holding {
    fn drop(&mut self) {
        HOLDING.with(|h| h.set(false));
    }
}

pub(super) fn json_err(e: serde_json::Error) -> ApiError {
    ApiError::internal(format!("stored record does not parse: {e}"))
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
    #[error(transparent)]
    Migrate(#[from] schema::MigrateError),
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings it to the current schema.
    pub fn open(path: &Path) -> Result<Self, OpenError> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        schema::migrate(&mut conn)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> ApiResult<(Holding, MutexGuard<'_, Connection>)> {
        let holding = Holding::enter()?;
        let conn = self
            .conn
            .lock()
            .map_err(|_| ApiError::internal("the local pool's database lock was poisoned"))?;
        Ok((holding, conn))
    }

    /// Runs `f` on the database (no transaction: for reads and single statements).
    pub fn read<T>(&self, f: impl FnOnce(&Db<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let (_holding, conn) = self.lock()?;
        f(&Db { conn: &conn })
    }

    /// Runs `f` in one transaction, committed if `f` returns `Ok`, rolled back otherwise. The
    /// transaction takes the write lock up front (IMMEDIATE), so what `f` read is still true
    /// when it writes. A refusal that must still be recorded (a wrong code counted) returns
    /// `Ok(Err(refusal))`.
    pub fn write<T>(&self, f: impl FnOnce(&Db<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let (_holding, mut conn) = self.lock()?;
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&Db { conn: &tx })?;
        tx.commit()?;
        Ok(out)
    }

    pub fn meta_get(&self, key: &str) -> ApiResult<Option<String>> {
        self.read(|db| db.meta_get(key))
    }

    pub fn meta_set(&self, key: &str, value: &str) -> ApiResult<()> {
        self.read(|db| db.meta_set(key, value))
    }

    pub fn insert_pool(&self, pool: &PoolRow) -> ApiResult<()> {
        self.read(|db| db.insert_pool(pool))
    }

    pub fn get_pool(&self, id: &str) -> ApiResult<Option<PoolRow>> {
        self.read(|db| db.get_pool(id))
    }

    pub fn insert_client(&self, client: &UserPoolClientType) -> ApiResult<()> {
        self.read(|db| db.insert_client(client))
    }

    pub fn get_client(&self, id: &str) -> ApiResult<Option<UserPoolClientType>> {
        self.read(|db| db.get_client(id))
    }

    pub fn get_user(
        &self,
        pool_id: &str,
        username: &str,
    ) -> ApiResult<Option<crate::local::model::User>> {
        self.read(|db| db.get_user(pool_id, username))
    }

    pub fn count_users(&self, pool_id: &str) -> ApiResult<u64> {
        self.read(|db| db.count_users(pool_id))
    }

    pub fn session_by_refresh(
        &self,
        refresh_hash: &str,
    ) -> ApiResult<Option<crate::local::model::SessionRow>> {
        self.read(|db| db.session_by_refresh(refresh_hash))
    }

    pub fn session_by_jti(
        &self,
        origin_jti: &str,
    ) -> ApiResult<Option<crate::local::model::SessionRow>> {
        self.read(|db| db.session_by_jti(origin_jti))
    }

    pub fn insert_identity_pool(&self, id: &str, config: &serde_json::Value) -> ApiResult<()> {
        self.read(|db| {
            db.exec(INSERT_IDENTITY_POOL, params![id, config.to_string()])?;
            Ok(())
        })
    }
}

const INSERT_IDENTITY_POOL: &str = "INSERT INTO identity_pools (id, config) VALUES (?1, ?2)";
const META_GET: &str = "SELECT value FROM meta WHERE key = ?1";
const META_SET: &str = "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value";
const INSERT_POOL: &str =
    "INSERT INTO user_pools (id, config, signing_key, kid) VALUES (?1, ?2, ?3, ?4)";
const GET_POOL: &str = "SELECT config, signing_key, kid FROM user_pools WHERE id = ?1";
const INSERT_CLIENT: &str = "INSERT INTO clients (id, pool_id, config) VALUES (?1, ?2, ?3)";
const GET_CLIENT: &str = "SELECT config FROM clients WHERE id = ?1";
const UPDATE_POOL: &str = "UPDATE user_pools SET config = ?2 WHERE id = ?1";
const UPDATE_CLIENT: &str = "UPDATE clients SET config = ?2 WHERE id = ?1";

// Every statement this file runs, for the query-plan test.
store_queries!(
    INSERT_IDENTITY_POOL,
    META_GET,
    META_SET,
    INSERT_POOL,
    GET_POOL,
    INSERT_CLIENT,
    GET_CLIENT,
    UPDATE_POOL,
    UPDATE_CLIENT
);

/// Every statement the store runs, by name: the query-plan test checks each uses an index.
/// [`Db::patch_user`] builds its SET list from the patch; its form with every column is here,
/// and every form shares the same WHERE.
pub fn queries() -> Vec<(&'static str, &'static str)> {
    [
        QUERIES,
        codes::QUERIES,
        devices::QUERIES,
        identities::QUERIES,
        mfa::QUERIES,
        oauth::QUERIES,
        outbox::QUERIES,
        providers::QUERIES,
        sessions::QUERIES,
        users::QUERIES,
    ]
    .concat()
}

/// Statements kept prepared per connection: more than the store has, so none is re-prepared.
const STATEMENT_CACHE: usize = 128;

impl Db<'_> {
    /// Runs one of the store's statements, prepared once per connection.
    fn exec(&self, sql: &str, params: impl rusqlite::Params) -> rusqlite::Result<usize> {
        self.conn.prepare_cached(sql)?.execute(params)
    }

    /// The first row of one of the store's statements, prepared once per connection.
    fn row<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        f: impl FnOnce(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        self.conn.prepare_cached(sql)?.query_row(params, f)
    }

    pub fn meta_get(&self, key: &str) -> ApiResult<Option<String>> {
        Ok(self.row(META_GET, [key], |r| r.get(0)).optional()?)
    }

    pub fn meta_set(&self, key: &str, value: &str) -> ApiResult<()> {
        self.exec(META_SET, [key, value])?;
        Ok(())
    }

    pub fn insert_pool(&self, pool: &PoolRow) -> ApiResult<()> {
        let id = pool.config.id.clone().unwrap_or_default();
        let config = serde_json::to_string(&pool.config).map_err(json_err)?;
        self.exec(
            INSERT_POOL,
            params![id, config, pool.signing_key_pem, pool.kid],
        )?;
        Ok(())
    }

    pub fn get_pool(&self, id: &str) -> ApiResult<Option<PoolRow>> {
        let row: Option<(String, String, String)> = self
            .row(GET_POOL, [id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
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
        self.exec(
            INSERT_CLIENT,
            params![client.client_id, client.user_pool_id, config],
        )?;
        Ok(())
    }

    /// Replaces a pool's settings (its signing key stays).
    pub fn update_pool(&self, config: &UserPoolType) -> ApiResult<()> {
        let text = serde_json::to_string(config).map_err(json_err)?;
        self.exec(UPDATE_POOL, params![config.id, text])?;
        Ok(())
    }

    /// Replaces an app client's settings.
    pub fn update_client(&self, client: &UserPoolClientType) -> ApiResult<()> {
        let text = serde_json::to_string(client).map_err(json_err)?;
        self.exec(UPDATE_CLIENT, params![client.client_id, text])?;
        Ok(())
    }

    pub fn get_client(&self, id: &str) -> ApiResult<Option<UserPoolClientType>> {
        let config: Option<String> = self.row(GET_CLIENT, [id], |r| r.get(0)).optional()?;
        config
            .map(|c| serde_json::from_str(&c).map_err(json_err))
            .transpose()
    }
}
