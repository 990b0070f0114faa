//! Test helpers: a local pool started in-process on an ephemeral port, a small client that
//! speaks its wire protocol (JSON 1.1, SRP, SigV4 for admin calls), and a config file for the CLI.
#![allow(dead_code)]

#[cfg(feature = "tui")]
pub mod tui;

use aws_credential_types::Credentials;
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use cogtui::local::{LocalConfig, LocalPool, SeedInfo};
use cogtui::srp::{self, ClientEphemeral};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What one run of the binary gave: its exit code (-1 when a signal ended it) and its output.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(self.stdout.trim())
            .unwrap_or_else(|_| panic!("not JSON: {}\n{}", self.stdout, self.stderr))
    }
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Self {
        Self {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }
}

/// The pool as the `local` profile the TUI would use (no identity pool, the default store).
pub fn local_profile(info: &SeedInfo) -> cogtui::config::Profile {
    cogtui::config::Profile {
        name: "local".into(),
        region: info.region.clone(),
        user_pool_id: info.user_pool_id.clone(),
        client_id: info.client_id.clone(),
        client_secret: None,
        identity_pool_id: None,
        endpoint: Some(info.endpoint.clone()),
        hosted_ui_domain: None,
        session_store: None,
        credentials_flow: None,
        role_arn: None,
        federation_endpoint: None,
    }
}

/// Writes `dir/config.toml` with one profile, the default, keeping sessions in a file (tests
/// never touch the real keyring unless they say so); returns its path.
pub fn write_config(
    dir: &Path,
    profile: &str,
    user_pool_id: &str,
    client_id: &str,
    endpoint: &str,
) -> PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(
        &path,
        format!(
            "default_profile = \"{profile}\"\n\n[profiles.{profile}]\nregion = \"us-east-1\"\n\
             user_pool_id = \"{user_pool_id}\"\nclient_id = \"{client_id}\"\n\
             endpoint = \"{endpoint}\"\nsession_store = \"file\"\n"
        ),
    )
    .expect("write config.toml");
    path
}

/// A Cognito error answer as the tests see it.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiErr {
    pub status: u16,
    pub kind: String,
    pub message: String,
    pub header_kind: Option<String>,
}

pub struct TestPool {
    pub pool: Option<LocalPool>,
    pub info: SeedInfo,
    pub http: reqwest::Client,
    pub dir: tempfile::TempDir,
}

pub async fn start() -> TestPool {
    let dir = tempfile::tempdir().expect("tempdir");
    start_in(dir).await
}

pub async fn start_in(dir: tempfile::TempDir) -> TestPool {
    let pool = LocalPool::start(LocalConfig {
        bind: "127.0.0.1:0".parse().expect("addr"),
        data_dir: dir.path().to_path_buf(),
        region: "us-east-1".into(),
    })
    .await
    .expect("local pool starts");
    TestPool {
        info: pool.info.clone(),
        pool: Some(pool),
        http: reqwest::Client::new(),
        dir,
    }
}

pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .expect("clock")
        .as_secs() as i64
}

pub fn pool_name(pool_id: &str) -> &str {
    pool_id.split_once('_').expect("pool id").1
}

impl TestPool {
    pub async fn stop(mut self) -> tempfile::TempDir {
        if let Some(p) = self.pool.take() {
            p.stop().await;
        }
        self.dir
    }

    async fn finish(resp: reqwest::Response) -> Result<Value, ApiErr> {
        let status = resp.status().as_u16();
        let header_kind = resp
            .headers()
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = resp.text().await.expect("body");
        let body: Value = serde_json::from_str(&text)
            .unwrap_or_else(|_| panic!("answer is not JSON ({status}): {text}"));
        if status == 200 {
            Ok(body)
        } else {
            Err(ApiErr {
                status,
                kind: body["__type"].as_str().unwrap_or_default().to_owned(),
                message: body["message"].as_str().unwrap_or_default().to_owned(),
                header_kind,
            })
        }
    }

    /// Sends raw bytes with a target header (None: no header).
    pub async fn raw(&self, target: Option<&str>, body: Vec<u8>) -> Result<Value, ApiErr> {
        let mut req = self
            .http
            .post(format!("{}/", self.info.endpoint))
            .header("content-type", "application/x-amz-json-1.1")
            .body(body);
        if let Some(t) = target {
            req = req.header("x-amz-target", t);
        }
        Self::finish(req.send().await.expect("send")).await
    }

    /// An unsigned user-pool call.
    pub async fn call(&self, op: &str, body: Value) -> Result<Value, ApiErr> {
        self.raw(
            Some(&format!("AWSCognitoIdentityProviderService.{op}")),
            body.to_string().into_bytes(),
        )
        .await
    }

    /// A call signed with SigV4 by `aws-sigv4` with the given key pair.
    pub async fn signed_with(
        &self,
        op: &str,
        body: Value,
        key_id: &str,
        secret: &str,
    ) -> Result<Value, ApiErr> {
        let body = body.to_string();
        let url = format!("{}/", self.info.endpoint);
        let host = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned();
        let target = format!("AWSCognitoIdentityProviderService.{op}");
        let headers = [
            ("content-type", "application/x-amz-json-1.1"),
            ("host", host.as_str()),
            ("x-amz-target", target.as_str()),
        ];
        let identity: Identity = Credentials::new(key_id, secret, None, None, "test").into();
        let params = v4::SigningParams::builder()
            .identity(&identity)
            .region(&self.info.region)
            .name("cognito-idp")
            .time(SystemTime::now())
            .settings(SigningSettings::default())
            .build()
            .expect("params")
            .into();
        let signable = SignableRequest::new(
            "POST",
            url.as_str(),
            headers.iter().copied(),
            SignableBody::Bytes(body.as_bytes()),
        )
        .expect("signable");
        let (instructions, _) = sign(signable, &params).expect("sign").into_parts();
        let mut req = self.http.post(&url).body(body.clone());
        for (k, v) in headers {
            if k != "host" {
                req = req.header(k, v);
            }
        }
        for (k, v) in instructions.headers() {
            req = req.header(k, v);
        }
        Self::finish(req.send().await.expect("send")).await
    }

    /// A control-plane call signed with the local admin key.
    pub async fn admin(&self, op: &str, body: Value) -> Result<Value, ApiErr> {
        let (id, secret) = (
            self.info.admin_access_key_id.clone(),
            self.info.admin_secret_access_key.clone(),
        );
        self.signed_with(op, body, &id, &secret).await
    }

    pub async fn outbox(&self) -> Vec<Value> {
        self.http
            .get(format!("{}/_local/outbox", self.info.endpoint))
            .send()
            .await
            .expect("outbox")
            .json()
            .await
            .expect("outbox json")
    }

    /// The newest code sent to `username` for `purpose`.
    pub async fn code_for(&self, username: &str, purpose: &str) -> String {
        self.outbox()
            .await
            .iter()
            .rev()
            .find(|e| e["username"] == username && e["purpose"] == purpose)
            .unwrap_or_else(|| panic!("no {purpose} code for {username}"))["code"]
            .as_str()
            .expect("code")
            .to_owned()
    }

    pub async fn advance_clock(&self, seconds: i64) {
        let r = self
            .http
            .post(format!("{}/_local/clock", self.info.endpoint))
            .body(json!({ "advance_seconds": seconds }).to_string())
            .send()
            .await
            .expect("clock");
        assert!(r.status().is_success());
    }

    pub async fn sign_up(&self, username: &str, email: &str, password: &str) -> Value {
        self.call(
            "SignUp",
            json!({
                "ClientId": self.info.client_id,
                "Username": username,
                "Password": password,
                "UserAttributes": [{"Name": "email", "Value": email}],
            }),
        )
        .await
        .expect("sign-up")
    }

    /// Signs up and confirms with the code from the outbox.
    pub async fn confirmed_user(&self, username: &str, email: &str, password: &str) {
        self.sign_up(username, email, password).await;
        let code = self.code_for(username, "sign_up").await;
        self.call(
            "ConfirmSignUp",
            json!({"ClientId": self.info.client_id, "Username": username, "ConfirmationCode": code}),
        )
        .await
        .expect("confirm");
    }

    /// InitiateAuth USER_SRP_AUTH: the challenge answer and the client's ephemeral.
    pub async fn srp_start(
        &self,
        client_id: &str,
        username: &str,
        extra: &[(&str, String)],
    ) -> Result<(Value, ClientEphemeral), ApiErr> {
        let eph = ClientEphemeral::generate();
        let mut params = json!({"USERNAME": username, "SRP_A": eph.public_hex()});
        for (k, v) in extra {
            params[*k] = json!(v);
        }
        let resp = self
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client_id, "AuthParameters": params}),
            )
            .await?;
        Ok((resp, eph))
    }

    /// The PASSWORD_VERIFIER answer for a challenge, as AWS's SDKs build it.
    pub fn srp_answer(
        &self,
        challenge: &Value,
        eph: &ClientEphemeral,
        password: &str,
        timestamp: &str,
    ) -> Value {
        let p = &challenge["ChallengeParameters"];
        let user_id = p["USER_ID_FOR_SRP"].as_str().expect("user id");
        let b = srp::parse_hex(p["SRP_B"].as_str().expect("B")).expect("B hex");
        let salt = srp::parse_hex(p["SALT"].as_str().expect("salt")).expect("salt hex");
        let block_b64 = p["SECRET_BLOCK"].as_str().expect("block");
        let block = B64.decode(block_b64).expect("block b64");
        let pool = pool_name(&self.info.user_pool_id);
        let claim = eph
            .claim(&b, &salt, pool, user_id, password)
            .expect("claim");
        let sig = srp::password_claim_signature(&claim.key, pool, user_id, &block, timestamp);
        json!({
            "USERNAME": user_id,
            "PASSWORD_CLAIM_SECRET_BLOCK": block_b64,
            "TIMESTAMP": timestamp,
            "PASSWORD_CLAIM_SIGNATURE": sig,
        })
    }

    pub async fn respond(
        &self,
        client_id: &str,
        name: &str,
        session: Option<&Value>,
        responses: Value,
    ) -> Result<Value, ApiErr> {
        let mut body = json!({
            "ClientId": client_id,
            "ChallengeName": name,
            "ChallengeResponses": responses,
        });
        if let Some(s) = session {
            body["Session"] = s.clone();
        }
        self.call("RespondToAuthChallenge", body).await
    }

    /// Answers the PASSWORD_VERIFIER `challenge` (from [`Self::srp_start`]) in its session.
    pub async fn verify(
        &self,
        client_id: &str,
        challenge: &Value,
        answer: Value,
    ) -> Result<Value, ApiErr> {
        self.respond(
            client_id,
            "PASSWORD_VERIFIER",
            Some(&challenge["Session"]),
            answer,
        )
        .await
    }

    /// SRP start, answer (timestamped now) and respond with `client_id`: Cognito's answer to the
    /// proof (tokens, or the next challenge).
    pub async fn srp_sign_in(
        &self,
        client_id: &str,
        username: &str,
        password: &str,
    ) -> Result<Value, ApiErr> {
        let (challenge, eph) = self.srp_start(client_id, username, &[]).await?;
        assert_eq!(challenge["ChallengeName"], "PASSWORD_VERIFIER");
        let answer = self.srp_answer(&challenge, &eph, password, &srp::format_timestamp(now()));
        self.verify(client_id, &challenge, answer).await
    }

    /// A whole SRP sign-in with the public client; the AuthenticationResult on success.
    pub async fn srp_login(&self, username: &str, password: &str) -> Result<Value, ApiErr> {
        let client_id = self.info.client_id.clone();
        self.srp_sign_in(&client_id, username, password).await
    }

    /// The JWKS keys of the seeded pool.
    pub async fn jwks(&self) -> Value {
        self.http
            .get(format!(
                "{}/{}/.well-known/jwks.json",
                self.info.endpoint, self.info.user_pool_id
            ))
            .send()
            .await
            .expect("jwks")
            .json()
            .await
            .expect("jwks json")
    }
}

/// Verifies a JWT against a JWKS (RS256, kid) and returns its claims.
pub fn verify_jwt(token: &str, jwks: &Value, issuer: &str) -> Result<Value, String> {
    use jsonwebtoken::{Algorithm, DecodingKey, Validation, decode, decode_header};
    let header = decode_header(token).map_err(|e| e.to_string())?;
    let kid = header.kid.ok_or("no kid")?;
    let jwk = jwks["keys"]
        .as_array()
        .and_then(|ks| ks.iter().find(|k| k["kid"] == kid.as_str()))
        .ok_or("kid not in JWKS")?;
    let key = DecodingKey::from_rsa_components(
        jwk["n"].as_str().ok_or("n")?,
        jwk["e"].as_str().ok_or("e")?,
    )
    .map_err(|e| e.to_string())?;
    let mut v = Validation::new(Algorithm::RS256);
    v.set_issuer(&[issuer]);
    v.validate_aud = false;
    decode::<Value>(token, &key, &v)
        .map(|d| d.claims)
        .map_err(|e| e.to_string())
}
