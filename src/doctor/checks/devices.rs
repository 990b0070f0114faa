//! Device tracking against what users see: devices remembered without asking, remembered
//! devices that still get MFA, and remembering that changes nothing because MFA is off.

use super::super::findings::{Finding, Severity};
use super::super::snapshot::Snapshot;
use super::{POOL_UPDATE_RESETS, aws, names};

fn console(s: &Snapshot) -> String {
    format!(
        "Cognito console → User pools → {} → Sign-in → Device tracking",
        names(s).pool
    )
}

fn fix(s: &Snapshot, challenge: bool, prompt: bool) -> String {
    format!(
        "{}. Or: {}. {POOL_UPDATE_RESETS}",
        console(s),
        aws(
            s,
            "update-user-pool",
            &format!(
                "--device-configuration ChallengeRequiredOnNewDevice={challenge},\
                 DeviceOnlyRememberedOnUserPrompt={prompt}"
            )
        )
    )
}

pub fn check(s: &Snapshot, out: &mut Vec<Finding>) {
    let Some(d) = &s.pool.device_configuration else {
        return;
    };
    let challenge = d.challenge_required_on_new_device.unwrap_or(false);
    let on_prompt = d.device_only_remembered_on_user_prompt.unwrap_or(false);
    let mfa = s.pool.mfa_configuration.as_deref().unwrap_or("OFF");
    if mfa == "OFF" {
        out.push(Finding::new(
            "devices-without-mfa",
            Severity::Info,
            "Devices are tracked, but MFA is off: remembering a device changes nothing at \
             sign-in",
            "A remembered device skips MFA; with MFA off there is nothing to skip. Users asked \
             to remember a device (cogtui, Amplify) see no difference afterwards.",
            format!(
                "Make MFA optional so remembered devices can skip it: Cognito console → User \
                 pools → {} → Sign-in → Multi-factor authentication. Or stop tracking devices: \
                 {}.",
                names(s).pool,
                console(s)
            ),
        ));
        return;
    }
    if !on_prompt {
        let (title, detail) = if challenge {
            (
                "Every device is remembered without asking, and then skips MFA",
                "DeviceOnlyRememberedOnUserPrompt is off: each device that signs in is \
                 remembered silently, so after one MFA sign-in it never asks for MFA again, \
                 on a shared or borrowed computer too. Users are never asked.",
            )
        } else {
            (
                "Every device is remembered without asking",
                "DeviceOnlyRememberedOnUserPrompt is off: each device that signs in is \
                 remembered silently and listed among the user's devices; users are never \
                 asked.",
            )
        };
        out.push(Finding::new(
            "devices-remembered-silently",
            Severity::Warning,
            title,
            detail,
            format!(
                "Let users choose (\"User opt-in\"): {}",
                fix(s, challenge, true)
            ),
        ));
    }
    if !challenge {
        out.push(Finding::new(
            "devices-do-not-skip-mfa",
            Severity::Warning,
            "Remembered devices still get MFA at every sign-in",
            "ChallengeRequiredOnNewDevice is off: a remembered device is not allowed to skip \
             MFA, so users who chose \"remember this device\" are asked for a code each time \
             anyway.",
            format!(
                "Let remembered devices skip MFA: {}",
                fix(s, true, on_prompt)
            ),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{healthy, ids};
    use crate::cognito::types::DeviceConfigurationType;

    fn devices(challenge: bool, prompt: bool) -> Option<DeviceConfigurationType> {
        Some(DeviceConfigurationType {
            challenge_required_on_new_device: Some(challenge),
            device_only_remembered_on_user_prompt: Some(prompt),
        })
    }

    #[test]
    fn silent_remembering_and_devices_that_still_get_mfa_are_found() {
        let mut s = healthy();
        s.pool.device_configuration = devices(true, false);
        assert_eq!(ids(&s), ["devices-remembered-silently"]);
        s.pool.device_configuration = devices(false, true);
        assert_eq!(ids(&s), ["devices-do-not-skip-mfa"]);
        s.pool.device_configuration = devices(false, false);
        assert_eq!(
            ids(&s),
            ["devices-remembered-silently", "devices-do-not-skip-mfa"]
        );
        s.pool.device_configuration = None;
        assert!(ids(&s).is_empty());
    }

    #[test]
    fn devices_with_mfa_off_change_nothing() {
        let mut s = healthy();
        s.pool.mfa_configuration = Some("OFF".into());
        assert_eq!(ids(&s), ["devices-without-mfa"]);
    }
}
