//! The reads the doctor makes, all signed by `admin::Admin`: DescribeUserPool and
//! DescribeUserPoolClient (needed), GetUserPoolMfaConfig, ListUsers and AdminGetUser (a refusal
//! of those is reported as `not-checked`, the rest still runs). Nothing is changed.

use super::checks;
use super::error::DoctorError;
use super::findings::Report;
use super::snapshot::{Expectations, ProfileView, SampledUser, Snapshot, Unread, UserSample};
use crate::admin::{Admin, AdminError, UserQuery};
use crate::cognito::types::{
    DescribeUserPoolClientRequest, DescribeUserPoolRequest, PoolMfaConfig, UserPoolClientResponse,
    UserPoolIdRequest, UserPoolResponse,
};
use crate::cognito::{CognitoError, ErrorKind, Idempotence};
use crate::config::Profile;

impl ProfileView {
    pub fn of(p: &Profile) -> Self {
        Self {
            name: p.name.clone(),
            region: p.region.clone(),
            endpoint: p.endpoint.clone(),
            has_client_secret: p.client_secret.is_some(),
            hosted_ui_domain: p.hosted_ui_domain.clone(),
        }
    }
}

/// Connects with the profile's admin credentials (see `admin::resolve`) and diagnoses.
pub async fn run(
    profile: &Profile,
    aws_profile: Option<&str>,
    expect: &Expectations,
) -> Result<Report, DoctorError> {
    let admin = Admin::connect(profile, aws_profile).await?;
    diagnose(&admin, expect).await
}

/// Reads the pool and client of `admin`'s profile and runs every check.
pub async fn diagnose(admin: &Admin, expect: &Expectations) -> Result<Report, DoctorError> {
    let snap = snapshot(admin, expect.sample).await?;
    let findings = checks::all(&snap, expect);
    let sampled = snap.users.as_ref().map_or(0, |u| u.users.len());
    let p = admin.profile();
    Ok(Report::new(
        p.user_pool_id.clone(),
        p.client_id.clone(),
        sampled,
        findings,
    ))
}

fn not_found(e: &AdminError) -> bool {
    matches!(
        e,
        AdminError::Cognito(CognitoError::Service {
            kind: ErrorKind::ResourceNotFound,
            ..
        })
    )
}

/// Refusals that only cost the checks needing that read.
fn skippable(e: &AdminError) -> bool {
    matches!(e, AdminError::AccessDenied { .. })
}

/// Everything the checks need. The client secret is dropped here: only whether there is one
/// goes further.
pub async fn snapshot(admin: &Admin, sample: usize) -> Result<Snapshot, DoctorError> {
    let p = admin.profile();
    let pool_id = p.user_pool_id.clone();
    let pool: UserPoolResponse = admin
        .call(
            "DescribeUserPool",
            &DescribeUserPoolRequest {
                user_pool_id: pool_id.clone(),
            },
            Idempotence::Safe,
            "",
        )
        .await
        .map_err(|e| {
            if not_found(&e) {
                DoctorError::PoolNotFound {
                    profile: p.name.clone(),
                    pool: pool_id.clone(),
                    region: p.region.clone(),
                    at: p
                        .endpoint
                        .as_deref()
                        .map(|e| format!(" at {e}"))
                        .unwrap_or_default(),
                }
            } else {
                e.into()
            }
        })?;
    let client: UserPoolClientResponse = admin
        .call(
            "DescribeUserPoolClient",
            &DescribeUserPoolClientRequest {
                user_pool_id: pool_id.clone(),
                client_id: p.client_id.clone(),
            },
            Idempotence::Safe,
            "",
        )
        .await
        .map_err(|e| {
            if not_found(&e) {
                DoctorError::ClientNotFound {
                    profile: p.name.clone(),
                    pool: pool_id.clone(),
                    client: p.client_id.clone(),
                    region: p.region.clone(),
                }
            } else {
                e.into()
            }
        })?;
    let mut client = client.user_pool_client;
    let client_has_secret = client.client_secret.take().is_some();
    let mut unread = Vec::new();
    let mfa = match admin
        .call::<_, PoolMfaConfig>(
            "GetUserPoolMfaConfig",
            &UserPoolIdRequest {
                user_pool_id: pool_id.clone(),
            },
            Idempotence::Safe,
            "",
        )
        .await
    {
        Ok(m) => Some(m),
        Err(e) if skippable(&e) => {
            unread.push(Unread {
                operation: "GetUserPoolMfaConfig",
                reason: e.to_string(),
            });
            None
        }
        Err(e) => return Err(e.into()),
    };
    let users = if sample == 0 {
        None
    } else {
        match sample_users(admin, sample).await {
            Ok(u) => Some(u),
            Err((operation, e)) if skippable(&e) => {
                unread.push(Unread {
                    operation,
                    reason: e.to_string(),
                });
                None
            }
            Err((_, e)) => return Err(e.into()),
        }
    };
    Ok(Snapshot {
        profile: ProfileView::of(p),
        pool: pool.user_pool,
        client,
        client_has_secret,
        mfa,
        users,
        unread,
    })
}

/// AdminGetUser calls in flight at once: well under Cognito's rate for user reads.
const AT_ONCE: usize = 8;

/// The first `n` users ListUsers gives, each with its MFA methods (AdminGetUser, a few at a
/// time).
async fn sample_users(admin: &Admin, n: usize) -> Result<UserSample, (&'static str, AdminError)> {
    let mut found = admin
        .find_users(&UserQuery::Raw(String::new()), n + 1)
        .await
        .map_err(|e| ("ListUsers", e))?;
    let partial = found.len() > n;
    found.truncate(n);
    let mut users = Vec::with_capacity(found.len());
    for batch in found.chunks(AT_ONCE) {
        let details =
            futures_util::future::join_all(batch.iter().map(|u| admin.user(&u.username))).await;
        for (u, got) in batch.iter().zip(details) {
            match got {
                Ok(d) => users.push(SampledUser {
                    username: u.username.clone(),
                    status: d.summary.status,
                    mfa_methods: d.mfa_methods,
                }),
                // Deleted since it was listed.
                Err(AdminError::UserNotFound { .. }) => {}
                Err(e) => return Err(("AdminGetUser", e)),
            }
        }
    }
    Ok(UserSample { users, partial })
}
