//! The pool's triggers: which are set and where each runs (a Lambda function on AWS; a local
//! command or a URL on the local pool), and a CUSTOM_AUTH set that is incomplete.

use super::super::findings::{Finding, Severity};
use super::super::snapshot::Snapshot;
use super::{POOL_UPDATE_RESETS, aws, names};
use crate::cognito::types::LambdaConfigType;

/// (Cognito's name, where it runs) of each trigger set, in Cognito's order.
pub fn configured(l: &LambdaConfigType) -> Vec<(&'static str, String)> {
    let plain = [
        ("PreSignUp", &l.pre_sign_up),
        ("CustomMessage", &l.custom_message),
        ("PostConfirmation", &l.post_confirmation),
        ("PreAuthentication", &l.pre_authentication),
        ("PostAuthentication", &l.post_authentication),
        ("DefineAuthChallenge", &l.define_auth_challenge),
        ("CreateAuthChallenge", &l.create_auth_challenge),
        (
            "VerifyAuthChallengeResponse",
            &l.verify_auth_challenge_response,
        ),
        ("PreTokenGeneration", &l.pre_token_generation),
        ("UserMigration", &l.user_migration),
    ];
    let mut out: Vec<(&'static str, String)> = plain
        .iter()
        .filter_map(|(name, v)| v.as_deref().map(|t| (*name, target(t))))
        .collect();
    let versioned = [
        ("PreTokenGenerationConfig", &l.pre_token_generation_config),
        ("CustomSMSSender", &l.custom_sms_sender),
        ("CustomEmailSender", &l.custom_email_sender),
    ];
    for (name, v) in versioned {
        if let Some(arn) = v.as_ref().and_then(|v| v.lambda_arn.as_deref()) {
            let version = v
                .as_ref()
                .and_then(|v| v.lambda_version.as_deref())
                .map(|x| format!(" (event version {x})"))
                .unwrap_or_default();
            // PreTokenGeneration and PreTokenGenerationConfig name the same function.
            if name == "PreTokenGenerationConfig" {
                out.retain(|(n, _)| *n != "PreTokenGeneration");
            }
            out.push((name, format!("{}{version}", target(arn))));
        }
    }
    out
}

/// Where a trigger runs, in words; a URL without its query or credentials (they may hold a
/// token).
fn target(value: &str) -> String {
    if let Some(cmd) = value.strip_prefix("cmd:") {
        return format!("the local command `{}`", cmd.trim());
    }
    if let Ok(mut url) = url::Url::parse(value) {
        if url.scheme() == "arn" || value.starts_with("arn:") {
            return lambda(value);
        }
        let _ = url.set_username("");
        let _ = url.set_password(None);
        url.set_query(None);
        url.set_fragment(None);
        return format!("a POST to {url}");
    }
    lambda(value)
}

/// `arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]` in words.
fn lambda(arn: &str) -> String {
    let parts: Vec<&str> = arn.split(':').collect();
    match parts.as_slice() {
        [
            "arn",
            _,
            "lambda",
            region,
            account,
            "function",
            name,
            rest @ ..,
        ] => {
            let q = rest.first().map(|q| format!(":{q}")).unwrap_or_default();
            format!("Lambda function {name}{q} in {region} (account {account})")
        }
        _ => format!("`{arn}`"),
    }
}

pub fn check(s: &Snapshot, out: &mut Vec<Finding>) {
    let Some(l) = &s.pool.lambda_config else {
        return;
    };
    let list = configured(l);
    if list.is_empty() {
        return;
    }
    let custom = [
        ("DefineAuthChallenge", l.define_auth_challenge.is_some()),
        ("CreateAuthChallenge", l.create_auth_challenge.is_some()),
        (
            "VerifyAuthChallengeResponse",
            l.verify_auth_challenge_response.is_some(),
        ),
    ];
    let set = custom.iter().filter(|(_, on)| *on).count();
    if set > 0 && set < custom.len() {
        let missing: Vec<&str> = custom
            .iter()
            .filter(|(_, on)| !on)
            .map(|(n, _)| *n)
            .collect();
        out.push(Finding::new(
            "custom-auth-incomplete",
            Severity::Error,
            "CUSTOM_AUTH triggers are incomplete",
            format!(
                "Custom authentication needs DefineAuthChallenge, CreateAuthChallenge and \
                 VerifyAuthChallengeResponse together; {} {} not set, so every CUSTOM_AUTH \
                 sign-in fails.",
                missing.join(" and "),
                if missing.len() == 1 { "is" } else { "are" }
            ),
            format!(
                "Set the missing ones: Cognito console → User pools → {} → Extensions → Add \
                 Lambda trigger → Custom authentication. {POOL_UPDATE_RESETS}",
                names(s).pool
            ),
        ));
    }
    let lines: Vec<String> = list
        .iter()
        .map(|(name, to)| format!("{name} → {to}"))
        .collect();
    // A local pool's triggers are commands or URLs: their output is in the pool's log.
    let logs = if s.profile.endpoint.is_some() {
        "the local pool's log (run it with COGTUI_LOG=warn,cogtui::local::triggers=info to see \
         the handlers' output)"
    } else {
        "CloudWatch Logs, /aws/lambda/NAME"
    };
    out.push(Finding::new(
        "triggers-configured",
        Severity::Info,
        format!(
            "{} trigger{} configured: {}",
            list.len(),
            if list.len() == 1 { "" } else { "s" },
            list.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
        ),
        format!(
            "{}. Each runs on the operations it names: when sign-up, sign-in or tokens behave \
             unexpectedly, look at its logs first ({logs}).",
            lines.join("; ")
        ),
        format!(
            "Nothing to fix. To see them: {}",
            aws(s, "describe-user-pool", "--query UserPool.LambdaConfig")
        ),
    ));
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{healthy, ids};
    use crate::cognito::types::{LambdaConfigType, VersionedLambdaType};

    #[test]
    fn triggers_are_named_with_where_they_run() {
        let mut s = healthy();
        s.pool.lambda_config = Some(LambdaConfigType {
            pre_sign_up: Some("arn:aws:lambda:eu-west-1:123456789012:function:signup".into()),
            post_confirmation: Some("cmd:node post.js".into()),
            pre_token_generation: Some("arn:aws:lambda:eu-west-1:1:function:old".into()),
            pre_token_generation_config: Some(VersionedLambdaType {
                lambda_version: Some("V2_0".into()),
                lambda_arn: Some("http://user:pw@127.0.0.1:9/hook?token=abc".into()),
            }),
            kms_key_id: Some("key".into()),
            ..Default::default()
        });
        let f = super::super::all(&s, &Default::default());
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].id, "triggers-configured");
        assert!(
            f[0].title.contains(
                "3 triggers configured: PreSignUp, PostConfirmation, PreTokenGenerationConfig"
            ),
            "{}",
            f[0].title
        );
        let d = &f[0].detail;
        assert!(
            d.contains("PreSignUp → Lambda function signup in eu-west-1 (account 123456789012)"),
            "{d}"
        );
        assert!(d.contains("the local command `node post.js`"), "{d}");
        assert!(
            d.contains("a POST to http://127.0.0.1:9/hook (event version V2_0)"),
            "{d}"
        );
        assert!(!d.contains("abc") && !d.contains("pw@"), "{d}");
    }

    #[test]
    fn an_incomplete_custom_auth_set_is_an_error() {
        let mut s = healthy();
        s.pool.lambda_config = Some(LambdaConfigType {
            define_auth_challenge: Some("cmd:define".into()),
            ..Default::default()
        });
        assert_eq!(ids(&s), ["custom-auth-incomplete", "triggers-configured"]);
        s.pool.lambda_config = Some(LambdaConfigType::default());
        assert!(ids(&s).is_empty());
    }
}
