//! What an account command needs: the resolved profile, the auth client, the session store,
//! and the data dir (current-user pointers, refresh locks).

use super::exit::CliError;
use super::output::Output;
use crate::auth::{self, AuthClient, REFRESH_MARGIN};
use crate::config::{Config, Profile, StoreKind};
use crate::session::current::CurrentUsers;
use crate::session::lock::RefreshLock;
use crate::session::{SessionKey, SessionStore, StoredTokens, open_store};
use std::path::PathBuf;
use std::time::Duration;

/// Options every account command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// The profile to use [default: COGTUI_PROFILE, then the config's default].
    #[arg(long, global = true, env = "COGTUI_PROFILE")]
    pub profile: Option<String>,
    /// Where sessions are kept [default: the profile's setting, else keyring]; with
    /// `profile add`, the new profile's setting.
    #[arg(long, global = true, value_enum)]
    pub session_store: Option<StoreChoice>,
    /// The config file [default: COGTUI_CONFIG, then the platform config dir].
    #[arg(long, global = true, env = "COGTUI_CONFIG")]
    pub config: Option<PathBuf>,
}

/// `--session-store` values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreChoice {
    Keyring,
    File,
}

impl From<StoreChoice> for StoreKind {
    fn from(c: StoreChoice) -> Self {
        match c {
            StoreChoice::Keyring => StoreKind::Keyring,
            StoreChoice::File => StoreKind::File,
        }
    }
}

/// The data dir: `COGTUI_DATA_DIR`, else the platform data dir.
pub fn data_dir() -> anyhow::Result<PathBuf> {
    crate::session::data_dir().ok_or_else(|| {
        CliError::Config("no home directory found; set COGTUI_DATA_DIR".into()).into()
    })
}

pub fn config_path(g: &GlobalArgs) -> anyhow::Result<PathBuf> {
    match &g.config {
        Some(p) => Ok(p.clone()),
        None => Ok(Config::default_path()?),
    }
}

pub struct Ctx {
    pub profile: Profile,
    pub client: AuthClient,
    pub store: Box<dyn SessionStore>,
    pub data_dir: PathBuf,
    pub current: CurrentUsers,
}

impl Ctx {
    /// Resolves the profile and opens its session store.
    pub fn open(g: &GlobalArgs, out: Output) -> anyhow::Result<Self> {
        let path = config_path(g)?;
        let config = Config::load(&path)?;
        let profile = config.resolve(g.profile.as_deref())?;
        let data_dir = data_dir()?;
        let kind: StoreKind = g
            .session_store
            .map(Into::into)
            .or(profile.session_store)
            .unwrap_or_default();
        let store = open_store(kind, &data_dir)?;
        if kind == StoreKind::File {
            out.warn(&crate::session::file_store::warning(
                &data_dir.join(crate::session::file_store::FILE_NAME),
            ));
        }
        Ok(Self {
            client: AuthClient::new(profile.clone())?,
            current: CurrentUsers::new(&data_dir),
            profile,
            store,
            data_dir,
        })
    }

    pub fn key(&self, username: &str) -> SessionKey {
        SessionKey {
            profile: self.profile.name.clone(),
            username: username.to_owned(),
        }
    }

    /// The signed-in user of this profile.
    pub fn signed_in_user(&self) -> anyhow::Result<String> {
        self.current.get(&self.profile.name).ok_or_else(|| {
            CliError::NotSignedIn(format!(
                "nobody is signed in on profile '{}': run `cogtui login USERNAME`",
                self.profile.name
            ))
            .into()
        })
    }

    /// The stored session, refreshed if it expires within the margin. Refreshes are serialized
    /// across processes: the second waits, then finds the session already fresh.
    pub async fn fresh_tokens(&self) -> anyhow::Result<(SessionKey, StoredTokens)> {
        let user = self.signed_in_user()?;
        let key = self.key(&user);
        let tokens = self.load(&key)?;
        if !auth::needs_refresh(&tokens, crate::calendar::unix_now(), REFRESH_MARGIN) {
            return Ok((key, tokens));
        }
        let (dir, k) = (self.data_dir.clone(), key.clone());
        let _guard = tokio::task::spawn_blocking(move || {
            RefreshLock::acquire(&dir, &k, Duration::from_secs(30))
        })
        .await??;
        let tokens = self.load(&key)?;
        if !auth::needs_refresh(&tokens, crate::calendar::unix_now(), REFRESH_MARGIN) {
            return Ok((key, tokens));
        }
        match auth::refresh(&self.client, &tokens).await {
            Ok(fresh) => {
                self.store.save(&key, &fresh)?;
                Ok((key, fresh))
            }
            Err(e) if e.kind() == Some("NotAuthorizedException") => {
                self.store.delete(&key)?;
                self.current.set(&self.profile.name, None)?;
                Err(CliError::NotSignedIn(format!(
                    "the session of {user} has expired or was revoked ({e}); sign in again \
                     with `cogtui login {user}`"
                ))
                .into())
            }
            Err(e) => Err(e.into()),
        }
    }

    fn load(&self, key: &SessionKey) -> anyhow::Result<StoredTokens> {
        match self.store.load(key) {
            Ok(Some(t)) => Ok(t),
            Ok(None) => Err(CliError::NotSignedIn(format!(
                "no session for {} on profile '{}': run `cogtui login {}`",
                key.username, key.profile, key.username
            ))
            .into()),
            Err(crate::session::SessionError::Corrupt(what, why)) => {
                // A damaged entry is dropped so the next sign-in starts clean.
                let _ = self.store.delete(key);
                Err(CliError::NotSignedIn(format!(
                    "the stored session for {what} was damaged ({why}) and has been removed; \
                     sign in again with `cogtui login {}`",
                    key.username
                ))
                .into())
            }
            Err(e) => Err(e.into()),
        }
    }
}
