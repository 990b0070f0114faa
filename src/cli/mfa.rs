//! `cogtui mfa setup|status|disable|prefer`: the signed-in user's MFA.

use super::context::{Ctx, GlobalArgs};
use super::input::read_value;
use super::login::MethodChoice;
use super::output::Output;
use super::stdio;
use crate::auth::{Enrolment, MfaMethod};
use crate::secret::Secret;
use crate::totp;
use clap::Subcommand;
use serde_json::json;
use std::io::IsTerminal;

#[derive(Debug, Subcommand)]
pub enum MfaCommand {
    /// Enrol an authenticator app: shows the QR code, the otpauth URI and the secret, then
    /// asks for the first code.
    Setup {
        /// The first code (asked for on a terminal if left out).
        #[arg(long)]
        code: Option<String>,
        /// Keep the secret in the session store for `cogtui totp code` and script sign-ins
        /// (test accounts); with no code given and no terminal, the first code is computed.
        #[arg(long)]
        keep_secret: bool,
    },
    /// Which MFA methods are on, and which is preferred.
    Status,
    /// Turn every MFA method off (and forget a kept TOTP secret).
    Disable,
    /// Make a method the preferred one (it is turned on).
    Prefer {
        #[arg(value_enum)]
        method: MethodChoice,
    },
}

/// Prints what an authenticator needs: the QR code (human output on a terminal), the URI and
/// the secret grouped for typing. `to_stderr`: during sign-in, stdout is for the result.
pub fn show_enrolment(e: &Enrolment, to_stderr: bool) {
    let print = |line: &str| {
        if to_stderr {
            stdio::err_line(line);
        } else {
            stdio::out_line(line);
        }
    };
    let is_tty = if to_stderr {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    print("Scan this QR code with your authenticator app:");
    match crate::qr::QrMatrix::new(e.uri.expose()) {
        Ok(m) if is_tty || std::env::var_os("COGTUI_FORCE_QR").is_some() => {
            for line in super::qr::render(&m) {
                print(&line);
            }
        }
        Ok(_) => print("(the QR code is drawn only on a terminal)"),
        Err(err) => print(&format!("(no QR code: {err})")),
    }
    print(&format!("or open: {}", e.uri.expose()));
    print(&format!(
        "or type the key by hand: {}",
        totp::grouped(e.secret.expose())
    ));
}

pub async fn run(g: &GlobalArgs, out: Output, cmd: MfaCommand) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    let user = account.stored_view(g.user.as_deref())?.username;
    match cmd {
        MfaCommand::Setup { code, keep_secret } => {
            let e = account.begin_totp(Some(&user)).await?;
            if out.json() {
                // The person asked for the secret: JSON carries it for them to store.
                stdio::err_line("The secret and URI are in the JSON output.");
            } else {
                show_enrolment(&e, false);
            }
            if keep_secret {
                account.keep_totp_secret(&user, &e.secret)?;
            }
            let code = match code {
                Some(c) => Secret::new(c),
                None if keep_secret && !std::io::stdin().is_terminal() => Secret::new(
                    crate::auth::current_code(&e.secret, crate::calendar::unix_now())?.0,
                ),
                None => Secret::new(read_value(
                    None,
                    "First code from the authenticator",
                    "pass --code CODE (or --keep-secret to compute it)",
                )?),
            };
            if let Err(err) = account.confirm_totp(Some(&user), &code).await {
                if keep_secret {
                    let _ = account.forget_totp_secret(&user);
                }
                return Err(err.into());
            }
            out.emit(
                &format!(
                    "TOTP is on for {user} and preferred: sign-ins now ask for its code.{}",
                    if keep_secret {
                        " The secret is kept: `cogtui totp code` prints the current code."
                    } else {
                        ""
                    }
                ),
                &json!({
                    "username": user,
                    "enabled": true,
                    "uri": e.uri.expose(),
                    "secret": e.secret.expose(),
                    "secret_kept": keep_secret,
                }),
            );
        }
        MfaCommand::Status => {
            let s = account.mfa_status(Some(&user)).await?;
            let names: Vec<&str> = s.enabled.iter().map(|m| m.short_name()).collect();
            let kept = account.kept_totp_secret(&user)?.is_some();
            out.emit(
                &format!(
                    "{user}: MFA {}{}{}",
                    if names.is_empty() {
                        "off".to_owned()
                    } else {
                        format!("on ({})", names.join(", "))
                    },
                    s.preferred
                        .map(|p| format!(", {} preferred", p.short_name()))
                        .unwrap_or_default(),
                    if kept {
                        "; a TOTP secret is kept here"
                    } else {
                        ""
                    }
                ),
                &json!({
                    "username": user,
                    "enabled": names,
                    "preferred": s.preferred.map(MfaMethod::short_name),
                    "totp_secret_kept": kept,
                }),
            );
        }
        MfaCommand::Disable => {
            account.disable_mfa(Some(&user)).await?;
            account.forget_totp_secret(&user)?;
            out.emit(
                &format!("MFA is off for {user}."),
                &json!({"username": user, "enabled": []}),
            );
        }
        MfaCommand::Prefer { method } => {
            let m: MfaMethod = method.into();
            account.prefer_mfa(Some(&user), m).await?;
            out.emit(
                &format!(
                    "{} is now the preferred MFA method of {user}.",
                    m.short_name()
                ),
                &json!({"username": user, "preferred": m.short_name()}),
            );
        }
    }
    Ok(())
}
