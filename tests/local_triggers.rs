//! Triggers on the local pool, run by real Lambda handler files (Node and Python) used
//! unchanged through the runners in tests/triggers/: pre-token-generation claims in the signed
//! tokens, pre-sign-up auto-confirm and refusal, post-confirmation's event, Cognito's errors
//! for a slow and a crashing handler, an HTTP trigger, and configuration-time checks.
#![cfg(feature = "local")]

mod common;

use common::{TestPool, start, verify_jwt};
use serde_json::{Value, json};
use std::time::Duration;

fn dir() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/tests/triggers")
}

fn node(handler: &str) -> String {
    format!("cmd:node {0}/run.js {0}/{handler}", dir())
}

fn python(handler: &str) -> String {
    format!("cmd:python3 {0}/run.py {0}/{handler}", dir())
}

/// The handlers' runtimes must be on PATH: a missing one fails plainly, never passes.
fn need(tool: &str) {
    let ok = std::process::Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "these tests run Lambda handlers with {tool}: install it (apt-get install nodejs python3)"
    );
}

async fn set_triggers(p: &TestPool, config: Value) {
    p.admin(
        "UpdateUserPool",
        json!({
            "UserPoolId": p.info.user_pool_id,
            "AutoVerifiedAttributes": ["email"],
            "LambdaConfig": config,
        }),
    )
    .await
    .expect("UpdateUserPool");
}

async fn password_login(
    p: &TestPool,
    username: &str,
    password: &str,
) -> Result<Value, common::ApiErr> {
    p.call(
        "InitiateAuth",
        json!({
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": p.info.client_id,
            "AuthParameters": {"USERNAME": username, "PASSWORD": password},
        }),
    )
    .await
}

async fn claims(p: &TestPool, result: &Value, which: &str) -> Value {
    let token = result["AuthenticationResult"][which]
        .as_str()
        .expect("token");
    let iss = format!("{}/{}", p.info.endpoint, p.info.user_pool_id);
    verify_jwt(token, &p.jwks().await, &iss).expect("token verifies")
}

#[tokio::test]
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
}

#[tokio::test]
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

async fn custom_auth_pool() -> TestPool {
    need("node");
    need("python3");
    let p = start().await;
    p.confirmed_user("ivy", "ivy@example.com", "Passw0rd!x")
        .await;
    set_triggers(
        &p,
        json!({
            "DefineAuthChallenge": node("define_auth_challenge.js"),
            "CreateAuthChallenge": node("create_auth_challenge.js"),
            "VerifyAuthChallengeResponse": python("verify_auth_challenge_response.py"),
        }),
    )
    .await;
    p.admin(
        "UpdateUserPoolClient",
        json!({"UserPoolId": p.info.user_pool_id, "ClientId": p.info.client_id,
               "ExplicitAuthFlows": ["ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
    )
    .await
    .expect("client allows CUSTOM_AUTH");
    p
}

async fn answer(p: &TestPool, challenge: &Value, answer: &str) -> Result<Value, common::ApiErr> {
    p.call(
        "RespondToAuthChallenge",
        json!({"ClientId": p.info.client_id, "ChallengeName": "CUSTOM_CHALLENGE",
               "Session": challenge["Session"],
               "ChallengeResponses": {"USERNAME": challenge["ChallengeParameters"]["USERNAME"],
                                      "ANSWER": answer}}),
    )
    .await
}

#[tokio::test]
async fn custom_auth_runs_end_to_end_through_the_three_triggers() {
    let p = custom_auth_pool().await;
    let start = || {
        p.call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": "ivy"}}),
        )
    };
    let first = start().await.expect("challenge");
    assert_eq!(first["ChallengeName"], "CUSTOM_CHALLENGE");
    let params = &first["ChallengeParameters"];
    assert_eq!(params["question"], "What colour is the sky?");
    assert_eq!(params["attempt"], "1");
    assert_eq!(params["USERNAME"], "ivy");
    assert!(
        !first.to_string().contains("blue"),
        "private parameters stay private"
    );
    let second = answer(&p, &first, "green").await.expect("another try");
    assert_eq!(second["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(second["ChallengeParameters"]["attempt"], "2");
    let done = answer(&p, &second, "blue").await.expect("tokens");
    let id = claims(&p, &done, "IdToken").await;
    assert_eq!(id["cognito:username"], "ivy");
    // A used session is gone; three wrong answers end the sign-in.
    assert_eq!(
        answer(&p, &second, "blue").await.unwrap_err().kind,
        "NotAuthorizedException"
    );
    let mut c = start().await.expect("challenge");
    for _ in 0..2 {
        c = answer(&p, &c, "red").await.expect("another try");
    }
    let err = answer(&p, &c, "red").await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert_eq!(err.message, "Incorrect username or password.");
}

#[tokio::test]
async fn custom_auth_for_an_unknown_name_looks_the_same_and_never_gives_tokens() {
    let p = custom_auth_pool().await;
    let c = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": "nobody"}}),
        )
        .await
        .expect("a challenge, as for a user (PreventUserExistenceErrors)");
    assert_eq!(c["ChallengeName"], "CUSTOM_CHALLENGE");
    assert_eq!(
        c["ChallengeParameters"]["question"],
        "What colour is the sky?"
    );
    let err = answer(&p, &c, "blue").await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert_eq!(err.message, "Incorrect username or password.");
}

#[tokio::test]
async fn custom_auth_with_srp_a_asks_for_the_password_then_the_custom_challenge() {
    use cogtui::srp::{ClientEphemeral, format_timestamp};
    let p = custom_auth_pool().await;
    set_triggers(
        &p,
        json!({
            "DefineAuthChallenge": node("define_auth_challenge_srp.js"),
            "CreateAuthChallenge": node("create_auth_challenge.js"),
            "VerifyAuthChallengeResponse": python("verify_auth_challenge_response.py"),
        }),
    )
    .await;
    let cid = p.info.client_id.clone();
    let begin = |eph: &ClientEphemeral| {
        p.call(
            "InitiateAuth",
            json!({"AuthFlow": "CUSTOM_AUTH", "ClientId": cid,
                   "AuthParameters": {"USERNAME": "ivy", "SRP_A": eph.public_hex(),
                                      "CHALLENGE_NAME": "SRP_A"}}),
        )
    };
    let eph = ClientEphemeral::generate();
    let verifier = begin(&eph).await.expect("password challenge");
    assert_eq!(verifier["ChallengeName"], "PASSWORD_VERIFIER");
    let proof = p.srp_answer(
        &verifier,
        &eph,
        "Passw0rd!x",
        &format_timestamp(common::now()),
    );
    let custom = p
        .verify(&cid, &verifier, proof)
        .await
        .expect("custom challenge");
    assert_eq!(custom["ChallengeName"], "CUSTOM_CHALLENGE");
    // The password step is in the session CreateAuthChallenge saw.
    assert_eq!(custom["ChallengeParameters"]["attempt"], "3");
    let done = answer(&p, &custom, "blue").await.expect("tokens");
    assert_eq!(
        claims(&p, &done, "IdToken").await["cognito:username"],
        "ivy"
    );
    // A wrong password never reaches the custom challenge.
    let eph = ClientEphemeral::generate();
    let verifier = begin(&eph).await.expect("password challenge");
    let proof = p.srp_answer(
        &verifier,
        &eph,
        "Wrong-Passw0rd",
        &format_timestamp(common::now()),
    );
    let err = p.verify(&cid, &verifier, proof).await.unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
}

/// Runs tests/triggers/sdk_custom_auth.mjs (AWS's amazon-cognito-identity-js) against the pool.
async fn sdk_custom_auth(p: &TestPool, mode: &str) -> Value {
    let server = json!({"endpoint": p.info.endpoint, "user_pool_id": p.info.user_pool_id,
                        "client_id": p.info.client_id})
    .to_string();
    let mode = mode.to_owned();
    let out = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg(format!("{}/sdk_custom_auth.mjs", dir()))
            .env("COGTUI_LOCAL", server)
            .env("USERNAME", "ivy")
            .env("PASSWORD", "Passw0rd!x")
            .env("MODE", mode)
            .output()
    })
    .await
    .expect("join")
    .expect("node runs");
    assert!(
        out.status.success(),
        "the SDK's sign-in failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the script's JSON line")
}

#[tokio::test]
#[ignore = "needs node and amazon-cognito-identity-js: bash tests/interop/install.sh"]
async fn aws_sdk_signs_in_with_custom_auth_with_and_without_srp() {
    let p = custom_auth_pool().await;
    let done = sdk_custom_auth(&p, "custom").await;
    assert_eq!(done["username"], "ivy");
    let asked = done["challenges"].as_array().expect("challenges");
    assert_eq!(asked.len(), 2, "a wrong answer, then the right one: {done}");
    assert_eq!(asked[0]["question"], "What colour is the sky?");
    set_triggers(
        &p,
        json!({
            "DefineAuthChallenge": node("define_auth_challenge_srp.js"),
            "CreateAuthChallenge": node("create_auth_challenge.js"),
            "VerifyAuthChallengeResponse": python("verify_auth_challenge_response.py"),
        }),
    )
    .await;
    let done = sdk_custom_auth(&p, "srp").await;
    assert_eq!(done["username"], "ivy");
    let asked = done["challenges"].as_array().expect("challenges");
    assert_eq!(asked.len(), 1, "{done}");
    assert_eq!(
        asked[0]["attempt"], "3",
        "SRP_A and PASSWORD_VERIFIER came first: {done}"
    );
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

#[tokio::test]
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
