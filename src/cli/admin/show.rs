//! `cogtui admin user show USER`: attributes, status, enabled and MFA of one user.

use super::super::output::Output;
use crate::admin::Admin;
use serde_json::json;

/// Unix seconds (as the wire gives them) as RFC 3339 (UTC), or `-`.
fn date(secs: Option<f64>) -> String {
    super::date(secs.map(|s| s as i64))
}

pub async fn run(admin: &Admin, out: Output, user: &str) -> anyhow::Result<()> {
    let u = admin.user(user).await?;
    let s = &u.summary;
    let mfa = if u.mfa_methods.is_empty() {
        "none".to_owned()
    } else {
        let preferred = u
            .mfa_preferred
            .as_deref()
            .map(|p| format!(" (preferred: {p})"))
            .unwrap_or_default();
        format!("{}{preferred}", u.mfa_methods.join(", "))
    };
    let mut lines = vec![
        format!("User      {}", s.username),
        format!("Pool      {}", admin.pool_id()),
        format!("Status    {}", s.status),
        format!("Enabled   {}", if s.enabled { "yes" } else { "no" }),
        format!("MFA       {mfa}"),
        format!("Created   {}", date(s.created)),
        format!("Modified  {}", date(s.modified)),
        "Attributes".to_owned(),
    ];
    lines.extend(s.attributes.iter().map(|(k, v)| format!("  {k} = {v}")));
    out.emit(
        &lines.join("\n"),
        &json!({"pool": admin.pool_id(), "user": u}),
    );
    Ok(())
}
