//! The Hosted UI settings of the app client: callback URLs present and acceptable, flows and
//! scopes that give an ID token, and a profile that expects a Hosted UI the client turned off.

use super::super::findings::{Finding, Severity};
use super::super::snapshot::{Expectations, Snapshot};
use super::{CLIENT_UPDATE_RESETS, aws, client_console, names};

/// Loopback addresses by number: this machine, but not the `localhost` Cognito documents.
fn loopback_ip(host: &str) -> bool {
    matches!(host, "127.0.0.1" | "[::1]" | "::1")
}

/// What is wrong with one callback URL, if anything: (id, severity, why).
fn callback_problem(raw: &str) -> Option<(&'static str, Severity, String)> {
    let url = match url::Url::parse(raw) {
        Ok(u) => u,
        Err(e) => {
            return Some((
                "hosted-ui-bad-callback",
                Severity::Error,
                format!("`{raw}` is not a URL ({e})"),
            ));
        }
    };
    if url.fragment().is_some() {
        return Some((
            "hosted-ui-bad-callback",
            Severity::Error,
            format!("`{raw}` has a fragment (#…), which Cognito does not allow"),
        ));
    }
    match url.scheme() {
        "https" => None,
        "http" if url.host_str() == Some("localhost") => None,
        "http" if url.host_str().is_some_and(loopback_ip) => Some((
            "hosted-ui-loopback-ip-callback",
            Severity::Warning,
            format!(
                "`{raw}` is plain http to a loopback address: Cognito's documentation allows \
                 plain http only for `localhost`, so AWS may refuse this URL (the local pool \
                 takes it); write it with localhost"
            ),
        )),
        "http" => Some((
            "hosted-ui-insecure-callback",
            Severity::Error,
            format!(
                "`{raw}` is plain http on a host that is not this machine: Cognito only takes \
                 http for localhost, and the authorization code would cross the network \
                 unencrypted"
            ),
        )),
        // A custom scheme (myapp://callback) is how mobile apps receive the code.
        _ => None,
    }
}

fn fix(s: &Snapshot, what: &str) -> String {
    let n = names(s);
    format!(
        "{what}: {}. Or: {}. {CLIENT_UPDATE_RESETS}",
        client_console(s, "Login pages → Edit"),
        aws(
            s,
            "update-user-pool-client",
            &format!(
                "--client-id {} --allowed-o-auth-flows-user-pool-client --allowed-o-auth-flows \
                 code --allowed-o-auth-scopes openid email --supported-identity-providers \
                 COGNITO --callback-urls https://app.example.com/callback \
                 http://localhost:8765/callback",
                n.client
            )
        )
    )
}

pub fn check(s: &Snapshot, out: &mut Vec<Finding>) {
    let o = &s.client.oauth;
    let n = names(s);
    if o.allowed_oauth_flows_user_pool_client != Some(true) {
        if let Some(domain) = &s.profile.hosted_ui_domain {
            out.push(Finding::new(
                "hosted-ui-off",
                Severity::Warning,
                format!(
                    "Profile `{}` names a Hosted UI ({domain}), but app client {} does not \
                     allow OAuth flows",
                    s.profile.name, n.client_label
                ),
                "The Hosted UI refuses this client (\"unauthorized_client\"): no sign-in page, \
                 no social or SAML sign-in through it.",
                fix(s, "Allow the Hosted UI for the client"),
            ));
        }
        return;
    }
    let callbacks = o.callback_urls.clone().unwrap_or_default();
    if callbacks.is_empty() {
        out.push(Finding::new(
            "hosted-ui-no-callback",
            Severity::Error,
            format!(
                "App client {} allows the Hosted UI but has no callback URL",
                n.client_label
            ),
            "After sign-in the Hosted UI sends the user to a callback URL with the code; with \
             none, every sign-in through it ends on an error page (\"redirect_mismatch\").",
            fix(s, "Add the URLs your apps listen on"),
        ));
    }
    for raw in &callbacks {
        if let Some((id, severity, why)) = callback_problem(raw) {
            out.push(Finding::new(
                id,
                severity,
                format!(
                    "A callback URL of app client {} cannot be used",
                    n.client_label
                ),
                why,
                fix(s, "Use https URLs, http only for localhost"),
            ));
        }
    }
    let flows = o.allowed_oauth_flows.clone().unwrap_or_default();
    let scopes = o.allowed_oauth_scopes.clone().unwrap_or_default();
    if flows.is_empty() || scopes.is_empty() {
        out.push(Finding::new(
            "hosted-ui-no-flows",
            Severity::Error,
            format!(
                "App client {} allows the Hosted UI but names no {}",
                n.client_label,
                if flows.is_empty() {
                    "OAuth flow"
                } else {
                    "OAuth scope"
                }
            ),
            "The Hosted UI refuses every request for this client until it allows a flow \
             (`code`, for apps and CLIs) and scopes.",
            fix(s, "Allow the code flow with the openid scope"),
        ));
    } else if flows.iter().any(|f| f == "code") && !scopes.iter().any(|sc| sc == "openid") {
        out.push(Finding::new(
            "hosted-ui-code-without-openid",
            Severity::Warning,
            format!(
                "App client {} allows the code flow without the openid scope",
                n.client_label
            ),
            "Without openid the token endpoint gives no ID token (only an access token), and \
             /oauth2/userInfo refuses: apps that read the user's name or email from the ID \
             token get nothing.",
            fix(s, "Add openid to the allowed scopes"),
        ));
    }
}

/// A client that allows the code flow but not the callback URL `cogtui login --hosted-ui`
/// listens on: that sign-in stops before the browser opens.
pub fn cogtui_callback(s: &Snapshot, expect: &Expectations, out: &mut Vec<Finding>) {
    let o = &s.client.oauth;
    let Some(callback) = &expect.callback else {
        return;
    };
    let code = o.allowed_oauth_flows.iter().flatten().any(|f| f == "code");
    if o.allowed_oauth_flows_user_pool_client != Some(true) || !code {
        return;
    }
    let mut callbacks = o.callback_urls.clone().unwrap_or_default();
    if callbacks.is_empty() || callbacks.contains(callback) {
        return;
    }
    let n = names(s);
    callbacks.push(callback.clone());
    out.push(Finding::new(
        "hosted-ui-cogtui-callback",
        Severity::Warning,
        format!(
            "App client {} does not register {callback}, where `cogtui login --hosted-ui` \
             listens",
            n.client_label
        ),
        "The Hosted UI sends the code only to a registered callback URL, matched exactly (port \
         and path included): `cogtui login --hosted-ui` stops with \"the Hosted UI refuses the \
         callback URL\" before the browser opens. Another port is `--callback-url` (or \
         COGTUI_HOSTED_UI_CALLBACK), checked here with the doctor's `--callback-url`.",
        format!(
            "Add it to the client's callback URLs: {}. Or: {}. {CLIENT_UPDATE_RESETS}",
            client_console(s, "Login pages → Edit → Allowed callback URLs"),
            aws(
                s,
                "update-user-pool-client",
                &format!(
                    "--client-id {} --allowed-o-auth-flows-user-pool-client \
                     --allowed-o-auth-flows code --allowed-o-auth-scopes {} \
                     --callback-urls {}",
                    n.client,
                    o.allowed_oauth_scopes.clone().unwrap_or_default().join(" "),
                    callbacks.join(" ")
                )
            )
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{healthy, ids};

    fn hosted(s: &mut crate::doctor::Snapshot, callbacks: &[&str], scopes: &[&str]) {
        let o = &mut s.client.oauth;
        o.allowed_oauth_flows_user_pool_client = Some(true);
        o.allowed_oauth_flows = Some(vec!["code".into()]);
        o.allowed_oauth_scopes = Some(scopes.iter().map(|x| (*x).to_owned()).collect());
        o.callback_urls = Some(callbacks.iter().map(|x| (*x).to_owned()).collect());
    }

    #[test]
    fn good_callbacks_pass() {
        let mut s = healthy();
        hosted(
            &mut s,
            &[
                "https://app.example.com/cb",
                "http://localhost:8765/callback",
                "myapp://callback",
            ],
            &["openid", "email"],
        );
        assert!(ids(&s).is_empty(), "{:?}", ids(&s));
        hosted(&mut s, &["http://127.0.0.1:9/x"], &["openid"]);
        assert_eq!(ids(&s), ["hosted-ui-loopback-ip-callback"]);
    }

    #[test]
    fn missing_insecure_and_broken_callbacks_are_errors() {
        let mut s = healthy();
        hosted(&mut s, &[], &["openid"]);
        assert_eq!(ids(&s), ["hosted-ui-no-callback"]);
        hosted(
            &mut s,
            &[
                "http://app.example.com/cb",
                "not a url",
                "https://a.example/#x",
            ],
            &["openid"],
        );
        assert_eq!(
            ids(&s),
            [
                "hosted-ui-insecure-callback",
                "hosted-ui-bad-callback",
                "hosted-ui-bad-callback"
            ]
        );
    }

    #[test]
    fn code_flow_without_openid_and_no_flows_are_found() {
        let mut s = healthy();
        hosted(&mut s, &["https://a.example/cb"], &["email"]);
        assert_eq!(ids(&s), ["hosted-ui-code-without-openid"]);
        s.client.oauth.allowed_oauth_flows = None;
        assert_eq!(ids(&s), ["hosted-ui-no-flows"]);
    }

    #[test]
    fn a_profile_domain_with_the_hosted_ui_off_is_found() {
        let mut s = healthy();
        s.profile.hosted_ui_domain = Some("auth.example.com".into());
        assert_eq!(ids(&s), ["hosted-ui-off"]);
    }
}
