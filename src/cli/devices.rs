//! `cogtui devices list|show|forget|remember|not-remembered`: the signed-in user's remembered
//! devices, this machine's marked.

use super::context::{Ctx, GlobalArgs};
use super::exit::CliError;
use super::output::Output;
use crate::auth::{DeviceInfo, DeviceRef, default_device_name};
use clap::Subcommand;
use serde_json::json;

#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// Every device Cognito knows for the user (`*` marks this machine's).
    List,
    /// One device: its name, status, last IP and dates (this machine's if no ID is given).
    Show {
        /// A device key from `devices list`.
        id: Option<String>,
    },
    /// Forget a device: it must do MFA again, and Cognito ends the sessions issued with it.
    Forget {
        /// A device key from `devices list`.
        #[arg(required_unless_present = "current", conflicts_with = "current")]
        id: Option<String>,
        /// This machine's device (its secrets are dropped here, and this session ends).
        #[arg(long)]
        current: bool,
    },
    /// Remember this machine: confirm the device this sign-in offered (or mark the current
    /// one remembered), so sign-ins from it skip MFA where the pool allows.
    Remember {
        /// The name the device is listed under [default: cogtui on <host>].
        #[arg(long)]
        name: Option<String>,
    },
    /// Stop remembering this machine: its next sign-ins ask for MFA again (it keeps its
    /// secrets, so `devices remember` turns it back on).
    NotRemembered,
}

/// Unix seconds as `2026-11-05 09:04 UTC`.
fn when(t: Option<i64>) -> String {
    let Some(t) = t else {
        return "-".into();
    };
    let (y, m, d) = crate::calendar::civil_from_days(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02} UTC",
        s / 3600,
        s % 3600 / 60
    )
}

fn status(d: &DeviceInfo) -> &'static str {
    if d.remembered {
        "remembered"
    } else {
        "not remembered"
    }
}

fn describe(d: &DeviceInfo) -> String {
    format!(
        "{}{}\n  name: {}\n  status: {}\n  last used: {}{}\n  created: {}\n  modified: {}",
        d.key,
        if d.current { " (this device)" } else { "" },
        d.name.as_deref().unwrap_or("-"),
        status(d),
        when(d.last_authenticated),
        d.last_ip
            .as_deref()
            .map(|ip| format!(" from {ip}"))
            .unwrap_or_default(),
        when(d.created),
        when(d.last_modified),
    )
}

pub async fn run(g: &GlobalArgs, out: Output, cmd: DevicesCommand) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    let user = account.stored_view(g.user.as_deref())?.username;
    match cmd {
        DevicesCommand::List => {
            let list = account.list_devices(Some(&user)).await?;
            let mut text = if list.is_empty() {
                format!("{user} has no remembered devices.")
            } else {
                format!(
                    "  {:<48} {:<15} {:<21} NAME",
                    "DEVICE KEY", "STATUS", "LAST USED"
                )
            };
            for d in &list {
                text.push_str(&format!(
                    "\n{} {:<48} {:<15} {:<21} {}",
                    if d.current { "*" } else { " " },
                    d.key,
                    status(d),
                    when(d.last_authenticated),
                    d.name.as_deref().unwrap_or("-")
                ));
            }
            out.emit(&text, &json!({"username": user, "devices": list}));
        }
        DevicesCommand::Show { id } => {
            let which = id.map_or(DeviceRef::Current, DeviceRef::Key);
            let d = account.device(Some(&user), &which).await?;
            out.emit(&describe(&d), &json!({"username": user, "device": d}));
        }
        DevicesCommand::Forget { id, current } => {
            let which = match (id, current) {
                (_, true) => DeviceRef::Current,
                (Some(k), false) => DeviceRef::Key(k),
                (None, false) => {
                    return Err(CliError::Usage(
                        "name a device key from `cogtui devices list`, or pass --current".into(),
                    )
                    .into());
                }
            };
            let f = account.forget_device(Some(&user), &which).await?;
            out.emit(
                &format!(
                    "Forgot device {}.{}",
                    f.device_key,
                    if f.was_current {
                        " It was this machine's: its secrets are gone from here and Cognito \
                         ended its session; sign in again (MFA will be asked)."
                    } else {
                        " Sign-ins from it will ask for MFA again."
                    }
                ),
                &json!({"username": user, "device_key": f.device_key,
                        "was_current": f.was_current}),
            );
        }
        DevicesCommand::Remember { name } => {
            let name = name.unwrap_or_else(default_device_name);
            let r = account.remember_device(Some(&user), &name).await?;
            out.emit(
                &format!(
                    "This machine is remembered for {user} (device {}): sign-ins from it skip \
                     MFA where the pool allows.",
                    r.device_key
                ),
                &json!({"username": user, "device_key": r.device_key, "remembered": true,
                        "confirmed_now": r.confirmed_now}),
            );
        }
        DevicesCommand::NotRemembered => {
            let key = account.set_remembered(Some(&user), false).await?;
            out.emit(
                &format!(
                    "Device {key} is no longer remembered: sign-ins from it ask for MFA again."
                ),
                &json!({"username": user, "device_key": key, "remembered": false}),
            );
        }
    }
    Ok(())
}
