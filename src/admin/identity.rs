//! Who is acting, for the audit log: the caller's ARN from STS GetCallerIdentity (AWS's own
//! STS client, which aws-config already brings), asked once and briefly; when STS does not
//! answer in time, the access key id stands in.

use super::credentials::AdminCredentials;
use crate::config::{Profile, is_loopback};
use std::time::Duration;

/// How long the audit's "who" may hold up a destructive action.
const STS_TIMEOUT: Duration = Duration::from_secs(3);

/// The caller's ARN, or `None` when STS cannot say (offline, no permission, a timeout).
pub async fn caller_arn(profile: &Profile, creds: &AdminCredentials) -> Option<String> {
    let mut config = aws_sdk_sts::Config::builder()
        .behavior_version(aws_sdk_sts::config::BehaviorVersion::latest())
        .region(aws_sdk_sts::config::Region::new(profile.region.clone()))
        .credentials_provider(creds.to_aws());
    // The local pool answers GetCallerIdentity itself (docs/local-pool.md).
    if let Some(endpoint) = profile.endpoint.as_deref().filter(|e| is_loopback(e)) {
        config = config.endpoint_url(endpoint);
    }
    let client = aws_sdk_sts::Client::from_conf(config.build());
    match tokio::time::timeout(STS_TIMEOUT, client.get_caller_identity().send()).await {
        Ok(Ok(answer)) => answer.arn().map(str::to_owned),
        Ok(Err(e)) => {
            tracing::debug!(error = %e, "GetCallerIdentity failed; the audit names the key");
            None
        }
        Err(_) => None,
    }
}
