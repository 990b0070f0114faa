//! `cogtui signup`, `confirm` and `resend-code`.

use super::context::{Ctx, GlobalArgs};
use super::input::{SecretSource, read_value};
use super::output::Output;
use crate::auth;
use crate::cognito::types::{AttributeType, CodeDeliveryDetails};
use crate::secret::Secret;
use clap::Args;
use serde_json::json;

#[derive(Debug, Args)]
pub struct SignUpArgs {
    pub username: String,
    /// The email attribute (most pools require it).
    #[arg(long)]
    pub email: Option<String>,
    /// Another attribute, NAME=VALUE (repeatable), e.g. `--attribute name="Ada L."`.
    #[arg(long = "attribute", value_parser = parse_attribute)]
    pub attributes: Vec<(String, String)>,
    /// Read the password from the first line of stdin instead of the terminal.
    #[arg(long)]
    pub password_stdin: bool,
}

#[derive(Debug, Args)]
pub struct ConfirmArgs {
    pub username: String,
    /// The code from the email (asked for on the terminal if left out).
    pub code: Option<String>,
}

#[derive(Debug, Args)]
pub struct ResendArgs {
    pub username: String,
}

pub fn parse_attribute(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.is_empty() => Ok((k.to_owned(), v.to_owned())),
        _ => Err(format!("'{s}' is not NAME=VALUE")),
    }
}

/// Where a code went, as JSON with snake_case keys like every other output.
pub fn delivery_json(d: &CodeDeliveryDetails) -> serde_json::Value {
    serde_json::json!({
        "destination": d.destination,
        "delivery_medium": d.delivery_medium,
        "attribute_name": d.attribute_name,
    })
}

pub fn delivery_text(d: &CodeDeliveryDetails) -> String {
    format!(
        "{} by {}",
        d.destination.as_deref().unwrap_or("the user"),
        d.delivery_medium.as_deref().unwrap_or("EMAIL")
    )
}

pub async fn signup(g: &GlobalArgs, out: Output, a: SignUpArgs) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let mut attrs: Vec<AttributeType> = a
        .attributes
        .iter()
        .map(|(k, v)| AttributeType::new(k, v))
        .collect();
    if let Some(e) = &a.email {
        attrs.push(AttributeType::new("email", e));
    }
    let password = SecretSource::new(a.password_stdin).read_new("Password", "--password-stdin")?;
    let resp = auth::sign_up(&ctx.client, &a.username, &password, attrs).await?;
    let delivery = resp.code_delivery_details.clone();
    let human = match (&delivery, resp.user_confirmed) {
        (_, true) => format!(
            "Signed up {}: already confirmed, sign in with `cogtui login {}`.",
            a.username, a.username
        ),
        (Some(d), false) => format!(
            "Signed up {}. A code went to {}: run `cogtui confirm {} CODE`.",
            a.username,
            delivery_text(d),
            a.username
        ),
        (None, false) => format!(
            "Signed up {}; the pool sends no code, so an admin must confirm the account.",
            a.username
        ),
    };
    out.emit(
        &human,
        &json!({
            "username": a.username,
            "user_sub": resp.user_sub,
            "confirmed": resp.user_confirmed,
            "code_delivery": delivery.as_ref().map(delivery_json),
        }),
    );
    Ok(())
}

pub async fn confirm(g: &GlobalArgs, out: Output, a: ConfirmArgs) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let code = read_value(a.code, "Confirmation code", "give the code as an argument")?;
    auth::confirm_sign_up(&ctx.client, &a.username, &Secret::new(code)).await?;
    out.emit(
        &format!(
            "{} is confirmed: sign in with `cogtui login {}`.",
            a.username, a.username
        ),
        &json!({"username": a.username, "confirmed": true}),
    );
    Ok(())
}

pub async fn resend(g: &GlobalArgs, out: Output, a: ResendArgs) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let d = auth::resend_code(&ctx.client, &a.username).await?;
    out.emit(
        &format!("A new code went to {}.", delivery_text(&d)),
        &json!({"username": a.username, "code_delivery": delivery_json(&d)}),
    );
    Ok(())
}
