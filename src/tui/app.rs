//! The app: what the screens share, one of each screen, and `update`, the only place state
//! changes. `update` routes an action to the app itself (quit, help, cancel, the dialog), to
//! the current screen (its intents) or to the screen whose call a result answers, and returns
//! the `Effect`s the worker must run; it never awaits anything.

use super::action::{Action, DeviceNews, Outcome};
use super::call::CallId;
use super::effect::Effect;
use super::keys::{self, KeyContext};
use super::screens::{self, Arrival, Ctx, Screen, ScreenId};
use super::shared::{Dialog, Shared, StatusKind};
use super::strings::{self, status};
use super::theme::Theme;
use super::widgets::form::Form;
use crate::config::Profile;

pub use super::shared::LOCAL;

pub struct App {
    pub shared: Shared,
    /// One of each screen, indexed by `ScreenId as usize`.
    screens: Vec<Box<dyn Screen>>,
    current: ScreenId,
    pub help: bool,
    /// The first row of the help overlay shown (it scrolls when the keys do not fit).
    pub help_top: usize,
    /// The largest `help_top` the last frame allowed (0 when everything fit).
    pub help_last: std::cell::Cell<usize>,
    pub quit: bool,
    /// Something changed since the last frame.
    pub dirty: bool,
    clock: fn() -> i64,
}

impl App {
    pub fn new(theme: Theme, profiles: Vec<Profile>) -> Self {
        let clock: fn() -> i64 = crate::calendar::unix_now;
        Self {
            shared: Shared::new(theme, profiles, clock()),
            screens: screens::all(),
            current: ScreenId::Profiles,
            help: false,
            help_top: 0,
            help_last: Default::default(),
            quit: false,
            dirty: true,
            clock,
        }
    }

    /// A fixed clock, for tests and snapshots.
    pub fn with_clock(mut self, clock: fn() -> i64) -> Self {
        self.clock = clock;
        self.shared.now = clock();
        self
    }

    /// Effects to run at start: the local pool, or the chosen profile.
    pub fn start(&mut self, local: bool, profile: Option<&str>) -> Vec<Effect> {
        let chosen = profile.and_then(|n| self.shared.profiles.iter().find(|p| p.name == n));
        match (local, chosen.cloned()) {
            (true, _) => self.with(self.current, |_, cx| screens::profiles::start_local(cx)),
            (false, Some(p)) => self.with(self.current, |_, cx| cx.open(p)),
            (false, None) => Vec::new(),
        }
    }

    /// The screen showing.
    pub fn screen(&self) -> ScreenId {
        self.current
    }

    pub fn current(&self) -> &dyn Screen {
        self.screens[self.current as usize].as_ref()
    }

    /// The current screen's form, if it is one.
    pub fn form(&self) -> Option<&Form> {
        self.current().form()
    }

    /// The label of the call in flight.
    pub fn busy(&self) -> Option<&'static str> {
        self.shared.busy()
    }

    pub fn is_local(&self) -> bool {
        self.shared.is_local()
    }

    /// Goes to `to`, handing it `arrival` (as a screen would).
    pub fn show(&mut self, to: ScreenId, arrival: Arrival) -> Vec<Effect> {
        self.dirty = true;
        self.go(to, arrival)
    }

    pub fn key_context(&self) -> KeyContext {
        KeyContext {
            help: self.help,
            history: self.shared.show_history,
            dialog: self.shared.dialog.is_some(),
            busy: self.busy().is_some(),
        }
    }

    /// Changes state for one action; returns what the worker must do.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if !matches!(action, Action::Tick) {
            self.dirty = true;
        }
        match action {
            Action::Key(k) => match keys::action_for(self.key_context(), k, self.current()) {
                Some(a) => self.update(a),
                None => Vec::new(),
            },
            Action::Tick => self.tick(),
            Action::Resize => Vec::new(),
            Action::Quit => {
                self.quit = true;
                self.shared
                    .calls
                    .cancel()
                    .map(Effect::Cancel)
                    .into_iter()
                    .collect()
            }
            Action::ToggleHelp => {
                self.help = !self.help;
                self.help_top = 0;
                Vec::new()
            }
            // The help overlay scrolls by keys and by the wheel.
            Action::Scroll(by) | Action::Wheel(by) if self.help => {
                let top = self.help_top as i64 + i64::from(by);
                self.help_top = top.clamp(0, self.help_last.get() as i64) as usize;
                Vec::new()
            }
            Action::ToggleHistory => {
                self.shared.show_history = !self.shared.show_history;
                Vec::new()
            }
            Action::Cancel => match self.shared.calls.cancel() {
                Some(id) => {
                    self.shared.say(StatusKind::Warn, status::CANCELLED);
                    vec![Effect::Cancel(id)]
                }
                None => Vec::new(),
            },
            Action::DialogNo => {
                self.shared.dialog = None;
                Vec::new()
            }
            Action::DialogYes => match self.shared.dialog.take() {
                Some(d) => self.with(self.current, |s, cx| s.update(d.yes, cx)),
                None => Vec::new(),
            },
            Action::Done(id, outcome) => self.done(id, outcome),
            // A click outside closes an overlay showing keys or messages.
            Action::Click { .. } if self.help || self.shared.show_history => {
                self.help = false;
                self.shared.show_history = false;
                Vec::new()
            }
            // While a call runs, or an overlay is up, the screen takes no intents.
            _ if self.busy().is_some()
                || self.help
                || self.shared.show_history
                || self.shared.dialog.is_some() =>
            {
                Vec::new()
            }
            // Moving on by hand: the last screen's message is not this one's.
            intent @ (Action::Go(_) | Action::Back) => {
                self.shared.status = None;
                self.with(self.current, |s, cx| s.update(intent, cx))
            }
            intent => self.with(self.current, |s, cx| s.update(intent, cx)),
        }
    }

    fn tick(&mut self) -> Vec<Effect> {
        let now = (self.clock)();
        if self.busy().is_some() {
            self.shared.frame = self.shared.frame.wrapping_add(1);
            self.dirty = true;
        }
        if now != self.shared.now {
            self.shared.now = now;
            self.dirty |= self.current().live();
        }
        let effects = self.with(self.current, |s, cx| s.tick(cx));
        self.dirty |= !effects.is_empty();
        effects
    }

    /// A call's result: dropped unless it answers the call in flight (one cancelled or
    /// superseded does not), else handed to the screen that made the call, then to the app.
    fn done(&mut self, id: CallId, outcome: Outcome) -> Vec<Effect> {
        let Some(pending) = self.shared.calls.finish(id) else {
            tracing::debug!(?id, "a stale result is dropped");
            return Vec::new();
        };
        let mut passed = None;
        let mut effects = self.with(pending.from, |s, cx| passed = s.on_result(outcome, cx));
        if let Some(o) = passed {
            effects.extend(self.with(self.current, |_, cx| settle(o, cx)));
        }
        effects
    }

    /// Runs `f` on screen `id` with a `Ctx`, then goes where it asked to go.
    fn with(&mut self, id: ScreenId, f: impl FnOnce(&mut dyn Screen, &mut Ctx)) -> Vec<Effect> {
        let mut cx = Ctx::new(&mut self.shared, id);
        // `screens` is built from the same list as `ScreenId`: every id has its screen.
        f(self.screens[id as usize].as_mut(), &mut cx);
        let (mut effects, next) = cx.finish();
        if let Some((to, arrival)) = next {
            effects.extend(self.go(to, arrival));
        }
        effects
    }

    fn go(&mut self, to: ScreenId, arrival: Arrival) -> Vec<Effect> {
        self.screens[self.current as usize].leave();
        self.current = to;
        self.with(to, |s, cx| s.enter(arrival, cx))
    }
}

/// What the app does with a result whatever screen asked: the profile and the session are
/// shared, and an error is shown in the status bar.
fn settle(outcome: Outcome, cx: &mut Ctx) {
    match outcome {
        Outcome::LocalPoolStarted(p) => {
            cx.shared.local_running = true;
            cx.shared.upsert((*p).clone());
            cx.open(*p);
        }
        Outcome::ProfileOpened { session: Some(s) } | Outcome::SignedIn(s) => {
            cx.shared.unreachable = None;
            cx.say(StatusKind::Success, status::signed_in(&s.username));
            cx.shared.session = Some(s);
            cx.go(ScreenId::Home, Arrival::Plain);
        }
        Outcome::SignedInWithDevice {
            session,
            device,
            notice,
        } => {
            settle(Outcome::SignedIn(session), cx);
            if let Some(n) = notice {
                cx.say(StatusKind::Warn, n);
            }
            match device {
                Some(DeviceNews::Remembered { name }) => {
                    cx.say(StatusKind::Success, status::device_remembered_always(&name))
                }
                Some(DeviceNews::Offer { name }) => {
                    cx.shared.dialog = Some(Dialog {
                        title: strings::title::REMEMBER_DEVICE,
                        question: status::remember_offer(&name).into(),
                        yes: Action::SetRemembered(true),
                    })
                }
                Some(DeviceNews::NotKept { why }) => {
                    cx.say(StatusKind::Warn, status::device_not_kept(&why))
                }
                None => {}
            }
        }
        Outcome::ProfileOpened { session: None } => {
            cx.shared.session = None;
            cx.go(ScreenId::SignIn, Arrival::Plain);
        }
        Outcome::Challenge(ch) => cx.go(ScreenId::Challenge, Arrival::Challenge(ch)),
        Outcome::SignedOut {
            everywhere,
            warnings,
        } => {
            let user = cx.shared.username();
            cx.shared.session = None;
            cx.go(ScreenId::SignIn, Arrival::username(&user));
            match warnings.into_iter().next() {
                Some(w) => cx.say(StatusKind::Warn, w),
                None if everywhere => cx.say(StatusKind::Success, status::SIGNED_OUT_EVERYWHERE),
                None => cx.say(StatusKind::Success, status::SIGNED_OUT),
            }
        }
        Outcome::SessionGone { why, user } => {
            // Signing in again is the way on: the name is already there.
            let user = user.unwrap_or_else(|| cx.shared.username());
            cx.shared.session = None;
            cx.go(ScreenId::SignIn, Arrival::username(&user));
            cx.say(StatusKind::Warn, why);
        }
        Outcome::Unreachable {
            session: Some(s),
            message,
        } => {
            cx.shared.session = Some(s);
            cx.shared.unreachable = Some(message.clone());
            cx.go(ScreenId::Home, Arrival::Plain);
            cx.say(StatusKind::Error, message);
        }
        Outcome::Unreachable {
            session: None,
            message,
        } => cx.say(StatusKind::Error, message),
        Outcome::Switched(s) => {
            cx.say(StatusKind::Success, status::switched(&s.username));
            cx.shared.session = Some(s);
            cx.shared.unreachable = None;
            cx.go(ScreenId::Home, Arrival::Plain);
        }
        Outcome::Copied {
            which,
            expires_at,
            clock_skew,
        } => {
            let left = expires_at - (cx.shared.now - clock_skew);
            let text = status::copied(which, &strings::screen::expires(left));
            cx.say(StatusKind::Success, text);
        }
        Outcome::Claims(list) => cx.go(ScreenId::Claims, Arrival::Claims(list)),
        Outcome::Users(list) => cx.go(ScreenId::Users, Arrival::Users(list)),
        Outcome::Devices { list, note } => {
            if let Some(n) = note {
                cx.say(StatusKind::Success, n);
            }
            cx.go(ScreenId::Devices, Arrival::Devices(list));
        }
        Outcome::Failed(f) => {
            if f.unreachable && cx.shared.session.is_some() {
                cx.shared.unreachable = Some(f.message.clone());
            }
            cx.say(StatusKind::Error, f.message)
        }
        // Results the screen that asked handles itself; nothing is left to do here.
        Outcome::ProfileSaved(_)
        | Outcome::SignedUp { .. }
        | Outcome::Confirmed { .. }
        | Outcome::CodeResent { .. }
        | Outcome::ResetCodeSent { .. }
        | Outcome::PasswordReset { .. }
        | Outcome::CodeFetched { .. }
        | Outcome::SessionLoaded(_)
        | Outcome::PasswordChanged
        | Outcome::TotpEnrolment { .. }
        | Outcome::MfaEnabled
        | Outcome::MfaSetupReady { .. }
        | Outcome::Credentials(_)
        | Outcome::CredentialsCopied { .. }
        | Outcome::TextCopied
        | Outcome::AwsProfileWritten { .. }
        | Outcome::MfaPreferred(_)
        | Outcome::PoolHealth(_)
        | Outcome::Admin(_) => {}
    }
}
