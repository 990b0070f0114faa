//! What the doctor says: findings (a stable id, how bad, what is wrong in plain words, how to
//! fix it) and the report that orders and counts them.

use serde::Serialize;

/// How bad a finding is. Ordered worst first, as reports list them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something fails: sign-in, refresh, the Hosted UI.
    Error,
    /// It works, but not as the team or its users likely expect.
    Warning,
    /// Worth knowing (triggers configured, what could not be checked).
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

impl std::fmt::Display for Severity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the doctor found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// Stable, kebab-case (docs/cli.md lists them): scripts may match on it.
    pub id: &'static str,
    pub severity: Severity,
    /// One line.
    pub title: String,
    /// What is wrong and what users see, in plain words.
    pub detail: String,
    /// What to do: the console place or the exact `aws` command.
    pub fix: String,
}

impl Finding {
    pub fn new(
        id: &'static str,
        severity: Severity,
        title: impl Into<String>,
        detail: impl Into<String>,
        fix: impl Into<String>,
    ) -> Self {
        Self {
            id,
            severity,
            title: title.into(),
            detail: detail.into(),
            fix: fix.into(),
        }
    }
}

/// Everything the doctor found on one profile's pool and client, worst first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub pool_id: String,
    pub client_id: String,
    /// Users whose MFA was looked at (a sample: the first ListUsers gave).
    pub sampled_users: usize,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Sorts worst first (stable: checks keep their order within a severity).
    pub fn new(
        pool_id: String,
        client_id: String,
        sampled_users: usize,
        mut findings: Vec<Finding>,
    ) -> Self {
        findings.sort_by_key(|f| f.severity);
        Self {
            pool_id,
            client_id,
            sampled_users,
            findings,
        }
    }

    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The worst severity found, if any.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }

    /// Nothing at warning level or worse.
    pub fn healthy(&self) -> bool {
        self.worst().is_none_or(|s| s == Severity::Info)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_list_the_worst_first_and_count() {
        let f = |id, s| Finding::new(id, s, "t", "d", "f");
        let r = Report::new(
            "p".into(),
            "c".into(),
            0,
            vec![
                f("a", Severity::Info),
                f("b", Severity::Error),
                f("c", Severity::Warning),
                f("d", Severity::Error),
            ],
        );
        let ids: Vec<_> = r.findings.iter().map(|f| f.id).collect();
        assert_eq!(ids, ["b", "d", "c", "a"]);
        assert_eq!(r.count(Severity::Error), 2);
        assert_eq!(r.worst(), Some(Severity::Error));
        assert!(!r.healthy());
        let clean = Report::new("p".into(), "c".into(), 0, vec![f("a", Severity::Info)]);
        assert!(clean.healthy());
    }
}
