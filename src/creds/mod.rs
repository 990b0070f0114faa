//! Identity-pool credentials: the flows that turn a signed-in user (or a guest) into temporary
//! AWS credentials and cache them in the session store, and the pure export formats (env lines,
//! `credential_process` JSON, a `~/.aws/credentials` section, an `exec` environment).

pub mod console;
mod error;
pub mod export;
mod flow;
pub mod profile_file;
pub mod sts;

pub use crate::session::AwsCredentials;
pub use error::CredsError;
pub use flow::{CACHE_MARGIN, CredsOptions, Issued, credentials, identity_endpoint};

/// Set in the environment of a command run by `cogtui exec`: a nested `exec` refuses to run.
pub const EXEC_VAR: &str = "COGTUI_EXEC_PROFILE";
