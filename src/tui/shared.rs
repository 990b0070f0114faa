//! What the screens share, kept by the app: the profiles and the open one, the signed-in
//! session, the call in flight, the status line, the dialog, the theme and the clock.

use super::action::Action;
use super::call::InFlight;
use super::policy::PasswordPolicy;
use super::session_view::SessionView;
use super::theme::Theme;
use crate::config::Profile;

/// How many past messages the history keeps.
pub const HISTORY: usize = 100;

/// The profile name the local pool uses.
pub const LOCAL: &str = "local";

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

/// A yes/no question over the screen; `yes` goes to the screen that asked.
#[derive(Debug, Clone)]
pub struct Dialog {
    pub title: &'static str,
    /// A fixed question, or one that names what it is about (the admin screen's).
    pub question: std::borrow::Cow<'static, str>,
    pub yes: Action,
}

pub struct Shared {
    pub theme: Theme,
    /// Profiles from the config (the `local` one included once the pool runs).
    pub profiles: Vec<Profile>,
    /// The profile being talked to.
    pub active: Option<Profile>,
    pub local_running: bool,
    pub session: Option<SessionView>,
    /// Why the pool cannot be reached, while it cannot (the account shows it; `r` retries).
    pub unreachable: Option<String>,
    pub status: Option<Status>,
    /// The last messages shown, oldest first, with the time each was said.
    pub history: std::collections::VecDeque<(i64, Status)>,
    /// The message history is shown over the screen.
    pub show_history: bool,
    pub dialog: Option<Dialog>,
    pub policy: PasswordPolicy,
    /// Unix seconds, updated on each tick.
    pub now: i64,
    /// Spinner frame.
    pub frame: usize,
    pub(crate) calls: InFlight,
}

impl Shared {
    pub fn new(theme: Theme, profiles: Vec<Profile>, now: i64) -> Self {
        Self {
            theme,
            profiles,
            active: None,
            local_running: false,
            session: None,
            unreachable: None,
            status: None,
            history: Default::default(),
            show_history: false,
            dialog: None,
            policy: PasswordPolicy::default(),
            now,
            frame: 0,
            calls: InFlight::default(),
        }
    }

    /// The label of the call in flight.
    pub fn busy(&self) -> Option<&'static str> {
        self.calls.pending().map(|p| p.label)
    }

    pub fn is_local(&self) -> bool {
        self.active
            .as_ref()
            .is_some_and(|p| p.name == LOCAL && self.local_running)
    }

    /// Whether the open profile may be a local pool with an outbox (Ctrl-F fills codes from
    /// it): the in-process pool, or any profile with its own endpoint (a `cogtui local serve`).
    /// AWS profiles have no endpoint and no outbox.
    pub fn has_outbox(&self) -> bool {
        self.is_local()
            || self
                .active
                .as_ref()
                .is_some_and(|p| p.endpoint.as_deref().is_some_and(|e| !e.trim().is_empty()))
    }

    /// Shows `text` in the status bar and keeps it in the history; errors and warnings go to
    /// the log too (messages are plain words: they never hold a secret).
    pub fn say(&mut self, kind: StatusKind, text: impl Into<String>) {
        let text = text.into();
        match kind {
            StatusKind::Error => tracing::error!(message = %text, "shown"),
            StatusKind::Warn => tracing::warn!(message = %text, "shown"),
            StatusKind::Info | StatusKind::Success => {}
        }
        if self.history.len() == HISTORY {
            self.history.pop_front();
        }
        self.history.push_back((
            self.now,
            Status {
                kind,
                text: text.clone(),
            },
        ));
        self.status = Some(Status { kind, text });
    }

    /// The signed-in username, or empty.
    pub fn username(&self) -> String {
        self.session
            .as_ref()
            .map(|s| s.username.clone())
            .unwrap_or_default()
    }

    /// The port the local pool had last time (kept in its profile's endpoint).
    pub fn local_port(&self) -> Option<u16> {
        self.profiles
            .iter()
            .find(|p| p.name == LOCAL)
            .and_then(|p| p.endpoint.as_deref())
            .and_then(|e| e.rsplit(':').next())
            .and_then(|port| port.trim_end_matches('/').parse().ok())
    }

    /// Adds `p`, replacing a profile of the same name.
    pub fn upsert(&mut self, p: Profile) {
        self.profiles.retain(|q| q.name != p.name);
        self.profiles.push(p);
    }
}
