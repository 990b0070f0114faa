//! Cached AWS credentials are answered from the identity item alone (one keyring item, the
//! `credential_process` fast path of docs/performance.md), while signing out, a session gone
//! from the store and expired credentials still behave as before: nothing is served for a user
//! who is not signed in.
#![cfg(feature = "local")]

mod common;

use cogtui::auth::{Account, AuthError, AuthFlow, SignIn};
use cogtui::creds::{self, CredsError, CredsOptions};
use cogtui::secret::Secret;
use cogtui::session::{
    DeviceSecrets, MemoryStore, SessionError, SessionKey, SessionStore, StoredIdentity,
    StoredTokens, TotpSecret,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

const PW: &str = "Cache-Passw0rd!";

/// A memory store that counts the reads of each kind of item.
#[derive(Default)]
struct Counting {
    inner: MemoryStore,
    tokens: AtomicUsize,
    identity: AtomicUsize,
}

impl SessionStore for Counting {
    fn load(&self, key: &SessionKey) -> Result<Option<StoredTokens>, SessionError> {
        self.tokens.fetch_add(1, Ordering::SeqCst);
        self.inner.load(key)
    }
    fn save(&self, key: &SessionKey, tokens: &StoredTokens) -> Result<(), SessionError> {
        self.inner.save(key, tokens)
    }
    fn delete(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.inner.delete(key)
    }
    fn load_device(&self, key: &SessionKey) -> Result<Option<DeviceSecrets>, SessionError> {
        self.inner.load_device(key)
    }
    fn save_device(&self, key: &SessionKey, device: &DeviceSecrets) -> Result<(), SessionError> {
        self.inner.save_device(key, device)
    }
    fn delete_device(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.inner.delete_device(key)
    }
    fn load_totp(&self, key: &SessionKey) -> Result<Option<TotpSecret>, SessionError> {
        self.inner.load_totp(key)
    }
    fn save_totp(&self, key: &SessionKey, secret: &TotpSecret) -> Result<(), SessionError> {
        self.inner.save_totp(key, secret)
    }
    fn delete_totp(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.inner.delete_totp(key)
    }
    fn load_identity(&self, key: &SessionKey) -> Result<Option<StoredIdentity>, SessionError> {
        self.identity.fetch_add(1, Ordering::SeqCst);
        self.inner.load_identity(key)
    }
    fn save_identity(&self, key: &SessionKey, value: &StoredIdentity) -> Result<(), SessionError> {
        self.inner.save_identity(key, value)
    }
    fn delete_identity(&self, key: &SessionKey) -> Result<(), SessionError> {
        self.inner.delete_identity(key)
    }
}

impl Counting {
    fn reads(&self) -> (usize, usize) {
        (
            self.tokens.swap(0, Ordering::SeqCst),
            self.identity.swap(0, Ordering::SeqCst),
        )
    }
}

async fn account(pool: &common::TestPool, store: &Arc<Counting>, dir: &std::path::Path) -> Account {
    let profile = cogtui::config::Profile {
        identity_pool_id: Some(pool.info.identity_pool_id.clone()),
        ..common::local_profile(&pool.info)
    };
    Account::with_store(profile, store.clone(), "memory", dir).unwrap()
}

async fn signed_in(account: &Account, pool: &common::TestPool, user: &str) {
    pool.confirmed_user(user, &format!("{user}@example.com"), PW)
        .await;
    sign_in(account, user).await;
}

async fn sign_in(account: &Account, user: &str) {
    match account.sign_in(user, &Secret::new(PW), AuthFlow::Srp).await {
        Ok(SignIn::Done(_)) => {}
        other => panic!("sign-in of {user}: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cached_answer_reads_only_the_identity_item() {
    let pool = common::start().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Counting::default());
    let acct = account(&pool, &store, dir.path()).await;
    signed_in(&acct, &pool, "cara").await;
    let opts = CredsOptions::default();

    let first = creds::credentials(&acct, &opts).await.unwrap();
    assert!(!first.cached);
    store.reads();

    let again = creds::credentials(&acct, &opts).await.unwrap();
    assert!(again.cached);
    assert_eq!(again.credentials, first.credentials);
    assert_eq!(again.username.as_deref(), Some("cara"));
    assert_eq!(store.reads(), (0, 1), "(session reads, identity reads)");

    // Named by email, as `--user` allows: still answered from the cache.
    let by_email = CredsOptions {
        user: Some("cara@example.com".into()),
        ..CredsOptions::default()
    };
    let named = creds::credentials(&acct, &by_email).await.unwrap();
    assert!(named.cached);
    assert_eq!(named.username.as_deref(), Some("cara"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_served_for_a_user_who_is_not_signed_in() {
    let pool = common::start().await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Counting::default());
    let acct = account(&pool, &store, dir.path()).await;
    signed_in(&acct, &pool, "dara").await;
    let opts = CredsOptions::default();
    creds::credentials(&acct, &opts).await.unwrap();
    let key = SessionKey::new("local", "dara");

    // Signed out: the list of signed-in users no longer names her, so the cache is not read.
    acct.sign_out(Some("dara"), cogtui::auth::SignOutScope::LocalOnly)
        .await
        .unwrap();
    store.reads();
    let err = creds::credentials(&acct, &opts).await.unwrap_err();
    assert!(
        matches!(err, CredsError::Auth(AuthError::NotSignedIn { .. })),
        "{err}"
    );
    assert_eq!(store.reads().1, 0);

    // The session item gone behind cogtui's back while the list still names her: once the
    // cached credentials are due, she is refused and the cached identity goes too.
    sign_in(&acct, "dara").await;
    creds::credentials(&acct, &opts).await.unwrap();
    store.delete(&key).unwrap();
    let mut kept = store.load_identity(&key).unwrap().unwrap();
    if let Some(c) = kept.credentials.as_mut() {
        c.expiration = common::now() + 60;
    }
    store.save_identity(&key, &kept).unwrap();
    let err = creds::credentials(&acct, &opts).await.unwrap_err();
    assert!(
        matches!(err, CredsError::Auth(AuthError::NotSignedIn { .. })),
        "{err}"
    );
    assert!(store.load_identity(&key).unwrap().is_none());
}
