//! The command-line face: argument definitions and one file per command group.

#[cfg(feature = "local")]
pub mod local;

use clap::{Parser, Subcommand};

/// A terminal account manager for Amazon Cognito, and a Cognito-compatible local pool.
#[derive(Debug, Parser)]
#[command(name = "cogtui", version, about)]
pub struct Cli {
    /// Run against a local pool started in this process (no AWS account needed).
    #[arg(long, global = true)]
    pub local: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// The Cognito-compatible local pool.
    #[cfg(feature = "local")]
    Local {
        #[command(subcommand)]
        command: local::LocalCommand,
    },
}
