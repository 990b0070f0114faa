//! `cogtui login --hosted-ui`: the browser signs in on the Hosted UI, a loopback listener on the
//! app client's registered callback URL receives the code, and the session is kept like any
//! other sign-in. `--no-browser` prints the URL instead (SSH sessions).

use super::context::{Ctx, GlobalArgs};
use super::exit::CliError;
use super::output::Output;
use crate::auth::hosted_ui::{self, HostedUiError};
use clap::Args;
use serde_json::json;
use std::time::Duration;

/// The Hosted UI options of `cogtui login`.
#[derive(Debug, Clone, Args)]
pub struct HostedArgs {
    /// Sign in through the Hosted UI in a browser (OAuth 2.0 with PKCE) instead of here.
    #[arg(long)]
    pub hosted_ui: bool,
    /// With --hosted-ui: go straight to this identity provider (e.g. Google, or an OIDC
    /// provider's name on the pool).
    #[arg(long, value_name = "NAME", requires = "hosted_ui")]
    pub provider: Option<String>,
    /// With --hosted-ui: print the URL to open instead of opening a browser.
    #[arg(long, requires = "hosted_ui")]
    pub no_browser: bool,
    /// With --hosted-ui: the loopback callback URL registered on the app client.
    #[arg(
        long,
        value_name = "URL",
        env = "COGTUI_HOSTED_UI_CALLBACK",
        default_value = hosted_ui::DEFAULT_CALLBACK,
        requires = "hosted_ui"
    )]
    pub callback_url: String,
    /// With --hosted-ui: the scopes to ask for, space-separated.
    #[arg(long, value_name = "SCOPES", default_value = hosted_ui::DEFAULT_SCOPES, requires = "hosted_ui")]
    pub scope: String,
    /// With --hosted-ui: seconds to wait for the browser to come back.
    #[arg(long, value_name = "SECONDS", default_value_t = hosted_ui::DEFAULT_TIMEOUT.as_secs(), requires = "hosted_ui")]
    pub timeout: u64,
}

fn cli_error(e: HostedUiError) -> anyhow::Error {
    let text = e.to_string();
    match e {
        HostedUiError::NoDomain(_)
        | HostedUiError::BadCallback { .. }
        | HostedUiError::Listen { .. }
        | HostedUiError::NoBrowser
        | HostedUiError::NotRegistered { .. } => CliError::Config(text).into(),
        HostedUiError::Refused { .. } | HostedUiError::StateMismatch => {
            CliError::Refused(text).into()
        }
        HostedUiError::TimedOut(_) => CliError::NeedsInput(text).into(),
        HostedUiError::Unreachable { .. } | HostedUiError::BadAnswer(_) => {
            CliError::Unreachable(text).into()
        }
        HostedUiError::Auth(e) => e.into(),
    }
}

pub async fn login(g: &GlobalArgs, out: Output, a: &HostedArgs) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    let auth = hosted_ui::prepare(
        &ctx.profile,
        &a.callback_url,
        a.provider.as_deref(),
        &a.scope,
    )
    .map_err(cli_error)?;
    // Before any browser: a callback URL the client does not have is said here, plainly.
    hosted_ui::check_registered(&auth)
        .await
        .map_err(cli_error)?;
    let listener = hosted_ui::listen(&auth).await.map_err(cli_error)?;
    let opened = !a.no_browser && webbrowser::open(&auth.url).is_ok();
    if opened {
        out.note(&format!(
            "Opened the Hosted UI in your browser; waiting up to {} s for it to come back to {}.",
            a.timeout, auth.callback
        ));
    } else {
        if !a.no_browser {
            out.warn("could not open a browser (set BROWSER to your browser's command)");
        }
        // The URL holds no secret (the PKCE verifier stays here); stderr, so stdout stays
        // the result.
        super::stdio::err_line(&format!(
            "Open this URL in a browser on this machine (it comes back to {}):\n{}",
            auth.callback, auth.url
        ));
    }
    let code = hosted_ui::receive(listener, &auth, Duration::from_secs(a.timeout))
        .await
        .map_err(cli_error)?;
    let result = hosted_ui::exchange(&auth, &code).await.map_err(cli_error)?;
    let tokens = account.keep_hosted_sign_in(result)?;
    let expires_in = tokens.expires_at - (crate::calendar::unix_now() - tokens.clock_skew);
    out.emit(
        &format!(
            "Signed in as {} on profile '{}' through the Hosted UI; the access token lasts {} \
             min and is refreshed when needed. The session is kept in {}.",
            tokens.username,
            ctx.profile.name,
            expires_in / 60,
            account.store_label(),
        ),
        &json!({
            "username": tokens.username,
            "profile": ctx.profile.name,
            "expires_at": tokens.expires_at,
            "session_store": account.store_label(),
            "hosted_ui": true,
        }),
    );
    Ok(())
}
