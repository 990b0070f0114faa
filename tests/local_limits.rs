//! Bounded resources and hostile input: field limits before any work, challenge sessions capped
//! per user, an oversized Content-Length refused up front, idle and half-sent connections
//! closed, the outbox read by pages, Content-Type checked, and no error quoting what was sent.

mod common;

use common::{ApiErr, start};
use serde_json::json;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const PW: &str = "Corr3ct-Horse!";

#[tokio::test]
async fn oversized_fields_are_refused_before_any_work() {
    let p = start().await;
    let huge = "u".repeat(500_000);
    let before = p.pool.as_ref().unwrap().state.challenges.len();
    for _ in 0..20 {
        let (challenge, _) = (
            p.call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": p.info.client_id,
                       "AuthParameters": {"USERNAME": huge, "SRP_A": "02"}}),
            )
            .await,
            (),
        );
        let err = challenge.unwrap_err();
        assert_eq!(err.kind, "InvalidParameterException");
        assert!(err.message.contains("'USERNAME'"), "{}", err.message);
        assert!(!err.message.contains("uuuu"));
    }
    assert_eq!(p.pool.as_ref().unwrap().state.challenges.len(), before);
    let err = p
        .call(
            "SignUp",
            json!({"ClientId": p.info.client_id, "Username": "x", "Password": PW,
                   "UserAttributes": [{"Name": "email", "Value": format!("{}@example.com", "a".repeat(3000))}]}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    let err = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": "alice", "SRP_A": "f".repeat(1000)}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
}

#[tokio::test]
async fn challenge_sessions_are_capped_per_user_oldest_first() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let cid = p.info.client_id.clone();
    let first = p.srp_start(&cid, "alice", &[]).await.unwrap();
    for _ in 0..12 {
        p.srp_start(&cid, "alice", &[]).await.unwrap();
    }
    let last = p.srp_start(&cid, "alice", &[]).await.unwrap();
    let ts = cogtui::srp::format_timestamp(common::now());
    let answer = p.srp_answer(&first.0, &first.1, PW, &ts);
    let err = p
        .respond(&cid, "PASSWORD_VERIFIER", Some(&first.0["Session"]), answer)
        .await
        .unwrap_err();
    assert!(err.message.contains("session"), "{}", err.message);
    let answer = p.srp_answer(&last.0, &last.1, PW, &ts);
    p.respond(&cid, "PASSWORD_VERIFIER", Some(&last.0["Session"]), answer)
        .await
        .expect("the newest challenge is still open");
    assert!(p.pool.as_ref().unwrap().state.challenges.len() <= 10);
}

async fn read_all(stream: &mut TcpStream) -> String {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        match tokio::time::timeout(Duration::from_secs(30), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
            Err(_) => panic!(
                "the server kept the connection open: {}",
                String::from_utf8_lossy(&out)
            ),
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn an_oversized_content_length_is_refused_up_front_and_the_connection_closed() {
    let p = start().await;
    let addr = p.info.endpoint.trim_start_matches("http://").to_owned();
    let mut s = TcpStream::connect(&addr).await.unwrap();
    let head = format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-amz-json-1.1\r\n\
         X-Amz-Target: AWSCognitoIdentityProviderService.SignUp\r\nContent-Length: 2000000\r\n\r\n"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // Not a byte of the body is sent: the answer must come anyway, and the connection end.
    let answer = read_all(&mut s).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
}

async fn pool_with_short_timeouts() -> (cogtui::local::LocalPool, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let pool = cogtui::local::LocalPool::start_with(
        cogtui::local::LocalConfig {
            bind: "127.0.0.1:0".parse().unwrap(),
            data_dir: dir.path().to_path_buf(),
            region: "us-east-1".into(),
        },
        cogtui::local::ConnectionLimits {
            idle: Duration::from_secs(1),
            request: Duration::from_secs(2),
            max_connections: 64,
        },
    )
    .await
    .unwrap();
    (pool, dir)
}

#[tokio::test]
async fn idle_and_half_sent_connections_are_closed() {
    let (pool, _dir) = pool_with_short_timeouts().await;
    let addr = pool.addr;
    // Idle: connects and says nothing.
    let mut idle = TcpStream::connect(addr).await.unwrap();
    assert_eq!(read_all(&mut idle).await, "");
    // Half-sent: a header line trickled a byte at a time, never finished.
    let mut slow = TcpStream::connect(addr).await.unwrap();
    slow.write_all(b"POST / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let mut closed = false;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(300)).await;
        if slow.write_all(b"X").await.is_err() {
            closed = true;
            break;
        }
        let mut buf = [0u8; 64];
        if let Ok(Ok(0)) =
            tokio::time::timeout(Duration::from_millis(10), slow.read(&mut buf)).await
        {
            closed = true;
            break;
        }
    }
    assert!(closed, "a request trickled for 30 s was still being read");
    pool.stop().await;
}

#[tokio::test]
async fn the_outbox_is_paged() {
    let p = start().await;
    for name in ["ann", "ben", "cat"] {
        p.sign_up(name, &format!("{name}@example.com"), PW).await;
    }
    let get = |q: &str| {
        let url = format!("{}/_local/outbox{q}", p.info.endpoint);
        let http = p.http.clone();
        async move {
            http.get(url)
                .send()
                .await
                .unwrap()
                .json::<Vec<serde_json::Value>>()
                .await
                .unwrap()
        }
    };
    // Without parameters: a JSON array, oldest first, as before (now with ids).
    let all = get("").await;
    assert_eq!(all.len(), 3);
    let ids: Vec<i64> = all.iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]));
    let after = get(&format!("?after={}", ids[0])).await;
    assert_eq!(after.len(), 2);
    assert_eq!(after[0]["username"], "ben");
    let ben = get("?username=BEN").await;
    assert_eq!(ben.len(), 1);
    assert_eq!(ben[0]["username"], "ben");
    let one = get("?after=0&limit=1").await;
    assert_eq!(one.len(), 1);
    assert_eq!(one[0]["username"], "ann");
    let bad = p
        .http
        .get(format!("{}/_local/outbox?after=x", p.info.endpoint))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn the_content_type_is_checked() {
    let p = start().await;
    let resp = p
        .http
        .post(format!("{}/", p.info.endpoint))
        .header("content-type", "text/plain")
        .header("x-amz-target", "AWSCognitoIdentityProviderService.SignUp")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["__type"], "SerializationException");
}

#[tokio::test]
async fn errors_never_quote_what_was_sent() {
    let p = start().await;
    let hostile = "\u{1b}[2Jevil\u{202e}";
    let check = |r: Result<serde_json::Value, ApiErr>| {
        let e = r.unwrap_err();
        assert!(!e.message.contains("evil"), "{}: {}", e.kind, e.message);
        assert!(
            !e.message.chars().any(cogtui::local::escape::is_hostile),
            "{}",
            e.message
        );
    };
    check(
        p.call(
            "InitiateAuth",
            json!({"AuthFlow": hostile, "ClientId": p.info.client_id, "AuthParameters": {}}),
        )
        .await,
    );
    // Header values cannot carry control characters; the words alone must not come back.
    check(p.raw(Some("Nope-evil.X"), b"{}".to_vec()).await);
    check(p.call("Drop-evil", json!({})).await);
    check(
        p.call(
            "VerifyUserAttribute",
            json!({"AccessToken": "x", "AttributeName": hostile, "Code": "1"}),
        )
        .await,
    );
    check(
        p.call(
            "RespondToAuthChallenge",
            json!({"ClientId": p.info.client_id, "ChallengeName": hostile,
                   "ChallengeResponses": {"USERNAME": "a"}, "Session": "s"}),
        )
        .await,
    );
}

#[tokio::test]
async fn the_outbox_never_returns_more_than_a_page() {
    let p = start().await;
    let st = p.pool.as_ref().unwrap().state.clone();
    st.set_echo(false);
    p.sign_up("dan", "dan@example.com", PW).await;
    // 1,010 more codes for one user: ten an hour, the pool's clock moved on before each ten.
    let resend = json!({"ClientId": p.info.client_id, "Username": "dan"}).to_string();
    for _ in 0..101 {
        st.clock.advance(3_601);
        for _ in 0..10 {
            st.call("ResendConfirmationCode", resend.as_bytes())
                .expect("resend");
        }
    }
    let get = |q: String| {
        let url = format!("{}/_local/outbox{q}", p.info.endpoint);
        let http = p.http.clone();
        async move {
            let page: Vec<serde_json::Value> =
                http.get(url).send().await.unwrap().json().await.unwrap();
            page.iter()
                .map(|e| e["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    let newest = get(String::new()).await;
    assert_eq!(newest.len(), 1000, "without parameters: one page");
    assert_eq!(get("?limit=5000".into()).await.len(), 1000);
    assert_eq!(get("?username=dan".into()).await, newest);
    // Walking with ?after= returns all 1,011 entries once each, oldest first.
    let mut all = Vec::new();
    loop {
        let page = get(format!("?after={}", all.last().unwrap_or(&0))).await;
        assert!(page.len() <= 1000);
        if page.is_empty() {
            break;
        }
        all.extend(page);
    }
    assert_eq!(all.len(), 1011);
    assert!(all.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(all[all.len() - 1000..], newest[..]);
}
