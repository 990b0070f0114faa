//! `cogtui creds export|process|write-profile|show|console` and `cogtui exec`: the identity
//! pool's AWS credentials, the ways aws-vault, granted and saml2aws users expect them.

use super::context::{Ctx, GlobalArgs};
use super::exit::CliError;
use super::output::Output;
use super::stdio;
use crate::creds::export::{self, Format};
use crate::creds::{self, CredsError, CredsOptions, Issued, profile_file};
use clap::{Args, Subcommand, ValueEnum};
use serde_json::json;

#[derive(Debug, Clone, Args)]
pub struct CredsFlags {
    /// The role to ask for (CustomRoleArn): one of the roles in the ID token's cognito:roles.
    #[arg(long, value_name = "ARN")]
    pub role_arn: Option<String>,
    /// Guest credentials (an unauthenticated identity): no sign-in needed.
    #[arg(long)]
    pub guest: bool,
    /// Ask for new credentials even when the cached ones are still good.
    #[arg(long)]
    pub refresh: bool,
    /// The basic flow (GetOpenIdToken, then STS AssumeRoleWithWebIdentity) for the role named
    /// by --role-arn or the profile's role_arn [default: the profile's credentials_flow].
    #[arg(long)]
    pub basic: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum FormatChoice {
    /// `export NAME='value'` lines, for `eval "$(cogtui creds export)"` in sh, bash, zsh.
    #[default]
    Sh,
    /// `set -gx NAME 'value'`, for `cogtui creds export --format fish | source`.
    Fish,
    /// `$Env:NAME = 'value'`, for `cogtui creds export --format powershell | Invoke-Expression`.
    Powershell,
    /// `set NAME=value`, for cmd.exe.
    Cmd,
    /// `NAME="value"`, for .env files.
    Dotenv,
    /// One JSON object of the same variables.
    Json,
}

impl From<FormatChoice> for Format {
    fn from(f: FormatChoice) -> Self {
        match f {
            FormatChoice::Sh => Format::Sh,
            FormatChoice::Fish => Format::Fish,
            FormatChoice::Powershell => Format::Powershell,
            FormatChoice::Cmd => Format::Cmd,
            FormatChoice::Dotenv => Format::Dotenv,
            FormatChoice::Json => Format::Json,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum CredsCommand {
    /// Print the credentials as environment lines: `eval "$(cogtui creds export)"`.
    Export {
        #[arg(long, value_enum, default_value_t = FormatChoice::Sh)]
        format: FormatChoice,
        #[command(flatten)]
        flags: CredsFlags,
    },
    /// The `credential_process` answer (JSON, Version 1) for `~/.aws/config`; never prompts.
    Process {
        #[command(flatten)]
        flags: CredsFlags,
    },
    /// Add or replace the section NAME of ~/.aws/credentials (or AWS_SHARED_CREDENTIALS_FILE).
    WriteProfile {
        /// The AWS profile name (the section); use it as `aws --profile NAME`.
        name: String,
        #[command(flatten)]
        flags: CredsFlags,
    },
    /// The identity and the credentials' expiry (no secrets).
    Show {
        #[command(flatten)]
        flags: CredsFlags,
    },
    /// Open the AWS console in a browser, signed in with the credentials.
    Console {
        /// Print the sign-in URL instead of opening a browser (it signs in whoever has it,
        /// for about 15 minutes: do not share it).
        #[arg(long)]
        print: bool,
        /// How long the console session lasts, in seconds (SessionDuration, 900 to 43200)
        /// [default: left to AWS].
        #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u32).range(900..=43200))]
        duration: Option<u32>,
        #[command(flatten)]
        flags: CredsFlags,
    },
}

#[derive(Debug, Args)]
pub struct ExecArgs {
    #[command(flatten)]
    pub flags: CredsFlags,
    /// The command and its arguments (after `--`).
    #[arg(
        required = true,
        trailing_var_arg = true,
        allow_hyphen_values = true,
        value_name = "CMD"
    )]
    pub command: Vec<std::ffi::OsString>,
}

fn options(g: &GlobalArgs, f: &CredsFlags) -> CredsOptions {
    CredsOptions {
        user: g.user.clone(),
        role_arn: f.role_arn.clone(),
        guest: f.guest,
        refresh: f.refresh,
        basic: f.basic,
    }
}

/// The core's refusal as the CLI reports it (exit codes by type).
fn cli_error(e: CredsError) -> anyhow::Error {
    match e {
        CredsError::Auth(a) => a.into(),
        CredsError::Cognito(c) => c.into(),
        CredsError::Session(s) => s.into(),
        e @ CredsError::NoIdentityPool(_) => CliError::Config(e.to_string()).into(),
        CredsError::PoolSetup(text) | CredsError::FederationRefused(text) => {
            CliError::Refused(text).into()
        }
        e @ CredsError::NoBasicRole(_) => CliError::Config(e.to_string()).into(),
        CredsError::Sts(e @ creds::sts::StsError::Refused { .. }) => {
            CliError::Refused(e.to_string()).into()
        }
        e @ (CredsError::Sts(_) | CredsError::Incomplete(_)) => {
            CliError::Unreachable(e.to_string()).into()
        }
        CredsError::Federation(text) => CliError::Unreachable(text).into(),
    }
}

async fn get(g: &GlobalArgs, out: Output, f: &CredsFlags) -> anyhow::Result<Issued> {
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    creds::credentials(&account, &options(g, f))
        .await
        .map_err(cli_error)
}

pub async fn run(g: &GlobalArgs, out: Output, command: CredsCommand) -> anyhow::Result<()> {
    match command {
        CredsCommand::Export { format, flags } => {
            let i = get(g, out, &flags).await?;
            stdio::out_bytes(export::render(format.into(), &i.credentials, &i.region).as_bytes());
            Ok(())
        }
        CredsCommand::Process { flags } => {
            let i = get(g, out, &flags).await?;
            stdio::out_line(&export::process_json(&i.credentials));
            Ok(())
        }
        CredsCommand::WriteProfile { name, flags } => {
            let path = profile_file::default_path().ok_or_else(|| {
                CliError::Config("no home directory found; set AWS_SHARED_CREDENTIALS_FILE".into())
            })?;
            let i = get(g, out, &flags).await?;
            let written =
                profile_file::write_profile(&path, &name, &i.credentials).map_err(|e| match e {
                    profile_file::ProfileFileError::BadName(_) => {
                        anyhow::Error::from(CliError::Usage(e.to_string()))
                    }
                    e => e.into(),
                })?;
            let expires = export::rfc3339(i.credentials.expiration);
            out.emit(
                &format!(
                    "wrote [{name}] in {} (expires {expires}); use it with `aws --profile {name} …`",
                    written.display()
                ),
                &json!({"profile": name, "path": written, "expiration": expires,
                        "identity_id": i.identity_id}),
            );
            Ok(())
        }
        CredsCommand::Show { flags } => {
            let i = get(g, out, &flags).await?;
            let expires = export::rfc3339(i.credentials.expiration);
            let left = i.credentials.expiration - crate::calendar::unix_now();
            out.emit(
                &format!(
                    "{} in identity pool {}\n  identity   {}\n  key        {}\n  expires    {expires} \
                     (in {} min){}",
                    i.username.as_deref().unwrap_or("guest"),
                    i.identity_pool_id,
                    i.identity_id,
                    i.credentials.access_key_id,
                    left / 60,
                    if i.cached { ", cached" } else { "" }
                ),
                &json!({
                    "username": i.username,
                    "identity_pool_id": i.identity_pool_id,
                    "identity_id": i.identity_id,
                    "access_key_id": i.credentials.access_key_id,
                    "expiration": expires,
                    "expires_in": left,
                    "cached": i.cached,
                }),
            );
            Ok(())
        }
        CredsCommand::Console {
            print,
            duration,
            flags,
        } => console(g, out, print, duration, &flags).await,
    }
}

/// `creds console`: the sign-in URL holds a token that signs anyone in, so it is printed only
/// with `--print` and never logged (main.rs silences the browser crate's own log lines).
async fn console(
    g: &GlobalArgs,
    out: Output,
    print: bool,
    duration: Option<u32>,
    flags: &CredsFlags,
) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let account = ctx.account()?;
    let i = creds::credentials(&account, &options(g, flags))
        .await
        .map_err(cli_error)?;
    let url = creds::console::signin_url(&ctx.profile, &i.credentials, duration)
        .await
        .map_err(cli_error)?;
    if print {
        out.emit(url.expose(), &json!({"url": url.expose()}));
        return Ok(());
    }
    let who = i.username.as_deref().unwrap_or("guest");
    match webbrowser::open(url.expose()) {
        Ok(()) => {
            out.emit(
                &format!(
                    "Opened the AWS console in your browser as {who} (identity {}).",
                    i.identity_id
                ),
                &json!({"opened": true, "username": i.username, "identity_id": i.identity_id}),
            );
            Ok(())
        }
        // The error names the browser command at most, never the URL.
        Err(e) => Err(CliError::Config(format!(
            "could not open a browser ({}); pass --print to get the sign-in URL, or set \
             BROWSER to your browser's command",
            e.kind()
        ))
        .into()),
    }
}

/// Runs the command with the credentials in its environment; its exit code is cogtui's.
pub async fn exec(g: &GlobalArgs, out: Output, a: ExecArgs) -> anyhow::Result<()> {
    if let Some(outer) = std::env::var_os(creds::EXEC_VAR) {
        return Err(CliError::Usage(format!(
            "already inside `cogtui exec` (profile {}): nesting would mix two sets of \
             credentials; leave that shell first",
            outer.to_string_lossy()
        ))
        .into());
    }
    let i = get(g, out, &a.flags).await?;
    let ctx_profile = g
        .profile
        .clone()
        .unwrap_or_else(|| std::env::var("COGTUI_PROFILE").unwrap_or_default());
    let (program, args) = a
        .command
        .split_first()
        .ok_or_else(|| CliError::Usage("name the command to run after `--`".into()))?;
    let mut cmd = std::process::Command::new(program);
    cmd.args(args);
    for k in export::CLEARED {
        cmd.env_remove(k);
    }
    cmd.envs(export::env_vars(&i.credentials, &i.region));
    cmd.env(
        creds::EXEC_VAR,
        if ctx_profile.is_empty() {
            "default"
        } else {
            &ctx_profile
        },
    );
    let shown = crate::text::printable(&program.to_string_lossy());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        // Replaces this process: the exit code and signals are the command's own.
        let err = cmd.exec();
        let code = if err.kind() == std::io::ErrorKind::NotFound {
            127
        } else {
            126
        };
        stdio::err_line(&format!("cogtui: cannot run `{shown}`: {}", err.kind()));
        std::process::exit(code);
    }
    #[cfg(not(unix))]
    {
        match cmd.status() {
            Ok(status) => std::process::exit(status.code().unwrap_or(1)),
            Err(err) => {
                stdio::err_line(&format!("cogtui: cannot run `{shown}`: {}", err.kind()));
                std::process::exit(127);
            }
        }
    }
}
