//! Confirming and performing one admin action: the user is looked up first (a user that does
//! not exist fails before any question), the confirmation shows exactly what will happen, and
//! the action is recorded in the audit log (`audit.log` in the data dir).

use super::super::context::Ctx;
use super::super::exit::CliError;
use super::super::output::Output;
use super::super::stdio;
use crate::admin::{Action, Admin, AuditLog, Outcome};
use serde_json::json;
use std::io::{BufRead, IsTerminal};

/// Asks on the terminal; `Ok(false)` when the answer is not yes.
fn ask(question: &str) -> anyhow::Result<bool> {
    stdio::err_text(question);
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(matches!(line.trim().to_lowercase().as_str(), "y" | "yes"))
}

/// Shows what `action` will do, asks (unless `yes`), performs it and reports.
pub async fn confirm_and_perform(
    ctx: &Ctx,
    admin: &Admin,
    out: Output,
    action: &Action,
    yes: bool,
) -> anyhow::Result<()> {
    let user = admin.user(action.user()).await?;
    let s = &user.summary;
    let mut plan = format!(
        "{}\n  user {} ({}, {}, {}), profile '{}', credentials from {}",
        action.describe(admin.pool_id()),
        s.username,
        s.email.as_deref().unwrap_or("no email"),
        s.status,
        if s.enabled { "enabled" } else { "disabled" },
        admin.profile().name,
        admin.credentials().source,
    );
    if let Action::ForgetAllDevices { user } = action {
        let devices = admin.devices(user).await?;
        if devices.is_empty() {
            plan.push_str("\n  the user has no devices: nothing to forget");
        }
        for d in devices {
            plan.push_str(&format!(
                "\n  device {} ({})",
                d.key,
                d.name.as_deref().unwrap_or("no name")
            ));
        }
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            return Err(CliError::NeedsInput(format!(
                "`admin {}` changes user `{}` and stdin is not a terminal, so cogtui will not \
                 ask: pass --yes to confirm; nothing was changed",
                action.name(),
                action.user()
            ))
            .into());
        }
        stdio::err_line(&super::super::output::escape_controls(&plan));
        if !ask("Go ahead? [y/N] ")? {
            return Err(CliError::InputRefused("not confirmed; nothing was changed".into()).into());
        }
    }
    let audit = AuditLog::in_dir(ctx.data_dir());
    let outcome = admin.perform(action, &audit).await?;
    let detail = match &outcome {
        Outcome::Done => String::new(),
        Outcome::MfaMethodsOff(m) if m.is_empty() => " (no MFA method was on)".into(),
        Outcome::MfaMethodsOff(m) => format!(" (turned off: {})", m.join(", ")),
        Outcome::DevicesForgotten(k) => format!(" ({} device(s) forgotten)", k.len()),
    };
    let methods = match &outcome {
        Outcome::MfaMethodsOff(m) => json!(m),
        Outcome::Done | Outcome::DevicesForgotten(_) => json!(null),
    };
    let forgotten = match &outcome {
        Outcome::DevicesForgotten(k) => json!(k),
        _ => json!(null),
    };
    out.emit(
        &format!(
            "Done: {} for `{}` in pool {}{detail}. Recorded in {}.",
            action.name(),
            s.username,
            admin.pool_id(),
            audit.path().display()
        ),
        &json!({
            "action": action.name(),
            "user": s.username,
            "pool": admin.pool_id(),
            "result": "ok",
            "mfa_methods_off": methods,
            "devices_forgotten": forgotten,
            "audit_log": audit.path(),
        }),
    );
    Ok(())
}
