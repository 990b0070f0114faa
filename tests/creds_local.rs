//! The local pool's identity pools on the wire: GetId, GetCredentialsForIdentity with the ID
//! token checked, roles, guests, GetOpenIdToken, DeleteIdentities, and local STS proving the
//! issued credentials sign.

mod common;
mod creds_support;

use common::{TestPool, start};
use creds_support::{Keys, caller_identity, identity_admin, identity_call, xml_field};
use serde_json::{Value, json};

const PW: &str = "Ident-Passw0rd!";

fn admin(p: &TestPool) -> Keys {
    Keys {
        id: p.info.admin_access_key_id.clone(),
        secret: p.info.admin_secret_access_key.clone(),
        token: None,
    }
}

fn provider(p: &TestPool) -> String {
    format!(
        "cognito-idp.us-east-1.amazonaws.com/{}",
        p.info.user_pool_id
    )
}

async fn id_token(p: &TestPool, user: &str) -> String {
    p.confirmed_user(user, &format!("{user}@example.com"), PW)
        .await;
    let r = p.srp_login(user, PW).await.expect("sign-in");
    r["AuthenticationResult"]["IdToken"]
        .as_str()
        .expect("id token")
        .to_owned()
}

async fn get_id(p: &TestPool, pool: &str, token: Option<&str>) -> Result<String, (String, String)> {
    let mut body = json!({"IdentityPoolId": pool});
    if let Some(t) = token {
        body["Logins"] = json!({ provider(p): t });
    }
    identity_call(&p.info.endpoint, "GetId", body)
        .await
        .map(|v| v["IdentityId"].as_str().expect("id").to_owned())
}

async fn credentials(
    p: &TestPool,
    identity: &str,
    token: Option<&str>,
    custom: Option<&str>,
) -> Result<Value, (String, String)> {
    let mut body = json!({"IdentityId": identity});
    if let Some(t) = token {
        body["Logins"] = json!({ provider(p): t });
    }
    if let Some(c) = custom {
        body["CustomRoleArn"] = json!(c);
    }
    identity_call(&p.info.endpoint, "GetCredentialsForIdentity", body).await
}

fn keys_of(answer: &Value) -> Keys {
    let c = &answer["Credentials"];
    Keys {
        id: c["AccessKeyId"].as_str().expect("key").to_owned(),
        secret: c["SecretKey"].as_str().expect("secret").to_owned(),
        token: Some(c["SessionToken"].as_str().expect("token").to_owned()),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_user_gets_credentials_that_sign_and_expire_in_an_hour() {
    let p = start().await;
    let token = id_token(&p, "ident1").await;
    let pool = p.info.identity_pool_id.clone();
    let id = get_id(&p, &pool, Some(&token)).await.expect("GetId");
    assert_eq!(
        get_id(&p, &pool, Some(&token)).await.unwrap(),
        id,
        "one identity per login"
    );
    assert!(id.starts_with("us-east-1:"), "{id}");

    let answer = credentials(&p, &id, Some(&token), None)
        .await
        .expect("credentials");
    assert_eq!(answer["IdentityId"], id);
    let expires = answer["Credentials"]["Expiration"].as_f64().unwrap() as i64;
    assert!(
        (expires - common::now() - 3600).abs() <= 5,
        "one hour: {expires}"
    );
    let keys = keys_of(&answer);
    assert!(keys.id.starts_with("ASIA"), "{}", keys.id);

    let (status, xml) = caller_identity(&p.info.endpoint, "us-east-1", &keys).await;
    assert_eq!(status, 200, "{xml}");
    assert_eq!(
        xml_field(&xml, "Arn").unwrap(),
        "arn:aws:sts::000000000000:assumed-role/cogtui-local-authenticated/CognitoIdentityCredentials"
    );
    assert_eq!(xml_field(&xml, "Account").unwrap(), "000000000000");
    assert!(
        xml_field(&xml, "UserId")
            .unwrap()
            .ends_with(":CognitoIdentityCredentials")
    );

    // A wrong secret, a missing session token, or a made-up key do not sign.
    let wrong = Keys {
        secret: "x".repeat(40),
        ..keys.clone()
    };
    let (status, xml) = caller_identity(&p.info.endpoint, "us-east-1", &wrong).await;
    assert_eq!(
        (status, xml_field(&xml, "Code").as_deref()),
        (403, Some("SignatureDoesNotMatch"))
    );
    let no_token = Keys {
        token: None,
        ..keys.clone()
    };
    let (status, xml) = caller_identity(&p.info.endpoint, "us-east-1", &no_token).await;
    assert_eq!(
        (status, xml_field(&xml, "Code").as_deref()),
        (403, Some("InvalidClientTokenId"))
    );
    assert!(!xml.contains(&keys.secret) && !xml.contains(keys.token.as_deref().unwrap()));

    // The admin key is someone too.
    let (status, xml) = caller_identity(&p.info.endpoint, "us-east-1", &admin(&p)).await;
    assert_eq!(status, 200, "{xml}");
    assert!(
        xml_field(&xml, "Arn")
            .unwrap()
            .ends_with(":user/cogtui-local-admin")
    );

    // An hour later (by the pool's clock) the credentials are expired.
    p.advance_clock(3601).await;
    let (status, xml) = caller_identity(&p.info.endpoint, "us-east-1", &keys).await;
    assert_eq!(
        (status, xml_field(&xml, "Code").as_deref()),
        (400, Some("ExpiredToken"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_id_token_in_logins_is_checked() {
    let p = start().await;
    let token = id_token(&p, "ident2").await;
    let pool = p.info.identity_pool_id.clone();
    let not_authorized = |r: Result<String, (String, String)>| {
        let (kind, message) = r.expect_err("refused");
        assert_eq!(kind, "NotAuthorizedException", "{message}");
        message
    };
    // A forged signature.
    let mut forged = token.clone();
    forged.truncate(forged.len() - 4);
    forged.push_str("AAAA");
    not_authorized(get_id(&p, &pool, Some(&forged)).await);
    // The access token is not an ID token.
    let r = p.srp_login("ident2", PW).await.unwrap();
    let access = r["AuthenticationResult"]["AccessToken"].as_str().unwrap();
    not_authorized(get_id(&p, &pool, Some(access)).await);
    // A client the identity pool does not list (aud).
    let other = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": p.info.client_id_with_secret,
                   "AuthParameters": {"USERNAME": "ident2", "PASSWORD": PW,
                   "SECRET_HASH": cogtui::cognito::secret_hash(&p.info.client_secret, "ident2", &p.info.client_id_with_secret)}}),
        )
        .await
        .expect("sign-in with the other client");
    let other_token = other["AuthenticationResult"]["IdToken"].as_str().unwrap();
    let m = not_authorized(get_id(&p, &pool, Some(other_token)).await);
    assert!(m.contains("audience"), "{m}");
    // A provider key the pool does not have.
    let r = identity_call(
        &p.info.endpoint,
        "GetId",
        json!({"IdentityPoolId": pool, "Logins": {"accounts.google.com": token}}),
    )
    .await;
    not_authorized(r.map(|_| String::new()));
    // No login: this pool allows no guests.
    let m = not_authorized(get_id(&p, &pool, None).await);
    assert!(m.contains("Unauthenticated access is not supported"), "{m}");
    // A good token works, then stops working once it expires.
    let id = get_id(&p, &pool, Some(&token)).await.expect("GetId");
    p.advance_clock(3601).await;
    let (kind, m) = credentials(&p, &id, Some(&token), None).await.unwrap_err();
    assert_eq!(kind, "NotAuthorizedException");
    assert!(m.contains("Token expired"), "{m}");
    // Another user's login does not open this identity.
    let (kind, _) = credentials(&p, &id, None, None).await.unwrap_err();
    assert_eq!(kind, "NotAuthorizedException");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guests_roles_and_ambiguous_mappings() {
    let p = start().await;
    let e = &p.info.endpoint;
    // The control plane needs SigV4.
    let (kind, _) = identity_call(
        e,
        "CreateIdentityPool",
        json!({"IdentityPoolName": "x", "AllowUnauthenticatedIdentities": true}),
    )
    .await
    .unwrap_err();
    assert_eq!(kind, "MissingAuthenticationTokenException");
    let created = identity_admin(
        e,
        "us-east-1",
        &admin(&p),
        "CreateIdentityPool",
        json!({"IdentityPoolName": "guests", "AllowUnauthenticatedIdentities": true,
               "CognitoIdentityProviders": [{"ProviderName": provider(&p), "ClientId": p.info.client_id}]}),
    )
    .await
    .expect("create");
    let pool = created["IdentityPoolId"].as_str().unwrap().to_owned();
    let described = identity_admin(
        e,
        "us-east-1",
        &admin(&p),
        "DescribeIdentityPool",
        json!({"IdentityPoolId": pool}),
    )
    .await
    .unwrap();
    assert_eq!(described["AllowUnauthenticatedIdentities"], true);

    // A guest identity, but no role yet: the pool's setup is wrong.
    let guest = get_id(&p, &pool, None).await.expect("guest id");
    let (kind, _) = credentials(&p, &guest, None, None).await.unwrap_err();
    assert_eq!(kind, "InvalidIdentityPoolConfigurationException");

    let auth_role = "arn:aws:iam::123456789012:role/Auth";
    let guest_role = "arn:aws:iam::123456789012:role/Guest";
    let mapping_key = format!("{}:{}", provider(&p), p.info.client_id);
    identity_admin(
        e,
        "us-east-1",
        &admin(&p),
        "SetIdentityPoolRoles",
        json!({"IdentityPoolId": pool, "Roles": {"authenticated": auth_role, "unauthenticated": guest_role},
               "RoleMappings": {mapping_key.clone(): {"Type": "Token", "AmbiguousRoleResolution": "Deny"}}}),
    )
    .await
    .expect("roles");
    let answer = credentials(&p, &guest, None, None)
        .await
        .expect("guest credentials");
    let (_, xml) = caller_identity(e, "us-east-1", &keys_of(&answer)).await;
    assert_eq!(xml_field(&xml, "Account").unwrap(), "123456789012");
    assert!(
        xml_field(&xml, "Arn")
            .unwrap()
            .contains("assumed-role/Guest/"),
        "{xml}"
    );
    // CustomRoleArn is for token-chosen roles only.
    let (kind, _) = credentials(&p, &guest, None, Some(auth_role))
        .await
        .unwrap_err();
    assert_eq!(kind, "InvalidParameterException");

    // The token names no role and the mapping says Deny: refused, naming the provider.
    let token = id_token(&p, "ident3").await;
    let id = get_id(&p, &pool, Some(&token)).await.unwrap();
    let (kind, m) = credentials(&p, &id, Some(&token), None).await.unwrap_err();
    assert_eq!(kind, "NotAuthorizedException");
    assert!(m.contains("ambiguous role mapping"), "{m}");
    let (kind, _) = credentials(&p, &id, Some(&token), Some(auth_role))
        .await
        .unwrap_err();
    assert_eq!(
        kind, "NotAuthorizedException",
        "CustomRoleArn not in cognito:roles"
    );
    // AuthenticatedRole resolution falls back to the pool's role.
    identity_admin(
        e,
        "us-east-1",
        &admin(&p),
        "SetIdentityPoolRoles",
        json!({"IdentityPoolId": pool, "Roles": {"authenticated": auth_role},
               "RoleMappings": {mapping_key: {"Type": "Token", "AmbiguousRoleResolution": "AuthenticatedRole"}}}),
    )
    .await
    .unwrap();
    let answer = credentials(&p, &id, Some(&token), None)
        .await
        .expect("credentials");
    let (_, xml) = caller_identity(e, "us-east-1", &keys_of(&answer)).await;
    assert!(
        xml_field(&xml, "Arn")
            .unwrap()
            .contains("assumed-role/Auth/"),
        "{xml}"
    );
    // Bad role setups are refused.
    let bad = identity_admin(
        e,
        "us-east-1",
        &admin(&p),
        "SetIdentityPoolRoles",
        json!({"IdentityPoolId": pool, "Roles": {"authenticated": "not-an-arn"}}),
    )
    .await;
    assert_eq!(bad.unwrap_err(), "InvalidParameterException");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_id_tokens_deleted_identities_and_a_restart() {
    let p = start().await;
    let token = id_token(&p, "ident4").await;
    let pool = p.info.identity_pool_id.clone();
    let id = get_id(&p, &pool, Some(&token)).await.unwrap();
    let open = identity_call(
        &p.info.endpoint,
        "GetOpenIdToken",
        json!({"IdentityId": id, "Logins": {provider(&p): token}}),
    )
    .await
    .expect("GetOpenIdToken");
    let claims = cogtui::auth::unverified_claims(open["Token"].as_str().unwrap()).unwrap();
    assert_eq!(claims["sub"], id.as_str());
    assert_eq!(claims["aud"], pool.as_str());

    let keys = keys_of(&credentials(&p, &id, Some(&token), None).await.unwrap());
    // Identities and credentials survive a restart.
    let dir = p.stop().await;
    let p = common::start_in(dir).await;
    // The restarted pool has another port, so another issuer: sign in again.
    let r = p
        .srp_login("ident4", PW)
        .await
        .expect("sign-in after restart");
    let token = r["AuthenticationResult"]["IdToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(get_id(&p, &pool, Some(&token)).await.unwrap(), id);
    let (status, _) = caller_identity(&p.info.endpoint, "us-east-1", &keys).await;
    assert_eq!(status, 200);

    identity_admin(
        &p.info.endpoint,
        "us-east-1",
        &admin(&p),
        "DeleteIdentities",
        json!({"IdentityIdsToDelete": [id]}),
    )
    .await
    .expect("delete");
    let (kind, _) = credentials(&p, &id, Some(&token), None).await.unwrap_err();
    assert_eq!(kind, "ResourceNotFoundException");
    let (status, _) = caller_identity(&p.info.endpoint, "us-east-1", &keys).await;
    assert_eq!(
        status, 403,
        "credentials of a deleted identity stop working"
    );
    assert_ne!(
        get_id(&p, &pool, Some(&token)).await.unwrap(),
        id,
        "a new identity"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_database_gets_roles_for_its_seeded_identity_pool() {
    // Written before identity pools worked: its seeded identity pool has no roles and names
    // its provider by the bare user pool id.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        "tests/data/local-pool-v0.sqlite3",
        dir.path().join("pool.sqlite3"),
    )
    .unwrap();
    let p = common::start_in(dir).await;
    let r = p
        .srp_login("fixture-alice", "Fixture-Passw0rd!")
        .await
        .expect("sign-in");
    let token = r["AuthenticationResult"]["IdToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let pool = p.info.identity_pool_id.clone();
    let id = get_id(&p, &pool, Some(&token)).await.expect("GetId");
    let answer = credentials(&p, &id, Some(&token), None)
        .await
        .expect("credentials");
    let (status, xml) = caller_identity(&p.info.endpoint, "us-east-1", &keys_of(&answer)).await;
    assert_eq!(status, 200, "{xml}");
}
