//! The local pool's control plane: SigV4 is required and checked; pools, clients and admin
//! user management behave as Cognito's do.
#![cfg(feature = "local")]

mod common;

use common::start;
use serde_json::json;

const PW: &str = "Corr3ct-Horse!";

#[tokio::test]
async fn admin_calls_need_a_valid_signature() {
    let p = start().await;
    let body = json!({"UserPoolId": p.info.user_pool_id});
    let err = p.call("DescribeUserPool", body.clone()).await.unwrap_err();
    assert_eq!(err.kind, "MissingAuthenticationTokenException");
    let id = p.info.admin_access_key_id.clone();
    let err = p
        .signed_with("DescribeUserPool", body.clone(), &id, "wrong-secret")
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidSignatureException");
    let secret = p.info.admin_secret_access_key.clone();
    let err = p
        .signed_with(
            "DescribeUserPool",
            body.clone(),
            "AKIAOTHERKEY00000000",
            &secret,
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "UnrecognizedClientException");
    let err = p.call("AdminGetUser", json!({})).await.unwrap_err();
    assert_eq!(err.kind, "MissingAuthenticationTokenException");
    let ok = p.admin("DescribeUserPool", body).await.unwrap();
    let pool = &ok["UserPool"];
    assert_eq!(pool["Id"], p.info.user_pool_id.as_str());
    assert_eq!(pool["AliasAttributes"], json!(["email"]));
    assert_eq!(pool["Policies"]["PasswordPolicy"]["MinimumLength"], 8);
    let email = pool["SchemaAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["Name"] == "email")
        .unwrap();
    assert_eq!(email["Required"], true);
}

#[tokio::test]
async fn a_tampered_body_breaks_the_signature() {
    // The signature covers the body: replaying the headers with another body is refused.
    let p = start().await;
    use aws_credential_types::Credentials;
    use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
    use aws_smithy_runtime_api::client::identity::Identity;
    let url = format!("{}/", p.info.endpoint);
    let host = url
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    let signed_body = json!({"UserPoolId": p.info.user_pool_id}).to_string();
    let identity: Identity = Credentials::new(
        &p.info.admin_access_key_id,
        &p.info.admin_secret_access_key,
        None,
        None,
        "t",
    )
    .into();
    let params = aws_sigv4::sign::v4::SigningParams::builder()
        .identity(&identity)
        .region("us-east-1")
        .name("cognito-idp")
        .time(std::time::SystemTime::now())
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let headers = [
        ("host", host.as_str()),
        (
            "x-amz-target",
            "AWSCognitoIdentityProviderService.DescribeUserPool",
        ),
    ];
    let req = SignableRequest::new(
        "POST",
        url.as_str(),
        headers.iter().copied(),
        SignableBody::Bytes(signed_body.as_bytes()),
    )
    .unwrap();
    let (instructions, _) = sign(req, &params).unwrap().into_parts();
    let mut r = p
        .http
        .post(&url)
        .header("x-amz-target", headers[1].1)
        .body(json!({"UserPoolId": "us-east-1_other"}).to_string());
    for (k, v) in instructions.headers() {
        r = r.header(k, v);
    }
    let resp = r.send().await.unwrap();
    assert_eq!(resp.status(), 400);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["__type"], "InvalidSignatureException");
}

#[tokio::test]
async fn create_pool_and_client_then_sign_up_into_them() {
    let p = start().await;
    let pool = p
        .admin(
            "CreateUserPool",
            json!({"PoolName": "by-email", "UsernameAttributes": ["email"],
                   "AutoVerifiedAttributes": ["email"],
                   "Policies": {"PasswordPolicy": {"MinimumLength": 6}},
                   "Schema": [{"Name": "tenant", "AttributeDataType": "String"}]}),
        )
        .await
        .unwrap()["UserPool"]
        .clone();
    let pool_id = pool["Id"].as_str().unwrap().to_owned();
    assert!(pool_id.starts_with("us-east-1_"));
    let client = p
        .admin(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "app", "GenerateSecret": true,
                   "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await
        .unwrap()["UserPoolClient"]
        .clone();
    assert_eq!(client["ClientSecret"].as_str().unwrap().len(), 51);
    let described = p
        .admin(
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientId": client["ClientId"]}),
        )
        .await
        .unwrap();
    assert_eq!(described["UserPoolClient"], client);

    // Email is the username here: the internal username is the sub, and custom attributes
    // defined in the schema are accepted.
    let cid = client["ClientId"].as_str().unwrap();
    let secret = client["ClientSecret"].as_str().unwrap();
    let resp = p
        .call(
            "SignUp",
            json!({"ClientId": cid, "Username": "zoe@example.com", "Password": "lowercase",
                   "SecretHash": cogtui::cognito::secret_hash(secret, "zoe@example.com", cid),
                   "UserAttributes": [{"Name": "custom:tenant", "Value": "acme"}]}),
        )
        .await
        .unwrap();
    let sub = resp["UserSub"].as_str().unwrap();
    let user = p
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": pool_id, "Username": "zoe@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(user["Username"], sub);
    assert_eq!(user["UserStatus"], "UNCONFIRMED");
    let err = p
        .admin(
            "CreateUserPool",
            json!({"PoolName": "x", "UsernameAttributes": ["email"], "AliasAttributes": ["email"]}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
}

#[tokio::test]
async fn admin_create_user_leads_to_new_password_required() {
    let p = start().await;
    let pool_id = p.info.user_pool_id.clone();
    let created = p
        .admin(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": "henry",
                   "TemporaryPassword": "Temp-Passw0rd!",
                   "UserAttributes": [{"Name": "name", "Value": "Henry"}]}),
        )
        .await
        .unwrap();
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    let invite = p.code_for("henry", "invitation").await;
    assert_eq!(invite, "Temp-Passw0rd!");

    let cid = p.info.client_id.clone();
    let resp = p
        .srp_sign_in(&cid, "henry", "Temp-Passw0rd!")
        .await
        .unwrap();
    assert_eq!(resp["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let required: Vec<String> = serde_json::from_str(
        resp["ChallengeParameters"]["requiredAttributes"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(required, ["userAttributes.email"]);
    // The email is required: without it the answer is refused (and the session used up).
    let err = p
        .respond(
            &cid,
            "NEW_PASSWORD_REQUIRED",
            Some(&resp["Session"]),
            json!({"USERNAME": "henry", "NEW_PASSWORD": "Henry-Passw0rd!"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "InvalidParameterException");
    let login = || async {
        p.srp_sign_in(&cid, "henry", "Temp-Passw0rd!")
            .await
            .unwrap()
    };
    let resp = login().await;
    let done = p
        .respond(
            &cid,
            "NEW_PASSWORD_REQUIRED",
            Some(&resp["Session"]),
            json!({"USERNAME": "henry", "NEW_PASSWORD": "Henry-Passw0rd!",
                   "userAttributes.email": "henry@example.com"}),
        )
        .await
        .unwrap();
    assert!(done["AuthenticationResult"]["AccessToken"].is_string());
    let user = p
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": pool_id, "Username": "henry"}),
        )
        .await
        .unwrap();
    assert_eq!(user["UserStatus"], "CONFIRMED");
    assert!(p.srp_login("henry", "Henry-Passw0rd!").await.is_ok());
}

#[tokio::test]
async fn list_users_confirm_set_password_and_delete() {
    let p = start().await;
    let pool_id = p.info.user_pool_id.clone();
    p.confirmed_user("ivy", "ivy@example.com", PW).await;
    p.sign_up("jack", "jack@example.org", PW).await;
    p.sign_up("jill", "jill@example.org", PW).await;

    let list = |filter: &str| {
        let body = json!({"UserPoolId": pool_id, "Filter": filter});
        let p = &p;
        async move { p.admin("ListUsers", body).await }
    };
    let names = |v: serde_json::Value| -> Vec<String> {
        v["Users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["Username"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(names(list("").await.unwrap()), ["ivy", "jack", "jill"]);
    assert_eq!(
        names(list("email = \"ivy@example.com\"").await.unwrap()),
        ["ivy"]
    );
    assert_eq!(
        names(list("email ^= \"j\"").await.unwrap()),
        ["jack", "jill"]
    );
    assert_eq!(
        names(list("cognito:user_status = \"UNCONFIRMED\"").await.unwrap()),
        ["jack", "jill"]
    );
    assert_eq!(
        list("email like ivy").await.unwrap_err().kind,
        "InvalidParameterException"
    );
    assert_eq!(
        list("password = \"x\"").await.unwrap_err().kind,
        "InvalidParameterException"
    );
    let page = p
        .admin("ListUsers", json!({"UserPoolId": pool_id, "Limit": 2}))
        .await
        .unwrap();
    assert_eq!(names(page.clone()), ["ivy", "jack"]);
    let next = p
        .admin(
            "ListUsers",
            json!({"UserPoolId": pool_id, "Limit": 2,
                   "PaginationToken": page["PaginationToken"]}),
        )
        .await
        .unwrap();
    assert_eq!(names(next.clone()), ["jill"]);
    assert!(next["PaginationToken"].is_null());

    p.admin(
        "AdminConfirmSignUp",
        json!({"UserPoolId": pool_id, "Username": "jack"}),
    )
    .await
    .unwrap();
    assert!(p.srp_login("jack", PW).await.is_ok());
    p.admin(
        "AdminSetUserPassword",
        json!({"UserPoolId": pool_id, "Username": "jack", "Password": "Admin-Set-Pw1!",
               "Permanent": true}),
    )
    .await
    .unwrap();
    assert!(p.srp_login("jack", PW).await.is_err());
    assert!(p.srp_login("jack", "Admin-Set-Pw1!").await.is_ok());

    p.admin(
        "AdminDeleteUser",
        json!({"UserPoolId": pool_id, "Username": "jack"}),
    )
    .await
    .unwrap();
    let err = p
        .admin(
            "AdminGetUser",
            json!({"UserPoolId": pool_id, "Username": "jack"}),
        )
        .await
        .unwrap_err();
    assert_eq!(err.kind, "UserNotFoundException");
}
