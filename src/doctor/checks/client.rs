//! The app client as cogtui uses it from a terminal: SRP and refresh allowed, no secret (or at
//! least the profile has it), refresh tokens that last as long as the team expects.

use super::super::findings::{Finding, Severity};
use super::super::snapshot::{Expectations, Snapshot, say_duration};
use super::{CLIENT_UPDATE_RESETS, aws, client_console, names};

/// The client's flows, as Cognito applies them: none listed means its defaults.
struct Flows {
    list: Vec<String>,
    /// `ALLOW_…` values (otherwise the legacy ones, or none).
    modern: bool,
}

impl Flows {
    fn of(s: &Snapshot) -> Self {
        let list = s.client.explicit_auth_flows.clone().unwrap_or_default();
        let modern = list.iter().any(|f| f.starts_with("ALLOW_"));
        Self { list, modern }
    }

    fn has(&self, f: &str) -> bool {
        self.list.iter().any(|x| x == f)
    }

    /// With no flows listed Cognito allows SRP, custom auth and refresh; with legacy values
    /// SRP is on unless CUSTOM_AUTH_FLOW_ONLY.
    fn srp(&self) -> bool {
        if self.list.is_empty() {
            return true;
        }
        if self.modern {
            self.has("ALLOW_USER_SRP_AUTH")
        } else {
            !self.has("CUSTOM_AUTH_FLOW_ONLY")
        }
    }

    fn refresh(&self) -> bool {
        self.list.is_empty() || !self.modern || self.has("ALLOW_REFRESH_TOKEN_AUTH")
    }

    /// The list with `add` on, as `ALLOW_…` values for `--explicit-auth-flows`.
    fn with(&self, add: &[&str]) -> String {
        let mut out: Vec<String> = self
            .list
            .iter()
            .filter(|f| f.starts_with("ALLOW_"))
            .cloned()
            .collect();
        for a in add {
            if !out.iter().any(|f| f == a) {
                out.push((*a).to_owned());
            }
        }
        out.join(" ")
    }
}

/// USER_SRP_AUTH and REFRESH_TOKEN_AUTH allowed.
pub fn auth_flows(s: &Snapshot, out: &mut Vec<Finding>) {
    let flows = Flows::of(s);
    let n = names(s);
    let wanted = flows.with(&["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]);
    let fix = format!(
        "Allow it: {}. Or: {}. {CLIENT_UPDATE_RESETS}",
        client_console(s, "Edit → Authentication flows → ALLOW_USER_SRP_AUTH"),
        aws(
            s,
            "update-user-pool-client",
            &format!("--client-id {} --explicit-auth-flows {wanted}", n.client)
        )
    );
    if !flows.srp() {
        let password = if flows.has("ALLOW_USER_PASSWORD_AUTH") || flows.has("USER_PASSWORD_AUTH") {
            " `cogtui login --user-password-auth` still works, but sends the password itself \
             to Cognito."
        } else {
            ""
        };
        out.push(Finding::new(
            "srp-not-allowed",
            Severity::Error,
            format!(
                "App client {} does not allow SRP sign-in (USER_SRP_AUTH)",
                n.client_label
            ),
            format!(
                "cogtui signs in with SRP, as Amplify and amazon-cognito-identity-js do, so the \
                 password never leaves the machine. This client refuses it: sign-in fails with \
                 \"USER_SRP_AUTH flow not enabled for this client\".{password}"
            ),
            fix.clone(),
        ));
    }
    if !flows.refresh() {
        out.push(Finding::new(
            "refresh-not-allowed",
            Severity::Error,
            format!(
                "App client {} does not allow refresh (REFRESH_TOKEN_AUTH)",
                n.client_label
            ),
            "Sessions cannot be renewed: when the access token expires (an hour by default) \
             every user has to sign in again, MFA included."
                .to_owned(),
            fix,
        ));
    }
}

/// A secret on a client used from a terminal, and whether the profile has it.
pub fn secret(s: &Snapshot, out: &mut Vec<Finding>) {
    let n = names(s);
    let public = format!(
        "Use an app client without a secret for terminals and mobile apps (a secret cannot be \
         taken off a client): {}, then point the profile at it with `cogtui profile add {} \
         --user-pool-id {} --client-id NEW_CLIENT_ID`.",
        aws(
            s,
            "create-user-pool-client",
            "--client-name cli --no-generate-secret --explicit-auth-flows ALLOW_USER_SRP_AUTH \
             ALLOW_REFRESH_TOKEN_AUTH"
        ),
        s.profile.name,
        n.pool
    );
    match (s.client_has_secret, s.profile.has_client_secret) {
        (true, false) => out.push(Finding::new(
            "client-secret-not-in-profile",
            Severity::Error,
            format!(
                "App client {} has a secret, and profile `{}` does not",
                n.client_label, s.profile.name
            ),
            "Cognito wants a SECRET_HASH, made with the secret, on every sign-up, sign-in and \
             refresh with this client: without it each is refused (\"Unable to verify secret \
             hash for client\")."
                .to_owned(),
            format!(
                "{public} For a test setup only, give the profile the secret instead: `cogtui \
                 profile add {} --user-pool-id {} --client-id {} --client-secret-stdin`.",
                s.profile.name, n.pool, n.client
            ),
        )),
        (true, true) => out.push(Finding::new(
            "client-secret",
            Severity::Warning,
            format!(
                "App client {} has a secret but is used from a terminal",
                n.client_label
            ),
            "A secret shipped in a CLI, a desktop or a mobile app is not secret: anyone with \
             the app or its config can read it. Cognito's guidance is a public client (no \
             secret) there; the secret is for servers."
                .to_owned(),
            public,
        )),
        (false, true) => out.push(Finding::new(
            "profile-secret-unneeded",
            Severity::Warning,
            format!(
                "Profile `{}` keeps a client secret, but app client {} has none",
                s.profile.name, n.client_label
            ),
            "cogtui adds a SECRET_HASH made with it to each call; the client has no secret, so \
             the profile holds a secret it does not need (and Cognito may refuse the hash)."
                .to_owned(),
            format!(
                "Write the profile again without it: `cogtui profile add {} --user-pool-id {} \
                 --client-id {}`.",
                s.profile.name, n.pool, n.client
            ),
        )),
        (false, false) => {}
    }
}

/// The refresh token's life in seconds (Cognito's default: 30 days; unit default: days).
pub fn refresh_seconds(s: &Snapshot) -> u64 {
    let value = s.client.refresh_token_validity.unwrap_or(30);
    let unit = s
        .client
        .token_validity_units
        .as_ref()
        .and_then(|u| u.refresh_token.as_deref())
        .unwrap_or("days");
    let per = match unit {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3_600,
        _ => 86_400,
    };
    value.saturating_mul(per)
}

/// Refresh tokens shorter than expected.
pub fn refresh_validity(s: &Snapshot, expect: &Expectations, out: &mut Vec<Finding>) {
    let secs = refresh_seconds(s);
    if secs >= expect.refresh_seconds {
        return;
    }
    let n = names(s);
    let want_days = expect.refresh_seconds.div_ceil(86_400).max(1);
    out.push(Finding::new(
        "refresh-token-short",
        Severity::Warning,
        format!(
            "Refresh tokens of app client {} last {}, less than the {} expected",
            n.client_label,
            say_duration(secs),
            say_duration(expect.refresh_seconds)
        ),
        format!(
            "A session ends when its refresh token expires: every {} each user signs in again \
             (MFA included), in cogtui and in the team's apps.",
            say_duration(secs)
        ),
        format!(
            "Make it longer: {}. Or: {}. {CLIENT_UPDATE_RESETS} If the short life is wanted, \
             pass `--expect-refresh {}` to the doctor.",
            client_console(s, "Edit → Token expiration → Refresh token expiration"),
            aws(
                s,
                "update-user-pool-client",
                &format!(
                    "--client-id {} --refresh-token-validity {want_days} \
                     --token-validity-units RefreshToken=days",
                    n.client
                )
            ),
            compact(secs)
        ),
    ));
}

/// `30d`, `12h`, `90m`, `45s`: as `--expect-refresh` takes it.
fn compact(secs: u64) -> String {
    if secs.is_multiple_of(86_400) {
        format!("{}d", secs / 86_400)
    } else if secs.is_multiple_of(3_600) {
        format!("{}h", secs / 3_600)
    } else if secs.is_multiple_of(60) {
        format!("{}m", secs / 60)
    } else {
        format!("{secs}s")
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{healthy, ids};
    use crate::cognito::types::TokenValidityUnitsType;

    #[test]
    fn srp_missing_is_an_error_and_the_fix_keeps_the_other_flows() {
        let mut s = healthy();
        s.client.explicit_auth_flows = Some(vec![
            "ALLOW_USER_PASSWORD_AUTH".into(),
            "ALLOW_REFRESH_TOKEN_AUTH".into(),
        ]);
        let f = super::super::all(&s, &Default::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].id, "srp-not-allowed");
        assert!(f[0].detail.contains("--user-password-auth"));
        assert!(
            f[0].fix.contains(
                "--explicit-auth-flows ALLOW_USER_PASSWORD_AUTH ALLOW_REFRESH_TOKEN_AUTH \
                 ALLOW_USER_SRP_AUTH"
            ),
            "{}",
            f[0].fix
        );
    }

    #[test]
    fn default_and_legacy_flows_allow_srp() {
        let mut s = healthy();
        s.client.explicit_auth_flows = None;
        assert!(ids(&s).is_empty());
        s.client.explicit_auth_flows = Some(vec!["USER_PASSWORD_AUTH".into()]);
        assert!(ids(&s).is_empty());
        s.client.explicit_auth_flows = Some(vec!["CUSTOM_AUTH_FLOW_ONLY".into()]);
        assert_eq!(ids(&s), ["srp-not-allowed"]);
    }

    #[test]
    fn refresh_missing_is_an_error() {
        let mut s = healthy();
        s.client.explicit_auth_flows = Some(vec!["ALLOW_USER_SRP_AUTH".into()]);
        assert_eq!(ids(&s), ["refresh-not-allowed"]);
    }

    #[test]
    fn a_secret_is_an_error_without_the_profile_having_it_else_a_warning() {
        let mut s = healthy();
        s.client_has_secret = true;
        assert_eq!(ids(&s), ["client-secret-not-in-profile"]);
        s.profile.has_client_secret = true;
        assert_eq!(ids(&s), ["client-secret"]);
        s.client_has_secret = false;
        assert_eq!(ids(&s), ["profile-secret-unneeded"]);
    }

    #[test]
    fn refresh_validity_is_read_in_its_units_against_the_expectation() {
        let mut s = healthy();
        s.client.refresh_token_validity = Some(12);
        s.client.token_validity_units = Some(TokenValidityUnitsType {
            refresh_token: Some("hours".into()),
            ..Default::default()
        });
        assert_eq!(super::refresh_seconds(&s), 12 * 3_600);
        let f = super::super::all(&s, &Default::default());
        assert_eq!(f[0].id, "refresh-token-short");
        assert!(f[0].title.contains("12 hours"), "{}", f[0].title);
        assert!(f[0].fix.contains("--expect-refresh 12h"), "{}", f[0].fix);
        s.client.refresh_token_validity = Some(48);
        assert!(ids(&s).is_empty());
        let month = super::super::super::Expectations {
            refresh_seconds: 30 * 86_400,
            ..Default::default()
        };
        let f = super::super::all(&s, &month);
        assert_eq!(f[0].id, "refresh-token-short");
        assert!(
            f[0].fix.contains("--refresh-token-validity 30"),
            "{}",
            f[0].fix
        );
    }
}
