//! CustomMessage and UserMigration on the local pool, run by Node and Python handler files:
//! the outbox messages around the code, and users brought in at sign-in and ForgotPassword.
#![cfg(feature = "local")]

mod common;
#[path = "triggers/support.rs"]
mod support;

use common::start;
use serde_json::{Value, json};
use support::{claims, need, node, password_login, python, set_triggers};

#[tokio::test]
#[ignore = "runs Lambda handlers with node: install it (apt-get install nodejs python3); CI runs it"]
async fn custom_message_writes_the_outbox_messages_around_the_code() {
    need("node");
    let p = start().await;
    set_triggers(&p, json!({"CustomMessage": node("custom_message.js")})).await;
    let newest = |outbox: Vec<Value>, user: &str| {
        outbox
            .into_iter()
            .rev()
            .find(|e| e["username"] == user)
            .expect("an outbox entry")
    };
    p.sign_up("lou", "lou@example.com", "Passw0rd!x").await;
    let sent = newest(p.outbox().await, "lou");
    let code = sent["code"].as_str().expect("code");
    assert_eq!(sent["subject"], "Welcome to Acme");
    assert_eq!(
        sent["message"],
        format!("Hello lou@example.com, your code is {code}.")
    );
    p.call(
        "ConfirmSignUp",
        json!({"ClientId": p.info.client_id, "Username": "lou", "ConfirmationCode": code}),
    )
    .await
    .expect("the code in the message confirms");
    p.call(
        "ForgotPassword",
        json!({"ClientId": p.info.client_id, "Username": "lou"}),
    )
    .await
    .expect("forgot");
    let sent = newest(p.outbox().await, "lou");
    assert_eq!(
        sent["message"],
        format!(
            "Your reset code is {}.",
            sent["code"].as_str().expect("code")
        )
    );
    let signed_in = password_login(&p, "lou", "Passw0rd!x")
        .await
        .expect("sign-in");
    let access = signed_in["AuthenticationResult"]["AccessToken"].clone();
    p.call(
        "UpdateUserAttributes",
        json!({"AccessToken": access,
               "UserAttributes": [{"Name": "email", "Value": "lou@new.example.com"}]}),
    )
    .await
    .expect("email changed");
    let sent = newest(p.outbox().await, "lou");
    let code = sent["code"].as_str().expect("code").to_owned();
    assert_eq!(
        sent["message"],
        format!("Confirm lou@new.example.com with {code}.")
    );
    p.call(
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": access, "AttributeName": "email"}),
    )
    .await
    .expect("code again");
    let sent = newest(p.outbox().await, "lou");
    let code2 = sent["code"].as_str().expect("code").to_owned();
    assert_eq!(
        sent["message"],
        format!("Confirm lou@new.example.com with {code2}.")
    );
    p.admin(
        "AdminCreateUser",
        json!({"UserPoolId": p.info.user_pool_id, "Username": "max",
               "TemporaryPassword": "Temp-Passw0rd!",
               "UserAttributes": [{"Name": "email", "Value": "max@example.com"}]}),
    )
    .await
    .expect("invited");
    let sent = newest(p.outbox().await, "max");
    assert_eq!(sent["message"], "Sign in as max with Temp-Passw0rd!.");
    // Without the trigger the outbox has the code alone, as before.
    set_triggers(&p, json!({})).await;
    p.sign_up("ned", "ned@example.com", "Passw0rd!x").await;
    assert!(newest(p.outbox().await, "ned")["message"].is_null());
}

#[tokio::test]
#[ignore = "runs Lambda handlers with python3: install it (apt-get install nodejs python3); CI runs it"]
async fn user_migration_brings_users_in_at_sign_in_and_at_forgot_password() {
    need("python3");
    let p = start().await;
    set_triggers(&p, json!({"UserMigration": python("user_migration.py")})).await;
    let done = password_login(&p, "olga", "Old-Passw0rd!")
        .await
        .expect("migrated at sign-in");
    assert_eq!(
        claims(&p, &done, "IdToken").await["email"],
        "olga@example.com"
    );
    let user = p
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": p.info.user_pool_id, "Username": "olga"}),
        )
        .await
        .expect("stored");
    assert_eq!(user["UserStatus"], "CONFIRMED");
    // Now an ordinary user: SRP works with the migrated password.
    p.srp_login("olga", "Old-Passw0rd!").await.expect("srp");
    // The handler refuses: the answer is the one for any unknown name.
    for (name, password) in [("olga2", "Old-Passw0rd!"), ("omar", "wrong")] {
        let err = password_login(&p, name, password).await.unwrap_err();
        assert_eq!(err.kind, "NotAuthorizedException", "{name}");
        assert_eq!(err.message, "Incorrect username or password.");
    }
    // ForgotPassword migrates without a password; the reset code lets the user in.
    p.call(
        "ForgotPassword",
        json!({"ClientId": p.info.client_id, "Username": "omar"}),
    )
    .await
    .expect("code sent");
    let code = p.code_for("omar", "forgot_password").await;
    p.call(
        "ConfirmForgotPassword",
        json!({"ClientId": p.info.client_id, "Username": "omar", "ConfirmationCode": code,
               "Password": "New-Passw0rd!"}),
    )
    .await
    .expect("reset");
    password_login(&p, "omar", "New-Passw0rd!")
        .await
        .expect("signs in after the reset");
}
