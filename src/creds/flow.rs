//! The enhanced flow: GetId once per user and identity pool (the IdentityId is kept), then
//! GetCredentialsForIdentity with a fresh ID token (refreshed first when near expiry, never
//! prompting); or, on request, the basic flow: GetOpenIdToken, then STS
//! AssumeRoleWithWebIdentity for a named role. Credentials are kept in the session store until
//! five minutes before they expire.

use super::CredsError;
use super::sts::{self, StsError};
use crate::auth::{Account, AuthError};
use crate::calendar::unix_now;
use crate::cognito::identity_types::{
    GetCredentialsForIdentityRequest, GetIdRequest, GetOpenIdTokenRequest, Logins,
    user_pool_provider,
};
use crate::cognito::{CognitoError, ErrorKind, IdentityClient};
use crate::config::{CredentialsFlow, Profile};
use crate::secret::Secret;
use crate::session::{AwsCredentials, SessionKey, StoredIdentity};

/// Cached credentials are used until this many seconds before they expire.
pub const CACHE_MARGIN: i64 = 300;

#[derive(Debug, Clone, Default)]
pub struct CredsOptions {
    /// Which signed-in user (default: the current one).
    pub user: Option<String>,
    /// CustomRoleArn: one of the roles in the token's `cognito:roles`.
    pub role_arn: Option<String>,
    /// Unauthenticated (guest) credentials, no sign-in needed.
    pub guest: bool,
    /// Ask for new credentials even when cached ones are still good.
    pub refresh: bool,
    /// The basic flow (GetOpenIdToken + STS AssumeRoleWithWebIdentity) whatever the profile
    /// says; it needs a role (`role_arn` here or in the profile).
    pub basic: bool,
}

/// Credentials and where they came from.
#[derive(Debug, Clone)]
pub struct Issued {
    pub credentials: AwsCredentials,
    pub identity_id: String,
    pub identity_pool_id: String,
    pub region: String,
    /// The user they are for; `None` for a guest.
    pub username: Option<String>,
    /// Whether they came from the cache.
    pub cached: bool,
}

/// The identity-pool endpoint: the profile's endpoint override (the local pool serves both
/// APIs), else Cognito's for the region.
pub fn identity_endpoint(profile: &Profile) -> String {
    match &profile.endpoint {
        Some(e) => e.clone(),
        None => format!("https://cognito-identity.{}.amazonaws.com/", profile.region),
    }
}

/// The flow and the role a request uses: `--basic` or the profile's `credentials_flow`;
/// `--role-arn`, else (for a signed-in user) the profile's `role_arn`.
fn plan(profile: &Profile, opts: &CredsOptions) -> (CredentialsFlow, Option<String>) {
    let flow = if opts.basic {
        CredentialsFlow::Basic
    } else {
        profile.credentials_flow.unwrap_or_default()
    };
    let role = opts.role_arn.clone().or_else(|| {
        if opts.guest {
            None
        } else {
            profile.role_arn.clone()
        }
    });
    (flow, role)
}

/// `cogtui-<username>` in the characters STS allows in a RoleSessionName (2 to 64 of
/// `[A-Za-z0-9+=,.@_-]`), so CloudTrail shows who it was.
fn session_name(username: Option<&str>) -> String {
    let who: String = username
        .unwrap_or("guest")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "+=,.@_-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(57)
        .collect();
    format!("cogtui-{who}")
}

/// Credentials for the user (or the guest) of `account`'s profile: cached ones while they have
/// more than [`CACHE_MARGIN`] seconds left, else fresh ones, through the enhanced flow or (with
/// `basic`, or `credentials_flow = "basic"` in the profile) the basic flow.
pub async fn credentials(account: &Account, opts: &CredsOptions) -> Result<Issued, CredsError> {
    let profile = account.profile().clone();
    let pool_id = profile
        .identity_pool_id
        .clone()
        .ok_or_else(|| CredsError::NoIdentityPool(profile.name.clone()))?;
    let (flow, role) = plan(&profile, opts);
    if flow == CredentialsFlow::Basic && role.is_none() {
        return Err(CredsError::NoBasicRole(profile.name.clone()));
    }
    // Who, from the list of signed-in users (a small file): the session itself is read only
    // when the cache cannot answer, so a cached answer costs one keyring item, not the
    // session's three (docs/performance.md, "CLI start-up").
    let username = if opts.guest {
        None
    } else {
        let named = match opts.user.as_deref() {
            Some(u) => account.find_user(u),
            None => account
                .current_user()
                .ok_or_else(|| AuthError::NotSignedIn {
                    profile: profile.name.clone(),
                    user: None,
                }),
        };
        Some(named?)
    };
    let key = SessionKey::new(profile.name.clone(), username.clone().unwrap_or_default());
    let stored = account
        .store()
        .load_identity(&key)
        .ok()
        .flatten()
        .filter(|s| s.identity_pool_id == pool_id);
    let issued = |c: AwsCredentials, identity_id: String, cached: bool| Issued {
        credentials: c,
        identity_id,
        identity_pool_id: pool_id.clone(),
        region: profile.region.clone(),
        username: username.clone(),
        cached,
    };
    if let Some(s) = &stored
        && !opts.refresh
        && s.role_arn == role
        && let Some(c) = &s.credentials
        && c.expiration - CACHE_MARGIN > unix_now()
    {
        return Ok(issued(c.clone(), s.identity_id.clone(), true));
    }

    let client = IdentityClient::new(&identity_endpoint(&profile))?;
    let logins = match &username {
        None => None,
        Some(u) => {
            let t = match account.fresh_tokens(Some(u)).await {
                Ok(t) => t,
                Err(e) => {
                    // The session has ended, or is gone (signed out): its credentials are not
                    // to be served either.
                    if matches!(
                        e,
                        AuthError::SessionEnded { .. } | AuthError::NotSignedIn { .. }
                    ) {
                        let _ = account.store().delete_identity(&key);
                    }
                    return Err(e.into());
                }
            };
            let mut l = Logins::new();
            l.insert(
                user_pool_provider(&profile.region, &profile.user_pool_id),
                t.id_token.clone(),
            );
            Some(l)
        }
    };
    let setup = |e: CognitoError| explain(e, &pool_id, opts.guest, role.as_deref());
    let mut identity_id = stored.map(|s| s.identity_id);
    let mut retried = false;
    let (identity_id, credentials) = loop {
        let id = match identity_id.take() {
            Some(id) => id,
            None => {
                let got = client
                    .get_id(&GetIdRequest {
                        account_id: None,
                        identity_pool_id: pool_id.clone(),
                        logins: logins.clone(),
                    })
                    .await
                    .map_err(setup)?;
                // Kept at once: GetId is asked once per user and pool.
                account.store().save_identity(
                    &key,
                    &StoredIdentity {
                        identity_pool_id: pool_id.clone(),
                        identity_id: got.identity_id.clone(),
                        role_arn: None,
                        credentials: None,
                    },
                )?;
                got.identity_id
            }
        };
        let answer = match flow {
            CredentialsFlow::Enhanced => enhanced(&client, &id, &logins, role.clone()).await,
            CredentialsFlow::Basic => basic_token(&client, &id, &logins).await,
        };
        match answer {
            Ok(Step::Credentials(id, c)) => break (id, c),
            Ok(Step::OpenIdToken(id, token)) => {
                // Basic flow, second half: STS assumes the named role with the OpenID token.
                let role = role.as_deref().unwrap_or_default();
                let c = sts::assume_role_with_web_identity(
                    &sts::sts_endpoint(&profile),
                    role,
                    &session_name(username.as_deref()),
                    &token,
                )
                .await
                .map_err(|e| explain_sts(e, &pool_id, role, opts.guest))?;
                break (id, c);
            }
            // The kept identity was deleted (or belongs to an identity pool recreated since):
            // ask for a new one, once.
            Err(e) if e.is(&ErrorKind::ResourceNotFound) && !retried => {
                retried = true;
                account.store().delete_identity(&key)?;
            }
            Err(e) => return Err(setup(e)),
        }
    };
    account.store().save_identity(
        &key,
        &StoredIdentity {
            identity_pool_id: pool_id.clone(),
            identity_id: identity_id.clone(),
            role_arn: role.clone(),
            credentials: Some(credentials.clone()),
        },
    )?;
    Ok(issued(credentials, identity_id, false))
}

/// What one identity-pool call gave: credentials (enhanced flow) or an OpenID token for STS
/// (basic flow), with the identity id.
enum Step {
    Credentials(String, AwsCredentials),
    OpenIdToken(String, Secret),
}

async fn enhanced(
    client: &IdentityClient,
    id: &str,
    logins: &Option<Logins>,
    role: Option<String>,
) -> Result<Step, CognitoError> {
    let a = client
        .get_credentials_for_identity(&GetCredentialsForIdentityRequest {
            identity_id: id.to_owned(),
            logins: logins.clone(),
            custom_role_arn: role,
        })
        .await?;
    let Some(c) = a.credentials else {
        return Err(CognitoError::Parse {
            endpoint: client.endpoint().to_owned(),
            reason: "GetCredentialsForIdentity answered without Credentials".into(),
        });
    };
    Ok(Step::Credentials(
        a.identity_id,
        AwsCredentials {
            access_key_id: c.access_key_id,
            secret_access_key: c.secret_key,
            session_token: c.session_token,
            expiration: c.expiration as i64,
        },
    ))
}

async fn basic_token(
    client: &IdentityClient,
    id: &str,
    logins: &Option<Logins>,
) -> Result<Step, CognitoError> {
    let a = client
        .get_open_id_token(&GetOpenIdTokenRequest {
            identity_id: id.to_owned(),
            logins: logins.clone(),
        })
        .await?;
    Ok(Step::OpenIdToken(a.identity_id, a.token))
}

/// STS refusals in the basic flow: an AccessDenied means the role's trust policy (or the
/// pool's basic-flow switch) is wrong, said plainly.
fn explain_sts(e: StsError, pool_id: &str, role: &str, guest: bool) -> CredsError {
    match &e {
        StsError::Refused { code, message } if code == "AccessDenied" => {
            let amr = if guest {
                "unauthenticated"
            } else {
                "authenticated"
            };
            CredsError::PoolSetup(format!(
                "STS would not let this identity assume {role}: the role's trust policy must \
                 allow sts:AssumeRoleWithWebIdentity for the federated principal \
                 cognito-identity.amazonaws.com with cognito-identity.amazonaws.com:aud = \
                 {pool_id} and amr = {amr}, and the identity pool must allow the basic flow \
                 (AllowClassicFlow). Name a role the pool's identities may assume with \
                 --role-arn, or use the enhanced flow (leave out --basic) (STS said: {message})"
            ))
        }
        _ => CredsError::Sts(e),
    }
}

/// Cognito's refusals that mean the identity pool's setup is wrong, said plainly.
fn explain(e: CognitoError, pool_id: &str, guest: bool, role: Option<&str>) -> CredsError {
    let who = if guest {
        "unauthenticated (guest)"
    } else {
        "authenticated"
    };
    let said = e.message().unwrap_or_default().to_owned();
    let text = match e.kind() {
        Some(ErrorKind::InvalidIdentityPoolConfiguration) => format!(
            "the identity pool {pool_id} cannot give {who} credentials: it has no IAM role for \
             {who} identities, or the role's trust policy does not let Cognito assume it \
             (sts:AssumeRoleWithWebIdentity for cognito-identity.amazonaws.com). Fix the pool's \
             roles in the console's \"User access\" tab or with SetIdentityPoolRoles \
             (Cognito said: {said})"
        ),
        // Cognito gives this refusal no type of its own: only its words tell it apart.
        Some(ErrorKind::NotAuthorized) if said.contains("ambiguous role mapping") => format!(
            "the identity pool {pool_id} chooses roles from the token, and this user's ID token \
             names no single role (no cognito:preferred_role; cognito:roles is empty or has \
             several) while the pool's AmbiguousRoleResolution is Deny. Put the user in one \
             group with a role (or give groups precedence), pass --role-arn with one of the \
             token's roles, or set AmbiguousRoleResolution to AuthenticatedRole \
             (Cognito said: {said})"
        ),
        Some(ErrorKind::InvalidParameter) if said.contains("classic") => format!(
            "the identity pool {pool_id} does not allow the basic (classic) flow: turn on \
             \"Basic (classic) authentication\" (AllowClassicFlow) in the pool, or use the \
             enhanced flow (leave out --basic and `credentials_flow = \"basic\"`) (Cognito said: \
             {said})"
        ),
        Some(ErrorKind::NotAuthorized) if guest => format!(
            "the identity pool {pool_id} gives no guest credentials: sign in (`cogtui login`), \
             or allow unauthenticated identities in the pool (Cognito said: {said})"
        ),
        Some(ErrorKind::InvalidParameter | ErrorKind::NotAuthorized) if role.is_some() => {
            format!(
                "--role-arn was refused: it must be one of the roles in the ID token's \
                 cognito:roles, and the identity pool {pool_id} must choose roles from the token \
                 (a role mapping of Type Token) (Cognito said: {said})"
            )
        }
        _ => return CredsError::Cognito(e),
    };
    CredsError::PoolSetup(text)
}
