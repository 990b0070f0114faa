//! The local pool's admin key as a file (`admin-key.json` in its data dir, mode 0600): written
//! by the pool at every start, read by `cogtui admin` so a profile pointing at a local pool
//! needs no AWS setup.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file's name in the local pool's data dir.
pub const LOCAL_KEY_FILE: &str = "admin-key.json";
/// Names the local pool's data dir (as `cogtui local serve --data-dir` does).
pub const ENV_LOCAL_DATA_DIR: &str = "COGTUI_LOCAL_DATA_DIR";

/// What the file holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalAdminKey {
    /// Where the pool served when it wrote the file.
    pub endpoint: String,
    pub region: String,
    /// The seeded user pool (pools created later take the same key).
    pub user_pool_id: String,
    pub access_key_id: String,
    pub secret_access_key: Secret,
}

/// The local pool's data dir: `COGTUI_LOCAL_DATA_DIR`, else `<data dir>/local` (where both
/// `cogtui local serve` and `cogtui --local` keep it).
pub fn local_data_dir() -> Option<PathBuf> {
    std::env::var_os(ENV_LOCAL_DATA_DIR)
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| crate::session::data_dir().map(|d| d.join("local")))
}

impl LocalAdminKey {
    /// Writes the key to `dir` atomically (a temporary file renamed over the old one), readable
    /// by its owner only.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let text = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        // tempfile creates files 0600.
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(&text)?;
        tmp.as_file().sync_all()?;
        tmp.persist(dir.join(LOCAL_KEY_FILE)).map_err(|e| e.error)?;
        Ok(())
    }

    /// Reads the key from `dir`; `Ok(None)` when there is no file.
    pub fn read(dir: &Path) -> Result<Option<Self>, String> {
        let path = dir.join(LOCAL_KEY_FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| format!("{} does not parse ({e})", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    /// Whether this key is for the pool a profile names (same endpoint, or the seeded pool).
    pub fn fits(&self, endpoint: &str, user_pool_id: &str) -> bool {
        self.endpoint.trim_end_matches('/') == endpoint.trim_end_matches('/')
            || self.user_pool_id == user_pool_id
    }
}

/// Whether `endpoint` is on this machine (127.0.0.0/8, ::1 or localhost): a local pool.
pub fn is_loopback(endpoint: &str) -> bool {
    let Ok(url) = url::Url::parse(endpoint) else {
        return false;
    };
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_then_read_back_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let key = LocalAdminKey {
            endpoint: "http://127.0.0.1:9229".into(),
            region: "us-east-1".into(),
            user_pool_id: "us-east-1_abc".into(),
            access_key_id: "AKIALOCAL".into(),
            secret_access_key: Secret::new("s3cret"),
        };
        assert_eq!(LocalAdminKey::read(dir.path()).unwrap(), None);
        key.write(dir.path()).unwrap();
        key.write(dir.path()).unwrap();
        assert_eq!(LocalAdminKey::read(dir.path()).unwrap(), Some(key.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(LOCAL_KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(key.fits("http://127.0.0.1:9229/", "other"));
        assert!(key.fits("http://127.0.0.1:1", "us-east-1_abc"));
        assert!(!key.fits("http://127.0.0.1:1", "other"));
        assert!(!format!("{key:?}").contains("s3cret"));
    }

    #[test]
    fn loopback_endpoints() {
        for e in [
            "http://127.0.0.1:9229",
            "http://localhost:1",
            "http://[::1]:80",
        ] {
            assert!(is_loopback(e), "{e}");
        }
        for e in ["https://cognito-idp.us-east-1.amazonaws.com", "not a url"] {
            assert!(!is_loopback(e), "{e}");
        }
    }
}
