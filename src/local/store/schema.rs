//! The database schema as an ordered list of migrations, tracked by `PRAGMA user_version`.
//! Migration N brings a database from version N-1 to N; never edit one that has shipped,
//! append a new one.

use rusqlite::Connection;

/// Version 1 is the schema as it stood before versions were tracked, so a database written then
/// (user_version 0, its tables already there) passes through it unchanged.
const V1: &str = "
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

/// Version 2: wrong guesses per code (a code burns after a few), when codes were requested
/// (requests are rate-limited per user), and the outbox readable per user.
const V2: &str = "
ALTER TABLE codes ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
CREATE TABLE code_requests (
    pool_id TEXT NOT NULL, username_key TEXT NOT NULL, requested_at INTEGER NOT NULL);
CREATE INDEX code_requests_user ON code_requests (pool_id, username_key, requested_at);
CREATE INDEX outbox_username ON outbox (username);
";

/// Version 3: MFA. Each user's software token (verified secret, one being enrolled, the last
/// step used), enabled methods and preference; each pool's MFA configuration.
const V3: &str = "
CREATE TABLE user_mfa (
    pool_id TEXT NOT NULL, username_key TEXT NOT NULL, state TEXT NOT NULL,
    PRIMARY KEY (pool_id, username_key));
CREATE TABLE pool_mfa (pool_id TEXT PRIMARY KEY, config TEXT NOT NULL);
";

/// Version 4, identity pools: identities (one per pool and login, or unauthenticated) and the AWS
/// credentials issued to them, which local STS checks signatures with. Written with
/// `IF NOT EXISTS` so it can be renumbered when merged beside another branch's migration.
const IDENTITIES: &str = "
CREATE TABLE IF NOT EXISTS identities (
    identity_id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, login_key TEXT,
    created INTEGER NOT NULL);
CREATE UNIQUE INDEX IF NOT EXISTS identities_login ON identities (pool_id, login_key);
CREATE TABLE IF NOT EXISTS aws_credentials (
    access_key_id TEXT PRIMARY KEY, secret_key TEXT NOT NULL, session_token_hash TEXT NOT NULL,
    identity_id TEXT NOT NULL, role_arn TEXT NOT NULL, expires_at INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS aws_credentials_expiry ON aws_credentials (expires_at);
UPDATE identity_pools SET config = json_set(config, '$.Roles', json('{
    \"authenticated\": \"arn:aws:iam::000000000000:role/cogtui-local-authenticated\",
    \"unauthenticated\": \"arn:aws:iam::000000000000:role/cogtui-local-unauthenticated\"}'))
    WHERE json_extract(config, '$.Roles') IS NULL;
";

/// Indexes so no statement on the sign-in path or any other reads a whole user-sized table
/// (`tests/local_query_plans.rs`): users by sub (AdminGetUser and friends given a sub, token
/// checks) and AWS credentials by identity (DeleteIdentities). Written with `IF NOT EXISTS` so
/// it can be renumbered when merged beside another branch's migration.
const LOOKUP_INDEXES: &str = "
CREATE INDEX IF NOT EXISTS users_sub ON users (pool_id, sub);
CREATE INDEX IF NOT EXISTS aws_credentials_identity ON aws_credentials (identity_id);
";

/// Version 6, remembered devices: each device a sign-in was offered (`confirmed` once
/// ConfirmDevice stored its SRP salt and verifier), and which device each session was issued
/// with (refresh needs that DEVICE_KEY; forgetting the device revokes the session). The seeded
/// pool gets its device configuration (user opt-in, remembered devices skip MFA; see
/// docs/local-pool.md). Written with `IF NOT EXISTS` so it can be renumbered when merged beside
/// another branch's migration.
const DEVICES: &str = "
CREATE TABLE IF NOT EXISTS devices (
    device_key TEXT PRIMARY KEY, pool_id TEXT NOT NULL, username_key TEXT NOT NULL,
    group_key TEXT NOT NULL, confirmed INTEGER NOT NULL DEFAULT 0,
    remembered INTEGER NOT NULL DEFAULT 0, salt TEXT, verifier TEXT, name TEXT, last_ip TEXT,
    created REAL NOT NULL, last_authenticated REAL, last_modified REAL NOT NULL);
CREATE INDEX IF NOT EXISTS devices_user
    ON devices (pool_id, username_key, confirmed, device_key);
CREATE TABLE IF NOT EXISTS session_devices (
    origin_jti TEXT PRIMARY KEY, device_key TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS session_devices_device ON session_devices (device_key);
UPDATE user_pools SET config = json_set(config, '$.DeviceConfiguration', json('{
    \"ChallengeRequiredOnNewDevice\": true, \"DeviceOnlyRememberedOnUserPrompt\": true}'))
    WHERE id = (SELECT json_extract(value, '$.user_pool_id') FROM meta WHERE key = 'seed')
    AND json_extract(config, '$.DeviceConfiguration') IS NULL;
";

/// Version 7, the Hosted UI: the scope each Hosted UI session was granted (refreshed tokens
/// keep it), each pool's identity providers (Google, OIDC, …), the seeded pool's local
/// Google provider, and the seeded public client's OAuth settings, so `cogtui --local login
/// --hosted-ui` works on a data dir seeded before the Hosted UI existed (a client whose OAuth
/// settings were set since is left alone). The values are `local::hosted::seed_settings`'s.
/// Written with `IF NOT EXISTS` so it can be renumbered when merged beside another branch's
/// migration.
const HOSTED_UI: &str = "
CREATE TABLE IF NOT EXISTS oauth_sessions (origin_jti TEXT PRIMARY KEY, scope TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS identity_providers (
    pool_id TEXT NOT NULL, name TEXT NOT NULL, config TEXT NOT NULL,
    PRIMARY KEY (pool_id, name));
UPDATE clients SET config = json_patch(config, json('{
    \"CallbackURLs\": [\"http://localhost:9230/callback\"],
    \"LogoutURLs\": [\"http://localhost:9230/signed-out\"],
    \"AllowedOAuthFlows\": [\"code\"],
    \"AllowedOAuthScopes\": [\"openid\", \"email\", \"profile\", \"phone\",
        \"aws.cognito.signin.user.admin\"],
    \"AllowedOAuthFlowsUserPoolClient\": true,
    \"SupportedIdentityProviders\": [\"COGNITO\", \"Google\"]}'))
    WHERE id = (SELECT json_extract(value, '$.client_id') FROM meta WHERE key = 'seed')
    AND json_extract(config, '$.AllowedOAuthFlows') IS NULL;
INSERT OR IGNORE INTO identity_providers (pool_id, name, config)
    SELECT json_extract(value, '$.user_pool_id'), 'Google', json_object(
        'UserPoolId', json_extract(value, '$.user_pool_id'), 'ProviderName', 'Google',
        'ProviderType', 'Google',
        'ProviderDetails', json('{\"client_id\": \"cogtui-local\",
            \"client_secret\": \"cogtui-local\", \"authorize_scopes\": \"openid email profile\"}'),
        'AttributeMapping', json('{\"email\": \"email\", \"name\": \"name\", \"username\": \"sub\"}'),
        'IdpIdentifiers', json('[]'))
    FROM meta WHERE key = 'seed';
";

/// Version 8, the text of a sent message where a CustomMessage trigger wrote one.
const OUTBOX_MESSAGES: &str = "
ALTER TABLE outbox ADD COLUMN subject TEXT;
ALTER TABLE outbox ADD COLUMN message TEXT;
";

/// Every migration, oldest first; the database's version is how many have run.
pub const MIGRATIONS: &[&str] = &[
    V1,
    V2,
    V3,
    IDENTITIES,
    LOOKUP_INDEXES,
    DEVICES,
    HOSTED_UI,
    OUTBOX_MESSAGES,
];

/// Why a database cannot be brought to the current schema.
#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error(
        "the database is at schema version {found}, newer than this cogtui knows ({known}); \
         use a newer cogtui or another --data-dir"
    )]
    TooNew { found: i64, known: i64 },
    #[error("migration to schema version {version} failed: {source}")]
    Failed {
        version: i64,
        source: rusqlite::Error,
    },
    #[error(transparent)]
    Sqlite(#[from] rusqlite::Error),
}

pub fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Runs the migrations the database has not seen, each in its own transaction with the
/// version bump, so a crash leaves it at one version or the next.
pub fn migrate(conn: &mut Connection) -> Result<i64, MigrateError> {
    let known = MIGRATIONS.len() as i64;
    let found = user_version(conn)?;
    if found > known {
        return Err(MigrateError::TooNew { found, known });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let version = i as i64 + 1;
        let failed = |source| MigrateError::Failed { version, source };
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Exclusive)
            .map_err(failed)?;
        tx.execute_batch(sql).map_err(failed)?;
        tx.pragma_update(None, "user_version", version)
            .map_err(failed)?;
        tx.commit().map_err(failed)?;
    }
    Ok(known)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fresh_database_gets_every_migration_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        assert_eq!(migrate(&mut conn).unwrap(), MIGRATIONS.len() as i64);
        assert_eq!(user_version(&conn).unwrap(), MIGRATIONS.len() as i64);
        // Running again is a no-op (V2's ALTER TABLE would fail if it ran twice).
        migrate(&mut conn).unwrap();
    }

    #[test]
    fn the_hosted_ui_migration_gives_the_seeded_client_callback_urls_once() {
        let mut conn = Connection::open_in_memory().unwrap();
        for sql in &MIGRATIONS[..6] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", 6).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('seed', '{\"client_id\": \"seeded\", \"user_pool_id\": \"p\"}');
             INSERT INTO clients VALUES ('seeded', 'p', '{\"ClientId\": \"seeded\"}');
             INSERT INTO clients VALUES ('other', 'p', '{\"ClientId\": \"other\"}');",
        )
        .unwrap();
        migrate(&mut conn).unwrap();
        let config = |id: &str| -> String {
            conn.query_row("SELECT config FROM clients WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .unwrap()
        };
        let seeded: serde_json::Value = serde_json::from_str(&config("seeded")).unwrap();
        assert_eq!(
            seeded["CallbackURLs"][0],
            crate::local::hosted::SEED_CALLBACK
        );
        assert_eq!(
            seeded["AllowedOAuthScopes"],
            serde_json::json!(crate::local::hosted::seed_settings().allowed_oauth_scopes)
        );
        assert!(!config("other").contains("CallbackURLs"));
        let provider: String = conn
            .query_row(
                "SELECT config FROM identity_providers WHERE pool_id = 'p' AND name = 'Google'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let provider: serde_json::Value = serde_json::from_str(&provider).unwrap();
        assert_eq!(provider["AttributeMapping"]["email"], "email");
    }

    #[test]
    fn a_newer_database_is_refused() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "user_version", 99).unwrap();
        assert!(matches!(
            migrate(&mut conn),
            Err(MigrateError::TooNew { found: 99, .. })
        ));
    }
}
