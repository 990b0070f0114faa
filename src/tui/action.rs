//! The one `Action` enum: every input, intent and worker result the app reacts to.

use super::call::CallId;
use super::screens::ScreenId;
use super::session_view::SessionView;
use crate::auth::Challenge;
use crate::config::Profile;
use crate::secret::Secret;
use crossterm::event::KeyEvent;

/// Something that happened: a key, a tick, a person's intent, or a worker's answer.
#[derive(Debug, Clone)]
pub enum Action {
    // --- from the terminal ---
    Key(KeyEvent),
    Paste(String),
    Resize,
    Tick,

    // --- intents (what a key means on the current screen) ---
    Quit,
    ToggleHelp,
    /// Show or hide the message history (F2).
    ToggleHistory,
    Back,
    /// Esc while a call runs: abort it.
    Cancel,
    Submit,
    NextField,
    PrevField,
    Input(char),
    Backspace,
    Delete,
    CursorLeft,
    CursorRight,
    CursorHome,
    CursorEnd,
    ClearField,
    SelectNext,
    SelectPrev,
    /// Go to another screen (taking along what it needs, e.g. the username typed).
    Go(ScreenId),
    Resend,
    FillCodeFromOutbox,
    /// Sign in through the Hosted UI in the browser.
    HostedSignIn,
    AskSignOut {
        everywhere: bool,
    },
    SignOut {
        everywhere: bool,
    },
    Refresh,
    CopyToken(crate::tui::effect::TokenKind),
    /// Scroll a view by this many rows (negative: up).
    Scroll(i32),
    /// The mouse wheel, by rows (negative: up).
    Wheel(i32),
    /// A left click at this column and row of the terminal.
    Click {
        x: u16,
        y: u16,
    },
    DialogYes,
    DialogNo,
    /// Copy the AWS credentials as `export` lines.
    CopyCredentials,
    /// Ask for an AWS profile name and write the credentials there.
    AskAwsProfile,
    /// Show or hide the `credential_process` line.
    ToggleProcessLine,
    /// Copy the `credential_process` lines.
    CopyProcessLines,
    /// Make the next enabled MFA method the preferred one.
    CyclePreferredMfa,
    /// Ask before forgetting the chosen device.
    AskForgetDevice,
    /// Forget the chosen device (the dialog said yes).
    ForgetDevice,
    /// Mark this machine's device remembered or not.
    SetRemembered(bool),
    /// Check the chosen profile's pool with the pool doctor.
    PoolHealth,
    /// Ask before this admin action (the dialog names the user and the pool).
    AskAdmin(crate::admin::Action),
    /// Do this admin action (the dialog said yes).
    PerformAdmin(crate::admin::Action),

    // --- from the worker ---
    /// The result of the call `CallId`.
    Done(CallId, Outcome),
}

/// What a call came to.
#[derive(Debug, Clone)]
pub enum Outcome {
    LocalPoolStarted(Box<Profile>),
    ProfileSaved(Box<Profile>),
    ProfileOpened {
        session: Option<SessionView>,
    },
    SignedUp {
        username: String,
        confirmed: bool,
        destination: Option<String>,
    },
    Confirmed {
        username: String,
    },
    CodeResent {
        destination: Option<String>,
    },
    /// A password-reset code went out.
    ResetCodeSent {
        destination: Option<String>,
    },
    PasswordReset {
        username: String,
    },
    CodeFetched {
        code: String,
    },
    SignedIn(SessionView),
    /// Signed in, with news of this machine's device (remembered, offered, refused).
    SignedInWithDevice {
        session: SessionView,
        device: Option<DeviceNews>,
        /// A remembered device the pool refused during this sign-in, in words.
        notice: Option<String>,
    },
    /// Cognito asks for more before it signs the user in.
    Challenge(Box<Challenge>),
    SessionLoaded(SessionView),
    PasswordChanged,
    SignedOut {
        everywhere: bool,
        warnings: Vec<String>,
    },
    SessionGone {
        why: String,
        /// Whose session it was, when the screen may not know (the TUI just started).
        user: Option<String>,
    },
    /// A key to enrol: the `otpauth://` URI and the base32 key (shown to the person).
    TotpEnrolment {
        uri: Secret,
        secret: Secret,
    },
    MfaEnabled,
    /// MFA_SETUP's token is associated: the challenge (with its new session) and the key.
    MfaSetupReady {
        challenge: Box<crate::auth::MfaSetupChallenge>,
        uri: Secret,
        secret: Secret,
    },
    /// The pool cannot be reached; the stored session (if any) is what can be shown.
    Unreachable {
        session: Option<SessionView>,
        message: String,
    },
    /// A token was copied; it expires at `expires_at` (server clock, with the local skew).
    Copied {
        which: crate::tui::effect::TokenKind,
        expires_at: i64,
        clock_skew: i64,
    },
    /// The ID token's claims, each as (name, value as JSON text), sorted by name.
    Claims(Vec<(String, String)>),
    Users(Vec<crate::auth::SignedInUser>),
    /// The user's devices, and what was just done to one (for the status line).
    Devices {
        list: Vec<crate::auth::DeviceInfo>,
        note: Option<String>,
    },
    /// Now acting as this user.
    Switched(SessionView),
    /// The identity pool's credentials, described (the keys themselves stay in the worker).
    Credentials(Box<CredsView>),
    /// Text with no secret in it was copied.
    TextCopied,
    /// The credentials were copied as `export` lines; they expire at `expires_at`.
    CredentialsCopied {
        expires_at: i64,
    },
    /// The credentials were written to `path` as section `name`.
    AwsProfileWritten {
        name: String,
        path: String,
        expires_at: i64,
    },
    /// The preferred MFA method changed; the user's view as it is now.
    MfaPreferred(SessionView),
    /// The pool doctor's report on a profile's pool.
    PoolHealth(Box<crate::doctor::Report>),
    /// An answer to one of the admin screen's calls.
    Admin(Box<crate::tui::admin_calls::AdminOutcome>),
    Failed(Failure),
}

/// What became of this machine's device at a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceNews {
    /// The pool remembers every device: this one is remembered now, under `name`.
    Remembered { name: String },
    /// The pool remembers a device on the user's word: ask (the device is tracked as `name`).
    Offer { name: String },
    /// The device offered could not be kept (the sign-in itself went through).
    NotKept { why: String },
}

/// What the credentials screen shows of identity-pool credentials: never the secret key or
/// the session token.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CredsView {
    pub username: Option<String>,
    pub identity_pool_id: String,
    pub identity_id: String,
    /// The role, in words: the token's preferred role, or the pool's authenticated role.
    pub role: String,
    /// The access key id (not a secret: `cogtui creds show` prints it too).
    pub access_key_id: String,
    /// Unix seconds.
    pub expires_at: i64,
    /// They came from the cache.
    pub cached: bool,
    /// The `credential_process` command that gives these credentials to AWS tools.
    pub process_command: String,
}

/// A call that failed, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Failure {
    /// The Cognito error type, when Cognito said no.
    pub kind: Option<crate::cognito::ErrorKind>,
    /// What happened and what to do next.
    pub message: String,
    /// The pool could not be reached (the network, not Cognito, said no).
    pub unreachable: bool,
}

impl Failure {
    /// A failure that is only a message.
    pub fn say(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            ..Self::default()
        }
    }
}

impl Action {
    /// An answer from the worker (as opposed to input or an intent).
    pub fn is_result(&self) -> bool {
        matches!(self, Action::Done(..))
    }
}
