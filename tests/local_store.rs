//! The local pool's database: versioned migrations (a database written before versions were
//! tracked is brought up to date and keeps working), transactions (identical sign-ups racing
//! make one user), and private files.

mod common;

use common::{TestPool, start, start_in};
use serde_json::json;
use std::sync::Arc;

const PW: &str = "Corr3ct-Horse!";

/// Written by the pool as of commit fee4df9 (before schema versions): `fixture-alice`
/// (confirmed, password `Fixture-Passw0rd!`, one failed sign-in) and `fixture-bob`
/// (unconfirmed, a sign-up code pending).
const FIXTURE: &str = "tests/data/local-pool-v0.sqlite3";

fn user_version(dir: &std::path::Path) -> i64 {
    let conn = rusqlite::Connection::open(dir.join("pool.sqlite3")).unwrap();
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[tokio::test]
async fn a_database_from_before_versions_is_migrated_and_keeps_its_users() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(FIXTURE, dir.path().join("pool.sqlite3")).unwrap();
    assert_eq!(user_version(dir.path()), 0);
    let p = start_in(dir).await;
    assert!(user_version(p.dir.path()) >= 2);

    // The stored seed is kept: same pool, same clients.
    assert!(p.info.user_pool_id.starts_with("us-east-1_"));
    p.srp_login("fixture-alice", "Fixture-Passw0rd!")
        .await
        .expect("a user written before the migration signs in");
    assert!(
        p.srp_login("fixture-alice", "wrong-Passw0rd!")
            .await
            .is_err()
    );

    // An unconfirmed user can still be confirmed with a new code (the codes table changed).
    let bob = p
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": p.info.user_pool_id, "Username": "fixture-bob"}),
        )
        .await
        .unwrap();
    assert_eq!(bob["UserStatus"], "UNCONFIRMED");
    p.call(
        "ResendConfirmationCode",
        json!({"ClientId": p.info.client_id, "Username": "fixture-bob"}),
    )
    .await
    .unwrap();
    let code = p.code_for("fixture-bob", "resend").await;
    p.call(
        "ConfirmSignUp",
        json!({"ClientId": p.info.client_id, "Username": "fixture-bob", "ConfirmationCode": code}),
    )
    .await
    .unwrap();
    p.srp_login("fixture-bob", "Fixture-Passw0rd!")
        .await
        .unwrap();

    // A second start finds nothing to migrate.
    let dir = p.stop().await;
    let p = start_in(dir).await;
    p.srp_login("fixture-bob", "Fixture-Passw0rd!")
        .await
        .unwrap();
}

async fn race_sign_ups(p: &Arc<TestPool>, client_id: &str, username: &str) -> (usize, usize) {
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..20 {
        let p = p.clone();
        let body = json!({"ClientId": client_id, "Username": username, "Password": PW,
                          "UserAttributes": [{"Name": "email", "Value": "same@example.com"}]});
        set.spawn(async move { p.call("SignUp", body).await });
    }
    let (mut ok, mut exists) = (0, 0);
    while let Some(r) = set.join_next().await {
        match r.unwrap() {
            Ok(_) => ok += 1,
            Err(e) if e.kind == "UsernameExistsException" => exists += 1,
            Err(e) => panic!("unexpected answer: {e:?}"),
        }
    }
    (ok, exists)
}

#[tokio::test]
async fn twenty_identical_sign_ups_at_once_make_one_user() {
    let p = Arc::new(start().await);
    // A pool where the email is the username: the check for a taken email and the insert
    // are two statements, so only a transaction keeps them together.
    let pool_id = p
        .admin(
            "CreateUserPool",
            json!({"PoolName": "by-email", "UsernameAttributes": ["email"],
                   "AutoVerifiedAttributes": ["email"]}),
        )
        .await
        .unwrap()["UserPool"]["Id"]
        .as_str()
        .unwrap()
        .to_owned();
    let client_id = p
        .admin(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "app",
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await
        .unwrap()["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    for round in 0..3 {
        let email = format!("racer{round}@example.com");
        let (ok, exists) = race_sign_ups(&p, &client_id, &email).await;
        assert_eq!((ok, exists), (1, 19), "round {round}");
        let listed = p
            .admin(
                "ListUsers",
                json!({"UserPoolId": pool_id, "Filter": format!("email = \"{email}\"")}),
            )
            .await
            .unwrap();
        assert_eq!(
            listed["Users"].as_array().unwrap().len(),
            1,
            "round {round}"
        );
    }
    // The seeded pool (usernames, email as alias) likewise.
    let client = p.info.client_id.clone();
    let (ok, exists) = race_sign_ups(&p, &client, "racer").await;
    assert_eq!((ok, exists), (1, 19));
}

#[cfg(unix)]
#[tokio::test]
async fn the_data_dir_is_0700_and_the_database_0600() {
    use std::os::unix::fs::PermissionsExt;
    let parent = tempfile::tempdir().unwrap();
    let data = parent.path().join("fresh").join("local");
    let pool = cogtui::local::LocalPool::start(cogtui::local::LocalConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: data.clone(),
        region: "us-east-1".into(),
    })
    .await
    .unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("pool.sqlite3")), 0o600);
    for side in ["pool.sqlite3-wal", "pool.sqlite3-shm"] {
        let path = data.join(side);
        if path.exists() {
            assert_eq!(mode(&path), 0o600, "{side}");
        }
    }
    pool.stop().await;

    // A database left readable by others (an older cogtui) is narrowed at the next start.
    std::fs::set_permissions(
        data.join("pool.sqlite3"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let pool = cogtui::local::LocalPool::start(cogtui::local::LocalConfig {
        bind: "127.0.0.1:0".parse().unwrap(),
        data_dir: data.clone(),
        region: "us-east-1".into(),
    })
    .await
    .unwrap();
    assert_eq!(mode(&data.join("pool.sqlite3")), 0o600);
    pool.stop().await;
}
