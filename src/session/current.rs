//! Who is signed in on each profile: a small non-secret JSON file (`current.json` in the data
//! dir) mapping profile names to usernames, written atomically.

use super::SessionError;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct CurrentUsers {
    path: PathBuf,
}

impl CurrentUsers {
    pub fn new(data_dir: &Path) -> Self {
        Self {
            path: data_dir.join("current.json"),
        }
    }

    fn read(&self) -> BTreeMap<String, String> {
        // A missing or damaged pointer file only means "nobody is signed in".
        std::fs::read(&self.path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    pub fn get(&self, profile: &str) -> Option<String> {
        self.read().get(profile).cloned()
    }

    pub fn set(&self, profile: &str, username: Option<&str>) -> Result<(), SessionError> {
        let mut all = self.read();
        match username {
            Some(u) => all.insert(profile.to_owned(), u.to_owned()),
            None => all.remove(profile),
        };
        let io =
            |e: std::io::Error| SessionError::Io(self.path.display().to_string(), e.to_string());
        let dir = self.path.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io)?;
        let tmp = self
            .path
            .with_extension(format!("json.tmp{}", std::process::id()));
        let text = serde_json::to_vec_pretty(&all)
            .map_err(|e| SessionError::Io(self.path.display().to_string(), e.to_string()))?;
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(&text).map_err(io)?;
        f.sync_all().map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
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
        c.set("p", Some("alice")).unwrap();
        c.set("q", Some("bob")).unwrap();
        assert_eq!(c.get("p").as_deref(), Some("alice"));
        c.set("p", None).unwrap();
        assert_eq!(c.get("p"), None);
        assert_eq!(c.get("q").as_deref(), Some("bob"));
        std::fs::write(dir.path().join("current.json"), "{oops").unwrap();
        assert_eq!(c.get("q"), None);
    }
}
