//! What the credentials flows keep per session beside the tokens: the identity pool's
//! IdentityId for the user (asked for once) and the last AWS credentials, until they expire.

use crate::secret::Secret;
use serde::{Deserialize, Serialize};

/// Temporary AWS credentials. `Debug` shows the access key id only.
#[derive(Clone, PartialEq, Serialize, Deserialize)]
pub struct AwsCredentials {
    pub access_key_id: String,
    pub secret_access_key: Secret,
    pub session_token: Secret,
    /// Unix seconds.
    pub expiration: i64,
}

impl std::fmt::Debug for AwsCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AwsCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &self.secret_access_key)
            .field("session_token", &self.session_token)
            .field("expiration", &self.expiration)
            .finish()
    }
}

/// One session's (or the profile's guest) identity and cached credentials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredIdentity {
    pub identity_pool_id: String,
    pub identity_id: String,
    /// The CustomRoleArn the credentials were asked for (`None`: the pool's choice).
    #[serde(default)]
    pub role_arn: Option<String>,
    /// The role-chosen credentials, if any were issued yet.
    #[serde(default)]
    pub credentials: Option<AwsCredentials>,
}
