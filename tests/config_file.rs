//! Config files read from fixtures: a valid one in full, and invalid ones whose errors must name
//! the file, the line and column, and what to fix.

use cogtui::config::{Config, ConfigError, Location, StoreKind};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/config")
        .join(name)
}

/// Loads a fixture that must fail; returns the error and its text.
fn failure(name: &str) -> (ConfigError, String) {
    let e = Config::load(&fixture(name)).expect_err(name);
    let shown = e.to_string();
    (e, shown)
}

fn location(e: &ConfigError) -> &Location {
    match e {
        ConfigError::Toml { at: Some(at), .. } | ConfigError::Invalid { at: Some(at), .. } => at,
        other => panic!("no location in {other:?}"),
    }
}

#[test]
fn a_valid_file_loads_every_key() {
    let c = Config::load(&fixture("valid.toml")).unwrap();
    assert_eq!(c.default_profile.as_deref(), Some("dev"));
    assert_eq!(c.theme.as_deref(), Some("default"));
    assert_eq!(c.names(), ["dev", "local"]);
    let dev = &c.profiles["dev"];
    assert_eq!(dev.name, "dev");
    assert_eq!(dev.region, "eu-west-1");
    assert_eq!(dev.user_pool_id, "eu-west-1_AbC123xyz");
    assert_eq!(dev.client_id, "4k1n2v0a3b5c6d7e8f9g0h1i2j");
    assert_eq!(
        dev.client_secret.as_ref().map(|s| s.expose()),
        Some("not-a-real-secret-0123456789")
    );
    assert!(dev.identity_pool_id.is_some() && dev.hosted_ui_domain.is_some());
    assert_eq!(dev.session_store, Some(StoreKind::Keyring));
    let local = &c.profiles["local"];
    assert_eq!(local.endpoint.as_deref(), Some("http://127.0.0.1:9229"));
    assert_eq!(local.idp_endpoint(), "http://127.0.0.1:9229");
    assert_eq!(local.store_kind(), StoreKind::File);
    // The secret never shows in Debug output.
    assert!(!format!("{c:?}").contains("not-a-real-secret"));
}

#[test]
fn a_missing_file_is_an_empty_config() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::load(&dir.path().join("nope.toml")).unwrap();
    assert_eq!(c, Config::default());
}

#[test]
fn a_syntax_error_names_file_line_column_and_fix() {
    let (e, shown) = failure("syntax_error.toml");
    let at = location(&e);
    assert_eq!((at.line, at.column), (4, 10), "{shown}");
    assert_eq!(at.text, "region = eu-west-1");
    assert!(shown.contains("syntax_error.toml:4:10:"), "{shown}");
    assert!(
        shown.contains("fix:") && shown.contains("double quotes"),
        "{shown}"
    );
    assert!(shown.contains(" 4 | region = eu-west-1"), "{shown}");
}

#[test]
fn a_value_of_the_wrong_type_says_which_type() {
    let (e, shown) = failure("wrong_type.toml");
    let at = location(&e);
    assert_eq!((at.line, at.column), (4, 13), "{shown}");
    assert!(
        shown.contains("invalid type") && shown.contains("string"),
        "{shown}"
    );
}

#[test]
fn an_unknown_key_is_named_with_the_valid_ones() {
    let (e, shown) = failure("unknown_key.toml");
    assert_eq!(location(&e).line, 6, "{shown}");
    assert!(shown.contains("`clientid`"), "{shown}");
    assert!(
        shown.contains("`client_id`") && shown.contains("`session_store`"),
        "{shown}"
    );
    let (e, shown) = failure("unknown_top_key.toml");
    assert_eq!(location(&e).line, 2, "{shown}");
    assert!(
        shown.contains("`colour`") && shown.contains("`default_profile`"),
        "{shown}"
    );
}

#[test]
fn a_missing_key_says_which_to_add() {
    let (e, shown) = failure("missing_field.toml");
    assert_eq!(location(&e).line, 1, "{shown}");
    assert!(shown.contains("add `client_id = \"...\"`"), "{shown}");
}

#[test]
fn an_unknown_session_store_lists_the_choices() {
    let (e, shown) = failure("bad_store.toml");
    assert_eq!((location(&e).line, location(&e).column), (5, 17), "{shown}");
    assert!(
        shown.contains("`keyring`") && shown.contains("`file`"),
        "{shown}"
    );
}

#[test]
fn a_pool_in_another_region_points_at_the_pool_id() {
    let (e, shown) = failure("pool_in_other_region.toml");
    assert!(
        matches!(&e, ConfigError::Invalid { profile, field: "user_pool_id", .. } if profile == "dev"),
        "{e:?}"
    );
    assert_eq!((location(&e).line, location(&e).column), (6, 16), "{shown}");
    assert!(shown.contains("pool_in_other_region.toml:6:16:"), "{shown}");
    assert!(shown.contains("region = \"eu-west-2\""), "{shown}");
}

#[test]
fn an_endpoint_that_is_not_a_url_is_refused() {
    let (e, shown) = failure("bad_endpoint.toml");
    assert!(
        matches!(
            e,
            ConfigError::Invalid {
                field: "endpoint",
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(location(&e).line, 5, "{shown}");
    assert!(shown.contains("http://127.0.0.1:9229"), "{shown}");
}

#[test]
fn a_profile_name_with_a_space_is_refused_at_its_key() {
    let (e, shown) = failure("bad_name.toml");
    assert!(
        matches!(e, ConfigError::Invalid { field: "name", .. }),
        "{e:?}"
    );
    assert_eq!(location(&e).line, 1, "{shown}");
    assert!(shown.contains("letters, digits"), "{shown}");
}

#[test]
fn config_path_follows_cogtui_config() {
    let p = Config::default_path_with(|k| (k == "COGTUI_CONFIG").then(|| "/tmp/x.toml".into()));
    assert_eq!(p.unwrap(), PathBuf::from("/tmp/x.toml"));
    // Empty means unset: the platform default, which ends in cogtui/config.toml.
    if let Ok(p) = Config::default_path_with(|_| Some(String::new())) {
        assert!(
            p.ends_with("cogtui/config.toml") || p.ends_with("config.toml"),
            "{p:?}"
        );
    }
}
