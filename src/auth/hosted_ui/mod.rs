//! Sign-in through the Hosted UI: OAuth 2.0 authorization code with PKCE (S256) and `state`,
//! the redirect received on a loopback listener, the code exchanged at /oauth2/token, and the
//! session kept like any other sign-in. The faces open the browser and say what happens.

mod exchange;
mod loopback;

pub use exchange::{check_registered, exchange};
pub use loopback::{Listener, listen, receive};

use super::tokens::stored_from_result;
use super::{Account, AuthError};
use crate::cognito::types::AuthenticationResult;
use crate::config::Profile;
use crate::secret::Secret;
use crate::session::StoredTokens;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64URL;
use sha2::{Digest, Sha256};
use std::time::Duration;

/// The callback URL the local pool's seeded public client registers; the default.
pub const DEFAULT_CALLBACK: &str = "http://localhost:9230/callback";
/// The scopes asked for by default: the ID token, the attributes, and the user-pool API (MFA,
/// devices) for the access token.
pub const DEFAULT_SCOPES: &str = "openid email profile aws.cognito.signin.user.admin";
/// How long the browser has to come back by default.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(300);

/// Why a Hosted UI sign-in stopped. Nothing is kept in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum HostedUiError {
    #[error(
        "profile '{0}' has no Hosted UI domain: set hosted_ui_domain (like \
         `myapp.auth.eu-west-1.amazoncognito.com`) with `cogtui profile set`"
    )]
    NoDomain(String),
    #[error("the callback URL {url} cannot be used: {why}")]
    BadCallback { url: String, why: String },
    #[error(
        "cannot listen on {addr} for the Hosted UI's redirect: {source}; is another sign-in \
         waiting there? Close it, or register and pass another --callback-url"
    )]
    Listen {
        addr: String,
        source: std::io::Error,
    },
    #[error(
        "the Hosted UI refuses the callback URL {callback}: it is not one of app client \
         {client_id}'s callback URLs. Add it to the client's CallbackURLs (exactly, port \
         included), or pass the one registered with --callback-url"
    )]
    NotRegistered { callback: String, client_id: String },
    #[error("the Hosted UI refused the sign-in: {error}{}", description.as_deref().map(|d| format!(" ({d})")).unwrap_or_default())]
    Refused {
        error: String,
        description: Option<String>,
    },
    #[error(
        "the redirect's state does not match the one sent (or is missing): it did not come \
         from this sign-in, so its code was not used; sign in again"
    )]
    StateMismatch,
    #[error(
        "no answer from the browser within {0} s (was it closed?); nothing was kept: run the \
         command again"
    )]
    TimedOut(u64),
    #[error(
        "could not open a browser (set BROWSER to your browser's command), or run \
         `cogtui login --hosted-ui --no-browser` and open the URL it prints"
    )]
    NoBrowser,
    #[error("cannot reach the Hosted UI at {url}: {why}")]
    Unreachable { url: String, why: String },
    #[error("the token endpoint's answer is not usable: {0}")]
    BadAnswer(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
}

/// A sign-in in progress: the URL to open and what checks the redirect.
pub struct Authorization {
    /// The authorize URL to open in a browser (holds no secret: the verifier stays here).
    pub url: String,
    pub callback: url::Url,
    verifier: Secret,
    state: String,
    token_endpoint: String,
    client_id: String,
    client_secret: Option<Secret>,
}

/// The Hosted UI's base URL: the profile's `hosted_ui_domain` (https when no scheme is given),
/// or, for a profile with an endpoint override such as the local pool, that endpoint.
pub fn base_url(profile: &Profile) -> Result<String, HostedUiError> {
    let base = match (&profile.hosted_ui_domain, &profile.endpoint) {
        (Some(d), _) if d.contains("://") => d.clone(),
        (Some(d), _) => format!("https://{d}"),
        (None, Some(e)) => e.clone(),
        (None, None) => return Err(HostedUiError::NoDomain(profile.name.clone())),
    };
    Ok(base.trim_end_matches('/').to_owned())
}

/// Checks that `callback` can be listened on here: http, a loopback host, a port.
pub fn loopback_callback(callback: &str) -> Result<url::Url, HostedUiError> {
    let bad = |why: &str| HostedUiError::BadCallback {
        url: callback.to_owned(),
        why: why.to_owned(),
    };
    let url = url::Url::parse(callback).map_err(|_| bad("it is not a URL"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    if url.scheme() != "http" || !loopback || url.port().is_none() {
        return Err(bad(
            "write it like http://localhost:9230/callback (http, a loopback address, a port)",
        ));
    }
    Ok(url)
}

fn random_b64(bytes: usize) -> String {
    let mut raw = vec![0u8; bytes];
    rand::fill(&mut raw[..]);
    B64URL.encode(raw)
}

/// A fresh PKCE verifier, state and authorize URL. `provider` becomes `identity_provider`.
pub fn prepare(
    profile: &Profile,
    callback: &str,
    provider: Option<&str>,
    scope: &str,
) -> Result<Authorization, HostedUiError> {
    let base = base_url(profile)?;
    let callback_url = loopback_callback(callback)?;
    // 32 random bytes: a 43-character verifier, as RFC 7636 recommends.
    let verifier = Secret::new(random_b64(32));
    let challenge = B64URL.encode(Sha256::digest(verifier.expose().as_bytes()));
    let state = random_b64(16);
    let mut url = url::Url::parse(&format!("{base}/oauth2/authorize"))
        .map_err(|_| HostedUiError::NoDomain(profile.name.clone()))?;
    {
        let mut q = url.query_pairs_mut();
        q.append_pair("response_type", "code")
            .append_pair("client_id", &profile.client_id)
            .append_pair("redirect_uri", callback)
            .append_pair("scope", scope)
            .append_pair("state", &state)
            .append_pair("code_challenge", &challenge)
            .append_pair("code_challenge_method", "S256");
        if let Some(p) = provider {
            q.append_pair("identity_provider", p);
        }
    }
    Ok(Authorization {
        url: url.to_string(),
        callback: callback_url,
        verifier,
        state,
        token_endpoint: format!("{base}/oauth2/token"),
        client_id: profile.client_id.clone(),
        client_secret: profile.client_secret.clone(),
    })
}

/// The whole Hosted UI sign-in for a face that has nothing to show between the steps (the
/// TUI): prepare, check the callback URL, listen, `open` the URL (false: no browser could be
/// opened), receive, exchange, keep.
pub async fn sign_in_in_browser(
    account: &Account,
    callback: &str,
    provider: Option<&str>,
    timeout: Duration,
    open: impl FnOnce(&str) -> bool,
) -> Result<StoredTokens, HostedUiError> {
    let auth = prepare(account.profile(), callback, provider, DEFAULT_SCOPES)?;
    check_registered(&auth).await?;
    let listener = listen(&auth).await?;
    if !open(&auth.url) {
        return Err(HostedUiError::NoBrowser);
    }
    let code = receive(listener, &auth, timeout).await?;
    let result = exchange(&auth, &code).await?;
    Ok(account.keep_hosted_sign_in(result)?)
}

impl Account {
    /// Keeps the tokens of a Hosted UI sign-in like any other sign-in (the user becomes
    /// current). Hosted UI sign-ins have no remembered device.
    pub fn keep_hosted_sign_in(
        &self,
        result: AuthenticationResult,
    ) -> Result<StoredTokens, AuthError> {
        let tokens = stored_from_result(result, None, crate::calendar::unix_now(), None)?;
        self.settle(super::SignIn::Done(Box::new(tokens.clone())))?;
        Ok(tokens)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> Profile {
        let mut p = Profile::new("dev", "eu-west-1", "eu-west-1_AbC123", "client1");
        p.hosted_ui_domain = Some("myapp.auth.eu-west-1.amazoncognito.com".into());
        p
    }

    #[test]
    fn the_authorize_url_carries_pkce_and_state_but_not_the_verifier() {
        let a = prepare(&profile(), DEFAULT_CALLBACK, Some("Google"), DEFAULT_SCOPES).unwrap();
        assert!(
            a.url
                .starts_with("https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/authorize?")
        );
        let q: std::collections::HashMap<String, String> = url::Url::parse(&a.url)
            .unwrap()
            .query_pairs()
            .into_owned()
            .collect();
        assert_eq!(q["code_challenge_method"], "S256");
        assert_eq!(
            q["code_challenge"],
            B64URL.encode(Sha256::digest(a.verifier.expose().as_bytes()))
        );
        assert_eq!(q["state"], a.state);
        assert_eq!(q["identity_provider"], "Google");
        assert!(!a.url.contains(a.verifier.expose()));
    }

    #[test]
    fn only_loopback_http_callbacks_with_a_port_are_listened_on() {
        assert!(loopback_callback("http://localhost:9230/callback").is_ok());
        assert!(loopback_callback("http://localhost:8080/cb").is_ok());
        assert!(loopback_callback("https://app.example/cb").is_err());
        assert!(loopback_callback("http://127.0.0.1/cb").is_err());
    }

    #[test]
    fn a_profile_without_a_domain_or_endpoint_says_what_to_set() {
        let p = Profile::new("dev", "eu-west-1", "eu-west-1_AbC123", "client1");
        let e = base_url(&p).unwrap_err();
        assert!(e.to_string().contains("hosted_ui_domain"));
    }
}
