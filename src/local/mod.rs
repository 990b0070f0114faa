//! The local pool: a Cognito-compatible server on 127.0.0.1 with real SRP, RS256 JWTs and
//! SigV4-checked admin calls, persisted in SQLite. Uses `srp` and the wire types of `cognito`.

mod challenge;
mod clock;
mod decoys;
pub mod dir_lock;
mod error;
pub mod escape;
mod fakes;
pub(crate) mod hosted;
mod identity;
mod ids;
mod jwt;
mod limits;
mod listener;
mod model;
mod ops;
mod router;
mod seed;
mod sigv4;
mod state;
mod store;
mod triggers;
mod user_locks;
pub(crate) mod work;

pub use error::ApiError;
pub use listener::ConnectionLimits;
pub use model::OutboxEntry;
pub use seed::{SeedInfo, SeedUsersError, SeededUser, seed_users};
pub use state::State;
pub use triggers::Settings as TriggerSettings;

/// The store's statements and schema, for `tests/local_query_plans.rs`.
#[doc(hidden)]
pub mod store_plan {
    pub use super::store::queries;
    pub use super::store::schema::migrate;
}

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::oneshot;

/// How to start a local pool.
#[derive(Debug, Clone)]
pub struct LocalConfig {
    /// Address to listen on; port 0 takes any free port.
    pub bind: SocketAddr,
    /// Where `pool.sqlite3` lives.
    pub data_dir: PathBuf,
    /// Region used in ids at first start (later starts keep the stored one).
    pub region: String,
}

/// Why the local pool could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data dir {0}: {1}; pass --data-dir with a writable folder")]
    DataDir(PathBuf, std::io::Error),
    #[error(
        "cannot open the database {0}: {1}; is another process holding it, or is the file damaged?"
    )]
    Database(PathBuf, store::OpenError),
    #[error(
        "cannot listen on {0}: {1}; pick another address with --bind (port 0 takes any free port)"
    )]
    Bind(SocketAddr, std::io::Error),
    #[error("cannot prepare the local pool: {0}")]
    Seed(ApiError),
}

/// A running local pool.
pub struct LocalPool {
    pub info: SeedInfo,
    pub addr: SocketAddr,
    pub state: Arc<State>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl LocalPool {
    /// Opens the data dir, seeds it on first start, binds and starts serving.
    pub async fn start(cfg: LocalConfig) -> Result<Self, StartError> {
        Self::start_with(cfg, ConnectionLimits::default()).await
    }

    /// [`LocalPool::start`] with other connection limits (tests use short timeouts).
    pub async fn start_with(
        cfg: LocalConfig,
        limits: ConnectionLimits,
    ) -> Result<Self, StartError> {
        let data_dir_err = |e| StartError::DataDir(cfg.data_dir.clone(), e);
        create_private_dir(&cfg.data_dir).map_err(data_dir_err)?;
        let db_path = cfg.data_dir.join("pool.sqlite3");
        // The database holds the signing keys: only its owner may read it (SQLite gives its
        // -wal and -shm files the same mode).
        make_private_file(&db_path).map_err(data_dir_err)?;
        let store = store::Store::open(&db_path).map_err(|e| StartError::Database(db_path, e))?;
        let listener = tokio::net::TcpListener::bind(cfg.bind)
            .await
            .map_err(|e| StartError::Bind(cfg.bind, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| StartError::Bind(cfg.bind, e))?;
        let endpoint = format!("http://{addr}");
        let state = Arc::new(State::new(store, &cfg.region, endpoint).map_err(StartError::Seed)?);
        let info = state.seed_info().clone();
        // `cogtui admin` finds the key here (docs/local-pool.md); a pool that cannot write it
        // still serves, and admin commands say where they looked.
        let key = crate::config::LocalAdminKey {
            endpoint: info.endpoint.clone(),
            region: info.region.clone(),
            user_pool_id: info.user_pool_id.clone(),
            access_key_id: info.admin_access_key_id.clone(),
            secret_access_key: crate::secret::Secret::new(info.admin_secret_access_key.clone()),
        };
        if let Err(e) = key.write(&cfg.data_dir) {
            tracing::warn!(error = %e, "cannot write the local admin key file");
        }
        let app = router::router(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
        let listener = listener::Guarded::new(listener, limits);
        let task = tokio::spawn(async move {
            let serve = axum::serve(listener, app).with_graceful_shutdown(async {
                let _ = rx.await;
            });
            if let Err(e) = serve.await {
                tracing::error!(error = %e, "local pool server stopped");
            }
        });
        Ok(Self {
            info,
            addr,
            state,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    /// Stops serving and waits for in-flight requests to finish.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    /// Serves until the task ends (Ctrl-C handling is the caller's).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

use crate::private_fs::create_private_dir;

/// Creates `path` empty with mode 0600 if missing, or narrows an existing file to 0600.
fn make_private_file(path: &std::path::Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(false).mode(0o600);
        let file = options.open(path)?;
        let mode = file.metadata()?.permissions().mode();
        if mode & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(mode & 0o700))?;
        }
        for suffix in ["-wal", "-shm"] {
            let side = path.with_file_name(format!(
                "{}{suffix}",
                path.file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or("pool.sqlite3")
            ));
            if let Ok(meta) = std::fs::metadata(&side)
                && meta.permissions().mode() & 0o077 != 0
            {
                std::fs::set_permissions(&side, std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
