//! The worker's side of the credentials screen: identity-pool credentials through the core
//! (`creds::credentials`), described to the app without their secrets, copied as `export`
//! lines, written to `~/.aws/credentials`, and the `credential_process` command that gives
//! them to AWS's tools.

use super::action::{CredsView, Failure, Outcome};
use super::clipboard::Clipboard;
use super::strings;
use crate::auth::{self, Account, AuthError};
use crate::config::StoreKind;
use crate::creds::export::{self, Format};
use crate::creds::{self, CredsError, CredsOptions, Issued, profile_file};
use std::path::PathBuf;
use zeroize::Zeroizing;

/// What the worker knows that the credentials calls need besides the account.
#[derive(Debug, Clone, Default)]
pub struct CredsEnv {
    /// The config file (named when the profile has no identity pool).
    pub config_path: Option<PathBuf>,
    /// `--session-store` as the TUI was started with it: `creds process` must use the same.
    pub store_override: Option<StoreKind>,
    /// The AWS credentials file to write; `None` when there is no home to find it in.
    pub credentials_file: Option<PathBuf>,
}

fn options(username: &str, refresh: bool) -> CredsOptions {
    CredsOptions {
        user: Some(username.to_owned()),
        refresh,
        ..CredsOptions::default()
    }
}

/// The core's refusal in the TUI's words: an ended session goes back to sign-in.
fn refused(e: CredsError, env: &CredsEnv) -> Outcome {
    match e {
        CredsError::NoIdentityPool(profile) => Outcome::Failed(Failure::say(
            strings::creds::no_identity_pool(&profile, env.config_path.as_deref()),
        )),
        CredsError::Auth(e @ (AuthError::SessionEnded { .. } | AuthError::NotSignedIn { .. })) => {
            Outcome::SessionGone {
                why: strings::creds::no_session(&e.to_string()),
                user: None,
            }
        }
        CredsError::Auth(e) => {
            let mut f = strings::explain(&e);
            if e.is_unreachable() {
                f.unreachable = true;
                f.message = strings::status::unreachable(&e.to_string());
            }
            Outcome::Failed(f)
        }
        other => Outcome::Failed(Failure::say(strings::creds::refused(&other.to_string()))),
    }
}

async fn issue(
    account: &Account,
    username: &str,
    refresh: bool,
    env: &CredsEnv,
) -> Result<Issued, Outcome> {
    creds::credentials(account, &options(username, refresh))
        .await
        .map_err(|e| refused(e, env))
}

/// The role the credentials are for, in words: the ID token names it, or the pool decides.
async fn role(account: &Account, username: &str) -> String {
    let claims = account
        .fresh_tokens(Some(username))
        .await
        .ok()
        .and_then(|t| auth::unverified_claims(t.id_token.expose()));
    let preferred = claims
        .as_ref()
        .and_then(|c| c["cognito:preferred_role"].as_str().map(str::to_owned));
    match preferred {
        Some(arn) => strings::creds::token_role(&arn),
        None => strings::creds::POOL_ROLE.to_owned(),
    }
}

/// Whether `program` is found on `PATH`.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH").is_some_and(|paths| {
        std::env::split_paths(&paths).any(|d| {
            let p = d.join(program);
            p.is_file() || p.with_extension("exe").is_file()
        })
    })
}

/// A word for a shell-like command line, quoted when it needs to be.
fn quoted(word: &str) -> String {
    if !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:@+=".contains(c))
    {
        word.to_owned()
    } else {
        format!("\"{}\"", word.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// The `credential_process` command for `profile`: `cogtui` when it is on `PATH`, else this
/// binary's own path; the session store the TUI uses when it was chosen on the command line.
pub fn process_command(profile: &str, store: Option<StoreKind>) -> String {
    let program = if on_path("cogtui") {
        "cogtui".to_owned()
    } else {
        std::env::current_exe()
            .ok()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| "cogtui".into())
    };
    let mut words = vec![
        quoted(&program),
        "creds".into(),
        "process".into(),
        "--profile".into(),
        quoted(profile),
    ];
    if store == Some(StoreKind::File) {
        words.extend(["--session-store".into(), "file".into()]);
    }
    words.join(" ")
}

/// The credentials described for the screen.
pub async fn describe(account: &Account, username: &str, refresh: bool, env: &CredsEnv) -> Outcome {
    let i = match issue(account, username, refresh, env).await {
        Ok(i) => i,
        Err(o) => return o,
    };
    Outcome::Credentials(Box::new(CredsView {
        username: i.username.clone(),
        identity_pool_id: i.identity_pool_id.clone(),
        identity_id: i.identity_id.clone(),
        role: role(account, username).await,
        access_key_id: i.credentials.access_key_id.clone(),
        expires_at: i.credentials.expiration,
        cached: i.cached,
        process_command: process_command(&account.profile().name, env.store_override),
    }))
}

/// Copies the credentials as `export` lines for sh, bash and zsh.
pub async fn copy(
    account: &Account,
    username: &str,
    clipboard: &dyn Clipboard,
    env: &CredsEnv,
) -> Outcome {
    let i = match issue(account, username, false, env).await {
        Ok(i) => i,
        Err(o) => return o,
    };
    let lines = Zeroizing::new(export::render(Format::Sh, &i.credentials, &i.region));
    match clipboard.copy(&lines) {
        Ok(()) => Outcome::CredentialsCopied {
            expires_at: i.credentials.expiration,
        },
        Err(e) => Outcome::Failed(Failure::say(strings::creds::copy_failed(&e.to_string()))),
    }
}

/// Writes the credentials as section `name` of the AWS credentials file (the core
/// writes atomically, mode 0600, keeping every other section).
pub async fn write(account: &Account, username: &str, name: &str, env: &CredsEnv) -> Outcome {
    let Some(path) = env.credentials_file.as_deref() else {
        return Outcome::Failed(Failure::say(strings::creds::NO_HOME));
    };
    let i = match issue(account, username, false, env).await {
        Ok(i) => i,
        Err(o) => return o,
    };
    match profile_file::write_profile(path, name, &i.credentials) {
        Ok(written) => Outcome::AwsProfileWritten {
            name: name.to_owned(),
            path: written.display().to_string(),
            expires_at: i.credentials.expiration,
        },
        Err(e) => Outcome::Failed(Failure::say(e.to_string())),
    }
}

/// Where AWS's tools read credentials: `AWS_SHARED_CREDENTIALS_FILE`, else
/// `~/.aws/credentials`.
pub fn credentials_file() -> Option<PathBuf> {
    profile_file::default_path()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_process_command_names_the_profile_and_a_file_store() {
        let line = process_command("local", Some(StoreKind::File));
        assert!(
            line.ends_with(" creds process --profile local --session-store file"),
            "{line}"
        );
        let line = process_command("my profile", None);
        assert!(line.ends_with("--profile \"my profile\""), "{line}");
        assert_eq!(quoted("/usr/bin/cogtui"), "/usr/bin/cogtui");
    }
}
