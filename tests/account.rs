//! The account service (`auth::Account`) against a local pool started in-process: one refresh
//! when the TUI and a CLI process refresh the same session at once, one retry when Cognito
//! refuses the access token, the meaning of each sign-out scope (with Cognito unreachable
//! too), and several users per profile.
#![cfg(feature = "local")]

mod common;

use assert_cmd::Command;
use cogtui::auth::{Account, AuthError, AuthFlow, SignIn, SignOutScope};
use cogtui::config::{Profile, StoreKind};
use cogtui::secret::Secret;
use cogtui::session::{FileStore, MemoryStore, RefreshLock, SessionKey, SessionStore};
use common::{TestPool, start};
use serde_json::{Value, json};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

const PW: &str = "Acct-Passw0rd!";

fn profile(pool: &TestPool, endpoint: Option<&str>) -> Profile {
    Profile {
        name: "test".into(),
        region: "us-east-1".into(),
        user_pool_id: pool.info.user_pool_id.clone(),
        client_id: pool.info.client_id.clone(),
        client_secret: None,
        identity_pool_id: None,
        endpoint: Some(endpoint.unwrap_or(&pool.info.endpoint).to_owned()),
        hosted_ui_domain: None,
        session_store: Some(StoreKind::File),
        credentials_flow: None,
        role_arn: None,
        federation_endpoint: None,
    }
}

fn memory_account(pool: &TestPool, store: &Arc<MemoryStore>, dir: &Path) -> Account {
    Account::with_store(profile(pool, None), store.clone(), "memory", dir).unwrap()
}

async fn signed_in(account: &Account, user: &str) {
    match account.sign_in(user, &Secret::new(PW), AuthFlow::Srp).await {
        Ok(SignIn::Done(_)) => {}
        other => panic!("sign-in of {user}: {other:?}"),
    }
}

/// Can Cognito still refresh with this refresh token?
async fn refresh_works(pool: &TestPool, refresh: &str) -> bool {
    pool.call(
        "InitiateAuth",
        json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": pool.info.client_id,
               "AuthParameters": {"REFRESH_TOKEN": refresh}}),
    )
    .await
    .is_ok()
}

fn stored(store: &MemoryStore, user: &str) -> Option<cogtui::session::StoredTokens> {
    store.load(&SessionKey::new("test", user)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tui_and_a_cli_process_refreshing_at_once_leave_one_session() {
    let pool = start().await;
    pool.confirmed_user("rita", "rita@example.com", PW).await;
    let data = tempfile::tempdir().unwrap();
    let config = data.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "default_profile = \"test\"\n\n[profiles.test]\nregion = \"us-east-1\"\n\
             user_pool_id = \"{}\"\nclient_id = \"{}\"\nendpoint = \"{}\"\n\
             session_store = \"file\"\n",
            pool.info.user_pool_id, pool.info.client_id, pool.info.endpoint
        ),
    )
    .unwrap();
    // The TUI's side: the account service in this process, over the same file store.
    let account = Account::open(profile(&pool, None), None, data.path()).unwrap();
    signed_in(&account, "rita").await;
    let before = account.fresh_tokens(None).await.unwrap().access_token;

    let age_session = || {
        let path = data.path().join("sessions.json");
        let mut v: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        fn age(v: &mut Value) {
            match v {
                Value::Object(m) => {
                    if m.contains_key("expires_at") {
                        m.insert("expires_at".into(), json!(common::now() + 30));
                    }
                    m.values_mut().for_each(age);
                }
                Value::Array(a) => a.iter_mut().for_each(age),
                _ => {}
            }
        }
        age(&mut v);
        std::fs::write(&path, serde_json::to_vec(&v).unwrap()).unwrap();
    };
    let cli_tokens = || {
        let mut cmd = Command::cargo_bin("cogtui").unwrap();
        cmd.args(["tokens", "access"])
            .env("COGTUI_CONFIG", &config)
            .env("COGTUI_DATA_DIR", data.path())
            .env_remove("COGTUI_PROFILE");
        tokio::task::spawn_blocking(move || {
            let out = cmd.output().unwrap();
            assert!(out.status.success(), "{out:?}");
            String::from_utf8(out.stdout).unwrap().trim().to_owned()
        })
    };

    // The TUI is mid-refresh (it holds the lock) when the CLI finds the session due: the CLI
    // waits, then takes the TUI's new tokens instead of refreshing again.
    age_session();
    let key = SessionKey::new("test", "rita");
    let guard = RefreshLock::acquire(data.path(), &key, Duration::from_secs(5)).unwrap();
    let cli = cli_tokens();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let store = FileStore::new(data.path().join("sessions.json"));
    let old = store.load(&key).unwrap().unwrap();
    let fresh = cogtui::auth::refresh(account.client(), &old).await.unwrap();
    store.save(&key, &fresh).unwrap();
    drop(guard);
    assert_eq!(cli.await.unwrap(), fresh.access_token.expose());

    for round in 0..3 {
        // Due for refresh in both processes' eyes; both refresh at once.
        age_session();
        let cli = cli_tokens();
        let here = account.fresh_tokens(None).await.unwrap();
        let cli_token = cli.await.unwrap();
        // One refresh: the second one waited for the lock and took the first one's tokens.
        assert_eq!(cli_token, here.access_token.expose(), "round {round}");
        assert_ne!(here.access_token, before);
        let now_stored = account.fresh_tokens(None).await.unwrap();
        assert_eq!(now_stored.access_token, here.access_token);
        pool.call(
            "GetUser",
            json!({"AccessToken": now_stored.access_token.expose()}),
        )
        .await
        .expect("the stored session is valid");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_access_token_is_refreshed_once_then_the_session_ends() {
    let pool = start().await;
    pool.confirmed_user("sam", "sam@example.com", PW).await;
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let account = memory_account(&pool, &store, dir.path());
    signed_in(&account, "sam").await;
    let key = SessionKey::new("test", "sam");

    // Cognito refuses the access token (not due for refresh by its expiry): refreshed, retried.
    let mut t = stored(&store, "sam").unwrap();
    t.access_token = Secret::new("eyJraWQiOiJ4In0.eyJ4IjoxfQ.c2ln");
    store.save(&key, &t).unwrap();
    let view = account
        .user_view(None)
        .await
        .expect("retried after a refresh");
    assert_eq!(view.email.as_deref(), Some("sam@example.com"));
    let after = stored(&store, "sam").unwrap();
    assert_ne!(
        after.access_token.expose(),
        "eyJraWQiOiJ4In0.eyJ4IjoxfQ.c2ln"
    );

    // Refused again after the refresh (the refresh token is revoked too): the session ends.
    pool.call(
        "RevokeToken",
        json!({"ClientId": pool.info.client_id,
               "Token": after.refresh_token.as_ref().unwrap().expose()}),
    )
    .await
    .unwrap();
    let err = account.user_view(None).await.unwrap_err();
    assert!(matches!(err, AuthError::SessionEnded { .. }), "{err:?}");
    assert!(err.to_string().contains("sign in again"), "{err}");
    assert!(stored(&store, "sam").is_none());
    assert_eq!(account.current_user(), None);
    // A wrong current password is not a refused token: no refresh, the session stays.
    signed_in(&account, "sam").await;
    let t = stored(&store, "sam").unwrap();
    let err = account
        .change_password(
            None,
            &Secret::new("Wrong-Passw0rd!"),
            &Secret::new("New-Passw0rd!"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::Cognito(_)), "{err:?}");
    assert_eq!(stored(&store, "sam").unwrap().access_token, t.access_token);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_here_everywhere_and_local_only() {
    let pool = start().await;
    pool.confirmed_user("tia", "tia@example.com", PW).await;
    // Three machines, each with its own store and data dir.
    let machines: Vec<_> = (0..3)
        .map(|_| (Arc::new(MemoryStore::new()), tempfile::tempdir().unwrap()))
        .collect();
    let accounts: Vec<_> = machines
        .iter()
        .map(|(s, d)| memory_account(&pool, s, d.path()))
        .collect();
    for a in &accounts {
        signed_in(a, "tia").await;
    }
    let refresh = |i: usize| {
        stored(&machines[i].0, "tia")
            .unwrap()
            .refresh_token
            .unwrap()
            .expose()
            .to_owned()
    };
    let (r0, r1, r2) = (refresh(0), refresh(1), refresh(2));

    // Here: this session's refresh token is revoked; the others live on.
    let report = accounts[0]
        .sign_out(None, SignOutScope::Here)
        .await
        .unwrap();
    assert!(report.refresh_revoked && !report.signed_out_everywhere);
    assert!(stored(&machines[0].0, "tia").is_none());
    assert!(!refresh_works(&pool, &r0).await);
    assert!(refresh_works(&pool, &r1).await);

    // Cognito unreachable: the session stays and the error says so, for both scopes.
    let dead = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let offline = Account::with_store(
        profile(&pool, Some(&dead)),
        machines[1].0.clone(),
        "memory",
        machines[1].1.path(),
    )
    .unwrap();
    for scope in [SignOutScope::Here, SignOutScope::Everywhere] {
        let err = offline.sign_out(None, scope).await.unwrap_err();
        assert!(err.is_unreachable(), "{scope:?}: {err:?}");
        assert!(stored(&machines[1].0, "tia").is_some());
    }

    // Everywhere: every session of the user ends (machine 2's too).
    let report = accounts[1]
        .sign_out(None, SignOutScope::Everywhere)
        .await
        .unwrap();
    assert!(report.signed_out_everywhere);
    assert!(!refresh_works(&pool, &r1).await);
    assert!(!refresh_works(&pool, &r2).await);

    // Local only: forgotten here even with Cognito unreachable.
    let offline2 = Account::with_store(
        profile(&pool, Some(&dead)),
        machines[2].0.clone(),
        "memory",
        machines[2].1.path(),
    )
    .unwrap();
    offline2
        .sign_out(None, SignOutScope::LocalOnly)
        .await
        .unwrap();
    assert!(stored(&machines[2].0, "tia").is_none());
    assert_eq!(offline2.current_user(), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_users_per_profile() {
    let pool = start().await;
    for u in ["uma", "vic"] {
        pool.confirmed_user(u, &format!("{u}@example.com"), PW)
            .await;
    }
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(MemoryStore::new());
    let account = memory_account(&pool, &store, dir.path());
    signed_in(&account, "uma").await;
    signed_in(&account, "vic").await;
    // Signing in as another user keeps the first one's session reachable.
    let users = account.users();
    assert_eq!(
        users
            .iter()
            .map(|u| (u.username.as_str(), u.current))
            .collect::<Vec<_>>(),
        vec![("uma", false), ("vic", true)]
    );
    assert_eq!(
        account.fresh_tokens(Some("uma")).await.unwrap().username,
        "uma"
    );
    // By email too.
    assert_eq!(account.switch_user("uma@example.com").unwrap(), "uma");
    assert_eq!(account.current_user().as_deref(), Some("uma"));
    let err = account.switch_user("nobody").unwrap_err();
    assert!(matches!(err, AuthError::NotSignedIn { .. }), "{err:?}");
    let results = account.sign_out_all(SignOutScope::Here).await;
    assert!(results.iter().all(|(_, r)| r.is_ok()), "{results:?}");
    assert!(account.users().is_empty());
    assert!(stored(&store, "uma").is_none() && stored(&store, "vic").is_none());
}
