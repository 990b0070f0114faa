//! Signing out: GlobalSignOut, RevokeToken, then the local session is removed. Device secrets
//! stay: signing out does not forget a remembered device.

use super::{AuthClient, AuthError};
use crate::cognito::types::RevokeTokenRequest;
use crate::session::{SessionKey, SessionStore, StoredTokens};

/// What sign-out managed on the server; the local session is removed either way.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SignOutReport {
    /// Every session of the user was ended (GlobalSignOut).
    pub signed_out_everywhere: bool,
    /// This session's refresh token was revoked.
    pub refresh_revoked: bool,
    /// Why a server step did not happen, in plain words.
    pub warnings: Vec<String>,
}

pub async fn sign_out(
    c: &AuthClient,
    store: &dyn SessionStore,
    key: &SessionKey,
    tokens: &StoredTokens,
) -> Result<SignOutReport, AuthError> {
    let mut report = SignOutReport::default();
    match c.idp.global_sign_out(&tokens.access_token).await {
        Ok(_) => report.signed_out_everywhere = true,
        Err(e) => report
            .warnings
            .push(format!("GlobalSignOut did not happen: {e}")),
    }
    if let Some(refresh) = &tokens.refresh_token {
        let req = RevokeTokenRequest {
            token: refresh.clone(),
            client_id: c.client_id(),
            client_secret: c.profile.client_secret.clone(),
        };
        match c.idp.revoke_token(&req).await {
            Ok(_) => report.refresh_revoked = true,
            Err(e) => report
                .warnings
                .push(format!("RevokeToken did not happen: {e}")),
        }
    }
    store.delete(key)?;
    Ok(report)
}
