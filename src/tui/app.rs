//! The app's state and `update`: the only place state changes. `update` takes an `Action`
//! and returns the `Effect`s the worker must run; it never awaits anything.

use super::action::{Action, Failure};
use super::effect::Effect;
use super::forms;
use super::keys::{self, KeyContext};
use super::policy::PasswordPolicy;
use super::session_view::SessionView;
use super::strings::{problem, status};
use super::theme::Theme;
use super::widgets::form::Form;
use crate::auth::NewPasswordChallenge;
use crate::cognito::ErrorKind;
use crate::config::Profile;
use crate::secret::Secret;
use std::collections::BTreeMap;

/// The profile name the local pool uses.
pub const LOCAL: &str = "local";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Profiles,
    AddProfile,
    SignUp,
    Confirm,
    SignIn,
    NewPassword,
    Home,
    ChangePassword,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialog {
    SignOut { everywhere: bool },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKind {
    Info,
    Success,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub kind: StatusKind,
    pub text: String,
}

/// A row of the profile picker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileRow {
    Profile(usize),
    LocalPool,
    AddProfile,
}

pub struct App {
    pub theme: Theme,
    pub screen: Screen,
    /// Profiles from the config (the `local` one included once the pool runs).
    pub profiles: Vec<Profile>,
    pub selected: usize,
    /// The profile being talked to.
    pub active: Option<Profile>,
    pub local_running: bool,
    pub sign_in: Form,
    pub sign_up: Form,
    pub confirm: Form,
    pub new_password: Form,
    pub change_password: Form,
    pub add_profile: Form,
    pub challenge: Option<NewPasswordChallenge>,
    pub session: Option<SessionView>,
    /// The call in flight, by its label.
    pub busy: Option<&'static str>,
    pub status: Option<Status>,
    pub help: bool,
    pub dialog: Option<Dialog>,
    pub policy: PasswordPolicy,
    /// Unix seconds, updated on each tick.
    pub now: i64,
    /// Spinner frame.
    pub frame: usize,
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    clock: fn() -> i64,
    refresh_tried: bool,
}

impl App {
    pub fn new(theme: Theme, profiles: Vec<Profile>) -> Self {
        let clock: fn() -> i64 = crate::calendar::unix_now;
        Self {
            theme,
            screen: Screen::Profiles,
            profiles,
            selected: 0,
            active: None,
            local_running: false,
            sign_in: forms::sign_in(),
            sign_up: forms::sign_up(),
            confirm: forms::confirm(false),
            new_password: forms::new_password(&[]),
            change_password: forms::change_password(),
            add_profile: forms::add_profile(),
            challenge: None,
            session: None,
            busy: None,
            status: None,
            help: false,
            dialog: None,
            policy: PasswordPolicy::default(),
            now: clock(),
            frame: 0,
            quit: false,
            dirty: true,
            clock,
            refresh_tried: false,
        }
    }

    /// A fixed clock, for tests and snapshots.
    pub fn with_clock(mut self, clock: fn() -> i64) -> Self {
        self.clock = clock;
        self.now = clock();
        self
    }

    /// Effects to run at start: the local pool, or the chosen profile.
    pub fn start(&mut self, local: bool, profile: Option<&str>) -> Vec<Effect> {
        if local {
            return self.start_local();
        }
        match profile
            .and_then(|n| self.profiles.iter().find(|p| p.name == n))
            .cloned()
        {
            Some(p) => self.open(p),
            None => Vec::new(),
        }
    }

    fn start_local(&mut self) -> Vec<Effect> {
        let prefer_port = self
            .profiles
            .iter()
            .find(|p| p.name == LOCAL)
            .and_then(|p| p.endpoint.as_deref())
            .and_then(|e| e.rsplit(':').next())
            .and_then(|port| port.trim_end_matches('/').parse().ok());
        self.call(
            status::STARTING_LOCAL,
            Effect::StartLocalPool { prefer_port },
        )
    }

    pub fn is_local(&self) -> bool {
        self.active
            .as_ref()
            .is_some_and(|p| p.name == LOCAL && self.local_running)
    }

    pub fn key_context(&self) -> KeyContext {
        KeyContext {
            screen: self.screen,
            help: self.help,
            dialog: self.dialog.is_some(),
            busy: self.busy.is_some(),
        }
    }

    pub fn rows(&self) -> Vec<ProfileRow> {
        let mut rows: Vec<ProfileRow> = self
            .profiles
            .iter()
            .enumerate()
            .filter(|(_, p)| p.name != LOCAL)
            .map(|(i, _)| ProfileRow::Profile(i))
            .collect();
        rows.push(ProfileRow::LocalPool);
        rows.push(ProfileRow::AddProfile);
        rows
    }

    fn form(&mut self) -> Option<&mut Form> {
        Some(match self.screen {
            Screen::SignIn => &mut self.sign_in,
            Screen::SignUp => &mut self.sign_up,
            Screen::Confirm => &mut self.confirm,
            Screen::NewPassword => &mut self.new_password,
            Screen::ChangePassword => &mut self.change_password,
            Screen::AddProfile => &mut self.add_profile,
            Screen::Profiles | Screen::Home => return None,
        })
    }

    fn call(&mut self, label: &'static str, e: Effect) -> Vec<Effect> {
        self.busy = Some(label);
        self.status = None;
        vec![e]
    }

    fn say(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.status = Some(Status {
            kind,
            text: text.into(),
        });
    }

    fn go(&mut self, screen: Screen) {
        if let Some(f) = self.form() {
            f.clear_secrets();
        }
        self.screen = screen;
    }

    fn open(&mut self, p: Profile) -> Vec<Effect> {
        self.active = Some(p.clone());
        self.confirm = forms::confirm(self.is_local());
        self.call(status::OPENING, Effect::OpenProfile(Box::new(p)))
    }

    fn username(&self) -> String {
        self.session
            .as_ref()
            .map(|s| s.username.clone())
            .unwrap_or_default()
    }

    /// Changes state for one action; returns what the worker must do.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if !matches!(action, Action::Tick) {
            self.dirty = true;
        }
        // A result that arrives after its call was cancelled is dropped.
        if action.is_result() && self.busy.is_none() {
            return Vec::new();
        }
        match action {
            Action::Key(k) => match keys::action_for(self.key_context(), k) {
                Some(a) => self.update(a),
                None => Vec::new(),
            },
            Action::Paste(text) => {
                if self.busy.is_none() && !self.help && self.dialog.is_none() {
                    if let Some(f) = self.form() {
                        f.paste(&text);
                    }
                    self.validate();
                }
                Vec::new()
            }
            Action::Resize => Vec::new(),
            Action::Tick => self.tick(),
            Action::Quit => {
                self.quit = true;
                vec![Effect::Cancel]
            }
            Action::ToggleHelp => {
                self.help = !self.help;
                Vec::new()
            }
            Action::Cancel => {
                if self.busy.take().is_some() {
                    self.say(StatusKind::Warn, status::CANCELLED);
                    return vec![Effect::Cancel];
                }
                Vec::new()
            }
            Action::Back => {
                self.back();
                Vec::new()
            }
            Action::Submit => self.submit(),
            Action::NextField
            | Action::PrevField
            | Action::Input(_)
            | Action::Backspace
            | Action::Delete
            | Action::CursorLeft
            | Action::CursorRight
            | Action::CursorHome
            | Action::CursorEnd
            | Action::ClearField => {
                self.edit(action);
                Vec::new()
            }
            Action::SelectNext => {
                self.selected = (self.selected + 1).min(self.rows().len() - 1);
                Vec::new()
            }
            Action::SelectPrev => {
                self.selected = self.selected.saturating_sub(1);
                Vec::new()
            }
            Action::GoSignUp => {
                let user = self.sign_in.get("username").to_owned();
                self.go(Screen::SignUp);
                if self.sign_up.get("username").is_empty() {
                    self.sign_up.set("username", &user);
                }
                self.validate();
                Vec::new()
            }
            Action::GoSignIn => {
                self.go(Screen::SignIn);
                Vec::new()
            }
            Action::GoConfirm => {
                let user = match self.screen {
                    Screen::SignUp => self.sign_up.get("username").to_owned(),
                    _ => self.sign_in.get("username").to_owned(),
                };
                self.go(Screen::Confirm);
                if !user.is_empty() {
                    self.confirm.set("username", &user);
                    self.confirm.focus_on("code");
                }
                Vec::new()
            }
            Action::GoProfiles => {
                self.go(Screen::Profiles);
                Vec::new()
            }
            Action::GoAddProfile => {
                self.add_profile.clear_all();
                self.go(Screen::AddProfile);
                Vec::new()
            }
            Action::GoChangePassword => {
                self.change_password.clear_all();
                self.go(Screen::ChangePassword);
                Vec::new()
            }
            Action::Resend => {
                let username = self.confirm.get("username").to_owned();
                if username.is_empty() {
                    self.require(&["username"]);
                    return Vec::new();
                }
                self.call(status::RESENDING, Effect::ResendCode { username })
            }
            Action::FillCodeFromOutbox => {
                let username = self.confirm.get("username").to_owned();
                if !self.is_local() || username.is_empty() {
                    self.require(&["username"]);
                    return Vec::new();
                }
                self.call(status::FETCHING_CODE, Effect::FetchOutboxCode { username })
            }
            Action::AskSignOut { everywhere } => {
                self.dialog = Some(Dialog::SignOut { everywhere });
                Vec::new()
            }
            Action::DialogNo => {
                self.dialog = None;
                Vec::new()
            }
            Action::DialogYes => match self.dialog.take() {
                Some(Dialog::SignOut { everywhere }) => {
                    let username = self.username();
                    self.call(
                        status::SIGNING_OUT,
                        Effect::SignOut {
                            username,
                            everywhere,
                        },
                    )
                }
                None => Vec::new(),
            },
            Action::Refresh => {
                let username = self.username();
                self.call(status::REFRESHING, Effect::Refresh { username })
            }
            result => self.on_result(result),
        }
    }

    fn tick(&mut self) -> Vec<Effect> {
        let now = (self.clock)();
        if self.busy.is_some() {
            self.frame = self.frame.wrapping_add(1);
            self.dirty = true;
        }
        if now != self.now {
            self.now = now;
            if self.screen == Screen::Home {
                self.dirty = true;
            }
        }
        // An expired access token is refreshed once, on its own.
        if let (Screen::Home, None, Some(s)) = (self.screen, self.busy, &self.session)
            && s.remaining(now) <= 0
            && s.refreshable
            && !self.refresh_tried
        {
            self.refresh_tried = true;
            let username = s.username.clone();
            self.dirty = true;
            return self.call(status::REFRESHING, Effect::Refresh { username });
        }
        Vec::new()
    }

    fn back(&mut self) {
        match self.screen {
            Screen::SignUp | Screen::Confirm => self.go(Screen::SignIn),
            Screen::NewPassword => {
                self.challenge = None;
                self.go(Screen::SignIn);
            }
            Screen::ChangePassword => self.go(Screen::Home),
            Screen::SignIn | Screen::AddProfile => self.go(Screen::Profiles),
            Screen::Profiles | Screen::Home => {}
        }
    }

    fn edit(&mut self, action: Action) {
        let Some(form) = self.form() else { return };
        match action {
            Action::NextField => form.next(),
            Action::PrevField => form.prev(),
            other => {
                if let Some(f) = form.focused() {
                    match other {
                        Action::Input(c) => f.insert(c),
                        Action::Backspace => f.backspace(),
                        Action::Delete => f.delete(),
                        Action::CursorLeft => f.left(),
                        Action::CursorRight => f.right(),
                        Action::CursorHome => f.home(),
                        Action::CursorEnd => f.end(),
                        Action::ClearField => f.clear(),
                        _ => {}
                    }
                }
            }
        }
        self.validate();
    }

    /// Live checks of the form being typed in.
    fn validate(&mut self) {
        let policy = self.policy;
        match self.screen {
            Screen::SignUp => forms::check_sign_up(&mut self.sign_up, &policy),
            Screen::NewPassword => {
                forms::check_new_password(&mut self.new_password, &policy, "password")
            }
            Screen::ChangePassword => {
                forms::check_new_password(&mut self.change_password, &policy, "new")
            }
            _ => {}
        }
    }

    /// Marks empty required fields; true when all are filled.
    fn require(&mut self, ids: &[&str]) -> bool {
        let Some(form) = self.form() else {
            return false;
        };
        let mut ok = true;
        let mut first_empty = None;
        for f in form.fields.iter_mut() {
            if ids.contains(&f.id.as_str()) && f.value().is_empty() {
                f.problem = Some(problem::REQUIRED.into());
                ok = false;
                first_empty.get_or_insert(f.id.clone());
            }
        }
        if let Some(id) = first_empty {
            form.focus_on(&id);
        }
        ok
    }

    fn submit(&mut self) -> Vec<Effect> {
        if self.screen == Screen::Profiles {
            return match self.rows().get(self.selected) {
                Some(ProfileRow::Profile(i)) => match self.profiles.get(*i).cloned() {
                    Some(p) => self.open(p),
                    None => Vec::new(),
                },
                Some(ProfileRow::LocalPool) => match self.profiles.iter().find(|p| p.name == LOCAL)
                {
                    Some(p) if self.local_running => self.open(p.clone()),
                    _ => self.start_local(),
                },
                Some(ProfileRow::AddProfile) => self.update(Action::GoAddProfile),
                None => Vec::new(),
            };
        }
        let Some(form) = self.form() else {
            return Vec::new();
        };
        // Enter moves to the next empty field until the form is filled in.
        let all_filled = form
            .fields
            .iter()
            .all(|f| !f.value().is_empty() || !forms::required(&f.id));
        if !form.on_last() && !all_filled {
            form.next();
            while !form.on_last() && !form.fields[form.focus].value().is_empty() {
                form.next();
            }
            return Vec::new();
        }
        match self.screen {
            Screen::SignIn => {
                if !self.require(&["username", "password"]) {
                    return Vec::new();
                }
                let username = self.sign_in.get("username").trim().to_owned();
                let password = Secret::new(self.sign_in.get("password"));
                self.sign_in.clear_secrets();
                self.sign_in.focus_on("password");
                self.call(status::SIGNING_IN, Effect::SignIn { username, password })
            }
            Screen::SignUp => {
                if !self.require(&["username", "email", "password", "repeat"]) {
                    return Vec::new();
                }
                self.validate();
                if let Some(i) = self.sign_up.fields.iter().position(|f| f.problem.is_some()) {
                    self.sign_up.focus = i;
                    return Vec::new();
                }
                let username = self.sign_up.get("username").trim().to_owned();
                let email = self.sign_up.get("email").trim().to_owned();
                let password = Secret::new(self.sign_up.get("password"));
                self.call(
                    status::SIGNING_UP,
                    Effect::SignUp {
                        username,
                        email,
                        password,
                    },
                )
            }
            Screen::Confirm => {
                if !self.require(&["username", "code"]) {
                    return Vec::new();
                }
                let username = self.confirm.get("username").trim().to_owned();
                let code = Secret::new(self.confirm.get("code").trim());
                self.call(status::CONFIRMING, Effect::ConfirmSignUp { username, code })
            }
            Screen::NewPassword => {
                let ids: Vec<String> = self
                    .new_password
                    .fields
                    .iter()
                    .map(|f| f.id.clone())
                    .collect();
                let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
                if !self.require(&ids) {
                    return Vec::new();
                }
                self.validate();
                if self.new_password.fields.iter().any(|f| f.problem.is_some()) {
                    return Vec::new();
                }
                let Some(challenge) = self.challenge.clone() else {
                    self.go(Screen::SignIn);
                    return Vec::new();
                };
                let password = Secret::new(self.new_password.get("password"));
                let attributes: BTreeMap<String, String> = self
                    .new_password
                    .fields
                    .iter()
                    .filter_map(|f| {
                        f.id.strip_prefix("attr:")
                            .map(|_| (f.label.clone(), f.value().to_owned()))
                    })
                    .collect();
                self.new_password.clear_secrets();
                self.call(
                    status::SETTING_PASSWORD,
                    Effect::AnswerNewPassword {
                        challenge: Box::new(challenge),
                        password,
                        attributes,
                    },
                )
            }
            Screen::ChangePassword => {
                if !self.require(&["old", "new", "repeat"]) {
                    return Vec::new();
                }
                self.validate();
                if self
                    .change_password
                    .fields
                    .iter()
                    .any(|f| f.problem.is_some())
                {
                    return Vec::new();
                }
                let old = Secret::new(self.change_password.get("old"));
                let new = Secret::new(self.change_password.get("new"));
                self.change_password.clear_secrets();
                let username = self.username();
                self.call(
                    status::CHANGING_PASSWORD,
                    Effect::ChangePassword { username, old, new },
                )
            }
            Screen::AddProfile => {
                match forms::profile_from(&mut self.add_profile, &self.profiles) {
                    Some(p) => self.call(status::SAVING_PROFILE, Effect::SaveProfile(Box::new(p))),
                    None => Vec::new(),
                }
            }
            Screen::Profiles | Screen::Home => Vec::new(),
        }
    }

    fn on_result(&mut self, action: Action) -> Vec<Effect> {
        self.busy = None;
        match action {
            Action::LocalPoolStarted(p) => {
                self.local_running = true;
                self.profiles.retain(|q| q.name != p.name);
                self.profiles.push((*p).clone());
                self.selected = self
                    .rows()
                    .iter()
                    .position(|r| *r == ProfileRow::LocalPool)
                    .unwrap_or(0);
                self.open(*p)
            }
            Action::ProfileSaved(p) => {
                self.say(StatusKind::Success, status::profile_saved(&p.name));
                self.profiles.retain(|q| q.name != p.name);
                self.profiles.push((*p).clone());
                self.add_profile.clear_all();
                self.open(*p)
            }
            Action::ProfileOpened { session } => {
                self.confirm = forms::confirm(self.is_local());
                match session {
                    Some(s) => self.signed_in(s),
                    None => {
                        self.session = None;
                        self.go(Screen::SignIn);
                    }
                }
                Vec::new()
            }
            Action::SignedUp {
                username,
                confirmed,
                destination,
            } => {
                self.sign_up.clear_secrets();
                if confirmed {
                    self.sign_in.set("username", &username);
                    self.sign_in.focus_on("password");
                    self.go(Screen::SignIn);
                    self.say(StatusKind::Success, status::CONFIRMED);
                } else {
                    self.go(Screen::Confirm);
                    self.confirm.set("username", &username);
                    self.confirm.set("code", "");
                    self.confirm.focus_on("code");
                    let local = self.is_local();
                    self.say(
                        StatusKind::Info,
                        status::code_sent(destination.as_deref(), local),
                    );
                }
                Vec::new()
            }
            Action::Confirmed { username } => {
                self.confirm.clear_all();
                self.sign_in.set("username", &username);
                self.sign_in.focus_on("password");
                self.go(Screen::SignIn);
                self.say(StatusKind::Success, status::CONFIRMED);
                Vec::new()
            }
            Action::CodeResent { destination } => {
                let local = self.is_local();
                self.say(
                    StatusKind::Info,
                    status::code_sent(destination.as_deref(), local),
                );
                Vec::new()
            }
            Action::CodeFetched { code } => {
                self.confirm.set("code", &code);
                self.confirm.focus_on("code");
                if let Some(f) = self.confirm.field_mut("code") {
                    f.problem = None;
                }
                self.say(StatusKind::Info, status::CODE_FILLED);
                Vec::new()
            }
            Action::SignedIn(s) => {
                self.sign_in.clear_secrets();
                self.signed_in(s);
                Vec::new()
            }
            Action::NewPasswordRequired(ch) => {
                self.new_password = forms::new_password(&ch.required_attributes);
                for (k, v) in &ch.user_attributes {
                    self.new_password.set(&format!("attr:{k}"), v);
                }
                self.challenge = Some(ch);
                self.go(Screen::NewPassword);
                self.say(StatusKind::Info, status::NEW_PASSWORD_REQUIRED);
                Vec::new()
            }
            Action::SessionLoaded(s) => {
                self.refresh_tried = false;
                self.session = Some(s);
                Vec::new()
            }
            Action::PasswordChanged => {
                self.change_password.clear_all();
                self.go(Screen::Home);
                self.say(StatusKind::Success, status::PASSWORD_CHANGED);
                Vec::new()
            }
            Action::SignedOut {
                everywhere,
                warnings,
            } => {
                let user = self.username();
                self.session = None;
                self.sign_in.set("username", &user);
                self.sign_in.focus_on("password");
                self.go(Screen::SignIn);
                match warnings.first() {
                    Some(w) => self.say(StatusKind::Warn, w.clone()),
                    None if everywhere => {
                        self.say(StatusKind::Success, status::SIGNED_OUT_EVERYWHERE)
                    }
                    None => self.say(StatusKind::Success, status::SIGNED_OUT),
                }
                Vec::new()
            }
            Action::SessionGone { why } => {
                self.session = None;
                self.go(Screen::SignIn);
                self.say(StatusKind::Warn, why);
                Vec::new()
            }
            Action::Failed(f) => {
                self.failed(f);
                Vec::new()
            }
            Action::Cancelled => Vec::new(),
            _ => Vec::new(),
        }
    }

    fn signed_in(&mut self, s: SessionView) {
        self.say(StatusKind::Success, status::signed_in(&s.username));
        self.session = Some(s);
        self.refresh_tried = false;
        self.challenge = None;
        self.go(Screen::Home);
    }

    fn failed(&mut self, f: Failure) {
        match (self.screen, f.kind.as_ref()) {
            (Screen::SignIn, Some(ErrorKind::UserNotConfirmed)) => {
                let user = self.sign_in.get("username").to_owned();
                self.go(Screen::Confirm);
                self.confirm.set("username", &user);
                self.confirm.focus_on("code");
            }
            (Screen::Confirm, Some(ErrorKind::CodeMismatch | ErrorKind::ExpiredCode)) => {
                if let Some(field) = self.confirm.field_mut("code") {
                    field.problem = Some(f.message.clone());
                }
                self.confirm.focus_on("code");
            }
            (Screen::SignUp, Some(ErrorKind::UsernameExists)) => {
                if let Some(field) = self.sign_up.field_mut("username") {
                    field.problem = Some(f.message.clone());
                }
                self.sign_up.focus_on("username");
            }
            _ => {}
        }
        self.say(StatusKind::Error, f.message);
    }
}
