//! Social sign-in with no internet: the pool's identity providers on the SigV4 control plane,
//! and the federation path authorize → the local identity page → the linked user
//! `<Provider>_<sub>` with the provider's attribute mapping → the app's code and tokens.
#![cfg(feature = "local")]

mod common;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use common::{TestPool, start, verify_jwt};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

const CALLBACK: &str = "http://localhost:9230/callback";

fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

fn location(r: &reqwest::Response) -> String {
    r.headers()["location"].to_str().unwrap().to_owned()
}

fn query_of(u: &str) -> std::collections::HashMap<String, String> {
    url::Url::parse(u)
        .unwrap()
        .query_pairs()
        .into_owned()
        .collect()
}

/// Signs in through `provider` as `identity` (email, name) and returns the token answer.
async fn federate(p: &TestPool, provider: &str, identity: &[(&str, &str)]) -> Value {
    let verifier = B64URL.encode([7u8; 32]);
    let challenge = B64URL.encode(Sha256::digest(verifier.as_bytes()));
    let mut u = url::Url::parse(&format!("{}/oauth2/authorize", p.info.endpoint)).unwrap();
    u.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &p.info.client_id)
        .append_pair("redirect_uri", CALLBACK)
        .append_pair("scope", "openid email profile")
        .append_pair("state", "fed")
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256")
        .append_pair("identity_provider", provider);
    let b = browser();
    let r = b.get(u.as_str()).send().await.unwrap();
    let idp = location(&r);
    assert!(idp.starts_with("/_local/idp?"), "{idp}");
    let idp = format!("{}{idp}", p.info.endpoint);
    let page = b.get(&idp).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("Sign in with {provider}")), "{page}");
    assert!(page.contains("Continue as alice@gmail.example"), "{page}");
    let r = b.post(&idp).form(identity).send().await.unwrap();
    assert!(
        r.status().is_redirection(),
        "{}: {}",
        r.status(),
        r.text().await.unwrap()
    );
    let q = query_of(&location(&r));
    assert_eq!(q["state"], "fed");
    let t: Value = b
        .post(format!("{}/oauth2/token", p.info.endpoint))
        .form(&[
            ("grant_type", "authorization_code"),
            ("client_id", p.info.client_id.as_str()),
            ("code", q["code"].as_str()),
            ("redirect_uri", CALLBACK),
            ("code_verifier", verifier.as_str()),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(t["id_token"].is_string(), "{t}");
    t
}

#[tokio::test]
async fn the_seeded_google_provider_links_a_user_with_mapped_attributes() {
    let p = start().await;
    // The login page offers the provider the client supports.
    let login = browser()
        .get(format!(
            "{}/login?response_type=code&client_id={}&redirect_uri={}&code_challenge={}&code_challenge_method=S256",
            p.info.endpoint,
            p.info.client_id,
            "http%3A%2F%2Flocalhost%3A9230%2Fcallback",
            B64URL.encode([1u8; 32])
        ))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(login.contains("Continue with Google"), "{login}");
    let t = federate(&p, "Google", &[("email", "alice@gmail.example")]).await;
    let issuer = format!("{}/{}", p.info.endpoint, p.info.user_pool_id);
    let id = verify_jwt(t["id_token"].as_str().unwrap(), &p.jwks().await, &issuer).unwrap();
    let username = id["cognito:username"].as_str().unwrap().to_owned();
    let sub = username.strip_prefix("Google_").expect("a Google_ user");
    assert_eq!(sub.len(), 21);
    assert_eq!(id["email"], "alice@gmail.example");
    assert_eq!(id["identities"][0]["providerName"], "Google");
    assert_eq!(id["identities"][0]["userId"], sub);
    let user = p
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": p.info.user_pool_id, "Username": username}),
        )
        .await
        .unwrap();
    assert_eq!(user["UserStatus"], "EXTERNAL_PROVIDER");
    // The same identity signs in as the same user, with the name it now brings mapped.
    let again = federate(
        &p,
        "Google",
        &[("email", "alice@gmail.example"), ("name", "Alice Liddell")],
    )
    .await;
    let id = verify_jwt(
        again["id_token"].as_str().unwrap(),
        &p.jwks().await,
        &issuer,
    )
    .unwrap();
    assert_eq!(id["cognito:username"], username.as_str());
    assert_eq!(id["name"], "Alice Liddell");
    // A linked user has no password to sign in with through the API.
    let err = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": p.info.client_id,
                   "AuthParameters": {"USERNAME": username, "PASSWORD": ""}}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "NotAuthorizedException");
}

#[tokio::test]
async fn identity_providers_on_the_control_plane_and_an_oidc_provider_signs_in() {
    let p = start().await;
    let pool = p.info.user_pool_id.clone();
    let create = json!({
        "UserPoolId": pool, "ProviderName": "Corp", "ProviderType": "OIDC",
        "ProviderDetails": {"client_id": "c", "attributes_request_method": "GET",
                            "oidc_issuer": "https://idp.corp.example", "authorize_scopes": "openid email"},
        "AttributeMapping": {"email": "email", "nickname": "name"}
    });
    let err = p
        .call("CreateIdentityProvider", create.clone())
        .await
        .unwrap_err();
    assert_eq!(err.kind, "MissingAuthenticationTokenException");
    let made = p
        .admin("CreateIdentityProvider", create.clone())
        .await
        .unwrap();
    assert_eq!(made["IdentityProvider"]["ProviderType"], "OIDC");
    let dup = p.admin("CreateIdentityProvider", create).await.unwrap_err();
    assert_eq!(dup.kind, "DuplicateProviderException");
    let missing = p
        .admin(
            "CreateIdentityProvider",
            json!({"UserPoolId": pool, "ProviderName": "Half", "ProviderType": "Google",
                   "ProviderDetails": {"client_id": "c"}}),
        )
        .await
        .unwrap_err();
    assert_eq!(missing.kind, "InvalidParameterException");
    let list = p
        .admin("ListIdentityProviders", json!({"UserPoolId": pool}))
        .await
        .unwrap();
    let names: Vec<&str> = list["Providers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["ProviderName"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Corp", "Google"]);
    p.admin(
        "UpdateIdentityProvider",
        json!({"UserPoolId": pool, "ProviderName": "Corp",
               "AttributeMapping": {"email": "email", "name": "name"}}),
    )
    .await
    .unwrap();
    let d = p
        .admin(
            "DescribeIdentityProvider",
            json!({"UserPoolId": pool, "ProviderName": "Corp"}),
        )
        .await
        .unwrap();
    assert_eq!(d["IdentityProvider"]["AttributeMapping"]["name"], "name");
    // Not yet a provider of the client: refused back to the app.
    let u = format!(
        "{}/oauth2/authorize?response_type=code&client_id={}&redirect_uri=http%3A%2F%2Flocalhost%3A9230%2Fcallback&identity_provider=Corp&code_challenge={}&code_challenge_method=S256",
        p.info.endpoint,
        p.info.client_id,
        B64URL.encode([2u8; 32])
    );
    let r = browser().get(&u).send().await.unwrap();
    assert_eq!(query_of(&location(&r))["error"], "invalid_request");
    p.admin(
        "UpdateUserPoolClient",
        json!({
            "UserPoolId": pool, "ClientId": p.info.client_id,
            "CallbackURLs": [CALLBACK], "AllowedOAuthFlows": ["code"],
            "AllowedOAuthFlowsUserPoolClient": true,
            "AllowedOAuthScopes": ["openid", "email", "profile"],
            "SupportedIdentityProviders": ["COGNITO", "Corp"]
        }),
    )
    .await
    .unwrap();
    let t = federate(
        &p,
        "Corp",
        &[("email", "bob@corp.example"), ("name", "Bob")],
    )
    .await;
    let issuer = format!("{}/{pool}", p.info.endpoint);
    let id = verify_jwt(t["id_token"].as_str().unwrap(), &p.jwks().await, &issuer).unwrap();
    assert!(
        id["cognito:username"]
            .as_str()
            .unwrap()
            .starts_with("Corp_")
    );
    assert_eq!(id["name"], "Bob");
    p.admin(
        "DeleteIdentityProvider",
        json!({"UserPoolId": pool, "ProviderName": "Corp"}),
    )
    .await
    .unwrap();
    let gone = p
        .admin(
            "DescribeIdentityProvider",
            json!({"UserPoolId": pool, "ProviderName": "Corp"}),
        )
        .await
        .unwrap_err();
    assert_eq!(gone.kind, "ResourceNotFoundException");
}
