//! The worker: owns the auth client, the session store and the local pool, runs each call as
//! a task (one at a time: a new call supersedes the one in flight; abortable so Esc cancels)
//! and sends its outcome back as `Outcome::Done` with the call's id.

use super::action::{Action, Failure, Outcome};
use super::call::CallId;
use super::effect::{Call, Effect};
use super::session_view::SessionView;
use super::strings;
use crate::auth::{self, AuthClient, AuthError, AuthFlow, SignInState};
use crate::cognito::types::{AttributeType, RevokeTokenRequest};
use crate::config::Profile;
use crate::session::current::CurrentUsers;
use crate::session::{SessionKey, SessionStore, StoredTokens};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};
use tokio::task::{AbortHandle, JoinHandle};

/// What the worker is given at start.
pub struct WorkerConfig {
    pub store: Arc<dyn SessionStore>,
    /// Who is signed in on each profile (`current.json` in the data dir).
    pub current: CurrentUsers,
    /// Where the in-process local pool keeps its database.
    pub local_data_dir: PathBuf,
    /// The config file new profiles are written to; `None` keeps them in memory (tests).
    pub config_path: Option<PathBuf>,
}

struct Worker {
    cfg: WorkerConfig,
    tx: UnboundedSender<Action>,
    client: Option<AuthClient>,
    #[cfg(feature = "local")]
    local: Option<crate::local::LocalPool>,
    /// The call in flight and how to abort it.
    inflight: Option<(CallId, AbortHandle)>,
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
        client: None,
        #[cfg(feature = "local")]
        local: None,
        inflight: None,
    };
    (etx, tokio::spawn(worker.run(erx)))
}

fn fail(e: impl std::fmt::Display) -> Outcome {
    Outcome::Failed(Failure {
        kind: None,
        message: e.to_string(),
    })
}

fn auth_fail(e: &AuthError) -> Outcome {
    Outcome::Failed(strings::explain(e))
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

    /// Runs `fut` as the one call in flight (aborting the one it supersedes); its outcome is
    /// sent with `id` when it finishes.
    fn spawn<F>(&mut self, id: CallId, fut: F)
    where
        F: std::future::Future<Output = Outcome> + Send + 'static,
    {
        self.abort();
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
            Call::OpenProfile(p) => match AuthClient::new((*p).clone()) {
                Ok(c) => {
                    self.client = Some(c.clone());
                    let (store, current) = (self.cfg.store.clone(), self.cfg.current.clone());
                    self.spawn(id, open_profile(c, store, current));
                }
                Err(e) => self.send(id, fail(e)),
            },
            other => {
                let Some(c) = self.client.clone() else {
                    self.send(id, fail("no profile is open; choose one first"));
                    return;
                };
                let (store, current) = (self.cfg.store.clone(), self.cfg.current.clone());
                self.spawn(id, run_call(c, store, current, other));
            }
        }
    }

    #[cfg(feature = "local")]
    async fn start_local(&mut self, prefer_port: Option<u16>) -> Outcome {
        use crate::local::{LocalConfig, LocalPool};
        if self.local.is_none() {
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
                    self.local = Some(pool);
                }
                Err(e) => return fail(e),
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

    #[cfg(not(feature = "local"))]
    async fn start_local(&mut self, _prefer_port: Option<u16>) -> Outcome {
        fail("this cogtui was built without the local pool (feature `local`)")
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
    }
}

fn key(c: &AuthClient, username: &str) -> SessionKey {
    SessionKey {
        profile: c.profile.name.clone(),
        username: username.to_owned(),
    }
}

/// The session view with the user's attributes (GetUser); attributes stay empty if that fails.
async fn view_of(c: &AuthClient, t: &StoredTokens) -> SessionView {
    let mut v = SessionView::from_tokens(t);
    if let Ok(user) = c.idp.get_user(&t.access_token).await {
        v.attributes = user
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
    }
    v
}

async fn open_profile(
    c: AuthClient,
    store: Arc<dyn SessionStore>,
    current: CurrentUsers,
) -> Outcome {
    let Some(user) = current.get(&c.profile.name) else {
        return Outcome::ProfileOpened { session: None };
    };
    let k = key(&c, &user);
    match store.load(&k) {
        Ok(Some(t)) => match fresh(&c, store.as_ref(), &current, &k, t).await {
            Ok(t) => Outcome::ProfileOpened {
                session: Some(view_of(&c, &t).await),
            },
            Err(a) => a,
        },
        Ok(None) => Outcome::ProfileOpened { session: None },
        Err(e) => fail(e),
    }
}

/// The tokens, refreshed if due. A refused refresh ends the session here.
async fn fresh(
    c: &AuthClient,
    store: &dyn SessionStore,
    current: &CurrentUsers,
    k: &SessionKey,
    t: StoredTokens,
) -> Result<StoredTokens, Outcome> {
    if !auth::needs_refresh(&t, crate::calendar::unix_now(), auth::REFRESH_MARGIN) {
        return Ok(t);
    }
    match auth::refresh(c, &t).await {
        Ok(new) => {
            store.save(k, &new).map_err(fail)?;
            Ok(new)
        }
        Err(e) if e.kind() == Some("NotAuthorizedException") => {
            let _ = store.delete(k);
            let _ = current.set(&k.profile, None);
            Err(Outcome::SessionGone {
                why: strings::explain(&e).message,
            })
        }
        Err(e) => Err(auth_fail(&e)),
    }
}

async fn signed_in(
    c: &AuthClient,
    store: &dyn SessionStore,
    current: &CurrentUsers,
    t: StoredTokens,
) -> Outcome {
    let k = key(c, &t.username);
    if let Err(e) = store.save(&k, &t) {
        return fail(e);
    }
    if let Err(e) = current.set(&k.profile, Some(&t.username)) {
        return fail(e);
    }
    Outcome::SignedIn(view_of(c, &t).await)
}

fn sign_in_result(r: Result<SignInState, AuthError>) -> Result<StoredTokens, Outcome> {
    match r {
        Ok(SignInState::Done(t)) => Ok(*t),
        Ok(SignInState::NewPasswordRequired(ch)) => Err(Outcome::NewPasswordRequired(ch)),
        Err(e) => Err(auth_fail(&e)),
    }
}

fn load(store: &dyn SessionStore, k: &SessionKey) -> Result<StoredTokens, Outcome> {
    match store.load(k) {
        Ok(Some(t)) => Ok(t),
        Ok(None) => Err(Outcome::SessionGone {
            why: format!("no session is stored for {}; sign in again", k.username),
        }),
        Err(e) => Err(fail(e)),
    }
}

async fn run_call(
    c: AuthClient,
    store: Arc<dyn SessionStore>,
    current: CurrentUsers,
    call: Call,
) -> Outcome {
    let store = store.as_ref();
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
        Call::FetchOutboxCode { username } => outbox_code(&c, &username).await,
        Call::SignIn { username, password } => {
            match sign_in_result(auth::sign_in(&c, &username, &password, AuthFlow::Srp).await) {
                Ok(t) => signed_in(&c, store, &current, t).await,
                Err(a) => a,
            }
        }
        Call::AnswerNewPassword {
            challenge,
            password,
            attributes,
        } => {
            let r = auth::answer_new_password(&c, *challenge, &password, &attributes).await;
            match sign_in_result(r) {
                Ok(t) => signed_in(&c, store, &current, t).await,
                Err(a) => a,
            }
        }
        Call::Refresh { username } => {
            let k = key(&c, &username);
            let t = match load(store, &k) {
                Ok(t) => t,
                Err(a) => return a,
            };
            match auth::refresh(&c, &t).await {
                Ok(new) => match store.save(&k, &new) {
                    Ok(()) => Outcome::SessionLoaded(view_of(&c, &new).await),
                    Err(e) => fail(e),
                },
                Err(e) if e.kind() == Some("NotAuthorizedException") => {
                    let _ = store.delete(&k);
                    let _ = current.set(&k.profile, None);
                    Outcome::SessionGone {
                        why: strings::explain(&e).message,
                    }
                }
                Err(e) => auth_fail(&e),
            }
        }
        Call::ChangePassword { username, old, new } => {
            let k = key(&c, &username);
            let t = match load(store, &k) {
                Ok(t) => t,
                Err(a) => return a,
            };
            let t = match fresh(&c, store, &current, &k, t).await {
                Ok(t) => t,
                Err(a) => return a,
            };
            match auth::change_password(&c, &t.access_token, &old, &new).await {
                Ok(()) => Outcome::PasswordChanged,
                Err(e) if e.kind() == Some("NotAuthorizedException") => Outcome::Failed(Failure {
                    kind: e.kind().map(str::to_owned),
                    message: "The current password is not right.".into(),
                }),
                Err(e) => auth_fail(&e),
            }
        }
        Call::SignOut {
            username,
            everywhere,
        } => {
            let k = key(&c, &username);
            let t = match load(store, &k) {
                Ok(t) => t,
                Err(a) => return a,
            };
            let result = if everywhere {
                auth::sign_out(&c, store, &k, &t).await.map(|r| r.warnings)
            } else {
                sign_out_here(&c, store, &k, &t).await
            };
            let _ = current.set(&k.profile, None);
            match result {
                Ok(warnings) => Outcome::SignedOut {
                    everywhere,
                    warnings,
                },
                Err(e) => auth_fail(&e),
            }
        }
        Call::StartLocalPool { .. } | Call::SaveProfile(_) | Call::OpenProfile(_) => {
            fail("internal: this call is handled by the worker loop")
        }
    }
}

/// Ends this session only: its refresh token is revoked (other sessions keep theirs).
async fn sign_out_here(
    c: &AuthClient,
    store: &dyn SessionStore,
    k: &SessionKey,
    t: &StoredTokens,
) -> Result<Vec<String>, AuthError> {
    let mut warnings = Vec::new();
    if let Some(refresh) = &t.refresh_token {
        let req = RevokeTokenRequest {
            token: refresh.clone(),
            client_id: c.client_id(),
            client_secret: c.profile.client_secret.clone(),
        };
        if let Err(e) = c.idp.revoke_token(&req).await {
            warnings.push(format!(
                "Signed out here, but the refresh token was not revoked: {e}"
            ));
        }
    }
    store.delete(k)?;
    Ok(warnings)
}

/// The newest sign-up code for `username` in the local pool's outbox.
async fn outbox_code(c: &AuthClient, username: &str) -> Outcome {
    let url = format!(
        "{}/_local/outbox",
        c.profile.idp_endpoint().trim_end_matches('/')
    );
    let entries: Vec<serde_json::Value> = match reqwest::get(&url).await {
        Ok(r) => match r.json().await {
            Ok(v) => v,
            Err(e) => return fail(format!("the local outbox did not parse: {e}")),
        },
        Err(e) => return fail(format!("cannot read the local outbox at {url}: {e}")),
    };
    let code = entries
        .iter()
        .rev()
        .find(|e| e["username"] == username && e["purpose"] == "sign_up")
        .and_then(|e| e["code"].as_str());
    match code {
        Some(code) => Outcome::CodeFetched {
            code: code.to_owned(),
        },
        None => fail(format!(
            "no sign-up code for {username} in the local outbox; Ctrl-R sends one"
        )),
    }
}
