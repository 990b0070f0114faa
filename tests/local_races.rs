//! No lost updates: wrong sign-ins racing an admin's password change never write the old
//! password back, and a burst of wrong passwords gets no more guesses checked than the lockout
//! allows. Each race is repeated: a single run could pass by luck.

mod common;

use common::{TestPool, start};
use serde_json::json;
use std::sync::Arc;

const OLD: &str = "Old-Passw0rd!";
const NEW: &str = "New-Passw0rd!";

async fn password_login(
    p: &TestPool,
    username: &str,
    password: &str,
) -> Result<serde_json::Value, common::ApiErr> {
    p.call(
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": p.info.client_id,
               "AuthParameters": {"USERNAME": username, "PASSWORD": password}}),
    )
    .await
}

async fn set_password(p: &TestPool, username: &str, password: &str) {
    p.admin(
        "AdminSetUserPassword",
        json!({"UserPoolId": p.info.user_pool_id, "Username": username,
               "Password": password, "Permanent": true}),
    )
    .await
    .unwrap();
}

async fn new_user(p: &TestPool, username: &str) {
    p.admin(
        "AdminCreateUser",
        json!({"UserPoolId": p.info.user_pool_id, "Username": username, "MessageAction": "SUPPRESS",
               "UserAttributes": [{"Name": "email", "Value": format!("{username}@example.com")}]}),
    )
    .await
    .unwrap();
    set_password(p, username, OLD).await;
}

#[tokio::test]
async fn wrong_sign_ins_never_undo_an_admin_password_change() {
    let p = Arc::new(start().await);
    for trial in 0..40 {
        let user = format!("racer{trial}");
        new_user(&p, &user).await;
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..6 {
            let (p, user) = (p.clone(), user.clone());
            set.spawn(async move {
                let _ = password_login(&p, &user, "Wrong-Passw0rd!").await;
            });
        }
        {
            let (p, user) = (p.clone(), user.clone());
            set.spawn(async move { set_password(&p, &user, NEW).await });
        }
        while let Some(r) = set.join_next().await {
            r.unwrap();
        }
        // Past any lockout the race left: the admin's password is the one that works.
        p.advance_clock(16 * 60).await;
        password_login(&p, &user, NEW)
            .await
            .unwrap_or_else(|e| panic!("trial {trial}: the admin's password was lost: {e:?}"));
        assert!(
            password_login(&p, &user, OLD).await.is_err(),
            "trial {trial}"
        );
    }
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_gets_five_guesses_checked() {
    let p = Arc::new(start().await);
    for round in 0..3 {
        let user = format!("target{round}");
        new_user(&p, &user).await;
        let mut set = tokio::task::JoinSet::new();
        for _ in 0..64 {
            let (p, user) = (p.clone(), user.clone());
            set.spawn(async move { password_login(&p, &user, "Wrong-Passw0rd!").await });
        }
        let mut checked = 0;
        while let Some(r) = set.join_next().await {
            let err = r.unwrap().unwrap_err();
            assert_eq!(err.kind, "NotAuthorizedException");
            match err.message.as_str() {
                "Incorrect username or password." => checked += 1,
                "Password attempts exceeded" => {}
                other => panic!("unexpected message {other}"),
            }
        }
        assert_eq!(checked, 5, "round {round}: guesses checked");
        // Locked: even the right password is refused until the lockout ends.
        let err = password_login(&p, &user, OLD).await.unwrap_err();
        assert_eq!(err.message, "Password attempts exceeded");
    }
}
