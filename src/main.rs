//! The `cogtui` binary: parses arguments, sets up logging, and hands over to a face.
#![forbid(unsafe_code)]

use clap::Parser as _;
use cogtui::cli::{self, Cli};
use std::process::ExitCode;

/// Logs go to stderr for commands; the TUI owns the terminal, so there they go to
/// `<data dir>/cogtui.log` (0600, in a 0700 data dir; or nowhere if it cannot be opened).
fn init_logging(tui: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("COGTUI_LOG")
        // aws-config warns about each credential source it skips; the admin commands' own
        // error already says which sources were tried (COGTUI_LOG=aws_config=debug shows them).
        .unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(
                "warn,aws_config=error,aws_runtime=error,aws_smithy_runtime=error",
            )
        });
    // The browser crate logs the command it runs, and for `creds console` that holds the
    // sign-in URL (a secret): never at any level.
    let filter = match "webbrowser=off".parse() {
        Ok(d) => filter.add_directive(d),
        Err(_) => filter,
    };
    let builder = tracing_subscriber::fmt().with_env_filter(filter);
    if !tui {
        builder.with_writer(std::io::stderr).init();
        return;
    }
    let file = cogtui::session::data_dir()
        .and_then(|dir| cogtui::private_fs::open_private_append(&dir.join("cogtui.log")).ok());
    match file {
        Some(f) => builder
            .with_ansi(false)
            .with_writer(std::sync::Mutex::new(f))
            .init(),
        None => builder.with_writer(std::io::sink).init(),
    }
}

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash cogtui -- …`) is answered and exits here.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command)
        .var(cli::completions::VAR)
        .complete();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return ExitCode::from(cli::parse_error::report(&e)),
    };
    init_logging(cli.command.is_none());
    let command = cli.command_name();
    // Quick commands (`creds process` runs whenever an AWS tool wants credentials) need no
    // worker threads; the TUI and the local pool do.
    let runtime = if cli.quick() {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Runtime::new()
    };
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            cli::stdio::err_line(&format!("cogtui: cannot start the async runtime: {e}"));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => ExitCode::from(cli::report(&e, command)),
    }
}
