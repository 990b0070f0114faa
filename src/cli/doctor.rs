//! `cogtui doctor`: the pool doctor's findings on the profile's pool and app client, worst
//! first, as text or JSON, with an exit code for CI (docs/cli.md).

use super::context::Ctx;
use super::context::GlobalArgs;
use super::exit::CliError;
use super::output::Output;
use crate::doctor::{self, Expectations, Finding, Report, Severity};
use clap::Args;
use serde_json::json;

/// Which findings make the command fail (exit 11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Error-level findings only.
    Error,
    /// Warnings too.
    Warning,
    /// Never: always exit 0 when the pool could be read.
    Never,
}

#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The AWS profile whose credentials sign the reads [default: AWS_PROFILE, then the
    /// standard chain; a profile on a local pool uses its admin key].
    #[arg(long)]
    pub aws_profile: Option<String>,
    /// The shortest refresh-token life the team expects, like 30d, 12h or 90m; shorter is a
    /// warning.
    #[arg(long, value_name = "DURATION", default_value = "1d", value_parser = doctor::parse_duration)]
    pub expect_refresh: u64,
    /// How many users' MFA enrolment to look at (the first ListUsers gives; 0: none).
    #[arg(long, value_name = "N", default_value_t = doctor::DEFAULT_SAMPLE as u32,
          value_parser = clap::value_parser!(u32).range(0..=60))]
    pub sample: u32,
    /// The loopback callback URL `cogtui login --hosted-ui` uses, checked against the client's.
    #[arg(
        long,
        value_name = "URL",
        env = "COGTUI_HOSTED_UI_CALLBACK",
        default_value = crate::auth::hosted_ui::DEFAULT_CALLBACK
    )]
    pub callback_url: String,
    /// Exit 11 when a finding is at least this bad.
    #[arg(long, value_enum, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
}

fn block(f: &Finding) -> String {
    let label = match f.severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "NOTE",
    };
    format!(
        "{label:<8} {}  [{}]\n  {}\n  fix: {}",
        f.title, f.id, f.detail, f.fix
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report as a person reads it: a header, one block per finding, a summary line.
pub fn human(profile: &str, r: &Report) -> String {
    let mut out = vec![format!(
        "Pool {} · app client {} · profile {profile}",
        r.pool_id, r.client_id
    )];
    if r.sampled_users > 0 {
        out.push(format!(
            "MFA enrolment checked on {} (a sample).",
            plural(r.sampled_users, "user", "users")
        ));
    }
    for f in &r.findings {
        out.push(String::new());
        out.push(block(f));
    }
    out.push(String::new());
    let notes = r.count(Severity::Info);
    if r.healthy() {
        out.push(match notes {
            0 => "no problems found".to_owned(),
            n => format!("no problems found ({} above)", plural(n, "note", "notes")),
        });
    } else {
        out.push(format!(
            "{}, {}, {}.",
            plural(r.count(Severity::Error), "error", "errors"),
            plural(r.count(Severity::Warning), "warning", "warnings"),
            plural(notes, "note", "notes")
        ));
    }
    out.join("\n")
}

/// The JSON document (docs/cli.md): stable keys, no secret.
pub fn json(profile: &str, r: &Report) -> serde_json::Value {
    json!({
        "profile": profile,
        "pool_id": r.pool_id,
        "client_id": r.client_id,
        "sampled_users": r.sampled_users,
        "healthy": r.healthy(),
        "counts": {
            "error": r.count(Severity::Error),
            "warning": r.count(Severity::Warning),
            "info": r.count(Severity::Info),
        },
        "findings": r.findings,
    })
}

pub async fn run(g: &GlobalArgs, out: Output, args: DoctorArgs) -> anyhow::Result<()> {
    let ctx = Ctx::open(g, out)?;
    let expect = Expectations {
        refresh_seconds: args.expect_refresh,
        sample: args.sample as usize,
        callback: Some(args.callback_url.clone()),
    };
    let report = doctor::run(&ctx.profile, args.aws_profile.as_deref(), &expect).await?;
    let name = &ctx.profile.name;
    out.emit(&human(name, &report), &json(name, &report));
    let failing = match args.fail_on {
        FailOn::Error => report.count(Severity::Error),
        FailOn::Warning => report.count(Severity::Error) + report.count(Severity::Warning),
        FailOn::Never => 0,
    };
    if failing > 0 {
        let what = match (args.fail_on, failing) {
            (FailOn::Warning, 1) => "error or warning",
            (FailOn::Warning, _) => "errors or warnings",
            (_, 1) => "error",
            _ => "errors",
        };
        return Err(CliError::Findings(format!(
            "the doctor found {failing} {what} on pool {} (listed above; exit 11)",
            report.pool_id
        ))
        .into());
    }
    Ok(())
}
