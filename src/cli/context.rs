//! What a command needs: the resolved profile, its client, and (only when asked) the profile's
//! account service with its session store.

use super::exit::CliError;
use super::output::Output;
use crate::auth::{Account, AuthClient};
use crate::config::{Config, Profile, StoreKind};
use std::path::PathBuf;

/// Options every account command takes.
#[derive(Debug, Clone, clap::Args)]
pub struct GlobalArgs {
    /// The profile to use [default: COGTUI_PROFILE, then the config's default].
    #[arg(long, global = true, add = clap_complete::engine::ArgValueCompleter::new(super::completions::profile_names))]
    pub profile: Option<String>,
    /// Where sessions are kept [default: the profile's setting, else keyring]; with
    /// `profile add`, the new profile's setting.
    #[arg(long, global = true, value_enum)]
    pub session_store: Option<StoreChoice>,
    /// The config file [default: COGTUI_CONFIG, then the platform config dir].
    #[arg(long, global = true, env = "COGTUI_CONFIG")]
    pub config: Option<PathBuf>,
    /// Which signed-in user of the profile to act for [default: the current one; see
    /// `cogtui users`]. A username, or the email of a signed-in user.
    #[arg(long, global = true)]
    pub user: Option<String>,
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

/// What a command needs: the resolved profile and its client. Only commands that keep or use
/// a session open the store (`Ctx::account`): sign-up, confirmation and password resets work
/// with no keyring at all.
pub struct Ctx {
    pub profile: Profile,
    pub client: AuthClient,
    data_dir: PathBuf,
    store_override: Option<StoreKind>,
    out: Output,
}

impl Ctx {
    /// Resolves the profile; opens no session store.
    pub fn open(g: &GlobalArgs, out: Output) -> anyhow::Result<Self> {
        let path = config_path(g)?;
        let config = Config::load(&path)?;
        let profile = config.resolve(g.profile.as_deref())?;
        Ok(Self {
            client: AuthClient::new(profile.clone())?,
            profile,
            data_dir: data_dir()?,
            store_override: g.session_store.map(Into::into),
            out,
        })
    }

    /// The data dir (caches, locks, the file store).
    pub fn data_dir(&self) -> &std::path::Path {
        &self.data_dir
    }

    /// The profile's account service, with its session store (warning once about a file
    /// store).
    pub fn account(&self) -> anyhow::Result<Account> {
        let account = Account::open(self.profile.clone(), self.store_override, &self.data_dir)?;
        if let Some(w) = account.store_warning() {
            self.out.warn(&w);
        }
        Ok(account)
    }
}
