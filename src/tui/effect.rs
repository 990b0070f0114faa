//! What `update` asks the worker to do: every network or storage call the UI needs.

use crate::auth::NewPasswordChallenge;
use crate::config::Profile;
use crate::secret::Secret;
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
pub enum Effect {
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
    /// The newest sign-up code for `username` in the local pool's outbox.
    FetchOutboxCode {
        username: String,
    },
    SignIn {
        username: String,
        password: Secret,
    },
    AnswerNewPassword {
        challenge: Box<NewPasswordChallenge>,
        password: Secret,
        attributes: BTreeMap<String, String>,
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
    /// Abort the call in flight.
    Cancel,
}

impl Effect {
    /// Effects that run long enough to show a spinner (and that Esc may cancel).
    pub fn is_call(&self) -> bool {
        !matches!(self, Effect::Cancel)
    }
}
