//! `cogtui password change|forgot|reset`.

use super::context::{Ctx, GlobalArgs};
use super::input::{SecretSource, read_value};
use super::output::Output;
use super::signup::delivery_text;
use crate::auth;
use crate::secret::Secret;
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Subcommand)]
pub enum PasswordCommand {
    /// Change the signed-in user's password (old, then new).
    Change {
        /// Read the old and the new password as two lines of stdin.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Send a reset code to a user who forgot their password.
    Forgot { username: String },
    /// Set a new password with the code from `password forgot`.
    Reset {
        username: String,
        /// The code (asked for on the terminal if left out).
        code: Option<String>,
        /// Read the new password from stdin.
        #[arg(long)]
        password_stdin: bool,
    },
}

pub async fn run(g: &GlobalArgs, out: Output, cmd: PasswordCommand) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    match cmd {
        PasswordCommand::Change { password_stdin } => {
            let account = ctx.account()?;
            // Fails early (before asking for passwords) when nobody is signed in.
            let user = account.stored_view(g.user.as_deref())?.username;
            let mut src = SecretSource::new(password_stdin);
            let old = src.read("Current password", "--password-stdin")?;
            let new = src.read_new("New password", "--password-stdin")?;
            account.change_password(Some(&user), &old, &new).await?;
            out.emit(
                &format!("Changed the password of {user}."),
                &json!({"username": user, "changed": true}),
            );
        }
        PasswordCommand::Forgot { username } => {
            let d = auth::forgot_password(&ctx.client, &username).await?;
            out.emit(
                &format!(
                    "If {username} exists, a reset code went to {}: run `cogtui password reset \
                     {username} CODE`.",
                    delivery_text(&d)
                ),
                &json!({"username": username, "code_delivery": d}),
            );
        }
        PasswordCommand::Reset {
            username,
            code,
            password_stdin,
        } => {
            let code = read_value(code, "Reset code", "give the code as an argument")?;
            let new =
                SecretSource::new(password_stdin).read_new("New password", "--password-stdin")?;
            auth::confirm_forgot_password(&ctx.client, &username, &Secret::new(code), &new).await?;
            out.emit(
                &format!(
                    "Reset the password of {username}: sign in with `cogtui login {username}`."
                ),
                &json!({"username": username, "reset": true}),
            );
        }
    }
    Ok(())
}
