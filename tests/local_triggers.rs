//! Triggers on the local pool, run by real Lambda handler files (Node and Python) used
//! unchanged through the runners in tests/triggers/: pre-token-generation claims in the signed
//! tokens (every token path), pre-sign-up auto-confirm and refusal, post-confirmation's event,
//! pre-authentication, Cognito's errors for a slow, a crashing and an unreachable handler, an
//! HTTP trigger, configuration-time checks, and boto3 setting a trigger.
#![cfg(feature = "local")]

mod common;
#[path = "triggers/support.rs"]
mod support;

use common::start;
use serde_json::{Value, json};
use std::time::Duration;
use support::{claims, dir, need, node, password_login, python, set_triggers};

#[tokio::test]
#[ignore = "runs Lambda handlers with node: install it (apt-get install nodejs python3); CI runs it"]
async fn a_node_pre_token_generation_handler_adds_a_claim_to_the_id_token() {
    need("node");
    let p = start().await;
    p.confirmed_user("ana", "ana@example.com", "Passw0rd!x")
        .await;
    set_triggers(
        &p,
        json!({"PreTokenGeneration": node("pre_token_generation.js")}),
    )
    .await;
    let result = password_login(&p, "ana", "Passw0rd!x")
        .await
        .expect("sign-in");
    let id = claims(&p, &result, "IdToken").await;
    assert_eq!(id["team"], "red", "{id}");
    assert_eq!(id["source"], "TokenGeneration_Authentication");
    assert!(id.get("email").is_none(), "suppressed by the handler: {id}");
    assert_eq!(id["cognito:username"], "ana");
    let access = claims(&p, &result, "AccessToken").await;
    assert!(access.get("team").is_none(), "V1 changes the ID token only");
    // Refresh runs it again with its own triggerSource.
    let refreshed = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"REFRESH_TOKEN": result["AuthenticationResult"]["RefreshToken"]}}),
        )
        .await
        .expect("refresh");
    let id = claims(&p, &refreshed, "IdToken").await;
    assert_eq!(id["source"], "TokenGeneration_RefreshTokens");
    // SRP sign-in goes through the same hook.
    let srp = p.srp_login("ana", "Passw0rd!x").await.expect("srp");
    assert_eq!(claims(&p, &srp, "IdToken").await["team"], "red");
}

#[tokio::test]
#[ignore = "runs Lambda handlers with python3: install it (apt-get install nodejs python3); CI runs it"]
async fn a_python_v2_handler_adds_claims_and_scopes_to_the_access_token() {
    need("python3");
    let p = start().await;
    p.confirmed_user("bo", "bo@example.com", "Passw0rd!x").await;
    set_triggers(
        &p,
        json!({"PreTokenGenerationConfig": {"LambdaVersion": "V2_0",
                                            "LambdaArn": python("pre_token_generation_v2.py")}}),
    )
    .await;
    let result = password_login(&p, "bo", "Passw0rd!x")
        .await
        .expect("sign-in");
    let access = claims(&p, &result, "AccessToken").await;
    assert_eq!(access["tier"], "gold", "{access}");
    assert_eq!(access["roles"], json!(["admin", "ops"]));
    assert_eq!(access["scope"], "aws.cognito.signin.user.admin orders/read");
    assert_eq!(claims(&p, &result, "IdToken").await["tier"], "gold");
}

#[tokio::test]
#[ignore = "runs Lambda handlers with python3: install it (apt-get install nodejs python3); CI runs it"]
async fn pre_sign_up_auto_confirms_or_refuses_with_the_handlers_message() {
    need("python3");
    let p = start().await;
    set_triggers(&p, json!({"PreSignUp": python("pre_sign_up.py")})).await;
    let answer = p.sign_up("cy", "cy@example.com", "Passw0rd!x").await;
    assert_eq!(answer["UserConfirmed"], true);
    assert!(answer.get("CodeDeliveryDetails").is_none());
    let user = p
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": p.info.user_pool_id, "Username": "cy"}),
        )
        .await
        .expect("user");
    assert_eq!(user["UserStatus"], "CONFIRMED");
    password_login(&p, "cy", "Passw0rd!x")
        .await
        .expect("signs in at once");
    let err = p
        .call(
            "SignUp",
            json!({"ClientId": p.info.client_id, "Username": "dee", "Password": "Passw0rd!x",
                   "UserAttributes": [{"Name": "email", "Value": "dee@elsewhere.org"}]}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "UserLambdaValidationException");
    assert_eq!(
        err.message,
        "PreSignUp failed with error Sign-ups are open to example.com addresses only."
    );
    let gone = p
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": p.info.user_pool_id, "Username": "dee"}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        gone.kind, "UserNotFoundException",
        "a refused sign-up stores nothing"
    );
    // A taken name is refused before the handler runs (it would refuse this address).
    let err = p
        .call(
            "SignUp",
            json!({"ClientId": p.info.client_id, "Username": "cy", "Password": "Passw0rd!x",
                   "UserAttributes": [{"Name": "email", "Value": "cy@elsewhere.org"}]}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "UsernameExistsException");
}

#[tokio::test]
#[ignore = "runs Lambda handlers with node: install it (apt-get install nodejs python3); CI runs it"]
async fn post_confirmation_gets_cognitos_event_without_the_password() {
    need("node");
    let p = start().await;
    let log = p.dir.path().join("event.json");
    set_triggers(
        &p,
        json!({"PostConfirmation": format!("cmd:EVENT_LOG={} node {1}/run.js {1}/post_confirmation.js", log.display(), dir())}),
    )
    .await;
    p.confirmed_user("eve", "eve@example.com", "S3cret-Passw0rd!")
        .await;
    let text = std::fs::read_to_string(&log).expect("the handler wrote the event");
    assert!(
        !text.contains("S3cret-Passw0rd!"),
        "the event carries no password"
    );
    let event: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(event["triggerSource"], "PostConfirmation_ConfirmSignUp");
    assert_eq!(event["version"], "1");
    assert_eq!(event["region"], p.info.region);
    assert_eq!(event["userPoolId"], p.info.user_pool_id);
    assert_eq!(event["userName"], "eve");
    assert_eq!(event["callerContext"]["clientId"], p.info.client_id);
    assert!(event["callerContext"]["awsSdkVersion"].is_string());
    let attrs = &event["request"]["userAttributes"];
    assert_eq!(attrs["email"], "eve@example.com");
    assert_eq!(attrs["email_verified"], "true");
    assert_eq!(attrs["cognito:user_status"], "CONFIRMED");
    assert!(attrs["sub"].is_string());
}

#[tokio::test]
#[ignore = "runs Lambda handlers with node: install it (apt-get install nodejs python3); CI runs it"]
async fn a_slow_handler_times_out_and_a_crashing_one_fails_as_on_cognito() {
    need("node");
    let p = start().await;
    let state = &p.pool.as_ref().expect("pool").state;
    assert_eq!(
        state.triggers.timeout(),
        Duration::from_secs(5),
        "Cognito's 5 s by default"
    );
    state.triggers.set_timeout(Duration::from_millis(1500));
    set_triggers(&p, json!({"PreSignUp": node("slow.js")})).await;
    let started = std::time::Instant::now();
    let err = p
        .call(
            "SignUp",
            json!({"ClientId": p.info.client_id, "Username": "fay", "Password": "Passw0rd!x",
                   "UserAttributes": [{"Name": "email", "Value": "fay@example.com"}]}),
        )
        .await
        .unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10));
    assert_eq!(err.kind, "UnexpectedLambdaException");
    assert_eq!(
        err.message,
        "PreSignUp invocation failed due to error Socket timeout while invoking Lambda function."
    );
    set_triggers(&p, json!({"PreSignUp": node("crash.js")})).await;
    let err = p
        .call(
            "SignUp",
            json!({"ClientId": p.info.client_id, "Username": "fay", "Password": "Passw0rd!x",
                   "UserAttributes": [{"Name": "email", "Value": "fay@example.com"}]}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "UserLambdaValidationException");
    assert!(
        err.message
            .starts_with("PreSignUp failed with error Cannot read properties of undefined"),
        "{}",
        err.message
    );
    assert!(
        !err.message.contains("secret detail"),
        "stderr stays in the log"
    );
}

/// A one-request-at-a-time HTTP trigger: answers each POSTed event with `respond(event)`.
async fn http_trigger(respond: fn(Value) -> Value) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 4096];
            let body = loop {
                let n = sock.read(&mut chunk).await.unwrap_or(0);
                if n == 0 {
                    break None;
                }
                buf.extend_from_slice(&chunk[..n]);
                let text = String::from_utf8_lossy(&buf).to_string();
                if let Some((head, body)) = text.split_once("\r\n\r\n") {
                    let len = head
                        .lines()
                        .find_map(|l| {
                            let (k, v) = l.split_once(':')?;
                            k.eq_ignore_ascii_case("content-length")
                                .then(|| v.trim().parse::<usize>().ok())?
                        })
                        .unwrap_or(0);
                    if body.len() >= len {
                        break Some(body.to_owned());
                    }
                }
            };
            let Some(body) = body else { continue };
            let event: Value = serde_json::from_str(&body).expect("event json");
            let answer = respond(event).to_string();
            let resp = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
                answer.len()
            );
            let _ = sock.write_all(resp.as_bytes()).await;
        }
    });
    format!("http://{addr}/trigger")
}

#[tokio::test]
async fn an_http_trigger_gets_the_event_and_its_answer_counts() {
    let url = http_trigger(|mut event| {
        assert_eq!(event["triggerSource"], "TokenGeneration_Authentication");
        event["response"]["claimsOverrideDetails"] =
            json!({"claimsToAddOrOverride": {"via": "http"}});
        event
    })
    .await;
    let p = start().await;
    p.confirmed_user("gus", "gus@example.com", "Passw0rd!x")
        .await;
    set_triggers(&p, json!({"PreTokenGeneration": url})).await;
    let result = password_login(&p, "gus", "Passw0rd!x")
        .await
        .expect("sign-in");
    assert_eq!(claims(&p, &result, "IdToken").await["via"], "http");
}

#[tokio::test]
async fn pre_authentication_can_refuse_a_sign_in() {
    let p = start().await;
    p.confirmed_user("hal", "hal@example.com", "Passw0rd!x")
        .await;
    set_triggers(
        &p,
        json!({"PreAuthentication": "cmd:echo '{\"errorMessage\":\"Account frozen\"}'; exit 1"}),
    )
    .await;
    let err = password_login(&p, "hal", "Passw0rd!x").await.unwrap_err();
    assert_eq!(err.kind, "UserLambdaValidationException");
    assert_eq!(
        err.message,
        "PreAuthentication failed with error Account frozen."
    );
}

#[tokio::test]
async fn the_pool_refuses_lambda_arns_and_what_it_does_not_run() {
    let p = start().await;
    for (config, field) in [
        (
            json!({"PreSignUp": "arn:aws:lambda:us-east-1:123456789012:function:pre"}),
            "PreSignUp",
        ),
        (
            json!({"CustomEmailSender": {"LambdaVersion": "V1_0", "LambdaArn": "cmd:true"}}),
            "CustomEmailSender",
        ),
        (
            json!({"PreTokenGenerationConfig": {"LambdaVersion": "V9", "LambdaArn": "cmd:true"}}),
            "LambdaVersion",
        ),
    ] {
        let err = p
            .admin(
                "UpdateUserPool",
                json!({"UserPoolId": p.info.user_pool_id, "LambdaConfig": config}),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind, "InvalidParameterException");
        assert!(err.message.contains(field), "{}", err.message);
    }
    let err = p
        .admin(
            "CreateUserPool",
            json!({"PoolName": "x", "LambdaConfig": {"PostConfirmation": "arn:aws:lambda:x"}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    assert!(err.message.contains("cmd:"), "{}", err.message);
}

#[tokio::test]
#[ignore = "runs Lambda handlers with node: install it (apt-get install nodejs python3); CI runs it"]
async fn a_new_password_sign_in_names_its_own_token_source() {
    need("node");
    let p = start().await;
    p.admin(
        "AdminCreateUser",
        json!({"UserPoolId": p.info.user_pool_id, "Username": "kim", "MessageAction": "SUPPRESS",
               "TemporaryPassword": "Temp-Passw0rd!",
               "UserAttributes": [{"Name": "email", "Value": "kim@example.com"}]}),
    )
    .await
    .expect("user");
    set_triggers(
        &p,
        json!({"PreTokenGeneration": node("pre_token_generation.js")}),
    )
    .await;
    let challenge = password_login(&p, "kim", "Temp-Passw0rd!")
        .await
        .expect("challenge");
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let done = p
        .respond(
            &p.info.client_id,
            "NEW_PASSWORD_REQUIRED",
            Some(&challenge["Session"]),
            json!({"USERNAME": "kim", "NEW_PASSWORD": "New-Passw0rd!"}),
        )
        .await
        .expect("tokens");
    let id = claims(&p, &done, "IdToken").await;
    assert_eq!(id["source"], "TokenGeneration_NewPasswordChallenge", "{id}");
}

#[tokio::test]
async fn an_unreachable_url_is_cognitos_error_without_the_url() {
    let p = start().await;
    // A port nothing listens on (bound, then released).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    set_triggers(
        &p,
        json!({"PreSignUp": format!("http://127.0.0.1:{port}/hook?token=s3cret-token")}),
    )
    .await;
    let err = p
        .call(
            "SignUp",
            json!({"ClientId": p.info.client_id, "Username": "ola", "Password": "Passw0rd!x",
                   "UserAttributes": [{"Name": "email", "Value": "ola@example.com"}]}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "UnexpectedLambdaException");
    assert!(
        err.message.starts_with("PreSignUp invocation failed"),
        "{}",
        err.message
    );
    assert!(!err.message.contains("s3cret-token"), "{}", err.message);
}

#[tokio::test]
#[ignore = "needs python3 with boto3: bash tests/interop/install.sh"]
async fn boto3_configures_a_trigger_that_then_runs() {
    let p = start().await;
    let server = json!({"endpoint": p.info.endpoint, "region": p.info.region,
                        "user_pool_id": p.info.user_pool_id, "client_id": p.info.client_id,
                        "admin_access_key_id": p.info.admin_access_key_id,
                        "admin_secret_access_key": p.info.admin_secret_access_key})
    .to_string();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("python3")
            .arg(format!("{}/boto3_configure.py", dir()))
            .env("COGTUI_LOCAL", server)
            .env("PRE_SIGN_UP", python("pre_sign_up.py"))
            .output()
    })
    .await
    .expect("join")
    .expect("python3 runs");
    assert!(
        out.status.success(),
        "boto3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let done: Value = serde_json::from_slice(&out.stdout).expect("the script's JSON line");
    assert_eq!(done["UserConfirmed"], true, "{done}");
    assert_eq!(done["LambdaConfig"]["PreSignUp"], python("pre_sign_up.py"));
}

/// A password sign-in on its own connection, for many at once: whether tokens came back.
async fn login_succeeds(endpoint: String, client_id: String, user: &str, password: &str) -> bool {
    let answer = reqwest::Client::new()
        .post(format!("{endpoint}/"))
        .header("content-type", "application/x-amz-json-1.1")
        .header(
            "x-amz-target",
            "AWSCognitoIdentityProviderService.InitiateAuth",
        )
        .body(
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                   "AuthParameters": {"USERNAME": user, "PASSWORD": password}})
            .to_string(),
        )
        .send()
        .await;
    match answer {
        Ok(resp) => resp
            .text()
            .await
            .unwrap_or_default()
            .contains("AccessToken"),
        Err(_) => false,
    }
}

#[tokio::test]
async fn handlers_and_busy_users_do_not_hold_up_other_requests() {
    // The pool runs cores + 1 requests at once. More sign-ins than that, of different users, are
    // held in their PreAuthentication handler until the test lets them go, and as many again
    // for the first user wait on that user's sign-in lock.
    let slots = std::thread::available_parallelism().map_or(1, |n| n.get()) + 1;
    let users: Vec<String> = (0..slots + 4).map(|i| format!("ivy{i}")).collect();
    let gate = tempfile::tempdir().expect("tempdir");
    let g = gate.path().display();
    let p = start().await;
    for u in &users {
        p.confirmed_user(u, &format!("{u}@example.com"), "Passw0rd!x")
            .await;
    }
    set_triggers(
        &p,
        json!({"PreAuthentication": format!(
            "cmd:touch {g}/in.$$; while [ ! -e {g}/go ]; do sleep 0.02; done; cat"
        )}),
    )
    .await;
    let login = |u: &str| {
        let (ep, id, u) = (
            p.info.endpoint.clone(),
            p.info.client_id.clone(),
            u.to_owned(),
        );
        tokio::spawn(async move { login_succeeds(ep, id, &u, "Passw0rd!x").await })
    };
    let mut logins: Vec<_> = users.iter().map(|u| login(u)).collect();
    let entered = || {
        std::fs::read_dir(gate.path())
            .map(|d| d.filter_map(Result::ok).count())
            .unwrap_or(0)
    };
    // More handlers run than there are slots: each waiting handler gave its slot to the next.
    // (Not all of them: two names may share one of the pool's lock stripes.)
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while entered() <= slots {
        assert!(
            std::time::Instant::now() < deadline,
            "only {} sign-ins reached their handler with {slots} slots",
            entered()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    logins.extend((0..slots + 1).map(|_| login(&users[0])));
    tokio::time::sleep(Duration::from_millis(200)).await;
    // Meanwhile a request without a trigger is answered, not after the handlers (a handler
    // gives up after 5 s, and these are still waiting).
    p.sign_up("jon", "jon@example.com", "Passw0rd!x").await;
    assert!(
        logins.iter().all(|l| !l.is_finished()),
        "the handlers are still waiting"
    );
    std::fs::write(gate.path().join("go"), b"").expect("open the gate");
    for login in logins {
        assert!(
            login.await.expect("joined"),
            "each held sign-in then succeeds"
        );
    }
}
