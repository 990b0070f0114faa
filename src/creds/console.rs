//! The AWS console sign-in URL for temporary credentials: a sign-in token from the federation
//! endpoint's `getSigninToken`, then the `login` URL that carries it (as aws-vault `login` and
//! granted `-c` build it). Both URLs hold secrets, so both are [`Secret`]s.

use super::CredsError;
use crate::config::Profile;
use crate::secret::Secret;
use crate::session::AwsCredentials;
use serde::Deserialize;
use std::time::Duration;

/// AWS's federation endpoint (commercial partition).
pub const DEFAULT_FEDERATION_ENDPOINT: &str = "https://signin.aws.amazon.com/federation";
/// Where the signed-in browser lands.
pub const DESTINATION: &str = "https://console.aws.amazon.com/";
/// The `Issuer` of the login URL: shown by AWS when the console session ends.
pub const ISSUER: &str = "cogtui";
/// How long a `getSigninToken` call may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// The profile's `federation_endpoint`, else AWS's.
pub fn federation_endpoint(profile: &Profile) -> &str {
    profile
        .federation_endpoint
        .as_deref()
        .unwrap_or(DEFAULT_FEDERATION_ENDPOINT)
}

fn parse(endpoint: &str) -> Result<url::Url, CredsError> {
    url::Url::parse(endpoint).map_err(|e| {
        CredsError::Federation(format!(
            "the federation endpoint `{endpoint}` is not a URL ({e}); fix \
             `federation_endpoint` in the profile"
        ))
    })
}

/// The `getSigninToken` request: the credentials as the `Session` JSON, and `SessionDuration`
/// only when asked for (AWS then keeps the console session that long).
pub fn signin_token_request(
    endpoint: &str,
    c: &AwsCredentials,
    duration: Option<u32>,
) -> Result<Secret, CredsError> {
    let mut url = parse(endpoint)?;
    let session = serde_json::json!({
        "sessionId": c.access_key_id,
        "sessionKey": c.secret_access_key.expose(),
        "sessionToken": c.session_token.expose(),
    })
    .to_string();
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("Action", "getSigninToken");
        if let Some(d) = duration {
            q.append_pair("SessionDuration", &d.to_string());
        }
        q.append_pair("Session", &session);
    }
    Ok(Secret::new(String::from(url)))
}

/// The `login` URL that signs a browser in with `token`.
pub fn login_url(endpoint: &str, token: &Secret) -> Result<Secret, CredsError> {
    let mut url = parse(endpoint)?;
    url.query_pairs_mut()
        .append_pair("Action", "login")
        .append_pair("Issuer", ISSUER)
        .append_pair("Destination", DESTINATION)
        .append_pair("SigninToken", token.expose());
    Ok(Secret::new(String::from(url)))
}

#[derive(Deserialize)]
struct SigninTokenAnswer {
    #[serde(rename = "SigninToken")]
    signin_token: Secret,
}

/// Asks the profile's federation endpoint for a sign-in token for `c` and returns the console
/// sign-in URL. Neither the request nor any error carries the credentials or the token.
pub async fn signin_url(
    profile: &Profile,
    c: &AwsCredentials,
    duration: Option<u32>,
) -> Result<Secret, CredsError> {
    let endpoint = federation_endpoint(profile);
    let request = signin_token_request(endpoint, c, duration)?;
    let unreachable = |e: reqwest::Error| {
        // Without the URL: its query holds the credentials.
        CredsError::Federation(format!(
            "could not reach the federation endpoint {endpoint}: {}",
            e.without_url()
        ))
    };
    let client = reqwest::Client::builder()
        .timeout(TIMEOUT)
        .build()
        .map_err(unreachable)?;
    let resp = client
        .get(request.expose())
        .send()
        .await
        .map_err(unreachable)?;
    let status = resp.status();
    if !status.is_success() {
        return Err(CredsError::FederationRefused(format!(
            "the federation endpoint {endpoint} refused the credentials (HTTP {}): they may \
             have expired (try --refresh){}",
            status.as_u16(),
            if duration.is_some() {
                ", or AWS does not allow --duration for them (leave it out)"
            } else {
                ""
            }
        )));
    }
    let body = resp.bytes().await.map_err(unreachable)?;
    let answer: SigninTokenAnswer = serde_json::from_slice(&body).map_err(|_| {
        CredsError::Federation(format!(
            "the federation endpoint {endpoint} answered without a SigninToken; is \
             `federation_endpoint` an AWS federation endpoint?"
        ))
    })?;
    login_url(endpoint, &answer.signin_token)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn creds() -> AwsCredentials {
        AwsCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("se/cr+et"),
            session_token: Secret::new("to&ken="),
            expiration: 0,
        }
    }

    #[test]
    fn the_token_request_carries_the_session_json() {
        let url = signin_token_request(DEFAULT_FEDERATION_ENDPOINT, &creds(), Some(3600)).unwrap();
        let url = url::Url::parse(url.expose()).unwrap();
        assert_eq!(url.host_str(), Some("signin.aws.amazon.com"));
        let q: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        assert_eq!(q[0], ("Action".into(), "getSigninToken".into()));
        assert_eq!(q[1], ("SessionDuration".into(), "3600".into()));
        let session: serde_json::Value = serde_json::from_str(&q[2].1).unwrap();
        assert_eq!(
            session,
            serde_json::json!({"sessionId": "ASIAEXAMPLE", "sessionKey": "se/cr+et",
                               "sessionToken": "to&ken="})
        );
        let without = signin_token_request(DEFAULT_FEDERATION_ENDPOINT, &creds(), None).unwrap();
        assert!(!without.expose().contains("SessionDuration"));
    }

    #[test]
    fn the_login_url_names_issuer_destination_and_token() {
        let url = login_url("http://127.0.0.1:9/federation", &Secret::new("t+k/n")).unwrap();
        assert_eq!(
            url.expose(),
            "http://127.0.0.1:9/federation?Action=login&Issuer=cogtui&Destination=\
             https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=t%2Bk%2Fn"
        );
    }
}
