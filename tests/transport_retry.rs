//! The wire client against a scripted server: which failures are retried, which are not, and
//! how errors are decoded (header, `__type`, bodies that are not JSON).
#![cfg(feature = "local")]

use axum::Router;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use cogtui::cognito::types::Empty;
use cogtui::cognito::{CognitoError, ErrorKind, IDP, Idempotence, Transport};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

type Reply = (StatusCode, HeaderMap, String);

/// Serves the scripted replies in order (the last one repeats) and counts the calls.
async fn scripted(replies: Vec<Reply>) -> (String, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let counter = calls.clone();
    let replies = Arc::new(replies);
    let app = Router::new().route(
        "/",
        post(move || {
            let replies = replies.clone();
            let n = counter.fetch_add(1, Ordering::SeqCst);
            async move { replies[n.min(replies.len() - 1)].clone() }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    (format!("http://{addr}/"), calls)
}

fn error(status: u16, kind: &str) -> Reply {
    let mut h = HeaderMap::new();
    h.insert(
        "x-amzn-errortype",
        format!("{kind}:http://internal").parse().unwrap(),
    );
    (
        StatusCode::from_u16(status).unwrap(),
        h,
        format!(r#"{{"__type":"{kind}","message":"scripted"}}"#),
    )
}

fn ok() -> Reply {
    (StatusCode::OK, HeaderMap::new(), "{}".into())
}

async fn call(endpoint: &str, idem: Idempotence) -> Result<Empty, CognitoError> {
    Transport::new(endpoint)
        .unwrap()
        .call(IDP, "GetUser", &Empty {}, idem)
        .await
}

#[tokio::test]
async fn throttling_is_retried_for_any_call() {
    let (ep, calls) = scripted(vec![
        error(400, "TooManyRequestsException"),
        error(400, "TooManyRequestsException"),
        ok(),
    ])
    .await;
    call(&ep, Idempotence::Unsafe).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn retries_are_capped() {
    let (ep, calls) = scripted(vec![error(400, "LimitExceededException")]).await;
    let err = call(&ep, Idempotence::Unsafe).await.unwrap_err();
    assert!(err.is(&ErrorKind::LimitExceeded));
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn server_faults_are_retried_only_where_repeating_is_safe() {
    let (ep, calls) = scripted(vec![error(500, "InternalErrorException"), ok()]).await;
    let err = call(&ep, Idempotence::Unsafe).await.unwrap_err();
    assert!(err.is_server_fault());
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    let (ep, calls) = scripted(vec![error(500, "InternalErrorException"), ok()]).await;
    call(&ep, Idempotence::Safe).await.unwrap();
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn refusals_are_not_retried_and_keep_their_type() {
    let (ep, calls) = scripted(vec![error(400, "NotAuthorizedException")]).await;
    let err = call(&ep, Idempotence::Safe).await.unwrap_err();
    assert_eq!(err.kind(), Some(&ErrorKind::NotAuthorized));
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn bodies_that_are_not_json_are_parse_errors_not_panics() {
    let html = (
        StatusCode::BAD_GATEWAY,
        HeaderMap::new(),
        "<html>bad gateway</html>".to_owned(),
    );
    let (ep, _) = scripted(vec![html]).await;
    let err = call(&ep, Idempotence::Unsafe).await.unwrap_err();
    assert!(
        matches!(err, CognitoError::Service { status: 502, .. }),
        "{err:?}"
    );

    let (ep, _) = scripted(vec![(
        StatusCode::FORBIDDEN,
        HeaderMap::new(),
        "nope".into(),
    )])
    .await;
    let err = call(&ep, Idempotence::Unsafe).await.unwrap_err();
    assert!(matches!(err, CognitoError::Parse { .. }), "{err:?}");

    let (ep, _) = scripted(vec![(StatusCode::OK, HeaderMap::new(), "not json".into())]).await;
    let err = call(&ep, Idempotence::Unsafe).await.unwrap_err();
    assert!(matches!(err, CognitoError::Parse { .. }), "{err:?}");
}

#[tokio::test]
async fn a_refused_connection_is_a_network_error() {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    drop(l);
    let err = call(&format!("http://{addr}/"), Idempotence::Unsafe)
        .await
        .unwrap_err();
    assert!(matches!(err, CognitoError::Network { .. }), "{err:?}");
    assert!(err.to_string().contains("cannot reach"));
}
