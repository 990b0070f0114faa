//! The server side of signing out: revoking this session's refresh token. GlobalSignOut and
//! forgetting the session are the account service's (`Account::sign_out`). Device secrets
//! stay: signing out does not forget a remembered device.

use super::{AuthClient, AuthError};
use crate::cognito::types::RevokeTokenRequest;
use crate::session::StoredTokens;

/// Which sessions a sign-out ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SignOutScope {
    /// This session: its refresh token is revoked, then it is forgotten here.
    #[default]
    Here,
    /// Every session of the user (GlobalSignOut), then this one is forgotten here.
    Everywhere,
    /// Forget the session here only; Cognito is not told and its tokens stay valid until
    /// they expire.
    LocalOnly,
}

/// What a sign-out did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignOutReport {
    pub username: String,
    pub scope: SignOutScope,
    /// Every session of the user was ended (GlobalSignOut).
    pub signed_out_everywhere: bool,
    /// This session's refresh token was revoked.
    pub refresh_revoked: bool,
    /// What did not happen on the server, in plain words.
    pub warnings: Vec<String>,
}

/// Revokes the session's refresh token. Cognito unreachable is an error (the session stays);
/// a refusal (the token was already revoked, or the client cannot revoke) is a warning.
pub(crate) async fn revoke(
    c: &AuthClient,
    t: &StoredTokens,
    report: &mut SignOutReport,
) -> Result<(), AuthError> {
    let Some(refresh) = &t.refresh_token else {
        report
            .warnings
            .push("the session had no refresh token to revoke".into());
        return Ok(());
    };
    let req = RevokeTokenRequest {
        token: refresh.clone(),
        client_id: c.client_id(),
        client_secret: c.profile.client_secret.clone(),
    };
    match c.idp.revoke_token(&req).await {
        Ok(_) => report.refresh_revoked = true,
        Err(e) if e.is_unreachable() => return Err(e.into()),
        Err(e) => report
            .warnings
            .push(format!("the refresh token was not revoked: {e}")),
    }
    Ok(())
}
