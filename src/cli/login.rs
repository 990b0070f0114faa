//! `cogtui login`: SRP sign-in (or USER_PASSWORD_AUTH), answering each challenge the core
//! names, and keeping the session in the profile's store.

use super::context::{Ctx, GlobalArgs};
use super::input::{SecretSource, read_value};
use super::output::Output;
use super::signup::parse_attribute;
use crate::auth::{Answer, AuthFlow, Challenge, SignIn};
use clap::Args;
use serde_json::json;
use std::collections::BTreeMap;

#[derive(Debug, Args)]
pub struct LoginArgs {
    /// Username, or an alias such as the email.
    pub username: String,
    /// Read the password from stdin (and, if a new one is required, the next line).
    #[arg(long)]
    pub password_stdin: bool,
    /// Use USER_PASSWORD_AUTH (sends the password) instead of SRP.
    #[arg(long)]
    pub user_password_auth: bool,
    /// An attribute a NEW_PASSWORD_REQUIRED step asks for, NAME=VALUE (repeatable).
    #[arg(long = "attribute", value_parser = parse_attribute)]
    pub attributes: Vec<(String, String)>,
}

pub async fn login(g: &GlobalArgs, out: Output, a: LoginArgs) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    let mut secrets = SecretSource::new(a.password_stdin);
    let password = secrets.read("Password", "--password-stdin")?;
    let flow = if a.user_password_auth {
        AuthFlow::Password
    } else {
        AuthFlow::Srp
    };
    let mut step = account.sign_in(&a.username, &password, flow).await?;
    let tokens = loop {
        match step {
            SignIn::Done(t) => break t,
            SignIn::Challenge(ch) => {
                let answer = answer(&ch, &a, &mut secrets, out)?;
                step = account.respond(ch, answer).await?;
            }
        }
    };
    let expires_in = tokens.expires_at - (crate::calendar::unix_now() - tokens.clock_skew);
    out.emit(
        &format!(
            "Signed in as {} on profile '{}'; the access token lasts {} min and is refreshed \
             when needed. The session is kept in {}.",
            tokens.username,
            ctx.profile.name,
            expires_in / 60,
            account.store_label()
        ),
        &json!({
            "username": tokens.username,
            "profile": ctx.profile.name,
            "expires_at": tokens.expires_at,
            "session_store": account.store_label(),
        }),
    );
    Ok(())
}

/// One prompt per challenge.
fn answer(
    ch: &Challenge,
    a: &LoginArgs,
    secrets: &mut SecretSource,
    out: Output,
) -> anyhow::Result<Answer> {
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
            Ok(Answer::NewPassword {
                password,
                attributes,
            })
        }
    }
}
