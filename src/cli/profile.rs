//! `cogtui profile …`: add, list, show, use, remove and import profiles in the config file.

use crate::cli::output::Output;
use crate::config::{
    Config, ConfigError, NameOrigin, Profile, StoreKind, import_amplify, pool_region,
};
use crate::secret::Secret;
use anyhow::{Context, bail};
use serde_json::{Value, json};
use std::io::{BufRead, IsTerminal};
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Subcommand)]
pub enum ProfileCommand {
    /// Add a profile (or replace one with --force).
    Add(AddArgs),
    /// List the profiles; `*` marks the default.
    List,
    /// Show a profile (by default the one cogtui would use); never shows the client secret.
    Show {
        /// The profile to show.
        name: Option<String>,
    },
    /// Make a profile the default.
    Use {
        /// The profile to use when none is named.
        name: String,
    },
    /// Remove a profile.
    Remove {
        /// The profile to remove.
        name: String,
    },
    /// Import a profile from amplify_outputs.json (Gen 2) or amplifyconfiguration.json /
    /// aws-exports (Gen 1).
    Import(ImportArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The profile's name: letters, digits, `-` and `_`.
    pub name: String,
    /// The AWS region [default: the one the user pool id starts with].
    #[arg(long)]
    pub region: Option<String>,
    /// The user pool id, like `eu-west-1_AbC123xyz`.
    #[arg(long)]
    pub user_pool_id: String,
    /// The app client id.
    #[arg(long)]
    pub client_id: String,
    /// Read the app client secret from the first line of stdin (never from the command line,
    /// where other users and shell history could see it).
    #[arg(long)]
    pub client_secret_stdin: bool,
    /// The identity pool id, like `eu-west-1:0b1c2d3e-…`, for AWS credentials.
    #[arg(long)]
    pub identity_pool_id: Option<String>,
    /// Talk to this endpoint instead of Cognito (the local pool, a proxy), like
    /// `http://127.0.0.1:9229`.
    #[arg(long)]
    pub endpoint: Option<String>,
    /// The Hosted UI domain, like `myapp.auth.eu-west-1.amazoncognito.com`.
    #[arg(long)]
    pub hosted_ui_domain: Option<String>,
    /// Make this the default profile (the first profile added becomes the default anyway).
    #[arg(long)]
    pub default: bool,
    /// Replace a profile of the same name.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The Amplify file: amplify_outputs.json, amplifyconfiguration.json or aws-exports.js.
    pub file: PathBuf,
    /// The new profile's name.
    #[arg(long, default_value = "amplify")]
    pub name: String,
    /// Make this the default profile (the first profile added becomes the default anyway).
    #[arg(long)]
    pub default: bool,
    /// Replace a profile of the same name.
    #[arg(long)]
    pub force: bool,
}

/// Runs a profile command; `session_store` is the global `--session-store`, which `profile
/// add` records as the profile's setting.
pub fn run(
    cmd: ProfileCommand,
    config_path: &Path,
    out: &Output,
    session_store: Option<StoreKind>,
) -> anyhow::Result<()> {
    match cmd {
        ProfileCommand::Add(args) => add(args, config_path, out, session_store),
        ProfileCommand::List => list(config_path, out),
        ProfileCommand::Show { name } => show(name.as_deref(), config_path, out),
        ProfileCommand::Use { name } => use_profile(&name, config_path, out),
        ProfileCommand::Remove { name } => remove(&name, config_path, out),
        ProfileCommand::Import(args) => import(args, config_path, out),
    }
}

fn add(
    args: AddArgs,
    config_path: &Path,
    out: &Output,
    session_store: Option<StoreKind>,
) -> anyhow::Result<()> {
    let config = Config::load(config_path)?;
    refuse_overwrite(&config, &args.name, args.force, config_path)?;
    let region = match (args.region, pool_region(&args.user_pool_id)) {
        (Some(r), _) => r,
        (None, Some(r)) => r.to_owned(),
        (None, None) => bail!(
            "`{}` names no region: give a user pool id like `eu-west-1_AbC123xyz`, or pass \
             --region",
            args.user_pool_id
        ),
    };
    let mut profile = Profile::new(&args.name, region, args.user_pool_id, args.client_id);
    if args.client_secret_stdin {
        profile.client_secret = Some(secret_from_stdin()?);
    }
    profile.identity_pool_id = args.identity_pool_id;
    profile.endpoint = args.endpoint;
    profile.hosted_ui_domain = args.hosted_ui_domain;
    profile.session_store = session_store;
    save_profile(config, profile, args.default, config_path, out, "added")
}

fn import(args: ImportArgs, config_path: &Path, out: &Output) -> anyhow::Result<()> {
    let config = Config::load(config_path)?;
    refuse_overwrite(&config, &args.name, args.force, config_path)?;
    let imported = import_amplify(&args.file)?;
    let mut profile = imported.profile;
    profile.name = args.name;
    let verb = format!(
        "imported from {} ({})",
        args.file.display(),
        imported.format
    );
    save_profile(config, profile, args.default, config_path, out, &verb)
}

fn refuse_overwrite(
    config: &Config,
    name: &str,
    force: bool,
    config_path: &Path,
) -> anyhow::Result<()> {
    if config.profiles.contains_key(name) && !force {
        bail!(
            "profile `{name}` already exists in {}: pass --force to replace it, or choose \
             another name",
            config_path.display()
        );
    }
    Ok(())
}

/// Upserts, makes it the default when asked or when there is none, saves, and reports.
fn save_profile(
    mut config: Config,
    profile: Profile,
    make_default: bool,
    config_path: &Path,
    out: &Output,
    verb: &str,
) -> anyhow::Result<()> {
    let name = profile.name.clone();
    let replaced = config.upsert(profile)?.is_some();
    if make_default || config.default_profile.is_none() {
        config.default_profile = Some(name.clone());
    }
    config.save(config_path)?;
    let is_default = config.default_profile.as_deref() == Some(name.as_str());
    let action = if replaced { "replaced" } else { "added" };
    let shown = config
        .profiles
        .get(&name)
        .map(|p| profile_json(p, is_default));
    let note = if is_default { " (the default)" } else { "" };
    emit(
        out,
        &format!(
            "profile `{name}` {verb}{note}, in {}",
            config_path.display()
        ),
        json!({ "action": action, "config": config_path, "profile": shown }),
    );
    Ok(())
}

/// The client secret: typed without echo at a terminal, else the first line piped in.
fn secret_from_stdin() -> anyhow::Result<Secret> {
    if std::io::stdin().is_terminal() {
        let typed = rpassword::prompt_password("client secret (not shown): ")
            .context("cannot read the client secret from the terminal")?;
        return non_empty(Secret::from(typed));
    }
    read_secret(&mut std::io::stdin().lock())
}

/// One line of `input`, without its line ending, straight into a `Secret`.
fn read_secret(input: &mut impl BufRead) -> anyhow::Result<Secret> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .context("cannot read the client secret from stdin")?;
    let kept = line.trim_end_matches(['\r', '\n']).len();
    line.truncate(kept);
    non_empty(Secret::from(line))
}

fn non_empty(secret: Secret) -> anyhow::Result<Secret> {
    if secret.expose().trim().is_empty() {
        bail!(
            "--client-secret-stdin read no secret: pipe it in, like \
             `printf '%s\\n' \"$SECRET\" | cogtui profile add …`"
        );
    }
    Ok(secret)
}

fn list(config_path: &Path, out: &Output) -> anyhow::Result<()> {
    let config = Config::load(config_path)?;
    let default = config.default_profile.as_deref();
    let human = if config.profiles.is_empty() {
        format!(
            "no profiles in {}: add one with `cogtui profile add` or `cogtui profile import`",
            config_path.display()
        )
    } else {
        let width = config.profiles.keys().map(String::len).max().unwrap_or(0);
        config
            .profiles
            .values()
            .map(|p| {
                let mark = if default == Some(p.name.as_str()) {
                    '*'
                } else {
                    ' '
                };
                let endpoint = p.endpoint.as_deref().unwrap_or("");
                format!(
                    "{mark} {:width$}  {:14}  {:24}  {endpoint}",
                    p.name, p.region, p.user_pool_id
                )
                .trim_end()
                .to_owned()
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let profiles: Vec<Value> = config
        .profiles
        .values()
        .map(|p| profile_json(p, default == Some(p.name.as_str())))
        .collect();
    emit(
        out,
        &human,
        json!({ "config": config_path, "default_profile": default, "profiles": profiles }),
    );
    Ok(())
}

fn show(name: Option<&str>, config_path: &Path, out: &Output) -> anyhow::Result<()> {
    let config = Config::load(config_path)?;
    let (profile, origin) = config.choose_with(name, |k| std::env::var(k).ok())?;
    let is_default = config.default_profile.as_deref() == Some(profile.name.as_str());
    let none = "(none)";
    let endpoint = match &profile.endpoint {
        Some(e) => format!("{e} (override)"),
        None => format!("{} (Cognito)", profile.idp_endpoint()),
    };
    let mut rows = vec![("profile", profile.name.clone())];
    if name.is_none() {
        rows.push(("chosen", origin.to_string()));
    }
    rows.extend([
        ("default", if is_default { "yes" } else { "no" }.to_owned()),
        ("region", profile.region.clone()),
        ("user pool", profile.user_pool_id.clone()),
        ("client id", profile.client_id.clone()),
        (
            "client secret",
            secret_mark(profile).unwrap_or(none).to_owned(),
        ),
        (
            "identity pool",
            profile
                .identity_pool_id
                .as_deref()
                .unwrap_or(none)
                .to_owned(),
        ),
        ("endpoint", endpoint),
        (
            "hosted UI domain",
            profile
                .hosted_ui_domain
                .as_deref()
                .unwrap_or(none)
                .to_owned(),
        ),
        ("session store", profile.store_kind().as_str().to_owned()),
        ("config file", config_path.display().to_string()),
    ]);
    let human = rows
        .iter()
        .map(|(k, v)| format!("{k:17} {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut shown = profile_json(profile, is_default);
    if let Value::Object(map) = &mut shown {
        map.insert("chosen".into(), json!(origin_key(origin)));
        map.insert("config".into(), json!(config_path));
    }
    emit(out, &human, shown);
    Ok(())
}

fn use_profile(name: &str, config_path: &Path, out: &Output) -> anyhow::Result<()> {
    let mut config = Config::load(config_path)?;
    config.set_default(name)?;
    config.save(config_path)?;
    emit(
        out,
        &format!("default profile is now `{name}`"),
        json!({ "default_profile": name, "config": config_path }),
    );
    Ok(())
}

fn remove(name: &str, config_path: &Path, out: &Output) -> anyhow::Result<()> {
    let mut config = Config::load(config_path)?;
    if config.remove(name).is_none() {
        return Err(ConfigError::UnknownProfile {
            name: name.to_owned(),
            origin: NameOrigin::Argument,
            known: config.names(),
        }
        .into());
    }
    config.save(config_path)?;
    let note = match &config.default_profile {
        Some(_) => String::new(),
        None if config.profiles.len() > 1 => {
            "; there is no default profile now: choose one with `cogtui profile use NAME`".into()
        }
        None => String::new(),
    };
    emit(
        out,
        &format!("removed profile `{name}`{note}"),
        json!({
            "removed": name,
            "default_profile": config.default_profile,
            "config": config_path,
        }),
    );
    Ok(())
}

fn secret_mark(p: &Profile) -> Option<&'static str> {
    p.client_secret.as_ref().map(|_| "[set]")
}

fn origin_key(origin: NameOrigin) -> &'static str {
    match origin {
        NameOrigin::Argument => "argument",
        NameOrigin::Env => "env",
        NameOrigin::DefaultProfile => "default_profile",
        NameOrigin::OnlyOne => "only_profile",
    }
}

/// A profile as JSON, the client secret shown only as `[set]`.
fn profile_json(p: &Profile, is_default: bool) -> Value {
    json!({
        "name": p.name,
        "default": is_default,
        "region": p.region,
        "user_pool_id": p.user_pool_id,
        "client_id": p.client_id,
        "client_secret": secret_mark(p),
        "identity_pool_id": p.identity_pool_id,
        "endpoint": p.endpoint,
        "hosted_ui_domain": p.hosted_ui_domain,
        "session_store": p.store_kind().as_str(),
    })
}

fn emit(out: &Output, human: &str, json: Value) {
    out.emit(human, &json);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_secret_is_one_line_without_its_ending() {
        let mut input = std::io::Cursor::new("s3cr3t value\r\nsecond line\n");
        let s = read_secret(&mut input).unwrap();
        assert_eq!(s.expose(), "s3cr3t value");
        assert!(read_secret(&mut std::io::Cursor::new("\n")).is_err());
    }

    #[test]
    fn json_never_carries_the_secret() {
        let mut p = Profile::new("dev", "eu-west-1", "eu-west-1_AbC", "client");
        p.client_secret = Some(Secret::new("hunter2"));
        let shown = profile_json(&p, true).to_string();
        assert!(
            shown.contains("[set]") && !shown.contains("hunter2"),
            "{shown}"
        );
    }
}
