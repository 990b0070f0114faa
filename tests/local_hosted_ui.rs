//! The local pool's Hosted UI driven over HTTP as a browser and an app would: authorize, the
//! login page (password, then MFA), the code exchange with PKCE, refresh, userInfo, revoke,
//! logout and client credentials; and the refusals Cognito gives for bad input.
#![cfg(feature = "local")]

mod common;
#[path = "triggers/support.rs"]
mod support;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use common::{TestPool, start, verify_jwt};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const PW: &str = "Passw0rd!long";
const CALLBACK: &str = "http://localhost:9230/callback";

/// A client that does not follow redirects, so each hop can be checked.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn pkce() -> (String, String) {
    let verifier = B64URL.encode(uuid_bytes());
    let challenge = B64URL.encode(Sha256::digest(verifier.as_bytes()));
    (verifier, challenge)
}

fn uuid_bytes() -> [u8; 32] {
    let mut b = [0u8; 32];
    rand::fill(&mut b[..]);
    b
}

struct Auth<'a> {
    client_id: &'a str,
    redirect_uri: &'a str,
    challenge: Option<&'a str>,
    scope: &'a str,
    state: &'a str,
}

fn authorize_url(p: &TestPool, a: &Auth<'_>) -> String {
    let mut u = url::Url::parse(&format!("{}/oauth2/authorize", p.info.endpoint)).unwrap();
    {
        let mut q = u.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", a.client_id)
            .append_pair("redirect_uri", a.redirect_uri)
            .append_pair("scope", a.scope)
            .append_pair("state", a.state)
            .append_pair("nonce", "n-0S6_WzA2Mj");
        if let Some(c) = a.challenge {
            q.append_pair("code_challenge", c)
                .append_pair("code_challenge_method", "S256");
        }
    }
    u.to_string()
}

fn location(resp: &reqwest::Response) -> String {
    resp.headers()
        .get("location")
        .unwrap_or_else(|| panic!("no Location ({})", resp.status()))
        .to_str()
        .unwrap()
        .to_owned()
}

fn query_of(u: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(u)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

/// Follows authorize to the login page and returns the page's form action (absolute).
async fn open_login(p: &TestPool, url: &str) -> String {
    let b = browser();
    let r = b.get(url).send().await.unwrap();
    assert!(r.status().is_redirection(), "{}", r.status());
    let login = format!("{}{}", p.info.endpoint, location(&r));
    let page = b.get(&login).send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("name=\"password\""), "{html}");
    assert!(html.contains("/signup?") && html.contains("/forgotPassword?"));
    login
}

/// The login page of the seeded public client for a fresh PKCE pair, redirecting to CALLBACK:
/// (the verifier, the login page's URL).
async fn seeded_login(p: &TestPool, scope: &str, state: &str) -> (String, String) {
    let (verifier, challenge) = pkce();
    let url = authorize_url(
        p,
        &Auth {
            client_id: &p.info.client_id,
            redirect_uri: CALLBACK,
            challenge: Some(&challenge),
            scope,
            state,
        },
    );
    (verifier, open_login(p, &url).await)
}

async fn post_login(login: &str, form: &[(&str, &str)]) -> reqwest::Response {
    browser().post(login).form(form).send().await.unwrap()
}

async fn exchange(p: &TestPool, form: &[(&str, &str)]) -> (u16, Value) {
    let r = p
        .http
        .post(format!("{}/oauth2/token", p.info.endpoint))
        .form(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.json().await.unwrap())
}

/// Exchanges a code of the seeded public client (redirected to CALLBACK) with its verifier.
async fn exchange_code(p: &TestPool, code: &str, verifier: &str) -> (u16, Value) {
    exchange(
        p,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &p.info.client_id),
            ("code", code),
            ("redirect_uri", CALLBACK),
            ("code_verifier", verifier),
        ],
    )
    .await
}

/// Signs `user` in on the seeded public client and returns the code and the verifier.
async fn code_for(p: &TestPool, user: &str, scope: &str) -> (String, String) {
    let (verifier, login) = seeded_login(p, scope, "st-123").await;
    let r = post_login(&login, &[("username", user), ("password", PW)]).await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let to = location(&r);
    assert!(to.starts_with(CALLBACK), "{to}");
    let q = query_of(&to);
    assert_eq!(q["state"], "st-123");
    (q["code"].clone(), verifier)
}

#[tokio::test]
async fn code_flow_with_pkce_gives_verified_tokens_with_the_scope_and_nonce() {
    let p = start().await;
    p.confirmed_user("alice", "alice@example.com", PW).await;
    let scope = "openid email aws.cognito.signin.user.admin";
    let (code, verifier) = code_for(&p, "alice", scope).await;
    let (status, t) = exchange_code(&p, &code, &verifier).await;
    assert_eq!(status, 200, "{t}");
    assert_eq!(t["token_type"], "Bearer");
    let issuer = format!("{}/{}", p.info.endpoint, p.info.user_pool_id);
    let id = verify_jwt(t["id_token"].as_str().unwrap(), &p.jwks().await, &issuer).unwrap();
    assert_eq!(id["cognito:username"], "alice");
    assert_eq!(id["aud"], p.info.client_id.as_str());
    assert_eq!(id["nonce"], "n-0S6_WzA2Mj");
    let access = t["access_token"].as_str().unwrap();
    let claims = verify_jwt(access, &p.jwks().await, &issuer).unwrap();
    assert_eq!(claims["scope"], scope);
    // The admin scope lets the user-pool API take the token.
    let me = p
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap();
    assert_eq!(me["Username"], "alice");
    let info: Value = p
        .http
        .get(format!("{}/oauth2/userInfo", p.info.endpoint))
        .bearer_auth(access)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(info["email"], "alice@example.com");
    assert_eq!(info["username"], "alice");
    // Refresh keeps the scope; revoke ends the session.
    let refresh = t["refresh_token"].as_str().unwrap();
    let (status, r) = exchange(
        &p,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &p.info.client_id),
            ("refresh_token", refresh),
        ],
    )
    .await;
    assert_eq!(status, 200, "{r}");
    let again = verify_jwt(
        r["access_token"].as_str().unwrap(),
        &p.jwks().await,
        &issuer,
    )
    .unwrap();
    assert_eq!(again["scope"], scope);
    let rv = p
        .http
        .post(format!("{}/oauth2/revoke", p.info.endpoint))
        .form(&[("token", refresh), ("client_id", &p.info.client_id)])
        .send()
        .await
        .unwrap();
    assert_eq!(rv.status(), 200);
    let (status, r) = exchange(
        &p,
        &[
            ("grant_type", "refresh_token"),
            ("client_id", &p.info.client_id),
            ("refresh_token", refresh),
        ],
    )
    .await;
    assert_eq!((status, r["error"].as_str()), (400, Some("invalid_grant")));
    let err = p
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
}

#[tokio::test]
async fn tokens_without_the_admin_scope_are_refused_by_the_user_pool_api() {
    let p = start().await;
    p.confirmed_user("bob", "bob@example.com", PW).await;
    let (code, verifier) = code_for(&p, "bob", "openid email").await;
    let (_, t) = exchange_code(&p, &code, &verifier).await;
    let access = t["access_token"].as_str().unwrap();
    let err = p
        .call("GetUser", json!({"AccessToken": access}))
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
    assert!(err.message.contains("scopes"), "{}", err.message);
}

#[tokio::test]
async fn a_wrong_verifier_spends_the_code_and_a_replayed_code_is_refused() {
    let p = start().await;
    p.confirmed_user("carol", "carol@example.com", PW).await;
    let (code, verifier) = code_for(&p, "carol", "openid").await;
    let (wrong, _) = pkce();
    let form = |v: &str| {
        vec![
            ("grant_type".to_owned(), "authorization_code".to_owned()),
            ("client_id".to_owned(), p.info.client_id.clone()),
            ("code".to_owned(), code.clone()),
            ("redirect_uri".to_owned(), CALLBACK.to_owned()),
            ("code_verifier".to_owned(), v.to_owned()),
        ]
    };
    let post = |f: Vec<(String, String)>| {
        let http = p.http.clone();
        let url = format!("{}/oauth2/token", p.info.endpoint);
        async move {
            let r = http.post(url).form(&f).send().await.unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (status, e) = post(form(&wrong)).await;
    assert_eq!((status, e["error"].as_str()), (400, Some("invalid_grant")));
    // Spent by the failed try: the right verifier comes too late.
    let (status, e) = post(form(&verifier)).await;
    assert_eq!((status, e["error"].as_str()), (400, Some("invalid_grant")));

    let (code, verifier) = code_for(&p, "carol", "openid").await;
    let good = [
        ("grant_type", "authorization_code"),
        ("client_id", p.info.client_id.as_str()),
        ("code", code.as_str()),
        ("redirect_uri", CALLBACK),
        ("code_verifier", verifier.as_str()),
    ];
    assert_eq!(exchange(&p, &good).await.0, 200);
    let (status, e) = exchange(&p, &good).await;
    assert_eq!((status, e["error"].as_str()), (400, Some("invalid_grant")));

    // Another redirect_uri at the exchange, or a code older than 60 s: refused.
    let (code, verifier) = code_for(&p, "carol", "openid").await;
    let (status, e) = exchange(
        &p,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &p.info.client_id),
            ("code", &code),
            ("redirect_uri", "http://localhost:9230/other"),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!((status, e["error"].as_str()), (400, Some("invalid_grant")));
    let (code, verifier) = code_for(&p, "carol", "openid").await;
    p.advance_clock(61).await;
    let (status, e) = exchange_code(&p, &code, &verifier).await;
    assert_eq!((status, e["error"].as_str()), (400, Some("invalid_grant")));
}

#[tokio::test]
async fn authorize_refuses_foreign_redirects_and_public_clients_without_pkce() {
    let p = start().await;
    let (_, challenge) = pkce();
    let b = browser();
    let foreign = authorize_url(
        &p,
        &Auth {
            client_id: &p.info.client_id,
            redirect_uri: "https://evil.example/cb",
            challenge: Some(&challenge),
            scope: "openid",
            state: "s",
        },
    );
    let r = b.get(&foreign).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(r.text().await.unwrap().contains("redirect_mismatch"));
    // A port not registered is another URI.
    let other_port = foreign.replace(
        "https%3A%2F%2Fevil.example%2Fcb",
        "http%3A%2F%2F127.0.0.1%3A9231%2Fcallback",
    );
    assert_eq!(b.get(&other_port).send().await.unwrap().status(), 400);
    let no_pkce = authorize_url(
        &p,
        &Auth {
            client_id: &p.info.client_id,
            redirect_uri: CALLBACK,
            challenge: None,
            scope: "openid",
            state: "s",
        },
    );
    let r = b.get(&no_pkce).send().await.unwrap();
    let q = query_of(&location(&r));
    assert_eq!(q["error"], "invalid_request");
    assert_eq!(q["state"], "s");
    let bad_scope = authorize_url(
        &p,
        &Auth {
            client_id: &p.info.client_id,
            redirect_uri: CALLBACK,
            challenge: Some(&challenge),
            scope: "openid api/write",
            state: "s",
        },
    );
    let r = b.get(&bad_scope).send().await.unwrap();
    assert_eq!(query_of(&location(&r))["error"], "invalid_scope");
    let unknown = format!(
        "{}/oauth2/authorize?client_id=nope&response_type=code",
        p.info.endpoint
    );
    assert_eq!(b.get(&unknown).send().await.unwrap().status(), 400);
}

#[tokio::test]
async fn a_wrong_password_shows_the_page_again_with_cognitos_words() {
    let p = start().await;
    p.confirmed_user("dave", "dave@example.com", PW).await;
    let (_, login) = seeded_login(&p, "openid", "s").await;
    let r = post_login(&login, &[("username", "dave"), ("password", "nope-Wrong1")]).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("Incorrect username or password."), "{html}");
    assert!(
        !html.contains("nope-Wrong1"),
        "the password is never echoed"
    );
    let r = post_login(&login, &[("username", "<b>x</b>"), ("password", "x")]).await;
    let html = r.text().await.unwrap();
    assert!(html.contains("&lt;b&gt;x&lt;/b&gt;") && !html.contains("<b>x</b>"));
}

#[tokio::test]
async fn a_user_with_totp_gets_the_mfa_step() {
    let p = start().await;
    p.confirmed_user("erin", "erin@example.com", PW).await;
    let r = p.srp_login("erin", PW).await.unwrap();
    let access = r["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let a = p
        .call("AssociateSoftwareToken", json!({"AccessToken": access}))
        .await
        .unwrap();
    let secret = cogtui::totp::base32_decode(a["SecretCode"].as_str().unwrap()).unwrap();
    let now = common::now();
    p.call(
        "VerifySoftwareToken",
        json!({"AccessToken": access, "UserCode": cogtui::totp::code_at(&secret, now)}),
    )
    .await
    .unwrap();
    p.call(
        "SetUserMFAPreference",
        json!({"AccessToken": access,
               "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    )
    .await
    .unwrap();
    p.advance_clock(cogtui::totp::STEP).await;
    let (_, login) = seeded_login(&p, "openid", "s2").await;
    let r = post_login(&login, &[("username", "erin"), ("password", PW)]).await;
    assert_eq!(r.status(), 200);
    let html = r.text().await.unwrap();
    assert!(html.contains("name=\"code\""), "{html}");
    let session = html
        .split("name=\"session\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let wrong = post_login(
        &login,
        &[
            ("challenge", "SOFTWARE_TOKEN_MFA"),
            ("session", &session),
            ("username", "erin"),
            ("code", "000000"),
        ],
    )
    .await;
    assert_eq!(wrong.status(), 200);
    let code = cogtui::totp::code_at(&secret, now + cogtui::totp::STEP);
    let r = post_login(
        &login,
        &[
            ("challenge", "SOFTWARE_TOKEN_MFA"),
            ("session", &session),
            ("username", "erin"),
            ("code", &code),
        ],
    )
    .await;
    assert!(r.status().is_redirection(), "{}", r.status());
    let q = query_of(&location(&r));
    assert_eq!(q["state"], "s2");
    assert!(!q["code"].is_empty());
}

#[tokio::test]
async fn client_credentials_need_the_secret_and_give_custom_scopes() {
    let p = start().await;
    let c = p
        .admin(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": p.info.user_pool_id, "ClientName": "machine", "GenerateSecret": true,
                "AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthFlowsUserPoolClient": true,
                "AllowedOAuthScopes": ["api/read", "api/write"]
            }),
        )
        .await
        .unwrap();
    let id = c["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
    let secret = c["UserPoolClient"]["ClientSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = |secret: String, scope: &'static str| {
        let http = p.http.clone();
        let url = format!("{}/oauth2/token", p.info.endpoint);
        let id = id.clone();
        async move {
            let r = http
                .post(url)
                .basic_auth(id, Some(secret))
                .form(&[("grant_type", "client_credentials"), ("scope", scope)])
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (status, t) = token(secret.clone(), "api/read").await;
    assert_eq!(status, 200, "{t}");
    let issuer = format!("{}/{}", p.info.endpoint, p.info.user_pool_id);
    let claims = verify_jwt(
        t["access_token"].as_str().unwrap(),
        &p.jwks().await,
        &issuer,
    )
    .unwrap();
    assert_eq!(claims["scope"], "api/read");
    assert_eq!(claims["sub"], id.as_str());
    assert!(t["refresh_token"].is_null() && t["id_token"].is_null());
    let (status, e) = token("wrong".into(), "api/read").await;
    assert_eq!((status, e["error"].as_str()), (401, Some("invalid_client")));
    let (status, e) = token(secret, "api/admin").await;
    assert_eq!((status, e["error"].as_str()), (400, Some("invalid_scope")));
}

#[tokio::test]
async fn app_clients_get_cognitos_oauth_checks() {
    let p = start().await;
    let create = |extra: Value| {
        let mut body = json!({"UserPoolId": p.info.user_pool_id, "ClientName": "web"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        p.admin("CreateUserPoolClient", body)
    };
    let plain_http = create(json!({
        "AllowedOAuthFlows": ["code"], "AllowedOAuthFlowsUserPoolClient": true,
        "AllowedOAuthScopes": ["openid"], "CallbackURLs": ["http://app.example/cb"]
    }))
    .await
    .unwrap_err();
    assert_eq!(plain_http.kind, "InvalidParameterException");
    let no_secret = create(json!({
        "AllowedOAuthFlows": ["client_credentials"], "AllowedOAuthFlowsUserPoolClient": true,
        "AllowedOAuthScopes": ["api/read"]
    }))
    .await
    .unwrap_err();
    assert_eq!(no_secret.kind, "InvalidOAuthFlowException");
    let ok = create(json!({
        "AllowedOAuthFlows": ["code"], "AllowedOAuthFlowsUserPoolClient": true,
        "AllowedOAuthScopes": ["openid", "email"],
        "CallbackURLs": ["http://localhost:3000/cb", "https://app.example/cb"]
    }))
    .await
    .unwrap();
    assert_eq!(ok["UserPoolClient"]["AllowedOAuthFlows"], json!(["code"]));
    // The seeded public client works with `cogtui --local login --hosted-ui` as it is.
    let seeded = p
        .admin(
            "DescribeUserPoolClient",
            json!({"UserPoolId": p.info.user_pool_id, "ClientId": p.info.client_id}),
        )
        .await
        .unwrap();
    assert_eq!(seeded["UserPoolClient"]["CallbackURLs"], json!([CALLBACK]));
}

#[tokio::test]
async fn logout_goes_only_to_registered_urls_and_the_configuration_lists_the_endpoints() {
    let p = start().await;
    let b = browser();
    let ok = format!(
        "{}/logout?client_id={}&logout_uri=http%3A%2F%2Flocalhost%3A9230%2Fsigned-out",
        p.info.endpoint, p.info.client_id
    );
    let r = b.get(&ok).send().await.unwrap();
    assert_eq!(location(&r), "http://localhost:9230/signed-out");
    let bad = format!(
        "{}/logout?client_id={}&logout_uri=https%3A%2F%2Fevil.example%2F",
        p.info.endpoint, p.info.client_id
    );
    assert_eq!(b.get(&bad).send().await.unwrap().status(), 400);
    let conf: Value = p
        .http
        .get(format!(
            "{}/{}/.well-known/openid-configuration",
            p.info.endpoint, p.info.user_pool_id
        ))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        conf["authorization_endpoint"],
        format!("{}/oauth2/authorize", p.info.endpoint)
    );
    assert_eq!(conf["code_challenge_methods_supported"], json!(["S256"]));
}

#[tokio::test]
async fn a_confidential_client_proves_its_secret_at_the_exchange_and_may_skip_pkce() {
    let p = start().await;
    p.confirmed_user("fay", "fay@example.com", PW).await;
    let c = p
        .admin(
            "CreateUserPoolClient",
            json!({
                "UserPoolId": p.info.user_pool_id, "ClientName": "web", "GenerateSecret": true,
                "AllowedOAuthFlows": ["code"], "AllowedOAuthFlowsUserPoolClient": true,
                "AllowedOAuthScopes": ["openid", "email"],
                "CallbackURLs": ["https://app.example/cb"], "SupportedIdentityProviders": ["COGNITO"]
            }),
        )
        .await
        .unwrap();
    let id = c["UserPoolClient"]["ClientId"].as_str().unwrap().to_owned();
    let secret = c["UserPoolClient"]["ClientSecret"]
        .as_str()
        .unwrap()
        .to_owned();
    let code = || async {
        let url = authorize_url(
            &p,
            &Auth {
                client_id: &id,
                redirect_uri: "https://app.example/cb",
                challenge: None,
                scope: "openid email",
                state: "c",
            },
        );
        let login = open_login(&p, &url).await;
        let r = post_login(&login, &[("username", "fay"), ("password", PW)]).await;
        query_of(&location(&r))["code"].clone()
    };
    let form = |code: &str| {
        vec![
            ("grant_type".to_owned(), "authorization_code".to_owned()),
            ("code".to_owned(), code.to_owned()),
            (
                "redirect_uri".to_owned(),
                "https://app.example/cb".to_owned(),
            ),
        ]
    };
    let token_url = format!("{}/oauth2/token", p.info.endpoint);
    // Without the secret (client_id only in the form): invalid_client.
    let mut bare = form(&code().await);
    bare.push(("client_id".into(), id.clone()));
    let r = p.http.post(&token_url).form(&bare).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_client");
    // HTTP Basic with the secret.
    let r = p
        .http
        .post(&token_url)
        .basic_auth(&id, Some(&secret))
        .form(&form(&code().await))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.json::<Value>().await.unwrap()["id_token"].is_string());
    // client_secret in the form works too.
    let mut post = form(&code().await);
    post.push(("client_id".into(), id.clone()));
    post.push(("client_secret".into(), secret.clone()));
    let r = p.http.post(&token_url).form(&post).send().await.unwrap();
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn malformed_requests_get_oauth_errors_not_panics() {
    let p = start().await;
    let b = browser();
    let (_, challenge) = pkce();
    let long = "s".repeat(3000);
    let url = authorize_url(
        &p,
        &Auth {
            client_id: &p.info.client_id,
            redirect_uri: CALLBACK,
            challenge: Some(&challenge),
            scope: "openid",
            state: &long,
        },
    );
    let r = b.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 400);
    assert!(
        !r.text().await.unwrap().contains(&long),
        "the value is not echoed"
    );
    let token = format!("{}/oauth2/token", p.info.endpoint);
    let r = p
        .http
        .post(&token)
        .header("content-type", "application/json")
        .body("{\"grant_type\":\"authorization_code\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_request");
    let (status, e) = exchange(
        &p,
        &[("grant_type", "password"), ("client_id", &p.info.client_id)],
    )
    .await;
    assert_eq!(
        (status, e["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    let (status, e) = exchange(
        &p,
        &[("grant_type", "authorization_code"), ("client_id", "nope")],
    )
    .await;
    assert_eq!((status, e["error"].as_str()), (401, Some("invalid_client")));
    let r = p
        .http
        .get(format!("{}/oauth2/userInfo", p.info.endpoint))
        .bearer_auth("not.a.token")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    let r = p
        .http
        .post(format!("{}/oauth2/revoke", p.info.endpoint))
        .form(&[
            ("token", "unknown"),
            ("client_id", p.info.client_id.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        200,
        "RFC 7009: an unknown token is not an error"
    );
    let r = b
        .post(format!(
            "{}/login?client_id={}",
            p.info.endpoint, p.info.client_id
        ))
        .body("%%%not a form")
        .header("content-type", "text/plain")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 400);
}

#[tokio::test]
async fn a_new_user_signs_up_and_confirms_on_the_page_then_signs_in() {
    let p = start().await;
    let (verifier, login) = seeded_login(&p, "openid email", "new").await;
    let signup = login.replacen("/login?", "/signup?", 1);
    let b = browser();
    let page = b.get(&signup).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("name=\"email\""), "{page}");
    let weak = b
        .post(&signup)
        .form(&[
            ("username", "gus"),
            ("email", "gus@example.com"),
            ("password", "weak"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        weak.contains("id=\"error\""),
        "the policy refuses it: {weak}"
    );
    let page = b
        .post(&signup)
        .form(&[
            ("username", "gus"),
            ("email", "gus@example.com"),
            ("password", PW),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Confirm your account"), "{page}");
    let confirm = login.replacen("/login?", "/confirm?", 1);
    let wrong = b
        .post(&confirm)
        .form(&[("username", "gus"), ("code", "000000")])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(wrong.contains("id=\"error\""), "{wrong}");
    let code = p.code_for("gus", "sign_up").await;
    let page = b
        .post(&confirm)
        .form(&[("username", "gus"), ("code", code.as_str())])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Done: sign in"), "{page}");
    let r = post_login(&login, &[("username", "gus"), ("password", PW)]).await;
    let q = query_of(&location(&r));
    let (status, t) = exchange(
        &p,
        &[
            ("grant_type", "authorization_code"),
            ("client_id", &p.info.client_id),
            ("code", &q["code"]),
            ("redirect_uri", CALLBACK),
            ("code_verifier", &verifier),
        ],
    )
    .await;
    assert_eq!(status, 200, "{t}");
}

#[tokio::test]
async fn a_forgotten_password_is_reset_on_the_page_and_unknown_users_look_the_same() {
    let p = start().await;
    p.confirmed_user("hal", "hal@example.com", PW).await;
    let (_, login) = seeded_login(&p, "openid", "f").await;
    let forgot = login.replacen("/login?", "/forgotPassword?", 1);
    let b = browser();
    let text = |r: reqwest::Response| async { r.text().await.unwrap() };
    let ghost = text(
        b.post(&forgot)
            .form(&[("username", "nobody")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    let known = text(
        b.post(&forgot)
            .form(&[("username", "hal")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(known.contains("Reset your password"), "{known}");
    assert_eq!(
        ghost.replace("nobody", "hal"),
        known,
        "an unknown user gets the same page"
    );
    let code = p.code_for("hal", "forgot_password").await;
    let new_pw = "Hal-N3w-Passw0rd!";
    let done = text(
        b.post(&forgot)
            .form(&[
                ("username", "hal"),
                ("code", code.as_str()),
                ("password", new_pw),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(done.contains("Done: sign in"), "{done}");
    let old = post_login(&login, &[("username", "hal"), ("password", PW)]).await;
    assert_eq!(old.status(), 200, "the old password is refused on the page");
    let r = post_login(&login, &[("username", "hal"), ("password", new_pw)]).await;
    assert!(r.status().is_redirection(), "{}", r.status());
}

#[tokio::test]
#[ignore = "runs Lambda handlers with node: install it (apt-get install nodejs python3); CI runs it"]
async fn pre_token_generation_runs_once_per_hosted_sign_in_as_hosted_auth() {
    support::need("node");
    let p = start().await;
    p.confirmed_user("tia", "tia@example.com", PW).await;
    let log = p.dir.path().join("sources.txt");
    support::set_triggers(
        &p,
        json!({"PreTokenGeneration": format!(
            "cmd:EVENT_LOG={} node {1}/run.js {1}/pre_token_recording.js",
            log.display(),
            support::dir()
        )}),
    )
    .await;
    let (code, verifier) = code_for(&p, "tia", "openid email").await;
    let (status, t) = exchange_code(&p, &code, &verifier).await;
    assert_eq!(status, 200, "{t}");
    let issuer = format!("{}/{}", p.info.endpoint, p.info.user_pool_id);
    let id = verify_jwt(t["id_token"].as_str().unwrap(), &p.jwks().await, &issuer).unwrap();
    assert_eq!(id["source"], "TokenGeneration_HostedAuth");
    // Once for the sign-in: the page's own session tokens are not run through the trigger.
    let seen = std::fs::read_to_string(&log).unwrap();
    assert_eq!(seen, "TokenGeneration_HostedAuth\n");
}
