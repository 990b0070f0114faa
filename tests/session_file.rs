//! The file store under concurrency: processes refreshing the same session under the
//! `RefreshLock` while saving sessions of their own. Nothing is corrupted, the last refresh
//! wins, and no other session is lost.

use cogtui::secret::Secret;
use cogtui::session::lock::DEFAULT_TIMEOUT;
use cogtui::session::{FileStore, RefreshLock, SessionKey, SessionStore, StoredTokens};
use std::path::Path;
use std::process::{Command, Stdio};

/// Set in a child process: the data dir the refresher works in.
const DIR: &str = "COGTUI_TEST_REFRESH_DIR";
/// Set in a child process: the refresher's name.
const WHO: &str = "COGTUI_TEST_REFRESH_WHO";
const ROUNDS: i64 = 40;
const PROCESSES: usize = 3;

fn tokens(who: &str, round: i64) -> StoredTokens {
    StoredTokens {
        username: "alice".into(),
        id_token: Secret::new(format!("id-{who}-{round}-{}", "i".repeat(1000))),
        access_token: Secret::new(format!("access-{who}-{round}-{}", "a".repeat(1000))),
        refresh_token: Some(Secret::new(format!("refresh-{}", "r".repeat(1800)))),
        expires_at: 1_900_003_600 + round,
        issued_at: round,
        clock_skew: 0,
        device_key: None,
        new_device: None,
    }
}

fn store(dir: &Path) -> FileStore {
    FileStore::new(dir.join("sessions.json"))
}

#[test]
fn concurrent_refreshes_neither_corrupt_nor_lose() {
    let dir = tempfile::tempdir().unwrap();
    let shared = SessionKey::new("dev", "alice");
    let bystander = SessionKey::new("dev", "bystander");
    store(dir.path())
        .save(&shared, &tokens("start", 0))
        .unwrap();
    store(dir.path())
        .save(&bystander, &tokens("bystander", 7))
        .unwrap();

    let children: Vec<_> = (0..PROCESSES)
        .map(|i| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "refresher_helper",
                    "--include-ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(DIR, dir.path())
                .env(WHO, format!("p{i}"))
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut child in children {
        assert!(child.wait().unwrap().success(), "a refresher failed");
    }

    let store = store(dir.path());
    // Each refresh built on the one before it: none was lost.
    let last = store.load(&shared).unwrap().unwrap();
    assert_eq!(last.issued_at, ROUNDS * PROCESSES as i64);
    assert!(last.id_token.expose().starts_with("id-p"));
    // Sessions saved alongside, without the refresh lock, are all there.
    assert_eq!(
        store.load(&bystander).unwrap(),
        Some(tokens("bystander", 7))
    );
    for i in 0..PROCESSES {
        let own = SessionKey::new("dev", format!("own-p{i}"));
        assert_eq!(
            store.load(&own).unwrap().unwrap().issued_at,
            ROUNDS - 1,
            "p{i}'s own session"
        );
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(store.path())
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let stray: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
        .collect();
    assert!(stray.is_empty(), "temp files left: {stray:?}");
}

/// Child side: refreshes the shared session ROUNDS times under the lock (load, bump, save),
/// and saves a session of its own each round without it.
#[test]
#[ignore = "helper: run in child processes by concurrent_refreshes_neither_corrupt_nor_lose"]
fn refresher_helper() {
    let (Ok(dir), Ok(who)) = (std::env::var(DIR), std::env::var(WHO)) else {
        return;
    };
    let dir = Path::new(&dir);
    let store = store(dir);
    let shared = SessionKey::new("dev", "alice");
    let own = SessionKey::new("dev", format!("own-{who}"));
    for round in 0..ROUNDS {
        {
            let _guard = RefreshLock::acquire(dir, &shared, DEFAULT_TIMEOUT).unwrap();
            let current = store.load(&shared).unwrap().expect("the session is there");
            // Widen the window in which an unlocked refresh would lose an update.
            std::thread::sleep(std::time::Duration::from_millis(2));
            store
                .save(&shared, &tokens(&who, current.issued_at + 1))
                .unwrap();
        }
        store.save(&own, &tokens(&who, round)).unwrap();
    }
}
