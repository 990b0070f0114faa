//! The account service: one profile's wire client, its session store, the current-user
//! pointers and the cross-process refresh lock. Both faces sign in, get fresh tokens, show the
//! user and sign out through it; they never refresh, save or revoke by themselves.

use super::challenge::{self, Answer, Challenge, SignIn};
use super::refresh::{REFRESH_MARGIN, needs_refresh, refresh};
use super::signin::{self, AuthFlow};
use super::signout::{self, SignOutReport, SignOutScope};
use super::{AuthClient, AuthError, UserView, unverified_claims};
use crate::cognito::ErrorKind;
use crate::config::{Profile, StoreKind};
use crate::secret::Secret;
use crate::session::current::CurrentUsers;
use crate::session::lock::{DEFAULT_TIMEOUT, RefreshLock};
use crate::session::{
    SessionError, SessionKey, SessionStore, StoredTokens, file_store, open_store,
};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One profile's account service. Cheap to clone; clones share everything.
#[derive(Clone)]
pub struct Account {
    inner: Arc<Inner>,
}

struct Inner {
    client: AuthClient,
    store: Arc<dyn SessionStore>,
    store_label: String,
    data_dir: PathBuf,
    users: CurrentUsers,
    /// What happened to the remembered device at the last sign-in, until a face takes it.
    device_notice: std::sync::Mutex<Option<String>>,
}

/// A user with a session on the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedInUser {
    pub username: String,
    /// The user commands act for when none is named.
    pub current: bool,
    /// When the access token expires (server clock), if the session could be read.
    pub expires_at: Option<i64>,
    /// The local clock minus the server's.
    pub clock_skew: i64,
}

impl std::fmt::Debug for Account {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Account")
            .field("profile", &self.inner.client.profile.name)
            .field("store", &self.inner.store_label)
            .finish()
    }
}

impl Account {
    /// The account service of `profile`, with the session store the profile asks for (or
    /// `store_override`), keyring by default.
    pub fn open(
        profile: Profile,
        store_override: Option<StoreKind>,
        data_dir: &Path,
    ) -> Result<Self, AuthError> {
        let kind = store_override.or(profile.session_store).unwrap_or_default();
        let store: Arc<dyn SessionStore> = Arc::from(open_store(kind, data_dir)?);
        let label = match kind {
            StoreKind::Keyring => "the OS keyring".to_owned(),
            StoreKind::File => format!(
                "the file {}",
                data_dir.join(file_store::FILE_NAME).display()
            ),
        };
        Self::with_store(profile, store, label, data_dir)
    }

    /// The account service over a given store (tests use `MemoryStore`).
    pub fn with_store(
        profile: Profile,
        store: Arc<dyn SessionStore>,
        store_label: impl Into<String>,
        data_dir: &Path,
    ) -> Result<Self, AuthError> {
        Ok(Self {
            inner: Arc::new(Inner {
                client: AuthClient::new(profile)?,
                store,
                store_label: store_label.into(),
                data_dir: data_dir.to_path_buf(),
                users: CurrentUsers::new(data_dir),
                device_notice: std::sync::Mutex::new(None),
            }),
        })
    }

    pub fn profile(&self) -> &Profile {
        &self.inner.client.profile
    }

    pub fn client(&self) -> &AuthClient {
        &self.inner.client
    }

    /// Where sessions are kept, in words ("the OS keyring", "the file …").
    pub fn store_label(&self) -> &str {
        &self.inner.store_label
    }

    /// What to tell the person once about the store (the file store's notice), if anything.
    pub fn store_warning(&self) -> Option<String> {
        self.inner.store.warning()
    }

    /// The profile's session store (the credentials flows keep identities in it too).
    pub fn store(&self) -> &dyn SessionStore {
        self.inner.store.as_ref()
    }

    pub(super) fn store_ref(&self) -> &dyn SessionStore {
        self.store()
    }

    pub(super) fn key(&self, username: &str) -> SessionKey {
        SessionKey::new(self.profile().name.clone(), username)
    }

    // ---- sign-in ----

    /// Starts a sign-in; the remembered device of this user, if any (kept under the name
    /// typed or the internal username), goes with it, and DEVICE_SRP_AUTH is answered with it
    /// (no prompt; MFA is skipped where the pool allows). A device the pool refuses is dropped
    /// here and the sign-in goes on without it ([`Self::take_device_notice`] says so).
    pub async fn sign_in(
        &self,
        username: &str,
        password: &Secret,
        flow: AuthFlow,
    ) -> Result<SignIn, AuthError> {
        let store = self.inner.store.clone();
        let profile = self.profile().name.clone();
        let lookup = move |name: &str| {
            let key = SessionKey::new(profile.clone(), name);
            store
                .load_device(&key)
                .ok()
                .flatten()
                .map(|d| (name.to_owned(), d))
        };
        let out =
            signin::sign_in_remembering(self.client(), username, password, flow, &lookup).await;
        let out = match out {
            Err(AuthError::DeviceRefused { user, why }) => {
                if let Ok(Some(d)) = self.store().load_device(&self.key(&user)) {
                    self.drop_refused_device(&user, &d.device_key);
                }
                return Err(AuthError::DeviceRefused { user, why });
            }
            r => r?,
        };
        if let Some(r) = &out.refused {
            self.drop_refused_device(&r.stored_under, &r.device_key);
            // The faces say it in words (`take_device_notice`); the log keeps the detail.
            tracing::info!(why = %r.why, "the pool refused the remembered device; forgotten here");
            if let Ok(mut n) = self.inner.device_notice.lock() {
                *n = Some(format!(
                    "the remembered device was refused by the pool ({}) and has been forgotten \
                     here; signed in without it",
                    r.why
                ));
            }
        }
        self.settle(out.step)
    }

    /// What happened to the remembered device during the last sign-in, once (a face shows it).
    pub fn take_device_notice(&self) -> Option<String> {
        self.inner
            .device_notice
            .lock()
            .ok()
            .and_then(|mut n| n.take())
    }

    /// Answers a challenge of a sign-in in progress (a DEVICE_SRP_AUTH that follows is answered
    /// with the user's remembered device).
    pub async fn respond(&self, challenge: Challenge, answer: Answer) -> Result<SignIn, AuthError> {
        let key = self.key(challenge.username());
        let device = self.store().load_device(&key).ok().flatten();
        let step =
            match challenge::respond_with_device(self.client(), challenge, answer, device.as_ref())
                .await
            {
                Err(AuthError::DeviceRefused { why, .. }) => {
                    if let Some(d) = &device {
                        self.drop_refused_device(&key.username, &d.device_key);
                    }
                    return Err(AuthError::DeviceRefused {
                        user: key.username.clone(),
                        why,
                    });
                }
                r => r?,
            };
        self.settle(step)
    }

    /// A finished sign-in is kept, and its user becomes current.
    pub(super) fn settle(&self, step: SignIn) -> Result<SignIn, AuthError> {
        if let SignIn::Done(t) = &step {
            self.store().save(&self.key(&t.username), t)?;
            self.inner.users.add(&self.profile().name, &t.username)?;
        }
        Ok(step)
    }

    // ---- users ----

    /// The user commands act for when none is named.
    pub fn current_user(&self) -> Option<String> {
        self.inner.users.get(&self.profile().name)
    }

    /// Every user with a session on the profile.
    pub fn users(&self) -> Vec<SignedInUser> {
        let list = self.inner.users.users(&self.profile().name);
        list.users
            .iter()
            .map(|u| {
                let t = self.store().load(&self.key(u)).ok().flatten();
                SignedInUser {
                    username: u.clone(),
                    current: list.current.as_deref() == Some(u.as_str()),
                    expires_at: t.as_ref().map(|t| t.expires_at),
                    clock_skew: t.as_ref().map_or(0, |t| t.clock_skew),
                }
            })
            .collect()
    }

    /// The signed-in user called `name`: their username, or an email, phone number or
    /// preferred username from their ID token.
    pub fn find_user(&self, name: &str) -> Result<String, AuthError> {
        let list = self.inner.users.users(&self.profile().name).users;
        if list.iter().any(|u| u == name) {
            return Ok(name.to_owned());
        }
        let alias_of = |u: &String| -> bool {
            let Ok(Some(t)) = self.store().load(&self.key(u)) else {
                return false;
            };
            let claims = unverified_claims(t.id_token.expose()).unwrap_or_default();
            ["email", "phone_number", "preferred_username"]
                .iter()
                .any(|k| claims[*k].as_str() == Some(name))
        };
        list.iter()
            .find(|u| alias_of(u))
            .cloned()
            .ok_or_else(|| self.not_signed_in(Some(name)))
    }

    /// Makes `name` the current user.
    pub fn switch_user(&self, name: &str) -> Result<String, AuthError> {
        let user = self.find_user(name)?;
        self.inner.users.switch(&self.profile().name, &user)?;
        Ok(user)
    }

    pub(super) fn resolve(&self, user: Option<&str>) -> Result<String, AuthError> {
        match user {
            Some(u) => self.find_user(u),
            None => self.current_user().ok_or_else(|| self.not_signed_in(None)),
        }
    }

    fn not_signed_in(&self, user: Option<&str>) -> AuthError {
        AuthError::NotSignedIn {
            profile: self.profile().name.clone(),
            user: user.map(str::to_owned),
        }
    }

    /// The stored session of `key`; a missing or damaged one is forgotten.
    pub(super) fn load(&self, key: &SessionKey) -> Result<StoredTokens, AuthError> {
        match self.store().load(key) {
            Ok(Some(t)) => Ok(t),
            Ok(None) => {
                let _ = self.inner.users.remove(&key.profile, &key.username);
                Err(self.not_signed_in(Some(&key.username)))
            }
            Err(SessionError::Corrupt(_, why)) => {
                let _ = self.store().delete(key);
                let _ = self.inner.users.remove(&key.profile, &key.username);
                Err(AuthError::SessionEnded {
                    user: key.username.clone(),
                    why: format!("the stored session was damaged ({why}) and has been removed"),
                })
            }
            Err(e) => Err(e.into()),
        }
    }

    // ---- tokens ----

    /// The session's tokens, refreshed first when they expire within five minutes. Refreshes
    /// are serialized across processes: the second waits, then finds the session fresh.
    pub async fn fresh_tokens(&self, user: Option<&str>) -> Result<StoredTokens, AuthError> {
        let name = self.resolve(user)?;
        let key = self.key(&name);
        let t = self.load(&key)?;
        if !needs_refresh(&t, crate::calendar::unix_now(), REFRESH_MARGIN) {
            return Ok(t);
        }
        self.refresh_locked(&key, None).await
    }

    /// Refreshes now, whether due or not.
    pub async fn refresh_now(&self, user: Option<&str>) -> Result<StoredTokens, AuthError> {
        let name = self.resolve(user)?;
        let key = self.key(&name);
        let seen = self.load(&key)?.access_token;
        self.refresh_locked(&key, Some(&seen)).await
    }

    /// The tokens as stored, without asking Cognito (for display).
    pub fn stored_view(&self, user: Option<&str>) -> Result<UserView, AuthError> {
        let name = self.resolve(user)?;
        Ok(UserView::from_tokens(&self.load(&self.key(&name))?))
    }

    /// Refreshes under the lock. `forced_past`: refresh unless the stored access token is no
    /// longer this one (another process refreshed meanwhile); `None`: refresh only if due.
    async fn refresh_locked(
        &self,
        key: &SessionKey,
        forced_past: Option<&Secret>,
    ) -> Result<StoredTokens, AuthError> {
        let (dir, k) = (self.inner.data_dir.clone(), key.clone());
        let _guard =
            tokio::task::spawn_blocking(move || RefreshLock::acquire(&dir, &k, DEFAULT_TIMEOUT))
                .await
                .map_err(|e| SessionError::Io("the refresh lock".into(), e.to_string()))??;
        let t = self.load(key)?;
        let already = match forced_past {
            Some(old) => t.access_token != *old,
            None => !needs_refresh(&t, crate::calendar::unix_now(), REFRESH_MARGIN),
        };
        if already {
            return Ok(t);
        }
        match refresh(self.client(), &t).await {
            Ok(mut fresh) => {
                if fresh.new_device.is_none() {
                    fresh.new_device = t.new_device.clone();
                }
                self.store().save(key, &fresh)?;
                Ok(fresh)
            }
            Err(e) if e.kind() == Some(&ErrorKind::NotAuthorized) => Err(self.end(key, &e)),
            Err(e) => Err(e),
        }
    }

    /// Forgets the session of `key` here (tokens and the current-user pointer).
    pub(super) fn forget_session(&self, key: &SessionKey) -> Result<(), AuthError> {
        self.store().delete(key)?;
        self.inner.users.remove(&key.profile, &key.username)?;
        Ok(())
    }

    /// Forgets a session Cognito no longer accepts.
    fn end(&self, key: &SessionKey, why: &AuthError) -> AuthError {
        let _ = self.store().delete(key);
        // Its cached AWS credentials go with it (docs/credentials.md).
        let _ = self.store().delete_identity(key);
        let _ = self.inner.users.remove(&key.profile, &key.username);
        AuthError::SessionEnded {
            user: key.username.clone(),
            why: why.to_string(),
        }
    }

    /// Runs a call that needs the access token. When Cognito refuses the token as expired or
    /// revoked, the session is refreshed once and the call retried; refused again, the session
    /// ends ("sign in again").
    pub async fn with_access<T, F, Fut>(&self, user: Option<&str>, call: F) -> Result<T, AuthError>
    where
        F: Fn(Secret) -> Fut,
        Fut: Future<Output = Result<T, AuthError>>,
    {
        let name = self.resolve(user)?;
        let key = self.key(&name);
        let t = self.fresh_tokens(Some(&name)).await?;
        match call(t.access_token.clone()).await {
            Err(e) if token_refused(&e) => {
                let t = self.refresh_locked(&key, Some(&t.access_token)).await?;
                match call(t.access_token.clone()).await {
                    Err(e) if token_refused(&e) => Err(self.end(&key, &e)),
                    r => r,
                }
            }
            r => r,
        }
    }

    /// The user as Cognito sees them now: the tokens' names and times with GetUser's
    /// attributes.
    pub async fn user_view(&self, user: Option<&str>) -> Result<UserView, AuthError> {
        let name = self.resolve(user)?;
        let c = self.client().clone();
        let got = self
            .with_access(Some(&name), |at| {
                let c = c.clone();
                async move { Ok(c.idp.get_user(&at).await?) }
            })
            .await?;
        let mut v = UserView::from_tokens(&self.load(&self.key(&name))?);
        v.mfa = Some(super::MfaStatus {
            enabled: got
                .user_mfa_setting_list
                .iter()
                .flatten()
                .filter_map(|n| super::MfaMethod::from_wire(n))
                .collect(),
            preferred: got
                .preferred_mfa_setting
                .as_deref()
                .and_then(super::MfaMethod::from_wire),
        });
        v.attributes = got
            .user_attributes
            .into_iter()
            .map(|a| (a.name, a.value.unwrap_or_default()))
            .collect();
        v.attributes.sort();
        if v.email.is_none() {
            v.email = v
                .attributes
                .iter()
                .find(|(k, _)| k == "email")
                .map(|(_, e)| e.clone());
        }
        Ok(v)
    }

    /// Changes the user's password. A wrong current password is Cognito's NotAuthorized, and
    /// leaves the session as it is.
    pub async fn change_password(
        &self,
        user: Option<&str>,
        old: &Secret,
        new: &Secret,
    ) -> Result<(), AuthError> {
        let c = self.client().clone();
        self.with_access(user, |at| {
            let c = c.clone();
            async move { super::change_password(&c, &at, old, new).await }
        })
        .await
    }

    // ---- sign-out ----

    /// Signs `user` out. `Here` revokes this session's refresh token, `Everywhere` ends every
    /// session of the user (GlobalSignOut with a fresh token), `LocalOnly` tells Cognito
    /// nothing. The session here is then forgotten. When Cognito cannot be reached the session
    /// stays and the error says so (`LocalOnly` forgets it regardless).
    pub async fn sign_out(
        &self,
        user: Option<&str>,
        scope: SignOutScope,
    ) -> Result<SignOutReport, AuthError> {
        let name = self.resolve(user)?;
        let key = self.key(&name);
        let mut report = SignOutReport {
            username: name.clone(),
            scope,
            ..SignOutReport::default()
        };
        match scope {
            SignOutScope::LocalOnly => {}
            SignOutScope::Here => {
                let t = match self.load(&key) {
                    Ok(t) => t,
                    Err(AuthError::SessionEnded { why, .. }) => {
                        report.warnings.push(why);
                        return Ok(report);
                    }
                    Err(e) => return Err(e),
                };
                signout::revoke(self.client(), &t, &mut report).await?;
            }
            SignOutScope::Everywhere => {
                let c = self.client().clone();
                let done = self
                    .with_access(Some(&name), |at| {
                        let c = c.clone();
                        async move { Ok(c.idp.global_sign_out(&at).await?) }
                    })
                    .await;
                match done {
                    Ok(_) => report.signed_out_everywhere = true,
                    // The session had already ended (and is forgotten): nothing is left to end.
                    Err(AuthError::SessionEnded { why, .. }) => {
                        report.warnings.push(format!(
                            "the session had already ended, so there was nothing to sign out: {why}"
                        ));
                        return Ok(report);
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        self.store().delete(&key)?;
        // The user's cached AWS credentials and identity id go too: signed out means no
        // credentials are served from here (they stay valid on AWS until they expire).
        self.store().delete_identity(&key)?;
        self.inner.users.remove(&key.profile, &key.username)?;
        Ok(report)
    }

    /// Signs every user of the profile out; one result per user.
    pub async fn sign_out_all(
        &self,
        scope: SignOutScope,
    ) -> Vec<(String, Result<SignOutReport, AuthError>)> {
        let mut out = Vec::new();
        for u in self.users() {
            let r = self.sign_out(Some(&u.username), scope).await;
            out.push((u.username, r));
        }
        out
    }
}

/// Cognito refused the access token itself (expired, revoked, unknown), as opposed to the
/// request (a wrong current password is also NotAuthorized, with another message).
fn token_refused(e: &AuthError) -> bool {
    let AuthError::Cognito(c) = e else {
        return false;
    };
    c.is(&ErrorKind::NotAuthorized)
        && c.message()
            .is_some_and(|m| m.to_ascii_lowercase().contains("access token"))
}
