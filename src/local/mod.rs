//! The local pool: a Cognito-compatible server on 127.0.0.1 with real SRP, RS256 JWTs and
//! SigV4-checked admin calls, persisted in SQLite. Uses `srp` and the wire types of `cognito`.

mod challenge;
mod clock;
pub mod dir_lock;
mod error;
mod ids;
mod jwt;
mod model;
mod ops;
mod router;
mod seed;
mod sigv4;
mod state;
mod store;

pub use error::ApiError;
pub use model::OutboxEntry;
pub use seed::SeedInfo;
pub use state::State;

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
    Database(PathBuf, rusqlite::Error),
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
        std::fs::create_dir_all(&cfg.data_dir)
            .map_err(|e| StartError::DataDir(cfg.data_dir.clone(), e))?;
        let db_path = cfg.data_dir.join("pool.sqlite3");
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
        let app = router::router(state.clone());
        let (tx, rx) = oneshot::channel::<()>();
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
