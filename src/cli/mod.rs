//! The command-line face: argument definitions and one file per command group.

#[cfg(feature = "admin")]
mod admin;
pub mod completions;
mod context;
mod creds;
mod devices;
#[cfg(feature = "admin")]
mod doctor;
pub mod exit;
mod hints;
mod hosted_login;
mod input;
#[cfg(feature = "local")]
pub mod local;
mod login;
mod logout;
mod mfa;
pub mod output;
pub mod parse_error;
mod password;
mod profile;
pub mod qr;
mod signup;
pub mod stdio;
mod totp;
mod users;
mod whoami;

use clap::{Parser, Subcommand};
use context::GlobalArgs;
use output::{Output, OutputFormat};

/// A terminal account manager for Amazon Cognito, and a Cognito-compatible local pool.
#[derive(Debug, Parser)]
#[command(name = "cogtui", version, about)]
pub struct Cli {
    /// Use a local pool, no AWS account needed: with no command the TUI starts one in this
    /// process; with a command, the `local` profile (written by `cogtui local serve`).
    #[arg(long, global = true)]
    pub local: bool,

    /// Human text, or one JSON document on stdout.
    #[arg(long, global = true, value_enum, default_value_t = OutputFormat::Human)]
    pub output: OutputFormat,

    /// The TUI's theme: default, light, high-contrast, or a .toml file [default: the config's].
    #[arg(long, global = true)]
    pub theme: Option<String>,

    #[command(flatten)]
    pub global: GlobalArgs,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create an account (the password is read from the terminal or --password-stdin).
    Signup(signup::SignUpArgs),
    /// Confirm an account with the code it was sent.
    Confirm(signup::ConfirmArgs),
    /// Send the confirmation code again.
    ResendCode(signup::ResendArgs),
    /// Sign in (SRP by default) and keep the session in the keyring.
    Login(login::LoginArgs),
    /// Who is signed in: the ID token's claims, checked against the pool's keys.
    Whoami,
    /// Print the ID or access token (e.g. for curl).
    Tokens(whoami::TokensArgs),
    /// Sign out (this session by default; --everywhere, --local-only, --all).
    Logout(logout::LogoutArgs),
    /// Multi-factor authentication: setup (QR code), status, disable, prefer.
    Mfa {
        #[command(subcommand)]
        command: mfa::MfaCommand,
    },
    /// Remembered devices: list, show, forget, remember, not-remembered.
    Devices {
        #[command(subcommand)]
        command: devices::DevicesCommand,
    },
    /// TOTP codes for test accounts whose secret is kept (`mfa setup --keep-secret`).
    Totp {
        #[command(subcommand)]
        command: totp::TotpCommand,
    },
    /// Who is signed in on the profile; `users use NAME` switches the current user.
    Users {
        #[command(subcommand)]
        command: Option<users::UsersCommand>,
    },
    /// Change, forget or reset a password.
    Password {
        #[command(subcommand)]
        command: password::PasswordCommand,
    },
    /// Manage profiles: which pool and app client to talk to.
    Profile {
        #[command(subcommand)]
        command: profile::ProfileCommand,
    },
    /// AWS credentials from the profile's identity pool (export, credential_process, profile).
    Creds {
        #[command(subcommand)]
        command: creds::CredsCommand,
    },
    /// Run a command with the identity pool's AWS credentials in its environment.
    Exec(creds::ExecArgs),
    /// Support staff: find users, reset MFA or passwords, sign out, disable (IAM credentials).
    #[cfg(feature = "admin")]
    Admin(admin::AdminArgs),
    /// Check the profile's pool and app client for misconfigurations, with fixes (IAM
    /// credentials); exit 11 on errors, for CI.
    #[cfg(feature = "admin")]
    Doctor(doctor::DoctorArgs),
    /// Print shell completions.
    Completions(completions::CompletionsArgs),
    /// The Cognito-compatible local pool.
    #[cfg(feature = "local")]
    Local {
        #[command(subcommand)]
        command: local::LocalCommand,
    },
}

/// Runs the parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let out = Output { format: cli.output };
    let mut global = cli.global.clone();
    if cli.local {
        match global.profile.as_deref() {
            None => global.profile = Some(crate::config::LOCAL_PROFILE.to_owned()),
            Some(crate::config::LOCAL_PROFILE) => {}
            Some(other) => {
                return Err(exit::CliError::Usage(format!(
                    "--local uses the `local` profile, so it cannot go with --profile {other}: \
                     leave out one of them"
                ))
                .into());
            }
        }
    }
    let g = &global;
    match cli.command {
        Some(Command::Signup(a)) => signup::signup(g, out, a).await,
        Some(Command::Confirm(a)) => signup::confirm(g, out, a).await,
        Some(Command::ResendCode(a)) => signup::resend(g, out, a).await,
        Some(Command::Login(a)) => login::login(g, out, a).await,
        Some(Command::Whoami) => whoami::whoami(g, out).await,
        Some(Command::Tokens(a)) => whoami::tokens(g, out, a).await,
        Some(Command::Logout(a)) => logout::logout(g, out, a).await,
        Some(Command::Users { command }) => users::run(g, out, command).await,
        Some(Command::Mfa { command }) => mfa::run(g, out, command).await,
        Some(Command::Totp { command }) => totp::run(g, out, command).await,
        Some(Command::Devices { command }) => devices::run(g, out, command).await,
        Some(Command::Password { command }) => password::run(g, out, command).await,
        Some(Command::Profile { command }) => profile::run(
            command,
            &context::config_path(g)?,
            &out,
            g.session_store.map(Into::into),
        ),
        Some(Command::Creds { command }) => creds::run(g, out, command).await,
        Some(Command::Exec(a)) => creds::exec(g, out, a).await,
        #[cfg(feature = "admin")]
        Some(Command::Admin(a)) => admin::run(g, out, a).await,
        #[cfg(feature = "admin")]
        Some(Command::Doctor(a)) => doctor::run(g, out, a).await,
        Some(Command::Completions(a)) => completions::run(a),
        #[cfg(feature = "local")]
        Some(Command::Local { command }) => local::run(command, g.config.clone()).await,
        #[cfg(feature = "tui")]
        None => {
            crate::tui::run(crate::tui::RunOptions {
                local: cli.local,
                profile: cli.global.profile.clone(),
                session_store: cli.global.session_store.map(Into::into),
                config_path: cli.global.config.clone(),
                theme: cli.theme.clone(),
                data_dir: None,
            })
            .await
        }
        #[cfg(not(feature = "tui"))]
        None => {
            stdio::err_line("cogtui: this build has no TUI (feature `tui`); see `cogtui --help`.");
            Ok(())
        }
    }
}

impl Cli {
    /// The command's name as typed (`password reset`), for hints.
    /// Commands that answer from the session store with at most a few requests in sequence:
    /// they run on a single-threaded runtime (no worker threads to start).
    pub fn quick(&self) -> bool {
        matches!(
            self.command,
            Some(Command::Creds { .. } | Command::Exec(_) | Command::Totp { .. })
        )
    }

    pub fn command_name(&self) -> &'static str {
        match &self.command {
            Some(Command::Password { command }) => match command {
                password::PasswordCommand::Change { .. } => "password change",
                password::PasswordCommand::Forgot { .. } => "password forgot",
                password::PasswordCommand::Reset { .. } => "password reset",
            },
            Some(Command::Logout(_)) => "logout",
            Some(Command::Login(_)) => "login",
            Some(_) => "",
            None => "",
        }
    }
}

/// The error and its causes, each said once (an error that already quotes its cause is not
/// followed by it again).
fn chain_text(err: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in err.chain() {
        let part = cause.to_string();
        if !text.contains(&part) {
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&part);
        }
    }
    text
}

/// Prints an error the way every command does, and picks its exit code.
pub fn report(err: &anyhow::Error, command: &str) -> u8 {
    stdio::err_line(&output::escape_controls(&format!(
        "cogtui: {}",
        chain_text(err)
    )));
    if let Some(h) = hints::hint(err, command) {
        stdio::err_line(&output::escape_controls(&format!("  next: {h}")));
    }
    exit::code_for(err)
}
