//! The password policy shown and checked as a person types. Cognito does not tell an
//! unauthenticated client its pool's policy, so the TUI checks Cognito's default (which the
//! local pool uses too); the server's verdict still decides.

/// Symbols Cognito accepts as "special characters".
const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub uppercase: bool,
    pub lowercase: bool,
    pub numbers: bool,
    pub symbols: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            min_length: 8,
            uppercase: true,
            lowercase: true,
            numbers: true,
            symbols: true,
        }
    }
}

/// One rule of the policy and whether a password meets it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Check {
    pub rule: String,
    pub met: bool,
}

impl PasswordPolicy {
    pub fn checks(&self, pw: &str) -> Vec<Check> {
        let mut out = vec![Check {
            rule: format!("{}+ characters", self.min_length),
            met: pw.chars().count() >= self.min_length,
        }];
        let mut rule = |on: bool, rule: &str, met: bool| {
            if on {
                out.push(Check {
                    rule: rule.to_owned(),
                    met,
                });
            }
        };
        rule(
            self.uppercase,
            "uppercase",
            pw.chars().any(char::is_uppercase),
        );
        rule(
            self.lowercase,
            "lowercase",
            pw.chars().any(char::is_lowercase),
        );
        rule(
            self.numbers,
            "a digit",
            pw.chars().any(|c| c.is_ascii_digit()),
        );
        rule(
            self.symbols,
            "a symbol",
            pw.chars().any(|c| SYMBOLS.contains(c)),
        );
        out.push(Check {
            rule: "no space at either end".into(),
            met: !pw.starts_with(' ') && !pw.ends_with(' '),
        });
        out
    }

    pub fn accepts(&self, pw: &str) -> bool {
        self.checks(pw).iter().all(|c| c.met)
    }
}

pub use crate::cognito::looks_like_email;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_each_rule() {
        let p = PasswordPolicy::default();
        assert!(!p.accepts("short"));
        assert!(p.accepts("Correct-Horse-9"));
        let unmet: Vec<_> = p
            .checks("lowercase only")
            .into_iter()
            .filter(|c| !c.met)
            .map(|c| c.rule)
            .collect();
        assert_eq!(unmet, ["uppercase", "a digit"]);
        assert!(
            looks_like_email("a@b.co") && !looks_like_email("a@b") && !looks_like_email("@b.co")
        );
    }
}
