//! The checks Cognito makes on an app client's Hosted UI settings (CreateUserPoolClient and
//! UpdateUserPoolClient): OAuth flows, scopes, callback and sign-out URLs.

use super::super::error::{ApiError, ApiResult};
use crate::cognito::types::OAuthSettings;

/// The scopes Cognito defines; anything else must be a custom scope, `resource/name`.
pub const STANDARD_SCOPES: &[&str] = &[
    "openid",
    "email",
    "phone",
    "profile",
    "aws.cognito.signin.user.admin",
];

const FLOWS: &[&str] = &["code", "implicit", "client_credentials"];
const MAX_URLS: usize = 100;
const MAX_URL_LEN: usize = 1024;

fn flow_error(message: &str) -> ApiError {
    ApiError::new("InvalidOAuthFlowException", message)
}

/// Checks the settings for a client that has (or will have) a secret when `has_secret`, and
/// returns them as stored.
pub fn check(o: &OAuthSettings, has_secret: bool) -> ApiResult<OAuthSettings> {
    let flows = o.allowed_oauth_flows.clone().unwrap_or_default();
    for f in &flows {
        if !FLOWS.contains(&f.as_str()) {
            return Err(ApiError::invalid_parameter(
                "1 validation error detected: Value at 'allowedOAuthFlows' failed to satisfy \
                 constraint: Member must satisfy enum value set: [implicit, \
                 client_credentials, code]",
            ));
        }
    }
    let client_credentials = flows.iter().any(|f| f == "client_credentials");
    if client_credentials && flows.len() > 1 {
        return Err(flow_error(
            "client_credentials flow can not be selected along with code flow or implicit flow.",
        ));
    }
    if client_credentials && !has_secret {
        return Err(flow_error(
            "client_credentials flow can not be selected if client does not have a client \
             secret.",
        ));
    }
    let scopes = o.allowed_oauth_scopes.clone().unwrap_or_default();
    for s in &scopes {
        check_scope(s)?;
    }
    let custom_only = scopes
        .iter()
        .all(|s| !STANDARD_SCOPES.contains(&s.as_str()));
    if client_credentials && !custom_only {
        return Err(ApiError::new(
            "InvalidOAuthFlowException",
            "client_credentials flow can only be used with custom scopes.",
        ));
    }
    if o.allowed_oauth_flows_user_pool_client == Some(true) {
        if flows.is_empty() {
            return Err(flow_error(
                "AllowedOAuthFlows are required when AllowedOAuthFlowsUserPoolClient is true.",
            ));
        }
        if scopes.is_empty() {
            return Err(flow_error(
                "AllowedOAuthScopes are required when AllowedOAuthFlowsUserPoolClient is true.",
            ));
        }
    }
    let callbacks = o.callback_urls.clone().unwrap_or_default();
    check_urls(&callbacks, "callbackURLs")?;
    check_urls(o.logout_urls.as_deref().unwrap_or_default(), "logoutURLs")?;
    let browser_flow = flows.iter().any(|f| f == "code" || f == "implicit");
    if browser_flow && o.allowed_oauth_flows_user_pool_client == Some(true) && callbacks.is_empty()
    {
        return Err(flow_error(
            "CallbackURLs are required when the code or implicit flow is allowed.",
        ));
    }
    if let Some(d) = &o.default_redirect_uri {
        check_url(d, "defaultRedirectURI")?;
        if !callbacks.contains(d) {
            return Err(ApiError::invalid_parameter(
                "DefaultRedirectURI must be one of the CallbackURLs.",
            ));
        }
    }
    Ok(o.clone())
}

fn check_scope(s: &str) -> ApiResult<()> {
    if STANDARD_SCOPES.contains(&s) {
        return Ok(());
    }
    // A custom scope: a resource server's identifier, `/`, and the scope's name.
    let ok = match s.rsplit_once('/') {
        Some((server, name)) => {
            !server.is_empty()
                && !name.is_empty()
                && s.len() <= 256
                && s.chars()
                    .all(|c| c.is_ascii_graphic() && c != '"' && c != '\\')
        }
        None => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::new(
            "ScopeDoesNotExistException",
            "Invalid scope requested: scopes are openid, email, phone, profile, \
             aws.cognito.signin.user.admin, or a custom scope written resource-server/name",
        ))
    }
}

fn check_urls(list: &[String], field: &str) -> ApiResult<()> {
    if list.len() > MAX_URLS {
        return Err(ApiError::invalid_parameter(format!(
            "1 validation error detected: Value at '{field}' failed to satisfy constraint: \
             Member must have length less than or equal to {MAX_URLS}"
        )));
    }
    list.iter().try_for_each(|u| check_url(u, field))
}

/// Cognito takes absolute URLs without a fragment, https, or http on localhost. The local pool
/// also takes http on 127.0.0.1 and [::1] (loopback, for native apps; docs/local-pool.md).
pub fn check_url(u: &str, field: &str) -> ApiResult<()> {
    let bad = |why: &str| {
        ApiError::invalid_parameter(format!(
            "1 validation error detected: a value at '{field}' is not a valid redirect URL: \
             {why}"
        ))
    };
    if u.is_empty() || u.len() > MAX_URL_LEN {
        return Err(bad("it must be 1 to 1024 characters"));
    }
    let url = url::Url::parse(u).map_err(|_| bad("it must be an absolute URL"))?;
    if url.fragment().is_some() {
        return Err(bad("it must not have a fragment (#...)"));
    }
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(&url) => Ok(()),
        "http" => Err(bad("http is only allowed for localhost; use https")),
        // Custom schemes (myapp://callback) are allowed for native apps.
        "javascript" | "data" | "file" => Err(bad("this scheme is not allowed")),
        _ => Ok(()),
    }
}

fn is_loopback(url: &url::Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(flows: &[&str], scopes: &[&str], urls: &[&str]) -> OAuthSettings {
        let v = |l: &[&str]| Some(l.iter().map(|s| (*s).to_owned()).collect());
        OAuthSettings {
            allowed_oauth_flows: v(flows),
            allowed_oauth_scopes: v(scopes),
            callback_urls: v(urls),
            allowed_oauth_flows_user_pool_client: Some(true),
            ..Default::default()
        }
    }

    #[test]
    fn urls_must_be_https_or_loopback() {
        for ok in [
            "https://app.example/cb",
            "http://localhost:3000/cb",
            "http://127.0.0.1:9230/callback",
            "myapp://signin",
        ] {
            assert!(check_url(ok, "callbackURLs").is_ok(), "{ok}");
        }
        for bad in [
            "http://app.example/cb",
            "https://app.example/cb#x",
            "/relative",
            "javascript:alert(1)",
        ] {
            assert!(check_url(bad, "callbackURLs").is_err(), "{bad}");
        }
    }

    #[test]
    fn client_credentials_stands_alone_with_a_secret_and_custom_scopes() {
        let cc = settings(&["client_credentials"], &["api/read"], &[]);
        assert!(check(&cc, true).is_ok());
        assert_eq!(
            check(&cc, false).unwrap_err().kind,
            "InvalidOAuthFlowException"
        );
        let mixed = settings(
            &["client_credentials", "code"],
            &["api/read"],
            &["https://a/b"],
        );
        assert_eq!(
            check(&mixed, true).unwrap_err().kind,
            "InvalidOAuthFlowException"
        );
        let standard = settings(&["client_credentials"], &["openid"], &[]);
        assert!(check(&standard, true).is_err());
    }

    #[test]
    fn flows_and_scopes_are_known_ones() {
        let bad_flow = settings(&["password"], &["openid"], &["https://a/b"]);
        assert_eq!(
            check(&bad_flow, false).unwrap_err().kind,
            "InvalidParameterException"
        );
        let bad_scope = settings(&["code"], &["everything"], &["https://a/b"]);
        assert_eq!(
            check(&bad_scope, false).unwrap_err().kind,
            "ScopeDoesNotExistException"
        );
        let no_callback = settings(&["code"], &["openid"], &[]);
        assert!(check(&no_callback, false).is_err());
        let ok = settings(
            &["code"],
            &["openid", "email", "api/read"],
            &["https://a/b"],
        );
        assert!(check(&ok, false).is_ok());
    }
}
