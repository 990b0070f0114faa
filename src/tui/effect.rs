//! What `update` asks the worker to do: run a call (every network or storage call the UI
//! needs), tagged with the id its result will carry, or abort one.

use super::call::CallId;
use crate::auth::{Answer, Challenge};
use crate::config::Profile;
use crate::secret::Secret;

#[derive(Debug, Clone)]
pub enum Effect {
    /// Run `call`; its result comes back as `Action::Done(id, ..)`.
    Run(CallId, Call),
    /// Abort the call `id` if it still runs.
    Cancel(CallId),
}

#[derive(Debug, Clone)]
pub enum Call {
    /// Start the local pool in this process and add the `local` profile. The port of the last
    /// run is tried first: tokens name their issuer by URL, so a stable port keeps a stored
    /// session valid across restarts.
    StartLocalPool {
        prefer_port: Option<u16>,
    },
    /// Add (or replace) a profile in the config file.
    SaveProfile(Box<Profile>),
    /// Talk to this profile from now on; load its signed-in session if there is one.
    OpenProfile(Box<Profile>),
    /// The pool doctor on this profile's pool (IAM credentials; no profile need be open).
    PoolHealth(Box<Profile>),
    SignUp {
        username: String,
        email: String,
        password: Secret,
    },
    ConfirmSignUp {
        username: String,
        code: Secret,
    },
    ResendCode {
        username: String,
    },
    /// The newest code of `purpose` for `username` in the local pool's outbox.
    FetchOutboxCode {
        username: String,
        purpose: CodePurpose,
    },
    /// Send a password-reset code (forgot password).
    ForgotPassword {
        username: String,
    },
    /// Set a new password with the reset code.
    ConfirmForgotPassword {
        username: String,
        code: Secret,
        new: Secret,
    },
    SignIn {
        username: String,
        password: Secret,
    },
    /// Sign in through the Hosted UI: the browser opens, the loopback receives the code.
    HostedSignIn,
    /// Answer the challenge a sign-in step ended on.
    Respond {
        challenge: Box<Challenge>,
        answer: Answer,
    },
    /// Refresh the tokens and reload the user's attributes.
    Refresh {
        username: String,
    },
    ChangePassword {
        username: String,
        old: Secret,
        new: Secret,
    },
    SignOut {
        username: String,
        everywhere: bool,
    },
    /// Ask the pool for a software-token key to enrol.
    BeginTotp {
        username: String,
    },
    /// Finish enrolling with the app's first code; TOTP becomes the preferred MFA.
    ConfirmTotp {
        username: String,
        code: Secret,
    },
    /// MFA_SETUP at sign-in: associate a software token with the sign-in session.
    BeginMfaSetup {
        challenge: Box<crate::auth::MfaSetupChallenge>,
    },
    /// Copy one of the user's tokens to the clipboard (the worker copies; the app never sees it).
    CopyToken {
        username: String,
        which: TokenKind,
    },
    /// The claims of the user's ID token, decoded.
    Claims {
        username: String,
    },
    /// The users signed in on the profile.
    ListUsers,
    /// The user's devices.
    ListDevices {
        username: String,
    },
    ForgetDevice {
        username: String,
        key: String,
    },
    /// This machine's device remembered or not.
    SetRemembered {
        username: String,
        remembered: bool,
    },
    /// Act as another signed-in user of the profile.
    SwitchUser {
        username: String,
    },
    /// The user's AWS credentials from the profile's identity pool (cached ones while they
    /// last, unless `refresh`).
    Credentials {
        username: String,
        refresh: bool,
    },
    /// Copy the credentials as `export` lines (OSC 52; the app never holds them).
    CopyCredentials {
        username: String,
    },
    /// Write the credentials as section `name` of `~/.aws/credentials`.
    WriteAwsProfile {
        username: String,
        name: String,
    },
    /// Copy text that holds no secret (the `credential_process` lines).
    CopyText {
        text: String,
    },
    /// Make `method` the user's preferred second step.
    PreferMfa {
        username: String,
        method: crate::auth::MfaMethod,
    },
    /// A support-staff call on `profile`'s pool over IAM credentials (no user need be
    /// signed in).
    Admin {
        profile: Box<Profile>,
        call: crate::tui::admin_calls::AdminCall,
    },
}

/// Which token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    Id,
    Access,
}

/// What a code in the outbox is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodePurpose {
    /// Confirming a sign-up (the first code, or one sent again).
    SignUp,
    /// Resetting a forgotten password.
    ResetPassword,
}

impl CodePurpose {
    /// The outbox's `purpose` values that count.
    pub fn outbox_purposes(self) -> &'static [&'static str] {
        match self {
            CodePurpose::SignUp => &["sign_up", "resend"],
            CodePurpose::ResetPassword => &["forgot_password"],
        }
    }
}
