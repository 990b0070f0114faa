//! `cogtui login`: SRP sign-in (or USER_PASSWORD_AUTH), answering NEW_PASSWORD_REQUIRED, and
//! keeping the session in the store.

use super::context::{Ctx, GlobalArgs};
use super::input::{SecretSource, read_value};
use super::output::Output;
use super::signup::parse_attribute;
use crate::auth::{self, AuthFlow, SignInState};
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
    let mut secrets = SecretSource::new(a.password_stdin);
    let password = secrets.read("Password", "--password-stdin")?;
    let flow = if a.user_password_auth {
        AuthFlow::Password
    } else {
        AuthFlow::Srp
    };
    let mut state = auth::sign_in(&ctx.client, &a.username, &password, flow).await?;
    let tokens = loop {
        match state {
            SignInState::Done(t) => break t,
            SignInState::NewPasswordRequired(ch) => {
                out.note("The pool requires a new password for this account.");
                let new = secrets.read_new("New password", "--password-stdin")?;
                let mut attrs: BTreeMap<String, String> = a.attributes.iter().cloned().collect();
                for name in &ch.required_attributes {
                    if !attrs.contains_key(name) {
                        let v = read_value(
                            None,
                            &format!("Value for required attribute {name}"),
                            &format!("pass --attribute {name}=VALUE"),
                        )?;
                        attrs.insert(name.clone(), v);
                    }
                }
                state = auth::answer_new_password(&ctx.client, ch, &new, &attrs).await?;
            }
        }
    };
    let key = ctx.key(&tokens.username);
    ctx.store.save(&key, &tokens)?;
    ctx.current.set(&ctx.profile.name, Some(&tokens.username))?;
    let expires_in = tokens.expires_at - (crate::calendar::unix_now() - tokens.clock_skew);
    out.emit(
        &format!(
            "Signed in as {} on profile '{}'; the access token lasts {} min and is refreshed \
             when needed.",
            tokens.username,
            ctx.profile.name,
            expires_in / 60
        ),
        &json!({
            "username": tokens.username,
            "profile": ctx.profile.name,
            "expires_at": tokens.expires_at,
        }),
    );
    Ok(())
}
