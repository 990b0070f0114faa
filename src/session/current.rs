//! Who is signed in on each profile: a small non-secret JSON file (`current.json` in the data
//! dir) listing, per profile, the users with a session and which one is current. Updates are
//! read-modify-write under a file lock and written atomically (temp file, then rename), so two
//! processes signing in at once both land.

use super::SessionError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct CurrentUsers {
    path: PathBuf,
}

/// The users of one profile.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileUsers {
    /// The user commands act for when none is named.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// Every user with a session on the profile, in the order they signed in.
    #[serde(default)]
    pub users: Vec<String>,
}

/// Earlier versions kept only the current user's name per profile.
#[derive(Deserialize)]
#[serde(untagged)]
enum Entry {
    Old(String),
    New(ProfileUsers),
}

impl CurrentUsers {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("current.json"),
        }
    }

    fn read(&self) -> BTreeMap<String, ProfileUsers> {
        // A missing or damaged pointer file only means "nobody is signed in".
        let raw: BTreeMap<String, Entry> = std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        raw.into_iter()
            .map(|(p, e)| {
                let users = match e {
                    Entry::Old(u) => ProfileUsers {
                        current: Some(u.clone()),
                        users: vec![u],
                    },
                    Entry::New(u) => u,
                };
                (p, users)
            })
            .collect()
    }

    /// The current user of `profile`.
    pub fn get(&self, profile: &str) -> Option<String> {
        self.read().remove(profile).and_then(|u| u.current)
    }

    /// The users of `profile`.
    pub fn users(&self, profile: &str) -> ProfileUsers {
        self.read().remove(profile).unwrap_or_default()
    }

    /// Adds `username` to `profile` (if new) and makes it current.
    pub fn add(&self, profile: &str, username: &str) -> Result<(), SessionError> {
        self.update(profile, |u| {
            if !u.users.iter().any(|x| x == username) {
                u.users.push(username.to_owned());
            }
            u.current = Some(username.to_owned());
        })
    }

    /// Makes `username` current; false when it has no session on `profile`.
    pub fn switch(&self, profile: &str, username: &str) -> Result<bool, SessionError> {
        let mut found = false;
        self.update(profile, |u| {
            if u.users.iter().any(|x| x == username) {
                u.current = Some(username.to_owned());
                found = true;
            }
        })?;
        Ok(found)
    }

    /// Removes `username` from `profile`; if it was current, the most recent other user (if
    /// any) becomes current.
    pub fn remove(&self, profile: &str, username: &str) -> Result<(), SessionError> {
        self.update(profile, |u| {
            u.users.retain(|x| x != username);
            if u.current.as_deref() == Some(username) {
                u.current = u.users.last().cloned();
            }
        })
    }

    fn update(&self, profile: &str, f: impl FnOnce(&mut ProfileUsers)) -> Result<(), SessionError> {
        let io =
            |e: std::io::Error| SessionError::Io(self.path.display().to_string(), e.to_string());
        let dir = self.path.parent().unwrap_or(Path::new("."));
        super::file_store::create_private_dir(dir)?;
        let lock = super::lock::open_lock_file(&self.path.with_extension("json.lock"))?;
        lock.lock().map_err(io)?;
        let mut all = self.read();
        let entry = all.entry(profile.to_owned()).or_default();
        f(entry);
        if entry.users.is_empty() && entry.current.is_none() {
            all.remove(profile);
        }
        let tmp = self
            .path
            .with_extension(format!("json.tmp{}", std::process::id()));
        let text = serde_json::to_vec_pretty(&all)
            .map_err(|e| SessionError::Io(self.path.display().to_string(), e.to_string()))?;
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(&text).map_err(io)?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
        // The lock is released when `lock` is dropped.
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_clear() {
        let dir = tempfile::tempdir().unwrap();
        let c = CurrentUsers::new(dir.path());
        assert_eq!(c.get("p"), None);
        c.add("p", "alice").unwrap();
        c.add("q", "bob").unwrap();
        assert_eq!(c.get("p").as_deref(), Some("alice"));
        c.remove("p", "alice").unwrap();
        assert_eq!(c.get("p"), None);
        assert_eq!(c.get("q").as_deref(), Some("bob"));
        std::fs::write(dir.path().join("current.json"), "{oops").unwrap();
        assert_eq!(c.get("q"), None);
    }

    #[test]
    fn several_users_per_profile() {
        let dir = tempfile::tempdir().unwrap();
        let c = CurrentUsers::new(dir.path());
        c.add("p", "alice").unwrap();
        c.add("p", "bob").unwrap();
        assert_eq!(c.get("p").as_deref(), Some("bob"));
        assert_eq!(c.users("p").users, vec!["alice", "bob"]);
        assert!(c.switch("p", "alice").unwrap());
        assert!(!c.switch("p", "carol").unwrap());
        assert_eq!(c.get("p").as_deref(), Some("alice"));
        c.remove("p", "alice").unwrap();
        assert_eq!(c.get("p").as_deref(), Some("bob"));
        c.remove("p", "bob").unwrap();
        assert_eq!(c.users("p"), ProfileUsers::default());
    }

    #[test]
    fn reads_the_one_user_format_of_earlier_versions() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("current.json"), r#"{"dev":"alice"}"#).unwrap();
        let c = CurrentUsers::new(dir.path());
        assert_eq!(c.get("dev").as_deref(), Some("alice"));
        c.add("dev", "bob").unwrap();
        assert_eq!(c.users("dev").users, vec!["alice", "bob"]);
    }

    #[test]
    fn concurrent_sign_ins_all_land() {
        let dir = tempfile::tempdir().unwrap();
        let threads: Vec<_> = (0..16)
            .map(|i| {
                let c = CurrentUsers::new(dir.path());
                std::thread::spawn(move || c.add("p", &format!("user{i}")).unwrap())
            })
            .collect();
        for t in threads {
            t.join().unwrap();
        }
        assert_eq!(CurrentUsers::new(dir.path()).users("p").users.len(), 16);
    }
}
