//! `cogtui admin devices list USER`: every device of a user, as a table or JSON.

use super::super::output::Output;
use super::date;
use crate::admin::Admin;
use serde_json::json;

pub async fn run(admin: &Admin, out: Output, user: &str) -> anyhow::Result<()> {
    let devices = admin.devices(user).await?;
    let mut lines = vec![format!(
        "{:<48} {:<20} {:<11} {}",
        "DEVICE", "NAME", "REMEMBERED", "LAST USED"
    )];
    lines.extend(devices.iter().map(|d| {
        format!(
            "{:<48} {:<20} {:<11} {}",
            d.key,
            crate::text::printable(d.name.as_deref().unwrap_or("-")),
            if d.remembered { "yes" } else { "no" },
            date(d.last_authenticated)
        )
    }));
    if devices.is_empty() {
        lines = vec![format!(
            "`{user}` has no devices in pool {}.",
            admin.pool_id()
        )];
    }
    let list: Vec<_> = devices
        .iter()
        .map(|d| {
            json!({"device_key": d.key, "name": d.name, "remembered": d.remembered,
                   "last_ip": d.last_ip, "created": d.created,
                   "last_authenticated": d.last_authenticated, "last_modified": d.last_modified})
        })
        .collect();
    out.emit(
        &lines.join("\n"),
        &json!({"pool": admin.pool_id(), "user": user, "devices": list}),
    );
    Ok(())
}
