//! The checks: pure functions from a `Snapshot` to findings, one file per concern, so each is
//! tested without a pool. `all` runs every one.

mod client;
mod devices;
mod hosted_ui;
mod mfa;
mod triggers;

use super::findings::Finding;
use super::snapshot::{Expectations, Snapshot};

/// Every check, in the order reports list findings of the same severity.
pub fn all(s: &Snapshot, expect: &Expectations) -> Vec<Finding> {
    let mut out = Vec::new();
    client::auth_flows(s, &mut out);
    client::secret(s, &mut out);
    client::refresh_validity(s, expect, &mut out);
    devices::check(s, &mut out);
    mfa::pool_methods(s, &mut out);
    mfa::enrolment(s, &mut out);
    hosted_ui::check(s, &mut out);
    hosted_ui::cogtui_callback(s, expect, &mut out);
    triggers::check(s, &mut out);
    unread(s, &mut out);
    out
}

/// What could not be read: the checks that needed it were skipped.
fn unread(s: &Snapshot, out: &mut Vec<Finding>) {
    for u in &s.unread {
        out.push(Finding::new(
            "not-checked",
            super::Severity::Info,
            format!(
                "{} could not be read, so what needs it was not checked",
                u.operation
            ),
            u.reason.clone(),
            format!(
                "Give the credentials cognito-idp:{} on the pool (the doctor only reads), then \
                 run the doctor again.",
                u.operation
            ),
        ));
    }
}

/// The names a check's text uses.
struct Names<'a> {
    pool: &'a str,
    client: &'a str,
    /// `name (id)` of the client.
    client_label: String,
}

fn names(s: &Snapshot) -> Names<'_> {
    let pool = s.pool.id.as_deref().unwrap_or_default();
    let client = s.client.client_id.as_deref().unwrap_or_default();
    let client_label = match s.client.client_name.as_deref() {
        Some(n) if !n.is_empty() => format!("`{n}` ({client})"),
        _ => format!("`{client}`"),
    };
    Names {
        pool,
        client,
        client_label,
    }
}

/// `aws cognito-idp OP --user-pool-id P [rest] --region R [--endpoint-url E]`: the exact
/// command, for the pool the profile points at.
fn aws(s: &Snapshot, op: &str, rest: &str) -> String {
    let n = names(s);
    let mut cmd = format!("aws cognito-idp {op} --user-pool-id {}", n.pool);
    if !rest.is_empty() {
        cmd.push(' ');
        cmd.push_str(rest);
    }
    cmd.push_str(&format!(" --region {}", s.profile.region));
    if let Some(e) = &s.profile.endpoint {
        cmd.push_str(&format!(" --endpoint-url {e}"));
    }
    cmd
}

/// The reminder every `update-user-pool-client` fix needs: it resets what it leaves out.
const CLIENT_UPDATE_RESETS: &str = "update-user-pool-client sets every setting you leave out \
    back to its default: first run describe-user-pool-client and pass its other settings too \
    (or change it in the console, which keeps them).";

/// The same for `update-user-pool`.
const POOL_UPDATE_RESETS: &str = "update-user-pool sets every setting you leave out back to \
    its default (MFA, triggers, device settings): first run describe-user-pool and pass its \
    other settings too (or change it in the console, which keeps them).";

/// The console place of the app client's settings.
fn client_console(s: &Snapshot, section: &str) -> String {
    let n = names(s);
    format!(
        "Cognito console → User pools → {} → App integration → App clients → {} → {section}",
        n.pool, n.client_label
    )
}

#[cfg(test)]
pub(super) mod fixture {
    //! A healthy snapshot the checks' tests spoil one setting at a time.
    use super::super::snapshot::{ProfileView, Snapshot};
    use crate::cognito::types::{
        DeviceConfigurationType, EnabledConfig, PoolMfaConfig, UserPoolClientType, UserPoolType,
    };

    pub fn healthy() -> Snapshot {
        Snapshot {
            profile: ProfileView {
                name: "dev".into(),
                region: "eu-west-1".into(),
                endpoint: None,
                has_client_secret: false,
                hosted_ui_domain: None,
            },
            pool: UserPoolType {
                id: Some("eu-west-1_Pool".into()),
                mfa_configuration: Some("OPTIONAL".into()),
                device_configuration: Some(DeviceConfigurationType {
                    challenge_required_on_new_device: Some(true),
                    device_only_remembered_on_user_prompt: Some(true),
                }),
                estimated_number_of_users: Some(3),
                ..Default::default()
            },
            client: UserPoolClientType {
                client_id: Some("client1".into()),
                client_name: Some("cli".into()),
                explicit_auth_flows: Some(vec![
                    "ALLOW_USER_SRP_AUTH".into(),
                    "ALLOW_REFRESH_TOKEN_AUTH".into(),
                ]),
                refresh_token_validity: Some(30),
                ..Default::default()
            },
            client_has_secret: false,
            mfa: Some(PoolMfaConfig {
                software_token_mfa_configuration: Some(EnabledConfig {
                    enabled: Some(true),
                }),
                mfa_configuration: Some("OPTIONAL".into()),
                ..Default::default()
            }),
            users: None,
            unread: Vec::new(),
        }
    }

    pub fn ids(s: &Snapshot) -> Vec<&'static str> {
        super::all(s, &Default::default())
            .iter()
            .map(|f| f.id)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::fixture::*;

    #[test]
    fn a_healthy_pool_has_no_findings() {
        assert!(ids(&healthy()).is_empty(), "{:?}", ids(&healthy()));
    }

    #[test]
    fn reads_refused_are_notes_naming_the_permission() {
        let mut s = healthy();
        s.unread.push(super::super::snapshot::Unread {
            operation: "ListUsers",
            reason: "the IAM credentials may not do this".into(),
        });
        let f = super::all(&s, &Default::default());
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].id, "not-checked");
        assert_eq!(f[0].severity, crate::doctor::Severity::Info);
        assert!(f[0].fix.contains("cognito-idp:ListUsers"), "{}", f[0].fix);
    }

    #[test]
    fn fixes_name_the_pool_region_and_a_local_endpoint() {
        let mut s = healthy();
        s.profile.endpoint = Some("http://127.0.0.1:9229".into());
        let cmd = super::aws(&s, "describe-user-pool", "");
        assert_eq!(
            cmd,
            "aws cognito-idp describe-user-pool --user-pool-id eu-west-1_Pool --region \
             eu-west-1 --endpoint-url http://127.0.0.1:9229"
        );
    }
}
