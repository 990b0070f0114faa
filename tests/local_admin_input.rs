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
