//! The Hosted UI of the local pool: OAuth 2.0 authorization code flow with PKCE through a
//! login page, the token, userInfo, revoke and logout endpoints, and each pool's OpenID
//! configuration. Routes sit at the root of the pool's endpoint; the `client_id` names the pool
//! (docs/local-pool.md).

mod authorize;
mod client_auth;
mod codes;
mod federation;
mod forgot_password;
mod form;
mod login;
mod logout;
mod page;
mod request;
mod revoke;
mod signup;
mod token;
mod token_errors;
mod userinfo;
mod well_known;

pub use codes::AuthCodes;

use super::state::State;
use crate::cognito::types::OAuthSettings;
use axum::Router;
use axum::routing::get;
use std::sync::Arc;

/// The callback URL the seeded public client registers: `cogtui --local login --hosted-ui`
/// listens there.
pub const SEED_CALLBACK: &str = "http://localhost:9230/callback";
/// Where the seeded public client may be sent after /logout.
pub const SEED_SIGNED_OUT: &str = "http://localhost:9230/signed-out";

/// The seeded public client's Hosted UI settings (the HOSTED_UI migration gives data dirs
/// seeded earlier the same).
pub fn seed_settings() -> OAuthSettings {
    let list = |l: &[&str]| Some(l.iter().map(|s| (*s).to_owned()).collect());
    OAuthSettings {
        callback_urls: list(&[SEED_CALLBACK]),
        logout_urls: list(&[SEED_SIGNED_OUT]),
        default_redirect_uri: None,
        allowed_oauth_flows: list(&["code"]),
        allowed_oauth_scopes: list(&[
            "openid",
            "email",
            "profile",
            "phone",
            "aws.cognito.signin.user.admin",
        ]),
        allowed_oauth_flows_user_pool_client: Some(true),
        supported_identity_providers: list(&["COGNITO", SEED_PROVIDER]),
    }
}

/// The identity provider the seeded pool has, played by the local identity page, so
/// `cogtui --local login --hosted-ui --provider Google` works with no setup.
pub const SEED_PROVIDER: &str = "Google";

/// Gives the seeded pool its Google provider (the HOSTED_UI migration does the same for data
/// dirs seeded earlier).
pub fn seed_provider(store: &super::store::Store, pool_id: &str) -> super::error::ApiResult<()> {
    use crate::cognito::types::IdentityProviderType;
    let map = |l: &[(&str, &str)]| {
        l.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    let provider = IdentityProviderType {
        user_pool_id: Some(pool_id.to_owned()),
        provider_name: Some(SEED_PROVIDER.to_owned()),
        provider_type: Some("Google".to_owned()),
        provider_details: Some(map(&[
            ("client_id", "cogtui-local"),
            ("client_secret", "cogtui-local"),
            ("authorize_scopes", "openid email profile"),
        ])),
        attribute_mapping: Some(map(&[
            ("email", "email"),
            ("name", "name"),
            ("username", "sub"),
        ])),
        idp_identifiers: Some(Vec::new()),
        last_modified_date: None,
        creation_date: None,
    };
    store.write(|db| db.insert_provider(&provider).map(|_| ()))
}

/// The Hosted UI's routes, merged into the pool's router.
pub fn routes() -> Router<Arc<State>> {
    Router::new()
        .route("/oauth2/authorize", get(authorize::authorize))
        .route("/login", get(login::show).post(login::submit))
        .route("/signup", get(signup::show).post(signup::submit))
        .route("/confirm", axum::routing::post(signup::confirm))
        .route(
            "/forgotPassword",
            get(forgot_password::show).post(forgot_password::submit),
        )
        .route("/oauth2/token", axum::routing::post(token::token))
        .route(
            "/oauth2/userInfo",
            get(userinfo::userinfo).post(userinfo::userinfo),
        )
        .route("/oauth2/revoke", axum::routing::post(revoke::revoke))
        .route("/logout", get(logout::logout))
        .route(
            "/_local/idp",
            get(federation::show).post(federation::submit),
        )
        .route(
            "/{pool_id}/.well-known/openid-configuration",
            get(well_known::openid_configuration),
        )
}
