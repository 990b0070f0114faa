//! `cogtui login`: SRP sign-in (or USER_PASSWORD_AUTH), answering each challenge the core
//! names, and keeping the session in the profile's store.

use super::context::{Ctx, GlobalArgs};
use super::exit::CliError;
use super::input::{SecretSource, read_value};
use super::output::Output;
use super::signup::parse_attribute;
use crate::auth::{Account, Answer, AuthFlow, Challenge, MfaMethod, SignIn};
use crate::cognito::ErrorKind;
use crate::secret::Secret;
use clap::Args;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Username, or an alias such as the email (not with --hosted-ui).
    #[arg(required_unless_present = "hosted_ui", conflicts_with = "hosted_ui")]
    pub username: Option<String>,
    #[command(flatten)]
    pub hosted: super::hosted_login::HostedArgs,
    /// Read the password from stdin (and, if a new one is required, the next line).
    #[arg(long)]
    pub password_stdin: bool,
    /// Use USER_PASSWORD_AUTH (sends the password) instead of SRP.
    #[arg(long)]
    pub user_password_auth: bool,
    /// An attribute a NEW_PASSWORD_REQUIRED step asks for, NAME=VALUE (repeatable).
    #[arg(long = "attribute", value_parser = parse_attribute)]
    pub attributes: Vec<(String, String)>,
    #[command(flatten)]
    pub mfa: MfaArgs,
    /// Remember this machine when the pool offers it (sign-ins from it then skip MFA where the
    /// pool allows): `ask` asks at a terminal and means `no` without one.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = RememberDevice::Ask)]
    pub remember_device: RememberDevice,
    /// The name a remembered device is listed under [default: cogtui on <host>].
    #[arg(long, value_name = "NAME")]
    pub device_name: Option<String>,
}

/// `--remember-device yes|no|ask`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RememberDevice {
    Yes,
    No,
    Ask,
}

/// How MFA challenges are answered without a terminal.
#[derive(Debug, Clone, Default, Args)]
pub struct MfaArgs {
    /// The MFA code (authenticator, SMS or email), for scripts.
    #[arg(long, value_name = "CODE")]
    pub mfa_code: Option<String>,
    /// The name of an environment variable holding the account's TOTP secret (base32): the
    /// code is computed from it (test accounts in scripts).
    #[arg(long, value_name = "VAR")]
    pub totp_secret_env: Option<String>,
    /// The method to use when the pool asks which (SELECT_MFA_TYPE).
    #[arg(long, value_enum, value_name = "METHOD")]
    pub mfa_method: Option<MethodChoice>,
    /// When the pool makes this sign-in set up a software token (MFA_SETUP), keep its secret
    /// in the session store so `cogtui totp code` and later sign-ins can use it (test
    /// accounts), and answer with its first code without asking.
    #[arg(long)]
    pub keep_totp_secret: bool,
}

/// `totp`, `sms`, `email`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodChoice {
    Totp,
    Sms,
    Email,
}

impl From<MethodChoice> for MfaMethod {
    fn from(c: MethodChoice) -> Self {
        match c {
            MethodChoice::Totp => MfaMethod::Totp,
            MethodChoice::Sms => MfaMethod::Sms,
            MethodChoice::Email => MfaMethod::Email,
        }
    }
}

pub async fn login(g: &GlobalArgs, out: Output, a: LoginArgs) -> anyhow::Result<()> {
    if a.hosted.hosted_ui {
        return super::hosted_login::login(g, out, &a.hosted).await;
    }
    let username = a.username.clone().unwrap_or_default();
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    let mut secrets = SecretSource::new(a.password_stdin);
    let password = secrets.read("Password", "--password-stdin")?;
    let flow = if a.user_password_auth {
        AuthFlow::Password
    } else {
        AuthFlow::Srp
    };
    let mut step = account.sign_in(&username, &password, flow).await?;
    // Said now, not after the challenges: a wrong MFA code must not hide that the device went.
    if let Some(notice) = account.take_device_notice() {
        out.warn(&notice);
    }
    let tokens = loop {
        match step {
            SignIn::Done(t) => break t,
            SignIn::Challenge(ch) => {
                let (ch, answer, from_secret) = answer(&account, ch, &a, &mut secrets, out).await?;
                step = match account.respond(ch.clone(), answer).await {
                    // A code computed from a secret that was just used (enrolment, or a
                    // sign-in a moment ago) is refused as a replay: the next step's is not.
                    Err(e)
                        if e.kind() == Some(&ErrorKind::CodeMismatch)
                            && let Some(secret) = &from_secret =>
                    {
                        let left = crate::totp::seconds_left(crate::calendar::unix_now());
                        out.note(&format!(
                            "The code of this 30-second step was used already; waiting {left} s \
                             for the next one."
                        ));
                        tokio::time::sleep(std::time::Duration::from_secs(
                            u64::try_from(left).unwrap_or(0) + 1,
                        ))
                        .await;
                        let now = crate::calendar::unix_now();
                        let code = Secret::new(crate::auth::current_code(secret, now)?.0);
                        account.respond(ch, Answer::Code(code)).await?
                    }
                    r => r?,
                };
            }
        }
    };
    let device = remember(&account, &tokens.username, &a).await?;
    let expires_in = tokens.expires_at - (crate::calendar::unix_now() - tokens.clock_skew);
    out.emit(
        &format!(
            "Signed in as {} on profile '{}'; the access token lasts {} min and is refreshed \
             when needed. The session is kept in {}.{}",
            tokens.username,
            ctx.profile.name,
            expires_in / 60,
            account.store_label(),
            if device.is_null() {
                ""
            } else {
                " This machine keeps a device for this user (`cogtui devices show`); a \
                 remembered one skips MFA where the pool allows."
            }
        ),
        &json!({
            "username": tokens.username,
            "profile": ctx.profile.name,
            "expires_at": tokens.expires_at,
            "session_store": account.store_label(),
            "device": device,
        }),
    );
    Ok(())
}

/// Remembers this machine when the pool offered a device and the person (or the flag) says
/// yes. The device key and whether it is remembered, for the output.
async fn remember(
    account: &Account,
    username: &str,
    a: &LoginArgs,
) -> anyhow::Result<serde_json::Value> {
    let current = account.current_device(Some(username))?;
    if !account.device_offered(Some(username))? {
        return Ok(match current {
            Some(k) => json!({"device_key": k, "remembered_here": true}),
            None => serde_json::Value::Null,
        });
    }
    let yes = match a.remember_device {
        RememberDevice::Yes => true,
        RememberDevice::No => false,
        RememberDevice::Ask => {
            use std::io::IsTerminal;
            std::io::stdin().is_terminal()
                && read_value(
                    None,
                    "Remember this device? Sign-ins from it then skip MFA where the pool \
                     allows [y/N]",
                    "",
                )?
                .trim()
                .eq_ignore_ascii_case("y")
        }
    };
    if !yes {
        return Ok(serde_json::Value::Null);
    }
    let name = a
        .device_name
        .clone()
        .unwrap_or_else(crate::auth::default_device_name);
    let r = account
        .remember_device(Some(username), &name)
        .await
        .map_err(|e| {
            anyhow::Error::new(e).context(format!(
                "signed in as {username}, but this device could not be remembered"
            ))
        })?;
    Ok(json!({"device_key": r.device_key, "remembered_here": true}))
}

/// One prompt per challenge. The third value is the TOTP secret a software-token code was
/// computed from, if it was, so a code refused as a replay can be computed again.
async fn answer(
    account: &Account,
    ch: Challenge,
    a: &LoginArgs,
    secrets: &mut SecretSource,
    out: Output,
) -> anyhow::Result<(Challenge, Answer, Option<Secret>)> {
    match ch {
        Challenge::NewPassword(np) => {
            out.note("The pool requires a new password for this account.");
            let password = secrets.read_new("New password", "--password-stdin")?;
            let mut attributes: BTreeMap<String, String> = a.attributes.iter().cloned().collect();
            for name in &np.required_attributes {
                if !attributes.contains_key(name) {
                    let v = read_value(
                        None,
                        &format!("Value for required attribute {name}"),
                        &format!("pass --attribute {name}=VALUE"),
                    )?;
                    attributes.insert(name.clone(), v);
                }
            }
            let answer = Answer::NewPassword {
                password,
                attributes,
            };
            Ok((Challenge::NewPassword(np), answer, None))
        }
        Challenge::SoftwareTokenMfa(p) => {
            let (code, from_secret) = totp_code(account, &p.username, &a.mfa)?;
            Ok((
                Challenge::SoftwareTokenMfa(p),
                Answer::Code(code),
                from_secret,
            ))
        }
        Challenge::SentCode(c) => {
            let code = match &a.mfa.mfa_code {
                Some(code) => Secret::new(code.clone()),
                None => Secret::new(read_value(
                    None,
                    &format!(
                        "Code sent by {} to {}",
                        c.method.short_name(),
                        c.destination.as_deref().unwrap_or("the account")
                    ),
                    "pass --mfa-code CODE",
                )?),
            };
            Ok((Challenge::SentCode(c), Answer::Code(code), None))
        }
        Challenge::SelectMfaType(c) => {
            let names: Vec<&str> = c.options.iter().map(|m| m.short_name()).collect();
            let method = match a.mfa.mfa_method {
                Some(m) => m.into(),
                // A TOTP secret at hand answers the software token.
                None if a.mfa.totp_secret_env.is_some() && c.options.contains(&MfaMethod::Totp) => {
                    MfaMethod::Totp
                }
                None => {
                    let typed = read_value(
                        None,
                        &format!("MFA method ({})", names.join(", ")),
                        "pass --mfa-method METHOD",
                    )?;
                    c.options
                        .iter()
                        .copied()
                        .find(|m| m.short_name() == typed.trim())
                        .ok_or_else(|| {
                            CliError::InputRefused(format!(
                                "the method must be one of {}",
                                names.join(", ")
                            ))
                        })?
                }
            };
            if !c.options.contains(&method) {
                return Err(CliError::Refused(format!(
                    "the pool offers {} for this account, not {}",
                    names.join(", "),
                    method.short_name()
                ))
                .into());
            }
            Ok((Challenge::SelectMfaType(c), Answer::Method(method), None))
        }
        Challenge::MfaSetup(c) => {
            out.note("The pool requires MFA: set up an authenticator app for this account.");
            let (c, enrolment) = account.begin_mfa_setup(c).await?;
            let code = if a.mfa.keep_totp_secret {
                account.keep_totp_secret(&c.pending.username, &enrolment.secret)?;
                out.note("The TOTP secret is kept in the session store (--keep-totp-secret).");
                crate::auth::current_code(&enrolment.secret, crate::calendar::unix_now())?.0
            } else {
                super::mfa::show_enrolment(&enrolment, true);
                read_value(
                    None,
                    "First code from the authenticator",
                    "pass --keep-totp-secret to enrol a test account from a script",
                )?
            };
            Ok((
                Challenge::MfaSetup(c),
                Answer::Code(Secret::new(code)),
                None,
            ))
        }
    }
}

/// The TOTP secret at hand for `username`: `--totp-secret-env`, else one kept in the store.
fn totp_secret(account: &Account, username: &str, m: &MfaArgs) -> anyhow::Result<Option<Secret>> {
    if let Some(var) = &m.totp_secret_env {
        let secret = std::env::var(var).map_err(|_| {
            CliError::Usage(format!(
                "--totp-secret-env {var}: the variable is not set (or not UTF-8)"
            ))
        })?;
        return Ok(Some(Secret::new(secret)));
    }
    Ok(account.kept_totp_secret(username)?)
}

/// The software-token code: given, computed from a secret (returned with it), or typed.
fn totp_code(
    account: &Account,
    username: &str,
    m: &MfaArgs,
) -> anyhow::Result<(Secret, Option<Secret>)> {
    if let Some(code) = &m.mfa_code {
        return Ok((Secret::new(code.clone()), None));
    }
    if let Some(secret) = totp_secret(account, username, m)? {
        let now = crate::calendar::unix_now();
        let code = Secret::new(crate::auth::current_code(&secret, now)?.0);
        return Ok((code, Some(secret)));
    }
    let typed = read_value(
        None,
        "Code from your authenticator app",
        "pass --mfa-code CODE or --totp-secret-env VAR",
    )?;
    Ok((Secret::new(typed), None))
}
