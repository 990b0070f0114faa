//! The `cogtui` binary: parses arguments, sets up logging, and hands over to a face.
#![forbid(unsafe_code)]

use clap::Parser;
use cogtui::cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("COGTUI_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cogtui: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cogtui: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        #[cfg(feature = "local")]
        Some(Command::Local { command }) => cogtui::cli::local::run(command).await,
        #[cfg(feature = "local")]
        None if cli.local => {
            // Until the TUI lands, `--local` runs the local pool and says how to reach it.
            eprintln!("cogtui: the TUI is not here yet; starting the local pool instead.");
            cogtui::cli::local::serve(cogtui::cli::local::ServeArgs {
                bind: std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
                data_dir: None,
                region: "us-east-1".into(),
            })
            .await
        }
        _ => {
            eprintln!(
                "cogtui: the TUI is not here yet. Try `cogtui --local` (a local Cognito \
                 pool) or `cogtui --help`."
            );
            Ok(())
        }
    }
}
