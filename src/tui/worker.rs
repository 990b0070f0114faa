//! The worker: owns the open profile's account service (`auth::Account`, with that profile's
//! own session store) and the local pool, runs each call as a task (one at a time: a new call
//! supersedes the one in flight; abortable so Esc cancels) and sends its outcome back as
//! `Outcome::Done` with the call's id. Sessions are kept, refreshed and ended by the account
//! service only.

use super::action::{Action, DeviceNews, Failure, Outcome};
use super::admin_calls::{self, AdminCache, AdminEnv};
use super::call::CallId;
use super::clipboard::Clipboard;
use super::creds_calls::{self, CredsEnv};
use super::effect::{Call, CodePurpose, Effect, TokenKind};
use super::session_view::SessionView;
use super::strings;
use crate::auth::{self, Account, AuthError, AuthFlow, SignIn, SignOutScope};
use crate::cognito::ErrorKind;
use crate::cognito::types::AttributeType;
use crate::config::{Profile, StoreKind};
use crate::session::SessionStore;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinHandle};

/// Which session store a profile's account uses.
pub enum Stores {
    /// Each profile's own choice (keyring by default), or `--session-store` for all.
    PerProfile { store_override: Option<StoreKind> },
    /// One given store for every profile (tests: `MemoryStore`).
    Shared(Arc<dyn SessionStore>),
}

/// What the worker is given at start.
pub struct WorkerConfig {
    pub stores: Stores,
    /// The data dir: who is signed in on each profile, refresh locks, the file store.
    pub data_dir: PathBuf,
    /// Where the in-process local pool keeps its database.
    pub local_data_dir: PathBuf,
    /// The config file new profiles are written to; `None` keeps them in memory (tests).
    pub config_path: Option<PathBuf>,
    /// Where copied tokens go (OSC 52 on the terminal; a memory in tests).
    pub clipboard: Arc<dyn Clipboard>,
    /// The AWS credentials file `w` writes to on the credentials screen; `None`: where AWS's
    /// tools look (`AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`).
    pub aws_credentials_file: Option<PathBuf>,
}

struct Worker {
    cfg: WorkerConfig,
    tx: UnboundedSender<Action>,
    account: Option<Account>,
    #[cfg(feature = "local")]
    local: Option<crate::local::LocalPool>,
    /// Held while the in-process pool serves from its data dir.
    #[cfg(feature = "local")]
    local_lock: Option<crate::local::dir_lock::DirLock>,
    /// The call in flight and how to abort it.
    inflight: Option<(CallId, AbortHandle)>,
    /// The admin screen's signed client, kept for the open profile.
    admin: AdminCache,
}

/// Starts the worker; effects go in through the returned sender, results come out on `tx`.
pub fn spawn(
    cfg: WorkerConfig,
    tx: UnboundedSender<Action>,
) -> (UnboundedSender<Effect>, JoinHandle<()>) {
    let (etx, erx) = unbounded_channel();
    let worker = Worker {
        cfg,
        tx,
        account: None,
        #[cfg(feature = "local")]
        local: None,
        #[cfg(feature = "local")]
        local_lock: None,
        inflight: None,
        admin: AdminCache::default(),
    };
    (etx, tokio::spawn(worker.run(erx)))
}

fn fail(e: impl std::fmt::Display) -> Outcome {
    Outcome::Failed(Failure::say(e.to_string()))
}

fn auth_fail(e: &AuthError) -> Outcome {
    let mut f = strings::explain(e);
    if e.is_unreachable() {
        f.unreachable = true;
        f.message = strings::status::unreachable(&e.to_string());
    }
    Outcome::Failed(f)
}

impl Worker {
    async fn run(mut self, mut rx: UnboundedReceiver<Effect>) {
        while let Some(effect) = rx.recv().await {
            self.handle(effect).await;
        }
        self.abort();
        #[cfg(feature = "local")]
        if let Some(pool) = self.local.take() {
            pool.stop().await;
        }
    }

    fn abort(&mut self) {
        if let Some((_, h)) = self.inflight.take() {
            h.abort();
        }
    }

    fn send(&self, id: CallId, outcome: Outcome) {
        // The UI has gone away only when quitting; nothing is left to tell.
        let _ = self.tx.send(Action::Done(id, outcome));
    }

    /// Runs `fut` as the one call in flight; its outcome is sent with `id` when it finishes.
    fn spawn<F>(&mut self, id: CallId, fut: F)
    where
        F: std::future::Future<Output = Outcome> + Send + 'static,
    {
        let tx = self.tx.clone();
        let h = tokio::spawn(async move {
            let _ = tx.send(Action::Done(id, fut.await));
        });
        self.inflight = Some((id, h.abort_handle()));
    }

    async fn handle(&mut self, effect: Effect) {
        let (id, call) = match effect {
            Effect::Cancel(id) => {
                if self
                    .inflight
                    .as_ref()
                    .is_some_and(|(running, _)| *running == id)
                {
                    self.abort();
                }
                return;
            }
            Effect::Run(id, call) => (id, call),
        };
        // A new call supersedes the one in flight.
        self.abort();
        match call {
            Call::StartLocalPool { prefer_port } => {
                let a = self.start_local(prefer_port).await;
                self.send(id, a);
            }
            Call::SaveProfile(p) => {
                let a = match self.save_profile(&p) {
                    Ok(()) => Outcome::ProfileSaved(p),
                    Err(e) => fail(e),
                };
                self.send(id, a);
            }
            Call::Admin { profile, call } => {
                let env = AdminEnv {
                    data_dir: self.cfg.data_dir.clone(),
                    local_data_dir: self.cfg.local_data_dir.clone(),
                };
                let cache = self.admin.clone();
                self.spawn(id, admin_calls::run(call, *profile, cache, env));
            }
            Call::OpenProfile(p) => match self.open_account(*p) {
                Ok(account) => {
                    self.account = Some(account.clone());
                    self.spawn(id, open_profile(account));
                }
                Err(e) => self.send(id, auth_fail(&e)),
            },
            Call::PoolHealth(p) => {
                let creds = self.local_admin_key(&p);
                self.spawn(id, pool_health(*p, creds));
            }
            other => {
                let Some(account) = self.account.clone() else {
                    self.send(id, fail("no profile is open; choose one first"));
                    return;
                };
                let clipboard = self.cfg.clipboard.clone();
                let env = self.creds_env();
                self.spawn(id, run_call(account, clipboard, env, other));
            }
        }
    }

    fn creds_env(&self) -> CredsEnv {
        CredsEnv {
            config_path: self.cfg.config_path.clone(),
            credentials_file: self
                .cfg
                .aws_credentials_file
                .clone()
                .or_else(creds_calls::credentials_file),
            store_override: match &self.cfg.stores {
                Stores::PerProfile { store_override } => *store_override,
                Stores::Shared(_) => None,
            },
        }
    }

    /// The account service of `profile`, with the profile's own session store.
    fn open_account(&self, profile: Profile) -> Result<Account, AuthError> {
        match &self.cfg.stores {
            Stores::PerProfile { store_override } => {
                Account::open(profile, *store_override, &self.cfg.data_dir)
            }
            Stores::Shared(store) => {
                Account::with_store(profile, store.clone(), "a shared store", &self.cfg.data_dir)
            }
        }
    }

    #[cfg(feature = "local")]
    async fn start_local(&mut self, prefer_port: Option<u16>) -> Outcome {
        use crate::local::dir_lock::{DirLock, DirLockError};
        use crate::local::{LocalConfig, LocalPool};
        if self.local.is_none() {
            match DirLock::acquire(&self.cfg.local_data_dir) {
                Ok(lock) => self.local_lock = Some(lock),
                // A `cogtui local serve` runs on this dir: use it rather than take it over.
                Err(DirLockError::Held {
                    endpoint: Some(endpoint),
                    ..
                }) => return self.running_local_profile(&endpoint),
                Err(e) => return fail(e),
            }
            let at = |port: u16| LocalConfig {
                bind: std::net::SocketAddr::from(([127, 0, 0, 1], port)),
                data_dir: self.cfg.local_data_dir.clone(),
                region: "us-east-1".into(),
            };
            let mut started = Err(None);
            if let Some(port) = prefer_port.filter(|p| *p != 0) {
                started = LocalPool::start(at(port)).await.map_err(Some);
            }
            if started.is_err() {
                // The last port is taken (or there was none): any free port will do.
                started = LocalPool::start(at(0)).await.map_err(Some);
            }
            let started = started.map_err(|e| e.map_or_else(String::new, |e| e.to_string()));
            match started {
                Ok(pool) => {
                    // The TUI owns the terminal: codes stay in the outbox (Ctrl-F fetches them).
                    pool.state.set_echo(false);
                    if let Some(lock) = self.local_lock.as_mut() {
                        let _ = lock.set_endpoint(&pool.info.endpoint);
                    }
                    self.local = Some(pool);
                }
                Err(e) => {
                    self.local_lock = None;
                    return fail(e);
                }
            }
        }
        let Some(info) = self.local.as_ref().map(|p| p.info.clone()) else {
            return fail("the local pool did not start");
        };
        if let Some(path) = &self.cfg.config_path {
            let written = crate::config::write_local_profile(path, &info.profile_info());
            if let Err(e) = written {
                tracing::info!(error = %e, "cannot write the local profile to the config");
            }
        }
        Outcome::LocalPoolStarted(Box::new(local_profile(&info)))
    }

    /// The `local` profile of a pool another process serves at `endpoint`.
    #[cfg(feature = "local")]
    fn running_local_profile(&self, endpoint: &str) -> Outcome {
        let profile = self
            .cfg
            .config_path
            .as_ref()
            .and_then(|p| crate::config::Config::load(p).ok())
            .and_then(|c| c.profiles.get(super::app::LOCAL).cloned())
            .filter(|p| p.endpoint.as_deref() == Some(endpoint));
        match profile {
            Some(p) => Outcome::LocalPoolStarted(Box::new(p)),
            None => fail(format!(
                "a cogtui local pool already serves this data dir at {endpoint}, but the \
                 `local` profile does not point at it: restart `cogtui local serve`, or stop it"
            )),
        }
    }

    #[cfg(not(feature = "local"))]
    async fn start_local(&mut self, _prefer_port: Option<u16>) -> Outcome {
        fail("this cogtui was built without the local pool (feature `local`)")
    }

    /// The admin key of the pool this process runs, when `p` points at it (its key file may
    /// not be where `admin::resolve` looks).
    #[cfg(all(feature = "local", feature = "admin"))]
    fn local_admin_key(&self, p: &Profile) -> Option<crate::admin::AdminCredentials> {
        let info = &self.local.as_ref()?.info;
        (p.endpoint.as_deref() == Some(info.endpoint.as_str())).then(|| {
            crate::admin::AdminCredentials {
                access_key_id: info.admin_access_key_id.clone(),
                secret_access_key: crate::secret::Secret::new(info.admin_secret_access_key.clone()),
                session_token: None,
                source: crate::admin::CredentialSource::LocalPool {
                    file: self.cfg.local_data_dir.join(crate::config::LOCAL_KEY_FILE),
                },
            }
        })
    }

    #[cfg(not(all(feature = "local", feature = "admin")))]
    fn local_admin_key(&self, _p: &Profile) -> Option<LocalKey> {
        None
    }

    fn save_profile(&self, p: &Profile) -> anyhow::Result<()> {
        if let Some(path) = &self.cfg.config_path {
            let mut config = crate::config::Config::load(path)?;
            config.upsert(p.clone())?;
            config.save(path)?;
        }
        Ok(())
    }
}

/// The `local` profile for a running local pool.
#[cfg(feature = "local")]
pub fn local_profile(info: &crate::local::SeedInfo) -> Profile {
    Profile {
        name: super::app::LOCAL.into(),
        region: info.region.clone(),
        user_pool_id: info.user_pool_id.clone(),
        client_id: info.client_id.clone(),
        client_secret: None,
        identity_pool_id: Some(info.identity_pool_id.clone()),
        endpoint: Some(info.endpoint.clone()),
        hosted_ui_domain: None,
        session_store: None,
        credentials_flow: None,
        role_arn: None,
        federation_endpoint: None,
    }
}

#[cfg(feature = "admin")]
type LocalKey = crate::admin::AdminCredentials;
#[cfg(not(feature = "admin"))]
type LocalKey = ();

/// The pool doctor on `p`'s pool, signed with `key` (the in-process local pool's) or the
/// credentials `admin::resolve` finds.
#[cfg(feature = "admin")]
async fn pool_health(p: Profile, key: Option<LocalKey>) -> Outcome {
    use crate::doctor;
    let expect = doctor::Expectations {
        callback: Some(
            std::env::var("COGTUI_HOSTED_UI_CALLBACK")
                .unwrap_or_else(|_| crate::auth::hosted_ui::DEFAULT_CALLBACK.to_owned()),
        ),
        ..Default::default()
    };
    let report = match key {
        Some(k) => match crate::admin::Admin::with_credentials(&p, k) {
            Ok(admin) => doctor::diagnose(&admin, &expect).await,
            Err(e) => Err(e.into()),
        },
        None => doctor::run(&p, None, &expect).await,
    };
    match report {
        Ok(r) => Outcome::PoolHealth(Box::new(r)),
        Err(e) => fail(e),
    }
}

#[cfg(not(feature = "admin"))]
async fn pool_health(_p: Profile, _key: Option<LocalKey>) -> Outcome {
    fail(strings::health::NO_ADMIN)
}

/// The signed-in user's view (tokens and attributes); a session Cognito ended says so.
async fn view(account: &Account, loaded: impl Fn(SessionView) -> Outcome) -> Outcome {
    match account.user_view(None).await {
        Ok(v) => loaded(v),
        Err(e) => gone_or_failed(&e),
    }
}

/// The user's devices, with a note on what was just done.
async fn devices(account: &auth::Account, username: &str, note: Option<String>) -> Outcome {
    match account.list_devices(Some(username)).await {
        Ok(list) => Outcome::Devices { list, note },
        Err(e) => gone_or_failed(&e),
    }
}

fn gone_or_failed(e: &AuthError) -> Outcome {
    match e {
        AuthError::SessionEnded { .. } | AuthError::NotSignedIn { .. } => Outcome::SessionGone {
            why: e.to_string(),
            user: None,
        },
        e => auth_fail(e),
    }
}

async fn open_profile(account: Account) -> Outcome {
    // Taken first: a session found ended is forgotten, name and all.
    let Some(who) = account.current_user() else {
        return Outcome::ProfileOpened { session: None };
    };
    match account.user_view(None).await {
        Ok(v) => Outcome::ProfileOpened { session: Some(v) },
        Err(AuthError::NotSignedIn { .. }) => Outcome::ProfileOpened { session: None },
        // The pool is down, not the session: show what is stored, say so, offer a retry.
        Err(e) if e.is_unreachable() => Outcome::Unreachable {
            session: account.stored_view(None).ok(),
            message: strings::status::unreachable(&e.to_string()),
        },
        // Ended while the TUI was closed: sign-in opens with the name filled in.
        Err(e @ AuthError::SessionEnded { .. }) => Outcome::SessionGone {
            why: e.to_string(),
            user: Some(who),
        },
        Err(e) => gone_or_failed(&e),
    }
}

/// The device this sign-in offered, confirmed (its secrets kept here, named as the CLI names
/// it): a pool that remembers every device has remembered it; one that asks the user leaves
/// it tracked until the person says yes (`Offer`).
async fn device_news(account: &Account, username: &str) -> Option<DeviceNews> {
    let name = auth::default_device_name();
    match account.confirm_offered_device(Some(username), &name).await {
        Ok(None) => None,
        Ok(Some(t)) if t.remembered => Some(DeviceNews::Remembered { name }),
        Ok(Some(_)) => Some(DeviceNews::Offer { name }),
        Err(e) => Some(DeviceNews::NotKept {
            why: strings::explain(&e).message,
        }),
    }
}

/// Where a sign-in step leads, for the UI.
async fn step(account: &Account, r: Result<SignIn, AuthError>) -> Outcome {
    match r {
        Ok(SignIn::Done(t)) => {
            let notice = account.take_device_notice();
            let device = device_news(account, &t.username).await;
            if device.is_none() && notice.is_none() {
                return view(account, Outcome::SignedIn).await;
            }
            view(account, |session| Outcome::SignedInWithDevice {
                session,
                device: device.clone(),
                notice: notice.clone(),
            })
            .await
        }
        Ok(SignIn::Challenge(ch)) => Outcome::Challenge(Box::new(ch)),
        Err(e) => auth_fail(&e),
    }
}

async fn run_call(
    account: Account,
    clipboard: Arc<dyn Clipboard>,
    env: CredsEnv,
    call: Call,
) -> Outcome {
    let c = account.client().clone();
    match call {
        Call::SignUp {
            username,
            email,
            password,
        } => {
            let attrs = vec![AttributeType::new("email", &email)];
            match auth::sign_up(&c, &username, &password, attrs).await {
                Ok(r) => Outcome::SignedUp {
                    username,
                    confirmed: r.user_confirmed,
                    destination: r.code_delivery_details.and_then(|d| d.destination),
                },
                Err(e) => auth_fail(&e),
            }
        }
        Call::ConfirmSignUp { username, code } => {
            match auth::confirm_sign_up(&c, &username, &code).await {
                Ok(()) => Outcome::Confirmed { username },
                Err(e) => auth_fail(&e),
            }
        }
        Call::ResendCode { username } => match auth::resend_code(&c, &username).await {
            Ok(d) => Outcome::CodeResent {
                destination: d.destination,
            },
            Err(e) => auth_fail(&e),
        },
        Call::FetchOutboxCode { username, purpose } => outbox_code(&c, &username, purpose).await,
        Call::ForgotPassword { username } => match auth::forgot_password(&c, &username).await {
            Ok(d) => Outcome::ResetCodeSent {
                destination: d.destination,
            },
            Err(e) => auth_fail(&e),
        },
        Call::ConfirmForgotPassword {
            username,
            code,
            new,
        } => match auth::confirm_forgot_password(&c, &username, &code, &new).await {
            Ok(()) => Outcome::PasswordReset { username },
            Err(e) => auth_fail(&e),
        },
        Call::SignIn { username, password } => {
            let r = account.sign_in(&username, &password, AuthFlow::Srp).await;
            step(&account, r).await
        }
        Call::HostedSignIn => {
            use crate::auth::hosted_ui::{self, HostedUiError};
            let r = hosted_ui::sign_in_in_browser(
                &account,
                hosted_ui::DEFAULT_CALLBACK,
                None,
                hosted_ui::DEFAULT_TIMEOUT,
                |url| webbrowser::open(url).is_ok(),
            )
            .await;
            match r {
                Ok(_) => view(&account, Outcome::SignedIn).await,
                Err(HostedUiError::Auth(e)) => auth_fail(&e),
                Err(e) => Outcome::Failed(Failure {
                    message: e.to_string(),
                    ..Failure::default()
                }),
            }
        }
        Call::Respond { challenge, answer } => {
            let r = account.respond(*challenge, answer).await;
            step(&account, r).await
        }
        Call::Refresh { username } => match account.refresh_now(Some(&username)).await {
            Ok(_) => view(&account, Outcome::SessionLoaded).await,
            Err(e) => gone_or_failed(&e),
        },
        Call::ChangePassword { username, old, new } => {
            match account.change_password(Some(&username), &old, &new).await {
                Ok(()) => Outcome::PasswordChanged,
                Err(e) if e.kind() == Some(&ErrorKind::NotAuthorized) => Outcome::Failed(Failure {
                    kind: e.kind().cloned(),
                    message: strings::status::WRONG_CURRENT.into(),
                    ..Failure::default()
                }),
                Err(e) => gone_or_failed(&e),
            }
        }
        Call::SignOut {
            username,
            everywhere,
        } => {
            let scope = if everywhere {
                SignOutScope::Everywhere
            } else {
                SignOutScope::Here
            };
            match account.sign_out(Some(&username), scope).await {
                Ok(report) => Outcome::SignedOut {
                    everywhere,
                    warnings: report.warnings,
                },
                Err(e) => auth_fail(&e),
            }
        }
        Call::BeginTotp { username } => match account.begin_totp(Some(&username)).await {
            Ok(e) => Outcome::TotpEnrolment {
                uri: e.uri,
                secret: e.secret,
            },
            Err(e) => gone_or_failed(&e),
        },
        Call::ConfirmTotp { username, code } => {
            match account.confirm_totp(Some(&username), &code).await {
                Ok(()) => Outcome::MfaEnabled,
                Err(e) => gone_or_failed(&e),
            }
        }
        Call::BeginMfaSetup { challenge } => match account.begin_mfa_setup(*challenge).await {
            Ok((challenge, e)) => Outcome::MfaSetupReady {
                challenge: Box::new(challenge),
                uri: e.uri,
                secret: e.secret,
            },
            Err(e) => auth_fail(&e),
        },
        Call::CopyToken { username, which } => match account.fresh_tokens(Some(&username)).await {
            Ok(t) => {
                let token = match which {
                    TokenKind::Id => &t.id_token,
                    TokenKind::Access => &t.access_token,
                };
                let exp = auth::unverified_claims(token.expose())
                    .and_then(|c| c["exp"].as_i64())
                    .unwrap_or(t.expires_at);
                match clipboard.copy(token.expose()) {
                    Ok(()) => Outcome::Copied {
                        which,
                        expires_at: exp,
                        clock_skew: t.clock_skew,
                    },
                    Err(e) => fail(strings::status::copy_failed(&e.to_string())),
                }
            }
            Err(e) => gone_or_failed(&e),
        },
        Call::Claims { username } => match account.fresh_tokens(Some(&username)).await {
            Ok(t) => {
                let claims = auth::unverified_claims(t.id_token.expose()).unwrap_or_default();
                let mut list: Vec<(String, String)> = claims
                    .as_object()
                    .map(|m| {
                        m.iter()
                            .map(|(k, v)| {
                                let v = v.as_str().map_or_else(|| v.to_string(), str::to_owned);
                                (k.clone(), v)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                list.sort();
                Outcome::Claims(list)
            }
            Err(e) => gone_or_failed(&e),
        },
        Call::ListUsers => Outcome::Users(account.users()),
        Call::ListDevices { username } => devices(&account, &username, None).await,
        Call::ForgetDevice { username, key } => {
            match account
                .forget_device(Some(&username), &auth::DeviceRef::Key(key))
                .await
            {
                Ok(f) if f.was_current => Outcome::SessionGone {
                    why: strings::status::THIS_DEVICE_FORGOTTEN.into(),
                    user: None,
                },
                Ok(f) => {
                    let note = strings::status::device_forgotten(&f.device_key);
                    devices(&account, &username, Some(note)).await
                }
                Err(e) => gone_or_failed(&e),
            }
        }
        Call::SetRemembered {
            username,
            remembered,
        } => match account.set_remembered(Some(&username), remembered).await {
            Ok(_) => {
                let note = strings::status::device_remembered(remembered);
                devices(&account, &username, Some(note)).await
            }
            Err(e) => gone_or_failed(&e),
        },
        Call::SwitchUser { username } => match account.switch_user(&username) {
            Ok(name) => match account.user_view(Some(&name)).await {
                Ok(v) => Outcome::Switched(v),
                Err(e) if e.is_unreachable() => match account.stored_view(Some(&name)) {
                    Ok(v) => Outcome::Switched(v),
                    Err(e) => gone_or_failed(&e),
                },
                Err(e) => gone_or_failed(&e),
            },
            Err(e) => gone_or_failed(&e),
        },
        Call::Credentials { username, refresh } => {
            creds_calls::describe(&account, &username, refresh, &env).await
        }
        Call::CopyCredentials { username } => {
            creds_calls::copy(&account, &username, clipboard.as_ref(), &env).await
        }
        Call::WriteAwsProfile { username, name } => {
            creds_calls::write(&account, &username, &name, &env).await
        }
        Call::CopyText { text } => match clipboard.copy(&text) {
            Ok(()) => Outcome::TextCopied,
            Err(e) => fail(strings::creds::copy_failed(&e.to_string())),
        },
        Call::PreferMfa { username, method } => {
            match account.prefer_mfa(Some(&username), method).await {
                Ok(()) => view(&account, Outcome::MfaPreferred).await,
                Err(e) => gone_or_failed(&e),
            }
        }
        Call::StartLocalPool { .. }
        | Call::SaveProfile(_)
        | Call::OpenProfile(_)
        | Call::PoolHealth(_)
        | Call::Admin { .. } => fail("internal: this call is handled by the worker loop"),
    }
}

/// The newest code of `purpose` for `username` in the outbox of the local pool the profile
/// points at (in this process or a separate `cogtui local serve`). The outbox lists entries
/// oldest first, so the last one that fits is the code that works (a resend replaces a code).
async fn outbox_code(c: &auth::AuthClient, username: &str, purpose: CodePurpose) -> Outcome {
    let base = format!(
        "{}/_local/outbox",
        c.profile.idp_endpoint().trim_end_matches('/')
    );
    let url = match url::Url::parse_with_params(&base, [("username", username)]) {
        Ok(u) => u,
        Err(e) => return fail(strings::status::no_outbox(&base, &e.to_string())),
    };
    let entries: Vec<serde_json::Value> = match reqwest::get(url).await {
        Ok(r) if r.status().is_success() => match r.json().await {
            Ok(v) => v,
            Err(e) => return fail(strings::status::no_outbox(&base, &e.to_string())),
        },
        Ok(r) => return fail(strings::status::no_outbox(&base, r.status().as_str())),
        Err(e) => return fail(strings::status::no_outbox(&base, &e.to_string())),
    };
    let wanted = purpose.outbox_purposes();
    let code = entries
        .iter()
        .rev()
        .find(|e| {
            e["username"]
                .as_str()
                .is_some_and(|u| u.eq_ignore_ascii_case(username))
                && e["purpose"].as_str().is_some_and(|p| wanted.contains(&p))
        })
        .and_then(|e| e["code"].as_str());
    match code {
        Some(code) => Outcome::CodeFetched {
            code: code.to_owned(),
        },
        None => fail(strings::status::no_code(username, purpose)),
    }
}
