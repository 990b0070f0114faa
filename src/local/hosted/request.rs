//! The parameters of /oauth2/authorize (carried on to /login) and Cognito's checks of them:
//! which refusals show an error page (no trusted redirect URI yet) and which go back to the
//! app's redirect URI with `error=`.

use super::super::state::State;
use super::super::store::PoolRow;
use crate::cognito::types::{IdentityProviderType, UserPoolClientType};
use serde::{Deserialize, Serialize};

/// The authorize request as sent.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AuthorizeQuery {
    pub response_type: Option<String>,
    pub client_id: Option<String>,
    pub redirect_uri: Option<String>,
    pub scope: Option<String>,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub code_challenge_method: Option<String>,
    pub nonce: Option<String>,
    pub identity_provider: Option<String>,
}

impl AuthorizeQuery {
    /// The query string that carries this request to the next page.
    pub fn encoded(&self) -> String {
        let mut out = url::form_urlencoded::Serializer::new(String::new());
        let pairs = [
            ("response_type", &self.response_type),
            ("client_id", &self.client_id),
            ("redirect_uri", &self.redirect_uri),
            ("scope", &self.scope),
            ("state", &self.state),
            ("code_challenge", &self.code_challenge),
            ("code_challenge_method", &self.code_challenge_method),
            ("nonce", &self.nonce),
            ("identity_provider", &self.identity_provider),
        ];
        for (k, v) in pairs {
            if let Some(v) = v {
                out.append_pair(k, v);
            }
        }
        out.finish()
    }
}

/// An authorize request that passed every check.
pub struct Checked {
    pub client: UserPoolClientType,
    pub pool: PoolRow,
    pub redirect_uri: String,
    pub scope: String,
    pub state: Option<String>,
    pub code_challenge: Option<String>,
    pub nonce: Option<String>,
    /// The identity provider to sign in with (`identity_provider`), when not COGNITO.
    pub provider: Option<IdentityProviderType>,
}

/// Why an authorize request is refused.
pub enum Refusal {
    /// No redirect URI can be trusted: an error page (`error` is Cognito's code).
    Page { error: &'static str, why: String },
    /// Back to the app: `redirect_uri?error=…&error_description=…&state=…`.
    Redirect(String),
}

impl Refusal {
    fn page(error: &'static str, why: impl Into<String>) -> Self {
        Self::Page {
            error,
            why: why.into(),
        }
    }
}

/// Values longer than this are refused (URLs stay well under browsers' limits).
const MAX_PARAM: usize = 2048;

pub fn check(st: &State, q: &AuthorizeQuery) -> Result<Checked, Refusal> {
    let too_long = [
        &q.response_type,
        &q.client_id,
        &q.redirect_uri,
        &q.scope,
        &q.state,
        &q.code_challenge,
        &q.code_challenge_method,
        &q.nonce,
        &q.identity_provider,
    ]
    .iter()
    .any(|v| v.as_ref().is_some_and(|v| v.len() > MAX_PARAM));
    if too_long {
        return Err(Refusal::page(
            "invalid_request",
            format!("a parameter is longer than {MAX_PARAM} characters"),
        ));
    }
    let client_id = q
        .client_id
        .as_deref()
        .ok_or_else(|| Refusal::page("invalid_request", "client_id is required"))?;
    let (client, pool) = st
        .client(client_id)
        .map_err(|_| Refusal::page("invalid_request", "Client does not exist."))?;
    let redirect_uri = q
        .redirect_uri
        .clone()
        .or_else(|| client.oauth.default_redirect_uri.clone())
        .ok_or_else(|| Refusal::page("invalid_request", "redirect_uri is required"))?;
    // Exactly as registered: scheme, host, port, path and query.
    let registered = client.oauth.callback_urls.as_deref().unwrap_or_default();
    if !registered.contains(&redirect_uri) {
        return Err(Refusal::page(
            "redirect_mismatch",
            "redirect_uri is not one of the app client's callback URLs",
        ));
    }
    let back = |error: &str, why: &str| {
        Refusal::Redirect(error_redirect(
            &redirect_uri,
            error,
            why,
            q.state.as_deref(),
        ))
    };
    let flows = client
        .oauth
        .allowed_oauth_flows
        .as_deref()
        .unwrap_or_default();
    match q.response_type.as_deref() {
        Some("code") => {}
        Some("token") => {
            return Err(back(
                "unsupported_response_type",
                "the cogtui local pool supports response_type=code only",
            ));
        }
        Some(_) => {
            return Err(back(
                "unsupported_response_type",
                "response_type must be code",
            ));
        }
        None => return Err(back("invalid_request", "response_type is required")),
    }
    if client.oauth.allowed_oauth_flows_user_pool_client != Some(true)
        || !flows.iter().any(|f| f == "code")
    {
        return Err(back(
            "unauthorized_client",
            "the client may not use the code flow",
        ));
    }
    let allowed = client
        .oauth
        .allowed_oauth_scopes
        .clone()
        .unwrap_or_default();
    let scope = match q.scope.as_deref().map(str::trim) {
        None | Some("") => allowed.join(" "),
        Some(s) => {
            let asked: Vec<&str> = s.split_whitespace().collect();
            if asked.iter().any(|a| !allowed.iter().any(|x| x == a)) {
                return Err(back(
                    "invalid_scope",
                    "a scope is not allowed for this client",
                ));
            }
            asked.join(" ")
        }
    };
    let code_challenge = match (&q.code_challenge, q.code_challenge_method.as_deref()) {
        (Some(c), Some("S256")) => {
            if !is_challenge(c) {
                return Err(back(
                    "invalid_request",
                    "code_challenge must be the base64url SHA-256 of the verifier",
                ));
            }
            Some(c.clone())
        }
        (Some(_), _) => {
            return Err(back(
                "invalid_request",
                "code_challenge_method must be S256",
            ));
        }
        (None, _) if client.client_secret.is_none() => {
            return Err(back(
                "invalid_request",
                "a public client must send code_challenge (PKCE, S256)",
            ));
        }
        (None, _) => None,
    };
    let providers = client
        .oauth
        .supported_identity_providers
        .clone()
        .unwrap_or_default();
    let provider = q.identity_provider.as_deref().unwrap_or("COGNITO");
    if !providers.iter().any(|p| p == provider) {
        return Err(back(
            "invalid_request",
            "identity_provider is not one of the client's supported identity providers",
        ));
    }
    let provider = if provider == "COGNITO" {
        None
    } else {
        let pool_id = pool.config.id.clone().unwrap_or_default();
        let found = st
            .store
            .read(|db| db.get_provider(&pool_id, provider))
            .ok()
            .flatten();
        Some(found.ok_or_else(|| {
            back(
                "invalid_request",
                "identity_provider names no identity provider of the user pool",
            )
        })?)
    };
    Ok(Checked {
        client,
        pool,
        redirect_uri,
        scope,
        state: q.state.clone(),
        code_challenge,
        nonce: q.nonce.clone(),
        provider,
    })
}

/// A PKCE S256 challenge: 43 base64url characters.
fn is_challenge(c: &str) -> bool {
    c.len() == 43
        && c.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// `uri` with `params` added to its query.
pub fn with_params(uri: &str, params: &[(&str, &str)]) -> String {
    match url::Url::parse(uri) {
        Ok(mut u) => {
            {
                let mut q = u.query_pairs_mut();
                for (k, v) in params {
                    q.append_pair(k, v);
                }
            }
            u.to_string()
        }
        Err(_) => uri.to_owned(),
    }
}

pub fn error_redirect(uri: &str, error: &str, why: &str, state: Option<&str>) -> String {
    let mut params = vec![("error", error), ("error_description", why)];
    if let Some(s) = state {
        params.push(("state", s));
    }
    with_params(uri, &params)
}
