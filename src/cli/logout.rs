//! `cogtui logout`: GlobalSignOut, RevokeToken, then the local session is removed.

use super::context::{Ctx, GlobalArgs};
use super::output::Output;
use crate::auth;
use clap::Args;
use serde_json::json;

#[derive(Debug, Args)]
pub struct LogoutArgs {
    /// Only forget the session here; do not tell Cognito.
    #[arg(long)]
    pub local_only: bool,
}

pub async fn logout(g: &GlobalArgs, out: Output, a: LogoutArgs) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let user = ctx.signed_in_user()?;
    let key = ctx.key(&user);
    if a.local_only {
        ctx.store.delete(&key)?;
        ctx.current.set(&ctx.profile.name, None)?;
        out.emit(
            &format!("Forgot the session of {user} here; its tokens stay valid until they expire."),
            &json!({"username": user, "signed_out_everywhere": false, "refresh_revoked": false}),
        );
        return Ok(());
    }
    // A fresh access token lets GlobalSignOut through; if refreshing fails, sign out locally.
    let tokens = match ctx.fresh_tokens().await {
        Ok((_, t)) => Some(t),
        Err(_) => ctx.store.load(&key).ok().flatten(),
    };
    let report = match &tokens {
        Some(t) => auth::sign_out(&ctx.client, ctx.store.as_ref(), &key, t).await?,
        None => {
            ctx.store.delete(&key)?;
            auth::SignOutReport::default()
        }
    };
    ctx.current.set(&ctx.profile.name, None)?;
    for w in &report.warnings {
        out.warn(w);
    }
    let human = if report.signed_out_everywhere {
        format!("Signed {user} out everywhere; the session here is removed.")
    } else {
        format!("Removed the session of {user} here (Cognito was not told; see the warning).")
    };
    out.emit(
        &human,
        &json!({
            "username": user,
            "signed_out_everywhere": report.signed_out_everywhere,
            "refresh_revoked": report.refresh_revoked,
            "warnings": report.warnings,
        }),
    );
    Ok(())
}
