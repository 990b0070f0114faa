//! The shared state of a running local pool: storage, clock, challenge sessions and keys.

use super::challenge::Challenges;
use super::clock::Clock;
use super::decoys::Decoys;
use super::error::{ApiError, ApiResult};
use super::escape::printable;
use super::ids;
use super::jwt::PoolKeys;
use super::model::{OutboxEntry, User};
use super::seed::{self, SeedInfo};
use super::store::{Db, PoolRow, Store};
use super::user_locks::UserLocks;
use crate::cognito::types::{CodeDeliveryDetails, UserPoolClientType};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

pub struct State {
    pub store: Store,
    pub clock: Clock,
    pub region: String,
    pub endpoint: String,
    pub challenges: Challenges,
    pub user_locks: UserLocks,
    pub decoys: Decoys,
    /// The Hosted UI's open authorization codes.
    pub hosted: super::hosted::AuthCodes,
    /// How long triggers may take (5 s, as on Cognito, unless a test shortens it).
    pub triggers: super::triggers::Settings,
    /// Where requests' work waits for a core (`State::run`).
    pub(super) slots: super::work::Slots,
    keys: Mutex<HashMap<String, Arc<PoolKeys>>>,
    seed: SeedInfo,
    /// Derives stand-ins for unknown users and signs pagination tokens; never leaves the pool.
    secret: Vec<u8>,
    /// Whether sent codes are echoed on stderr (off when a TUI owns the terminal).
    echo: AtomicBool,
}

impl State {
    /// Loads the stored seed, or seeds a fresh database.
    pub fn new(store: Store, region: &str, endpoint: String) -> ApiResult<Self> {
        let mut seed = seed::load_or_seed(&store, region)?;
        seed.endpoint = endpoint.clone();
        let secret = load_or_make_secret(&store)?;
        Ok(Self {
            user_locks: UserLocks::default(),
            decoys: Decoys::default(),
            hosted: super::hosted::AuthCodes::default(),
            triggers: Default::default(),
            slots: Default::default(),
            secret,
            store,
            clock: Clock::default(),
            region: seed.region.clone(),
            endpoint,
            challenges: Challenges::default(),
            keys: Mutex::new(HashMap::new()),
            seed,
            echo: AtomicBool::new(true),
        })
    }

    /// Turns the stderr echo of sent codes on or off; the outbox keeps them either way.
    pub fn set_echo(&self, on: bool) {
        self.echo.store(on, Ordering::Relaxed);
    }

    pub fn seed_info(&self) -> &SeedInfo {
        &self.seed
    }

    /// The `iss` of a pool's tokens; its JWKS lives under it.
    pub fn issuer(&self, pool_id: &str) -> String {
        format!("{}/{pool_id}", self.endpoint)
    }

    pub fn pool(&self, pool_id: &str) -> ApiResult<PoolRow> {
        self.store.get_pool(pool_id)?.ok_or_else(|| {
            ApiError::resource_not_found(format!("User pool {pool_id} does not exist."))
        })
    }

    /// The app client and its pool.
    pub fn client(&self, client_id: &str) -> ApiResult<(UserPoolClientType, PoolRow)> {
        let client = self.store.get_client(client_id)?.ok_or_else(|| {
            ApiError::resource_not_found(format!("User pool client {client_id} does not exist."))
        })?;
        let pool = self.pool(client.user_pool_id.as_deref().unwrap_or_default())?;
        Ok((client, pool))
    }

    pub fn keys(&self, pool_id: &str) -> ApiResult<Arc<PoolKeys>> {
        self.cached_keys(pool_id, || {
            let pool = self.pool(pool_id)?;
            PoolKeys::from_pem(&pool.signing_key_pem, &pool.kid)
        })
    }

    /// The signing keys cached under `name` (a pool id, or the identity pools' OpenID key),
    /// loaded by `load` the first time in this process: a key never changes once stored.
    pub fn cached_keys(
        &self,
        name: &str,
        load: impl FnOnce() -> ApiResult<PoolKeys>,
    ) -> ApiResult<Arc<PoolKeys>> {
        let lock = || {
            self.keys
                .lock()
                .map_err(|_| ApiError::internal("key cache lock poisoned"))
        };
        if let Some(k) = lock()?.get(name) {
            return Ok(k.clone());
        }
        // Parsed outside the lock: other pools' signatures need not wait for it.
        let keys = Arc::new(load()?);
        Ok(lock()?.entry(name.to_owned()).or_insert(keys).clone())
    }

    /// The pool's own secret (stand-ins for unknown users, pagination tokens).
    pub fn secret(&self) -> &[u8] {
        &self.secret
    }

    /// Makes a code kept under `code_key` for `valid_for` seconds, and "sends" it labelled
    /// `purpose`: the outbox (`GET /_local/outbox`) and stderr. Requests are rate-limited per
    /// user. Call inside a write transaction.
    pub fn send_code(
        &self,
        db: &Db<'_>,
        user: &User,
        code_key: &str,
        purpose: &str,
        valid_for: i64,
    ) -> ApiResult<CodeDeliveryDetails> {
        let now = self.clock.now();
        let recent =
            db.code_requests_since(&user.pool_id, &user.username, now - CODE_REQUEST_WINDOW)?;
        if recent >= MAX_CODE_REQUESTS {
            return Err(ApiError::limit_exceeded());
        }
        db.record_code_request(&user.pool_id, &user.username, now)?;
        let code = ids::code();
        db.set_code(
            &user.pool_id,
            &user.username,
            code_key,
            &code,
            now + valid_for,
        )?;
        let destination = user.email().unwrap_or_default().to_owned();
        self.deliver(db, user, purpose, &destination, &code)?;
        Ok(CodeDeliveryDetails {
            destination: Some(mask_email(&destination)),
            delivery_medium: Some("EMAIL".into()),
            attribute_name: Some("email".into()),
        })
    }

    /// Writes a message to the outbox and to stderr (escaped: it holds what users typed).
    pub fn deliver(
        &self,
        db: &Db<'_>,
        user: &User,
        purpose: &str,
        destination: &str,
        code: &str,
    ) -> ApiResult<()> {
        // A CustomMessage trigger's text for this send, if one ran (triggers::message).
        let (subject, message) = super::triggers::message::render(code, &user.username);
        let entry = OutboxEntry {
            pool_id: user.pool_id.clone(),
            destination: destination.to_owned(),
            username: user.username.clone(),
            purpose: purpose.to_owned(),
            code: code.to_owned(),
            sent_at: self.clock.now_f64(),
            subject,
            message,
        };
        db.outbox_add(&entry)?;
        // The outbox is the local pool's mail: printing the code is its purpose.
        if self.echo.load(Ordering::Relaxed) {
            eprintln!("{}", outbox_line(&entry));
        }
        Ok(())
    }
}

/// Codes a user may ask for within [`CODE_REQUEST_WINDOW`] seconds.
pub const MAX_CODE_REQUESTS: i64 = 10;
pub const CODE_REQUEST_WINDOW: i64 = 3600;

/// The stderr line for a sent code; every part a user chose is escaped.
pub fn outbox_line(e: &OutboxEntry) -> String {
    format!(
        "outbox: {} for {} to {}: {}",
        printable(&e.purpose),
        printable(&e.username),
        printable(&e.destination),
        printable(&e.code)
    )
}

const SECRET_KEY: &str = "pool_secret";

fn load_or_make_secret(store: &Store) -> ApiResult<Vec<u8>> {
    store.write(|db| {
        if let Some(hex_text) = db.meta_get(SECRET_KEY)?
            && let Ok(bytes) = hex::decode(hex_text)
            && bytes.len() == 32
        {
            return Ok(bytes);
        }
        let mut bytes = vec![0u8; 32];
        rand::fill(&mut bytes[..]);
        db.meta_set(SECRET_KEY, &hex::encode(&bytes))?;
        Ok(bytes)
    })
}

/// `j***@e***`, as Cognito shows where a code went.
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => format!(
            "{}***@{}***",
            local.chars().next().unwrap_or('*'),
            domain.chars().next().unwrap_or('*')
        ),
        None => "***".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outbox_line_escapes_what_users_typed() {
        let line = outbox_line(&OutboxEntry {
            pool_id: "p".into(),
            destination: "a\u{1b}[2J@example.com".into(),
            username: "bob\u{202e}".into(),
            purpose: "sign_up".into(),
            code: "123456".into(),
            sent_at: 0.0,
            subject: None,
            message: None,
        });
        assert!(
            !line.chars().any(crate::local::escape::is_hostile),
            "{line}"
        );
        assert!(line.contains("a\\u{1b}[2J@example.com"), "{line}");
    }
}
