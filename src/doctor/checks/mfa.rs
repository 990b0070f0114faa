//! The pool's MFA configuration against the methods it allows and against users' enrolment
//! (from a sample of users, said to be one).

use super::super::findings::{Finding, Severity};
use super::super::snapshot::Snapshot;
use super::{aws, names};

/// OFF, ON or OPTIONAL: GetUserPoolMfaConfig's when read, else DescribeUserPool's.
fn mode(s: &Snapshot) -> &str {
    s.mfa
        .as_ref()
        .and_then(|m| m.mfa_configuration.as_deref())
        .or(s.pool.mfa_configuration.as_deref())
        .unwrap_or("OFF")
}

fn console(s: &Snapshot) -> String {
    format!(
        "Cognito console → User pools → {} → Sign-in → Multi-factor authentication",
        names(s).pool
    )
}

const SMS_NOTE: &str = "If the pool also sends SMS codes, pass its --sms-mfa-configuration \
    too (get-user-pool-mfa-config shows it).";

/// MFA on or optional with authenticator apps (TOTP) off.
pub fn pool_methods(s: &Snapshot, out: &mut Vec<Finding>) {
    let mode = mode(s);
    let Some(cfg) = &s.mfa else { return };
    let totp = cfg
        .software_token_mfa_configuration
        .and_then(|t| t.enabled)
        .unwrap_or(false);
    if mode == "OFF" || totp {
        return;
    }
    let others: Vec<&str> = [
        (cfg.sms_mfa_configuration.is_some(), "SMS"),
        (cfg.email_mfa_configuration.is_some(), "email"),
    ]
    .iter()
    .filter(|(on, _)| *on)
    .map(|(_, n)| *n)
    .collect();
    let left = if others.is_empty() {
        "no method at all".to_owned()
    } else {
        format!("only {}", others.join(" and "))
    };
    out.push(Finding::new(
        "mfa-no-authenticator-app",
        Severity::Warning,
        format!("MFA is {mode}, but authenticator apps (TOTP) are turned off"),
        format!(
            "Users have {left} as a second step. Setting up an authenticator app (`cogtui mfa \
             setup`, the TUI's MFA screen, Amplify's TOTP setup) is refused by the pool."
        ),
        format!(
            "Turn authenticator apps on: {} → Authenticator apps. Or: {}. {SMS_NOTE}",
            console(s),
            aws(
                s,
                "set-user-pool-mfa-config",
                &format!(
                    "--software-token-mfa-configuration Enabled=true --mfa-configuration {mode}"
                )
            )
        ),
    ));
}

/// Names of at most five users, and how many more.
fn some_names(users: &[&str]) -> String {
    let shown: Vec<&str> = users.iter().take(5).copied().collect();
    let mut text = shown.join(", ");
    if users.len() > shown.len() {
        text.push_str(&format!(" and {} more", users.len() - shown.len()));
    }
    text
}

/// MFA required with users who have no method; MFA off with users who set one up.
pub fn enrolment(s: &Snapshot, out: &mut Vec<Finding>) {
    let Some(sample) = &s.users else { return };
    let total = sample.users.len();
    if total == 0 {
        return;
    }
    let first = if total == 1 {
        "the first user".to_owned()
    } else {
        format!("the first {total} users")
    };
    let of = match (sample.partial, s.pool.estimated_number_of_users) {
        (true, Some(n)) => {
            format!("a sample: {first} ListUsers gave, of about {n}; others may be the same")
        }
        (true, None) => format!("a sample: {first} ListUsers gave"),
        (false, _) => format!("every user of the pool, {total}"),
    };
    let mode = mode(s);
    let without: Vec<&str> = sample
        .users
        .iter()
        .filter(|u| u.mfa_methods.is_empty())
        .map(|u| u.username.as_str())
        .collect();
    let with: Vec<&str> = sample
        .users
        .iter()
        .filter(|u| !u.mfa_methods.is_empty())
        .map(|u| u.username.as_str())
        .collect();
    if mode == "ON" && !without.is_empty() {
        out.push(Finding::new(
            "mfa-required-not-enrolled",
            Severity::Warning,
            format!(
                "MFA is required, and {} of the users checked have no MFA method",
                without.len()
            ),
            format!(
                "{}. Their next sign-in stops at MFA_SETUP: they must set up an authenticator \
                 app before they get in (cogtui walks them through it; an app that does not \
                 handle MFA_SETUP cannot sign them in). Checked: {of}.",
                some_names(&without)
            ),
            format!(
                "Expected right after turning MFA on: make sure every app the team ships \
                 handles MFA_SETUP, and tell those users. To require MFA only of those who \
                 chose it: {}",
                aws(
                    s,
                    "set-user-pool-mfa-config",
                    "--mfa-configuration OPTIONAL"
                )
            ),
        ));
    }
    if mode == "OFF" && !with.is_empty() {
        out.push(Finding::new(
            "mfa-off-users-enrolled",
            Severity::Info,
            format!(
                "MFA is off, yet {} of the users checked have set up an MFA method",
                with.len()
            ),
            format!(
                "{}: they are never asked for a code, whatever they chose. Checked: {of}.",
                some_names(&with)
            ),
            format!(
                "To honour their choice, make MFA optional: {}. Or: {}.",
                console(s),
                aws(
                    s,
                    "set-user-pool-mfa-config",
                    "--software-token-mfa-configuration Enabled=true --mfa-configuration \
                     OPTIONAL"
                )
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::snapshot::{SampledUser, UserSample};
    use super::super::fixture::{healthy, ids};
    use crate::cognito::types::EnabledConfig;

    fn user(name: &str, methods: &[&str]) -> SampledUser {
        SampledUser {
            username: name.into(),
            status: "CONFIRMED".into(),
            mfa_methods: methods.iter().map(|m| (*m).to_owned()).collect(),
        }
    }

    #[test]
    fn mfa_without_authenticator_apps_is_found() {
        let mut s = healthy();
        let cfg = s.mfa.as_mut().unwrap();
        cfg.software_token_mfa_configuration = Some(EnabledConfig {
            enabled: Some(false),
        });
        cfg.sms_mfa_configuration = Some(serde_json::json!({"SmsConfiguration": {}}));
        let f = super::super::all(&s, &Default::default());
        assert_eq!(f[0].id, "mfa-no-authenticator-app");
        assert!(f[0].detail.contains("only SMS"), "{}", f[0].detail);
        assert!(f[0].fix.contains("--mfa-configuration OPTIONAL"));
    }

    #[test]
    fn required_mfa_with_users_not_enrolled_names_them_and_says_it_was_a_sample() {
        let mut s = healthy();
        s.pool.mfa_configuration = Some("ON".into());
        s.mfa.as_mut().unwrap().mfa_configuration = Some("ON".into());
        s.pool.estimated_number_of_users = Some(500);
        s.users = Some(UserSample {
            users: vec![
                user("ann", &["SOFTWARE_TOKEN_MFA"]),
                user("bob", &[]),
                user("cy", &[]),
            ],
            partial: true,
        });
        let f = super::super::all(&s, &Default::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].id, "mfa-required-not-enrolled");
        assert!(f[0].title.contains("2 of the users"), "{}", f[0].title);
        assert!(f[0].detail.starts_with("bob, cy."), "{}", f[0].detail);
        assert!(f[0].detail.contains("first 3 users"), "{}", f[0].detail);
        assert!(f[0].detail.contains("about 500"), "{}", f[0].detail);
        s.users.as_mut().unwrap().users.truncate(1);
        assert!(ids(&s).is_empty());
    }

    #[test]
    fn mfa_off_with_enrolled_users_is_a_note() {
        let mut s = healthy();
        s.pool.mfa_configuration = Some("OFF".into());
        s.mfa.as_mut().unwrap().mfa_configuration = Some("OFF".into());
        s.pool.device_configuration = None;
        s.users = Some(UserSample {
            users: vec![user("ann", &["SOFTWARE_TOKEN_MFA"]), user("bob", &[])],
            partial: false,
        });
        assert_eq!(ids(&s), ["mfa-off-users-enrolled"]);
    }

    #[test]
    fn long_name_lists_are_cut() {
        let names = ["a", "b", "c", "d", "e", "f", "g"];
        assert_eq!(super::some_names(&names), "a, b, c, d, e and 2 more");
    }
}
