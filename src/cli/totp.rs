//! `cogtui totp code`: the current TOTP code of a test account, from the secret kept with
//! `mfa setup --keep-secret` (or `--secret-env VAR`). Reads the store only: no network.

use super::context::{Ctx, GlobalArgs};
use super::exit::CliError;
use super::output::Output;
use crate::secret::Secret;
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Subcommand)]
pub enum TotpCommand {
    /// Print the current code.
    Code {
        /// Take the secret from this environment variable instead of the store.
        #[arg(long, value_name = "VAR")]
        secret_env: Option<String>,
    },
}

pub async fn run(g: &GlobalArgs, out: Output, cmd: TotpCommand) -> anyhow::Result<()> {
    let TotpCommand::Code { secret_env } = cmd;
    let secret = match secret_env {
        Some(var) => Secret::new(std::env::var(&var).map_err(|_| {
            CliError::Usage(format!("--secret-env {var}: the variable is not set"))
        })?),
        None => {
            let ctx = Ctx::open(g, out)?;
            let account = ctx.account()?;
            let user = match g.user.as_deref() {
                Some(u) => u.to_owned(),
                None => account.current_user().ok_or_else(|| {
                    CliError::NotSignedIn(
                        "no user named and nobody signed in: pass --user NAME".into(),
                    )
                })?,
            };
            account.kept_totp_secret(&user)?.ok_or_else(|| {
                CliError::NotSignedIn(format!(
                    "no TOTP secret is kept for {user} on profile '{}': enrol with `cogtui \
                     mfa setup --keep-secret`, or pass --secret-env VAR",
                    ctx.profile.name
                ))
            })?
        }
    };
    let (code, left) = crate::auth::current_code(&secret, crate::calendar::unix_now())?;
    out.emit(&code, &json!({"code": code, "seconds_left": left}));
    Ok(())
}
