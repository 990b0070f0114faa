//! IAM credentials for the admin operations: the local pool's own key for a profile on this
//! machine, else AWS's standard sources through `aws-config` (environment, shared config and
//! credentials files with profiles, SSO, credential_process, web identity, container and
//! instance metadata). Every failure says which source was tried.

use super::error::AdminError;
use crate::config::{LocalAdminKey, Profile, is_loopback, local_data_dir};
use crate::secret::Secret;
use aws_credential_types::provider::ProvideCredentials;
use std::path::PathBuf;

/// Where the credentials came from, as the audit log and error messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredentialSource {
    /// The local pool's key file.
    LocalPool { file: PathBuf },
    /// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
    Environment,
    /// A named profile of the shared files (static keys, SSO, credential_process or a role).
    Profile {
        name: String,
        config_file: PathBuf,
        credentials_file: PathBuf,
    },
}

impl std::fmt::Display for CredentialSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::LocalPool { file } => {
                write!(f, "the local pool's admin key in {}", file.display())
            }
            Self::Environment => f.write_str("the environment (AWS_ACCESS_KEY_ID)"),
            Self::Profile {
                name,
                config_file,
                credentials_file,
            } => write!(
                f,
                "AWS profile `{name}` in {} or {} (or, without it, web identity, container or \
                 instance credentials)",
                config_file.display(),
                credentials_file.display()
            ),
        }
    }
}

/// IAM credentials and where they came from. The secret parts are redacted in `Debug`.
#[derive(Clone)]
pub struct AdminCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Option<Secret>,
    pub source: CredentialSource,
}

impl std::fmt::Debug for AdminCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AdminCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("source", &self.source)
            .finish_non_exhaustive()
    }
}

impl AdminCredentials {
    /// As `aws-credential-types` takes them (for signing).
    pub fn to_aws(&self) -> aws_credential_types::Credentials {
        aws_credential_types::Credentials::new(
            &self.access_key_id,
            self.secret_access_key.expose(),
            self.session_token.as_ref().map(|t| t.expose().to_owned()),
            None,
            "cogtui",
        )
    }
}

/// Which AWS profile to use: `--aws-profile`, else `AWS_PROFILE`, else `default`.
fn profile_name(aws_profile: Option<&str>) -> String {
    aws_profile
        .map(str::to_owned)
        .or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()))
        .unwrap_or_else(|| "default".to_owned())
}

fn shared_file(var: &str, default: &str) -> PathBuf {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".aws").join(default)))
        .unwrap_or_else(|| PathBuf::from("~/.aws").join(default))
}

fn env_set(var: &str) -> bool {
    std::env::var_os(var).is_some_and(|v| !v.is_empty())
}

/// The local pool's key when `profile` points at a pool on this machine and the key file there
/// is for it. `Err` carries what was looked at, for the message when nothing else works.
fn local_key(profile: &Profile) -> Result<AdminCredentials, String> {
    let endpoint = profile.endpoint.as_deref().unwrap_or_default();
    let Some(dir) = local_data_dir() else {
        return Err("no data dir for the local pool (set COGTUI_LOCAL_DATA_DIR)".into());
    };
    let file = dir.join(crate::config::LOCAL_KEY_FILE);
    match LocalAdminKey::read(&dir)? {
        Some(key) if key.fits(endpoint, &profile.user_pool_id) => Ok(AdminCredentials {
            access_key_id: key.access_key_id,
            secret_access_key: key.secret_access_key,
            session_token: None,
            source: CredentialSource::LocalPool { file },
        }),
        Some(_) => Err(format!(
            "{} is for another local pool (is the pool at {endpoint} running from another \
             --data-dir? set COGTUI_LOCAL_DATA_DIR to it)",
            file.display()
        )),
        None => Err(format!(
            "no {} (start the pool with `cogtui local serve`, or set COGTUI_LOCAL_DATA_DIR to \
             its --data-dir)",
            file.display()
        )),
    }
}

/// Resolves credentials for admin calls on `profile`. A profile whose endpoint is on this
/// machine uses the local pool's key (no AWS setup); otherwise, or when that key is not
/// found, the standard AWS chain with `aws_profile` (or `AWS_PROFILE`).
pub async fn resolve(
    profile: &Profile,
    aws_profile: Option<&str>,
) -> Result<AdminCredentials, AdminError> {
    let mut local_note = None;
    if profile.endpoint.as_deref().is_some_and(is_loopback) && aws_profile.is_none() {
        match local_key(profile) {
            Ok(c) => return Ok(c),
            Err(note) => local_note = Some(note),
        }
    }
    let name = profile_name(aws_profile);
    let source = if env_set("AWS_ACCESS_KEY_ID") && aws_profile.is_none() {
        CredentialSource::Environment
    } else {
        CredentialSource::Profile {
            name: name.clone(),
            config_file: shared_file("AWS_CONFIG_FILE", "config"),
            credentials_file: shared_file("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
        }
    };
    let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(profile.region.clone()));
    if aws_profile.is_some() {
        // The named profile alone, as `aws --profile` does: the default chain would let
        // AWS_ACCESS_KEY_ID in the environment win over it.
        loader = loader.profile_name(&name).credentials_provider(
            aws_config::profile::ProfileFileCredentialsProvider::builder()
                .configure(
                    &aws_config::provider_config::ProviderConfig::default()
                        .with_region(Some(aws_config::Region::new(profile.region.clone()))),
                )
                .profile_name(&name)
                .build(),
        );
    }
    let config = loader.load().await;
    let tried = match &local_note {
        Some(note) => format!("the local pool's key ({note}), then {source}"),
        None => source.to_string(),
    };
    let Some(provider) = config.credentials_provider() else {
        return Err(AdminError::NoCredentials {
            tried,
            reason: "no credential provider is configured".into(),
        });
    };
    let creds = provider
        .provide_credentials()
        .await
        .map_err(|e| AdminError::NoCredentials {
            tried,
            reason: error_chain(&e),
        })?;
    Ok(AdminCredentials {
        access_key_id: creds.access_key_id().to_owned(),
        secret_access_key: Secret::new(creds.secret_access_key()),
        session_token: creds.session_token().map(Secret::new),
        source,
    })
}

/// An error and its causes in one line (aws-config's top-level text is often only "the
/// credential provider was not enabled").
fn error_chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}
