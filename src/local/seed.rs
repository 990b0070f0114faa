//! First-start seeding: one user pool, two app clients, an identity pool and the admin key.

use super::error::{ApiError, ApiResult};
use super::ids;
use super::ops::admin::{create_client, create_pool};
use super::store::Store;
use crate::cognito::types::{
    CreateUserPoolClientRequest, CreateUserPoolRequest, SchemaAttributeType,
};
use serde::{Deserialize, Serialize};

/// What `cogtui local serve` prints as its first line: how to reach the seeded pool.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeedInfo {
    pub endpoint: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub client_id_with_secret: String,
    pub client_secret: String,
    pub identity_pool_id: String,
    pub admin_access_key_id: String,
    pub admin_secret_access_key: String,
}

impl std::fmt::Debug for SeedInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeedInfo")
            .field("endpoint", &self.endpoint)
            .field("user_pool_id", &self.user_pool_id)
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

impl SeedInfo {
    /// What the `local` profile needs to reach this pool.
    pub fn profile_info(&self) -> crate::config::LocalProfileInfo {
        crate::config::LocalProfileInfo {
            endpoint: self.endpoint.clone(),
            region: self.region.clone(),
            user_pool_id: self.user_pool_id.clone(),
            client_id: self.client_id.clone(),
            identity_pool_id: Some(self.identity_pool_id.clone()),
        }
    }
}

const SEED_KEY: &str = "seed";

pub fn load_or_seed(store: &Store, region: &str) -> ApiResult<SeedInfo> {
    if let Some(text) = store.meta_get(SEED_KEY)? {
        let seed: SeedInfo = serde_json::from_str(&text)
            .map_err(|e| ApiError::internal(format!("the stored seed does not parse: {e}")))?;
        if seed.region != region {
            tracing::warn!(stored = %seed.region, asked = %region, "keeping the stored region");
        }
        seed_mfa(store, &seed.user_pool_id)?;
        return Ok(seed);
    }
    let pool = create_pool(
        store,
        region,
        &CreateUserPoolRequest {
            pool_name: "cogtui-local".into(),
            policies: None,
            alias_attributes: Some(vec!["email".into()]),
            username_attributes: None,
            auto_verified_attributes: Some(vec!["email".into()]),
            schema: Some(vec![SchemaAttributeType {
                name: Some("email".into()),
                attribute_data_type: Some("String".into()),
                required: Some(true),
                mutable: Some(true),
                ..Default::default()
            }]),
            mfa_configuration: None,
            // User opt-in, remembered devices skip MFA: see docs/local-pool.md (and the
            // migration that gives pools seeded before devices existed the same).
            device_configuration: Some(crate::cognito::types::DeviceConfigurationType {
                challenge_required_on_new_device: Some(true),
                device_only_remembered_on_user_prompt: Some(true),
            }),
            lambda_config: None,
        },
    )?;
    let pool_id = pool.id.clone().unwrap_or_default();
    let flows = vec![
        "ALLOW_USER_SRP_AUTH".to_owned(),
        "ALLOW_REFRESH_TOKEN_AUTH".to_owned(),
        "ALLOW_USER_PASSWORD_AUTH".to_owned(),
    ];
    let client_req = |name: &str, secret: bool| CreateUserPoolClientRequest {
        user_pool_id: pool_id.clone(),
        client_name: name.into(),
        generate_secret: Some(secret),
        explicit_auth_flows: Some(flows.clone()),
        refresh_token_validity: None,
        access_token_validity: None,
        id_token_validity: None,
        token_validity_units: None,
        prevent_user_existence_errors: Some("ENABLED".into()),
        enable_token_revocation: Some(true),
        ..Default::default()
    };
    // `cogtui --local login --hosted-ui` works with no setup (docs/local-pool.md).
    let public = create_client(
        store,
        &CreateUserPoolClientRequest {
            oauth: super::hosted::seed_settings(),
            ..client_req("cogtui", false)
        },
    )?;
    let private = create_client(store, &client_req("cogtui-with-secret", true))?;
    super::hosted::seed_provider(store, &pool_id)?;
    let identity_pool_id = format!("{region}:{}", uuid::Uuid::new_v4());
    store.insert_identity_pool(
        &identity_pool_id,
        &serde_json::json!({
            "IdentityPoolName": "cogtui_local",
            "AllowUnauthenticatedIdentities": false,
            // `cogtui creds --basic --role-arn <the authenticated role>` works with no setup.
            "AllowClassicFlow": true,
            "CognitoIdentityProviders": [{
                "ProviderName": crate::cognito::identity_types::user_pool_provider(region, &pool_id),
                "ClientId": public.client_id,
            }],
            "Roles": default_roles(),
        }),
    )?;
    let seed = SeedInfo {
        endpoint: String::new(),
        region: region.to_owned(),
        user_pool_id: pool_id,
        client_id: public.client_id.unwrap_or_default(),
        client_id_with_secret: private.client_id.unwrap_or_default(),
        client_secret: private
            .client_secret
            .map(|s| s.expose().to_owned())
            .unwrap_or_default(),
        identity_pool_id,
        admin_access_key_id: ids::access_key_id(),
        admin_secret_access_key: ids::secret_access_key(),
    };
    let text = serde_json::to_string(&seed)
        .map_err(|e| ApiError::internal(format!("cannot encode the seed: {e}")))?;
    store.meta_set(SEED_KEY, &text)?;
    seed_mfa(store, &seed.user_pool_id)?;
    Ok(seed)
}

/// The seeded pool offers MFA (OPTIONAL, with software tokens and email codes), so a tester
/// can turn it on for a user and be asked for codes with no admin call; pools created with
/// CreateUserPool start OFF, as in Cognito. A configuration set since (even OFF) is kept.
fn seed_mfa(store: &Store, pool_id: &str) -> ApiResult<()> {
    use crate::cognito::types::{EnabledConfig, PoolMfaConfig};
    store.write(|db| {
        if db.has_pool_mfa(pool_id)? {
            return Ok(());
        }
        db.put_pool_mfa(
            pool_id,
            &PoolMfaConfig {
                sms_mfa_configuration: None,
                software_token_mfa_configuration: Some(EnabledConfig {
                    enabled: Some(true),
                }),
                email_mfa_configuration: Some(serde_json::json!({})),
                mfa_configuration: Some("OPTIONAL".into()),
            },
        )
    })
}

/// The seeded identity pool's roles, so credentials work with no setup (see the migration
/// that gives pools seeded before identity pools existed the same).
fn default_roles() -> serde_json::Value {
    serde_json::json!({
        "authenticated": "arn:aws:iam::000000000000:role/cogtui-local-authenticated",
        "unauthenticated": "arn:aws:iam::000000000000:role/cogtui-local-unauthenticated",
    })
}

/// A test account made by `cogtui local seed --users N`.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeededUser {
    pub username: String,
    pub password: String,
    pub sub: String,
}

impl std::fmt::Debug for SeededUser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SeededUser")
            .field("username", &self.username)
            .field("sub", &self.sub)
            .finish_non_exhaustive()
    }
}

/// Why test accounts could not be made.
#[derive(Debug, thiserror::Error)]
pub enum SeedUsersError {
    #[error("cannot use the data dir {0}: {1}")]
    DataDir(std::path::PathBuf, std::io::Error),
    #[error("cannot open the pool's database {0}: {1}")]
    Database(std::path::PathBuf, super::store::OpenError),
    #[error(
        "user {0:?} already exists; nothing was written. Choose another --prefix, or another \
         --data-dir"
    )]
    Exists(String),
    #[error("{0}")]
    Api(#[from] ApiError),
}

/// Makes `count` confirmed users named `{prefix}-{i:06}` (email `{name}@example.com`, verified)
/// with the password `password` in the seeded pool of the database in `data_dir`, in one
/// transaction: all of them or none. Each verifier has its own salt and is one g^x by the
/// fixed-base comb, spread over the cores.
pub fn seed_users(
    data_dir: &std::path::Path,
    region: &str,
    count: usize,
    prefix: &str,
    password: &str,
) -> Result<Vec<SeededUser>, SeedUsersError> {
    let db_path = data_dir.join("pool.sqlite3");
    super::create_private_dir(data_dir)
        .and_then(|()| super::make_private_file(&db_path))
        .map_err(|e| SeedUsersError::DataDir(data_dir.to_path_buf(), e))?;
    let store = Store::open(&db_path).map_err(|e| SeedUsersError::Database(db_path, e))?;
    let seed = load_or_seed(&store, region)?;
    let pool_id = seed.user_pool_id;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64());
    let names: Vec<String> = (1..=count).map(|i| format!("{prefix}-{i:06}")).collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = names.len().div_ceil(threads).max(1);
    let users: Vec<super::model::User> = std::thread::scope(|s| {
        let workers: Vec<_> = names
            .chunks(chunk)
            .map(|part| {
                let pool_id = &pool_id;
                s.spawn(move || {
                    part.iter()
                        .map(|name| test_user(pool_id, name, password, now))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    if users.len() != count {
        return Err(ApiError::internal("a seeding thread failed; nothing was written").into());
    }
    let taken = store.write(|db| {
        for user in &users {
            if !db.insert_user(user)? {
                // Returning an error rolls the whole batch back.
                return Err(ApiError::new(
                    "UsernameExistsException",
                    user.username.clone(),
                ));
            }
        }
        Ok(())
    });
    match taken {
        Err(e) if e.kind == "UsernameExistsException" => {
            return Err(SeedUsersError::Exists(e.message));
        }
        other => other?,
    }
    Ok(users
        .into_iter()
        .map(|u| SeededUser {
            username: u.username,
            password: password.to_owned(),
            sub: u.sub,
        })
        .collect())
}

fn test_user(pool_id: &str, name: &str, password: &str, now: f64) -> super::model::User {
    let sub = uuid::Uuid::new_v4().to_string();
    let email = format!("{name}@example.com");
    let attributes = [
        ("sub", sub.as_str()),
        ("email", email.as_str()),
        ("email_verified", "true"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let (salt_hex, verifier_hex) = super::ops::common::new_password(pool_id, name, password);
    super::model::User {
        pool_id: pool_id.to_owned(),
        username: name.to_owned(),
        sub,
        status: "CONFIRMED".into(),
        enabled: true,
        attributes,
        salt_hex,
        verifier_hex,
        created: now,
        modified: now,
        failed_attempts: 0,
        locked_until: 0,
    }
}
