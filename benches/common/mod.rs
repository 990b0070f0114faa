//! What the benches that call the local pool in-process share: a quiet pool on a fresh data dir.

use cogtui::local::{LocalConfig, LocalPool};

/// A runtime, the pool's data dir (kept alive while the pool runs) and a local pool started on
/// it with its outbox echo off, so codes are not printed among criterion's lines.
pub fn quiet_pool() -> (tokio::runtime::Runtime, tempfile::TempDir, LocalPool) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime");
    let dir = tempfile::tempdir().expect("tempdir");
    let pool = rt
        .block_on(LocalPool::start(LocalConfig {
            bind: "127.0.0.1:0".parse().expect("addr"),
            data_dir: dir.path().to_path_buf(),
            region: "us-east-1".into(),
        }))
        .expect("local pool");
    pool.state.set_echo(false);
    (rt, dir, pool)
}
