//! Export formats as pure functions: env lines for sh, fish, PowerShell, cmd and dotenv, JSON,
//! the `credential_process` JSON (Version 1), and the environment `cogtui exec` sets.

use crate::session::AwsCredentials;
use serde_json::json;

/// `cogtui creds export --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Sh,
    Fish,
    Powershell,
    Cmd,
    Dotenv,
    Json,
}

/// `2026-11-05T09:04:07Z`.
pub fn rfc3339(epoch: i64) -> String {
    let (y, m, d) = crate::calendar::civil_from_days(epoch.div_euclid(86_400));
    let s = epoch.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// The variables AWS's tools read, in the order they are printed. Holds the secrets.
pub fn env_vars(c: &AwsCredentials, region: &str) -> Vec<(&'static str, String)> {
    vec![
        ("AWS_ACCESS_KEY_ID", c.access_key_id.clone()),
        (
            "AWS_SECRET_ACCESS_KEY",
            c.secret_access_key.expose().to_owned(),
        ),
        ("AWS_SESSION_TOKEN", c.session_token.expose().to_owned()),
        ("AWS_CREDENTIAL_EXPIRATION", rfc3339(c.expiration)),
        ("AWS_REGION", region.to_owned()),
        ("AWS_DEFAULT_REGION", region.to_owned()),
    ]
}

/// Variables that would override or confuse the exported credentials: unset by sh, fish and
/// PowerShell lines and by `exec` (a profile or a stale key set earlier must not win).
pub const CLEARED: &[&str] = &["AWS_PROFILE", "AWS_SECURITY_TOKEN"];

fn single_quoted_sh(v: &str) -> String {
    format!("'{}'", v.replace('\'', r"'\''"))
}

fn single_quoted_fish(v: &str) -> String {
    format!("'{}'", v.replace('\\', r"\\").replace('\'', r"\'"))
}

fn single_quoted_ps(v: &str) -> String {
    format!("'{}'", v.replace('\'', "''"))
}

/// cmd has no quoting for `set`; its special characters are escaped with `^`.
fn cmd_escaped(v: &str) -> String {
    let mut out = String::with_capacity(v.len());
    for ch in v.chars() {
        if "^&|<>()%!\"".contains(ch) {
            out.push('^');
        }
        out.push(ch);
    }
    out
}

/// dotenv: double-quoted, with `\`, `"` and `$` escaped (docker compose and python-dotenv
/// read it the same).
fn dotenv_quoted(v: &str) -> String {
    let escaped = v
        .replace('\\', r"\\")
        .replace('"', "\\\"")
        .replace('$', r"\$");
    format!("\"{escaped}\"")
}

/// The lines of one format, each ending in a newline.
pub fn render(format: Format, c: &AwsCredentials, region: &str) -> String {
    let vars = env_vars(c, region);
    let mut out = String::new();
    match format {
        Format::Json => {
            let mut map = serde_json::Map::new();
            for (k, v) in vars {
                map.insert(k.to_owned(), json!(v));
            }
            out.push_str(&serde_json::Value::Object(map).to_string());
            out.push('\n');
        }
        Format::Sh => {
            for k in CLEARED {
                out.push_str(&format!("unset {k}\n"));
            }
            for (k, v) in vars {
                out.push_str(&format!("export {k}={}\n", single_quoted_sh(&v)));
            }
        }
        Format::Fish => {
            for k in CLEARED {
                out.push_str(&format!("set -e {k}\n"));
            }
            for (k, v) in vars {
                out.push_str(&format!("set -gx {k} {}\n", single_quoted_fish(&v)));
            }
        }
        Format::Powershell => {
            for k in CLEARED {
                out.push_str(&format!(
                    "Remove-Item Env:{k} -ErrorAction SilentlyContinue\n"
                ));
            }
            for (k, v) in vars {
                out.push_str(&format!("$Env:{k} = {}\n", single_quoted_ps(&v)));
            }
        }
        Format::Cmd => {
            for k in CLEARED {
                out.push_str(&format!("set {k}=\n"));
            }
            for (k, v) in vars {
                out.push_str(&format!("set {k}={}\n", cmd_escaped(&v)));
            }
        }
        Format::Dotenv => {
            for (k, v) in vars {
                out.push_str(&format!("{k}={}\n", dotenv_quoted(&v)));
            }
        }
    }
    out
}

/// The `credential_process` answer: Version 1, `SecretAccessKey`, RFC 3339 `Expiration`.
pub fn process_json(c: &AwsCredentials) -> String {
    json!({
        "Version": 1,
        "AccessKeyId": c.access_key_id,
        "SecretAccessKey": c.secret_access_key.expose(),
        "SessionToken": c.session_token.expose(),
        "Expiration": rfc3339(c.expiration),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Secret;

    fn creds() -> AwsCredentials {
        AwsCredentials {
            access_key_id: "ASIAEXAMPLE".into(),
            secret_access_key: Secret::new("se'cr/et+1"),
            session_token: Secret::new("to$ken=="),
            expiration: 1_793_776_647,
        }
    }

    #[test]
    fn rfc3339_is_utc_with_seconds() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_793_776_647), "2026-11-04T07:17:27Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn golden_formats() {
        let c = creds();
        assert_eq!(
            render(Format::Sh, &c, "eu-west-1"),
            "unset AWS_PROFILE\nunset AWS_SECURITY_TOKEN\n\
             export AWS_ACCESS_KEY_ID='ASIAEXAMPLE'\n\
             export AWS_SECRET_ACCESS_KEY='se'\\''cr/et+1'\n\
             export AWS_SESSION_TOKEN='to$ken=='\n\
             export AWS_CREDENTIAL_EXPIRATION='2026-11-04T07:17:27Z'\n\
             export AWS_REGION='eu-west-1'\nexport AWS_DEFAULT_REGION='eu-west-1'\n"
        );
        assert_eq!(
            render(Format::Fish, &c, "eu-west-1"),
            "set -e AWS_PROFILE\nset -e AWS_SECURITY_TOKEN\n\
             set -gx AWS_ACCESS_KEY_ID 'ASIAEXAMPLE'\n\
             set -gx AWS_SECRET_ACCESS_KEY 'se\\'cr/et+1'\n\
             set -gx AWS_SESSION_TOKEN 'to$ken=='\n\
             set -gx AWS_CREDENTIAL_EXPIRATION '2026-11-04T07:17:27Z'\n\
             set -gx AWS_REGION 'eu-west-1'\nset -gx AWS_DEFAULT_REGION 'eu-west-1'\n"
        );
        assert_eq!(
            render(Format::Powershell, &c, "eu-west-1"),
            "Remove-Item Env:AWS_PROFILE -ErrorAction SilentlyContinue\n\
             Remove-Item Env:AWS_SECURITY_TOKEN -ErrorAction SilentlyContinue\n\
             $Env:AWS_ACCESS_KEY_ID = 'ASIAEXAMPLE'\n\
             $Env:AWS_SECRET_ACCESS_KEY = 'se''cr/et+1'\n\
             $Env:AWS_SESSION_TOKEN = 'to$ken=='\n\
             $Env:AWS_CREDENTIAL_EXPIRATION = '2026-11-04T07:17:27Z'\n\
             $Env:AWS_REGION = 'eu-west-1'\n$Env:AWS_DEFAULT_REGION = 'eu-west-1'\n"
        );
        assert_eq!(
            render(Format::Cmd, &c, "eu-west-1"),
            "set AWS_PROFILE=\nset AWS_SECURITY_TOKEN=\n\
             set AWS_ACCESS_KEY_ID=ASIAEXAMPLE\nset AWS_SECRET_ACCESS_KEY=se'cr/et+1\n\
             set AWS_SESSION_TOKEN=to$ken==\n\
             set AWS_CREDENTIAL_EXPIRATION=2026-11-04T07:17:27Z\n\
             set AWS_REGION=eu-west-1\nset AWS_DEFAULT_REGION=eu-west-1\n"
        );
        assert_eq!(
            render(Format::Dotenv, &c, "eu-west-1"),
            "AWS_ACCESS_KEY_ID=\"ASIAEXAMPLE\"\nAWS_SECRET_ACCESS_KEY=\"se'cr/et+1\"\n\
             AWS_SESSION_TOKEN=\"to\\$ken==\"\n\
             AWS_CREDENTIAL_EXPIRATION=\"2026-11-04T07:17:27Z\"\n\
             AWS_REGION=\"eu-west-1\"\nAWS_DEFAULT_REGION=\"eu-west-1\"\n"
        );
        let j: serde_json::Value =
            serde_json::from_str(&render(Format::Json, &c, "eu-west-1")).unwrap();
        assert_eq!(j["AWS_SESSION_TOKEN"], "to$ken==");
        assert_eq!(j["AWS_CREDENTIAL_EXPIRATION"], "2026-11-04T07:17:27Z");
    }

    #[test]
    fn cmd_escapes_its_specials() {
        assert_eq!(cmd_escaped("a&b|c^d%e"), "a^&b^|c^^d^%e");
    }

    #[test]
    fn credential_process_json_is_version_1() {
        let j: serde_json::Value = serde_json::from_str(&process_json(&creds())).unwrap();
        assert_eq!(j["Version"], 1);
        assert_eq!(j["SecretAccessKey"], "se'cr/et+1");
        assert_eq!(j["Expiration"], "2026-11-04T07:17:27Z");
        assert!(format!("{:?}", creds()).contains("[redacted]"));
        assert!(!format!("{:?}", creds()).contains("se'cr"));
    }
}
