//! One Cognito target (a user pool, an app client and what goes with them) and the checks that
//! keep a profile usable: region shape, pool ids that carry the same region, a valid endpoint.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// Where a profile's sessions are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum StoreKind {
    /// The OS keyring (Secret Service, Keychain, Credential Manager).
    #[default]
    Keyring,
    /// A file readable only by you (opt-in; the tokens are on disk in plain text).
    File,
}

impl StoreKind {
    /// The name used in the config file and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            StoreKind::Keyring => "keyring",
            StoreKind::File => "file",
        }
    }
}

/// One Cognito target: a user pool, an app client and what goes with them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// The profile's name (the TOML table key).
    #[serde(skip)]
    pub name: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity_pool_id: Option<String>,
    /// Overrides the user-pool endpoint (the local pool, a proxy, another implementation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hosted_ui_domain: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_store: Option<StoreKind>,
    /// How `cogtui creds` gets AWS credentials from the identity pool (default: enhanced).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials_flow: Option<CredentialsFlow>,
    /// The IAM role `cogtui creds` asks for when `--role-arn` is not given: CustomRoleArn in
    /// the enhanced flow, the role assumed in the basic flow. Signed-in users only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role_arn: Option<String>,
    /// The AWS federation endpoint `cogtui creds console` signs in through (default:
    /// `https://signin.aws.amazon.com/federation`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub federation_endpoint: Option<String>,
}

/// Which identity-pool flow gives a profile's AWS credentials.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum CredentialsFlow {
    /// GetId + GetCredentialsForIdentity: the identity pool picks (or checks) the role.
    #[default]
    Enhanced,
    /// GetId + GetOpenIdToken + STS AssumeRoleWithWebIdentity: the caller names the role.
    Basic,
}

/// What is wrong with one field of a profile, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The key as written in the config file (`region`, `user_pool_id`, …), or `name`.
    pub field: &'static str,
    /// What is wrong and how to fix it.
    pub message: String,
}

impl FieldProblem {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

impl Profile {
    /// A profile with the required fields and nothing else.
    pub fn new(
        name: impl Into<String>,
        region: impl Into<String>,
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            region: region.into(),
            user_pool_id: user_pool_id.into(),
            client_id: client_id.into(),
            client_secret: None,
            identity_pool_id: None,
            endpoint: None,
            hosted_ui_domain: None,
            session_store: None,
            credentials_flow: None,
            role_arn: None,
            federation_endpoint: None,
        }
    }

    /// The user-pool API endpoint: the override, or Cognito's for the region.
    pub fn idp_endpoint(&self) -> String {
        match &self.endpoint {
            Some(e) => e.clone(),
            None => format!("https://cognito-idp.{}.amazonaws.com/", self.region),
        }
    }

    /// The `iss` of this pool's tokens: under the endpoint override, or Cognito's.
    pub fn issuer(&self) -> String {
        match &self.endpoint {
            Some(e) => format!("{}/{}", e.trim_end_matches('/'), self.user_pool_id),
            None => format!(
                "https://cognito-idp.{}.amazonaws.com/{}",
                self.region, self.user_pool_id
            ),
        }
    }

    /// The pool name SRP hashes: the part of the pool id after `_`.
    pub fn pool_name(&self) -> &str {
        self.user_pool_id
            .split_once('_')
            .map_or(self.user_pool_id.as_str(), |(_, n)| n)
    }

    /// The session store, with the default filled in.
    pub fn store_kind(&self) -> StoreKind {
        self.session_store.unwrap_or_default()
    }

    /// Checks the name and every field; returns the first problem found.
    pub fn validate(&self) -> Result<(), FieldProblem> {
        check_name(&self.name)?;
        if let Some(m) = region_problem(&self.region) {
            return Err(FieldProblem::new("region", m));
        }
        check_user_pool_id(&self.user_pool_id, &self.region)?;
        check_token(
            "client_id",
            &self.client_id,
            "the app client id from the Cognito console",
        )?;
        if let Some(s) = &self.client_secret {
            check_token("client_secret", s.expose(), "the app client secret")?;
        }
        if let Some(id) = &self.identity_pool_id {
            check_identity_pool_id(id)?;
        }
        if let Some(e) = &self.endpoint {
            check_endpoint(e)?;
        }
        if let Some(d) = &self.hosted_ui_domain {
            check_hosted_ui_domain(d)?;
        }
        if let Some(r) = &self.role_arn {
            check_role_arn(r)?;
        }
        if let Some(e) = &self.federation_endpoint {
            check_url(
                "federation_endpoint",
                e,
                "https://signin.aws.amazon.com/federation",
            )?;
        }
        Ok(())
    }
}

/// Profile names become TOML keys, keyring entries and command-line words, so keep them plain.
pub fn check_name(name: &str) -> Result<(), FieldProblem> {
    let plain = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if name.is_empty() || name.len() > 64 || !plain {
        return Err(FieldProblem::new(
            "name",
            format!(
                "`{name}` is not a usable profile name: use 1 to 64 letters, digits, `-` or `_`"
            ),
        ));
    }
    Ok(())
}

/// `None` when `region` looks like an AWS region (`eu-west-1`, `us-gov-west-1`), else why not.
pub fn region_problem(region: &str) -> Option<String> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    (!ok).then(|| {
        format!("`{region}` is not an AWS region: write it like `eu-west-1` or `us-east-2`")
    })
}

/// The region a user pool id names (`eu-west-1` for `eu-west-1_AbC123`), if it has one.
pub fn pool_region(user_pool_id: &str) -> Option<&str> {
    user_pool_id.split_once('_').map(|(r, _)| r)
}

fn check_user_pool_id(id: &str, region: &str) -> Result<(), FieldProblem> {
    let shape = || {
        FieldProblem::new(
            "user_pool_id",
            format!(
                "`{id}` is not a user pool id: it looks like `{region}_AbC123xyz` (the region, \
                 `_`, then letters and digits)"
            ),
        )
    };
    let (prefix, tail) = id.split_once('_').ok_or_else(shape)?;
    if tail.is_empty() || !tail.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(shape());
    }
    if region_problem(prefix).is_some() {
        return Err(shape());
    }
    if prefix != region {
        return Err(FieldProblem::new(
            "user_pool_id",
            format!(
                "the pool `{id}` lives in `{prefix}` but region is `{region}`: set \
                 region = \"{prefix}\", or correct the pool id"
            ),
        ));
    }
    Ok(())
}

fn check_token(field: &'static str, value: &str, what: &str) -> Result<(), FieldProblem> {
    if value.trim().is_empty() {
        return Err(FieldProblem::new(
            field,
            format!("is empty: set it to {what}"),
        ));
    }
    if value.chars().any(char::is_whitespace) {
        return Err(FieldProblem::new(
            field,
            format!("contains spaces: set it to {what}, with no spaces"),
        ));
    }
    Ok(())
}

fn check_identity_pool_id(id: &str) -> Result<(), FieldProblem> {
    let ok = id.split_once(':').is_some_and(|(r, rest)| {
        region_problem(r).is_none()
            && !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
    });
    if ok {
        Ok(())
    } else {
        Err(FieldProblem::new(
            "identity_pool_id",
            format!(
                "`{id}` is not an identity pool id: it looks like \
                 `eu-west-1:0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e` (the region, `:`, a UUID)"
            ),
        ))
    }
}

fn check_endpoint(endpoint: &str) -> Result<(), FieldProblem> {
    check_url("endpoint", endpoint, "http://127.0.0.1:9229")
}

/// `arn:<partition>:iam::<account>:role/<name>`.
fn check_role_arn(arn: &str) -> Result<(), FieldProblem> {
    let ok = arn.starts_with("arn:")
        && arn
            .split_once(":iam::")
            .and_then(|(_, rest)| rest.split_once(":role/"))
            .is_some_and(|(account, name)| !account.is_empty() && !name.is_empty())
        && !arn.chars().any(char::is_whitespace);
    if ok {
        Ok(())
    } else {
        Err(FieldProblem::new(
            "role_arn",
            format!(
                "`{arn}` is not an IAM role ARN: it looks like                  `arn:aws:iam::123456789012:role/MyRole`"
            ),
        ))
    }
}

fn check_url(field: &'static str, endpoint: &str, example: &str) -> Result<(), FieldProblem> {
    let bad = |why: String| {
        FieldProblem::new(
            field,
            format!("{why}: write an http(s) URL like `{example}`"),
        )
    };
    let url =
        url::Url::parse(endpoint).map_err(|e| bad(format!("`{endpoint}` is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad(format!(
            "`{endpoint}` uses `{}`, not http or https",
            url.scheme()
        )));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(bad(format!("`{endpoint}` has no host")));
    }
    Ok(())
}

fn check_hosted_ui_domain(domain: &str) -> Result<(), FieldProblem> {
    let fix = "write the Hosted UI domain like `myapp.auth.eu-west-1.amazoncognito.com` or \
               `https://auth.example.com`";
    if domain.trim().is_empty() || domain.chars().any(char::is_whitespace) {
        return Err(FieldProblem::new(
            "hosted_ui_domain",
            format!("`{domain}` is not a domain: {fix}"),
        ));
    }
    if domain.contains("://") {
        let ok = url::Url::parse(domain)
            .ok()
            .is_some_and(|u| matches!(u.scheme(), "http" | "https") && u.host_str().is_some());
        if !ok {
            return Err(FieldProblem::new(
                "hosted_ui_domain",
                format!("`{domain}` is not an http(s) URL: {fix}"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn good() -> Profile {
        Profile::new("dev", "eu-west-1", "eu-west-1_AbC123", "client1")
    }

    #[test]
    fn a_plain_profile_is_valid() {
        assert_eq!(good().validate(), Ok(()));
        assert_eq!(good().pool_name(), "AbC123");
        assert_eq!(
            good().idp_endpoint(),
            "https://cognito-idp.eu-west-1.amazonaws.com/"
        );
    }

    #[test]
    fn regions_are_checked_for_shape() {
        for ok in ["eu-west-1", "us-gov-west-1", "ap-southeast-2", "cn-north-1"] {
            assert_eq!(region_problem(ok), None, "{ok}");
        }
        for bad in [
            "",
            "eu",
            "eu-west",
            "EU-WEST-1",
            "eu_west_1",
            "eu-west-x",
            "europe-west-1",
        ] {
            assert!(region_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn the_pool_id_must_carry_the_profiles_region() {
        let mut p = good();
        p.user_pool_id = "eu-west-2_AbC123".into();
        let e = p.validate().unwrap_err();
        assert_eq!(e.field, "user_pool_id");
        assert!(
            e.message.contains("region = \"eu-west-2\""),
            "{}",
            e.message
        );
        for bad in ["AbC123", "eu-west-1_", "eu-west-1_Ab-C", "nowhere_AbC"] {
            p.user_pool_id = bad.into();
            assert_eq!(p.validate().unwrap_err().field, "user_pool_id", "{bad}");
        }
    }

    #[test]
    fn optional_fields_are_checked_when_present() {
        let mut p = good();
        p.client_id = " ".into();
        assert_eq!(p.validate().unwrap_err().field, "client_id");
        let mut p = good();
        p.endpoint = Some("ftp://x".into());
        assert_eq!(p.validate().unwrap_err().field, "endpoint");
        p.endpoint = Some("127.0.0.1:9229".into());
        assert_eq!(p.validate().unwrap_err().field, "endpoint");
        p.endpoint = Some("http://127.0.0.1:9229".into());
        assert_eq!(p.validate(), Ok(()));
        p.identity_pool_id = Some("eu-west-1_nope".into());
        assert_eq!(p.validate().unwrap_err().field, "identity_pool_id");
        p.identity_pool_id = Some("eu-west-1:0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e".into());
        assert_eq!(p.validate(), Ok(()));
        p.hosted_ui_domain = Some("my app".into());
        assert_eq!(p.validate().unwrap_err().field, "hosted_ui_domain");
        p.hosted_ui_domain = Some("myapp.auth.eu-west-1.amazoncognito.com".into());
        p.role_arn = Some("arn:aws:iam::123456789012:user/Me".into());
        assert_eq!(p.validate().unwrap_err().field, "role_arn");
        p.role_arn = Some("arn:aws:iam::123456789012:role/Me".into());
        p.federation_endpoint = Some("signin.aws.amazon.com".into());
        assert_eq!(p.validate().unwrap_err().field, "federation_endpoint");
        p.federation_endpoint = Some("http://127.0.0.1:1/federation".into());
        assert_eq!(p.validate(), Ok(()));
        p.client_secret = Some(Secret::new(""));
        assert_eq!(p.validate().unwrap_err().field, "client_secret");
    }

    #[test]
    fn names_are_plain_words() {
        for bad in ["", "my profile", "a.b", "ünï", &"x".repeat(65)] {
            assert!(check_name(bad).is_err(), "{bad}");
        }
        for ok in ["dev", "local", "prod-eu_2"] {
            assert!(check_name(ok).is_ok(), "{ok}");
        }
    }
}
