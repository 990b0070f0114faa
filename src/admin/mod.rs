//! Support-staff operations over IAM credentials: find and show users, and the destructive
//! actions (sign out everywhere, reset password or MFA, disable, enable), each confirmed by the
//! face and recorded in the audit log. UI-free: the CLI (`cogtui admin …`) and the TUI's admin
//! screen call the same `Admin`.
//!
//! The calls are signed with SigV4 by `aws-sigv4` and sent through the project's transport;
//! the credentials come from `aws-config` (docs/architecture.md says why not the SDK's client).

mod action;
mod audit;
mod client;
mod credentials;
mod devices;
mod error;
mod identity;
mod signer;
mod users;

pub use action::{Action, Outcome};
pub use audit::{AUDIT_FILE, AuditEntry, AuditLog, OpenAudit, rfc3339};
pub use client::Admin;
pub use credentials::{AdminCredentials, CredentialSource, resolve};
pub use error::AdminError;
pub use signer::{SERVICE, SigV4Signer};
pub use users::{UserDetail, UserQuery, UserSummary};
