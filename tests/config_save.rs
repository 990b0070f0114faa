//! Saving: round trips, owner-only permissions, atomic replacement, and the `local` profile.

use cogtui::config::{
    Config, ConfigError, LOCAL_PROFILE, LocalProfileInfo, Profile, StoreKind, write_local_profile,
};
use cogtui::secret::Secret;
use std::path::Path;

fn dev() -> Profile {
    let mut p = Profile::new("dev", "eu-west-1", "eu-west-1_AbC123xyz", "client1");
    p.client_secret = Some(Secret::new("s3cret"));
    p.identity_pool_id = Some("eu-west-1:0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e".into());
    p.hosted_ui_domain = Some("myapp.auth.eu-west-1.amazoncognito.com".into());
    p.session_store = Some(StoreKind::File);
    p
}

fn local_info() -> LocalProfileInfo {
    LocalProfileInfo {
        endpoint: "http://127.0.0.1:9229".into(),
        region: "us-east-1".into(),
        user_pool_id: "us-east-1_Local0001".into(),
        client_id: "localclient".into(),
        identity_pool_id: Some("us-east-1:0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e".into()),
    }
}

fn leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "config.toml")
        .collect()
}

#[test]
fn what_is_saved_loads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/dir/config.toml");
    let mut c = Config {
        theme: Some("high-contrast".into()),
        ..Config::default()
    };
    c.upsert(dev()).unwrap();
    c.set_default("dev").unwrap();
    c.save(&path).unwrap();
    let back = Config::load(&path).unwrap();
    assert_eq!(back, c);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("[profiles.dev]") && text.contains("default_profile = \"dev\""));
    assert_eq!(leftovers(path.parent().unwrap()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn the_file_is_readable_by_its_owner_only_even_if_it_was_not() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let mut c = Config::default();
    c.upsert(dev()).unwrap();
    c.save(&path).unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
}

#[cfg(unix)]
#[test]
fn saving_replaces_the_file_by_rename_and_keeps_a_symlink() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.toml");
    let link = dir.path().join("config.toml");
    std::fs::write(&real, "theme = \"light\"\n").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let before = std::fs::metadata(&real).unwrap().ino();
    let mut c = Config::load(&link).unwrap();
    c.upsert(dev()).unwrap();
    c.save(&link).unwrap();
    // A new inode: the old file was replaced whole, never written in place.
    assert_ne!(std::fs::metadata(&real).unwrap().ino(), before);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(Config::load(&link).unwrap().theme.as_deref(), Some("light"));
    assert_eq!(leftovers(dir.path()), ["real.toml"]);
}

#[test]
fn a_failed_save_leaves_the_old_file_alone() {
    let dir = tempfile::tempdir().unwrap();
    // The "directory" to write into is a file: the save must fail and say where.
    let blocker = dir.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    let e = Config::default()
        .save(&blocker.join("config.toml"))
        .unwrap_err();
    assert!(matches!(e, ConfigError::Write { .. }), "{e:?}");
    assert_eq!(std::fs::read_to_string(&blocker).unwrap(), "x");
}

#[test]
fn upsert_checks_and_remove_clears_the_default() {
    let mut c = Config::default();
    let mut bad = dev();
    bad.region = "eu-west-2".into();
    let e = c.upsert(bad).unwrap_err();
    assert!(
        matches!(
            e,
            ConfigError::Invalid {
                field: "user_pool_id",
                ..
            }
        ),
        "{e:?}"
    );
    assert!(c.upsert(dev()).unwrap().is_none());
    assert!(
        c.upsert(dev()).unwrap().is_some(),
        "a second upsert replaces"
    );
    c.set_default("dev").unwrap();
    assert!(c.set_default("nope").is_err());
    assert!(c.remove("dev").is_some());
    assert_eq!(c.default_profile, None);
    assert!(c.remove("dev").is_none());
}

#[test]
fn the_local_profile_becomes_the_default_only_when_there_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    write_local_profile(&path, &local_info()).unwrap();
    let c = Config::load(&path).unwrap();
    assert_eq!(c.default_profile.as_deref(), Some(LOCAL_PROFILE));
    let local = &c.profiles[LOCAL_PROFILE];
    assert_eq!(local.endpoint.as_deref(), Some("http://127.0.0.1:9229"));
    assert_eq!(local.client_secret, None);

    let mut c = Config::load(&path).unwrap();
    c.upsert(dev()).unwrap();
    c.set_default("dev").unwrap();
    // A person's choice on the local profile survives the next `local serve`.
    let mut mine = c.profiles[LOCAL_PROFILE].clone();
    mine.session_store = Some(StoreKind::File);
    c.upsert(mine).unwrap();
    c.save(&path).unwrap();
    let moved = LocalProfileInfo {
        endpoint: "http://127.0.0.1:40001".into(),
        ..local_info()
    };
    write_local_profile(&path, &moved).unwrap();
    let c = Config::load(&path).unwrap();
    assert_eq!(c.default_profile.as_deref(), Some("dev"));
    let local = &c.profiles[LOCAL_PROFILE];
    assert_eq!(local.endpoint.as_deref(), Some("http://127.0.0.1:40001"));
    assert_eq!(local.session_store, Some(StoreKind::File));
}

#[test]
fn a_broken_config_is_not_overwritten_by_the_local_profile() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "default_profile = \n").unwrap();
    let e = write_local_profile(&path, &local_info()).unwrap_err();
    assert!(matches!(e, ConfigError::Toml { .. }), "{e:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "default_profile = \n"
    );
}
