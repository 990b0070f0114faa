//! `cogtui local serve`: runs the local pool in the foreground.

use super::stdio;
use crate::local::{LocalConfig, LocalPool};
use clap::{Args, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

/// The port `cogtui local serve` listens on unless told otherwise (cognito-local's too).
pub const DEFAULT_PORT: u16 = 9229;

#[derive(Debug, Subcommand)]
pub enum LocalCommand {
    /// Serve the local pool until interrupted. The first stdout line is JSON saying how to
    /// reach it; codes it "sends" are printed on stderr and listed at /_local/outbox.
    Serve(ServeArgs),
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on (port 0 takes any free port).
    #[arg(long, default_value_t = SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)))]
    pub bind: SocketAddr,
    /// Where the pool's SQLite database lives [default: the platform data dir].
    #[arg(long, env = "COGTUI_LOCAL_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Region for the pool's ids at first start.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
}

/// The platform data dir for the local pool, e.g. `~/.local/share/cogtui/local`.
pub fn default_data_dir() -> anyhow::Result<PathBuf> {
    crate::session::data_dir()
        .map(|d| d.join("local"))
        .ok_or_else(|| {
            anyhow::anyhow!("no home directory found for the data dir; pass --data-dir DIR")
        })
}

pub async fn run(cmd: LocalCommand, config_path: Option<PathBuf>) -> anyhow::Result<()> {
    match cmd {
        LocalCommand::Serve(args) => serve(args, config_path).await,
    }
}

/// Writes (or refreshes) the `local` profile so the CLI reaches this pool; a config that
/// cannot be written only earns a warning, the pool still serves.
fn write_profile(config_path: Option<PathBuf>, info: &crate::local::SeedInfo) {
    let path = match config_path {
        Some(p) => Ok(p),
        None => crate::config::Config::default_path(),
    };
    let result = path.and_then(|p| crate::config::write_local_profile(&p, &info.profile_info()));
    if let Err(e) = result {
        stdio::err_line(&format!(
            "warning: the `local` profile was not written: {e}"
        ));
    }
}

/// Starts the pool, prints its JSON line, writes the `local` profile, and serves until Ctrl-C.
pub async fn serve(args: ServeArgs, config_path: Option<PathBuf>) -> anyhow::Result<()> {
    let data_dir = match args.data_dir {
        Some(d) => d,
        None => default_data_dir()?,
    };
    let mut lock = crate::local::dir_lock::DirLock::acquire(&data_dir)?;
    let pool = LocalPool::start(LocalConfig {
        bind: args.bind,
        data_dir: data_dir.clone(),
        region: args.region,
    })
    .await?;
    if let Err(e) = lock.set_endpoint(&pool.info.endpoint) {
        stdio::err_line(&format!(
            "warning: cannot record the endpoint in the lock file: {e}"
        ));
    }
    let line = serde_json::to_string(&pool.info)?;
    stdio::out_line(&line);
    write_profile(config_path, &pool.info);
    stdio::err_line(&format!(
        "cogtui local pool: {} (data in {}); Ctrl-C stops it",
        pool.info.endpoint,
        data_dir.display()
    ));
    stdio::err_line(&format!(
        "  user pool {}, app client {}; codes appear here and at {}/_local/outbox",
        pool.info.user_pool_id, pool.info.client_id, pool.info.endpoint
    ));
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = wait_for_terminate() => {}
    }
    stdio::err_line("cogtui local pool: stopping");
    pool.stop().await;
    drop(lock);
    Ok(())
}

#[cfg(unix)]
async fn wait_for_terminate() {
    use tokio::signal::unix::{SignalKind, signal};
    match signal(SignalKind::terminate()) {
        Ok(mut s) => {
            s.recv().await;
        }
        Err(_) => std::future::pending::<()>().await,
    }
}

#[cfg(not(unix))]
async fn wait_for_terminate() {
    std::future::pending::<()>().await
}
