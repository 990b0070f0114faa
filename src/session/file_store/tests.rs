//! Tests of the file store: mode, round trip, atomic replacement, damaged files.

use super::super::fixtures::{device, tokens};
use super::*;

fn store() -> (tempfile::TempDir, FileStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = FileStore::new(dir.path().join("data").join(FILE_NAME));
    (dir, store)
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn round_trip_keeps_devices_and_other_sessions_apart() {
    let (_dir, store) = store();
    let alice = SessionKey::new("dev", "alice");
    let bob = SessionKey::new("dev", "bob");
    assert_eq!(store.load(&alice).unwrap(), None);
    store.save(&alice, &tokens(1800)).unwrap();
    store.save(&bob, &tokens(5)).unwrap();
    store.save_device(&alice, &device()).unwrap();
    assert_eq!(store.load(&alice).unwrap(), Some(tokens(1800)));
    store.delete(&alice).unwrap();
    assert_eq!(store.load(&alice).unwrap(), None);
    assert_eq!(store.load_device(&alice).unwrap(), Some(device()));
    assert_eq!(store.load(&bob).unwrap(), Some(tokens(5)));
    store.delete_device(&alice).unwrap();
    assert_eq!(store.load_device(&alice).unwrap(), None);
}

#[cfg(unix)]
#[test]
fn the_file_and_its_dir_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let (_dir, store) = store();
    store.save(&SessionKey::new("p", "u"), &tokens(10)).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(store.path()), 0o600);
    assert_eq!(mode(store.path().parent().unwrap()), 0o700);
    // A file someone widened is narrowed again by the next save.
    fs::set_permissions(store.path(), fs::Permissions::from_mode(0o644)).unwrap();
    assert!(store.load(&SessionKey::new("p", "u")).unwrap().is_some());
    store.save(&SessionKey::new("p", "v"), &tokens(10)).unwrap();
    assert_eq!(mode(store.path()), 0o600);
}

#[test]
fn a_crash_mid_write_leaves_the_old_file_whole() {
    let (_dir, store) = store();
    let key = SessionKey::new("p", "u");
    store.save(&key, &tokens(10)).unwrap();
    let dir = store.path().parent().unwrap().to_path_buf();
    // What a write killed before its rename leaves behind: a half-written temp file.
    fs::write(
        dir.join(".sessions.json.tmp-99999-0"),
        "{\"format\":1,\"sess",
    )
    .unwrap();
    assert_eq!(store.load(&key).unwrap(), Some(tokens(10)));
    store.save(&key, &tokens(20)).unwrap();
    assert_eq!(store.load(&key).unwrap(), Some(tokens(20)));
    // The stray temp file (it may hold tokens) is gone; only the file and its lock remain.
    assert_eq!(names(&dir), ["sessions.json", "sessions.json.lock"]);
}

#[test]
fn a_damaged_file_is_reported_then_moved_aside_not_lost() {
    let (_dir, store) = store();
    let key = SessionKey::new("p", "u");
    create_private_dir(store.path().parent().unwrap()).unwrap();
    let damaged = "{\"format\":1,\"sessions\":{\"p\":{\"other\":{\"id_token\":\"SECRETVALUE\"";
    fs::write(store.path(), damaged).unwrap();

    let err = store.load(&key).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, SessionError::Corrupt(..)), "{text}");
    assert!(
        text.contains("sessions.json") && text.contains("cogtui login"),
        "{text}"
    );
    assert!(!text.contains("SECRETVALUE"), "{text}");

    store.save(&key, &tokens(10)).unwrap();
    assert_eq!(store.load(&key).unwrap(), Some(tokens(10)));
    let dir = store.path().parent().unwrap();
    let aside: Vec<String> = names(dir)
        .into_iter()
        .filter(|n| n.starts_with("sessions.json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert_eq!(fs::read_to_string(dir.join(&aside[0])).unwrap(), damaged);
}

#[test]
fn one_damaged_entry_spoils_only_itself() {
    let (_dir, store) = store();
    create_private_dir(store.path().parent().unwrap()).unwrap();
    let text = serde_json::json!({
        "format": 1,
        "sessions": {"p": {
            "bad": {"username": "bad", "id_token": "SECRETVALUE", "access_token": 12},
            "good": serde_json::to_value(tokens(3)).unwrap(),
        }},
    });
    fs::write(store.path(), text.to_string()).unwrap();
    let err = store.load(&SessionKey::new("p", "bad")).unwrap_err();
    assert!(matches!(err, SessionError::Corrupt(..)));
    assert!(!err.to_string().contains("SECRETVALUE"), "{err}");
    assert_eq!(
        store.load(&SessionKey::new("p", "good")).unwrap(),
        Some(tokens(3))
    );
    store
        .save(&SessionKey::new("p", "bad"), &tokens(4))
        .unwrap();
    assert_eq!(
        store.load(&SessionKey::new("p", "bad")).unwrap(),
        Some(tokens(4))
    );
    assert_eq!(
        store.load(&SessionKey::new("p", "good")).unwrap(),
        Some(tokens(3))
    );
}

#[test]
fn deleting_from_no_file_creates_none() {
    let (_dir, store) = store();
    store.delete(&SessionKey::new("p", "u")).unwrap();
    store.delete_device(&SessionKey::new("p", "u")).unwrap();
    assert!(!store.path().exists());
}

#[test]
fn the_warning_names_the_file() {
    let store = FileStore::new("/home/a/.local/share/cogtui/sessions.json");
    assert_eq!(
        store.warning().unwrap(),
        "sessions are stored unencrypted in /home/a/.local/share/cogtui/sessions.json, \
         readable only by you"
    );
}
