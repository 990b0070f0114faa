//! `cogtui admin …`: support-staff commands over IAM credentials (`admin::Admin`). Lookups
//! (`user find`, `user show`) print; actions are confirmed, then recorded in the audit log.
//! A new action is an `admin::Action` variant and a subcommand that hands it to
//! `act::confirm_and_perform`.

mod act;
mod devices;
mod find;
mod show;

use super::context::{Ctx, GlobalArgs};
use super::output::Output;
use crate::admin::{Action, Admin};
use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct AdminArgs {
    /// The AWS profile whose credentials sign the calls [default: AWS_PROFILE, then the
    /// standard chain; a profile on a local pool uses its admin key].
    #[arg(long, global = true)]
    pub aws_profile: Option<String>,
    #[command(subcommand)]
    pub command: AdminCommand,
}

/// `--yes` on every action.
#[derive(Debug, Clone, Args)]
pub struct Confirm {
    /// Do it without asking (for scripts); without a terminal, actions need this.
    #[arg(long, short = 'y')]
    pub yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Users: find, show, disable, enable.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// MFA of a user: reset (turn every method off).
    Mfa {
        #[command(subcommand)]
        command: MfaCommand,
    },
    /// Password of a user: reset (a code is sent; sign-in needs a new password).
    Password {
        #[command(subcommand)]
        command: PasswordCommand,
    },
    /// Devices of a user: list, forget one, forget all.
    Devices {
        #[command(subcommand)]
        command: DevicesCommand,
    },
    /// Revoke every session of a user (all refresh tokens).
    SignoutEverywhere {
        /// Username, or an alias such as a verified email.
        user: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Find users by email, phone, username, sub, or a raw ListUsers filter.
    Find(find::FindArgs),
    /// One user: attributes, status, enabled, MFA.
    Show {
        /// Username, or an alias such as a verified email.
        user: String,
    },
    /// Disable a user: sign-in and refresh refused, sessions revoked.
    Disable {
        user: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Enable a disabled user.
    Enable {
        user: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

#[derive(Debug, Subcommand)]
pub enum DevicesCommand {
    /// Every device of a user: key, name, remembered, last used.
    List { user: String },
    /// Forget one device (its sessions are revoked; MFA asked again from it).
    Forget {
        user: String,
        /// The device key (from `admin devices list`).
        device_key: String,
        #[command(flatten)]
        confirm: Confirm,
    },
    /// Forget every device of a user.
    ForgetAll {
        user: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

#[derive(Debug, Subcommand)]
pub enum MfaCommand {
    /// Turn off every MFA method of a user.
    Reset {
        user: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

#[derive(Debug, Subcommand)]
pub enum PasswordCommand {
    /// Require a new password: the user is sent a code and must reset before signing in.
    Reset {
        user: String,
        #[command(flatten)]
        confirm: Confirm,
    },
}

/// Unix seconds as RFC 3339 (UTC), or `-`.
fn date(secs: Option<i64>) -> String {
    secs.map_or_else(|| "-".into(), crate::admin::rfc3339)
}

/// The profile, and an `Admin` signed with the credentials found for it.
async fn connect(
    g: &GlobalArgs,
    out: Output,
    aws_profile: Option<&str>,
) -> anyhow::Result<(Ctx, Admin)> {
    let ctx = Ctx::open(g, out)?;
    let admin = Admin::connect(&ctx.profile, aws_profile).await?;
    Ok((ctx, admin))
}

pub async fn run(g: &GlobalArgs, out: Output, args: AdminArgs) -> anyhow::Result<()> {
    let (ctx, admin) = connect(g, out, args.aws_profile.as_deref()).await?;
    let (action, confirm) = match args.command {
        AdminCommand::User {
            command: UserCommand::Find(a),
        } => return find::run(&admin, out, a).await,
        AdminCommand::User {
            command: UserCommand::Show { user },
        } => return show::run(&admin, out, &user).await,
        AdminCommand::User {
            command: UserCommand::Disable { user, confirm },
        } => (Action::Disable { user }, confirm),
        AdminCommand::User {
            command: UserCommand::Enable { user, confirm },
        } => (Action::Enable { user }, confirm),
        AdminCommand::Devices {
            command: DevicesCommand::List { user },
        } => return devices::run(&admin, out, &user).await,
        AdminCommand::Devices {
            command:
                DevicesCommand::Forget {
                    user,
                    device_key,
                    confirm,
                },
        } => (Action::ForgetDevice { user, device_key }, confirm),
        AdminCommand::Devices {
            command: DevicesCommand::ForgetAll { user, confirm },
        } => (Action::ForgetAllDevices { user }, confirm),
        AdminCommand::Mfa {
            command: MfaCommand::Reset { user, confirm },
        } => (Action::ResetMfa { user }, confirm),
        AdminCommand::Password {
            command: PasswordCommand::Reset { user, confirm },
        } => (Action::ResetPassword { user }, confirm),
        AdminCommand::SignoutEverywhere { user, confirm } => {
            (Action::SignOutEverywhere { user }, confirm)
        }
    };
    act::confirm_and_perform(&ctx, &admin, out, &action, confirm.yes).await
}
