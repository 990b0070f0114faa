//! Sign-in against a scripted server that asks for challenges cogtui does not handle yet: the
//! flow ends in a clear "not supported" error naming the challenge, never a hang.
#![cfg(feature = "local")]

use axum::Router;
use axum::routing::post;
use cogtui::auth::{AuthClient, AuthError, AuthFlow, sign_in};
use cogtui::config::Profile;
use cogtui::secret::Secret;

async fn server_answering(body: &'static str) -> String {
    let app = Router::new().route(
        "/",
        post(move || async move { ([("content-type", "application/x-amz-json-1.1")], body) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}/")
}

fn profile(endpoint: &str) -> Profile {
    Profile {
        name: "scripted".into(),
        region: "us-east-1".into(),
        user_pool_id: "us-east-1_Scripted1".into(),
        client_id: "client".into(),
        client_secret: None,
        identity_pool_id: None,
        endpoint: Some(endpoint.into()),
        hosted_ui_domain: None,
        session_store: None,
        credentials_flow: None,
        role_arn: None,
        federation_endpoint: None,
    }
}

#[tokio::test]
async fn unhandled_challenges_are_not_supported_errors() {
    // (MFA_SETUP with nothing it can set up is unanswerable too.)
    for name in [
        "MFA_SETUP",
        "CUSTOM_CHALLENGE",
        "DEVICE_SRP_AUTH",
        "SMS_OTP",
        "WEB_AUTHN",
    ] {
        let body: &'static str = Box::leak(
            format!(r#"{{"ChallengeName":"{name}","Session":"s","ChallengeParameters":{{}}}}"#)
                .into_boxed_str(),
        );
        let ep = server_answering(body).await;
        let c = AuthClient::new(profile(&ep)).unwrap();
        let err = sign_in(&c, "u", &Secret::new("p"), AuthFlow::Password, None)
            .await
            .unwrap_err();
        match err {
            AuthError::NotSupported(text) => assert!(text.contains(name), "{text}"),
            other => panic!("{name}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn an_answer_with_neither_tokens_nor_challenge_is_incomplete() {
    let ep = server_answering("{}").await;
    let c = AuthClient::new(profile(&ep)).unwrap();
    let err = sign_in(&c, "u", &Secret::new("p"), AuthFlow::Password, None)
        .await
        .unwrap_err();
    assert!(matches!(err, AuthError::Incomplete(_)), "{err:?}");
}
