//! The Cognito wire: operation types shared by the client and the local pool, the JSON 1.1
//! transport, and the typed user-pool client.

mod device_types;
mod email;
mod error;
mod identity;
pub mod identity_types;
mod idp;
mod jwks;
mod mfa_types;
mod pool_config_types;
mod provider_types;
mod secret_hash;
mod transport;
pub mod types;

pub use email::looks_like_email;
pub use error::{CognitoError, ErrorKind, error_kind};
pub use identity::IdentityClient;
pub use idp::IdpClient;
pub use jwks::{TokenCheckError, check_with_jwks, verify_id_token_cached};
pub use secret_hash::secret_hash;
pub use transport::{IDENTITY, IDP, Idempotence, RequestSigner, Transport};
