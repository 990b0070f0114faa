//! Import of Amplify configuration files: Gen 2 `amplify_outputs.json`, Gen 1
//! `amplifyconfiguration.json` / `aws-exports` (web), and the Gen 1 mobile plugin shape.

use super::error::{ConfigError, Location};
use super::profile::{Profile, pool_region};
use crate::secret::Secret;
use serde_json::Value;
use std::fmt;
use std::path::Path;

/// The name an imported profile gets unless the caller picks one.
pub const DEFAULT_IMPORT_NAME: &str = "amplify";

/// Which Amplify file shape a profile came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmplifyFormat {
    /// Gen 2 `amplify_outputs.json`: `auth.user_pool_id`, `auth.aws_region`, …
    Gen2,
    /// Gen 1 web `amplifyconfiguration.json` / `aws-exports`: `aws_user_pools_id`, …
    Gen1Web,
    /// Gen 1 mobile `amplifyconfiguration.json`: `auth.plugins.awsCognitoAuthPlugin`.
    Gen1Mobile,
}

impl fmt::Display for AmplifyFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AmplifyFormat::Gen2 => "Amplify Gen 2 amplify_outputs.json",
            AmplifyFormat::Gen1Web => "Amplify Gen 1 amplifyconfiguration.json (web)",
            AmplifyFormat::Gen1Mobile => "Amplify Gen 1 amplifyconfiguration.json (mobile)",
        })
    }
}

/// A profile read from an Amplify file, named `amplify` until the caller renames it.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub profile: Profile,
    pub format: AmplifyFormat,
}

/// Reads an Amplify configuration file of any of the three shapes into a checked profile.
pub fn import_amplify(path: &Path) -> Result<Imported, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    parse_amplify(&text, path)
}

/// `import_amplify` on text already read; `path` only appears in errors.
pub fn parse_amplify(text: &str, path: &Path) -> Result<Imported, ConfigError> {
    let err = |at: Option<Location>, message: String| ConfigError::Import {
        path: path.to_owned(),
        at: at.map(Box::new),
        message,
    };
    let json = parse_json(text).map_err(|(at, m)| err(at, m))?;
    let (format, keys) = detect(&json).ok_or_else(|| err(None, not_amplify()))?;
    let get = |key: &str| text_at(&json, key);
    let require = |key: &str| {
        get(key).ok_or_else(|| {
            err(
                None,
                format!(
                    "{format}: `{key}` is missing or empty: regenerate the file from your \
                     Amplify backend, or add the value"
                ),
            )
        })
    };
    let user_pool_id = require(keys.user_pool_id)?;
    let client_id = require(keys.client_id)?;
    let region = keys
        .regions
        .iter()
        .find_map(|k| get(k))
        .or_else(|| pool_region(&user_pool_id).map(str::to_owned))
        .or_else(|| keys.last_resort_region.and_then(get))
        .unwrap_or_default();
    let mut profile = Profile::new(DEFAULT_IMPORT_NAME, region, user_pool_id, client_id);
    profile.client_secret = keys.client_secret.and_then(get).map(Secret::from);
    profile.identity_pool_id = get(keys.identity_pool_id);
    profile.hosted_ui_domain = get(keys.domain);
    profile.validate().map_err(|problem| {
        let key = keys.key_of(problem.field);
        err(None, format!("{format}: `{key}`: {}", problem.message))
    })?;
    Ok(Imported { profile, format })
}

fn not_amplify() -> String {
    "this is not an Amplify configuration with a user pool: cogtui reads `auth.user_pool_id` \
     (amplify_outputs.json, Gen 2), `aws_user_pools_id` (amplifyconfiguration.json or \
     aws-exports, Gen 1) or `auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default` \
     (Gen 1 mobile); add auth to the Amplify backend and regenerate the file"
        .to_owned()
}

/// Where each profile field lives in one format (dotted JSON paths).
struct Keys {
    regions: &'static [&'static str],
    /// Tried only after the pool id's own region.
    last_resort_region: Option<&'static str>,
    user_pool_id: &'static str,
    client_id: &'static str,
    client_secret: Option<&'static str>,
    identity_pool_id: &'static str,
    domain: &'static str,
}

impl Keys {
    fn key_of(&self, field: &str) -> &'static str {
        match field {
            "user_pool_id" => self.user_pool_id,
            "client_id" => self.client_id,
            "client_secret" => self.client_secret.unwrap_or("client_secret"),
            "identity_pool_id" => self.identity_pool_id,
            "hosted_ui_domain" => self.domain,
            _ => self.regions.first().copied().unwrap_or("region"),
        }
    }
}

const GEN2: Keys = Keys {
    regions: &["auth.aws_region"],
    last_resort_region: None,
    user_pool_id: "auth.user_pool_id",
    client_id: "auth.user_pool_client_id",
    client_secret: None,
    identity_pool_id: "auth.identity_pool_id",
    domain: "auth.oauth.domain",
};

// The project region can differ from the Cognito one: it is used only when the pool id names none.
const GEN1_WEB: Keys = Keys {
    regions: &["aws_cognito_region"],
    last_resort_region: Some("aws_project_region"),
    user_pool_id: "aws_user_pools_id",
    client_id: "aws_user_pools_web_client_id",
    client_secret: None,
    identity_pool_id: "aws_cognito_identity_pool_id",
    domain: "oauth.domain",
};

const MOBILE: &str = "auth.plugins.awsCognitoAuthPlugin";

const GEN1_MOBILE: Keys = Keys {
    regions: &["auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.Region"],
    last_resort_region: None,
    user_pool_id: "auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.PoolId",
    client_id: "auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.AppClientId",
    client_secret: Some(
        "auth.plugins.awsCognitoAuthPlugin.CognitoUserPool.Default.AppClientSecret",
    ),
    identity_pool_id: "auth.plugins.awsCognitoAuthPlugin.CredentialsProvider.CognitoIdentity.Default.PoolId",
    domain: "auth.plugins.awsCognitoAuthPlugin.Auth.Default.OAuth.WebDomain",
};

fn detect(json: &Value) -> Option<(AmplifyFormat, &'static Keys)> {
    if at(json, "auth.user_pool_id").is_some() {
        Some((AmplifyFormat::Gen2, &GEN2))
    } else if at(json, MOBILE).is_some() {
        Some((AmplifyFormat::Gen1Mobile, &GEN1_MOBILE))
    } else if at(json, "aws_user_pools_id").is_some() {
        Some((AmplifyFormat::Gen1Web, &GEN1_WEB))
    } else {
        None
    }
}

fn at<'v>(json: &'v Value, dotted: &str) -> Option<&'v Value> {
    dotted.split('.').try_fold(json, |v, k| v.get(k))
}

/// A non-empty string at `dotted`, trimmed.
fn text_at(json: &Value, dotted: &str) -> Option<String> {
    at(json, dotted)
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// JSON, or the object literal of an `aws-exports.js` (`const awsmobile = {...}; export …`).
fn parse_json(text: &str) -> Result<Value, (Option<Location>, String)> {
    let whole = serde_json::from_str::<Value>(text);
    let starts_like_json = text.trim_start().starts_with('{');
    let (start, end) = (text.find('{'), text.rfind('}'));
    let e = match (whole, starts_like_json, start, end) {
        (Ok(v), _, _, _) => return Ok(v),
        (Err(_), false, Some(s), Some(t)) if s < t => {
            match serde_json::from_str::<Value>(&text[s..=t]) {
                Ok(v) => return Ok(v),
                Err(inner) => return Err(json_error(text, &text[..s], &inner)),
            }
        }
        (Err(e), _, _, _) => e,
    };
    Err(json_error(text, "", &e))
}

/// A serde_json error as a location in the whole `text`, `before` being what was skipped.
fn json_error(text: &str, before: &str, e: &serde_json::Error) -> (Option<Location>, String) {
    let skipped_lines = before.matches('\n').count();
    let line = e.line() + skipped_lines;
    let at = (e.line() > 0).then(|| {
        let text_line = text.lines().nth(line - 1).unwrap_or_default().to_owned();
        let column = if e.line() == 1 {
            e.column() + before.len() - before.rfind('\n').map_or(0, |i| i + 1)
        } else {
            e.column()
        };
        Location {
            line,
            column: column.max(1),
            text: text_line,
        }
    });
    // serde_json's own text ends with its position in the slice it was given: drop it.
    let shown = e.to_string();
    let shown = shown.split(" at line ").next().unwrap_or_default();
    let message = format!(
        "not valid JSON ({shown}): Amplify writes these files as JSON; fix the syntax here or \
         regenerate the file"
    );
    (at, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_inside_an_aws_exports_object_count_lines_of_the_whole_file() {
        let js = "// generated\nconst awsmobile = {\n    \"aws_user_pools_id\": oops\n};\nexport default awsmobile;\n";
        let e = parse_amplify(js, Path::new("aws-exports.js")).unwrap_err();
        match e {
            ConfigError::Import { at: Some(at), .. } => {
                assert_eq!(at.line, 3);
                assert!(at.text.contains("oops"), "{at:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_pool_id_region_wins_over_the_project_region() {
        let json = r#"{"aws_project_region": "us-east-1",
            "aws_user_pools_id": "eu-west-1_Abc", "aws_user_pools_web_client_id": "c"}"#;
        let i = parse_amplify(json, Path::new("x.json")).unwrap();
        assert_eq!(i.profile.region, "eu-west-1");
    }

    #[test]
    fn a_missing_client_id_names_the_key() {
        let json = r#"{"auth": {"user_pool_id": "eu-west-1_Abc", "aws_region": "eu-west-1"}}"#;
        let e = parse_amplify(json, Path::new("amplify_outputs.json")).unwrap_err();
        assert!(
            e.to_string()
                .contains("`auth.user_pool_client_id` is missing"),
            "{e}"
        );
    }
}
