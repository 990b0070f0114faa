//! The worker's side of the admin screens: support-staff calls through the core's
//! `admin::Admin` (its credentials found once per profile and kept while that profile is
//! open), each action confirmed on the screen, then performed and recorded in the audit log
//! exactly as `cogtui admin …` does, and the user read again to show what changed.

use super::action::{Failure, Outcome};
use super::strings::admin as words;
use crate::admin::{
    self, Admin, AdminCredentials, AdminError, AuditLog, CredentialSource, UserDetail, UserQuery,
    UserSummary,
};
use crate::auth::DeviceInfo;
use crate::config::{LOCAL_KEY_FILE, LocalAdminKey, Profile, is_loopback};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::Mutex;

/// The most users one search shows.
pub const FIND_LIMIT: usize = 60;

/// What the admin screens ask of the worker.
#[derive(Debug, Clone)]
pub enum AdminCall {
    /// Find IAM credentials for the profile and say where they came from.
    Connect,
    /// Users matching what was typed (`UserQuery::guess`).
    Find { typed: String },
    /// One user: status, MFA, devices.
    Open { user: String },
    /// Do `action` (confirmed), record it, read the user again.
    Perform { action: admin::Action },
}

/// What the admin calls came to.
#[derive(Debug, Clone)]
pub enum AdminOutcome {
    /// Credentials were found here.
    Connected { source: String },
    Found {
        /// The ListUsers filter the search became (shown, so a surprise is visible).
        filter: String,
        users: Vec<UserSummary>,
    },
    /// The user as the pool has them now, and what was just done to them.
    User {
        view: Box<AdminUserView>,
        done: Option<String>,
    },
    /// The action was done, but the user could not be read again.
    DoneUnread { done: String, why: String },
}

/// One user as the admin screen shows them.
#[derive(Debug, Clone)]
pub struct AdminUserView {
    pub detail: UserDetail,
    pub devices: Vec<DeviceInfo>,
}

/// An `Admin` and the profile it was made for.
type Kept = Option<(Profile, Arc<Admin>)>;

/// The worker's admin state: the `Admin` of the profile last used, made on first use.
#[derive(Debug, Clone, Default)]
pub struct AdminCache(Arc<Mutex<Kept>>);

impl AdminCache {
    /// Forgets the credentials (another profile was opened).
    pub fn clear(&self) {
        if let Ok(mut slot) = self.0.try_lock() {
            *slot = None;
        }
    }
}

/// Where the admin calls find what they need besides the profile.
#[derive(Debug, Clone)]
pub struct AdminEnv {
    /// The data dir: the audit log lives here, as for `cogtui admin`.
    pub data_dir: PathBuf,
    /// The in-process local pool's data dir (its admin key).
    pub local_data_dir: PathBuf,
}

/// The in-process local pool's key, when `profile` points at it.
fn in_process_key(profile: &Profile, dir: &Path) -> Option<AdminCredentials> {
    let endpoint = profile.endpoint.as_deref().filter(|e| is_loopback(e))?;
    let key = LocalAdminKey::read(dir).ok()??;
    key.fits(endpoint, &profile.user_pool_id)
        .then(|| AdminCredentials {
            access_key_id: key.access_key_id,
            secret_access_key: key.secret_access_key,
            session_token: None,
            source: CredentialSource::LocalPool {
                file: dir.join(LOCAL_KEY_FILE),
            },
        })
}

/// The `Admin` for `profile`: the one kept, else a new one (the in-process pool's key, else
/// `admin::resolve`: a `cogtui local serve` pool's key, then AWS's standard sources).
async fn admin_for(
    cache: &AdminCache,
    profile: &Profile,
    env: &AdminEnv,
) -> Result<Arc<Admin>, AdminError> {
    let mut slot = cache.0.lock().await;
    if let Some((p, a)) = slot.as_ref()
        && p == profile
    {
        return Ok(a.clone());
    }
    let admin = match in_process_key(profile, &env.local_data_dir) {
        Some(creds) => Admin::with_credentials(profile, creds)?,
        None => Admin::connect(profile, None).await?,
    };
    let admin = Arc::new(admin);
    *slot = Some((profile.clone(), admin.clone()));
    Ok(admin)
}

/// An admin refusal in the screen's words; credentials refused are forgotten so the next
/// call looks for them again.
fn refused(e: &AdminError, cache: &AdminCache) -> Outcome {
    let message = match e {
        AdminError::NoCredentials { tried, reason } => {
            // aws-config's account of each source is many lines: the log keeps it.
            tracing::info!(%reason, "no IAM credentials for the admin screen");
            words::no_credentials(tried)
        }
        AdminError::CredentialsRefused { .. } | AdminError::AccessDenied { .. } => {
            cache.clear();
            e.to_string()
        }
        AdminError::Cognito(c) if c.is_unreachable() => words::unreachable(&e.to_string()),
        _ => e.to_string(),
    };
    Outcome::Failed(Failure::say(message))
}

/// The user and their devices.
async fn read_user(admin: &Admin, user: &str) -> Result<AdminUserView, AdminError> {
    let detail = admin.user(user).await?;
    let devices = admin.devices(&detail.summary.username).await?;
    Ok(AdminUserView { detail, devices })
}

/// What an action did, for the toast.
fn done(action: &admin::Action, outcome: &admin::Outcome, pool: &str, log: &Path) -> String {
    let detail = match outcome {
        admin::Outcome::Done => String::new(),
        admin::Outcome::MfaMethodsOff(m) if m.is_empty() => " (no MFA method was on)".into(),
        admin::Outcome::MfaMethodsOff(m) => format!(" (turned off: {})", m.join(", ")),
        admin::Outcome::DevicesForgotten(k) => format!(" ({} device(s) forgotten)", k.len()),
    };
    words::done(
        action.name(),
        action.user(),
        pool,
        &detail,
        &log.display().to_string(),
    )
}

/// Runs one admin call on `profile`.
pub async fn run(call: AdminCall, profile: Profile, cache: AdminCache, env: AdminEnv) -> Outcome {
    let admin = match admin_for(&cache, &profile, &env).await {
        Ok(a) => a,
        Err(e) => return refused(&e, &cache),
    };
    let answer = |o: AdminOutcome| Outcome::Admin(Box::new(o));
    match call {
        AdminCall::Connect => answer(AdminOutcome::Connected {
            source: admin.credentials().source.to_string(),
        }),
        AdminCall::Find { typed } => {
            let query = UserQuery::guess(&typed);
            match admin.find_users(&query, FIND_LIMIT).await {
                Ok(users) => answer(AdminOutcome::Found {
                    filter: query.filter(),
                    users,
                }),
                Err(e) => refused(&e, &cache),
            }
        }
        AdminCall::Open { user } => match read_user(&admin, &user).await {
            Ok(view) => answer(AdminOutcome::User {
                view: Box::new(view),
                done: None,
            }),
            Err(e) => refused(&e, &cache),
        },
        AdminCall::Perform { action } => {
            let audit = AuditLog::in_dir(&env.data_dir);
            let outcome = match admin.perform(&action, &audit).await {
                Ok(o) => o,
                Err(e) => return refused(&e, &cache),
            };
            let done = done(&action, &outcome, admin.pool_id(), audit.path());
            match read_user(&admin, action.user()).await {
                Ok(view) => answer(AdminOutcome::User {
                    view: Box::new(view),
                    done: Some(done),
                }),
                Err(e) => answer(AdminOutcome::DoneUnread {
                    done,
                    why: e.to_string(),
                }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn profile(endpoint: Option<&str>, pool: &str) -> Profile {
        Profile {
            name: "p".into(),
            region: "us-east-1".into(),
            user_pool_id: pool.into(),
            client_id: "c".into(),
            client_secret: None,
            identity_pool_id: None,
            endpoint: endpoint.map(str::to_owned),
            hosted_ui_domain: None,
            session_store: None,
            credentials_flow: None,
            role_arn: None,
            federation_endpoint: None,
        }
    }

    #[test]
    fn the_in_process_key_is_used_only_for_its_own_pool_on_this_machine() {
        let dir = tempfile::tempdir().unwrap();
        let here = "http://127.0.0.1:4000";
        assert!(in_process_key(&profile(Some(here), "us-east-1_A"), dir.path()).is_none());
        LocalAdminKey {
            endpoint: here.into(),
            region: "us-east-1".into(),
            user_pool_id: "us-east-1_A".into(),
            access_key_id: "AKIALOCAL".into(),
            secret_access_key: Secret::new("s3cret"),
        }
        .write(dir.path())
        .unwrap();
        let creds = in_process_key(&profile(Some(here), "us-east-1_A"), dir.path()).unwrap();
        assert_eq!(creds.access_key_id, "AKIALOCAL");
        assert!(creds.source.to_string().contains("admin-key.json"));
        // Another pool elsewhere, or AWS itself, is not this key's.
        let other = profile(Some("http://127.0.0.1:5000"), "us-east-1_B");
        assert!(in_process_key(&other, dir.path()).is_none());
        assert!(in_process_key(&profile(None, "us-east-1_A"), dir.path()).is_none());
    }

    #[test]
    fn missing_credentials_say_what_to_set_up_in_a_few_lines() {
        let e = AdminError::NoCredentials {
            tried: "AWS profile `default` in ~/.aws/config".into(),
            reason: "no credentials found in chain. Attempted:\n  Environment: …\n  Profile: …"
                .into(),
        };
        let Outcome::Failed(f) = refused(&e, &AdminCache::default()) else {
            panic!("a failure")
        };
        assert!(f.message.contains("AWS_PROFILE=NAME"), "{}", f.message);
        assert!(f.message.contains("AWS_ACCESS_KEY_ID"), "{}", f.message);
        assert!(f.message.contains("profile `default`"), "{}", f.message);
        assert!(!f.message.contains('\n') && !f.message.contains("Attempted"));
    }
}
