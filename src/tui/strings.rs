//! Every piece of text the TUI shows, in one place: titles, labels, hints, help and the
//! plain-words explanations of errors.

use super::action::Failure;
use crate::auth::AuthError;

pub const APP: &str = "cogtui";
/// Before a placeholder: it is an example, not a value.
pub const EXAMPLE: &str = "e.g.";
pub const TOO_SMALL: &str = "The window is too small";
pub const SPINNER: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

pub mod title {
    pub const MFA_SETUP: &str = "Set up two-step sign-in";
    pub const MFA_CODE: &str = "Sign-in code";
    pub const SELECT_MFA: &str = "How to confirm";
    pub const PROFILES: &str = "Choose a profile";
    pub const ADD_PROFILE: &str = "Add a profile";
    pub const SIGN_UP: &str = "Create an account";
    pub const CONFIRM: &str = "Confirm your account";
    pub const SIGN_IN: &str = "Sign in";
    pub const NEW_PASSWORD: &str = "Choose a new password";
    pub const CHALLENGE: &str = "Answer the challenge";
    pub const HOME: &str = "Account";
    pub const CHANGE_PASSWORD: &str = "Change password";
    pub const FORGOT_PASSWORD: &str = "Reset a forgotten password";
    pub const CLAIMS: &str = "ID token claims";
    pub const USERS: &str = "Signed-in users";
    pub const DEVICES: &str = "Devices";
    pub const FORGET_DEVICE: &str = "Forget device";
    pub const REMEMBER_DEVICE: &str = "Remember this device?";
    pub const CREDS: &str = "AWS credentials";
    pub const HELP: &str = "Keys";
    pub const HISTORY: &str = "Messages (newest first)";
    pub const SIGN_OUT: &str = "Sign out";
    pub const SIGN_OUT_EVERYWHERE: &str = "Sign out everywhere";
}

pub mod label {
    pub const USERNAME: &str = "Username";
    pub const EMAIL: &str = "Email";
    pub const PASSWORD: &str = "Password";
    pub const REPEAT: &str = "Repeat password";
    pub const CODE: &str = "Code";
    pub const OLD_PASSWORD: &str = "Current password";
    pub const NEW_PASSWORD: &str = "New password";
    pub const PROFILE_NAME: &str = "Profile name";
    pub const REGION: &str = "Region";
    pub const POOL_ID: &str = "User pool id";
    pub const CLIENT_ID: &str = "App client id";
    pub const CLIENT_SECRET: &str = "Client secret";
    pub const ENDPOINT: &str = "Endpoint";
}

pub mod hint {
    pub const USERNAME: &str = "the name you sign in with";
    pub const EMAIL: &str = "the confirmation code goes here";
    pub const CODE_LOCAL: &str = "Ctrl-F fills it from the outbox";
    pub const CODE_EMAIL: &str = "in your email; Ctrl-R resends";
    pub const OPTIONAL: &str = "optional";
    pub const POOL_ID: &str = "like us-east-1_AbCdEf123";
    pub const ENDPOINT: &str = "empty for AWS; a local pool's URL";
    pub const SECRET: &str = "only if the client has one";
}

pub mod status {
    pub const MFA_STARTING: &str = "Asking the pool for a new key…";
    pub const CHECKING_CODE: &str = "Checking the code…";
    pub const STARTING_LOCAL: &str = "Starting the local pool";
    pub const OPENING: &str = "Opening the profile";
    pub const SAVING_PROFILE: &str = "Saving the profile";
    pub const SIGNING_UP: &str = "Creating the account";
    pub const CONFIRMING: &str = "Confirming";
    pub const RESENDING: &str = "Sending a new code";
    pub const FETCHING_CODE: &str = "Reading the local outbox";
    pub const SIGNING_IN: &str = "Signing in";
    pub const HOSTED_SIGNING_IN: &str =
        "Signing in through the Hosted UI: finish in the browser (Esc cancels)";
    pub const SETTING_PASSWORD: &str = "Setting the new password";
    pub const REFRESHING: &str = "Refreshing the session";
    pub const CHANGING_PASSWORD: &str = "Changing the password";
    pub const SIGNING_OUT: &str = "Signing out";
    pub const READING_CLAIMS: &str = "Reading the ID token";
    pub const LISTING_USERS: &str = "Reading the signed-in users";
    pub const LISTING_DEVICES: &str = "Reading your devices";
    pub const FORGETTING_DEVICE: &str = "Forgetting the device";
    pub const UPDATING_DEVICE: &str = "Updating this device";
    pub const NO_DEVICES: &str = "No device to forget.";
    pub const NO_CURRENT_DEVICE: &str = "This machine has no device for this user (or the pool does not track devices): sign in again and answer y when asked to remember it, or use `cogtui login --remember-device yes`.";
    pub const THIS_DEVICE_FORGOTTEN: &str = "This machine's device was forgotten and its session ended: sign in again (MFA is asked again).";
    pub fn device_forgotten(key: &str) -> String {
        format!("Forgot device {key}: its sessions ended.")
    }
    pub fn device_remembered(remembered: bool) -> String {
        if remembered {
            "This device is remembered: sign-ins from it skip MFA where the pool allows.".into()
        } else {
            "This device is no longer remembered: sign-ins ask for MFA again.".into()
        }
    }
    pub fn device_remembered_always(name: &str) -> String {
        format!(
            "This pool remembers every device: this machine is remembered as \"{name}\", and \
             sign-ins from it skip MFA where the pool allows (d lists the devices)."
        )
    }
    pub fn remember_offer(name: &str) -> String {
        format!(
            "Remember this device (\"{name}\")? Sign-ins from it then skip MFA; d on the \
             account changes it later."
        )
    }
    pub fn device_not_kept(why: &str) -> String {
        format!("Signed in, but this device could not be kept for later sign-ins: {why}")
    }
    pub const REMEMBERING: &str = "Remembering this device";
    pub const SWITCHING: &str = "Switching the user";
    pub const COPYING: &str = "Copying the token";
    pub const PREFERRING_MFA: &str = "Changing the preferred two-step method";
    pub const ONE_MFA_METHOD: &str = "P chooses between two-step methods, and this account has \
        fewer than two on (m sets up an authenticator app; `cogtui mfa` has the rest).";
    pub const SENDING_RESET: &str = "Sending a reset code";
    pub const RESETTING: &str = "Setting the new password";
    pub const PASSWORD_RESET: &str = "Password reset. Sign in with the new password.";
    pub const CANCELLED: &str = "Cancelled.";
    pub const ESC_CANCELS: &str = "Esc cancels";
    pub const MORE_IN_HISTORY: &str = "(F2 shows all)";
    pub const CONFIRMED: &str = "Account confirmed. Sign in with your password.";
    pub const PASSWORD_CHANGED: &str = "Password changed.";
    pub const WRONG_CURRENT: &str = "The current password is not right.";
    pub const SIGNED_OUT: &str = "Signed out; this session's tokens are revoked.";
    pub const SIGNED_OUT_EVERYWHERE: &str =
        "Signed out everywhere: every session of this user has ended.";
    pub const RESET_CODE_FILLED: &str =
        "Reset code filled in from the local outbox. Now choose the new password.";
    pub const CODE_FILLED: &str = "Code filled in from the local outbox. Press Enter to confirm.";
    pub const HELP_HINT: &str = "F1 help · Ctrl-C quit";
    pub const HELP_HINT_LIST: &str = "? help · q quit";
    pub const NEW_PASSWORD_REQUIRED: &str =
        "This account must choose a new password before it can sign in.";

    pub fn signed_in(user: &str) -> String {
        format!("Signed in as {user}.")
    }
    pub fn code_sent(dest: Option<&str>, local: bool) -> String {
        match (dest, local) {
            (_, true) => "Code sent to the local pool's outbox: press Ctrl-F to fill it in.".into(),
            (Some(d), false) => format!("We sent a code to {d}."),
            (None, false) => "We sent a confirmation code.".into(),
        }
    }
    pub fn unreachable(why: &str) -> String {
        format!(
            "The user pool cannot be reached ({why}). Check the network or the endpoint; r retries."
        )
    }
    pub fn copy_failed(why: &str) -> String {
        format!("Cannot copy to the clipboard ({why}). `cogtui tokens` prints the tokens.")
    }
    pub fn copied(which: crate::tui::effect::TokenKind, expires: &str) -> String {
        let name = match which {
            crate::tui::effect::TokenKind::Id => "ID token",
            crate::tui::effect::TokenKind::Access => "Access token",
        };
        format!("{name} copied to the clipboard (OSC 52); it {expires}.")
    }
    pub fn mfa_preferred(m: crate::auth::MfaMethod) -> String {
        format!(
            "Sign-ins now ask for {} first.",
            crate::tui::strings::mfa::method_name(m)
        )
    }
    pub fn switched(user: &str) -> String {
        format!("Now acting as {user}.")
    }
    pub fn refreshed(expires: &str) -> String {
        format!("Refreshed: the access token {expires}.")
    }
    pub fn no_outbox(at: &str, why: &str) -> String {
        format!("Cannot read a local outbox at {at} ({why}): is this profile a cogtui local pool?")
    }
    pub fn no_code(user: &str, purpose: crate::tui::effect::CodePurpose) -> String {
        match purpose {
            crate::tui::effect::CodePurpose::SignUp => {
                format!("No sign-up code for {user} in the local outbox; Ctrl-R sends one.")
            }
            crate::tui::effect::CodePurpose::ResetPassword => {
                format!("No reset code for {user} in the local outbox; Ctrl-R sends one.")
            }
        }
    }
    pub fn reset_code_sent(dest: Option<&str>, local: bool) -> String {
        match (dest, local) {
            (_, true) => {
                "Reset code sent to the local pool's outbox: press Ctrl-F to fill it in.".into()
            }
            (Some(d), false) => format!("We sent a reset code to {d}."),
            (None, false) => "We sent a reset code.".into(),
        }
    }
    pub fn profile_saved(name: &str) -> String {
        format!("Profile '{name}' saved to the config file.")
    }
}

pub mod problem {
    pub const REQUIRED: &str = "required";
    pub const NOT_EMAIL: &str = "not an email address yet";
    pub const NO_MATCH: &str = "does not match the password";
    pub const MATCHES: &str = "matches";
    pub const POLICY: &str = "does not meet the policy below";
    pub const SPACES: &str = "no spaces";
    pub const SAME_PASSWORD: &str = "the same as the current one";
    pub const NAME_TAKEN: &str = "a profile with this name exists";
    pub const BAD_NAME: &str = "letters, digits, - and _ only";
    pub const BAD_POOL: &str = "like us-east-1_AbCdEf123";
    pub const WRONG_CURRENT: &str = "not right: type it again";
}

pub mod screen {
    pub const PROFILES_INTRO: &str = "Which Cognito user pool do you want to use?";
    pub const LOCAL_POOL: &str = "Local pool";
    pub const LOCAL_POOL_NOTE: &str = "a Cognito-compatible pool in this process, no AWS needed";
    pub const LOCAL_POOL_RUNNING: &str = "running in this process";
    pub const ADD_PROFILE: &str = "Add a profile…";
    pub const ADD_PROFILE_NOTE: &str = "an AWS user pool and app client";
    pub const NO_PROFILES: &str = "No profiles in the config yet.";
    pub const SIGN_IN_INTRO: &str =
        "Your password is checked with SRP: it never leaves this machine.";
    pub const SIGN_IN_NEW: &str =
        "New here? Ctrl-N creates an account · Ctrl-O enters a code · Ctrl-R forgot password";
    pub const FORGOT_INTRO: &str =
        "We send a code to the account's verified email; then choose a new password.";
    pub const FORGOT_RESET_INTRO: &str = "Enter the code we sent and choose a new password.";
    pub const SIGN_UP_INTRO: &str = "Choose a username and a password for this pool.";
    pub const POLICY: &str = "Password policy";
    pub const CONFIRM_INTRO: &str = "Enter the code that was sent when you signed up.";
    pub const NEW_PASSWORD_INTRO: &str =
        "Choose a new password (and fill in what the pool requires).";
    pub const HOME_SIGNED_IN: &str = "Signed in as";
    pub const HOME_EXPIRES: &str = "Access token";
    pub const HOME_MFA: &str = "Two-step";

    /// The user's MFA in words: `on: authenticator app (preferred), email` or `off · m sets it up`.
    pub fn mfa_state(m: &crate::auth::MfaStatus) -> String {
        if m.enabled.is_empty() {
            return "off · m sets up an authenticator app".into();
        }
        let names: Vec<String> = m
            .enabled
            .iter()
            .map(|x| {
                let name = match x {
                    crate::auth::MfaMethod::Totp => "authenticator app",
                    crate::auth::MfaMethod::Sms => "text message",
                    crate::auth::MfaMethod::Email => "email",
                };
                if m.preferred == Some(*x) {
                    format!("{name} (preferred)")
                } else {
                    name.to_owned()
                }
            })
            .collect();
        if m.enabled.len() > 1 {
            format!("on: {} · P changes", names.join(", "))
        } else {
            format!("on: {}", names.join(", "))
        }
    }
    pub const HOME_ATTRIBUTES: &str = "Attributes";
    pub const HOME_NO_ATTRIBUTES: &str = "(loading…)";
    pub const HOME_UNREACHABLE: &str = "The pool cannot be reached: showing the stored session.";
    pub const CLAIMS_INTRO: &str =
        "Decoded from the ID token as stored (not verified here). The token itself is not shown.";
    pub const DEVICES_INTRO: &str =
        "Devices Cognito knows for this user. A remembered one signs in without MFA.";
    pub const NO_DEVICES: &str = "No devices yet: a sign-in that remembers this machine adds one.";
    pub const DIALOG_FORGET_DEVICE: &str =
        "Forget this device? Its sessions end and its next sign-in asks for MFA again.";
    pub const DIALOG_FORGET_THIS_DEVICE: &str =
        "Forget THIS machine's device? You are signed out here, and the next sign-in asks for MFA.";
    /// How long ago, in the largest whole unit.
    pub fn ago(secs: i64) -> String {
        match secs.max(0) {
            s if s < 60 => "just now".into(),
            s if s < 3600 => format!("{} min ago", s / 60),
            s if s < 86_400 => format!("{} h ago", s / 3600),
            s => format!("{} d ago", s / 86_400),
        }
    }
    pub const USERS_INTRO: &str = "Users signed in on this profile. Enter acts as the one chosen.";
    pub const NO_HISTORY: &str = "No messages yet.";
    pub const HOME_RETRY: &str = "r retries";
    pub const HOME_ACTIONS: &str = "c change password · m two-step sign-in · o sign out · O sign out everywhere · r refresh · p profiles";
    pub const DIALOG_SIGN_OUT: &str = "Sign out of this session? Its refresh token is revoked.";
    pub const DIALOG_SIGN_OUT_EVERYWHERE: &str =
        "Sign out everywhere? Every session of this user ends, on every device.";
    pub const DIALOG_KEYS: &str = "y: yes    n / Enter / Esc: no";
    pub const CHANGE_PASSWORD_INTRO: &str =
        "Other sessions keep working until their tokens expire.";

    pub fn expires(remaining: i64) -> String {
        if remaining <= 0 {
            return "expired: r refreshes it".into();
        }
        let (h, m, s) = (remaining / 3600, remaining / 60 % 60, remaining % 60);
        if h > 0 {
            format!("expires in {h}h {m:02}m {s:02}s")
        } else {
            format!("expires in {m}m {s:02}s")
        }
    }
    pub const HELP_CLOSE: &str = " Esc closes ";
    /// The help overlay's foot when it does not fit: it scrolls, and where it is.
    pub fn help_scroll(first: usize, last: usize, total: usize) -> String {
        format!(" ↑↓ PgUp PgDn wheel scroll · {first}-{last} of {total} · Esc closes ")
    }
    pub fn too_small(w: u16, h: u16, min_w: u16, min_h: u16) -> String {
        format!(
            "{w}×{h}: cogtui needs at least {min_w}×{min_h}. Enlarge the window, or Ctrl-C to quit."
        )
    }
}

/// The keys of each screen, for the help overlay: (keys, what they do).
pub mod help {
    pub const GLOBAL: &[(&str, &str)] = &[
        ("Ctrl-C", "quit"),
        ("F1", "this help"),
        ("F2", "the last messages"),
        ("Esc (busy)", "cancel the call in flight"),
    ];
    pub const FORM: &[(&str, &str)] = &[
        ("Tab / ↓", "next field"),
        ("Shift-Tab / ↑", "previous field"),
        ("Enter", "next empty field, or submit"),
        ("Ctrl-U", "clear the field"),
        ("Esc", "back"),
    ];
    pub const PROFILES: &[(&str, &str)] = &[
        ("↑ ↓ / k j", "move"),
        ("Enter", "open the profile"),
        ("a", "add a profile"),
        ("h", "check the pool's health (IAM credentials)"),
        ("PgUp PgDn", "scroll the pool health"),
        ("Esc", "close the pool health"),
        ("?", "this help"),
        ("q", "quit"),
    ];
    pub const SIGN_IN: &[(&str, &str)] = &[
        ("Ctrl-N", "create an account"),
        ("Ctrl-R", "forgot password: reset it with a code"),
        ("Ctrl-O", "enter a confirmation code"),
        ("Ctrl-P", "choose another profile"),
        ("Ctrl-A", "admin: find a user (support staff)"),
        ("Ctrl-B", "sign in in the browser (Hosted UI)"),
    ];
    pub const SIGN_UP: &[(&str, &str)] = &[("Ctrl-O", "I already have a code")];
    pub const CONFIRM: &[(&str, &str)] = &[("Ctrl-R", "send a new code")];
    pub const CONFIRM_LOCAL: &[(&str, &str)] = &[
        ("Ctrl-R", "send a new code"),
        ("Ctrl-F", "fill the code from the local outbox"),
    ];
    pub const FORGOT: &[(&str, &str)] = &[
        ("Enter", "send a reset code, then set the new password"),
        ("Ctrl-O", "I already have a code"),
        ("Ctrl-R", "send a new code"),
    ];
    pub const FORGOT_LOCAL: &[(&str, &str)] = &[
        ("Enter", "send a reset code, then set the new password"),
        ("Ctrl-O", "I already have a code"),
        ("Ctrl-R", "send a new code"),
        ("Ctrl-F", "fill the code from the local outbox"),
    ];
    pub const HOME: &[(&str, &str)] = &[
        ("y", "copy the ID token (OSC 52)"),
        ("Y", "copy the access token (OSC 52)"),
        ("t", "the ID token's claims"),
        ("u", "the signed-in users: switch between them"),
        ("d", "devices: forget one, remember this one"),
        ("i", "AWS credentials from the identity pool"),
        ("a", "sign in another user"),
        ("c", "change password"),
        ("m", "two-step sign-in (QR code)"),
        ("P", "prefer another two-step method (several on)"),
        ("o", "sign out here"),
        ("O", "sign out everywhere"),
        ("r", "refresh the session"),
        ("p", "choose another profile"),
        ("A", "admin: find a user, reset MFA or devices"),
        ("cogtui tokens", "prints the tokens in a shell"),
    ];
    pub const CLAIMS: &[(&str, &str)] = &[
        ("↑ ↓ / k j", "scroll"),
        ("PgUp PgDn", "scroll a page"),
        ("Esc", "back to the account"),
        ("cogtui tokens", "in a shell: print the tokens themselves"),
    ];
    pub const CREDS: &[(&str, &str)] = &[
        ("y", "copy the credentials as export lines (OSC 52)"),
        ("w", "write them to ~/.aws/credentials (asks the name)"),
        ("p", "show the credential_process line for ~/.aws/config"),
        ("c", "copy the credential_process lines (when shown)"),
        ("r", "get new credentials now"),
        ("Esc", "back to the account"),
        ("cogtui creds export", "in a shell: the same export lines"),
    ];
    pub const DEVICES: &[(&str, &str)] = &[
        ("↑ ↓ / k j", "move"),
        ("f", "forget the chosen device (asks first)"),
        (
            "r",
            "remember this machine's device (no MFA where the pool allows)",
        ),
        ("n", "stop remembering this machine's device"),
        ("Esc", "back to the account"),
        ("cogtui devices", "the same in a shell"),
    ];
    pub const USERS: &[(&str, &str)] = &[
        ("↑ ↓ / k j", "move"),
        ("Enter", "act as this user"),
        ("a", "sign in another user"),
        ("Esc", "back to the account"),
    ];
}

/// What went wrong, in plain words, with what to do next.
pub fn explain(e: &AuthError) -> Failure {
    use crate::cognito::ErrorKind as K;
    let kind = e.kind().cloned();
    let server = match e {
        AuthError::Cognito(c) => c.message().unwrap_or_default().to_owned(),
        _ => String::new(),
    };
    let message = match &kind {
        Some(K::NotAuthorized) if server.contains("expired") || server.contains("revoked") => {
            "The session has ended (expired or revoked). Sign in again.".into()
        }
        Some(K::NotAuthorized) => "Wrong username or password.".into(),
        Some(K::UserNotFound) => {
            "No such user in this pool. Check the username, or create an account (Ctrl-N).".into()
        }
        Some(K::UserNotConfirmed) => {
            "This account is not confirmed yet: enter the code it was sent.".into()
        }
        Some(K::UsernameExists) => "That username is taken. Choose another, or sign in.".into(),
        Some(K::CodeMismatch) => {
            "That code is not right. Check it, or send a new one (Ctrl-R).".into()
        }
        Some(K::ExpiredCode) => "That code has expired. Send a new one (Ctrl-R).".into(),
        Some(K::InvalidPassword) => format!(
            "The pool refused the password: {}",
            server.trim_start_matches("Password did not conform with policy: ")
        ),
        Some(K::LimitExceeded | K::TooManyRequests | K::TooManyFailedAttempts) => {
            "Too many attempts. Wait a little and try again.".into()
        }
        Some(K::PasswordResetRequired) => {
            "This account must reset its password first (`cogtui password forgot`).".into()
        }
        Some(K::InvalidParameter) => format!("The pool refused the request: {server}"),
        Some(other) => format!("Cognito said no ({other}): {server}"),
        None => e.to_string(),
    };
    Failure {
        kind,
        message,
        unreachable: false,
    }
}

/// The one-line key reminder at the foot of each screen.
pub mod footer {
    pub const MFA_SETUP: &str = "Enter check code · Esc back · F1 help · Ctrl-C quit";
    pub const MFA_CODE: &str = "Enter check code · Esc back · F1 help · Ctrl-C quit";
    pub const SELECT_MFA: &str = "1-9 choose · Enter the first · Esc back · F1 help · Ctrl-C quit";
    pub const PROFILES: &str =
        "↑↓ move · Enter open · a add a profile · h pool health · ? help · q quit";
    pub const SIGN_IN: &str = "Enter sign in · Ctrl-N new account · Ctrl-O code · \
         Ctrl-R reset password · Ctrl-P profiles · Ctrl-A admin · Ctrl-B browser · Tab next · \
         F1 help · Ctrl-C quit";
    pub const SIGN_UP: &str =
        "Enter next / create · Tab next · Ctrl-O I have a code · Esc back · F1 help · Ctrl-C quit";
    pub const CONFIRM: &str = "Enter confirm · Ctrl-R resend · Esc back · F1 help · Ctrl-C quit";
    pub const CONFIRM_LOCAL: &str =
        "Enter confirm · Ctrl-F fill code · Ctrl-R resend · Esc back · F1 help · Ctrl-C quit";
    pub const FORGOT_SEND: &str =
        "Enter send a code · Ctrl-O I have a code · Esc back · F1 help · Ctrl-C quit";
    pub const FORGOT_RESET: &str =
        "Enter set password · Ctrl-R resend · Esc back · F1 help · Ctrl-C quit";
    pub const FORGOT_RESET_LOCAL: &str =
        "Enter set password · Ctrl-F fill code · Ctrl-R resend · Esc back · F1 help · Ctrl-C quit";
    pub const NEW_PASSWORD: &str =
        "Enter set password · Tab next · Esc back · F1 help · Ctrl-C quit";
    pub const CHALLENGE: &str = "Esc back · F1 help · Ctrl-C quit";
    pub const HOME: &str = "y copy ID token · Y copy access token · i AWS credentials · \
         t claims · u users · d devices · c change password · o sign out · A admin · ? help · \
         q quit";
    pub const CLAIMS: &str = "↑↓ PgUp PgDn scroll · Esc back · ? help · q quit";
    pub const DEVICES: &str =
        "↑↓ move · f forget · r remember · n don't remember · Esc back · ? help · q quit";
    pub const USERS: &str =
        "↑↓ move · Enter switch · a sign in another · Esc back · ? help · q quit";
    pub const CHANGE_PASSWORD: &str = "Enter change · Tab next · Esc back · F1 help · Ctrl-C quit";
    pub const CREDS: &str = "y copy export · w write profile · p credential_process · \
         c copy it · r refresh · Esc back · ? help · q quit";
    pub const CREDS_NAMING: &str = "Enter write · Esc cancel · F1 help · Ctrl-C quit";
    pub const ADD_PROFILE: &str = "Enter next / save · Tab next · Esc back · F1 help · Ctrl-C quit";
    pub const BUSY: &str = "Esc cancel · F1 help · Ctrl-C quit";
}

/// The credentials screen (identity-pool AWS credentials).
pub mod creds {
    pub const GETTING: &str = "Getting AWS credentials";
    pub const COPYING: &str = "Copying the export lines";
    pub const WRITING: &str = "Writing the AWS profile";
    pub const INTRO: &str = "Temporary AWS credentials from the profile's identity pool. The \
        secret key never shows here.";
    pub const POOL: &str = "Identity pool";
    pub const IDENTITY: &str = "Identity";
    pub const ROLE: &str = "Role";
    pub const KEY: &str = "Access key";
    pub const EXPIRES: &str = "Expires";
    pub const CACHED: &str = "  (cached)";
    pub const POOL_ROLE: &str = "the identity pool's authenticated role";
    pub const COPYING_PROCESS: &str = "Copying the credential_process lines";
    pub const PROCESS_COPIED: &str = "The credential_process lines are on the clipboard (OSC 52): \
        paste them into ~/.aws/config.";
    pub const PROCESS_ONE_LINE: &str = "(credential_process is one line; c copies both lines)";
    pub const ACTIONS: &str =
        "y copy export lines · w write an AWS profile · p credential_process · r new ones";
    pub const PROCESS_INTRO: &str = "To let AWS tools get these credentials on their own, \
        paste into ~/.aws/config:";
    pub const PROFILE_NAME: &str = "AWS profile name";
    pub const PROFILE_HINT: &str = "then: aws --profile NAME …";
    pub const NAMING_INTRO: &str = "Write the credentials to ~/.aws/credentials (or \
        AWS_SHARED_CREDENTIALS_FILE) under this name; other sections are kept.";
    pub const NO_HOME: &str =
        "No home folder for ~/.aws/credentials: set AWS_SHARED_CREDENTIALS_FILE to a path.";
    pub const NONE_YET: &str = "No credentials yet: r asks for them.";

    pub fn token_role(arn: &str) -> String {
        format!("{arn} (the ID token's preferred role)")
    }
    /// The Expires row: `in 59m 30s`.
    pub fn countdown(left: i64) -> String {
        if left <= 0 {
            "expired: r gets new ones".into()
        } else {
            super::screen::expires(left).replacen("expires ", "", 1)
        }
    }
    /// For a sentence about the credentials: `they expire in 59m 30s`.
    pub fn they_expire(left: i64) -> String {
        if left <= 0 {
            "they have expired: r gets new ones".into()
        } else {
            format!(
                "they {}",
                super::screen::expires(left).replacen("expires", "expire", 1)
            )
        }
    }
    pub fn no_identity_pool(profile: &str, config: Option<&std::path::Path>) -> String {
        let file = config.map_or_else(|| "the config file".to_owned(), |p| p.display().to_string());
        format!(
            "Profile '{profile}' has no identity pool, so it has no AWS credentials to give. Add \
             identity_pool_id = \"<region>:<uuid>\" to [profiles.{profile}] in {file} (the id \
             is on the identity pool's page in the Cognito console), then open the profile again."
        )
    }
    pub fn no_session(why: &str) -> String {
        format!("AWS credentials need a signed-in user: {why}. Sign in, then press i again.")
    }
    pub fn refused(why: &str) -> String {
        format!("No AWS credentials: {why}")
    }
    pub fn copy_failed(why: &str) -> String {
        format!(
            "Cannot copy to the clipboard ({why}). `cogtui creds export` prints the same lines."
        )
    }
    pub fn copied(expire: &str) -> String {
        format!("Export lines copied to the clipboard (OSC 52): paste them into a shell; {expire}.")
    }
    pub fn written(name: &str, path: &str, expire: &str) -> String {
        format!("Wrote [{name}] in {path} (mode 0600); {expire}. Use it with aws --profile {name}.")
    }
    pub fn got(cached: bool, expire: &str) -> String {
        if cached {
            format!("Credentials from the cache; {expire}.")
        } else {
            format!("New credentials from the identity pool; {expire}.")
        }
    }
    pub fn process_lines(aws_profile: &str, command: &str) -> [String; 2] {
        [
            format!("[profile {aws_profile}]"),
            format!("credential_process = {command}"),
        ]
    }
}

/// Multi-factor sign-in.
pub mod mfa {
    pub const AUTHENTICATOR: &str =
        "This account uses two-step sign-in: type the 6-digit code your authenticator app shows.";
    pub const ASKED: &str = "Enter the sign-in code.";

    pub fn sent_to(destination: Option<&str>) -> String {
        format!(
            "A sign-in code went to {}: type it here.",
            destination.unwrap_or("the account's address")
        )
    }

    pub const SCAN: &str = "Scan the code with your authenticator app, then type the 6-digit \
        code it shows.";
    pub const TOO_SMALL: &str = "The window is too small for the QR code: enlarge it, or type \
        the key below into your authenticator app (time-based, 6 digits).";
    pub const KEY: &str = "Key  ";
    pub const CLI_FOR_URI: &str = "`cogtui mfa setup` in a shell prints the otpauth URI too.";
    pub const ENABLED: &str = "Two-step sign-in is on: sign-ins now ask for the app's code.";
    pub const SETUP_INTRO: &str = "This pool requires two-step sign-in: set up an authenticator \
        app to finish signing in.";

    pub fn changes_in(left: i64) -> String {
        format!("the code changes in {left} s")
    }

    pub const SELECT: &str = "This account has several ways to confirm a sign-in: pick one.";

    pub fn method_name(m: crate::auth::MfaMethod) -> &'static str {
        match m {
            crate::auth::MfaMethod::Totp => "a code from your authenticator app",
            crate::auth::MfaMethod::Sms => "a code by text message",
            crate::auth::MfaMethod::Email => "a code by email",
        }
    }
}

/// The pool-health panel of the profile screen (the pool doctor's findings).
pub mod health {
    pub const TITLE: &str = "Pool health";
    pub const CHECKING: &str = "Reading the pool and app client with IAM credentials…";
    pub const STATUS: &str = "Checking the pool's health";
    pub const STOPPED: &str = "The check was cancelled: h checks again.";
    pub const FAILED: &str = "The pool's health could not be checked:";
    pub const FAILED_STATUS: &str = "The pool's health could not be checked (see the panel).";
    pub const CHOOSE: &str = "Choose a profile (or the running local pool), then h.";
    pub const START_LOCAL: &str = "Start the local pool first (Enter), then h.";
    pub const NO_ADMIN: &str =
        "this cogtui was built without the admin feature, which the pool doctor needs";
    pub const ERROR: &str = "ERROR    ";
    pub const WARNING: &str = "WARNING  ";
    pub const NOTE: &str = "NOTE     ";
    pub const FIX: &str = "fix: ";

    fn plural(n: usize, one: &str, many: &str) -> String {
        format!("{n} {}", if n == 1 { one } else { many })
    }

    /// The panel's first line.
    pub fn summary(errors: usize, warnings: usize, notes: usize, sampled: usize) -> String {
        let head = if errors + warnings == 0 {
            match notes {
                0 => "No problems found.".to_owned(),
                n => format!("No problems found ({}).", plural(n, "note", "notes")),
            }
        } else {
            format!(
                "{}, {}, {}.",
                plural(errors, "error", "errors"),
                plural(warnings, "warning", "warnings"),
                plural(notes, "note", "notes")
            )
        };
        if sampled == 0 {
            head
        } else {
            format!(
                "{head} MFA enrolment checked on {} (a sample).",
                plural(sampled, "user", "users")
            )
        }
    }
}

/// The admin screens (support staff: find a user, reset devices, MFA or password).
pub mod admin {
    pub const TITLE_USERS: &str = "Admin: find a user";
    pub const TITLE_USER: &str = "Admin: user";
    pub const TITLE_CONFIRM: &str = "Admin action";
    pub const FOOTER_USERS: &str =
        "Enter find / open · ↑↓ choose · Esc back · F1 help · Ctrl-C quit";
    pub const FOOTER_USER: &str = "f forget device · F forget all · m reset MFA · p reset password · \
         o sign out everywhere · d disable · e enable · r reload · Esc back · ? help · q quit";
    pub const HELP_USERS: &[(&str, &str)] = &[
        ("Enter", "find (new text), or open the chosen user"),
        ("↑ ↓ / Tab", "choose a user"),
        ("typed", "a username's start, an email, +phone, a sub"),
        ("typed with =", "a ListUsers filter, like name ^= \"Re\""),
        ("nothing", "Enter lists every user (the first 60)"),
        ("Ctrl-U", "clear the search"),
        ("Esc", "back"),
        ("cogtui admin", "the same in a shell"),
    ];
    pub const HELP_USER: &[(&str, &str)] = &[
        ("↑ ↓ / k j", "choose a device"),
        ("f", "forget the chosen device (asks first)"),
        ("F", "forget every device of the user (asks first)"),
        ("m", "reset MFA: turn every method off (asks first)"),
        ("p", "reset the password: a code is sent (asks first)"),
        ("o", "sign the user out everywhere (asks first)"),
        ("d / e", "disable / enable the user (asks first)"),
        ("r", "read the user again"),
        ("Esc", "back to the search"),
        ("audit.log", "every action is recorded in the data dir"),
    ];
    pub const ACTIONS: &str = "f forget the device · F forget all · m reset MFA · p reset \
        password · o sign out everywhere · d disable · e enable · r read again";
    pub const CONNECTING: &str = "Looking for admin credentials";
    pub const FINDING: &str = "Finding users";
    pub const READING: &str = "Reading the user";
    pub const PERFORMING: &str = "Doing it";
    pub const QUERY: &str = "Find";
    pub const QUERY_HINT: &str = "username start, email, +phone, sub";
    pub const QUERY_EXAMPLE: &str = "dora, dora@example.com";
    pub const INTRO: &str = "Find a user over IAM credentials, then reset their devices, MFA \
        or password. Each action asks first and goes to the audit log.";
    pub const NOT_CONNECTED: &str = "Looking for admin credentials…";
    pub const NO_MATCH: &str = "No user matches: try the start of a username, or an email.";
    pub const NO_SEARCH: &str = "Type part of a username (or an email) and press Enter.";
    pub const NO_USER: &str = "No user shown: Esc goes back to the search.";
    pub const DEVICES: &str = "Devices";
    pub const NO_DEVICES: &str = "No devices.";
    pub const USERNAME: &str = "User";
    pub const STATUS: &str = "Status";
    pub const MFA: &str = "MFA";
    pub const EMAIL: &str = "Email";
    pub const MFA_OFF: &str = "off";
    pub const ENABLED: &str = "enabled";
    pub const DISABLED: &str = "DISABLED";

    pub fn credentials(source: &str) -> String {
        format!("Admin credentials: {source}.")
    }
    pub fn found(n: usize, filter: &str) -> String {
        let filter = if filter.is_empty() {
            "(everyone)"
        } else {
            filter
        };
        match n {
            0 => format!("No user matches {filter}."),
            1 => format!("1 user matches {filter}; Enter opens it."),
            n if n >= crate::tui::admin_calls::FIND_LIMIT => {
                format!("The first {n} users matching {filter}; narrow the search for others.")
            }
            n => format!("{n} users match {filter}; ↑↓ chooses, Enter opens."),
        }
    }
    pub fn no_credentials(tried: &str) -> String {
        format!(
            "No IAM credentials for the admin screen. Start cogtui with AWS_PROFILE=NAME (for \
             SSO, `aws sso login --profile NAME` first) or with AWS_ACCESS_KEY_ID and \
             AWS_SECRET_ACCESS_KEY; a local pool uses its own admin key. Enter tries again. \
             Tried: {tried}."
        )
    }
    pub fn unreachable(why: &str) -> String {
        format!("The user pool cannot be reached ({why}). Check the network; try again.")
    }
    pub fn done(action: &str, user: &str, pool: &str, detail: &str, log: &str) -> String {
        format!("Done: {action} for {user} in pool {pool}{detail}. Recorded in {log}.")
    }
    pub fn done_unread(done: &str, why: &str) -> String {
        format!("{done} The user could not be read again: {why}")
    }
    /// The MFA row: the methods on, the preferred one marked.
    pub fn mfa(methods: &[String], preferred: Option<&str>) -> String {
        if methods.is_empty() {
            return MFA_OFF.into();
        }
        methods
            .iter()
            .map(|m| {
                if Some(m.as_str()) == preferred {
                    format!("{m} (preferred)")
                } else {
                    m.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}
