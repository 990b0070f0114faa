//! Choosing the profile (argument > COGTUI_PROFILE > default_profile > the only one) and
//! applying AWS_REGION, with the environment passed in so tests need not touch the process's.

use super::error::{ConfigError, NameOrigin};
use super::profile::{Profile, pool_region, region_problem};
use super::{Config, ENV_PROFILE, ENV_REGION};

/// An unset and an empty variable mean the same: nothing was asked for.
fn var(env: &impl Fn(&str) -> Option<String>, key: &str) -> Option<String> {
    env(key)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

pub(super) fn choose<'c>(
    config: &'c Config,
    name: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<(&'c Profile, NameOrigin), ConfigError> {
    let wanted = match (name, var(&env, ENV_PROFILE)) {
        (Some(n), _) => Some((n.to_owned(), NameOrigin::Argument)),
        (None, Some(n)) => Some((n, NameOrigin::Env)),
        (None, None) => config
            .default_profile
            .clone()
            .map(|n| (n, NameOrigin::DefaultProfile)),
    };
    if let Some((name, origin)) = wanted {
        return config
            .profiles
            .get(&name)
            .map(|p| (p, origin))
            .ok_or_else(|| ConfigError::UnknownProfile {
                name,
                origin,
                known: config.names(),
            });
    }
    let mut all = config.profiles.values();
    match (all.next(), all.next()) {
        (Some(only), None) => Ok((only, NameOrigin::OnlyOne)),
        (None, _) => Err(ConfigError::NoProfiles),
        (Some(_), Some(_)) => Err(ConfigError::NoProfileChosen {
            known: config.names(),
        }),
    }
}

pub(super) fn resolve(
    config: &Config,
    name: Option<&str>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Profile, ConfigError> {
    let (chosen, _) = choose(config, name, &env)?;
    let mut profile = chosen.clone();
    if let Some(region) = var(&env, ENV_REGION) {
        if region_problem(&region).is_some() {
            return Err(ConfigError::BadEnvRegion { value: region });
        }
        // A user pool lives in exactly one region, named in its id: a different AWS_REGION
        // would send every call where the pool is not, and fail there with a less clear error.
        let pool = pool_region(&profile.user_pool_id).unwrap_or_default();
        if pool != region {
            return Err(ConfigError::RegionMismatch {
                profile: profile.name.clone(),
                env_region: region,
                user_pool_id: profile.user_pool_id.clone(),
                pool_region: pool.to_owned(),
            });
        }
        profile.region = region;
    }
    Ok(profile)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(names: &[&str], default: Option<&str>) -> Config {
        let mut c = Config::default();
        for n in names {
            let region = if *n == "us" { "us-east-1" } else { "eu-west-1" };
            let p = Profile::new(
                *n,
                region,
                format!("{region}_Pool{n}"),
                format!("client{n}"),
            );
            c.profiles.insert((*n).to_owned(), p);
        }
        c.default_profile = default.map(str::to_owned);
        c
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn pick(c: &Config, name: Option<&str>, vars: &[(&str, &str)]) -> Result<String, ConfigError> {
        c.resolve_with(name, env(vars)).map(|p| p.name)
    }

    #[test]
    fn the_argument_beats_the_environment_beats_the_default() {
        let c = config(&["a", "b", "c"], Some("c"));
        let vars = [(ENV_PROFILE, "b")];
        assert_eq!(pick(&c, Some("a"), &vars).unwrap(), "a");
        assert_eq!(pick(&c, None, &vars).unwrap(), "b");
        assert_eq!(pick(&c, None, &[]).unwrap(), "c");
        assert_eq!(pick(&c, None, &[(ENV_PROFILE, "")]).unwrap(), "c");
    }

    #[test]
    fn the_only_profile_is_chosen_without_a_default() {
        let c = config(&["solo"], None);
        assert_eq!(pick(&c, None, &[]).unwrap(), "solo");
        let (_, origin) = c.choose_with(None, env(&[])).unwrap();
        assert_eq!(origin, NameOrigin::OnlyOne);
    }

    #[test]
    fn no_choice_among_several_or_none_is_an_error_that_says_what_to_do() {
        let e = pick(&config(&["a", "b"], None), None, &[]).unwrap_err();
        assert!(matches!(e, ConfigError::NoProfileChosen { .. }));
        assert!(e.to_string().contains("cogtui profile use NAME"), "{e}");
        let e = pick(&config(&[], None), None, &[]).unwrap_err();
        assert!(matches!(e, ConfigError::NoProfiles));
    }

    #[test]
    fn a_name_that_matches_nothing_says_where_it_came_from() {
        let c = config(&["a", "b"], Some("gone"));
        let e = pick(&c, None, &[]).unwrap_err().to_string();
        assert!(e.contains("`gone`") && e.contains("default_profile"), "{e}");
        assert!(e.contains("a, b"), "{e}");
        let e = pick(&c, None, &[(ENV_PROFILE, "nope")])
            .unwrap_err()
            .to_string();
        assert!(e.contains("COGTUI_PROFILE"), "{e}");
        let e = pick(&c, Some("x"), &[]).unwrap_err();
        assert!(matches!(
            e,
            ConfigError::UnknownProfile {
                origin: NameOrigin::Argument,
                ..
            }
        ));
    }

    #[test]
    fn aws_region_must_agree_with_the_pool() {
        let c = config(&["eu", "us"], Some("eu"));
        let p = c
            .resolve_with(None, env(&[(ENV_REGION, "eu-west-1")]))
            .unwrap();
        assert_eq!(p.region, "eu-west-1");
        let e = c
            .resolve_with(None, env(&[(ENV_REGION, "us-east-1")]))
            .unwrap_err();
        assert!(matches!(e, ConfigError::RegionMismatch { .. }), "{e}");
        assert!(e.to_string().contains("env -u AWS_REGION"), "{e}");
        let p = c
            .resolve_with(Some("us"), env(&[(ENV_REGION, "us-east-1")]))
            .unwrap();
        assert_eq!(p.region, "us-east-1");
        let e = c
            .resolve_with(None, env(&[(ENV_REGION, "mars")]))
            .unwrap_err();
        assert!(matches!(e, ConfigError::BadEnvRegion { .. }));
        assert!(c.resolve_with(None, env(&[(ENV_REGION, "")])).is_ok());
    }
}
