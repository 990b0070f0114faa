//! What the checks look at: the pool, the app client (its secret already dropped), the pool's
//! MFA configuration, a sample of users, and what the team expects. Filled by `fetch`, or by
//! hand in tests.

use crate::cognito::types::{PoolMfaConfig, UserPoolClientType, UserPoolType};

/// One sampled user: name and the MFA methods on (AdminGetUser's UserMFASettingList).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampledUser {
    pub username: String,
    pub status: String,
    pub mfa_methods: Vec<String>,
}

/// The first users ListUsers gave, with their MFA.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserSample {
    pub users: Vec<SampledUser>,
    /// The pool has more users than were sampled.
    pub partial: bool,
}

/// What could not be read, and why (the operation and the error), reported as info.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub operation: &'static str,
    pub reason: String,
}

/// The profile's view of its target, as far as the checks need it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProfileView {
    pub name: String,
    pub region: String,
    /// The endpoint override (a local pool), for the `--endpoint-url` of `aws` commands.
    pub endpoint: Option<String>,
    pub has_client_secret: bool,
    pub hosted_ui_domain: Option<String>,
}

/// What the team expects of the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectations {
    /// The shortest refresh-token validity that is fine, in seconds.
    pub refresh_seconds: u64,
    /// At most this many users are sampled for MFA enrolment (0: none).
    pub sample: usize,
    /// The loopback callback URL `cogtui login --hosted-ui` listens on; when set, a client that
    /// allows the Hosted UI without registering it is reported (`None`: not checked).
    pub callback: Option<String>,
}

/// One day: with less, users sign in again every day (docs/cli.md).
pub const DEFAULT_REFRESH_SECONDS: u64 = 86_400;
/// Users sampled for MFA enrolment unless told otherwise.
pub const DEFAULT_SAMPLE: usize = 20;

impl Default for Expectations {
    fn default() -> Self {
        Self {
            refresh_seconds: DEFAULT_REFRESH_SECONDS,
            sample: DEFAULT_SAMPLE,
            callback: None,
        }
    }
}

/// Everything the checks look at.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub profile: ProfileView,
    pub pool: UserPoolType,
    /// The client as described, with `client_secret` taken out (see `client_has_secret`).
    pub client: UserPoolClientType,
    pub client_has_secret: bool,
    /// GetUserPoolMfaConfig; `None` when it could not be read.
    pub mfa: Option<PoolMfaConfig>,
    /// `None` when users were not sampled (not asked, or refused).
    pub users: Option<UserSample>,
    pub unread: Vec<Unread>,
}

/// Parses a duration as `--expect-refresh` takes it: a number and a unit, `s`, `m`, `h` or
/// `d` (`30d`, `12h`, `90m`); a bare number is days, as Cognito's default refresh unit.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let t = text.trim();
    let (digits, unit) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(at) => t.split_at(at),
        None => (t, "d"),
    };
    let n: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a duration: write it like 30d, 12h, 90m or 3600s"))?;
    let unit_secs = match unit.trim() {
        "s" => 1,
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        other => {
            return Err(format!(
                "`{other}` is not a unit: use s, m, h or d (like 30d)"
            ));
        }
    };
    n.checked_mul(unit_secs)
        .filter(|s| *s > 0)
        .ok_or_else(|| format!("`{text}` is out of range: use from 1s to about 10 years"))
}

/// Seconds as the largest whole unit that fits: `30 days`, `12 hours`, `90 minutes`.
pub fn say_duration(secs: u64) -> String {
    let (n, unit) = if secs >= 86_400 && secs.is_multiple_of(86_400) {
        (secs / 86_400, "day")
    } else if secs >= 3_600 && secs.is_multiple_of(3_600) {
        (secs / 3_600, "hour")
    } else if secs >= 60 && secs.is_multiple_of(60) {
        (secs / 60, "minute")
    } else {
        (secs, "second")
    };
    format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_with_units_and_default_to_days() {
        assert_eq!(parse_duration("30d"), Ok(30 * 86_400));
        assert_eq!(parse_duration("12h"), Ok(12 * 3_600));
        assert_eq!(parse_duration("90m"), Ok(5_400));
        assert_eq!(parse_duration("3600s"), Ok(3_600));
        assert_eq!(parse_duration("7"), Ok(7 * 86_400));
        assert!(parse_duration("0d").is_err());
        assert!(parse_duration("d").unwrap_err().contains("30d"));
        assert!(parse_duration("3w").unwrap_err().contains("unit"));
        assert!(parse_duration("99999999999999999999d").is_err());
    }

    #[test]
    fn durations_are_said_in_the_largest_whole_unit() {
        assert_eq!(say_duration(86_400), "1 day");
        assert_eq!(say_duration(30 * 86_400), "30 days");
        assert_eq!(say_duration(7_200), "2 hours");
        assert_eq!(say_duration(5_400), "90 minutes");
        assert_eq!(say_duration(61), "61 seconds");
    }
}
