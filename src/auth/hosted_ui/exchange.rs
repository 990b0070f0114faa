//! The Hosted UI's HTTP side: whether it takes the callback URL (asked before any browser), and
//! the code exchanged with the PKCE verifier at /oauth2/token.

use super::{Authorization, HostedUiError};
use crate::cognito::types::AuthenticationResult;
use crate::secret::Secret;
use std::time::Duration;

fn http_client() -> Result<reqwest::Client, HostedUiError> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .map_err(|e| HostedUiError::Unreachable {
            url: String::new(),
            why: e.to_string(),
        })
}

/// Asks the Hosted UI whether it takes the callback URL before a browser is involved: an
/// unregistered one is an error page (400, or Cognito's redirect to `/error`).
pub async fn check_registered(auth: &Authorization) -> Result<(), HostedUiError> {
    let resp =
        http_client()?
            .get(&auth.url)
            .send()
            .await
            .map_err(|e| HostedUiError::Unreachable {
                url: auth.url.split('?').next().unwrap_or_default().to_owned(),
                why: e.without_url().to_string(),
            })?;
    let location = resp
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let status = resp.status();
    let body = if status.is_client_error() {
        resp.text().await.unwrap_or_default()
    } else {
        String::new()
    };
    if location.contains("error=redirect_mismatch") || body.contains("redirect_mismatch") {
        return Err(HostedUiError::NotRegistered {
            callback: auth.callback.to_string(),
            client_id: auth.client_id.clone(),
        });
    }
    if status.is_client_error() || status.is_server_error() {
        return Err(HostedUiError::Refused {
            error: format!("HTTP {}", status.as_u16()),
            description: Some(
                "the authorize URL was refused; check the profile's client id and Hosted UI domain"
                    .into(),
            ),
        });
    }
    // Refusals after the redirect URI is trusted go back to it with `error=`.
    if location.starts_with(auth.callback.as_str()) {
        let q: std::collections::HashMap<String, String> = url::Url::parse(&location)
            .map(|u| u.query_pairs().into_owned().collect())
            .unwrap_or_default();
        if let Some(error) = q.get("error") {
            return Err(HostedUiError::Refused {
                error: error.clone(),
                description: q.get("error_description").cloned(),
            });
        }
    }
    Ok(())
}

/// The token endpoint's answer.
#[derive(serde::Deserialize)]
struct TokenAnswer {
    access_token: Option<Secret>,
    id_token: Option<Secret>,
    refresh_token: Option<Secret>,
    expires_in: Option<i64>,
    token_type: Option<String>,
    error: Option<String>,
    error_description: Option<String>,
}

/// Exchanges the code (with the verifier) for tokens.
pub async fn exchange(
    auth: &Authorization,
    code: &str,
) -> Result<AuthenticationResult, HostedUiError> {
    let mut form = vec![
        ("grant_type", "authorization_code".to_owned()),
        ("client_id", auth.client_id.clone()),
        ("code", code.to_owned()),
        ("redirect_uri", auth.callback.to_string()),
        ("code_verifier", auth.verifier.expose().to_owned()),
    ];
    let mut req = http_client()?.post(&auth.token_endpoint);
    if let Some(s) = &auth.client_secret {
        req = req.basic_auth(&auth.client_id, Some(s.expose()));
        form.retain(|(k, _)| *k != "client_id");
    }
    let resp = req
        .form(&form)
        .send()
        .await
        .map_err(|e| HostedUiError::Unreachable {
            url: auth.token_endpoint.clone(),
            why: e.without_url().to_string(),
        })?;
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    let answer: TokenAnswer = serde_json::from_str(&text).map_err(|_| {
        HostedUiError::BadAnswer(format!(
            "HTTP {} and a body that is not JSON",
            status.as_u16()
        ))
    })?;
    if let Some(error) = answer.error {
        return Err(HostedUiError::Refused {
            error,
            description: answer.error_description,
        });
    }
    if answer.id_token.is_none() {
        return Err(HostedUiError::BadAnswer(
            "no ID token: the client must allow the openid scope".into(),
        ));
    }
    Ok(AuthenticationResult {
        access_token: answer.access_token,
        expires_in: answer.expires_in,
        token_type: answer.token_type,
        refresh_token: answer.refresh_token,
        id_token: answer.id_token,
        new_device_metadata: None,
    })
}
