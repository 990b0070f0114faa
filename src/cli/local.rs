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
    /// Make N confirmed test accounts with a known password in the local pool's database
    /// (stop `cogtui local serve` on that data dir first) and print them as JSON on stdout:
    /// a list of {"username", "password", "sub"}.
    Seed(SeedArgs),
}

#[derive(Debug, Args)]
pub struct SeedArgs {
    /// How many accounts to make (named PREFIX-000001, PREFIX-000002, …).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=10_000_000))]
    pub users: u32,
    /// The start of every username.
    #[arg(long, default_value = "user")]
    pub prefix: String,
    /// The password of every account [default: a fresh random one, printed with the accounts].
    /// Not checked against the pool's password policy.
    #[arg(long, env = "COGTUI_SEED_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
    /// Where the pool's SQLite database lives [default: the platform data dir].
    #[arg(long, env = "COGTUI_LOCAL_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Region for the pool's ids if the database is new.
    #[arg(long, default_value = "us-east-1")]
    pub region: String,
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
        LocalCommand::Seed(args) => seed(args),
    }
}

/// A password every pool policy accepts: 16 random letters and digits, then `Aa1!`.
fn random_password() -> String {
    const CHARS: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut raw = [0u8; 16];
    rand::fill(&mut raw[..]);
    let mut p: String = raw
        .iter()
        .map(|b| char::from(CHARS[usize::from(*b) % CHARS.len()]))
        .collect();
    p.push_str("Aa1!");
    p
}

/// `cogtui local seed`: N confirmed accounts in one transaction, listed as JSON on stdout.
pub fn seed(args: SeedArgs) -> anyhow::Result<()> {
    if args.prefix.is_empty()
        || args.prefix.len() > 100
        || args.prefix.chars().any(char::is_control)
    {
        anyhow::bail!("--prefix must be 1 to 100 characters with no control characters");
    }
    let password = args.password.unwrap_or_else(random_password);
    if password.is_empty() || password.len() > 256 {
        anyhow::bail!("--password must be 1 to 256 characters");
    }
    let data_dir = match args.data_dir {
        Some(d) => d,
        None => default_data_dir()?,
    };
    let lock = crate::local::dir_lock::DirLock::acquire(&data_dir)?;
    let start = std::time::Instant::now();
    let users = crate::local::seed_users(
        &data_dir,
        &args.region,
        args.users as usize,
        &args.prefix,
        &password,
    )?;
    drop(lock);
    stdio::out_line(&serde_json::to_string(&users)?);
    stdio::err_line(&format!(
        "cogtui local seed: {} confirmed users in {:.1} s (data in {})",
        users.len(),
        start.elapsed().as_secs_f64(),
        data_dir.display()
    ));
    Ok(())
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
