//! What every flow needs: the wire client and the profile it talks for.

use crate::cognito::{CognitoError, IdpClient, secret_hash};
use crate::config::Profile;
use crate::secret::Secret;

#[derive(Debug, Clone)]
pub struct AuthClient {
    pub idp: IdpClient,
    pub profile: Profile,
}

impl AuthClient {
    pub fn new(profile: Profile) -> Result<Self, CognitoError> {
        Ok(Self {
            idp: IdpClient::new(&profile.idp_endpoint())?,
            profile,
        })
    }

    /// SECRET_HASH for `username`, when the app client has a secret.
    pub fn secret_hash(&self, username: &str) -> Option<Secret> {
        self.profile
            .client_secret
            .as_ref()
            .map(|s| Secret::new(secret_hash(s.expose(), username, &self.profile.client_id)))
    }

    pub fn client_id(&self) -> String {
        self.profile.client_id.clone()
    }
}
