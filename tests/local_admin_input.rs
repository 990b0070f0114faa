//! Admin input is validated as Cognito validates it: names, attribute types, auto-verified
//! attributes, token validity ranges, pagination tokens, and usernames without control, bidi
//! or zero-width characters.

mod common;

use common::start;
use serde_json::json;

#[tokio::test]
async fn pool_and_client_settings_are_checked() {
    let p = start().await;
    for body in [
        json!({"PoolName": "bad\nname"}),
        json!({"PoolName": "x", "AutoVerifiedAttributes": ["name"]}),
        json!({"PoolName": "x", "Schema": [{"Name": "n", "AttributeDataType": "Blob"}]}),
    ] {
        let err = p.admin("CreateUserPool", body.clone()).await.unwrap_err();
        assert_eq!(err.kind, "InvalidParameterException", "{body}");
    }
    for extra in [
        json!({"AccessTokenValidity": 0}),
        json!({"AccessTokenValidity": 25}),
        json!({"IdTokenValidity": 18446744073709551615u64}),
        json!({"RefreshTokenValidity": 3651}),
        json!({"ClientName": "a\u{202e}b"}),
    ] {
        let mut body = json!({"UserPoolId": p.info.user_pool_id, "ClientName": "app"});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        let err = p.admin("CreateUserPoolClient", body).await.unwrap_err();
        assert_eq!(err.kind, "InvalidParameterException", "{extra}");
    }
    let ok = p
        .admin(
            "CreateUserPoolClient",
            json!({"UserPoolId": p.info.user_pool_id, "ClientName": "app",
                   "AccessTokenValidity": 24, "RefreshTokenValidity": 3650}),
        )
        .await
        .unwrap();
    assert_eq!(ok["UserPoolClient"]["AccessTokenValidity"], 24);
}

/// The claims of a JWT, unchecked.
fn claims(token: &serde_json::Value) -> serde_json::Value {
    use base64::Engine;
    let payload = token.as_str().unwrap().split('.').nth(1).unwrap();
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[tokio::test]
async fn token_validity_units_are_honoured_and_ranged() {
    let p = start().await;
    p.confirmed_user("carol", "carol@example.com", "Corr3ct-Horse!")
        .await;
    let client = |extra: serde_json::Value| {
        let mut body = json!({"UserPoolId": p.info.user_pool_id, "ClientName": "units",
            "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH"]});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        p.admin("CreateUserPoolClient", body)
    };
    let made = client(json!({"AccessTokenValidity": 15, "IdTokenValidity": 10,
        "RefreshTokenValidity": 90,
        "TokenValidityUnits": {"AccessToken": "minutes", "IdToken": "minutes",
                               "RefreshToken": "minutes"}}))
    .await
    .unwrap();
    let made = &made["UserPoolClient"];
    assert_eq!(made["AccessTokenValidity"], 15);
    assert_eq!(made["TokenValidityUnits"]["AccessToken"], "minutes");
    let auth = p
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": made["ClientId"],
                   "AuthParameters": {"USERNAME": "carol", "PASSWORD": "Corr3ct-Horse!"}}),
        )
        .await
        .unwrap();
    let result = &auth["AuthenticationResult"];
    assert_eq!(result["ExpiresIn"], 900);
    let access = claims(&result["AccessToken"]);
    assert_eq!(
        access["exp"].as_i64().unwrap() - access["iat"].as_i64().unwrap(),
        900
    );
    let id = claims(&result["IdToken"]);
    assert_eq!(
        id["exp"].as_i64().unwrap() - id["iat"].as_i64().unwrap(),
        600
    );
    // Without units: hours and days, as before.
    let plain = client(json!({"AccessTokenValidity": 2})).await.unwrap();
    assert_eq!(
        plain["UserPoolClient"]["TokenValidityUnits"]["AccessToken"],
        "hours"
    );
    for extra in [
        json!({"AccessTokenValidity": 4, "TokenValidityUnits": {"AccessToken": "minutes"}}),
        json!({"IdTokenValidity": 2, "TokenValidityUnits": {"IdToken": "days"}}),
        json!({"AccessTokenValidity": 299, "TokenValidityUnits": {"AccessToken": "seconds"}}),
        json!({"RefreshTokenValidity": 59, "TokenValidityUnits": {"RefreshToken": "minutes"}}),
        json!({"RefreshTokenValidity": 87_601, "TokenValidityUnits": {"RefreshToken": "hours"}}),
        json!({"AccessTokenValidity": 1, "TokenValidityUnits": {"AccessToken": "weeks"}}),
        json!({"TokenValidityUnits": {"RefreshToken": 5}}),
    ] {
        let err = client(extra.clone()).await.unwrap_err();
        assert!(
            ["InvalidParameterException", "SerializationException"].contains(&err.kind.as_str()),
            "{extra}: {err:?}"
        );
        assert!(!err.message.contains("weeks"), "{}", err.message);
    }
}

#[tokio::test]
async fn usernames_with_invisible_characters_are_refused() {
    let p = start().await;
    for name in ["ad\u{200b}min", "admin\u{202e}", "a\u{1b}b", "\u{feff}root"] {
        let err = p
            .call(
                "SignUp",
                json!({"ClientId": p.info.client_id, "Username": name, "Password": "Corr3ct-Horse!",
                       "UserAttributes": [{"Name": "email", "Value": "x@example.com"}]}),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind, "InvalidParameterException", "{name:?}");
    }
}

#[tokio::test]
async fn pagination_tokens_cannot_be_crafted_and_pages_always_move_forward() {
    let p = start().await;
    for i in 0..5 {
        p.admin(
            "AdminCreateUser",
            json!({"UserPoolId": p.info.user_pool_id, "Username": format!("user{i}"),
                   "MessageAction": "SUPPRESS"}),
        )
        .await
        .unwrap();
    }
    let mut seen = Vec::new();
    let mut token: Option<String> = None;
    for _ in 0..10 {
        let mut body = json!({"UserPoolId": p.info.user_pool_id, "Limit": 2});
        if let Some(t) = &token {
            body["PaginationToken"] = json!(t);
        }
        let page = p.admin("ListUsers", body).await.unwrap();
        for u in page["Users"].as_array().unwrap() {
            seen.push(u["Username"].as_str().unwrap().to_owned());
        }
        token = page["PaginationToken"].as_str().map(str::to_owned);
        if token.is_none() {
            break;
        }
    }
    assert_eq!(seen, (0..5).map(|i| format!("user{i}")).collect::<Vec<_>>());
    for crafted in ["page:18446744073709551615", "page:0", "dXNlcjE.00", "x.y"] {
        let err = p
            .admin(
                "ListUsers",
                json!({"UserPoolId": p.info.user_pool_id, "PaginationToken": crafted}),
            )
            .await
            .unwrap_err();
        assert_eq!(err.kind, "InvalidParameterException", "{crafted}");
    }
}
