//! The events the local pool sends to triggers, shaped as Cognito documents them: version,
//! region, userPoolId, triggerSource, userName, callerContext, request and response.

use crate::local::model::User;
use serde_json::{Map, Value, json};

/// The SDK version Cognito names in callerContext; handlers rarely read it.
const SDK_VERSION: &str = "aws-sdk-unknown-unknown";

/// What every event carries besides its request and response.
pub struct Caller<'a> {
    pub region: &'a str,
    pub user_pool_id: &'a str,
    pub client_id: &'a str,
}

/// An event for `trigger_source` about `user_name`; `version` is "1" except for
/// pre-token-generation V2 ("2").
pub fn event(
    caller: &Caller<'_>,
    version: &str,
    trigger_source: &str,
    user_name: &str,
    request: Value,
    response: Value,
) -> Value {
    json!({
        "version": version,
        "region": caller.region,
        "userPoolId": caller.user_pool_id,
        "triggerSource": trigger_source,
        "userName": user_name,
        "callerContext": {"awsSdkVersion": SDK_VERSION, "clientId": caller.client_id},
        "request": request,
        "response": response,
    })
}

/// A user's attributes as events carry them: `sub`, the stored attributes, and (as Cognito
/// adds them) `cognito:user_status` and `cognito:email_alias` where it applies. Never the
/// password: the pool only keeps its verifier.
pub fn user_attributes(user: &User) -> Value {
    let mut map = Map::new();
    map.insert("sub".into(), json!(user.sub));
    for (k, v) in &user.attributes {
        map.insert(k.clone(), json!(v));
    }
    map.insert("cognito:user_status".into(), json!(user.status));
    Value::Object(map)
}

/// Attributes as a `{name: value}` map from a wire list (sign-up's UserAttributes).
pub fn attribute_map<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Value {
    Value::Object(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), json!(v)))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_event_has_cognitos_fields() {
        let e = event(
            &Caller {
                region: "us-east-1",
                user_pool_id: "us-east-1_x",
                client_id: "c",
            },
            "1",
            "PreSignUp_SignUp",
            "bob",
            json!({"userAttributes": {}}),
            json!({"autoConfirmUser": false}),
        );
        for key in [
            "version",
            "region",
            "userPoolId",
            "triggerSource",
            "userName",
            "callerContext",
            "request",
            "response",
        ] {
            assert!(e.get(key).is_some(), "{key}");
        }
        assert_eq!(e["callerContext"]["clientId"], "c");
    }
}
