//! What a screen is: its own state behind the `Screen` trait (keys, help, update, results,
//! render), the `Ctx` through which it reaches what the app shares, and the `Arrival` it is
//! handed when the app goes to it.

use super::ScreenId;
use crate::auth::Challenge;
use crate::config::Profile;
use crate::tui::action::{Action, Outcome};
use crate::tui::effect::{Call, Effect};
use crate::tui::shared::{Shared, StatusKind};
use crate::tui::strings::status;
use crate::tui::widgets::form::Form;
use crossterm::event::KeyEvent;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

/// What a screen is handed when the app goes to it.
#[derive(Debug, Clone, Default)]
pub enum Arrival {
    #[default]
    Plain,
    /// The username the person was working with (signing up, confirming, signing in).
    Username(String),
    /// A challenge Cognito sent during sign-in.
    Challenge(Box<Challenge>),
    /// The ID token's claims to show.
    Claims(Vec<(String, String)>),
    /// The users signed in on the profile.
    Users(Vec<crate::auth::SignedInUser>),
    /// The user's devices.
    Devices(Vec<crate::auth::DeviceInfo>),
}

impl Arrival {
    /// `Username` unless the name is empty.
    pub fn username(name: &str) -> Self {
        match name.trim() {
            "" => Self::Plain,
            n => Self::Username(n.to_owned()),
        }
    }
}

/// One screen: its state, its keys, its help, how it changes and how it draws.
pub trait Screen: Send {
    fn title(&self) -> &'static str;
    /// The one-line key reminder at the foot.
    fn footer(&self) -> &'static str;
    /// This screen's own keys for the help overlay (form and global keys are added).
    fn help(&self) -> &'static [(&'static str, &'static str)] {
        &[]
    }
    /// The form being typed in, if the screen is one.
    fn form(&self) -> Option<&Form> {
        None
    }
    /// What a key means here (asked only when no overlay or call takes the keys).
    fn key(&self, k: &KeyEvent) -> Option<Action>;
    /// An intent while this screen shows.
    fn update(&mut self, action: Action, cx: &mut Ctx);
    /// The result of a call this screen made. What it returns the app handles as well
    /// (signed in, the session gone, an error to show...).
    fn on_result(&mut self, outcome: Outcome, _cx: &mut Ctx) -> Option<Outcome> {
        Some(outcome)
    }
    /// The app went to this screen.
    fn enter(&mut self, _arrival: Arrival, _cx: &mut Ctx) {}
    /// The app leaves this screen: secrets typed are wiped.
    fn leave(&mut self) {}
    /// A clock tick (the app redraws on its own when the spinner turns).
    fn tick(&mut self, _cx: &mut Ctx) {}
    /// Whether the screen shows the time, so each new second is drawn.
    fn live(&self) -> bool {
        false
    }
    fn render(&self, shared: &Shared, area: Rect, buf: &mut Buffer);
}

/// A screen's way to the shared state, to calls and to other screens.
pub struct Ctx<'a> {
    pub shared: &'a mut Shared,
    from: ScreenId,
    effects: Vec<Effect>,
    next: Option<(ScreenId, Arrival)>,
}

impl<'a> Ctx<'a> {
    pub fn new(shared: &'a mut Shared, from: ScreenId) -> Self {
        Self {
            shared,
            from,
            effects: Vec::new(),
            next: None,
        }
    }

    /// Starts a call (superseding any in flight); its result comes back to this screen.
    pub fn call(&mut self, label: &'static str, call: Call) {
        let id = self.shared.calls.start(label, self.from);
        self.shared.status = None;
        self.effects.push(Effect::Run(id, call));
    }

    /// Talks to `p` from now on and loads its session.
    pub fn open(&mut self, p: Profile) {
        self.shared.active = Some(p.clone());
        self.call(status::OPENING, Call::OpenProfile(Box::new(p)));
    }

    /// Goes to `to` once this step is done.
    pub fn go(&mut self, to: ScreenId, arrival: Arrival) {
        self.next = Some((to, arrival));
    }

    pub fn say(&mut self, kind: StatusKind, text: impl Into<String>) {
        self.shared.say(kind, text);
    }

    pub fn busy(&self) -> bool {
        self.shared.busy().is_some()
    }

    /// The effects asked for and the screen to go to.
    pub fn finish(self) -> (Vec<Effect>, Option<(ScreenId, Arrival)>) {
        (self.effects, self.next)
    }
}
