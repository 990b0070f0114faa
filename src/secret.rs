//! Secret newtypes: redacted in `Debug`/`Display`, wiped on drop, reached only by `expose`.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use zeroize::Zeroize;

/// A secret string (password, token, code, client secret).
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The value itself: every call is a place a secret leaves its box.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Self(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl std::fmt::Display for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Serialize for Secret {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self)
    }
}

/// AuthParameters / ChallengeParameters / ChallengeResponses: string maps that carry passwords
/// and proofs, so `Debug` lists the keys only. A `null` value is read as absent: AWS's
/// amazon-cognito-identity-js sends `"DEVICE_KEY": null` when it retries without a device.
#[derive(Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Params(pub BTreeMap<String, String>);

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = BTreeMap::<String, Option<String>>::deserialize(d)?;
        Ok(Self(
            raw.into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, v)))
                .collect(),
        ))
    }
}

impl Params {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    pub fn insert(&mut self, key: &str, value: impl Into<String>) {
        self.0.insert(key.to_owned(), value.into());
    }
}

impl<const N: usize> From<[(&str, String); N]> for Params {
    fn from(items: [(&str, String); N]) -> Self {
        Self(items.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }
}

impl Drop for Params {
    fn drop(&mut self) {
        for v in self.0.values_mut() {
            v.zeroize();
        }
    }
}

impl std::fmt::Debug for Params {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Secret::new("hunter2-Password!");
        assert_eq!(format!("{s:?} {s}"), "[redacted] [redacted]");
        let p = Params::from([("PASSWORD", "hunter2-Password!".to_owned())]);
        let shown = format!("{p:?}");
        assert!(shown.contains("PASSWORD") && !shown.contains("hunter2"));
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"hunter2-Password!\"");
    }

    #[test]
    fn a_null_parameter_is_absent() {
        let p: Params = serde_json::from_str(r#"{"USERNAME":"u","DEVICE_KEY":null}"#).unwrap();
        assert_eq!(p.get("USERNAME"), Some("u"));
        assert_eq!(p.get("DEVICE_KEY"), None);
    }
}
