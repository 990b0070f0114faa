//! The Cognito wire: operation types shared by the client and the local pool.

mod secret_hash;
pub mod types;

pub use secret_hash::secret_hash;
