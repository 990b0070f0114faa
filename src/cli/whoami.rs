//! `cogtui whoami` (the checked ID token's claims) and `cogtui tokens` (a raw token for curl).

use super::context::{Ctx, GlobalArgs};
use super::output::Output;
use crate::cognito::verify_id_token;
use clap::{Args, ValueEnum};
use serde_json::json;

pub async fn whoami(g: &GlobalArgs, out: Output) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    let tokens = account.fresh_tokens(g.user.as_deref()).await?;
    let server_now = crate::calendar::unix_now() - tokens.clock_skew;
    let claims = verify_id_token(
        &ctx.profile.issuer(),
        &ctx.profile.client_id,
        tokens.id_token.expose(),
        server_now,
    )
    .await?;
    let expires_in = tokens.expires_at - server_now;
    let pick = |k: &str| claims[k].as_str().unwrap_or("-").to_owned();
    let human = format!(
        "{} on profile '{}'\n  sub        {}\n  email      {}{}\n  expires in {} min {} s \
         (ID token checked against the pool's keys)\n  session    kept in {}",
        tokens.username,
        ctx.profile.name,
        pick("sub"),
        pick("email"),
        if claims["email_verified"] == true {
            " (verified)"
        } else {
            ""
        },
        expires_in / 60,
        expires_in % 60,
        account.store_label()
    );
    out.emit(
        &human,
        &json!({
            "profile": ctx.profile.name,
            "username": tokens.username,
            "session_store": account.store_label(),
            "expires_at": tokens.expires_at,
            "expires_in": expires_in,
            "claims": claims,
        }),
    );
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Which {
    /// The ID token (what API Gateway's Cognito authorizer expects by default).
    #[default]
    Id,
    /// The access token (for Cognito's own API and scope-checked APIs).
    Access,
}

#[derive(Debug, Args)]
pub struct TokensArgs {
    /// Which token to print.
    #[arg(value_enum, default_value_t = Which::Id)]
    pub which: Which,
}

pub async fn tokens(g: &GlobalArgs, out: Output, a: TokensArgs) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let tokens = ctx.account()?.fresh_tokens(g.user.as_deref()).await?;
    let (name, value) = match a.which {
        Which::Id => ("id_token", tokens.id_token.expose()),
        Which::Access => ("access_token", tokens.access_token.expose()),
    };
    out.emit(
        value,
        &json!({ name: value, "expires_at": tokens.expires_at }),
    );
    Ok(())
}
