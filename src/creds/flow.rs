//! The enhanced flow: GetId once per user and identity pool (the IdentityId is kept), then
//! GetCredentialsForIdentity with a fresh ID token (refreshed first when near expiry, never
//! prompting). Credentials are kept in the session store until five minutes before they expire.

use super::CredsError;
use crate::auth::{Account, AuthError};
use crate::calendar::unix_now;
use crate::cognito::identity_types::{
    GetCredentialsForIdentityRequest, GetIdRequest, Logins, user_pool_provider,
};
use crate::cognito::{CognitoError, ErrorKind, IdentityClient};
use crate::config::Profile;
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

/// Credentials for the user (or the guest) of `account`'s profile: cached ones while they have
/// more than [`CACHE_MARGIN`] seconds left, else fresh ones.
pub async fn credentials(account: &Account, opts: &CredsOptions) -> Result<Issued, CredsError> {
    let profile = account.profile().clone();
    let pool_id = profile
        .identity_pool_id
        .clone()
        .ok_or_else(|| CredsError::NoIdentityPool(profile.name.clone()))?;
    let username = if opts.guest {
        None
    } else {
        match account.stored_view(opts.user.as_deref()) {
            Ok(v) => Some(v.username),
            Err(e) => {
                // Signed out: whatever was cached for the user goes too.
                if let AuthError::NotSignedIn { user: Some(u), .. } = &e {
                    let _ = account
                        .store()
                        .delete_identity(&SessionKey::new(profile.name.clone(), u.clone()));
                }
                return Err(e.into());
            }
        }
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
        && s.role_arn == opts.role_arn
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
                    // The session has ended: its credentials are not to be served either.
                    if matches!(e, AuthError::SessionEnded { .. }) {
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
    let setup = |e: CognitoError| explain(e, &pool_id, opts);
    let mut identity_id = stored.map(|s| s.identity_id);
    let mut retried = false;
    let answer = loop {
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
        let req = GetCredentialsForIdentityRequest {
            identity_id: id.clone(),
            logins: logins.clone(),
            custom_role_arn: opts.role_arn.clone(),
        };
        match client.get_credentials_for_identity(&req).await {
            Ok(a) => break a,
            // The kept identity was deleted (or belongs to an identity pool recreated since):
            // ask for a new one, once.
            Err(e) if e.is(&ErrorKind::ResourceNotFound) && !retried => {
                retried = true;
                account.store().delete_identity(&key)?;
            }
            Err(e) => return Err(setup(e)),
        }
    };
    let c = answer
        .credentials
        .ok_or(CredsError::Incomplete("Credentials"))?;
    let credentials = AwsCredentials {
        access_key_id: c.access_key_id,
        secret_access_key: c.secret_key,
        session_token: c.session_token,
        expiration: c.expiration as i64,
    };
    account.store().save_identity(
        &key,
        &StoredIdentity {
            identity_pool_id: pool_id.clone(),
            identity_id: answer.identity_id.clone(),
            role_arn: opts.role_arn.clone(),
            credentials: Some(credentials.clone()),
        },
    )?;
    Ok(issued(credentials, answer.identity_id, false))
}

/// Cognito's refusals that mean the identity pool's setup is wrong, said plainly.
fn explain(e: CognitoError, pool_id: &str, opts: &CredsOptions) -> CredsError {
    let who = if opts.guest {
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
        Some(ErrorKind::NotAuthorized) if opts.guest => format!(
            "the identity pool {pool_id} gives no guest credentials: sign in (`cogtui login`), \
             or allow unauthenticated identities in the pool (Cognito said: {said})"
        ),
        Some(ErrorKind::InvalidParameter | ErrorKind::NotAuthorized) if opts.role_arn.is_some() => {
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
