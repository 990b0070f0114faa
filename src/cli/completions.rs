//! `cogtui completions SHELL`: the shell's registration script for completions computed by
//! cogtui itself at each TAB (clap_complete's engine), so that values such as `--profile`
//! names come from the config as it is now.

use clap::Args;
use clap_complete::Shell;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::Shells;
use std::ffi::OsStr;

/// The environment variable through which the shell asks cogtui for completions.
pub const VAR: &str = "COMPLETE";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    pub shell: Shell,
}

pub fn run(a: CompletionsArgs) -> anyhow::Result<()> {
    let name = a.shell.to_string();
    let shells = Shells::builtins();
    let completer = shells
        .completer(&name)
        .ok_or_else(|| anyhow::anyhow!("no completions for {name}"))?;
    let mut script = Vec::new();
    completer.write_registration(VAR, "cogtui", "cogtui", "cogtui", &mut script)?;
    super::stdio::out_bytes(&script);
    Ok(())
}

/// Profile names from the config (`COGTUI_CONFIG`, else the platform config), for `--profile`.
pub fn profile_names(current: &OsStr) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    let path = std::env::var_os("COGTUI_CONFIG")
        .filter(|p| !p.is_empty())
        .map(std::path::PathBuf::from)
        .or_else(|| crate::config::Config::default_path().ok());
    let Some(config) = path.and_then(|p| crate::config::Config::load(&p).ok()) else {
        return Vec::new();
    };
    config
        .profiles
        .keys()
        .filter(|n| n.starts_with(typed.as_ref()))
        .map(CompletionCandidate::new)
        .collect()
}
