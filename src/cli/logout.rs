//! `cogtui logout`: ends a session through the account service. By default this session (its
//! refresh token is revoked); `--everywhere` every session of the user; `--local-only` only
//! forgets it here; `--all` does it for every user signed in on the profile.

use super::context::{Ctx, GlobalArgs};
use super::output::Output;
use crate::auth::{SignOutReport, SignOutScope};
use clap::Args;
use serde_json::{Value, json};

#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// End every session of the user (GlobalSignOut), not only this one.
    #[arg(long, conflicts_with = "local_only")]
    pub everywhere: bool,
    /// Only forget the session here; do not tell Cognito (its tokens stay valid until they
    /// expire). Works when Cognito cannot be reached.
    #[arg(long)]
    pub local_only: bool,
    /// Sign out every user signed in on the profile.
    #[arg(long)]
    pub all: bool,
}

pub async fn logout(g: &GlobalArgs, out: Output, a: LogoutArgs) -> anyhow::Result<()> {
    if a.all && g.user.is_some() {
        return Err(super::exit::CliError::Usage(
            "--all signs out every user of the profile: leave out --user".into(),
        )
        .into());
    }
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    let scope = if a.local_only {
        SignOutScope::LocalOnly
    } else if a.everywhere {
        SignOutScope::Everywhere
    } else {
        SignOutScope::Here
    };
    if !a.all {
        let report = account.sign_out(g.user.as_deref(), scope).await?;
        for w in &report.warnings {
            out.warn(w);
        }
        out.emit(&human(&report), &report_json(&report));
        return Ok(());
    }
    let results = account.sign_out_all(scope).await;
    let mut items = Vec::new();
    let mut first_error = None;
    for (user, r) in results {
        match r {
            Ok(report) => {
                for w in &report.warnings {
                    out.warn(&format!("{user}: {w}"));
                }
                out.note(&human(&report));
                items.push(report_json(&report));
            }
            Err(e) => {
                out.warn(&format!("{user}: {e}"));
                items.push(json!({"username": user, "error": e.to_string()}));
                first_error.get_or_insert(e);
            }
        }
    }
    if items.is_empty() {
        out.note(&format!(
            "Nobody is signed in on profile '{}'.",
            ctx.profile.name
        ));
    }
    out.emit(
        "",
        &json!({"profile": ctx.profile.name, "signed_out": items}),
    );
    match first_error {
        Some(e) => Err(e.into()),
        None => Ok(()),
    }
}

fn human(r: &SignOutReport) -> String {
    let user = &r.username;
    match r.scope {
        SignOutScope::LocalOnly => {
            format!("Forgot the session of {user} here; its tokens stay valid until they expire.")
        }
        SignOutScope::Here if r.refresh_revoked => {
            format!("Signed {user} out here: the refresh token is revoked and the session removed.")
        }
        SignOutScope::Everywhere if r.signed_out_everywhere => {
            format!("Signed {user} out everywhere; the session here is removed.")
        }
        _ => format!("Removed the session of {user} here (see the warning)."),
    }
}

fn report_json(r: &SignOutReport) -> Value {
    json!({
        "username": r.username,
        "signed_out_everywhere": r.signed_out_everywhere,
        "refresh_revoked": r.refresh_revoked,
        "warnings": r.warnings,
    })
}
