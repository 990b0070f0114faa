//! `cogtui users`: who is signed in on the profile (which one is current, when each session's
//! access token expires), and `cogtui users use NAME` to switch.

use super::context::{Ctx, GlobalArgs};
use super::output::Output;
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Make NAME (a signed-in user, or their email) the current user of the profile.
    Use { name: String },
}

pub async fn run(g: &GlobalArgs, out: Output, cmd: Option<UsersCommand>) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    if let Some(UsersCommand::Use { name }) = cmd {
        let user = account.switch_user(&name)?;
        out.emit(
            &format!(
                "{user} is now the current user of profile '{}'.",
                ctx.profile.name
            ),
            &json!({"profile": ctx.profile.name, "current": user}),
        );
        return Ok(());
    }
    let users = account.users();
    let now = crate::calendar::unix_now();
    let mut lines = Vec::new();
    let mut items = Vec::new();
    for u in &users {
        let expiry = match u.expires_at {
            Some(at) => {
                let left = at - (now - u.clock_skew);
                if left > 0 {
                    format!("access token expires in {} min", left / 60)
                } else {
                    "access token expired (refreshed on next use)".to_owned()
                }
            }
            None => "session not readable".to_owned(),
        };
        let mark = if u.current { "*" } else { " " };
        lines.push(format!("{mark} {}  {expiry}", u.username));
        items.push(json!({
            "username": u.username,
            "current": u.current,
            "expires_at": u.expires_at,
        }));
    }
    let human = if users.is_empty() {
        format!(
            "Nobody is signed in on profile '{}': `cogtui login USERNAME`.",
            ctx.profile.name
        )
    } else {
        format!(
            "Signed in on profile '{}' (* current; sessions in {}):\n{}",
            ctx.profile.name,
            account.store_label(),
            lines.join("\n")
        )
    };
    out.emit(
        &human,
        &json!({
            "profile": ctx.profile.name,
            "session_store": account.store_label(),
            "users": items,
        }),
    );
    Ok(())
}
