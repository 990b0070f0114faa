//! What stops the doctor before it can check anything, each saying what to do next. Refusals of
//! the optional reads (MFA configuration, users) are findings instead (`not-checked`).

use crate::admin::AdminError;

#[derive(Debug, thiserror::Error)]
pub enum DoctorError {
    #[error(
        "no user pool {pool} in {region}{at}: check the user_pool_id and region of profile \
         `{profile}` (`cogtui profile show {profile}`), and list the pools these credentials \
         see with `aws cognito-idp list-user-pools --max-results 60 --region {region}`"
    )]
    PoolNotFound {
        profile: String,
        pool: String,
        region: String,
        /// ` at ENDPOINT` for an endpoint override, else empty.
        at: String,
    },
    #[error(
        "no app client {client} in user pool {pool}: check the client_id of profile \
         `{profile}` (`cogtui profile show {profile}`), and list the pool's clients with \
         `aws cognito-idp list-user-pool-clients --user-pool-id {pool} --region {region}`"
    )]
    ClientNotFound {
        profile: String,
        pool: String,
        client: String,
        region: String,
    },
    #[error(transparent)]
    Admin(#[from] AdminError),
}
