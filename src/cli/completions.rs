//! `cogtui completions SHELL`: shell completion scripts from the argument definitions.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// bash, zsh, fish, powershell or elvish.
    pub shell: Shell,
}

pub fn run(a: CompletionsArgs) -> anyhow::Result<()> {
    let mut cmd = super::Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(a.shell, &mut cmd, "cogtui", &mut script);
    super::stdio::out_bytes(&script);
    Ok(())
}
